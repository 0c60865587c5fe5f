# 23-guided-media (guest): reco diag's guided camera, speaker, microphone
# and USB port tests on the console (tty1 over the bochs DRM driver), the
# host answering through the USB keyboard: vivid as the camera (its colour
# bars, then a black picture), QEMU's HD-audio codec playing into a wav file
# as the speakers, snd-aloop as the microphone (silent, then hearing a sine
# speaker-test plays into it), usb-storage sticks hot-plugged onto ports.
set -u
vm_load evdev || exit 1
vm_load usbhid || exit 1
vm_load hid_generic || exit 1
vm_load bochs || exit 1
vm_load snd_hda_codec_generic || exit 1
vm_load snd_hda_intel || exit 1
for i in $(seq 150); do grep -q HDA-Intel /proc/asound/cards 2>/dev/null && break; sleep 0.1; done
vm_load snd_aloop || exit 1
vm_load vivid n_devs=2 node_types=1,1 || exit 1
for i in $(seq 100); do [ -e /dev/dri/card0 ] && [ -e /dev/video1 ] && [ -e /proc/asound/card1 ] && break; sleep 0.1; done
for i in $(seq 100); do grep -q "USB Keyboard" /sys/class/input/*/name 2>/dev/null && break; sleep 0.1; done
v4l2-ctl -d /dev/video1 --set-ctrl test_pattern=5 > /out/v4l2-ctl.log 2>&1
cat /proc/asound/cards > /out/cards.txt
chvt 1 2>/dev/null
export TERM=linux
guided() { # NAME PARTS: reco diag on tty1; its markers (stderr) on this console
	vm_mark "guided $1"
	reco diag --progress=json --session "/tmp/$1" --only "$2" < /dev/tty1 > /dev/tty1
	echo "$?" > "/out/$1.rc"
	cp "/tmp/$1/diag.json" "/out/$1.json" 2>/dev/null
}
guided webcam webcam
guided speakers speakers
guided mic-silent microphone
speaker-test -D plughw:Loopback,1,0 -c 2 -r 48000 -t sine -f 440 > /dev/null 2>&1 &
sp=$!
guided mic-voice microphone
kill $sp 2>/dev/null
wait $sp 2>/dev/null
guided usbports usbports
exit 0
