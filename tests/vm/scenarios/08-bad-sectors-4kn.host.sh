# 08-bad-sectors-4kn (host): the same faults on a disk with 4096-byte logical
# blocks (NVMe, logical_block_size=4096): blkdebug fails the write of
# 512-byte sector 8000, i.e. logical block 1000.  The result must name LBA
# 1000 in the disk's own blocks (logical_sector_size 4096), and every other
# block must hold the keystream.
vm_setup() {
	vm_image "$VM_DIR/4kn.img" 64 random
	printf '[inject-error]\nevent = "write_aio"\niotype = "write"\nsector = "8000"\nerrno = "5"\n' > "$VM_DIR/4kn.conf"
	vm_disk nvme "blkdebug:$VM_DIR/4kn.conf:$VM_DIR/4kn.img" BAD-4KN "" werror=report,rerror=report
	# logical_block_size goes on the device, not the drive.
	VM_ARGS[${#VM_ARGS[@]}-1]+=",logical_block_size=4096,physical_block_size=4096"
}

vm_check() {
	local t
	expect_eq "$(cat "$VM_RES/wipe.rc" 2>/dev/null)" 1 "reco wipe exit status (1: a wipe failed)"
	t=$(jq -c '.targets[0] // empty' "$VM_RES/s/wipe.json" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "no target in wipe.json"; return; fi
	expect_eq "$(jq -r .logical_sector_size <<<"$t")" 4096 "logical_sector_size"
	expect_eq "$(jq -r .result <<<"$t")" failed "result"
	expect_eq "$(jq -r '[.bad_ranges[]? | [.first_lba, .count]] | unique | map("\(.[0]):\(.[1])") | join(" ")' <<<"$t")" "1000:1" "bad_ranges in 4096-byte blocks"
	# 512-byte LBAs 8000..8007 are the 4 KiB block 1000.
	vm_check_keystream "$VM_DIR/4kn.img" "$t" 8000 8001 8002 8003 8004 8005 8006 8007
}
