/*
 * accept.c — a coordinator's word for a disk that was not wiped (accept.h).
 *
 * A machine's latest report may leave one of its disks not erased: the
 * wipe refused or failed it, or never got it (the report's coverage,
 * lib/coverage.h, recomputed here from its inventory, wipe and disks).
 * When that disk is gone for good — dead, and removed from the machine —
 * a coordinator may accept it, with a reason code (notes.c: no free text
 * in the permanent log; the coordinator's words, if any, go to a note).
 * That is an event of the hash-chained log ("disk_accept", with the actor;
 * detail "<report sha256> disk=<disk> reason=<code>", the disk named by its
 * serial, or its path when it has none) and it covers that report only: a
 * newer report needs its own.  Once every disk the report leaves unerased is accepted, the
 * registry counts the machine's coverage as complete: a tested machine
 * moves to wiped and may be allocated.  Nothing of the station's signed
 * report changes; its certificate keeps saying the disk was not erased,
 * with the station's reason.
 */
#include "accept.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "lib/coverage.h"
#include "lib/i18n.h"
#include "lib/util.h"
#include "registry_cli.h"
#include "webint.h"

#define MAX_DISKS 64

struct unerased {
	char key[MAX_DISKS][128];    /* serial, or path */
	char what[MAX_DISKS][160];   /* path (model) for people */
	char result[MAX_DISKS][32];
	char reason[MAX_DISKS][256]; /* the station's */
	int n;
};

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static void add(struct unerased *u, const json_t *d)
{
	const char *key = jstr(d, "serial") ? jstr(d, "serial") : jstr(d, "path");
	if (!key || u->n >= MAX_DISKS)
		return;
	for (int i = 0; i < u->n; i++)
		if (!strcmp(u->key[i], key))
			return;
	snprintf(u->key[u->n], sizeof(u->key[0]), "%s", key);
	snprintf(u->what[u->n], sizeof(u->what[0]), "%s%s%s%s", jstr(d, "path") ? jstr(d, "path") : "?",
		 jstr(d, "model") ? " (" : "", jstr(d, "model") ? jstr(d, "model") : "", jstr(d, "model") ? ")" : "");
	snprintf(u->result[u->n], sizeof(u->result[0]), "%s", jstr(d, "result") ? jstr(d, "result") : "not-wiped");
	snprintf(u->reason[u->n], sizeof(u->reason[0]), "%s", jstr(d, "reason") ? jstr(d, "reason") : "");
	u->n++;
}

/* The disks report body leaves unerased: the machine's disks of its
 * coverage, and any wipe target, whose result is not "erased". */
static int unerased_of(const char *body, struct unerased *u)
{
	memset(u, 0, sizeof(*u));
	json_t *doc = body ? json_loads(body, 0, NULL) : NULL;
	if (!doc)
		return -EINVAL;
	json_t *cov = reco_coverage(json_object_get(doc, "inventory"), json_object_get(doc, "wipe"),
				    json_object_get(doc, "disks"));
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(cov, "disks"), i, d)
		if (!jstr(d, "result") || strcmp(jstr(d, "result"), "erased"))
			add(u, d);
	json_array_foreach(json_object_get(json_object_get(doc, "wipe"), "targets"), i, d)
		if (!jstr(d, "result") || strcmp(jstr(d, "result"), "erased"))
			add(u, d);
	json_decref(cov);
	json_decref(doc);
	return 0;
}

/* Who accepted key for report sha, when and with which reason code
 * ("actor|at|code" in who): 1, 0 when nobody did, -errno. */
static int accepted(struct registry *r, const char *dev, const char *sha, const char *key, char *who, size_t size,
		    struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT actor, at, detail FROM events WHERE device_id = ? AND kind = 'disk_accept'"
		       " ORDER BY seq", dev);
	if (rc)
		return rc;
	char *want = reco_asprintf("%s disk=%s reason=", sha, key);
	size_t wl = strlen(want);
	int hit = 0;
	for (int i = 0; i < res->nrows && !hit; i++) {
		const char *det = rdb_val(res, i, 2);
		if (!det || strncmp(det, want, wl) || strchr(det + wl, ' '))
			continue;
		hit = 1;
		if (who)
			snprintf(who, size, "%s|%s|%s", rdb_val(res, i, 0), rdb_val(res, i, 1), det + wl);
	}
	free(want);
	rdb_res_free(res);
	return hit;
}

/* How many disks of u are not accepted for sha; -errno. */
static int not_accepted(struct registry *r, const char *dev, const char *sha, const struct unerased *u,
			struct reco_err *e)
{
	int left = 0;
	for (int i = 0; i < u->n; i++) {
		int rc = accepted(r, dev, sha, u->key[i], NULL, 0, e);
		if (rc < 0)
			return rc;
		left += !rc;
	}
	return left;
}

int reg_coverage_accepted(struct registry *r, const char *device_id, const char *sha, const char *body,
			  struct reco_err *e)
{
	struct unerased u;
	if (unerased_of(body, &u) || !u.n)
		return 0;
	int left = not_accepted(r, device_id, sha, &u, e);
	return left < 0 ? left : left == 0;
}

