/*
 * test_diag_fn.c — the measurement side of reco diag's function parts
 * (tools/diag/functions.h): the parsers of what devices and the kernel say
 * (kernel log firmware lines, 802.11 information elements and nl80211 BSS
 * attributes, Bluetooth management events, HD-audio pin configurations,
 * camera frames, USB versions, DRM modes), the arithmetic (tone detection,
 * link speeds, runtime), and each part's reading of a sysfs tree built here
 * in a temporary directory (rfkill switches, adapters without driver or
 * firmware, ports, panels, backlights, chargers, drives and readers).
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

static char top[2048] = ".";

/* ---- a sysfs tree in a temporary directory ------------------------------- */

static char troot[256];

static void mkparents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
}

/* Writes text to troot/rel (creating the directories). */
static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void putbin(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* A symlink troot/rel -> target (relative, as in sysfs). */
static void lnk(const char *rel, const char *target)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static void mkd(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s/x", troot, rel);
	mkparents(path);
}

static int tree_setup(void **state)
{
	(void)state;
	snprintf(troot, sizeof(troot), "/tmp/reco-test-fn.XXXXXX");
	assert_non_null(mkdtemp(troot));
	return 0;
}

static int tree_teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", troot);
	return system(cmd) == 0 ? 0 : -1;
}

static int64_t metric(const struct diag_part *p, const char *name)
{
	int64_t v;
	if (!diag_metric_get(p, name, &v))
		fail_msg("%s %s: no metric %s", p->part, p->id, name);
	return v;
}

static int has_metric(const struct diag_part *p, const char *name)
{
	int64_t v;
	return diag_metric_get(p, name, &v);
}

static const char *dstr(const struct diag_part *p, const char *key)
{
	return json_string_value(json_object_get(p->details, key));
}

/* The state code a part was left in ("" when none). */
static const char *state_of(const struct diag_part *p)
{
	return p->state ? p->state->code : "";
}

static void release(struct diag_part *p, int n)
{
	for (int i = 0; i < n; i++)
		diag_part_release(&p[i]);
}

/* A context over troot, as under --root, with the tree's kernel log and
 * rfkill switches read. */
static struct diag_fw_log g_fw;
static struct diag_rfkill g_rf[DIAG_RFKILL_MAX];
static void ctx_root(struct diag_fn_ctx *c)
{
	diag_fn_ctx_init(c, troot, 0, &g_fw, g_rf, DIAG_RFKILL_MAX);
}

/* ---- kernel log -------------------------------------------------------------- */

static const char kmsg[] =
	"6,339,5140900,-;iwlwifi 0000:02:00.0: enabling device (0000 -> 0002)\n"
	" SUBSYSTEM=pci\n"
	" DEVICE=+pci:0000:02:00.0\n"
	"4,340,5141000,-;iwlwifi 0000:02:00.0: Direct firmware load for iwlwifi-8265-36.ucode failed with error -2\n"
	"4,341,5141001,-;iwlwifi 0000:02:00.0: Direct firmware load for iwlwifi-8265-36.ucode failed with error -2\n"
	"3,342,5141002,-;iwlwifi 0000:02:00.0: no suitable firmware found!\n"
	"3,343,5141100,-;Bluetooth: hci0: RTL: firmware file rtl_bt/rtl8822cu_fw.bin not found\n"
	"3,344,5141200,-;Bluetooth: hci0: RTL: loading rtl_bt/rtl8822cu_config.bin\n"
	"4,345,5141300,-;r8169 0000:03:00.0: firmware: failed to load rtl_nic/rtl8168h-2.fw (-2)\n"
	"[    7.123456] bluetooth hci1: Failed to load Intel firmware file intel/ibt-17-16-1.sfi (-2)\n"
	"6,346,5141400,-;usb 1-4: new high-speed USB device number 3 using xhci_hcd\n"
	"3,347,5141500,-;Direct firmware load for orphan.bin failed with error -2\n";

