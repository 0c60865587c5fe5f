# 07-nvme-format (host): NVMe Format through QEMU's emulated controller
# (`reco wipe --method nvme-format`), ready for the firmware sanitize issue.
# Skipped until that lands; when it does: remove VM_SKIP and check that the
# namespace reads back as zeros after the Format and that the result is
# "erased" with nist_category "purge" only for a crypto-erase format.
VM_SKIP="firmware methods not implemented (issue 5)"

vm_setup() {
	vm_image "$VM_DIR/nvme.img" 64 random
	vm_disk nvme "$VM_DIR/nvme.img" FMT-NVME
}

vm_check() {
	local t
	t=$(jq -c '.targets[0] // empty' "$VM_RES/s/wipe.json" 2>/dev/null)
	expect_eq "$(jq -r .result <<<"$t")" erased "result"
	vm_check_zero "$VM_DIR/nvme.img"
}
