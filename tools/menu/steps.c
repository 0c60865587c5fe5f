/*
 * steps.c — each step of the walk-through runs another reco tool as a
 * program (argument vector, lib/proc_stream.h) and reads what it left in
 * the session directory.  Shared by the ncurses menu and the unattended
 * mode, which differ only in how they show progress (struct menu_ui).
 */
#include "menu.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/util.h"

volatile sig_atomic_t menu_interrupted;

void menu_run_init(struct menu_run *r, const struct menu_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = *o;
	const char *bin = getenv("RECO_BIN");
	snprintf(r->reco, sizeof(r->reco), "%s", bin && *bin ? bin : "reco");
	const char *d = getenv("RECO_DATA");
	snprintf(r->data, sizeof(r->data), "%s", d && *d ? d : "/run/reco/data");
}

void menu_run_release(struct menu_run *r)
{
	json_decref(r->inventory);
	json_decref(r->wipe_list);
	json_decref(r->diag);
	r->inventory = r->wipe_list = r->diag = NULL;
}

struct tool_ctx {
	struct menu_run *r;
	const struct menu_ui *ui;
	char *out;
	size_t out_len, out_cap;
	int keep_out, oom;
	char last_err[512];
};

/* "reco wipe: PATH: message" (" : " in French) of a disk listed: kept as
 * that disk's wipe_err. */
static void wipe_line(struct menu_run *r, const char *line)
{
	static const char *const pfx[] = { "reco wipe: ", "reco wipe : " };
	for (size_t p = 0; p < 2; p++) {
		size_t pl = strlen(pfx[p]);
		if (strncmp(line, pfx[p], pl))
			continue;
		for (int k = 0; k < r->n_disks; k++) {
			size_t l = strlen(r->disks[k].path);
			const char *rest = line + pl + l;
			if (!l || strncmp(line + pl, r->disks[k].path, l))
				continue;
			if (!strncmp(rest, ": ", 2) || !strncmp(rest, " : ", 3))
				snprintf(r->disks[k].wipe_err, sizeof(r->disks[k].wipe_err), "%s",
					 rest + (*rest == ':' ? 2 : 3));
		}
	}
}

static void on_line(const char *line, size_t len, enum reco_pstream_fd from, void *arg)
{
	struct tool_ctx *c = arg;
	struct menu_progress p;
	if (menu_progress_parse(line, len, &p)) {
		menu_bars_update(&c->r->bars, &p);
		if (c->ui && c->ui->progress)
			c->ui->progress(c->ui->arg, &p);
		return;
	}
	if (from == RECO_PSTREAM_OUT && c->keep_out && !c->oom) {
		if (c->out_len + len + 2 > c->out_cap) {
			size_t ncap = c->out_cap ? c->out_cap : 65536;
			while (ncap < c->out_len + len + 2)
				ncap *= 2;
			char *n = realloc(c->out, ncap);
			if (!n) {
				c->oom = 1;
				return;
			}
			c->out = n;
			c->out_cap = ncap;
		}
		memcpy(c->out + c->out_len, line, len);
		c->out_len += len;
		c->out[c->out_len++] = '\n';
		c->out[c->out_len] = '\0';
		return;
	}
	if (from == RECO_PSTREAM_ERR && len) {
		snprintf(c->last_err, sizeof(c->last_err), "%.*s", (int)len, line);
		wipe_line(c->r, c->last_err);
	}
	if (c->ui && c->ui->line)
		c->ui->line(c->ui->arg, line, from);
}

