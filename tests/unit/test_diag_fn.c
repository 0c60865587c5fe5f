/*
 * test_diag_fn.c — the measurement side of reco diag's function parts
 * (tools/diag/functions.h), first half: the parsers of what devices and
 * the kernel say (kernel log firmware lines, 802.11 information elements
 * and nl80211 BSS attributes, Bluetooth management events, HD-audio pin
 * configurations, camera frames), the arithmetic (tone detection, link
 * speeds), and the readers of rfkill switches, Wi-Fi adapters, Bluetooth
 * controllers, Ethernet ports, sound cards and cameras on sysfs trees built
 * in a temporary directory (diag_fn_tree.h).  test_diag_fn_devices.c has
 * USB, screen, power and media; test_diag_fn_rules.c their verdicts.
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

int main(void)
{
	top_from_env();
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
