# 03-bad-sectors (host): QEMU blkdebug makes chosen sectors fail with EIO
# (werror=report,rerror=report, so the guest sees the error): on write at
# LBAs 1000 and 50000 of one disk, on read (the verification pass) at LBA
# 70000 of another.  Each result must be "failed" listing exactly those LBAs
# (512-byte logical blocks), and every other block must hold the keystream.
WRITE_BAD="1000 50000"
READ_BAD="70000"

blkdebug_conf() { # event lba... > file
	# iotype: an activated rule otherwise fails reads and writes alike.
	local ev=$1 io=$2 s; shift 2
	for s in "$@"; do
		printf '[inject-error]\nevent = "%s"\niotype = "%s"\nsector = "%s"\nerrno = "5"\n\n' "$ev" "$io" "$s"
	done
}

vm_setup() {
	vm_image "$VM_DIR/wbad.img" 64 random
	vm_image "$VM_DIR/rbad.img" 64 random
	blkdebug_conf write_aio write $WRITE_BAD > "$VM_DIR/wbad.conf"
	blkdebug_conf read_aio read $READ_BAD > "$VM_DIR/rbad.conf"
	vm_disk virtio "blkdebug:$VM_DIR/wbad.conf:$VM_DIR/wbad.img" BAD-WRITE "" werror=report,rerror=report
	vm_disk virtio "blkdebug:$VM_DIR/rbad.conf:$VM_DIR/rbad.img" BAD-READ "" werror=report,rerror=report
}

# The distinct ranges, "lba:count ..." in LBA order (a sector that cannot be
# written may also be listed as unreadable or mismatching: same range).
ranges_of() { # target-json
	jq -r '[.bad_ranges[]? | [.first_lba, .count]] | unique | map("\(.[0]):\(.[1])") | join(" ")' <<<"$1"
}

vm_check() {
	local w=$VM_RES/s/wipe.json t want l
	expect_eq "$(cat "$VM_RES/wipe.rc" 2>/dev/null)" 1 "reco wipe exit status (1: a wipe failed)"
	t=$(vm_wipe_target "$w" "$(cat "$VM_RES/dev-w" 2>/dev/null)")
	if [ -z "$t" ]; then vm_fail "no BAD-WRITE target in wipe.json"; else
		expect_eq "$(jq -r .result <<<"$t")" failed "write errors: result"
		want=""; for l in $WRITE_BAD; do want="$want $l:1"; done
		expect_eq "$(ranges_of "$t")" "${want# }" "write errors: bad_ranges"
		expect_eq "$(jq -r '.reason | length > 0' <<<"$t")" true "write errors: a reason"
		expect_eq "$(jq -r '[.bad_ranges[]? | select(.op == "write") | "\(.first_lba):\(.count)"] | join(" ")' <<<"$t")" "${want# }" "write errors: listed as unwritable"
		# shellcheck disable=SC2086
		vm_check_keystream "$VM_DIR/wbad.img" "$t" $WRITE_BAD
	fi
	t=$(vm_wipe_target "$w" "$(cat "$VM_RES/dev-r" 2>/dev/null)")
	if [ -z "$t" ]; then vm_fail "no BAD-READ target in wipe.json"; else
		expect_eq "$(jq -r .result <<<"$t")" failed "read errors: result"
		want=""; for l in $READ_BAD; do want="$want $l:1"; done
		expect_eq "$(ranges_of "$t")" "${want# }" "read errors: bad_ranges"
		expect_eq "$(jq -r '[.bad_ranges[]? | select(.op == "write")] | length' <<<"$t")" 0 "read errors: nothing unwritable"
		# The write went through everywhere, the unreadable block included.
		vm_check_keystream "$VM_DIR/rbad.img" "$t"
	fi
}