int menu_run_tool(struct menu_run *r, char *const argv[], const struct menu_ui *ui, char **out)
{
	struct reco_pstream ps;
	struct tool_ctx c = { .r = r, .ui = ui, .keep_out = out != NULL };
	if (out)
		*out = NULL;
	int rc = reco_pstream_start(argv, &ps);
	if (rc) {
		snprintf(r->msg, sizeof(r->msg), _("%s: cannot run it: %s"), argv[0], strerror(-rc));
		return rc;
	}
	int stopping = 0;
	uint64_t last_idle = 0;
	for (;;) {
		int more = reco_pstream_poll(&ps, 100, on_line, &c);
		if (more < 0) {
			rc = more;
			break;
		}
		uint64_t now = reco_now_ns();
		if (menu_interrupted && !stopping) {
			reco_pstream_kill(&ps, SIGINT);
			stopping = 1;
		}
		if (ui && ui->idle && now - last_idle >= 90000000ull) {
			last_idle = now;
			if (ui->idle(ui->arg) && !stopping) {
				reco_pstream_kill(&ps, SIGINT);
				stopping = 1;
			}
		}
		if (!more)
			break;
	}
	int st = reco_pstream_wait(&ps);
	reco_pstream_release(&ps);
	if (rc < 0) {
		free(c.out);
		snprintf(r->msg, sizeof(r->msg), _("%s: %s"), argv[0], strerror(-rc));
		return rc;
	}
	if (c.oom) {
		free(c.out);
		snprintf(r->msg, sizeof(r->msg), _("%s: out of memory"), argv[0]);
		return -ENOMEM;
	}
	if (st != 0 && c.last_err[0])
		snprintf(r->msg, sizeof(r->msg), "%s", c.last_err);
	else if (st != 0)
		snprintf(r->msg, sizeof(r->msg), _("%s ended with status %d"), argv[1] ? argv[1] : argv[0], st);
	if (out)
		*out = c.out ? c.out : strdup("");
	else
		free(c.out);
	return st;
}

static json_t *load_json_file(const char *path)
{
	json_error_t jerr;
	return json_load_file(path, 0, &jerr);
}

/* ---- inventory ------------------------------------------------------------ */

int menu_step_inventory(struct menu_run *r, const struct menu_ui *ui)
{
	char *argv[] = { r->reco, "inventory", "--json", NULL };
	char *out = NULL;
	int st = menu_run_tool(r, argv, ui, &out);
	if (st < 0)
		return st;
	json_error_t jerr;
	json_t *doc = json_loads(out, 0, &jerr);
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	int ok = json_is_object(doc) && schema && !strcmp(schema, "reco-inventory/1");
	if (!ok) {
		json_decref(doc);
		doc = NULL;
		if (st == 0 || !r->msg[0])
			snprintf(r->msg, sizeof(r->msg), _("reco inventory gave no inventory (%s)"), jerr.text);
	}
	const char *id = json_string_value(json_object_get(doc, "id"));
	/* after a power cut: the interrupted wipe's session, which goes on only
	 * when its journals' disks are the ones listed now (menu_resume_plan) */
	if (!r->session[0] && id && !r->o.repair_cafe && !r->resume[0])
		menu_find_interrupted(r->data, id, r->resume, sizeof(r->resume));
	if (!r->session[0]) {
		int rc = reco_session_new(id, r->session, sizeof(r->session));
		if (rc) {
			snprintf(r->msg, sizeof(r->msg), _("%s/sessions: cannot create the session directory: %s"),
				 r->data, strerror(-rc));
			free(out);
			json_decref(doc);
			r->session[0] = '\0';
			return rc;
		}
	}
	if (doc) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof(path), "%s/inventory.json", r->session);
		int rc = reco_write_file_atomic(path, out, strlen(out), 0644);
		if (rc) {
			snprintf(r->msg, sizeof(r->msg), _("%s: cannot write: %s"), path, strerror(-rc));
			free(out);
			json_decref(doc);
			return rc;
		}
	}
	free(out);
	json_decref(r->inventory);
	r->inventory = doc;
	/* The tools the menu runs next share this session. */
	setenv("RECO_SESSION", r->session, 1);
	return ok ? 0 : 1;
}

/* ---- the list of disks ------------------------------------------------------ */

