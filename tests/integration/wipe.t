#!/bin/bash
# reco wipe on plain image files (no root needed): methods and exact content,
# verification, sampling, bad-sector bisection via fault injection, refusals.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe

run $W --help
is "$status" 0 "--help exits 0"
like "$out" "gutmann" "--help lists the methods"
run $W --version
like "$out" "^reco wipe [0-9]" "--version"
run $W
is "$status" 2 "no target: usage error"
is "$err" "reco wipe: no target given (a disk such as /dev/sdb, or an image file)
Try 'reco wipe --help' for more information." "no target: message"
run $W --method rot13 --yes x
is "$status" 2 "unknown method: exit 2"
run $W --verify sample=0 --yes x
is "$status" 2 "bad sampling percentage: exit 2"

# each method leaves exactly the expected content
S=$((4 * 1048576))
for m in zero one; do
	img=$(mkimg $m.img 4 random)
	run $W --method $m --yes --json --session "$T_TMP/s-$m" "$img"
	is "$status" 0 "$m: exit 0"
	is "$(jget "$T_TMP/s-$m/wipe.json" 'd["targets"][0]["result"]')" erased "$m: erased"
	if [ $m = zero ]; then expect_byte "$img" $S 000; else expect_byte "$img" $S 377; fi
	ok $? "$m: raw content"
done
for m in random dod3 hmg-is5 gutmann; do
	size=4; [ $m = gutmann ] && size=1
	img=$(mkimg $m.img $size random)
	run $W --method $m --yes --session "$T_TMP/s-$m" "$img"
	is "$status" 0 "$m: exit 0"
	f="$T_TMP/s-$m/wipe.json"
	seed=$(jget "$f" 'd["targets"][0]["passes"][-1]["seed"]')
	expect_seed "$img" $((size * 1048576)) "$seed"
	ok $? "$m: raw content is the keystream of the recorded seed (openssl enc)"
done
is "$(jget "$T_TMP/s-gutmann/wipe.json" 'len(d["targets"][0]["passes"])')" 35 "gutmann: 35 passes recorded"
is "$(jget "$T_TMP/s-gutmann/wipe.json" 'd["targets"][0]["passes"][6]["bytes"]')" 924924 "gutmann: pass 7 is 92 49 24"
is "$(jget "$T_TMP/s-dod3/wipe.json" '[p["pattern"] for p in d["targets"][0]["passes"]]')" '["zero", "one", "random"]' "dod3: zero, one, random"

f="$T_TMP/s-random/wipe.json"
is "$(jget "$f" 'd["schema"]')" reco-wipe/1 "wipe.json: schema"
is "$(jget "$f" 'd["tool"]["name"]+" "+str(bool(d["tool"]["version"]))')" "reco wipe True" "wipe.json: tool"
is "$(jget "$f" 'sorted(d["targets"][0]["surface"]["latency_histogram"])')" '["ge500ms", "lt150ms", "lt20ms", "lt500ms", "lt50ms", "lt5ms"]' "wipe.json: latency histogram buckets"
is "$(jget "$f" 'sum(d["targets"][0]["surface"]["latency_histogram"].values())')" 4 "wipe.json: one latency per 1 MiB read"
is "$(jget "$f" '[d["targets"][0][k] for k in ("nist_category","transport","bytes_written","bytes_verified","resumed")]')" \
	"[\"clear\", \"file\", $S, $S, false]" "wipe.json: category, transport, bytes, resumed"
is "$(jget "$f" 'd["targets"][0]["verification"]["mode"], d["targets"][0]["verification"]["coverage_permille"]')" "('full', 1000)" "wipe.json: full verification, 100%"

# two random wipes differ
a=$(mkimg ra.img 1)
b=$(mkimg rb.img 1)
run $W --yes --session "$T_TMP/ra" "$a"
run $W --yes --session "$T_TMP/rb" "$b"
cmp -s "$a" "$b"
ok $((! $?)) "two random wipes write different content"

