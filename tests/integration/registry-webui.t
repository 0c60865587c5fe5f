#!/bin/bash
# reco registry serve: a coordinator's week without the command line, over
# HTTP (curl): importing by upload (files, a ZIP or tar.gz of a RECO-DATA
# folder, with a result per report), the allocations page and its filters,
# allocating from the picker with the quota shown and a refusal that keeps
# what was typed, the device page's hardware and words, recycling behind a
# confirmation page, the diagnosis override form, the devices list's
# filters, statistics over a range of months with their CSV, the devices
# export; French words, no raw code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
trap 'reg_serve_stop; rm -rf "$T_TMP"' EXIT
command -v curl >/dev/null || { echo "1..0 # skip curl missing"; exit 0; }
export TZ=UTC

PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" && cp "$PKI/ca/ca.pem" "$D/"
R="reco registry --db $DB --data-dir $D"
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
echo 'volunteer-pw' | $R user add vol --role volunteer >/dev/null
echo 'viewer-pw-12' | $R user add look --role viewer >/dev/null
B1=$($R beneficiary add --household-size 4 --referrer "CCAS Villeurbanne")
B2=$($R beneficiary add --household-size 2 --referrer "Secours populaire")
B3=$($R beneficiary add)
reg_serve "$DB" "$D"
ok $? "server starts"
J=$T_TMP/jar-coord V=$T_TMP/jar-vol W=$T_TMP/jar-view
reg_login "$J" coord coordinator-pw
reg_login "$V" vol volunteer-pw
reg_login "$W" look viewer-pw-12
CSRF=$(reg_csrf "$J") VC=$(reg_csrf "$V") WC=$(reg_csrf "$W")

# --- import by upload --------------------------------------------------------
RD=$T_TMP/RECO-DATA/sessions
reg_report "$RD/PC-UI-1/s1" "$PKI/st1" PC-UI-1 --serial SER-UI-1 >/dev/null
reg_report "$RD/PC-UI-2/s1" "$PKI/st1" PC-UI-2 --incomplete >/dev/null
reg_report "$RD/PC-UI-3/s1" "$PKI/st1" PC-UI-3 --wipe failed --disks 2 >/dev/null
reg_report "$RD/PC-UI-4/s1" "$PKI/st1" PC-UI-4 >/dev/null
sed -i 's/ThinkPad T450/ThinkPad T460/' "$RD/PC-UI-4/s1/report.json" # tampered after signing
printf '%%PDF-1.4 demo\n' >"$RD/PC-UI-1/s1/certificate.pdf"
echo '{"schema":"reco-wipe/1"}' >"$RD/PC-UI-1/s1/wipe.json"
(cd "$T_TMP" && zip -qr reco-data.zip RECO-DATA)
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/import"
is "$out" 200 "a volunteer opens the import page"
run curl -s -o /dev/null -w '%{http_code}' -b "$W" "$REG_URL/import"
is "$out" 403 "a viewer does not"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" -F files=@"$T_TMP/reco-data.zip" "$REG_URL/import"
is "$out" 403 "an upload without the form's CSRF token is refused"
run curl -s -b "$V" -F csrf="$VC" -F files=@"$T_TMP/reco-data.zip" "$REG_URL/import"
like "$out" 'id="import-summary">3 rapports enregistrés, 0 déjà importé, 0 retenu, 1 refusé' "a RECO-DATA ZIP: the summary, in French plurals"
like "$out" "reco-data.zip/RECO-DATA/sessions/PC-UI-1/s1/report.json</td><td class=\"ok\">enregistré" "... a line per report"
like "$out" "PC-UI-4/s1/report.json</td><td class=\"bad\">refusé</td><td></td><td>refusé : signature invalide : signature : ne correspond pas" "... the tampered one refused with the reason"
like "$out" "1 autre fichier laissé de côté" "... other files left aside, and said so"
run curl -s -b "$J" "$REG_URL/device?id=PC-UI-1"
like "$out" "certificate.pdf\?report=" "the certificate PDF came with the archive"
(cd "$T_TMP" && tar czf reco-data.tar.gz RECO-DATA)
run curl -s -b "$V" -F csrf="$VC" -F files=@"$T_TMP/reco-data.tar.gz" "$REG_URL/import"
like "$out" "0 rapport enregistré, 3 déjà importés" "a tar.gz of the same folder: already imported"
reg_report "$T_TMP/loose" "$PKI/st2" PC-UI-5 >/dev/null
run curl -s -b "$V" -F csrf="$VC" -F files=@"$T_TMP/loose/report.json" -F files=@"$T_TMP/loose/report.json.sig" \
	-F files=@"$T_TMP/loose/station.pem" "$REG_URL/import"
