#!/bin/bash
# Every disk of the machine accounted for, and a clock that can be trusted:
# the report's `coverage` section (the inventory's internal disks against
# the wipe results, by serial), the certificate listing a disk that was not
# erased and why, the registry keeping such a machine out of `wiped` and
# refusing to allocate it; the report's `clock` section, sealing refused
# with a clock before this reco was made (faketime), the registry judging
# certificate validity at its own time when the station clock was not
# synchronised.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
REG_MK=$TESTS_DIR/integration/registry-mkreport.py
cd "$T_TMP" || exit 1
export RECO_CLOCK_FILE=$T_TMP/clock # never /run/reco/clock of this machine
INV=$FIXTURES/menu/inventory.json   # sda (sata), nvme0n1 (nvme): internal; sdb: the USB stick

# session NAME RESULT-OF-NVME: sda erased; nvme0n1 erased, failed, or absent
# from wipe.json ("none": the wipe refused it; disks.json says why)
session() {
	mkdir -p "$1"
	cp "$INV" "$1/inventory.json"
	local nv=""
	[ "$2" != none ] && nv=',{"path":"/dev/nvme0n1","serial":"S41GNX0M123456","model":"SAMSUNG MZVLB256HAHQ-000L7","result":"'$2'","reason":"write error at LBA 7"}'
	printf '{"schema":"reco-wipe/1","targets":[{"path":"/dev/sda","serial":"WD-WX51A1234ABCD","model":"WDC WD5000LPLX-75ZNTT1","result":"erased","method":"random"}%s]}\n' "$nv" >"$1/wipe.json"
	printf '{"schema":"reco-menu-disks/1","disks":[{"path":"/dev/sda","serial":"WD-WX51A1234ABCD","role":"internal","eligible":true},{"path":"/dev/nvme0n1","serial":"S41GNX0M123456","role":"internal","eligible":false,"reason":"device is read-only"},{"path":"/dev/sdb","serial":"0123456789","role":"boot-medium","eligible":false,"reason":"is the reco boot medium"}]}\n' >"$1/disks.json"
}

session s1 none
run reco-report seal s1 --no-pdf
is "$status" 0 "seal a session where the wipe refused one internal disk"
run jq -c '.coverage | [.complete, .internal, .erased, (.disks | map(.path + "=" + .result)), (.others | map(.path + ":" + .role))]' s1/report.json
is "$out" '[false,2,1,["/dev/sda=erased","/dev/nvme0n1=not-wiped"],["/dev/sdb:removable"]]' "coverage: 1 of 2 internal disks, the USB stick apart"
run jq -r '.coverage.disks[1].reason' s1/report.json
is "$out" "device is read-only" "coverage: the reason the station gave (disks.json)"
run jq -r '.sources | keys | join(",")' s1/report.json
is "$out" "disks.json,inventory.json,wipe.json" "disks.json is a source of the report"
run python3 "$TESTS_DIR/../reports/schema/validate.py" s1/report.json
is "$status" 0 "the report with coverage, disks and clock validates against the schema" "$err"

run reco-report render s1/report.json --pdf s1.pdf --lang fr
is "$status" 0 "render the certificate"
pdftotext -layout s1.pdf s1.txt
txt=$(tr -s ' \n' ' ' <s1.txt)
like "$txt" "1 sur 2 : cet appareil n.est PAS entièrement effacé" "certificate: 1 of the 2 disks of this computer, in red words"
like "$txt" "NON EFFACÉ — SAMSUNG MZVLB256HAHQ-000L7, n° de série S41GNX0M123456 — device is read-only" \
	"certificate: the disk not wiped, its serial and why"
unlike "$txt" "ont été effacés et vérifiés" "certificate: never 'all erased' then"

session s2 failed
run reco-report seal s2 --no-pdf
run jq -c '.coverage | [.complete, (.disks | map(.result))]' s2/report.json
is "$out" '[false,["erased","failed"]]' "coverage: a failed wipe is not erased"

session s3 erased
run reco-report seal s3 --no-pdf
run jq -c '.coverage | [.complete, .erased]' s3/report.json
is "$out" '[true,2]' "coverage: complete when every internal disk is erased"
reco-report render s3/report.json --pdf s3.pdf --lang fr >/dev/null 2>&1
like "$(pdftotext -layout s3.pdf - | tr -s ' \n' ' ')" "Tous les disques de cet ordinateur \(2\) ont été effacés et vérifiés" "certificate: all the machine's disks"

# The boot medium on a SATA port (an image written on a disk, QEMU's ide-hd):
# sysfs alone calls it internal; the station's wipe list knows it by the
# identity recorded at boot and disks.json says so: it is not the machine's.
# boot_session NAME SERIAL-IN-DISKS.JSON ROLE
boot_session() {
	session "$1" erased
	jq '.storage += [{"name":"sdc","path":"/dev/sdc","serial":"QM00001","model":"QEMU HARDDISK","transport":"sata","removable":false,"size_bytes":370147328}]' \
		"$INV" >"$1/inventory.json"
	jq --arg s "$2" --arg r "$3" '.disks += [{"path":"/dev/sdc","serial":$s,"role":$r,"eligible":false,"reason":"is the reco boot medium (recorded in /run/reco/boot-device: serial QM00001)"}]' \
		"$1/disks.json" >"$1/d.json" && mv "$1/d.json" "$1/disks.json"
}
boot_session s6 QM00001 boot-medium
run reco-report seal s6 --no-pdf
run jq -c '.coverage | [.complete, .internal, .erased, (.others | map(.path + ":" + .role))]' s6/report.json
is "$out" '[true,2,2,["/dev/sdb:removable","/dev/sdc:boot-medium"]]' \
	"coverage: a boot medium on a SATA port (disks.json: boot-medium) is not the machine's disk"
