#!/bin/bash
# reco registry serve: the web UI and API over HTTP (curl): login, roles,
# CSRF, security headers, escaping, uploads, bad input, rate limiting.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
trap 'reg_serve_stop; rm -rf "$T_TMP"' EXIT
command -v curl >/dev/null || { echo "1..0 # skip curl missing"; exit 0; }

PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" && cp "$PKI/ca/ca.pem" "$D/"
R="reco registry --db $DB --data-dir $D"
reg_report "$T_TMP/r1" "$PKI/st1" "PC-WEB-1" --serial "SER<i>1" >/dev/null
reg_report "$T_TMP/r2" "$PKI/st1" "PC-WEB-2" >/dev/null
reg_report "$T_TMP/r3" "$PKI/st1" "PC-WEB-3" >/dev/null
printf '%%PDF-1.4 demo certificate\n' >"$T_TMP/r1/certificate.pdf"
$R import "$T_TMP/r1" >/dev/null && $R ready PC-WEB-1 >/dev/null
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
BEN=$($R beneficiary add --household-size 3)

reg_serve "$DB" "$D"
ok $? "server starts"

run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$REG_URL/devices"
like "$out" "^303 .*/login$" "anonymous → login page"
run curl -s -D - -o /dev/null "$REG_URL/login"
like "$out" "Content-Security-Policy: default-src 'none'" "CSP header"
like "$out" "X-Frame-Options: DENY" "X-Frame-Options"
like "$out" "X-Content-Type-Options: nosniff" "X-Content-Type-Options"
like "$out" "Referrer-Policy: no-referrer" "Referrer-Policy"

