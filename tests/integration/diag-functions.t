#!/bin/bash
# reco diag's function parts (issue 17) on a captured laptop tree
# (tests/fixtures/diag/roots/laptop-functions): the verdict of each function
# with its reason code, the firmware file named, --only and its errors, the
# French Repair Café sheet and the certificate's "Fonctions testées" block,
# which says "tested on all its functions" only when true.  The live
# measurements (scans, sound, cameras) are the VM scenarios 20 and 21.
. "$(dirname "$0")/lib.sh"

DIAG="$RECO_BUILD/bin/reco-diag"
ROOT=$FIXTURES/diag/roots/laptop-functions
FN=wifi,bluetooth,ethernet,sound,camera,usb,screen,power,media
S=$T_TMP/s1

part() { # part ID JQ: the filter on the part with that id in $S/diag.json
	jq -r --arg id "$1" "[.parts[] | select(.id == \$id)][0] | $2" "$S/diag.json" 2>/dev/null
}

run "$DIAG" --only "$FN" --root "$ROOT" --session "$S" --progress=none
is "$status" 1 "a failing function: exit 1"
is "$(part 0000:02:00.0 '.part + " " + .verdict + " " + .rule')" "wifi FAIL wifi.no_firmware" \
	"Wi-Fi card whose firmware is missing: FAIL"
is "$(part 0000:02:00.0 '.firmware_failed[0].file')" "iwlwifi-8265-36.ucode" "the missing firmware file is named"
is "$(part 0000:02:00.0 '.driver')" "iwlwifi" "its driver is named"
is "$(part hci0 '.verdict + " " + .rule')" "NOT_TESTED radio_off_soft" "Bluetooth switched off: NOT_TESTED"
is "$(part 0000:00:14.0 '.verdict + " " + .rule')" "WARN usb.stuck_usb2" "USB 3 stick at USB 2 speed: WARN"
is "$(part 0000:00:14.0 '.devices[0].port + " " + (.devices[0].speed_mbps | tostring)')" "1-1 480" \
	"device listed with its port and speed"
is "$(part eDP-1 '.verdict + " " + .rule')" "NOT_TESTED screen.backlight_not_tested" \
	"panel read, backlight not exercised on a captured tree: NOT_TESTED"
is "$(part eDP-1 '.edid.native_mode_offered')" "true" "the panel's native mode is offered"
is "$(part power '.verdict + " " + .rule')" "NOT_TESTED power.charger_unplugged" "charger unplugged: NOT_TESTED"
is "$(part power '.metrics["power.runtime_min"]')" "180" "runtime on battery estimated (minutes)"
is "$(part sr0 '.verdict + " " + .rule')" "NOT_TESTED no_medium" "empty DVD drive: NOT_TESTED"
for f in ethernet sound camera; do
	is "$(jq -r --arg p "$f" '[.parts[] | select(.part == $p)][0].verdict' "$S/diag.json")" ABSENT "$f: ABSENT"
done
is "$(jq -r '[.parts[] | select(.part == "cpu")][0].rule' "$S/diag.json")" skipped "parts left out: NOT_TESTED (skipped)"
is "$(jq -r .grade "$S/diag.json")" C "a function that fails: grade C"
like "$out" "Wi-Fi 0000:02:00.0 faulty" "human output names the function"

# --only and its errors
run "$DIAG" --only wifi,gpu
is "$status" 2 "--only with an unknown part exits 2"
like "$err" "unknown part 'gpu'.*bluetooth.*media" "--only lists the function parts"
run "$DIAG" --help
like "$out" "--wifi-conf FILE" "--help documents --wifi-conf"
run "$DIAG" --only wifi --wifi-conf "$T_TMP/none.conf" --root "$ROOT" --session "$T_TMP/s2" --progress=none
like "$err" "none.conf" "an unreadable --wifi-conf is named"

# the Repair Café sheet, in French
run "$DIAG" --repair-cafe --only "$FN" --root "$ROOT" --session "$T_TMP/s3" --progress=none
is "$status" 1 "repair-cafe: exit status follows the verdicts"
like "$out" "La carte Wi-Fi n.a pas démarré : son micrologiciel manque" "the sheet explains the failure in plain French"
flat=$(printf '%s' "$out" | tr -s ' \n' ' ')
like "$flat" "Pas testé sur toutes ses fonctionnalités :.*Wi-Fi \(en panne\)" "the sheet says what was not tested"
unlike "$out" "The Wi-Fi card|switched off" "no English on the French sheet"

# the certificate
if command -v pdftotext >/dev/null && [ -x "$RECO_BUILD/bin/reco-report" ]; then
	export RECO_KEYS=$T_TMP/nokeys
	"$RECO_BUILD/bin/reco-report" seal "$S" --no-pdf >/dev/null 2>&1
	run "$RECO_BUILD/bin/reco-report" render "$S/report.json" --pdf "$S/c.pdf" --lang fr
	is "$status" 0 "certificate rendered"
	txt=$(pdftotext -layout "$S/c.pdf" - | tr -s ' \n' ' ')
	like "$txt" "Fonctions testées" "the certificate has a Fonctions testées block"
	like "$txt" "Wi-Fi +en panne" "each function with its verdict"
	like "$txt" "Pas testé sur toutes ses fonctionnalités" "not claimed tested on all its functions"
	unlike "$txt" "testé sur toutes ses fonctionnalités, et elles" "the claim is not made"
	is "$(jq -r '[.diag.parts[] | select(.part == "wifi")][0].rule' "$S/report.json")" "wifi.no_firmware" \
		"the signed report carries the function verdicts"
else
	for i in 1 2 3 4 5 6; do skip "certificate checks need pdftotext and reco-report"; done
fi

done_testing
