#!/bin/sh
# mmdebstrap essential hook: answers the questions of the packages about to
# be installed (French keyboard and language, both locales) and sets the
# initramfs options before the kernel's initramfs is generated.
set -eu
root=$1
chroot "$root" debconf-set-selections <<'SEL'
locales locales/locales_to_be_generated multiselect fr_FR.UTF-8 UTF-8, en_US.UTF-8 UTF-8
locales locales/default_environment_locale select fr_FR.UTF-8
keyboard-configuration keyboard-configuration/layoutcode string fr
keyboard-configuration keyboard-configuration/variantcode string latin9
keyboard-configuration keyboard-configuration/modelcode string pc105
keyboard-configuration keyboard-configuration/xkb-keymap select fr(latin9)
console-setup console-setup/charmap47 select UTF-8
console-setup console-setup/codesetcode string Lat15
SEL
printf '%s\n' 'fr_FR.UTF-8 UTF-8' 'en_US.UTF-8 UTF-8' > "$root/etc/locale.gen"
mkdir -p "$root/etc/initramfs-tools/conf.d"
cat > "$root/etc/initramfs-tools/conf.d/reco.conf" <<'CONF'
# reco live image: every storage driver (the stick may be USB, SATA, NVMe),
# zstd for a quick decompression.
MODULES=most
COMPRESS=zstd
CONF
