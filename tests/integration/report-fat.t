#!/bin/bash
# A station key on the stick's FAT data partition: FAT has no permissions, so
# the key's mode is the mount's fmask; seal must accept it there, and still
# refuse a world-readable key on a filesystem with permissions.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-lib.sh"
cd "$T_TMP" || exit 1

if [ "$(id -u)" != 0 ] || ! command -v mkfs.vfat >/dev/null; then
	skip "needs root and mkfs.vfat (dosfstools) to mount a FAT image"
	done_testing
	exit
fi
img=$(mktemp /dev/shm/reco-report-fat.XXXXXX)
mnt=$T_TMP/mnt
mkdir -p "$mnt"
cleanup() {
	mountpoint -q "$mnt" && umount "$mnt"
	rm -f "$img"
	rm -rf "$T_TMP"
}
trap cleanup EXIT
truncate -s 8M "$img"
mkfs.vfat -n RECO-DATA "$img" >/dev/null
if ! mount -o loop,fmask=0022,dmask=0022 "$img" "$mnt" 2>"$T_TMP/mount.err"; then
	skip "cannot mount a FAT image here: $(head -n 1 "$T_TMP/mount.err")"
	done_testing
	exit
fi

mk_ca ca "Recyclerie"
mk_station ca st "Poste FAT"
mkdir -p "$mnt/keys"
cp st/station.key st/station.pem "$mnt/keys/"
is "$(stat -c %a "$mnt/keys/station.key")" 755 "on FAT the key shows the mount's mode"
S=$(mk_session good)
RECO_KEYS=$mnt/keys run reco-report seal "$S" --no-pdf
is "$status" 0 "seal accepts the key on FAT" "$err"
run reco-report verify "$S/report.json" --ca ca/ca.pem
is "$status" 0 "... and the report verifies"
chmod 644 st/station.key
run reco-report seal "$(mk_session good)" --key st/station.key --cert st/station.pem --no-pdf
is "$status" 3 "a world-readable key on a real filesystem is still refused"
done_testing
