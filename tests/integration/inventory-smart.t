#!/bin/bash
# SMART through smartctl, on this machine's disks, with a fake smartctl on
# PATH that prints a fixture: the summary and the raw JSON land under each
# disk; a missing smartctl and unusable output are notes; --no-smart skips.
. "$(dirname "$0")/lib.sh"
if [ -z "$(ls /sys/block 2>/dev/null | grep -Ev '^(loop|ram|zram|dm-|md|nbd|fd)')" ]; then
	skip "no disk on this machine"
	done_testing
	exit
fi
F=$T_TMP/fake
mkdir -p "$F"
cat >"$F/smartctl" <<'SH'
#!/bin/sh
# fake smartctl: prints $FAKE_SMART and records its arguments
echo "$@" >>"$FAKE_SMART_ARGS"
cat "$FAKE_SMART"
SH
chmod +x "$F/smartctl"
export FAKE_SMART_ARGS=$T_TMP/args

FAKE_SMART=$FIXTURES/smart/smart-nvme.json PATH="$F:$PATH" run reco inventory --json
is "$status" 0 "fake smartctl: exit 0"
like "$out" '"health": "passed"' "summary: health"
like "$out" '"power_on_hours": 2401' "summary: power-on hours"
like "$out" '"percentage_used": 0' "summary: NVMe percentage used"
like "$out" '"nvme_smart_health_information_log": \{' "raw smartctl JSON kept under the disk"
like "$(cat "$FAKE_SMART_ARGS")" "^--json -x /dev/" "smartctl called as: --json -x /dev/X"

printf '{"smartctl":{"exit_status":0},"temperature":{"current":31},"x":1.5}' >"$T_TMP/real.json"
FAKE_SMART=$T_TMP/real.json PATH="$F:$PATH" run reco inventory --json
like "$out" '"x": "1.5"' "reals from smartctl become strings"
like "$out" '"temperature_c": 31' "summary from a minimal document"

printf 'Segmentation fault\n' >"$T_TMP/garbage"
FAKE_SMART=$T_TMP/garbage PATH="$F:$PATH" run reco inventory --json
is "$status" 0 "garbage from smartctl: exit 0"
like "$out" "smartctl output is not JSON" "garbage from smartctl: noted"

mkdir -p "$T_TMP/nosmart"
ln -s "$(command -v cat)" "$T_TMP/nosmart/cat"   # run() needs cat; nothing else
PATH="$RECO_BUILD/bin:$T_TMP/nosmart" run reco inventory --json
is "$status" 0 "no smartctl: exit 0"
like "$out" "smartctl not found: no SMART data \(install smartmontools\)" "no smartctl: noted once"

: >"$FAKE_SMART_ARGS"
FAKE_SMART=$FIXTURES/smart/smart-nvme.json PATH="$F:$PATH" run reco inventory --json --no-smart
unlike "$out" '"smart": \{' "--no-smart: no SMART section"
is "$(cat "$FAKE_SMART_ARGS")" "" "--no-smart: smartctl not run"
done_testing
