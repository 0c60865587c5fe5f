#!/bin/bash
# Partitions and filesystems through libblkid: a --root tree whose /dev
# nodes are image files (a GPT disk made by sfdisk, an ext4 partition made by
# mke2fs), described in sysfs as a SATA disk.
. "$(dirname "$0")/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
if ! command -v sfdisk >/dev/null || ! command -v mke2fs >/dev/null; then
	skip "sfdisk or mke2fs missing"
	done_testing
	exit
fi
R=$T_TMP/root
D=$R/sys/devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0
mkdir -p "$R/dev" "$R/sys/block" "$D/block/sdz/sdz1" "$D/block/sdz/queue"
ln -s ../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sdz "$R/sys/block/sdz"
ln -s ../../../2:0:0:0 "$D/block/sdz/device"
echo "TEST DISK" >"$D/model"
echo 16384 >"$D/block/sdz/size"
echo 512 >"$D/block/sdz/queue/logical_block_size"
echo 1 >"$D/block/sdz/sdz1/partition"
echo 2048 >"$D/block/sdz/sdz1/start"
echo 8192 >"$D/block/sdz/sdz1/size"

truncate -s 8M "$R/dev/sdz"
printf 'label: gpt\nlabel-id: 11111111-2222-4333-8444-555555555555\nstart=2048, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE, name="reco data"\n' >"$T_TMP/layout"
sfdisk -q "$R/dev/sdz" <"$T_TMP/layout" >/dev/null 2>&1
ok $? "sfdisk made a GPT image"
truncate -s 4M "$R/dev/sdz1"
mke2fs -q -F -t ext4 -L RECOTEST -U 0f0e0d0c-0b0a-4908-8706-050403020100 "$R/dev/sdz1" >/dev/null 2>&1
ok $? "mke2fs made an ext4 image"

run reco inventory --json --no-smart --root "$R"
is "$status" 0 "exit 0"
printf '%s\n' "$out" >"$T_TMP/inv.json"
get() { perl -MJSON::PP -e 'local $/; open my $f,"<",$ARGV[0]; my $d=JSON::PP->new->decode(<$f>);
	my $v=$d; for my $k (split /\./, $ARGV[1]) { $v = ref $v eq "ARRAY" ? $v->[$k] : $v->{$k}; }
	print defined $v ? $v : "<absent>"' "$T_TMP/inv.json" "$1"; }
is "$(get storage.0.transport)" sata "transport from the sysfs path"
is "$(get storage.0.partition_table)" gpt "partition table type from libblkid"
is "$(get storage.0.partition_table_uuid)" 11111111-2222-4333-8444-555555555555 "partition table UUID"
is "$(get storage.0.partitions.0.part_name)" "reco data" "GPT partition name"
is "$(get storage.0.partitions.0.part_uuid)" aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee "GPT partition UUID"
is "$(get storage.0.partitions.0.part_type)" 0fc63daf-8483-4772-8e79-3d69d8477de4 "GPT partition type"
is "$(get storage.0.partitions.0.fs_type)" ext4 "filesystem type of the partition"
is "$(get storage.0.partitions.0.label)" RECOTEST "filesystem label"
is "$(get storage.0.partitions.0.uuid)" 0f0e0d0c-0b0a-4908-8706-050403020100 "filesystem UUID"
is "$(get storage.0.partitions.0.start_bytes)" 1048576 "partition start in bytes"

# unreadable dev node (not root): a permission note, sysfs data kept
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T_TMP"
	chmod -R a+rX "$R"
	chmod 600 "$R/dev/sdz"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$RECO_BUILD/bin/reco-inventory" --json --no-smart --root "$R"
	is "$status" 0 "not root: exit 0"
	like "$out" "dev/sdz: permission denied: partitions and filesystems not probed \(run as root\)" "not root: the probe's permission problem is noted"
	like "$out" '"start_bytes": 1048576' "not root: partitions from sysfs still listed"
	chmod 700 "$T_TMP"
else
	skip "not root: permission test"
fi
done_testing
