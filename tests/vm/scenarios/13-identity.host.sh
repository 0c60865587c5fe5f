# 13-identity (host): the disk confirmed is the disk wiped, on a real kernel.
# `reco menu --auto` (reco.wipe=zero, a 20 s countdown) lists three disks of
# the machine: REN-A and REN-B (virtio-scsi targets 1 and 2, 16 MiB each)
# and RO (virtio-blk, read-only: the wipe list refuses it).  During the
# countdown the guest deletes both SCSI disks and rescans first the target
# whose disk must take the lower name (the boot names them in either order):
# REN-B now has REN-A's old name and REN-A REN-B's.  reco wipe must refuse
# both (--expect-serial, checked once it holds each disk), write nothing, and
# the run must fail naming the disk swapped and the disk refused; the report
# (signed by a station key made in the guest) accounts for all three disks,
# not erased, each with its reason.  Then by hand: REN-A under its new name
# with its serial but the diskseq it had before is refused ("attached
# again"), and with the identity it has now it is wiped (the control).
vm_setup() {
	local s
	for s in REN-A REN-B RO; do
		vm_image "$VM_DIR/$s.img" 16 random
		sha256sum < "$VM_DIR/$s.img" > "$VM_DIR/$s.sha"
	done
	VM_ARGS+=(-device virtio-scsi-pci,id=scsi
		-drive "if=none,id=ra,file=$VM_DIR/REN-A.img,format=raw"
		-device "scsi-hd,bus=scsi.0,channel=0,scsi-id=1,lun=0,drive=ra,serial=REN-A"
		-drive "if=none,id=rb,file=$VM_DIR/REN-B.img,format=raw"
		-device "scsi-hd,bus=scsi.0,channel=0,scsi-id=2,lun=0,drive=rb,serial=REN-B")
	VM_NDISKS=2
	vm_disk virtio "$VM_DIR/RO.img" RO "" readonly=on
}

vm_check() {
	local rep=$VM_RES/session/report.json s
	expect_eq "$(cat "$VM_RES/swapped" 2>/dev/null)" yes "the guest swapped the two SCSI disks' names"
	expect_eq "$(cat "$VM_RES/menu.rc" 2>/dev/null)" 1 "reco menu --auto exit status (the run fails)"
	expect "the menu named the swapped disk: $(grep -m1 'not the disk' "$VM_RES/menu.out" 2>/dev/null)" \
		grep -q "$(cat "$VM_RES/dev-A" 2>/dev/null): is not the disk that was confirmed: serial REN-B, expected REN-A" "$VM_RES/menu.out"
	expect "the menu said RO cannot be wiped" grep -q "disk $(cat "$VM_RES/dev-RO" 2>/dev/null) of this computer CANNOT BE WIPED: .*read-only" "$VM_RES/menu.out"
	expect "RECO-AUTO-DONE result=fail" grep -q "RECO-AUTO-DONE result=fail report=/" "$VM_RES/menu.out"
	expect_json "$VM_RES/session/DONE" .result fail "DONE result"
	# REN-A is wiped by hand at the end: the guest read it before and after the menu
	expect_eq "$(cat "$VM_RES/A-after.sha" 2>/dev/null)" "$(cat "$VM_DIR/REN-A.sha")" "REN-A: nothing written by the menu's run"
	expect_eq "$(cat "$VM_RES/A-before.sha" 2>/dev/null)" "$(cat "$VM_DIR/REN-A.sha")" "REN-A: the guest read what the host wrote"
	for s in REN-B RO; do
		expect_eq "$(sha256sum < "$VM_DIR/$s.img")" "$(cat "$VM_DIR/$s.sha")" "$s: nothing written"
	done
	# the report accounts for the three disks of the machine, none erased; the
	# results disk (recorded as the boot medium by identity) apart
	expect_json "$rep" '.coverage | [.complete, .internal, .erased] | map(tostring) | join(" ")' "false 3 0" "report coverage"
	expect_json "$rep" '[.coverage.others[] | select(.serial == "reco-results")][0].role' boot-medium "coverage: the results disk apart"
	expect_json "$rep" '[.coverage.disks[] | select(.serial == "RO")][0].reason' "device is read-only" "coverage: RO's reason"
	expect_json "$rep" '[.coverage.disks[] | select(.serial == "REN-A")][0].reason' \
		"is not the disk that was confirmed: serial REN-B, expected REN-A (a disk was plugged, removed or renamed)" \
		"coverage: REN-A's reason is reco wipe's identity refusal"
	expect_json "$rep" '[.coverage.disks[] | select(.serial == "REN-B")][0].reason | test("^is not the disk that was confirmed: serial REN-A, expected REN-B")' true \
		"coverage: REN-B's too"
	expect "reco report verify (the guest's CA)" test "$(cat "$VM_RES/verify.rc" 2>/dev/null)" = 0
	# by hand: the diskseq of before is refused, the identity of now is wiped
	expect_eq "$(cat "$VM_RES/oldseq.rc" 2>/dev/null)" 1 "REN-A with its old diskseq: refused"
	expect "... 'attached again'" grep -q "attached again" "$VM_RES/oldseq.err"
	expect_eq "$(cat "$VM_RES/now.rc" 2>/dev/null)" 0 "REN-A with the identity it has now: wiped"
	vm_check_zero "$VM_DIR/REN-A.img"
	expect_eq "$(sha256sum < "$VM_DIR/REN-B.img")" "$(cat "$VM_DIR/REN-B.sha")" "REN-B untouched at the end"
}
