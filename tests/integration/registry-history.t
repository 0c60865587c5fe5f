#!/bin/bash
# reco registry: a history nobody can rewrite quietly, on SQLite and on a
# PostgreSQL server this script starts itself.  Decisions follow the
# registry's own import order (never a station's clock), future-dated
# reports are refused, a report contradicting a device's identity is held
# for a coordinator, text that is not UTF-8 is refused, and signed
# checkpoints (checked with openssl alone) let audit detect truncation and
# rewriting with every hash recomputed.
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

	# A report contradicting the device's identity is kept as evidence but
	# moves nothing until a coordinator decides.
	reg_report "$W/id1" "$PKI/st1" "PC-ID-$E" --serial "SER-A-$E" --wipe failed >/dev/null
	reg_report "$W/id2" "$PKI/st1" "PC-ID-$E" --serial "SER-B-$E" >/dev/null
	reg_report "$W/id3" "$PKI/st1" "PC-ID-$E" --serial "SER-A-$E" --uuid 00000000-0000-4000-8000-00000000000a >/dev/null
	local SHA2 SHA3
	SHA2=$(sha256sum "$W/id2/report.json" | cut -c1-64)
	SHA3=$(sha256sum "$W/id3/report.json" | cut -c1-64)
	$R import "$W/id1" >/dev/null
	run $R import "$W/id2"
	is "$status" 0 "$E: a report with another serial for the same device is stored"
	like "$out" "identity conflict" "$E: ... and the import says the device is held"
	run $R --json show "PC-ID-$E"
	like "$out" '"state": "tested"' "$E: the conflicting report does not move the device"
	like "$out" "\"report\": \"SER-B-$E\"" "$E: show names the contradicting serial"
	run $R audit
	is "$status" 1 "$E: audit fails while a conflict is open"
	like "$out" "identity conflict: device PC-ID-$E, report ${SHA2:0:16}" "$E: ... and lists it"
	run $R allocate "PC-ID-$E" "$BEN"
	like "$err" "identity conflict" "$E: no allocation while a conflict is open"
	run $R conflict reject "${SHA2:0:12}"
	is "$status" 0 "$E: a coordinator rejects the report"
	run $R --json show "PC-ID-$E"
	like "$out" '"state": "tested"' "$E: a rejected report changes nothing"
	like "$out" '"excluded": 1' "$E: ... and is excluded from the verdicts"
	like "$out" '"kind": "conflict-rejected"' "$E: the decision is an event"
	run $R import "$W/id3"
	like "$out" "identity conflict" "$E: another SMBIOS UUID is a conflict too"
	run $R conflict accept "$SHA3"
	is "$status" 0 "$E: a coordinator accepts a report (motherboard replaced)"
	run $R --json show "PC-ID-$E"
	like "$out" '"uuid": "00000000-0000-4000-8000-00000000000a"' "$E: the device takes the report's identity"
	like "$out" '"state": "wiped"' "$E: ... and the report's verdicts"
	run $R audit
	is "$status" 0 "$E: audit passes once every conflict is decided"

	# Text that is not UTF-8 is refused at the door, never chained without it.
	run $R set-state "PC-ID-$E" tested --reason $'broken \xff\xfe'
	is "$status" 2 "$E: a reason that is not UTF-8 is refused"
	like "$err" "not valid UTF-8" "$E: ... saying so"
	run $R beneficiary add --referrer $'CCAS \xc0\xaf'
	is "$status" 2 "$E: an overlong UTF-8 form is refused too"
	run $R --json show "PC-ID-$E"
	like "$out" '"state": "wiped"' "$E: ... and nothing changed"
	run env USER=$'vol\xff' $R set-state "PC-ID-$E" tested
	is "$status" 2 "$E: a user name that is not UTF-8 is refused"
	run $R audit
	is "$status" 0 "$E: the chain is intact"

	# Free text stays out of the permanent event log: a reason code there,
	# the words in a note for coordinators (purged with the beneficiary).
	reg_report "$W/note1" "$PKI/st1" "PC-NOTE-$E" >/dev/null
	$R import "$W/note1" >/dev/null && $R ready "PC-NOTE-$E" >/dev/null
	local ALLOC
	ALLOC=$($R allocate "PC-NOTE-$E" "$BEN")
	run $R return "$ALLOC" --reason not-needed --note "Mme Secretname moved to Lyon"
	is "$status" 0 "$E: return with a reason code and a note"
	is "$(sql_value "$E" "$SQL" "SELECT COUNT(*) FROM events WHERE detail LIKE '%Secretname%'")" 0 \
		"$E: the note is not in the event log"
	is "$(sql_value "$E" "$SQL" "SELECT COUNT(*) FROM events WHERE detail = '$ALLOC reason=not-needed'")" 1 \
		"$E: the event holds the reason code"
	run $R --json show "PC-NOTE-$E"
	like "$out" '"text": "Mme Secretname moved to Lyon"' "$E: show gives the note to the coordinator"
	run $R recycle "PC-NOTE-$E" --reason parts --note "keyboard kept for PC-12"
	is "$(sql_value "$E" "$SQL" "SELECT detail FROM events WHERE kind = 'state' AND to_state = 'recycled' AND device_id = 'PC-NOTE-$E'")" \
		"reason=parts" "$E: recycling: the code alone in the event"

	# Purge leaves no copy in the database files.
	local OLD="RECO_REGISTRY_NOW=2023-02-01T10:00:00Z" OB OA
	OB=$(env $OLD $R beneficiary add --referrer "Referrer-7f3a" --name "PurgeName-7f3a" \
		--email "purge-7f3a@example.org")
	reg_report "$W/purge1" "$PKI/st1" "PC-PURGE-$E" >/dev/null
	$R import "$W/purge1" >/dev/null && $R ready "PC-PURGE-$E" >/dev/null
	OA=$(env $OLD $R allocate "PC-PURGE-$E" "$OB")
	env $OLD $R return "$OA" --reason unsuitable --note "Note-7f3a the household has no desk" >/dev/null
	run $R purge --older-than 2y
	like "$out" "purged $OB" "$E: purge of an old beneficiary"
	run $R --json show "PC-PURGE-$E"
	unlike "$out" "Note-7f3a" "$E: the beneficiary's allocation notes are gone"
	if [ "$E" = sqlite ]; then
		local f found=""
		for f in "$DB" "$DB-wal" "$DB-shm"; do
			[ -f "$f" ] && grep -a -q -e PurgeName-7f3a -e purge-7f3a@ -e Referrer-7f3a -e Note-7f3a "$f" && found="$found $f"
		done
		is "$found" "" "$E: no purged value left in the database file, its WAL or shm"
	else
		$REG_PG_PSQL -c "CHECKPOINT" >/dev/null # the server's buffers on disk, to look at the files
		run grep -r -l -a -e PurgeName-7f3a -e purge-7f3a@ -e Referrer-7f3a -e Note-7f3a "$PG_DIR/data/base"
		is "$out" "" "$E: no purged value left in the table files"
	fi

	# An online, consistent backup, with the checkpoint that vouches for it,
	# while another importer writes.
	local k
	for k in 1 2 3 4 5 6; do reg_report "$W/bk$k" "$PKI/st2" "PC-BACKUP-$k-$E" >/dev/null; done
	(for k in 1 2 3 4 5 6; do $R import "$W/bk$k" >/dev/null 2>&1; done) &
	local writer=$! BK=$W/backup.db
	[ "$E" = pg ] && BK=$W/backup.dump
	run $R backup -o "$BK"
	wait "$writer"
	is "$status" 0 "$E: backup while another importer writes"
	like "$out" "vouched for by the checkpoint in $BK.checkpoint.json" "$E: ... with its checkpoint beside it"
	is "$(stat -c %a "$BK")" 600 "$E: the copy is readable by its owner only"
	run openssl pkeyutl -verify -pubin -inkey "$W/data/registry-pub.pem" -rawin -in "$BK.checkpoint.json" -sigfile "$BK.checkpoint.json.sig"
	is "$status" 0 "$E: the backup's checkpoint verifies with openssl"
	local COPY="$BK" RESTORED=""
	if [ "$E" = pg ]; then
		$REG_PG_PSQL -c "CREATE DATABASE restored" >/dev/null
		run pg_restore --no-owner -h "$PG_DIR" -p 5499 -U reco -d restored "$BK"
		is "$status" 0 "$E: pg_restore reads the backup"
		COPY="postgresql://reco@/restored?host=$PG_DIR&port=5499"
	fi
	run reco registry --db "$COPY" --data-dir "$W/data" audit --checkpoint "$BK.checkpoint.json"
	is "$status" 0 "$E: the copy is consistent: intact, and exactly what its checkpoint vouches for"
	run $R backup -o "$BK"
	is "$status" 1 "$E: a backup never overwrites a file"

	# The append-only triggers are verified at every start, and restored.
	if [ "$E" = sqlite ]; then
		$SQL "DROP TRIGGER events_no_update; DROP TRIGGER checkpoints_no_delete"
	else
		$SQL "ALTER TABLE events DISABLE TRIGGER USER; CREATE OR REPLACE FUNCTION reco_checkpoints_append_only()
		      RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN OLD; END \$\$" >/dev/null
	fi
	run $R devices
	is "$status" 0 "$E: a start with the triggers tampered with"
	like "$err" "triggers were missing, altered or disabled and have been restored" "$E: ... restores them and says so"
	run $SQL "UPDATE events SET actor = 'mallory' WHERE seq = 1"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: UPDATE on events refused again"
	run $SQL "DELETE FROM checkpoints"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: DELETE on checkpoints refused again"
	is "$(sql_value "$E" "$SQL" "SELECT COUNT(*) FROM events WHERE kind = 'triggers-restored'")" 1 \
		"$E: the restoration is an event of the chain"
	run $R devices
	unlike "$err" "restored" "$E: nothing to restore at the next start"
	run $R audit
	is "$status" 0 "$E: the chain with its restoration event is intact"

	# Signed checkpoints of the chain head, checked with openssl alone.
	run $R checkpoint -o "$W/cp0.json"
	is "$status" 0 "$E: checkpoint -o FILE"
	like "$out" "checkpoint: [0-9]+ events, head [0-9a-f]{64}" "$E: ... says what it vouches for"
	run openssl pkeyutl -verify -pubin -inkey "$W/data/registry-pub.pem" -rawin -in "$W/cp0.json" -sigfile "$W/cp0.json.sig"
	is "$status" 0 "$E: openssl verifies the checkpoint with the registry's public key"
	sed 's/"events":\([0-9]*\)/"events":1\1/' "$W/cp0.json" >"$W/forged.json"
	cp "$W/cp0.json.sig" "$W/forged.json.sig"
	run openssl pkeyutl -verify -pubin -inkey "$W/data/registry-pub.pem" -rawin -in "$W/forged.json" -sigfile "$W/forged.json.sig"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: openssl refuses a checkpoint whose count was changed"
	openssl pkey -pubin -in "$W/data/registry-pub.pem" -outform DER -out "$W/pub.der" 2>/dev/null
	tail -c 32 "$W/pub.der" >"$W/pub.raw"
	run openssl dgst -sha256 -r "$W/pub.raw"
	like "$(cat "$W/cp0.json")" "\"registry_key_sha256\":\"${out:0:64}\"" "$E: the checkpoint names its key (SHA-256 of the raw public key)"
	run $R audit --checkpoint "$W/cp0.json"
	is "$status" 0 "$E: audit against a kept checkpoint"
	like "$out" "checkpoint signed .* holds" "$E: ... says it holds"
	run $R audit --checkpoint "$W/forged.json"
	is "$status" 1 "$E: audit refuses a forged checkpoint"
	like "$err" "does not verify" "$E: ... saying why"

	# Every import batch and state change signs one, handed out with stats.
	reg_report "$W/more1" "$PKI/st1" "PC-MORE1-$E" >/dev/null
	reg_report "$W/more2" "$PKI/st1" "PC-MORE2-$E" >/dev/null
	$R import "$W/more1" >/dev/null && $R import "$W/more2" >/dev/null && $R ready "PC-MORE1-$E" >/dev/null
	run $R --json stats
	printf '%s\n' "$out" >"$W/stats.json"
	like "$out" '"checkpoint": \{' "$E: stats hand out the latest checkpoint"
	run $R audit --checkpoint "$W/stats.json"
	is "$status" 0 "$E: ... which audit accepts as kept"
	run $R checkpoint -o "$W/cp1.json"
	local N0 N1
	N0=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$W/cp0.json")
	N1=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$W/cp1.json")
	ok "$([ "$N1" -gt "$N0" ]; echo $?)" "$E: each change moved the signed head ($N0 → $N1)"

	# A row added behind reco's back is never signed into a checkpoint.
	dump_events "$E" "$DB" "$W/rows.json"
	python3 "$(dirname "$0")/registry-forge.py" append "PC-MORE2-$E" "$W/rows.json" "$W/append.sql"
	run $SQL "$(cat "$W/append.sql")"
	run $R audit
	is "$status" 1 "$E: audit fails on an event no checkpoint covers"
	like "$err" "covered by no signed checkpoint" "$E: ... saying so"
	run $R ready "PC-MORE2-$E"
	ok "$([ "$status" != 0 ]; echo $?)" "$E: reco refuses to sign over a forged row"
	like "$err" "added outside reco" "$E: ... saying so"
	triggers_off "$E" "$SQL" "DELETE FROM events WHERE actor = 'mallory'"

	# Truncation at a checkpoint boundary: only a kept checkpoint tells.
	local K
	K=$(sql_value "$E" "$SQL" "SELECT MAX(events) FROM checkpoints WHERE events < $N1")
	triggers_off "$E" "$SQL" "DELETE FROM events WHERE seq > $K; DELETE FROM checkpoints WHERE events > $K"
	run $R audit --checkpoint "$W/cp1.json"
	is "$status" 1 "$E: audit against the kept checkpoint detects the truncation"
	like "$err" "the log has $K events, but the checkpoint signed .* vouches for $N1: events were removed" "$E: ... naming it"

	# Rewriting an old event with every later hash recomputed.
	dump_events "$E" "$DB" "$W/rows.json"
	python3 "$(dirname "$0")/registry-forge.py" rewrite 2 "$W/rows.json" "$W/rewrite.sql"
	triggers_off "$E" "$SQL" "$(cat "$W/rewrite.sql") DELETE FROM checkpoints"
	run $R audit --checkpoint "$W/cp0.json"
	is "$status" 1 "$E: audit against a kept checkpoint detects the rewrite"
	like "$err" "event $N0: its hash differs .* the history was rewritten" "$E: ... naming it"
	run $R audit
	is "$status" 1 "$E: without it, audit still sees events no checkpoint covers"
}

