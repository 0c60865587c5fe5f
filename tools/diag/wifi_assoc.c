/*
 * wifi_assoc.c — joining the workshop's Wi-Fi network, which proves that the
 * adapter transmits (a scan only proves that it receives).
 *
 * Through wpa_supplicant's control interface (libwpa_client, wpa_ctrl.h; the
 * commands are those of wpa_supplicant's README "Control interface"):
 * ADD_NETWORK, SET_NETWORK ssid/psk, SELECT_NETWORK, then the
 * CTRL-EVENT-CONNECTED event.  When no wpa_supplicant serves the interface,
 * one is started for the test (-C on a private directory, no configuration
 * file) and stopped after it.  The address comes from the system's DHCP
 * client (systemd-networkd on the live image); the gateway of the
 * interface's default route (/proc/net/route) must answer an ICMP echo
 * (RFC 792) sent from this interface.
 *
 * Nothing of the network is stored but whether each step succeeded: not its
 * name, not the passphrase, not the address.
 */
#include "functions.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <wpa_ctrl.h>

#include "lib/json.h"
#include "lib/proc.h"
#include "lib/util.h"

#define RUN_DIR "/run/reco-wpa"
#define CONNECT_MS 30000
#define ADDRESS_MS 20000

static uint64_t ms_since(uint64_t t0)
{
	return (reco_now_ns() - t0) / 1000000;
}

/* Sends cmd; the reply (NUL-terminated) in reply.  0 or -EIO. */
static int req(struct wpa_ctrl *w, const char *cmd, char *reply, size_t size)
{
	size_t len = size - 1;
	if (wpa_ctrl_request(w, cmd, strlen(cmd), reply, &len, NULL) != 0)
		return -EIO;
	reply[len] = '\0';
	return 0;
}

static int req_ok(struct wpa_ctrl *w, const char *cmd)
{
	char r[64];
	return req(w, cmd, r, sizeof(r)) == 0 && strncmp(r, "OK", 2) == 0 ? 0 : -EIO;
}

/* The IPv4 address of ifname: 1 present, 0 not. */
static int has_ipv4(const char *ifname)
{
	struct ifaddrs *ifa, *i;
	int found = 0;
	if (getifaddrs(&ifa) != 0)
		return 0;
	for (i = ifa; i; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET && strcmp(i->ifa_name, ifname) == 0)
			found = 1;
	freeifaddrs(ifa);
	return found;
}

/* The default gateway of ifname from /proc/net/route (network order). */
static int gateway_of(const char *ifname, uint32_t *gw)
{
	FILE *f = fopen("/proc/net/route", "re");
	if (!f)
		return -errno;
	char line[256], name[64];
	unsigned dest, g, flags;
	int rc = -ENOENT;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %x %x %x", name, &dest, &g, &flags) == 4 && strcmp(name, ifname) == 0 &&
		    dest == 0 && (flags & 0x2) && g) {
			*gw = g;
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* ICMP echo to gw from ifname: 1 answered, 0 not, -errno. */
static int ping(const char *ifname, uint32_t gw)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) != 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = gw };
	uint16_t id = (uint16_t)(getpid() & 0xffff);
	int answered = 0;
	for (uint16_t seq = 1; seq <= 3 && !answered; seq++) {
		unsigned char pkt[16] = { ICMP_ECHO, 0, 0, 0, (uint8_t)(id >> 8), (uint8_t)id, 0, (uint8_t)seq,
					  'r', 'e', 'c', 'o', 'd', 'i', 'a', 'g' };
		uint16_t c = csum(pkt, sizeof(pkt));
		memcpy(pkt + 2, &c, 2);
		if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			continue;
		uint64_t t0 = reco_now_ns();
		while (!answered && ms_since(t0) < 1500) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			if (poll(&pfd, 1, 200) <= 0)
				continue;
			unsigned char buf[1500];
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
			if (n < 20 || from.sin_addr.s_addr != gw)
				continue;
			size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
			if ((size_t)n >= ihl + 8 && buf[ihl] == ICMP_ECHOREPLY && buf[ihl + 4] == (uint8_t)(id >> 8) &&
			    buf[ihl + 5] == (uint8_t)id)
				answered = 1;
		}
	}
	close(fd);
	return answered;
}

/* Starts wpa_supplicant on ifname with its control sockets in RUN_DIR. */
static int start_supplicant(const char *ifname, pid_t *pid)
{
	mkdir(RUN_DIR, 0700);
	char *argv[] = { "wpa_supplicant", "-s", "-D", "nl80211", "-i", (char *)ifname, "-C", RUN_DIR, NULL };
	int out = -1, err = -1;
	int rc = reco_proc_spawn(argv, 1, pid, &out, &err);
	if (rc)
		return rc;
	close(out);
	close(err);
	return 0;
}

