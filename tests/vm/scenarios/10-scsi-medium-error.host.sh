# 10-scsi-medium-error (host): a SCSI disk that answers MEDIUM ERROR sense
# (not a bare EIO from the hypervisor): the guest's scsi_debug module with
# opts=2 fails reads of LBAs 4660..4669 (medium_error_start/count).  The
# wipe must end "failed" listing exactly those ten LBAs as unreadable.  The
# disk lives in the guest's RAM, so there is no image to read on the host.
vm_setup() { :; }

vm_check() {
	local t
	expect_eq "$(cat "$VM_RES/modprobe.rc" 2>/dev/null)" 0 "scsi_debug loaded (guest)"
	expect_eq "$(cat "$VM_RES/wipe.rc" 2>/dev/null)" 1 "reco wipe exit status (1: a wipe failed)"
	t=$(jq -c '.targets[0] // empty' "$VM_RES/s/wipe.json" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "no target in wipe.json"; return; fi
	expect_eq "$(jq -r .result <<<"$t")" failed "result"
	expect_eq "$(jq -r .size_bytes <<<"$t")" 67108864 "size_bytes"
	expect_eq "$(jq -r '[.bad_ranges[]? | range(.first_lba; .first_lba + .count)] | unique | map(tostring) | join(" ")' <<<"$t")" \
		"4660 4661 4662 4663 4664 4665 4666 4667 4668 4669" "bad LBAs"
	expect_eq "$(jq -r '[.bad_ranges[]? | select(.op == "write")] | length' <<<"$t")" 0 "nothing unwritable"
}
