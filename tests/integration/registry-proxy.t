#!/bin/bash
# The reverse-proxy examples of the README (contrib/reverse-proxy/nginx.conf
# and Caddyfile) in front of `reco registry serve` with secure-cookies = yes:
# each runs with its server name, certificate and ports swapped for test
# ones (a self-signed certificate, free ports), and over HTTPS the login
# page answers, the admin logs in with a Secure session cookie, a signed
# report uploads (201), a 4.5 MiB body is refused by the proxy itself
# (over the registry's 4 MiB: nginx 413; Caddy 413, or the connection
# closed while the body is still coming), and nginx sends plain HTTP to
# HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
TOP=$(cd "$TESTS_DIR/.." && pwd)
PROXY_PIDS=""
trap 'reg_serve_stop; for p in $PROXY_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
command -v curl >/dev/null || { echo "1..0 # skip curl missing"; exit 0; }

free_port() { echo $((20000 + (RANDOM % 20000))); }
wait_port() { # port: until something answers there (10 s)
	for _ in $(seq 100); do
		curl -sk -o /dev/null "https://localhost:$1/" && return 0
		sleep 0.1
	done
	return 1
}

# the registry, behind the proxies
PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data
mkdir -p "$D" && cp "$PKI/ca/ca.pem" "$D/"
export RECO_REGISTRY_CONF=$T_TMP/registry.conf
printf 'data-dir = %s\ndb = %s/registry.db\nlisten = 127.0.0.1:{port}\nsecure-cookies = yes\ntrusted-proxy = 127.0.0.1 ::1\n' \
	"$D" "$D" >"$RECO_REGISTRY_CONF.in"
reg_serve_cmd sh -c 'sed "s/{port}/$1/" "$2.in" >"$2" && exec reco registry serve' sh @PORT@ "$RECO_REGISTRY_CONF"
ok $? "the registry serves with secure-cookies = yes, trusted-proxy = 127.0.0.1 ::1"
RPORT=${REG_URL##*:}
echo 'admin-password' | reco registry user add admin --role coordinator >/dev/null
reg_report "$T_TMP/r1" "$PKI/st1" PC-PROXY-1 >/dev/null
reg_envelope "$T_TMP/r1" >"$T_TMP/up.json"
reg_report "$T_TMP/r2" "$PKI/st1" PC-PROXY-2 >/dev/null
reg_envelope "$T_TMP/r2" >"$T_TMP/up2.json"
head -c $((4608 * 1024)) /dev/zero | tr '\0' 'x' >"$T_TMP/big.json"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost -keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" 2>/dev/null
ok $? "a self-signed certificate for localhost"

through() { # NAME URL: the checks through one proxy
	local name=$1 u=$2 c="curl -s --cacert $T_TMP/cert.pem"
	run $c -o /dev/null -w '%{http_code}' "$u/login"
	is "$out" 200 "$name: GET /login over HTTPS"
	tok=$($c -c "$T_TMP/jar" "$u/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	run $c -D - -o /dev/null -b "$T_TMP/jar" --data-urlencode "csrf=$tok" --data-urlencode user=admin \
		--data-urlencode password=admin-password "$u/login"
	like "$out" "^HTTP/[0-9.]+ 303" "$name: the admin logs in"
	like "$out" "[Ss]et-[Cc]ookie: reco_session=[0-9a-f]{64};.*; Secure" "$name: ... with a Secure session cookie"
	run $c -w ' %{http_code}' -H 'Content-Type: application/json' --data-binary "@$3" "$u/api/reports"
	like "$out" '"result":"stored".* 201$' "$name: a signed report uploads (201)"
	# nginx refuses from the Content-Length (413); Caddy counts the bytes
	# and may close the connection before the client has read its 413
	run $c -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$T_TMP/big.json" "$u/api/reports"
	like "$out" "^($4)$" "$name: a 4.5 MiB body is refused by the proxy ($4)"
}

# ---- nginx ----------------------------------------------------------------------
if command -v nginx >/dev/null; then
	N=$T_TMP/nginx NPORT=$(free_port) HPORT=$(free_port)
	mkdir -p "$N"
	sed -e "s|listen 443 |listen $NPORT |; s|listen \[::\]:443 |listen [::1]:$NPORT |" \
		-e "s|listen 80;|listen $HPORT;|; s|listen \[::\]:80;|listen [::1]:$HPORT;|" \
		-e "s|registre.example.org|localhost|g" \
		-e "s|/etc/letsencrypt/live/localhost/fullchain.pem|$T_TMP/cert.pem|" \
		-e "s|/etc/letsencrypt/live/localhost/privkey.pem|$T_TMP/key.pem|" \
		-e "s|127.0.0.1:8080|127.0.0.1:$RPORT|" "$TOP/contrib/reverse-proxy/nginx.conf" >"$N/site.conf"
	cat >"$N/nginx.conf" <<EOF
daemon off;
user root root;
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	include $N/site.conf;
}
EOF
	run nginx -t -c "$N/nginx.conf" -e "$N/error.log"
	is "$status" 0 "nginx -t accepts contrib/reverse-proxy/nginx.conf (nginx 1.22)" 
	nginx -c "$N/nginx.conf" -e "$N/error.log" &
	PROXY_PIDS="$PROXY_PIDS $!"
	wait_port "$NPORT"
	ok $? "nginx serves" "$(cat "$N/error.log")"
	through nginx "https://localhost:$NPORT" "$T_TMP/up.json" 413
	run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HPORT/devices"
	is "$out" "301 https://localhost/devices" "nginx: plain HTTP is sent to HTTPS"
else
	skip "nginx missing (contrib/install-deps)"
fi

# ---- Caddy ----------------------------------------------------------------------
if command -v caddy >/dev/null; then
	K=$T_TMP/caddy CPORT=$(free_port)
	mkdir -p "$K"
	{
		printf '{\n\tadmin off\n\tauto_https disable_redirects\n}\n'
		sed -e "s|^registre.example.org {|https://localhost:$CPORT {\n\ttls $T_TMP/cert.pem $T_TMP/key.pem|" \
			-e "s|127.0.0.1:8080|127.0.0.1:$RPORT|" "$TOP/contrib/reverse-proxy/Caddyfile"
	} >"$K/Caddyfile"
	run env HOME="$K" XDG_DATA_HOME="$K" XDG_CONFIG_HOME="$K" caddy validate --adapter caddyfile --config "$K/Caddyfile"
	is "$status" 0 "caddy validate accepts contrib/reverse-proxy/Caddyfile (Caddy 2.6)"
	HOME="$K" XDG_DATA_HOME="$K" XDG_CONFIG_HOME="$K" caddy run --adapter caddyfile --config "$K/Caddyfile" >"$K/log" 2>&1 &
	PROXY_PIDS="$PROXY_PIDS $!"
	wait_port "$CPORT"
	ok $? "caddy serves" "$(tail -5 "$K/log")"
	through caddy "https://localhost:$CPORT" "$T_TMP/up2.json" "413|000"
else
	skip "caddy missing (contrib/install-deps)"
fi

done_testing
