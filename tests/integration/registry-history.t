#!/bin/bash
# reco registry: a history nobody can rewrite quietly, on SQLite and on a
# PostgreSQL server this script starts itself.  Decisions follow the
# registry's own import order (never a station's clock), future-dated
# reports are refused, a report contradicting a device's identity is held
# for a coordinator.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
PG_DIR=$(mktemp -d /tmp/reco-registry-pg.XXXXXX)
trap 'reg_pg_stop; rm -rf "$T_TMP" "$PG_DIR"' EXIT

PKI=$T_TMP/pki
reg_pki "$PKI"

history() { # name dbspec sqlcmd
	local E=$1 DB=$2 SQL=$3 W=$T_TMP/$1
	mkdir -p "$W/data"
	cp "$PKI/ca/ca.pem" "$W/data/ca.pem"
	local R="reco registry --db $DB --data-dir $W/data"
	local BEN
	BEN=$($R beneficiary add --quota 5)

	# The newest report is the one imported last, whatever its station's
	# clock says: a good report, then a failed wipe dated two minutes earlier.
	reg_report "$W/order1" "$PKI/st1" "PC-ORDER-$E" >/dev/null
	reg_report "$W/order2" "$PKI/st1" "PC-ORDER-$E" --wipe failed --created -120 >/dev/null
	$R import "$W/order1" >/dev/null
	run $R import "$W/order2"
	is "$status" 0 "$E: a report dated before the previous one is imported"
	$R ready "PC-ORDER-$E" >/dev/null
	run $R allocate "PC-ORDER-$E" "$BEN"
	is "$status" 1 "$E: allocation follows the last imported report, not the latest 'created'"
	like "$err" "not every disk was erased" "$E: ... and says why"
	run $R --json show "PC-ORDER-$E"
	like "$(printf '%s' "$out" | grep -m1 '"result"')" '"failed"' "$E: show lists the last imported report first"

	# A report dated in the future is refused, so it cannot outrank the truth.
	reg_report "$W/fut1" "$PKI/st1" "PC-FUTURE-$E" --wipe failed >/dev/null
	reg_report "$W/fut2" "$PKI/st1" "PC-FUTURE-$E" --created +31536000 >/dev/null
	reg_report "$W/fut3" "$PKI/st1" "PC-FUTURE-$E" --created +120 >/dev/null
	$R import "$W/fut1" >/dev/null
	run $R import "$W/fut2"
	is "$status" 1 "$E: a report created a year ahead of the registry's clock is refused"
	like "$err" "in the future" "$E: ... with the reason"
	run $R --json show "PC-FUTURE-$E"
	is "$(printf '%s' "$out" | grep -c '"report_id"')" 1 "$E: ... and stored nowhere"
	run $R import "$W/fut3"
	is "$status" 0 "$E: two minutes ahead is within the tolerance"
}

history sqlite "$T_TMP/sqlite/registry.db" "sqlite3 $T_TMP/sqlite/registry.db"
rm -rf "$PKI" && reg_pki "$PKI"
if reg_pg_start "$PG_DIR"; then
	history pg "$REG_PG_URL" "$REG_PG_PSQL -v ON_ERROR_STOP=1 -c"
else
	skip "PostgreSQL history: $REG_PG_WHY"
fi
done_testing
