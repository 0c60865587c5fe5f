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
#include "common/table.h"
#include "lib/json.h"
#include "lib/l10n.h"
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
	const char *sub = reg_subcommand(argc, argv, _("beneficiary: add, list or delete-contact?"));
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
		struct cli_table *t = cli_table_new(5);
		if (!t)
			cli_die(RECO_EXIT_ENV, _("out of memory"));
		cli_table_right(t, 1);
		cli_table_right(t, 2);
		cli_table_add(t, (const char *[]){ _("REFERENCE"), _("HOUSEHOLD"), _("MACHINES"), _("REFERRER"), "" });
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x) {
			char hs[24] = "?", mach[48];
			long long size = json_integer_value(json_object_get(x, "household_size"));
			if (size > 0)
				snprintf(hs, sizeof(hs), "%lld", size);
			/* TRANSLATORS: machines allocated / quota, e.g. "1 / 1" */
			snprintf(mach, sizeof(mach), _("%lld / %lld"),
				 (long long)json_integer_value(json_object_get(x, "allocations")),
				 (long long)json_integer_value(json_object_get(x, "quota")));
			cli_table_add(t, (const char *[]){ reg_js(x, "ref"), hs, mach, reg_js(x, "referrer"),
							   json_object_get(x, "purged") ? _("(purged)") : "" });
		}
		cli_table_print(t, stdout);
		cli_table_free(t);
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

static int allocations_opt(int c, const char *a, void *x)
{
	struct reg_allocation_filter *f = x;
	switch (c) {
	case 's':
		if (!reg_allocation_state_valid(a))
			cli_usage_error(_("--state %s: allocated, delivered, returned or cancelled"), a);
		f->state = a;
		return 0;
	case 'p': f->programme = a; return 0;
	case 'q': f->search = a; return 0;
	case 'f': f->from = reg_day_arg(a); return 0;
	case 't': f->to = reg_day_arg(a); return 0;
	}
	return 1;
}

int cmd_allocations(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "state", required_argument, NULL, 's' }, { "programme", required_argument, NULL, 'p' },
		 { "search", required_argument, NULL, 'q' }, { "from", required_argument, NULL, 'f' },
		 { "to", required_argument, NULL, 't' },);
	struct reg_allocation_filter f = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, allocations_opt, &f);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	struct reco_err e = { 0 };
	json_t *l = reg_allocations_list(&ctl->reg, &f, &e);
	if (reg_list_json(ctl, l, &e, "reco-registry-allocations/1", "allocations"))
		return 0;
	struct cli_table *t = cli_table_new(7);
	if (!t)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	cli_table_add(t, (const char *[]){ _("ALLOCATION"), pgettext("a machine", "DEVICE"), _("BENEFICIARY"), _("PROGRAMME"), _("STATE"),
					   _("MADE ON"), _("HANDED OVER ON") });
	size_t k;
	json_t *x;
	json_array_foreach(l, k, x) {
		char made[48], given[48];
		reco_fmt_rfc3339(NULL, json_string_value(json_object_get(x, "created")), 0, made, sizeof(made));
		reco_fmt_rfc3339(NULL, json_string_value(json_object_get(x, "delivered")), 0, given, sizeof(given));
		cli_table_add(t, (const char *[]){ reg_js(x, "id"), reg_js(x, "device_id"), reg_js(x, "beneficiary_ref"),
						   reg_programme_label(reg_js(x, "programme")),
						   reg_word_allocation_state(reg_js(x, "state")), made, *given ? given : "-" });
	}
	cli_table_print(t, stdout);
	cli_table_free(t);
	json_decref(l);
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

/* --lang fr|en of the commands that write an attestation */
struct deliver_opt { const char *out, *lang; };

static int deliver_opt(int c, const char *a, void *x)
{
	struct deliver_opt *o = x;
	if (c == 'o')
		o->out = a;
	else if (c == 'L' && (!strcmp(a, "fr") || !strcmp(a, "en")))
		o->lang = a;
	else if (c == 'L')
		cli_usage_error(_("--lang: '%s' is not fr or en"), a);
	else
		return 1;
	return 0;
}

