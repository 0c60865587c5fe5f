# 11-firmware-auto (guest): `reco wipe --method auto` on one disk per bus, in
# one parallel run: the firmware method chosen for each bus, and the ATA
# READ NATIVE MAX ADDRESS check on the emulated SATA disk.
devs=""
for b in nvme sata scsi usb virtio; do
	d=$(vm_dev_by_serial "AUTO-$(echo $b | tr a-z A-Z)") || { echo "no $b disk"; exit 1; }
	echo "$d" > /out/dev-$b
	devs="$devs $d"
done
reco wipe --method auto --verify sample --yes --session /out/s $devs > /out/auto.out 2>&1
echo $? > /out/auto.rc
tail -n 30 /out/auto.out
exit 0
