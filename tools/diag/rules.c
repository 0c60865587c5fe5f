/*
 * rules.c — the verdict table and the grade table (data, not branches).
 *
 * A check reports metrics; each row below reads one metric and says at what
 * value the part becomes WARN or FAIL, why (in words a Repair Café visitor
 * understands) and what to do.  DIAG_REQUIRED rows name the measurements a
 * part needs before it can PASS (a missing one makes it NOT_TESTED), and
 * rows with `.gives = DIAG_NOT_TESTED` are coverage floors.  The worst row
 * decides the part's verdict (verdict.c); the grade table then maps part
 * verdicts to the machine's grade.  The README's "Diagnostics" section
 * prints the same tables.
 *
 * Sources for the thresholds: smartctl's own health verdicts; Backblaze's
 * drive statistics (SMART 5, 187, 188, 197, 198 non-zero are the strongest
 * failure predictors; failure rates climb after about five years of power-on
 * time); NVMe 1.4 SMART/Health log (critical warning, available spare vs its
 * threshold, percentage used, critical warning bits); ATA ACS-4 device
 * statistics (page 7, "Percentage Used Endurance Indicator") and the SSD
 * makers' wear attributes (177 Samsung, 202 Crucial/Micron, 231 and 233
 * Intel/Kingston and others: a normalised value from 100 new down to 0);
 * hw-probe for battery wear.
 */
#include "diag.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

#define H DIAG_HIGH_IS_BAD
#define L DIAG_LOW_IS_BAD
#define NEVER DIAG_NEVER
#define NT .gives = DIAG_NOT_TESTED
#define REQ(code, part, metric, reason, action) { code, part, metric, DIAG_REQUIRED, NEVER, NEVER, reason, action }