/* Runs fn with $LANGUAGE cleared (it would override the document's
 * language for gettext), then puts it back for the command's own words. */
static int without_language(int (*fn)(void *), void *arg)
{
	const char *l = getenv("LANGUAGE");
	char *saved = l ? strdup(l) : NULL;
	unsetenv("LANGUAGE");
	int rc = fn(arg);
	if (saved)
		setenv("LANGUAGE", saved, 1);
	free(saved);
	return rc;
}

struct deliver_call {
	struct registry *reg;
	const char *ref, *dir, *path, *lang;
	struct reg_receipt_files f;
	struct reco_err e;
};

static int deliver_call(void *x)
{
	struct deliver_call *c = x;
	return reg_deliver(c->reg, c->ref, c->dir, c->lang, &c->f, &c->e);
}

static int attestation_call(void *x)
{
	struct deliver_call *c = x;
	return reg_attestation_pdf(c->reg, c->ref, c->path, c->lang, &c->e);
}

int cmd_deliver(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "out", required_argument, NULL, 'o' }, { "lang", required_argument, NULL, 'L' },);
	struct deliver_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, deliver_opt, &o);
	if (argc - i != 1)
		cli_usage_error(_("deliver: which allocation?"));
	struct deliver_call c = { .reg = &ctl->reg, .ref = argv[i], .dir = o.out ? o.out : ".", .lang = o.lang };
	int rc = without_language(deliver_call, &c);
	reg_pdf_cleanup();
	if (rc)
		reg_die_err(rc, &c.e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "schema", "reco-registry-delivery/1", "receipt",
				      c.f.json, "signature", c.f.sig, "attestation", c.f.pdf);
		reg_print_json(j);
		json_decref(j);
	} else {
		printf(_("receipt: %s\nsignature: %s\nattestation: %s\n"), c.f.json, c.f.sig, c.f.pdf);
	}
	return 0;
}

/* attestation ALLOCATION [-o FILE] [--lang fr|en]: the handover
 * attestation printed again (the signed receipt is written once, by
 * deliver). */
