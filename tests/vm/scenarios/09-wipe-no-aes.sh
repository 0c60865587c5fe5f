# 09-wipe-no-aes (guest)
d=$(vm_dev_by_serial NO-AES) || { echo "no NO-AES disk"; exit 1; }
grep -cw aes /proc/cpuinfo > /out/aes-flag
reco wipe --method random --verify full --yes --session /out/s "$d" > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 5 /out/wipe.out
exit 0
