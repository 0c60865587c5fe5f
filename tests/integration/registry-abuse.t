#!/bin/bash
# reco registry serve under abuse: login throttling per account and per
# address counted before the password check (no parallel bypass), kept in
# the database (no eviction), a trusted reverse proxy's X-Forwarded-For,
# failed logins logged; connections per address, slow uploads, memory held
# by uploads without a session; PostgreSQL restarts.  Source addresses other than 127.0.0.1 come from
# the rest of 127.0.0.0/8 (curl --interface).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
trap 'reg_serve_stop; rm -rf "$T_TMP"' EXIT
command -v curl >/dev/null || { echo "1..0 # skip curl missing"; exit 0; }

D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D"
R="reco registry --db $DB --data-dir $D"
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
echo 'viewer-pw-1' | $R user add third --role viewer >/dev/null

# login FROM USER PASSWORD [extra curl args...] → HTTP status in $status
login_from() {
	local from=$1 user=$2 pw=$3 jar=$T_TMP/jar.$RANDOM$RANDOM
	shift 3
	curl -s --interface "$from" -c "$jar" -o "$jar.html" "$@" "$REG_URL/login"
	local tok
	tok=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$jar.html")
	status=$(curl -s --interface "$from" -b "$jar" -o /dev/null -w '%{http_code}' "$@" \
		--data-urlencode "csrf=$tok" --data-urlencode "user=$user" --data-urlencode "password=$pw" \
		"$REG_URL/login")
	rm -f "$jar" "$jar.html"
}

reg_serve "$DB" "$D"
ok $? "server starts"

# 1. twenty wrong passwords at once from one address: at most five are checked
tok_jar=$T_TMP/par
curl -s -c "$tok_jar" -o "$tok_jar.html" "$REG_URL/login"
tok=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tok_jar.html")
pids=""
for i in $(seq 20); do
	curl -s -b "$tok_jar" -o /dev/null -w '%{http_code}\n' --data "csrf=$tok&user=vol&password=wrong$i" \
		"$REG_URL/login" >"$T_TMP/par.$i" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids # not the server
n401=$(cat "$T_TMP"/par.* | grep -c 401)
n429=$(cat "$T_TMP"/par.* | grep -c 429)
# 20 at once from one address also meet the 16-connections-per-address
# limit: a connection refused there (503, or closed before any answer:
# curl's 000) never reached the check either.
n503=$(cat "$T_TMP"/par.* | grep -c '^503$')
n000=$(cat "$T_TMP"/par.* | grep -c '^000$')
ok "$([ "$n401" -le 5 ]; echo $?)" "parallel wrong passwords: at most 5 reach the password check (got $n401)"
is "$((n401 + n429 + n503 + n000))" 20 "... the others are refused with 429 (or 503 or closed at the connection limit)"
login_from 127.0.0.1 vol volunteer-pw
is "$status" 429 "... and the address stays locked out, even with the right password"

# 2. the lock-out survives hundreds of other addresses failing (no eviction)
pids=""
for i in $(seq 1 270); do
	login_from "127.0.$((1 + i / 250)).$((i % 250 + 1))" "nobody$i" wrong &
	pids="$pids $!"
	# shellcheck disable=SC2086
	[ $((i % 8)) = 0 ] && wait $pids && pids=""
done
# shellcheck disable=SC2086
wait $pids
login_from 127.0.0.1 vol volunteer-pw
is "$status" 429 "the locked address is still locked after 270 failures elsewhere"

# 3. per account: ten wrong passwords from ten addresses lock the account
for i in $(seq 1 10); do login_from "127.0.5.$i" coord "bad$i"; done
login_from 127.0.5.99 coord coordinator-pw
is "$status" 429 "an account is locked after ten failures from ten addresses"
login_from 127.0.5.98 third viewer-pw-1
is "$status" 303 "... other accounts, from other addresses, log in"

# 4. failed logins are in the server's log
like "$(cat "$T_TMP/serve.log")" "failed login for 'coord' from 127.0.5.1" "failed logins are logged with the account and address"
like "$(cat "$T_TMP/serve.log")" "too many login attempts .* 127.0.0.1" "refusals are logged too"
reg_serve_stop

# 5. a restart keeps the counts (they are in the database)
reg_serve "$DB" "$D"
login_from 127.0.5.97 coord coordinator-pw
is "$status" 429 "a restart does not unlock an account"
reg_serve_stop

