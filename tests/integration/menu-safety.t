#!/bin/bash
# reco menu --auto: no machine wiped without a person's word, every disk
# accounted for, no report lost (over a fake reco, no disk touched): the
# countdown naming the machine and each disk, cancelled by a key (a FIFO
# stands for the keyboard); a network boot needs an arming token or the
# allow-list; a disk of this computer that cannot be wiped fails the run;
# USB disks and the live system are left out; an unsigned or RAM-only report
# is never "ready" and the station does not power off with it; an
# interrupted wipe is resumed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/menu-lib.sh"
unset RECO_ARM_FILE RECO_ATTACH_DATA RECO_MENU_WAIT_S
export RECO_VOLATILE_FLAG=$T_TMP/no-volatile-flag
export RECO_ATTACH_DATA=$T_TMP/no-attach-helper

with_key() { mkdir -p "$DATA/keys"; echo key >"$DATA/keys/station.key"; echo cert >"$DATA/keys/station.pem"; }
wiped() { grep -c "^wipe --method" "$FAKE_LOG"; }

# --- the countdown: the machine, each disk, any key cancels --------------------------
fresh_data countdown
with_key
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=5" >"$CMDLINE"
mkfifo "$T_TMP/kbd"
exec 3<>"$T_TMP/kbd" # the test's end of the "keyboard": writes never block
reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd" >"$T_TMP/cd.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "wiping in 5 s" "$T_TMP/cd.out" && break; sleep 0.1; done
printf 'x' >&3
wait $pid
is "$?" 1 "countdown: a key cancels the wipe (exit 1)"
cd_out=$(cat "$T_TMP/cd.out")
like "$cd_out" "This computer: LENOVO ThinkPad T480, serial PF1ABCDE" "countdown: names the machine"
like "$cd_out" "/dev/sda  WDC WD5000LPLX-75ZNTT1  465.7 GiB  serial WD-WX51A1234ABCD" "countdown: names each disk (model, size, serial)"
like "$cd_out" "/dev/nvme0n1  SAMSUNG MZVLB256HAHQ-000L7" "countdown: the second disk too"
unlike "$cd_out" "/dev/sdb .*serial 0123456789" "countdown: not the boot stick"
like "$cd_out" "PRESS ANY KEY TO CANCEL" "countdown: says any key cancels"
like "$cd_out" "wipe: CANCELLED: the wipe was cancelled at the countdown: nothing was wiped" "countdown: says nothing was wiped"
is "$(wiped)" 0 "countdown cancelled: reco wipe never ran"

fresh_data countdown-elapses
with_key
echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=1" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd"
is "$status" 0 "countdown elapsed: the wipe runs, the run passes"
like "$out" "wiping in 1 s" "countdown: one line per second"
is "$(wiped)" 1 "countdown elapsed: reco wipe ran once"

# --- network boot: reco.yes=1 is not enough ----------------------------------------------
fresh_data net-unarmed
with_key
echo "boot=live fetch=tftp://10.0.2.2/live/filesystem.squashfs reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
RECO_ARM_FILE=$T_TMP/no-arm run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "network boot, no arming token: exit 1"
like "$out" "wipe: REFUSED: network boot: reco.yes=1 is not enough; the netboot server is not armed \(mknetboot --arm MINUTES\)" "network boot, no token: says how to arm"
is "$(wiped)" 0 "network boot, no token: nothing wiped"

now=$(date -u +%s)
arm() { printf 'reco-arm/1\ntoken=%s\nissued=%s\nexpires=%s\n' "$1" "$(date -u -d @"$2" +%FT%TZ)" "$(date -u -d @"$3" +%FT%TZ)" >"$T_TMP/arm"; }
arm 0123456789abcdef0123 $((now - 3600)) $((now - 60))
fresh_data net-expired
with_key
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,wipe reco.yes=1 reco.countdown=0" >"$CMDLINE"
RECO_ARM_FILE=$T_TMP/arm run reco menu --auto --lang en --cmdline "$CMDLINE"
like "$out" "REFUSED: the arming token expired at" "network boot, expired token: refused"
is "$(wiped)" 0 "network boot, expired token: nothing wiped"
arm 0123456789abcdef0123 $((now + 3600)) $((now + 7200))
RECO_ARM_FILE=$T_TMP/arm run reco menu --auto --lang en --cmdline "$CMDLINE"
like "$out" "REFUSED: the arming token was issued at .* but this computer's clock says .*: its clock is wrong" "network boot, token from the future: the clock is wrong, refused"
printf 'token=abc\n' >"$T_TMP/arm-bad"
RECO_ARM_FILE=$T_TMP/arm-bad run reco menu --auto --lang en --cmdline "$CMDLINE"
like "$out" "not a valid arming token" "network boot, malformed token: refused"