/* The latest report of dev: sha (65), body (malloc'd), diag_fail. */
static int latest(struct registry *r, const char *dev, char *sha, char **body, int *diag_fail, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT sha256, body, diag_fail FROM reports WHERE device_id = ?"
		       " AND excluded = 0 ORDER BY import_seq DESC LIMIT 1", dev);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no report for this device"), dev);
	}
	snprintf(sha, 65, "%s", rdb_val(res, 0, 0));
	*body = strdup(rdb_val(res, 0, 1) ? rdb_val(res, 0, 1) : "");
	*diag_fail = atoi(rdb_val(res, 0, 2) ? rdb_val(res, 0, 2) : "0");
	rdb_res_free(res);
	return *body ? 0 : -ENOMEM;
}

/* The value of "name=" in an event detail, up to the next " reason=" (the
 * last field) or the end: a disk key may hold spaces, a reason code not. */
static void detail_field(const char *det, const char *name, char *buf, size_t size)
{
	const char *v = det ? strstr(det, name) : NULL;
	buf[0] = '\0';
	if (!v)
		return;
	v += strlen(name);
	const char *end = strstr(v, " reason=");
	snprintf(buf, size, "%.*s", (int)(end ? (size_t)(end - v) : strlen(v)), v);
}

int reg_handover_exceptions(struct registry *r, const char *dev, const char *sha, char **text, int *disks,
			    struct reco_err *e)
{
	*text = NULL;
	*disks = 0;
	struct rdb_res *res = NULL;
	char *pat = reco_asprintf("%s %%", sha ? sha : "");
	int rc = rdb_q(r->db, &res, e,
		       "SELECT kind, detail FROM events WHERE device_id = ? AND kind IN ('disk_accept', 'diag_override')"
		       " AND detail LIKE ? ORDER BY seq",
		       dev, pat);
	free(pat);
	if (rc)
		return rc;
	char *out = strdup("");
	for (int i = 0; out && sha && *sha && i < res->nrows; i++) {
		const char *kind = rdb_val(res, i, 0), *det = rdb_val(res, i, 1);
		char code[64], disk[256];
		detail_field(det, " reason=", code, sizeof(code));
		char *line;
		if (kind && !strcmp(kind, "disk_accept")) {
			detail_field(det, " disk=", disk, sizeof(disk));
			line = reco_asprintf(_("Disk %s: not erased, accepted by a coordinator (reason: %s)."), disk,
					     reg_reason_label(code));
			(*disks)++;
		} else {
			line = reco_asprintf(_("Diagnosis incomplete: the handover was allowed by a coordinator "
					       "(reason: %s)."),
					     reg_reason_label(code));
		}
		char *n = reco_asprintf("%s%s%s", out, *out ? "\n" : "", line);
		free(out);
		free(line);
		out = n;
	}
	rdb_res_free(res);
	if (!out)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	*text = out;
	return 0;
}

int reg_disk_accept(struct registry *r, const char *device, const char *disk, const char *code, const char *note,
		    int *left, struct reco_err *e)
{
	char dev[256], sha[65], who[512];
	char *body = NULL;
	int diag_fail = 0;
	if (!code || !*code)
		return reco_err_set(e, -EINVAL, _("accepting a disk that was not erased needs a reason"));
	int rc = reg_note_check(code, note, e);
	if (!rc)
		rc = reg_device_resolve(r, device, dev, sizeof(dev), e);
	if (!rc)
		rc = latest(r, dev, sha, &body, &diag_fail, e);
	if (rc)
		return rc;
	struct unerased u;
	rc = unerased_of(body, &u);
	free(body);
	if (rc)
		return reco_err_set(e, rc, _("%s: the latest report cannot be read"), dev);
	int found = 0;
	char list[1024] = "";
	for (int i = 0; i < u.n; i++) {
		found |= !strcmp(u.key[i], disk);
		if (strlen(list) + strlen(u.key[i]) + 3 < sizeof(list)) {
			if (i)
				strcat(list, ", ");
			strcat(list, u.key[i]);
		}
	}
	if (!found)
		return reco_err_set(e, -EPERM, _("%s: %s: not a disk the latest report leaves unerased (not erased: %s)"), dev,
				    disk, u.n ? list : _("none"));
	rc = accepted(r, dev, sha, disk, who, sizeof(who), e);
	if (rc < 0)
		return rc;
	if (rc)
		return reco_err_set(e, -EEXIST, _("%s: %s: already accepted for the latest report"), dev, disk);
	char *detail = reco_asprintf("%s disk=%s reason=%s", sha, disk, code);
	rc = rdb_begin_exclusive(r->db, e);
	if (!rc)
		rc = reg_event_append(r, dev, "disk_accept", NULL, NULL, detail, e);
	free(detail);
	if (!rc)
		rc = reg_note_add_locked(r, dev, NULL, note, e);
	int n = rc ? 0 : not_accepted(r, dev, sha, &u, e);
	if (!rc && n < 0)
		rc = n;
	if (!rc && n == 0 && !diag_fail) {
		struct rdb_res *res = NULL;
		rc = rdb_q(r->db, &res, e, "SELECT state FROM devices WHERE id = ?", dev);
		int tested = !rc && res->nrows && !strcmp(rdb_val(res, 0, 0), "tested");
		rdb_res_free(res);
		/* event details are data, kept in English */
		if (!rc && tested)
			rc = reg_transition_locked(r, dev, "wiped", "every disk erased or accepted by a coordinator", e);
	}
	if (rc) {
		rdb_rollback(r->db);
		return rc;
	}
	if (left)
		*left = n;
	return reg_commit(r, e);
}

