/*
 * clock.c — where the station's clock came from, for the report's `clock`
 * section, and the refusal to seal with a clock that cannot be right.
 *
 * Donated PCs often have a dead CMOS battery: their clock says 2000 or 2010.
 * The kernel knows when an NTP client (systemd-timesyncd, chrony, ntpd)
 * disciplines the clock: adjtimex(2) then answers without TIME_ERROR and
 * with STA_UNSYNC clear.  When the clock was set from the registry's HTTP
 * Date header (`reco sync --set-clock`), $RECO_CLOCK_FILE (default
 * /run/reco/clock) says so: "source=registry from=URL set_at=RFC3339".
 * Otherwise the time is the machine's own (rtc), not synchronised.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

#include "lib/i18n.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"

#ifndef RECO_BUILD_EPOCH
#define RECO_BUILD_EPOCH 0
#endif

long long report_build_epoch(void)
{
	return RECO_BUILD_EPOCH;
}

static void word(const char *text, const char *key, char *out, size_t size)
{
	out[0] = '\0';
	const char *p = strstr(text, key);
	while (p && p != text && p[-1] != ' ' && p[-1] != '\n')
		p = strstr(p + 1, key);
	if (!p || p[strlen(key)] != '=')
		return;
	p += strlen(key) + 1;
	size_t n = strcspn(p, " \n");
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

json_t *report_clock(void)
{
	struct timex tx;
	memset(&tx, 0, sizeof(tx));
	int st = adjtimex(&tx);
	if (st >= 0 && st != TIME_ERROR && !(tx.status & STA_UNSYNC))
		return json_pack("{s:s,s:b}", "source", "ntp", "synchronised", 1);
	const char *f = getenv("RECO_CLOCK_FILE");
	char *text = NULL;
	size_t len;
	if (reco_read_file("", f && *f ? f : "/run/reco/clock", &text, &len, 4096) == 0) {
		char src[32], from[512], at[64];
		word(text, "source", src, sizeof(src));
		word(text, "from", from, sizeof(from));
		word(text, "set_at", at, sizeof(at));
		free(text);
		time_t t;
		if (!strcmp(src, "registry") && reco_parse_rfc3339(at, &t) == 0) {
			json_t *c = json_pack("{s:s,s:b,s:s}", "source", "registry", "synchronised", 1, "set_at", at);
			if (*from)
				json_object_set_new(c, "from", json_string(from));
			return c;
		}
	}
	return json_pack("{s:s,s:b}", "source", "rtc", "synchronised", 0);
}

int report_clock_check(time_t now, struct reco_err *e)
{
	time_t built = (time_t)report_build_epoch();
	if (now >= built)
		return 0;
	char n[32], b[32];
	reco_time_rfc3339(now, n, sizeof(n));
	reco_time_rfc3339(built, b, sizeof(b));
	return reco_err_set(e, -EINVAL,
			    _("the clock of this computer says %s, before this reco was made (%s): it is wrong (a flat CMOS battery?). Connect the network so that the time is set from the registry or NTP, or set it (date -s), then seal again"),
			    n, b);
}
