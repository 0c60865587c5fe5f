# 04-lying-disk (host): in the guest, dm-flakey with drop_writes over a
# random-filled disk acknowledges every write and keeps the old data.  The
# wipe must end "failed" with a verification mismatch, never "erased"; the
# image is unchanged on the host (the writes really were dropped).
vm_setup() {
	vm_image "$VM_DIR/liar.img" 64 random
	sha256sum < "$VM_DIR/liar.img" > "$VM_DIR/liar.sha"
	vm_disk virtio "$VM_DIR/liar.img" LIAR
}

vm_check() {
	local w=$VM_RES/s/wipe.json t
	expect_eq "$(cat "$VM_RES/dmsetup.rc" 2>/dev/null)" 0 "dmsetup create (guest)"
	expect_eq "$(cat "$VM_RES/wipe.rc" 2>/dev/null)" 1 "reco wipe exit status (1: a wipe failed)"
	t=$(jq -c '.targets[0] // empty' "$w" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "no target in wipe.json"; return; fi
	expect_eq "$(jq -r .result <<<"$t")" failed "result"
	expect "reason names the verification: $(jq -r .reason <<<"$t")" \
		grep -Eiq 'verif|mismatch|differ' <<<"$(jq -r .reason <<<"$t")"
	expect_eq "$(sha256sum < "$VM_DIR/liar.img")" "$(cat "$VM_DIR/liar.sha")" "image unchanged (writes dropped)"
}
