/*
 * table.c — the table of parts reco diag runs: one descriptor per part,
 * each exposed by the part's own file (cpu.c: diag_cpu_desc; wifi.c:
 * diag_wifi_desc...).  The order is the run's: the disks' self-tests start
 * first (their begin), power is measured at rest (DIAG_NEEDS_IDLE), the
 * processor load comes before the cooling judged on it, the function parts
 * after, the guided tests last (guided.h).  Adding a part: its file with its descriptor, a line here, its
 * kind in parts.c and its rows in rules.c.
 */
#include "diag.h"

static const struct diag_part_desc *const table[] = {
	&diag_power_desc,
	&diag_cpu_desc,
	&diag_ram_desc,
	&diag_disk_desc,
	&diag_battery_desc,
	&diag_thermal_desc,
	&diag_wifi_desc,
	&diag_bluetooth_desc,
	&diag_ethernet_desc,
	&diag_sound_desc,
	&diag_camera_desc,
	&diag_usb_desc,
	&diag_screen_desc,
	&diag_media_desc,
	/* the guided tests, last: a person answers (the keyboard first, the
	 * other tests are answered with it) */
	&diag_keyboard_desc,
	&diag_touchpad_desc,
	&diag_display_desc,
	&diag_webcam_desc,
	&diag_speakers_desc,
	&diag_microphone_desc,
	&diag_usbports_desc,
};

const struct diag_part_desc *const *diag_part_table(size_t *count)
{
	*count = sizeof(table) / sizeof(table[0]);
	return table;
}