/* <session>/disks.json (reco-menu-disks/1): each disk as the person sees it,
 * whether it will be wiped, and why not; reco report seal includes it and
 * the report's coverage gives its reasons. */
static void write_disks_json(const struct menu_run *r)
{
	if (!r->session[0])
		return;
	json_t *arr = json_array();
	for (int i = 0; i < r->n_disks; i++) {
		const struct menu_target *t = &r->disks[i];
		int mine = menu_target_is_machine(t, r->o.usb);
		int wiped = mine && t->eligible;
		json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:b,s:b}", "path", t->path, "name", t->name,
				      "model", t->model, "serial", t->serial, "size_bytes", (json_int_t)t->size_bytes,
				      "transport", t->transport, "role", t->role[0] ? t->role : "unknown",
				      "eligible", t->eligible, "wipe", wiped);
		if (!d)
			continue;
		if (t->diskseq)
			json_object_set_new(d, "diskseq", json_integer((json_int_t)t->diskseq));
		if (!t->eligible && t->reason[0])
			json_object_set_new(d, "reason", reco_json_string_lossy(t->reason));
		else if (wiped && t->wipe_err[0])
			json_object_set_new(d, "reason", reco_json_string_lossy(t->wipe_err));
		else if (!mine)
			json_object_set_new(d, "reason", json_string("not a disk of this computer (left out)"));
		json_array_append_new(arr, d);
	}
	json_t *doc = json_pack("{s:s,s:o}", "schema", "reco-menu-disks/1", "disks", arr);
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/disks.json", r->session);
	if (doc)
		reco_json_write(path, doc, 0);
	json_decref(doc);
}

int menu_step_wipe_list(struct menu_run *r, const struct menu_ui *ui)
{
	char *argv[] = { r->reco, "wipe", "--list", "--json", NULL };
	char *out = NULL;
	int st = menu_run_tool(r, argv, ui, &out);
	if (st < 0)
		return st;
	json_error_t jerr;
	json_t *doc = json_loads(out, 0, &jerr);
	free(out);
	int n = doc ? menu_targets_from_list(doc, r->disks, MENU_MAX_TARGETS) : -EINVAL;
	if (n < 0) {
		json_decref(doc);
		if (st == 0 || !r->msg[0])
			snprintf(r->msg, sizeof(r->msg), _("reco wipe --list gave no list of disks"));
		r->n_disks = r->n_wipe = 0;
		return 1;
	}
	json_decref(r->wipe_list);
	r->wipe_list = doc;
	r->n_disks = n;
	r->n_wipe = r->n_refused = 0;
	for (int i = 0; i < n; i++) {
		if (!menu_target_is_machine(&r->disks[i], r->o.usb))
			continue;
		if (r->disks[i].eligible)
			r->wipe_idx[r->n_wipe++] = i;
		else
			r->refused_idx[r->n_refused++] = i;
	}
	write_disks_json(r);
	return st == 0 ? 0 : 1;
}

/* ---- diagnostics -------------------------------------------------------------- */

int menu_step_diag(struct menu_run *r, const struct menu_ui *ui)
{
	/* the workshop's Wi-Fi network from reco.conf: the card must join it */
	char conf[PATH_MAX];
	const char *data = getenv("RECO_DATA");
	snprintf(conf, sizeof(conf), "%s/reco.conf", data && *data ? data : "/run/reco/data");
	char *argv[] = { r->reco, "diag", r->o.repair_cafe ? "--repair-cafe" : "--quick",
			 "--progress=json", "--session", r->session,
			 r->o.wifi ? "--wifi-conf" : NULL, conf, NULL };
	char *out = NULL;
	memset(&r->bars, 0, sizeof(r->bars));
	int st = menu_run_tool(r, argv, ui, r->o.repair_cafe ? &out : NULL);
	if (st < 0)
		return st;
	if (r->o.repair_cafe && out) {
		snprintf(r->sheet, sizeof(r->sheet), "%s/diagnosis.txt", r->session);
		if (reco_write_file_atomic(r->sheet, out, strlen(out), 0644))
			r->sheet[0] = '\0';
	}
	free(out);
	return menu_read_diag(r, st);
}

