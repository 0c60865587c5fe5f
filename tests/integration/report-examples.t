#!/bin/bash
# reports/: the committed examples verify, validate against the schema, and
# the openssl commands of reports/README.md, run verbatim, accept a good
# report and reject a tampered one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
REPORTS=$TESTS_DIR/../reports
EX=$REPORTS/examples

for name in good failed-disk; do
	run reco-report verify "$EX/$name.json" --ca "$EX/ca.pem" --crl "$EX/crl.pem"
	is "$status" 0 "examples/$name.json verifies with reco" "$err"
	run python3 "$REPORTS/schema/validate.py" "$EX/$name.json"
	is "$status" 0 "examples/$name.json validates against the schema" "$err"
	ok "$(test -s "$EX/$name.pdf"; echo $?)" "examples/$name.pdf exists"
done
like "$(cat "$EX/failed-disk.json")" '"result":"failed"' "failed-disk.json holds a failed disk"
ok "$(test -s "$REPORTS/certificate.png"; echo $?)" "reports/certificate.png exists"
# The committed PDFs are what the current code prints (else `make examples`):
# rendered again from the committed reports, their text is the same.
for pdf in good:certificate failed-disk:certificate failed-disk-repair-cafe:repair-cafe; do
	name=${pdf%%:*} kind=${pdf#*:}
	reco-report render "$EX/${name%-repair-cafe}.json" --pdf "$T_TMP/now.pdf" --kind "$kind" --lang fr
	if cmp -s <(pdftotext -layout "$EX/$name.pdf" -) <(pdftotext -layout "$T_TMP/now.pdf" -); then
		ok 0 "examples/$name.pdf is what the code prints today"
	else
		ok 1 "examples/$name.pdf is what the code prints today" \
			"$(diff <(pdftotext -layout "$EX/$name.pdf" -) <(pdftotext -layout "$T_TMP/now.pdf" -) | head -20)
regenerate: make examples"
	fi
done

# The schema rejects what it must.
python3 - "$EX/good.json" "$T_TMP/bad1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["operator"]
d["wipe"]["targets"][0]["result"] = "mostly"
open(sys.argv[2], "w").write(json.dumps(d))
PY
run python3 "$REPORTS/schema/validate.py" "$T_TMP/bad1.json"
is "$status" 1 "the schema rejects a report without operator and with a bad result"
like "$err" "operator" "... naming operator"
like "$err" "mostly" "... and the bad result"

# Extract the commands of the README's verify block, then run them verbatim.
awk '/<!-- verify-commands/ {f=1; next} f && /^```sh/ {g=1; next} g && /^```/ {exit} g {print}' \
	"$REPORTS/README.md" >"$T_TMP/commands.sh"
is "$(grep -c '^openssl' "$T_TMP/commands.sh")" 5 "five openssl commands extracted from reports/README.md"
unlike "$(cat "$T_TMP/commands.sh")" "cms|smime" "no CMS/S-MIME in the commands"

setup_dir() { # DIR NAME
	rm -rf "$1" && mkdir -p "$1"
	cp "$EX/ca.pem" "$EX/crl.pem" "$EX/station.pem" "$1/"
	cp "$EX/$2.json" "$1/report.json"
	cp "$EX/$2.json.sig" "$1/report.json.sig"
}
n=0
while IFS= read -r line; do
	n=$((n + 1))
	setup_dir "$T_TMP/good" good
	# the public key extraction is needed by the pkeyutl line
	(cd "$T_TMP/good" && openssl x509 -in station.pem -pubkey -noout >station.pub)
	run sh -c "cd '$T_TMP/good' && $line"
	is "$status" 0 "README command $n on a good report: $line" "$err"
	case "$line" in
	*"openssl verify"*) like "$out" "station.pem: OK" "... prints station.pem: OK" ;;
	*"pkeyutl -verify"*) like "$out" "Signature Verified Successfully" "... Signature Verified Successfully" ;;
	*"dgst -sha256"*) fp=$(printf '%s' "$out" | cut -c1-64) ;;
	*certificate_sha256*) like "$out" "\"certificate_sha256\":\"$fp\"" "the report names the certificate openssl hashed" ;;
	esac
done <"$T_TMP/commands.sh"
for name in good failed-disk; do
	run sh -e -c "cd '$T_TMP' && rm -rf v && mkdir v && cp '$EX/ca.pem' '$EX/crl.pem' '$EX/station.pem' v/ && cp '$EX/$name.json' v/report.json && cp '$EX/$name.json.sig' v/report.json.sig && cd v && . '$T_TMP/commands.sh'"
	is "$status" 0 "the whole README block passes on examples/$name.json" "$err"
done

# A tampered report: one byte changed, the pkeyutl line fails.
pk=$(grep 'pkeyutl -verify' "$T_TMP/commands.sh")
size=$(stat -c %s "$EX/good.json")
for off in 0 $((size / 2)) $((size - 1)); do
	setup_dir "$T_TMP/bad" good
	flip_byte "$T_TMP/bad/report.json" "$off"
	(cd "$T_TMP/bad" && openssl x509 -in station.pem -pubkey -noout >station.pub)
	run sh -c "cd '$T_TMP/bad' && $pk"
	is "$status" 1 "README pkeyutl on a report with byte $off changed: fails"
	like "$out$err" "Signature Verification Failure" "... Signature Verification Failure"
done
run sh -e -c "cd '$T_TMP/bad' && . '$T_TMP/commands.sh'"
ok "$([ "$status" != 0 ]; echo $?)" "the whole README block fails on a tampered report"
# A signature moved onto another report.
setup_dir "$T_TMP/swap" good
cp "$EX/failed-disk.json.sig" "$T_TMP/swap/report.json.sig"
(cd "$T_TMP/swap" && openssl x509 -in station.pem -pubkey -noout >station.pub)
run sh -c "cd '$T_TMP/swap' && $pk"
is "$status" 1 "README pkeyutl with another report's signature: fails"

done_testing