/* ---- the command ---------------------------------------------------------- */

int cmd_accept_disk(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' }, { "note", required_argument, NULL, 'n' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	if (argc - i != 2 || !o.reason || !*o.reason)
		cli_usage_error(_("accept-disk: DEVICE DISK --reason CODE [--note TEXT]"));
	struct reco_err e = { 0 };
	if (reg_note_check(o.reason, o.note, &e))
		cli_usage_error("%s", e.msg);
	int left = 0;
	int rc = reg_disk_accept(&ctl->reg, argv[i], argv[i + 1], o.reason, o.note, &left, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:i}", "schema", "reco-registry-disk-accept/1", "device", argv[i],
				      "disk", argv[i + 1], "left", left);
		reg_print_json(j);
		json_decref(j);
	} else if (left) {
		printf(ngettext("%s: %s accepted as not erased; %d disk of the latest report is still neither erased nor accepted\n",
				"%s: %s accepted as not erased; %d disks of the latest report are still neither erased nor accepted\n",
				left),
		       argv[i], argv[i + 1], left);
	} else {
		printf(_("%s: %s accepted as not erased; every disk of the latest report is now erased or accepted\n"), argv[i],
		       argv[i + 1]);
	}
	return 0;
}

/* ---- the web UI -------------------------------------------------------------- */

#define O (&q->out)

void action_accept_disk(struct web_req *q)
{
	char id[256], disk[128], code[32], note[2048];
	web_field(q, "id", id, sizeof(id));
	web_field(q, "disk", disk, sizeof(disk));
	web_field(q, "reason", code, sizeof(code));
	web_field(q, "note", note, sizeof(note));
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	if (reg_disk_accept(&r, id, disk, code, *note ? note : NULL, NULL, &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	struct wbuf u = { 0 };
	wbuf_puts(&u, "/device?id=");
	wbuf_urlenc(&u, id);
	web_redirect(q, u.data ? u.data : "/devices");
	wbuf_free(&u);
}

void page_device_coverage(struct web_req *q, const char *device_id)
{
	struct reco_err e = { 0 };
	char sha[65];
	char *body = NULL;
	int diag_fail;
	struct unerased u;
	if (latest(q->reg, device_id, sha, &body, &diag_fail, &e))
		return;
	int rc = unerased_of(body, &u);
	free(body);
	if (rc || !u.n)
		return;
	wbuf_printf(O, "<h2 id=\"coverage\">%s</h2><p>%s</p><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("Disks not erased"),
		    _("The latest report leaves these disks of the machine not erased. A coordinator may accept one that is gone for good (dead, removed from the machine), with a reason; the certificate keeps saying it was not erased."),
		    _("Disk"), _("Serial number"), _("Result (station's reason)"), _("Accepted"));
	for (int i = 0; i < u.n; i++) {
		char who[512] = "";
		int acc = accepted(q->reg, device_id, sha, u.key[i], who, sizeof(who), &e);
		wbuf_puts(O, "<tr><td>");
		wbuf_esc(O, u.what[i]);
		wbuf_puts(O, "</td><td>");
		wbuf_esc(O, u.key[i]);
		wbuf_puts(O, "</td><td class=\"bad\">");
		wbuf_esc(O, u.result[i]);
		if (u.reason[i][0]) {
			wbuf_puts(O, " (");
			wbuf_esc(O, u.reason[i]);
			wbuf_puts(O, ")");
		}
		wbuf_puts(O, "</td><td>");
		if (acc > 0) {
			/* who = "actor|at|code" */
			char *at = strchr(who, '|'), *code = at ? strchr(at + 1, '|') : NULL;
			if (at)
				*at++ = '\0';
			if (code)
				*code++ = '\0';
			wbuf_printf(O, "%s ", _("accepted by"));
			wbuf_esc(O, who);
			wbuf_puts(O, ", ");
			wbuf_esc(O, at ? at : "");
			wbuf_puts(O, ": ");
			wbuf_esc(O, reg_reason_label(code));
		} else if (q->role >= ROLE_COORDINATOR) {
			wbuf_puts(O, "<form method=\"post\" action=\"/device/accept-disk\">");
			web_csrf_field(q);
			wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
			wbuf_esc(O, device_id);
			wbuf_puts(O, "\"><input type=\"hidden\" name=\"disk\" value=\"");
			wbuf_esc(O, u.key[i]);
			wbuf_puts(O, "\">");
			web_reason_fields(q, "accept", 1);
			wbuf_printf(O, "<button>%s</button></form>", _("Accept as not erased"));
		} else {
			wbuf_esc(O, _("no"));
		}
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
}