# armed: the countdown is never 0 over the network (a key cancels it here)
arm 0123456789abcdef0123 $((now - 60)) $((now + 1800))
fresh_data net-armed
with_key
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
RECO_ARM_FILE=$T_TMP/arm reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd" >"$T_TMP/net.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "wiping in" "$T_TMP/net.out" && break; sleep 0.1; done
printf 'x' >&3
wait $pid
net_out=$(cat "$T_TMP/net.out")
like "$net_out" "the netboot server is armed until .* \(token 01234567…\)" "network boot, armed: says so"
like "$net_out" "wiping in 10 s" "network boot: reco.countdown=0 is raised to 10 s"
is "$(wiped)" 0 "network boot, armed, key pressed: nothing wiped"

# allow-list: this machine's DMI serial in reco.conf
fresh_data net-allowed
with_key
printf 'allow_machines = XYZ-OTHER, pf1abcde\ncountdown = 1\n' >"$DATA/reco.conf"
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,wipe,report reco.yes=1" >"$CMDLINE"
RECO_ARM_FILE=$T_TMP/no-arm run reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd"
like "$out" "this machine \(PF1ABCDE\) is in allow_machines" "network boot, allow-list: this machine may be wiped"
is "$(wiped)" 1 "network boot, allow-list: wiped after the countdown"

# --- a network (or CD) boot without a data stick: the stick is asked for before any wipe ---
# The report of a run whose data is in RAM is unsigned (the station key is on
# the stick) and lost at power-off: nothing is wiped until the station's
# RECO-DATA stick is attached (attach-data), and a key cancels the wait.
fresh_data net-nostick
with_key
touch "$T_TMP/ram-net"
printf 'allow_machines = PF1ABCDE\n' >"$DATA/reco.conf"
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=10" >"$CMDLINE"
RECO_VOLATILE_FLAG=$T_TMP/ram-net RECO_MENU_WAIT_S=3 RECO_ARM_FILE=$T_TMP/no-arm \
	run reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd"
is "$status" 1 "network boot without a stick: the run does not pass"
like "$out" "reco: waiting for this station's RECO-DATA stick before wiping" "no stick: the run asks for it"
like "$out" "still waiting for the RECO-DATA stick \(.*/no-attach-helper: not found\)" "no stick: says why none was taken"
like "$out" "wipe: REFUSED: no RECO-DATA stick: nothing was wiped \(its report would have been lost\)" "no stick: refused, with the reason"
unlike "$out" "wiping in" "no stick: no countdown"
is "$(wiped)" 0 "no stick: nothing wiped"

# the stick is plugged in while the run waits: the wipe goes on, onto the stick
fresh_data net-stick-later
with_key
touch "$T_TMP/ram-net2"
printf 'allow_machines = PF1ABCDE\ncountdown = 1\n' >"$DATA/reco.conf"
printf '#!/bin/sh\nif [ -e "%s" ]; then rm -f "%s"; exit 0; fi\ntouch "%s"; exit 1\n' \
	"$T_TMP/tried2" "$T_TMP/ram-net2" "$T_TMP/tried2" >"$T_TMP/attach2"
chmod +x "$T_TMP/attach2"
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,diag,wipe,report reco.yes=1" >"$CMDLINE"
RECO_VOLATILE_FLAG=$T_TMP/ram-net2 RECO_ATTACH_DATA=$T_TMP/attach2 RECO_MENU_WAIT_S=20 RECO_ARM_FILE=$T_TMP/no-arm \
	run reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd"
