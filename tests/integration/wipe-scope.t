#!/bin/bash
# Firmware methods never act beyond what was checked: refused on a partition
# (the command erases the whole disk), and NVMe Sanitize, or Format NVM when
# the controller applies it to every namespace (FNA), is refused when another
# namespace of the controller may not be wiped.  The simulated controller
# ($RECO_WIPE_SIMULATE) acts on the target; its other namespaces are real
# loop devices named in $RECO_WIPE_SIM_NAMESPACES, checked by the real safety
# checks.  The same refusal on QEMU's NVMe controller with two namespaces is
# VM scenario 12-nvme-namespaces.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe
if ! can_loop; then
	skip "loop devices need root"
	done_testing
	exit 0
fi

T=$(mkloop "$(mkimg target.img 16 random)")
cp "$(losetup -n -O BACK-FILE "$T")" "$W_SHM/target.before"
OTHER=$(mkloop "$(mkimg other.img 16)")
mkfs.ext4 -q -L other-ns "$OTHER" >/dev/null 2>&1
mkdir -p "$T_TMP/mnt"
mount "$OTHER" "$T_TMP/mnt" && W_MOUNTS="$T_TMP/mnt $W_MOUNTS"
echo "another namespace's data" >"$T_TMP/mnt/keep.txt"
sync
untouched() { cmp -s "$T" "$W_SHM/target.before"; }

# NVMe Sanitize reaches every namespace: refused while one is mounted
run env RECO_WIPE_SIMULATE=nvme RECO_WIPE_SIM_NAMESPACES="$OTHER" $W --method nvme-sanitize-block --yes \
	--session "$T_TMP/s1" "$T"
is "$status" 1 "sanitize, another namespace mounted: exit 1"
is "$err" "reco wipe: RECO_WIPE_SIMULATE is set: firmware commands go to a simulated drive ('nvme'); a test run
reco wipe: $T: NVMe Sanitize, block erase refused: NVMe Sanitize acts on every namespace of the controller, and $OTHER device is mounted at $T_TMP/mnt
reco wipe: nothing was written" "sanitize, another namespace mounted: the reason names it"
untouched
ok $? "sanitize refused: the target is untouched"

# Format NVM with FNA saying it reaches every namespace: refused the same way
run env RECO_WIPE_SIMULATE=nvme,fna_all RECO_WIPE_SIM_NAMESPACES="$OTHER" $W --method nvme-format --yes \
	--session "$T_TMP/s2" "$T"
is "$status" 1 "format with FNA all namespaces, another mounted: exit 1"
like "$err" "NVMe Format NVM, SES=1 \(user data erase\) refused: the controller applies Format NVM with secure erase to all namespaces \(FNA bit 1\), and $OTHER device is mounted" \
	"format with FNA all namespaces: the reason says FNA and names the namespace"
untouched
ok $? "format refused: the target is untouched"

# --method auto picks Sanitize on such a controller: refused too, not skipped
run env RECO_WIPE_SIMULATE=nvme RECO_WIPE_SIM_NAMESPACES="$OTHER" $W --method auto --yes --session "$T_TMP/s3" "$T"
is "$status" 1 "auto choosing sanitize, another namespace mounted: exit 1"
like "$err" "NVMe Sanitize, crypto erase refused" "auto: the chosen sanitize is refused with the reason"

# Format NVM addressed to one namespace (FNA 0): allowed; the plan says nothing more
run env RECO_WIPE_SIMULATE=nvme RECO_WIPE_SIM_NAMESPACES="$OTHER" $W --method nvme-format --yes --json \
	--session "$T_TMP/s4" "$T"
printf '%s' "$out" >"$T_TMP/s4.json"
is "$status" 0 "format of one namespace (FNA 0): exit 0"
is "$(jq -r '.targets[0] | [.result, (.firmware.scope | join(","))] | join(" ")' "$T_TMP/s4.json")" "erased $T" \
	"format of one namespace: erased, scope is the target alone"
is "$(cat "$T_TMP/mnt/keep.txt")" "another namespace's data" "format of one namespace: the other namespace keeps its data"

# with the other namespace unmounted, sanitize goes ahead and says what it reaches
umount "$T_TMP/mnt"
W_MOUNTS=""
run env RECO_WIPE_SIMULATE=nvme RECO_WIPE_SIM_NAMESPACES="$OTHER" $W --method nvme-sanitize-block --yes --dry-run "$T"
is "$status" 0 "sanitize, other namespace free: the dry run passes"
like "$out" "NVMe Sanitize acts on every namespace of the controller; it also erases: $OTHER" \
	"sanitize: the plan names every namespace it reaches"

# a partition: every firmware method is refused, auto falls back to an overwrite
img=$(mkimg parted.img 24 random)
printf 'label: gpt\n,8M,L\n' | sfdisk -q "$img" >/dev/null 2>&1
LP=$(mkloop "$img")
LP1=$(partnode "$LP" 1)
for m in nvme-format nvme-sanitize-crypto ata-secure-erase-enhanced scsi-sanitize-block; do
	spec=${m%%-*}
	run env RECO_WIPE_SIMULATE="$spec" $W --method "$m" --allow-partition --yes --session "$T_TMP/p-$m" "$LP1"
	is "$status" 2 "$m on a partition: exit 2"
	like "$err" "^reco wipe: $LP1: .* erases the whole disk /dev/$(basename "$LP"), not only this partition" \
		"$m on a partition: the reason"
done
run env RECO_WIPE_SIMULATE=nvme $W --method auto --allow-partition --yes --json --session "$T_TMP/p-auto" "$LP1"
printf '%s' "$out" >"$T_TMP/p-auto.json"
is "$status" 0 "auto on a partition: exit 0"
is "$(jq -r '.targets[0] | [.method, .result] | join(" ")' "$T_TMP/p-auto.json")" "random erased" \
	"auto on a partition: a verified overwrite"
like "$(jq -r '.targets[0].auto.why' "$T_TMP/p-auto.json")" "a partition: firmware erase commands act on the whole disk" \
	"auto on a partition: says why"

done_testing
