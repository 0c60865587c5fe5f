#!/bin/bash
# reco diag: options and exit codes, --smart-json verdicts, battery/thermal
# from captured trees, a short real run with diag.json, the test hooks
# (wrong CPU result, flipped RAM bit), wipe.json reuse, and --repair-cafe
# never opening a disk for writing (strace, read-only loop device).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/diag-lib.sh"

DIAG="$RECO_BUILD/bin/reco-diag"
SMART=$FIXTURES/smart
DSMART=$FIXTURES/diag/smart
ROOTS=$FIXTURES/diag/roots

run "$DIAG" --help
is "$status" 0 "--help exits 0"
like "$out" "--repair-cafe" "--help documents --repair-cafe"
like "$out" "Exit status:" "--help documents exit codes"
run "$DIAG" --version
like "$out" "^reco diag [0-9]" "--version"
run "$DIAG" --bogus
is "$status" 2 "unknown option exits 2"
run "$DIAG" --only cpu,gpu
is "$status" 2 "--only with an unknown part exits 2"
like "$err" "unknown part 'gpu'" "--only names the bad part"
run "$DIAG" --cosmetic E
is "$status" 2 "--cosmetic E exits 2"
run "$DIAG" --ram-size lots
is "$status" 2 "--ram-size lots exits 2"
run "$DIAG" --smart-json "$SMART/smart-ata.json"
is "$status" 2 "--smart-json without --only disk exits 2"
run "$DIAG" --repair-cafe --full
is "$status" 2 "--repair-cafe --full exits 2"
run "$DIAG" extra
is "$status" 2 "an operand exits 2"

# ---- --smart-json: the verdict per file ----
run "$DIAG" --only disk --smart-json "$SMART/smart-ata.json" "$SMART/smart-nvme.json" "$SMART/smart-scsi.json"
is "$status" 0 "passing and warning drives exit 0"
like "$out" "smart-ata.json: PASS: No problem found." "ATA drive passes"
like "$out" "smart-nvme.json: PASS" "NVMe drive passes"
like "$out" "smart-scsi.json: WARN: The disk has 56 damaged places" "SCSI grown defects warn"
run "$DIAG" --only disk --smart-json "$SMART/smart-ata.json" "$DSMART/ata-pending-sectors.json"
is "$status" 1 "a failing drive among the files exits 1"
like "$out" "ata-pending-sectors.json: FAIL: 8 places on the disk cannot be read any more." "pending sectors fail"
like "$out" "save your photos" "the action is plain"
# an NVMe controller that reports neither spare nor threshold (QEMU, some
# low-end drives) is not "at its spare limit"; one at its threshold is
jq '.nvme_smart_health_information_log.available_spare = 0 | .nvme_smart_health_information_log.available_spare_threshold = 0' \
	"$SMART/smart-nvme.json" >"$T_TMP/nvme-nospare.json"
jq '.nvme_smart_health_information_log.available_spare = 10 | .nvme_smart_health_information_log.available_spare_threshold = 10' \
	"$SMART/smart-nvme.json" >"$T_TMP/nvme-atspare.json"
run "$DIAG" --only disk --smart-json "$T_TMP/nvme-nospare.json"
like "$out" "nvme-nospare.json: PASS" "spare and threshold both 0: not reported, not a failure"
run "$DIAG" --only disk --smart-json "$T_TMP/nvme-atspare.json"
like "$out" "nvme-atspare.json: FAIL: The disk's reserve of spare blocks" "spare at its threshold: FAIL"
run "$DIAG" --only disk --json --smart-json "$SMART/smart-fail.json"
is "$status" 0 "an unreadable drive warns, exit 0"
like "$out" '"schema": "reco-diag-smart/1"' "--json names its schema"
like "$out" '"rule": "disk.unreadable"' "--json gives the rule"
run "$DIAG" --only disk --smart-json "$T_TMP/missing.json"
is "$status" 3 "a missing file exits 3"
run env LANG=fr_FR.UTF-8 "$DIAG" --only disk --smart-json "$DSMART/nvme-critical-warning.json"
is "$status" 1 "French: failing NVMe exits 1"
like "$out" "sauvegardez vos photos" "French: plain action"

