# 22-guided-input (host): reco diag's guided keyboard, screen and pointer
# tests (issue 20) on QEMU's USB keyboard and tablet and its bochs display,
# driven by tests/vm/guided-driver.py through QMP as a person would: every
# key of the AZERTY layout pressed passes; one withheld (evdev KEY_Q, the A
# of AZERTY) is named and, marked broken, fails; each full-screen colour
# the test claims to show is on the screen (screendump), a defect picked
# on red fails; the tablet reaches the five targets, clicks and scrolls.
VM_TIMEOUT=150

vm_setup() {
	VM_ARGS+=(
		-vga none -device bochs-display,id=video0
		-device qemu-xhci,id=gx
		-device usb-kbd,bus=gx.0,display=video0
		-device usb-tablet,bus=gx.0,display=video0
		-qmp "unix:$VM_DIR/qmp.sock,server=on,wait=off"
	)
}

vm_boot() { vm_guided_boot input; }

part() { # part FILE KIND JQ
	jq -r --arg k "$2" "[.parts[] | select(.part == \$k)][0] | $3" "$VM_RES/$1" 2>/dev/null
}

vm_check() {
	expect_eq "$(grep -c 'USB Keyboard\|USB Tablet' "$VM_RES/input.txt" 2>/dev/null)" 2 "the USB keyboard and tablet seen by evdev"
	# the keyboard
	expect_eq "$(part kbd-all.json keyboard '.verdict')" PASS "every key pressed: PASS"
	expect_eq "$(part kbd-all.json keyboard '.metrics["keyboard.pressed"]')" 105 "105 keys of the desktop AZERTY layout read from evdev"
	expect_eq "$(part kbd-all.json keyboard '.layout.keymap + " " + (.layout.numpad | tostring)')" "fr true" "AZERTY, a desktop's keypad (QEMU's chassis)"
	expect_eq "$(cat "$VM_DIR/missing.txt" 2>/dev/null)" 16 "one key withheld: only it is listed"
	expect_eq "$(part kbd-one.json keyboard '.verdict + " " + (.keys_broken | join(","))')" "FAIL A" "the key withheld is named A (AZERTY) and, marked broken, fails"
	expect_eq "$(cat "$VM_RES/kbd-one.rc" 2>/dev/null)" 1 "a broken key: reco diag exits 1"
	# the screen
	local c
	for c in black white red green blue grey gradient; do
		expect_eq "$(awk -v c=$c '$1 == c { print $2 }' "$VM_DIR/screens.txt" 2>/dev/null)" ok "the screen shows $c when the test says so"
	done
	expect_eq "$(part display.json display '.verdict + " " + .rule')" "FAIL display.lines" "lines seen on red: FAIL"
	expect_eq "$(part display.json display '.screen.card')" card0 "drawn through KMS on card0"
	expect_eq "$(part display.json display '.metrics["display.screens"]')" 7 "seven pictures judged"
	# the pointer
	expect_eq "$(part pointer.json touchpad '.id + " " + .verdict')" "tablet PASS" "the tablet: targets, clicks, wheel: PASS"
	expect_eq "$(part pointer.json touchpad '.metrics["touchpad.targets"]')" 5 "five targets reached"
}
