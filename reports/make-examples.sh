#!/bin/sh
# reports/make-examples.sh — regenerate reports/examples/ (`make examples`).
#
# A throwaway example CA and station are created in a temporary directory
# (their private keys are destroyed at the end: nobody can sign more
# "examples"), the sessions in tests/fixtures/sessions/{good,failed-disk} are
# sealed, and the signed reports, their PDFs, ca.pem, station.pem and crl.pem
# are copied here.  reports/certificate.png is page 1 of good.pdf.
# The certificates and the CRL are valid ten years so that the openssl
# commands of reports/README.md keep working on the committed examples.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${RECO_BUILD:-$top/build}/bin
out=$top/reports/examples
tmp=$(mktemp -d /tmp/reco-examples.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin/reco-keys" ca-init --org "Recyclerie numérique (exemple)" --out "$tmp/ca" --days 3650 >/dev/null
"$bin/reco-keys" station-init --name "Poste d'exemple 1" --org "Recyclerie numérique (exemple)" --out "$tmp/station" >/dev/null
"$bin/reco-keys" certify --ca "$tmp/ca" "$tmp/station/station.csr" --days 3650 >/dev/null
"$bin/reco-keys" crl --ca "$tmp/ca" --days 3650 >/dev/null

mkdir -p "$out"
for name in good failed-disk; do
	cp -r "$top/tests/fixtures/sessions/$name" "$tmp/$name"
	"$bin/reco-report" seal "$tmp/$name" --key "$tmp/station/station.key" \
		--cert "$tmp/station/station.pem" --operator "benevole-07" --no-pdf >/dev/null
	cp "$tmp/$name/report.json" "$out/$name.json"
	cp "$tmp/$name/report.json.sig" "$out/$name.json.sig"
	"$bin/reco-report" render "$out/$name.json" --pdf "$out/$name.pdf" --lang fr
done
"$bin/reco-report" render "$out/failed-disk.json" --pdf "$out/failed-disk-repair-cafe.pdf" --kind repair-cafe --lang fr
cp "$tmp/ca/ca.pem" "$out/ca.pem"
cp "$tmp/ca/crl.pem" "$out/crl.pem"
cp "$tmp/station/station.pem" "$out/station.pem"
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$out/good.pdf" "$top/reports/certificate"
for name in good failed-disk; do
	"$bin/reco-report" verify "$out/$name.json" --ca "$out/ca.pem" --crl "$out/crl.pem"
done
echo "examples written to $out"
