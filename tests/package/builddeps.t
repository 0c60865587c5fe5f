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
for m in $pkgs; do
	pc=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc
	dev=$(dpkg -S "$pc" 2>/dev/null | head -n1 | cut -d: -f1)
	if [ -z "$dev" ]; then
		ok 1 "$m: a Debian package provides $pc" "dpkg -S $pc found nothing"
		continue
	fi
	grep -qxF "$dev" <<<"$bdeps"
	ok $? "$m ($dev) is in Build-Depends" "add $dev to Build-Depends in debian/control"
done
# libraries without a pkg-config file (EXTRA_LIBS += -lx in a module.mk):
# the package that ships libx.so or libx.a
extra=$(make -C "$TOP" -p -n -q all 2>/dev/null | sed -n 's/^EXTRA_LIBS := //p' | head -n1)
for l in $extra; do
	l=${l#-l}
	f=$(ls /usr/lib/*/lib$l.so /usr/lib/*/lib$l.a /usr/lib/lib$l.so /usr/lib/lib$l.a 2>/dev/null | head -n1)
	dev=$([ -n "$f" ] && dpkg -S "$f" 2>/dev/null | head -n1 | cut -d: -f1)
	if [ -z "$dev" ]; then
		ok 1 "-l$l: a Debian package provides lib$l" "no lib$l.so nor lib$l.a from a package"
		continue
	fi
	grep -qxF "$dev" <<<"$bdeps"
	ok $? "-l$l ($dev) is in Build-Depends" "add $dev to Build-Depends in debian/control"
done
# parted: headers only (label.c dlopens the library)
grep -qxF libparted-dev <<<"$bdeps"
ok $? "libparted-dev (headers of wipe --label) is in Build-Depends"
done_testing