static void test_fwlog_parse(void **state)
{
	(void)state;
	struct diag_fw_log log;
	memset(&log, 0, sizeof(log));
	size_t n = diag_fwlog_parse(kmsg, strlen(kmsg), &log);
	/* 6 failure lines (the duplicate counted as found but stored once; the
	 * line without a device prefix ignored) */
	assert_int_equal(n, 6);
	assert_int_equal(log.n, 5);
	assert_string_equal(log.f[0].who, "iwlwifi 0000:02:00.0");
	assert_string_equal(log.f[0].file, "iwlwifi-8265-36.ucode");
	assert_int_equal(log.f[0].err, 2);
	assert_string_equal(log.f[1].file, ""); /* "no suitable firmware found" names none */
	assert_string_equal(log.f[2].who, "Bluetooth: hci0");
	assert_string_equal(log.f[2].file, "rtl_bt/rtl8822cu_fw.bin");
	assert_string_equal(log.f[3].who, "r8169 0000:03:00.0");
	assert_string_equal(log.f[3].file, "rtl_nic/rtl8168h-2.fw");
	assert_int_equal(log.f[3].err, 2);
	assert_string_equal(log.f[4].who, "bluetooth hci1");
	assert_string_equal(log.f[4].file, "intel/ibt-17-16-1.sfi");
	assert_true(diag_fw_fail_matches(&log.f[0], "0000:02:00.0"));
	assert_false(diag_fw_fail_matches(&log.f[0], "0000:02:00.1"));
	assert_false(diag_fw_fail_matches(&log.f[0], "0000:02:00"));
	assert_true(diag_fw_fail_matches(&log.f[2], "hci0"));
	assert_false(diag_fw_fail_matches(&log.f[2], "hci"));
	assert_false(diag_fw_fail_matches(&log.f[2], ""));
	/* a USB interface prefix matches its device */
	struct diag_fw_fail u = { .who = "btusb 1-4:1.0" };
	assert_true(diag_fw_fail_matches(&u, "1-4"));
	assert_false(diag_fw_fail_matches(&u, "1-40"));
}

static void test_fwlog_truncated(void **state)
{
	(void)state;
	/* every prefix of the log parses without reading past it */
	size_t len = strlen(kmsg);
	for (size_t k = 0; k <= len; k += 7) {
		char *copy = malloc(k ? k : 1);
		memcpy(copy, kmsg, k);
		struct diag_fw_log log;
		memset(&log, 0, sizeof(log));
		diag_fwlog_parse(copy, k, &log);
		assert_true(log.n <= 5);
		free(copy);
	}
	/* the table is bounded */
	struct diag_fw_log log;
	memset(&log, 0, sizeof(log));
	char line[128];
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "x 0000:00:%02x.0: Direct firmware load for f%d.bin failed with error -2\n",
			 i, i);
		diag_fwlog_parse(line, strlen(line), &log);
	}
	assert_int_equal(log.n, DIAG_FW_MAX);
}

static void test_fwlog_read_root(void **state)
{
	(void)state;
	put("dev/kmsg", kmsg);
	struct diag_fw_log log;
	memset(&log, 0, sizeof(log));
	assert_int_equal(diag_fwlog_read(troot, &log), 0);
	assert_int_equal(log.read, 1);
	assert_int_equal(log.n, 5);
	char empty[300];
	snprintf(empty, sizeof(empty), "%s/none", troot);
	memset(&log, 0, sizeof(log));
	assert_int_equal(diag_fwlog_read(empty, &log), -ENOENT);
	assert_int_equal(log.read, 0);
}

/* ---- rfkill ------------------------------------------------------------------ */

static void rfkill_tree(void)
{
	put("sys/class/rfkill/rfkill0/name", "phy0\n");
	put("sys/class/rfkill/rfkill0/type", "wlan\n");
	put("sys/class/rfkill/rfkill0/soft", "0\n");
	put("sys/class/rfkill/rfkill0/hard", "0\n");
	put("sys/class/rfkill/rfkill1/name", "hp-wifi\n");
	put("sys/class/rfkill/rfkill1/type", "wlan\n");
	put("sys/class/rfkill/rfkill1/soft", "0\n");
	put("sys/class/rfkill/rfkill1/hard", "1\n");
	put("sys/class/rfkill/rfkill2/name", "hci0\n");
	put("sys/class/rfkill/rfkill2/type", "bluetooth\n");
	put("sys/class/rfkill/rfkill2/soft", "1\n");
	put("sys/class/rfkill/rfkill2/hard", "0\n");
	put("sys/class/rfkill/rfkill3/name", "phy1\n");
	put("sys/class/rfkill/rfkill3/type", "wlan\n");
	put("sys/class/rfkill/rfkill3/soft", "1\n");
	put("sys/class/rfkill/rfkill3/hard", "1\n");
}

static void test_rfkill(void **state)
{
	(void)state;
	rfkill_tree();
	struct diag_rfkill rf[DIAG_RFKILL_MAX];
	size_t n = diag_rfkill_read(troot, rf, DIAG_RFKILL_MAX);
	assert_int_equal(n, 4);
	int soft, hard;
	char sw[64];
	/* phy0: its own switch is open, the platform's Wi-Fi switch is off */
	assert_int_equal(diag_rfkill_state(rf, n, "wlan", "phy0", &soft, &hard, sw, sizeof(sw)), 1);
	assert_int_equal(soft, 0);
	assert_int_equal(hard, 1);
	assert_string_equal(sw, "hp-wifi");
	/* hci0: soft-blocked, no hardware switch (phy1's does not count) */
	assert_int_equal(diag_rfkill_state(rf, n, "bluetooth", "hci0", &soft, &hard, sw, sizeof(sw)), 1);
	assert_int_equal(soft, 1);
	assert_int_equal(hard, 0);
	assert_string_equal(sw, "");
	/* phy1's own hard block: named by its own switch... but the platform
	 * one comes first */
	assert_int_equal(diag_rfkill_state(rf, n, "wlan", "phy1", &soft, &hard, sw, sizeof(sw)), 1);
	assert_string_equal(sw, "hp-wifi");
	/* a radio without a switch */
	assert_int_equal(diag_rfkill_state(rf, n, "wwan", "wwan0", &soft, &hard, sw, sizeof(sw)), 0);
	assert_int_equal(hard, 0);
}

