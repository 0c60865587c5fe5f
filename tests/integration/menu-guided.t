#!/bin/bash
# reco menu's guided step, the real ncurses menu in tmux at 80x25 over the
# fake reco (tests/fixtures/menu/fake-reco) whose `diag --guided` runs the
# real reco-diag with a scripted keyboard (RECO_GUIDED_INPUT): after the
# diagnosis, each guided test on the same screen, in French; every key
# pressed passes the keyboard; the other tests skipped with a reason; the
# wipe's confirmation follows (a skipped test never blocks it); the result
# screen and diag.json carry the guided verdicts; a broken key is a faulty
# part; reco.keymap reaches the keyboard test; the unattended mode never
# runs the guided tests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/menu-lib.sh"
. "$(dirname "$0")/tmux-lib.sh"

SC=$T_TMP/scripts
mkdir -p "$SC"
printf '[keyboard]\ndevice keyboard name=Clavier de test\nsleep 300\nlayout-keys\n' >"$SC/all"
printf '[keyboard]\ndevice keyboard name=Clavier de test\nsleep 300\nlayout-keys except KEY_Q\nsleep 100\ndown KEY_ENTER\nsleep 2300\nup KEY_ENTER\n' >"$SC/noq"

# start_menu NAME SCRIPT: the menu, French, the guided tests real
start_menu() {
	fresh_data "$1"
	printf '%s\n' "${3:-}" >"$CMDLINE"
	new_server
	tm new-session -d -s "$SESSION" -x 80 -y 25 \
		env PATH="$PATH" RECO_REAL_BIN="$RECO_REAL_BIN" FAKE_LOG="$FAKE_LOG" FAKE_GUIDED=real \
		RECO_GUIDED_INPUT="$2" RECO_DATA="$DATA" LANG=C.UTF-8 LC_ALL= TERM=xterm \
		bash -c "reco menu --cmdline '$CMDLINE'; echo MENU-EXIT=\$?; sleep 60"
}
# skip_rest: every guided test still to come skipped, "no time"
skip_rest() {
	local n=0
	while [ $n -lt 8 ] && wait_for "Entrée : commencer le test" 5; do
		keys s
		wait_for "Dites pourquoi" 5
		keys 1
		n=$((n + 1))
	done
	SKIPPED=$n
}
part() { jq -r --arg k "$1" "[.parts[] | select(.part == \$k)][0] | $2" "$(session_dir)/diag.json" 2>/dev/null; }

# --- every key pressed, the rest skipped, the wipe still offered --------------------------
start_menu all "$SC/all"
wait_for "Entrée : commencer"
keys Enter
wait_for "Clavier" 15; ok $? "after the diagnosis: the first guided test, in the menu's language"
like "$SCREEN" "Appuyez une fois sur chaque touche" "the keyboard test explains itself"
keys Enter
wait_for "Pavé tactile, souris" 15; ok $? "every key pressed: the next test"
skip_rest
is "$SKIPPED" 6 "the six other tests skipped, one after the other"
wait_for "Disque 1 sur 2" 10; ok $? "skipped tests do not block the wipe: its confirmation follows"
keys Escape
wait_for "ÉCHEC" 10; ok $? "result screen"
like "$SCREEN" "Tests guidés : +terminé" "result: the guided step"
like "$SCREEN" "Diagnostic incomplet" "result: the skipped tests leave the diagnosis incomplete"
is "$(part keyboard .verdict)" "PASS" "diag.json: the keyboard passed"
is "$(part touchpad '.verdict + " " + .rule')" "NOT_TESTED guided.skip_time" "diag.json: a skipped test with its reason"
is "$(part cpu .verdict)" "PASS" "diag.json: the automatic parts kept"
S=$(session_dir)
like "$(cat "$FAKE_LOG")" "diag --guided --progress=none --session $S" "reco diag --guided on the session"
keys Enter

# --- a key that does not work: a faulty part ----------------------------------------------
start_menu broken "$SC/noq" reco.keymap=be
wait_for "Entrée : commencer"
keys Enter
wait_for "Clavier" 15
keys Enter
wait_for "Ces touches n'ont pas été appuyées" 15; ok $? "a key not pressed is listed"
like "$SCREEN" "> A +pas appuyée" "... named as printed on it"
keys b Enter
skip_rest
wait_for "Disque 1 sur 2" 10; ok $? "a faulty key does not block the wipe either"
keys Escape
wait_for "ÉCHEC" 10
like "$SCREEN" "Tests guidés : +ÉCHEC" "result: the guided step failed"
seen=""
for i in 1 2 3 4; do keys NPage; sleep 0.4; seen="$seen
$(screen)"; done
like "$seen" "Clavier : en panne — Touches du clavier qui ne marchent pas \(1\) : A\." "result: the keyboard is faulty, the key named (further down)"
is "$(part keyboard '.verdict + " " + (.keys_broken | join(",")) + " " + .layout.keymap')" "FAIL A be" \
	"diag.json: the key broken, on the keymap of reco.keymap"
like "$(cat "$FAKE_LOG")" "diag --guided .* --keymap be" "reco.keymap passed as --keymap"
keys Enter

# --- unattended: no guided tests ------------------------------------------------------------
fresh_data auto
run env FAKE_GUIDED=real reco menu --auto --cmdline "$CMDLINE" --serial /dev/null
unlike "$(cat "$FAKE_LOG")" "--guided" "unattended: the guided tests are never run"

done_testing
