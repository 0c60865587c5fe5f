#!/bin/bash
# reco report render: the PDF certificate and the Repair Café sheet.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
cd "$T_TMP" || exit 1
EX=$TESTS_DIR/../reports/examples

sha_good=$(sha256sum "$EX/good.json" | cut -c1-64)
run reco-report render "$EX/good.json" --pdf good.pdf
is "$status" 0 "render the good example (French by default)"
run pdftotext -layout good.pdf good.txt
is "$status" 0 "pdftotext reads it"
txt=$(cat good.txt)
like "$txt" "Certificat d.effacement des" "French title"
like "$txt" "données" "... with accents"
like "$txt" "S2R6NX0H512345A" "first disk serial"
like "$txt" "S35ENX0J123456" "second disk serial"
like "$txt" "ATA Sanitize" "method of the first disk"
like "$txt" "réécriture aléatoire" "method of the second disk, in French"
like "$txt" "Purge" "NIST category purge"
like "$txt" "Clear" "NIST category clear"
like "$txt" "EFFACÉ" "result"
like "$txt" "couverture 10,5" "sampled verification coverage, French decimal comma"
like "$txt" "$(printf '%s' "$sha_good" | cut -c1-40)" "the report's SHA-256"
like "$txt" "PF0ZK8QL" "device serial"
like "$txt" "Poste d.exemple 1" "station name"
like "$txt" "benevole-07" "operator pseudonym"
like "$txt" "i5-7300U" "hardware summary: CPU"
like "$txt" "Batterie BAT0" "diagnostic verdicts"
# good.json's diagnosis predates the function parts and says nothing of
# being complete: the certificate must not claim every part was tested.
unlike "$(pdftotext good.pdf - | tr '\n' ' ')" "Toutes les pi.ces de cet ordinateur ont .t. test.es" \
	"no 'every part was tested' for a diagnosis that does not say it is complete and lacks parts"
like "$txt" "Responsable" "signature lines"
run pdftoppm -r 40 -f 1 -l 1 -png good.pdf page
is "$status" 0 "pdftoppm renders a page"
ok "$(test -s page-1.png || test -s page-01.png; echo $?)" "page image written"
# The QR code holds the device id and the report's SHA-256.
if command -v zbarimg >/dev/null; then
	pdftoppm -r 150 -f 1 -l 1 -png -singlefile good.pdf qr
	run zbarimg -q --raw qr.png
	is "$out" "reco:dmi-5CG7302XYZ-lenovo-thinkpad-t470:$sha_good" "the QR code decodes to reco:<device id>:<sha256>"
else
	skip "zbarimg (zbar-tools) not installed: QR code not decoded"
fi
run pdfinfo good.pdf
like "$out" "Page size: +595.2[0-9]* x 841.8[0-9]* pts \(A4\)" "A4"

run reco-report render "$EX/failed-disk.json" --pdf failed.pdf --lang en
is "$status" 0 "render the failed-disk example in English"
pdftotext -layout failed.pdf failed.txt
txt=$(cat failed.txt)
like "$txt" "Data erasure certificate" "English title"
like "$txt" "W2AGKT9Q" "failed disk serial"
like "$txt" "FAILED" "result: FAILED"
like "$txt" "NOT fully erased" "the summary says the device is not erased"
like "$txt" "LBA 312500224" "the first bad LBA"
like "$txt" "overwrite with zeros" "method in English"

run reco-report render "$EX/failed-disk.json" --pdf rc.pdf --kind repair-cafe
is "$status" 0 "render the Repair Café sheet"
is "$(pdfinfo rc.pdf | awk '/^Pages:/ {print $2}')" 1 "one page"
pdftotext -layout rc.pdf rc.txt
txt=$(cat rc.txt)
like "$txt" "Le bilan de votre" "plain-language title"
like "$txt" "remplacer le disque" "the action for the failed disk"
like "$(tr "\n" " " <rc.txt)" "rien n.a été +modifié ni effacé" "says nothing was changed"

