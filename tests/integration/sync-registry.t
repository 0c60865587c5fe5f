#!/bin/bash
# reco sync against the REAL registry (`reco registry serve` on 127.0.0.1,
# SQLite in the test directory): a report sealed with a station key of a test
# CA is stored (201), sent again it is already there (200), a tampered copy
# is rejected (422) with the registry's reason.  Skips when reco-registry,
# reco-report or reco-keys are not built in this tree.
. "$(dirname "$0")/lib.sh"
for t in registry report keys; do
	if [ ! -x "$RECO_BUILD/bin/reco-$t" ]; then
		skip "reco-$t is not built in this tree"
		done_testing
		exit
	fi
done
SRV_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT
unset RECO_DATA RECO_REGISTRY RECO_KEYS RECO_SESSION

reco keys ca-init --org "Test CA" --out "$T_TMP/ca" >/dev/null
reco keys station-init --name "Test station" --out "$T_TMP/st" >/dev/null
reco keys certify --ca "$T_TMP/ca" "$T_TMP/st/station.csr" --days 30 >/dev/null
S=$T_TMP/data/sessions/dev1/20261128T120000Z
mkdir -p "$S" "$T_TMP/reg"
cp "$FIXTURES"/sessions/good/*.json "$S/"
reco report seal "$S" --key "$T_TMP/st/station.key" --cert "$T_TMP/st/station.pem" --no-pdf >/dev/null
cp "$T_TMP/ca/ca.pem" "$T_TMP/reg/"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
reco registry --db "$T_TMP/reg/registry.db" --data-dir "$T_TMP/reg" serve --listen "127.0.0.1:$PORT" \
	>"$T_TMP/serve.log" 2>&1 &
SRV_PID=$!
for _ in $(seq 100); do grep -q listening "$T_TMP/serve.log" && break; sleep 0.05; done
URL=http://127.0.0.1:$PORT

run reco sync --registry "$URL" --data "$T_TMP/data"
is "$status" 0 "real registry: exit 0"
like "$out" "sent \(stored by the registry\)" "real registry: 201, stored"
run jq -r .http_status "$S/report.json.uploaded"
is "$out" "201" "real registry: marked uploaded with 201"

rm "$S/report.json.uploaded"
run reco sync --registry "$URL" --data "$T_TMP/data"
like "$out" "the registry already had it" "real registry: sent again, 200"

S2=$T_TMP/data/sessions/dev2/20261128T120000Z
mkdir -p "$S2"
cp "$S/report.json" "$S/report.json.sig" "$S/station.pem" "$S2/"
sed -i 's/"created":"/"created":"1/' "$S2/report.json"
run reco sync --registry "$URL" --data "$T_TMP/data"
is "$status" 1 "real registry: a tampered report: exit 1"
run jq -r '(.http_status|tostring) + " " + .reason' "$S2/report.json.rejected"
like "$out" "^4[0-9][0-9] .*signature" "real registry: rejected with the registry's reason (bad signature)"

done_testing
