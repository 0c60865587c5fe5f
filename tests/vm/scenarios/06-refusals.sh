# 06-refusals (guest): mount MOUNTED, mount the boot stick read-only where
# live-boot would, name BOOTDEV in /run/reco/boot-device; then --list and
# --yes on each.
for s in MOUNTED BOOTSTICK BOOTDEV FREE; do
	d=$(vm_dev_by_serial $s) || { echo "no $s disk"; exit 1; }
	echo "$d" > /out/dev-$s
	eval "dev_$s=$d"
done
mkdir -p /mnt/data /run/live/medium /run/reco
mount -t ext4 "$dev_MOUNTED" /mnt/data || { echo "cannot mount $dev_MOUNTED"; exit 1; }
echo "written in the guest" > /mnt/data/guest.txt
mount -t ext4 -o ro "$dev_BOOTSTICK" /run/live/medium || { echo "cannot mount $dev_BOOTSTICK"; exit 1; }
echo "$dev_BOOTDEV" > /run/reco/boot-device
reco wipe --list --json > /out/list.json 2> /out/list.err
echo $? > /out/list.rc
reco wipe --list > /out/list.txt 2>&1
cat /out/list.txt
for s in MOUNTED BOOTSTICK BOOTDEV; do
	eval "d=\$dev_$s"
	grep -F "$d" /out/list.txt > /out/list-$s.txt
	reco wipe --yes --method zero --verify none --session /out/s-$s "$d" > /out/yes-$s.out 2> /out/yes-$s.err
	echo $? > /out/yes-$s.rc
	echo "== $s ($d): rc=$(cat /out/yes-$s.rc)"; cat /out/yes-$s.err
done
umount /run/live/medium
umount /mnt/data
exit 0
