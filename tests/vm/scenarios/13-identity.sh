# 13-identity (guest): reco menu --auto with a countdown; during it the two
# SCSI disks swap names (delete both, rescan first the target whose disk
# must take the lower name).
for s in REN-A REN-B RO; do
	d=$(vm_dev_by_serial $s) || { echo "no $s disk"; exit 1; }
	echo "$d" > /out/dev-${s#REN-}
done
A=$(cat /out/dev-A) B=$(cat /out/dev-B)
# the harness's results disk is protected by its identity, as the live image
# records its boot medium: it is never a target, and not the machine's
res=$(vm_dev_by_serial reco-results)
mkdir -p /run/reco
echo "dev=$(cat /sys/block/${res#/dev/}/dev) serial=reco-results diskseq=$(cat /sys/block/${res#/dev/}/diskseq) role=boot-medium path=$res" > /run/reco/boot-device
sha256sum < "$A" > /out/A-before.sha
cat /sys/block/${A#/dev/}/diskseq > /out/seqA-before
host=$(ls -d /sys/block/${A#/dev/}/device/scsi_device/* | sed 's|.*/||; s|:.*||')
echo "REN-A $A REN-B $B RO $(cat /out/dev-RO), scsi host $host"
# a station key certified by a CA made here: the report is signed
mkdir -p "$RECO_DATA/keys" /tmp/ca
reco keys ca-init --org "vm 13" --out /tmp/ca >/dev/null &&
	reco keys station-init --name vm13 --out "$RECO_DATA/keys" >/dev/null &&
	reco keys certify --ca /tmp/ca "$RECO_DATA/keys/station.csr" --out "$RECO_DATA/keys/station.pem" >/dev/null ||
	echo "no station key"
echo "reco.auto=inventory,wipe,report reco.yes=1 reco.wipe=zero reco.verify=sample reco.countdown=20" > /tmp/cmdline
reco menu --auto --lang en --cmdline /tmp/cmdline > /out/menu.out 2>&1 &
pid=$!
i=0
while ! grep -q "wiping in" /out/menu.out 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 600 ] && break; sleep 0.2
done
vm_mark "countdown started: swapping $A and $B"
# gone: until no disk answers to serial $1 (the delete may still be releasing it)
gone() { i=0; while vm_dev_by_serial "$1" >/dev/null; do i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.1; done; }
back() { i=0; while ! vm_dev_by_serial "$1" >/dev/null; do i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.1; done; }
# If the names still come back unswapped (an old name released late), delete
# both and rescan again, while the countdown lasts.
for try in 1 2 3 4; do
	cur_A=$(vm_dev_by_serial REN-A) cur_B=$(vm_dev_by_serial REN-B)
	echo 1 > /sys/block/${cur_A#/dev/}/device/delete
	echo 1 > /sys/block/${cur_B#/dev/}/device/delete
	gone REN-A; gone REN-B; sleep 0.5
	# a new disk takes the lowest free name: the one that must end with the
	# lower name is scanned first (REN-A is target 1, REN-B target 2; which
	# of them the boot named sda varies)
	if [ "$A" \< "$B" ]; then first="2 REN-B" then="1 REN-A"; else first="1 REN-A" then="2 REN-B"; fi
	echo "0 ${first% *} 0" > /sys/class/scsi_host/host$host/scan
	back "${first#* }"
	echo "0 ${then% *} 0" > /sys/class/scsi_host/host$host/scan
	back "${then#* }"
	nA=$(vm_dev_by_serial REN-A) nB=$(vm_dev_by_serial REN-B)
	echo "after swap $try: REN-A $nA REN-B $nB"
	[ "$nB" = "$A" ] && [ "$nA" = "$B" ] && break
	grep -q "wiping in [0-6] s" /out/menu.out && break
done
[ "$nB" = "$A" ] && [ "$nA" = "$B" ] && echo yes > /out/swapped
wait $pid
echo $? > /out/menu.rc
sha256sum < "$nA" > /out/A-after.sha
cat /out/menu.out
sess=$(sed -n 's/^reco: session //p' /out/menu.out | head -n1)
cp -r "$sess" /out/session 2>/dev/null
reco report verify "$sess/report.json" --ca /tmp/ca/ca.pem > /out/verify.out 2>&1
echo $? > /out/verify.rc
# by hand: REN-A (now $nA) with its serial but the diskseq of before the swap
old=$(cat /out/seqA-before)
reco wipe --yes --method zero --verify none --session /out/s-old --expect-serial REN-A --expect-diskseq "$old" "$nA" > /out/oldseq.out 2> /out/oldseq.err
echo $? > /out/oldseq.rc
cat /out/oldseq.err
now=$(cat /sys/block/${nA#/dev/}/diskseq)
reco wipe --yes --method zero --verify full --session /out/s-now --expect-serial REN-A --expect-diskseq "$now" "$nA" > /out/now.out 2> /out/now.err
echo $? > /out/now.rc
cat /out/now.err
exit 0
