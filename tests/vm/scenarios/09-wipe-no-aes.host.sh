# 09-wipe-no-aes (host): on a CPU without AES instructions (QEMU's plain
# qemu64 model) `reco wipe --method random` must fall back to ChaCha20, say
# so in passes[].cipher, and leave exactly the ChaCha20 keystream that
# `openssl enc -chacha20` regenerates from the recorded key and IV.
vm_setup() {
	vm_image "$VM_DIR/noaes.img" 64 random
	vm_disk virtio "$VM_DIR/noaes.img" NO-AES
	VM_ARGS+=(-cpu qemu64)   # the last -cpu wins over run-vm's "max"
}

vm_check() {
	local t
	expect_eq "$(cat "$VM_RES/aes-flag" 2>/dev/null)" 0 "the guest CPU has no aes flag"
	expect_eq "$(cat "$VM_RES/wipe.rc" 2>/dev/null)" 0 "reco wipe exit status"
	t=$(jq -c '.targets[0] // empty' "$VM_RES/s/wipe.json" 2>/dev/null)
	if [ -z "$t" ]; then vm_fail "no target in wipe.json"; return; fi
	expect_eq "$(jq -r .result <<<"$t")" erased "result"
	expect_eq "$(jq -r '.passes[0].cipher' <<<"$t")" chacha20 "cipher"
	vm_check_keystream "$VM_DIR/noaes.img" "$t"
}
