# tests/integration/lib.sh — a small TAP library for the integration tests.
#
# Source it from a .t file, call plan N (or done_testing at the end), then:
#   run CMD...         runs CMD, keeps $status, $out (stdout) and $err (stderr)
#   is GOT WANT NAME   equality
#   like GOT REGEX NAME   grep -E match
#   ok COND_STATUS NAME   0 = pass
# Commands under test are never piped into another command: their output is
# captured into files so that a crash shows in $status.
set -u
RECO_BUILD=${RECO_BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build}
RECO=$RECO_BUILD/bin/reco
export PATH="$RECO_BUILD/bin:$PATH"
export LANG=C.UTF-8 LANGUAGE= LC_ALL=
# the machine's own registry settings (/etc/reco/registry.conf) stay out
export RECO_REGISTRY_CONF=
TESTS_DIR=$(cd "$(dirname "$0")/.." && pwd)
FIXTURES=$TESTS_DIR/fixtures
T_TMP=$(mktemp -d /tmp/reco-test.XXXXXX)
trap 'rm -rf "$T_TMP"' EXIT
_n=0
_failed=0

plan() { echo "1..$1"; }
done_testing() { echo "1..$_n"; [ "$_failed" = 0 ]; }

_report() { # status name [diag]
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
	return 0
}

run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	status=$?
	out=$(cat "$T_TMP/out")
	err=$(cat "$T_TMP/err")
}

ok() { _report "$1" "$2" "${3:-}"; }
is() {
	if [ "$1" = "$2" ]; then _report 0 "$3"; else
		_report 1 "$3" "got:  '$1'
want: '$2'"; fi
}
like() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then _report 0 "$3"; else
		_report 1 "$3" "got:  '$1'
want match: /$2/"; fi
}
unlike() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then _report 1 "$3" "got:  '$1'
must not match: /$2/"; else _report 0 "$3"; fi
}
skip() { _n=$((_n + 1)); echo "ok $_n # skip $1"; }
