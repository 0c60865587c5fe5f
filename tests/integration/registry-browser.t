#!/bin/bash
# reco registry serve in headless Chromium (chromedriver, WebDriver over
# HTTP from python3): log in, find a device, allocate it, download the
# handover PDF; a volunteer cannot allocate; a form without its CSRF token
# is refused.  Skipped when chromium or chromedriver is missing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
DRV_PID=
# chromedriver runs in its own process group so that any browser it left
# behind goes with it
trap 'reg_serve_stop; [ -n "$DRV_PID" ] && kill -- "-$DRV_PID" 2>/dev/null; rm -rf "$T_TMP"' EXIT
if ! command -v chromedriver >/dev/null || [ ! -x /usr/bin/chromium ] || ! command -v python3 >/dev/null; then
	echo "1..0 # skip chromium, chromedriver or python3 missing (Debian chromium chromium-driver python3)"
	exit 0
fi
PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" "$T_TMP/dl" && cp "$PKI/ca/ca.pem" "$D/"
R="reco registry --db $DB --data-dir $D"
for i in 1 2 3; do reg_report "$T_TMP/r$i" "$PKI/st1" "PC-BROWSER-$i" >/dev/null; done
$R import "$T_TMP/r1" "$T_TMP/r2" "$T_TMP/r3" >/dev/null && $R ready PC-BROWSER-2 >/dev/null
# two devices with an identity conflict (another serial in a later report)
for c in PC-CONFLICT PC-CONFLICT-2; do
	reg_report "$T_TMP/$c-a" "$PKI/st1" "$c" --serial SER-BROWSER-A >/dev/null
	reg_report "$T_TMP/$c-b" "$PKI/st1" "$c" --serial SER-BROWSER-B >/dev/null
	$R import "$T_TMP/$c-a" >/dev/null && $R import "$T_TMP/$c-b" >/dev/null
done
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
echo 'admin-pw-123' | $R user add boss --role admin >/dev/null
$R beneficiary add --household-size 2 >/dev/null
reg_serve "$DB" "$D"
ok $? "server starts"

port=$((40000 + RANDOM % 10000))
setsid chromedriver --port=$port >"$T_TMP/driver.log" 2>&1 &
DRV_PID=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/status" | grep -q '"ready":true' && break; sleep 0.2; done
python3 "$(dirname "$0")/registry-browser.py" "http://127.0.0.1:$port" "$REG_URL" "$T_TMP/dl" PC-BROWSER-2 PC-CONFLICT \
	>"$T_TMP/browser.out" 2>"$T_TMP/browser.err"
st=$?
ok $st "browser script ran to the end" "$(tail -5 "$T_TMP/browser.err")"
while read -r tag code name; do
	[ "$tag" = RESULT ] && ok "$code" "chromium: $name"
done <"$T_TMP/browser.out"
run reco registry --db "$DB" --data-dir "$D" --json show PC-BROWSER-2
like "$out" '"state": "returned"' "registry shows the machine handed over, then returned"
is "$(grep -c RESULT "$T_TMP/browser.out")" 25 "every browser check reported"
done_testing
