#!/bin/bash
# reco diag's guided tests, the real program in tmux on an 80x25 screen
# (send-keys for the person's answers, capture-pane to read the screens),
# with the test drivers of tools/diag/guided.h: a scripted input device
# (RECO_GUIDED_INPUT) and the pictures written to a file (RECO_GUIDED_FB).
# Keyboard: every key pressed passes; a key withheld is named and marked
# broken (FAIL) or absent (PASS).  Touchpad: every step passes, steps not
# tried are NOT_TESTED.  Screen: each colour shown is the colour claimed; a
# defect picked fails.  Skips with their reasons; no terminal; French; the
# guided parts kept when the automatic ones run again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux-lib.sh"
DIAG="$RECO_BUILD/bin/reco-diag"
SC=$T_TMP/scripts
mkdir -p "$SC"

# start NAME SCRIPT [ARGS...]: reco diag in a fresh 80x25 session
start() {
	local name=$1 script=$2
	shift 2
	S=$T_TMP/$name
	mkdir -p "$S"
	new_server
	tm new-session -d -s "$SESSION" -x 80 -y 25 \
		env RECO_GUIDED_INPUT="$script" RECO_GUIDED_FB="$T_TMP/$name.ppm" LANG="${GLANG:-C.UTF-8}" LC_ALL= \
		LANGUAGE= TERM=xterm bash -c "'$DIAG' --session '$S' --progress=none $*; echo DIAG-EXIT=\$?; sleep 60"
}
part() { jq -r --arg k "$1" "[.parts[] | select(.part == \$k)][0] | $2" "$S/diag.json" 2>/dev/null; }
# the colour at the centre of the picture file, as rrggbb
centre() {
	python3 - "$1" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 3)
