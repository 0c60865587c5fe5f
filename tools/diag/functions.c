/*
 * functions.c — what the function parts share: facts read once for all of
 * them (chassis type, the kernel log's firmware failures, the rfkill
 * switches), the device behind a sysfs class entry, and the way a part says
 * that a live measurement did not run.
 *
 * Chassis types: SMBIOS DSP0134 3.7, 7.4.1, as /sys/class/dmi/id/chassis_type
 * gives them (decimal).
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/sysroot.h"

int diag_chassis_is_portable(unsigned type)
{
	switch (type) {
	case 0x08: /* Portable */
	case 0x09: /* Laptop */
	case 0x0A: /* Notebook */
	case 0x0B: /* Hand Held */
	case 0x0E: /* Sub Notebook */
	case 0x1E: /* Tablet */
	case 0x1F: /* Convertible */
	case 0x20: /* Detachable */
		return 1;
	default:
		return 0;
	}
}

void diag_fn_ctx_init(struct diag_fn_ctx *c, const char *root, int live, struct diag_fw_log *fw,
		      struct diag_rfkill *rf, size_t rf_max)
{
	memset(c, 0, sizeof(*c));
	c->root = root ? root : "";
	c->live = live;
	uint64_t t;
	if (reco_read_u64(c->root, "/sys/class/dmi/id/chassis_type", &t) == 0)
		c->laptop = diag_chassis_is_portable((unsigned)t);
	if (fw) {
		memset(fw, 0, sizeof(*fw));
		diag_fwlog_read(c->root, fw);
		c->fw = fw;
	}
	if (rf) {
		c->n_rfkill = diag_rfkill_read(c->root, rf, rf_max);
		c->rfkill = rf;
	}
}

int diag_fn_radio_blocked(const struct diag_fn_ctx *c, struct diag_part *p, const char *type, const char *own,
			  const char *m_soft, const char *m_hard)
{
	int soft = 0, hard = 0;
	char sw[64];
	diag_rfkill_state(c->rfkill, c->n_rfkill, type, own, &soft, &hard, sw, sizeof(sw));
	diag_metric_set(p, m_soft, soft);
	diag_metric_set(p, m_hard, hard);
	json_t *rf = json_pack("{s:b,s:b}", "soft", soft, "hard", hard);
	if (hard && sw[0])
		json_object_set_new(rf, "switch", json_string(sw));
	json_object_set_new(p->details, "rfkill", rf);
	if (soft || hard)
		diag_fn_skip(p, hard ? DIAG_SKIP_RADIO_HARD : DIAG_SKIP_RADIO_SOFT, hard && sw[0] ? sw : NULL, 0);
	return soft || hard;
}

void diag_fn_skip(struct diag_part *p, const char *code, const char *detail, int err)
{
	if (err < 0)
		err = -err;
	diag_part_state(p, code, detail ? detail : err ? strerror(err) : NULL);
	if (err)
		json_object_set_new(p->details, "errno", json_integer(err));
}

int diag_fn_fw_failures(const struct diag_fn_ctx *c, struct diag_part *p, const char *bus_id,
			const char *metric)
{
	if (!c->fw || !c->fw->read)
		return 0;
	json_t *a = json_array();
	int n = 0;
	for (size_t i = 0; i < c->fw->n; i++) {
		const struct diag_fw_fail *f = &c->fw->f[i];
		if (!diag_fw_fail_matches(f, bus_id))
			continue;
		json_t *o = json_object();
		reco_json_set_str(o, "file", f->file);
		if (f->err)
			json_object_set_new(o, "errno", json_integer(f->err));
		json_array_append_new(a, o);
		n++;
	}
	if (n)
		json_object_set_new(p->details, "firmware_failed", a);
	else
		json_decref(a);
	if (metric)
		diag_metric_set(p, metric, n);
	return n;
}

int diag_sysdev_read(const char *root, const char *class_path, struct diag_sysdev *d)
{
	char p[PATH_MAX], full[PATH_MAX], real[PATH_MAX];
	memset(d, 0, sizeof(*d));
	snprintf(p, sizeof(p), "%s/device", class_path);
	if (reco_path(root, p, full, sizeof(full)) != 0 || !realpath(full, real))
		return errno ? -errno : -ENOENT;
	const char *base = strrchr(real, '/');
	snprintf(d->id, sizeof(d->id), "%.63s", base ? base + 1 : real);
	snprintf(p, sizeof(p), "%s/device/subsystem", class_path);
	reco_read_link_base(root, p, d->bus, sizeof(d->bus));
	snprintf(p, sizeof(p), "%s/device/driver", class_path);
	reco_read_link_base(root, p, d->driver, sizeof(d->driver));
	char ven[16] = "", dev[16] = "";
	if (strcmp(d->bus, "pci") == 0) {
		snprintf(p, sizeof(p), "%s/device/vendor", class_path);
		reco_read_str(root, p, ven, sizeof(ven));
		snprintf(p, sizeof(p), "%s/device/device", class_path);
		reco_read_str(root, p, dev, sizeof(dev));
	} else if (strcmp(d->bus, "usb") == 0) {
		/* an interface: the ids are on its parent device */
		snprintf(p, sizeof(p), "%s/device/../idVendor", class_path);
		reco_read_str(root, p, ven, sizeof(ven));
		snprintf(p, sizeof(p), "%s/device/../idProduct", class_path);
		reco_read_str(root, p, dev, sizeof(dev));
		if (!ven[0]) {
			snprintf(p, sizeof(p), "%s/device/idVendor", class_path);
			reco_read_str(root, p, ven, sizeof(ven));
			snprintf(p, sizeof(p), "%s/device/idProduct", class_path);
			reco_read_str(root, p, dev, sizeof(dev));
		}
	}
	if (ven[0] && dev[0]) {
		const char *vv = strncmp(ven, "0x", 2) == 0 ? ven + 2 : ven;
		const char *dd = strncmp(dev, "0x", 2) == 0 ? dev + 2 : dev;
		snprintf(d->ids, sizeof(d->ids), "%.4s:%.4s", vv, dd);
	}
	return 0;
}

