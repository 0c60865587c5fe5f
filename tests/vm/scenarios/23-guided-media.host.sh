# 23-guided-media (host): reco diag's guided camera, speaker, microphone
# and USB port tests (issue 20), driven by tests/vm/guided-driver.py through
# QMP: each camera's live picture is on the screen (vivid's colour bars,
# then its black picture, judged right and black); the beeps come out left
# then right (the host reads the wav file QEMU's codec played into); a
# microphone that hears nothing is not proven, one that hears a sine
# passes; sticks hot-plugged onto ports 2 and 3 light them with their speed.
VM_TIMEOUT=200

vm_setup() {
	vm_image "$VM_DIR/stick1.img" 8 zero
	vm_image "$VM_DIR/stick2.img" 8 zero
	VM_ARGS+=(
		-vga none -device bochs-display,id=video0
		-device qemu-xhci,id=kx -device usb-kbd,bus=kx.0,display=video0
		-device qemu-xhci,id=ux
		-drive "if=none,id=stick1,file=$VM_DIR/stick1.img,format=raw"
		-drive "if=none,id=stick2,file=$VM_DIR/stick2.img,format=raw"
		-audiodev "wav,id=wav0,path=$VM_DIR/played.wav"
		-device intel-hda,id=hda0 -device hda-output,bus=hda0.0,audiodev=wav0
		-qmp "unix:$VM_DIR/qmp.sock,server=on,wait=off"
	)
}

vm_boot() { vm_guided_boot media; }

part() { # part FILE KIND JQ
	jq -r --arg k "$2" "[.parts[] | select(.part == \$k)][0] | $3" "$VM_RES/$1" 2>/dev/null
}
pid() { # pid FILE ID JQ
	jq -r --arg id "$2" "[.parts[] | select(.id == \$id)][0] | $3" "$VM_RES/$1" 2>/dev/null
}

# The order of the beeps in the wav file: L for each 50 ms that is loud on
# the left only, R on the right only, squeezed ("LR" when left came first).
wav_sides() {
	python3 - "$1" <<'PY'
import struct, sys, wave
w = wave.open(sys.argv[1]); n, c, r = w.getnframes(), w.getnchannels(), w.getframerate()
d = struct.unpack("<%dh" % (n * c), w.readframes(n))
win, out = r // 20, ""
for i in range(0, n - win, win):
    l = sum(abs(d[(i + j) * c]) for j in range(win)) / win
    rr = sum(abs(d[(i + j) * c + 1]) for j in range(win)) / win
    s = "L" if l > 500 and l > 8 * rr else "R" if rr > 500 and rr > 8 * l else ""
    if s and not out.endswith(s):
        out += s
print(out)
PY
}

vm_check() {
	# the camera
	expect_eq "$(awk '$1 == "video0" { print $2 }' "$VM_DIR/screens.txt" 2>/dev/null)" ok "video0's colour bars on the screen"
	expect_eq "$(awk '$1 == "video1" { print $2 }' "$VM_DIR/screens.txt" 2>/dev/null)" ok "video1's black picture on the screen"
	expect_eq "$(pid webcam.json video0 '.verdict')" PASS "a picture judged right: PASS"
	expect_eq "$(pid webcam.json video0 '.metrics["webcam.frames"] > 0')" true "frames shown"
	expect_eq "$(pid webcam.json video1 '.verdict + " " + .rule')" "FAIL webcam.black" "a picture judged black: FAIL"
	# the speakers
	expect_eq "$(part speakers.json speakers '.verdict')" PASS "both sides heard: PASS"
	if [ -s "$VM_DIR/played.wav" ]; then
		expect_eq "$(wav_sides "$VM_DIR/played.wav")" LR "the beeps played on the left, then on the right"
	else
		vm_fail "QEMU wrote no played.wav"
	fi
	# the microphone
	expect_eq "$(part mic-silent.json microphone '.verdict + " " + .rule')" "NOT_TESTED microphone.not_proven" \
		"a 'yes' with a silent capture is not proven"
	expect_eq "$(part mic-voice.json microphone '.verdict')" PASS "a capture that hears the sine: PASS"
	expect_eq "$(part mic-voice.json microphone '.metrics["microphone.peak_rms"] > 1000')" true "its level recorded"
	# the USB ports
	expect_eq "$(cut -d' ' -f1 "$VM_DIR/ports.txt" 2>/dev/null | sed 's/^[0-9]*-//' | sort | tr '\n' ' ')" "2 3 " "the sticks lit ports 2 and 3"
	expect_eq "$(cut -d' ' -f2 "$VM_DIR/ports.txt" 2>/dev/null | sort -u)" 5000 "at 5000 Mb/s"
	expect_eq "$(part usbports.json usbports '[.connectors[].ports[] | select(.state == "lit") | .port | split("-")[1]] | sort | join(",")')" "2,3" "diag.json: the ports lit"
	expect_eq "$(part usbports.json usbports '.verdict')" PASS "every port lit: PASS"
}