/* ---- Wi-Fi: elements, BSS attributes, scan summary ------------------------ */

static void test_wifi_ies(void **state)
{
	(void)state;
	const uint8_t ies[] = { 0, 6, 'a', 't', 'e', 'l', 'i', 'e', /* SSID */
				1, 2, 0x82, 0x84,                   /* rates */
				48, 2, 1, 0,                        /* RSN */
				221, 4, 0x00, 0x50, 0xf2, 1 };      /* WPA */
	struct diag_wifi_bss b;
	memset(&b, 0, sizeof(b));
	assert_int_equal(diag_wifi_parse_ies(ies, sizeof(ies), &b), 4);
	assert_int_equal(b.have_ssid, 1);
	assert_int_equal(b.ssid_len, 6);
	assert_memory_equal(b.ssid, "atelie", 6);
	assert_int_equal(b.rsn, 1);
	assert_int_equal(b.wpa, 1);
	/* an element that overruns: what came before stays */
	const uint8_t bad[] = { 0, 3, 'a', 'b', 'c', 48, 10, 1 };
	memset(&b, 0, sizeof(b));
	assert_int_equal(diag_wifi_parse_ies(bad, sizeof(bad), &b), -1);
	assert_int_equal(b.ssid_len, 3);
	assert_int_equal(b.rsn, 0);
	/* an SSID longer than 32 bytes is not an SSID */
	uint8_t longs[40] = { 0, 33 };
	memset(&b, 0, sizeof(b));
	assert_int_equal(diag_wifi_parse_ies(longs, 35, &b), 1);
	assert_int_equal(b.have_ssid, 0);
	/* a dangling byte */
	memset(&b, 0, sizeof(b));
	assert_int_equal(diag_wifi_parse_ies((const uint8_t *)"\0", 1, &b), -1);
	assert_int_equal(diag_wifi_parse_ies(NULL, 0, &b), 0);
}

/* The payload of an NL80211_ATTR_BSS nest built with libnl. */
static size_t bss_attrs(uint8_t *out, size_t size, int with_freq, uint32_t freq, int32_t mbm, const uint8_t *ies,
			size_t ies_len)
{
	struct nl_msg *m = nlmsg_alloc();
	assert_non_null(m);
	struct nlattr *nest = nla_nest_start(m, NL80211_ATTR_BSS);
	if (with_freq)
		nla_put_u32(m, NL80211_BSS_FREQUENCY, freq);
	nla_put_u32(m, NL80211_BSS_SIGNAL_MBM, (uint32_t)mbm);
	if (ies)
		nla_put(m, NL80211_BSS_INFORMATION_ELEMENTS, (int)ies_len, ies);
	nla_nest_end(m, nest);
	size_t len = (size_t)nla_len(nest);
	assert_true(len <= size);
	memcpy(out, nla_data(nest), len);
	nlmsg_free(m);
	return len;
}

static void test_wifi_bss(void **state)
{
	(void)state;
	uint8_t buf[512];
	const uint8_t ies[] = { 0, 4, 'r', 'e', 'c', 'o', 48, 2, 1, 0 };
	size_t len = bss_attrs(buf, sizeof(buf), 1, 2437, -4200, ies, sizeof(ies));
	struct diag_wifi_bss b;
	assert_int_equal(diag_wifi_parse_bss(buf, len, &b), 0);
	assert_int_equal(b.freq_mhz, 2437);
	assert_int_equal(b.have_signal, 1);
	assert_int_equal(b.signal_mbm, -4200);
	assert_int_equal(b.ssid_len, 4);
	assert_int_equal(b.rsn, 1);
	len = bss_attrs(buf, sizeof(buf), 0, 0, -4200, NULL, 0);
	assert_int_equal(diag_wifi_parse_bss(buf, len, &b), -EINVAL);

	/* the summary */
	struct diag_wifi_scan s;
	memset(&s, 0, sizeof(s));
	struct diag_wifi_bss a = { .freq_mhz = 2412, .signal_mbm = -7000, .have_signal = 1, .ssid = "reco",
				   .ssid_len = 4, .have_ssid = 1 };
	struct diag_wifi_bss c = { .freq_mhz = 5180, .signal_mbm = -5500, .have_signal = 1, .ssid = "other",
				   .ssid_len = 5, .have_ssid = 1 };
	diag_wifi_scan_add(&s, &a, "atelier");
	assert_int_equal(s.ssid_seen, 0);
	diag_wifi_scan_add(&s, &c, "reco");
	assert_int_equal(s.ssid_seen, 0);
	diag_wifi_scan_add(&s, &a, "reco");
	assert_int_equal(s.ssid_seen, 1);
	assert_int_equal(s.networks, 3);
	assert_int_equal(s.best_mbm, -5500);
	assert_int_equal(s.bands, 3);
}

