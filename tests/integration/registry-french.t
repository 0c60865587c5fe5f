#!/bin/bash
# reco registry in French, as a coordinator reads it: no English word nor
# raw code (states, results, methods, verdicts, event details) in the CLI's
# text, plurals by ngettext, French numbers, sizes and dates, columns that
# line up by display width; the handover attestation in French whatever
# LANG says, English with --lang en; JSON keeps the codes and RFC 3339.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
# the registry's clock a few minutes ahead (the stations' certificates are
# made now), and what a French reader expects of that instant
export TZ=UTC
T0=$(($(date +%s) + 300))
export RECO_REGISTRY_NOW=$(date -u -d "@$T0" +%Y-%m-%dT%H:%M:%SZ)
WHEN=$(date -u -d "@$((T0 - 60))" +%Y-%m-%dT%H:%M:%SZ)
FR_DATE=$(date -u -d "@$T0" +%d/%m/%Y)
FR_TIME="$FR_DATE $(date -u -d "@$T0" +%H:%M)"
FR_MONTH=$(LC_ALL=fr_FR.UTF-8 date -u -d "@$T0" "+%B %Y")
FR_CUTOFF=$(date -u -d "$RECO_REGISTRY_NOW -2 years" +%d/%m/%Y)
PKI=$T_TMP/pki
reg_pki "$PKI"
D=$T_TMP/data DB=$T_TMP/data/registry.db
mkdir -p "$D" && cp "$PKI/ca/ca.pem" "$D/"
R="reco registry --db $DB --data-dir $D"
FR="env LANG=fr_FR.UTF-8 LANGUAGE="
reg_report "$T_TMP/a" "$PKI/st1" PC-FR-A --created $WHEN >/dev/null
reg_report "$T_TMP/b" "$PKI/st1" PC-FR-B --created $WHEN --vendor "Dell Inc." --product "Latitude E7450" >/dev/null
reg_report "$T_TMP/c" "$PKI/st1" PC-FR-C --created $WHEN --wipe failed --disks 2 >/dev/null
reg_report "$T_TMP/d" "$PKI/st1" PC-FR-D --created $WHEN --incomplete >/dev/null

# the import's summary: plurals, no "(s)"
run $FR $R import "$T_TMP/a"
is "$status" 0 "import"
like "$out" "^1 rapport enregistré, 0 déjà importé, 0 refusé$" "one report: singular"
run $FR $R import "$T_TMP/a" "$T_TMP/b" "$T_TMP/c" "$T_TMP/d"
like "$out" "3 rapports enregistrés, 1 déjà importé, 0 refusé" "three reports: plural"
unlike "$out" "\(s\)" "no (s) in place of a plural"
$R ready PC-FR-A >/dev/null && $R ready PC-FR-B >/dev/null
B1=$($R beneficiary add --household-size 4 --referrer "CCAS Villeurbanne")
A1=$($R allocate PC-FR-A "$B1" --programme "Métropole 2026")
run $FR $R allocate PC-FR-B "$B1"
like "$err" "quota de 1 machine déjà atteint" "the quota refusal in French, singular"

# the devices list: states in words, aligned by display width, dates
run $FR $R devices
is "$status" 0 "devices"
unlike "$out" "(^| )(received|tested|wiped|ready|allocated|delivered|returned|recycled)( |$)" "no state code in the list"
like "$out" "attribué" "an allocated machine says so in French"
like "$out" "$FR_TIME" "dates day first, local time"
run python3 - "$out" <<'EOF'
import sys
lines = sys.argv[1].splitlines()
col = lambda line, word: line.index(word)  # characters = columns for these letters
head = lines[0]
row = next(l for l in lines if l.startswith("PC-FR-A"))
ok = col(head, "ÉTAT") == col(row, "attribué") and col(head, "MODÈLE") == col(row, "LENOVO")
sys.exit(0 if ok else 1)
EOF
is "$status" 0 "columns line up under accented headers (display width, not bytes)"

# one machine: words for every code, French sizes, the hardware, the history
$R deliver "$A1" --out "$T_TMP" >/dev/null
run $FR $R show PC-FR-A
is "$status" 0 "show"
unlike "$out" "erased|PASS|NOT_TESTED|signed report imported|state:|History|Report of|zero\b|delivered" "no code nor English in show"
like "$out" "état : remis, note : B" "state in words"
like "$out" "effacé — zéros, 1 passe" "wipe result and method in words"
like "$out" "Processeur \(cpu0\) : en bon état" "verdict in words"
like "$out" "Mémoire : +8,0 Gio" "memory size in French units"
like "$out" "/dev/sda Samsung SSD 850, 238,5 Gio, SSD" "disk with its size"
like "$out" "14,0 pouces, 1920×1080" "screen"
like "$out" "usure 17,2.%, 311 cycles" "battery wear (a no-break space before %)"
like "$out" "reçu → testé \(rapport signé importé\)" "history: the import's detail translated"
like "$out" "attribué → remis \(attribution [0-9a-f]{8}…\)" "history: the hand-over"
like "$out" "$FR_TIME" "history dated in French"
run $FR $R show PC-FR-D
like "$out" "Diagnostic : +incomplet, non testé : Mémoire" "an incomplete diagnosis names what was not tested"
run $FR $R show PC-FR-C
like "$out" "échec — zéros, 1 passe : write error at LBA 1234" "a failed disk with the station's reason"

