#!/bin/bash
# reco menu --auto: the unattended pipeline over a fake reco (canned JSON and
# progress lines, no disk touched): the steps run with the right arguments,
# the serial console gets the progress, <session>/DONE and the final line
# say the verdict, and every refusal and failure is reported.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/menu-lib.sh"

# --- the whole pipeline ---------------------------------------------------------
fresh_data full
mkdir -p "$DATA/keys"
echo key >"$DATA/keys/station.key"
echo cert >"$DATA/keys/station.pem"
echo "BOOT_IMAGE=/live/vmlinuz boot=live quiet reco.auto=inventory,diag,wipe,report reco.wipe=zero reco.verify=sample reco.yes=1 reco.countdown=0" >"$CMDLINE"
: >"$T_TMP/serial"
run reco menu --auto --cmdline "$CMDLINE" --serial "$T_TMP/serial"
is "$status" 0 "auto: a full run passes (exit 0)"
S=$(session_dir)
like "$S" "/sessions/reco1-testdevice0001/[0-9]{8}T[0-9]{6}Z$" "auto: session named after the inventory's device id"
like "$out" "RECO-AUTO-DONE result=ok report=$S/report.json\$" "auto: last line RECO-AUTO-DONE result=ok report=<path>"
is "$(printf '%s\n' "$out" | tail -n 1)" "RECO-AUTO-DONE result=ok report=$S/report.json" "auto: the marker line is the very last"
like "$out" "reco : effacement /dev/sda +50 % vérification passe 1/1 150 Mo/s" "auto: wipe progress lines, in French by default"
like "$out" "reco : diagnostic Mémoire +50 %" "auto: diag progress lines"
like "$out" "reco : RÉSULTAT : RÉUSSI" "auto: the verdict, in French"
unlike "$out" "sdb.*sera effacé" "auto: the boot stick is not wiped"
like "$(cat "$T_TMP/serial")" "RECO-AUTO-DONE result=ok" "auto: the serial console gets the result"
like "$(cat "$T_TMP/serial")" "effacement /dev/nvme0n1 100 % EFFACÉ" "auto: the serial console gets the progress"
log=$(cat "$FAKE_LOG")
like "$log" "^diag --quick --progress=json --session $S\$" "auto: diag --quick --progress=json in the session"
like "$log" "wipe --method zero --verify sample --progress=json --yes --session $S --expect-serial WD-WX51A1234ABCD --expect-diskseq 41 --expect-serial S41GNX0M123456 --expect-diskseq 42 /dev/sda /dev/nvme0n1\$" \
	"auto: wipe with reco.wipe/reco.verify, --yes, only the eligible disks, each with the identity listed"
like "$log" "report seal $S --key $DATA/keys/station.key --cert $DATA/keys/station.pem --no-pdf" "auto: the station key signs the report"
like "$log" "report render $S/report.json --pdf $S/certificate.pdf --lang fr" "auto: the PDF certificate, in French by default"
unlike "$log" "^sync" "auto: no registry, no sync"
ok "$([ -s "$S/inventory.json" ] && echo 0 || echo 1)" "auto: inventory.json written in the session"
run jq -r '.result + " " + .report + " " + .steps.wipe + " " + (.disks_erased|tostring) + " " + .grade' "$S/DONE"
is "$out" "ok $S/report.json ok 2 A" "auto: DONE marker (result, report, steps, disks, grade)"
run jq -r .finished "$S/DONE"
like "$out" "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" "auto: DONE has the time"

# --- no reco.yes: the wipe refuses --------------------------------------------------
fresh_data noyes
echo "reco.auto=inventory,diag,wipe,report" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto without reco.yes=1: exit 1"
like "$out" "reco.yes=1" "auto without reco.yes: says reco.yes=1 is needed"
like "$out" "RECO-AUTO-DONE result=fail report=" "auto without reco.yes: result=fail"
unlike "$(cat "$FAKE_LOG")" "wipe --method" "auto without reco.yes: reco wipe never runs"
run jq -r '.steps.wipe + " " + .result' "$(session_dir)/DONE"
is "$out" "skipped fail" "auto without reco.yes: DONE says the wipe was skipped"

