# 02-wipe-buses (host): one random-filled disk per bus, wiped in parallel in
# the guest with `reco wipe --method random --verify full --yes`; plus one
# virtio disk wiped with --method zero at the same time.  Afterwards each
# image must hold exactly the AES-128-CTR keystream that openssl regenerates
# from the key/IV recorded in wipe.json (or zeros), and every result must be
# "erased".
BUSES="nvme sata scsi usb virtio"

vm_setup() {
	local b
	for b in $BUSES; do
		vm_image "$VM_DIR/$b.img" 64 random
		vm_disk "$b" "$VM_DIR/$b.img" "WIPE-${b^^}"
	done
	vm_image "$VM_DIR/zero.img" 64 random
	vm_disk virtio "$VM_DIR/zero.img" WIPE-ZERO
}

vm_check() {
	local w=$VM_RES/s-random/wipe.json z=$VM_RES/s-zero/wipe.json b t
	expect_eq "$(cat "$VM_RES/random.rc" 2>/dev/null)" 0 "reco wipe --method random exit status"
	expect_eq "$(cat "$VM_RES/zero.rc" 2>/dev/null)" 0 "reco wipe --method zero exit status"
	expect_json "$w" .schema reco-wipe/1 "random: schema"
	expect_json "$w" '.targets | length' 5 "random: one target per bus"
	for b in $BUSES; do
		t=$(vm_wipe_target "$w" "$(cat "$VM_RES/dev-$b" 2>/dev/null)")
		if [ -z "$t" ]; then vm_fail "$b: no target in wipe.json"; continue; fi
		# The disk's identity as QEMU presents it (no udev in the guest:
		# sysfs only, as on any system where udev's database is missing).
		expect_eq "$(jq -r .serial <<<"$t")" "WIPE-${b^^}" "$b: serial"
		expect_eq "$(jq -r .transport <<<"$t")" "$b" "$b: transport"
		expect_eq "$(jq -r .result <<<"$t")" erased "$b: result"
		expect_eq "$(jq -r .method <<<"$t")" random "$b: method"
		expect_eq "$(jq -r .verification.mode <<<"$t")" full "$b: verification mode"
		expect_eq "$(jq -r .verification.coverage_permille <<<"$t")" 1000 "$b: verification coverage"
		expect_eq "$(jq -r .size_bytes <<<"$t")" 67108864 "$b: size_bytes"
		expect_eq "$(jq -r '.bad_ranges | length' <<<"$t")" 0 "$b: no bad range"
		vm_check_keystream "$VM_DIR/$b.img" "$t"
	done
	# Two random wipes never share a keystream.
	local keys
	keys=$(jq -r '.targets[].passes[]?.key // empty' "$w" 2>/dev/null | sort -u | wc -l)
	expect_eq "$keys" 5 "random: five distinct keys"
	expect_json "$z" '.targets[0].result' erased "zero: result"
	expect_json "$z" '.targets[0].serial' WIPE-ZERO "zero: serial"
	expect_json "$z" '.targets[0].method' zero "zero: method"
	vm_check_zero "$VM_DIR/zero.img"
}