like "$out" "1 rapport enregistré" "the three files of one session"
run curl -s -b "$V" -F csrf="$VC" -F files=@"$T_TMP/loose/report.json" "$REG_URL/import"
like "$out" "station.pem manque à côté|report.json.sig manque à côté" "a report without its signature: refused, saying what is missing"
head -c 3000 /dev/urandom >"$T_TMP/junk.zip"
run curl -s -b "$V" -F csrf="$VC" -F files=@"$T_TMP/junk.zip" "$REG_URL/import"
like "$out" "junk.zip</td><td class=\"bad\">refusé.*archive ZIP ou tar" "a damaged archive: refused, named"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" -F csrf="$VC" -F files=@"$RD/PC-UI-1/s1/wipe.json" "$REG_URL/import"
is "$out" 422 "no report.json at all: 422"
$R ready PC-UI-1 >/dev/null && $R ready PC-UI-5 >/dev/null

# --- the devices list ----------------------------------------------------------
run curl -s -b "$J" "$REG_URL/devices"
like "$out" '<select name="grade" id="grade">' "grade filter is a select"
like "$out" '<input type="date" name="from"' "received-from filter"
unlike "$(printf '%s' "$out" | sed -n 's/.*<table id="devices">//p')" ">(received|tested|wiped|ready|allocated|delivered)<" "no state code in the table"
like "$out" "$(date -u +%d/%m/%Y)" "dates day first"
run curl -s -b "$J" "$REG_URL/devices?state=ready"
like "$out" "PC-UI-1" "state filter keeps the ready machines"
unlike "$out" "PC-UI-3" "... and only them"
run curl -s -b "$J" "$REG_URL/devices?from=2000-01-01&to=2000-12-31"
like "$out" 'id="no-device"' "a date range with no machine says so"
run curl -s -b "$J" "$REG_URL/devices?from=$(date -u +%Y-%m-%d)&to=$(date -u +%Y-%m-%d)"
like "$out" "PC-UI-3" "a range including today finds them"
run curl -s -b "$J" "$REG_URL/devices?from=yesterday"
like "$out" 'id="error">yesterday : un jour' "a day not written YYYY-MM-DD is said, not ignored silently"

# --- one machine ----------------------------------------------------------------
run curl -s -b "$J" "$REG_URL/device?id=PC-UI-1"
like "$out" 'id="hardware"' "device page: the hardware card"
like "$out" "Intel\(R\) Core\(TM\) i5-5300U CPU @ 2.30GHz, 2 cœurs, 4 fils d&#39;exécution" "... processor"
like "$out" 'id="hw-memory">8,0 Gio' "... memory"
like "$out" "/dev/sda Samsung SSD 850, 238,5 Gio, SSD" "... disk with its size"
like "$out" 'id="hw-screen">14,0 pouces, 1920×1080' "... screen"
like "$out" 'id="hw-diag">complet' "... diagnosis complete"
like "$out" "zéros, 1 passe</td><td class=\"ok result\">effacé" "method and result in words"
like "$out" "en bon état" "verdict in words"
like "$out" "reçu → testé \(rapport signé importé\)" "history in sentences"
unlike "$out" ">(erased|PASS|zero)<|signed report imported" "no code nor English"
unlike "$out" 'id="recycle-form"' "no recycling form among the details"
like "$out" 'href="/device/recycle\?id=PC-UI-1"' "... a link to its confirmation page instead"
run curl -s -b "$J" "$REG_URL/device?id=PC-UI-2"
like "$out" "incomplet, non testé : Mémoire" "an incomplete diagnosis names what was not tested"
like "$out" 'id="diag-override" href="/device/diag-override\?id=PC-UI-2"' "... and offers the override"
run curl -s -b "$V" "$REG_URL/device?id=PC-UI-2"
unlike "$out" 'id="diag-override"' "... to coordinators only"