/* A machine with a radio behind a hardware switch, an Intel card whose
 * firmware is missing and a card with no driver at all. */
static void wifi_tree(void)
{
	rfkill_tree();
	put("dev/kmsg", kmsg);
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/class", "0x028000\n");
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/vendor", "0x168c\n");
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/device", "0x003e\n");
	lnk("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/driver", "../../../../bus/pci/drivers/ath10k_pci");
	lnk("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/subsystem", "../../../../bus/pci");
	mkd("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/ieee80211/phy0");
	lnk("sys/class/ieee80211/phy0", "../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/ieee80211/phy0");
	lnk("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/ieee80211/phy0/device", "../../../0000:01:00.0");
	mkd("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/wlp1s0/wireless");
	lnk("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/wlp1s0/phy80211", "../../ieee80211/phy0");
	lnk("sys/class/net/wlp1s0", "../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/wlp1s0");
	/* the Intel card: driver bound, firmware missing, no phy */
	put("sys/devices/pci0000:00/0000:02:00.0/class", "0x028000\n");
	put("sys/devices/pci0000:00/0000:02:00.0/vendor", "0x8086\n");
	put("sys/devices/pci0000:00/0000:02:00.0/device", "0x24fd\n");
	lnk("sys/devices/pci0000:00/0000:02:00.0/driver", "../../../bus/pci/drivers/iwlwifi");
	/* a card no driver claims */
	put("sys/devices/pci0000:00/0000:04:00.0/class", "0x028000\n");
	put("sys/devices/pci0000:00/0000:04:00.0/vendor", "0x14e4\n");
	put("sys/devices/pci0000:00/0000:04:00.0/device", "0x43b1\n");
	/* an Ethernet controller (not Wi-Fi) */
	put("sys/devices/pci0000:00/0000:03:00.0/class", "0x020000\n");
	lnk("sys/bus/pci/devices/0000:01:00.0", "../../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0");
	lnk("sys/bus/pci/devices/0000:02:00.0", "../../../devices/pci0000:00/0000:02:00.0");
	lnk("sys/bus/pci/devices/0000:03:00.0", "../../../devices/pci0000:00/0000:03:00.0");
	lnk("sys/bus/pci/devices/0000:04:00.0", "../../../devices/pci0000:00/0000:04:00.0");
}

static void test_wifi_read(void **state)
{
	(void)state;
	wifi_tree();
	struct diag_fn_ctx c;
	ctx_root(&c);
	assert_int_equal(g_fw.read, 1);
	struct diag_part p[8];
	int n = diag_wifi_read(&c, p, 8);
	assert_int_equal(n, 3);
	/* phy0: found, driver and ids, radio blocked by the hp-wifi switch,
	 * no scan under --root (no networks metric: never a PASS) */
	assert_string_equal(p[0].id, "phy0");
	assert_string_equal(dstr(&p[0], "driver"), "ath10k_pci");
	assert_string_equal(dstr(&p[0], "ids"), "168c:003e");
	assert_string_equal(dstr(&p[0], "interface"), "wlp1s0");
	assert_int_equal(metric(&p[0], "wifi.rfkill_hard"), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(p[0].details, "rfkill"), "switch")),
			    "hp-wifi");
	assert_false(has_metric(&p[0], "wifi.networks"));
	assert_string_equal(state_of(&p[0]), DIAG_SKIP_RADIO_HARD);
	assert_string_equal(p[0].state_detail, "hp-wifi");
	/* judged: the switch is named in the reason; the two cards fail */
	for (int i = 0; i < n; i++)
		diag_part_judge(&p[i]);
	assert_int_equal(p[0].verdict, DIAG_NOT_TESTED);
	char *why = diag_part_reason(&p[0], 0);
	assert_non_null(strstr(why, "(hp-wifi)"));
	free(why);
	assert_int_equal(p[1].verdict, DIAG_FAIL);
	assert_string_equal(p[1].rule->code, "wifi.no_firmware");
	assert_int_equal(p[2].verdict, DIAG_FAIL);
	assert_string_equal(p[2].rule->code, "wifi.no_driver");
	/* the Intel card: driver without interface, firmware file named */
	assert_string_equal(p[1].id, "0000:02:00.0");
	assert_int_equal(metric(&p[1], "wifi.no_interface"), 1);
	assert_int_equal(metric(&p[1], "wifi.firmware_failed"), 2);
	json_t *fw = json_object_get(p[1].details, "firmware_failed");
	assert_string_equal(json_string_value(json_object_get(json_array_get(fw, 0), "file")),
			    "iwlwifi-8265-36.ucode");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(fw, 0), "errno")), 2);
	assert_false(has_metric(&p[1], "wifi.no_driver"));
	/* the Broadcom card: no driver */
	assert_string_equal(p[2].id, "0000:04:00.0");
	assert_int_equal(metric(&p[2], "wifi.no_driver"), 1);
	assert_string_equal(dstr(&p[2], "ids"), "14e4:43b1");
	release(p, n);
	/* room for one part only */
	n = diag_wifi_read(&c, p, 1);
	assert_int_equal(n, 1);
	release(p, n);
}