# --- the steps asked for only ---------------------------------------------------------
fresh_data invonly
echo "reco.auto=inventory,diag" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 0 "reco.auto=inventory,diag: passes without wipe or report"
unlike "$(cat "$FAKE_LOG")" "wipe|report" "reco.auto=inventory,diag: no wipe, no report"
like "$out" "report=none\$" "reco.auto=inventory,diag: report=none"

# --- failures ------------------------------------------------------------------------
fresh_data wipefail
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
FAKE_WIPE_FAIL=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: a disk not erased fails the run"
like "$out" "wipe: FAILED: 1 of 2 disks erased" "auto: says how many disks were erased"
like "$out" "RECO-AUTO-DONE result=fail report=/" "auto: the report is still sealed after a failed wipe"
unlike "$(cat "$FAKE_LOG")" "^diag" "reco.auto without diag: diag not run"

# a diagnosis that left a part not tested, or none at all, is never a PASS
fresh_data diagincomplete
echo "reco.auto=inventory,diag,report" >"$CMDLINE"
FAKE_DIAG_INCOMPLETE=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: an incomplete diagnosis is not a PASS"
like "$out" "diag: INCOMPLETE: parts were not tested" "auto: says the diagnosis is incomplete"
like "$out" "RECO-AUTO-DONE result=fail" "auto: DONE result fail for an incomplete diagnosis"
is "$(jq -r .diag_complete "$(session_dir)/DONE")" "false" "auto: DONE says diag_complete false"
fresh_data nodiag
echo "reco.auto=inventory,report" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
like "$out" "RECO-AUTO-DONE result=fail" "auto: no diagnosis at all is not a PASS"
like "$out" "RESULT: FAIL: the diagnosis was not run or is incomplete" "auto: the console says why too"
is "$(jq -r .reason "$(session_dir)/DONE")" "the diagnosis was not run or is incomplete" "auto: DONE says why"

fresh_data diagfail
echo "reco.auto=inventory,diag,report" >"$CMDLINE"
FAKE_DIAG_FAIL=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: a faulty part fails the run"
like "$out" "diag: FAILED: faulty parts: 1" "auto: says how many parts are faulty"

fresh_data diagfail2
echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
FAKE_DIAG_FAIL=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: a faulty part fails the run even when the wipe and report went well"
like "$out" "RESULT: FAIL: faulty parts: 1" "auto: the verdict names the first failing step's reason"
run jq -r '.reason + " / " + .steps.diag + " " + .steps.wipe + " " + .steps.report' "$(session_dir)/DONE"
is "$out" "faulty parts: 1 (see the diagnosis) / fail ok ok" "auto: DONE has the reason and each step"

fresh_data sealfail
echo "reco.auto=inventory,report" >"$CMDLINE"
FAKE_SEAL_FAIL=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: report seal failing fails the run"
like "$out" "report: FAILED: reco report: .*inventory.json: cannot be read" "auto: the seal's own message"
like "$out" "report=none\$" "auto: report=none when nothing was sealed"

fresh_data invfail
echo "reco.auto=inventory,report" >"$CMDLINE"
FAKE_INV_FAIL=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "auto: no inventory: fail"
like "$out" "inventory: FAILED: reco inventory: /: nothing could be read" "auto: the inventory's message"
like "$(session_dir)" "/sessions/unknown/" "auto: no device id: session under unknown/"

fresh_data noauto
echo "reco.auto=inventory,diag,wipe reco.yes=1 reco.countdown=0" >"$CMDLINE"
FAKE_NO_AUTO=1 run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 0 "auto: a reco wipe without method auto: falls back to random"
like "$(cat "$FAKE_LOG")" "wipe --method random --verify full" "auto: the fallback pass is random"

# --- station key, operator, registry, poweroff, keymap ----------------------------------
fresh_data signed
mkdir -p "$DATA/keys"
echo key >"$DATA/keys/station.key"
echo cert >"$DATA/keys/station.pem"
printf '# reco.conf\nlanguage = en\noperator = benevole-07\nregistry_url = http://127.0.0.1:9/\n' >"$DATA/reco.conf"
echo "reco.auto=inventory,diag,report reco.poweroff=1" >"$CMDLINE"
RECO_POWEROFF_CMD="touch $T_TMP/powered-off" run reco menu --auto --cmdline "$CMDLINE"
S=$(session_dir)
like "$(cat "$FAKE_LOG")" "report seal $S --key $DATA/keys/station.key --cert $DATA/keys/station.pem --operator benevole-07 --no-pdf" \
	"auto: station key and reco.conf operator passed to reco report seal"
