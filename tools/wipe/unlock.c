/*
 * unlock.c — reco wipe --unlock --session DIR DISK: removes the temporary
 * ATA password that a security erase interrupted by a power cut leaves on
 * the drive (locked at the next power-on), with the password the wipe
 * recorded in its session (journal, else wipe.json) before setting it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "common/cli.h"
#include "fw.h"
#include "fw_transport.h"
#include "fw_wipe.h"
#include "lib/json.h"

/* The temporary ATA password of the wipe of t in session: from its journal,
 * else from the session's wipe.json.  0 or -ENOENT. */
static int session_password(const char *session, const struct wipe_target *t, char *pw, size_t size)
{
	char jpath[PATH_MAX];
	struct wipe_journal j;
	wipe_journal_path_for(session, t, jpath, sizeof(jpath));
	if (wipe_journal_load(jpath, &j) == 0) {
		int found = j.ata_password[0] != 0;
		snprintf(pw, size, "%s", j.ata_password);
		wipe_journal_release(&j);
		if (found)
			return 0;
	}
	char f[PATH_MAX + 16];
	snprintf(f, sizeof(f), "%s/wipe.json", session);
	json_t *doc = json_load_file(f, 0, NULL), *x;
	size_t i;
	int rc = -ENOENT;
	json_array_foreach(json_object_get(doc, "targets"), i, x) {
		const char *p = json_string_value(json_object_get(x, "path"));
		const char *v = json_string_value(
			json_object_get(json_object_get(json_object_get(x, "firmware"), "ata_password"), "value"));
		if (p && v && !strcmp(p, t->path) && strlen(v) < size) {
			snprintf(pw, size, "%s", v);
			rc = 0;
		}
	}
	json_decref(doc);
	return rc;
}

/* reco wipe --unlock --session DIR DISK: removes the temporary ATA password
 * an interrupted security erase left on DISK (a power cut mid-erase leaves
 * the drive locked at the next power-on).  Exit 0 done (or nothing to
 * remove), 1 the drive refused, 2 usage, 3 no password in the session or
 * no way to reach the drive. */
int wipe_cli_unlock(struct wipe_control *ctl, int n, char **targets)
{
	if (n != 1)
		cli_usage_error("%s", _("--unlock takes one disk"));
	const char *session = ctl->o.session ? ctl->o.session : getenv("RECO_SESSION");
	if (!session || !*session)
		cli_usage_error("%s", _("--unlock needs --session DIR (the session of the interrupted wipe)"));
	struct wipe_target t;
	struct reco_err e = { 0 };
	enum wipe_refusal r = wipe_target_identify(targets[0], &t, &e);
	if (r == WIPE_OK)
		r = wipe_target_open(&t, 0, 0, &e);
	if (r != WIPE_OK)
		cli_die(wipe_refusal_exit(r), "%s", e.msg);
	char pw[40];
	if (session_password(session, &t, pw, sizeof(pw)) != 0) {
		wipe_target_close(&t);
		cli_die(RECO_EXIT_ENV, _("%s: no temporary ATA password for this disk in %s"), t.path, session);
	}
	struct fw_transport tr;
	struct fw_sim_drive sim;
	if (fw_target_transport(&t, &tr, &sim) != 0 || !tr.ata) {
		explicit_bzero(pw, sizeof(pw));
		wipe_target_close(&t);
		cli_die(RECO_EXIT_ENV, _("%s: ATA commands cannot be sent to this device"), t.path);
	}
	char why[512];
	int rc = fw_ata_unlock(&tr, pw, why, sizeof(why));
	explicit_bzero(pw, sizeof(pw));
	wipe_target_close(&t);
	if (rc != 0) {
		cli_warn("%s: %s", t.path, why);
		return rc == -EPERM ? RECO_EXIT_FAIL : RECO_EXIT_ENV;
	}
	printf("%s: %s\n", t.path, why);
	return RECO_EXIT_OK;
}
