/*
 * test_diag_fn_devices.c — the measurement side of reco diag's function
 * parts, second half: USB controllers and ports (stuck at USB 2,
 * over-current), built-in panels (EDID, native mode) and backlights,
 * chargers and runtime on battery, optical drives and card readers, and
 * the facts read once (chassis type), on sysfs trees built in a temporary
 * directory (diag_fn_tree.h).
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

/* ---- USB ---------------------------------------------------------------------------- */

static void test_usb_rules(void **state)
{
	(void)state;
	assert_int_equal(diag_usb_bcd(" 3.20"), 0x320);
	assert_int_equal(diag_usb_bcd(" 2.00"), 0x200);
	assert_int_equal(diag_usb_bcd("1.10"), 0x110);
	assert_int_equal(diag_usb_bcd("3.1"), 0x310);
	assert_int_equal(diag_usb_bcd(""), 0);
	assert_int_equal(diag_usb_bcd("x"), 0);
	assert_int_equal(diag_usb_bcd(NULL), 0);
	assert_true(diag_usb_stuck_usb2(0x320, 480, 1));
	assert_false(diag_usb_stuck_usb2(0x320, 480, 0)); /* a USB 2 connector */
	assert_false(diag_usb_stuck_usb2(0x320, 5000, 1));
	assert_false(diag_usb_stuck_usb2(0x200, 480, 1));
	assert_false(diag_usb_stuck_usb2(0x300, 0, 1));
}

#define XHCI "sys/devices/pci0000:00/0000:00:14.0"
static void usb_tree(void)
{
	put(XHCI "/class", "0x0c0330\n");
	lnk(XHCI "/driver", "../../../bus/pci/drivers/xhci_hcd");
	put(XHCI "/usb1/speed", "480\n");
	put(XHCI "/usb1/maxchild", "2\n");
	put(XHCI "/usb1/1-0:1.0/usb1-port1/over_current_count", "0\n");
	put(XHCI "/usb1/1-0:1.0/usb1-port2/over_current_count", "3\n");
	lnk(XHCI "/usb1/1-0:1.0/usb1-port1/peer", "../../../usb2/2-0:1.0/usb2-port1");
	put(XHCI "/usb2/speed", "5000\n");
	put(XHCI "/usb2/maxchild", "2\n");
	put(XHCI "/usb2/2-0:1.0/usb2-port1/over_current_count", "0\n");
	put(XHCI "/usb2/2-0:1.0/usb2-port2/over_current_count", "0\n");
	lnk(XHCI "/usb2/2-0:1.0/usb2-port1/peer", "../../../usb1/1-0:1.0/usb1-port1");
	/* a USB 3.2 stick on the USB 3 connector's USB 2 half: stuck */
	put(XHCI "/usb1/1-1/speed", "480\n");
	put(XHCI "/usb1/1-1/version", " 3.20\n");
	put(XHCI "/usb1/1-1/idVendor", "0781\n");
	put(XHCI "/usb1/1-1/idProduct", "5581\n");
	put(XHCI "/usb1/1-1/bDeviceClass", "00\n");
	put(XHCI "/usb1/1-1/1-1:1.0/bInterfaceClass", "08\n");
	lnk(XHCI "/usb1/1-1/port", "../1-0:1.0/usb1-port1");
	/* a USB 3 disk on a USB 2-only connector: normal */
	put(XHCI "/usb1/1-2/speed", "480\n");
	put(XHCI "/usb1/1-2/version", " 3.00\n");
	lnk(XHCI "/usb1/1-2/port", "../1-0:1.0/usb1-port2");
	/* a SuperSpeed device */
	put(XHCI "/usb2/2-2/speed", "5000\n");
	put(XHCI "/usb2/2-2/version", " 3.10\n");
	lnk("sys/bus/usb/devices/usb1", "../../../devices/pci0000:00/0000:00:14.0/usb1");
	lnk("sys/bus/usb/devices/usb2", "../../../devices/pci0000:00/0000:00:14.0/usb2");
	lnk("sys/bus/usb/devices/1-1", "../../../devices/pci0000:00/0000:00:14.0/usb1/1-1");
	lnk("sys/bus/usb/devices/1-2", "../../../devices/pci0000:00/0000:00:14.0/usb1/1-2");
	lnk("sys/bus/usb/devices/2-2", "../../../devices/pci0000:00/0000:00:14.0/usb2/2-2");
	lnk("sys/bus/usb/devices/1-1:1.0", "../../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0");
	lnk("sys/bus/pci/devices/0000:00:14.0", "../../../devices/pci0000:00/0000:00:14.0");
	/* an EHCI controller bound to its driver, without a root hub; a
	 * device-side controller (not a host) */
	put("sys/devices/pci0000:00/0000:00:1d.0/class", "0x0c0320\n");
	lnk("sys/devices/pci0000:00/0000:00:1d.0/driver", "../../../bus/pci/drivers/ehci-pci");
	lnk("sys/bus/pci/devices/0000:00:1d.0", "../../../devices/pci0000:00/0000:00:1d.0");
	put("sys/devices/pci0000:00/0000:00:1e.0/class", "0x0c03fe\n");
	lnk("sys/bus/pci/devices/0000:00:1e.0", "../../../devices/pci0000:00/0000:00:1e.0");
}