like "$(cat "$FAKE_LOG")" "--lang en" "auto: reco.conf language=en: English certificate"
like "$(cat "$FAKE_LOG")" "^sync --registry http://127.0.0.1:9/ --data $DATA --session $S --json\$" "auto: reco sync of this session with the registry of reco.conf"
like "$(cat "$FAKE_LOG")" "^sync --registry http://127.0.0.1:9/ --data $DATA --set-clock\$" "auto: the clock is taken from the registry before sealing"
like "$out" "report NOT sent to http://127.0.0.1:9/ \(.*cannot reach the registry.*\): it stays queued in $DATA\$" "auto: registry down: the report stays queued, where"
is "$status" 0 "auto: a registry down does not fail the run"
ok "$([ -e "$T_TMP/powered-off" ] && echo 0 || echo 1)" "auto: reco.poweroff=1 runs RECO_POWEROFF_CMD"

# --- Repair Café: never a wipe -----------------------------------------------------------
fresh_data rc
echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.mode=repair-cafe" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 0 "auto repair-cafe: passes"
log=$(cat "$FAKE_LOG")
like "$log" "^diag --repair-cafe --progress=json" "auto repair-cafe: reco diag --repair-cafe"
unlike "$log" "^wipe|^report" "auto repair-cafe: no wipe (not even the list), no report"
S=$(session_dir)
like "$(cat "$S/diagnosis.txt")" "Repair Café" "auto repair-cafe: the plain-language sheet is saved"
like "$out" "diagnosis sheet: $S/diagnosis.txt" "auto repair-cafe: says where the sheet is"
like "$out" "Disque sda : PASS" "auto repair-cafe: prints the sheet"

# --- SIGTERM in the middle of a wipe: the wipe is stopped, the run fails ---------------
fresh_data sigterm
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
touch "$T_TMP/hold"
FAKE_HOLD=$T_TMP/hold reco menu --auto --lang en --cmdline "$CMDLINE" >"$T_TMP/sig.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "50% verify" "$T_TMP/sig.out" && break; sleep 0.1; done
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 3 "a second reco menu on the same data directory: exit 3"
like "$err" "another reco menu is already running" "a second reco menu: says why"
kill -TERM $pid
wait $pid
status=$?
rm -f "$T_TMP/hold"
is "$status" 1 "SIGTERM during the wipe: exit 1"
sigout=$(cat "$T_TMP/sig.out")
like "$sigout" "wipe: FAILED: interrupted" "SIGTERM: the wipe step says it was interrupted"
unlike "$sigout" "report: done" "SIGTERM: no report sealed after the interruption"
like "$sigout" "RECO-AUTO-DONE result=fail report=none" "SIGTERM: final line result=fail"
ok "$([ ! -e "$(session_dir)/wipe.json" ] && echo 0 || echo 1)" "SIGTERM: reco wipe got SIGINT and stopped (no wipe.json)"

# --- errors of use --------------------------------------------------------------------
fresh_data usage
echo "reco.auto=inventory reco.wipe=gutmann" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 2 "bad reco.wipe: exit 2"
like "$err" "reco menu: .*cmdline: reco.wipe: invalid value 'gutmann'" "bad reco.wipe: named"
printf 'langue=fr\n' >"$DATA/reco.conf"
: >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 2 "bad reco.conf key: exit 2"
like "$err" "reco.conf: line 1: unknown key 'langue'" "bad reco.conf key: line and key named"
rm -f "$DATA/reco.conf"
run reco menu --auto --cmdline "$T_TMP/nonexistent"
is "$status" 3 "missing --cmdline file: exit 3"
run reco menu --lang de
is "$status" 2 "--lang de: exit 2"
run reco menu extra
is "$status" 2 "unexpected argument: exit 2"
run reco menu --help
is "$status" 0 "--help: exit 0"
like "$out" "reco.auto=inventory,diag,wipe,report" "--help lists the kernel options"
run reco menu --lang en </dev/null
is "$status" 3 "interactive without a terminal: exit 3"
like "$err" "needs a terminal" "interactive without a terminal: says so"

done_testing
