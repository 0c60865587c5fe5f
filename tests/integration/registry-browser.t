#!/bin/bash
# reco registry serve in headless Chromium (chromedriver, WebDriver over
# HTTP from python3): a coordinator's week on every page (registry-browser.py
# lists the checks), a volunteer's and an administrator's limits; a
# screenshot of each page, in $RECO_SCREENSHOTS when set (the README's
# pictures come from there), else in a temporary directory.  Skipped when
# chromium or chromedriver is missing.
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
export TZ=Europe/Paris
PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" "$T_TMP/dl" && cp "$PKI/ca/ca.pem" "$D/"
R="reco registry --db $DB --data-dir $D"
reg_report "$T_TMP/r1" "$PKI/st1" PC-BROWSER-1 --vendor HP --product "EliteBook 840 G2" >/dev/null
reg_report "$T_TMP/r2" "$PKI/st1" PC-BROWSER-2 --grade A >/dev/null
reg_report "$T_TMP/r3" "$PKI/st1" PC-BROWSER-FAILED --vendor "Dell Inc." --product "Latitude E7450" \
	--wipe failed --disks 2 >/dev/null
reg_report "$T_TMP/r4" "$PKI/st1" PC-BROWSER-NODIAG --product "ThinkPad X250" --grade C --incomplete >/dev/null
$R import "$T_TMP"/r? >/dev/null && $R ready PC-BROWSER-2 >/dev/null && $R ready PC-BROWSER-NODIAG >/dev/null
# two devices with an identity conflict (another serial in a later report)
for c in PC-CONFLICT PC-CONFLICT-2; do
	reg_report "$T_TMP/$c-a" "$PKI/st1" "$c" --serial SER-BROWSER-A >/dev/null
	reg_report "$T_TMP/$c-b" "$PKI/st1" "$c" --serial SER-BROWSER-B >/dev/null
	$R import "$T_TMP/$c-a" >/dev/null && $R import "$T_TMP/$c-b" >/dev/null
done
# a RECO-DATA folder to upload: two good reports, one tampered
RD=$T_TMP/up/RECO-DATA/sessions
reg_report "$RD/PC-UPLOAD-1/s" "$PKI/st2" PC-UPLOAD-1 --vendor "Fujitsu" --product "Esprimo P520" >/dev/null
reg_report "$RD/PC-UPLOAD-2/s" "$PKI/st2" PC-UPLOAD-2 --vendor "Acer" --product "TravelMate P259" >/dev/null
reg_report "$RD/PC-UPLOAD-3/s" "$PKI/st2" PC-UPLOAD-3 >/dev/null
sed -i 's/ThinkPad T450/ThinkPad T460/' "$RD/PC-UPLOAD-3/s/report.json"
(cd "$T_TMP/up" && zip -qr "$T_TMP/RECO-DATA.zip" RECO-DATA)
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
echo 'admin-pw-123' | $R user add boss --role admin >/dev/null
$R beneficiary add --household-size 3 --referrer "CCAS Villeurbanne" >/dev/null
$R beneficiary add --household-size 2 --referrer "Secours populaire" >/dev/null
reg_serve "$DB" "$D"
ok $? "server starts"

SHOTS=${RECO_SCREENSHOTS:-$T_TMP/shots}
mkdir -p "$SHOTS"
port=$((40000 + RANDOM % 10000))
setsid chromedriver --port=$port >"$T_TMP/driver.log" 2>&1 &
DRV_PID=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/status" | grep -q '"ready":true' && break; sleep 0.2; done
python3 "$(dirname "$0")/registry-browser.py" "http://127.0.0.1:$port" "$REG_URL" "$T_TMP/dl" "$SHOTS" \
	"$T_TMP/RECO-DATA.zip" >"$T_TMP/browser.out" 2>"$T_TMP/browser.err"
st=$?
ok $st "browser script ran to the end" "$(tail -5 "$T_TMP/browser.err")"
while read -r tag code name; do
	[ "$tag" = RESULT ] && ok "$code" "chromium: $name"
done <"$T_TMP/browser.out"
is "$(grep -c RESULT "$T_TMP/browser.out")" 48 "every browser check reported"
run reco registry --db "$DB" --data-dir "$D" --json show PC-BROWSER-2
like "$out" '"state": "returned"' "registry shows the machine handed over, then returned"
# a screenshot of every page, each a real picture
for s in import import-results devices device allocate allocations allocation recycle diag-override stats \
	beneficiaries accounts login; do
	f=$SHOTS/$s.png
	ok "$([ "$(head -c 8 "$f" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(stat -c %s "$f")" -gt 8000 ]; echo $?)" "screenshot of the $s page"
done
done_testing
