# 05-power-loss (host): boot 1 starts a random wipe of a 256 MiB disk
# (writes throttled by QEMU to 32 MiB/s so that the cut lands mid-way, with
# the session directory on a persistent ext4 virtio disk) and QEMU is killed
# with SIGKILL once half the disk has been written — a power cut.  Boot 2 runs
# `reco wipe --resume`.  The image must then hold exactly the keystream, the
# result must be "erased" with "resumed": true, and boot 2 must have written
# less than the whole disk (it continued from a checkpoint).
vm_setup() {
	vm_image "$VM_DIR/power.img" 256 random
	sha256sum < "$VM_DIR/power.img" > "$VM_DIR/power.sha"
	vm_image "$VM_DIR/session.img" 64 ext4
	vm_disk virtio "$VM_DIR/power.img" POWER "" throttling.bps-write=33554432
	vm_disk virtio "$VM_DIR/session.img" SESSION
}

vm_boot() {
	local rc=0
	vm_run --phase 1 --kill-on RECO-VM-POWERCUT || rc=$?
	if [ $rc != 0 ] || ! grep -q '^RECO-VM-POWERCUT' "$VM_DIR/console.1.log"; then
		vm_fail "boot 1 did not reach the power cut (run-vm status $rc)"
		return
	fi
	if grep -q '^RECO-VM-DONE' "$VM_DIR/console.1.log"; then
		vm_fail "boot 1 finished instead of being cut"
	fi
	if [ "$(sha256sum < "$VM_DIR/power.img")" = "$(cat "$VM_DIR/power.sha")" ]; then
		vm_fail "nothing was written before the power cut"
	fi
	vm_run --phase 2 || vm_fail "boot 2 failed (run-vm status $?)"
}

vm_check() {
	local w=$VM_RES/s/wipe.json t
	expect_eq "$(cat "$VM_RES/resume.rc" 2>/dev/null)" 0 "reco wipe --resume exit status"
	t=$(jq -c '.targets[0] // empty' "$w" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "no target in wipe.json after --resume"; return; fi
	expect_eq "$(jq -r .result <<<"$t")" erased "result after resume"
	expect_eq "$(jq -r .resumed <<<"$t")" true "resumed"
	expect_eq "$(jq -r .verification.coverage_permille <<<"$t")" 1000 "full verification after resume"
	# It continued from a checkpoint: the second boot wrote less than the disk.
	local wr
	wr=$(cat "$VM_RES/resume-written" 2>/dev/null)
	expect "boot 2 wrote ${wr:-?} bytes, fewer than the 268435456 of the disk" \
		test "${wr:-268435456}" -lt 268435456 -a "${wr:-0}" -gt 0
	vm_check_keystream "$VM_DIR/power.img" "$t"
}
