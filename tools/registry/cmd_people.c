/*
 * cmd_people.c — `reco registry` commands about people and figures:
 * beneficiaries, allocations and handovers, statistics, exports, purge,
 * web accounts, the registry's public key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/util.h"
#include "registry.h"
#include "registry_cli.h"

static int benef_opt(int c, const char *a, void *x)
{
	struct reg_beneficiary *b = x;
	switch (c) {
	case 'r': b->ref = a; return 0;
	case 'n': b->household_size = (int)cli_num_or_err(a, 1, 99, _("household size")); return 0;
	case 'o': b->referrer = a; return 0;
	case 'q': b->quota = (int)cli_num_or_err(a, 1, 10, _("quota")); return 0;
	case 'N': b->contact_name = a; return 0;
	case 'P': b->contact_phone = a; return 0;
	case 'E': b->contact_email = a; return 0;
	case 'A': b->contact_address = a; return 0;
	case 'c': b->quota = -1; return 0; /* --contacts for list */
	}
	return 1;
}

int cmd_beneficiary(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "ref", required_argument, NULL, 'r' }, { "household-size", required_argument, NULL, 'n' },
		 { "referrer", required_argument, NULL, 'o' }, { "quota", required_argument, NULL, 'q' },
		 { "name", required_argument, NULL, 'N' }, { "phone", required_argument, NULL, 'P' },
		 { "email", required_argument, NULL, 'E' }, { "address", required_argument, NULL, 'A' },
		 { "contacts", no_argument, NULL, 'c' },);
	if (argc < 2)
		cli_usage_error(_("beneficiary: add, list or delete-contact?"));
	const char *sub = argv[1];
	struct reg_beneficiary b = { 0 };
	int i = reg_parse(ctl, argc - 1, argv + 1, longopts, benef_opt, &b) + 1;
	struct reco_err e = { 0 };
	if (!strcmp(sub, "add")) {
		if (i < argc)
			cli_usage_error(_("unexpected argument '%s'"), argv[i]);
		char ref[128];
		int rc = reg_beneficiary_add(&ctl->reg, &b, ref, sizeof(ref), &e);
		if (rc)
			reg_die_err(rc, &e);
		if (ctl->json) {
			json_t *o = json_pack("{s:s,s:s}", "schema", "reco-registry-beneficiary/1", "ref", ref);
			reg_print_json(o);
			json_decref(o);
		} else {
			printf("%s\n", ref);
		}
		return 0;
	}
	if (!strcmp(sub, "list")) {
		json_t *l = reg_beneficiary_list(&ctl->reg, b.quota == -1, &e);
		if (reg_list_json(ctl, l, &e, "reco-registry-beneficiaries/1", "beneficiaries"))
			return 0;
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			printf("%-16s %s=%lld %s=%lld/%lld %s %s\n", reg_js(x, "ref"), _("household"),
			       (long long)json_integer_value(json_object_get(x, "household_size")),
			       _("machines"), (long long)json_integer_value(json_object_get(x, "allocations")),
			       (long long)json_integer_value(json_object_get(x, "quota")), reg_js(x, "referrer"),
			       json_object_get(x, "purged") ? _("(purged)") : "");
		json_decref(l);
		return 0;
	}
	if (!strcmp(sub, "delete-contact")) {
		if (argc - i != 1)
			cli_usage_error(_("delete-contact: which beneficiary?"));
		int rc = reg_beneficiary_delete_contact(&ctl->reg, argv[i], &e);
		if (rc < 0)
			reg_die_err(rc, &e);
		if (!ctl->json)
			printf(rc ? _("%s: contact details deleted\n") : _("%s: no contact details were kept\n"),
			       argv[i]);
		return 0;
	}
	cli_usage_error(_("beneficiary: unknown command '%s'"), sub);
}

/* ---- allocation ---- */

