# 01-inventory (host): what QEMU presents — SMBIOS fields from the command
# line and one disk per bus with its serial, model and size — is what
# `reco inventory --json` reports in the guest.  The guest also captures its
# tree (contrib/capture-machine, or a minimal copy) for the fixture in
# tests/fixtures/machines/qemu-vm/.

# bus serial size-MiB expected-transport [model]
DISKS="nvme RECO-NVME-0001 64 nvme
sata RECO-SATA-0002 72 sata RECO_SATA_DISK
scsi RECO-SCSI-0003 80 scsi
usb RECO-USB-0004 88 usb
virtio RECO-VIRTIO-0005 96 virtio"

vm_setup() {
	while read -r bus serial mib tr model; do
		vm_image "$VM_DIR/$bus.img" "$mib" zero
		vm_disk "$bus" "$VM_DIR/$bus.img" "$serial" "$model"
	done <<<"$DISKS"
	VM_ARGS+=(
		-smbios "type=0,vendor=Reco BIOS Works,version=RB-1.23,date=07/14/2026,release=1.23"
		-smbios "type=1,manufacturer=Recyclerie Numerique,product=Refurb 3000,version=Rev B,serial=RS-000123,uuid=12345678-9abc-4def-8123-456789abcdef,sku=SKU-77,family=Refurb Family"
		-smbios "type=2,manufacturer=Board Maker,product=BM-42,version=1.0,serial=BRD-999,asset=ASSET-B,location=Slot Z"
		-smbios "type=3,manufacturer=Case Maker,version=C-1,serial=CHS-555,asset=ASSET-C,sku=CASE-SKU"
		-smbios "type=17,loc_pfx=DIMM,bank=BANK,manufacturer=RAMCorp,serial=MEM-1234,asset=ASSET-M,part=RC-1G-DDR,speed=2400"
	)
}

# Some string VALUE somewhere under SECTION of .system (the key names of the
# BIOS/baseboard/chassis/memory objects are the inventory area's choice).
has_smbios_value() { # label value
	local n
	n=$(jq --arg v "$2" '[.system | .. | strings | select(. == $v)] | length' "$VM_RES/inventory.json" 2>/dev/null)
	[ "${n:-0}" -gt 0 ] || vm_fail "SMBIOS $1 '$2' not found under .system"
}

vm_check() {
	local inv=$VM_RES/inventory.json
	expect_eq "$(cat "$VM_RES/inventory.rc" 2>/dev/null)" 0 "reco inventory --json exit status"
	expect "inventory.json is JSON" jq -e . "$inv"
	expect_json "$inv" .schema reco-inventory/1 "schema"
	# The contract's fields: exact paths.
	expect_json "$inv" .system.system.vendor "Recyclerie Numerique" "type 1 manufacturer"
	expect_json "$inv" .system.system.product "Refurb 3000" "type 1 product"
	expect_json "$inv" .system.system.serial "RS-000123" "type 1 serial"
	expect_json "$inv" '.system.system.uuid | ascii_downcase' "12345678-9abc-4def-8123-456789abcdef" "type 1 uuid (SMBIOS >= 2.6 byte order)"
	has_smbios_value "type 1 version" "Rev B"
	has_smbios_value "type 1 sku" "SKU-77"
	has_smbios_value "type 1 family" "Refurb Family"
	has_smbios_value "type 0 vendor" "Reco BIOS Works"
	has_smbios_value "type 0 version" "RB-1.23"
	has_smbios_value "type 0 date" "07/14/2026"
	has_smbios_value "type 2 manufacturer" "Board Maker"
	has_smbios_value "type 2 product" "BM-42"
	has_smbios_value "type 2 serial" "BRD-999"
	has_smbios_value "type 3 manufacturer" "Case Maker"
	has_smbios_value "type 3 serial" "CHS-555"
	has_smbios_value "type 17 manufacturer" "RAMCorp"
	has_smbios_value "type 17 part number" "RC-1G-DDR"
	has_smbios_value "type 17 serial" "MEM-1234"
	# Disks: one per bus.
	while read -r bus serial mib tr model; do
		local d
		d=$(jq -c --arg s "$serial" '[.storage[]? | select(.serial == $s)][0] // empty' "$inv" 2>/dev/null)
		if [ -z "$d" ]; then vm_fail "$bus disk $serial not listed in .storage"; continue; fi
		expect_eq "$(jq -r .transport <<<"$d")" "$tr" "$bus disk $serial transport"
		expect_eq "$(jq -r .size_bytes <<<"$d")" "$((mib * 1048576))" "$bus disk $serial size_bytes"
		case $bus in
		sata) expect_eq "$(jq -r .model <<<"$d")" "$model" "$bus disk $serial model" ;;
		nvme) expect_eq "$(jq -r .model <<<"$d")" "QEMU NVMe Ctrl" "$bus disk $serial model" ;;
		scsi|usb) expect_eq "$(jq -r .model <<<"$d")" "QEMU HARDDISK" "$bus disk $serial model" ;;
		virtio) ;; # virtio-blk has no model
		esac
	done <<<"$DISKS"
	# smartctl (the one in the initramfs) answers on NVMe, SATA and SCSI.
	local f
	for f in nvme:RECO-NVME-0001 sata:RECO-SATA-0002 scsi:RECO-SCSI-0003; do
		local dev
		dev=$(jq -r --arg s "${f#*:}" '[.storage[]? | select(.serial == $s)][0].name // "none"' "$inv" 2>/dev/null)
		expect_json "$VM_RES/smart-$dev.json" .serial_number "${f#*:}" "smartctl --json -i on the ${f%%:*} disk"
	done
	# The captured tree reads back the same disks on the host.
	if [ -f "$VM_RES/capture.tar" ]; then
		mkdir -p "$VM_DIR/capture"
		tar -xf "$VM_RES/capture.tar" -C "$VM_DIR/capture" 2>/dev/null
		# The same inventory, read on the host from the captured tree.
		if "$RECO_VM_BUILD/bin/reco" inventory --json --no-smart --root "$VM_DIR/capture" \
			> "$VM_DIR/host-inventory.json" 2> "$VM_DIR/host-inventory.err"; then
			local f
			for f in .system .storage .id; do
				expect_eq "$(jq -cS "$f | walk(if type == \"object\" then del(.smart) else . end)" "$VM_DIR/host-inventory.json")" \
					"$(jq -cS "$f | walk(if type == \"object\" then del(.smart) else . end)" "$inv")" \
					"inventory --root on the captured tree: $f"
			done
		else
			vm_fail "reco inventory --root on the captured tree failed: $(head -n3 "$VM_DIR/host-inventory.err")"
		fi
		if [ -n "${RECO_VM_FIXTURE_OUT:-}" ]; then
			rm -rf "$RECO_VM_FIXTURE_OUT"; mkdir -p "$RECO_VM_FIXTURE_OUT"
			cp -a "$VM_DIR/capture/." "$RECO_VM_FIXTURE_OUT/"
			cp "$inv" "$RECO_VM_FIXTURE_OUT.guest-inventory.json"
			cp "$VM_DIR/host-inventory.json" "$RECO_VM_FIXTURE_OUT.root-inventory.json" 2>/dev/null
		fi
	else
		vm_fail "no capture.tar from the guest"
	fi
}
