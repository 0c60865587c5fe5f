#!/bin/bash
# lintian on the packages `make deb` built (the .changes: both .deb files
# and the .buildinfo): no error, no warning.  An override, if one is ever
# needed, sits in debian/<package>.lintian-overrides under a comment line
# giving its reason; this test checks that every override has one.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib.sh"
command -v lintian >/dev/null || { echo "1..0 # skip lintian missing (contrib/install-deps)"; exit 0; }
pkg_debs
changes=$RECO_BUILD/deb/reco_${PKG_VERSION}_$PKG_ARCH.changes
[ -f "$changes" ] || { echo "Bail out! no $changes: run make deb"; exit 1; }

run lintian --fail-on error,warning --no-tag-display-limit "$changes"
ok "$status" "lintian: no error, no warning" "$out
$err"
unlike "$out" "^[EW]: " "lintian prints no E: or W: line"
printf '%s\n' "$out" | grep '^[IPX]: ' | sed 's/^/# lintian: /'

for f in "$PKG_TOP"/debian/*lintian-overrides "$PKG_TOP"/debian/source/lintian-overrides; do
	[ -f "$f" ] || continue
	bad=$(awk '/^[[:space:]]*$/ { c = 0; next } /^#/ { c = 1; next } { if (!c) print FILENAME ": " $0; c = 0 }' "$f")
	is "$bad" "" "${f#"$PKG_TOP"/}: every override has its reason on the line above"
done

# lintian catches a broken package: the same reco without its copyright file
X=$T_TMP/broken
dpkg-deb -R "$RECO_BUILD/deb/reco_${PKG_VERSION}_$PKG_ARCH.deb" "$X"
rm -f "$X/usr/share/doc/reco/copyright"
dpkg-deb -b --root-owner-group "$X" "$T_TMP/reco_broken.deb" >/dev/null
run lintian --fail-on error,warning "$T_TMP/reco_broken.deb"
ok "$([ "$status" != 0 ]; echo $?)" "lintian fails on a package without its copyright file"
like "$out" "E: reco: no-copyright-file" "... saying so"

done_testing