int menu_read_diag(struct menu_run *r, int st)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/diag.json", r->session);
	json_decref(r->diag);
	r->diag = load_json_file(path);
	const char *g = json_string_value(json_object_get(r->diag, "grade"));
	snprintf(r->grade, sizeof(r->grade), "%s", g ? g : "");
	r->diag_failed_parts = 0;
	size_t i;
	const json_t *p;
	json_array_foreach(json_object_get(r->diag, "parts"), i, p) {
		const char *v = json_string_value(json_object_get(p, "verdict"));
		if (v && !strcmp(v, "FAIL"))
			r->diag_failed_parts++;
	}
	if (!r->diag) {
		if (!r->msg[0] || st == 0)
			snprintf(r->msg, sizeof(r->msg), _("%s: missing or unreadable"), path);
		return 1;
	}
	/* a diagnosis is complete only when it says so */
	r->diag_incomplete = !json_is_true(json_object_get(r->diag, "complete"));
	if (r->diag_failed_parts) {
		snprintf(r->msg, sizeof(r->msg), _("faulty parts: %d (see the diagnosis)"), r->diag_failed_parts);
		return 1;
	}
	return st == 0 ? 0 : 1;
}

/* ---- wipe ----------------------------------------------------------------- */

static int has_result(const json_t *w, const char *path)
{
	size_t i;
	const json_t *t;
	json_array_foreach(json_object_get(w, "targets"), i, t) {
		const char *p = json_string_value(json_object_get(t, "path"));
		if (p && !strcmp(p, path))
			return 1;
	}
	return 0;
}

/* A disk confirmed that reco wipe left without a result (it refused it,
 * or refused the whole run: nothing is written then) says why in
 * disks.json, and so in the report's coverage: reco wipe's own line for
 * it, else the run's failure.  The step's message then names the first
 * disk reco wipe refused, not only "nothing was written". */
static void no_result_reasons(struct menu_run *r, const json_t *w, int st)
{
	int any = 0;
	char first[sizeof(r->msg)] = "";
	for (int k = 0; k < r->n_wipe; k++) {
		struct menu_target *d = &r->disks[r->wipe_idx[k]];
		if (has_result(w, d->path)) {
			d->wipe_err[0] = '\0';
			continue;
		}
		any = 1;
		if (d->wipe_err[0] && !first[0])
			snprintf(first, sizeof(first), "%s: %s", d->path, d->wipe_err);
	}
	for (int k = 0; any && k < r->n_wipe; k++) {
		struct menu_target *d = &r->disks[r->wipe_idx[k]];
		if (!d->wipe_err[0] && !has_result(w, d->path))
			snprintf(d->wipe_err, sizeof(d->wipe_err), _("the wipe did not run: %s"),
				 st && r->msg[0] ? r->msg : _("reco wipe gave no result for this disk"));
	}
	if (first[0] && st)
		snprintf(r->msg, sizeof(r->msg), "%s", first);
	if (any)
		write_disks_json(r);
}