# An unsigned report says so on the certificate.
S=$(mk_session failed-disk)
reco-report seal "$S" >/dev/null
pdftotext "$S/certificate.pdf" u.txt
like "$(cat u.txt)" "NON SIGNÉ" "uncertified report: NON SIGNÉ on the certificate"

# A session with only a wipe.json and missing optional fields still renders.
mkdir -p sessions/dev-y/t1
printf '{"schema":"reco-wipe/1","targets":[{"path":"/dev/loop0","method":"zero","result":"erased","transport":"loop"}]}' >sessions/dev-y/t1/wipe.json
run reco-report seal sessions/dev-y/t1
is "$status" 0 "seal + render a minimal session" "$err"
ok "$(test -s sessions/dev-y/t1/certificate.pdf; echo $?)" "certificate.pdf written"

# Session files that break their contracts: seal and render anyway, no crash.
S=$(mk_session malformed)
run reco-report seal "$S"
is "$status" 0 "seal a session whose files have wrong types everywhere" "$err"
for kind in certificate repair-cafe; do
	for lang in fr en; do
		run reco-report render "$S/report.json" --pdf "m-$kind-$lang.pdf" --kind "$kind" --lang "$lang"
		is "$status" 0 "render $kind ($lang) of the malformed session" "$err"
	done
done
pdftotext m-certificate-fr.pdf m.txt
like "$(cat m.txt)" "weird<&>" "markup characters in values are shown as text"
like "$(cat m.txt)" "sur 2 :" "only object targets count as media"

# Errors.
echo '{"not":"a report"}' >bad.json
run reco-report render bad.json --pdf bad.pdf
is "$status" 1 "render refuses something that is not a report"
like "$err" "schema is not reco-report/1|not in canonical form" "... with the reason"
run reco-report render "$EX/good.json"
is "$status" 2 "render without --pdf: usage error"
run reco-report render "$EX/good.json" --pdf /nonexistent/dir/x.pdf
is "$status" 3 "unwritable output: exit 3"

# A diagnosis as reco diag writes it (codes and values, no French text
# stored): the certificate and the sheet render it in French, and an
# incomplete diagnosis says so and lists what was not tested.
S=$(mktemp -d "$T_TMP/sess-diag.XXXXXX")
"$RECO_BUILD/bin/reco-diag" --only battery,thermal --root "$FIXTURES/diag/roots/laptop-worn" --session "$S" \
	--progress=none >/dev/null
reco-report seal "$S" --no-pdf >/dev/null
run reco-report render "$S/report.json" --pdf "$S/c.pdf" --lang fr
is "$status" 0 "render a report with a coded diagnosis"
txt=$(pdftotext -layout "$S/c.pdf" - | tr -s ' \n' ' ')
like "$txt" "La batterie ne tient plus que 55 % de sa charge d.origine" "French reason rendered from the code and value"
unlike "$txt" "The battery holds|No problem found|left out of this run" "no English sentence on a French certificate"
like "$txt" "Diagnostic incomplet" "an incomplete diagnosis is labelled incomplete"
like "$txt" "Processeur non testé" "the parts not tested are listed"
like "$txt" "Mémoire +non testé" "each not-tested part with its verdict"
run reco-report render "$S/report.json" --pdf "$S/rc.pdf" --kind repair-cafe --lang fr
txt=$(pdftotext -layout "$S/rc.pdf" - | tr -s ' \n' ' ')
like "$txt" "Diagnostic incomplet" "the Repair Café sheet says the diagnosis is incomplete"
like "$txt" "Mémoire : non testé" "the sheet lists the memory as not tested"
unlike "$txt" "The battery holds" "no English on the French sheet"
is "$(jq -r .diag.complete "$S/report.json")" "false" "the signed report carries complete: false"

done_testing
