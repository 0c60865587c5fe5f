#!/bin/bash
# The certificate says of a wipe what wipe.json recorded, no more: the
# standards it names come from wipe.json ("standards"; none recorded, none
# named), the category is claimed only when the disk was erased ("none (not
# erased)" otherwise), a cryptographic erase says what it relies on, and the
# validation row says how the result was checked, with its coverage.  The
# wipe.json is a real one, from reco wipe on the simulated drive.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
cd "$T_TMP" || exit 1

# a session whose wipe.json comes from reco wipe: an erased crypto erase and
# a lying drive, in one run
S=$(mk_session good)
rm -f "$S/wipe.json"
a=$(mkimg ok.img 8 random)
run env RECO_WIPE_SIMULATE=nvme reco-wipe --method nvme-sanitize-crypto --yes --session "$S" "$a"
is "$status" 0 "the crypto erase: erased"
cp "$S/wipe.json" "$T_TMP/ok.json"
b=$(mkimg lie.img 8 random)
run env RECO_WIPE_SIMULATE=nvme,lie reco-wipe --method nvme-sanitize-crypto --yes --session "$T_TMP/lie" "$b"
is "$status" 1 "the lying drive: failed"
jq -s '.[0].targets += [.[1].targets[0]] | .[0]' "$T_TMP/ok.json" "$T_TMP/lie/wipe.json" >"$S/wipe.json"
run reco-report seal "$S"
is "$status" 0 "seal"
run python3 "$TESTS_DIR/../reports/schema/validate.py" "$S/report.json"
is "$status" 0 "the report with the new wipe fields validates against the schema" "$err"

run reco-report render "$S/report.json" --pdf en.pdf --lang en
is "$status" 0 "render in English"
txt=$(pdftotext -layout en.pdf - | tr -s ' \n' ' ')
like "$txt" "Media sanitization following NIST SP 800-88 Rev. 2 \(September 2025\), IEEE 2883-2022" \
	"the subtitle names the standards wipe.json recorded"
unlike "$txt" "Rev\. 1" "Rev. 1, withdrawn, is not claimed"
like "$txt" "Purge — relies on the drive" "crypto erase: Purge, and what it relies on"
like "$txt" "[0-9]+ bad ranges \(unwritable, unreadable or mismatching\), first at LBA 0" \
	"the lying drive: its unchanged blocks are bad ranges, not called unreadable"
like "$txt" "none \(not erased\)" "the lying drive: no category claimed"
like "$txt" "Validation sample read before and after the command, coverage" "the validation row"

run reco-report render "$S/report.json" --pdf fr.pdf --lang fr
txt=$(pdftotext -layout fr.pdf - | tr -s ' \n' ' ')
like "$txt" "Effacement des supports selon NIST SP 800-88 Rev. 2" "French subtitle"
like "$txt" "aucune \(non effacé\)" "French: no category claimed"

# an older wipe.json that recorded no standard: the certificate names none
S2=$(mk_session good)
run reco-report seal "$S2"
run reco-report render "$S2/report.json" --pdf old.pdf --lang en
txt=$(pdftotext -layout old.pdf - | tr -s ' \n' ' ')
like "$txt" "Media sanitization — signed report" "no standard recorded: none named"
unlike "$txt" "NIST SP 800-88 Rev" "no standard recorded: no revision claimed"

done_testing
