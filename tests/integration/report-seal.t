#!/bin/bash
# reco report seal + verify: the round trip and every way a report can be wrong.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
cd "$T_TMP" || exit 1
SCHEMA_VALIDATE=$TESTS_DIR/../reports/schema/validate.py

mk_ca ca "Recyclerie"
mk_station ca st "Poste 1"
S=$(mk_session good)

run reco-report --help
is "$status" 0 "report --help"
run reco-report seal
is "$status" 2 "seal without a session: usage error"
run reco-report seal "$S" --key st/station.key
is "$status" 2 "--key without --cert: usage error"
run reco-report verify "$S/report.json"
is "$status" 2 "verify without --ca: usage error"
run reco-report render "$S/report.json" --pdf x.pdf --lang de
is "$status" 2 "render --lang de: usage error"

run reco-report seal "$S" --key st/station.key --cert st/station.pem --operator vol-42
is "$status" 0 "seal"
like "$out" "report.json.sig" "seal prints where the signature is"
ok "$(test -f "$S/report.json" && test -f "$S/station.pem" && test -f "$S/certificate.pdf"; echo $?)" \
	"report.json, station.pem and certificate.pdf written"
is "$(stat -c %s "$S/report.json.sig")" 64 "the signature is 64 raw bytes"
is "$(tail -c 1 "$S/report.json" | od -An -c | tr -d ' ')" "}" "no trailing newline"
run python3 -c 'import json,sys; b=open(sys.argv[1],"rb").read(); d=json.loads(b); sys.exit(0 if json.dumps(d,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()==b else 1)' "$S/report.json"
is "$status" 0 "report.json is canonical (Python re-serialises it to the same bytes)"
run python3 "$SCHEMA_VALIDATE" "$S/report.json"
is "$status" 0 "report.json validates against the schema" "$err"
like "$(cat "$S/report.json")" '"operator":"vol-42"' "operator pseudonym recorded"
like "$(cat "$S/report.json")" "\"wipe.json\":\"$(sha256sum "$S/wipe.json" | cut -c1-64)\"" "sources hold the session files' SHA-256"

run reco-report seal "$S" --key st/station.key --cert st/station.pem
is "$status" 1 "sealing again without --force is refused"

run reco-report verify "$S/report.json" --ca ca/ca.pem
is "$status" 0 "verify: OK"
like "$out" "OK — signed by station Poste 1" "verify names the station"
run reco-report verify "$S/report.json" --ca ca/ca.pem --crl ca/crl.pem --json
is "$status" 0 "verify with the CRL: OK"
like "$out" '"status":"ok"' "verify --json status ok"

like "$out" '"session_files":\{"diag.json":"match","inventory.json":"match","wipe.json":"match"\}' "verify --json compares the session files with the sealed hashes"
echo ' ' >>"$S/diag.json"
run reco-report verify "$S/report.json" --ca ca/ca.pem --json
is "$status" 0 "a session file changed after sealing: the report itself still verifies"
like "$out" '"diag.json":"differs"' "... and the changed file is flagged"
like "$err" "diag.json differs from the copy sealed" "... with a warning"

# One byte changed anywhere: first, a few inside, last.
size=$(stat -c %s "$S/report.json")
for off in 0 1 17 $((size / 3)) $((size / 2)) $((size - 2)) $((size - 1)); do
	cp "$S/report.json" t.json
	cp "$S/report.json.sig" t.json.sig
	cp "$S/station.pem" station.pem
	flip_byte t.json "$off"
	run reco-report verify t.json --ca ca/ca.pem
	is "$status" 1 "byte $off changed: verify fails"
	like "$err" "^reco report: t.json: signature: does not match" "byte $off changed: the signature is named"
	unlike "$err" "bad signature: signature" "... once (no repeated reason)"
done
cp "$S/report.json" t.json
printf '\n' >>t.json
run reco-report verify t.json --ca ca/ca.pem
like "$err" "t.json: signature: does not match" "a trailing newline added: bad signature"

# --sig and --cert name the files explicitly.
cp "$S/report.json.sig" elsewhere.sig
cp "$S/station.pem" elsewhere.pem
run reco-report verify "$S/report.json" --ca ca/ca.pem --sig elsewhere.sig --cert elsewhere.pem
is "$status" 0 "verify with --sig and --cert"
run reco-report verify "$S/report.json" --ca ca/ca.pem --cert ca/ca.pem
is "$status" 1 "verify with another --cert (the CA's): fails"
like "$err" "report.json: (signature|certificate): " "... bad signature"

