# registry-lib.sh — helpers for the registry's integration tests.
#   reg_pki DIR                 a CA, two certified stations (st1, st2) under DIR
#   reg_report DIR STATION DEVICE [mkreport options]   a signed report in DIR
#   reg_sign_tree DIR STATION   signs every report.json below DIR
REG_MK="$(dirname "$0")/registry-mkreport.py"

reg_pki() {
	reco keys ca-init --org "Asso Test" --out "$1/ca" >/dev/null &&
	reco keys station-init --name st1 --out "$1/st1" >/dev/null &&
	reco keys certify --ca "$1/ca" "$1/st1/station.csr" >/dev/null &&
	reco keys station-init --name st2 --out "$1/st2" >/dev/null &&
	reco keys certify --ca "$1/ca" "$1/st2/station.csr" >/dev/null
}

reg_sign() { # report.json station-dir
	openssl pkeyutl -sign -inkey "$2/station.key" -rawin -in "$1" -out "$1.sig"
}

reg_report() { # out-dir station-dir device-id [options]
	local out=$1 st=$2 dev=$3
	shift 3
	python3 "$REG_MK" --cert "$st/station.pem" --out "$out" --device "$dev" \
		--station "$(basename "$st")" "$@" && reg_sign "$out/report.json" "$st"
}

reg_sign_tree() { # dir station-dir [parallel]
	find "$1" -name report.json -print0 |
		xargs -0 -P "${3:-2}" -I{} openssl pkeyutl -sign -inkey "$2/station.key" -rawin -in {} -out {}.sig
}

# A PostgreSQL server of our own, on a unix socket in a temporary directory.
#   reg_pg_start DIR  → sets REG_PG_URL; returns 1 (with a message) if impossible
#   reg_pg_stop
reg_pg_start() {
	REG_PG_DIR=$1
	local bindir
	bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
		REG_PG_WHY="PostgreSQL server binaries not installed (Debian package postgresql)"
		return 1
	fi
	local runas=""
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || { REG_PG_WHY="no postgres user"; return 1; }
		runas="runuser -u postgres --"
		mkdir -p "$REG_PG_DIR" && chown postgres "$REG_PG_DIR" && chmod 700 "$REG_PG_DIR"
	fi
	mkdir -p "$REG_PG_DIR"
	$runas "$bindir/initdb" -D "$REG_PG_DIR/data" -U reco --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$REG_PG_DIR/initdb.log" 2>&1 || { REG_PG_WHY="initdb failed"; return 1; }
	$runas "$bindir/pg_ctl" -D "$REG_PG_DIR/data" -l "$REG_PG_DIR/pg.log" -w -t 60 \
		-o "-k $REG_PG_DIR -c listen_addresses= -p 5499 -c fsync=off" start \
		>/dev/null 2>&1 || { REG_PG_WHY="pg_ctl start failed: $(tail -3 "$REG_PG_DIR/pg.log")"; return 1; }
	REG_PG_CTL="$runas $bindir/pg_ctl"
	"$bindir/createdb" -h "$REG_PG_DIR" -p 5499 -U reco registry >/dev/null 2>&1 ||
		$runas "$bindir/createdb" -h "$REG_PG_DIR" -p 5499 -U reco registry >/dev/null 2>&1
	REG_PG_URL="postgresql://reco@/registry?host=$REG_PG_DIR&port=5499"
	REG_PG_PSQL="psql -X -q -h $REG_PG_DIR -p 5499 -U reco registry"
	chmod 755 "$REG_PG_DIR" 2>/dev/null
	return 0
}

# reg_pg_ctl start|stop|restart — the server of reg_pg_start, same options
reg_pg_ctl() {
	$REG_PG_CTL -D "$REG_PG_DIR/data" -l "$REG_PG_DIR/pg.log" -w -t 60 -m fast \
		-o "-k $REG_PG_DIR -c listen_addresses= -p 5499 -c fsync=off" "$1" >/dev/null 2>&1
}

