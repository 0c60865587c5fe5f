#!/bin/sh
# contrib/bench/report.sh — `make bench-report`: how long checking a signed
# report takes with `reco report verify` (signature, chain, validity at
# signing time, CRL: one process) next to the openssl command line a third
# party runs (reports/README.md: verify with CRL, public key extraction,
# pkeyutl -verify -rawin: three processes), on reports/examples/good.json.
# Prints both times per report and their ratio.  Figures are wall-clock and
# noisy on a shared machine.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${RECO_BUILD:-$top/build}/bin
ex=$top/reports/examples
n=${RECO_BENCH_N:-200}
tmp=$(mktemp -d /tmp/reco-bench-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$ex/ca.pem" "$ex/crl.pem" "$ex/station.pem" "$tmp/"
cp "$ex/good.json" "$tmp/report.json"
cp "$ex/good.json.sig" "$tmp/report.json.sig"
cd "$tmp"

now() { date +%s%N; }
t0=$(now)
i=0
while [ $i -lt "$n" ]; do
	"$bin/reco-report" verify report.json --ca ca.pem --crl crl.pem >/dev/null
	i=$((i + 1))
done
t1=$(now)
i=0
while [ $i -lt "$n" ]; do
	openssl verify -CAfile ca.pem -crl_check -CRLfile crl.pem station.pem >/dev/null
	openssl x509 -in station.pem -pubkey -noout >station.pub
	openssl pkeyutl -verify -pubin -inkey station.pub -rawin -in report.json -sigfile report.json.sig >/dev/null
	i=$((i + 1))
done
t2=$(now)
reco_us=$(((t1 - t0) / 1000 / n))
ossl_us=$(((t2 - t1) / 1000 / n))
echo "bench-report: $n reports: reco report verify ${reco_us} us/report, openssl CLI (3 commands) ${ossl_us} us/report"
awk -v a="$reco_us" -v b="$ossl_us" 'BEGIN { printf "bench-report: ratio reco/openssl = %.2f (lower is faster)\n", a / b }'
