#!/bin/bash
# reco wipe on loop devices backed by /dev/shm (root): content, every
# refusal with its exact message and exit code, --list, parallel targets,
# sampled-verification read accounting, --label gpt, --trim.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/wipe-lib.sh"
W=reco-wipe

if ! can_loop; then
	skip "not root or no loop devices"
	done_testing
	exit 0
fi
S=$((32 * 1048576))

# content on a loop device, O_DIRECT
img=$(mkimg l1.img 32 random)
L=$(mkloop "$img")
run $W --method one --yes --session "$T_TMP/s1" "$L"
is "$status" 0 "loop one: exit 0"
expect_byte "$L" $S 377
ok $? "loop one: every byte is 0xFF"
f="$T_TMP/s1/wipe.json"
is "$(jget "$f" '[d["targets"][0][k] for k in ("transport","result","logical_sector_size")]')" '["loop", "erased", 512]' "loop one: identity and result"
is "$(jget "$f" '[d["targets"][0]["io"][k] for k in ("direct","exclusive","flush")]')" '[true, true, "fdatasync+BLKFLSBUF"]' "loop one: O_DIRECT, O_EXCL, cache flushed"
run $W --method random --yes --session "$T_TMP/s2" "$L"
seed=$(jget "$T_TMP/s2/wipe.json" 'd["targets"][0]["passes"][0]["seed"]')
expect_seed "$L" $S "$seed"
ok $? "loop random: the content is the keystream of the recorded seed"

# before-state from libblkid
img=$(mkimg pt.img 32)
printf 'label: gpt\n,8M,L\n,8M,L\n' | sfdisk -q "$img" >/dev/null 2>&1
LP=$(mkloop "$img" -P)
LP1=$(partnode "$LP" 1)
LP2=$(partnode "$LP" 2)
mkfs.ext4 -q -L donor-data "$LP1" >/dev/null 2>&1
run $W --method zero --verify sample=5 --yes --session "$T_TMP/s3" "$LP"
is "$status" 0 "partitioned disk: wiped"
f="$T_TMP/s3/wipe.json"
is "$(jget "$f" 'd["targets"][0]["before"]["partition_table"]')" gpt "before: partition table type"
is "$(jget "$f" '[(p["number"], p.get("filesystem"), p.get("label")) for p in d["targets"][0]["before"]["partitions"]]')" '[[1, "ext4", "donor-data"], [2, null, null]]' "before: partitions, filesystem, label"
expect_byte "$LP" $S 000
ok $? "partitioned disk: all zeros"

# refusals ---------------------------------------------------------------
img=$(mkimg r.img 32)
L=$(mkloop "$img")
mkfs.ext4 -q "$L" >/dev/null 2>&1
mkdir -p "$T_TMP/mnt"
mount "$L" "$T_TMP/mnt" && W_MOUNTS="$T_TMP/mnt $W_MOUNTS"
run $W --yes "$L"
is "$status" 1 "mounted: exit 1"
is "$err" "reco wipe: $L: device is mounted at $T_TMP/mnt
reco wipe: nothing was written" "mounted: message"
run $W --yes --force "$L"
is "$status" 1 "mounted: --force does not override"
run $W --list --json
printf '%s' "$out" >"$T_TMP/list.json"
is "$(jget "$T_TMP/list.json" '[(x["eligible"], x.get("reason")) for x in d["disks"] if x["path"]=="'"$L"'"]')" "[[false, \"device is mounted at $T_TMP/mnt\"]]" "--list: mounted device not eligible, with why"
touch "$T_TMP/mnt/reco-boot-medium"
run $W --yes --force "$L"
is "$status" 1 "boot medium (marker): exit 1, even with --force"
is "$err" "reco wipe: $L: is the reco boot medium (marker file found on $T_TMP/mnt)
reco wipe: nothing was written" "boot medium (marker): message"
umount "$T_TMP/mnt"

echo "$L" >"$T_TMP/boot-device"
RECO_WIPE_BOOT_DEVICE_FILE="$T_TMP/boot-device" run $W --yes --force "$L"
is "$status" 1 "boot medium (named at boot): exit 1"
is "$err" "reco wipe: $L: is the reco boot medium (named in $T_TMP/boot-device)
reco wipe: nothing was written" "boot medium (named at boot): message"

run $W --list --json
printf '%s' "$out" >"$T_TMP/list.json"
is "$(jget "$T_TMP/list.json" '[(x["eligible"], x["transport"], x["size_bytes"]) for x in d["disks"] if x["path"]=="'"$L"'"]')" "[[true, \"loop\", $S]]" "--list: an unmounted loop device is eligible"

python3 -c 'import os,sys,time; fd=os.open(sys.argv[1], os.O_RDONLY|os.O_EXCL); open(sys.argv[2],"w").close(); time.sleep(30)' "$L" "$T_TMP/held" &
W_PIDS="$W_PIDS $!"
holder=$!
for i in $(seq 50); do [ -e "$T_TMP/held" ] && break; sleep 0.1; done
run $W --yes "$L"
is "$status" 1 "held with O_EXCL: exit 1"
is "$err" "reco wipe: $L: device is in use by another process (exclusive open failed: Device or resource busy)
reco wipe: nothing was written" "held with O_EXCL: message"
kill "$holder"; wait "$holder" 2>/dev/null

