#!/bin/bash
# The registry's settings file (/etc/reco/registry.conf, reco-registry.conf(5),
# read by tools/registry/conf.c): every option of `serve` and the global
# ones can be set there and are documented in the packaged copy
# (contrib/registry.conf); the command line and $RECO_REGISTRY_DB win over
# it; a bad file is refused with its line; root is refused over a data
# directory the file names and another user owns; serve stops cleanly
# (exit 0) on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
. "$(dirname "$0")/help-lib.sh"
trap 'reg_serve_stop; rm -rf "$T_TMP"' EXIT
command -v curl >/dev/null || { echo "1..0 # skip curl missing"; exit 0; }

TOP=$(cd "$TESTS_DIR/.." && pwd)
SHIPPED=$TOP/contrib/registry.conf
C=$T_TMP/registry.conf
export RECO_REGISTRY_CONF=$C
unset RECO_REGISTRY_DB

# The keys: every option of serve (its line in --help, or its own --help),
# and the global options that name where things are.
run reco registry --help
serve_opts=$(printf '%s\n' "$out" | awk '/^  serve / { f = 1 } f && /^  [a-z]/ && !/^  serve / { f = 0 } /^$/ { f = 0 } f' |
	help_options | grep -- '^--')
serve_opts="$serve_opts $(reco registry serve --help | help_options | grep -- '^--' | grep -vx -e --help -e --version -e --json)"
keys=$(printf '%s\n' db data-dir ca crl $serve_opts | sed 's/^--//' | sort -u)
like "$keys" "listen" "serve's options found in --help"
for k in $keys; do
	grep -qE "^#? ?$k =( |$)" "$SHIPPED"
	ok $? "$k: documented in contrib/registry.conf with its default" \
		"add a line '# $k = <default>' with a comment to contrib/registry.conf, and a row to conf_keys[] in tools/registry/conf.c"
	grep -qF -- "*$k* =" "$TOP/man/reco-registry.conf.5.scd"
	ok $? "$k: in reco-registry.conf(5)" "add an entry *$k* = ... to man/reco-registry.conf.5.scd"
done

# Every documented line, uncommented, is accepted (data-dir pointed here).
D=$T_TMP/data
mkdir -p "$D"
sed -n -E 's/^#? ?([a-z-]+ = .*)$/\1/p' "$SHIPPED" |
	sed -e "s|^data-dir = .*|data-dir = $D|" -e "s|^db = .*|db = $D/registry.db|" \
		-e "s|^ca = .*|ca = $D/ca.pem|" -e "s|^crl = .*|crl = $D/crl.pem|" >"$C"
run reco registry audit
is "$status:$err" "0:" "the packaged file's settings, uncommented, are all accepted"
ok "$([ -f "$D/registry.db" ]; echo $?)" "... and the database is where data-dir says"

# The packaged file as it is (its paths moved here): it names the database,
# which counts as configured, so the service's first start creates it.
sed -e "s|^data-dir = .*|data-dir = $T_TMP/shipped|" -e "s|^db = .*|db = $T_TMP/shipped/registry.db|" \
	"$SHIPPED" >"$C"
grep -qx "db = $T_TMP/shipped/registry.db" "$C"
ok $? "the packaged file names its database (db = ..., not commented)"
mkdir -p "$T_TMP/shipped"
run reco registry audit
is "$status" 0 "the packaged file is accepted as shipped"
ok "$([ -f "$T_TMP/shipped/registry.db" ]; echo $?)" "... and its database is created on first use"

# A file with data-dir alone configures no database: as without the file,
# only init creates <data-dir>/registry.db; another command says where it
# would be (exit 2) and creates nothing.
printf 'data-dir = %s/dironly\n' "$T_TMP" >"$C"
run reco registry audit
is "$status" 2 "data-dir alone in the file: no database, a usage error"
like "$err" "no database yet: it would be $T_TMP/dironly/registry.db.*reco registry init" "... naming where, and init"
ok "$([ ! -e "$T_TMP/dironly/registry.db" ]; echo $?)" "... creating no database"
run reco registry init
is "$status" 0 "init creates it where the file's data-dir says"
ok "$([ -f "$T_TMP/dironly/registry.db" ]; echo $?)" "... $T_TMP/dironly/registry.db"

# Precedence: --db > $RECO_REGISTRY_DB > the file.
printf 'data-dir = %s\ndb = %s/file.db\n' "$D" "$D" >"$C"
run reco registry audit
ok "$([ -f "$D/file.db" ]; echo $?)" "db from the file"
RECO_REGISTRY_DB=$D/env.db run reco registry audit
ok "$([ -f "$D/env.db" ]; echo $?)" "\$RECO_REGISTRY_DB wins over the file"
RECO_REGISTRY_DB=$D/env.db run reco registry --db "$D/cli.db" audit
ok "$([ -f "$D/cli.db" ]; echo $?)" "--db wins over both"

