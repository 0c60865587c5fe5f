#!/bin/sh
# contrib/bench/inventory.sh — `make bench-inventory`: wall time of whole
# `reco inventory --json --no-smart` runs beside `lshw -json` and `dmidecode`
# on the same machine in the same run, as medians of N runs and ratios.
#
#   contrib/bench/inventory.sh [RUNS]     (default 9, at least 7)
#
# Targets: at least 3x faster than lshw -json, and under 100 ms.  The
# verdicts are printed; the exit status is 0 unless a run fails to start.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
reco=${RECO_BIN:-$top/build/bin/reco}
runs=${1:-9}
[ "$runs" -ge 7 ] || runs=7

# median_ms CMD...: median wall time in ms (3 decimals) of $runs runs
median_ms() {
	i=0
	: >"$tmp/t"
	while [ $i -lt "$runs" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		echo $(( (e - s) / 1000 )) >>"$tmp/t"
		i=$((i + 1))
	done
	sort -n "$tmp/t" | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.3f", m / 1000}'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$reco" inventory --json --no-smart >/dev/null 2>&1 || { echo "bench-inventory: reco inventory failed" >&2; exit 1; }

echo "bench-inventory: median of $runs whole-process runs (machine: $(nproc) cpu, load $(cut -d' ' -f1-3 /proc/loadavg))"
r=$(median_ms "$reco" inventory --json --no-smart)
printf '  %-36s %10s ms\n' "reco inventory --json --no-smart" "$r"
for tool in "lshw -json" "dmidecode"; do
	set -- $tool
	if ! command -v "$1" >/dev/null 2>&1; then
		printf '  %-36s %10s\n' "$tool" "not installed"
		continue
	fi
	t=$(median_ms "$@")
	ratio=$(awk -v a="$t" -v b="$r" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }')
	printf '  %-36s %10s ms   (%sx reco)\n' "$tool" "$t" "$ratio"
	[ "$1" = lshw ] && lshw_ratio=$ratio
done
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "MISSED"; fi; }
fast=$(awk -v r="$r" 'BEGIN { print (r < 100) ? 1 : 0 }')
echo "  target < 100 ms: $(verdict "$fast")"
if [ -n "${lshw_ratio:-}" ]; then
	x3=$(awk -v q="$lshw_ratio" 'BEGIN { print (q >= 3) ? 1 : 0 }')
	echo "  target >= 3x faster than lshw -json: $(verdict "$x3")"
fi