# verify-only finds a 4 KiB block corrupted after the wipe
img="$W_SHM/random.img"
seed=$(jget "$T_TMP/s-random/wipe.json" 'd["targets"][0]["passes"][0]["seed"]')
run $W --verify-only --expect "random:$seed" --json "$img"
is "$status" 0 "verify-only: intact content passes"
printf 'corrupted block!%.0s' $(seq 256) | dd of="$img" bs=4096 seek=300 conv=notrunc status=none
run $W --verify-only --expect "random:$seed" --json "$img"
is "$status" 1 "verify-only: a corrupted block fails"
printf '%s' "$out" >"$T_TMP/vo.json"
is "$(jget "$T_TMP/vo.json" 'd["targets"][0]["bad_ranges"]')" '[{"count": 8, "first_lba": 2400, "op": "mismatch"}]' "verify-only: the mismatch is located to the sector"
is "$(jget "$T_TMP/vo.json" 'd["targets"][0]["result"]')" failed "verify-only: result failed"

# sampled verification: coverage = what was read; first and last block always read
z=$(mkimg sample.img 64)
run $W --verify-only --expect zero --verify sample=10 --json "$z"
is "$status" 0 "sample: zeros pass"
printf '%s' "$out" >"$T_TMP/s.json"
is "$(jget "$T_TMP/s.json" 'd["targets"][0]["verification"]["bytes_read"] == d["targets"][0]["verification"]["planned_bytes"] == d["targets"][0]["bytes_verified"]')" true "sample: bytes read = planned bytes"
is "$(jget "$T_TMP/s.json" 'd["targets"][0]["verification"]["coverage_permille"] >= 100')" true "sample: coverage at least 10%"
is "$(jget "$T_TMP/s.json" 'd["targets"][0]["verification"]["subsections"]')" 1000 "sample: 1000 subsections"
printf 'X' | dd of="$z" bs=1 seek=$((64 * 1048576 - 100)) conv=notrunc status=none
run $W --verify-only --expect zero --verify sample=1 --json "$z"
is "$status" 1 "sample 1%: a corrupted last block is found"
printf '%s' "$out" >"$T_TMP/s2.json"
is "$(jget "$T_TMP/s2.json" 'd["targets"][0]["bad_ranges"]')" '[{"count": 1, "first_lba": 131071, "op": "mismatch"}]' "sample: the last sector is named"

# bad sectors: retry, bisect to the LBA, continue, never "erased"
img=$(mkimg faults.img 16 random)
RECO_WIPE_FAULTS=write:1000+3,write:5000,read:20000 run $W --method random --yes --session "$T_TMP/sf" "$img"
is "$status" 1 "faults: exit 1"
like "$err" "fault injection is active" "faults: warned"
f="$T_TMP/sf/wipe.json"
is "$(jget "$f" '[(r["first_lba"],r["count"]) for r in d["targets"][0]["bad_ranges"] if r["op"]=="write"]')" "[[1000, 3], [5000, 1]]" "faults: exactly the unwritable LBAs"
is "$(jget "$f" '[(r["first_lba"],r["count"]) for r in d["targets"][0]["bad_ranges"] if r["op"]=="read"]')" "[[20000, 1]]" "faults: exactly the unreadable LBA"
is "$(jget "$f" 'd["targets"][0]["result"]')" failed "faults: result failed"
is "$(jget "$f" 'd["targets"][0]["bytes_written"]')" $((16 * 1048576 - 4 * 512)) "faults: the rest was written"
is "$(jget "$f" 'd["targets"][0]["fault_injection"]')" true "faults: recorded in the result"

# refusals
run $W --yes /nonexistent/disk
is "$status" 3 "missing path: exit 3"
is "$err" "reco wipe: /nonexistent/disk: no such file or directory
reco wipe: nothing was written" "missing path: message"
run $W --yes "$T_TMP"
is "$status" 2 "directory: exit 2"
is "$err" "reco wipe: $T_TMP: is a directory, not a disk or an image file
reco wipe: nothing was written" "directory: message"
run $W --yes /dev/null
is "$status" 2 "/dev/null: exit 2"
is "$err" "reco wipe: /dev/null: is a character device, not a disk or an image file
reco wipe: nothing was written" "/dev/null: message"
img=$(mkimg keep.img 1 random)
cp "$img" "$T_TMP/keep.orig"
run $W --yes "$img" /dev/null
is "$status" 2 "one bad target among two: nothing is wiped"
cmp -s "$img" "$T_TMP/keep.orig"
ok $? "one bad target among two: the good one is untouched"
run $W --session "$T_TMP/nt" "$img" </dev/null
is "$status" 2 "no terminal, no --yes: exit 2"
is "$err" "reco wipe: no terminal to confirm on; nothing was written (use --yes for unattended use)" "no terminal: message"
run $W --dry-run "$img"
is "$status" 0 "dry run: exit 0"
like "$out" "nothing was written" "dry run: says so"
cmp -s "$img" "$T_TMP/keep.orig"
ok $? "dry run: content untouched"

