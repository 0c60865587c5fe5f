/*
 * bluetooth.c — the Bluetooth part: one per controller.
 *
 * Controllers are /sys/class/bluetooth/hciN.  Live, each is driven through
 * the kernel's Bluetooth management interface (BlueZ doc/mgmt-api.txt: an
 * HCI socket bound to HCI_CHANNEL_CONTROL; little-endian packets of opcode,
 * controller index, parameter length, parameters): Read Controller
 * Information, Set Powered, Start Discovery for BR/EDR and LE, counting
 * the distinct addresses of Device Found events until the Discovering
 * event says it ended (or the time budget runs out).  A controller that was
 * off is switched off again.  Events come from the controller, and through
 * it from the air: their parsers check every length.
 *
 * Metrics: bt.rfkill_soft, bt.rfkill_hard, bt.firmware_failed,
 * bt.power_failed (the controller did not get through its set-up or did not
 * power up), bt.discovery_failed,
 * bt.devices (only when a discovery ran), bt.best_rssi_dbm.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#ifndef AF_BLUETOOTH
#define AF_BLUETOOTH 31
#endif
#define BTPROTO_HCI 1
#define HCI_DEV_NONE 0xffff
#define HCI_CHANNEL_CONTROL 3

struct sockaddr_hci {
	sa_family_t hci_family;
	unsigned short hci_dev;
	unsigned short hci_channel;
};

/* mgmt-api.txt opcodes, events and status codes */
enum {
	MGMT_OP_READ_INDEX_LIST = 0x0003,
	MGMT_OP_READ_INFO = 0x0004,
	MGMT_OP_SET_POWERED = 0x0005,
	MGMT_OP_START_DISCOVERY = 0x0023,
	MGMT_OP_STOP_DISCOVERY = 0x0024,
	MGMT_EV_CMD_COMPLETE = 0x0001,
	MGMT_EV_CMD_STATUS = 0x0002,
	MGMT_EV_DEVICE_FOUND = 0x0012,
	MGMT_EV_DISCOVERING = 0x0013,
	MGMT_STATUS_INVALID_INDEX = 0x11,
	MGMT_STATUS_RFKILLED = 0x12,
	MGMT_SETTING_POWERED = 0x1,
	MGMT_SETTING_BREDR = 0x80,
	MGMT_SETTING_LE = 0x200,
	MGMT_MAX_DEVICES = 256,
};

#define POWER_MS 15000   /* the kernel's own HCI init timeout is 10 s */
#define DISCOVERY_MS 12000

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int diag_bt_parse_found(const uint8_t *data, size_t len, struct diag_bt_found *f)
{
	/* address (6), address type (1), RSSI (1), flags (4), EIR length (2), EIR */
	if (len < 14)
		return -EINVAL;
	size_t eir = le16(data + 12);
	if (14 + eir > len)
		return -EINVAL;
	memcpy(f->addr, data, 6);
	f->type = data[6];
	f->rssi = (int8_t)data[7];
	return 0;
}

uint8_t diag_bt_discovery_types(uint32_t supported)
{
	/* mgmt-api.txt Start Discovery: bit 0 BR/EDR, bits 1-2 LE public and
	 * random; asking for a transport the controller lacks is refused */
	uint8_t t = 0;
	if (supported & MGMT_SETTING_BREDR)
		t |= 0x01;
	if (supported & MGMT_SETTING_LE)
		t |= 0x06;
	return t ? t : 0x07;
}

int diag_bt_parse_index_list(const uint8_t *data, size_t len, uint16_t *out, size_t max)
{
	if (len < 2)
		return -EINVAL;
	size_t n = le16(data);
	if (2 + 2 * n > len)
		return -EINVAL;
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++)
		out[k++] = le16(data + 2 + 2 * i);
	return (int)k;
}

/* ---- the management socket --------------------------------------------- */

struct bt_run {
	int fd;
	uint16_t index;
	/* discovery state */
	int discovering_seen, discovering_ended;
	uint8_t seen[MGMT_MAX_DEVICES][7];
	size_t n_seen;
	int best_rssi, have_rssi;
};

static void on_event(struct bt_run *r, uint16_t ev, uint16_t index, const uint8_t *p, size_t len)
{
	if (index != r->index)
		return;
	if (ev == MGMT_EV_DEVICE_FOUND) {
		struct diag_bt_found f;
		if (diag_bt_parse_found(p, len, &f) != 0)
			return;
		uint8_t key[7];
		memcpy(key, f.addr, 6);
		key[6] = f.type;
		for (size_t i = 0; i < r->n_seen; i++)
			if (memcmp(r->seen[i], key, 7) == 0)
				goto rssi;
		if (r->n_seen < MGMT_MAX_DEVICES)
			memcpy(r->seen[r->n_seen++], key, 7);
rssi:
		/* 127 means "not available" (mgmt-api.txt) */
		if (f.rssi != 127 && (!r->have_rssi || f.rssi > r->best_rssi)) {
			r->best_rssi = f.rssi;
			r->have_rssi = 1;
		}
	} else if (ev == MGMT_EV_DISCOVERING && len >= 2) {
		if (p[1])
			r->discovering_seen = 1;
		else if (r->discovering_seen)
			r->discovering_ended = 1;
	}
}