reg_pg_stop() {
	[ -n "${REG_PG_CTL:-}" ] && $REG_PG_CTL -D "$REG_PG_DIR/data" -m immediate stop >/dev/null 2>&1
	REG_PG_CTL=
	[ -n "${REG_PG_DIR:-}" ] && rm -rf "$REG_PG_DIR"
}

# The CLI flow, identical on both engines.  reg_flow NAME DBSPEC SQLCMD
#   SQLCMD runs one SQL statement given as its last argument (sqlite3 FILE / psql -c)
reg_flow() {
	local E=$1 DB=$2 SQL=$3 W=$T_TMP/$1
	mkdir -p "$W/data" "$W/out"
	cp "$PKI/ca/ca.pem" "$W/data/ca.pem"
	local R="reco registry --db $DB --data-dir $W/data"
	reg_report "$W/good" "$PKI/st1" "PC-GOOD-$E" --serial "SER-GOOD-$E" >/dev/null
	reg_report "$W/good2" "$PKI/st1" "PC-TWO-$E" >/dev/null
	reg_report "$W/failed" "$PKI/st1" "PC-FAILWIPE-$E" --wipe failed --disks 2 >/dev/null
	reg_report "$W/diagfail" "$PKI/st1" "PC-DIAGFAIL-$E" --diag FAIL >/dev/null
	reg_report "$W/st2" "$PKI/st2" "PC-ST2-$E" >/dev/null
	reg_report "$W/tampered" "$PKI/st1" "PC-TAMPER-$E" >/dev/null
	sed -i 's/ThinkPad T450/ThinkPad T460/' "$W/tampered/report.json"
	reg_report "$W/unsigned" "$PKI/st1" "PC-UNSIGNED-$E" >/dev/null
	rm "$W/unsigned/report.json.sig"
	mkdir -p "$W/malformed" && printf '{"report_id":' >"$W/malformed/report.json" &&
		cp "$PKI/st1/station.pem" "$W/malformed/" && reg_sign "$W/malformed/report.json" "$PKI/st1"

	run $R import "$W/good/report.json" "$W/good2" "$W/failed" "$W/diagfail" "$W/st2"
	is "$status" 0 "$E: import of five signed reports"
	like "$out" "5 reports stored, 0 already imported, 0 refused" "$E: import summary"
	run $R import "$W/good/report.json"
	is "$status" 0 "$E: importing the same report again succeeds"
	like "$out" "already imported" "$E: ... and says it already had it"
	run $R --json devices
	is "$(printf '%s' "$out" | grep -c '"id":')" 5 "$E: five devices, no duplicate"

	run $R import "$W/tampered/report.json"
	is "$status" 1 "$E: tampered report refused"
	like "$err" "bad signature" "$E: ... with the reason"
	run $R import "$W/unsigned/report.json"
	is "$status" 1 "$E: unsigned report refused"
	like "$err" "report.json.sig" "$E: ... naming the missing signature"
	run $R import "$W/malformed/report.json"
	is "$status" 1 "$E: malformed report refused"
	run $R --json devices --search TAMPER
	unlike "$out" "PC-TAMPER" "$E: refused reports are stored nowhere"

	run $R devices --state wiped
	like "$out" "PC-GOOD-$E" "$E: verified wipe → state wiped"
	run $R --json show "PC-FAILWIPE-$E"
	like "$out" '"state": "tested"' "$E: failed wipe stays tested"
	like "$out" '"result": "failed"' "$E: show lists the failed disk"
	like "$out" '"verified": true' "$E: show gives the verification status"
	run $R set-state "PC-FAILWIPE-$E" ready
	is "$status" 1 "$E: forbidden transition tested → ready refused"
	like "$err" "not allowed" "$E: ... saying so"
	run $R set-state "PC-GOOD-$E" delivered
	is "$status" 2 "$E: delivered only through deliver"

	run $R beneficiary add --household-size 4 --referrer "CCAS" --name "Jeanne D." --phone "0600000000"
	is "$status" 0 "$E: beneficiary with generated reference"
	local BEN=$out
	like "$BEN" '^B-[0-9A-Z]{10}$' "$E: generated reference is pseudonymous"
	local EVIL="x'); DROP TABLE devices;-- <script>alert(1)</script> \"q\""
	run $R beneficiary add --ref "$EVIL" --referrer "<b>O'Brien & Co</b>"
	is "$status" 0 "$E: SQL metacharacters and HTML stored as data"
	run $R --json beneficiary list --contacts
	like "$out" "DROP TABLE devices;-- <script>" "$E: ... and read back unchanged"
	like "$out" "Jeanne D." "$E: contact details listed on request"
	run $R --json devices
	is "$(printf '%s' "$out" | grep -c '"id":')" 5 "$E: devices table still there"

	run $R allocate "PC-FAILWIPE-$E" "$BEN"
	is "$status" 1 "$E: allocation of a device with a failed wipe refused"
	like "$err" "not every disk was erased" "$E: ... with the reason"
	run $R allocate "PC-DIAGFAIL-$E" "$BEN"
	is "$status" 1 "$E: allocation of a device with a FAILed part refused"
	run $R allocate "PC-GOOD-$E" "$BEN"
	is "$status" 1 "$E: allocation refused before the device is ready"
	run $R ready "PC-GOOD-$E"
	is "$status" 0 "$E: wiped → ready"
	run $R ready "PC-TWO-$E"
	run $R allocate "PC-GOOD-$E" "NO-SUCH-BEN"
	is "$status" 1 "$E: unknown beneficiary refused"
	run $R allocate "PC-GOOD-$E" "$BEN" --programme "Métropole 2026"
	is "$status" 0 "$E: allocation"
	local ALLOC=$out
	run $R allocate "PC-GOOD-$E" "$BEN"
	is "$status" 1 "$E: double allocation refused"
	like "$err" "already allocated" "$E: ... saying so"
	run $R allocate "PC-TWO-$E" "$BEN"
	is "$status" 1 "$E: quota of one machine enforced"
	like "$err" "quota" "$E: ... saying so"

	# an incomplete diagnosis: no allocation until a coordinator records an
	# override with a reason, and the override is an event of the audit trail
	reg_report "$W/nodiag" "$PKI/st1" "PC-NODIAG-$E" --incomplete >/dev/null
	run $R import "$W/nodiag/report.json"
	is "$status" 0 "$E: a report with an incomplete diagnosis is imported"
	run $R ready "PC-NODIAG-$E"
	run $R beneficiary add
	local BEN3=$out
	run $R allocate "PC-NODIAG-$E" "$BEN3"
	is "$status" 1 "$E: allocation refused without a complete diagnosis"
	like "$err" "no complete diagnosis" "$E: ... saying so"
	run $R diag-override "PC-NODIAG-$E"
	is "$status" 2 "$E: an override needs a reason"
	run $R diag-override "PC-NODIAG-$E" --reason "memory tested at start-up"
	is "$status" 2 "$E: an override's reason is a code"
	run $R --actor coord-1 diag-override "PC-NODIAG-$E" --reason checked-by-hand --note "memory tested at start-up (memtest, 2 passes)"
	is "$status" 0 "$E: the coordinator records an override with a reason"
	run $R --json show "PC-NODIAG-$E"
	like "$out" '"kind": "diag_override"' "$E: the override is an event"
	like "$out" '"detail": "[0-9a-f]{64} reason=checked-by-hand"' "$E: ... with its reason code"
	like "$out" '"text": "memory tested at start-up \(memtest, 2 passes\)"' "$E: ... the words in a note"
	like "$out" '"actor": "coord-1"' "$E: ... and who recorded it"
	run $R allocate "PC-NODIAG-$E" "$BEN3"
	is "$status" 0 "$E: allocation after the override"

	# a station revoked after the import: its machine can no longer be allocated
	run $R ready "PC-ST2-$E"
	reco keys revoke --ca "$PKI/ca" "$PKI/st2/station.pem" >/dev/null 2>&1
	cp "$PKI/ca/crl.pem" "$W/data/crl.pem"
	run $R beneficiary add
	local BEN2=$out
	run $R allocate "PC-ST2-$E" "$BEN2"
	is "$status" 1 "$E: allocation refused once the station is revoked"
	like "$err" "revoked" "$E: ... naming the revocation"
	reg_report "$W/st2b" "$PKI/st2" "PC-ST2B-$E" >/dev/null
	run $R import "$W/st2b/report.json"
	is "$status" 1 "$E: report from a revoked station refused"
	like "$err" "revoked" "$E: ... with the reason"

	run $R deliver "$ALLOC" --out "$W/out"
	ok "$status" "$E: delivery" "$err"
	local RJ="$W/out/receipt-$ALLOC.json"
	ok "$([ -s "$RJ" ] && [ -s "$RJ.sig" ] && [ -s "$W/out/attestation-$ALLOC.pdf" ]; echo $?)" "$E: receipt, signature and attestation written"
	run openssl pkeyutl -verify -pubin -inkey "$W/data/registry-pub.pem" -rawin -in "$RJ" -sigfile "$RJ.sig"
	is "$status" 0 "$E: receipt signature verifies with openssl"
	run cat "$RJ"
	like "$out" '"schema":"reco-receipt/2"' "$E: receipt schema"
	like "$out" "\"allocation_id\":\"$ALLOC\"" "$E: receipt names the allocation"
	unlike "$out" "$BEN|Jeanne|CCAS|0600000000" "$E: receipt holds nothing personal"
	like "$out" '"checkpoint":\{"checkpoint":' "$E: receipt carries the signed checkpoint"
	run $R audit --checkpoint "$RJ"
	is "$status" 0 "$E: audit holds against the receipt's checkpoint"
	is "$(head -c 5 "$W/out/attestation-$ALLOC.pdf")" "%PDF-" "$E: attestation is a PDF"
	run $R deliver "$ALLOC" --out "$W/out"
	is "$status" 1 "$E: delivering twice refused"
	run $R --json show "PC-GOOD-$E"
	like "$out" '"state": "delivered"' "$E: device delivered"
	run $R return "$ALLOC" --reason faulty --note "screen broken"
	is "$status" 0 "$E: return"
	run $R recycle "PC-GOOD-$E" --reason beyond-repair --note "screen beyond repair"
	is "$status" 0 "$E: returned → recycled"
	run $R recycle "PC-TWO-$E"
	is "$status" 2 "$E: recycling needs a reason"
	run $R recycle "PC-TWO-$E" --reason "it is broken"
	is "$status" 2 "$E: a reason is one of the codes"
	like "$err" "unknown reason \(faulty, beyond-repair" "$E: ... listed in the message"
	run $R set-state "PC-GOOD-$E" ready
	is "$status" 1 "$E: nothing leaves recycled"

	run $R audit
	is "$status" 0 "$E: event chain intact"
	run $SQL "UPDATE events SET actor = 'mallory'"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: UPDATE on events refused by the database"
	like "$err" "append-only" "$E: ... by the trigger"
	run $SQL "DELETE FROM events"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: DELETE on events refused by the database"
	run $R audit
	is "$status" 0 "$E: chain still intact"

	run $R stats --csv
	like "$out" "^month,programme,received" "$E: stats CSV header"
	like "$out" "\"Métropole 2026\",,,1,1,1" "$E: stats per programme"
	run $R --json stats
	like "$out" '"received": 6' "$E: stats count machines received (refused ones excluded; PC-NODIAG included)"
	run $R export --csv
	is "$status" 0 "$E: export"
	unlike "$out" "SER-GOOD-$E" "$E: export has no clear serial"
	like "$out" '"[0-9a-f]{64}"' "$E: ... but keyed HMACs"
	is "$(stat -c %a "$W/data/export-hmac.key")" 600 "$E: HMAC key is 0600"
	is "$(stat -c %a "$W/data/registry-key.pem")" 600 "$E: registry key is 0600"

	RECO_REGISTRY_NOW=2023-01-10T10:00:00Z run $R beneficiary add --ref OLD-1 --name "Old Contact"
	run $R --json purge --older-than 2y --dry-run
	like "$out" '"ref": "OLD-1"' "$E: purge --dry-run lists the old beneficiary"
	run $R purge --older-than 2y
	like "$out" "purged OLD-1" "$E: purge reports what it deleted"
	unlike "$out" "$BEN" "$E: purge keeps recent beneficiaries"
	run $R --json beneficiary list --contacts
	unlike "$out" "Old Contact" "$E: purged contact gone"
	like "$out" "OLD-1" "$E: pseudonymous reference kept for statistics"
	run $R beneficiary delete-contact "$BEN"
	like "$out" "deleted" "$E: delete-contact"
	run $R --json beneficiary list --contacts
	unlike "$out" "Jeanne" "$E: contact details deleted on their own"
	run $R audit
	is "$status" 0 "$E: chain intact at the end"
}

