# Step 3: a verified wipe of a throwaway disk image in /dev/shm — never a real
# disk.  The image gets a filesystem and some "donor data" first, so that the
# result shows what was on it; it is wiped through a loop device when root
# (O_DIRECT, O_EXCL, cache flush: the real-disk path), as a file otherwise.
# The session is $RECO_SESSION when an earlier step set one, else
# $DEMO/session.
SESSION=${RECO_SESSION:-$DEMO/session}
mkdir -p "$SESSION"
wipe_img=$(mktemp /dev/shm/reco-demo-wipe.XXXXXX)
truncate -s 256M "$wipe_img"
if command -v mkfs.ext4 >/dev/null 2>&1; then
	mkfs.ext4 -q -F -L donor-files "$wipe_img"
fi
dd if=/dev/urandom of="$wipe_img" bs=1M seek=64 count=64 conv=notrunc status=none
wipe_target=$wipe_img
wipe_loop=""
if [ "$(id -u)" = 0 ] && wipe_loop=$(losetup -f --show "$wipe_img" 2>/dev/null); then
	wipe_target=$wipe_loop
fi
wipe_rc=0
reco wipe --method random --verify full --yes --session "$SESSION" "$wipe_target" || wipe_rc=$?
[ -n "$wipe_loop" ] && losetup -d "$wipe_loop"
rm -f "$wipe_img"
if [ "$wipe_rc" != 0 ]; then
	echo "wipe: failed (exit $wipe_rc)" >&2
	false
fi
echo "wipe: $SESSION/wipe.json"