/* Sends a command and waits for its Command Complete / Command Status,
 * handling other events on the way.  Returns the mgmt status (0 success),
 * or -errno; the return parameters go to rsp (*rsp_len bytes). */
static int mgmt_cmd(struct bt_run *r, uint16_t op, uint16_t index, const void *param, uint16_t plen,
		    uint8_t *rsp, size_t *rsp_len, unsigned timeout_ms)
{
	uint8_t buf[1024];
	if (plen > sizeof(buf) - 6)
		return -EINVAL;
	buf[0] = (uint8_t)op;
	buf[1] = (uint8_t)(op >> 8);
	buf[2] = (uint8_t)index;
	buf[3] = (uint8_t)(index >> 8);
	buf[4] = (uint8_t)plen;
	buf[5] = (uint8_t)(plen >> 8);
	if (plen)
		memcpy(buf + 6, param, plen);
	if (write(r->fd, buf, 6u + plen) < 0)
		return -errno;
	uint64_t t0 = reco_now_ns();
	for (;;) {
		uint64_t el = (reco_now_ns() - t0) / 1000000;
		if (el >= timeout_ms)
			return -ETIMEDOUT;
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		int pr = poll(&pfd, 1, (int)(timeout_ms - el));
		if (pr < 0 && errno != EINTR)
			return -errno;
		if (pr <= 0)
			continue;
		ssize_t n = read(r->fd, buf, sizeof(buf));
		if (n < 6)
			continue;
		uint16_t ev = le16(buf), idx = le16(buf + 2), len = le16(buf + 4);
		if ((size_t)n < 6u + len)
			continue;
		const uint8_t *p = buf + 6;
		if ((ev == MGMT_EV_CMD_COMPLETE || ev == MGMT_EV_CMD_STATUS) && len >= 3 && le16(p) == op &&
		    idx == index) {
			if (rsp && rsp_len) {
				size_t k = ev == MGMT_EV_CMD_COMPLETE ? len - 3u : 0;
				if (k > *rsp_len)
					k = *rsp_len;
				memcpy(rsp, p + 3, k);
				*rsp_len = k;
			}
			return p[2];
		}
		on_event(r, ev, idx, p, len);
	}
}

/* Reads events until the discovery ends or the budget runs out. */
static void wait_discovery(struct bt_run *r, unsigned budget_ms)
{
	uint64_t t0 = reco_now_ns();
	uint8_t buf[1024];
	while (!r->discovering_ended) {
		uint64_t el = (reco_now_ns() - t0) / 1000000;
		if (el >= budget_ms)
			break;
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		if (poll(&pfd, 1, (int)(budget_ms - el)) <= 0)
			continue;
		ssize_t n = read(r->fd, buf, sizeof(buf));
		if (n < 6)
			continue;
		uint16_t len = le16(buf + 4);
		if ((size_t)n >= 6u + len)
			on_event(r, le16(buf), le16(buf + 2), buf + 6, len);
	}
}

