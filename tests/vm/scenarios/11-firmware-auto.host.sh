# 11-firmware-auto (host): what `--method auto` picks on each emulated bus,
# from what the drive reports (issue 5).  QEMU's NVMe controller offers
# Format NVM but neither Sanitize nor cryptographic erase, so auto must pick
# Format SES=1 (purge) and the namespace must read back as zeros; QEMU's
# SATA, SCSI, USB and virtio disks offer no erase command, so auto falls back
# to a verified random overwrite (clear) and says why.  The SATA disk also
# answers READ NATIVE MAX ADDRESS EXT: no hidden area.
BUSES="nvme sata scsi usb virtio"

vm_setup() {
	local b
	for b in $BUSES; do
		vm_image "$VM_DIR/$b.img" 64 random
		vm_disk "$b" "$VM_DIR/$b.img" "AUTO-${b^^}"
	done
}

vm_check() {
	local w=$VM_RES/s/wipe.json b t
	expect_eq "$(cat "$VM_RES/auto.rc" 2>/dev/null)" 0 "reco wipe --method auto exit status"
	for b in $BUSES; do
		t=$(vm_wipe_target "$w" "AUTO-${b^^}")
		if [ -z "$t" ]; then vm_fail "$b: no target in wipe.json"; continue; fi
		expect_eq "$(jq -r .result <<<"$t")" erased "$b: result"
		expect_eq "$(jq -r '.auto.why | length > 0' <<<"$t")" true "$b: auto says why"
		case $b in
		nvme)
			expect_eq "$(jq -r .method <<<"$t")" nvme-format "nvme: auto picks Format NVM SES=1"
			expect_eq "$(jq -r .nist_category <<<"$t")" purge "nvme: purge"
			expect_eq "$(jq -r '.firmware.command | test("SES=1")' <<<"$t")" true "nvme: SES=1 recorded"
			expect_eq "$(jq -r '.firmware.before_after_check.unchanged_units' <<<"$t")" 0 \
				"nvme: every sampled block changed"
			vm_check_zero "$VM_DIR/nvme.img"
			;;
		*)
			expect_eq "$(jq -r .method <<<"$t")" random "$b: auto falls back to random"
			expect_eq "$(jq -r .nist_category <<<"$t")" clear "$b: clear"
			vm_check_keystream "$VM_DIR/$b.img" "$t"
			;;
		esac
	done
	t=$(vm_wipe_target "$w" AUTO-USB)
	expect_eq "$(jq -r '.auto.why | test("USB")' <<<"$t")" true "usb: the reason names USB"
	t=$(vm_wipe_target "$w" AUTO-SATA)
	expect_eq "$(jq -r '.hpa.hidden_sectors' <<<"$t")" 0 "sata: READ NATIVE MAX answered, nothing hidden"
	expect_eq "$(jq -r '.hpa.native_max_lba' <<<"$t")" 131071 "sata: native max LBA of a 64 MiB disk"
}
