# 50-report — seal the demo session into a signed report, verify it, print
# the certificate.  Sourced by contrib/demo (RECO_TOP, BIN, DEMO, RECO_DATA).
#
# A demo CA and a demo station key are created on the spot under $DEMO/keys
# (throwaway: `make demo` empties $DEMO each time).  The session is
# $RECO_SESSION, else the latest one the earlier steps (inventory, diag,
# wipe) wrote under $RECO_DATA/sessions/, else a copy of the example session
# tests/fixtures/sessions/good when no earlier step produced one.

demo_keys=$DEMO/keys
reco keys ca-init --org "Recyclerie de démonstration" --out "$demo_keys/ca" >/dev/null
reco keys station-init --name "Poste de démonstration" --out "$demo_keys/station" >/dev/null
reco keys certify --ca "$demo_keys/ca" "$demo_keys/station/station.csr" --days 30 >/dev/null

demo_session=${RECO_SESSION:-}
if [ -z "$demo_session" ]; then
	demo_session=$(ls -dt "$RECO_DATA"/sessions/*/*/ 2>/dev/null | head -n 1 || true)
	demo_session=${demo_session%/}
fi
demo_has_files() { [ -f "$1/inventory.json" ] || [ -f "$1/diag.json" ] || [ -f "$1/wipe.json" ]; }
if [ -z "$demo_session" ] || ! demo_has_files "$demo_session"; then
	demo_session=$RECO_DATA/sessions/demo-example/$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$demo_session"
	cp "$RECO_TOP"/tests/fixtures/sessions/good/*.json "$demo_session/"
	echo "(no session from the earlier steps: sealing the example session instead)"
fi
echo "session: $demo_session"
ls "$demo_session"

reco report seal "$demo_session" --key "$demo_keys/station/station.key" \
	--cert "$demo_keys/station/station.pem" --operator demo-volunteer --force
reco report verify "$demo_session/report.json" --ca "$demo_keys/ca/ca.pem" --crl "$demo_keys/ca/crl.pem"
reco report render "$demo_session/report.json" --pdf "$demo_session/repair-cafe.pdf" --kind repair-cafe

echo
echo "CA certificate:      $demo_keys/ca/ca.pem (private key $demo_keys/ca/ca.key, mode 0600)"
echo "station certificate: $demo_keys/station/station.pem (private key $demo_keys/station/station.key)"
echo "report:              $demo_session/report.json"
echo "signature:           $demo_session/report.json.sig"
echo "certificate (PDF):   $demo_session/certificate.pdf"
echo "Repair Café sheet:   $demo_session/repair-cafe.pdf"
echo "check it with openssl alone: see reports/README.md"
