# 03-bad-sectors (guest): wipe both faulty disks in one run.
w=$(vm_dev_by_serial BAD-WRITE) || { echo "no BAD-WRITE disk"; exit 1; }
r=$(vm_dev_by_serial BAD-READ) || { echo "no BAD-READ disk"; exit 1; }
echo "$w" > /out/dev-w; echo "$r" > /out/dev-r
reco wipe --method random --verify full --yes --session /out/s "$w" "$r" > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 30 /out/wipe.out
exit 0
