/*
 * wifi_scan.c — a Wi-Fi scan through nl80211 (libnl-genl), and the parsers
 * of what it returns.
 *
 * The sequence is iw's: join the nl80211 "scan" multicast group, send
 * NL80211_CMD_TRIGGER_SCAN (one wildcard SSID, so the scan is active), wait
 * for NL80211_CMD_NEW_SCAN_RESULTS or NL80211_CMD_SCAN_ABORTED for this
 * interface, then dump NL80211_CMD_GET_SCAN.  Each result is an
 * NL80211_ATTR_BSS nest (linux/nl80211.h, enum nl80211_bss) whose
 * information elements (IEEE 802.11-2020, 9.4.2: element id, length,
 * payload) come from the air: their parser never trusts a length.
 *
 * Neighbours' network names are compared with the workshop's and never
 * stored: the report keeps counts, the best signal and the bands.
 */
#include "functions.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "lib/util.h"

int diag_wifi_parse_ies(const uint8_t *ies, size_t len, struct diag_wifi_bss *b)
{
	size_t off = 0;
	int n = 0;
	while (off + 2 <= len) {
		uint8_t id = ies[off], el = ies[off + 1];
		if (off + 2 + el > len)
			return -1;
		const uint8_t *d = ies + off + 2;
		if (id == 0 && !b->have_ssid && el <= 32) { /* SSID */
			memcpy(b->ssid, d, el);
			b->ssid_len = el;
			b->have_ssid = 1;
		} else if (id == 48) { /* RSN */
			b->rsn = 1;
		} else if (id == 221 && el >= 4 && d[0] == 0x00 && d[1] == 0x50 && d[2] == 0xf2 && d[3] == 1) {
			b->wpa = 1; /* vendor specific: Microsoft WPA */
		}
		off += 2u + el;
		n++;
	}
	return off == len ? n : -1;
}

int diag_wifi_parse_bss(const void *attrs, size_t len, struct diag_wifi_bss *b)
{
	static struct nla_policy pol[NL80211_BSS_MAX + 1];
	pol[NL80211_BSS_FREQUENCY].type = NLA_U32;
	pol[NL80211_BSS_SIGNAL_MBM].type = NLA_U32;
	pol[NL80211_BSS_INFORMATION_ELEMENTS].type = NLA_UNSPEC;
	pol[NL80211_BSS_BEACON_IES].type = NLA_UNSPEC;
	struct nlattr *tb[NL80211_BSS_MAX + 1];
	memset(b, 0, sizeof(*b));
	b->signal_mbm = INT32_MIN;
	if (len > INT32_MAX)
		return -EINVAL;
	if (nla_parse(tb, NL80211_BSS_MAX, (struct nlattr *)attrs, (int)len, pol) < 0)
		return -EINVAL;
	if (!tb[NL80211_BSS_FREQUENCY])
		return -EINVAL;
	b->freq_mhz = nla_get_u32(tb[NL80211_BSS_FREQUENCY]);
	if (tb[NL80211_BSS_SIGNAL_MBM]) {
		b->signal_mbm = (int32_t)nla_get_u32(tb[NL80211_BSS_SIGNAL_MBM]);
		b->have_signal = 1;
	}
	struct nlattr *ie = tb[NL80211_BSS_INFORMATION_ELEMENTS] ? tb[NL80211_BSS_INFORMATION_ELEMENTS]
								   : tb[NL80211_BSS_BEACON_IES];
	if (ie && nla_len(ie) > 0)
		diag_wifi_parse_ies(nla_data(ie), (size_t)nla_len(ie), b);
	return 0;
}

void diag_wifi_scan_add(struct diag_wifi_scan *s, const struct diag_wifi_bss *b, const char *ssid)
{
	if (s->networks == 0 || (b->have_signal && b->signal_mbm > s->best_mbm))
		s->best_mbm = b->have_signal ? b->signal_mbm : INT32_MIN;
	s->networks++;
	if (b->freq_mhz >= 2400 && b->freq_mhz < 2500)
		s->bands |= 1;
	else if (b->freq_mhz >= 5150 && b->freq_mhz < 5925)
		s->bands |= 2;
	else if (b->freq_mhz >= 5925 && b->freq_mhz < 7125)
		s->bands |= 4;
	if (ssid && b->have_ssid && strlen(ssid) == b->ssid_len && memcmp(ssid, b->ssid, b->ssid_len) == 0)
		s->ssid_seen = 1;
}

/* ---- the live scan ------------------------------------------------------ */

struct scan_state {
	int done, err;
	int ifindex;
	int event; /* 1 results ready, -1 aborted */
	struct diag_wifi_scan *s;
	const char *ssid;
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	struct scan_state *st = arg;
	st->err = e->error;
	st->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct scan_state *)arg)->done = 1;
	return NL_SKIP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct scan_state *)arg)->done = 1;
	return NL_STOP;
}