static void test_usb_read(void **state)
{
	(void)state;
	usb_tree();
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[8];
	int n = diag_usb_read(&c, p, 8);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].id, "0000:00:14.0");
	assert_string_equal(dstr(&p[0], "driver"), "xhci_hcd");
	assert_int_equal(metric(&p[0], "usb.root_ports"), 4);
	assert_int_equal(metric(&p[0], "usb.devices"), 3);
	assert_int_equal(metric(&p[0], "usb.stuck_usb2"), 1);
	assert_int_equal(metric(&p[0], "usb.over_current"), 3);
	assert_int_equal(metric(&p[0], "usb.no_root_hub"), 0);
	json_t *devs = json_object_get(p[0].details, "devices");
	json_t *d0 = json_array_get(devs, 0);
	assert_string_equal(json_string_value(json_object_get(d0, "port")), "1-1");
	assert_int_equal(json_integer_value(json_object_get(d0, "speed_mbps")), 480);
	assert_string_equal(json_string_value(json_object_get(d0, "ids")), "0781:5581");
	assert_string_equal(json_string_value(json_object_get(d0, "class")), "08");
	assert_true(json_is_true(json_object_get(d0, "stuck_usb2")));
	assert_null(json_object_get(json_array_get(devs, 1), "stuck_usb2"));
	assert_string_equal(p[1].id, "0000:00:1d.0");
	assert_int_equal(metric(&p[1], "usb.no_root_hub"), 1);
	release(p, n);
}

/* ---- screen -------------------------------------------------------------------------- */

/* The first hex dump of an EDID fixture file, as bytes. */
static size_t edid_fixture(const char *rel, uint8_t *out, size_t size)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/fixtures/edid/%s", top, rel);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	size_t n = 0;
	int in = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!in) {
			in = strstr(line, "(hex):") != NULL;
			continue;
		}
		if (line[0] == '\n' && n)
			break;
		unsigned v;
		int off = 0, k;
		while (n < size && sscanf(line + off, "%2x%n", &v, &k) == 1) {
			out[n++] = (uint8_t)v;
			off += k;
		}
	}
	fclose(f);
	return n;
}

static void test_screen_rules(void **state)
{
	(void)state;
	assert_true(diag_connector_internal("card0-eDP-1"));
	assert_true(diag_connector_internal("card1-LVDS-1"));
	assert_true(diag_connector_internal("card0-DSI-1"));
	assert_false(diag_connector_internal("card0-HDMI-A-1"));
	assert_false(diag_connector_internal("card0-Virtual-1"));
	assert_false(diag_connector_internal("card0"));
	assert_false(diag_connector_internal("renderD128"));
	const char modes[] = "1920x1080\n1680x1050\n1280x720i\n";
	assert_true(diag_modes_offer(modes, sizeof(modes) - 1, 1920, 1080));
	assert_true(diag_modes_offer(modes, sizeof(modes) - 1, 1280, 720));
	assert_false(diag_modes_offer(modes, sizeof(modes) - 1, 192, 1080));
	assert_false(diag_modes_offer(modes, sizeof(modes) - 1, 1920, 108));
	assert_false(diag_modes_offer(modes, 5, 1920, 1080));
}

