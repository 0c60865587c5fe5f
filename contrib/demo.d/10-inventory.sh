# Step 1: inventory of this machine (no SMART: quick, no disk access).
reco inventory --no-smart -o "$DEMO/inventory.json"
echo "inventory: $DEMO/inventory.json"
