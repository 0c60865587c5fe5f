# 10-inventory.sh — `make demo`: the inventory of this machine.  The
# volunteer's summary (English, then French), saved as inventory.json in a new
# session directory under $RECO_DATA, and the first lines of that JSON.
# Read-only: nothing is written outside $DEMO.
echo "--- reco inventory --save (the volunteer's summary; SMART through smartctl)"
reco inventory --save 2>"$DEMO/inventory.stderr"
cat "$DEMO/inventory.stderr"
INVENTORY_JSON=$(ls -t "$RECO_DATA"/sessions/*/*/inventory.json | head -n 1)
# Every later step (diag, wipe, report) writes into this same session.
RECO_SESSION=$(dirname "$INVENTORY_JSON")
export RECO_SESSION
echo
echo "--- the same, in French (LANG=fr_FR.UTF-8, --no-smart)"
LANG=fr_FR.UTF-8 LANGUAGE= LC_ALL= reco inventory --no-smart
echo
echo "--- $INVENTORY_JSON (first 25 lines of $(wc -l <"$INVENTORY_JSON"))"
head -n 25 "$INVENTORY_JSON"
