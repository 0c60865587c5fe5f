# 04-lying-disk (host): two disks that lie, built in the guest with
# device-mapper's flakey target, always "down":
#   LIAR     drop_writes: every write is acknowledged and thrown away; the
#            image must be unchanged on the host;
#   GARBLER  corrupt_bio_byte on writes: the first byte of every write bio
#            is replaced by 0xA5 on its way to the disk;
# Both wipes must end "failed" with a verification mismatch, never "erased",
# and GARBLER's mismatching ranges must be exactly the 512-byte sectors
# where the image on the host differs from the keystream.
# (Read corruption, `corrupt_bio_byte ... r`, is a no-op in Debian's 6.1
# kernel: dm-flakey corrupts the bio after its iterator has been consumed,
# fixed upstream later; so a read-garbling disk cannot be simulated here.)
vm_setup() {
	vm_image "$VM_DIR/liar.img" 64 random
	sha256sum < "$VM_DIR/liar.img" > "$VM_DIR/liar.sha"
	vm_image "$VM_DIR/garbler.img" 64 random
	vm_disk virtio "$VM_DIR/liar.img" LIAR
	vm_disk virtio "$VM_DIR/garbler.img" GARBLER
}

check_liar() { # name wipe.json
	local t
	t=$(jq -c '.targets[0] // empty' "$2" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "$1: no target in wipe.json"; return; fi
	expect_eq "$(jq -r .result <<<"$t")" failed "$1: result"
	expect "$1: reason names the verification: $(jq -r .reason <<<"$t")" \
		grep -Eiq 'verif|mismatch|differ' <<<"$(jq -r .reason <<<"$t")"
	expect_eq "$(jq -r '[.bad_ranges[]?] | length > 0' <<<"$t")" true "$1: mismatching ranges listed"
	T=$t
}

vm_check() {
	local T
	expect_eq "$(cat "$VM_RES/dmsetup.rc" 2>/dev/null)" "0 0" "dmsetup create (guest)"
	expect_eq "$(cat "$VM_RES/liar.rc" 2>/dev/null)" 1 "LIAR: reco wipe exit status (1: a wipe failed)"
	expect_eq "$(cat "$VM_RES/garbler.rc" 2>/dev/null)" 1 "GARBLER: reco wipe exit status"
	check_liar LIAR "$VM_RES/s-liar/wipe.json"
	expect_eq "$(sha256sum < "$VM_DIR/liar.img")" "$(cat "$VM_DIR/liar.sha")" "LIAR: image unchanged (writes dropped)"
	T=""
	check_liar GARBLER "$VM_RES/s-garbler/wipe.json"
	[ -n "$T" ] || return
	local key iv cipher got want
	key=$(jq -r '.passes[0].key' <<<"$T") iv=$(jq -r '.passes[0].iv' <<<"$T")
	cipher=$(jq -r '.passes[0].cipher // "aes-128-ctr"' <<<"$T")
	vm_keystream "$key" "$iv" "$(stat -c %s "$VM_DIR/garbler.img")" "$cipher" > "$VM_DIR/expected.bin"
	got=$(jq -r '[.bad_ranges[]? | range(.first_lba; .first_lba + .count)] | unique | map(tostring) | join(" ")' <<<"$T")
	want=$(cmp -l "$VM_DIR/garbler.img" "$VM_DIR/expected.bin" | awk '{ print int(($1 - 1) / 512) }' | uniq | tr '\n' ' ')
	rm -f "$VM_DIR/expected.bin"
	expect_eq "$(wc -w <<<"$want")" "$(wc -w <<<"$got")" "GARBLER: as many bad sectors listed as differ on the host"
	expect_eq "$got" "${want% }" "GARBLER: bad_ranges are exactly the sectors that differ on the host"
}
