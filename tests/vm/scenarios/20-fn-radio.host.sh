# 20-fn-radio (host): the Wi-Fi and Bluetooth measurements of reco diag's
# function parts (issue 17) on the guest kernel's stand-ins: a scan with no
# access point in range finds none (never a PASS), a scan with one finds it
# and the association gets an address and an answer from the gateway, a
# blocked radio is reported as blocked; a Bluetooth controller that does
# not answer does not come up (FAIL), one that answers (tests/vm/hci-stub.c)
# powers up and finds the phone in range (PASS) or nothing (NOT_TESTED).
VM_TIMEOUT=300

vm_setup() { :; }

phy1() { # phy1() FILE JQ: the filter on the part of phy1
	jq -r "[.parts[] | select(.part == \"wifi\" and .id == \"phy1\")][0] | $2" "$VM_RES/$1" 2>/dev/null
}

vm_check() {
	expect_eq "$(cat "$VM_RES/phys.txt" 2>/dev/null | tr '\n' ' ')" "phy1 " "the machine sees its own radio only"
	expect_json "$VM_RES/wifi-noap.json" '[.parts[] | select(.part == "wifi")] | length' 1 "one Wi-Fi part"
	expect_json "$VM_RES/wifi-noap.json" '[.parts[] | select(.part == "camera")][0].verdict' NOT_TESTED "the parts left out are NOT_TESTED"
	expect_eq "$(phy1 wifi-noap.json '.metrics["wifi.networks"]')" 0 "no access point: no network"
	expect_eq "$(phy1 wifi-noap.json '.verdict + " " + .rule')" "NOT_TESTED wifi.no_network" "no access point: NOT_TESTED, never PASS"
	expect_eq "$(phy1 wifi-noap.json '.scan.ms > 0')" true "no access point: the scan ran"
	expect_eq "$(phy1 wifi-noap.json '.driver')" mac80211_hwsim "driver named"
	expect_eq "$(phy1 wifi-ap.json '.metrics["wifi.networks"] >= 1')" true "access point: found"
	expect_eq "$(phy1 wifi-ap.json '.scan.workshop_network_seen')" true "the workshop network seen"
	expect_eq "$(phy1 wifi-ap.json '.metrics["wifi.best_signal_dbm"] < 0')" true "best signal in dBm"
	expect_eq "$(phy1 wifi-ap.json '.metrics["wifi.associated"]')" 1 "associated"
	expect_eq "$(phy1 wifi-ap.json '.metrics["wifi.address"]')" 1 "got an address"
	expect_eq "$(phy1 wifi-ap.json '.metrics["wifi.gateway_reached"]')" 1 "gateway answered"
	expect_eq "$(phy1 wifi-ap.json '.verdict')" PASS "access point found and joined: PASS"
	expect_eq "$(grep -c atelier "$VM_RES/wifi-ap.json")" 0 "network name and passphrase not recorded"
	expect_eq "$(phy1 wifi-rfkill.json '.metrics["wifi.rfkill_soft"]')" 1 "blocked radio reported"
	expect_eq "$(phy1 wifi-rfkill.json '.verdict + " " + .rule')" "NOT_TESTED radio_off_soft" "blocked radio: NOT_TESTED, the block named"
	expect_eq "$(phy1 wifi-rfkill.json '.metrics["wifi.networks"]')" null "blocked: no network count"

	local bt=$VM_RES/bt.json
	expect_json "$bt" '[.parts[] | select(.part == "bluetooth")] | length' 3 "three controllers"
	expect_json "$bt" '.parts[] | select(.id == "hci0") | .verdict + " " + .rule' "FAIL bluetooth.no_power" "a controller that does not come up: FAIL"
	expect_json "$bt" '.parts[] | select(.id == "hci0") | .metrics["bt.devices"]' null "no discovery without a controller"
	expect_json "$bt" '.parts[] | select(.id == "hci1") | .metrics["bt.power_failed"]' 0 "hci1 powered up"
	expect_json "$bt" '.parts[] | select(.id == "hci1") | .metrics["bt.devices"]' 1 "hci1 found the phone"
	expect_json "$bt" '.parts[] | select(.id == "hci1") | .verdict' PASS "a controller that powers up and finds a device: PASS"
	expect_json "$bt" '.parts[] | select(.id == "hci2") | .verdict + " " + .rule' "NOT_TESTED bluetooth.none_in_range" \
		"nothing in range: NOT_TESTED"
}
