#!/bin/bash
# A coordinator accepts, with a reason code and a note, a disk of a machine
# that was not wiped (a dead disk removed physically): an event
# (disk_accept, with the actor, the report it covers and the code; the
# words in a note, as every free text of the registry), after which the machine's coverage is
# complete in the registry (wiped, then allocatable); the station's signed
# report and certificate are untouched and still say the disk was not
# erased.  On the web UI only a coordinator may do it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
REG_MK=$TESTS_DIR/integration/registry-mkreport.py
trap 'reg_serve_stop; rm -rf "$T_TMP"' EXIT
cd "$T_TMP" || exit 1

reg_pki pki >/dev/null
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" && cp pki/ca/ca.pem "$D/"
R="reco registry --db $DB --data-dir $D"
# PC-DEAD: /dev/sda erased, /dev/nvme0n1 (serial SN-PC-DEAD-N0) never wiped
reg_report r-dead pki/st1 PC-DEAD --unwiped-disks 1
reg_report r-two pki/st1 PC-TWO --unwiped-disks 2
reg_report r-full pki/st1 PC-FULL
run $R import r-dead/report.json r-two/report.json r-full/report.json
is "$status" 0 "import three reports" "$err"
state() { $R devices --json | jq -r --arg d "$1" '.devices[] | select(.id == $d) | .state'; }
is "$(state PC-DEAD)" tested "a disk not wiped: the machine is not wiped"
SHA=$(sha256sum r-dead/report.json | cut -c1-64)
BEN=$($R beneficiary add --household-size 2 2>/dev/null)

# ---- refusals --------------------------------------------------------------------
run $R accept-disk PC-DEAD SN-PC-DEAD-N0
is "$status" 2 "accept-disk without --reason: usage error"
like "$err" "accept-disk: DEVICE DISK --reason CODE \[--note TEXT\]" "... says how"
run $R accept-disk PC-DEAD SN-PC-DEAD-N0 --reason "disque mort"
is "$status" 2 "free text is not a reason code"
like "$err" "disque mort: unknown reason \(faulty, " "... names the codes"
run $R accept-disk PC-DEAD SN-PC-DEAD-D0 --reason faulty
is "$status" 1 "an erased disk cannot be accepted"
like "$err" "PC-DEAD: SN-PC-DEAD-D0: not a disk the latest report leaves unerased \(not erased: SN-PC-DEAD-N0\)" "... says which disks are not erased"
run $R accept-disk PC-NOPE SN-PC-DEAD-N0 --reason faulty
is "$status" 1 "an unknown device"
is "$(state PC-DEAD)" tested "nothing changed by a refusal"

# ---- the CLI (the server's operator) ------------------------------------------------
run $R --actor anne accept-disk PC-DEAD SN-PC-DEAD-N0 --reason faulty --note "disque HS, retiré de la machine"
is "$status" 0 "accept the disk that was not wiped" "$err"
like "$out" "PC-DEAD: SN-PC-DEAD-N0 accepted as not erased; every disk of the latest report is now erased or accepted" "says coverage is complete"
is "$(state PC-DEAD)" wiped "coverage complete with the acceptance: wiped"
run $R show PC-DEAD --json
is "$(jq -r '[.history[] | select(.kind == "disk_accept")][0] | [.actor, .detail] | join(" | ")' <<<"$out")" \
	"anne | $SHA disk=SN-PC-DEAD-N0 reason=faulty" "the event: actor, report, disk, reason code"
is "$(jq -r '.notes[-1] | [.author, .text] | join(" | ")' <<<"$out")" "anne | disque HS, retiré de la machine" \
	"the coordinator's words: a note, not the event log"
is "$(jq -r '[.history[] | select(.to_state == "wiped")][0].detail' <<<"$out")" \
	"every disk erased or accepted by a coordinator" "the move to wiped says why"
run $R accept-disk PC-DEAD SN-PC-DEAD-N0 --reason faulty
is "$status" 1 "the same disk twice: refused"
like "$err" "already accepted" "... says so"
run $R ready PC-DEAD
is "$status" 0 "wiped → ready"
run $R allocate PC-DEAD "$BEN"
is "$status" 0 "the machine may now be allocated" "$err"
ALLOC=$(printf '%s\n' "$out" | tail -n 1)
mkdir -p rcpt
run $R deliver "$ALLOC" --out rcpt
is "$status" 0 "handed over" "$err"
att=$(pdftotext -layout rcpt/attestation-*.pdf - | tr -s ' \n' ' ')
like "$att" "sauf les disques indiqués ci-dessous" "attestation: 'erased and verified' is not said of every disk"
like "$att" "Disque SN-PC-DEAD-N0 : non effacé, accepté par un coordinateur \(raison : [^)]+\)" \
	"attestation: the disk accepted as not erased, with the reason"
