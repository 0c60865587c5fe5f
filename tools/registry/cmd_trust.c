/*
 * cmd_trust.c — `reco registry` commands about trust in the history: the
 * audit of the event chain (against the stored checkpoints and one a third
 * party kept), signed checkpoints, backups, and the identity conflicts
 * awaiting a coordinator's decision.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "registry.h"
#include "registry_cli.h"

static void print_conflict(json_t *c)
{
	const char *f;
	json_t *v;
	printf(_("identity conflict: device %s, report %.16s:"), reg_js(c, "device_id"),
	       reg_js(c, "report_sha256"));
	json_object_foreach(json_object_get(c, "diff"), f, v)
		printf(_(" %s %s in the registry, %s in the report;"), reg_word_identity_field(f), reg_js(v, "registry"),
		       reg_js(v, "report"));
	putchar('\n');
}

struct audit_opt { const char *checkpoint, *key, *out; };

static int audit_opt(int c, const char *a, void *x)
{
	struct audit_opt *o = x;
	switch (c) {
	case 'c': o->checkpoint = a; return 0;
	case 'k': o->key = a; return 0;
	case 'o': o->out = a; return 0;
	}
	return 1;
}

int cmd_audit(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "checkpoint", required_argument, NULL, 'c' }, { "key", required_argument, NULL, 'k' },);
	struct audit_opt o = { 0 };
	if (reg_parse(ctl, argc, argv, longopts, audit_opt, &o) != argc)
		cli_usage_error(_("audit takes no argument"));
	struct reco_err e = { 0 }, ce = { 0 };
	struct reg_checkpoint kept = { 0 };
	if (o.checkpoint) {
		int rc = reg_checkpoint_read_file(o.checkpoint, &kept, &e);
		if (rc)
			cli_die(rc == -EINVAL ? RECO_EXIT_FAIL : RECO_EXIT_ENV, "%s", e.msg);
	}
	struct reg_audit_result ar;
	int rc = reg_audit(&ctl->reg, o.checkpoint ? &kept : NULL, o.key, &ar, &e);
	json_t *conflicts = reg_conflicts_list(&ctl->reg, NULL, 1, &ce);
	if (!conflicts)
		reg_die_err(ce.code ? ce.code : -EIO, &ce);
	size_t nc = json_array_size(conflicts);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:b,s:I,s:I,s:I,s:O}", "schema", "reco-registry-audit/2",
				      "intact", rc == 0, "events_checked", (json_int_t)ar.events,
				      "checkpoints_checked", (json_int_t)ar.checkpoints, "events_signed",
				      (json_int_t)ar.covered, "identity_conflicts", conflicts);
		if (o.checkpoint)
			json_object_set_new(j, "kept_checkpoint",
					    json_pack("{s:s,s:I,s:s,s:b}", "file", o.checkpoint, "events",
						      (json_int_t)kept.events, "signed", kept.at, "holds",
						      rc == 0 && ar.kept_checked));
		if (rc)
			json_object_set_new(j, "error", json_string(e.msg));
		reg_print_json(j);
		json_decref(j);
	}
	if (rc && rc != -EBADMSG)
		reg_die_err(rc, &e);
	if (rc)
		cli_warn(_("event chain broken: %s"), e.msg);
	else if (!ctl->json) {
		char a[32], b[32], c3[32], when[48];
		reco_fmt_int(NULL, ar.events, a, sizeof(a));
		reco_fmt_int(NULL, ar.covered, b, sizeof(b));
		reco_fmt_int(NULL, ar.checkpoints, c3, sizeof(c3));
		printf(ngettext("event chain intact: %s event", "event chain intact: %s events",
				(unsigned long)ar.events), a);
		printf(ngettext(", %s under the latest signed checkpoint", ", %s under the latest signed checkpoint",
				(unsigned long)ar.covered), b);
		printf(ngettext(" (%s checkpoint in all)\n", " (%s checkpoints in all)\n",
				(unsigned long)ar.checkpoints), c3);
		if (o.checkpoint) {
			reco_fmt_rfc3339(NULL, kept.at, 1, when, sizeof(when));
			reco_fmt_int(NULL, kept.events, a, sizeof(a));
			printf(ngettext("%s: the checkpoint signed %s holds: the first event is unchanged\n",
					"%s: the checkpoint signed %s holds: the first %s events are unchanged\n",
					(unsigned long)kept.events), o.checkpoint, when, a);
		}
	}
	reg_checkpoint_release(&kept);
	size_t k;
	json_t *c;
	if (!ctl->json) {
		json_array_foreach(conflicts, k, c)
			print_conflict(c);
		if (nc)
			printf(ngettext("%zu identity conflict awaits a coordinator's decision\n",
					"%zu identity conflicts await a coordinator's decision\n", nc), nc);
	}
	json_decref(conflicts);
	return rc || nc ? RECO_EXIT_FAIL : RECO_EXIT_OK;
}

int cmd_checkpoint(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "output", required_argument, NULL, 'o' },);
	struct audit_opt o = { 0 };
	if (reg_parse(ctl, argc, argv, longopts, audit_opt, &o) != argc)
		cli_usage_error(_("checkpoint takes no argument (-o FILE to save it)"));
	struct reco_err e = { 0 };
	struct reg_checkpoint c = { 0 };
	int rc = reg_checkpoint_now(&ctl->reg, &c, &e);
	if (!rc && o.out)
		rc = reg_checkpoint_write(&c, o.out, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json) {
		json_t *j = reg_checkpoint_envelope(&c);
		json_object_set_new(j, "events", json_integer(c.events));
		if (o.out)
			json_object_set_new(j, "file", json_string(o.out));
		reg_print_json(j);
		json_decref(j);
	} else {
		char n[32], when[48];
		reco_fmt_int(NULL, c.events, n, sizeof(n));
		reco_fmt_rfc3339(NULL, c.at, 1, when, sizeof(when));
		printf(ngettext("checkpoint: %s event, head %s, signed %s\n", "checkpoint: %s events, head %s, signed %s\n",
				(unsigned long)c.events), n, c.head, when);
		if (o.out)
			printf(_("written to %s and %s.sig\n"), o.out, o.out);
	}
	reg_checkpoint_release(&c);
	return 0;
}

int cmd_backup(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "output", required_argument, NULL, 'o' },);
	struct audit_opt o = { 0 };
	if (reg_parse(ctl, argc, argv, longopts, audit_opt, &o) != argc || !o.out)
		cli_usage_error(_("backup -o FILE"));
	struct reco_err e = { 0 };
	struct reg_checkpoint c;
	int rc = reg_backup(&ctl->reg, o.out, &c, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json) {
		char *cp = reco_asprintf("%s.checkpoint.json", o.out);
		json_t *j = json_pack("{s:s,s:s,s:s,s:I,s:s}", "schema", "reco-registry-backup/1", "file", o.out,
				      "checkpoint_file", cp ? cp : "", "events", (json_int_t)c.events, "signed", c.at);
		free(cp);
		reg_print_json(j);
		json_decref(j);
	} else {
		char n[32];
		reco_fmt_int(NULL, c.events, n, sizeof(n));
		printf(ngettext("backup: %s, %s event, vouched for by the checkpoint in %s.checkpoint.json (+ .sig)\n",
				"backup: %s, %s events, vouched for by the checkpoint in %s.checkpoint.json (+ .sig)\n",
				(unsigned long)c.events), o.out, n, o.out);
	}
	reg_checkpoint_release(&c);
	return 0;
}

int cmd_conflict(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	const char *sub = reg_subcommand(argc, argv, _("conflict: list, accept or reject?"));
	int i = reg_parse(ctl, argc - 1, argv + 1, longopts, reg_no_opts, NULL) + 1;
	struct reco_err e = { 0 };
	if (!strcmp(sub, "list")) {
		if (i < argc)
			cli_usage_error(_("unexpected argument '%s'"), argv[i]);
		json_t *l = reg_conflicts_list(&ctl->reg, NULL, 1, &e);
		if (reg_list_json(ctl, l, &e, "reco-registry-conflicts/1", "conflicts"))
			return 0;
		size_t k;
		json_t *c;
		json_array_foreach(l, k, c)
			print_conflict(c);
		json_decref(l);
		return 0;
	}
	int accept = !strcmp(sub, "accept");
	if (!accept && strcmp(sub, "reject"))
		cli_usage_error(_("conflict: unknown command '%s'"), sub);
	if (argc - i != 1)
		cli_usage_error(_("conflict %s: which report (its SHA-256)?"), sub);
	char dev[256];
	int rc = reg_conflict_decide(&ctl->reg, argv[i], accept, dev, sizeof(dev), &e);
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(accept ? _("%s: report accepted as this machine's\n")
			      : _("%s: report rejected, excluded from its verdicts\n"), dev);
	return 0;
}
