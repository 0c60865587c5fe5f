#!/bin/bash
# reco registry: four importers in parallel, 1000 signed reports, on SQLite
# and on PostgreSQL: none lost, none duplicated, the event chain intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
PG_DIR=$(mktemp -d /tmp/reco-registry-pg.XXXXXX)
trap 'reg_pg_stop; rm -rf "$T_TMP" "$PG_DIR"' EXIT

PKI=$T_TMP/pki
reg_pki "$PKI"
python3 "$REG_MK" --cert "$PKI/st1/station.pem" --out "$T_TMP/reports" --count 1000 --prefix CC
reg_sign_tree "$T_TMP/reports" "$PKI/st1" 2
is "$(find "$T_TMP/reports" -name report.json.sig | wc -l)" 1000 "1000 signed reports"
# four overlapping shares: every report is imported by two importers
ls "$T_TMP/reports" >"$T_TMP/all"
split -n l/4 -d "$T_TMP/all" "$T_TMP/share."

concurrent() { # name dbspec
	local E=$1 DB=$2 D=$T_TMP/$1
	mkdir -p "$D" && cp "$PKI/ca/ca.pem" "$D/"
	reco registry --db "$DB" --data-dir "$D" audit >/dev/null # schema once
	local pids="" i
	for i in 0 1 2 3; do
		local mine next=$(( (i + 1) % 4 ))
		mine=$(sed "s|^|$T_TMP/reports/|; s|$|/report.json|" "$T_TMP/share.0$i" "$T_TMP/share.0$next")
		# shellcheck disable=SC2086
		reco registry --db "$DB" --data-dir "$D" --json import $mine >"$T_TMP/$E.out.$i" 2>"$T_TMP/$E.err.$i" &
		pids="$pids $!"
	done
	local failed=0
	for p in $pids; do wait "$p" || failed=1; done
	is "$failed" 0 "$E: four parallel importers all succeed"
	local stored=0 dup=0
	for i in 0 1 2 3; do
		stored=$((stored + $(sed -n 's/^  "stored": \([0-9]*\),*/\1/p' "$T_TMP/$E.out.$i")))
		dup=$((dup + $(sed -n 's/^  "duplicates": \([0-9]*\),*/\1/p' "$T_TMP/$E.out.$i")))
	done
	is "$stored" 1000 "$E: each report stored exactly once"
	is "$dup" 1000 "$E: the second copy of each seen as a duplicate"
	run reco registry --db "$DB" --data-dir "$D" --json devices
	is "$(printf '%s\n' "$out" | grep -c '"id": "CC-')" 1000 "$E: 1000 devices, none lost"
	run reco registry --db "$DB" --data-dir "$D" audit
	is "$status" 0 "$E: event chain intact after concurrent writers"
	like "$out" "intact: 4,000 events" "$E: 4 events per device (received, report, tested, wiped)"
}

concurrent sqlite "$T_TMP/sqlite.db"
if reg_pg_start "$PG_DIR"; then
	concurrent pg "$REG_PG_URL"
else
	skip "PostgreSQL: $REG_PG_WHY"
fi
done_testing
