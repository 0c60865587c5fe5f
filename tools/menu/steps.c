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
	if (from == RECO_PSTREAM_ERR && len)
		snprintf(c->last_err, sizeof(c->last_err), "%.*s", (int)len, line);
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
	r->n_wipe = 0;
	for (int i = 0; i < n; i++)
		if (r->disks[i].eligible)
			r->wipe_idx[r->n_wipe++] = i;
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
	/* argv is sized for the targets; the session goes in front of them */
	char *full[10 + MENU_MAX_TARGETS];
	int k = 0;
	for (int i = 0; i < n; i++)
		full[k++] = argv[i];
	full[k++] = sess[0];
	full[k++] = sess[1];
	for (int i = 0; i < r->n_wipe; i++)
		full[k++] = r->disks[r->wipe_idx[i]].path;
	full[k] = NULL;
	memset(&r->bars, 0, sizeof(r->bars));
	int st = menu_run_tool(r, full, ui, NULL);
	if (st < 0)
		return st;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/wipe.json", r->session);
	if (st == RECO_EXIT_USAGE && !strcmp(r->o.method, "auto") && access(path, F_OK) != 0) {
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
	json_decref(w);
	if (!w) {
		if (!r->msg[0] || st == 0)
			snprintf(r->msg, sizeof(r->msg), _("%s: missing or unreadable"), path);
		return 1;
	}
	if (r->erased < r->n_wipe) {
		char why[sizeof(r->msg)];
		snprintf(why, sizeof(why), "%s", r->msg);
		snprintf(r->msg, sizeof(r->msg), _("%d of %d disks erased"), r->erased, r->n_wipe);
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

int menu_step_sync(struct menu_run *r, const struct menu_ui *ui)
{
	if (!r->o.registry[0])
		return 0;
	char *argv[] = { r->reco, "sync", "--registry", r->o.registry, "--data", r->data, NULL };
	int st = menu_run_tool(r, argv, ui, NULL);
	return st < 0 ? st : st == 0 ? 0 : 1;
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
	if (!menu_flow_passed(f) && menu_first_reason(r)[0])
		json_object_set_new(o, "reason", reco_json_string_lossy(menu_first_reason(r)));
	else if (!menu_flow_passed(f) && (f->diag != MO_OK || f->diag_incomplete))
		json_object_set_new(o, "reason", json_string(_("the diagnosis was not run or is incomplete")));
	json_object_set_new(o, "disks_erased", json_integer(r->erased));
	json_object_set_new(o, "disks_not_erased", json_integer(r->not_erased));
	snprintf(path, sizeof(path), "%s/DONE", r->session);
	int rc = reco_json_write(path, o, 1);
	json_decref(o);
	return rc;
}