static void test_screen_read(void **state)
{
	(void)state;
	uint8_t edid[256];
	size_t len = edid_fixture("Digital/AU Optronics/AUO203D/AEE10812F08A", edid, sizeof(edid));
	assert_int_equal(len, 128);
	putbin("sys/class/drm/card0-eDP-1/edid", edid, len);
	put("sys/class/drm/card0-eDP-1/status", "connected\n");
	put("sys/class/drm/card0-eDP-1/modes", "1920x1080\n1400x1050\n");
	put("sys/class/drm/card0-HDMI-A-1/status", "disconnected\n");
	put("sys/class/backlight/intel_backlight/type", "raw\n");
	put("sys/class/backlight/intel_backlight/max_brightness", "1000\n");
	put("sys/class/backlight/intel_backlight/brightness", "800\n");
	put("sys/class/backlight/acpi_video0/type", "firmware\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[4];
	int n = diag_screen_read(&c, p, 4);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].id, "eDP-1");
	assert_int_equal(metric(&p[0], "screen.edid_missing"), 0);
	assert_int_equal(metric(&p[0], "screen.edid_bad"), 0);
	assert_int_equal(metric(&p[0], "screen.native_mode_missing"), 0);
	json_t *bl = json_object_get(p[0].details, "backlight");
	assert_string_equal(json_string_value(json_object_get(bl, "device")), "intel_backlight");
	assert_false(has_metric(&p[0], "screen.backlight_stuck")); /* not exercised under --root */
	release(p, n);
	/* the native mode not offered, a corrupted EDID */
	put("sys/class/drm/card0-eDP-1/modes", "1400x1050\n");
	edid[20] ^= 0x01;
	putbin("sys/class/drm/card0-eDP-1/edid", edid, len);
	n = diag_screen_read(&c, p, 4);
	assert_int_equal(metric(&p[0], "screen.native_mode_missing"), 1);
	assert_int_equal(metric(&p[0], "screen.edid_bad"), 1);
	release(p, n);
	/* the panel's connector disconnected */
	put("sys/class/drm/card0-eDP-1/status", "disconnected\n");
	n = diag_screen_read(&c, p, 4);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].id, "panel");
	assert_int_equal(metric(&p[0], "screen.panel_missing"), 1);
	release(p, n);
}

static void test_backlight(void **state)
{
	(void)state;
	/* a backlight that follows: actual_brightness reads what was written */
	put("sys/class/backlight/bl/max_brightness", "255\n");
	put("sys/class/backlight/bl/brightness", "200\n");
	lnk("sys/class/backlight/bl/actual_brightness", "brightness");
	json_t *o = json_object();
	assert_int_equal(diag_backlight_check(troot, "bl", o), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "set")), 137);
	assert_int_equal(json_integer_value(json_object_get(o, "read_back")), 137);
	/* the old value is back */
	char path[512], buf[32];
	snprintf(path, sizeof(path), "%s/sys/class/backlight/bl/brightness", troot);
	FILE *f = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "200\n");
	json_decref(o);
	/* one that does not: actual_brightness stays */
	put("sys/class/backlight/stuck/max_brightness", "100\n");
	put("sys/class/backlight/stuck/brightness", "10\n");
	put("sys/class/backlight/stuck/actual_brightness", "10\n");
	o = json_object();
	assert_int_equal(diag_backlight_check(troot, "stuck", o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "set")), 35);
	json_decref(o);
	/* no max_brightness: cannot be tried */
	put("sys/class/backlight/broken/brightness", "10\n");
	o = json_object();
	assert_int_equal(diag_backlight_check(troot, "broken", o), -ENODATA);
	json_decref(o);
}

/* ---- power ------------------------------------------------------------------------------ */