int menu_step_wipe(struct menu_run *r, const struct menu_ui *ui)
{
	char *argv[8 + MENU_MAX_TARGETS];
	int n = 0;
	r->erased = r->not_erased = 0;
	if (!r->n_wipe) {
		snprintf(r->msg, sizeof(r->msg), _("no disk to wipe"));
		return 1;
	}
	argv[n++] = r->reco;
	argv[n++] = "wipe";
	argv[n++] = "--method";
	argv[n++] = r->o.method;
	argv[n++] = "--verify";
	argv[n++] = r->o.verify;
	argv[n++] = "--progress=json";
	argv[n++] = "--yes";
	char *sess[] = { "--session", r->session };
	/* argv is sized for the targets; the session goes in front of them, and
	 * the identity each disk was confirmed with (checked by reco wipe once
	 * it holds the disk) */
	char *full[10 + 5 * MENU_MAX_TARGETS];
	char seqs[MENU_MAX_TARGETS][24];
	int k = 0;
	for (int i = 0; i < n; i++)
		full[k++] = argv[i];
	/* after a power cut, planned by menu_resume_plan: the journals' method
	 * and seeds */
	int resuming = r->resume[0] && r->n_jr == r->n_wipe;
	if (resuming)
		k = 2, full[k++] = "--resume", full[k++] = "--progress=json", full[k++] = "--yes";
	full[k++] = sess[0];
	full[k++] = sess[1];
	int with_seq = 1;
	for (int i = 0; i < r->n_wipe; i++)
		if (!r->disks[r->wipe_idx[i]].diskseq)
			with_seq = 0;
	/* resuming: each disk as its journal recorded it (menu_resume_plan
	 * matched it with the disk listed and confirmed now) */
	for (int i = 0; i < r->n_wipe; i++) {
		struct menu_target *t = &r->disks[r->wipe_idx[i]];
		full[k++] = "--expect-serial";
		full[k++] = resuming ? r->jr[i].serial : t->serial;
		if (with_seq) {
			snprintf(seqs[i], sizeof(seqs[i]), "%llu", t->diskseq);
			full[k++] = "--expect-diskseq";
			full[k++] = seqs[i];
		}
	}
	for (int i = 0; i < r->n_wipe; i++)
		full[k++] = resuming ? r->jr[i].path : r->disks[r->wipe_idx[i]].path;
	full[k] = NULL;
	if (!resuming && menu_resume_supersede(r) && ui && ui->line)
		ui->line(ui->arg, _("the interrupted wipe's session could not be marked superseded"), RECO_PSTREAM_ERR);
	memset(&r->bars, 0, sizeof(r->bars));
	for (int i = 0; i < r->n_disks; i++)
		r->disks[i].wipe_err[0] = '\0';
	int st = menu_run_tool(r, full, ui, NULL);
	if (st < 0)
		return st;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/wipe.json", r->session);
	if (st == RECO_EXIT_USAGE && !resuming && !strcmp(r->o.method, "auto") && access(path, F_OK) != 0) {
		/* A reco wipe without the firmware-aware "auto" method refuses it
		 * before touching anything: fall back to one random pass. */
		if (ui && ui->line)
			ui->line(ui->arg, _("reco wipe has no method 'auto' here: one random pass instead"),
				 RECO_PSTREAM_ERR);
		full[3] = "random";
		r->msg[0] = '\0';
		memset(&r->bars, 0, sizeof(r->bars));
		st = menu_run_tool(r, full, ui, NULL);
		if (st < 0)
			return st;
	}
	json_t *w = load_json_file(path);
	size_t i;
	const json_t *t;
	json_array_foreach(json_object_get(w, "targets"), i, t) {
		const char *res = json_string_value(json_object_get(t, "result"));
		if (res && !strcmp(res, "erased"))
			r->erased++;
		else
			r->not_erased++;
	}
	no_result_reasons(r, w, st);
	json_decref(w);
	if (!w) {
		if (!r->msg[0] || st == 0)
			snprintf(r->msg, sizeof(r->msg), _("%s: missing or unreadable"), path);
		return 1;
	}
	if (r->erased < r->n_wipe) {
		char why[sizeof(r->msg)];
		snprintf(why, sizeof(why), "%s", r->msg);
		snprintf(r->msg, sizeof(r->msg), ngettext("%d of %d disks erased", "%d of %d disks erased", (unsigned long)r->erased),
			 r->erased, r->n_wipe);
		if (why[0] && st != 0 && (size_t)snprintf(NULL, 0, "%s", why) + strlen(r->msg) + 3 < sizeof(r->msg)) {
			strcat(r->msg, " (");
			strcat(r->msg, why);
			strcat(r->msg, ")");
		}
		return 1;
	}
	return st == 0 ? 0 : 1;
}

