#!/bin/bash
# contrib/bench/registry.sh — the registry's two performance targets (issue 8):
#   1. import 10,000 signed reports (signature verification included) < 20 s
#   2. GET /devices with 10,000 devices: p95 < 50 ms (wrk, 127.0.0.1)
# Prints the figures and exits 1 when a target is missed.  Needs openssl,
# python3, curl and wrk (contrib/deps/registry.list).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${RECO_BUILD:-$top/build}
export PATH="$BUILD/bin:$PATH" LANG=C.UTF-8
N=${REG_BENCH_N:-10000}
W=$(mktemp -d /tmp/reco-bench-registry.XXXXXX)
SP=
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; rm -rf "$W"' EXIT
T_TMP=$W
. "$top/tests/integration/registry-lib.sh"
REG_MK="$top/tests/integration/registry-mkreport.py"
fail=0

reg_pki "$W/pki" || { echo "bench-registry: cannot create the test CA" >&2; exit 3; }
echo "bench-registry: generating and signing $N reports (not timed)..."
python3 "$REG_MK" --cert "$W/pki/st1/station.pem" --out "$W/reports" --count "$N" --prefix BENCH
reg_sign_tree "$W/reports" "$W/pki/st1" 2
mkdir -p "$W/data" && cp "$W/pki/ca/ca.pem" "$W/data/"
R="reco registry --db $W/data/registry.db --data-dir $W/data"

TIMEFORMAT='%R %U %S'
{ time $R import "$W/reports" >"$W/import.out" 2>&1; } 2>"$W/time.out" ||
	{ echo "bench-registry: import failed"; tail -3 "$W/import.out"; exit 1; }
read -r real user sys <"$W/time.out"
ms=$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')
tail -1 "$W/import.out"
echo "bench-registry: import of $N signed reports: $ms ms wall, ${user}s user + ${sys}s system CPU (target < 20000 ms; load average $(cut -d' ' -f1 /proc/loadavg))"
[ "$ms" -lt 20000 ] || fail=1

echo 'bench-password' | $R user add bench --role viewer >/dev/null
reg_serve "$W/data/registry.db" "$W/data" || { echo "bench-registry: server did not start"; exit 3; }
SP=$REG_SERVE_PID
reg_login "$W/jar" bench bench-password
tok=$(awk '$6 == "reco_session" { print $7 }' "$W/jar")
cat >"$W/p95.lua" <<'LUA'
done = function(summary, latency, requests)
	io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %d requests, %d errors\n",
		latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
		summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout))
	io.write(string.format("P95_US=%d\n", latency:percentile(95)))
end
LUA
curl -s -o /dev/null -w 'bench-registry: one /devices page: %{size_download} bytes, %{time_total} s\n' -b "reco_session=$tok" "$REG_URL/devices"
wrk -t2 -c4 -d10s -s "$W/p95.lua" -H "Cookie: reco_session=$tok" "$REG_URL/devices" >"$W/wrk.out" 2>&1
grep -E 'Requests/sec|p50' "$W/wrk.out"
p95=$(sed -n 's/^P95_US=//p' "$W/wrk.out")
echo "bench-registry: GET /devices with $N devices: p95 $((p95 / 1000)).$(( (p95 % 1000) / 10 )) ms (target < 50 ms)"
[ -n "$p95" ] && [ "$p95" -lt 50000 ] || fail=1
exit $fail
