#!/bin/bash
# reco registry: the CLI flows end to end, on SQLite and on a PostgreSQL
# server this script starts itself (skipped with a message when the server
# binaries are missing).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
PG_DIR=$(mktemp -d /tmp/reco-registry-pg.XXXXXX)
trap 'reg_pg_stop; rm -rf "$T_TMP" "$PG_DIR"' EXIT

run reco registry --help
is "$status" 0 "--help"
like "$out" "allocate DEVICE BENEFICIARY" "--help lists the commands"
run reco registry frobnicate
is "$status" 2 "unknown command is a usage error"
run reco registry --version
is "$status" 0 "--version"

PKI=$T_TMP/pki
reg_pki "$PKI"
ok $? "a CA and two certified stations"

reg_flow sqlite "$T_TMP/sqlite/registry.db" "sqlite3 $T_TMP/sqlite/registry.db"

# a fresh st2 for the second engine (the first run revoked it)
rm -rf "$PKI" && reg_pki "$PKI"
if reg_pg_start "$PG_DIR"; then
	reg_flow pg "$REG_PG_URL" "$REG_PG_PSQL -v ON_ERROR_STOP=1 -c"
	# the trigger holds against TRUNCATE too, and audit sees edits behind its back
	run $REG_PG_PSQL -v ON_ERROR_STOP=1 -c "TRUNCATE events"
	ok "$([ "$status" != 0 ]; echo $?)" "pg: TRUNCATE on events refused"
	$REG_PG_PSQL -c "ALTER TABLE events DISABLE TRIGGER USER; UPDATE events SET actor = 'mallory' WHERE seq = 3; ALTER TABLE events ENABLE TRIGGER USER" >/dev/null 2>&1
	run reco registry --db "$REG_PG_URL" --data-dir "$T_TMP/pg/data" audit
	is "$status" 1 "pg: audit detects an edited event"
	like "$err" "event 3" "pg: ... naming it"
else
	skip "PostgreSQL flow: $REG_PG_WHY"
fi

