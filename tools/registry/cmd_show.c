/*
 * cmd_show.c — `reco registry show DEVICE`: one machine for a person, in
 * the language of the messages: identity, state and grade in words, the
 * hardware its latest report describes, each report with its
 * verification, disks and verdicts, identity conflicts, notes, and the
 * history as sentences ("tested → wiped (signed report imported)").  Dates
 * in local time and the language's format; --json keeps codes and RFC 3339.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "common/table.h"
#include "lib/l10n.h"
#include "lib/words.h"
#include "registry.h"
#include "registry_cli.h"

/* "  Label:       value", labels padded to one width by display columns. */
static void kv(const char *label, const char *value)
{
	char pad[128];
	printf("  %s %s\n", reco_str_pad(label, 14, 0, pad, sizeof(pad)), value);
}

static void print_hardware(const json_t *hw)
{
	char buf[600];
	size_t i;
	const json_t *x;
	printf("%s\n", _("Hardware (latest report):"));
	if (*reg_hw_cpu_text(hw, buf, sizeof(buf)))
		kv(_("Processor:"), buf);
	const json_t *mem = json_object_get(hw, "memory_bytes");
	if (json_is_integer(mem))
		kv(_("Memory:"), reco_fmt_size(NULL, (uint64_t)json_integer_value(mem), buf, sizeof(buf)));
	json_array_foreach(json_object_get(hw, "disks"), i, x)
		kv(i ? "" : _("Disks:"), reg_hw_disk_text(x, buf, sizeof(buf)));
	json_array_foreach(json_object_get(hw, "screens"), i, x)
		kv(i ? "" : _("Screen:"), reg_hw_screen_text(x, buf, sizeof(buf)));
	json_array_foreach(json_object_get(hw, "batteries"), i, x)
		kv(i ? "" : _("Battery:"), reg_hw_battery_text(x, buf, sizeof(buf)));
	kv(_("Diagnosis:"), reg_hw_diag_text(hw, buf, sizeof(buf)));
}

static void print_report(json_t *rep)
{
	char when[48], line[900];
	size_t m;
	json_t *x;
	int ok = json_is_true(json_object_get(rep, "verified"));
	reco_fmt_rfc3339(NULL, reg_js(rep, "created"), 1, when, sizeof(when));
	if (ok)
		printf(_("Report of %s from station %s: signature verified (SHA-256 %.16s…)\n"), when,
		       reg_js(rep, "station"), reg_js(rep, "sha256"));
	else
		printf(_("Report of %s from station %s: NOT VERIFIED: %s\n"), when, reg_js(rep, "station"),
		       reg_js(rep, "verification"));
	if (json_integer_value(json_object_get(rep, "excluded")))
		printf("  %s\n", _("rejected by a coordinator: it counts for nothing"));
	json_array_foreach(json_object_get(rep, "disks_detail"), m, x) {
		const char *res = json_string_value(json_object_get(x, "result"));
		const char *why = json_string_value(json_object_get(x, "reason"));
		snprintf(line, sizeof(line), _("disk %s %s (serial %s): %s — %s"), reg_js(x, "path"),
			 reg_js(x, "model"), reg_js(x, "serial"), reco_word_wipe_result(res),
			 reco_word_wipe_method(json_string_value(json_object_get(x, "method"))));
		if (res && strcmp(res, "erased") && why && *why)
			/* TRANSLATORS: a subject and what is said of it */
			printf(_("  %s: %s\n"), line, why);
		else
			printf("  %s\n", line);
	}
	json_array_foreach(json_object_get(rep, "diag_parts"), m, x) {
		const char *id = json_string_value(json_object_get(x, "part_id"));
		const char *why = json_string_value(json_object_get(x, "reason"));
		char part[300], verdict[600];
		snprintf(part, sizeof(part), "%s%s%s%s", reco_word_part(json_string_value(json_object_get(x, "part"))),
			 id ? " (" : "", id ? id : "", id ? ")" : "");
		snprintf(verdict, sizeof(verdict), "%s%s%s",
			 reco_word_verdict(json_string_value(json_object_get(x, "verdict"))), why && *why ? " — " : "",
			 why ? why : "");
		printf(_("  %s: %s\n"), part, verdict);
	}
}

static void print_history(json_t *hist)
{
	struct cli_table *t = cli_table_new(3);
	if (!t)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	size_t k;
	json_t *x;
	json_array_foreach(hist, k, x) {
		char when[48], what[600];
		reco_fmt_rfc3339(NULL, reg_js(x, "at"), 1, when, sizeof(when));
		reg_event_text(json_string_value(json_object_get(x, "kind")),
			       json_string_value(json_object_get(x, "from_state")),
			       json_string_value(json_object_get(x, "to_state")),
			       json_string_value(json_object_get(x, "detail")), what, sizeof(what));
		if (cli_table_add(t, (const char *[]){ when, reg_js(x, "actor"), what }))
			cli_die(RECO_EXIT_ENV, _("out of memory"));
	}
	printf("%s\n", _("History:"));
	cli_table_indent(t, 2);
	cli_table_print(t, stdout);
	cli_table_free(t);
}

int cmd_show(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	int i = reg_parse(ctl, argc, argv, longopts, reg_no_opts, NULL);
	if (argc - i != 1)
		cli_usage_error(_("show: which device?"));
	struct reco_err e = { 0 };
	char id[256];
	int rc = reg_device_resolve(&ctl->reg, argv[i], id, sizeof(id), &e);
	if (rc)
		reg_die_err(rc, &e);
	json_t *d = reg_device_show(&ctl->reg, id, &e);
	if (!d)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		reg_print_json(d);
		json_decref(d);
		return 0;
	}
	printf(_("Device %s\n"), reg_js(d, "id"));
	printf(_("  %s %s, serial %s\n"), reg_js(d, "vendor"), reg_js(d, "product"), reg_js(d, "serial"));
	printf(_("  state: %s, grade: %s\n"), reg_word_state(json_string_value(json_object_get(d, "state"))),
	       reg_js(d, "grade"));
	json_t *hw = json_object_get(d, "hardware");
	if (hw)
		print_hardware(hw);
	size_t k;
	json_t *rep, *x;
	json_array_foreach(json_object_get(d, "reports"), k, rep)
		print_report(rep);
	json_array_foreach(json_object_get(d, "identity_conflicts"), k, x) {
		const char *f;
		json_t *v;
		const char *dec = json_string_value(json_object_get(x, "decision"));
		printf(_("Identity conflict, report %.16s (%s): "), reg_js(x, "report_sha256"),
		       !dec ? _("awaiting a decision") : !strcmp(dec, "accepted") ? _("report accepted")
									    : _("report rejected"));
		json_object_foreach(json_object_get(x, "diff"), f, v)
			printf(_("%s %s in the registry, %s in the report; "), reg_word_identity_field(f), reg_js(v, "registry"),
			       reg_js(v, "report"));
		putchar('\n');
	}
	json_array_foreach(json_object_get(d, "notes"), k, x) {
		char when[48];
		reco_fmt_rfc3339(NULL, reg_js(x, "at"), 1, when, sizeof(when));
		printf(_("Note (event %lld, %s, %s): %s\n"),
		       (long long)json_integer_value(json_object_get(x, "event_seq")), when, reg_js(x, "author"),
		       reg_js(x, "text"));
	}
	print_history(json_object_get(d, "history"));
	json_decref(d);
	return 0;
}
