/*
 * seal.c — assemble a session into report.json (reco-report/1) and sign it.
 *
 * The session files are included verbatim (parsed and re-serialised in
 * canonical form); their exact bytes are also hashed into "sources" so that
 * the files left in the session can be checked against the report.  Real
 * numbers have no canonical form: a session file that holds one gets the
 * number kept as a string (with its JSON digits) and the caller warns.
 */
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "lib/coverage.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sign.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"

#define SESSION_FILE_MAX (32u << 20)

/* disks.json is the menu's list of the disks as the person saw them (role,
 * eligibility and the reason a disk was not wiped): the coverage reads it. */
static const char *const session_files[] = { "inventory.json", "diag.json", "wipe.json", "disks.json" };
#define N_SESSION_FILES (sizeof(session_files) / sizeof(session_files[0]))

/* Replaces reals by strings, in place; counts them. */
static json_t *fix_reals(json_t *v, int *n)
{
	if (json_is_real(v)) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
		(*n)++;
		return json_string(buf);
	}
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		void *tmp;
		json_object_foreach_safe(v, tmp, k, x) {
			json_t *y = fix_reals(x, n);
			if (y != x)
				json_object_set_new(v, k, y);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *x = json_array_get(v, i);
			json_t *y = fix_reals(x, n);
			if (y != x)
				json_array_set_new(v, i, y);
		}
	}
	return v;
}

static void uuid4(char out[37])
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof(b)) != 1) {
		/* RAND_bytes does not fail on Linux with getrandom(); be safe anyway */
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)(reco_now_ns() >> (i % 8));
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static const char *jstr(json_t *o, const char *path)
{
	/* dotted path lookup: "system.system.vendor" */
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	char *save, *tok = strtok_r(buf, ".", &save);
	json_t *v = o;
	while (tok && v) {
		v = json_object_get(v, tok);
		tok = strtok_r(NULL, ".", &save);
	}
	return json_string_value(v);
}

/* The device id when there is no inventory: the session layout is
 * <data>/sessions/<device-id>/<timestamp>/. */
static void id_from_path(const char *session, char *buf, size_t size)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s", session);
	size_t l = strlen(p);
	while (l > 1 && p[l - 1] == '/')
		p[--l] = '\0';
	char *last = strrchr(p, '/');
	if (last) {
		*last = '\0';
		char *prev = strrchr(p, '/');
		const char *src = prev ? prev + 1 : p;
		size_t n = strlen(src);
		if (n >= size)
			n = size - 1;
		memcpy(buf, src, n);
		buf[n] = '\0';
	} else {
		snprintf(buf, size, "unknown");
	}
}

json_t *report_build(const char *session, json_t *station, const char *operator_,
		     const char *created, json_t **sources_out, int *reals, struct reco_err *e)
{
	json_t *doc = json_object(), *sources = json_object();
	json_t *parts[N_SESSION_FILES] = { NULL };
	int found = 0;
	*reals = 0;
	for (size_t i = 0; i < N_SESSION_FILES; i++) {
		char p[PATH_MAX];
		unsigned char *buf;
		size_t len;
		snprintf(p, sizeof(p), "%s/%s", session, session_files[i]);
		int rc = reco_read_file(NULL, p, (char **)&buf, &len, SESSION_FILE_MAX);
		if (rc == -ENOENT)
			continue;
		if (rc) {
			reco_err_set(e, rc, _("%s: %s"), p, strerror(-rc));
			goto bad;
		}
		json_error_t je;
		json_t *v = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
		char hex[65];
		reco_sha256_hex(buf, len, hex);
		free(buf);
		if (!v || !json_is_object(v)) {
			json_decref(v);
			reco_err_set(e, -EINVAL, _("%s: not a JSON object (line %d: %s)"), p, je.line,
				     v ? "not an object" : je.text);
			goto bad;
		}
		parts[i] = fix_reals(v, reals);
		json_object_set_new(sources, session_files[i], json_string(hex));
		if (i < 3)
			found++;
	}
	if (!found) {
		reco_err_set(e, -ENOENT, _("%s: no inventory.json, diag.json or wipe.json to seal"), session);
		goto bad;
	}

	char id[37], now[32];
	uuid4(id);
	if (created)
		snprintf(now, sizeof(now), "%s", created);
	else
		reco_time_rfc3339(time(NULL), now, sizeof(now));
	json_object_set_new(doc, "schema", json_string("reco-report/1"));
	json_object_set_new(doc, "report_id", json_string(id));
	json_object_set_new(doc, "created", json_string(now));
	json_object_set_new(doc, "tool", json_pack("{s:s,s:s}", "name", "reco-report", "version",
						   reco_version()));
	json_object_set_new(doc, "station", station);
	station = NULL;
	json_object_set_new(doc, "operator", json_string(operator_ && *operator_ ? operator_ : "unspecified"));
	if (!created)
		json_object_set_new(doc, "clock", report_clock());

	json_t *dev = json_object();
	json_t *inv = parts[0];
	const char *devid = inv ? json_string_value(json_object_get(inv, "id")) : NULL;
	if (devid && *devid) {
		json_object_set_new(dev, "id", json_string(devid));
	} else {
		char fallback[256];
		id_from_path(session, fallback, sizeof(fallback));
		json_object_set_new(dev, "id", reco_json_string_lossy(fallback));
	}
	if (inv) {
		reco_json_set_str(dev, "vendor", jstr(inv, "system.system.vendor"));
		reco_json_set_str(dev, "product", jstr(inv, "system.system.product"));
		reco_json_set_str(dev, "serial", jstr(inv, "system.system.serial"));
		reco_json_set_str(dev, "uuid", jstr(inv, "system.system.uuid"));
	}
	json_object_set_new(doc, "device", dev);
	if (parts[0])
		json_object_set_new(doc, "inventory", parts[0]);
	if (parts[1]) {
		const char *g = json_string_value(json_object_get(parts[1], "grade"));
		if (g)
			json_object_set_new(doc, "grade", json_string(g));
		/* a diagnosis is complete only when it says so (reco diag >= the
		 * verdict model); an older one or a hand-made one is not */
		json_object_set_new(doc, "diag_complete", json_boolean(json_is_true(json_object_get(parts[1], "complete"))));
		json_object_set_new(doc, "diag", parts[1]);
	}
	if (parts[2])
		json_object_set_new(doc, "wipe", parts[2]);
	if (parts[3])
		json_object_set_new(doc, "disks", parts[3]);
	if (parts[0] || parts[2])
		json_object_set_new(doc, "coverage", reco_coverage(parts[0], parts[2], parts[3]));
	json_object_set_new(doc, "sources", sources);
	if (sources_out)
		*sources_out = sources;
	return doc;
bad:
	for (size_t i = 0; i < N_SESSION_FILES; i++)
		json_decref(parts[i]);
	json_decref(station);
	json_decref(sources);
	json_decref(doc);
	return NULL;
}

