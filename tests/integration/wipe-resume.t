#!/bin/bash
# reco wipe interrupted and resumed: SIGINT at ~50% gives "aborted" and a
# journal, --resume finishes with the same seed and correct content; kill -9
# half-way through writing, or through verification, is resumed too.  Runs on
# a loop device when root, on an image file otherwise.  RECO_WIPE_THROTTLE
# slows the wipe so that "half-way" is reached on any machine.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe
MIB=64
S=$((MIB * 1048576))

target() { rand_target "$1" $MIB; }

# start_wipe SESSION TARGET ARGS...: a throttled wipe in the background
start_wipe() {
	s=$1
	t=$2
	shift 2
	RECO_WIPE_THROTTLE=20 $W --yes --progress=json --session "$s" "$@" "$t" >"$s.out" 2>"$s.progress" &
	wpid=$!
	W_PIDS="$W_PIDS $wpid"
}

journal_of() { ls "$1"/wipe-*.journal 2>/dev/null; }
jfield() { sed -n "s/^$2=//p" "$1"; }

# --- SIGINT half-way through the write pass -------------------------------
T1=$(target int)
mkdir -p "$T_TMP/s1"
start_wipe "$T_TMP/s1" "$T1" --method random
wait_permille "$T_TMP/s1.progress" 250   # write is the first half of the work
ok $? "sigint: the wipe reached half of its write pass"
kill -INT $wpid
wait $wpid
is "$?" 1 "sigint: exit 1"
f="$T_TMP/s1/wipe.json"
is "$(jget "$f" 'd["targets"][0]["result"]')" aborted "sigint: result aborted"
like "$(jget "$f" 'd["targets"][0]["reason"]')" "interrupted during write of pass 1 of 1; resume with --resume" "sigint: reason"
j=$(journal_of "$T_TMP/s1")
ok $([ -n "$j" ]; echo $?) "sigint: journal written"
off=$(jfield "$j" offset)
ok $([ "$off" -gt 0 ] && [ "$off" -lt $S ]; echo $?) "sigint: journal checkpoint inside the device ($off)"
is "$(jfield "$j" phase)" write "sigint: journal phase write"
seed1=$(jget "$f" 'd["targets"][0]["passes"][0]["seed"]')
run $W --yes --resume --session "$T_TMP/s1" "$T1"
is "$status" 0 "resume after sigint: exit 0"
is "$(jget "$f" '[d["targets"][0][k] for k in ("result","resumed")]')" '["erased", true]' "resume after sigint: erased, resumed"
is "$(jget "$f" 'd["targets"][0]["passes"][0]["seed"]')" "$seed1" "resume after sigint: same seed"
is "$(jget "$f" 'd["targets"][0]["before"]["partition_table"]')" none "resume after sigint: the state before the wipe is still reported"
is "$(jget "$f" 'd["targets"][0]["bytes_verified"]')" $S "resume after sigint: everything verified"
expect_seed "$T1" $S "$seed1"
ok $? "resume after sigint: the content is the keystream"
run $W --yes --resume --session "$T_TMP/s1" "$T1"
is "$status" 0 "resume of a finished wipe: exit 0"
like "$err" "nothing to resume" "resume of a finished wipe: says so"

# --- kill -9 half-way through the write pass (multi-pass method) ---------
T2=$(target kill)
mkdir -p "$T_TMP/s2"
start_wipe "$T_TMP/s2" "$T2" --method dod3
wait_permille "$T_TMP/s2.progress" 375   # dod3: 3 writes + verify = 4 halves of 1/4 each
ok $? "kill -9: the wipe reached the middle of pass 2"
{ kill -KILL $wpid; wait $wpid; } 2>/dev/null
j=$(journal_of "$T_TMP/s2")
ok $([ -n "$j" ] && [ ! -e "$T_TMP/s2/wipe.json" ]; echo $?) "kill -9: a journal, no result"
is "$(jfield "$j" pass)" 1 "kill -9: journal in pass 2"
run $W --yes --resume --session "$T_TMP/s2" "$T2"
is "$status" 0 "resume after kill -9: exit 0"
f="$T_TMP/s2/wipe.json"
is "$(jget "$f" '[d["targets"][0][k] for k in ("result","resumed","method")]')" '["erased", true, "dod3"]' "resume after kill -9: erased"
expect_seed "$T2" $S "$(jget "$f" 'd["targets"][0]["passes"][2]["seed"]')"
ok $? "resume after kill -9: the content is the last pass's keystream"

# --- kill -9 during verification: resumes verifying, not writing ----------
T3=$(target ver)
mkdir -p "$T_TMP/s3"
start_wipe "$T_TMP/s3" "$T3" --method zero
wait_permille "$T_TMP/s3.progress" 750
ok $? "kill -9 in verify: reached half of verification"
{ kill -KILL $wpid; wait $wpid; } 2>/dev/null
j=$(journal_of "$T_TMP/s3")
is "$(jfield "$j" phase)" verify "kill -9 in verify: journal phase verify"
run $W --yes --resume --json --session "$T_TMP/s3" "$T3"
is "$status" 0 "resume in verify: exit 0"
printf '%s' "$out" >"$T_TMP/r3.json"
is "$(jget "$T_TMP/r3.json" '[d["targets"][0][k] for k in ("result","bytes_written","bytes_verified")]')" "[\"erased\", $S, $S]" "resume in verify: written once, verified in full"
expect_byte "$T3" $S 000
ok $? "resume in verify: zeros"

# a journal for another device is refused
T4=$(target other)
cp "$(journal_of "$T_TMP/s3")" "$T_TMP/other.journal"
mkdir -p "$T_TMP/s4"
name=$(basename "$T4")
sed "s|^path=.*|path=$T4|; s|^size=.*|size=$((S * 2))|; s|^phase=.*|phase=write|; s|^offset=.*|offset=0|" "$T_TMP/other.journal" >"$T_TMP/s4/wipe-$name.journal"
run $W --yes --resume --session "$T_TMP/s4" "$T4"
is "$status" 1 "resume: a journal of another size is refused"
like "$err" "the journal describes another device" "resume: says why"

done_testing