/* ---- Bluetooth -------------------------------------------------------------- */

static void test_bt_parse(void **state)
{
	(void)state;
	uint8_t ev[20] = { 1, 2, 3, 4, 5, 6, 0x01, (uint8_t)-60, 0, 0, 0, 0, 3, 0, 2, 1, 6 };
	struct diag_bt_found f;
	assert_int_equal(diag_bt_parse_found(ev, 17, &f), 0);
	assert_int_equal(f.type, 1);
	assert_int_equal(f.rssi, -60);
	assert_int_equal(f.addr[5], 6);
	/* EIR length beyond the event */
	assert_int_equal(diag_bt_parse_found(ev, 16, &f), -EINVAL);
	assert_int_equal(diag_bt_parse_found(ev, 13, &f), -EINVAL);
	uint8_t il[] = { 2, 0, 0, 0, 5, 0 };
	uint16_t idx[4];
	assert_int_equal(diag_bt_parse_index_list(il, sizeof(il), idx, 4), 2);
	assert_int_equal(idx[1], 5);
	assert_int_equal(diag_bt_parse_index_list(il, 5, idx, 4), -EINVAL);
	assert_int_equal(diag_bt_parse_index_list(il, sizeof(il), idx, 1), 1);
	assert_int_equal(diag_bt_parse_index_list(il, 1, idx, 4), -EINVAL);
	/* discovery types from the supported settings (BR/EDR 0x80, LE 0x200) */
	assert_int_equal(diag_bt_discovery_types(0x80), 0x01);
	assert_int_equal(diag_bt_discovery_types(0x200), 0x06);
	assert_int_equal(diag_bt_discovery_types(0x280), 0x07);
}

static void test_bluetooth_read(void **state)
{
	(void)state;
	rfkill_tree();
	put("dev/kmsg", kmsg);
	mkd("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bluetooth/hci0");
	put("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/idVendor", "0bda\n");
	put("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/idProduct", "b00c\n");
	lnk("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/driver", "../../../../../bus/usb/drivers/btusb");
	lnk("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/subsystem", "../../../../../bus/usb");
	lnk("sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bluetooth/hci0/device", "../../../1-4:1.0");
	lnk("sys/class/bluetooth/hci0", "../../devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bluetooth/hci0");
	mkd("sys/class/bluetooth/hci0:70"); /* a connection, not a controller */
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[4];
	int n = diag_bluetooth_read(&c, p, 4);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].id, "hci0");
	assert_string_equal(dstr(&p[0], "driver"), "btusb");
	assert_string_equal(dstr(&p[0], "ids"), "0bda:b00c");
	assert_int_equal(metric(&p[0], "bt.rfkill_soft"), 1);
	assert_int_equal(metric(&p[0], "bt.rfkill_hard"), 0);
	assert_int_equal(metric(&p[0], "bt.firmware_failed"), 1);
	assert_false(has_metric(&p[0], "bt.devices"));
	assert_string_equal(state_of(&p[0]), DIAG_SKIP_RADIO_SOFT);
	release(p, n);
}

/* ---- Ethernet ----------------------------------------------------------------- */

static void test_eth_speed(void **state)
{
	(void)state;
	uint32_t m[3] = { 0 };
	assert_int_equal(diag_eth_max_speed(m, 3), 0);
	m[0] = 1u << ETHTOOL_LINK_MODE_100baseT_Full_BIT | 1u << ETHTOOL_LINK_MODE_1000baseT_Full_BIT;
	assert_int_equal(diag_eth_max_speed(m, 3), 1000);
	m[ETHTOOL_LINK_MODE_2500baseT_Full_BIT / 32] |= 1u << (ETHTOOL_LINK_MODE_2500baseT_Full_BIT % 32);
	assert_int_equal(diag_eth_max_speed(m, 3), 2500);
	/* a bitmap too short to hold bit 47 */
	assert_int_equal(diag_eth_max_speed(m, 1), 1000);
}

