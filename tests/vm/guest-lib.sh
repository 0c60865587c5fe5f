# tests/vm/guest-lib.sh — shell helpers for guest scenario scripts, installed
# as /lib/reco-vm.sh in the initramfs and sourced by /init before the scenario.
#
#   vm_dev_by_serial SERIAL   /dev/<name> of the disk with that serial
#                             (virtio, NVMe, SATA/SCSI via VPD page 0x80, USB)
#   vm_serial DEV             the serial of /dev/<name> as the guest sees it
#   vm_modprobe MOD [ARGS]    load an on-demand module (scsi_debug, null_blk...)
#   vm_load MOD [ARGS]        load a function stand-in (mac80211_hwsim, vivid...)
#                             after the modules it needs (/etc/modules.d/MOD)
#   vm_written_bytes DEV      bytes written to DEV since boot (/proc/diskstats)
#   vm_mark TEXT              print "RECO-VM-MARK: TEXT" on the console

vm_serial() {
	_n=${1#/dev/}
	_d=/sys/block/$_n
	if [ -r "$_d/serial" ]; then          # virtio-blk
		cat "$_d/serial"; return
	fi
	if [ -r "$_d/device/serial" ]; then   # NVMe namespace -> controller
		sed 's/ *$//' "$_d/device/serial"; return
	fi
	# USB mass storage: the USB device's iSerialNumber, up the sysfs path.
	_p=$(readlink -f "$_d/device")
	while [ -n "$_p" ] && [ "$_p" != /sys ] && [ "$_p" != / ]; do
		if [ -r "$_p/idVendor" ] && [ -r "$_p/serial" ]; then
			cat "$_p/serial"; return
		fi
		_p=${_p%/*}
	done
	# SCSI / SATA (libata answers VPD 0x80 from IDENTIFY): 4-byte header.
	if [ -r "$_d/device/vpd_pg80" ]; then
		tail -c +5 "$_d/device/vpd_pg80" | tr -d '\000' | sed 's/^ *//; s/ *$//'
		return
	fi
}

vm_dev_by_serial() {
	for _b in /sys/block/*; do
		_n=${_b##*/}
		case $_n in loop*|ram*|zram*|dm-*|sr*) continue ;; esac
		if [ "$(vm_serial "$_n")" = "$1" ]; then
			echo "/dev/$_n"; return 0
		fi
	done
	return 1
}

vm_modprobe() {
	_m=$1; shift
	_k=$(cat /etc/reco-vm-kernel)
	insmod "/lib/modules/$_k/$_m.ko" "$@"
}

vm_load() {
	_m=$1; shift
	_k=$(cat /etc/reco-vm-kernel)
	[ -f "/etc/modules.d/$_m" ] || { echo "vm_load: no module $_m" >&2; return 1; }
	_last=$(tail -n1 "/etc/modules.d/$_m")
	while read -r _ko; do
		_n=$(echo "${_ko%.ko}" | tr - _)
		[ -d "/sys/module/$_n" ] && continue
		if [ "$_ko" = "$_last" ]; then
			insmod "/lib/modules/$_k/$_ko" "$@" || return 1
		else
			insmod "/lib/modules/$_k/$_ko" || return 1
		fi
	done < "/etc/modules.d/$_m"
}

vm_written_bytes() {
	awk -v n="${1#/dev/}" '$3 == n { print $10 * 512 }' /proc/diskstats
}

vm_mark() { echo "RECO-VM-MARK: $*"; }

# vm_capture_minimal DIR — a small copy of the files `reco inventory` reads
# (SMBIOS tables, /proc/cpuinfo, /proc/meminfo, the disks' sysfs attributes
# with their symlinks as relative links), used when contrib/capture-machine
# is not in the initramfs.
_vm_cpfile() { # src dir
	[ -f "$1" ] && [ -r "$1" ] || return 0
	mkdir -p "$2${1%/*}"
	cat "$1" > "$2$1" 2>/dev/null || rm -f "$2$1"
}
_vm_cplink() { # link dir
	[ -L "$1" ] || return 0
	mkdir -p "$2${1%/*}"
	ln -sfn "$(readlink "$1")" "$2$1"
}
vm_capture_minimal() {
	_c=$1
	mkdir -p "$_c"
	for f in /sys/firmware/dmi/tables/smbios_entry_point /sys/firmware/dmi/tables/DMI \
		/proc/cpuinfo /proc/meminfo /proc/mounts; do
		_vm_cpfile "$f" "$_c"
	done
	# PCI and USB devices (the links under /sys/bus and their attributes).
	for l in /sys/bus/pci/devices/* /sys/bus/usb/devices/*; do
		[ -L "$l" ] || continue
		_vm_cplink "$l" "$_c"
		_r=$(readlink -f "$l")
		mkdir -p "$_c$_r"
		for f in vendor device class revision subsystem_vendor subsystem_device config \
			idVendor idProduct bcdDevice manufacturer product serial speed bDeviceClass \
			bInterfaceClass busnum devnum; do
			_vm_cpfile "$_r/$f" "$_c"
		done
		_vm_cplink "$_r/driver" "$_c"
	done
	for b in /sys/block/*; do
		_vm_cplink "$b" "$_c"
		_r=$(readlink -f "$b")
		mkdir -p "$_c$_r"
		for f in size removable ro serial wwid dev queue/logical_block_size \
			queue/physical_block_size queue/rotational; do
			_vm_cpfile "$_r/$f" "$_c"
		done
		for p in "$_r"/*/partition; do
			[ -f "$p" ] || continue
			_pd=${p%/partition}
			for f in partition start size dev; do _vm_cpfile "$_pd/$f" "$_c"; done
		done
		[ -L "$_r/device" ] || continue
		_vm_cplink "$_r/device" "$_c"
		_d=$(readlink -f "$_r/device")
		for f in model vendor serial firmware_rev rev wwid vpd_pg80 vpd_pg83 type; do
			_vm_cpfile "$_d/$f" "$_c"
		done
		# Up the device path: USB identity, NVMe controller attributes.
		_p=$_d
		while [ "$_p" != /sys/devices ] && [ -n "$_p" ]; do
			mkdir -p "$_c$_p"
			for f in idVendor idProduct manufacturer product serial speed model firmware_rev vendor device class; do
				_vm_cpfile "$_p/$f" "$_c"
			done
			_vm_cplink "$_p/driver" "$_c"
			_p=${_p%/*}
		done
	done
}
