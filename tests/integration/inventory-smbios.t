#!/bin/bash
# inventory-smbios.t — the `system` section of `reco inventory` from SMBIOS
# dumps (--dmi-dump), sysfs trees (--root), and the error paths: missing and
# unreadable files, exit 0 with partial data, 3 when nothing could be read.
. "$(dirname "$0")/lib.sh"

SM=$FIXTURES/smbios
EMPTY=$T_TMP/empty-root          # a --root with nothing in it: no other section reads anything
mkdir -p "$EMPTY"

jq_get() { # FILE PATH... -> value via perl's JSON::PP (no jq dependency)
	perl -MJSON::PP -e 'my $d = decode_json(do { local $/; open my $f, "<", shift or die; <$f> });
		for my $k (@ARGV) { $d = ref $d eq "ARRAY" ? $d->[$k] : $d->{$k}; }
		print defined $d ? (ref $d ? JSON::PP->new->canonical->encode($d) : $d) : "(absent)";' "$@"
}

# --- the ThinkPad T490 (SMBIOS 3.1.1, _SM3_) ---
run reco inventory --json --root "$EMPTY" --dmi-dump "$SM/u-root/smbios_table.bin"
is "$status" 0 "T490 dump: exit 0 (system section only: partial data)"
printf '%s' "$out" >"$T_TMP/t490.json"
is "$(jq_get "$T_TMP/t490.json" system system vendor)" "LENOVO" "T490: vendor"
is "$(jq_get "$T_TMP/t490.json" system system product)" "20N2CTO1WW" "T490: product"
is "$(jq_get "$T_TMP/t490.json" system system serial)" "PF1NKFHN" "T490: serial"
is "$(jq_get "$T_TMP/t490.json" system system uuid)" "0677d5cc-25b1-11b2-a85c-c66e0b64b3d5" "T490: UUID (>= 2.6 byte order)"
is "$(jq_get "$T_TMP/t490.json" system smbios_version)" "3.1.1" "T490: SMBIOS version"
is "$(jq_get "$T_TMP/t490.json" system chassis form)" "laptop" "T490: chassis form"
is "$(jq_get "$T_TMP/t490.json" system memory_devices 1 size_bytes)" "34359738368" "T490: second DIMM is 32 GiB, in bytes"
is "$(jq_get "$T_TMP/t490.json" system memory_slots total)/$(jq_get "$T_TMP/t490.json" system memory_slots populated)" "2/2" "T490: memory slots"
is "$(jq_get "$T_TMP/t490.json" schema)" "reco-inventory/1" "schema"

# --- Dell Precision 490 (SMBIOS 2.3, _SM_), empty slots counted ---
run reco inventory --json --root "$EMPTY" --dmi-dump "$SM/python-dmidecode/DellPrecisionWorkStation-490.dmp"
is "$status" 0 "Dell 490 dump: exit 0"
printf '%s' "$out" >"$T_TMP/dell.json"
is "$(jq_get "$T_TMP/dell.json" system system uuid)" "44454c4c-4c00-1056-8058-c2c04f31334a" "Dell 490: UUID (2.3: stored order)"
is "$(jq_get "$T_TMP/dell.json" system system serial)" "BLVX13J" "Dell 490: serial"
is "$(jq_get "$T_TMP/dell.json" system memory_slots total)/$(jq_get "$T_TMP/dell.json" system memory_slots populated)" "8/2" "Dell 490: 8 slots, 2 populated"

# --- Surface Laptop 3: Windows RawSMBIOSData, a <BAD INDEX> asset tag ---
run reco inventory --json --root "$EMPTY" --dmi-dump "$SM/smbios-lib/jeffgerlap_3_2_0.dat"
is "$status" 0 "RawSMBIOSData: exit 0"
printf '%s' "$out" >"$T_TMP/surface.json"
is "$(jq_get "$T_TMP/surface.json" system system product)" "Surface Laptop 3" "RawSMBIOSData: product"
is "$(jq_get "$T_TMP/surface.json" system chassis asset_tag)" "(absent)" "bad string index reported as absent"
like "$(jq_get "$T_TMP/surface.json" notes)" "BAD INDEX" "bad string index noted"

