#!/bin/bash
# reco inventory: the displays section, from EDID blobs in a fake
# /sys/class/drm tree (--root), beside an empty connector and a blob with a
# bad extension checksum.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/edid-lib.sh"

EDID=$FIXTURES/edid
ROOT=$T_TMP/root
mkdir -p "$ROOT/sys/class/drm/card0"

# the laptop panel: AUO B140HTN02.0, 14", 1920x1080, 309 x 174 mm
edid_blob "$EDID/Digital/AU Optronics/AUO203D/AEE10812F08A" "$T_TMP/panel.bin"
is "$(stat -c %s "$T_TMP/panel.bin")" 128 "fixture blob extracted (128 bytes)"
drm_connector "$ROOT" card0-eDP-1 connected enabled "$T_TMP/panel.bin"
# nothing plugged into HDMI: empty edid, skipped
drm_connector "$ROOT" card0-HDMI-A-1 disconnected disabled
# an external monitor whose CTA block has a bad checksum (Dell U2410)
edid_blob "$EDID/Digital/Dell/DELF016/8B6441114351" "$T_TMP/dell.bin"
drm_connector "$ROOT" card0-DP-1 connected enabled "$T_TMP/dell.bin"

run "$RECO" inventory --json --root "$ROOT" --no-smart
is "$status" 0 "inventory with displays exits 0"
is "$err" "" "nothing on stderr"
# the JSON is kept in a file and read by jq: the command under test is never piped
printf '%s\n' "$out" >"$T_TMP/inv.json"
run jq -c '.displays | map(.connector)' "$T_TMP/inv.json"
is "$out" '["DP-1","eDP-1"]' "two displays, empty connector skipped, sorted"

run jq -c '.displays[] | select(.connector == "eDP-1") |
	[.card, .status, .enabled, .vendor, .product_code, .year, .edid_version,
	 .width_mm, .height_mm, .diagonal_tenth_inch, .preferred_width,
	 .preferred_height, .interlaced, .checksum_ok, .problems, .strings, .digital]' \
	"$T_TMP/inv.json"
is "$out" '["card0","connected",true,"AUO",8253,2019,"1.4",309,174,140,1920,1080,false,true,[],["AUO","B140HTN02.0"],true]' \
	"eDP-1 panel decoded (size from the DTD's millimetres)"
run jq -c '.displays[] | select(.connector == "eDP-1") | [has("week"), has("name"), has("serial")]' "$T_TMP/inv.json"
is "$out" '[false,false,false]' "absent week, name and serial are omitted"

run jq -c '.displays[] | select(.connector == "DP-1") |
	[.vendor, .name, .serial_string != null, .week, .year, .width_mm, .height_mm,
	 .diagonal_tenth_inch, .preferred_width, .preferred_height, .extensions,
	 .checksum_ok, .problems]' "$T_TMP/inv.json"
is "$out" '["DEL","DELL U2410",true,38,2010,518,324,241,1920,1200,1,false,["checksum-bad:1"]]' \
	"bad extension checksum: reported, not fatal"

run jq -e '[.. | numbers | select(. != floor)] | length == 0' "$T_TMP/inv.json"
is "$status" 0 "no real numbers in the document"

# an EDID that cannot be read: a note, the others still listed
mkdir -p "$ROOT/sys/class/drm/card1-DP-3/edid"
run "$RECO" inventory --json --root "$ROOT" --no-smart
is "$status" 0 "an unreadable EDID is not fatal"
printf '%s\n' "$out" >"$T_TMP/inv2.json"
run jq -c '[.notes[] | select(.section == "displays") | .message]' "$T_TMP/inv2.json"
like "$out" 'card1-DP-3/edid: cannot read EDID' "the unreadable EDID gets a note"
run jq '.displays | length' "$T_TMP/inv2.json"
is "$out" 2 "the readable displays are still there"
rm -rf "$ROOT/sys/class/drm/card1-DP-3"

# truncated blob (first 100 bytes): listed with its problems, no crash
head -c 100 "$T_TMP/panel.bin" >"$T_TMP/short.bin"
drm_connector "$ROOT" card0-eDP-2 connected enabled "$T_TMP/short.bin"
run "$RECO" inventory --json --root "$ROOT" --no-smart
is "$status" 0 "a truncated EDID does not make inventory fail"
printf '%s\n' "$out" >"$T_TMP/inv3.json"
run jq -c '.displays[] | select(.connector == "eDP-2") | [.vendor, .problems, .checksum_ok]' "$T_TMP/inv3.json"
is "$out" '["AUO",["partial-block","short"],false]' "truncated EDID: decoded fields and problems"
rm -rf "$ROOT/sys/class/drm/card0-eDP-2"

# the human summary shows the screen size
run "$RECO" inventory --root "$ROOT" --no-smart
is "$status" 0 "human summary exits 0"
like "$out" '14\.0 in  1920×1080' "human summary shows the 14.0\" screen"

# no /sys/class/drm at all: no displays section
mkdir -p "$T_TMP/bare"
run "$RECO" inventory --json --root "$T_TMP/bare" --no-smart
if [ "$status" = 0 ]; then
	printf '%s\n' "$out" >"$T_TMP/bare.json"
	run jq 'has("displays")' "$T_TMP/bare.json"
	is "$out" false "no /sys/class/drm: section absent"
else
	is "$status" 3 "no /sys/class/drm and nothing else: exit 3"
	unlike "$out" '"displays"' "no /sys/class/drm: section absent"
fi

done_testing