static void eth_port(const char *pci, const char *ifname, const char *carrier, const char *speed)
{
	char p[400], t[400];
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/type", pci, ifname);
	put(p, "1\n");
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/flags", pci, ifname);
	put(p, "0x1003\n");
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/carrier", pci, ifname);
	put(p, carrier);
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/speed", pci, ifname);
	put(p, speed);
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/duplex", pci, ifname);
	put(p, "full\n");
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/net/%s/device", pci, ifname);
	lnk(p, "../..");
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/class", pci);
	put(p, "0x020000\n");
	snprintf(p, sizeof(p), "sys/devices/pci0000:00/%s/driver", pci);
	lnk(p, "../../../bus/pci/drivers/r8169");
	snprintf(p, sizeof(p), "sys/class/net/%s", ifname);
	snprintf(t, sizeof(t), "../../devices/pci0000:00/%s/net/%s", pci, ifname);
	lnk(p, t);
	snprintf(p, sizeof(p), "sys/bus/pci/devices/%s", pci);
	snprintf(t, sizeof(t), "../../../devices/pci0000:00/%s", pci);
	lnk(p, t);
}

static void test_ethernet_read(void **state)
{
	(void)state;
	eth_port("0000:03:00.0", "enp3s0", "1\n", "1000\n");
	eth_port("0000:05:00.0", "enp5s0", "0\n", "-1\n");
	/* a virtual interface and loopback are no ports */
	put("sys/devices/virtual/net/docker0/type", "1\n");
	lnk("sys/class/net/docker0", "../../devices/virtual/net/docker0");
	put("sys/devices/virtual/net/lo/type", "772\n");
	lnk("sys/class/net/lo", "../../devices/virtual/net/lo");
	/* a controller no driver claims */
	put("sys/devices/pci0000:00/0000:06:00.0/class", "0x020000\n");
	lnk("sys/bus/pci/devices/0000:06:00.0", "../../../devices/pci0000:00/0000:06:00.0");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[8];
	int n = diag_ethernet_read(&c, p, 8);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].id, "enp3s0");
	assert_int_equal(metric(&p[0], "eth.carrier"), 1);
	assert_int_equal(metric(&p[0], "eth.speed_mbps"), 1000);
	assert_string_equal(dstr(&p[0], "duplex"), "full");
	assert_string_equal(dstr(&p[0], "driver"), "r8169");
	assert_string_equal(p[1].id, "enp5s0");
	assert_int_equal(metric(&p[1], "eth.carrier"), 0);
	assert_false(has_metric(&p[1], "eth.speed_mbps"));
	/* the firmware of 0000:03:00.0 failed in the log, but it has a link:
	 * not reported against it */
	assert_string_equal(p[2].id, "0000:06:00.0");
	assert_int_equal(metric(&p[2], "eth.no_driver"), 1);
	release(p, n);
}

/* ---- sound ---------------------------------------------------------------------- */

static void test_tone(void **state)
{
	(void)state;
	enum { N = 24000 };
	int16_t *s = malloc(N * 2 * sizeof(int16_t));
	diag_tone_fill(s, N, 48000, 1000, 1500, 8000, 0);
	/* left: 1 kHz only */
	assert_true(diag_tone_ppm(s, N, 2, 0, 48000, 1000) > 950000);
	assert_true(diag_tone_ppm(s, N, 2, 0, 48000, 1500) < 1000);
	assert_true(diag_tone_ppm(s, N, 2, 1, 48000, 1500) > 950000);
	assert_true(diag_tone_ppm(s, N, 2, 1, 48000, 1000) < 1000);
	/* RMS of a sine of amplitude A is A / sqrt(2) */
	uint32_t rms = diag_tone_rms(s, N, 2, 0);
	assert_true(rms > 5650 && rms < 5665);
	/* both tones mixed in one channel: about half each */
	for (size_t i = 0; i < N; i++)
		s[2 * i] = (int16_t)(s[2 * i] / 2 + s[2 * i + 1] / 2);
	uint32_t l = diag_tone_ppm(s, N, 2, 0, 48000, 1000), r = diag_tone_ppm(s, N, 2, 0, 48000, 1500);
	assert_true(l > 450000 && l < 550000);
	assert_true(r > 450000 && r < 550000);
	/* noise: no tone */
	uint32_t x = 12345;
	for (size_t i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		s[2 * i] = (int16_t)((x >> 16) & 0x7fff) - 16384;
	}
	assert_true(diag_tone_ppm(s, N, 2, 0, 48000, 1000) < 5000);
	/* silence and nonsense arguments */
	memset(s, 0, N * 2 * sizeof(int16_t));
	assert_int_equal(diag_tone_ppm(s, N, 2, 0, 48000, 1000), 0);
	assert_int_equal(diag_tone_rms(s, N, 2, 1), 0);
	assert_int_equal(diag_tone_ppm(s, N, 2, 2, 48000, 1000), 0);
	assert_int_equal(diag_tone_ppm(s, N, 2, 0, 48000, 30000), 0);
	assert_int_equal(diag_tone_ppm(NULL, N, 2, 0, 48000, 1000), 0);
	free(s);
}