# 6. behind a trusted reverse proxy, the client is X-Forwarded-For's
REG_SERVE_ARGS="--trusted-proxy 127.0.0.1" reg_serve "$T_TMP/proxy.db" "$D"
ok $? "server with --trusted-proxy starts"
echo 'coordinator-pw' | reco registry --db "$T_TMP/proxy.db" --data-dir "$D" user add c2 --role coordinator >/dev/null
for i in 1 2 3 4 5; do login_from 127.0.0.1 "x$i" wrong -H "X-Forwarded-For: 198.51.100.1, 203.0.113.7"; done
login_from 127.0.0.1 c2 coordinator-pw -H "X-Forwarded-For: 203.0.113.7"
is "$status" 429 "proxy: the client who failed five times is locked out"
login_from 127.0.0.1 c2 coordinator-pw -H "X-Forwarded-For: 203.0.113.8"
is "$status" 303 "proxy: another client behind the same proxy logs in"
for i in 1 2 3 4 5; do login_from 127.0.0.3 "y$i" wrong -H "X-Forwarded-For: 203.0.113.$((50 + i))"; done
login_from 127.0.0.3 c2 coordinator-pw -H "X-Forwarded-For: 203.0.113.99"
is "$status" 429 "an untrusted peer's X-Forwarded-For is ignored"
reg_serve_stop

# 8. connections: per address, slow uploads, memory held by bodies without a session
FLOOD="python3 $(dirname "$0")/registry-flood.py"
REG_SERVE_ARGS="--upload-timeout 3" reg_serve "$T_TMP/flood.db" "$D"
PORT=${REG_URL##*:}
run $FLOOD half-sent "$PORT" "$REG_SERVE_PID" 40 4194304 distinct
rss() { printf '%s\n' "$out" | sed -n "s/^$1 //p"; }
grown=$(( ($(rss rss_held_kb) - $(rss rss_before_kb)) / 1024 ))
ok "$([ "$grown" -lt 64 ]; echo $?)" "40 half-sent 4 MiB uploads from 40 addresses: the server grew by $grown MiB (< 64)"
ok "$([ "$(rss accepted)" -le 8 ]; echo $?)" "... it took in at most 32 MiB of them ($(rss accepted) bodies)"
run $FLOOD idle "$PORT" 40
ok "$([ "$(rss open)" -le 16 ]; echo $?)" "at most 16 connections at once from one address ($(rss open))"
is "$(rss same_address)" 0 "... the next one is refused"
is "$(rss other_address)" 200 "... while another address is served"
run $FLOOD slow "$PORT"
is "$(rss closed)" 1 "an upload trickling in is cut"
ok "$([ "$(rss seconds)" -le 8 ]; echo $?)" "... after --upload-timeout (3 s): $(rss seconds) s"
like "$(cat "$T_TMP/serve.log")" "upload slower than 3 s" "... and logged"
reg_serve_stop

# 7. PostgreSQL: a server restart does not turn logins into "wrong password"
# (the connection is re-established), and a database that is down answers
# 503 and counts nothing
PG_DIR=$(mktemp -d /tmp/reco-registry-pg.XXXXXX)
trap 'reg_serve_stop; reg_pg_stop; rm -rf "$T_TMP" "$PG_DIR"' EXIT
if reg_pg_start "$PG_DIR"; then
	mkdir -p "$T_TMP/pgdata"
	echo 'coordinator-pw' | reco registry --db "$REG_PG_URL" --data-dir "$T_TMP/pgdata" user add coord --role coordinator >/dev/null
	reg_serve "$REG_PG_URL" "$T_TMP/pgdata"
	for i in 1 2 3 4; do login_from 127.0.0.1 coord coordinator-pw; done # every worker connected
	is "$status" 303 "pg: log in"
	reg_pg_ctl restart
	codes=""
	for i in 1 2 3 4 5 6 7 8; do login_from 127.0.0.1 coord coordinator-pw; codes="$codes $status"; done
	is "$codes" " 303 303 303 303 303 303 303 303" "pg: after a PostgreSQL restart every login works again"
	reg_pg_ctl stop
	codes=""
	for i in 1 2 3 4 5 6 7; do login_from 127.0.0.1 coord "wrong$i"; codes="$codes $status"; done
	is "$codes" " 503 503 503 503 503 503 503" "pg: database down: 503, never 'wrong password'"
	reg_pg_ctl start
	login_from 127.0.0.1 coord coordinator-pw
	is "$status" 303 "pg: ... and nothing was counted against the account"
	reg_serve_stop
else
	skip "PostgreSQL: $REG_PG_WHY"
fi
done_testing
