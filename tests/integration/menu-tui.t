#!/bin/bash
# reco menu, the real ncurses program, driven in tmux on an 80x25 screen
# (send-keys to type, capture-pane to read) over a fake reco: the summary,
# progress bars held at 50 %, the serial confirmation (a wrong answer, then
# the right one), the result screen; Esc at the confirmation wipes nothing;
# English on request; the Repair Café mode.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/menu-lib.sh"

SESSION=recomenu
. "$(dirname "$0")/tmux-lib.sh"
[ -n "${KEEP_SCREENS:-}" ] && trap "cp \"\$T_TMP/screens.fr\" /tmp/screens.fr; tmux_cleanup" EXIT

# start_menu NAME [ARGS...]: the menu in a fresh 80x25 tmux session
start_menu() {
	local name=$1
	shift
	CUR_LANG=fr # French by default; English on request
	case "$* ${MENU_LANG:-}" in *"--lang en"* | *en_US*) CUR_LANG=en ;; esac
	# every French screen is read again at the end for English words
	SCREEN_LOG=
	[ "$CUR_LANG" = fr ] && SCREEN_LOG=$T_TMP/screens.fr
	[ -n "${KEEP_DATA:-}" ] || fresh_data "$name" # KEEP_DATA: fresh_data was called, with files added
	if [ -z "${NOKEY:-}" ]; then
		mkdir -p "$DATA/keys"
		echo key >"$DATA/keys/station.key"
		echo cert >"$DATA/keys/station.pem"
	fi
	HOLD=$T_TMP/$name/hold
	touch "$HOLD"
	new_server
	tm new-session -d -s $SESSION -x 80 -y 25 \
		env PATH="$PATH" RECO_REAL_BIN="$RECO_REAL_BIN" FAKE_LOG="$FAKE_LOG" FAKE_HOLD="$HOLD" \
		RECO_DATA="$DATA" LANG="${MENU_LANG:-C.UTF-8}" LC_ALL= TERM=xterm ${MENU_ENV:-} \
		bash -c "reco menu --cmdline '$CMDLINE' $*; echo MENU-EXIT=\$?; sleep 60"
}


