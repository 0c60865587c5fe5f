#!/bin/bash
# reco menu --auto over the REAL tools (inventory, wipe, report, keys, sync)
# on a throwaway loop device backed by /dev/shm: the only disk the menu may
# see is that loop device (a wrapper keeps `reco wipe --list` to it), so no
# real disk is ever listed.  Checks the device is zeroed, the signed report
# verifies against the test CA, the PDF exists, and the report reached a
# local registry stand-in.  Skips when not root or when the tools are not
# built in this tree (before the wipe/report branches are merged).
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
for t in wipe report keys inventory; do
	if [ ! -x "$RECO_BUILD/bin/reco-$t" ]; then
		skip "reco-$t is not built in this tree"
		done_testing
		exit
	fi
done
if [ "$(id -u)" != 0 ] || ! command -v losetup >/dev/null; then
	skip "needs root and losetup for a loop device"
	done_testing
	exit
fi
LOOP= SRV_PID=
IMG=$(mktemp /dev/shm/reco-menu-real.XXXXXX)
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	[ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null
	rm -f "$IMG"
	rm -rf "$T_TMP"
}
trap cleanup EXIT
head -c $((32 << 20)) /dev/urandom >"$IMG"
LOOP=$(losetup --find --show "$IMG")

# `reco` on PATH: the real one, except that the list of disks holds only our loop device
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/reco" <<WRAP
#!/bin/bash
if [ "\$1" = wipe ] && [ "\${2:-}" = --list ]; then
	# the loop device stands for this computer's internal disk
	"$RECO_BUILD/bin/reco-wipe" --list --json | jq '.disks |= map(select(.path == "$LOOP") | .role = "internal")'
	exit \${PIPESTATUS[0]}
fi
if [ "\$1" = inventory ]; then
	# this machine's own disks are not the test's: the inventory lists none
	"$RECO_BUILD/bin/reco-inventory" "\${@:2}" | jq -c '.storage = []'
	exit \${PIPESTATUS[0]}
fi
exec "$RECO_BUILD/bin/reco" "\$@"
WRAP
chmod +x "$T_TMP/bin/reco"
export PATH="$T_TMP/bin:$PATH"

DATA=$T_TMP/data
mkdir -p "$DATA/keys"
export RECO_DATA=$DATA
export RECO_CLOCK_FILE=$T_TMP/clock # never /run/reco/clock of this machine
unset RECO_SESSION RECO_KEYS
reco keys ca-init --org "Test CA" --out "$T_TMP/ca" >/dev/null
reco keys station-init --name "Test station" --out "$T_TMP/station" >/dev/null
reco keys certify --ca "$T_TMP/ca" "$T_TMP/station/station.csr" --days 30 >/dev/null
cp "$T_TMP/station/station.key" "$T_TMP/station/station.pem" "$DATA/keys/"

python3 "$HERE/sync-server.py" "$T_TMP/port" "$T_TMP/requests" 300 &
SRV_PID=$!
for _ in $(seq 100); do [ -s "$T_TMP/port" ] && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$T_TMP/port")

echo "reco.auto=inventory,wipe,report reco.wipe=zero reco.verify=full reco.yes=1 reco.countdown=0 reco.registry=$URL" >"$T_TMP/cmdline"
run reco menu --auto --lang en --cmdline "$T_TMP/cmdline" --serial /dev/null
# no diagnosis in this run (it would take minutes): the machine is not
# declared ready, whatever the wipe and the report did
is "$status" 1 "real tools: a run without diagnosis is not a PASS"
S=$(dirname "$(find "$DATA/sessions" -name DONE | head -n 1)")
like "$(printf '%s\n' "$out" | tail -n 1)" "^RECO-AUTO-DONE result=fail report=$S/report.json\$" "real tools: final line"
like "$out" "disk $LOOP .*will be wiped" "real tools: the loop device is the one target"
run cmp -n $((32 << 20)) "$LOOP" /dev/zero
is "$status" 0 "real tools: the loop device is all zeros"
run jq -r '.targets[0].path + " " + .targets[0].result' "$S/wipe.json"
is "$out" "$LOOP erased" "real tools: wipe.json says erased"
run reco report verify "$S/report.json" --ca "$T_TMP/ca/ca.pem"
is "$status" 0 "real tools: the signed report verifies against the test CA"
run head -c 5 "$S/certificate.pdf"
is "$out" "%PDF-" "real tools: the PDF certificate exists"
ok "$([ -f "$S/report.json.uploaded" ] && echo 0 || echo 1)" "real tools: the report reached the registry (marked uploaded)"
like "$(cat "$T_TMP/requests")" " 201$" "real tools: the registry stored it (201, envelope accepted)"
run jq -r '.result + " " + .steps.wipe + " " + .steps.report' "$S/DONE"
is "$out" "fail ok ok" "real tools: DONE: wipe and report ok, no PASS without a diagnosis"

# the disk is swapped between the listing and the wipe (during the
# countdown): another one under the same name is never wiped
head -c $((32 << 20)) /dev/urandom >"$IMG"
IMG2=$(mktemp /dev/shm/reco-menu-real2.XXXXXX)
head -c $((32 << 20)) /dev/urandom >"$IMG2"
sum2=$(sha256sum <"$IMG2")
rm -rf "$DATA/sessions"
echo "reco.auto=inventory,wipe reco.wipe=zero reco.yes=1 reco.countdown=4" >"$T_TMP/cmdline"
reco menu --auto --lang en --cmdline "$T_TMP/cmdline" --serial /dev/null >"$T_TMP/swap.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "wiping in" "$T_TMP/swap.out" && break; sleep 0.1; done
losetup -d "$LOOP"
for _ in $(seq 50); do losetup "$LOOP" "$IMG2" 2>/dev/null && break; sleep 0.1; done
wait $pid
is "$?" 1 "disk swapped during the countdown: the run fails"
like "$(cat "$T_TMP/swap.out")" "$LOOP: is not the disk that was confirmed: disk sequence" "disk swapped: reco wipe refuses it, naming the disk"
is "$(sha256sum <"$IMG2")" "$sum2" "disk swapped: the other disk is untouched"
rm -f "$IMG2"

done_testing
