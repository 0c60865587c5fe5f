#!/bin/bash
# Hidden areas of ATA disks (HPA, AMAC, DCO), end to end against the
# simulated drive on image files: what is hidden is counted and makes the
# result "failed" until it is removed; what cannot be read is "not checked",
# never "0 hidden sectors"; nothing is changed before the confirmation.
# RECO_WIPE_SIM_LOG records the ATA commands the simulated drive received.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
BIN=$RECO_BUILD/bin

# hw NAME SPEC ARGS...: wipes a fresh 16 MiB image (zero method), result in $T_TMP/NAME.json
hw() {
	name=$1 spec=$2
	shift 2
	img=$(mkimg "$name.img" 16 random)
	: >"$T_TMP/$name.log"
	run env RECO_WIPE_SIMULATE="$spec" RECO_WIPE_SIM_LOG="$T_TMP/$name.log" "$BIN/reco-wipe" --method zero --yes \
		--json --session "$T_TMP/$name" "$@" "$img"
	printf '%s' "$out" >"$T_TMP/$name.json"
}
f() { jq -r "$1" "$T_TMP/$2.json"; }

# ACS-3 drive: GET NATIVE MAX ADDRESS EXT, not READ NATIVE MAX ADDRESS
hw amac ata,amac,hpa
is "$status" 1 "AMAC drive with a hidden area: exit 1"
is "$(f '.targets[0].hpa | [.status, .command, .hidden_sectors] | join(" | ")' amac)" \
	"checked | GET NATIVE MAX ADDRESS EXT (78h/0000h) | 8192" "AMAC: read with GET NATIVE MAX, 8192 sectors hidden"
like "$(f '.targets[0].reason' amac)" "Host Protected Area of 8192 sectors" "AMAC: failed, the reason says so"
hw amac-rm ata,amac,hpa --remove-hpa
is "$(f '.targets[0] | [.result, .hpa.removed, .hpa.hidden_sectors_after] | join(" ")' amac-rm)" "erased true 0" \
	"AMAC --remove-hpa: erased, nothing hidden afterwards"
like "$(cat "$T_TMP/amac-rm.log")" "ata 78 feature 0001" "AMAC --remove-hpa: SET ACCESSIBLE MAX ADDRESS EXT sent"

is "$(f '.targets[0].simulated_drive' amac)" "ata,amac,hpa" "a simulated run says so in the result"

# neither command: "not checked", no count
hw nohpa ata,nohpa
is "$(f '.targets[0].hpa | [.status, has("hidden_sectors")] | join(" ")' nohpa)" "not checked false" \
	"no HPA nor AMAC: not checked, no hidden count at all"
like "$(f '.targets[0].hpa.reason' nohpa)" "neither READ NATIVE MAX ADDRESS .* nor GET NATIVE MAX ADDRESS" \
	"not checked: the reason"
is "$(f '.targets[0].result' nohpa)" erased "not checked: the visible capacity is still erased"
like "$(f '.targets[0].reason' nohpa)" "hidden areas \(HPA/DCO\) not checked" "not checked: the result says it"

# a DCO hiding capacity counts like an HPA; --restore-dco brings it back
hw dco ata,dco
is "$status" 1 "DCO hiding capacity: exit 1"
is "$(f '.targets[0].hpa.dco | [.status, .hidden_sectors, .restored] | join(" ")' dco)" "checked 4096 false" \
	"DCO: 4096 sectors hidden, counted"
like "$(f '.targets[0].reason' dco)" "Device Configuration Overlay hides 4096 sectors.*--restore-dco" \
	"DCO: failed with the remedy"
hw dco-rs ata,dco --restore-dco
is "$(f '.targets[0] | [.result, .hpa.dco.restored, .hpa.dco.hidden_sectors] | join(" ")' dco-rs)" "erased true 0" \
	"--restore-dco: restored, erased"
like "$(cat "$T_TMP/dco-rs.log")" "ata b1 feature 00c0" "--restore-dco: DEVICE CONFIGURATION RESTORE sent"

# fixed-format sense (SAT): parsed, the small disk's native max is whole
hw fixed ata,fixedsense,hpa
is "$(f '.targets[0].hpa | [.status, .hidden_sectors] | join(" ")' fixed)" "checked 8192" \
	"fixed-format sense: the hidden area is read"
# a bridge without ATA PASS-THROUGH, an IDENTIFY without data: not checked
hw bridge ata,bridge
is "$(f '.targets[0].hpa | [.status, .reason] | join(" | ")' bridge)" \
	"not checked | the bridge or HBA refused ATA PASS-THROUGH (it does not pass ATA commands to the drive)" \
	"USB-style bridge: not checked, with the reason"
hw emptyid ata,emptyid
is "$(f '.targets[0].hpa.status' emptyid)" "not checked" "IDENTIFY without data: not checked"

# --remove-hpa changes nothing before the person has confirmed
img=$(mkimg noconfirm.img 16 random)
: >"$T_TMP/noconfirm.log"
run env RECO_WIPE_SIMULATE=ata,hpa RECO_WIPE_SIM_LOG="$T_TMP/noconfirm.log" "$BIN/reco-wipe" --method zero \
	--remove-hpa --session "$T_TMP/noconfirm" "$img" </dev/null
is "$status" 2 "--remove-hpa, no confirmation: exit 2"
unlike "$(cat "$T_TMP/noconfirm.log")" "ata 37" "--remove-hpa, no confirmation: no SET MAX ADDRESS sent"
like "$(cat "$T_TMP/noconfirm.log")" "ata 27" "--remove-hpa, no confirmation: READ NATIVE MAX was (reading only)"
run env RECO_WIPE_SIMULATE=ata,hpa "$BIN/reco-wipe" --method zero --remove-hpa --dry-run "$img"
like "$out" "a Host Protected Area hides 8192 sectors: it will be removed, then wiped" "dry run: the plan says it"
run env RECO_WIPE_SIMULATE=ata,hpa "$BIN/reco-wipe" --method zero --dry-run "$img"
like "$out" "the result will be \"failed\" unless --remove-hpa" "dry run without --remove-hpa: the plan warns"

done_testing
