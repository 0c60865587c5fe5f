/*
 * guided_usb.c — the USB port test: a map of the machine's ports, and a
 * stick plugged into each in turn; each port lights with the speed the
 * stick got there.
 *
 * The ports are the root ports of every host controller, from sysfs
 * (Documentation/ABI/testing/sysfs-bus-usb): usbN/N-0:1.0/usbN-portM, with
 * the firmware's connect_type ("hardwired" and "not used" ports are inside
 * the machine — webcam, Bluetooth — and are left off the map) and, for a
 * USB 3 connector, the "peer" link between its USB 2 and SuperSpeed
 * halves: the two halves are one connector on the map.  A device appears
 * as N-M (port M of bus N); its negotiated speed (Mb/s) and bcdUSB are
 * read when it does.  The map is read again every quarter of a second.
 * Ports already in use when the test starts (the reco stick, a keyboard)
 * count as tried: a device enumerated there.  A USB 3 stick at 480 Mb/s
 * or less on a USB 3 connector is stuck at USB 2 (usb.c's rule).  When
 * the person has tried every port, they say whether each one lit up; a
 * port that did not, or that is loose, is recorded as such.
 *
 * Metrics: usbports.tried (connectors that saw a device), usbports.dead,
 * usbports.loose, usbports.stuck_usb2.  Details: the map, each connector
 * with its ports, state and speed.
 */
#include "guided.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define MAX_PORTS 48

struct port {
	char name[32];      /* "usb2-port3" */
	char dev[16];       /* "2-3": the device on it */
	char peer[32];
	int ss;             /* on a SuperSpeed root hub */
	int group;          /* the connector */
	int at_start, lit;
	unsigned speed, bcd;
};

struct map {
	struct port p[MAX_PORTS];
	size_t n;
	int groups;
};

static int cmp_port(const void *a, const void *b)
{
	const struct port *x = a, *y = b;
	int bx = atoi(x->dev), by = atoi(y->dev);
	if (bx != by)
		return bx - by;
	return atoi(strchr(x->dev, '-') + 1) - atoi(strchr(y->dev, '-') + 1);
}

/* Reads the root ports of every root hub into m (map order: bus, port). */
static void read_map(struct map *m)
{
	memset(m, 0, sizeof(*m));
	DIR *d = reco_opendir("", "/sys/bus/usb/devices");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "usb", 3) != 0 || strlen(de->d_name) > 8)
			continue;
		unsigned bus = (unsigned)atoi(de->d_name + 3);
		char dir[128], v[64];
		uint64_t speed = 0;
		snprintf(dir, sizeof(dir), "/sys/bus/usb/devices/%.8s/speed", de->d_name);
		reco_read_u64("", dir, &speed);
		snprintf(dir, sizeof(dir), "/sys/bus/usb/devices/%.8s/%u-0:1.0", de->d_name, bus);
		DIR *h = reco_opendir("", dir);
		struct dirent *pe;
		while (h && (pe = readdir(h)) && m->n < MAX_PORTS) {
			char pre[24];
			snprintf(pre, sizeof(pre), "%.8s-port", de->d_name);
			if (strncmp(pe->d_name, pre, strlen(pre)) != 0)
				continue;
			char p[400];
			snprintf(p, sizeof(p), "%s/%s/connect_type", dir, pe->d_name);
			if (reco_read_str("", p, v, sizeof(v)) == 0 && (strcmp(v, "hardwired") == 0 || strcmp(v, "not used") == 0))
				continue; /* inside the machine */
			struct port *pt = &m->p[m->n++];
			snprintf(pt->name, sizeof(pt->name), "%.31s", pe->d_name);
			snprintf(pt->dev, sizeof(pt->dev), "%u-%d", bus, atoi(pe->d_name + strlen(pre)));
			pt->ss = speed >= 5000;
			snprintf(p, sizeof(p), "%s/%s/peer", dir, pe->d_name);
			if (reco_read_link_base("", p, v, sizeof(v)) == 0)
				snprintf(pt->peer, sizeof(pt->peer), "%.31s", v);
		}
		if (h)
			closedir(h);
	}
	if (d)
		closedir(d);
	qsort(m->p, m->n, sizeof(m->p[0]), cmp_port);
	/* one connector for a USB 2 port and its SuperSpeed peer */
	for (size_t i = 0; i < m->n; i++) {
		m->p[i].group = -1;
		for (size_t j = 0; j < i && m->p[i].group < 0; j++)
			if (m->p[i].peer[0] && strcmp(m->p[j].name, m->p[i].peer) == 0)
				m->p[i].group = m->p[j].group;
		if (m->p[i].group < 0)
			m->p[i].group = m->groups++;
	}
}

/* Whether a device is on port p now; its speed and bcdUSB. */
static int device_on(struct port *p)
{
	char path[96], v[32];
	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/speed", p->dev);
	if (reco_read_str("", path, v, sizeof(v)) != 0)
		return 0;
	p->speed = strcmp(v, "1.5") == 0 ? 1 : (unsigned)strtoul(v, NULL, 10);
	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/version", p->dev);
	if (reco_read_str("", path, v, sizeof(v)) == 0)
		p->bcd = diag_usb_bcd(v);
	return 1;
}

static int group_ss(const struct map *m, int g)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->p[i].group == g && m->p[i].ss)
			return 1;
	return 0;
}