run $R audit
is "$status" 0 "the event chain is intact"

# the station's signed report is untouched: it still says the disk was not erased
is "$(sha256sum r-dead/report.json | cut -c1-64)" "$SHA" "the report's bytes are unchanged"
run reco report verify r-dead/report.json --ca pki/ca/ca.pem
is "$status" 0 "it still verifies"
run reco-report render r-dead/report.json --pdf dead.pdf --lang fr
like "$(pdftotext -layout dead.pdf - | tr -s ' \n' ' ')" "NON EFFACÉ — .*SN-PC-DEAD-N0" "its certificate still lists the disk as not erased"

# one of two disks accepted: still not wiped, still not allocatable
run $R accept-disk PC-TWO SN-PC-TWO-N0 --reason beyond-repair
is "$status" 0 "accept one of two"
like "$out" "1 disk of the latest report is still neither erased nor accepted" "says what remains"
is "$(state PC-TWO)" tested "one disk left: not wiped"
BEN2=$($R beneficiary add --household-size 1 2>/dev/null)
run $R allocate PC-TWO "$BEN2"
is "$status" 1 "one disk left: allocation refused"

# an acceptance covers that report only: a newer report needs its own
reg_report r-dead2 pki/st1 PC-TWO --unwiped-disks 2 --created "$(date -u -d "+2 minutes" +%FT%TZ)"
run $R import r-dead2/report.json
is "$status" 0 "a newer report of PC-TWO, two disks not wiped" "$err"
run $R accept-disk PC-TWO SN-PC-TWO-N1 --reason faulty
is "$status" 0 "the second disk, on the newer report"
is "$(state PC-TWO)" tested "the first acceptance named the older report: not complete"

# ---- the web UI: coordinators only ---------------------------------------------------
command -v curl >/dev/null || { skip "curl missing"; done_testing; exit; }
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
reg_serve "$DB" "$D"
ok $? "server starts"
V=$T_TMP/jar-vol C=$T_TMP/jar-coord
reg_login "$V" vol volunteer-pw
reg_login "$C" coord coordinator-pw
run curl -s -b "$C" "$REG_URL/device?id=PC-TWO"
like "$out" "id=\"coverage\"" "device page: the disks not erased"
like "$out" "SN-PC-TWO-N1.*accepté par [^<,]+, 20[0-9-]+T[0-9:]+Z: ne fonctionne pas correctement" "device page: an accepted disk, by whom, when, why"
like "$out" "SN-PC-TWO-N0.*name=\"disk\" value=\"SN-PC-TWO-N0\"" "device page: a coordinator gets a form for the disk left"
run curl -s -b "$V" "$REG_URL/device?id=PC-TWO"
unlike "$out" "action=\"/device/accept-disk\"" "a volunteer gets no form"
VC=$(reg_csrf "$V")
run curl -s -o /dev/null -w '%{http_code}' -b "$V" --data "csrf=$VC&id=PC-TWO&disk=SN-PC-TWO-N0&reason=faulty" "$REG_URL/device/accept-disk"
is "$out" 403 "a volunteer may not accept a disk"
CC=$(reg_csrf "$C")
run curl -s -o /dev/null -w '%{http_code}' -b "$C" --data "id=PC-TWO&disk=SN-PC-TWO-N0&reason=faulty" "$REG_URL/device/accept-disk"
is "$out" 403 "without the CSRF token: refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$C" --data "csrf=$CC&id=PC-TWO&disk=SN-PC-TWO-N0&reason=" "$REG_URL/device/accept-disk"
is "$out" 422 "without a reason: refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$C" --data "csrf=$CC&id=PC-TWO&disk=SN-PC-TWO-N0&reason=dead" "$REG_URL/device/accept-disk"
is "$out" 422 "an unknown reason code: refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$C" --data "csrf=$CC&id=PC-TWO&disk=SN-PC-TWO-N0&reason=faulty&note=disque+HS+retir%C3%A9" "$REG_URL/device/accept-disk"
is "$out" 303 "a coordinator accepts the disk left"
is "$(state PC-TWO)" wiped "then the machine is wiped"
run $R show PC-TWO --json
is "$(jq -r '[.history[] | select(.kind == "disk_accept")][-1].actor' <<<"$out")" coord "the web event names the coordinator"

done_testing