int cmd_allocate(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "programme", required_argument, NULL, 'p' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	if (argc - i != 2)
		cli_usage_error(_("allocate: DEVICE BENEFICIARY"));
	struct reco_err e = { 0 };
	char id[64];
	int rc = reg_allocate(&ctl->reg, argv[i], argv[i + 1], o.programme, id, sizeof(id), &e);
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s}", "schema", "reco-registry-allocation/1", "allocation_id", id);
		reg_print_json(j);
		json_decref(j);
	} else {
		printf("%s\n", id);
	}
	return 0;
}

/* diag-override DEVICE --reason CODE [--note TEXT]: allocation allowed
 * despite an incomplete diagnosis, recorded as an event. */
int cmd_diag_override(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' }, { "note", required_argument, NULL, 'n' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	if (argc - i != 1 || !o.reason || !*o.reason)
		cli_usage_error(_("diag-override: DEVICE --reason CODE [--note TEXT]"));
	struct reco_err e = { 0 };
	if (reg_note_check(o.reason, o.note, &e))
		cli_usage_error("%s", e.msg);
	int rc = reg_diag_override(&ctl->reg, argv[i], o.reason, o.note, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: override recorded; it covers the latest report only\n"), argv[i]);
	return 0;
}

int cmd_deliver(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "out", required_argument, NULL, 'o' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	if (argc - i != 1)
		cli_usage_error(_("deliver: which allocation?"));
	struct reco_err e = { 0 };
	struct reg_receipt_files f;
	int rc = reg_deliver(&ctl->reg, argv[i], o.out ? o.out : ".", &f, &e);
	reg_pdf_cleanup();
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "schema", "reco-registry-delivery/1", "receipt",
				      f.json, "signature", f.sig, "attestation", f.pdf);
		reg_print_json(j);
		json_decref(j);
	} else {
		printf(_("receipt: %s\nsignature: %s\nattestation: %s\n"), f.json, f.sig, f.pdf);
	}
	return 0;
}

int cmd_return(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' }, { "note", required_argument, NULL, 'n' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	int recycle = !strcmp(argv[0], "recycle");
	if (argc - i != 1)
		cli_usage_error(recycle ? _("recycle: which device?") : _("return: which allocation?"));
	if (recycle && !o.reason)
		cli_usage_error(_("recycle: --reason is required"));
	struct reco_err e = { 0 };
	if (reg_note_check(o.reason, o.note, &e))
		cli_usage_error("%s", e.msg);
	int rc = recycle ? reg_recycle(&ctl->reg, argv[i], o.reason, o.note, &e)
			 : reg_return(&ctl->reg, argv[i], o.reason, o.note, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(recycle ? _("%s: recycled\n") : _("%s: returned\n"), argv[i]);
	return 0;
}

/* ---- stats / export / purge ---- */

struct stats_opt { const char *from, *to, *output; int csv, dry; const char *older; };

static int stats_opt(int c, const char *a, void *x)
{
	struct stats_opt *o = x;
	switch (c) {
	case 'f': o->from = a; return 0;
	case 't': o->to = a; return 0;
	case 'c': o->csv = 1; return 0;
	case 'o': o->output = a; return 0;
	case 'n': o->dry = 1; return 0;
	case 'a': o->older = a; return 0;
	}
	return 1;
}

/* An export written to a file gets the latest signed checkpoint beside it
 * (FILE.checkpoint.json and its .sig), for the funder to keep. */
static void checkpoint_beside(struct registry_control *ctl, const char *path)
{
	struct reco_err e = { 0 };
	struct reg_checkpoint c;
	char *cp = reco_asprintf("%s.checkpoint.json", path);
	int rc = cp ? reg_checkpoint_get(&ctl->reg, 0, &c, &e) : -ENOMEM;
	if (!rc && c.body)
		rc = reg_checkpoint_write(&c, cp, &e);
	if (!rc)
		reg_checkpoint_release(&c);
	free(cp);
	if (rc)
		reg_die_err(rc, &e);
}

static FILE *open_output(const char *path)
{
	FILE *out = path ? fopen(path, "we") : stdout;
	if (!out)
		cli_die(RECO_EXIT_ENV, "%s: %s", path, strerror(errno));
	return out;
}

static void close_output(FILE *out, const char *path)
{
	if (out != stdout && fclose(out))
		cli_die(RECO_EXIT_ENV, "%s: %s", path, strerror(errno));
}

int cmd_stats(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		 { "csv", no_argument, NULL, 'c' }, { "output", required_argument, NULL, 'o' },);
	struct stats_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	struct reco_err e = { 0 };
	json_t *s = reg_stats(&ctl->reg, o.from, o.to, &e);
	if (!s)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (o.csv || (ctl->json && o.output)) {
		FILE *out = open_output(o.output);
		if (o.csv)
			reg_stats_csv(s, out);
		else
			json_dumpf(s, out, JSON_SORT_KEYS | JSON_INDENT(2));
		close_output(out, o.output);
		if (o.output)
			checkpoint_beside(ctl, o.output);
	} else if (ctl->json) {
		reg_print_json(s);
	} else {
		printf("%-8s %9s %11s %9s %9s %8s %8s\n", _("MONTH"), _("RECEIVED"), _("REFURBISHED"),
		       _("ALLOCATED"), _("DELIVERED"), _("RETURNED"), _("RECYCLED"));
		size_t k;
		json_t *m;
		json_array_foreach(json_object_get(s, "months"), k, m) {
#define N(x) (long long)json_integer_value(json_object_get(m, x))
			printf("%-8s %9lld %11lld %9lld %9lld %8lld %8lld\n", reg_js(m, "month"), N("received"),
			       N("refurbished"), N("allocated"), N("delivered"), N("returned"), N("recycled"));
#undef N
		}
	}
	json_decref(s);
	return 0;
}