# --- recycling behind a confirmation ------------------------------------------
run curl -s -b "$J" "$REG_URL/device/recycle?id=PC-UI-3"
like "$out" "définitif" "the confirmation says it cannot be undone"
like "$out" '<select name="reason" id="recycle-reason" required>' "... asks for a reason"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/device/recycle?id=PC-UI-3"
is "$out" 403 "a volunteer cannot open it"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-UI-3&reason=" "$REG_URL/device/recycle"
is "$out" 422 "confirmed without a reason: refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-UI-3&reason=parts" "$REG_URL/device/recycle"
is "$out" 303 "confirmed with a reason: recycled"
run curl -s -b "$J" "$REG_URL/device/recycle?id=PC-UI-3"
like "$out" 'id="error"' "a recycled machine cannot be recycled again"

# --- the diagnosis override --------------------------------------------------------
run curl -s -b "$J" "$REG_URL/device/diag-override?id=PC-UI-2"
like "$out" "non testé : Mémoire" "the override page says what was not tested"
like "$out" 'id="override-reason" required' "... a reason is required"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-UI-2&reason=" "$REG_URL/device/diag-override"
is "$out" 422 "override without a reason refused"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=PC-UI-2&reason=checked-by-hand&note=memtest+2+passes" "$REG_URL/device/diag-override"
is "$out" 303 "override recorded"
run curl -s -b "$J" "$REG_URL/device?id=PC-UI-2"
like "$out" 'id="override-recorded"' "the device page shows the override"
like "$out" "dérogation au diagnostic" "... and the history names it"
run curl -s -b "$J" "$REG_URL/device/diag-override?id=PC-UI-1"
like "$out" 'id="nothing"' "a complete diagnosis: nothing to override"