static void draw(struct gd_ctx *g, const struct map *m)
{
	struct gd_ui *u = g->ui;
	gd_ui_clear(u);
	gd_ui_frame(u, diag_title("usbports", 1), _(" Enter: every port was tried   Esc: stop "));
	int row = gd_ui_wrap(u, 1, 1, GD_NORMAL, _("Plug a USB stick into each port in turn: the port lights up."));
	row++;
	for (int grp = 0; grp < m->groups && row < gd_ui_rows(u) - 2; grp++) {
		const struct port *lit = NULL, *start = NULL;
		char ports[64] = "";
		for (size_t i = 0; i < m->n; i++) {
			if (m->p[i].group != grp)
				continue;
			if (m->p[i].lit && !lit)
				lit = &m->p[i];
			if (m->p[i].at_start && !start)
				start = &m->p[i];
			size_t l = strlen(ports);
			snprintf(ports + l, sizeof(ports) - l, "%s%s", l ? " " : "", m->p[i].dev);
		}
		char line[200], state[96];
		const struct port *on = lit ? lit : start;
		if (on)
			snprintf(state, sizeof(state), "%s, %u Mb/s", lit ? _("works") : _("in use"), on->speed);
		else
			snprintf(state, sizeof(state), "%s", _("not tried yet"));
		snprintf(line, sizeof(line), _("Port %d (%s) %s"), grp + 1, group_ss(m, grp) ? "USB 3" : "USB 2", ports);
		gd_ui_text(u, row, 2, GD_NORMAL, line);
		gd_ui_text(u, row, 40, on ? GD_GOOD | GD_REVERSE : GD_BOLD, state);
		row++;
	}
	gd_ui_refresh(u);
}

void gd_usbports_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	static struct map m;
	read_map(&m);
	struct diag_part *p = gd_part(g, "usbports", "usbports");
	if (!p)
		return;
	if (!m.n) {
		diag_part_state(p, "usbports.none", NULL);
		return;
	}
	for (size_t i = 0; i < m.n; i++)
		m.p[i].at_start = device_on(&m.p[i]);
	gd_mark(g, "usbports", "ready", "");
	draw(g, &m);
	int done = 0;
	while (!done) {
		int k = gd_ui_key(g->ui, 250);
		if (k == GD_KEY_ENTER)
			done = 1;
		else if (k == GD_KEY_ESC && gd_stop(g, diag_title("usbports", 1), p))
			return;
		int changed = 0;
		for (size_t i = 0; i < m.n; i++) {
			struct port *pt = &m.p[i];
			int on = device_on(pt);
			if (!on && pt->at_start) {
				pt->at_start = 0; /* unplugged: the port can be tried again */
				changed = 1;
			}
			if (on && !pt->at_start && !pt->lit) {
				pt->lit = 1;
				changed = 1;
				char extra[96];
				snprintf(extra, sizeof(extra), "\"port\":\"%s\",\"speed\":%u", pt->dev, pt->speed);
				gd_mark(g, "usbports", "lit", extra);
			}
		}
		if (changed || k >= 0)
			draw(g, &m);
	}
	int tried = 0, stuck = 0;
	json_t *map = json_array();
	for (int grp = 0; grp < m.groups; grp++) {
		int seen = 0, grp_stuck = 0;
		json_t *ports = json_array();
		for (size_t i = 0; i < m.n; i++) {
			const struct port *pt = &m.p[i];
			if (pt->group != grp)
				continue;
			json_t *o = json_pack("{s:s,s:b}", "port", pt->dev, "superspeed", pt->ss);
			if (pt->lit || pt->at_start) {
				seen = 1;
				json_object_set_new(o, "state", json_string(pt->lit ? "lit" : "in_use"));
				json_object_set_new(o, "speed_mbps", json_integer(pt->speed));
				json_object_set_new(o, "usb_bcd", json_integer(pt->bcd));
				if (diag_usb_stuck_usb2(pt->bcd, pt->speed, group_ss(&m, grp)))
					grp_stuck = 1;
			}
			json_array_append_new(ports, o);
		}
		tried += seen;
		stuck += grp_stuck;
		json_array_append_new(map, json_pack("{s:i,s:s,s:b,s:o}", "connector", grp + 1, "usb",
						     group_ss(&m, grp) ? "3" : "2", "tried", seen, "ports", ports));
	}
	json_object_set_new(p->details, "connectors", map);
	diag_metric_set(p, "usbports.tried", tried);
	diag_metric_set(p, "usbports.stuck_usb2", stuck);
	gd_mark(g, "usbports", "all?", "");
	int all = gd_ask(g, diag_title("usbports", 1), _("Did every USB port of the computer light up when the stick was plugged in?"),
			 NULL, NULL);
	int dead = 0, loose = 0;
	if (all == 0) {
		static const char *const why[] = { N_("A port did not react"), N_("A port is loose or damaged, but works") };
		int c = gd_choose(g, diag_title("usbports", 1), _("What is wrong?"), why, 2, NULL, NULL);
		dead = c == 0;
		loose = c == 1;
		if (c < 0)
			all = -1;
	}
	if (all < 0) {
		diag_part_state(p, "guided.skip_time", NULL);
		return;
	}
	diag_metric_set(p, "usbports.dead", dead);
	diag_metric_set(p, "usbports.loose", loose);
}