static const struct diag_rule rules[] = {
	/* ---- CPU: every worker must complete 50 verified rounds ---- */
	REQ("cpu.no_rounds", "cpu", "cpu.min_rounds", N_("The processor test did not run."),
	    N_("Run the diagnosis again.")),
	{ "cpu.too_short", "cpu", "cpu.min_rounds", L, 49, NEVER,
	  N_("The processor test was too short: {n} verified rounds per worker, 50 needed."),
	  N_("Run the diagnosis again with a longer processor test."), 0, NT },
	{ "cpu.wrong_results", "cpu", "cpu.errors", H, NEVER, 1,
	  N_("The processor gave wrong results under load ({n})."),
	  N_("Do not give this computer away as is: the processor or the motherboard is faulty.") },
	{ "cpu.machine_checks", "cpu", "cpu.mce_new", H, 1, NEVER,
	  N_("The processor reported {n} hardware errors (machine checks) during the test."),
	  N_("Run the test again; if it happens again, the processor, memory or motherboard is faulty.") },
	/* a turbo-to-sustained drop is normal; a decline after the rate settled,
	 * or a drop with the throttle counters rising, is not (cpu.c) */
	{ "cpu.slowdown", "cpu", "cpu.decline_permille", H, 200, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor kept slowing down during the test: {n}% slower at the end than once it had settled."),
	  N_("Clean the fans and air vents and check the cooling."), 1 },
	{ "cpu.throttled", "cpu", "cpu.throttle_drop_permille", H, 100, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor overheated and slowed itself down by {n}% under load."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues."), 1 },
	/* ---- RAM: at least half of the installed memory, held in RAM ---- */
	REQ("ram.coverage_unknown", "ram", "ram.coverage_permille",
	    N_("The memory test did not run, or the installed memory could not be read."),
	    N_("Run the diagnosis again.")),
	{ "ram.coverage", "ram", "ram.coverage_permille", L, 499, NEVER,
	  /* xgettext:no-c-format */
	  N_("Only {n}% of the memory could be tested; at least 50% is needed."),
	  N_("Close other programs, or test at start-up (memory test boot entry)."), 1, NT },
	{ "ram.not_locked", "ram", "ram.unlocked_with_swap", H, 1, NEVER,
	  N_("The memory under test could not be kept in RAM while swap was active."),
	  N_("Run the diagnosis from the reco stick (no swap) or as root."), 0, NT },
	{ "ram.errors", "ram", "ram.errors", H, NEVER, 1,
	  N_("The memory test found errors ({n})."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.early_memtest", "ram", "ram.early_memtest_bad_kb", H, NEVER, 1,
	  N_("The memory test at start-up found {n} KiB of bad memory."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.ecc_uncorrected", "ram", "ram.ecc_uncorrected", H, NEVER, 1,
	  N_("The memory reported {n} errors it could not correct."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.ecc_corrected", "ram", "ram.ecc_corrected_new", H, 1, NEVER,
	  N_("The memory corrected {n} errors during the test."),
	  N_("The memory still works but a module is weakening: plan to replace it.") },
	{ "ram.small", "ram", "ram.size_mib", L, 2047, NEVER,
	  N_("This computer has only {n} MiB of memory."),
	  N_("Add memory if possible: 4 GiB or more makes a current system comfortable.") },
	/* ---- disks (SMART) ---- */
	{ "disk.unreadable", "disk", "smart.unreadable", H, 1, NEVER,
	  N_("The health of this disk could not be read."),
	  N_("Check the disk another way (a disk behind a RAID controller or a USB adapter hides its health)."), 0, NT },
	REQ("disk.no_health", "disk", "smart.read", N_("The health of this disk was not read."),
	    N_("Install smartmontools and run the diagnosis again.")),
	{ "disk.health_failed", "disk", "smart.health_failed", H, NEVER, 1,
	  N_("The disk itself reports that it is failing."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.attribute_failing", "disk", "smart.attrs_failing_now", H, NEVER, 1,
	  N_("Health indicators of the disk are below the maker's failure threshold (count: {n})."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.attribute_failed_past", "disk", "smart.attrs_failed_past", H, 1, NEVER,
	  N_("Health indicators of the disk were below the maker's failure threshold in the past (count: {n})."),
	  N_("Keep a backup of your data and watch this disk.") },
	{ "disk.pending_sectors", "disk", "ata.197", H, NEVER, 1,
	  N_("{n} places on the disk cannot be read any more."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.offline_uncorrectable", "disk", "ata.198", H, NEVER, 1,
	  N_("{n} places on the disk could not be read during its own check."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.reallocated", "disk", "ata.5", H, 1, 100,
	  N_("The disk has replaced {n} damaged places with spare ones."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.reported_uncorrect", "disk", "ata.187", H, 1, 10,
	  N_("The disk could not correct {n} read errors."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.command_timeout", "disk", "ata.188", H, 1, NEVER,
	  N_("The disk did not answer in time {n} times."),
	  N_("Check the cable and the power supply; replace the disk if it goes on.") },
	{ "disk.spin_retry", "disk", "ata.10", H, 1, NEVER,
	  N_("The disk needed {n} attempts to spin up."),
	  N_("The motor of this disk is weakening: keep a backup and plan to replace it.") },
	{ "disk.crc_errors", "disk", "ata.199", H, 1, NEVER,
	  N_("{n} transfer errors between the disk and the computer."),
	  N_("Replace the disk cable (SATA); the disk itself may be fine.") },
	{ "disk.old", "disk", "disk.power_on_hours", H, 43800, NEVER,
	  N_("The disk has been running for {n} hours (more than five years)."),
	  N_("Old disks fail more often: keep a backup and plan to replace it.") },
	/* NVMe critical warning, bit by bit (NVMe base spec, SMART / Health log) */
	{ "disk.nvme_spare_low", "disk", "nvme.cw_spare", H, NEVER, 1,
	  N_("The disk has used up its reserve of spare blocks."),
	  N_("Your disk is wearing out: save your photos and documents now and plan to replace the disk.") },
	{ "disk.nvme_temperature_now", "disk", "nvme.cw_temperature", H, 1, NEVER,
	  N_("The disk reports that it is outside its temperature limits right now."),
	  N_("Check the fans and the air flow around the disk, then check again.") },
	{ "disk.nvme_reliability", "disk", "nvme.cw_reliability", H, NEVER, 1,
	  N_("The disk reports that its reliability is degraded."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_read_only", "disk", "nvme.cw_read_only", H, NEVER, 1,
	  N_("The disk has put itself in read-only mode."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_backup_failed", "disk", "nvme.cw_backup", H, NEVER, 1,
	  N_("The disk's power-loss backup has failed."),
	  N_("Replace the disk: data written just before a power cut may be lost.") },
	{ "disk.nvme_critical_other", "disk", "nvme.cw_other", H, NEVER, 1,
	  N_("The disk raises a critical warning (code {n})."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_media_errors", "disk", "nvme.media_errors", H, NEVER, 1,
	  N_("The disk lost data {n} times (media errors)."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.ssd_worn", "disk", "ssd.life_used_pct", H, 80, 100,
	  /* xgettext:no-c-format */
	  N_("The SSD has used {n}% of its rated life."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
	{ "disk.nvme_worn", "disk", "nvme.percentage_used", H, 80, 100,
	  /* xgettext:no-c-format */
	  N_("The disk has used {n}% of its rated life."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
	{ "disk.nvme_spare", "disk", "nvme.spare_margin", L, 10, 0,
	  N_("The disk's reserve of spare blocks is at or near its limit (margin: {n} points)."),
	  N_("Your disk is wearing out: save your photos and documents now and plan to replace the disk.") },
	{ "disk.scsi_defects", "disk", "scsi.grown_defects", H, 1, 100,
	  N_("The disk has {n} damaged places found since it was made."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.scsi_uncorrected", "disk", "scsi.uncorrected_errors", H, NEVER, 1,
	  N_("The disk could not correct {n} errors."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.selftest_failed", "disk", "smart.selftest_failed", H, NEVER, 1,
	  N_("The disk failed its own self-test."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.selftest_not_completed", "disk", "smart.selftest_fatal", H, 1, NEVER,
	  N_("The disk could not complete its own self-test (fatal or unknown error)."),
	  N_("Keep a backup of your data and test the disk again; replace it if this happens again.") },
	{ "disk.selftest_log_errors", "disk", "smart.selftest_log_errors", H, 1, NEVER,
	  N_("The disk's self-test log records failed tests."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
	{ "disk.selftest_aborted", "disk", "smart.selftest_aborted", H, 1, NEVER,
	  N_("The disk's self-test was interrupted twice and gave no result."),
	  N_("Run the diagnosis again without using the disk meanwhile."), 0, NT },
	{ "disk.selftest_running", "disk", "smart.selftest_running", H, 1, NEVER,
	  N_("The disk's self-test was still running when the time allowed for it ran out."),
	  N_("Run the diagnosis again, or the disk's long test on its own."), 0, NT },
	/* against the drive's own limits (NVMe WCTEMP/CCTEMP, ATA SCT), else
	 * the defaults per media type (smart.c) */
	{ "disk.too_hot", "disk", "disk.temp_over_critical_c", H, NEVER, 0,
	  N_("The disk is at {disk.temperature_c} °C, at or above its critical limit of {disk.temp_critical_c} °C."),
	  N_("Stop using the disk until the cooling is fixed: check the fans and the air flow around it.") },
	{ "disk.hot", "disk", "disk.temp_over_warning_c", H, 0, NEVER,
	  N_("The disk is at {disk.temperature_c} °C, at or above its limit of {disk.temp_warning_c} °C."),
	  N_("Check the fans and the air flow around the disk.") },
	/* ---- disks (surface scan) ---- */
	{ "disk.read_errors", "disk", "surface.read_errors", H, NEVER, 1,
	  N_("{n} places on the disk could not be read during the scan."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.very_slow_reads", "disk", "surface.ge500ms", H, 1, 10,
	  N_("{n} reads took more than half a second."),
	  N_("The disk struggles to read some places: keep a backup and plan to replace it.") },
	{ "disk.slow_reads", "disk", "surface.slow_permille", H, 10, NEVER,
	  /* xgettext:no-c-format */
	  N_("{n}% of the reads were slow (150 ms or more)."),
	  N_("The disk struggles to read some places: keep a backup and plan to replace it."), 1 },
	/* ---- battery: design and full capacities, plausible ---- */
	REQ("battery.no_capacity", "battery", "battery.health_permille",
	    N_("The battery does not report plausible capacities (design and full charge), so its wear is unknown."),
	    N_("Check the battery with the maker's tool, or measure a full discharge.")),
	{ "battery.implausible", "battery", "battery.health_permille", H, 1051, NEVER,
	  /* xgettext:no-c-format */
	  N_("The battery claims {n}% of its original capacity: not a plausible reading."),
	  N_("Check the battery with the maker's tool, or measure a full discharge."), 1, NT },
	{ "battery.worn", "battery", "battery.health_permille", L, 799, 599,
	  /* xgettext:no-c-format */
	  N_("The battery holds only {n}% of its original charge."),
	  N_("Replace the battery (or use the computer plugged in)."), 1 },
	{ "battery.cycles", "battery", "battery.cycles", H, 751, NEVER,
	  N_("The battery has been charged {n} times."),
	  N_("The battery is ageing: plan to replace it.") },
	{ "battery.not_charging", "battery", "battery.not_charging", H, 1, NEVER,
	  N_("The battery does not charge although the charger is plugged in."),
	  N_("Try another charger; if it still does not charge, replace the battery.") },
	/* ---- thermal: a processor temperature read under load ---- */
	REQ("thermal.no_sensor", "thermal", "thermal.cpu_sensors",
	    N_("No processor temperature sensor could be read."),
	    N_("Check the cooling by hand: fans turning, air vents clean.")),
	{ "thermal.no_cpu_sensor", "thermal", "thermal.cpu_sensors", L, 0, NEVER,
	  N_("No processor temperature sensor could be read."),
	  N_("Check the cooling by hand: fans turning, air vents clean."), 0, NT },
	REQ("thermal.not_loaded", "thermal", "thermal.loaded_samples",
	    N_("The processor temperature was not measured under load."),
	    N_("Run the diagnosis with the processor test.")),
	{ "thermal.no_load_sample", "thermal", "thermal.loaded_samples", L, 0, NEVER,
	  N_("The processor temperature was not measured under load."),
	  N_("Run the diagnosis with the processor test."), 0, NT },
	{ "thermal.near_critical", "thermal", "thermal.margin_c", L, 15, 5,
	  N_("The computer got within {n} °C of its emergency shutdown temperature."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.throttling", "thermal", "thermal.throttle_events", H, 1, NEVER,
	  N_("The processor slowed itself down {n} times to cool off."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.fan_stopped", "thermal", "thermal.fans_stopped_hot", H, 1, NEVER,
	  N_("A fan that turns at other times stood at 0 RPM while the computer was hot ({n})."),
	  N_("Check that the fan turns; clean or replace it.") },
	{ "thermal.slow_while_cool", "thermal", "thermal.slow_while_cool_permille", L, 700, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor runs at only {n}% of its speed although it is cool."),
	  N_("Often a charger the computer does not recognise, or a dead battery: try the original charger."), 1 },
	/* ---- power: the charger works; on battery, how long it lasts ---- */
	REQ("power.no_charger", "power", "power.charger_online", N_("No charger was seen by the system."),
	    N_("Plug in the computer's charger and test again.")),
	{ "power.charger_unplugged", "power", "power.charger_online", L, 0, NEVER,
	  N_("The charger is not plugged in, so it was not tested."),
	  N_("Plug in the charger and test again."), 0, NT },
	{ "power.short_runtime", "power", "power.runtime_min", L, 59, NEVER,
	  N_("On battery, the computer would last only about {n} minutes at rest."),
	  N_("The battery is weak: plan to replace it (or use the computer plugged in).") },
	/* ---- Wi-Fi: the card starts, scans (receives), joins (transmits) ---- */
	{ "wifi.no_driver", "wifi", "wifi.no_driver", H, NEVER, 1,
	  N_("The Wi-Fi card has no driver: the system does not support it."),
	  N_("Replace the Wi-Fi card with a supported one (or use a USB Wi-Fi adapter).") },
	{ "wifi.no_firmware", "wifi", "wifi.no_interface", H, NEVER, 1,
	  N_("The Wi-Fi card did not start: its firmware is missing or failed to load."),
	  N_("Install the firmware the card needs (the file is named in the report), or replace the card.") },
	{ "wifi.scan_failed", "wifi", "wifi.scan_failed", H, NEVER, 1,
	  N_("The Wi-Fi card could not search for networks."),
	  N_("Restart the computer and test again; if it fails again, replace the Wi-Fi card.") },
	REQ("wifi.not_scanned", "wifi", "wifi.networks", N_("No Wi-Fi scan was made."),
	    N_("Run the diagnosis again.")),
	{ "wifi.no_network", "wifi", "wifi.networks", L, 0, NEVER,
	  N_("No Wi-Fi network was in range, so the card's reception was not proven."),
	  N_("Test again where a Wi-Fi network is in range (the workshop's)."), 0, NT },
	{ "wifi.not_associated", "wifi", "wifi.associated", L, 0, NEVER,
	  N_("The card sees networks but could not join the workshop's network."),
	  N_("Check the network name and passphrase in reco.conf; if they are right, the card transmits badly.") },
	{ "wifi.no_address", "wifi", "wifi.address", L, 0, NEVER,
	  N_("The card joined the workshop's network but got no address."),
	  N_("Check the workshop's router (DHCP), then test again.") },
	{ "wifi.no_gateway", "wifi", "wifi.gateway_reached", L, 0, NEVER,
	  N_("The card joined the network but the router did not answer."),
	  N_("Check the workshop's router, then test again.") },
	/* ---- Bluetooth: powers up, discovers ---- */
	{ "bluetooth.no_power", "bluetooth", "bt.power_failed", H, NEVER, 1,
	  N_("The Bluetooth controller does not start."),
	  N_("Install the firmware it needs (the file is named in the report), or replace the Wi-Fi/Bluetooth card.") },
	{ "bluetooth.discovery_failed", "bluetooth", "bt.discovery_failed", H, NEVER, 1,
	  N_("The Bluetooth controller could not search for devices."),
	  N_("Restart the computer and test again; if it fails again, the controller is faulty.") },
	REQ("bluetooth.not_discovered", "bluetooth", "bt.devices", N_("No Bluetooth search was made."),
	    N_("Run the diagnosis again.")),
	{ "bluetooth.none_in_range", "bluetooth", "bt.devices", L, 0, NEVER,
	  N_("No Bluetooth device was in range, so the controller's reception was not proven."),
	  N_("Switch on a phone's Bluetooth (visible) next to the computer and test again."), 0, NT },
	/* ---- Ethernet: a cable gives a carrier ---- */
	{ "ethernet.no_driver", "ethernet", "eth.no_driver", H, NEVER, 1,
	  N_("The network port has no driver: the system does not support it."),
	  N_("Use a USB network adapter, or replace the network card.") },
	{ "ethernet.does_not_start", "ethernet", "eth.up_failed", H, NEVER, 1,
	  N_("The network port could not be switched on."),
	  N_("Restart the computer and test again; if it fails again, the port is faulty.") },
	REQ("ethernet.not_measured", "ethernet", "eth.carrier", N_("The network port's link was not read."),
	    N_("Run the diagnosis again.")),
	{ "ethernet.no_cable", "ethernet", "eth.carrier", L, 0, NEVER,
	  N_("No network cable was plugged in, so the port was not tested."),
	  N_("Plug in a cable connected to a switch or a router and test again."), 0, NT },
	{ "ethernet.slow_link", "ethernet", "eth.slow_link", H, 1, NEVER,
	  N_("The link runs at {eth.speed_mbps} Mb/s although the port can do {eth.max_speed_mbps} Mb/s."),
	  N_("Try another cable; if the link stays slow, the port is damaged.") },
	/* ---- sound: every device runs; on a laptop, speakers heard by the
	 * built-in microphone ---- */
	REQ("sound.not_measured", "sound", "sound.devices", N_("The sound devices were not tested."),
	    N_("Run the diagnosis again.")),
	{ "sound.no_device", "sound", "sound.devices", L, 0, NEVER,
	  N_("This sound card has no playback or recording device to test."),
	  N_("Check the sound settings by hand."), 0, NT },
	{ "sound.device_failed", "sound", "sound.devices_failed", H, NEVER, 1,
	  N_("{n} sound devices (playback or recording) did not work."),
	  N_("The sound card or its driver is faulty: try a USB sound adapter or headset.") },
	{ "sound.mic_silent", "sound", "sound.loop_silent", H, NEVER, 1,
	  N_("The built-in microphone heard nothing while the speakers played a tone."),
	  N_("Check that nothing covers the microphone; otherwise the microphone or the speakers are faulty.") },
	{ "sound.left_silent", "sound", "sound.loop_left", L, NEVER, 0,
	  N_("The left speaker was not heard by the built-in microphone."),
	  N_("The left speaker is faulty or disconnected.") },
	{ "sound.right_silent", "sound", "sound.loop_right", L, NEVER, 0,
	  N_("The right speaker was not heard by the built-in microphone."),
	  N_("The right speaker is faulty or disconnected.") },
	{ "sound.loop_not_run", "sound", "sound.loop_failed", H, 1, NEVER,
	  N_("The speakers and the built-in microphone could not be tested together."),
	  N_("Test the speakers and the microphone by hand (reco menu)."), 0, NT },
	{ "sound.loop_missing", "sound", "sound.loop_missing", H, 1, NEVER,
	  N_("No built-in microphone was found to test the speakers with."),
	  N_("Test the speakers and the microphone by hand (reco menu)."), 0, NT },
	{ "sound.dropouts", "sound", "sound.xruns", H, 3, NEVER,
	  N_("The sound stopped and restarted {n} times during the test."),
	  N_("Test again with nothing else running; if it goes on, the sound card or its driver is unstable.") },
	/* ---- camera: streams a picture that is not uniform ---- */
	{ "camera.no_picture", "camera", "camera.stream_failed", H, NEVER, 1,
	  N_("The camera did not deliver pictures."),
	  N_("Check that the camera is not switched off (a key or a switch); otherwise it is faulty.") },
	{ "camera.uniform", "camera", "camera.uniform", H, NEVER, 1,
	  N_("The camera's picture is uniform (black or one colour)."),
	  N_("Check that nothing covers the lens (a sliding cover, a sticker); otherwise the camera is faulty.") },
	{ "camera.compressed_only", "camera", "camera.compressed_only", H, 1, NEVER,
	  N_("The camera gives only compressed pictures: its image could not be checked."),
	  N_("Check the camera's picture by hand (reco menu)."), 0, NT },
	REQ("camera.not_checked", "camera", "camera.uniform", N_("The camera's picture was not checked."),
	    N_("Run the diagnosis again.")),
	/* ---- USB: every controller starts and lists its ports ---- */
	{ "usb.no_driver", "usb", "usb.no_driver", H, NEVER, 1,
	  N_("A USB controller has no driver: its ports do not work."),
	  N_("The USB ports on that controller cannot be used; use the other ports.") },
	{ "usb.does_not_start", "usb", "usb.no_root_hub", H, NEVER, 1,
	  N_("A USB controller did not start: its ports do not work."),
	  N_("Restart the computer and test again; if it fails again, those ports are dead.") },
	REQ("usb.not_listed", "usb", "usb.root_ports", N_("The USB ports were not listed."),
	    N_("Run the diagnosis again.")),
	{ "usb.over_current", "usb", "usb.over_current", H, 1, NEVER,
	  N_("A USB port cut its power {n} times (over-current)."),
	  N_("A device or the port itself is short-circuited: check the port's contacts.") },
	{ "usb.stuck_usb2", "usb", "usb.stuck_usb2", H, 1, NEVER,
	  N_("{n} USB 3 devices run at USB 2 speed on a USB 3 port."),
	  N_("Clean the port or try another cable: the port's fast contacts may be damaged.") },
	/* ---- screen (automatic part): panel seen, EDID, native mode, backlight ---- */
	{ "screen.panel_missing", "screen", "screen.panel_missing", H, NEVER, 1,
	  N_("The built-in screen is not detected."),
	  N_("Check the screen's cable inside the hinge; otherwise replace the screen.") },
	REQ("screen.not_read", "screen", "screen.edid_missing", N_("The built-in screen was not read."),
	    N_("Run the diagnosis again.")),
	{ "screen.no_edid", "screen", "screen.edid_missing", H, 1, NEVER,
	  N_("The built-in screen does not give its identity (EDID)."),
	  N_("Check the screen's cable; if the picture is fine, nothing to do.") },
	{ "screen.edid_corrupt", "screen", "screen.edid_bad", H, 1, NEVER,
	  N_("The built-in screen's identity (EDID) is corrupted."),
	  N_("Check the screen's cable; if the picture is fine, nothing to do.") },
	{ "screen.native_mode_missing", "screen", "screen.native_mode_missing", H, 1, NEVER,
	  N_("The screen's own resolution is not offered by the system."),
	  N_("The picture may be blurred: check the graphics driver.") },
	{ "screen.backlight_stuck", "screen", "screen.backlight_stuck", H, 1, NEVER,
	  N_("The screen's backlight did not follow a brightness change."),
	  N_("Try the brightness keys: if the brightness does not change, the backlight control is faulty.") },
	{ "screen.no_backlight", "screen", "screen.no_backlight", H, 1, NEVER,
	  N_("The screen's backlight has no control the system can use."),
	  N_("Try the brightness keys by hand."), 0, NT },
	REQ("screen.backlight_not_tested", "screen", "screen.backlight_stuck", N_("The screen's backlight was not tested."),
	    N_("Run the diagnosis again (not in Repair Café mode).")),
	/* ---- optical drive, card reader: a medium read ---- */
	{ "media.read_failed", "media", "media.read_failed", H, NEVER, 1,
	  N_("The disc or the memory card could not be read."),
	  N_("Try another disc or card; if it still fails, the drive or the reader is faulty.") },
	REQ("media.not_read", "media", "media.read_kib", N_("No disc or memory card was read."),
	    N_("Insert a disc (or a memory card) and test again.")),
};


/* Reasons no metric row gives (the check sets them: diag_part_state()). */
static const struct diag_state states[] = {
	{ "skipped", DIAG_NOT_TESTED, N_("Not tested: left out of this run."),
	  N_("Run the whole diagnosis to test it.") },
	{ "not_in_mode", DIAG_NOT_TESTED, N_("Not tested in this mode."),
	  N_("Run the whole diagnosis to test it.") },
	{ "cpu.could_not_run", DIAG_NOT_TESTED, N_("The processor test could not run."),
	  N_("Run the diagnosis again.") },
	{ "ram.could_not_run", DIAG_NOT_TESTED, N_("The memory test could not run."),
	  N_("Test the memory at start-up (memory test boot entry), or run the diagnosis again.") },
	{ "disk.surface_failed", DIAG_NOT_TESTED, N_("The disk could not be read for the surface check."),
	  N_("Check the cable and the power supply, then run the diagnosis again.") },
	{ "disk.none", DIAG_ABSENT, N_("No internal disk was found."), N_("Nothing to do.") },
	{ "battery.none", DIAG_ABSENT, N_("This computer has no battery."), N_("Nothing to do.") },
	/* the function parts (functions.h) */
	{ "live_only", DIAG_NOT_TESTED, N_("Not tested: this test runs on the computer itself."),
	  N_("Run reco diag on the computer.") },
	{ "no_permission", DIAG_NOT_TESTED, N_("Not tested: the test needs administrator rights."),
	  N_("Run reco diag as root (the reco stick does).") },
	{ "could_not_run", DIAG_NOT_TESTED, N_("The test could not run."), N_("Run the diagnosis again.") },
	{ "radio_off_soft", DIAG_NOT_TESTED, N_("The radio is switched off (airplane mode or the system)."),
	  N_("Switch the radio on (airplane mode off) and test again.") },
	{ "radio_off_hard", DIAG_NOT_TESTED, N_("The radio is switched off by a key or a switch on the computer."),
	  N_("Find the wireless switch or key (often Fn + the antenna key), switch it on and test again.") },
	{ "no_medium", DIAG_NOT_TESTED, N_("No disc or memory card was inserted, so it was not tested."),
	  N_("Insert a disc (or a memory card) and test again.") },
	{ "power.none", DIAG_ABSENT, N_("This computer has no charger or battery (a desktop)."), N_("Nothing to do.") },
	{ "wifi.none", DIAG_ABSENT, N_("This computer has no Wi-Fi."), N_("Nothing to do.") },
	{ "bluetooth.none", DIAG_ABSENT, N_("This computer has no Bluetooth."), N_("Nothing to do.") },
	{ "ethernet.none", DIAG_ABSENT, N_("This computer has no network port."), N_("Nothing to do.") },
	{ "sound.none", DIAG_ABSENT, N_("This computer has no sound card."), N_("Nothing to do.") },
	{ "camera.none", DIAG_ABSENT, N_("This computer has no camera."), N_("Nothing to do.") },
	{ "usb.none", DIAG_ABSENT, N_("This computer has no USB controller."), N_("Nothing to do.") },
	{ "screen.none", DIAG_ABSENT, N_("This computer has no built-in screen."), N_("Nothing to do.") },
	{ "media.none", DIAG_ABSENT, N_("This computer has no optical drive or card reader."), N_("Nothing to do.") },
};

static const struct diag_grade_rule grades[] = {
	{ "cpu", DIAG_FAIL, 'D', N_("not usable: the processor or the motherboard is faulty") },
	{ "ram", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "disk", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "battery", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "thermal", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	/* a function the machine has that fails: a part to replace (a Wi-Fi
	 * card, a camera, a screen...) or a function to do without */
	{ "power", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "wifi", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "bluetooth", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "ethernet", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "sound", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "camera", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "usb", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "screen", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "media", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "*", DIAG_WARN, 'B', N_("works, with a weakness to know about") },
	{ "*", DIAG_PASS, 'A', N_("every part was tested and is sound") },
};

const struct diag_rule *diag_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct diag_state *diag_states(size_t *count)
{
	*count = sizeof(states) / sizeof(states[0]);
	return states;
}

const struct diag_grade_rule *diag_grade_rules(size_t *count)
{
	*count = sizeof(grades) / sizeof(grades[0]);
	return grades;
}

const char *diag_grade_meaning(char grade)
{
	for (size_t i = 0; i < sizeof(grades) / sizeof(grades[0]); i++)
		if (grades[i].grade == grade)
			return grades[i].meaning;
	return "";
}

