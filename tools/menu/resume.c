/*
 * resume.c — after a power cut: the session of this machine's interrupted
 * wipe, and whether it can go on with the disks listed now.
 *
 * reco wipe journals each target in its session (wipe-<name>.journal,
 * reco-wipe-journal/1: path, serial, size, pass, phase, offset...; see
 * tools/wipe/journal.c).  A session with an unfinished journal and no
 * wipe.json was interrupted.  It is resumed only with the disks its journals
 * name, as they recorded them, never with whatever disks are listed now:
 * reco wipe --resume is bound to the journal's path, so each journal's disk
 * must be listed now under that path with the serial (and size) recorded,
 * one of this computer's and eligible.  Every journal must be unfinished (a
 * target whose wipe finished but whose result was never written has nothing
 * this run can prove), and no other disk of this computer may be waiting to
 * be wiped (it would be left out).  Otherwise the wipe starts again from the
 * beginning in a new session, and the old session is marked superseded (a
 * file "superseded" naming the new one) so that it is not offered again.
 */
#include "menu.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

static int is_journal_name(const char *n)
{
	size_t l = strlen(n);
	return !strncmp(n, "wipe-", 5) && l >= 14 && !strcmp(n + l - 8, ".journal");
}

/* Reads one journal; 0, or -1 when it is not one. */
static int journal_read(const char *path, struct menu_journal *j)
{
	char *text = NULL;
	size_t len;
	if (reco_read_file("", path, &text, &len, 1 << 20) != 0)
		return -1;
	char v[64], phase[32];
	memset(j, 0, sizeof(*j));
	int ok = !strncmp(text, "reco-wipe-journal/1\n", 20);
	menu_kv(text, "path", j->path, sizeof(j->path));
	menu_kv(text, "serial", j->serial, sizeof(j->serial));
	menu_kv(text, "phase", phase, sizeof(phase));
	menu_kv(text, "size", v, sizeof(v));
	j->size = v[0] ? atoll(v) : -1;
	menu_kv(text, "offset", v, sizeof(v));
	j->offset = atoll(v);
	menu_kv(text, "pass", v, sizeof(v));
	j->pass = atoi(v);
	menu_kv(text, "npasses", v, sizeof(v));
	j->npasses = atoi(v);
	free(text);
	j->done = !strcmp(phase, "done");
	return ok && j->path[0] && phase[0] ? 0 : -1;
}

int menu_journals_read(const char *dir, struct menu_journal *j, int max)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	int n = 0;
	struct dirent *de;
	while (n < max && (de = readdir(d))) {
		if (!is_journal_name(de->d_name))
			continue;
		char p[PATH_MAX + 256];
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (journal_read(p, &j[n]) == 0)
			n++;
	}
	closedir(d);
	/* readdir's order is the file system's: keep the journals' by path */
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && strcmp(j[b - 1].path, j[b].path) > 0; b--) {
			struct menu_journal t = j[b];
			j[b] = j[b - 1];
			j[b - 1] = t;
		}
	return n;
}

int menu_find_interrupted(const char *data, const char *device_id, char *out, size_t size)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/sessions/%s", data, device_id);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char best[256] = "";
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, best) <= 0)
			continue;
		char sess[PATH_MAX + 256], p[PATH_MAX + 512];
		snprintf(sess, sizeof(sess), "%s/%s", dir, de->d_name);
		snprintf(p, sizeof(p), "%s/wipe.json", sess);
		if (access(p, F_OK) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/superseded", sess);
		if (access(p, F_OK) == 0)
			continue;
		struct menu_journal j[MENU_MAX_TARGETS];
		int n = menu_journals_read(sess, j, MENU_MAX_TARGETS), found = 0;
		for (int i = 0; i < n; i++)
			found |= !j[i].done;
		if (found)
			snprintf(best, sizeof(best), "%s", de->d_name);
	}
	closedir(d);
	if (!best[0])
		return 0;
	snprintf(out, size, "%s/%s", dir, best);
	return 1;
}