# an identity conflict names the field in words
reg_report "$T_TMP/x1" "$PKI/st1" PC-FR-X --created $WHEN --serial SER-FR-A >/dev/null
reg_report "$T_TMP/x2" "$PKI/st1" PC-FR-X --created $WHEN --serial SER-FR-B >/dev/null
$R import "$T_TMP/x1" >/dev/null && $R import "$T_TMP/x2" >/dev/null
run $FR $R conflict list
like "$out" "numéro de série SER-FR-A dans le registre, SER-FR-B dans le rapport" "conflict list: the field in words"
run $FR $R show PC-FR-X
like "$out" "numéro de série SER-FR-A dans le registre" "show: the same"

# JSON keeps the codes and RFC 3339
run $FR $R --json show PC-FR-A
like "$out" '"state": "delivered"' "JSON: state code"
like "$out" "\"at\": \"$RECO_REGISTRY_NOW\"" "JSON: RFC 3339"
like "$out" '"memory_bytes": 8589934592' "JSON: sizes in bytes"

# statistics: months by name, households, French headers in the CSV
run $FR $R stats
like "$out" "$FR_MONTH" "month by name"
like "$out" "^1 foyer atteint \(4 personnes\)$" "households reached, singular and plural"
run $FR $R stats --by referrer
like "$out" "RÉFÉRENT" "per referrer"
like "$out" "CCAS Villeurbanne +1 +1 +0 +1" "... with its figures"
run $FR $R stats --csv --by month
like "$out" '^"Mois","Reçues","Remises en état","Attribuées","Remises","Rendues","Recyclées","Foyers atteints"' "funder CSV headers in French"
like "$out" '"Total",5,2,1,1,0,0,1' "... and a total row (PC-FR-X too)"

# accounts and beneficiaries in words
echo 'coordinator-pw' | $R user add coord --role coordinator >/dev/null
run $FR $R user list
like "$out" "coordinateur +actif" "role and state in words"
run $FR $R purge --older-than 2y --dry-run
like "$out" "^0 bénéficiaire sans activité depuis le $FR_CUTOFF$" "purge: singular for zero, French date"
run $FR $R audit
like "$out" "chaîne d'événements intacte : [0-9]+ événements" "audit in French, plural"

# the handover attestation: French whatever LANG, English on request
run env LANG=C.UTF-8 $R attestation "$A1" -o "$T_TMP/att-default.pdf"
is "$status" 0 "attestation printed again from an English session"
pdftotext "$T_TMP/att-default.pdf" "$T_TMP/att-default.txt"
run cat "$T_TMP/att-default.txt"
like "$out" "Attestation de remise d'ordinateur" "... in French by default"
like "$out" "$FR_DATE" "... with a French date"
unlike "$out" "Computer handover|[0-9]{4}-[0-9]{2}-[0-9]{2}T" "... and no English"
run env LANG=fr_FR.UTF-8 $R attestation "$A1" -o "$T_TMP/att-en.pdf" --lang en
pdftotext "$T_TMP/att-en.pdf" "$T_TMP/att-en.txt"
run cat "$T_TMP/att-en.txt"
like "$out" "Computer handover attestation" "--lang en: English from a French session"
run pdftotext "$T_TMP/attestation-$A1.pdf" -
like "$out" "Attestation de remise d'ordinateur" "deliver writes it in French too"
run $R attestation "$A1" -o "$T_TMP/x.pdf" --lang de
is "$status" 2 "--lang de is a usage error"
# handed over on a coordinator's override: the attestation says so
$R diag-override PC-FR-D --reason checked-by-hand >/dev/null && $R ready PC-FR-D >/dev/null
AD=$($R allocate PC-FR-D "$($R beneficiary add --household-size 1)")
mkdir -p "$T_TMP/att"
$R deliver "$AD" --out "$T_TMP/att" >/dev/null
like "$(pdftotext -layout "$T_TMP/att/attestation-$AD.pdf" - | tr -s ' \n' ' ')" \
	"Diagnostic incomplet : la remise a été autorisée par un coordinateur \(raison : [^)]+\)" \
	"attestation: an incomplete diagnosis handed over on an override says so"

done_testing
