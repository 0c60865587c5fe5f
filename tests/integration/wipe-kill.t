#!/bin/bash
# reco wipe killed with SIGKILL at every phase and pass boundary, the medium
# spoiled while no reco runs, then --resume: the result must be honest.
# "erased" only if every byte holds the last pass's pattern and this run
# read all of it back; a spoil the resumed run cannot have overwritten must
# make it "failed".  The boundaries are reached deterministically with the
# test hook RECO_WIPE_TEST_KILL_AT (the process raises SIGKILL there).
# Runs on loop devices when root, on image files otherwise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe
MIB=16
S=$((MIB * 1048576))

target() { rand_target "$1" $MIB; }
# spoil TARGET: random bytes over the first, a middle and the last MiB
spoil() {
	for mib in 0 7 $((MIB - 1)); do
		head -c 1048576 /dev/urandom | dd of="$1" bs=1M seek=$mib conv=notrunc,fsync status=none
	done
}
field() { jq -r "$1" "$T_TMP/$2.json"; }

# honest NAME TARGET: the resumed result in $T_TMP/NAME.json is honest
honest() {
	r=$(field '.targets[0].result' "$1")
	case $r in
	erased)
		seed=$(field '.targets[0].passes[2].seed' "$1")
		expect_seed "$2" $S "$seed"
		ok $? "$1: erased, and the medium holds the last pass's keystream"
		is "$(field '.targets[0] | [.bytes_verified, ([.passes[] | select(.status == "written" and .bytes_written == '$S')] | length)] | join(" ")' "$1")" \
			"$S 3" "$1: erased, every byte read back in this run, three passes written whole"
		;;
	failed|aborted) ok 0 "$1: $r ($(field '.targets[0].reason' "$1"))" ;;
	*) ok 1 "$1: no result ($r)" ;;
	esac
}

# kill_at BOUNDARY NAME [spoil]: wipe with dod3 until BOUNDARY, spoil, resume
kill_at() {
	T=$(target "$2")
	s="$T_TMP/s-$2"
	mkdir -p "$s"
	# (the braces keep bash's "Killed" notice out of the TAP output)
	{ run env RECO_WIPE_TEST_KILL_AT="$1" $W --yes --method dod3 --session "$s" "$T"; } 2>/dev/null
	is "$status" 137 "$2: killed at $1"
	like "$err" "RECO_WIPE_TEST_KILL_AT is set" "$2: the test hook warns"
	ok $([ -e "$s/wipe-$(basename "$T").journal" ] && [ ! -e "$s/wipe.json" ]; echo $?) "$2: a journal, no result"
	[ "${3:-}" = spoil ] && spoil "$T"
	run $W --yes --resume --json --session "$s" "$T"
	printf '%s' "$out" >"$T_TMP/$2.json"
	ok $([ "$status" = 0 ] || [ "$status" = 1 ]; echo $?) "$2: resume exits 0 or 1 ($status: $err)"
	honest "$2" "$T"
}

# every boundary, medium spoiled before resuming
for b in write-begin:1 write-end:1 flushed:1 write-begin:2 write-end:2 flushed:2 \
	write-begin:3 write-end:3 flushed:3 verify-begin verify-end finish-begin done; do
	n=$(echo "$b" | tr ':' '-')
	kill_at "$b" "$n" spoil
	case $b in
	write-begin:*)
		# the journal says the pass starts at 0: the whole pass is redone
		is "$(field '.targets[0].result' "$n")" erased "$n: the spoil is overwritten (pass redone)" ;;
	verify-begin|verify-end|finish-begin|done)
		# writing is over: only a new full verification can notice
		is "$(field '.targets[0].result' "$n")" failed "$n: the spoil after writing is found"
		like "$(field '.targets[0].reason' "$n")" "mismatching sectors" "$n: as mismatching sectors" ;;
	esac
done

# the same boundaries without a spoil: the resumed wipe finishes "erased"
for b in write-end:2 verify-begin verify-end done; do
	n=clean-$(echo "$b" | tr ':' '-')
	kill_at "$b" "$n"
	is "$(field '.targets[0].result' "$n")" erased "$n: erased after resume"
	is "$(field '.targets[0].resumed' "$n")" true "$n: says resumed"
done

# a failing fdatasync before a checkpoint stops the job with the reason;
# the journal keeps the last good checkpoint
T=$(target sync)
mkdir -p "$T_TMP/s-sync"
run env RECO_WIPE_FAULTS=sync:2 RECO_WIPE_THROTTLE=4 $W --yes --json --method zero --session "$T_TMP/s-sync" "$T"
printf '%s' "$out" >"$T_TMP/sync.json"
is "$status" 1 "failing checkpoint fdatasync: exit 1"
is "$(field '.targets[0].result' sync)" failed "failing checkpoint fdatasync: failed"
like "$(field '.targets[0].reason' sync)" "fdatasync before the journal checkpoint failed" "failing checkpoint fdatasync: says so"
is "$(sed -n 's/^offset=//p' "$T_TMP/s-sync/wipe-$(basename "$T").journal")" 0 \
	"failing checkpoint fdatasync: the journal was not moved past what was synced"

done_testing
