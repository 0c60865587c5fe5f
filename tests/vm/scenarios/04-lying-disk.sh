# 04-lying-disk (guest): dm-flakey devices that drop every write (liar) or
# corrupt one byte of every write (garbler), wiped in parallel.
l=$(vm_dev_by_serial LIAR) || { echo "no LIAR disk"; exit 1; }
g=$(vm_dev_by_serial GARBLER) || { echo "no GARBLER disk"; exit 1; }
export DM_DISABLE_UDEV=1
dmsetup create liar --table "0 $(cat /sys/block/${l#/dev/}/size) flakey $l 0 0 3600 1 drop_writes"
r1=$?
dmsetup create garbler --table "0 $(cat /sys/block/${g#/dev/}/size) flakey $g 0 0 3600 5 corrupt_bio_byte 1 w 165 0"
r2=$?
echo "$r1 $r2" > /out/dmsetup.rc
dmsetup table
reco wipe --method random --verify full --yes --session /out/s-liar /dev/mapper/liar > /out/liar.out 2>&1 &
p=$!
reco wipe --method random --verify full --yes --session /out/s-garbler /dev/mapper/garbler > /out/garbler.out 2>&1
echo $? > /out/garbler.rc
wait $p
echo $? > /out/liar.rc
tail -n 6 /out/liar.out /out/garbler.out
dmsetup remove liar
dmsetup remove garbler
exit 0