# ---- battery, thermal, cpufreq from captured trees ----
run "$DIAG" --only battery,thermal --root "$ROOTS/laptop-worn" --session "$T_TMP/s1" --progress=none
is "$status" 1 "worn battery and overheating exit 1"
like "$out" "Battery BAT1 +faulty +The battery holds only 55% of its original charge." "55% battery fails"
like "$out" "Cooling +faulty" "4 °C from critical fails"
like "$out" "Grade: C" "grade C"
json_get "$T_TMP/s1/diag.json" grade
is "$jv" "C" "diag.json grade C"
json_get "$T_TMP/s1/diag.json" schema
is "$jv" "reco-diag/1" "diag.json schema"
run "$DIAG" --only battery,thermal --root "$ROOTS/laptop-slow" --session "$T_TMP/s2" --progress=none --cosmetic B
is "$status" 0 "warnings only exit 0"
like "$out" "The battery has been charged 912 times." "cycles > 750 warn"
like "$out" "Cooling +not tested +The processor temperature was not measured under load." "cooling without load: not tested"
like "$out" "Also: The processor runs at only 33.3% of its speed although it is cool" "slow while cool, still said"
json_get "$T_TMP/s2/diag.json" cosmetic_grade
is "$jv" "B" "cosmetic grade kept"
json_get "$T_TMP/s2/diag.json" grade
is "$jv" "B" "functional grade B, separate"
run "$DIAG" --only battery --root "$ROOTS/desktop" --session "$T_TMP/s3" --progress=none
is "$status" 0 "no battery exits 0"
like "$out" "Battery +absent +This computer has no battery." "no battery: ABSENT"
is "$(jq -r '.parts[] | select(.part == "battery") | .verdict' "$T_TMP/s3/diag.json")" "ABSENT" "diag.json: battery ABSENT"

# ---- one diag.json per session: a run keeps the kinds it left out ----
run "$DIAG" --only battery --root "$ROOTS/laptop-worn" --session "$T_TMP/s13" --progress=none
is "$status" 1 "merge: the worn battery fails"
run "$DIAG" --only thermal --root "$ROOTS/laptop-slow" --session "$T_TMP/s13" --progress=none
is "$status" 0 "merge: the second run measured only the cooling (its own exit status)"
is "$(jq -r '[.parts[] | select(.part == "battery")][0].verdict + " " + [.parts[] | select(.part == "battery")][0].rule' "$T_TMP/s13/diag.json")" \
	"FAIL battery.worn" "merge: the battery measured by the first run is kept"
is "$(jq -r '[.parts[] | select(.part == "thermal")][0].rule' "$T_TMP/s13/diag.json")" "thermal.no_load_sample" \
	"merge: the cooling is the second run's"
is "$(jq -r .grade "$T_TMP/s13/diag.json")" "C" "merge: the grade is computed over both runs' parts"
is "$(jq -r '[.runs[].parts | join(",")] | join(" ")' "$T_TMP/s13/diag.json")" "battery thermal" \
	"merge: runs[] says which run measured which kind"
is "$(jq -r '[.parts[] | select(.part == "cpu")][0].rule' "$T_TMP/s13/diag.json")" "skipped" \
	"merge: a kind no run measured stays NOT_TESTED"
like "$out" "Battery BAT1 +faulty" "merge: the printed diagnosis is the session's"
run "$DIAG" --only battery --root "$ROOTS/desktop" --session "$T_TMP/s13" --progress=none
is "$(jq -r '[.parts[] | select(.part == "battery")] | map(.verdict) | join(",")' "$T_TMP/s13/diag.json")" "ABSENT" \
	"merge: a kind measured again replaces its old parts"
echo '{"schema":"something-else/1","parts":[{"part":"cpu","verdict":"PASS"}]}' >"$T_TMP/s13/diag.json"
run "$DIAG" --only battery --root "$ROOTS/desktop" --session "$T_TMP/s13" --progress=none
like "$err" "not a reco diag document: replaced" "merge: another document is not merged, and it is said"
is "$(jq -r '[.parts[] | select(.part == "cpu")][0].rule' "$T_TMP/s13/diag.json")" "skipped" "merge: ... nothing taken from it"