# A server of our own on a free port.  reg_serve DBSPEC DATADIR → REG_URL, REG_SERVE_PID
# ($REG_SERVE_ARGS: more options for serve)
reg_serve() {
	# shellcheck disable=SC2086
	reg_serve_cmd reco registry --db "$1" --data-dir "$2" serve --listen "127.0.0.1:@PORT@" ${REG_SERVE_ARGS:-}
}

# reg_serve_cmd CMD...: starts CMD in the background with every @PORT@ in its
# words replaced by a free port (tries 10); REG_URL from its "listening" line.
reg_serve_cmd() {
	local port i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + (RANDOM % 20000)))
		"${@//@PORT@/$port}" >"$T_TMP/serve.log" 2>&1 &
		REG_SERVE_PID=$!
		for _ in $(seq 50); do
			grep -q listening "$T_TMP/serve.log" 2>/dev/null && break
			kill -0 "$REG_SERVE_PID" 2>/dev/null || break
			sleep 0.1
		done
		if grep -q listening "$T_TMP/serve.log"; then
			REG_URL=http://$(sed -n 's|.*http://\([^/]*\)/.*|\1|p' "$T_TMP/serve.log")
			return 0
		fi
		kill "$REG_SERVE_PID" 2>/dev/null
		wait "$REG_SERVE_PID" 2>/dev/null
	done
	return 1
}

reg_serve_stop() {
	[ -n "${REG_SERVE_PID:-}" ] && kill "$REG_SERVE_PID" 2>/dev/null && wait "$REG_SERVE_PID" 2>/dev/null
	REG_SERVE_PID=
}

# reg_login JAR USER PASSWORD → HTTP status of the POST in $status
reg_login() {
	rm -f "$1"
	curl -s -c "$1" -b "$1" -o "$T_TMP/login.html" "$REG_URL/login"
	local tok
	tok=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T_TMP/login.html")
	status=$(curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' \
		--data-urlencode "csrf=$tok" --data-urlencode "user=$2" --data-urlencode "password=$3" \
		"$REG_URL/login")
}

# the session's CSRF token, read from a page
reg_csrf() {
	curl -s -b "$1" "$REG_URL/devices" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

# the upload envelope of a signed report directory
reg_envelope() {
	python3 -c '
import base64, json, sys
d = sys.argv[1]
print(json.dumps({"report": open(d + "/report.json", encoding="utf-8").read(),
                  "signature": base64.b64encode(open(d + "/report.json.sig", "rb").read()).decode(),
                  "certificate": open(d + "/station.pem").read()}))' "$1"
}