static void stop_supplicant(struct wpa_ctrl *w, pid_t pid)
{
	if (pid <= 0)
		return;
	char r[16];
	if (w)
		req(w, "TERMINATE", r, sizeof(r));
	for (int i = 0; i < 30; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(100000);
	}
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

void diag_wifi_associate(const struct diag_fn_ctx *c, const char *ifname, struct diag_part *p)
{
	json_t *a = json_object();
	uint64_t t0 = reco_now_ns();
	pid_t pid = -1;
	char path[256];
	struct wpa_ctrl *w = NULL, *mon = NULL;
	int id = -1;
	const char *step = "control";
	char r[256], cmd[256], hex[65];

	json_object_set_new(p->details, "association", a);
	snprintf(path, sizeof(path), "/run/wpa_supplicant/%s", ifname);
	if (access(path, F_OK) != 0) {
		int rc = start_supplicant(ifname, &pid);
		if (rc) {
			json_object_set_new(a, "failed_step", json_string("start_supplicant"));
			json_object_set_new(a, "errno", json_integer(-rc));
			return;
		}
		snprintf(path, sizeof(path), RUN_DIR "/%s", ifname);
		for (int i = 0; i < 50 && access(path, F_OK) != 0; i++)
			usleep(100000);
	}
	w = wpa_ctrl_open(path);
	mon = wpa_ctrl_open(path);
	if (!w || !mon || wpa_ctrl_attach(mon) != 0)
		goto fail;

	step = "configure";
	if (req(w, "ADD_NETWORK", r, sizeof(r)) != 0 || sscanf(r, "%d", &id) != 1)
		goto fail;
	size_t sl = strlen(c->wifi_ssid);
	if (sl > 32)
		goto fail;
	reco_hex((const unsigned char *)c->wifi_ssid, sl, hex);
	snprintf(cmd, sizeof(cmd), "SET_NETWORK %d ssid %s", id, hex);
	if (req_ok(w, cmd) != 0)
		goto fail;
	if (c->wifi_psk && *c->wifi_psk) {
		if (strlen(c->wifi_psk) < 8 || strlen(c->wifi_psk) > 63 || strchr(c->wifi_psk, '"'))
			goto fail;
		snprintf(cmd, sizeof(cmd), "SET_NETWORK %d psk \"%s\"", id, c->wifi_psk);
		int rc = req_ok(w, cmd);
		explicit_bzero(cmd, sizeof(cmd));
		if (rc != 0)
			goto fail;
	} else {
		snprintf(cmd, sizeof(cmd), "SET_NETWORK %d key_mgmt NONE", id);
		if (req_ok(w, cmd) != 0)
			goto fail;
	}
	snprintf(cmd, sizeof(cmd), "SELECT_NETWORK %d", id);
	if (req_ok(w, cmd) != 0)
		goto fail;

	step = "associate";
	int connected = 0, wrong_key = 0;
	int fd = wpa_ctrl_get_fd(mon);
	while (!connected && !wrong_key && ms_since(t0) < CONNECT_MS) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, 250) <= 0)
			continue;
		while (wpa_ctrl_pending(mon) > 0) {
			char ev[512];
			size_t el = sizeof(ev) - 1;
			if (wpa_ctrl_recv(mon, ev, &el) != 0)
				break;
			ev[el] = '\0';
			if (strstr(ev, "CTRL-EVENT-CONNECTED"))
				connected = 1;
			else if (strstr(ev, "reason=WRONG_KEY"))
				wrong_key = 1;
		}
	}
	diag_metric_set(p, "wifi.associated", connected);
	json_object_set_new(a, "associated", json_boolean(connected));
	if (wrong_key)
		json_object_set_new(a, "wrong_key", json_true());
	if (!connected)
		goto done;

	step = "address";
	uint64_t ta = reco_now_ns();
	int addr = 0;
	while (!(addr = has_ipv4(ifname)) && ms_since(ta) < ADDRESS_MS)
		usleep(200000);
	diag_metric_set(p, "wifi.address", addr);
	json_object_set_new(a, "address", json_boolean(addr));
	if (!addr)
		goto done;

	step = "gateway";
	uint32_t gw = 0;
	int reached = 0;
	for (int i = 0; i < 20 && gateway_of(ifname, &gw) != 0; i++)
		usleep(200000);
	if (gw)
		reached = ping(ifname, gw) == 1;
	json_object_set_new(a, "gateway_known", json_boolean(gw != 0));
	diag_metric_set(p, "wifi.gateway_reached", reached);
	json_object_set_new(a, "gateway_reached", json_boolean(reached));
	goto done;
fail:
	json_object_set_new(a, "failed_step", json_string(step));
done:
	json_object_set_new(a, "ms", json_integer((json_int_t)ms_since(t0)));
	if (w && id >= 0) {
		snprintf(cmd, sizeof(cmd), "REMOVE_NETWORK %d", id);
		req(w, cmd, r, sizeof(r));
	}
	if (mon) {
		wpa_ctrl_detach(mon);
		wpa_ctrl_close(mon);
	}
	stop_supplicant(w, pid);
	if (w)
		wpa_ctrl_close(w);
}
