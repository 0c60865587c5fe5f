# 12-nvme-namespaces (host): one emulated NVMe controller holding two
# namespaces, the second one mounted in the guest.  NVMe Sanitize acts on
# every namespace of the controller, so `reco wipe --method
# nvme-sanitize-block` on the first namespace is refused with the reason,
# naming the mounted one, before any command is sent; a firmware method on a
# partition of the first namespace is refused (exit 2), and --method auto on
# that partition falls back to an overwrite; QEMU's controller reports FNA 0
# (Format NVM acts on the namespace addressed), so Format NVM of the first
# namespace goes ahead, and the mounted namespace keeps its files.

vm_setup() {
	vm_image "$VM_DIR/ns1.img" 32 random
	printf 'label: gpt\n,8M,L\n' | sfdisk -q "$VM_DIR/ns1.img" >/dev/null
	vm_image "$VM_DIR/ns2.img" 32 ext4
	VM_ARGS+=(-device nvme,id=nvme0,serial=NS-CTRL
		-drive "if=none,id=ns1,file=$VM_DIR/ns1.img,format=raw" -device nvme-ns,drive=ns1,bus=nvme0,nsid=1
		-drive "if=none,id=ns2,file=$VM_DIR/ns2.img,format=raw" -device nvme-ns,drive=ns2,bus=nvme0,nsid=2)
	VM_NDISKS=$((VM_NDISKS + 2))
}

vm_check() {
	local ns2 w
	ns2=$(cat "$VM_RES/ns2" 2>/dev/null)
	expect_eq "$(cat "$VM_RES/san.rc" 2>/dev/null)" 1 "sanitize with the other namespace mounted: exit status"
	expect "sanitize refusal names the reach and the mounted namespace ($(head -c 300 "$VM_RES/san.err"))" \
		grep -q "NVMe Sanitize acts on every namespace of the controller, and $ns2 device is mounted at /mnt/ns2" \
		"$VM_RES/san.err"
	expect "sanitize refused: nothing written" grep -q "nothing was written" "$VM_RES/san.err"
	expect "sanitize refused: no result file" test ! -e "$VM_RES/s-san/wipe.json"

	expect_eq "$(cat "$VM_RES/part.rc" 2>/dev/null)" 2 "nvme-format on a partition: exit status"
	expect "partition refusal says the whole disk ($(head -c 300 "$VM_RES/part.err"))" \
		grep -q "erases the whole disk /dev/nvme0n1, not only this partition" "$VM_RES/part.err"

	expect_eq "$(cat "$VM_RES/auto.rc" 2>/dev/null)" 0 "auto on a partition: exit status"
	expect_json "$VM_RES/s-auto/wipe.json" '.targets[0] | [.method, .result] | join(" ")' "random erased" \
		"auto on a partition: a verified overwrite"

	w=$VM_RES/s-fmt/wipe.json
	expect_eq "$(cat "$VM_RES/fmt.rc" 2>/dev/null)" 0 "format of namespace 1 (FNA 0): exit status"
	expect_json "$w" '.targets[0].result' erased "format of namespace 1: result"
	expect_json "$w" '.targets[0].firmware.scope | join(",")' /dev/nvme0n1 "format of namespace 1: reaches it alone"
	expect_json "$w" '.targets[0].firmware.command | test("namespace 1,")' true "format addressed to namespace 1"
	vm_check_zero "$VM_DIR/ns1.img"
	expect "namespace 2: e2fsck -fn clean" e2fsck -fn "$VM_DIR/ns2.img"
	expect_eq "$(debugfs -R 'cat /hello.txt' "$VM_DIR/ns2.img" 2>/dev/null)" "reco vm test data" \
		"namespace 2: the host's file is intact"
	expect_eq "$(debugfs -R 'cat /guest.txt' "$VM_DIR/ns2.img" 2>/dev/null)" "written in the guest" \
		"namespace 2: the guest's file is intact"
}