# --- Placeholders never appear as values ---
run reco inventory --json --root "$EMPTY" --dmi-dump "$SM/u-root/satellite_pro_l70_testdata.bin"
is "$status" 0 "Satellite dump: exit 0"
unlike "$out" 'To Be Filled|Not Specified|"None"|Default string' "no placeholder strings in the output"

# --- sysfs tree under --root ---
D=$T_TMP/root/sys/firmware/dmi/tables
mkdir -p "$D"
head -c 24 "$SM/u-root/smbios_table.bin" >"$D/smbios_entry_point"
tail -c +33 "$SM/u-root/smbios_table.bin" >"$D/DMI"
run reco inventory --json --root "$T_TMP/root"
is "$status" 0 "--root with sysfs tables: exit 0"
printf '%s' "$out" >"$T_TMP/root.json"
is "$(jq_get "$T_TMP/root.json" system system serial)" "PF1NKFHN" "--root: serial from sysfs DMI"

# --- nothing readable: exit 3, and the reason is said ---
run reco inventory --json --root "$EMPTY"
is "$status" 3 "no SMBIOS and nothing else: exit 3"
like "$err" "smbios_entry_point does not exist: no SMBIOS tables on this machine" "no SMBIOS: said plainly"

run reco inventory --json --root "$EMPTY" --dmi-dump "$T_TMP/missing.bin"
is "$status" 3 "missing dump: exit 3"
like "$err" "missing.bin: no such file" "missing dump: named"

printf 'not an smbios table at all, just text\n' >"$T_TMP/garbage.bin"
run reco inventory --json --root "$EMPTY" --dmi-dump "$T_TMP/garbage.bin"
is "$status" 3 "garbage dump: exit 3"
like "$err" "no SMBIOS entry point" "garbage dump: explained"

# --- truncated dump: partial data, a note, exit 0 ---
head -c 700 "$SM/u-root/smbios_table.bin" >"$T_TMP/trunc.bin"
run reco inventory --json --root "$EMPTY" --dmi-dump "$T_TMP/trunc.bin"
is "$status" 0 "truncated dump: exit 0 with partial data"
printf '%s' "$out" >"$T_TMP/trunc.json"
is "$(jq_get "$T_TMP/trunc.json" system memory_devices 0 part_number)" "M471A1K43BB1-CTD" "truncated dump: what came before the cut is kept"
like "$(jq_get "$T_TMP/trunc.json" notes)" "only 668 bytes are there" "truncated dump: noted"

# --- unreadable dump, as an unprivileged user ---
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	U=$T_TMP/unreadable
	mkdir -p "$U/root" && chmod 755 "$T_TMP" "$U" "$U/root"
	cp "$SM/u-root/smbios_table.bin" "$U/dump.bin" && chmod 000 "$U/dump.bin"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$RECO_BUILD/bin/reco" inventory --json --root "$U/root" --dmi-dump "$U/dump.bin"
	is "$status" 3 "unreadable dump (as nobody): exit 3"
	like "$err" "dump.bin: permission denied" "unreadable dump: permission named"
	# sysfs tables readable by root only, as on a real machine
	mkdir -p "$U/root/sys/firmware/dmi/tables"
	cp "$D/smbios_entry_point" "$D/DMI" "$U/root/sys/firmware/dmi/tables/"
	chmod 400 "$U/root/sys/firmware/dmi/tables/"*
	chmod -R a+rX "$U/root/sys" && chmod 400 "$U/root/sys/firmware/dmi/tables/"*
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$RECO_BUILD/bin/reco" inventory --json --root "$U/root"
	is "$status" 3 "root-only sysfs tables (as nobody): exit 3"
	like "$err" "permission denied \(the SMBIOS tables are readable by root only" "root-only tables: said why"
else
	skip "unreadable-file tests need root, setpriv and the nobody user"
	skip "unreadable-file tests need root, setpriv and the nobody user"
	skip "unreadable-file tests need root, setpriv and the nobody user"
	skip "unreadable-file tests need root, setpriv and the nobody user"
fi

done_testing