int menu_resume_plan(struct menu_run *r, char *why, size_t size)
{
	why[0] = '\0';
	int n = menu_journals_read(r->resume, r->jr, MENU_MAX_TARGETS);
	r->n_jr = n > 0 ? n : 0;
	if (n <= 0) {
		snprintf(why, size, _("its journals cannot be read"));
		return 1;
	}
	int idx[MENU_MAX_TARGETS];
	for (int k = 0; k < n; k++) {
		const struct menu_journal *j = &r->jr[k];
		if (j->done) {
			snprintf(why, size, _("the wipe of %s finished but its result was never written"), j->path);
			return 1;
		}
		idx[k] = -1;
		for (int i = 0; i < r->n_disks && idx[k] < 0; i++)
			if (!strcmp(r->disks[i].path, j->path))
				idx[k] = i;
		const struct menu_target *t = idx[k] >= 0 ? &r->disks[idx[k]] : NULL;
		if (!t) {
			snprintf(why, size, _("%s (serial %s) is not listed under that name now"), j->path,
				 j->serial[0] ? j->serial : "-");
			return 1;
		}
		if (strcmp(t->serial, j->serial) || (j->size > 0 && t->size_bytes > 0 && t->size_bytes != j->size)) {
			snprintf(why, size, _("%s is now another disk (serial %s, the journal says %s)"), j->path,
				 t->serial[0] ? t->serial : "-", j->serial[0] ? j->serial : "-");
			return 1;
		}
		if (!menu_target_is_machine(t, r->o.usb) || !t->eligible) {
			snprintf(why, size, _("%s cannot be wiped now: %s"), j->path,
				 t->reason[0] ? t->reason : menu_role_text(t));
			return 1;
		}
	}
	for (int w = 0; w < r->n_wipe; w++) {
		int in = 0;
		for (int k = 0; k < n; k++)
			in |= idx[k] == r->wipe_idx[w];
		if (!in) {
			const struct menu_target *t = &r->disks[r->wipe_idx[w]];
			snprintf(why, size, _("%s (serial %s) was not part of it"), t->path, t->serial[0] ? t->serial : "-");
			return 1;
		}
	}
	/* in the order of the list, as a fresh wipe would go */
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && idx[b - 1] > idx[b]; b--) {
			struct menu_journal t = r->jr[b];
			int ti = idx[b];
			r->jr[b] = r->jr[b - 1], idx[b] = idx[b - 1];
			r->jr[b - 1] = t, idx[b - 1] = ti;
		}
	for (int k = 0; k < n; k++)
		r->wipe_idx[k] = idx[k];
	r->n_wipe = n;
	return 0;
}

int menu_resume_adopt(struct menu_run *r)
{
	static const char *const files[] = { "inventory.json", "disks.json" };
	char from[PATH_MAX + 32], to[PATH_MAX + 32];
	if (!r->resume[0] || !r->session[0] || !strcmp(r->resume, r->session))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", r->session, files[i]);
		snprintf(to, sizeof(to), "%s/%s", r->resume, files[i]);
		if (access(from, F_OK) == 0 && rename(from, to) != 0)
			return -errno;
	}
	/* the session made by this run held nothing else */
	if (rmdir(r->session) != 0)
		return -errno;
	snprintf(r->session, sizeof(r->session), "%s", r->resume);
	setenv("RECO_SESSION", r->session, 1);
	return 0;
}

void menu_resume_drop(struct menu_run *r, const char *why)
{
	snprintf(r->resume_why, sizeof(r->resume_why), "%s", why ? why : "");
	snprintf(r->superseded, sizeof(r->superseded), "%s", r->resume);
	r->resume[0] = '\0';
	r->n_jr = 0;
}

int menu_resume_supersede(struct menu_run *r)
{
	if (!r->superseded[0])
		return 0;
	char p[PATH_MAX + 16], line[PATH_MAX + 2];
	snprintf(p, sizeof(p), "%s/superseded", r->superseded);
	int n = snprintf(line, sizeof(line), "%s\n", r->session);
	int rc = reco_write_file_atomic(p, line, (size_t)n, 0644);
	if (!rc)
		r->superseded[0] = '\0';
	return rc;
}
