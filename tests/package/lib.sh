# tests/package/lib.sh — what the package tests share (sourced after
# tests/integration/lib.sh, which gives the TAP functions):
#
#   pkg_debs                   checks $PKG_DEBS (the .deb files `make deb` built)
#   pkg_base                   $PKG_WORK/base.tar: a clean Debian 12 root
#                              (mmdebstrap minbase + systemd-sysv + man-db),
#                              built once, with its apt lists; the .deb files
#                              it downloads are kept in $PKG_WORK/archives
#   pkg_root DIR               extracts the base into DIR and mounts /proc,
#                              /sys, /dev and the archive cache into it
#                              (pkg_umount DIR undoes the mounts; the EXIT
#                              trap calls it)
#   pkg_chroot DIR CMD...      runs CMD in DIR (noninteractive debconf, C.UTF-8)
#   pkg_apt_install DIR ARGS   apt-get install -y ARGS in DIR (the package
#                              files are copied to DIR/tmp/debs first)
#
# Needs root (mmdebstrap --mode=root, chroot, mount).  The first run
# downloads about 60 MB from the Debian archive; later runs need no network
# as long as the dependencies do not change.
PKG_TOP=$(cd "$TESTS_DIR/.." && pwd)
PKG_WORK=$RECO_BUILD/pkgtest
PKG_VERSION=$(dpkg-parsechangelog -l "$PKG_TOP/debian/changelog" -S Version)
PKG_ARCH=$(dpkg --print-architecture)
PKG_DEBS="$RECO_BUILD/deb/reco_${PKG_VERSION}_$PKG_ARCH.deb $RECO_BUILD/deb/reco-registry_${PKG_VERSION}_$PKG_ARCH.deb"
PKG_MIRROR=${RECO_MIRROR:-http://deb.debian.org/debian}
PKG_SECMIRROR=${RECO_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
PKG_MOUNTED=""
PKG_BASE_INCLUDE=systemd-sysv,man-db

pkg_need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "1..0 # skip needs root (mmdebstrap, chroot)"
		exit 0
	fi
}

pkg_debs() {
	local d
	for d in $PKG_DEBS; do
		[ -f "$d" ] || { echo "Bail out! no $d: run make deb"; exit 1; }
	done
}

pkg_base() {
	local stamp want
	want="bookworm minbase $PKG_BASE_INCLUDE"
	stamp=$(cat "$PKG_WORK/base.stamp" 2>/dev/null || true)
	[ -f "$PKG_WORK/base.tar" ] && [ "$stamp" = "$want" ] && return 0
	mkdir -p "$PKG_WORK/archives"
	echo "# building the clean Debian 12 root ($PKG_WORK/base.tar)"
	mmdebstrap --variant=minbase --mode=root --format=tar --include="$PKG_BASE_INCLUDE" \
		--skip=cleanup/apt/lists \
		--aptopt='Acquire::Languages "none"' \
		--setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
		--setup-hook="sync-in $PKG_WORK/archives /var/cache/apt/archives" \
		--customize-hook="sync-out /var/cache/apt/archives $PKG_WORK/archives" \
		bookworm "$PKG_WORK/base.tar.new" \
		"deb $PKG_MIRROR bookworm main" \
		"deb $PKG_MIRROR bookworm-updates main" \
		"deb $PKG_SECMIRROR bookworm-security main" >"$PKG_WORK/mmdebstrap.log" 2>&1 ||
		{ sed 's/^/# /' "$PKG_WORK/mmdebstrap.log" | tail -20; echo "Bail out! mmdebstrap failed"; exit 1; }
	mv "$PKG_WORK/base.tar.new" "$PKG_WORK/base.tar"
	echo "$want" >"$PKG_WORK/base.stamp"
}

pkg_root() {
	local r=$1
	rm -rf "$r"
	mkdir -p "$r"
	tar -C "$r" -xf "$PKG_WORK/base.tar"
	mount -t proc proc "$r/proc"
	mount --rbind /sys "$r/sys" && mount --make-rslave "$r/sys"
	mount --rbind /dev "$r/dev" && mount --make-rslave "$r/dev"
	mkdir -p "$PKG_WORK/archives"
	mount --bind "$PKG_WORK/archives" "$r/var/cache/apt/archives"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	PKG_MOUNTED="$PKG_MOUNTED $r"
}

pkg_umount() {
	local r=$1 m
	for m in var/cache/apt/archives dev sys proc; do
		mountpoint -q "$r/$m" 2>/dev/null && umount -R "$r/$m"
	done
	return 0
}

pkg_umount_all() {
	local r
	for r in $PKG_MOUNTED; do pkg_umount "$r"; done
}

pkg_chroot() {
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# apt-get install in the root; when apt cannot reach the archive it tries
# again with what is cached (offline)
pkg_apt_install() {
	local r=$1
	shift
	mkdir -p "$r/tmp/debs"
	cp $PKG_DEBS "$r/tmp/debs/"
	pkg_chroot "$r" apt-get install -y -q --no-install-recommends "$@" >"$PKG_WORK/apt.log" 2>&1 && return 0
	pkg_chroot "$r" apt-get update -q >>"$PKG_WORK/apt.log" 2>&1 || true
	pkg_chroot "$r" apt-get install -y -q --no-install-recommends "$@" >>"$PKG_WORK/apt.log" 2>&1
}