int cmd_export(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "csv", no_argument, NULL, 'c' }, { "output", required_argument, NULL, 'o' },);
	struct stats_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	FILE *out = open_output(o.output);
	struct reco_err e = { 0 };
	int rc = reg_export_csv(&ctl->reg, out, &e);
	if (rc)
		reg_die_err(rc, &e);
	close_output(out, o.output);
	if (o.output)
		checkpoint_beside(ctl, o.output);
	return 0;
}

/* "2y", "18m", "30d" before now (or $RECO_REGISTRY_NOW) → RFC 3339 */
static void cutoff_from_age(const char *age, char out[32])
{
	char *end;
	long n = strtol(age, &end, 10);
	if (n <= 0 || n > 100000 || (strcmp(end, "y") && strcmp(end, "m") && strcmp(end, "d")))
		cli_usage_error(_("%s: an age is a number followed by y, m or d"), age);
	char now[32];
	reg_now(now);
	struct tm tm = { 0 };
	if (!strptime(now, "%Y-%m-%dT%H:%M:%SZ", &tm))
		cli_die(RECO_EXIT_ENV, _("%s: bad current time"), now);
	if (*end == 'y')
		tm.tm_year -= (int)n;
	else if (*end == 'm')
		tm.tm_mon -= (int)n;
	else
		tm.tm_mday -= (int)n;
	time_t t = timegm(&tm);
	reco_time_rfc3339(t, out, 32);
}

