# 10-scsi-medium-error (guest): a 64 MiB scsi_debug disk with medium errors.
vm_modprobe scsi_debug dev_size_mb=64 opts=2 medium_error_start=4660 medium_error_count=10
echo $? > /out/modprobe.rc
d=""
for i in $(seq 50); do
	for b in /sys/block/sd*; do
		[ "$(cat $b/device/model 2>/dev/null | sed 's/ *$//')" = scsi_debug ] && d=/dev/${b##*/}
	done
	[ -n "$d" ] && break
	sleep 0.1
done
[ -n "$d" ] || { echo "no scsi_debug disk"; exit 1; }
echo "scsi_debug disk: $d"
reco wipe --method random --verify full --yes --session /out/s "$d" > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 15 /out/wipe.out
dmesg | grep -i 'medium\|sense' | tail -n 3
exit 0
