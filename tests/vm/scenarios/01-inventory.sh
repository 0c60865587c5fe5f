# 01-inventory (guest): inventory as JSON, and a capture of the machine tree.
reco inventory --json > /out/inventory.json 2> /out/inventory.err
echo $? > /out/inventory.rc
cat /out/inventory.err
mkdir -p /tmp/capture
if command -v capture-machine >/dev/null 2>&1; then
	capture-machine /tmp/capture > /out/capture.log 2>&1 || echo "capture-machine failed: $?"
else
	vm_capture_minimal /tmp/capture
fi
tar -cf /out/capture.tar -C /tmp/capture .
# smartctl sees the disks too (informational; inventory attaches it).
for d in $(ls /sys/block); do
	case $d in sd*|nvme*|vd*) smartctl --json -i "/dev/$d" > "/out/smart-$d.json" 2>&1 ;; esac
done
exit 0
