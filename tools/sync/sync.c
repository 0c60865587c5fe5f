/*
 * sync.c — the queue of reports, the upload envelope and what the
 * registry's answers mean (see sync.h).  upload.c does the HTTP.
 */
#include "sync.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

static int exists(const char *dir, const char *name)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(((const struct sync_item *)a)->dir, ((const struct sync_item *)b)->dir);
}

static int list_dirs(const char *path, char ***names)
{
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	int n = 0, cap = 0;
	char **v = NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, (size_t)cap * sizeof(*nv));
			if (!nv)
				break;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	*names = v;
	return n;
}

int sync_scan(const char *data_dir, int retry_rejected, struct sync_item **items)
{
	char sessions[4096];
	*items = NULL;
	snprintf(sessions, sizeof(sessions), "%s/sessions", data_dir);
	char **devs = NULL;
	int nd = list_dirs(sessions, &devs);
	if (nd == -ENOENT)
		return 0;
	if (nd < 0)
		return nd;
	int n = 0, cap = 0;
	struct sync_item *v = NULL;
	for (int i = 0; i < nd; i++) {
		char dev[4096];
		if (snprintf(dev, sizeof(dev), "%s/%s", sessions, devs[i]) >= (int)sizeof(dev)) {
			free(devs[i]);
			continue;
		}
		char **runs = NULL;
		int nr = list_dirs(dev, &runs);
		for (int k = 0; k < nr; k++) {
			char dir[4096];
			int len = snprintf(dir, sizeof(dir), "%s/%s", dev, runs[k]);
			free(runs[k]);
			if (len >= (int)sizeof(dir) - 32)
				continue;
			if (!exists(dir, "report.json") || exists(dir, "report.json.uploaded") ||
			    (!retry_rejected && exists(dir, "report.json.rejected")))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				struct sync_item *nv = realloc(v, (size_t)cap * sizeof(*nv));
				if (!nv)
					continue;
				v = nv;
			}
			snprintf(v[n].dir, sizeof(v[n].dir), "%s", dir);
			v[n].sealed = exists(dir, "report.json.sig") && exists(dir, "station.pem");
			n++;
		}
		free(runs);
		free(devs[i]);
	}
	free(devs);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_items);
	*items = v;
	return n;
}

char *sync_base64(const unsigned char *in, size_t len)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	if (!out)
		return NULL;
	size_t i;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		*o++ = tbl[v >> 18 & 63], *o++ = tbl[v >> 12 & 63], *o++ = tbl[v >> 6 & 63], *o++ = tbl[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		*o++ = tbl[v >> 18 & 63], *o++ = tbl[v >> 12 & 63], *o++ = '=', *o++ = '=';
	} else if (len - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		*o++ = tbl[v >> 18 & 63], *o++ = tbl[v >> 12 & 63], *o++ = tbl[v >> 6 & 63], *o++ = '=';
	}
	*o = '\0';
	return out;
}

/* Reads a whole file (at most max bytes; larger → -EFBIG). */
static int read_all(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t cap = 65536, n = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (!b) {
			close(fd);
			return -ENOMEM;
		}
		if (n == cap) {
			if (cap >= max) {
				free(b);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			char *nb = realloc(b, cap + 1);
			if (!nb)
				free(b);
			b = nb;
			continue;
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int rc = -errno;
			free(b);
			close(fd);
			return rc;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

char *sync_envelope(const char *dir, struct reco_err *e)
{
	char path[4200];
	char *rep = NULL, *sig = NULL, *pem = NULL, *out = NULL;
	size_t rl, sl, pl;
	int rc;
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if ((rc = read_all(path, 64u << 20, &rep, &rl))) {
		reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/report.json.sig", dir);
	if ((rc = read_all(path, 4096, &sig, &sl))) {
		reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
		goto out;
	}
	if (sl != 64) {
		reco_err_set(e, -EINVAL, _("%s: %zu bytes, an Ed25519 signature has 64"), path, sl);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/station.pem", dir);
	if ((rc = read_all(path, 1u << 20, &pem, &pl))) {
		reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
		goto out;
	}
	json_t *r = json_stringn(rep, rl), *c = json_stringn(pem, pl);
	char *b64 = sync_base64((unsigned char *)sig, sl);
	if (!r || !c || !b64) {
		json_decref(r);
		json_decref(c);
		free(b64);
		reco_err_set(e, -EINVAL, _("%s: the report or the certificate is not valid UTF-8 text"), dir);
		goto out;
	}
	json_t *env = json_object();
	json_object_set_new(env, "report", r);
	json_object_set_new(env, "certificate", c);
	json_object_set_new(env, "signature", json_string(b64));
	free(b64);
	out = json_dumps(env, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(env);
	if (!out)
		reco_err_set(e, -ENOMEM, _("out of memory"));
out:
	free(rep);
	free(sig);
	free(pem);
	return out;
}

enum sync_verdict sync_classify(long http_status)
{
	if (http_status == 200 || http_status == 201)
		return SYNC_UPLOADED;
	/* only the registry's own definite refusal is permanent: a proxy's
	 * 401/403/404/413 or a captive portal says nothing about the report */
	if (http_status == 422)
		return SYNC_REJECTED;
	return SYNC_QUEUED;
}

void sync_reason(const char *body, long http_status, char *out, size_t size)
{
	json_error_t jerr;
	json_t *o = body && *body ? json_loads(body, 0, &jerr) : NULL;
	const char *err = json_string_value(json_object_get(o, "error"));
	if (err && *err)
		snprintf(out, size, "%s", err);
	else if (body && *body && !o) {
		size_t n = strcspn(body, "\r\n");
		snprintf(out, size, "%.*s", (int)(n > 300 ? 300 : n), body);
	} else
		snprintf(out, size, "HTTP %ld", http_status);
	json_decref(o);
}

int sync_mark(const char *dir, enum sync_verdict v, const char *registry, long http_status, const char *reason)
{
	char path[4200], now[64];
	reco_time_rfc3339(time(NULL), now, sizeof(now));
	snprintf(path, sizeof(path), "%s/report.json.%s", dir, v == SYNC_UPLOADED ? "uploaded" : "rejected");
	json_t *o = json_pack("{s:s,s:s,s:I,s:s}", "schema", "reco-sync-mark/1", "registry", registry,
			      "http_status", (json_int_t)http_status, v == SYNC_UPLOADED ? "uploaded" : "rejected", now);
	if (!o)
		return -ENOMEM;
	if (reason && v != SYNC_UPLOADED)
		json_object_set_new(o, "reason", reco_json_string_lossy(reason));
	int rc = reco_json_write(path, o, 0);
	json_decref(o);
	return rc;
}