LR=$(mkloop "$img" -r)
run $W --yes "$LR"
is "$status" 1 "read-only: exit 1"
is "$err" "reco wipe: $LR: device is read-only
reco wipe: nothing was written" "read-only: message"

run $W --yes "$LP1"
is "$status" 2 "partition: exit 2"
is "$err" "reco wipe: $LP1: is a partition of /dev/${LP#/dev/}; give the whole disk, or --allow-partition to wipe only this partition
reco wipe: nothing was written" "partition: message"
mkfs.ext4 -q "$LP1" >/dev/null 2>&1
mount "$LP1" "$T_TMP/mnt"
run $W --yes --force "$LP"
is "$status" 1 "mounted partition: the whole disk is refused, even with --force"
is "$err" "reco wipe: $LP: $LP1 on this device is mounted at $T_TMP/mnt
reco wipe: nothing was written" "mounted partition: message"
umount "$T_TMP/mnt"
run $W --yes --allow-partition -m one --session "$T_TMP/s4" "$LP2"
is "$status" 0 "--allow-partition: a partition alone is wiped"
expect_byte "$LP2" $((8 * 1048576)) 377
ok $? "--allow-partition: the partition holds 0xFF"

SW=$(mkloop "$(mkimg sw.img 32)")
if mkswap "$SW" >/dev/null 2>&1 && swapon "$SW" 2>/dev/null; then
	run $W --yes --force "$SW"
	is "$status" 1 "swap in use: exit 1, even with --force"
	is "$err" "reco wipe: $SW: is in use as swap ($SW)
reco wipe: nothing was written" "swap in use: message"
	swapoff "$SW"
else
	skip "swapon not permitted here"
	skip "swapon not permitted here"
fi

# parallel targets ----------------------------------------------------------
P1=$(mkloop "$(mkimg p1.img 32 random)")
P2=$(mkloop "$(mkimg p2.img 32 random)")
P3=$(mkloop "$(mkimg p3.img 32 random)")
run $W --yes --progress=json --session "$T_TMP/sp" "$P1" "$P2" "$P3"
is "$status" 0 "three loop devices in parallel: exit 0"
like "$err" '"schema":"reco-wipe-progress/1"' "parallel: JSON progress lines, on stderr (as reco diag's)"
unlike "$out" 'reco-wipe-progress' "parallel: none on stdout"
f="$T_TMP/sp/wipe.json"
is "$(jget "$f" '[t["result"] for t in d["targets"]]')" '["erased", "erased", "erased"]' "parallel: three results"
i=0
for P in "$P1" "$P2" "$P3"; do
	seed=$(jget "$f" 'd["targets"]['$i']["passes"][0]["seed"]')
	expect_seed "$P" $S "$seed"
	ok $? "parallel: $P holds its own keystream"
	i=$((i + 1))
done
is "$(jget "$f" 'len(set(t["passes"][0]["seed"] for t in d["targets"]))')" 3 "parallel: three different seeds"

# sampled verification: the bytes reported are the bytes the device served
Z=$(mkloop "$(mkimg z.img 256)")
command -v udevadm >/dev/null && udevadm settle 2>/dev/null
name=${Z#/dev/}
before=$(awk '{print $3}' /sys/block/$name/stat)
run $W --verify-only --expect zero --verify sample=5 --json "$Z"
after=$(awk '{print $3}' /sys/block/$name/stat)
is "$status" 0 "sample on a loop device: passes"
printf '%s' "$out" >"$T_TMP/z.json"
is "$(jget "$T_TMP/z.json" 'd["targets"][0]["bytes_verified"]')" $(((after - before) * 512)) "sample: reported bytes = sectors read by the device (sysfs stat)"
is "$(jget "$T_TMP/z.json" 'd["targets"][0]["verification"]["coverage_permille"] >= 50')" true "sample: coverage at least 5%"
printf 'corrupt!%.0s' $(seq 512) | dd of="$Z" bs=4096 seek=0 count=1 oflag=direct conv=notrunc status=none
run $W --verify-only --expect zero --verify sample=1 --json "$Z"
is "$status" 1 "sample: a corrupted first 4 KiB block is found"
printf '%s' "$out" >"$T_TMP/z2.json"
is "$(jget "$T_TMP/z2.json" 'd["targets"][0]["bad_ranges"]')" '[{"count": 8, "first_lba": 0, "op": "mismatch"}]' "sample: located"
dd if=/dev/zero of="$Z" bs=4096 count=1 oflag=direct conv=notrunc status=none
printf 'corrupt!%.0s' $(seq 512) | dd of="$Z" bs=4096 seek=40000 count=1 oflag=direct conv=notrunc status=none
run $W --verify-only --expect zero --verify sample=100 --json "$Z"
is "$status" 1 "sample 100%: a corrupted block in the middle is found"

# --label gpt and --trim
G=$(mkloop "$(mkimg g.img 32 random)")
run $W -m zero --label gpt --trim --yes --session "$T_TMP/sg" "$G"
is "$status" 0 "label+trim: exit 0"
is "$(jget "$T_TMP/sg/wipe.json" '[d["targets"][0]["label"], d["targets"][0]["trim"]]')" '["gpt", "done"]' "label+trim: recorded"
is "$(blkid -p -o value -s PTTYPE "$G")" gpt "label: an empty GPT is on the disk"

done_testing
