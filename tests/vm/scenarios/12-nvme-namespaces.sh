# 12-nvme-namespaces (guest): namespace 2 mounted; sanitize of namespace 1
# (refused), a firmware method on its partition (refused), auto on the
# partition, Format NVM of namespace 1.
ns1="" ns2=""
for b in /sys/block/nvme*n*; do
	[ -e "$b/partition" ] && continue
	[ "$(vm_serial "${b##*/}")" = NS-CTRL ] || continue
	case $(cat "$b/nsid" 2>/dev/null) in
	1) ns1=/dev/${b##*/} ;;
	2) ns2=/dev/${b##*/} ;;
	esac
done
echo "ns1=$ns1 ns2=$ns2"; ls /sys/block
[ -n "$ns1" ] && [ -n "$ns2" ] || { echo "namespaces not found"; exit 1; }
echo "$ns2" > /out/ns2
mkdir -p /mnt/ns2
mount -t ext4 "$ns2" /mnt/ns2 || { echo "cannot mount $ns2"; exit 1; }
echo "written in the guest" > /mnt/ns2/guest.txt
sync
reco wipe --method nvme-sanitize-block --yes --session /out/s-san "$ns1" > /out/san.out 2> /out/san.err
echo $? > /out/san.rc
reco wipe --method nvme-format --allow-partition --yes --session /out/s-part "${ns1}p1" > /out/part.out 2> /out/part.err
echo $? > /out/part.rc
reco wipe --method auto --allow-partition --verify sample --yes --session /out/s-auto "${ns1}p1" > /out/auto.out 2>&1
echo $? > /out/auto.rc
reco wipe --method nvme-format --verify sample --yes --session /out/s-fmt "$ns1" > /out/fmt.out 2>&1
echo $? > /out/fmt.rc
cat /out/san.err /out/part.err; tail -n 5 /out/auto.out /out/fmt.out
umount /mnt/ns2
exit 0