static int on_no_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct scan_state *st = arg;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), NULL);
	if (tb[NL80211_ATTR_IFINDEX] && nla_len(tb[NL80211_ATTR_IFINDEX]) >= 4 &&
	    (int)nla_get_u32(tb[NL80211_ATTR_IFINDEX]) != st->ifindex)
		return NL_SKIP;
	if (g->cmd == NL80211_CMD_NEW_SCAN_RESULTS)
		st->event = 1;
	else if (g->cmd == NL80211_CMD_SCAN_ABORTED)
		st->event = -1;
	return NL_SKIP;
}

static int on_bss(struct nl_msg *msg, void *arg)
{
	struct scan_state *st = arg;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), NULL);
	if (!tb[NL80211_ATTR_BSS])
		return NL_SKIP;
	struct diag_wifi_bss b;
	if (diag_wifi_parse_bss(nla_data(tb[NL80211_ATTR_BSS]), (size_t)nla_len(tb[NL80211_ATTR_BSS]), &b) == 0)
		diag_wifi_scan_add(st->s, &b, st->ssid);
	return NL_SKIP;
}

/* Sends msg and runs the callbacks until the ack / end of dump.  0 or the
 * kernel's -errno. */
static int transact(struct nl_sock *sk, struct nl_msg *msg, struct nl_cb *cb, struct scan_state *st)
{
	st->done = 0;
	st->err = 0;
	int rc = nl_send_auto(sk, msg);
	if (rc < 0)
		return -EIO;
	while (!st->done) {
		rc = nl_recvmsgs(sk, cb);
		if (rc < 0 && !st->done)
			return st->err ? st->err : -EIO;
	}
	return st->err;
}

int diag_wifi_scan_run(int ifindex, unsigned timeout_ms, const char *ssid, struct diag_wifi_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->best_mbm = INT32_MIN;
	uint64_t t0 = reco_now_ns();
	struct scan_state st = { .ifindex = ifindex, .s = s, .ssid = ssid };
	struct nl_sock *sk = nl_socket_alloc(), *ev = nl_socket_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT), *cbev = nl_cb_alloc(NL_CB_DEFAULT);
	struct nl_msg *msg = NULL;
	int rc = -ENOMEM;
	if (!sk || !ev || !cb || !cbev)
		goto out;
	rc = -EPROTONOSUPPORT;
	if (genl_connect(sk) < 0 || genl_connect(ev) < 0)
		goto out;
	int fam = genl_ctrl_resolve(sk, "nl80211");
	int grp = genl_ctrl_resolve_grp(sk, "nl80211", "scan");
	if (fam < 0 || grp < 0)
		goto out; /* no cfg80211 in this kernel */
	if (nl_socket_add_membership(ev, grp) < 0)
		goto out;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cbev, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_no_seq, NULL);
	nl_cb_set(cbev, NL_CB_VALID, NL_CB_CUSTOM, on_event, &st);

	/* trigger, with one wildcard SSID (an active scan) */
	rc = -ENOMEM;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, 0, 0, fam, 0, 0, NL80211_CMD_TRIGGER_SCAN, 0) ||
	    nla_put_u32(msg, NL80211_ATTR_IFINDEX, (uint32_t)ifindex) < 0)
		goto out;
	struct nlattr *ssids = nla_nest_start(msg, NL80211_ATTR_SCAN_SSIDS);
	if (!ssids || nla_put(msg, 1, 0, "") < 0)
		goto out;
	nla_nest_end(msg, ssids);
	rc = transact(sk, msg, cb, &st);
	nlmsg_free(msg);
	msg = NULL;
	if (rc == -EBUSY) {
		/* a scan already running (NetworkManager, wpa_supplicant): wait for
		 * its results as for ours */
		rc = 0;
	}
	if (rc)
		goto out;

	/* wait for the results */
	int fd = nl_socket_get_fd(ev);
	while (!st.event) {
		uint64_t el = (reco_now_ns() - t0) / 1000000;
		if (el >= timeout_ms) {
			rc = -ETIMEDOUT;
			goto out;
		}
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int pr = poll(&pfd, 1, (int)(timeout_ms - el));
		if (pr < 0 && errno != EINTR) {
			rc = -errno;
			goto out;
		}
		if (pr > 0)
			nl_recvmsgs(ev, cbev);
	}
	if (st.event < 0) {
		rc = -ECANCELED;
		goto out;
	}

	/* the results */
	rc = -ENOMEM;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, 0, 0, fam, 0, NLM_F_DUMP, NL80211_CMD_GET_SCAN, 0) ||
	    nla_put_u32(msg, NL80211_ATTR_IFINDEX, (uint32_t)ifindex) < 0)
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_bss, &st);
	rc = transact(sk, msg, cb, &st);
	if (rc == 0)
		s->done = 1;
out:
	s->err = rc;
	s->ms = (reco_now_ns() - t0) / 1000000;
	nlmsg_free(msg);
	nl_cb_put(cb);
	nl_cb_put(cbev);
	nl_socket_free(sk);
	nl_socket_free(ev);
	return rc;
}