# the interactive confirmation (a pseudo-terminal from script(1))
if command -v script >/dev/null; then
	printf '123\n' >"$T_TMP/answer"
	run script -qec "$RECO_BUILD/bin/reco-wipe --session $T_TMP/c1 $img" /dev/null <"$T_TMP/answer"
	like "$out" "confirmation does not match; nothing was written" "confirm: a wrong answer refuses"
	cmp -s "$img" "$T_TMP/keep.orig"
	ok $? "confirm: wrong answer, content untouched"
	printf '1048576\n' >"$T_TMP/answer"
	run script -qec "$RECO_BUILD/bin/reco-wipe -m zero --session $T_TMP/c2 $img" /dev/null <"$T_TMP/answer"
	like "$out" "Type its size in bytes \(1048576\)" "confirm: asks for the size of a file"
	expect_byte "$img" 1048576 000
	ok $? "confirm: the right answer wipes"
else
	skip "script(1) missing"; skip "script(1) missing"; skip "script(1) missing"; skip "script(1) missing"
fi

# two targets whose journals would collide
mkdir -p "$W_SHM/d1" "$W_SHM/d2"
truncate -s 1M "$W_SHM/d1/same.img" "$W_SHM/d2/same.img"
run $W --yes --session "$T_TMP/ss" "$W_SHM/d1/same.img" "$W_SHM/d2/same.img"
is "$status" 2 "same basename twice: usage error"
like "$err" "have the same name; wipe them in separate sessions" "same basename twice: message"

# an unfinished journal in the session blocks a fresh start
img=$(mkimg j.img 1)
mkdir -p "$T_TMP/sj"
printf 'reco-wipe-journal/1\npath=%s\nserial=\nsize=1048576\nmethod=random\nnpasses=1\npass=0\nphase=write\noffset=0\nio_size=1048576\nseed.0=aes-128-ctr:00000000000000000000000000000000:00000000000000000000000000000000\n' "$img" >"$T_TMP/sj/wipe-j.img.journal"
run $W --yes --session "$T_TMP/sj" "$img"
is "$status" 2 "unfinished journal: refuses a fresh wipe"
like "$err" "use --resume" "unfinished journal: suggests --resume"
run $W --yes --resume --session "$T_TMP/sj" "$img"
is "$status" 0 "resume from a hand-written journal"
expect_seed "$img" 1048576 "aes-128-ctr:00000000000000000000000000000000:00000000000000000000000000000000"
ok $? "resume: uses the journaled seed"

# What a French-speaking volunteer reads: words, not codes; French numbers
head -c 1048576 /dev/urandom >"$T_TMP/fr.img"
LANG=fr_FR.UTF-8 run $W --yes --method zero -s "$T_TMP/fr-s" "$T_TMP/fr.img"
is "$status" 0 "a wipe in French"
like "$out" "méthode : zéros, 1 passe, vérification : complète \(100,0.{1,3}% lus\)" "the method and the verification in words, the percentage in French"
like "$out" "réécriture sur fichier image disque" "the technique and the media in words"
like "$err" "100.{1,3}% .* effacé " "progress: the percent sign spaced, the phase in words"
words=$(printf '%s\n%s\n' "$out" "$err" | python3 "$TESTS_DIR/integration/english-words.py")
ok $? "no English word in a French wipe's output" "$words"

# --list in French: the columns line up by display width after the
# accented headers (PÉRIPHÉRIQUE, N° DE SÉRIE): TAILLE's right edge is
# the sizes' right edge, and each header starts where its column does.
LANG=fr_FR.UTF-8 run $W --list
if printf '%s' "$out" | grep -q "^PÉRIPHÉRIQUE"; then
	cols=$(printf '%s\n' "$out" | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
head, rows = lines[0], lines[1:]
end = head.index("TAILLE") + len("TAILLE")
bad = [r for r in rows if len(r) < end or r[end - 1] == " " or (len(r) > end and r[end] != " ")]
start = head.index("TRANSPORT")
bad += [r for r in rows if r[start - 1] != " " or r[start] == " "]
print("\n".join(bad))')
	is "$cols" "" "--list (fr): sizes end under TAILLE, transports start under TRANSPORT"
else
	skip "--list (fr): no disk on this machine"
fi

done_testing