int cmd_attestation(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "output", required_argument, NULL, 'o' }, { "lang", required_argument, NULL, 'L' },);
	struct deliver_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, deliver_opt, &o);
	if (argc - i != 1)
		cli_usage_error(_("attestation: which allocation?"));
	char id[64];
	struct deliver_call c = { .reg = &ctl->reg, .lang = o.lang };
	/* an active allocation by any reference, an ended one by its id */
	int rc = reg_allocation_resolve(&ctl->reg, argv[i], id, sizeof(id), &c.e);
	if (rc == -ENOENT)
		snprintf(id, sizeof(id), "%s", argv[i]);
	else if (rc)
		reg_die_err(rc, &c.e);
	char def[128];
	snprintf(def, sizeof(def), "attestation-%s.pdf", id);
	c.ref = id;
	c.path = o.out ? o.out : def;
	rc = without_language(attestation_call, &c);
	reg_pdf_cleanup();
	if (rc)
		reg_die_err(rc, &c.e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "schema", "reco-registry-attestation/1", "allocation_id",
				      id, "attestation", c.path, "lang", o.lang ? o.lang : "fr");
		reg_print_json(j);
		json_decref(j);
	} else {
		printf(_("attestation: %s\n"), c.path);
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

struct stats_opt { const char *from, *to, *output, *by; int csv, dry; const char *older; };

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
	case 'b': o->by = a; return 0;
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

/* The month table of a stats document, for a person. */
static void print_stats_months(const json_t *s)
{
	struct cli_table *t = cli_table_new(8);
	if (!t)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	for (int c = 1; c < 8; c++)
		cli_table_right(t, c);
	cli_table_add(t, (const char *[]){ _("MONTH"), _("RECEIVED"), _("REFURBISHED"), _("ALLOCATED"),
					   _("HANDED OVER"), _("RETURNED"), _("RECYCLED"), _("HOUSEHOLDS") });
	static const char *const keys[] = { "received", "refurbished", "allocated", "delivered", "returned",
					    "recycled", "households" };
	size_t k;
	json_t *m;
	json_array_foreach(json_object_get(s, "months"), k, m) {
		char cell[8][48];
		const char *row[8];
		reco_fmt_month(NULL, reg_js(m, "month"), cell[0], sizeof(cell[0]));
		for (int c = 0; c < 7; c++)
			reco_fmt_int(NULL, (long long)json_integer_value(json_object_get(m, keys[c])), cell[c + 1],
				     sizeof(cell[c + 1]));
		for (int c = 0; c < 8; c++)
			row[c] = cell[c];
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	cli_table_free(t);
}

/* The programme or referrer table of a stats document. */
static void print_stats_by(const json_t *s, int prog)
{
	struct cli_table *t = cli_table_new(5);
	if (!t)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	for (int c = 1; c < 5; c++)
		cli_table_right(t, c);
	cli_table_add(t, (const char *[]){ prog ? _("PROGRAMME") : _("REFERRER"), _("ALLOCATED"), _("HANDED OVER"),
					   _("RETURNED"), _("HOUSEHOLDS") });
	static const char *const keys[] = { "allocated", "delivered", "returned", "households" };
	size_t k;
	json_t *m;
	json_array_foreach(json_object_get(s, prog ? "programmes" : "referrers"), k, m) {
		char cell[4][48];
		const char *name = json_string_value(json_object_get(m, prog ? "programme" : "referrer"));
		for (int c = 0; c < 4; c++)
			reco_fmt_int(NULL, (long long)json_integer_value(json_object_get(m, keys[c])), cell[c],
				     sizeof(cell[c]));
		cli_table_add(t, (const char *[]){ prog ? name : reg_referrer_label(name), cell[0], cell[1], cell[2],
						   cell[3] });
	}
	cli_table_print(t, stdout);
	cli_table_free(t);
}

static void print_households(const json_t *s)
{
	const json_t *hh = json_object_get(s, "households");
	long long n = json_integer_value(json_object_get(hh, "reached"));
	long long people = json_integer_value(json_object_get(hh, "people"));
	long long unknown = json_integer_value(json_object_get(hh, "size_unknown"));
	char a[32], b[32];
	reco_fmt_int(NULL, n, a, sizeof(a));
	reco_fmt_int(NULL, people, b, sizeof(b));
	printf(ngettext("%s household reached", "%s households reached", (unsigned long)n), a);
	printf(ngettext(" (%s person", " (%s people", (unsigned long)people), b);
	if (unknown)
		printf(ngettext(", and a household of unknown size", ", and %lld households of unknown size",
				(unsigned long)unknown), unknown);
	printf(")\n");
}

int cmd_stats(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		 { "csv", no_argument, NULL, 'c' }, { "output", required_argument, NULL, 'o' },
		 { "by", required_argument, NULL, 'b' },);
	struct stats_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (o.by && strcmp(o.by, "month") && strcmp(o.by, "programme") && strcmp(o.by, "referrer"))
		cli_usage_error(_("--by %s: month, programme or referrer"), o.by);
	if (o.from && !reg_month_valid(o.from))
		cli_usage_error(_("--from %s: a month is written YYYY-MM"), o.from);
	if (o.to && !reg_month_valid(o.to))
		cli_usage_error(_("--to %s: a month is written YYYY-MM"), o.to);
	struct reco_err e = { 0 };
	json_t *s = reg_stats(&ctl->reg, o.from, o.to, &e);
	if (!s)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (o.csv || (ctl->json && o.output)) {
		FILE *out = open_output(o.output);
		if (o.csv && o.by)
			reg_stats_csv_by(s, o.by, out);
		else if (o.csv)
			reg_stats_csv(s, out);
		else
			json_dumpf(s, out, JSON_SORT_KEYS | JSON_INDENT(2));
		close_output(out, o.output);
		if (o.output)
			checkpoint_beside(ctl, o.output);
	} else if (ctl->json) {
		reg_print_json(s);
	} else {
		if (!o.by || !strcmp(o.by, "month"))
			print_stats_months(s);
		else
			print_stats_by(s, !strcmp(o.by, "programme"));
		print_households(s);
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
		char since[48];
		reco_fmt_rfc3339(NULL, cutoff, 0, since, sizeof(since));
		size_t n = json_array_size(l);
		printf(ngettext("%zu beneficiary without activity since %s\n",
				"%zu beneficiaries without activity since %s\n", (unsigned long)n), n, since);
		if (o.dry)
			printf(ngettext("%d note older than that would be deleted\n",
					"%d notes older than that would be deleted\n", (unsigned long)pi.notes), pi.notes);
		else
			printf(ngettext("%d note older than that deleted\n", "%d notes older than that deleted\n",
					(unsigned long)pi.notes), pi.notes);
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
	if (!reg_role_valid(a))
		cli_usage_error(_("%s: unknown role (admin, coordinator, volunteer, viewer)"), a);
	*(const char **)x = a;
	return 0;
}

/* The password on standard input (one line), into pw; usage error when
 * there is none or it is not UTF-8. */
static void read_password(const char *name, char *pw, size_t size)
{
	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("Password for %s: "), name);
	if (!fgets(pw, (int)size, stdin))
		cli_die(RECO_EXIT_USAGE, _("no password given on standard input"));
	pw[strcspn(pw, "\r\n")] = '\0';
	if (!reco_utf8_valid(pw, strlen(pw))) {
		explicit_bzero(pw, size);
		cli_usage_error(_("the password is not valid UTF-8 text"));
	}
}

int cmd_user(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "role", required_argument, NULL, 'r' },);
	const char *role = NULL;
	const char *sub = reg_subcommand(argc, argv, _("user: add, list, passwd, disable, enable or remove?"));
	static const char *const subs[] = { "add", "list", "passwd", "disable", "enable", "remove", NULL };
	int known = 0;
	for (int k = 0; subs[k]; k++)
		known |= !strcmp(sub, subs[k]);
	if (!known)
		cli_usage_error(_("user: unknown command '%s'"), sub);
	int i = reg_parse(ctl, argc - 1, argv + 1, longopts, user_opt, &role) + 1;
	struct reco_err e = { 0 };
	if (!strcmp(sub, "list")) {
		if (i < argc)
			cli_usage_error(_("unexpected argument '%s'"), argv[i]);
		json_t *l = reg_users_list(&ctl->reg, &e);
		if (reg_list_json(ctl, l, &e, "reco-registry-users/1", "users"))
			return 0;
		struct cli_table *t = cli_table_new(3);
		if (!t)
			cli_die(RECO_EXIT_ENV, _("out of memory"));
		cli_table_add(t, (const char *[]){ _("ACCOUNT"), _("ROLE"), _("STATE") });
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			cli_table_add(t, (const char *[]){ reg_js(x, "name"), reg_word_role(reg_js(x, "role")),
							   json_object_get(x, "disabled") ? _("disabled") : _("active") });
		cli_table_print(t, stdout);
		cli_table_free(t);
		json_decref(l);
		return 0;
	}
	if (argc - i != 1)
		cli_usage_error(!strcmp(sub, "add") ? _("user add NAME --role ROLE") : _("user %s: which account?"), sub);
	const char *name = argv[i];
	char pw[256];
	int rc;
	if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		if (!strcmp(sub, "add") && !role)
			cli_usage_error(_("user add NAME --role ROLE"));
		read_password(name, pw, sizeof(pw));
		rc = !strcmp(sub, "add") ? reg_user_add(&ctl->reg, name, role, pw, &e)
					 : reg_user_passwd(&ctl->reg, name, pw, &e);
		explicit_bzero(pw, sizeof(pw));
	} else {
		rc = !strcmp(sub, "remove") ? reg_user_remove(&ctl->reg, name, &e)
					    : reg_user_disable(&ctl->reg, name, !strcmp(sub, "disable"), &e);
	}
	if (rc)
		reg_die_err(rc, &e);
	if (ctl->json)
		return 0;
	if (!strcmp(sub, "add"))
		printf(_("%s: account created (%s)\n"), name, reg_word_role(role));
	else if (!strcmp(sub, "passwd"))
		printf(_("%s: password changed, its sessions ended\n"), name);
	else
		printf(!strcmp(sub, "remove") ? _("%s: account removed, its sessions ended\n")
		       : !strcmp(sub, "disable") ? _("%s: account disabled, its sessions ended\n")
						 : _("%s: account enabled\n"), name);
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
