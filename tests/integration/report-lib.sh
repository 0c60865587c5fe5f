# tests/integration/report-lib.sh — helpers for the report*.t tests.
# Source after lib.sh.  Everything lives under $T_TMP (removed at exit).

# seal looks for the stick's key in $RECO_KEYS (else <data dir>/keys): none
# unless a test says so.
export RECO_KEYS="$T_TMP/no-keys"

# mk_ca DIR ORG [ca-init options...]: a CA in DIR.
mk_ca() { _d=$1 _o=$2; shift 2; reco-keys ca-init --org "$_o" --out "$_d" "$@" >/dev/null; }

# mk_station CA_DIR OUT_DIR NAME [certify options...]: key + certificate.
mk_station() {
	_ca=$1 _out=$2 _name=$3
	shift 3
	reco-keys station-init --name "$_name" --out "$_out" >/dev/null &&
		reco-keys certify --ca "$_ca" "$_out/station.csr" "$@" >/dev/null
}

# mk_session NAME: a fresh copy of tests/fixtures/sessions/NAME under $T_TMP
# (a new directory each time); prints its path.
mk_session() {
	_s=$(mktemp -d "$T_TMP/sess-$1.XXXXXX") && cp "$FIXTURES/sessions/$1"/*.json "$_s/" && echo "$_s"
}

# flip_byte FILE OFFSET: xor the byte at OFFSET with 0x01, in place.
flip_byte() {
	python3 - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
b[off] ^= 0x01
open(p, 'wb').write(bytes(b))
PY
}
