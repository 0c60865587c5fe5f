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

# every firmware method, on a drive that does its job
for m in ata-secure-erase-enhanced:ata ata-sanitize-block:ata ata-sanitize-crypto:ata \
	ata-sanitize-overwrite:ata,hdd nvme-format:nvme nvme-format-crypto:nvme \
	nvme-sanitize-block:nvme nvme-sanitize-crypto:nvme nvme-sanitize-overwrite:nvme \
	scsi-sanitize-block:scsi scsi-sanitize-crypto:scsi scsi-sanitize-overwrite:scsi; do
	method=${m%%:*} spec=${m#*:}
	fw_wipe "$spec" "$method" "$method"
	is "$status" 0 "$method: exit 0"
	is "$(field '.targets[0] | [.method, .result, .nist_category] | join(" ")' "$method")" \
		"$method erased purge" "$method: erased, purge"
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

# the normal ATA security erase is purge on an HDD, clear on an SSD
fw_wipe ata ata-secure-erase se-ssd
is "$(field '.targets[0].nist_category' se-ssd)" clear "ata-secure-erase on an SSD: clear"
fw_wipe ata,hdd ata-secure-erase se-hdd
is "$(field '.targets[0].nist_category' se-hdd)" purge "ata-secure-erase on an HDD: purge"

# a drive that reports success and leaves the data: never "erased"
for spec in ata nvme scsi; do
	fw_wipe "$spec,lie" "$spec-sanitize-block" "lie-$spec"
	is "$status" 1 "lying $spec drive: exit 1"
	is "$(field '.targets[0].result' "lie-$spec")" failed "lying $spec drive: failed"
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
is "$(field '.targets[0].method' auto-nvme-format)" nvme-format "auto on NVMe without sanitize/crypto: format SES=1"
like "$(field '.targets[0].auto.why' auto-nvme-format)" "not offered \(SANICAP\)" "auto: says why"
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

# usage
run "$BIN/reco-wipe" --method auto --resume --session "$T_TMP/x" "$img"
is "$status" 2 "--method auto --resume: usage error"

done_testing
