/*
 * fwlog.c — firmware load failures from the kernel log.
 *
 * A Wi-Fi card, a Bluetooth controller or an audio DSP whose firmware file
 * is missing from the system binds its driver and then does nothing.  The
 * kernel says so in its log; this file finds those lines and the file they
 * name.  Sources: the firmware loader (drivers/base/firmware_loader/main.c:
 * "Direct firmware load for %s failed with error %d", and since 6.x
 * "firmware: failed to load %s (%d)"), and the drivers that word it their
 * own way (btrtl "RTL: firmware file %s not found", btintel "Failed to load
 * Intel firmware file %s (%d)", iwlwifi "no suitable firmware found!", SOF
 * "sof firmware file is missing").  A device message is prefixed by
 * dev_printk's "<driver> <device>: " or bt_dev_err's "Bluetooth: hciN: ".
 *
 * The log comes from /dev/kmsg (Documentation/ABI/testing/dev-kmsg: one
 * record a read, "prio,seq,usec,flags;message", then " KEY=value" lines).
 * A failure line alone proves little (iwlwifi asks for several versions
 * before one loads): the parts judge it together with the device's state.
 */
#include "functions.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sysroot.h"

/* Finds needle in [s, s + n); NULL when absent. */
static const char *find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	if (k == 0 || k > n)
		return NULL;
	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Copies the word at p (up to a space, '(' or the end) into out. */
static void word(const char *p, const char *end, char *out, size_t size)
{
	size_t n = 0;
	while (p + n < end && p[n] != ' ' && p[n] != '(' && p[n] != '\t')
		n++;
	/* a trailing '!' or ',' is punctuation, not part of the name */
	while (n > 0 && (p[n - 1] == '!' || p[n - 1] == ',' || p[n - 1] == ':'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* A signed decimal after p ("-2", "(-2)", " -110"): its absolute value. */
static int errnum(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '('))
		p++;
	if (p < end && *p == '-')
		p++;
	int v = 0;
	while (p < end && *p >= '0' && *p <= '9' && v < 100000)
		v = v * 10 + (*p++ - '0');
	return v;
}

static void add(struct diag_fw_log *log, const char *who, size_t who_len, const char *file, int err)
{
	struct diag_fw_fail f;
	memset(&f, 0, sizeof(f));
	if (who_len >= sizeof(f.who))
		who_len = sizeof(f.who) - 1;
	memcpy(f.who, who, who_len);
	snprintf(f.file, sizeof(f.file), "%s", file);
	f.err = err;
	for (size_t i = 0; i < log->n; i++)
		if (strcmp(log->f[i].who, f.who) == 0 && strcmp(log->f[i].file, f.file) == 0)
			return;
	if (log->n < DIAG_FW_MAX)
		log->f[log->n++] = f;
}

/* One message (no record header, no newline).  1 when it was a failure. */
static int one_message(const char *m, size_t n, struct diag_fw_log *log)
{
	const char *end = m + n;
	struct {
		const char *marker; /* text after the device prefix */
		const char *file_after; /* the file name follows this, NULL: none named */
		const char *err_after;  /* the error number follows this */
	} pats[] = {
		{ "Direct firmware load for ", "Direct firmware load for ", "failed with error" },
		{ "firmware: failed to load ", "firmware: failed to load ", NULL },
		{ "RTL: firmware file ", "RTL: firmware file ", NULL },
		{ "Failed to load Intel firmware file ", "Failed to load Intel firmware file ", NULL },
		{ "no suitable firmware found", NULL, NULL },
		{ "sof firmware file is missing", NULL, NULL },
		{ "could not fetch firmware", NULL, NULL },
	};
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		const char *at = find(m, n, pats[i].marker);
		if (!at)
			continue;
		/* RTL "firmware file X not found" only when it says so */
		if (i == 2 && !find(at, (size_t)(end - at), "not found"))
			continue;
		/* the prefix: everything before the marker, less its ": " */
		size_t wl = (size_t)(at - m);
		while (wl > 0 && (m[wl - 1] == ' ' || m[wl - 1] == ':'))
			wl--;
		if (wl == 0)
			continue; /* not a device message */
		char file[128] = "";
		int err = 0;
		if (pats[i].file_after)
			word(at + strlen(pats[i].file_after), end, file, sizeof(file));
		if (pats[i].err_after) {
			const char *e = find(at, (size_t)(end - at), pats[i].err_after);
			if (e)
				err = errnum(e + strlen(pats[i].err_after), end);
		} else if (pats[i].file_after) {
			const char *e = at + strlen(pats[i].file_after);
			while (e < end && *e != '(')
				e++;
			if (e < end)
				err = errnum(e, end);
		}
		add(log, m, wl, file, err);
		return 1;
	}
	return 0;
}

size_t diag_fwlog_parse(const char *text, size_t len, struct diag_fw_log *log)
{
	size_t found = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (p < le && *p != ' ') {
			/* a /dev/kmsg record header: digits and commas up to ';' */
			const char *m = p;
			const char *q = p;
			while (q < le && ((*q >= '0' && *q <= '9') || *q == ',' || *q == '-' || *q == 'c' || *q == '+'))
				q++;
			if (q < le && *q == ';' && q > p)
				m = q + 1;
			/* a dmesg timestamp "[   1.234567] " */
			if (m < le && *m == '[') {
				const char *r = memchr(m, ']', (size_t)(le - m));
				if (r) {
					m = r + 1;
					while (m < le && *m == ' ')
						m++;
				}
			}
			found += (size_t)one_message(m, (size_t)(le - m), log);
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}

int diag_fwlog_read(const char *root, struct diag_fw_log *log)
{
	char path[4096];
	int rc = reco_path(root, "/dev/kmsg", path, sizeof(path));
	if (rc)
		return rc;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		close(fd);
		char *text = NULL;
		size_t len = 0;
		rc = reco_read_file(root, "/dev/kmsg", &text, &len, 16 << 20);
		if (rc)
			return rc;
		diag_fwlog_parse(text, len, log);
		free(text);
		log->read = 1;
		return 0;
	}
	/* A record device returns one record a read (EINVAL when the buffer is
	 * too small, EPIPE when records were overwritten, EAGAIN at the end); a
	 * captured file returns its bytes. */
	static char buf[8192];
	int any = 0;
	for (int guard = 0; guard < 1000000; guard++) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;
			if (errno == EAGAIN || any)
				break;
			rc = -errno;
			close(fd);
			return rc;
		}
		if (n == 0)
			break;
		any = 1;
		diag_fwlog_parse(buf, (size_t)n, log);
	}
	close(fd);
	log->read = 1;
	return 0;
}

int diag_fw_fail_matches(const struct diag_fw_fail *f, const char *bus_id)
{
	if (!bus_id || !*bus_id)
		return 0;
	const char *last = strrchr(f->who, ' ');
	last = last ? last + 1 : f->who;
	size_t k = strlen(bus_id);
	return strncmp(last, bus_id, k) == 0 && (last[k] == '\0' || last[k] == ':');
}
