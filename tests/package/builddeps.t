#!/bin/bash
# debian/control's Build-Depends name the development package of every
# library the Makefile links with (PKGS, from the tools' module.mk files,
# resolved through the .pc file pkg-config reads; EXTRA_LIBS, through the
# library file), so that a clean builder
# fails in dpkg-checkbuilddeps rather than half-way through the build.
. "$(dirname "$0")/../integration/lib.sh"
TOP=$(cd "$TESTS_DIR/.." && pwd)
pkgs=$(make -C "$TOP" -p -n -q all 2>/dev/null | sed -n 's/^PKGS := //p' | head -n1)
ok "$([ -n "$pkgs" ]; echo $?)" "the Makefile's pkg-config modules: $pkgs"
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$TOP/debian/control" | sed -e 's/^Build-Depends://' -e 's/[(<][^)>]*[)>]//g' | tr ', ' '\n\n' | sed '/^$/d')
# in_bdeps WHAT FILE: the package that ships FILE is in Build-Depends
in_bdeps() {
	local dev
	dev=$([ -n "$2" ] && [ -e "$2" ] && dpkg -S "$2" 2>/dev/null | head -n1 | cut -d: -f1)
	if [ -z "$dev" ]; then
		ok 1 "$1: a Debian package provides ${2:-it}" "dpkg -S '$2' found nothing"
		return
	fi
	grep -qxF "$dev" <<<"$bdeps"
	ok $? "$1 ($dev) is in Build-Depends" "add $dev to Build-Depends in debian/control"
}
for m in $pkgs; do
	in_bdeps "$m" "$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc"
done
# libraries without a pkg-config file (EXTRA_LIBS += -lx in a module.mk):
# the package that ships libx.so or libx.a
extra=$(make -C "$TOP" -p -n -q all 2>/dev/null | sed -n 's/^EXTRA_LIBS := //p' | head -n1)
for l in $extra; do
	l=${l#-l}
	in_bdeps "-l$l" "$(ls /usr/lib/*/lib$l.so /usr/lib/*/lib$l.a /usr/lib/lib$l.so /usr/lib/lib$l.a 2>/dev/null | head -n1)"
done
# parted: headers only (label.c dlopens the library)
grep -qxF libparted-dev <<<"$bdeps"
ok $? "libparted-dev (headers of wipe --label) is in Build-Depends"
done_testing