is "$status" 0 "stick plugged in during the wait: the run passes"
like "$out" "RECO-DATA stick found: the session is now on it" "stick found: said"
is "$(wiped)" 1 "stick found: then wiped, after the countdown"
like "$out" "wiping in 10 s" "stick found: the countdown follows (never under 10 s over the network)"

# any key cancels the wait
fresh_data net-stick-cancel
with_key
touch "$T_TMP/ram-net3"
printf 'allow_machines = PF1ABCDE\n' >"$DATA/reco.conf"
echo "fetch=tftp://10.0.2.2/x reco.auto=inventory,wipe,report reco.yes=1" >"$CMDLINE"
RECO_VOLATILE_FLAG=$T_TMP/ram-net3 RECO_ARM_FILE=$T_TMP/no-arm \
	reco menu --auto --lang en --cmdline "$CMDLINE" --keyboard "$T_TMP/kbd" >"$T_TMP/wait.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "waiting for this station's RECO-DATA stick" "$T_TMP/wait.out" && break; sleep 0.1; done
printf 'x' >&3
wait $pid
is "$?" 1 "a key during the wait for the stick: exit 1"
like "$(cat "$T_TMP/wait.out")" "REFUSED: no RECO-DATA stick" "a key: nothing wiped, says why"
is "$(wiped)" 0 "a key: reco wipe never ran"

# --- every disk accounted for ---------------------------------------------------------------
# nvme0n1 refused by reco wipe --list (read-only); a USB disk plugged in; the
# live system's squashfs loop device
jq '.disks[1].eligible = false | .disks[1].reason = "device is read-only"
    | .disks += [{"path":"/dev/sdc","name":"sdc","model":"Kingston DataTraveler","serial":"KT0001","size_bytes":8000000000,"transport":"usb","role":"removable","diskseq":44,"eligible":true},
                 {"path":"/dev/loop0","name":"loop0","model":"loop: /run/live/medium/live/filesystem.squashfs","serial":"","size_bytes":137000000,"transport":"loop","role":"live-system","diskseq":9,"eligible":false,"reason":"device is mounted at /run/live/rootfs/filesystem.squashfs"}]' \
	"$FIXTURES/menu/wipe-list.json" >"$T_TMP/list2.json"
fresh_data refused
with_key
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
FAKE_WIPE_LIST=$T_TMP/list2.json run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "a disk of this computer that cannot be wiped fails the run"
like "$out" "disk /dev/nvme0n1 of this computer CANNOT BE WIPED: device is read-only" "the refused disk is named, with the reason"
like "$out" "RESULT: FAIL: /dev/nvme0n1 of this computer could not be wiped: device is read-only" "the verdict says why"
like "$out" "not this computer's: /dev/sdc Kingston DataTraveler KT0001: a removable medium plugged in: left out" "a USB disk is left out, and said so"
like "$out" "not this computer's: /dev/loop0 .*the live system" "the live system's loop device is not a disk of this computer"
like "$(cat "$FAKE_LOG")" "--expect-serial WD-WX51A1234ABCD --expect-diskseq 41 /dev/sda\$" "only the eligible disk of this computer is wiped"
S=$(session_dir)
run jq -r '.result + " " + .steps.wipe + " " + (.disks_refused|tostring)' "$S/DONE"
is "$out" "fail fail 1" "DONE: failed, with the refused disk counted"
run jq -r '.disks[] | "\(.name) \(.role) \(.wipe) \(.reason // "")"' "$S/disks.json"
is "$out" "sda internal true 
nvme0n1 internal false device is read-only
sdb boot-medium false is the reco boot medium (marker file .reco-boot)
sdc removable false not a disk of this computer (left out)
loop0 live-system false device is mounted at /run/live/rootfs/filesystem.squashfs" "disks.json: each disk, its role, whether wiped, why not"

fresh_data usb-included
with_key
echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=0 reco.usb=1" >"$CMDLINE"
jq '.disks[1].eligible = true' "$T_TMP/list2.json" >"$T_TMP/list3.json"
FAKE_WIPE_LIST=$T_TMP/list3.json run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 0 "reco.usb=1: passes"
like "$(cat "$FAKE_LOG")" "/dev/sda /dev/nvme0n1 /dev/sdc\$" "reco.usb=1: the USB disk is wiped too"