# A signature from another station (same CA).
mk_station ca st2 "Poste 2"
cp "$S/report.json" t.json
cp "$S/station.pem" station.pem
openssl pkeyutl -sign -inkey st2/station.key -rawin -in t.json -out t.json.sig
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "signature by another station's key: fails"
like "$err" "t.json: signature: does not match" "... as a bad signature"
cp st2/station.pem station.pem
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "other station's signature + its own certificate: fails"
like "$err" "sealed for certificate" "... the report names another certificate"

# A station certificate from another CA.
mk_ca ca-evil "Evil"
mk_station ca-evil st-evil "Poste 1"
S2=$(mk_session good)
reco-report seal "$S2" --key st-evil/station.key --cert st-evil/station.pem --no-pdf >/dev/null
run reco-report verify "$S2/report.json" --ca ca/ca.pem
is "$status" 1 "station certified by another CA: fails"
like "$err" "report.json: certificate: Poste 1 is not issued by the CA in ca/ca.pem" "... unknown CA"

# Revoked station.
mk_station ca st-rev "Poste volé"
S3=$(mk_session failed-disk)
reco-report seal "$S3" --key st-rev/station.key --cert st-rev/station.pem --no-pdf >/dev/null
run reco-report verify "$S3/report.json" --ca ca/ca.pem --crl ca/crl.pem
is "$status" 0 "before revocation: OK"
reco-keys revoke --ca ca st-rev/station.pem >/dev/null
run reco-report verify "$S3/report.json" --ca ca/ca.pem --crl ca/crl.pem
is "$status" 1 "revoked station: fails"
like "$err" "report.json: certificate: .* is revoked by the CRL" "... revoked"
run reco-report verify "$S3/report.json" --ca ca/ca.pem --crl ca-evil/crl.pem
is "$status" 1 "a CRL of another CA: fails"
like "$err" "report.json: .*crl.pem: not a CRL of this CA" "... named as such"

# Expired at signing time: a certificate valid only in 2020.
mk_station ca st-old "Poste ancien" --not-before 2020-01-01T00:00:00Z --not-after 2021-01-01T00:00:00Z
S4=$(mk_session good)
run reco-report seal "$S4" --key st-old/station.key --cert st-old/station.pem --no-pdf
like "$err" "not valid now" "sealing with an expired certificate warns"
run reco-report verify "$S4/report.json" --ca ca/ca.pem
is "$status" 1 "expired at signing time: fails"
like "$err" "report.json: certificate: .* was not valid when the report was created" "... expired"
# ...but a report created while it was valid still verifies (validity at
# `created`), with a CA that existed then.
mk_ca ca-2019 "Recyclerie" --not-before 2019-01-01T00:00:00Z --days 7300
mk_station ca-2019 st-2020 "Poste 2020" --not-before 2020-01-01T00:00:00Z --not-after 2021-01-01T00:00:00Z
S5=$(mk_session good)
reco-report seal "$S5" --key st-2020/station.key --cert st-2020/station.pem --no-pdf --created 2020-06-01T12:00:00Z 2>/dev/null
run reco-report verify "$S5/report.json" --ca ca-2019/ca.pem
is "$status" 0 "a report created inside the validity period verifies later"
# Not yet valid.
mk_station ca st-new "Poste futur" --not-before 2040-01-01T00:00:00Z --not-after 2041-01-01T00:00:00Z
S6=$(mk_session good)
reco-report seal "$S6" --key st-new/station.key --cert st-new/station.pem --no-pdf 2>/dev/null
run reco-report verify "$S6/report.json" --ca ca/ca.pem
like "$err" "report.json: certificate: .* was not valid when the report was created" "not yet valid at signing time: fails"

# Malformed inputs: clear error, no crash.
cp "$S/station.pem" station.pem
head -c 100 "$S/report.json" >t.json
cp "$S/report.json.sig" t.json.sig
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "truncated report: fails cleanly"
head -c 10 "$S/report.json.sig" >t.json.sig
cp "$S/report.json" t.json
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "truncated signature: fails cleanly"
like "$err" "t.json: signature: expected 64 bytes" "... says why"
head -c 300 /dev/urandom >t.json
head -c 64 /dev/urandom >t.json.sig
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "garbage report and signature: fails cleanly"
cp "$S/report.json.sig" t.json.sig
cp "$S/report.json" t.json
echo "not a certificate" >station.pem
run reco-report verify t.json --ca ca/ca.pem
is "$status" 1 "garbage certificate: fails"
like "$err" "t.json: certificate: not a PEM" "... named"
run reco-report verify t.json --ca /nonexistent/ca.pem
is "$status" 3 "missing CA file: exit 3"
run reco-report verify "$T_TMP/nope.json" --ca ca/ca.pem
is "$status" 3 "missing report: exit 3"
rm -f station.pem
run reco-report verify t.json --ca ca/ca.pem
is "$status" 3 "missing station.pem for a signed report: exit 3"

