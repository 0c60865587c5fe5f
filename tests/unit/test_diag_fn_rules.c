/*
 * test_diag_fn_rules.c — the verdicts of reco diag's function parts: every
 * verdict path of every function from its metrics and states (the rows of
 * tools/diag/rules.c), ABSENT and NOT_TESTED filling, the grade, and
 * "tested on all its functions" (tools/diag/summary.c) only when true.
 *
 * Run from the top of the tree (make unit does); $RECO_TOP overrides.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/ethtool.h>
#include <linux/nl80211.h>
#include <linux/videodev2.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "diag/functions.h"
#include "diag_fn_tree.h"

/* ---- the verdict rows of the function parts (rules.c) --------------------- */


/* Every verdict path of every function part: what was measured (or not),
 * the verdict and the code that explains it. */
static const struct fn_case fn_cases[] = {
	/* power */
	{ "power", "power.charger_present=1 power.charger_online=1 power.on_battery=0", NULL, DIAG_PASS, NULL },
	{ "power", "power.charger_present=1 power.charger_online=0 power.on_battery=1 power.runtime_min=150", NULL,
	  DIAG_NOT_TESTED, "power.charger_unplugged" },
	{ "power", "power.charger_present=1 power.charger_online=0 power.on_battery=1 power.runtime_min=42", NULL,
	  DIAG_NOT_TESTED, "power.charger_unplugged" },
	{ "power", "power.charger_present=0 power.on_battery=1", NULL, DIAG_NOT_TESTED, "power.no_charger" },
	/* Wi-Fi */
	{ "wifi", "wifi.rfkill_soft=0 wifi.rfkill_hard=0 wifi.networks=3 wifi.best_signal_dbm=-50", NULL, DIAG_PASS, NULL },
	{ "wifi", "wifi.rfkill_soft=0 wifi.rfkill_hard=0 wifi.networks=0", NULL, DIAG_NOT_TESTED, "wifi.no_network" },
	{ "wifi", "wifi.rfkill_soft=0 wifi.rfkill_hard=1", "radio_off_hard", DIAG_NOT_TESTED, "radio_off_hard" },
	{ "wifi", "wifi.rfkill_soft=1 wifi.rfkill_hard=0", "radio_off_soft", DIAG_NOT_TESTED, "radio_off_soft" },
	{ "wifi", "wifi.no_interface=1 wifi.firmware_failed=2", NULL, DIAG_FAIL, "wifi.no_firmware" },
	{ "wifi", "wifi.no_driver=1", NULL, DIAG_FAIL, "wifi.no_driver" },
	{ "wifi", "wifi.scan_failed=1", NULL, DIAG_FAIL, "wifi.scan_failed" },
	{ "wifi", "wifi.rfkill_hard=0", "live_only", DIAG_NOT_TESTED, "live_only" },
	{ "wifi", "wifi.networks=2 wifi.associated=1 wifi.address=1 wifi.gateway_reached=1", NULL, DIAG_PASS, NULL },
	{ "wifi", "wifi.networks=2 wifi.associated=0", NULL, DIAG_WARN, "wifi.not_associated" },
	{ "wifi", "wifi.networks=2 wifi.associated=1 wifi.address=0", NULL, DIAG_WARN, "wifi.no_address" },
	{ "wifi", "wifi.networks=2 wifi.associated=1 wifi.address=1 wifi.gateway_reached=0", NULL, DIAG_WARN,
	  "wifi.no_gateway" },
	/* Bluetooth */
	{ "bluetooth", "bt.power_failed=0 bt.devices=2", NULL, DIAG_PASS, NULL },
	{ "bluetooth", "bt.power_failed=0 bt.devices=0", NULL, DIAG_NOT_TESTED, "bluetooth.none_in_range" },
	{ "bluetooth", "bt.power_failed=1", NULL, DIAG_FAIL, "bluetooth.no_power" },
	{ "bluetooth", "bt.power_failed=0 bt.discovery_failed=1", NULL, DIAG_FAIL, "bluetooth.discovery_failed" },
	{ "bluetooth", "bt.rfkill_soft=1", "radio_off_soft", DIAG_NOT_TESTED, "radio_off_soft" },
	/* Ethernet */
	{ "ethernet", "eth.carrier=1 eth.speed_mbps=1000 eth.max_speed_mbps=1000 eth.slow_link=0", NULL, DIAG_PASS, NULL },
	{ "ethernet", "eth.carrier=0", NULL, DIAG_NOT_TESTED, "ethernet.no_cable" },
	{ "ethernet", "eth.carrier=1 eth.speed_mbps=100 eth.max_speed_mbps=1000 eth.slow_link=1", NULL, DIAG_WARN,
	  "ethernet.slow_link" },
	{ "ethernet", "eth.no_driver=1", NULL, DIAG_FAIL, "ethernet.no_driver" },
	{ "ethernet", "eth.up_failed=1", NULL, DIAG_FAIL, "ethernet.does_not_start" },
	/* sound */
	{ "sound", "sound.devices=4 sound.devices_failed=0 sound.xruns=0", NULL, DIAG_PASS, NULL },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.xruns=0 sound.loop_silent=0 sound.loop_left=1 "
		   "sound.loop_right=1",
	  NULL, DIAG_PASS, NULL },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.loop_silent=1 sound.loop_left=0 sound.loop_right=0",
	  NULL, DIAG_FAIL, "sound.mic_silent" },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.loop_silent=0 sound.loop_left=1 sound.loop_right=0",
	  NULL, DIAG_FAIL, "sound.right_silent" },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.loop_silent=0 sound.loop_left=0 sound.loop_right=1",
	  NULL, DIAG_FAIL, "sound.left_silent" },
	{ "sound", "sound.devices=2 sound.devices_failed=1", NULL, DIAG_FAIL, "sound.device_failed" },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.loop_failed=1", NULL, DIAG_NOT_TESTED,
	  "sound.loop_not_run" },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.loop_missing=1", NULL, DIAG_NOT_TESTED,
	  "sound.loop_missing" },
	{ "sound", "sound.devices=2 sound.devices_failed=0 sound.xruns=5", NULL, DIAG_WARN, "sound.dropouts" },
	{ "sound", "sound.devices=0 sound.devices_failed=0", NULL, DIAG_NOT_TESTED, "sound.no_device" },
	{ "sound", "", "live_only", DIAG_NOT_TESTED, "live_only" },
	/* camera */
	{ "camera", "camera.frames=30 camera.fps_milli=30000 camera.uniform=0", NULL, DIAG_PASS, NULL },
	{ "camera", "camera.frames=30 camera.uniform=1", NULL, DIAG_FAIL, "camera.uniform" },
	{ "camera", "camera.frames=0 camera.stream_failed=1", NULL, DIAG_FAIL, "camera.no_picture" },
	{ "camera", "camera.compressed_only=1", NULL, DIAG_NOT_TESTED, "camera.compressed_only" },
	{ "camera", "camera.frames=12", NULL, DIAG_NOT_TESTED, "camera.not_checked" },
	/* USB */
	{ "usb", "usb.root_ports=4 usb.devices=2 usb.stuck_usb2=0 usb.over_current=0 usb.no_root_hub=0", NULL, DIAG_PASS,
	  NULL },
	{ "usb", "usb.root_ports=4 usb.devices=2 usb.stuck_usb2=1 usb.over_current=0", NULL, DIAG_WARN, "usb.stuck_usb2" },
	{ "usb", "usb.root_ports=4 usb.over_current=3", NULL, DIAG_WARN, "usb.over_current" },
	{ "usb", "usb.no_root_hub=1", NULL, DIAG_FAIL, "usb.does_not_start" },
	{ "usb", "usb.no_driver=1", NULL, DIAG_FAIL, "usb.no_driver" },
	/* screen */
	{ "screen", "screen.panel_missing=0 screen.edid_missing=0 screen.edid_bad=0 screen.native_mode_missing=0 "
		    "screen.backlight_stuck=0",
	  NULL, DIAG_PASS, NULL },
	{ "screen", "screen.panel_missing=1", NULL, DIAG_FAIL, "screen.panel_missing" },
	{ "screen", "screen.edid_missing=0 screen.edid_bad=1 screen.backlight_stuck=0", NULL, DIAG_WARN,
	  "screen.edid_corrupt" },
	{ "screen", "screen.edid_missing=0 screen.native_mode_missing=1 screen.backlight_stuck=0", NULL, DIAG_WARN,
	  "screen.native_mode_missing" },
	{ "screen", "screen.edid_missing=0 screen.backlight_stuck=1", NULL, DIAG_WARN, "screen.backlight_stuck" },
	{ "screen", "screen.edid_missing=0", NULL, DIAG_NOT_TESTED, "screen.backlight_not_tested" },
	{ "screen", "screen.edid_missing=0 screen.no_backlight=1", NULL, DIAG_NOT_TESTED, "screen.no_backlight" },
	{ "screen", "screen.edid_missing=1 screen.backlight_stuck=0", NULL, DIAG_WARN, "screen.no_edid" },
	/* optical drive, card reader */
	{ "media", "media.no_medium=0 media.read_failed=0 media.read_kib=4096", NULL, DIAG_PASS, NULL },
	{ "media", "media.no_medium=0 media.read_failed=1 media.read_kib=0", NULL, DIAG_FAIL, "media.read_failed" },
	{ "media", "media.no_medium=1", "no_medium", DIAG_NOT_TESTED, "no_medium" },
};