# ---- a short real run ----
run "$DIAG" --quick --only cpu,ram --duration 1 --ram-size 16M --session "$T_TMP/s4" --progress=json
is "$status" 0 "short CPU + RAM run passes"
like "$err" '"event":"progress"' "--progress=json lines"
like "$err" '"test":"ram/march-c-minus"' "a progress line per RAM test"
json_get "$T_TMP/s4/diag.json" "parts.1.passes"
ok "$([ "${jv:-0}" -ge 12 ] && echo 0 || echo 1)" "RAM passes reported ($jv)"
json_get "$T_TMP/s4/diag.json" "parts.1.throughput_mbps"
ok "$([ "${jv:-0}" -gt 0 ] && echo 0 || echo 1)" "RAM throughput reported"
json_get "$T_TMP/s4/diag.json" "parts.0.per_thread.0.rounds_per_s"
ok "$([ "${jv:-0}" -gt 0 ] && echo 0 || echo 1)" "CPU per-thread rate reported"
json_get "$T_TMP/s4/diag.json" profile
is "$jv" "quick" "profile quick"

run env RECO_DIAG_INJECT=cpu:float "$DIAG" --only cpu --duration 1 --session "$T_TMP/s5" --progress=none
is "$status" 1 "an injected wrong CPU result exits 1"
like "$out" "Processor +faulty +The processor gave wrong results under load \\(1\\)." "the CPU checker reports it"
json_get "$T_TMP/s5/diag.json" "parts.0.first_error.workload"
is "$jv" "float" "the failing workload is named"

run env RECO_DIAG_INJECT=ram:8200:9 "$DIAG" --only ram --full --loops 1 --ram-size 4M --session "$T_TMP/s6" --progress=none
is "$status" 1 "a flipped RAM bit exits 1"
like "$out" "Memory +faulty +The memory test found" "the RAM test reports it"
json_get "$T_TMP/s6/diag.json" "parts.0.error_list.0.offset"
is "$jv" "8200" "error at the flipped word"
json_get "$T_TMP/s6/diag.json" "parts.0.error_list.0.bit_mask"
is "$jv" "0x0000000000000200" "with the flipped bit"
json_get "$T_TMP/s6/diag.json" grade
is "$jv" "C" "faulty memory grades C"

run "$DIAG" --only ram --ram-size 100T --session "$T_TMP/s6b" --progress=none
is "$status" 3 "more memory than available exits 3"
like "$err" "MiB of memory are available" "and says how much there is"
json_get "$T_TMP/s6b/diag.json" "not_tested.0.part"
is "$jv" "ram" "diag.json lists the part not tested"
json_get "$T_TMP/s6b/diag.json" "not_tested.0.rule"
is "$jv" "ram.could_not_run" "with its reason code"
json_get "$T_TMP/s6b/diag.json" "parts.1.verdict"
is "$jv" "NOT_TESTED" "the memory part is NOT_TESTED, not left out"
json_get "$T_TMP/s6b/diag.json" grade
is "$jv" "B" "a memory not tested caps the grade at B"
is "$(jq -r .complete "$T_TMP/s6b/diag.json")" "false" "diag.json: complete false"
like "$out" "Memory +not tested +The memory test could not run. \\(.*MiB of memory are available\\)" "the CLI says why"
like "$out" "Diagnosis incomplete, grade B at best: .*Memory not tested" "the CLI prints the cap and its reason"

# ---- nothing measured is never a PASS ----
run "$DIAG" --only cpu --duration 0 --session "$T_TMP/s6c" --progress=none
is "$status" 0 "--duration 0: not a failure"
like "$out" "Processor +not tested +The processor test was too short: [0-9]+ verified rounds per worker, 50 needed" "--duration 0: processor NOT_TESTED"
json_get "$T_TMP/s6c/diag.json" grade
is "$jv" "B" "--duration 0: grade B at best"
is "$(jq -r '[.parts[] | select(.part == "cpu")][0] | "\(.verdict) \(.threads) \(.elapsed_ms)"' "$T_TMP/s6c/diag.json")" \
	"NOT_TESTED 0 0" "--duration 0: no processor load started at all (a busy machine once let it reach 50 rounds and PASS)"
is "$(jq -r '[.parts[] | select(.part == "cpu")][0] | "\(.simd) \(.fma) \(.workloads)"' "$T_TMP/s6c/diag.json")" \
	"null null null" "--duration 0: no workload, SIMD or FMA level claimed for a test that did not run"
