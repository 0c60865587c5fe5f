# 20-fn-radio (guest): Wi-Fi and Bluetooth measured on the kernel's stand-ins.
# Wi-Fi: two mac80211_hwsim radios; phy0 goes to its own network namespace
# (the workshop's access point: hostapd + a DHCP server), phy1 is the
# machine's adapter.  Measured with no access point, with it (scan and
# association), then with phy1's switch blocked.  Bluetooth: a bare
# hci_vhci controller that nothing answers (it cannot get through its
# set-up).
set -u
# reco diag on the named parts; its diag.json on stdout (the exit status is
# the verdicts': not checked here)
probe() { reco diag --json --progress=none --session /tmp/session "$@" 2>>/out/diag.err || true; }
for m in ccm gcm cmac ctr; do vm_load $m; done
vm_load mac80211_hwsim radios=2 || exit 1
for i in $(seq 50); do [ -e /sys/class/ieee80211/phy1 ] && break; sleep 0.1; done

# the access point's namespace, holding phy0
# (background jobs write to files: the console pipe must close at the end)
unshare -n sh -c 'echo $$ > /tmp/ap.pid; exec sleep 600' < /dev/null > /dev/null 2>&1 &
for i in $(seq 50); do [ -s /tmp/ap.pid ] && break; sleep 0.1; done
ap=$(cat /tmp/ap.pid)
iw phy phy0 set netns "$ap" || { echo "iw set netns failed"; exit 1; }
ls /sys/class/ieee80211 > /out/phys.txt

# 1. no access point in range
vm_mark "no access point in range"
probe --only wifi > /out/wifi-noap.json

# 2. the access point
vm_mark "the access point"
cat > /tmp/hostapd.conf <<CONF
interface=wlan0
driver=nl80211
ssid=reco-atelier
hw_mode=g
channel=6
wpa=2
wpa_passphrase=atelier-reco-2026
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
CONF
cat > /tmp/udhcpd.conf <<CONF
start 192.0.2.100
end 192.0.2.120
interface wlan0
lease_file /tmp/udhcpd.leases
option subnet 255.255.255.0
option router 192.0.2.1
CONF
: > /tmp/udhcpd.leases
nsenter -t "$ap" -n sh -c 'ip link set lo up; hostapd -B /tmp/hostapd.conf > /tmp/hostapd.log 2>&1;
	sleep 1; ip addr add 192.0.2.1/24 dev wlan0; udhcpd /tmp/udhcpd.conf' < /dev/null > /tmp/ap.log 2>&1
cat /tmp/hostapd.log
# the machine's DHCP client (the live image's is systemd-networkd)
cat > /tmp/udhcpc.sh <<'SCRIPT'
#!/bin/sh
case $1 in
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	[ -n "${router:-}" ] && ip route replace default via "${router%% *}" dev "$interface" ;;
esac
exit 0
SCRIPT
chmod +x /tmp/udhcpc.sh
udhcpc -f -i wlan1 -s /tmp/udhcpc.sh -t 1000 -T 1 -A 1 < /dev/null > /tmp/udhcpc.log 2>&1 &
dhcp=$!
vm_mark "wifi probe with the access point"
cat > /tmp/reco.conf <<CONF
# the workshop's network (reco.conf keys)
wifi_ssid = reco-atelier
wifi_passphrase = atelier-reco-2026
CONF
probe --wifi-conf /tmp/reco.conf --only wifi > /out/wifi-ap.json

# 3. the radio switched off
vm_mark "the radio switched off"
for r in /sys/class/rfkill/rfkill*; do
	[ "$(cat "$r/name")" = phy1 ] && echo 1 > "$r/soft"
done
probe --only wifi > /out/wifi-rfkill.json

# 4. Bluetooth: hci0 nothing answers (hci_vhci without an emulator behind
# it: its set-up times out), hci1 a stub controller with a phone in range,
# hci2 the same stub with nothing in range
vm_mark "Bluetooth"
vm_load hci_vhci || exit 1
exec 3<>/dev/vhci || exit 1
printf '\377\000' >&3
for i in $(seq 100); do [ -e /sys/class/bluetooth/hci0 ] && break; sleep 0.1; done
hci-stub 1 < /dev/null > /tmp/stub1.log 2>&1 &
stub1=$!
for i in $(seq 100); do [ -e /sys/class/bluetooth/hci1 ] && break; sleep 0.1; done
hci-stub 0 < /dev/null > /tmp/stub2.log 2>&1 &
stub2=$!
sleep 12   # the kernel's HCI command timeout: hci0's set-up gives up
ls /sys/class/bluetooth > /out/hcis.txt
probe --only bluetooth > /out/bt.json
kill "$stub1" "$stub2" 2>/dev/null
dmesg | grep -i -E 'hci[0-9]|bluetooth' | tail -n 30 > /out/bt-dmesg.txt
cp /tmp/udhcpc.log /tmp/hostapd.log /out/ 2>/dev/null
exec 3>&-
kill "$dhcp" "$ap" 2>/dev/null
exit 0
