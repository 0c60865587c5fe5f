#!/bin/bash
# ATA security erase never leaves a drive nobody can unlock: a random
# password per run, recorded in the journal and in wipe.json before SECURITY
# SET PASSWORD is sent; a power cut mid-erase (SIGKILL right after the
# password is set, then a power cycle of the simulated drive) leaves a
# locked drive that `reco wipe --unlock --session DIR DISK` opens; the
# recovery line is printed before the erase and when a password is left.
# The simulated drive keeps its security state in RECO_WIPE_SIM_STATE
# between runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
BIN=$RECO_BUILD/bin
export RECO_WIPE_SIM_STATE="$T_TMP/drive.state"
sim_state() { sed -n "s/^$1=//p" "$RECO_WIPE_SIM_STATE"; }

img=$(mkimg se.img 16 random)
S=$T_TMP/s1
{ run env RECO_WIPE_SIMULATE=ata RECO_WIPE_TEST_KILL_AT=ata-password-set "$BIN/reco-wipe" \
	--method ata-secure-erase-enhanced --yes --session "$S" "$img"; } 2>/dev/null
is "$status" 137 "killed right after SECURITY SET PASSWORD"
like "$err" "if this erase is interrupted \(power cut\), the drive may stay locked .*
  reco wipe --unlock --session $S $img" "the exact recovery line was printed before the erase"
pw=$(sed -n 's/^ata_password=//p' "$S/wipe-se.img.journal")
like "$pw" "^reco[0-9a-f]{24}$" "the journal holds the temporary password (random, 96 bits)"
is "$(sim_state password)" "$pw" "the drive has that password"
is "$(jq -r '.targets[0].firmware.ata_password | [.state, .value] | join(" ")' "$S/wipe.json")" "set $pw" \
	"wipe.json was written before SET PASSWORD, with the password"
is "$(jq -r '.targets[0].result' "$S/wipe.json")" aborted "the provisional wipe.json says aborted"

# the power comes back: the drive is locked
sed -i 's/^locked=0/locked=1/' "$RECO_WIPE_SIM_STATE"
run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --method ata-secure-erase-enhanced --yes --session "$T_TMP/s2" "$img"
is "$status" 1 "a new erase on the locked drive: exit 1"
like "$(jq -r '.targets[0].reason' "$T_TMP/s2/wipe.json")" "locked with a password reco does not know" \
	"a new erase on the locked drive: refused, nothing sent over it"

run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --unlock --session "$S" "$img"
is "$status" 0 "--unlock: exit 0"
is "$out" "$img: the temporary password was removed: the drive is unlocked" "--unlock: says so"
is "$(sim_state enabled) $(sim_state locked)" "0 0" "--unlock: the drive has no password and is unlocked"
run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --unlock --session "$S" "$img"
is "$status" 0 "--unlock again: exit 0"
like "$out" "no security password: nothing to remove" "--unlock again: nothing to do"

# errors: no session, no password in it, a wrong password
run "$BIN/reco-wipe" --unlock "$img"
is "$status" 2 "--unlock without --session: exit 2"
mkdir -p "$T_TMP/empty"
run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --unlock --session "$T_TMP/empty" "$img"
is "$status" 3 "--unlock, no password in the session: exit 3"
like "$err" "no temporary ATA password for this disk" "--unlock, no password: says so"
printf 'enabled=1\nlocked=1\nattempts=5\npassword=someoneelse\n' >"$RECO_WIPE_SIM_STATE"
run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --unlock --session "$S" "$img"
is "$status" 1 "--unlock with the wrong password: exit 1"
like "$err" "SECURITY UNLOCK was refused" "--unlock with the wrong password: says so"

# the erase fails and the password cannot be cleared: left, with the line
rm -f "$RECO_WIPE_SIM_STATE"
img2=$(mkimg left.img 16 random)
run env RECO_WIPE_SIMULATE=ata,fail,nodisable "$BIN/reco-wipe" --method ata-secure-erase --yes --session "$T_TMP/s3" "$img2"
is "$status" 1 "password left: exit 1"
like "$out" "the drive still has the temporary ATA password: remove it with
  reco wipe --unlock --session $T_TMP/s3 $img2" "password left: the recovery line in the summary"
is "$(jq -r '.targets[0].firmware.ata_password.state' "$T_TMP/s3/wipe.json")" left "password left: recorded as left"
is "$(jq -r '.targets[0].firmware.ata_password.value' "$T_TMP/s3/wipe.json")" "$(sim_state password)" \
	"password left: its value is in wipe.json"

# a successful erase: cleared, and the secret is not kept
rm -f "$RECO_WIPE_SIM_STATE"
img3=$(mkimg ok.img 16 random)
run env RECO_WIPE_SIMULATE=ata "$BIN/reco-wipe" --method ata-secure-erase-enhanced --yes --session "$T_TMP/s4" "$img3"
is "$status" 0 "successful erase: exit 0"
is "$(jq -c '.targets[0].firmware.ata_password' "$T_TMP/s4/wipe.json")" '{"state":"cleared"}' \
	"successful erase: cleared, no value kept"
unlike "$(cat "$T_TMP/s4/wipe-ok.img.journal")" "ata_password" "successful erase: the journal no longer holds it"

done_testing
