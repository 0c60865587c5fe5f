# 02-wipe-buses (guest): wipe the five bus disks in one parallel run, the
# zero disk at the same time in a second process.
devs=""
for b in nvme sata scsi usb virtio; do
	d=$(vm_dev_by_serial "WIPE-$(echo $b | tr a-z A-Z)") || { echo "no $b disk"; exit 1; }
	echo "$d" > /out/dev-$b
	devs="$devs $d"
done
z=$(vm_dev_by_serial WIPE-ZERO) || { echo "no zero disk"; exit 1; }
echo "wiping:$devs (random) and $z (zero)"
reco wipe --list > /out/list.txt 2>&1
cat /out/list.txt
reco wipe --method zero --verify full --yes --session /out/s-zero "$z" > /out/zero.out 2>&1 &
zp=$!
t0=$(cut -d' ' -f1 /proc/uptime)
reco wipe --method random --verify full --yes --session /out/s-random $devs > /out/random.out 2>&1
echo $? > /out/random.rc
wait $zp
echo $? > /out/zero.rc
t1=$(cut -d' ' -f1 /proc/uptime)
echo "wipe time: $t0 -> $t1"
tail -n 20 /out/random.out /out/zero.out
exit 0
