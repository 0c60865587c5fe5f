#!/bin/bash
# reco wipe with firmware methods and --method auto, end to end, against the
# simulated drive ($RECO_WIPE_SIMULATE) acting on image files: the command
# sequence is the real one (fw_ata.c, fw_nvme.c, fw_scsi.c); the simulated
# drive carries out the erase on the image, or lies about it.  Real QEMU NVMe
# Format is tested in the VM suite.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"

# fw_wipe SPEC METHOD NAME: wipes a fresh 16 MiB random image; keeps a copy
# of the content before in $before, the result in $W_SHM/NAME.json
fw_wipe() {
	img=$(mkimg "$3.img" 16 random)
	before="$W_SHM/$3.before"
	cp "$img" "$before"
	run env RECO_WIPE_SIMULATE="$1" "$BIN/reco-wipe" --method "$2" --yes --session "$T_TMP/$3" "$img"
	cp "$T_TMP/$3/wipe.json" "$W_SHM/$3.json" 2>/dev/null
}
BIN=$RECO_BUILD/bin
field() { jq -r "$1" "$W_SHM/$2.json"; }

run "$BIN/reco-wipe" --help
like "$out" "nvme-format-crypto" "--help lists the firmware methods"
like "$out" "auto +the strongest purge" "--help explains auto"
like "$out" "--remove-hpa" "--help documents --remove-hpa"

