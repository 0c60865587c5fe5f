# 11-firmware-auto (host): what `--method auto` picks on each emulated bus,
# from what the drive reports.  QEMU's NVMe controller offers Format NVM
# SES=1 but neither Sanitize nor cryptographic erase; Format SES=1 is only
# Clear (NIST SP 800-88 Rev. 2 / IEEE 2883-2022), so auto, which takes only
# a Purge method, falls back to a verified random overwrite there and says
# why; QEMU's SATA, SCSI, USB and virtio disks offer no erase command, so the
# same.  QEMU's SATA disk does not set IDENTIFY word 82 bit 10 (HPA feature
# set) nor word 119 bit 8 (AMAC), so its native max cannot be read: its
# hidden areas are "not checked" with that reason, never "0 hidden sectors"
# (which reco used to say); the USB disk refuses ATA PASS-THROUGH: "not
# checked" with that reason.
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
		expect_eq "$(jq -r .method <<<"$t")" random "$b: auto falls back to random"
		expect_eq "$(jq -r .nist_category <<<"$t")" clear "$b: clear"
		vm_check_keystream "$VM_DIR/$b.img" "$t"
	done
	t=$(vm_wipe_target "$w" AUTO-NVME)
	expect_eq "$(jq -r '.auto.why | test("SES=1 \\(user data erase\\): offered, but Clear only")' <<<"$t")" true \
		"nvme: Format SES=1 seen, and said to be Clear only"
	t=$(vm_wipe_target "$w" AUTO-USB)
	expect_eq "$(jq -r '.auto.why | test("USB")' <<<"$t")" true "usb: the reason names USB"
	expect_eq "$(jq -r '.hpa.status' <<<"$t")" "not checked" "usb: hidden areas not checked (no ATA PASS-THROUGH)"
	expect_eq "$(jq -r '.hpa.reason | test("refused ATA PASS-THROUGH")' <<<"$t")" true "usb: the reason"
	t=$(vm_wipe_target "$w" AUTO-SATA)
	expect_eq "$(jq -r '.hpa | [.status, has("hidden_sectors")] | join(" ")' <<<"$t")" "not checked false" \
		"sata: no HPA/AMAC feature in IDENTIFY: not checked, no hidden count"
	expect_eq "$(jq -r '.hpa.reason | test("neither READ NATIVE MAX ADDRESS")' <<<"$t")" true "sata: the reason"
	expect_eq "$(jq -r '.reason | test("hidden areas \\(HPA/DCO\\) not checked")' <<<"$t")" true \
		"sata: erased says the hidden areas were not checked"
}