# a report sealed by the real sealer (reco report seal) imports as well
if [ -x "$RECO_BUILD/bin/reco-report" ] && [ -d "$FIXTURES/sessions/good" ]; then
	mkdir -p "$T_TMP/sealed" && cp "$FIXTURES"/sessions/good/*.json "$T_TMP/sealed/"
	reco report seal "$T_TMP/sealed" --key "$PKI/st1/station.key" --cert "$PKI/st1/station.pem" \
		--operator test >/dev/null 2>&1
	mkdir -p "$T_TMP/sealdata" && cp "$PKI/ca/ca.pem" "$T_TMP/sealdata/"
	run reco registry --db "$T_TMP/sealed.db" --data-dir "$T_TMP/sealdata" import "$T_TMP/sealed"
	is "$status" 0 "a report sealed by reco report seal imports"
	run reco registry --db "$T_TMP/sealed.db" --data-dir "$T_TMP/sealdata" --json devices --state wiped
	like "$out" '"reports": 1' "... and its machine is wiped"
else
	skip "reco report seal or its fixture session missing"
fi

# the CA given on the command line instead of the data directory
mkdir -p "$T_TMP/noca"
reg_report "$T_TMP/caopt" "$PKI/st1" "PC-CAOPT" >/dev/null
run reco registry --db "$T_TMP/noca/r.db" import "$T_TMP/caopt"
is "$status" 1 "import without any CA refused"
like "$err" "no CA certificate" "... saying where to put it"
run reco registry --db "$T_TMP/noca/r.db" import "$T_TMP/caopt" --ca "$PKI/ca/ca.pem"
is "$status" 0 "import --ca CA_CERT"
run reco registry --db "$T_TMP/noca/r.db" import --ca "$PKI/ca/ca.pem" --crl /nonexistent "$T_TMP/caopt"
is "$status" 1 "unreadable CRL is an error, not a pass"

# a ZIP or tar.gz of a RECO-DATA folder imports like the folder itself
mkdir -p "$T_TMP/arch" && cp "$PKI/ca/ca.pem" "$T_TMP/arch/"
A="reco registry --db $T_TMP/arch/r.db --data-dir $T_TMP/arch"
AR=$T_TMP/arch/RECO-DATA/sessions
reg_report "$AR/PC-ARCH-1/s" "$PKI/st1" PC-ARCH-1 >/dev/null
reg_report "$AR/PC-ARCH-2/s" "$PKI/st1" PC-ARCH-2 >/dev/null
rm "$AR/PC-ARCH-2/s/report.json.sig"
(cd "$T_TMP/arch" && zip -qr data.zip RECO-DATA && tar czf data.tar.gz RECO-DATA)
run $A import "$T_TMP/arch/data.zip"
is "$status" 1 "import of a ZIP with one report unsigned: exit 1"
like "$out" "data.zip/RECO-DATA/sessions/PC-ARCH-1/s/report.json: stored" "... the signed one stored"
like "$err" "PC-ARCH-2/s/report.json: refused: report.json.sig missing beside it" "... the other refused, saying why"
run $A import "$T_TMP/arch/data.tar.gz"
like "$out" "already imported \(device PC-ARCH-1\)" "the same folder as tar.gz: already imported"
head -c 2000 /dev/urandom >"$T_TMP/arch/junk.zip"
run $A import "$T_TMP/arch/junk.zip"
is "$status" 1 "a file named .zip that is no archive: refused"
like "$err" "junk.zip: not a ZIP or tar archive" "... named, with the reason"
run $A import "$T_TMP/arch/missing.json"
like "$err" "missing.json: No such file" "a missing report: named, with the reason"
unlike "$err" "missing.json:.*missing.json" "... once"

# CSV exports neutralise spreadsheet formulas: = + - @ tab CR at a cell's start
mkdir -p "$T_TMP/csv" && cp "$PKI/ca/ca.pem" "$T_TMP/csv/"
C="reco registry --db $T_TMP/csv/r.db --data-dir $T_TMP/csv"
reg_report "$T_TMP/csvr" "$PKI/st1" "PC-CSV" --vendor $'\t=1+2' --product $'\r@SUM(A1)' >/dev/null
$C import "$T_TMP/csvr" >/dev/null && $C ready PC-CSV >/dev/null
CB=$($C beneficiary add)
$C allocate PC-CSV "$CB" --programme '=HYPERLINK("http://x","y")' >/dev/null
run $C stats --csv
like "$out" "\"'=HYPERLINK\(\"\"http" "stats CSV: a programme starting with = is neutralised"
run $C export --csv
like "$out" "\"'"$'\t'"=1\+2\"" "export CSV: a vendor starting with a tab is neutralised"
like "$out" "\"'"$'\r'"@SUM" "export CSV: a product starting with CR is neutralised"

# each command parses its own options: -j / --help are values when an
# option takes them, and --help opens no database
mkdir -p "$T_TMP/opts" && cp "$PKI/ca/ca.pem" "$T_TMP/opts/"
O="reco registry --db $T_TMP/opts/r.db --data-dir $T_TMP/opts"
reg_report "$T_TMP/optr" "$PKI/st1" "PC-OPTS" >/dev/null
$O import "$T_TMP/optr" >/dev/null
run $O set-state PC-OPTS tested --reason other --note -j
is "$status" 0 "--note -j: -j is the note"
run $O show PC-OPTS -j
like "$out" '"text": "-j"' "... stored as given; and -j after the command still means JSON"
run $O recycle PC-OPTS --reason parts --note --help
is "$status" 0 "--note --help: --help is the note"
run $O --json show PC-OPTS
like "$out" '"text": "--help"' "... stored, and the machine recycled"
like "$out" '"state": "recycled"' "... the command ran"
run reco registry --db "$T_TMP/opts/none.db" --data-dir "$T_TMP/opts" show --help
like "$out" "reco registry --help" "show --help"
ok "$([ ! -e "$T_TMP/opts/none.db" ]; echo $?)" "... opens no database"
run $O devices --frobnicate
is "$status" 2 "an unknown option is a usage error"

# SQLite: an edit made with the triggers dropped is caught by the chain
sqlite3 "$T_TMP/sqlite/registry.db" "DROP TRIGGER events_no_update; UPDATE events SET detail = 'forged' WHERE seq = 2"
run reco registry --db "$T_TMP/sqlite/registry.db" --data-dir "$T_TMP/sqlite/data" audit
is "$status" 1 "sqlite: audit detects an edited event"
like "$err" "event 2" "sqlite: ... naming it"
done_testing
