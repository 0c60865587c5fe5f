#!/bin/bash
# The Debian packages in a clean Debian 12 root (tests/package/lib.sh): they
# install with apt and their dependencies alone, the programs, man pages,
# completion, translations and the registry's user, data directory,
# settings and unit are where Debian puts them and work (reco --version,
# reco inventory on a captured machine, man -w, systemd-analyze verify, the
# registry CLI as the service's user); then removal keeps the settings and
# the data, purge removes the settings and keeps the data unless the
# administrator answered reco-registry/purge-data, and nothing else of the
# packages is left behind.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/inventory-lib.sh"
. "$(dirname "$0")/lib.sh"
pkg_need_root
trap 'pkg_umount_all; rm -rf "$T_TMP" "$R"' EXIT
pkg_debs
pkg_base

R=$PKG_WORK/install-root
pkg_root "$R"
chk() { pkg_chroot "$R" "$@"; } # chk CMD: in the root

# ---- install -------------------------------------------------------------------
pkg_apt_install "$R" /tmp/debs/reco_${PKG_VERSION}_$PKG_ARCH.deb /tmp/debs/reco-registry_${PKG_VERSION}_$PKG_ARCH.deb
ok $? "apt-get install of reco and reco-registry with their dependencies" "$(tail -20 "$PKG_WORK/apt.log")"
run chk debconf-show reco-registry
is "$out" "  reco-registry/purge-data: false" "the installation asks nothing (debconf: its one question unseen, false)"
run chk dpkg-query -W -f '${Status} ${Version}\n' reco reco-registry
is "$out" "install ok installed $PKG_VERSION
install ok installed $PKG_VERSION" "both packages installed, version $PKG_VERSION"

# ---- the station tools -------------------------------------------------------
run chk reco --version
is "$status:$out" "0:reco $PKG_VERSION" "reco --version prints the package version"
for t in inventory diag wipe report keys registry menu sync; do
	run chk reco "$t" --version
	is "$status:$out" "0:reco $t $PKG_VERSION" "reco $t --version through the dispatcher"
done
mkdir -p "$R/tmp/machine"
cp -a "$FIXTURES/machines/debian12-virtio-vm/." "$R/tmp/machine/"
run chk reco inventory --json --no-smart --root /tmp/machine
is "$status:$err" "0:" "reco inventory --json --root (a captured machine) runs"
printf '%s\n' "$out" >"$T_TMP/got.json"
inv_normalise "$T_TMP/got.json" "$T_TMP/got.norm" && inv_normalise "$R/tmp/machine/expected.json" "$T_TMP/want.norm"
cmp -s "$T_TMP/got.norm" "$T_TMP/want.norm"
ok $? "... and gives the machine's golden inventory" "$(diff -u "$T_TMP/want.norm" "$T_TMP/got.norm" | head -30)"
# The packaged reco report knows the date of its sources: it refuses to
# seal with a clock before it (a flat CMOS battery).  A build from a copy
# without git used to embed 0 there, and sealed in 2010 without a word.
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [ -n "$FT" ]; then
	cp "$FT" "$R/tmp/libfaketime.so.1"
	mkdir -p "$R/tmp/s2010" && cp "$R/tmp/machine/expected.json" "$R/tmp/s2010/inventory.json"
	run chk env LD_PRELOAD=/tmp/libfaketime.so.1 FAKETIME='@2010-01-01 00:00:00' \
		reco report seal /tmp/s2010 --no-pdf --uncertified
	is "$status" 1 "the packaged reco report refuses to seal with a clock in 2010"
	like "$err" "the clock of this computer says 2010-01-01T00:00:00Z, before this reco was made \(20[2-9][0-9]-" \
		"... naming the date of its sources"
	ok "$([ ! -e "$R/tmp/s2010/report.json" ]; echo $?)" "... and writes no report"
else
	skip "faketime not installed (contrib/deps/report.list)"
fi

run chk reco --help
for t in inventory diag wipe report keys registry menu sync; do
	like "$out" "^  $t " "reco --help lists $t"
done
unlike "$out" "\(not installed\)" "... none of them marked (not installed)"