# The events table as a JSON array of rows.
dump_events() { # engine dbspec out
	local cols="seq, at, actor, device_id, kind, from_state, to_state, detail, prev_hash, hash"
	if [ "$1" = sqlite ]; then
		sqlite3 -json "$2" "SELECT $cols FROM events ORDER BY seq" >"$3"
	else
		$REG_PG_PSQL -At -c "SELECT json_agg(e ORDER BY seq) FROM (SELECT $cols FROM events) e" >"$3"
	fi
}

# One value from a query.
sql_value() { # engine sqlcmd sql
	if [ "$1" = sqlite ]; then $2 "$3"; else $REG_PG_PSQL -At -c "$3"; fi
}

# Runs SQL with the append-only triggers out of the way (an operator can).
triggers_off() { # engine sqlcmd sql
	if [ "$1" = sqlite ]; then
		local t trig=""
		for t in events_no_update:UPDATE:events events_no_delete:DELETE:events \
			checkpoints_no_delete:DELETE:checkpoints; do
			IFS=: read -r name what table <<<"$t"
			trig="$trig CREATE TRIGGER $name BEFORE $what ON $table BEGIN SELECT RAISE(ABORT, '$table are append-only'); END;"
		done
		# and put the triggers back as they were, to leave no trace
		$2 "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;
		    DROP TRIGGER IF EXISTS checkpoints_no_delete; $3; $trig" >/dev/null
	else
		$2 "ALTER TABLE events DISABLE TRIGGER USER; ALTER TABLE checkpoints DISABLE TRIGGER USER; $3;
		    ALTER TABLE events ENABLE TRIGGER USER; ALTER TABLE checkpoints ENABLE TRIGGER USER" >/dev/null
	fi
}

history sqlite "$T_TMP/sqlite/registry.db" "sqlite3 $T_TMP/sqlite/registry.db"
rm -rf "$PKI" && reg_pki "$PKI"
if reg_pg_start "$PG_DIR"; then
	history pg "$REG_PG_URL" "$REG_PG_PSQL -v ON_ERROR_STOP=1 -c"
else
	skip "PostgreSQL history: $REG_PG_WHY"
fi
done_testing
