# 08-bad-sectors-4kn (guest)
d=$(vm_dev_by_serial BAD-4KN) || { echo "no BAD-4KN disk"; exit 1; }
echo "logical block size: $(cat /sys/block/${d#/dev/}/queue/logical_block_size)"
reco wipe --method random --verify full --yes --session /out/s "$d" > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 20 /out/wipe.out
exit 0