static void measure(const struct diag_fn_ctx *c, struct diag_part *p, uint16_t index)
{
	struct bt_run *r = calloc(1, sizeof(*r));
	if (!r)
		return;
	r->index = index;
	r->fd = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC, BTPROTO_HCI);
	if (r->fd < 0) {
		diag_fn_skip(p, errno == EPERM || errno == EACCES ? DIAG_SKIP_PERMISSION : DIAG_SKIP_ERROR, NULL, errno);
		free(r);
		return;
	}
	struct sockaddr_hci sa = { .hci_family = AF_BLUETOOTH, .hci_dev = HCI_DEV_NONE,
				   .hci_channel = HCI_CHANNEL_CONTROL };
	if (bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		diag_fn_skip(p, errno == EPERM || errno == EACCES ? DIAG_SKIP_PERMISSION : DIAG_SKIP_ERROR, NULL, errno);
		goto out;
	}
	uint8_t info[280];
	size_t il = sizeof(info);
	int st = mgmt_cmd(r, MGMT_OP_READ_INFO, index, NULL, 0, info, &il, 3000);
	if (st == MGMT_STATUS_INVALID_INDEX) {
		/* in sysfs but unknown to the management interface: the kernel
		 * could not bring the controller through its set-up (it did not
		 * answer, or its firmware is missing) */
		diag_metric_set(p, "bt.power_failed", 1);
		json_object_set_new(p->details, "failed_at", json_string("setup"));
		goto out;
	}
	if (st != 0 || il < 17) {
		diag_fn_skip(p, DIAG_SKIP_ERROR, NULL, st < 0 ? st : 0);
		if (st > 0)
			json_object_set_new(p->details, "mgmt_status", json_integer(st));
		goto out;
	}
	/* address (6), version (1), manufacturer (2), supported (4), current (4) */
	uint32_t sup = (uint32_t)info[9] | (uint32_t)info[10] << 8 | (uint32_t)info[11] << 16 |
		       (uint32_t)info[12] << 24;
	uint32_t cur = (uint32_t)info[13] | (uint32_t)info[14] << 8 | (uint32_t)info[15] << 16 |
		       (uint32_t)info[16] << 24;
	json_object_set_new(p->details, "hci_version", json_integer(info[6]));
	json_object_set_new(p->details, "manufacturer", json_integer(le16(info + 7)));
	int was_powered = (cur & MGMT_SETTING_POWERED) != 0;
	json_object_set_new(p->details, "was_powered", json_boolean(was_powered));
	if (!was_powered) {
		uint8_t on = 1;
		uint8_t rsp[8];
		size_t rl = sizeof(rsp);
		uint64_t t0 = reco_now_ns();
		st = mgmt_cmd(r, MGMT_OP_SET_POWERED, index, &on, 1, rsp, &rl, POWER_MS);
		json_object_set_new(p->details, "power_ms", json_integer((json_int_t)((reco_now_ns() - t0) / 1000000)));
		if (st == MGMT_STATUS_RFKILLED) {
			diag_metric_set(p, "bt.rfkill_soft", 1);
			diag_fn_skip(p, DIAG_SKIP_RADIO_SOFT, NULL, 0);
			goto out;
		}
		if (st != 0) {
			diag_metric_set(p, "bt.power_failed", 1);
			if (st > 0)
				json_object_set_new(p->details, "mgmt_status", json_integer(st));
			else
				json_object_set_new(p->details, "errno", json_integer(-st));
			goto out;
		}
	}
	diag_metric_set(p, "bt.power_failed", 0);
	uint8_t types = diag_bt_discovery_types(sup);
	st = mgmt_cmd(r, MGMT_OP_START_DISCOVERY, index, &types, 1, NULL, NULL, 3000);
	if (st != 0) {
		diag_metric_set(p, "bt.discovery_failed", 1);
		json_object_set_new(p->details, st > 0 ? "mgmt_status" : "errno", json_integer(st > 0 ? st : -st));
	} else {
		r->discovering_seen = 1;
		uint64_t t0 = reco_now_ns();
		wait_discovery(r, c->budget_ms ? c->budget_ms : DISCOVERY_MS);
		if (!r->discovering_ended)
			mgmt_cmd(r, MGMT_OP_STOP_DISCOVERY, index, &types, 1, NULL, NULL, 2000);
		json_t *d = json_pack("{s:I,s:b}", "ms", (json_int_t)((reco_now_ns() - t0) / 1000000), "completed",
				      r->discovering_ended);
		json_object_set_new(d, "devices", json_integer((json_int_t)r->n_seen));
		if (r->have_rssi)
			json_object_set_new(d, "best_rssi_dbm", json_integer(r->best_rssi));
		json_object_set_new(p->details, "discovery", d);
		diag_metric_set(p, "bt.devices", (int64_t)r->n_seen);
		if (r->have_rssi)
			diag_metric_set(p, "bt.best_rssi_dbm", r->best_rssi);
	}
	if (!was_powered) {
		uint8_t off = 0;
		mgmt_cmd(r, MGMT_OP_SET_POWERED, index, &off, 1, NULL, NULL, 3000);
	}
out:
	close(r->fd);
	free(r);
}

static int cmp_hci(const void *a, const void *b)
{
	return atoi(*(char *const *)a + 3) - atoi(*(char *const *)b + 3);
}

int diag_bluetooth_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, "/sys/class/bluetooth");
	if (!d)
		return 0;
	char *names[32];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 32)
		/* controllers only: "hci0", not connections "hci0:12" */
		if (strncmp(de->d_name, "hci", 3) == 0 && !strchr(de->d_name, ':'))
			names[nn++] = strdup(de->d_name);
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_hci);
	int n = 0;
	for (size_t i = 0; i < nn; i++) {
		if (!names[i] || (size_t)n >= max) {
			free(names[i]);
			continue;
		}
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "bluetooth", names[i]) != 0) {
			free(names[i]);
			continue;
		}
		n++;
		char cp[300];
		snprintf(cp, sizeof(cp), "/sys/class/bluetooth/%s", names[i]);
		struct diag_sysdev sd;
		if (diag_sysdev_read(c->root, cp, &sd) == 0)
			diag_sysdev_json(&sd, p);
		/* btusb and its vendor helpers log as "Bluetooth: hciN: ..." and
		 * the firmware loader as "bluetooth hciN: ..." */
		diag_fn_fw_failures(c, p, names[i], "bt.firmware_failed");
		if (diag_fn_radio_blocked(c, p, "bluetooth", names[i], "bt.rfkill_soft", "bt.rfkill_hard"))
			; /* NOT_TESTED: the radio is off */
		else if (!c->live)
			diag_fn_skip(p, DIAG_SKIP_NO_LIVE, NULL, 0);
		else
			measure(c, p, (uint16_t)atoi(names[i] + 3));
		free(names[i]);
	}
	return n;
}

const struct diag_part_desc diag_bluetooth_desc = { "bluetooth", DIAG_NEEDS_MACHINE | DIAG_NEEDS_ADMIN, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_bluetooth_read };
