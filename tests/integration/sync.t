#!/bin/bash
# reco sync: uploads against a tiny local registry (tests/integration/
# sync-server.py on 127.0.0.1, random port) that checks the envelope and
# answers 201/200/422/500; then with the registry down.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
unset RECO_REGISTRY RECO_DATA
export RECO_CLOCK_FILE=$T_TMP/clock # never /run/reco/clock of this machine
SRV_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT

PEM="-----BEGIN CERTIFICATE-----
MIIBfake
-----END CERTIFICATE-----"
# session ID [unsigned|badsig]: a sealed session whose report_id is ID
session() {
	local d=$DATA/sessions/dev-$1/20261128T120000Z
	mkdir -p "$d"
	printf '{"report_id":"%s","schema":"reco-report/1","device":{"serial":"S\\u00e9rie \\"1\\""}}' "$1" >"$d/report.json"
	case "${2:-}" in
	unsigned) ;;
	badsig)
		head -c 63 /dev/urandom >"$d/report.json.sig"
		printf '%s\n' "$PEM" >"$d/station.pem" ;;
	*)
		head -c 64 /dev/urandom >"$d/report.json.sig"
		printf '%s\n' "$PEM" >"$d/station.pem" ;;
	esac
}

DATA=$T_TMP/data
mkdir -p "$DATA"
python3 "$HERE/sync-server.py" "$T_TMP/port" "$T_TMP/requests" 120 &
SRV_PID=$!
for _ in $(seq 100); do [ -s "$T_TMP/port" ] && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$T_TMP/port")
touch "$T_TMP/requests"

session r201
session r200
session r422
session r500
session unsigned unsigned
session badsig badsig
mkdir -p "$DATA/sessions/dev-empty/20261128T120000Z" # no report: not queued

run reco sync --registry "$URL" --dry-run --data "$DATA"
is "$status" 0 "--dry-run: exit 0"
like "$out" "dev-r201/20261128T120000Z: would be sent" "--dry-run lists a queued report"
is "$(wc -l <"$T_TMP/requests")" 0 "--dry-run sends nothing"

run reco sync --registry "$URL/" --data "$DATA"
is "$status" 1 "a rejection and a 500: exit 1"
like "$out" "dev-r201/20261128T120000Z: sent \(stored by the registry\)" "201: stored"
like "$out" "dev-r200/20261128T120000Z: sent \(the registry already had it\)" "200: already there"
like "$err" "dev-r422/20261128T120000Z: rejected by the registry \(422\): a disk is not erased: /dev/sdb failed" \
	"422: rejected with the server's reason"
like "$err" "dev-r500/20261128T120000Z: the registry answered 500 \(database is locked\): kept in the queue" "500: kept in the queue"
like "$out" "dev-unsigned/20261128T120000Z: not signed \(uncertified station\): not sent" "unsigned report: not sent"
like "$err" "dev-badsig/20261128T120000Z/report.json.sig: 63 bytes, an Ed25519 signature has 64" "63-byte signature: refused before sending"
like "$out" "2 sent, 1 rejected, 2 still queued, 1 not signed" "summary line"
unlike "$(cat "$T_TMP/requests")" "^- " "every envelope met the contract (no 400)"
is "$(sort "$T_TMP/requests" | tr '\n' ' ')" "r200 200 r201 201 r422 422 r500 500 " "one request per signed report"
run jq -r '.http_status|tostring' "$DATA/sessions/dev-r201/20261128T120000Z/report.json.uploaded"
is "$out" "201" "report.json.uploaded records the HTTP status"
run jq -r '.uploaded + " " + .registry' "$DATA/sessions/dev-r200/20261128T120000Z/report.json.uploaded"
like "$out" "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z $URL/\$" "report.json.uploaded records the time and the registry"
run jq -r '.reason + " " + (.http_status|tostring)' "$DATA/sessions/dev-r422/20261128T120000Z/report.json.rejected"
is "$out" "a disk is not erased: /dev/sdb failed 422" "report.json.rejected records the reason"
ok "$(ls "$DATA/sessions/dev-r500/20261128T120000Z/" | grep -q 'uploaded\|rejected' && echo 1 || echo 0)" "500: no marker, still queued"

: >"$T_TMP/requests"
run reco sync --registry "$URL" --data "$DATA" --json
is "$status" 1 "second run: the 500 one still fails"
is "$(cat "$T_TMP/requests")" "r500 500" "second run: only the queued report is sent again"
run jq -r '.schema + " " + (.uploaded|length|tostring) + " " + (.queued|length|tostring) + " " + (.skipped|length|tostring)' <<<"$out"
is "$out" "reco-sync/1 0 2 1" "--json: schema and lists"

