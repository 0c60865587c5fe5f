#!/bin/bash
# reco keys: CA, station keys, certificates, revocation; key file safety.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
cd "$T_TMP" || exit 1

run reco-keys --help
is "$status" 0 "keys --help exits 0"
like "$out" "ca-init" "help lists ca-init"
run reco-keys
is "$status" 2 "no command: usage error"
run reco-keys frobnicate
is "$status" 2 "unknown command: usage error"
run reco-keys ca-init --out ca
is "$status" 2 "ca-init without --org: usage error"

run reco-keys ca-init --org "Recyclerie Numérique" --out ca
is "$status" 0 "ca-init"
like "$out" "ca/ca.pem" "ca-init names the certificate"
is "$(stat -c %a ca/ca.key)" 600 "ca.key is mode 0600"
ok "$(test -f ca/ca.pem && test -f ca/serial && test -f ca/index.txt && test -f ca/crl.pem; echo $?)" "CA directory files"
run openssl x509 -in ca/ca.pem -noout -ext basicConstraints,keyUsage
like "$out" "CA:TRUE" "CA certificate: CA:TRUE"
like "$out" "Certificate Sign, CRL Sign" "CA certificate: keyCertSign, cRLSign"
cp ca/ca.key ca.key.before
run reco-keys ca-init --org Other --out ca
is "$status" 1 "ca-init refuses an existing CA"
like "$err" "not replaced" "and says so"
ok "$(cmp -s ca/ca.key ca.key.before; echo $?)" "ca.key unchanged"

# A pre-existing private key file (or a symlink) is never overwritten.
mkdir st-x && echo keep >st-x/station.key
run reco-keys station-init --name X --out st-x
is "$status" 1 "station-init refuses an existing station.key"
is "$(cat st-x/station.key)" keep "station.key left alone"
mkdir st-l && ln -s "$T_TMP/target" st-l/station.key
run reco-keys station-init --name X --out st-l
is "$status" 1 "station-init refuses a symlink in place of the key"
ok "$(test ! -e "$T_TMP/target"; echo $?)" "symlink target not created"

run reco-keys station-init --name "Poste 1" --out st
is "$status" 0 "station-init"
is "$(stat -c %a st/station.key)" 600 "station.key is mode 0600"
run openssl req -in st/station.csr -noout -verify
is "$status" 0 "the CSR verifies with openssl"
run reco-keys certify --ca ca st/station.csr --days 30
is "$status" 0 "certify"
like "$out" "serial 01" "first serial is 01"
run openssl verify -CAfile ca/ca.pem st/station.pem
is "$status" 0 "openssl verifies the station certificate"
run openssl x509 -in st/station.pem -noout -ext basicConstraints,keyUsage
like "$out" "CA:FALSE" "station certificate: CA:FALSE"
like "$out" "Digital Signature" "station certificate: digitalSignature"
run reco-keys certify --ca ca st/station.csr
is "$status" 1 "certify refuses to overwrite station.pem"
run reco-keys certify --ca ca st/station.csr --out st/second.pem
is "$status" 0 "certify again to another file"
like "$out" "serial 02" "serials increase"
run reco-keys show --json st/station.pem
like "$out" '"common_name":"Poste 1"' "show --json"
run reco-keys certify --ca ca ca/ca.pem
is "$status" 1 "certify refuses a file that is not a request"

run reco-keys revoke --ca ca st/station.pem
is "$status" 0 "revoke"
like "$(cat ca/index.txt)" "^R	01	" "index marks serial 01 revoked"
run openssl verify -CAfile ca/ca.pem -crl_check -CRLfile ca/crl.pem st/station.pem
is "$status" 2 "openssl sees the revocation in crl.pem"
run openssl verify -CAfile ca/ca.pem -crl_check -CRLfile ca/crl.pem st/second.pem
is "$status" 0 "the other certificate is still good"
run reco-keys revoke --ca ca st/station.pem
is "$status" 1 "revoking twice is refused"
mk_ca other "Another association"
run reco-keys revoke --ca other st/second.pem
is "$status" 1 "revoke refuses a certificate of another CA"
run reco-keys crl --ca ca --days 7
is "$status" 0 "crl"
like "$out" "1 revoked" "crl counts the revoked certificates"

# No private key material in any output: neither the PEM header nor the key
# bytes (the base64 body of the PEM files) appear in what the commands printed.
all_out=$(cat "$T_TMP"/out "$T_TMP"/err)
for cmd in "ca-init --org Z --out ca2" "station-init --name Z --out st2" \
	"certify --ca ca2 st2/station.csr" "revoke --ca ca2 st2/station.pem" "crl --ca ca2" \
	"show st2/station.pem" "show --json st2/station.pem"; do
	# shellcheck disable=SC2086
	run reco-keys $cmd
	all_out="$all_out$out$err"
done
unlike "$all_out" "PRIVATE KEY" "no PEM private key header in any output"
leak=0
for k in ca/ca.key st/station.key ca2/ca.key st2/station.key; do
	body=$(grep -v -- '-----' "$k")
	case "$all_out" in *"$body"*) leak=1 ;; esac
	raw=$(openssl pkey -in "$k" -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \n')
	case "$all_out" in *"$raw"*) leak=1 ;; esac
done
is "$leak" 0 "no private key bytes (base64 or hex) in any output"

done_testing