int diag_sysfs_below(const char *root, const char *class_path, const char *dev)
{
	char full[PATH_MAX], real[PATH_MAX], needle[80];
	if (reco_path(root, class_path, full, sizeof(full)) != 0 || !realpath(full, real))
		return 0;
	snprintf(needle, sizeof(needle), "/%.70s/", dev);
	return strstr(real, needle) != NULL;
}

void diag_sysdev_json(const struct diag_sysdev *d, struct diag_part *p)
{
	reco_json_set_str(p->details, "bus", d->bus);
	reco_json_set_str(p->details, "bus_id", d->id);
	reco_json_set_str(p->details, "driver", d->driver);
	reco_json_set_str(p->details, "ids", d->ids);
}

/* Sets or clears IFF_UP on ifname; *was_up gets the old state.  0/-errno. */
int diag_if_set_up(const char *ifname, int up, int *was_up)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	int rc = 0;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		rc = -errno;
	} else {
		if (was_up)
			*was_up = (ifr.ifr_flags & IFF_UP) != 0;
		if (!!(ifr.ifr_flags & IFF_UP) != !!up) {
			if (up)
				ifr.ifr_flags |= IFF_UP;
			else
				ifr.ifr_flags &= ~IFF_UP;
			if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
				rc = -errno;
		}
	}
	close(fd);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

size_t diag_pci_class(const char *root, const char *cls, char (*out)[64], size_t max)
{
	DIR *d = reco_opendir(root, "/sys/bus/pci/devices");
	if (!d)
		return 0;
	size_t n = 0, k = strlen(cls);
	struct dirent *de;
	while ((de = readdir(d)) && n < max) {
		char p[320], v[32];
		if (de->d_name[0] == '.' || strlen(de->d_name) >= 64)
			continue;
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/class", de->d_name);
		if (reco_read_str(root, p, v, sizeof(v)) == 0 && strncmp(v, cls, k) == 0)
			snprintf(out[n++], 64, "%.63s", de->d_name);
	}
	closedir(d);
	qsort(out, n, 64, cmp_name);
	return n;
}

void diag_pci_sysdev(const char *root, const char *id, struct diag_sysdev *d)
{
	char p[320], ven[16] = "", dev[16] = "";
	memset(d, 0, sizeof(*d));
	snprintf(d->bus, sizeof(d->bus), "pci");
	snprintf(d->id, sizeof(d->id), "%.63s", id);
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver", id);
	reco_read_link_base(root, p, d->driver, sizeof(d->driver));
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/vendor", id);
	reco_read_str(root, p, ven, sizeof(ven));
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/device", id);
	reco_read_str(root, p, dev, sizeof(dev));
	if (strlen(ven) == 6 && strlen(dev) == 6)
		snprintf(d->ids, sizeof(d->ids), "%.4s:%.4s", ven + 2, dev + 2);
}

/* What the function parts of a run share, read once (diag_run.fn). */
struct fn_state {
	struct diag_fn_ctx c;
	struct diag_fw_log fw;
	struct diag_rfkill rf[DIAG_RFKILL_MAX];
	char ssid[64], psk[128];
};

void diag_fn_run_part(struct diag_run *r, const struct diag_part_desc *k)
{
	struct fn_state *st = r->fn;
	if (!st) {
		st = r->fn = calloc(1, sizeof(*st));
		if (!st) {
			r->env_error = 1;
			return;
		}
		diag_fn_ctx_init(&st->c, r->root, !*r->root, &st->fw, st->rf, DIAG_RFKILL_MAX);
		st->c.read_only = r->repair_cafe;
		if (r->wifi_conf) {
			int rc = diag_fn_read_conf(r->wifi_conf, st->ssid, sizeof(st->ssid), st->psk, sizeof(st->psk));
			if (rc != 0)
				diag_run_warn(r, "%s: %s", r->wifi_conf, strerror(-rc));
			st->c.wifi_ssid = st->ssid[0] ? st->ssid : NULL;
			st->c.wifi_psk = st->psk[0] ? st->psk : NULL;
		}
	}
	diag_fn_reader read = (diag_fn_reader)k->read;
	if (!read || r->n_parts >= DIAG_MAX_PARTS)
		return;
	const char *title = diag_title(k->part, 1);
	diag_run_progress(r, k->part, title, 0, 1, 0);
	int n = read(&st->c, &r->parts[r->n_parts], DIAG_MAX_PARTS - r->n_parts);
	if (n > 0)
		r->n_parts += (size_t)n;
	diag_run_progress(r, k->part, title, 1, 1, 1);
	if (strcmp(k->part, "wifi") == 0)
		explicit_bzero(st->psk, sizeof(st->psk)); /* the passphrase served once */
}

int diag_fn_read_conf(const char *path, char *ssid, size_t ssid_size, char *psk, size_t psk_size)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char line[512];
	ssid[0] = psk[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *l = line;
		while (*l == ' ' || *l == '\t')
			l++;
		if (*l == '#' || *l == ';' || *l == '[')
			continue;
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *k = l, *v = eq + 1;
		for (char *e = k + strlen(k); e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		for (char *e = v + strlen(v); e > v && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		if (strcmp(k, "wifi_ssid") == 0)
			snprintf(ssid, ssid_size, "%s", v);
		else if (strcmp(k, "wifi_passphrase") == 0)
			snprintf(psk, psk_size, "%s", v);
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	return 0;
}