/* ---- report ---------------------------------------------------------------- */

int menu_step_report(struct menu_run *r, const struct menu_ui *ui)
{
	if (r->o.registry[0]) {
		/* a flat CMOS battery: take the registry's time (best effort) */
		char *cargv[] = { r->reco, "sync", "--registry", r->o.registry, "--data", r->data, "--set-clock", NULL };
		menu_run_tool(r, cargv, ui, NULL);
		r->msg[0] = '\0';
	}
	char key[PATH_MAX + 32], cert[PATH_MAX + 32];
	snprintf(key, sizeof(key), "%s/keys/station.key", r->data);
	snprintf(cert, sizeof(cert), "%s/keys/station.pem", r->data);
	r->certified = access(key, R_OK) == 0 && access(cert, R_OK) == 0;
	char *argv[16];
	int n = 0;
	argv[n++] = r->reco;
	argv[n++] = "report";
	argv[n++] = "seal";
	argv[n++] = r->session;
	if (r->certified) {
		argv[n++] = "--key";
		argv[n++] = key;
		argv[n++] = "--cert";
		argv[n++] = cert;
	} else {
		argv[n++] = "--uncertified";
	}
	if (r->o.operator_[0]) {
		argv[n++] = "--operator";
		argv[n++] = r->o.operator_;
	}
	argv[n++] = "--no-pdf";
	argv[n] = NULL;
	int st = menu_run_tool(r, argv, ui, NULL);
	if (st < 0)
		return st;
	snprintf(r->report, sizeof(r->report), "%s/report.json", r->session);
	if (st != 0 || access(r->report, R_OK) != 0) {
		if (!r->msg[0] || st == 0)
			snprintf(r->msg, sizeof(r->msg), _("%s: the report was not sealed"), r->report);
		r->report[0] = '\0';
		return 1;
	}
	snprintf(r->pdf, sizeof(r->pdf), "%s/certificate.pdf", r->session);
	const char *lang = r->o.lang[0] ? r->o.lang : "fr";
	char *rargv[] = { r->reco, "report", "render", r->report, "--pdf", r->pdf, "--lang", (char *)lang, NULL };
	st = menu_run_tool(r, rargv, ui, NULL);
	if (st < 0)
		return st;
	if (st != 0 || access(r->pdf, R_OK) != 0) {
		if (!r->msg[0] || st == 0)
			snprintf(r->msg, sizeof(r->msg), _("%s: the certificate was not printed"), r->pdf);
		r->pdf[0] = '\0';
		return 1;
	}
	return 0;
}

/* ---- upload ---------------------------------------------------------------- */

static int in_list(const json_t *doc, const char *list, const char *session, const char **reason)
{
	size_t i;
	const json_t *e;
	json_array_foreach(json_object_get(doc, list), i, e) {
		const char *s = json_string_value(json_object_get(e, "session"));
		if (s && !strcmp(s, session)) {
			*reason = json_string_value(json_object_get(e, "reason"));
			return 1;
		}
	}
	return 0;
}

