#!/bin/bash
# reco inventory on bad, partial and forbidden input: clear notes, no crash,
# exit 0 with partial data, 3 when nothing at all can be read, 2 on misuse.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/inventory-lib.sh"
L=$FIXTURES/machines/laptop-handmade

run reco inventory --help
is "$status" 0 "--help exits 0"
like "$out" "--no-smart" "--help lists the options"
run reco inventory --bogus
is "$status" 2 "unknown option: exit 2"
run reco inventory extra
is "$status" 2 "unexpected argument: exit 2"
like "$err" "unexpected argument 'extra'" "unexpected argument: says which"

# nothing readable at all
mkdir -p "$T_TMP/empty"
run reco inventory --json --root "$T_TMP/empty"
is "$status" 3 "empty root: exit 3"
like "$err" "nothing could be read" "empty root: says so"
run reco inventory --root "$T_TMP/does-not-exist"
is "$status" 3 "missing root: exit 3"

# no /proc: the rest is still listed, with a note
cp -a "$L" "$T_TMP/noproc"
rm -rf "$T_TMP/noproc/proc"
run reco inventory --json --no-smart --root "$T_TMP/noproc"
is "$status" 0 "no /proc: exit 0 with partial data"
like "$out" '"message": "/proc/cpuinfo: No such file or directory"' "no /proc: cpuinfo note"
like "$out" '"message": "/proc/meminfo: No such file or directory"' "no /proc: meminfo note"
like "$out" '"storage": \[' "no /proc: storage still listed"
like "$out" '"max_mhz": 3400' "no /proc: sysfs cpufreq still read"
LANG=fr_FR.UTF-8 run reco inventory --json --no-smart --root "$T_TMP/noproc"
like "$out" '"message": "/proc/cpuinfo: No such file or directory"' "no /proc, French locale: the JSON stays English"
LANG=fr_FR.UTF-8 run reco inventory --no-smart --root "$T_TMP/noproc"
like "$out" "/proc/cpuinfo : Aucun fichier ou dossier de ce type" "no /proc, French locale: the summary's note is French"

# garbage in /proc files
cp -a "$L" "$T_TMP/garbage"
head -c 4096 /dev/urandom | tr -d '\000' >"$T_TMP/garbage/proc/cpuinfo"
printf 'MemTotal: lots of it\n\377\376 binary\nMemAvailable: -1 kB\n' >"$T_TMP/garbage/proc/meminfo"
run reco inventory --json --no-smart --root "$T_TMP/garbage"
is "$status" 0 "garbage /proc: exit 0"
like "$out" "no MemTotal line" "garbage meminfo: noted"
unlike "$out" '"total_bytes"' "garbage meminfo: no invented total"
printf '%s\n' "$out" >"$T_TMP/g.json"
inv_normalise "$T_TMP/g.json" "$T_TMP/g.norm"
ok $? "garbage /proc: output is still valid JSON"

# garbage in sysfs attributes
cp -a "$L" "$T_TMP/badsys"
B=$T_TMP/badsys/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00/power_supply/BAT0
echo "not a number" >"$B/energy_full"
printf '\377\377\377' >"$B/energy_full_design"
: >"$T_TMP/badsys/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/vpd_pg80"
run reco inventory --json --no-smart --root "$T_TMP/badsys"
is "$status" 0 "garbage sysfs: exit 0"
unlike "$out" '"wear_permille": 550' "garbage sysfs: no wear from garbage capacities"
like "$out" '"energy_now_mwh": 18043' "garbage sysfs: the readable attributes are kept"
like "$out" "BAT0/energy_full: not a number, ignored" "garbage sysfs: noted"

# -o FILE
run reco inventory --json --no-smart --root "$L" -o "$T_TMP/out.json"
is "$status" 0 "-o: exit 0"
ok "$([ -s "$T_TMP/out.json" ]; echo $?)" "-o: file written"
run reco inventory --no-smart --root "$L" -o "$T_TMP/no/such/dir/out.json"
is "$status" 3 "-o into a missing directory: exit 3"
like "$err" "no/such/dir/out.json" "-o failure names the file"

# session directories
run reco inventory --no-smart --root "$L" --session "$T_TMP/sess/one"
is "$status" 0 "--session: exit 0"
ok "$([ -s "$T_TMP/sess/one/inventory.json" ]; echo $?)" "--session: DIR/inventory.json written"
like "$err" "saved .*/sess/one/inventory.json" "--session: says where"
RECO_DATA=$T_TMP/data run reco inventory --json --no-smart --root "$L" --save
is "$status" 0 "--save: exit 0"
id=$(printf 'mac=54:e1:ad:11:22:33\n' | sha256sum | cut -c1-20)
ok "$(ls "$T_TMP/data/sessions/reco1-$id/"*/inventory.json >/dev/null 2>&1; echo $?)" "--save: new session named after the device id"
RECO_SESSION=$T_TMP/sess/env run reco inventory --json --no-smart --root "$L"
ok "$([ -s "$T_TMP/sess/env/inventory.json" ]; echo $?)" "\$RECO_SESSION: inventory.json written there"
: >"$T_TMP/afile"
run reco inventory --no-smart --root "$L" --session "$T_TMP/afile/x"
is "$status" 3 "--session under a regular file: exit 3"

# not root: unreadable files are noted as permission problems
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip "not root or no setpriv: permission tests"
else
	P=$(mktemp -d /tmp/reco-inv-perm.XXXXXX)
	trap 'rm -rf "$T_TMP" "$P"' EXIT
	chmod 755 "$P"
	cp -a "$L" "$P/tree"
	chmod -R a+rX "$P/tree"
	S=$P/tree/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0
	chmod 0400 "$S/vpd_pg80"              # root-only, as in the real sysfs
	chmod 0400 "$P/tree/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00/power_supply/BAT1/charge_full"
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
	run asnobody "$RECO_BUILD/bin/reco-inventory" --json --no-smart --root "$P/tree"
	is "$status" 0 "not root: exit 0 with partial data"
	like "$out" "vpd_pg80: permission denied \(serial number needs root\)" "not root: the serial's permission problem is noted"
	like "$out" '"errno": 13' "not root: the note carries EACCES"
	like "$out" "charge_full: permission denied" "not root: battery attribute permission noted"
	unlike "$out" "S3Z9NB0K654321A" "not root: no serial invented"
	run asnobody "$RECO_BUILD/bin/reco-inventory" --no-smart --root "$P/tree"
	like "$out" "\[permission\]" "not root: the summary marks permission notes"
	chmod 0700 "$P/tree"
	run asnobody "$RECO_BUILD/bin/reco-inventory" --json --no-smart --root "$P/tree"
	is "$status" 3 "not root, root dir unreadable: exit 3"
	run asnobody "$RECO_BUILD/bin/reco-inventory" --json --no-smart
	is "$status" 0 "not root, this machine: exit 0"
fi

# this machine, for real (no SMART: keep it quick)
run reco inventory --json --no-smart
is "$status" 0 "this machine: exit 0"
like "$out" '"schema": "reco-inventory/1"' "this machine: schema"
like "$out" '"cpu": \{' "this machine: cpu section"
done_testing