for src in "$PKG_TOP"/man/*.scd; do
	page=$(basename "$src" .scd)
	name=${page%.*} sec=${page##*.}
	run chk man -w "$sec" "$name"
	is "$status:$out" "0:/usr/share/man/man$sec/$page.gz" "man -w $sec $name"
done
run chk man -w reco-wipe
is "$out" /usr/share/man/man8/reco-wipe.8.gz "man -w reco-wipe"
for l in fr en; do
	ok "$([ -s "$R/usr/share/locale/$l/LC_MESSAGES/reco.mo" ]; echo $?)" "translations: $l"
done
for c in reco reco-inventory reco-diag reco-wipe reco-report reco-keys reco-menu reco-sync reco-registry; do
	f=$R/usr/share/bash-completion/completions/$c
	ok "$([ -e "$f" ] && grep -q '^complete -F _reco' "$f"; echo $?)" "bash completion for $c where bash-completion loads it"
done

# ---- the registry's service --------------------------------------------------
run chk getent passwd reco-registry
like "$out" "^reco-registry:x:[0-9]+:[0-9]+:.*:/var/lib/reco-registry:/usr/sbin/nologin$" "system user reco-registry"
uid=$(printf '%s' "$out" | cut -d: -f3)
ok "$([ "$uid" -lt 1000 ]; echo $?)" "... a system uid ($uid)"
run chk stat -c '%U:%G %a' /var/lib/reco-registry /etc/reco/registry.conf
is "$out" "reco-registry:reco-registry 750
root:reco-registry 640" "data directory 0750 for the user; settings 0640 root:reco-registry"
run chk systemd-analyze verify /lib/systemd/system/reco-registry.service
is "$status:$err" "0:" "systemd-analyze verify reco-registry.service"
ok "$([ -L "$R/etc/systemd/system/multi-user.target.wants/reco-registry.service" ]; echo $?)" "the service is enabled (starts at boot)"
run chk systemd-analyze security --offline=true --threshold=20 /lib/systemd/system/reco-registry.service
level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for reco-registry.service: \([0-9.]*\).*/\1/p')
ok "$(awk -v l="${level:-99}" 'BEGIN { exit !(l <= 2.0) }'; echo $?)" "systemd-analyze security (offline): $level, at most 2.0"
cmp -s "$R/etc/reco/registry.conf" "$PKG_TOP/contrib/registry.conf"
ok $? "/etc/reco/registry.conf is contrib/registry.conf"
run chk grep -c /etc/reco/registry.conf /var/lib/dpkg/info/reco-registry.conffiles
is "$out" 1 "... a conffile"

# The README's first commands: an admin account, as the service's user.
run chk sh -c 'echo first-password | runuser -u reco-registry -- reco registry user add admin --role coordinator'
is "$status" 0 "runuser -u reco-registry -- reco registry user add admin: works with the packaged settings"
run chk stat -c '%U %a' /var/lib/reco-registry/registry.db
is "$out" "reco-registry 600" "... the database is in /var/lib/reco-registry, the user's, 0600"
run chk sh -c 'echo other-password | reco registry user add root-admin --role coordinator'
is "$status" 3 "the same as root: refused"
like "$err" "belongs to the user reco-registry .*sudo -u reco-registry" "... naming the user to run as"

run chk runuser -u reco-registry -- reco registry beneficiary add --ref KEPT-1
is "$status:$out" "0:KEPT-1" "a beneficiary in the registry (to find it again after a reinstall)"

# ---- remove, purge ------------------------------------------------------------
run chk apt-get remove -y -q reco-registry reco
is "$status" 0 "apt-get remove"
ok "$([ ! -e "$R/usr/bin/reco" ] && [ ! -e "$R/usr/bin/reco-registry" ] && [ ! -e "$R/lib/systemd/system/reco-registry.service" ]; echo $?)" "remove: programs and unit gone"
ok "$([ -f "$R/etc/reco/registry.conf" ]; echo $?)" "remove: the settings file stays (a conffile)"
ok "$([ -f "$R/var/lib/reco-registry/registry.db" ]; echo $?)" "remove: the data stays"

run chk apt-get purge -y -q reco-registry reco
is "$status" 0 "apt-get purge (nothing answered: noninteractive)"
ok "$([ ! -e "$R/etc/reco" ]; echo $?)" "purge: /etc/reco gone"
run chk dpkg-statoverride --list /etc/reco/registry.conf
is "$out" "" "purge: the mode override of the settings file is gone"
ok "$([ -f "$R/var/lib/reco-registry/registry.db" ]; echo $?)" "purge without the administrator's word: the data stays (/var/lib/reco-registry)"
run chk getent passwd reco-registry
is "$status" 0 "purge: the system user stays (its files may remain)"
run chk dpkg -s reco
ok "$([ "$status" != 0 ]; echo $?)" "purge: dpkg knows reco no more"
run chk dpkg -s reco-registry
ok "$([ "$status" != 0 ]; echo $?)" "purge: dpkg knows reco-registry no more"
# nothing else with the packages' names anywhere, except the data kept,
# dpkg's and apt's own records and logs, and man-db's page cache (its
# daily job empties it)
left=$(cd "$R" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./var/lib/reco-registry \
	-o -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache/apt -o -path ./var/cache/debconf \
	-o -path ./var/cache/man -o -path ./tmp \) -prune \
	-o \( -name 'reco' -o -name 'reco[-_.]*' \) -print)
is "$left" "" "purge: no file named after the packages left elsewhere"

# Reinstall: the data kept is used again; then purge with the answer yes.
pkg_apt_install "$R" /tmp/debs/reco_${PKG_VERSION}_$PKG_ARCH.deb /tmp/debs/reco-registry_${PKG_VERSION}_$PKG_ARCH.deb
ok $? "reinstall" "$(tail -20 "$PKG_WORK/apt.log")"
run chk runuser -u reco-registry -- reco registry beneficiary list
like "$out" "KEPT-1" "the kept database is used again"
run chk sh -c 'echo "reco-registry reco-registry/purge-data boolean true" | debconf-set-selections'
is "$status" 0 "the administrator answers reco-registry/purge-data: yes (preseeded)"
run chk apt-get purge -y -q reco-registry reco
is "$status" 0 "apt-get purge"
ok "$([ ! -e "$R/var/lib/reco-registry" ]; echo $?)" "purge with the administrator's yes: /var/lib/reco-registry removed"

done_testing