unlike "$out" "0 threads" "--duration 0: no figures printed for a test that did not run"
run "$DIAG" --only cpu,thermal --duration 1 --root "$ROOTS/no-sensor" --session "$T_TMP/s6d" --progress=none
like "$out" "Cooling +not tested +No processor temperature sensor could be read." "no sensor: cooling NOT_TESTED"
unlike "$out" "Cooling +PASS" "no sensor: never PASS"
run "$DIAG" --only battery --root "$ROOTS/battery-design0" --session "$T_TMP/s6e" --progress=none
like "$out" "Battery BAT0 +not tested +The battery does not report plausible capacities" "design capacity 0: NOT_TESTED"
run "$DIAG" --only battery --root "$ROOTS/battery-implausible" --session "$T_TMP/s6f" --progress=none
like "$out" "Battery BAT0 +not tested +The battery claims 115% of its original capacity" "115 %: implausible, NOT_TESTED"

# ---- disk: a file stands in for a disk; wipe.json reuse ----
truncate -s 8M "$T_TMP/disk.img"
run "$DIAG" --only disk --disk "$T_TMP/disk.img" --no-self-test --session "$T_TMP/s7" --progress=none
is "$status" 0 "surface scan of an image: no failure"
json_get "$T_TMP/s7/diag.json" "parts.0.surface.source"
is "$jv" "diag" "scanned by diag"
json_get "$T_TMP/s7/diag.json" "parts.0.surface.read_errors"
is "$jv" "0" "no read errors"
mkdir -p "$T_TMP/s8"
cat >"$T_TMP/s8/wipe.json" <<EOF
{"schema":"reco-wipe/1","targets":[{"path":"$T_TMP/disk.img","result":"erased","bad_ranges":[],
 "surface":{"latency_histogram":{"lt5ms":100,"lt20ms":0,"lt50ms":0,"lt150ms":0,"lt500ms":0,"ge500ms":3},"slowest":[]}}]}
EOF
run "$DIAG" --only disk --disk "$T_TMP/disk.img" --no-self-test --session "$T_TMP/s8" --progress=none
json_get "$T_TMP/s8/diag.json" "parts.0.surface.source"
is "$jv" "wipe.json" "the wipe verification histogram is reused"
jv=$(jq -r '[.parts[0].findings[].rule] | index("disk.very_slow_reads") != null' "$T_TMP/s8/diag.json")
is "$jv" "true" "slow reads from wipe.json judged"

# ---- the boot medium is never judged as the machine's disk ----
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null; then
	bimg=$(mktemp /dev/shm/reco-diag-boot.XXXXXX) dimg=$(mktemp /dev/shm/reco-diag-disk.XXXXXX)
	truncate -s 8M "$bimg" "$dimg"
	bloop=$(losetup -f --show "$bimg") dloop=$(losetup -f --show "$dimg")
	echo "$bloop" >"$T_TMP/boot-device"
	run env RECO_WIPE_BOOT_DEVICE_FILE="$T_TMP/boot-device" "$DIAG" --only disk --disk "$bloop" --disk "$dloop" \
		--no-self-test --session "$T_TMP/s12" --progress=none
	is "$(jq -r '.excluded_disks[0].disk + " " + .excluded_disks[0].reason' "$T_TMP/s12/diag.json")" "$bloop boot medium" \
		"the boot medium is listed as excluded, with the reason"
	is "$(jq -r '[.parts[] | select(.part == "disk") | .path] | join(" ")' "$T_TMP/s12/diag.json")" "$dloop" \
		"only the machine's disk is judged"
	losetup -d "$bloop" "$dloop"
	rm -f "$bimg" "$dimg"
else
	skip "boot medium: needs root and losetup"
	skip "boot medium: only the machine's disk"
fi

# ---- --repair-cafe: read-only, French sheet ----
if [ "$(id -u)" != 0 ] || ! command -v strace >/dev/null || ! command -v losetup >/dev/null; then
	skip "repair-cafe read-only test needs root, strace and losetup"
	skip "repair-cafe sheet in French"
	skip "repair-cafe sheet in English"
	skip "repair-cafe exit status"
	skip "the sheet lists what was not tested"
	skip "the sheet says the diagnosis is incomplete"
	skip "the French sheet says 'non testé'"
	skip "no English sentence on the French sheet"
