# contrib/demo.d/20-diag.sh — a quick diagnosis of this machine, limited so
# that it takes well under a minute: 10 s of processor load, 64 MiB of
# memory, no disk (the demo never touches a real disk), battery and heat as
# the machine reports them.
#
# The session: $RECO_SESSION when an earlier step set it; otherwise this step
# creates one under $RECO_DATA/sessions/demo/<UTC time> and exports
# RECO_SESSION, so that the later steps (30 wipe, 50 report) write into the
# same session and `reco report` finds diag.json there.
if [ -z "${RECO_SESSION:-}" ]; then
	RECO_SESSION="$RECO_DATA/sessions/demo/$(date -u +%Y%m%dT%H%M%SZ)"
	mkdir -p "$RECO_SESSION"
	export RECO_SESSION
fi
echo "reco diag --quick --only cpu,ram,battery,thermal --duration 10 --ram-size 64M (session $RECO_SESSION)"
# A WARN or FAIL on this machine is a result, not a demo failure (exit 1);
# usage or environment errors (2, 3) stop the demo.
set +e
reco diag --quick --only cpu,ram,battery,thermal --duration 10 --ram-size 64M --cosmetic B
diag_status=$?
set -e
[ "$diag_status" -le 1 ] || { echo "reco diag failed (exit $diag_status)" >&2; exit "$diag_status"; }
echo "--- battery and heat as a Repair Café sheet (French unless LANG names another language):"
reco diag --repair-cafe --only battery,thermal --progress=none --session "$RECO_SESSION/repair-cafe" || true
echo "diag.json: $RECO_SESSION/diag.json"