static void test_power(void **state)
{
	(void)state;
	assert_int_equal(diag_power_runtime_min(20000000, 10000000), 120);
	assert_int_equal(diag_power_runtime_min(5000000, 10000000), 30);
	assert_int_equal(diag_power_runtime_min(5000000, 0), -1);
	assert_int_equal(diag_power_runtime_min(-1, 10), -1);
	put("sys/class/power_supply/AC/type", "Mains\n");
	put("sys/class/power_supply/AC/online", "0\n");
	put("sys/class/power_supply/BAT0/type", "Battery\n");
	put("sys/class/power_supply/BAT0/status", "Discharging\n");
	put("sys/class/power_supply/BAT0/energy_now", "20000000\n");
	put("sys/class/power_supply/BAT0/power_now", "8000000\n");
	put("sys/class/power_supply/hidpp_battery_0/type", "Battery\n");
	put("sys/class/power_supply/hidpp_battery_0/scope", "Device\n");
	put("sys/class/power_supply/hidpp_battery_0/status", "Discharging\n");
	put("sys/class/power_supply/hidpp_battery_0/power_now", "100\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[2];
	assert_int_equal(diag_power_read(&c, p, 2), 1);
	assert_int_equal(metric(&p[0], "power.charger_present"), 1);
	assert_int_equal(metric(&p[0], "power.charger_online"), 0);
	assert_int_equal(metric(&p[0], "power.on_battery"), 1);
	assert_int_equal(metric(&p[0], "power.discharge_mw"), 8000);
	assert_int_equal(metric(&p[0], "power.runtime_min"), 150);
	release(p, 1);
	/* charge-based firmware, negative current */
	put("sys/class/power_supply/BAT0/energy_now", "");
	unlink(strcat(strcpy((char[512]){ 0 }, troot), "/sys/class/power_supply/BAT0/energy_now"));
	unlink(strcat(strcpy((char[512]){ 0 }, troot), "/sys/class/power_supply/BAT0/power_now"));
	put("sys/class/power_supply/BAT0/charge_now", "3000000\n");
	put("sys/class/power_supply/BAT0/current_now", "-1500000\n");
	put("sys/class/power_supply/BAT0/voltage_now", "11400000\n");
	assert_int_equal(diag_power_read(&c, p, 2), 1);
	assert_int_equal(metric(&p[0], "power.runtime_min"), 120);
	assert_int_equal(metric(&p[0], "power.discharge_mw"), 17100);
	release(p, 1);
	/* plugged in: no runtime figure */
	put("sys/class/power_supply/AC/online", "1\n");
	assert_int_equal(diag_power_read(&c, p, 2), 1);
	assert_int_equal(metric(&p[0], "power.charger_online"), 1);
	assert_int_equal(metric(&p[0], "power.on_battery"), 0);
	assert_false(has_metric(&p[0], "power.runtime_min"));
	release(p, 1);
}

static void test_power_desktop(void **state)
{
	(void)state;
	mkd("sys/class/power_supply");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[2];
	assert_int_equal(diag_power_read(&c, p, 2), 0);
}

/* ---- optical drive and card reader ------------------------------------------------------ */

static void test_media(void **state)
{
	(void)state;
	put("sys/block/sr0/size", "0\n");
	put("sys/block/sr0/device/model", "DVD-RAM UJ8E2\n");
	put("sys/block/sr1/size", "1434496\n");
	/* an SD reader with a card, an eMMC host, an SDIO Wi-Fi chip, an empty
	 * reader */
	put("sys/class/mmc_host/mmc0/mmc0:aaaa/type", "SD\n");
	mkd("sys/class/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0");
	put("sys/block/mmcblk0/size", "62333952\n");
	put("sys/class/mmc_host/mmc1/mmc1:0001/type", "MMC\n");
	put("sys/class/mmc_host/mmc2/mmc2:0001/type", "SDIO\n");
	mkd("sys/class/mmc_host/mmc3");
	/* USB: an empty reader slot, a stick, the boot stick */
	put("sys/block/sdb/removable", "1\n");
	put("sys/block/sdb/size", "0\n");
	put("sys/block/sdc/removable", "1\n");
	put("sys/block/sdc/size", "15000000\n");
	put("sys/block/sdd/removable", "1\n");
	put("sys/block/sdd/size", "0\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	const char *excl[] = { "/dev/sdd" };
	c.exclude = excl;
	c.n_exclude = 1;
	struct diag_part p[8];
	int n = diag_media_read(&c, p, 8);
	assert_int_equal(n, 5);
	assert_string_equal(p[0].id, "sr0");
	assert_int_equal(metric(&p[0], "media.no_medium"), 1);
	assert_string_equal(state_of(&p[0]), DIAG_SKIP_NO_MEDIUM);
	assert_string_equal(dstr(&p[0], "model"), "DVD-RAM UJ8E2");
	assert_string_equal(p[1].id, "sr1");
	assert_int_equal(metric(&p[1], "media.no_medium"), 0);
	assert_string_equal(state_of(&p[1]), DIAG_SKIP_NO_LIVE);
	assert_string_equal(p[2].id, "mmc0");
	assert_string_equal(dstr(&p[2], "kind"), "card_reader");
	assert_string_equal(dstr(&p[2], "card"), "mmcblk0");
	assert_string_equal(p[3].id, "mmc3");
	assert_int_equal(metric(&p[3], "media.no_medium"), 1);
	assert_string_equal(p[4].id, "sdb");
	release(p, n);
}

static void test_ctx_init(void **state)
{
	(void)state;
	put("sys/class/dmi/id/chassis_type", "10\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	assert_int_equal(c.laptop, 1);
	assert_int_equal(c.live, 0);
	put("sys/class/dmi/id/chassis_type", "3\n");
	ctx_root(&c);
	assert_int_equal(c.laptop, 0);
	assert_true(diag_chassis_is_portable(0x1F));
	assert_false(diag_chassis_is_portable(0x0D)); /* all in one */
	/* skipped codes and the errno */
	struct diag_part p;
	diag_part_init(&p, "camera", "video0");
	diag_fn_skip(&p, DIAG_SKIP_ERROR, NULL, -EIO);
	assert_string_equal(state_of(&p), "could_not_run");
	assert_string_equal(p.state_detail, strerror(EIO));
	assert_int_equal(json_integer_value(json_object_get(p.details, "errno")), EIO);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_NOT_TESTED);
	diag_part_release(&p);
}

int main(void)
{
	top_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usb_rules),
		T(test_usb_read),
		cmocka_unit_test(test_screen_rules),
		T(test_screen_read),
		T(test_backlight),
		T(test_power),
		T(test_power_desktop),
		T(test_media),
		T(test_ctx_init),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