boot_session s7 QM00001 internal
run reco-report seal s7 --no-pdf
run jq -c '.coverage | [.complete, .internal, (.disks | map(.path + "=" + .result))]' s7/report.json
is "$out" '[false,3,["/dev/sda=erased","/dev/nvme0n1=erased","/dev/sdc=not-wiped"]]' \
	"coverage: the same disk without the station's boot-medium word is the machine's, not wiped"
boot_session s8 OTHER-SERIAL boot-medium
run reco-report seal s8 --no-pdf
run jq -c '.coverage | [.complete, .internal]' s8/report.json
is "$out" '[false,3]' "coverage: a boot-medium entry of another serial does not excuse this disk"
boot_session s9 QM00001 removable
run reco-report seal s9 --no-pdf
run jq -c '.coverage | [.complete, .internal]' s9/report.json
is "$out" '[false,3]' "coverage: disks.json cannot call an internal disk removable (only boot medium and live system come from the station)"

# ---- the clock ------------------------------------------------------------------
run jq -c '.clock | [.source, .synchronised] | map(tostring) | join(" ")' s3/report.json
like "$out" '^"(ntp true|rtc false)"$' "report: clock section (source, synchronised)"
printf 'source=registry from=http://registre.example set_at=2026-12-01T10:00:00Z\n' >clockfile
mkdir -p s4 && cp s3/inventory.json s3/wipe.json s4/
if [ "$(jq -r .clock.source s3/report.json)" = rtc ]; then
	RECO_CLOCK_FILE=$T_TMP/clockfile run reco-report seal s4 --no-pdf
	run jq -c '.clock' s4/report.json
	is "$out" '{"from":"http://registre.example","set_at":"2026-12-01T10:00:00Z","source":"registry","synchronised":true}' \
		"report: clock set from the registry's Date header"
else
	skip "this machine's clock is NTP-synchronised: the registry source is not used"
fi
if command -v faketime >/dev/null; then
	mkdir -p s5 && cp s3/inventory.json s3/wipe.json s5/
	faketime '2010-01-01 00:00:00' reco-report seal s5 --no-pdf >out5 2>err5
	is "$?" 1 "sealing with a clock in 2010: refused (exit 1)"
	like "$(cat err5)" "the clock of this computer says 2010-01-01T00:00:00Z, before this reco was made" "sealing in 2010: says why"
	ok "$([ ! -e s5/report.json ]; echo $?)" "sealing in 2010: no report written"
else
	skip "faketime not installed (contrib/deps/report.list)"
fi

# ---- the registry ------------------------------------------------------------------
reg_pki pki >/dev/null
R="reco-registry --db $T_TMP/reg.db --ca pki/ca/ca.pem"
reg_report r-partial pki/st1 PC-PARTIAL --unwiped-disks 1
reg_report r-full pki/st1 PC-FULL
run $R import r-partial/report.json r-full/report.json
is "$status" 0 "registry: import both reports"
run $R devices --json
st() { jq -r --arg d "$1" '.devices[] | select(.id == $d) | .state' "$T_TMP/devs.json"; }
printf '%s' "$out" >"$T_TMP/devs.json"
is "$(st PC-FULL)" wiped "registry: every disk of the inventory erased: wiped"
is "$(st PC-PARTIAL)" tested "registry: an inventory disk without an erased result: not wiped"
BEN=$($R beneficiary add --household-size 2 2>/dev/null)
run $R allocate PC-PARTIAL "$BEN"
is "$status" 1 "registry: allocation of the partly wiped machine refused"
like "$err" "not every disk" "registry: ... with the reason"

# a station whose clock ran behind (a flat CMOS battery, no network): it
# dated its report before its certificate was issued, so its word alone says
# "not valid yet"; the report says the clock was not synchronised, so the
# registry judges validity at its own import time.  (A clock ahead of the
# registry's is refused as a date in the future: registry-history.t.)
reco keys station-init --name st-behind --out pki/st3 >/dev/null
reco keys certify --ca pki/ca pki/st3/station.csr >/dev/null
reg_report r-behind pki/st3 PC-BEHIND --created "$(date -u -d '-3 days' +%FT%TZ)"
run reco report verify r-behind/report.json --ca pki/ca/ca.pem
is "$status" 1 "a report dated before its certificate was issued does not verify"
jq -cSj '. + {"clock": {"source": "rtc", "synchronised": false}}' r-behind/report.json >r-behind/r.json &&
	mv r-behind/r.json r-behind/report.json && reg_sign r-behind/report.json pki/st3
run $R import r-behind/report.json
is "$status" 0 "registry: unsynchronised station clock: validity judged at import time" "$err"
run reco report verify r-behind/report.json --ca pki/ca/ca.pem
is "$status" 1 "reco report verify still judges at the report's own time"

done_testing
