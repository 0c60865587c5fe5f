# 22-guided-input (guest): the guided keyboard, screen and pointer tests of
# reco diag on QEMU's USB keyboard and tablet and its bochs display, drawn
# on the console (tty1, fbcon over the bochs DRM driver) as on the live
# image; the host answers through the keyboard (QMP) and checks the screen
# (QMP screendump), following the tests' markers on this serial console.
set -u
vm_load evdev || exit 1
vm_load usbhid || exit 1
vm_load hid_generic || exit 1
vm_load bochs || exit 1
for i in $(seq 100); do [ -e /dev/dri/card0 ] && [ -e /dev/tty1 ] && break; sleep 0.1; done
for i in $(seq 100); do grep -q "USB Keyboard" /sys/class/input/*/name 2>/dev/null && grep -q "USB Tablet" /sys/class/input/*/name 2>/dev/null && break; sleep 0.1; done
cat /sys/class/input/*/name > /out/input.txt 2>&1
ls /dev/dri /dev/input > /out/dev.txt 2>&1
chvt 1 2>/dev/null
export TERM=linux
# guided NAME PARTS: reco diag on tty1; its markers (stderr) on this console
guided() {
	vm_mark "guided $1"
	reco diag --progress=json --session "/tmp/$1" --only "$2" < /dev/tty1 > /dev/tty1
	echo "$?" > "/out/$1.rc"
	cp "/tmp/$1/diag.json" "/out/$1.json" 2>/dev/null
}
guided kbd-all keyboard
guided kbd-one keyboard
guided display display
guided pointer touchpad
exit 0
