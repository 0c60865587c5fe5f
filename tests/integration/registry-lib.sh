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

reg_pg_stop() {
	[ -n "${REG_PG_CTL:-}" ] && $REG_PG_CTL -D "$REG_PG_DIR/data" -m immediate stop >/dev/null 2>&1
	REG_PG_CTL=
	[ -n "${REG_PG_DIR:-}" ] && rm -rf "$REG_PG_DIR"
}