: >"$T_TMP/requests"
run reco sync --registry "$URL" --data "$DATA" --retry-rejected
is "$(sort "$T_TMP/requests" | tr '\n' ' ')" "r422 422 r500 500 " "--retry-rejected sends the rejected report again"

# a proxy in the way (401/403/404/413 with an HTML body): the report stays
# queued, with the answer as the reason; only the registry's 422 is final
for code in 401 403 404 413; do session r$code; done
: >"$T_TMP/requests"
run reco sync --registry "$URL" --data "$DATA"
is "$status" 1 "proxy answers: exit 1"
for code in 401 403 404 413; do
	like "$err" "dev-r$code/20261128T120000Z: the registry answered $code \(<html><body>Proxy says no</body></html>\): kept in the queue" \
		"$code from a proxy: kept in the queue, with the answer"
	ok "$(ls "$DATA/sessions/dev-r$code/20261128T120000Z/" | grep -q 'rejected' && echo 1 || echo 0)" "$code: not marked rejected"
done
like "$err" "1 report\(s\) not signed \(no station key when sealed\): never sent" "an unsigned report is said not sent, every time"
rm -rf "$DATA"/sessions/dev-r40? "$DATA/sessions/dev-r413"

# --session: only that session's report
session r201s
: >"$T_TMP/requests"
run reco sync --registry "$URL" --data "$DATA" --session "$DATA/sessions/dev-r201s/20261128T120000Z" --json
is "$(cat "$T_TMP/requests")" "r201s 201" "--session sends only that session's report"
run jq -r '(.uploaded|length|tostring) + " " + (.queued|length|tostring) + " " + (.skipped|length|tostring)' <<<"$out"
is "$out" "1 0 0" "--session: the others are not even listed"
run reco sync --registry "$URL" --data "$DATA" --session "$DATA/sessions/dev-unsigned/20261128T120000Z"
is "$status" 1 "--session of an unsigned report: exit 1 (nothing sent)"
like "$out" "not signed \(uncertified station\): not sent" "--session of an unsigned report: says so"

# --set-clock: the registry's Date header (only measured here, never set)
run reco sync --registry "$URL" --data "$DATA" --set-clock --dry-run
is "$status" 0 "--set-clock --dry-run: exit 0"
like "$out" "reco sync: (the registry says [0-9T:-]+Z, this computer [0-9T:-]+Z \([-+][0-9]+ s\)|the clock is kept by NTP)" "--set-clock --dry-run: the registry's time and the offset"
run reco sync --registry "http://127.0.0.1:9" --data "$DATA" --set-clock --dry-run
ok "$([ "$status" = 3 ] || [[ "$out" == *NTP* ]]; echo $?)" "--set-clock, registry down: exit 3"

# registry_url from reco.conf, $RECO_REGISTRY
rm -rf "$DATA/sessions/dev-r500" "$DATA/sessions/dev-badsig"
session r201b
sed -i 's/"r201b"/"r201"/' "$DATA/sessions/dev-r201b/20261128T120000Z/report.json"
printf 'language = fr\nregistry_url = "%s"\n' "$URL" >"$DATA/reco.conf"
: >"$T_TMP/requests"
RECO_DATA=$DATA run reco sync
is "$status" 1 "registry_url from reco.conf, data from \$RECO_DATA: exit 1 (an unsigned report is still not sent)"
is "$(cat "$T_TMP/requests")" "r201 201" "reco.conf: the new report sent"

# --- the registry down: queued, exit 1, clear message -----------------------------------
kill "$SRV_PID"
wait "$SRV_PID" 2>/dev/null
SRV_PID=
session r201c
run reco sync --registry "$URL" --data "$DATA"
is "$status" 1 "registry down: exit 1"
like "$err" "cannot reach the registry" "registry down: says the registry cannot be reached"
like "$err" "1 report\(s\) stay queued in $DATA \(not sent\)" "registry down: says where the report stays queued"
ok "$(ls "$DATA/sessions/dev-r201c/20261128T120000Z/" | grep -q 'uploaded\|rejected' && echo 1 || echo 0)" "registry down: no marker"

# --- nothing to do, errors of use ---------------------------------------------------------
mkdir -p "$T_TMP/empty"
run reco sync --registry "$URL" --data "$T_TMP/empty"
is "$status" 0 "no sessions: exit 0"
run reco sync --data "$T_TMP/empty"
is "$status" 2 "no registry URL: exit 2"
like "$err" "no registry URL" "no registry URL: says so"
run reco sync --registry ftp://example --data "$T_TMP/empty"
is "$status" 2 "ftp:// registry: exit 2"
run reco sync --registry "$URL" --data "$T_TMP/missing"
is "$status" 3 "missing data directory: exit 3"
run reco sync --help
is "$status" 0 "--help: exit 0"
like "$out" "POST <URL>/api/reports" "--help says what it does"

done_testing