int menu_step_sync(struct menu_run *r, const struct menu_ui *ui)
{
	r->sync = SYNC_NOT_RUN;
	r->sync_msg[0] = '\0';
	if (!r->o.registry[0] || !r->session[0])
		return 0;
	char *argv[] = { r->reco, "sync", "--registry", r->o.registry, "--data", r->data, "--session", r->session,
			 "--json", NULL };
	char *out = NULL;
	int st = menu_run_tool(r, argv, ui, &out);
	if (st < 0)
		return st;
	json_t *doc = out ? json_loads(out, 0, NULL) : NULL;
	free(out);
	const char *why = NULL;
	if (in_list(doc, "uploaded", r->session, &why)) {
		r->sync = SYNC_SENT;
		snprintf(r->sync_msg, sizeof(r->sync_msg), _("report sent to %s"), r->o.registry);
	} else if (in_list(doc, "skipped", r->session, &why)) {
		r->sync = SYNC_UNSIGNED;
		snprintf(r->sync_msg, sizeof(r->sync_msg), "%s",
			 _("report NOT sent: it is not signed (no station key)"));
	} else if (in_list(doc, "rejected", r->session, &why)) {
		r->sync = SYNC_REJECTED;
		snprintf(r->sync_msg, sizeof(r->sync_msg), _("report REFUSED by %s: %s"), r->o.registry,
			 why ? why : "?");
	} else {
		if (!why)
			in_list(doc, "queued", r->session, &why);
		r->sync = SYNC_QUEUED;
		snprintf(r->sync_msg, sizeof(r->sync_msg), _("report NOT sent to %s (%s): it stays queued in %s%s"),
			 r->o.registry, why ? why : r->msg[0] ? r->msg : "?", r->data,
			 r->volatile_data ? _(", in memory only: lost at power-off") : "");
	}
	json_decref(doc);
	return r->sync == SYNC_SENT ? 0 : 1;
}

void menu_note(struct menu_run *r, enum menu_step_id id, int rc)
{
	if (rc == 0 || (unsigned)id > MENU_ID_REPORT)
		return;
	snprintf(r->why[id], sizeof(r->why[id]), "%s", r->msg);
}

const char *menu_first_reason(const struct menu_run *r)
{
	for (int i = 0; i <= MENU_ID_REPORT; i++)
		if (r->why[i][0])
			return r->why[i];
	return r->msg;
}

/* ---- completion marker ------------------------------------------------------- */

static const char *outcome(enum menu_outcome o)
{
	switch (o) {
	case MO_OK: return "ok";
	case MO_FAIL: return "fail";
	case MO_SKIPPED: return "skipped";
	default: return "not-run";
	}
}

const char *menu_fail_reason(const struct menu_run *r, const struct menu_flow *f)
{
	if (menu_first_reason(r)[0])
		return menu_first_reason(r);
	if (f->diag != MO_OK || f->diag_incomplete)
		return _("the diagnosis was not run or is incomplete");
	return "";
}

int menu_write_done(const struct menu_run *r, const struct menu_flow *f)
{
	if (!r->session[0])
		return -ENOENT;
	char now[64], path[PATH_MAX + 16];
	reco_time_rfc3339(time(NULL), now, sizeof(now));
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s},s:s}", "schema", "reco-auto-done/1",
			      "result", menu_flow_passed(f) ? "ok" : "fail", "report", r->report,
			      "certificate", r->pdf, "finished", now, "steps", "inventory",
			      outcome(f->inventory), "diag", outcome(f->diag), "wipe", outcome(f->wipe),
			      "report", outcome(f->report), "session", r->session);
	if (!o)
		return -ENOMEM;
	if (r->grade[0])
		json_object_set_new(o, "grade", json_string(r->grade));
	json_object_set_new(o, "diag_complete", json_boolean(f->diag == MO_OK && !f->diag_incomplete));
	if (!menu_flow_passed(f) && menu_fail_reason(r, f)[0])
		json_object_set_new(o, "reason", reco_json_string_lossy(menu_fail_reason(r, f)));
	json_object_set_new(o, "disks_erased", json_integer(r->erased));
	json_object_set_new(o, "disks_refused", json_integer(r->n_refused));
	if (r->resume[0])
		json_object_set_new(o, "resumed", json_true());
	if (r->report[0])
		json_object_set_new(o, "report_safe", json_boolean(!menu_report_unsafe(r)));
	json_object_set_new(o, "disks_not_erased", json_integer(r->not_erased));
	snprintf(path, sizeof(path), "%s/DONE", r->session);
	int rc = reco_json_write(path, o, 1);
	json_decref(o);
	return rc;
}