# reco wipe refuses a disk that is not the one confirmed (renamed meanwhile):
# nothing is written, and each disk's reason in disks.json (so the report's
# coverage) is what reco wipe said, never "the wipe was not confirmed"
fresh_data swapped
with_key
echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
FAKE_WIPE_SWAPPED=/dev/sda run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "a disk swapped before the wipe: the run fails"
like "$out" "RESULT: FAIL: /dev/sda: is not the disk that was confirmed: serial OTHER-DISK" "swapped: the verdict names the disk refused and why"
run jq -r '.disks[] | select(.wipe) | "\(.path) \(.reason)"' "$(session_dir)/disks.json"
is "$out" "/dev/sda is not the disk that was confirmed: serial OTHER-DISK, expected WD-WX51A1234ABCD (a disk was plugged, removed or renamed)
/dev/nvme0n1 the wipe did not run: reco wipe: nothing was written" "swapped: disks.json says why each confirmed disk was not wiped"

# --- no report lost -------------------------------------------------------------------------
fresh_data unsigned
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "no station key: the run does not pass"
like "$out" "The report is NOT signed: there is no station key" "no station key: says what is missing"
like "$out" "RECO-AUTO-DONE result=fail" "no station key: result=fail"
run jq -r '.report_safe' "$(session_dir)/DONE"
is "$out" "false" "DONE: report_safe false"

fresh_data ram
with_key
touch "$T_TMP/ram-flag"
echo "reco.auto=inventory,report reco.poweroff=1" >"$CMDLINE"
RECO_VOLATILE_FLAG=$T_TMP/ram-flag RECO_MENU_WAIT_S=2 RECO_POWEROFF_CMD="touch $T_TMP/off1" \
	run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 1 "report in RAM only: the run does not pass"
like "$out" "no RECO-DATA stick: .* is in memory only" "report in RAM only: said at the start"
like "$out" "NOT switching off: The report is only in memory" "report in RAM only: the station does not power off"
ok "$([ ! -e "$T_TMP/off1" ]; echo $?)" "report in RAM only: the power-off command never ran"
unlike "$out" "Everything is saved" "report in RAM only: never 'saved'"

# the stick comes: attach-data moves the data onto it (here: removes the flag)
fresh_data ram-stick
with_key
echo "reco.auto=inventory,diag,report reco.poweroff=1" >"$CMDLINE"
printf '#!/bin/sh\nrm -f "%s"\n' "$T_TMP/ram-flag2" >"$T_TMP/attach"
chmod +x "$T_TMP/attach"
touch "$T_TMP/ram-flag2"
RECO_VOLATILE_FLAG=$T_TMP/ram-flag2 RECO_ATTACH_DATA=$T_TMP/attach RECO_MENU_WAIT_S=10 RECO_POWEROFF_CMD="touch $T_TMP/off2" \
	run reco menu --auto --lang en --cmdline "$CMDLINE"
is "$status" 0 "RECO-DATA stick attached during the run: passes"
like "$out" "RECO-DATA stick found" "stick attached: said"
ok "$([ -e "$T_TMP/off2" ]; echo $?)" "stick attached: then it powers off"

# --- after a power cut: the interrupted wipe is resumed, with the disks its journals name ---
OLD_REL=reco1-testdevice0001/20261201T100000Z
# old_session NAME: fresh data with a station key, the unattended words,
# and an empty interrupted session $OLD for the journals
old_session() {
	fresh_data "$1"
	with_key
	echo "reco.auto=inventory,diag,wipe,report reco.yes=1 reco.countdown=0" >"$CMDLINE"
	OLD=$DATA/sessions/$OLD_REL
	mkdir -p "$OLD"
}
old_session resume
journal "$OLD" sda /dev/sda WD-WX51A1234ABCD
journal "$OLD" nvme0n1 /dev/nvme0n1 S41GNX0M123456
run reco menu --auto --lang en --cmdline "$CMDLINE"
like "$out" "an interrupted wipe \(power cut\?\) is resumed: session $OLD" "power cut: the interrupted wipe is found"
like "$(cat "$FAKE_LOG")" "^wipe --resume --progress=json --yes --session $OLD --expect-serial WD-WX51A1234ABCD --expect-diskseq 41 --expect-serial S41GNX0M123456 --expect-diskseq 42 /dev/sda /dev/nvme0n1\$" \
	"power cut: reco wipe --resume in the old session, each journal's disk with its recorded serial"
