#!/bin/bash
# One grammar across the commands (the registry has registry-grammar.t):
# the same option for the same thing (-s/--session DIR, --data DIR), the
# progress JSON on standard error, one placeholder vocabulary in the helps,
# the exit codes a command can return and no other, and --method foo
# listing the methods.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
unset RECO_SESSION RECO_DATA

# -s/--session and --data wherever a command works in a session
for c in inventory diag wipe report sync; do
	run reco $c --help
	like "$out" "^  -s, --session DIR " "$c: -s, --session DIR"
	like "$out" "^      --data DIR " "$c: --data DIR"
	unlike "$out" "--data-dir|SESSION_DIR|CA_CERT|OUT\.pdf|DEVICE  |--expect-serial S " "$c: the common placeholders"
done
run reco menu --help
like "$out" "^      --data DIR " "menu: --data DIR"

# exit codes: only those the command can return
run reco inventory --help
unlike "$out" "^  1  " "inventory never exits 1: not listed"
like "$out" "^  3  " "... 3 is"
for c in diag wipe report keys sync menu; do
	run reco $c --help
	like "$out" "^  1  [a-z]" "$c: what exit 1 means for it"
	unlike "$out" "a check or a wipe failed" "$c: not the generic sentence"
done
run reco sync --help
is "$(printf '%s\n' "$out" | grep -c 'Exit')" 1 "sync: one exit-status paragraph, not two"

# --data is the data directory: a new session goes there
L=$FIXTURES/machines/laptop-handmade
run reco inventory --save --no-smart --root "$L" --data "$T_TMP/d1"
is "$status" 0 "inventory --save --data"
ok "$(ls "$T_TMP"/d1/sessions/*/*/inventory.json >/dev/null 2>&1; echo $?)" "... inventory.json in DIR/sessions"
run reco inventory --data ""
is "$status" 2 "--data '': a usage error"

# --progress=json on stderr for wipe (as for diag), stdout keeps the result
head -c 1048576 /dev/urandom >"$T_TMP/img"
run reco wipe --yes --method zero --progress=json --json -s "$T_TMP/ws" "$T_TMP/img"
is "$status" 0 "wipe of an image file with -s"
like "$err" '"schema":"reco-wipe-progress/1"' "wipe: progress JSON on stderr"
printf '%s\n' "$out" >"$T_TMP/wipe.out"
ok "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["schema"]!="reco-wipe/1")' "$T_TMP/wipe.out"; echo $?)" \
	"wipe: stdout is the result alone (one JSON document)"
ok "$(test -s "$T_TMP/ws/wipe.json"; echo $?)" "wipe -s DIR: wipe.json there"

# report seal: the operand, -s DIR or $RECO_SESSION
S=$(mk_session good)
run reco report seal -s "$S" --uncertified --no-pdf
is "$status" 0 "report seal -s DIR"
ok "$(test -s "$S/report.json"; echo $?)" "... report.json written"
S2=$(mk_session good)
RECO_SESSION=$S2 run reco report seal --uncertified --no-pdf
is "$status" 0 "report seal with \$RECO_SESSION"
ok "$(test -s "$S2/report.json"; echo $?)" "... report.json written"
run reco report seal
is "$status" 2 "report seal without a session: usage error"
run reco report seal "$S" -s "$S2"
is "$status" 2 "report seal with two sessions: usage error"

# sync -s (a session of the data directory)
mkdir -p "$T_TMP/sd/sessions/dev1"
cp -r "$S" "$T_TMP/sd/sessions/dev1/20261128T120000Z"
run reco sync -s "$T_TMP/sd/sessions/dev1/20261128T120000Z" --data "$T_TMP/sd" --registry http://127.0.0.1:9 --dry-run
is "$status" 0 "sync -s --dry-run"
like "$out" "20261128T120000Z: not signed" "... speaks of that session"

# --method foo lists the methods
run reco wipe --method foo "$T_TMP/img"
is "$status" 2 "--method foo: usage error"
like "$err" "unknown method 'foo' \(one of: auto, zero, one, random, .*nvme-format.*\)" "... listing the valid methods"
done_testing
