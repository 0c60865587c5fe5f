# 05-power-loss (guest).  Phase 1: start the wipe, announce the cut at half
# way (the host kills QEMU).  Phase 2: resume from the journal.
d=$(vm_dev_by_serial POWER) || { echo "no POWER disk"; exit 1; }
s=$(vm_dev_by_serial SESSION) || { echo "no SESSION disk"; exit 1; }
mkdir -p /mnt/s
mount -t ext4 "$s" /mnt/s || { echo "cannot mount the session disk"; exit 1; }
size=$(( $(cat /sys/block/${d#/dev/}/size) * 512 ))
if [ "$RECO_VM_PHASE" = 1 ]; then
	reco wipe --method random --verify full --yes --session /mnt/s/w "$d" > /mnt/s/phase1.out 2>&1 &
	while :; do
		wr=$(vm_written_bytes "$d")
		if [ "$wr" -ge $((size / 2)) ]; then
			echo "written $wr of $size bytes"
			echo "RECO-VM-POWERCUT"
			break
		fi
		kill -0 $! 2>/dev/null || { echo "wipe ended before the cut:"; cat /mnt/s/phase1.out; exit 1; }
		sleep 0.1
	done
	sleep 60   # the host kills us here
	exit 1
fi
ls -la /mnt/s/w
reco wipe --resume --yes --session /mnt/s/w "$d" > /out/resume.out 2>&1
echo $? > /out/resume.rc
vm_written_bytes "$d" > /out/resume-written
cat /out/resume.out | tail -n 20
cp -a /mnt/s/w /out/s
cp /mnt/s/phase1.out /out/ 2>/dev/null
umount /mnt/s
exit 0