int cmd_purge(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "older-than", required_argument, NULL, 'a' }, { "dry-run", no_argument, NULL, 'n' },);
	struct stats_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (!o.older)
		cli_usage_error(_("purge: --older-than is required (e.g. 2y)"));
	char cutoff[32];
	cutoff_from_age(o.older, cutoff);
	struct reco_err e = { 0 };
	struct reg_purge_info pi;
	json_t *l = reg_purge(&ctl->reg, cutoff, o.dry, &pi, &e);
	if (!l)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:b,s:O,s:i}", "schema", "reco-registry-purge/1", "cutoff", cutoff,
				      "dry_run", o.dry, "purged", l, "notes", pi.notes);
		if (!o.dry)
			json_object_set_new(j, "scrubbed", json_boolean(pi.scrubbed));
		reg_print_json(j);
		json_decref(j);
	} else {
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			printf(o.dry ? _("would purge %s\n") : _("purged %s\n"), reg_js(x, "ref"));
		printf(_("%zu beneficiaries without activity since %s\n"), json_array_size(l), cutoff);
		printf(o.dry ? _("%d notes older than that would be deleted\n")
			     : _("%d notes older than that deleted\n"), pi.notes);
	}
	json_decref(l);
	if (!o.dry && !pi.scrubbed) {
		cli_warn(_("purged, but copies may remain in the database files: %s"), pi.scrub_error);
		return RECO_EXIT_FAIL;
	}
	return 0;
}

/* ---- users, key, serve ---- */

static int user_opt(int c, const char *a, void *x)
{
	if (c != 'r')
		return 1;
	*(const char **)x = a;
	return 0;
}

int cmd_user(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "role", required_argument, NULL, 'r' },);
	const char *role = NULL;
	if (argc < 2)
		cli_usage_error(_("user: add, list, disable, enable or remove?"));
	const char *sub = argv[1];
	int i = reg_parse(ctl, argc - 1, argv + 1, longopts, user_opt, &role) + 1;
	struct reco_err e = { 0 };
	if (!strcmp(sub, "list")) {
		json_t *l = reg_users_list(&ctl->reg, &e);
		if (reg_list_json(ctl, l, &e, "reco-registry-users/1", "users"))
			return 0;
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			printf("%-24s %-12s %s\n", reg_js(x, "name"), reg_js(x, "role"),
			       json_object_get(x, "disabled") ? _("disabled") : _("active"));
		json_decref(l);
		return 0;
	}
	if (!strcmp(sub, "disable") || !strcmp(sub, "enable") || !strcmp(sub, "remove")) {
		if (argc - i != 1)
			cli_usage_error(_("user %s: which account?"), sub);
		int rc = !strcmp(sub, "remove") ? reg_user_remove(&ctl->reg, argv[i], &e)
						: reg_user_disable(&ctl->reg, argv[i], !strcmp(sub, "disable"), &e);
		if (rc)
			reg_die_err(rc, &e);
		if (!ctl->json)
			printf(!strcmp(sub, "remove") ? _("%s: account removed, its sessions ended\n")
			       : !strcmp(sub, "disable") ? _("%s: account disabled, its sessions ended\n")
							 : _("%s: account enabled\n"), argv[i]);
		return 0;
	}
	if (strcmp(sub, "add"))
		cli_usage_error(_("user: unknown command '%s'"), sub);
	if (argc - i != 1 || !role)
		cli_usage_error(_("user add NAME --role ROLE"));
	char pw[256];
	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("Password for %s: "), argv[i]);
	if (!fgets(pw, sizeof(pw), stdin))
		cli_die(RECO_EXIT_USAGE, _("no password given on standard input"));
	pw[strcspn(pw, "\r\n")] = '\0';
	if (!reco_utf8_valid(pw, strlen(pw))) {
		explicit_bzero(pw, sizeof(pw));
		cli_usage_error(_("the password is not valid UTF-8 text"));
	}
	int rc = reg_user_add(&ctl->reg, argv[i], role, pw, &e);
	explicit_bzero(pw, sizeof(pw));
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: account saved (%s)\n"), argv[i], role);
	return 0;
}

int cmd_pubkey(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	if (reg_parse(ctl, argc, argv, longopts, reg_no_opts, NULL) != argc)
		cli_usage_error(_("pubkey takes no argument"));
	char *pem = NULL;
	struct reco_err e = { 0 };
	int rc = reg_key_public_pem(&ctl->reg, &pem, &e);
	if (rc)
		reg_die_err(rc, &e);
	fputs(pem, stdout);
	free(pem);
	return 0;
}