static void test_hda_pins(void **state)
{
	(void)state;
	/* from a laptop's /proc/asound/card0/codec#0 (Realtek ALC257) */
	const char codec[] = "Codec: Realtek ALC257\n"
			     "Node 0x12 [Pin Complex] wcaps 0x40040b: Stereo Amp-In\n"
			     "  Pin Default 0x90a60130: [Fixed] Mic at Int N/A\n"
			     "Node 0x14 [Pin Complex] wcaps 0x40058d: Stereo Amp-Out\n"
			     "  Pin Default 0x90170110: [Fixed] Speaker at Int N/A\n"
			     "Node 0x19 [Pin Complex] wcaps 0x40048b: Stereo Amp-In\n"
			     "  Pin Default 0x03a11040: [Jack] Mic at Ext Left\n"
			     "Node 0x1a [Pin Complex] wcaps 0x40048b: Stereo Amp-In\n"
			     "  Pin Default 0x411111f0: [N/A] Speaker at Ext Rear\n"
			     "Node 0x21 [Pin Complex] wcaps 0x40058d: Stereo Amp-Out\n"
			     "  Pin Default 0x03211020: [Jack] HP Out at Ext Left\n"
			     "  Pin Default 0x9017";
	struct diag_hda_pins p;
	diag_hda_parse_pins(codec, sizeof(codec) - 1, &p);
	assert_int_equal(p.speakers, 1); /* the N/A one is not there */
	assert_int_equal(p.mics, 2);
	assert_int_equal(p.int_mics, 1);
	assert_int_equal(p.headphones, 1);
	/* QEMU's hda-micro: speaker and microphone on jacks */
	const char qemu[] = "  Pin Default 0x01170010: [Jack] Speaker at Ext N/A\n"
			    "  Pin Default 0x01a10020: [Jack] Mic at Ext N/A\n";
	diag_hda_parse_pins(qemu, sizeof(qemu) - 1, &p);
	assert_int_equal(p.speakers, 1);
	assert_int_equal(p.mics, 1);
	assert_int_equal(p.int_mics, 0);
	diag_hda_parse_pins("", 0, &p);
	assert_int_equal(p.speakers + p.mics, 0);
}

static void test_sound_root(void **state)
{
	(void)state;
	put("proc/asound/card0/id", "PCH\n");
	put("proc/asound/card2/id", "HDMI\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[4];
	int n = diag_sound_read(&c, p, 4);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].id, "PCH");
	assert_string_equal(p[1].id, "HDMI");
	assert_string_equal(state_of(&p[1]), DIAG_SKIP_NO_LIVE);
	assert_false(has_metric(&p[0], "sound.devices"));
	release(p, n);
}

/* ---- camera ---------------------------------------------------------------------- */

static void test_frame(void **state)
{
	(void)state;
	enum { W = 64, H = 48 };
	uint8_t *f = malloc(W * H * 3);
	struct diag_frame_stats st;
	/* YUYV, all black: uniform */
	for (size_t i = 0; i < W * H * 2; i++)
		f[i] = i & 1 ? 0x80 : 0x10;
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_YUYV, f, W * H * 2, W, H, 0, &st), 0);
	assert_int_equal(st.mean_milli, 16000);
	assert_int_equal(st.stddev_milli, 0);
	assert_int_equal(st.distinct, 1);
	assert_true(diag_frame_uniform(&st));
	/* a gradient in luma: not uniform */
	for (size_t y = 0; y < H; y++)
		for (size_t x = 0; x < W; x++)
			f[(y * W + x) * 2] = (uint8_t)(x * 4);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_YUYV, f, W * H * 2, W, H, W * 2, &st), 0);
	assert_false(diag_frame_uniform(&st));
	assert_int_equal(st.distinct, 64);
	/* the same bytes read as UYVY: luma is the constant 0x80 chroma */
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_UYVY, f, W * H * 2, W, H, 0, &st), 0);
	assert_true(diag_frame_uniform(&st));
	/* four levels only (a stuck sensor's pattern) is uniform */
	for (size_t i = 0; i < W * H; i++)
		f[i] = (uint8_t)((i % 4) * 60);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_GREY, f, W * H, W, H, 0, &st), 0);
	assert_int_equal(st.distinct, 4);
	assert_true(diag_frame_uniform(&st));
	/* RGB24: pure red has the BT.601 luma 77 */
	for (size_t i = 0; i < W * H; i++) {
		f[3 * i] = 255;
		f[3 * i + 1] = 0;
		f[3 * i + 2] = 0;
	}
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_RGB24, f, W * H * 3, W, H, 0, &st), 0);
	assert_int_equal(st.mean_milli, 76000);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_BGR24, f, W * H * 3, W, H, 0, &st), 0);
	assert_int_equal(st.mean_milli, 28000);
	/* bad geometry, short buffers, unknown formats */
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_YUYV, f, W * H * 2 - 1, W, H, 0, &st), -EINVAL);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_YUYV, f, W * H * 2, W, H, W, &st), -EINVAL);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_YUYV, f, W * H * 2, 0, H, 0, &st), -EINVAL);
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_MJPEG, f, W * H * 2, W, H, 0, &st), -ENOTSUP);
	assert_false(diag_frame_format_known(V4L2_PIX_FMT_MJPEG));
	assert_true(diag_frame_format_known(V4L2_PIX_FMT_NV12));
	/* padded lines: bytesperline larger than the width, the last line may
	 * end at its pixels */
	assert_int_equal(diag_frame_stats(V4L2_PIX_FMT_GREY, f, 100 * (H - 1) + W, W, H, 100, &st), 0);
	free(f);
}

