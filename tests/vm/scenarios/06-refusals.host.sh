# 06-refusals (host): in a real (virtual) system, `reco wipe --list` and
# `reco wipe --yes` refuse
#   MOUNTED    a disk whose ext4 filesystem is mounted,
#   BOOTSTICK  the reco boot medium: a mounted filesystem (read-only, as
#              live-boot does) holding the marker file "reco-boot-medium",
#   BOOTDEV    the boot device named in /run/reco/boot-device (how the live
#              image records the disk it booted from),
# while FREE, an ordinary disk, is listed as wipeable (the control).  The
# boot media are byte-identical on the host afterwards; the mounted ext4
# (mounted read-write, so its superblock changes) passes e2fsck with its
# files intact.
REFUSED="MOUNTED BOOTSTICK BOOTDEV"

vm_setup() {
	vm_image "$VM_DIR/MOUNTED.img" 64 ext4
	vm_image "$VM_DIR/BOOTSTICK.img" 64 zero
	mkdir -p "$VM_DIR/stick"
	echo "reco live medium" > "$VM_DIR/stick/reco-boot-medium"
	mkfs.ext4 -q -F -L RECO-DATA -d "$VM_DIR/stick" "$VM_DIR/BOOTSTICK.img"
	vm_image "$VM_DIR/BOOTDEV.img" 64 random
	vm_image "$VM_DIR/FREE.img" 64 random
	local s
	for s in $REFUSED FREE; do
		sha256sum < "$VM_DIR/$s.img" > "$VM_DIR/$s.sha"
	done
	vm_disk sata "$VM_DIR/MOUNTED.img" MOUNTED
	vm_disk usb "$VM_DIR/BOOTSTICK.img" BOOTSTICK
	vm_disk nvme "$VM_DIR/BOOTDEV.img" BOOTDEV
	vm_disk virtio "$VM_DIR/FREE.img" FREE
}

# The --list --json entry of a device, whatever the array is called.
list_entry() { # path
	jq -c --arg p "$1" '[.. | objects | select(.path? == $p)][0] // empty' "$VM_RES/list.json" 2>/dev/null
}
# Whether an entry says the device may be wiped: the first boolean among the
# usual names.
entry_wipeable() {
	jq -r '[.eligible, .wipeable, .may_wipe, .can_wipe, .allowed, .ok] | map(select(. != null)) |
		if length > 0 then .[0] else "unknown" end' <<<"$1"
}

vm_check() {
	local s dev e reason want
	expect_eq "$(cat "$VM_RES/list.rc" 2>/dev/null)" 0 "reco wipe --list --json exit status"
	expect "--list --json is JSON" jq -e . "$VM_RES/list.json"
	for s in $REFUSED FREE; do
		dev=$(cat "$VM_RES/dev-$s" 2>/dev/null)
		e=$(list_entry "$dev")
		if [ -z "$e" ]; then vm_fail "$s ($dev) missing from --list --json"; continue; fi
		if [ $s = FREE ]; then
			expect_eq "$(entry_wipeable "$e")" true "$s: --list says wipeable"
		else
			expect_eq "$(entry_wipeable "$e")" false "$s: --list says not wipeable"
			reason=$(jq -r '[.reason, .refusal, .why] | map(select(. != null)) | .[0] // ""' <<<"$e")
			case $s in MOUNTED) want='mounted' ;; *) want='boot medium' ;; esac
			expect "$s: --list reason '$reason' says '$want'" grep -qi "$want" <<<"$reason"
			# Human --list: the device's line gives the reason too.
			expect "$s: human --list names $dev with '$want'" grep -i "$want" "$VM_RES/list-$s.txt"
			expect_eq "$(cat "$VM_RES/yes-$s.rc" 2>/dev/null)" 1 "$s: reco wipe --yes exit status"
			expect "$s: --yes message names $dev" grep -qF "$dev" "$VM_RES/yes-$s.err"
			expect "$s: --yes message says '$want'" grep -qi "$want" "$VM_RES/yes-$s.err"
			if [ $s = MOUNTED ]; then
				# Mounted read-write, its superblock and journal change; the
				# filesystem must be intact with both files readable.
				expect "$s: e2fsck -fn clean" e2fsck -fn "$VM_DIR/$s.img"
				expect_eq "$(debugfs -R 'cat /hello.txt' "$VM_DIR/$s.img" 2>/dev/null)" "reco vm test data" "$s: file from the host intact"
				expect_eq "$(debugfs -R 'cat /guest.txt' "$VM_DIR/$s.img" 2>/dev/null)" "written in the guest" "$s: file written in the guest intact"
			else
				expect_eq "$(sha256sum < "$VM_DIR/$s.img")" "$(cat "$VM_DIR/$s.sha")" "$s: image unchanged"
			fi
		fi
	done
}
