#!/bin/bash
# The hardened registry service where systemd runs: the clean Debian 12 root
# of tests/package/lib.sh with reco and reco-registry installed by apt (and
# curl for the checks) becomes an ext4 disk; a small initramfs (busybox, the
# virtio and ext4 modules of the VM tests' Debian kernel) mounts it and
# hands over to systemd, in QEMU with software emulation (TCG).  There
# tests/package/service-guest.sh checks that reco-registry.service starts at
# boot as its own user without capabilities, that systemd-analyze security
# rates it at most 2.0, that it serves, stores an uploaded signed report and
# writes its database, that the README's admin account can log in, that it
# is restarted after a crash and stops cleanly on SIGTERM; its lines come
# back on the serial console.  `--keep` keeps the work directory.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/registry-lib.sh"
. "$(dirname "$0")/lib.sh"
REG_MK=$PKG_TOP/tests/integration/registry-mkreport.py
pkg_need_root
W=$PKG_WORK/service
trap 'pkg_umount_all; rm -rf "$T_TMP"; [ "${1:-}" = --keep ] || rm -rf "$W/root" "$W/disk.img"' EXIT
command -v qemu-system-x86_64 >/dev/null || { echo "1..0 # skip qemu-system-x86_64 missing"; exit 0; }
pkg_debs
pkg_base

# The kernel and busybox of the VM tests (downloaded once into build/vm/cache).
"$PKG_TOP/tests/vm/build-initramfs" --build "$RECO_BUILD" >"$T_TMP/vm.log" 2>&1 ||
	{ sed 's/^/# /' "$T_TMP/vm.log"; echo "Bail out! tests/vm/build-initramfs failed"; exit 1; }
PKGROOT=$RECO_BUILD/vm/pkgroot
KVER=$(ls "$PKGROOT/lib/modules" | head -n1)

# ---- the guest's root file system -------------------------------------------
mkdir -p "$W"
R=$W/root
pkg_root "$R"
pkg_apt_install "$R" /tmp/debs/reco_${PKG_VERSION}_$PKG_ARCH.deb /tmp/debs/reco-registry_${PKG_VERSION}_$PKG_ARCH.deb curl
ok $? "reco, reco-registry (and curl for the checks) installed in the guest's root" "$(tail -20 "$PKG_WORK/apt.log")"
# a signed report for the upload, and the CA that certifies its station
PKI=$T_TMP/pki
reg_pki "$PKI" && reg_report "$T_TMP/r1" "$PKI/st1" PC-SVC-1 >/dev/null && reg_envelope "$T_TMP/r1" >"$R/root/envelope.json"
ok $? "a signed report for the guest to upload"
install -m 0640 "$PKI/ca/ca.pem" "$R/var/lib/reco-registry/ca.pem"
pkg_chroot "$R" chown reco-registry:reco-registry /var/lib/reco-registry/ca.pem
# the checks run after the service; timers and gettys would only slow the boot
install -m 0755 "$PKG_TOP/tests/package/service-guest.sh" "$R/usr/local/sbin/reco-svc-test"
cat >"$R/etc/systemd/system/reco-svc-test.service" <<'EOF'
[Unit]
Description=checks of reco-registry.service (tests/package/service.t)
After=reco-registry.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/reco-svc-test
[Install]
WantedBy=multi-user.target
EOF
ln -sf ../reco-svc-test.service "$R/etc/systemd/system/multi-user.target.wants/reco-svc-test.service"
for u in "$R"/lib/systemd/system/*.timer getty@.service serial-getty@.service systemd-networkd-wait-online.service; do
	ln -sf /dev/null "$R/etc/systemd/system/${u##*/}"
done
pkg_umount "$R"
rm -rf "$R/tmp/debs" "$R/var/cache/apt/archives"/*.deb
mkdir -p "$R/var/cache/apt/archives/partial"
rm -f "$W/disk.img"
mke2fs -q -t ext4 -L reco-svc -d "$R" "$W/disk.img" 1536M >"$T_TMP/mke2fs.log" 2>&1
ok $? "the root as an ext4 disk ($(du -sm "$R" | cut -f1) MiB used)"

# ---- a small initramfs: modules for virtio and ext4, then systemd --------------
I=$T_TMP/initramfs
mkdir -p "$I/bin" "$I/proc" "$I/sys" "$I/dev" "$I/newroot" "$I/lib/modules"
cp "$PKGROOT/bin/busybox" "$I/bin/busybox"
for m in virtio_pci virtio_blk ext4 crc32c_generic; do
	modprobe -d "$PKGROOT" -S "$KVER" --show-depends "$m" 2>/dev/null
done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
	b=${ko##*/}
	case $b in
	*.ko.xz) xz -dc "$ko" >"$I/lib/modules/${b%.xz}"; b=${b%.xz} ;;
	*.ko.zst) zstd -qdc "$ko" >"$I/lib/modules/${b%.zst}"; b=${b%.zst} ;;
	*) cp "$ko" "$I/lib/modules/$b" ;;
	esac
	echo "$b" >>"$I/modules.order"
done
cat >"$I/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules.order); do insmod "/lib/modules/$m" 2>/dev/null; done
for _ in $(seq 100); do [ -b /dev/vda ] && break; sleep 0.1; done
mount -t ext4 -o rw /dev/vda /newroot || { echo "RECO-SVC-INIT: cannot mount /dev/vda"; poweroff -f; }
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /lib/systemd/systemd
EOF
chmod 0755 "$I/init"
(cd "$I" && find . | cpio -o -H newc --quiet) | gzip -1 >"$W/initramfs.gz"
ok $? "initramfs ($(wc -l <"$I/modules.order") modules)"

# ---- boot ---------------------------------------------------------------------
log=$W/console.log
t0=$(date +%s)
timeout 900 qemu-system-x86_64 -accel tcg -m 1G -smp 2 -nographic -no-reboot -nic none \
	-kernel "$PKGROOT/boot/vmlinuz-$KVER" -initrd "$W/initramfs.gz" \
	-append "console=ttyS0 panic=-1 quiet systemd.show_status=0 loglevel=3" \
	-drive "file=$W/disk.img,format=raw,if=virtio" >"$log" 2>&1 </dev/null
qrc=$?
secs=$(($(date +%s) - t0))
is "$qrc" 0 "the guest powered itself off ($secs s)"
grep -q 'RECO-SVC-DONE' "$log"
ok $? "the checks ran to their end" "$(tail -30 "$log")"
while IFS= read -r line; do
	case $line in
	"RECO-SVC: ok - "*) ok 0 "guest: ${line#RECO-SVC: ok - }" ;;
	"RECO-SVC: not ok - "*) l=${line#RECO-SVC: not ok - }; ok 1 "guest: ${l%% # *}" "${l#* # }" ;;
	esac
done < <(tr -d '\r' <"$log" | sed -n 's/.*\(RECO-SVC: \)/\1/p')
level=$(tr -d '\r' <"$log" | sed -n 's/^RECO-SVC-SECURITY: //p')
echo "# systemd-analyze security reco-registry.service (in the guest, systemd 252): $level"
n=$(tr -d '\r' <"$log" | grep -c 'RECO-SVC: ')
if [ "$_failed" != 0 ]; then
	echo "# the service's journal in the guest:"
	tr -d '\r' <"$log" | sed -n 's/^RECO-SVC-LOG: /#   /p'
fi
ok "$([ "$n" -ge 20 ]; echo $?)" "the guest reported its checks ($n)"

done_testing