else
	img=$(mktemp /dev/shm/reco-diag-test.XXXXXX)
	truncate -s 16M "$img"
	loop=$(losetup -r -f --show "$img")
	trap 'losetup -d "$loop" 2>/dev/null; rm -f "$img"; rm -rf "$T_TMP"' EXIT
	run strace -f -qq -e trace=openat -o "$T_TMP/strace" \
		"$DIAG" --repair-cafe --duration 1 --ram-size 16M --disk "$loop" --session "$T_TMP/s9" --progress=none
	is "$status" 0 "repair-cafe run on a read-only loop device"
	writes=$(grep -E 'openat\(.*"/dev/(loop|sd|nvme|vd|hd|mmcblk)[^"]*".*O_(WRONLY|RDWR)' "$T_TMP/strace" || true)
	reads=$(grep -c "\"$loop\".*O_RDONLY" "$T_TMP/strace" || true)
	is "$writes" "" "no block device opened for writing"
	ok "$([ "$reads" -ge 1 ] && echo 0 || echo 1)" "the disk was read ($reads opens, O_RDONLY)"
	like "$out" "Repair Café : bilan de santé de votre ordinateur" "sheet in French by default"
	run env LANG=en_US.UTF-8 "$DIAG" --repair-cafe --only battery,thermal --root "$ROOTS/laptop-worn" --session "$T_TMP/s10" --progress=none
	like "$out" "Repair Café: health check of your computer" "sheet in English with LANG"
	like "$out" "\\[ \\?\\? \\] Memory: not tested." "the sheet lists what was not tested"
	like "$out" "Diagnosis incomplete: .*Processor not tested" "the sheet says the diagnosis is incomplete"
	run env LANG=fr_FR.UTF-8 "$DIAG" --repair-cafe --only battery,thermal --root "$ROOTS/laptop-worn" --session "$T_TMP/s11" --progress=none
	like "$out" "Mémoire : non testé" "the French sheet says 'non testé'"
	unlike "$out" "No problem found|left out of this run" "no English sentence on the French sheet"
	is "$status" 1 "repair-cafe exit status follows the verdicts"
	json_get "$T_TMP/s10/diag.json" profile
	is "$jv" "repair-cafe" "profile repair-cafe in diag.json"
fi

# The sheet names the computer, dates in the person's format, and says
# "nothing was changed" only when no wipe ran in the session.
mkdir -p "$T_TMP/s12"
echo '{"schema":"reco-wipe/1","targets":[]}' >"$T_TMP/s12/wipe.json"
run env LANG=fr_FR.UTF-8 "$DIAG" --repair-cafe --only battery --root "$ROOTS/laptop-worn" --session "$T_TMP/s12" --progress=none
unlike "$out" "Rien n'a été effacé" "a session with a wipe: the sheet never says nothing was changed"
like "$out" "Des disques de votre ordinateur ont été effacés pendant cette séance" "... it says disks were wiped"
like "$out" "Ordinateur : non identifié" "no inventory: the computer is said unidentified, not left out"
like "$out" "Date : [0-9]{2}/[0-9]{2}/[0-9]{4}" "the date in the French format"
run env LANG=fr_FR.UTF-8 "$DIAG" --repair-cafe --only battery --root "$ROOTS/laptop-worn" --session "$T_TMP/s13" --progress=none
like "$out" "Rien n'a été effacé ni modifié sur votre ordinateur" "a read-only session: it says nothing was changed"
words=$(printf '%s\n' "$out" | python3 "$TESTS_DIR/integration/english-words.py")
ok $? "no English word on the French sheet" "$words"

# French output: verdicts in words, columns by display width, no English
run env LANG=fr_FR.UTF-8 "$DIAG" --only battery,thermal --root "$ROOTS/laptop-worn" --session "$T_TMP/s14" --progress=none
like "$out" "Batterie BAT1 +en panne +La batterie" "French: the verdict in words"
words=$(printf '%s\n' "$out" | python3 "$TESTS_DIR/integration/english-words.py")
ok $? "French: no English word nor verdict code" "$words"
cols=$(printf '%s\n' "$out" | grep -E '^(Mémoire|Processeur|Écran|Caméra|Réseau filaire) ' |
	python3 -c 'import sys; print(" ".join(sorted({str(l.index("non testé")) for l in sys.stdin})))')
is "$cols" 17 "French: the verdicts line up after accented names (display width, not bytes)"

done_testing
