#!/bin/bash
# reco wipe: the disk confirmed is the disk wiped.  --expect-serial and
# --expect-diskseq are checked again once the device is held open (a loop
# device detached and attached again under the same name gets a new kernel
# disk sequence number, as a disk swapped between listing and wipe does);
# the devices the live image records by identity (dev_t + serial + diskseq)
# are refused, and a device that merely took over the recorded dev_t is not
# them; `--list` says each disk's role and diskseq.  Needs root (loop).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe
if ! can_loop; then
	skip "needs root and loop devices"
	done_testing
	exit
fi
IMG=$(mkimg a.img 4 random)
L=$(mkloop "$IMG")
N=${L#/dev/}
SEQ=$(cat "/sys/block/$N/diskseq")

run $W --list --json
is "$status" 0 "--list: exit 0"
printf '%s' "$out" >"$T_TMP/list.json"
run jq -r --arg p "$L" '.disks[] | select(.path == $p) | "\(.role) \(.diskseq)"' "$T_TMP/list.json"
is "$out" "virtual $SEQ" "--list: a loop device's role is virtual, with its kernel diskseq"

sum=$(sha256sum <"$IMG")
run $W --yes --expect-serial WD-NOT-THIS-ONE --session "$T_TMP/s1" "$L"
is "$status" 1 "--expect-serial that differs: exit 1"
is "$err" "reco wipe: $L: is not the disk that was confirmed: serial (none), expected WD-NOT-THIS-ONE (a disk was plugged, removed or renamed)
reco wipe: nothing was written" "--expect-serial that differs: says what differs"
is "$(sha256sum <"$IMG")" "$sum" "--expect-serial that differs: nothing written"

# the disk is detached and another attached under the same name
IMG2=$(mkimg b.img 4 random)
losetup -d "$L"
for _ in $(seq 50); do losetup "$L" "$IMG2" 2>/dev/null && break; sleep 0.1; done
SEQ2=$(cat "/sys/block/$N/diskseq")
ok "$([ "$SEQ2" != "$SEQ" ]; echo $?)" "re-attached loop device has a new diskseq ($SEQ -> $SEQ2)"
sum2=$(sha256sum <"$IMG2")
run $W --yes --expect-serial "" --expect-diskseq "$SEQ" --session "$T_TMP/s2" "$L"
is "$status" 1 "same name, another disk (diskseq differs): exit 1"
like "$err" "$L: is not the disk that was confirmed: disk sequence $SEQ2, expected $SEQ" "diskseq that differs: named"
is "$(sha256sum <"$IMG2")" "$sum2" "the disk that took the name is untouched"

run $W --yes --method zero --expect-serial "" --expect-diskseq "$SEQ2" --session "$T_TMP/s3" "$L"
is "$status" 0 "the identity confirmed: wiped (exit 0)"
expect_byte "$IMG2" $((4 << 20)) 000
ok $? "the identity confirmed: the disk holds zeros"

# usage errors
run $W --yes --expect-diskseq 0 "$L"
is "$status" 2 "--expect-diskseq 0: exit 2"
run $W --yes --expect-diskseq abc "$L"
like "$err" "invalid --expect-diskseq 'abc'" "--expect-diskseq abc: named"
IMG3=$(mkimg c.img 1)
run $W --yes --expect-serial "" "$IMG3" "$(mkimg d.img 1)"
is "$status" 2 "one --expect-serial for two targets: exit 2"
like "$err" "1 --expect-serial and 0 --expect-diskseq for 2 targets" "count mismatch: says so"

# devices recorded by identity at boot (what the live image writes)
MM=$(cat "/sys/block/$N/dev")
printf 'dev=%s serial= diskseq=%s role=boot-medium path=%s\n' "$MM" "$SEQ2" "$L" >"$T_TMP/ids"
RECO_WIPE_BOOT_DEVICE_FILE="$T_TMP/ids" run $W --yes "$L"
is "$status" 1 "the recorded boot medium (dev_t + diskseq): exit 1"
like "$err" "$L: is the reco boot medium \(recorded in $T_TMP/ids" "the recorded boot medium: reason"
RECO_WIPE_BOOT_DEVICE_FILE="$T_TMP/ids" run $W --list --json
printf '%s' "$out" >"$T_TMP/list.json"
run jq -r --arg p "$L" '.disks[] | select(.path == $p) | "\(.role) \(.eligible)"' "$T_TMP/list.json"
is "$out" "boot-medium false" "--list: the recorded boot medium has role boot-medium, not eligible"
printf 'dev=%s serial= diskseq=%s role=data-stick\n' "$MM" "$SEQ" >"$T_TMP/ids2"
RECO_WIPE_BOOT_DEVICE_FILE="$T_TMP/ids2" run $W --yes --method zero --session "$T_TMP/s4" "$L"
is "$status" 0 "the recorded dev_t now holds another disk (diskseq differs): not protected"

done_testing
