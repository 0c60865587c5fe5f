# 60-registry — the coordinator's side: import the demo's signed report into a
# local SQLite registry ($DEMO/registry/registry.db), add a beneficiary,
# allocate the machine and hand it over: signed receipt + PDF attestation.
# Sourced by contrib/demo (RECO_TOP, BIN, DEMO, RECO_DATA); uses the CA of
# step 50 ($demo_keys) and the report it sealed.

reg_dir=$DEMO/registry
reg_db=$reg_dir/registry.db
mkdir -p "$reg_dir/receipts"
reg_ca=${demo_keys:-$DEMO/keys}/ca
cp "$reg_ca/ca.pem" "$reg_dir/ca.pem"
[ -f "$reg_ca/crl.pem" ] && cp "$reg_ca/crl.pem" "$reg_dir/crl.pem"
reg_report=${demo_session:+$demo_session/report.json}
[ -n "$reg_report" ] && [ -f "$reg_report" ] ||
	reg_report=$(find "$RECO_DATA/sessions" -name report.json -newer "$reg_ca/ca.pem" | head -n 1)
echo "report: $reg_report"
reg() { reco registry --db "$reg_db" --actor demo-coordinator "$@"; }

reg import "$reg_report"
reg_dev=$(reg --json devices | sed -n 's/^ *"id": "\(.*\)",*$/\1/p' | head -n 1)
reg show "$reg_dev"
reg_ben=$(reg beneficiary add --household-size 3 --referrer "CCAS de démonstration")
echo "beneficiary (pseudonymous): $reg_ben"
# This machine's own disks were not wiped (the demo wiped a throwaway image)
# and its diagnosis is incomplete (no guided tests), so the registry refuses
# to make it ready.  A coordinator's exceptions are shown as they would be
# recorded for a real machine — each one an event of the history, printed on
# the handover attestation with its reason.
if ! reg ready "$reg_dev"; then
	echo "(refused, as it should be: the coordinator now records the exceptions, each with a reason)"
	reg_left=$(jq -r '.coverage.disks[]? | select(.result != "erased") | (.serial // .path)' "$reg_report")
	for d in $reg_left; do
		reg accept-disk "$reg_dev" "$d" --reason other --note "démonstration : disque de la machine hôte, non effacé"
	done
	reg diag-override "$reg_dev" --reason other --note "démonstration : tests guidés non faits"
	reg ready "$reg_dev" || true
fi
if reg_alloc=$(reg allocate "$reg_dev" "$reg_ben" --programme "Démo solidarité numérique"); then
	echo "allocation: $reg_alloc"
	reg deliver "$reg_alloc" --out "$reg_dir/receipts"
	openssl pkeyutl -verify -pubin -inkey "$reg_dir/registry-pub.pem" -rawin \
		-in "$reg_dir/receipts/receipt-$reg_alloc.json" -sigfile "$reg_dir/receipts/receipt-$reg_alloc.json.sig"
	reg stats
	reg audit
	echo
	echo "registry database:    $reg_db"
	echo "receipt (signed):     $reg_dir/receipts/receipt-$reg_alloc.json"
	echo "receipt signature:    $reg_dir/receipts/receipt-$reg_alloc.json.sig"
	echo "registry public key:  $reg_dir/registry-pub.pem"
	echo "handover attestation: $reg_dir/receipts/attestation-$reg_alloc.pdf"
else
	echo "(the demo machine cannot be handed over: see the refusal above)"
	echo "registry database:    $reg_db"
fi