w, h = map(int, parts[1].split())
px = parts[3]
o = ((h // 2) * w + w // 2) * 3
print("%02x%02x%02x" % (px[o], px[o + 1], px[o + 2]))
PY
}

cat >"$SC/kbd-all" <<'EOF'
[keyboard]
device keyboard name=Test keyboard
sleep 300
layout-keys
EOF
cat >"$SC/kbd-noq" <<'EOF'
[keyboard]
device keyboard name=Test keyboard
sleep 300
layout-keys except KEY_Q
sleep 200
down KEY_ESC
sleep 2300
up KEY_ESC
EOF

# ---- keyboard: every key -----------------------------------------------------------
start kbd-all "$SC/kbd-all" --only keyboard
wait_for "Enter: start the test"; ok $? "keyboard: the intro screen"
like "$SCREEN" "Press every key of the keyboard once" "keyboard: says what to do"
keys Enter
wait_for "DIAG-EXIT=" 15; ok $? "keyboard: every key pressed ends the test by itself"
like "$SCREEN" "DIAG-EXIT=0" "keyboard: exit 0"
is "$(part keyboard '.verdict')" "PASS" "keyboard: every key pressed: PASS"
is "$(part keyboard '.metrics["keyboard.pressed"]')" "105" "keyboard: 105 keys of the French desktop layout"
is "$(part keyboard '.layout.keymap + " " + .layout.geometry')" "fr iso" "keyboard: AZERTY by default"
is "$(part keyboard '.devices[0]')" "Test keyboard" "keyboard: the device listened to"

# ---- keyboard: one key withheld, named, marked broken -------------------------------
start kbd-noq "$SC/kbd-noq" --only keyboard
wait_for "Enter: start the test"
keys Enter
wait_for "Keys pressed: 104 of 105" 10; ok $? "keyboard: the drawing counts the keys"
like "$SCREEN" "Tab   A   Z   E   R" "keyboard: the AZERTY row drawn"
wait_for "These keys were not pressed" 10; ok $? "keyboard: holding Escape ends the test"
like "$SCREEN" "> A +not pressed" "keyboard: the key withheld is named as printed on it (A on AZERTY)"
unlike "$SCREEN" "Escape +not pressed" "keyboard: only that key"
keys Space Space Enter
wait_for "DIAG-EXIT=" 10
like "$SCREEN" "DIAG-EXIT=1" "keyboard: a broken key exits 1"
is "$(part keyboard '.verdict + " " + .rule')" "FAIL keyboard.broken" "keyboard: marked broken: FAIL"
is "$(part keyboard '.keys_broken | join(",")')" "A" "keyboard: the broken key in diag.json"
like "$(part keyboard '.reason')" "Keys of the keyboard that do not work \(1\): A\." "keyboard: the reason names it"

start kbd-absent "$SC/kbd-noq" --only keyboard --keymap us
wait_for "Enter: start the test"
keys Enter
wait_for "These keys were not pressed" 15
like "$SCREEN" "> Q +not pressed" "keyboard: --keymap us: the same key is Q"
keys A Enter
wait_for "DIAG-EXIT=" 10
is "$(part keyboard '.verdict')" "PASS" "keyboard: the rest marked absent: PASS"
is "$(part keyboard '(.keys_absent | join(",")) + " " + .layout.geometry')" "Q ansi" "keyboard: the absent key recorded, ANSI"

# ---- held to the end: the test waits for the key to be let go -----------------------
# (held down, its repeats would reach the console once the keyboard is let go
# and answer the next screen)
printf '[keyboard]\ndevice keyboard name=Test keyboard\nsleep 300\npress KEY_A\ndown KEY_ESC\nsleep 4000\nup KEY_ESC\n' >"$SC/kbd-held"
start kbd-held "$SC/kbd-held" --only keyboard
wait_for "Enter: start the test"
keys Enter
wait_for "Release the key" 6; ok $? "held two seconds: the test asks to let the key go"
unlike "$SCREEN" "These keys were not pressed" "... and does not end while it is down"
wait_for "These keys were not pressed" 6; ok $? "let go: the keys not pressed"
keys Escape 1
wait_for "DIAG-EXIT=" 10

# ---- skipping, with a reason ---------------------------------------------------------
start skip "$SC/kbd-all" --only keyboard,touchpad
wait_for "Enter: start the test"
keys s
wait_for "Stop this test\? Say why"; ok $? "skip: the reasons asked"
like "$SCREEN" "3\. This computer has none" "skip: 'has none' is a choice"
keys 3
wait_for "Touchpad, mouse" 5; ok $? "skip: the next test"
keys s 1
wait_for "DIAG-EXIT=" 10
is "$(part keyboard '.verdict + " " + .rule')" "ABSENT guided.said_absent" "skip: 'has none' is ABSENT, said by the volunteer"
is "$(part touchpad '.verdict + " " + .rule')" "NOT_TESTED guided.skip_time" "skip: 'no time' is NOT_TESTED"
like "$(part touchpad '.reason')" "Skipped by the volunteer: no time" "skip: the reason in words"
is "$(part display '.rule')" "guided.not_run" "skip: a guided test not asked for needs a person"
is "$(jq -r .complete "$S/diag.json")" "false" "skip: the diagnosis is incomplete"

# ---- touchpad --------------------------------------------------------------------------
cat >"$SC/pad" <<'EOF'
[touchpad]
device touchpad min_x=0 max_x=1000 min_y=0 max_y=600 buttonpad twofinger name=Test pad
sleep 300
EV_KEY BTN_TOUCH 1
EV_ABS ABS_X 30
EV_ABS ABS_Y 20
sync
EV_ABS ABS_X 970
sync
EV_ABS ABS_Y 580
sync
EV_ABS ABS_X 30
sync
EV_ABS ABS_X 500
EV_ABS ABS_Y 300
sync
EV_KEY BTN_LEFT 1
sync
EV_KEY BTN_LEFT 0
EV_ABS ABS_X 900
EV_ABS ABS_Y 560
sync
EV_KEY BTN_LEFT 1
sync
EV_KEY BTN_LEFT 0
EV_KEY BTN_TOOL_DOUBLETAP 1
EV_ABS ABS_Y 200
sync
EV_KEY BTN_TOOL_DOUBLETAP 0
sync
EOF
start pad "$SC/pad" --only touchpad
wait_for "Enter: start the test"
keys Enter
wait_for "Did the pointer move smoothly" 10; ok $? "touchpad: every step done ends it"
keys o
wait_for "DIAG-EXIT=" 10
is "$(part touchpad '.verdict')" "PASS" "touchpad: targets, clicks, scroll, smooth: PASS"
is "$(part touchpad '.metrics["touchpad.right"] + .metrics["touchpad.scroll"]')" "2" \
	"touchpad: the clickpad's bottom right is the right click; two fingers scroll"
head -n 14 "$SC/pad" >"$SC/pad-half"
start pad-half "$SC/pad-half" --only touchpad
wait_for "Enter: start the test"
keys Enter
wait_for "Targets reached: 4 of 5" 10; ok $? "touchpad: the targets reached counted on the screen"
keys Escape
wait_for "Some steps are not done"
keys 2
wait_for "Did the pointer move smoothly"
keys o
wait_for "DIAG-EXIT=" 10
is "$(part touchpad '.verdict + " " + .rule')" "NOT_TESTED touchpad.not_tried" "touchpad: steps not tried: NOT_TESTED"
start pad-fail "$SC/pad-half" --only touchpad
wait_for "Enter: start the test"
keys Enter
wait_for "Targets reached: 4 of 5" 10
keys Escape 1
wait_for "Did the pointer move smoothly"
keys o
wait_for "DIAG-EXIT=" 10
is "$(part touchpad '.verdict + " " + .rule')" "FAIL touchpad.targets" "touchpad: steps that do not work: FAIL"

# ---- screen: each picture is the colour the test claims ---------------------------------
start disp "$SC/none" --only display
wait_for "Enter: start the test"
like "$SCREEN" "full-screen colours" "display: the intro"
keys Enter
for c in black:000000 white:ffffff red:ff0000 green:00ff00 blue:0000ff grey:808080; do
	name=${c%%:*} rgb=${c##*:}
	wait_for "Screen, seen: $name" 5; ok $? "display: $name announced"
	is "$(centre "$T_TMP/disp.ppm")" "$rgb" "display: $name is shown ($rgb)"
	if [ "$name" = red ]; then keys n; else keys o; fi
	if [ "$name" = red ]; then
		wait_for "What is wrong with this picture" 5; ok $? "display: a defect: the list"
		keys 2
	fi
done
wait_for "Screen, seen: gradient" 5
is "$(centre "$T_TMP/disp.ppm")" "007f00" "display: the gradient (its green band, half way, at the centre)"
keys o
wait_for "DIAG-EXIT=" 10
is "$(part display '.verdict + " " + .rule')" "FAIL display.lines" "display: lines on red: FAIL"
is "$(part display '.metrics["display.screens"]')" "7" "display: seven pictures judged"
is "$(part display '[.pictures[] | select(.answer == "defect") | .picture + ":" + .defect] | join(",")')" "red:lines" \
	"display: which picture, which defect"

# ---- no devices here, no terminal -------------------------------------------------------
run "$DIAG" --only keyboard --session "$T_TMP/noterm" --progress=none </dev/null
is "$status" 3 "no terminal: exit 3 (it could not run)"
is "$(jq -r '[.parts[] | select(.part == "keyboard")][0].rule' "$T_TMP/noterm/diag.json")" "guided.no_terminal" \
	"no terminal: NOT_TESTED, there was no one to ask"
run "$DIAG" --only keyboard --root "$FIXTURES/diag/roots/desktop" --session "$T_TMP/root" --progress=none </dev/null
is "$(jq -r '[.parts[] | select(.part == "keyboard")][0].rule' "$T_TMP/root/diag.json")" "live_only" \
	"--root: the guided tests need the machine itself"
run "$DIAG" --only keyboard --keymap 'fr;rm' --session "$T_TMP/bad" </dev/null
is "$status" 2 "--keymap with a bad name exits 2"

# ---- French; the automatic run keeps the guided parts -------------------------------------
GLANG=fr_FR.UTF-8 start fr "$SC/kbd-noq" --only keyboard
wait_for "Entrée : commencer le test"; ok $? "French: the intro"
like "$SCREEN" "Appuyez une fois sur chaque touche" "French: what to do"
keys Enter
wait_for "Ces touches n'ont pas été appuyées" 15; ok $? "French: the keys not pressed"
keys b Enter
wait_for "DIAG-EXIT=" 10
run "$DIAG" --only battery --root "$FIXTURES/diag/roots/desktop" --session "$S" --progress=none
is "$(part keyboard '.verdict')" "FAIL" "merge: the automatic run keeps the keyboard's verdict"
is "$(jq -r '.profile' "$S/diag.json")" "quick" "merge: the profile is the automatic run's"

done_testing