# every firmware method, on a drive that does its job, with its category on
# that media (NIST SP 800-88 Rev. 2 / IEEE 2883-2022): overwrites and ATA
# security erase are Clear on flash, Format SES=1 is Clear
for m in ata-secure-erase-enhanced:ata:clear ata-secure-erase-enhanced:ata,hdd:purge \
	ata-sanitize-block:ata:purge ata-sanitize-crypto:ata:purge \
	ata-sanitize-overwrite:ata,hdd:purge ata-sanitize-overwrite:ata:clear nvme-format:nvme:clear \
	nvme-format-crypto:nvme:purge nvme-sanitize-block:nvme:purge nvme-sanitize-crypto:nvme:purge \
	nvme-sanitize-overwrite:nvme:clear scsi-sanitize-block:scsi:purge scsi-sanitize-crypto:scsi:purge \
	scsi-sanitize-overwrite:scsi:clear scsi-sanitize-overwrite:scsi,hdd:purge; do
	method=${m%%:*} rest=${m#*:}
	spec=${rest%%:*} cat=${rest#*:}
	fw_wipe "$spec" "$method" "$method"
	is "$status" 0 "$method ($spec): exit 0"
	is "$(field '.targets[0] | [.method, .result, .nist_category, .sanitization.category_of_method] | join(" ")' "$method")" \
		"$method erased $cat $cat" "$method ($spec): erased, $cat"
	if cmp -s "$img" "$before"; then ok 1 "$method: the image changed"; else ok 0 "$method: the image changed"; fi
	is "$(field '.targets[0].firmware.before_after_check.unchanged_units' "$method")" 0 \
		"$method: no sampled block unchanged"
done
# what the command line was
like "$(field '.targets[0].firmware.command' nvme-format)" "SES=1 \(user data erase\).*CDW10=00000200h" \
	"nvme-format: SES=1 and its CDW10 recorded"
like "$(field '.targets[0].firmware.command' nvme-format-crypto)" "SES=2" "nvme-format-crypto: SES=2"
like "$(field '.targets[0].firmware.command' ata-sanitize-crypto)" "feature 0011h, LBA 000043727970h" \
	"ata-sanitize-crypto: feature and key recorded"
is "$(field '.targets[0].verification.mode' ata-sanitize-block)" sample "firmware: verification is a sample"
like "$(field '.targets[0].verification.subsections' ata-sanitize-block)" "^[0-9]+$" "sampling parameters recorded"
is "$(field '.targets[0].firmware.simulated_drive' ata-sanitize-block)" ata "a simulated run says so"

# overwrite-type commands define the content: zeros
if cmp -s "$W_SHM/nvme-format.img" <(head -c 16777216 /dev/zero); then r=0; else r=1; fi
ok "$r" "nvme-format: image is all zeros"
if cmp -s "$W_SHM/scsi-sanitize-overwrite.img" <(head -c 16777216 /dev/zero); then r=0; else r=1; fi
ok "$r" "scsi-sanitize-overwrite: image is all zeros"

# the normal ATA security erase is Clear on every media (it does not reach
# reallocated sectors); a cryptographic erase says what it relies on
fw_wipe ata ata-secure-erase se-ssd
is "$(field '.targets[0].nist_category' se-ssd)" clear "ata-secure-erase on an SSD: clear"
fw_wipe ata,hdd ata-secure-erase se-hdd
is "$(field '.targets[0].nist_category' se-hdd)" clear "ata-secure-erase (normal) on an HDD: clear"
like "$(field '.targets[0].sanitization.note' nvme-sanitize-crypto)" "relies on the drive encrypting all user data" \
	"cryptographic erase: says it relies on the drive's encryption"
is "$(field '.targets[0].sanitization | [.media, .technique, (.standards | join(", "))] | join(" | ")' nvme-sanitize-block)" \
	"ssd | sanitize block erase | NIST SP 800-88 Rev. 2 (September 2025), IEEE 2883-2022" \
	"the standards, technique and media are named"

# a drive that reports success and leaves the data: never "erased"
for spec in ata nvme scsi; do
	fw_wipe "$spec,lie" "$spec-sanitize-block" "lie-$spec"
	is "$status" 1 "lying $spec drive: exit 1"
	is "$(field '.targets[0] | [.result, .nist_category] | join(" ")' "lie-$spec")" "failed none" \
		"lying $spec drive: failed, no category claimed"
	like "$(field '.targets[0].reason' "lie-$spec")" "verification failed: the drive reported success" \
		"lying $spec drive: the reason says so"
	is "$(field '[.targets[0].bad_ranges[] | select(.op == "mismatch")] | length > 0' "lie-$spec")" true \
		"lying $spec drive: unchanged blocks listed by LBA"
done
# a drive that leaves garbage where zeros are defined
fw_wipe nvme,garbage nvme-sanitize-overwrite garbage
is "$(field '.targets[0].result' garbage)" failed "garbage instead of zeros: failed"
like "$(field '.targets[0].firmware.before_after_check.wrong_content_units' garbage)" "^[1-9]" \
	"garbage instead of zeros: counted"

# refusals by the drive: frozen, failing, unsupported; the data is untouched
fw_wipe ata,frozen ata-secure-erase-enhanced frozen
is "$status" 1 "frozen drive: exit 1"
like "$(field '.targets[0].reason' frozen)" "frozen.*(sleep|suspend)" "frozen drive: the remedy is given"
if cmp -s "$img" "$before"; then r=0; else r=1; fi
ok "$r" "frozen drive: the image is untouched"
fw_wipe scsi,fail scsi-sanitize-crypto failing
like "$(field '.targets[0].reason' failing)" "reports SANITIZE CRYPTOGRAPHIC ERASE failed" "failing sanitize: reason"
fw_wipe nvme,nocrypto nvme-format-crypto nocrypto
is "$(field '.targets[0].result' nocrypto)" failed "format SES=2 without crypto support: failed"
like "$(field '.targets[0].reason' nocrypto)" "FNA bit 2" "format SES=2 refused before sending it"
if cmp -s "$img" "$before"; then r=0; else r=1; fi
ok "$r" "unsupported method: the image is untouched"

# --method auto
fw_wipe nvme auto auto-nvme
is "$(field '.targets[0] | [.method, .auto.chosen] | join(" ")' auto-nvme)" \
	"nvme-sanitize-crypto nvme-sanitize-crypto" "auto on NVMe: sanitize crypto erase"
fw_wipe nvme,nosanitize,nocrypto auto auto-nvme-format
is "$(field '.targets[0] | [.method, .nist_category] | join(" ")' auto-nvme-format)" "random clear" \
	"auto on NVMe with only Format SES=1 (Clear): a verified overwrite"
like "$(field '.targets[0].auto.why' auto-nvme-format)" "not offered \(SANICAP\).*SES=1 \(user data erase\): offered, but Clear only" \
	"auto: says why"
fw_wipe ata auto auto-ata-ssd
is "$(field '.targets[0].method' auto-ata-ssd)" ata-sanitize-crypto "auto on a SATA SSD with sanitize: crypto scramble"
fw_wipe ata,nosanitize auto auto-ata-se
is "$(field '.targets[0] | [.method, .nist_category] | join(" ")' auto-ata-se)" "random clear" \
	"auto on a SATA SSD with only security erase (Clear on flash): a verified overwrite"
fw_wipe ata,nosanitize,hdd auto auto-ata-se-hdd
is "$(field '.targets[0] | [.method, .nist_category] | join(" ")' auto-ata-se-hdd)" \
	"ata-secure-erase-enhanced purge" "auto on a SATA HDD with only security erase: enhanced, purge"
fw_wipe ata,nosanitize,nosecurity auto auto-ata-none
is "$(field '.targets[0] | [.method, .nist_category, .result] | join(" ")' auto-ata-none)" \
	"random clear erased" "auto on a SATA drive without purge commands: verified random, clear"
img=$(mkimg plain.img 8 random)
run "$BIN/reco-wipe" --method auto --yes --session "$T_TMP/plain" "$img"
is "$status" 0 "auto on an image file: exit 0"
is "$(jq -r '.targets[0] | [.method, .nist_category] | join(" ")' "$T_TMP/plain/wipe.json")" "random clear" \
	"auto on an image file: random overwrite, clear"
like "$(jq -r '.targets[0].auto.why' "$T_TMP/plain/wipe.json")" "file disk: no firmware erase command" \
	"auto on an image file: says why"

# a firmware method on something that cannot take it
img=$(mkimg plain2.img 8 random)
run "$BIN/reco-wipe" --method nvme-format --yes --session "$T_TMP/plain2" "$img"
is "$status" 1 "firmware method on an image file: exit 1"
like "$(jq -r '.targets[0].reason' "$T_TMP/plain2/wipe.json")" "cannot be sent to this device" \
	"firmware method on an image file: clear reason"

# ATA Host Protected Area: found, refused as "erased" unless removed
fw_wipe ata,hpa zero hpa-kept
is "$status" 1 "hidden HPA left in place: exit 1"
is "$(field '.targets[0] | [.result, .hpa.hidden_sectors, .hpa.removed] | join(" ")' hpa-kept)" \
	"failed 8192 false" "hidden HPA left in place: failed, hidden sectors counted"
like "$(field '.targets[0].reason' hpa-kept)" "Host Protected Area of 8192 sectors.*--remove-hpa" \
	"hidden HPA: the reason names the remedy"
img=$(mkimg hpa.img 16 random)
run env RECO_WIPE_SIMULATE=ata,hpa "$BIN/reco-wipe" --method zero --remove-hpa --yes --session "$T_TMP/hpa-removed" "$img"
is "$status" 0 "--remove-hpa: exit 0"
is "$(jq -r '.targets[0] | [.result, .hpa.max_lba_before, .hpa.max_lba_after, .hpa.native_max_lba, .hpa.removed] | join(" ")' \
	"$T_TMP/hpa-removed/wipe.json")" "erased 24575 32767 32767 true" "--remove-hpa: max LBA before/after recorded"
run env RECO_WIPE_SIMULATE=ata,hpa "$BIN/reco-wipe" --method zero --remove-hpa --dry-run --yes "$img"
is "$status" 0 "--remove-hpa --dry-run: changes nothing, exit 0"
fw_wipe ata zero no-hpa
is "$(field '.targets[0] | [.result, .hpa.hidden_sectors] | join(" ")' no-hpa)" "erased 0" \
	"ATA disk without HPA: checked, nothing hidden"

# the plan printed before the run and the result say the same category
for m in nvme-sanitize-crypto:nvme nvme-format:nvme ata-sanitize-overwrite:ata,hdd ata-sanitize-overwrite:ata \
	ata-secure-erase-enhanced:ata random:ata; do
	method=${m%%:*} spec=${m#*:}
	img=$(mkimg "plan-$method.img" 8 random)
	run env RECO_WIPE_SIMULATE="$spec" "$BIN/reco-wipe" --method "$method" --dry-run "$img"
	plan=$(printf '%s' "$out" | sed -n 's/^  method [^:]*: \([A-Za-z]*\) by .*/\1/p' | tr A-Z a-z)
	run env RECO_WIPE_SIMULATE="$spec" "$BIN/reco-wipe" --method "$method" --yes --json --session "$T_TMP/plan-$method" "$img"
	printf '%s' "$out" >"$T_TMP/plan.json"
	is "$plan $(jq -r '.targets[0] | [.result, .nist_category] | join(" ")' "$T_TMP/plan.json")" "$plan erased $plan" \
		"$method ($spec): the plan's category ($plan) is the result's"
done

# usage
run "$BIN/reco-wipe" --method auto --resume --session "$T_TMP/x" "$img"
is "$status" 2 "--method auto --resume: usage error"

done_testing