static void test_camera_root(void **state)
{
	(void)state;
	put("sys/class/video4linux/video0/name", "Integrated Camera: Integrated C\n");
	put("sys/class/video4linux/video0/index", "0\n");
	put("sys/class/video4linux/video1/name", "Integrated Camera: Integrated C\n");
	put("sys/class/video4linux/video1/index", "1\n");
	struct diag_fn_ctx c;
	ctx_root(&c);
	struct diag_part p[4];
	int n = diag_camera_read(&c, p, 4);
	assert_int_equal(n, 1); /* the metadata node is not a camera */
	assert_string_equal(p[0].id, "video0");
	assert_string_equal(dstr(&p[0], "name"), "Integrated Camera: Integrated C");
	assert_false(has_metric(&p[0], "camera.frames"));
	release(p, n);
}

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

/* ---- the verdict rows of the function parts (rules.c) --------------------- */

struct fn_case {
	const char *part;
	const char *metrics; /* "name=value name=value" */
	const char *state;   /* a state set by the check, or NULL */
	enum diag_verdict verdict;
	const char *rule;    /* the explaining code; NULL on PASS */
};

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
	for (size_t i = 0; i < sizeof(fn_cases) / sizeof(fn_cases[0]); i++) {
		const struct fn_case *fc = &fn_cases[i];
		struct diag_part p;
		assert_int_equal(diag_part_init(&p, fc->part, fc->part), 0);
		/* metric names must be static strings: take them from the case */
		static char names[16][64];
		size_t nn = 0;
		char buf[512];
		snprintf(buf, sizeof(buf), "%s", fc->metrics);
		for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			char *eq = strchr(t, '=');
			assert_non_null(eq);
			*eq = '\0';
			snprintf(names[nn], sizeof(names[nn]), "%s", t);
			diag_metric_set(&p, names[nn], strtoll(eq + 1, NULL, 10));
			nn++;
		}
		if (fc->state)
			assert_int_equal(diag_part_state(&p, fc->state, NULL), 0);
		diag_part_judge(&p);
		json_t *j = diag_part_json(&p);
		const char *rule = json_string_value(json_object_get(j, "rule"));
		if (p.verdict != fc->verdict || (fc->rule ? !rule || strcmp(rule, fc->rule) : rule != NULL))
			fail_msg("case %zu (%s: %s): got %s %s, want %s %s", i, fc->part, fc->metrics,
				 diag_verdict_name(p.verdict), rule ? rule : "-", diag_verdict_name(fc->verdict),
				 fc->rule ? fc->rule : "-");
		/* every code renders as a sentence of its own, never as the code */
		char *reason = diag_json_reason(j, 0);
		assert_non_null(reason);
		if (rule)
			assert_string_not_equal(reason, rule);
		free(reason);
		json_decref(j);
		diag_part_release(&p);
	}
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
	assert_int_equal(nk, 14);
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
	const char *t = getenv("RECO_TOP");
	if (t)
		snprintf(top, sizeof(top), "%s", t);
#define T(f) cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fwlog_parse),
		cmocka_unit_test(test_fwlog_truncated),
		T(test_fwlog_read_root),
		T(test_rfkill),
		cmocka_unit_test(test_wifi_ies),
		cmocka_unit_test(test_wifi_bss),
		T(test_wifi_read),
		cmocka_unit_test(test_bt_parse),
		T(test_bluetooth_read),
		cmocka_unit_test(test_eth_speed),
		T(test_ethernet_read),
		cmocka_unit_test(test_tone),
		cmocka_unit_test(test_hda_pins),
		T(test_sound_root),
		cmocka_unit_test(test_frame),
		T(test_camera_root),
		cmocka_unit_test(test_usb_rules),
		T(test_usb_read),
		cmocka_unit_test(test_screen_rules),
		T(test_screen_read),
		T(test_backlight),
		T(test_power),
		T(test_power_desktop),
		T(test_media),
		T(test_ctx_init),
		cmocka_unit_test(test_fn_rules),
		cmocka_unit_test(test_fn_fill_grade),
		cmocka_unit_test(test_all_functions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