J=$T_TMP/jar-coord
reg_login "$J" coord wrong-password
is "$status" 401 "wrong password refused"
reg_login "$J" coord coordinator-pw
is "$status" 303 "coordinator logs in"
like "$(cat "$J")" "#HttpOnly_127.0.0.1.*reco_session" "session cookie is HttpOnly"
run curl -s -D - -o /dev/null -b "$J" -c "$J" "$REG_URL/login"
# login again to inspect the Set-Cookie line itself
tok=$(curl -s -c "$T_TMP/j2" "$REG_URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
run curl -s -D - -o /dev/null -b "$T_TMP/j2" --data "csrf=$tok&user=coord&password=coordinator-pw" "$REG_URL/login"
like "$out" "Set-Cookie: reco_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict" "session cookie flags"
run curl -s -o /dev/null -w '%{http_code}' --data "csrf=&user=coord&password=coordinator-pw" "$REG_URL/login"
is "$out" 403 "login form without its CSRF token refused"

run curl -s -b "$J" "$REG_URL/devices"
like "$out" "PC-WEB-1" "devices page lists the device"
like "$out" "SER&lt;i&gt;1" "serial rendered escaped"
unlike "$out" "SER<i>1" "... never raw"
run curl -s -b "$J" "$REG_URL/devices?q=nothing-matches"
unlike "$out" "PC-WEB-1" "search filters"
run curl -s -b "$J" "$REG_URL/devices?q=%3Cscript%3E%27%22"
like "$out" 'value="&lt;script&gt;&#39;&quot;"' "search text echoed escaped"
run curl -s -b "$J" "$REG_URL/device?id=PC-WEB-1"
like "$out" "class=\"ok badge\"" "device page: verification badge"
like "$out" "history" "device page: history"
SHA1=$(sha256sum "$T_TMP/r1/report.json" | cut -c1-64)
run curl -s -b "$J" "$REG_URL/device/certificate.pdf?report=$SHA1"
like "$out" "^%PDF-1.4 demo certificate" "certificate PDF imported with the report, downloadable"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL/device/certificate.pdf?report=nope"
is "$out" 404 "no certificate: 404"
run curl -s -b "$J" "$REG_URL/api/devices"
like "$out" '"schema":"reco-registry-devices/1"' "GET /api/devices JSON"
run curl -s -o /dev/null -w '%{http_code}' "$REG_URL/api/devices"
is "$out" 401 "GET /api/devices needs a login"

CSRF=$(reg_csrf "$J")
ok "$([ ${#CSRF} = 64 ]; echo $?)" "session CSRF token on pages"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "device=PC-WEB-1&beneficiary=$BEN" "$REG_URL/allocate"
is "$out" 403 "allocation without a CSRF token refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=0000&device=PC-WEB-1&beneficiary=$BEN" "$REG_URL/allocate"
is "$out" 403 "allocation with a wrong CSRF token refused"

V=$T_TMP/jar-vol
reg_login "$V" vol volunteer-pw
is "$status" 303 "volunteer logs in"
VC=$(reg_csrf "$V")
run curl -s -o /dev/null -w '%{http_code}' -b "$V" --data "csrf=$VC&device=PC-WEB-1&beneficiary=$BEN" "$REG_URL/allocate"
is "$out" 403 "a volunteer cannot allocate"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/beneficiaries"
is "$out" 403 "a volunteer cannot see beneficiaries"

run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$J" --data "csrf=$CSRF&device=PC-WEB-1&beneficiary=$BEN&programme=Ville" "$REG_URL/allocate"
like "$out" "^303 .*/allocation\?id=[0-9a-f-]{36}$" "coordinator allocates"
AID=${out##*id=}
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&device=PC-WEB-1&beneficiary=$BEN" "$REG_URL/allocate"
is "$out" 422 "double allocation refused on the web too"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=$AID" "$REG_URL/allocation/deliver"
is "$out" 303 "handed over"
curl -s -b "$J" -o "$T_TMP/att.pdf" "$REG_URL/allocation/attestation.pdf?id=$AID"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" --data "csrf=$VC&id=$AID&reason=x" "$REG_URL/allocation/return"
is "$out" 403 "a volunteer cannot record a return"
is "$(head -c 5 "$T_TMP/att.pdf")" "%PDF-" "handover PDF downloaded"
ok "$([ -s "$D/receipts/receipt-$AID.json" ]; echo $?)" "signed receipt written in the data directory"

run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=$AID&reason=faulty&note=too+slow" "$REG_URL/allocation/return"
is "$out" 303 "return recorded on the web"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-WEB-1&reason=" "$REG_URL/device/recycle"
is "$out" 422 "recycling without a reason refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-WEB-1&reason=broken" "$REG_URL/device/recycle"
is "$out" 422 "recycling with a reason that is not a code refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-WEB-1&reason=beyond-repair&note=<b>broken</b> Mme+Martin" "$REG_URL/device/recycle"
is "$out" 303 "recycled on the web"
run curl -s -b "$J" "$REG_URL/device?id=PC-WEB-1"
like "$out" "recyclé" "device page shows the new state"
like "$out" "hors d&#39;usage" "the reason code shown by its label in the history"
like "$out" "&lt;b&gt;broken&lt;/b&gt; Mme Martin" "the note shown to a coordinator, escaped"
run curl -s -b "$V" "$REG_URL/device?id=PC-WEB-1"
unlike "$out" "Mme Martin" "... never to a volunteer"
like "$out" "hors d&#39;usage" "... who sees the reason code"
EVIL="<script>alert('x')</script>&\"; DROP TABLE users;--"
run curl -s -b "$J" --data-urlencode "csrf=$CSRF" --data-urlencode "ref=$EVIL" --data-urlencode "referrer=$EVIL" --data-urlencode "name=$EVIL" "$REG_URL/beneficiaries"
like "$out" "&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt;&amp;&quot;; DROP TABLE users;--" "HTML in every text field rendered escaped"
unlike "$out" "<script>alert" "... never raw"
reg_login "$T_TMP/j3" coord coordinator-pw
is "$status" 303 "users table intact"
run curl -s -o "$T_TMP/bad8.html" -w '%{http_code}' -b "$J" --data "csrf=$CSRF&ref=NOT-UTF8&name=Ana%FF%FE" "$REG_URL/beneficiaries"
is "$out" 400 "a form field that is not UTF-8 is refused (400)"
like "$(cat "$T_TMP/bad8.html")" "UTF-8" "... saying so"
run curl -s -b "$J" "$REG_URL/beneficiaries"
unlike "$out" "NOT-UTF8" "... and nothing of it is stored"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL/devices?q=%C0%AF"
is "$out" 400 "a query argument that is not UTF-8 is refused (400)"

# the upload API
reg_envelope "$T_TMP/r2" >"$T_TMP/up.json"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/up.json" "$REG_URL/api/reports"
like "$out" '"result":"stored".* 201$' "POST /api/reports stores a signed report (201)"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/up.json" "$REG_URL/api/reports"
like "$out" '"result":"duplicate".* 200$' "the same report again: 200"
sed 's/PC-WEB-2/PC-WEB-9/g' "$T_TMP/up.json" >"$T_TMP/tampered.json"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/tampered.json" "$REG_URL/api/reports"
like "$out" '"error":".*bad signature.* 422$' "tampered upload refused (422)"
reg_report "$T_TMP/future" "$PKI/st1" "PC-WEB-FUTURE" --created +86400 >/dev/null
reg_envelope "$T_TMP/future" >"$T_TMP/future.json"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/future.json" "$REG_URL/api/reports"
like "$out" '"error":".*in the future.* 422$' "a report created tomorrow is refused (422, with the reason)"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data '{"report": "x", "signature' "$REG_URL/api/reports"
like "$out" '"error":.* 400$' "malformed JSON: 400"
run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data '{"report": "{}", "signature": "AAAA", "certificate": ""}' "$REG_URL/api/reports"
like "$out" '"error":.*64 bytes.* 400$' "short signature: 400"
head -c 5000000 /dev/zero | tr '\0' 'a' >"$T_TMP/big"
run curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/big" "$REG_URL/api/reports"
is "$out" 413 "oversized upload: 413"
run curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$T_TMP/up.json" "$REG_URL/api/reports"
is "$out" 415 "wrong content type: 415"
run curl -s -o /dev/null -w '%{http_code}' "$REG_URL/api/reports"
is "$out" 405 "GET /api/reports: 405"

# the signed checkpoint, for anyone, checked with openssl alone
run curl -s "$REG_URL/api/checkpoint"
like "$out" '"checkpoint":"\{.*"signature":"' "GET /api/checkpoint: the signed envelope, no login needed"
CPN=$(printf '%s' "$out" | sed -n 's/.*"events":\([0-9]*\).*/\1/p')
curl -s -o "$T_TMP/cp.json" "$REG_URL/api/checkpoint.json?events=$CPN"
curl -s -o "$T_TMP/cp.json.sig" "$REG_URL/api/checkpoint.json.sig?events=$CPN"
curl -s -o "$T_TMP/key.pem" "$REG_URL/api/registry-key.pem"
cmp -s "$T_TMP/key.pem" "$D/registry-pub.pem"
ok $? "GET /api/registry-key.pem is the registry's public key"
run openssl pkeyutl -verify -pubin -inkey "$T_TMP/key.pem" -rawin -in "$T_TMP/cp.json" -sigfile "$T_TMP/cp.json.sig"
is "$status" 0 "checkpoint.json?events=N and its .sig verify with openssl"
run reco registry --db "$DB" --data-dir "$D" audit --checkpoint "$T_TMP/cp.json"
is "$status" 0 "... and audit accepts it as kept"
run curl -s -o /dev/null -w '%{http_code}' "$REG_URL/api/checkpoint.json?events=999999"
is "$out" 404 "no checkpoint of that many events: 404"
run curl -s -o /dev/null -w '%{http_code}' "$REG_URL/api/checkpoint.json?events=x"
is "$out" 400 "a count that is not a number: 400"

# bad paths and unknown routes
for p in "/../../etc/passwd" "/static/../../etc/passwd" "/%2e%2e/etc/passwd" "/device/..%2f..%2fetc" "//etc/passwd"; do
	run curl -s --path-as-is -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL$p"
	is "$out" 400 "path traversal refused: $p"
done
run curl -s -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL/no-such-page"
is "$out" 404 "unknown route: 404"
run curl -s -w ' %{http_code}' -b "$J" "$REG_URL/api/nothing"
like "$out" '"error".* 404$' "unknown API route: 404 JSON"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" -X DELETE "$REG_URL/devices"
is "$out" 405 "wrong method: 405"

run curl -s -b "$J" "$REG_URL/stats"
like "$out" "<svg id=\"chart\"" "stats page with an SVG chart"
run curl -s -b "$J" "$REG_URL/devices"
like "$out" "Appareils" "French by default"
run curl -s -b "$J" -b "lang=en" "$REG_URL/devices"
like "$out" "<h1>Devices</h1>" "English on request"
run curl -s -o /dev/null -w '%{redirect_url}' "$REG_URL/lang?l=en&back=http://evil.example/"
like "$out" "/devices$" "language switch does not redirect off-site"

# accounts: disabled or removed (CLI, or an admin on the web), sessions end
run $R user disable vol
is "$status" 0 "user disable"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/devices"
is "$out" 303 "... ends the account's sessions at once"
reg_login "$T_TMP/jv" vol volunteer-pw
is "$status" 401 "... and refuses its logins"
run $R user enable vol
reg_login "$V" vol volunteer-pw
is "$status" 303 "user enable: the account logs in again"
echo 'admin-pw-123' | $R user add boss --role admin >/dev/null
reg_login "$T_TMP/ja" boss admin-pw-123
is "$status" 303 "an admin logs in"
AC=$(reg_csrf "$T_TMP/ja")
run curl -s -b "$T_TMP/ja" "$REG_URL/users"
like "$out" 'id="users"' "the accounts page, for an admin"
like "$out" "<td>coordinateur</td>" "... roles in words"
unlike "$out" "<td>(coordinator|volunteer|admin)</td>" "... never as codes"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL/users"
is "$out" 403 "... not for a coordinator"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&name=vol" "$REG_URL/users/disable"
is "$out" 403 "a coordinator cannot disable an account"
run curl -s -o /dev/null -w '%{http_code}' -b "$T_TMP/ja" --data "csrf=$AC&name=vol" "$REG_URL/users/disable"
is "$out" 303 "an admin disables an account on the web"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/devices"
is "$out" 303 "... which ends its session"
run curl -s -o /dev/null -w '%{http_code}' -b "$T_TMP/ja" --data "csrf=$AC&name=boss" "$REG_URL/users/remove"
is "$out" 422 "an admin cannot remove their own account"
run curl -s -o /dev/null -w '%{http_code}' -b "$T_TMP/ja" --data "csrf=$AC&name=vol" "$REG_URL/users/remove"
is "$out" 303 "an admin removes an account"
run $R --json user list
unlike "$out" '"name": "vol"' "... gone from the list"
reg_login "$T_TMP/jv" vol volunteer-pw
is "$status" 401 "... and its logins refused"
run $R user remove nobody-here
is "$status" 1 "removing an unknown account is an error"

run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF" "$REG_URL/logout"
is "$out" 303 "log out"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" "$REG_URL/devices"
is "$out" 303 "session gone after logout"

for i in 1 2 3 4 5; do reg_login "$T_TMP/jx" coord "bad$i"; done
reg_login "$T_TMP/jx" coord coordinator-pw
is "$status" 429 "login rate-limited after five failures"

# SIGTERM: the server closes its connections and checkpoints the WAL, so a
# copy of the .db file alone is a complete backup
reg_report "$T_TMP/last" "$PKI/st1" "PC-WEB-LAST" >/dev/null
reg_envelope "$T_TMP/last" >"$T_TMP/last.json"
run curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/last.json" "$REG_URL/api/reports"
is "$out" 201 "a last upload before stopping"
reg_serve_stop
mkdir -p "$T_TMP/copy" && cp "$DB" "$T_TMP/copy/registry.db"
ok "$([ ! -s "$DB-wal" ]; echo $?)" "after SIGTERM the write-ahead log is empty"
run reco registry --db "$T_TMP/copy/registry.db" --data-dir "$D" --json devices --search PC-WEB-LAST
like "$out" '"id": "PC-WEB-LAST"' "a copy of the .db file alone holds the last upload"

# the same server on PostgreSQL: one connection per worker thread
PG_DIR=$(mktemp -d /tmp/reco-registry-pg.XXXXXX)
trap 'reg_serve_stop; reg_pg_stop; rm -rf "$T_TMP" "$PG_DIR"' EXIT
if reg_pg_start "$PG_DIR"; then
	mkdir -p "$T_TMP/pgdata" && cp "$PKI/ca/ca.pem" "$T_TMP/pgdata/"
	P="reco registry --db $REG_PG_URL --data-dir $T_TMP/pgdata"
	$P import "$T_TMP/r1" >/dev/null
	echo 'coordinator-pw' | $P user add coord --role coordinator >/dev/null
	reg_serve "$REG_PG_URL" "$T_TMP/pgdata"
	ok $? "pg: server starts"
	reg_login "$T_TMP/jpg" coord coordinator-pw
	is "$status" 303 "pg: log in"
	run curl -s -b "$T_TMP/jpg" "$REG_URL/devices?q=web"
	like "$out" "PC-WEB-1" "pg: devices page with search"
	run curl -s -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/up.json" "$REG_URL/api/reports"
	like "$out" '"result":"stored".* 201$' "pg: upload stored"
	reg_serve_stop
else
	skip "PostgreSQL web: $REG_PG_WHY"
fi
done_testing