# Bad files: the file and the line are named; exit 2 (3 when unreadable).
bad() { # expected-status message-regex name <file content>
	printf '%b' "$4" >"$C"
	run reco registry audit
	is "$status" "$1" "$3: exit $1"
	like "$err" "$2" "$3: says so"
}
bad 2 "registry.conf: line 2: unknown key 'port'" "unknown key" "# x\nport = 80\n"
bad 2 "registry.conf: line 3: 'listen' is set twice" "key set twice" "listen = 127.0.0.1:1\n\nlisten = 127.0.0.1:2\n"
bad 2 "registry.conf: line 1: expected key = value" "line without =" "data-dir /tmp\n"
bad 2 "registry.conf: line 1: secure-cookies: expected yes or no, not 'maybe'" "bad flag" "secure-cookies = maybe\n"
RECO_REGISTRY_CONF=$T_TMP/none.conf run reco registry audit
is "$status" 3 "a missing settings file named by RECO_REGISTRY_CONF: exit 3"
like "$err" "none.conf: cannot read the settings file: No such file" "... naming it"
printf 'data-dir = %s\n' "$D" >"$C"
chmod 0600 "$C"
run setpriv --reuid=nobody --regid=nogroup --clear-groups reco registry audit
is "$status" 3 "an unreadable settings file: exit 3, not silently ignored"
like "$err" "registry.conf: cannot read the settings file: Permission denied" "... saying why"
chmod 0644 "$C"
RECO_REGISTRY_CONF= RECO_REGISTRY_DB=$D/none.db run reco registry --data-dir "$D" audit
is "$status" 0 "RECO_REGISTRY_CONF set and empty: no file read"

# Root over a data directory the file names and another user owns.
if [ "$(id -u)" = 0 ]; then
	N=$T_TMP/svc
	mkdir -p "$N" && chown nobody:nogroup "$N" && chmod 0750 "$N"
	chmod 0755 "$T_TMP"
	printf 'data-dir = %s\n' "$N" >"$C"
	run reco registry audit
	is "$status" 3 "root over the service user's data directory: refused"
	like "$err" "belongs to the user nobody .*sudo -u nobody reco registry" "... naming the user to run as"
	ok "$([ ! -e "$N/registry.db" ]; echo $?)" "... before creating anything there"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups reco registry init
	is "$status" 0 "the owner runs it"
	is "$(stat -c %U "$N/registry.db")" nobody "... and owns what it created"
	run reco registry --data-dir "$N" --db "$T_TMP/root.db" audit
	is "$status" 0 "root naming the directory on the command line is not refused"
else
	skip "root refusal needs root"
fi

# serve: listen, lang, secure-cookies from the file; the command line wins.
PKI=$T_TMP/pki
reg_pki "$PKI"
W=$T_TMP/web
mkdir -p "$W" && cp "$PKI/ca/ca.pem" "$W/"
reco registry --data-dir "$W" init >/dev/null
echo 'pw-coordinator' | reco registry --data-dir "$W" user add coord --role coordinator >/dev/null
serve_with() { # conf-content ({port} for the port) [serve options...]: starts it, sets REG_URL
	printf '%b' "$1" >"$C.in"
	shift
	reg_serve_cmd sh -c 'sed "s/{port}/$1/g" "$2.in" >"$2" && shift 2 && exec reco registry serve "$@"' \
		sh @PORT@ "$C" "$@"
}
serve_with "data-dir = $W\nlisten = 127.0.0.1:{port}\nlang = en\nsecure-cookies = yes\n"
ok $? "serve starts with the file's listen address"
like "$(cat "$T_TMP/serve.log")" "listening on http://127.0.0.1:[0-9]+/" "... on the address the file gives"
run curl -s "$REG_URL/login"
like "$out" 'lang="en"' "lang = en: pages in English for a new visitor"
reg_login "$T_TMP/jar" coord pw-coordinator
is "$status" 303 "login works"
tok=$(curl -s -c "$T_TMP/j2" "$REG_URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
run curl -s -D - -o /dev/null -b "$T_TMP/j2" --data "csrf=$tok&user=coord&password=pw-coordinator" "$REG_URL/login"
like "$out" "Set-Cookie: reco_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict;.* Secure" "secure-cookies = yes: the cookie is Secure"
kill -TERM "$REG_SERVE_PID"
wait "$REG_SERVE_PID"
is "$?" 0 "SIGTERM: serve exits 0"
REG_SERVE_PID=

other=$((20000 + (RANDOM % 20000)))
serve_with "data-dir = $W\nlisten = 127.0.0.1:1\nlang = en\n" --listen "127.0.0.1:$other" --lang fr
ok $? "serve starts when the command line overrides the file's listen"
is "$REG_URL" "http://127.0.0.1:$other" "--listen on the command line wins over the file"
run curl -s "$REG_URL/login"
like "$out" 'lang="fr"' "--lang fr on the command line wins over the file's lang = en"
reg_serve_stop

serve_with "data-dir = $W\nlisten = 127.0.0.1:{port}\ntrusted-proxy = 127.0.0.1, ::1\nupload-timeout = 30\n"
ok $? "trusted-proxy (two addresses) and upload-timeout from the file: serve starts"
reg_serve_stop
printf 'data-dir = %s\ntrusted-proxy = 127.0.0.1 proxy.example\n' "$W" >"$C"
run timeout 20 reco registry serve --listen 127.0.0.1:1
is "$status" 2 "trusted-proxy = a name: refused (exit 2)"
like "$err" "proxy.example: an IP address is expected" "... by serve's own check"
printf 'data-dir = %s\nlang = de\n' "$W" >"$C"
run timeout 20 reco registry serve --listen 127.0.0.1:1
is "$status" 2 "lang = de refused (exit 2)"
like "$err" "expected fr or en, not 'de'" "... saying what is accepted"

done_testing
