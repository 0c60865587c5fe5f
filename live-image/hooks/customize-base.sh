#!/bin/sh
# mmdebstrap customize hook for the base root file system: system settings
# that do not depend on reco (locale, keyboard, network, boot speed) and
# a smaller kernel module tree.
set -eu
root=$1

echo reco > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\treco\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
printf 'LANG=fr_FR.UTF-8\n' > "$root/etc/default/locale"
cat > "$root/etc/default/keyboard" <<'KBD'
XKBMODEL="pc105"
XKBLAYOUT="fr"
XKBVARIANT="latin9"
XKBOPTIONS=""
BACKSPACE="guess"
KBD
chroot "$root" locale-gen >/dev/null
# Compile the console keymap and font now, not at every boot.
chroot "$root" setupcon --save-only 2>/dev/null || true

# Wired network by DHCP for the registry upload, and Wi-Fi once reco diag
# has joined the workshop's network; nothing waits for it.
mkdir -p "$root/etc/systemd/network"
cat > "$root/etc/systemd/network/80-reco-wired.network" <<'NET'
[Match]
Name=en* eth* wl*

[Network]
DHCP=yes
NET
chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service >/dev/null 2>&1
ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
# Boot speed and a live system: no first-boot questions, no waiting for the
# network, journal in memory only.
for u in systemd-networkd-wait-online.service systemd-firstboot.service \
	e2scrub_all.timer e2scrub_reap.service fstrim.timer apt-daily.timer \
	apt-daily-upgrade.timer smartmontools.service smartd.service \
	systemd-pcrphase.service systemd-pcrphase-sysinit.service \
	systemd-pcrphase-initrd.service; do
	ln -sf /dev/null "$root/etc/systemd/system/$u"
done
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' > "$root/etc/systemd/journald.conf.d/reco.conf"
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
passwd -R "$root" -d root >/dev/null 2>&1 || chroot "$root" passwd -d root >/dev/null

# Kernel modules a refurbishing station never needs (InfiniBand).  Sound,
# webcams (media), wireless and Bluetooth stay: reco diag tests the
# functions a family uses (issue 17), with their firmware.
for kdir in "$root"/lib/modules/*; do
	[ -d "$kdir/kernel" ] || continue
	rm -rf "$kdir/kernel/drivers/infiniband"
	chroot "$root" depmod "$(basename "$kdir")"
done

rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
	"$root"/var/cache/apt/*.bin "$root"/var/log/*.log