# Uncertified station: no key, an unsigned report clearly marked.
S7=$(mk_session good)
run reco-report seal "$S7"
is "$status" 0 "seal without a key: works"
like "$out" "uncertified" "... and says the report is not signed"
like "$(cat "$S7/report.json")" '"station":\{"status":"uncertified"\}' "station: uncertified"
ok "$(test ! -e "$S7/report.json.sig"; echo $?)" "no signature file"
run python3 "$SCHEMA_VALIDATE" "$S7/report.json"
is "$status" 0 "the unsigned report validates against the schema"
run reco-report verify "$S7/report.json" --ca ca/ca.pem --json
is "$status" 1 "verify of an unsigned report: exit 1"
like "$out" '"status":"uncertified"' "... status uncertified"

# The stick's own key is found in $RECO_KEYS; --uncertified overrides it.
mkdir -p stick-keys
cp st2/station.key st2/station.pem stick-keys/
S10=$(mk_session good)
RECO_KEYS=$T_TMP/stick-keys run reco-report seal "$S10" --no-pdf
is "$status" 0 "seal with the key found in \$RECO_KEYS"
like "$(cat "$S10/report.json")" '"station":\{"certificate_sha256":"[0-9a-f]{64}","name":"Poste 2"\}' "... signed by that station"
run reco-report verify "$S10/report.json" --ca ca/ca.pem
is "$status" 0 "... and it verifies"
S11=$(mk_session good)
RECO_KEYS=$T_TMP/stick-keys run reco-report seal "$S11" --no-pdf --uncertified
like "$(cat "$S11/report.json")" '"station":\{"status":"uncertified"\}' "--uncertified: not signed even with a key there"
run reco-report seal "$S11" --uncertified --key st2/station.key --cert st2/station.pem
is "$status" 2 "--uncertified with --key: usage error"

# A session with only some files, and an empty one.
S8=$T_TMP/sessions/dev-x/20261128T100000Z
mkdir -p "$S8"
cp "$FIXTURES/sessions/good/wipe.json" "$S8/"
run reco-report seal "$S8" --key st2/station.key --cert st2/station.pem --no-pdf
is "$status" 0 "seal a session holding only wipe.json"
like "$(cat "$S8/report.json")" '"device":\{"id":"dev-x"\}' "device id from the session path"
run python3 "$SCHEMA_VALIDATE" "$S8/report.json"
is "$status" 0 "... validates against the schema"
mkdir -p empty
run reco-report seal empty
is "$status" 3 "an empty session: nothing to seal (exit 3)"
like "$err" "no inventory.json" "... says so"
S9=$(mk_session good)
echo '{"schema":"reco-diag/1","parts":[],"temp":41.5}' >"$S9/diag.json"
run reco-report seal "$S9" --key st2/station.key --cert st2/station.pem --no-pdf
is "$status" 0 "a real number in a session file: sealed anyway"
like "$err" "1 real number in the session files kept as a string" "... with a warning (one number: the singular)"
run reco-report verify "$S9/report.json" --ca ca/ca.pem
is "$status" 0 "... and it verifies"

# The station key must not be readable by others.
chmod 644 st2/station.key
run reco-report seal "$(mk_session good)" --key st2/station.key --cert st2/station.pem --no-pdf
is "$status" 3 "a world-readable key is refused (exit 3: permissions)"
like "$err" "readable by others" "... with the reason"
chmod 600 st2/station.key
run reco-report seal "$(mk_session good)" --key st2/station.key --cert st/station.pem --no-pdf
is "$status" 1 "key and certificate that do not match: refused"
unlike "$out$err" "PRIVATE KEY" "no private key material in seal's output"

# A file that cannot be read is named, once; --json still gives a verdict.
run reco-report verify missing.json --ca ca/ca.pem
is "$status" 3 "a missing report: exit 3"
is "$err" "reco report: missing.json: No such file or directory" "... named once"
cp "$S/report.json" t.json
cp "$S/station.pem" station.pem
rm -f t.json.sig
run reco-report verify t.json --ca ca/ca.pem --json
is "$status" 3 "a missing signature: exit 3"
like "$err" "t.json: cannot verify: t.json.sig: No such file" "... the signature file named"
like "$out" '^\{.*"reason":"t.json.sig: No such file or directory".*"status":"unreadable".*\}$' "... and the --json verdict printed"
run reco-report verify "$S/report.json" --ca ca/ca.pem --crl nocrl.pem --json
is "$status" 3 "a missing CRL: exit 3"
like "$out" '"reason":"nocrl.pem: No such file' "... the CRL named in the verdict"
run reco-report verify "$S/report.json" --ca noca.pem
like "$err" "cannot verify: noca.pem: " "a missing CA named"
done_testing