static void test_fn_rules(void **state)
{
	(void)state;
	check_cases(fn_cases, sizeof(fn_cases) / sizeof(fn_cases[0]));
}

/* A function the machine lacks is ABSENT; one left out of the run is
 * NOT_TESTED; a failing function caps the grade at C. */
static void test_fn_fill_grade(void **state)
{
	(void)state;
	struct diag_part parts[32];
	size_t n = 0;
	diag_part_init(&parts[n], "wifi", "phy0");
	diag_metric_set(&parts[n], "wifi.no_driver", 1);
	diag_part_judge(&parts[n++]);
	n = diag_parts_fill(parts, n, 32, DIAG_P_WIFI | DIAG_P_CAMERA);
	int seen_camera = 0, seen_cpu = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(parts[i].part, "camera") == 0) {
			seen_camera = 1;
			assert_int_equal(parts[i].verdict, DIAG_ABSENT);
			assert_string_equal(state_of(&parts[i]), "camera.none");
		}
		if (strcmp(parts[i].part, "cpu") == 0) {
			seen_cpu = 1;
			assert_int_equal(parts[i].verdict, DIAG_NOT_TESTED);
		}
	}
	assert_true(seen_camera && seen_cpu);
	assert_int_equal(diag_grade(parts, n), 'C');
	for (size_t i = 0; i < n; i++)
		diag_part_release(&parts[i]);
	/* every function has a title, an ABSENT state and a grade row */
	size_t nk;
	const struct diag_part_kind *k = diag_part_kinds(&nk);
	assert_int_equal(nk, 21);
	for (size_t i = 5; i < nk; i++) {
		struct diag_part p;
		char code[32];
		snprintf(code, sizeof(code), "%s.none", k[i].part);
		diag_part_init(&p, k[i].part, k[i].part);
		assert_int_equal(diag_part_state(&p, code, NULL), 0);
		diag_part_release(&p);
		assert_string_not_equal(diag_title(k[i].part, 0), k[i].part);
	}
}