# --- allocating from the picker ------------------------------------------------
run curl -s -b "$J" "$REG_URL/allocate"
like "$out" '<select name="device" id="device">' "the machine is picked from a list"
like "$out" '<option value="PC-UI-1">PC-UI-1 — LENOVO ThinkPad T450 — note B' "... of ready machines, with model and grade"
unlike "$out" '<option value="PC-UI-3"' "... and no other"
run curl -s -b "$J" "$REG_URL/allocate?device=PC-UI-1&q=villeurbanne"
like "$out" "$B1" "beneficiary found by referrer"
unlike "$out" "$B2" "... only the matching ones"
like "$out" "0 / 1" "... with machines and quota"
run curl -s -b "$J" "$REG_URL/allocate?device=PC-UI-1&beneficiary=$B1&programme=Ville+2026"
like "$out" 'id="quota" class="ok">Quota : 0 machine sur 1 utilisée — cette attribution utilise la dernière' "the summary shows the quota before allocating"
run curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$J" --data "csrf=$CSRF&device=PC-UI-1&beneficiary=$B1&programme=Ville+2026" "$REG_URL/allocate"
like "$out" "^303 .*/allocation\?id=" "allocated"
A1=${out##*id=}
run curl -s -w '\n%{http_code}' -b "$J" --data "csrf=$CSRF&device=PC-UI-5&beneficiary=$B1&programme=M%C3%A9tropole+typed&q=ccas" "$REG_URL/allocate"
like "$out" "422$" "a second machine over the quota: refused (422)"
like "$out" 'id="error">[^<]*quota de 1 machine déjà atteint' "... saying why, in French"
like "$out" 'name="programme" id="programme" list="programmes" value="Métropole typed"' "... keeping the programme typed"
like "$out" '<option value="PC-UI-5" selected>' "... the machine chosen"
like "$out" "name=\"beneficiary\" value=\"$B1\" checked" "... the beneficiary chosen"
like "$out" 'name="q" id="q" value="ccas"' "... and the search"
run curl -s -b "$J" "$REG_URL/allocate?q=Ville%202026"
like "$out" "$B1" "beneficiary found by the programme of an allocation"

run curl -s -b "$J" "$REG_URL/beneficiaries"
like "$out" "<td>$B3</td><td>\?</td>" "a household of unknown size shows ?, not 0"

# --- the allocations page --------------------------------------------------------
run curl -s -b "$J" "$REG_URL/allocations"
like "$out" "$A1" "the allocation is listed"
like "$out" ">à remettre<" "... awaiting hand-over, in words"
like "$out" "attestation.pdf\?id=$A1" "... with its attestation"
run curl -s -o /dev/null -w '%{http_code}' -b "$V" "$REG_URL/allocations"
is "$out" 403 "a volunteer does not see allocations"
run curl -s -o /dev/null -w '%{http_code}' -b "$J" --data "csrf=$CSRF&id=$A1" "$REG_URL/allocation/deliver"
is "$out" 303 "handed over"
run curl -s -b "$J" "$REG_URL/allocations?state=allocated"
unlike "$out" "$A1" "pending filter: the handed-over one is gone"
run curl -s -b "$J" "$REG_URL/allocations?state=delivered&programme=Ville+2026"
like "$out" "$A1" "delivered + programme filter"
run curl -s -b "$J" "$REG_URL/allocations?q=PC-UI-1&from=$(date -u +%Y-%m-%d)"
like "$out" "$A1" "search and date filter"
run curl -s -b "$J" "$REG_URL/allocation?id=$A1"
like "$out" 'id="state" data-state="delivered">remise' "the allocation page in words"
curl -s -b "$J" -o "$T_TMP/att.pdf" "$REG_URL/allocation/attestation.pdf?id=$A1"
run pdftotext "$T_TMP/att.pdf" -
like "$out" "Attestation de remise d'ordinateur" "the attestation in French from the French page"
like "$out" "$(date -u +%d/%m/%Y)" "... dated in French"
curl -s -b "$J" -o "$T_TMP/att-en.pdf" "$REG_URL/allocation/attestation.pdf?lang=en&id=$A1"
run pdftotext "$T_TMP/att-en.pdf" -
like "$out" "Computer handover attestation" "... and in English on request"

# --- statistics and exports ------------------------------------------------------
M=$(date -u +%Y-%m)
run curl -s -b "$W" "$REG_URL/stats?from=$M&to=$M"
like "$out" 'type="month" name="from"' "a viewer sees the statistics, with a range of months"
like "$out" "$(LC_ALL=fr_FR.UTF-8 date -u '+%B %Y')" "months by name"
like "$out" 'id="households">1 foyer atteint \(4 personnes\)' "households reached"
like "$out" 'id="stats-programmes"' "per programme"
like "$out" "CCAS Villeurbanne" "per referrer"
like "$out" 'id="csv-month"' "CSV links"
unlike "$out" 'id="csv-devices"' "the devices export is for coordinators"
run curl -s -b "$W" "$REG_URL/stats?from=2000-01&to=2000-02"
like "$out" 'id="households">0 foyer atteint' "an empty range"
run curl -s -D "$T_TMP/h" -b "$W" "$REG_URL/stats.csv?by=referrer&from=$M&to=$M"
like "$out" '^"Référent","Attribuées","Remises","Rendues","Foyers atteints"' "CSV per referrer, French headers"
like "$out" '"CCAS Villeurbanne",1,1,0,1' "... its figures (the refused allocation not counted)"
like "$(cat "$T_TMP/h")" "Content-Disposition: attachment; filename=\"reco-referrer.csv\"" "... as a download"
run curl -s -b "$W" "$REG_URL/stats.csv?by=month"
like "$out" '"Total",' "CSV per month with its total"
run curl -s -o /dev/null -w '%{http_code}' -b "$W" "$REG_URL/stats.csv?by=colour"
is "$out" 400 "an unknown table: 400"
run curl -s -o /dev/null -w '%{http_code}' -b "$W" "$REG_URL/export/devices.csv"
is "$out" 403 "a viewer cannot export the machines"
run curl -s -b "$J" "$REG_URL/export/devices.csv"
like "$out" '^"Appareil","Fabricant","Modèle","Numéro de série \(HMAC-SHA256\)","État"' "devices export, French headers"
unlike "$out" "SER-UI-1" "... no clear serial number"
like "$out" '"remis"' "... states in words"
done_testing