static int write_exclusive_or_force(const char *path, const void *data, size_t len, int force,
				    struct reco_err *e)
{
	if (!force && access(path, F_OK) == 0)
		return reco_err_set(e, -EEXIST, _("%s: already exists (use --force to seal again)"), path);
	int rc = reco_write_file_atomic(path, data, len, 0644);
	return rc ? reco_err_set(e, rc, _("%s: %s"), path, strerror(-rc)) : 0;
}

int report_seal(const struct seal_opts *o, struct seal_result *r, struct reco_err *e)
{
	struct reco_key *key = NULL;
	unsigned char *cert = NULL;
	size_t cert_len = 0;
	json_t *doc = NULL, *station;
	char *bytes = NULL;
	int rc;
	memset(r, 0, sizeof(*r));
	struct stat st;
	if (stat(o->session, &st) != 0)
		return reco_err_set(e, -errno, _("%s: %s"), o->session, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return reco_err_set(e, -ENOTDIR, _("%s: not a session directory"), o->session);
	snprintf(r->report, sizeof(r->report), "%s/report.json", o->session);
	snprintf(r->sig, sizeof(r->sig), "%s/report.json.sig", o->session);
	snprintf(r->cert, sizeof(r->cert), "%s/station.pem", o->session);
	if (!o->force && access(r->report, F_OK) == 0)
		return reco_err_set(e, -EEXIST, _("%s: already sealed (use --force to seal again)"),
				    r->report);
	if (o->created) {
		time_t t;
		if (reco_parse_rfc3339(o->created, &t) != 0)
			return reco_err_set(e, -EINVAL, _("%s: not an RFC 3339 UTC time"), o->created);
	} else if ((rc = report_clock_check(time(NULL), e))) {
		return rc;
	}

	if (o->key && o->cert) {
		rc = reco_key_load(o->key, &key, e);
		if (rc)
			return rc;
		rc = reco_read_file(NULL, o->cert, (char **)&cert, &cert_len, 1 << 20);
		if (rc) {
			reco_err_set(e, rc, _("%s: %s"), o->cert, strerror(-rc));
			goto out;
		}
		struct reco_cert_info ci;
		if (reco_cert_info((const char *)cert, cert_len, &ci) != 0 || !ci.is_ed25519) {
			rc = reco_err_set(e, -EINVAL, _("%s: not a PEM Ed25519 certificate"), o->cert);
			goto out;
		}
		if (reco_key_matches_cert(key, (const char *)cert, cert_len) != 1) {
			rc = reco_err_set(e, -EINVAL, _("%s: this certificate is not for the key %s"),
					  o->cert, o->key);
			goto out;
		}
		time_t now = time(NULL);
		if (o->created)
			reco_parse_rfc3339(o->created, &now);
		r->cert_not_valid_now = now < ci.not_before || now > ci.not_after;
		station = json_pack("{s:s,s:s}", "name", ci.subject_cn, "certificate_sha256", ci.sha256);
		r->signed_ = 1;
	} else {
		station = json_pack("{s:s}", "status", "uncertified");
	}

	doc = report_build(o->session, station, o->operator_, o->created, NULL, &r->reals_converted, e);
	if (!doc) {
		rc = e->code ? e->code : -EINVAL;
		goto out;
	}
	r->n_sources = (int)json_object_size(json_object_get(doc, "sources"));
	bytes = reco_json_canonical(doc);
	if (!bytes) {
		rc = reco_err_set(e, -ENOMEM, _("out of memory"));
		goto out;
	}
	size_t len = strlen(bytes);
	reco_sha256_hex(bytes, len, r->sha256);

	if (r->signed_) {
		unsigned char sig[64];
		rc = reco_key_sign(key, bytes, len, sig);
		if (rc) {
			reco_err_set(e, rc, _("%s: signing failed"), o->key);
			goto out;
		}
		/* signature and certificate first: a report.json without its .sig
		 * is an unsigned report, never a mismatched one */
		if ((rc = write_exclusive_or_force(r->sig, sig, sizeof(sig), 1, e)) ||
		    (rc = write_exclusive_or_force(r->cert, cert, cert_len, 1, e)))
			goto out;
	} else {
		unlink(r->sig);
		unlink(r->cert);
	}
	rc = write_exclusive_or_force(r->report, bytes, len, o->force, e);
out:
	free(bytes);
	json_decref(doc);
	free(cert);
	reco_key_free(key);
	return rc;
}