like "$out" "RECO-AUTO-DONE result=ok report=$OLD/report.json" "power cut: the old session gets the report"
is "$(ls "$DATA/sessions/reco1-testdevice0001" | tr '\n' ' ')" "20261201T100000Z " "power cut: no second session left behind"
ok "$([ -s "$OLD/inventory.json" ] && [ -s "$OLD/disks.json" ]; echo $?)" "power cut: this run's inventory and disks.json are in the old session"

# the journal's disk is now under another name: reco wipe --resume is bound
# to the path, so the wipe starts again (new session) rather than touch
# whatever /dev/sdc is now
old_session resume-renamed
journal "$OLD" sdc /dev/sdc WD-WX51A1234ABCD
journal "$OLD" nvme0n1 /dev/nvme0n1 S41GNX0M123456
run reco menu --auto --lang en --cmdline "$CMDLINE"
unlike "$(cat "$FAKE_LOG")" "--resume" "journal of /dev/sdc, the disk now /dev/sda: not resumed"
like "$out" "interrupted wipe in $OLD is not resumed: /dev/sdc \(serial WD-WX51A1234ABCD\) is not listed under that name now; the wipe starts again from the beginning" \
	"renamed: says why the wipe starts again"
like "$(cat "$FAKE_LOG")" "^wipe --method auto .* /dev/sda /dev/nvme0n1\$" "renamed: both disks wiped from the beginning"
like "$out" "RECO-AUTO-DONE result=ok report=$DATA/sessions/reco1-testdevice0001/2[0-9T]*Z/report.json" "renamed: the report is in a new session"
unlike "$out" "report=$OLD/" "renamed: not in the old one"
ok "$([ -s "$OLD/superseded" ]; echo $?)" "renamed: the old session is marked superseded"
: >"$FAKE_LOG"
run reco menu --auto --lang en --cmdline "$CMDLINE"
unlike "$out" "interrupted wipe" "a superseded session is never offered again"

# the disk at the journal's path is another disk now
old_session resume-other
journal "$OLD" sda /dev/sda WD-OTHERDISK0000
journal "$OLD" nvme0n1 /dev/nvme0n1 S41GNX0M123456
run reco menu --auto --lang en --cmdline "$CMDLINE"
unlike "$(cat "$FAKE_LOG")" "--resume" "another disk at the journal's path: not resumed"
like "$out" "/dev/sda is now another disk \(serial WD-WX51A1234ABCD, the journal says WD-OTHERDISK0000\)" "another disk: says so"

# one disk of this computer is not in the journals: resuming would leave it out
old_session resume-partial
journal "$OLD" sda /dev/sda WD-WX51A1234ABCD
run reco menu --auto --lang en --cmdline "$CMDLINE"
unlike "$(cat "$FAKE_LOG")" "--resume" "a disk of this computer not in the journals: not resumed"
like "$out" "/dev/nvme0n1 \(serial S41GNX0M123456\) was not part of it" "partial: says which disk"
like "$(cat "$FAKE_LOG")" "^wipe --method auto .* /dev/sda /dev/nvme0n1\$" "partial: every disk wiped from the beginning"

# a journal that finished without a wipe.json: no result this run can prove
old_session resume-done
journal "$OLD" sda /dev/sda WD-WX51A1234ABCD done
journal "$OLD" nvme0n1 /dev/nvme0n1 S41GNX0M123456
run reco menu --auto --lang en --cmdline "$CMDLINE"
unlike "$(cat "$FAKE_LOG")" "--resume" "a finished journal without wipe.json: not resumed"
like "$out" "the wipe of /dev/sda finished but its result was never written" "finished journal: says so"

done_testing