# --- the walk-through, in French by default ---------------------------------------
start_menu fr
wait_for "Entrée : commencer"; ok $? "summary screen shown, in French by default"
like "$SCREEN" "Cet ordinateur" "summary: the machine first"
like "$SCREEN" "Modèle : +LENOVO ThinkPad T480" "summary: model"
like "$SCREEN" "N° de série : +PF1ABCDE" "summary: serial"
like "$SCREEN" "Processeur : +Intel" "summary: CPU"
like "$SCREEN" "Mémoire : +7,6 Gio" "summary: RAM, in French units"
like "$SCREEN" "Batterie : +BAT0, usure 55 %" "summary: battery wear"
like "$SCREEN" "nvme0n1 .* SMART EN PANNE" "summary: disk health"
like "$SCREEN" "Pas les disques de cet ordinateur \(jamais effacés\)" "summary: what is not this computer's, apart"
like "$SCREEN" "-> le support de démarrage reco" "summary: the boot stick, with the reason, in the menu's language"
like "$SCREEN" "Entrée : commencer" "summary: key help on the last line"
width=$(printf '%s\n' "$SCREEN" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
ok "$([ "$width" -le 80 ] && echo 0 || echo 1)" "summary fits 80 columns ($width)"
keys Enter
wait_for "Processeur +\[#+\.+\] +50.%"; ok $? "diagnostics: a progress bar at 50 %"
rm -f "$HOLD"
wait_for "Disque 1 sur 2 à effacer"; ok $? "confirmation of the first disk"
like "$SCREEN" "Tapez les 4 derniers caractères du numéro de série pour confirmer l'effacement" "confirmation: asks for the last 4 characters"
like "$SCREEN" "WD-WX51A1234ABCD" "confirmation: shows the serial"
touch "$HOLD"
keys 1 2 3 4 Enter
wait_for "Ça ne correspond pas"; ok $? "a wrong answer is refused"
unlike "$(cat "$FAKE_LOG")" "^wipe --method" "nothing wiped after a wrong answer"
keys a b c d Enter
wait_for "Disque 2 sur 2"; ok $? "right answer (any case): the second disk"
keys 3 4 5 6 Enter
wait_for "sda +\[#+\.+\] +50.%.*vérification"; ok $? "wipe: progress bar per disk"
like "$SCREEN" "nvme0n1 +\[#+\.+\] +50.% +150 Mo/s" "wipe: a bar for the second disk"
like "$SCREEN" "nvme0n1 .* 1/1 2 min" "wipe: the French progress lines fit 80 columns uncut (time left shown whole)"
rm -f "$HOLD"
wait_for "RÉUSSI : cet ordinateur est prêt" 15; ok $? "result screen: PASS"
like "$SCREEN" "Effacement : +terminé \(2/2 disques effacés\)" "result: both disks erased"
like "$SCREEN" "Certificat enregistré dans :" "result: where the certificate is"
log=$(cat "$FAKE_LOG")
S=$(session_dir)
like "$log" "wipe --method auto --verify full --progress=json --yes --session $S --expect-serial WD-WX51A1234ABCD --expect-diskseq 41 --expect-serial S41GNX0M123456 --expect-diskseq 42 /dev/sda /dev/nvme0n1" \
	"--yes passed only after both confirmations, eligible disks only, each with the identity confirmed"
like "$log" "report render $S/report.json --pdf $S/certificate.pdf --lang fr" "certificate rendered in French"
keys Enter
wait_for "MENU-EXIT=0"; ok $? "Enter quits, exit 0 after a PASS"
run jq -r .result "$S/DONE"
is "$out" "ok" "the interactive menu writes DONE too"

# --- no station key (a CD or network boot without the stick): never "ready" ------------
NOKEY=1 start_menu nokey
rm -f "$HOLD"
wait_for "Cet ordinateur"
keys s
wait_for "Disque 1 sur 2"
keys a b c d Enter
wait_for "Disque 2 sur 2"
keys 3 4 5 6 Enter
wait_for "ÉCHEC : cet ordinateur n'est pas prêt" 15; ok $? "no station key: result FAIL, never ready"
like "$SCREEN" "(NON signé|n.est PAS signé)" "no station key: says the report is not signed"
unlike "$SCREEN" "Tout est enregistré" "no station key: never 'everything is saved'"
keys Enter
wait_for "MENU-EXIT=1"; ok $? "no station key: exit 1"

# --- no RECO-DATA stick (a network or CD boot): asked for before any wipe ---------------
# attach-data finds nothing the first time, the stick the second time
printf '#!/bin/sh\nif [ -e "%s" ]; then rm -f "%s"; exit 0; fi\ntouch "%s"; exit 1\n' \
	"$T_TMP/attach-tried" "$T_TMP/ram-flag" "$T_TMP/attach-tried" >"$T_TMP/attach"
chmod +x "$T_TMP/attach"
touch "$T_TMP/ram-flag"
MENU_ENV="RECO_VOLATILE_FLAG=$T_TMP/ram-flag RECO_ATTACH_DATA=$T_TMP/attach" start_menu stick --lang en
rm -f "$HOLD"
wait_for "This computer"
like "$SCREEN" "!! No RECO-DATA stick: the report would only be in memory" "no stick: the summary says so"
keys s
wait_for "Plug in this station's RECO-DATA stick"; ok $? "no stick: asked for before the first disk's confirmation"
unlike "$SCREEN" "Disk 1 of 2" "no stick: no confirmation yet"
like "$SCREEN" "Nothing is wiped without it" "no stick: says nothing is wiped without it"
keys Enter
wait_for "No RECO-DATA stick of this station was found"; ok $? "no stick found: says so, asks again"
keys Enter
wait_for "Disk 1 of 2 to wipe"; ok $? "stick found (attach-data): the confirmation goes on"
ok "$([ ! -e "$T_TMP/ram-flag" ]; echo $?)" "stick found: the data is on it"
keys Escape
wait_for "FAIL: this computer is not ready" 10
keys Enter
wait_for "MENU-EXIT="

touch "$T_TMP/ram-flag"
MENU_ENV="RECO_VOLATILE_FLAG=$T_TMP/ram-flag RECO_ATTACH_DATA=$T_TMP/no-such-helper" start_menu stick-esc --lang en
rm -f "$HOLD"
wait_for "This computer"
keys s
wait_for "Esc: wipe nothing"; ok $? "no stick: Esc wipes nothing"
keys Escape
wait_for "Esc: go on without it"; ok $? "no stick: asked again before the report"
keys Escape
wait_for "FAIL: this computer is not ready" 10; ok $? "no stick, declined: FAIL"
like "$SCREEN" "no RECO-DATA stick: nothing was wiped" "no stick, declined: says why nothing was wiped"
unlike "$(cat "$FAKE_LOG")" "^wipe --method" "no stick, declined: reco wipe never ran"
keys Enter
wait_for "MENU-EXIT=1"

# --- after a power cut: asked before resuming, with the journals' disks -----------------
# resume_session NAME: the menu over a data directory holding a session
# interrupted half way (sda) and a quarter way (nvme0n1)
resume_session() {
	fresh_data "$1"
	OLD=$DATA/sessions/reco1-testdevice0001/20261201T100000Z
	mkdir -p "$OLD"
	journal "$OLD" sda /dev/sda WD-WX51A1234ABCD write 250053931008
	journal "$OLD" nvme0n1 /dev/nvme0n1 S41GNX0M123456 write 64015128576
	KEEP_DATA=1 start_menu "$1" --lang en
}
resume_session resume
rm -f "$HOLD"
wait_for "An interrupted wipe was found"; ok $? "power cut: asks before resuming"
flat=$(printf '%s' "$SCREEN" | tr -s ' \n' ' ')
like "$flat" "/dev/sda WDC WD5000LPLX-75ZNTT1 serial WD-WX51A1234ABCD: pass 1/1, 50 % done" "resume: each journal's disk, how far it went"
like "$flat" "/dev/nvme0n1 SAMSUNG MZVLB256HAHQ-000L7 serial S41GNX0M123456: pass 1/1, 25 % done" "resume: the second disk"
like "$SCREEN" "Enter: resume the wipe +N: start again" "resume: the choice on the key line"
unlike "$(cat "$FAKE_LOG")" "^wipe --(resume|method)" "resume: nothing wiped before the answer"
keys Enter
wait_for "This computer"
keys s
wait_for "Disk 1 of 2 to wipe"; ok $? "resume: each disk confirmed again"
keys a b c d Enter
wait_for "Disk 2 of 2"
keys 3 4 5 6 Enter
wait_for "PASS: this computer is ready|FAIL: this computer is not ready" 15
like "$(cat "$FAKE_LOG")" "^wipe --resume --progress=json --yes --session $OLD --expect-serial WD-WX51A1234ABCD --expect-diskseq 41 --expect-serial S41GNX0M123456 --expect-diskseq 42 /dev/sda /dev/nvme0n1\$" \
	"resume: reco wipe --resume in the old session, after the confirmations"
ok "$([ -s "$OLD/report.json" ]; echo $?)" "resume: the report is sealed in the old session"
keys Enter
wait_for "MENU-EXIT="

resume_session restart
rm -f "$HOLD"
wait_for "An interrupted wipe was found"
keys n
wait_for "This computer"
like "$(printf '%s' "$SCREEN" | tr -s ' \n' ' ')" "not resumed: the volunteer chose to start again" "N: the summary says the wipe starts again"
keys s
wait_for "Disk 1 of 2 to wipe"
keys a b c d Enter
wait_for "Disk 2 of 2"
keys 3 4 5 6 Enter
wait_for "PASS: this computer is ready|FAIL: this computer is not ready" 15
like "$(cat "$FAKE_LOG")" "^wipe --method auto --verify full --progress=json --yes --session $DATA/sessions/reco1-testdevice0001/2[0-9T]*Z --expect" \
	"N: a fresh wipe in a new session"
unlike "$(cat "$FAKE_LOG")" "--resume|--session $OLD" "N: the old session is not used"
ok "$([ -s "$OLD/superseded" ]; echo $?)" "N: the old session is marked superseded"
keys Enter
wait_for "MENU-EXIT="

# --- Esc at the confirmation: nothing wiped, FAIL -------------------------------------
start_menu esc
rm -f "$HOLD"
wait_for "Cet ordinateur"
keys s
wait_for "Disque 1 sur 2"; ok $? "S skips the diagnostics"
unlike "$(cat "$FAKE_LOG")" "^diag" "skipped diagnostics: reco diag not run"
keys Escape
wait_for "ÉCHEC : cet ordinateur n'est pas prêt" 10; ok $? "Esc: result FAIL"
like "$SCREEN" "non confirmé : rien n'a été effacé" "Esc: says nothing was wiped"
unlike "$(cat "$FAKE_LOG")" "^wipe --method" "Esc: reco wipe never ran"
keys Enter
wait_for "MENU-EXIT=1"; ok $? "exit 1 after a FAIL"

# --- Esc during a step: stop the tool -------------------------------------------------
start_menu stop
wait_for "Cet ordinateur"
keys Enter
wait_for "50 *%"
keys Escape
wait_for "Arrêter maintenant"; ok $? "Esc during a step asks before stopping"
keys o
wait_for "Disque 1 sur 2|Résultat" 10; ok $? "stopping the diagnostics moves on"
keys q
keys Escape

# --- English ------------------------------------------------------------------------
start_menu en --lang en
wait_for "This computer"; ok $? "--lang en: English"
like "$SCREEN" "Enter: start" "--lang en: English key help"
keys q
wait_for "MENU-EXIT="; ok $? "Q quits"

MENU_LANG=en_US.UTF-8 start_menu envlang
wait_for "This computer"; ok $? "LANG=en_US.UTF-8: English"
keys q

fresh_data conflang
printf 'language = en\n' >"$DATA/reco.conf"
new_server
tm new-session -d -s $SESSION -x 80 -y 25 env PATH="$PATH" RECO_REAL_BIN="$RECO_REAL_BIN" FAKE_LOG="$FAKE_LOG" \
	RECO_DATA="$DATA" LANG=C.UTF-8 TERM=xterm bash -c "reco menu --cmdline '$CMDLINE'; sleep 60"
wait_for "This computer"; ok $? "reco.conf language=en: English"
keys q

# --- Repair Café ------------------------------------------------------------------------
start_menu rc --repair-cafe
rm -f "$HOLD"
wait_for "Mode Repair Café"; ok $? "Repair Café: says nothing is wiped"
unlike "$SCREEN" "sera effacé" "Repair Café: no disk marked for wiping"
keys s
sleep 0.3
unlike "$(cat "$FAKE_LOG")" "^diag" "Repair Café: S does not skip the diagnosis"
keys Enter
wait_for "AUCUNE PANNE TROUVÉE" 10; ok $? "Repair Café: result"
like "$SCREEN" "DIAGNOSTIC — Repair Café" "Repair Café: the plain-language sheet is shown"
like "$(cat "$FAKE_LOG")" "^diag --repair-cafe --progress=json" "Repair Café: reco diag --repair-cafe"
unlike "$(cat "$FAKE_LOG")" "^wipe|^report" "Repair Café: no wipe, no wipe list, no report"
keys Enter

echo "reco.mode=repair-cafe" >"$T_TMP/rc-cmdline"
fresh_data rc2
new_server
tm new-session -d -s $SESSION -x 80 -y 25 env PATH="$PATH" RECO_REAL_BIN="$RECO_REAL_BIN" FAKE_LOG="$FAKE_LOG" \
	RECO_DATA="$DATA" LANG=C.UTF-8 TERM=xterm bash -c "reco menu --cmdline '$T_TMP/rc-cmdline'; sleep 60"
wait_for "Mode Repair Café"; ok $? "reco.mode=repair-cafe on the kernel command line"
keys q

# The French screens shown above hold no English word (english-words.py:
# a word list, prose only, not hardware names or codes the person types).
run python3 "$(dirname "$0")/english-words.py" "$T_TMP/screens.fr"
ok "$status" "no English word on the French screens" "$out"
done_testing
