# 07-nvme-format (guest): firmware format of the NVMe namespace.
d=$(vm_dev_by_serial FMT-NVME) || { echo "no FMT-NVME disk"; exit 1; }
reco wipe --method nvme-format --verify full --yes --session /out/s "$d" > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 20 /out/wipe.out
exit 0
