# 01-inventory (guest): inventory as JSON, and a capture of the machine tree.
reco inventory --json > /out/inventory.json 2> /out/inventory.err
echo $? > /out/inventory.rc
cat /out/inventory.err
if command -v capture-machine >/dev/null 2>&1; then
	dash /usr/bin/capture-machine /tmp/capture > /out/capture.log 2>&1 || { echo "capture-machine failed: $?"; cat /out/capture.log; }
	cp /tmp/capture/CAPTURE-NOTES /out/ 2>/dev/null
	echo capture-machine > /out/capture.tool
else
	mkdir -p /tmp/capture
	vm_capture_minimal /tmp/capture
	echo vm_capture_minimal > /out/capture.tool
fi
tar -cf /out/capture.tar -C /tmp/capture .
# smartctl sees the disks too (informational; inventory attaches it).
for d in $(ls /sys/block); do
	case $d in sd*|nvme*|vd*) smartctl --json -i "/dev/$d" > "/out/smart-$d.json" 2>&1 ;; esac
done
exit 0
