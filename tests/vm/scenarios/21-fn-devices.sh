# 21-fn-devices (guest): sound, camera, Ethernet, USB ports and the optical
# drive measured on QEMU's devices and the kernel's stand-ins.  The machine
# says it is a notebook (SMBIOS chassis type 10), so the speaker->microphone
# test runs: on QEMU's speaker + microphone codec (its audio backend is
# "none": the microphone hears nothing) and on snd-aloop (device 0 played
# back on device 1's capture).  A line-out codec plays into a wav file that
# the host checks.  vivid gives two cameras:
# video0 with its colour bars, video1 set to a black picture.
set -u
# reco diag on the named parts; its diag.json on stdout (the exit status is
# the verdicts': not checked here)
probe() { reco diag --json --progress=none --session /tmp/session "$@" 2>>/out/diag.err || true; }
cat /sys/class/dmi/id/chassis_type > /out/chassis.txt 2>&1

vm_mark "sound"
# the codec driver first: without modprobe the controller cannot ask for it
vm_load snd_hda_codec_generic || exit 1
vm_load snd_hda_intel || exit 1
for i in $(seq 150); do [ "$(grep -c HDA-Intel /proc/asound/cards 2>/dev/null)" -ge 2 ] && break; sleep 0.1; done
vm_load snd_aloop || exit 1
for i in $(seq 100); do [ -e /proc/asound/card2 ] && break; sleep 0.1; done
cat /proc/asound/cards > /out/cards.txt
probe --only sound > /out/sound.json

vm_mark "camera"
vm_load vivid n_devs=2 node_types=1,1 || exit 1
for i in $(seq 100); do [ -e /dev/video1 ] && break; sleep 0.1; done
v4l2-ctl -d /dev/video1 --set-ctrl test_pattern=5 > /out/v4l2-ctl.log 2>&1
v4l2-ctl -d /dev/video1 --get-ctrl test_pattern >> /out/v4l2-ctl.log 2>&1
probe --only camera > /out/camera.json

vm_mark "ethernet"
vm_load virtio_net || exit 1
for i in $(seq 100); do [ "$(ls /sys/class/net | grep -c '^e')" -ge 2 ] && break; sleep 0.1; done
ls /sys/class/net > /out/net.txt
probe --only ethernet > /out/ethernet.json

vm_mark "usb and optical drives"
probe --only usb > /out/usb.json
probe --only media > /out/media.json
exit 0
