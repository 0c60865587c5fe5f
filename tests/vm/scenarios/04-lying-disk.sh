# 04-lying-disk (guest): a dm-flakey device that drops every write.
d=$(vm_dev_by_serial LIAR) || { echo "no LIAR disk"; exit 1; }
sz=$(cat /sys/block/${d#/dev/}/size)
DM_DISABLE_UDEV=1 dmsetup create liar --table "0 $sz flakey $d 0 0 3600 1 drop_writes"
echo $? > /out/dmsetup.rc
dmsetup table liar
ls -l /dev/mapper
reco wipe --method random --verify full --yes --session /out/s /dev/mapper/liar > /out/wipe.out 2>&1
echo $? > /out/wipe.rc
tail -n 30 /out/wipe.out
dmsetup remove liar
exit 0