/* "Tested on all its functions" only when every kind of part is in the
 * diagnosis, PASS, WARN or ABSENT. */
static void test_all_functions(void **state)
{
	(void)state;
	size_t nk;
	const struct diag_part_kind *k = diag_part_kinds(&nk);
	json_t *diag = json_object(), *parts = json_array();
	json_object_set_new(diag, "parts", parts);
	for (size_t i = 0; i < nk; i++)
		json_array_append_new(parts, json_pack("{s:s,s:s,s:s}", "part", k[i].part, "id", k[i].part, "verdict",
						       i == 3 ? "ABSENT" : i == 7 ? "WARN" : "PASS"));
	/* a second Wi-Fi part that passes does not hide the first one */
	assert_int_equal(diag_json_all_functions(diag), 1);
	char *t = diag_json_functions_text(diag, 0);
	assert_string_equal(t, "This computer was tested on all its functions, and they work.");
	free(t);
	json_t *fs = diag_json_functions(diag);
	assert_int_equal(json_array_size(fs), nk);
	json_decref(fs);
	/* one camera not tested, one Wi-Fi card failing among two */
	json_array_append_new(parts, json_pack("{s:s,s:s,s:s}", "part", "wifi", "id", "phy1", "verdict", "FAIL"));
	for (size_t i = 0; i < json_array_size(parts); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(parts, i), "part")), "camera") == 0)
			json_object_set_new(json_array_get(parts, i), "verdict", json_string("NOT_TESTED"));
	assert_int_equal(diag_json_all_functions(diag), 0);
	t = diag_json_functions_text(diag, 0);
	assert_string_equal(t, "Not tested on all its functions: Wi-Fi (faulty), Camera (not tested).");
	free(t);
	/* a diagnosis without the function parts (an older diag.json) */
	json_t *old = json_pack("{s:[{s:s,s:s}]}", "parts", "part", "cpu", "verdict", "PASS");
	assert_int_equal(diag_json_all_functions(old), 0);
	fs = diag_json_functions(old);
	assert_false(json_is_true(json_object_get(json_array_get(fs, 5), "in_report")));
	json_decref(fs);
	json_decref(old);
	json_decref(diag);
}

int main(void)
{
	top_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fn_rules),
		cmocka_unit_test(test_fn_fill_grade),
		cmocka_unit_test(test_all_functions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
