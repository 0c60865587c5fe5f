/*
 * cmd_devices.c — `reco registry` commands about machines: import signed
 * reports (files or directories, verified in parallel; or ZIP/tar archives
 * of a RECO-DATA folder, bundle.c, as the web upload does), list devices,
 * change one's state by hand (`show` is cmd_show.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/table.h"
#include "lib/json.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "lib/words.h"
#include "registry.h"
#include "registry_cli.h"

/* ---- import ---- */

struct import_ctx {
	struct registry_control *ctl;
	int stored, dup, refused;
	json_t *results;
	char **paths;
	size_t npaths, cap;
};

static void import_result(const char *path, int rc, const struct reg_import_info *info,
			  const struct reco_err *e, void *arg)
{
	struct import_ctx *ic = arg;
	json_t *r = json_pack("{s:s}", "path", path);
	if (rc) {
		ic->refused++;
		json_object_set_new(r, "result", json_string("refused"));
		json_object_set_new(r, "reason", json_string(e->msg));
		if (!ic->ctl->json)
			cli_warn("%s: %s", path, e->msg);
	} else {
		int dup = info->result == REG_IMPORT_DUPLICATE;
		dup ? ic->dup++ : ic->stored++;
		json_object_set_new(r, "result", json_string(dup ? "duplicate" : "stored"));
		json_object_set_new(r, "device_id", json_string(info->device_id));
		json_object_set_new(r, "report_sha256", json_string(info->report_sha256));
		if (!dup && info->held)
			json_object_set_new(r, "held", json_true());
		if (ic->ctl->json)
			;
		else if (dup)
			printf(_("%s: already imported (device %s)\n"), path, info->device_id);
		else if (info->held)
			printf(_("%s: stored (device %s), but held: an identity conflict awaits a coordinator's decision\n"),
			       path, info->device_id);
		else
			printf(_("%s: stored (device %s)\n"), path, info->device_id);
	}
	json_array_append_new(ic->results, r);
}

static void import_add(struct import_ctx *ic, const char *path)
{
	if (ic->npaths == ic->cap) {
		ic->cap = ic->cap ? ic->cap * 2 : 64;
		char **np = realloc(ic->paths, ic->cap * sizeof(char *));
		if (!np)
			cli_die(RECO_EXIT_ENV, _("out of memory"));
		ic->paths = np;
	}
	ic->paths[ic->npaths] = strdup(path);
	if (!ic->paths[ic->npaths])
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	ic->npaths++;
}

static void import_dir(struct import_ctx *ic, const char *dir, int depth)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		cli_warn("%s: %s", dir, strerror(errno));
		ic->refused++;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (name[0] != '.') {
			char *p = reco_asprintf("%s/%s", dir, name);
			struct stat st;
			if (p && lstat(p, &st) == 0) {
				if (S_ISDIR(st.st_mode) && depth < 8)
					import_dir(ic, p, depth + 1);
				else if (S_ISREG(st.st_mode) && !strcmp(name, "report.json"))
					import_add(ic, p);
			}
			free(p);
		}
		free(list[i]);
	}
	free(list);
}

/* An archive of a RECO-DATA folder: its reports, as a web upload's. */
static void import_archive(struct import_ctx *ic, const char *path)
{
	struct reg_files fs = { 0 };
	struct reco_err e = { 0 };
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *map = MAP_FAILED;
	int rc = fd < 0 || fstat(fd, &st) ? -errno : 0;
	if (!rc && st.st_size > 0)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (!rc && map == MAP_FAILED)
		rc = st.st_size > 0 ? -errno : -EINVAL;
	if (fd >= 0)
		close(fd);
	if (rc)
		reco_err_set(&e, rc, "%s", rc == -EINVAL ? _("empty file") : strerror(-rc));
	else
		rc = reg_files_from_archive(&fs, map, (size_t)st.st_size, path, &e);
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	if (!rc && reg_import_bundles(&ic->ctl->reg, &fs, import_result, ic, &e) == 0)
		rc = reco_err_set(&e, -ENOENT, "%s", _("no report.json in it"));
	if (rc)
		import_result(path, rc, NULL, &e, ic);
	reg_files_release(&fs);
}

static int import_opt(int c, const char *a, void *x)
{
	struct registry_control *ctl = x; /* the registry opens with them */
	if (c == 'c')
		ctl->ca = a;
	else if (c == 'r')
		ctl->crl = a;
	else
		return 1;
	return 0;
}

int cmd_import(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "ca", required_argument, NULL, 'c' }, { "crl", required_argument, NULL, 'r' },);
	int i = reg_parse(ctl, argc, argv, longopts, import_opt, ctl);
	if (i >= argc)
		cli_usage_error(_("import: which report or directory?"));
	struct import_ctx ic = { .ctl = ctl, .results = json_array() };
	int first = i;
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			import_dir(&ic, argv[i], 0);
		else if (!reg_is_archive_name(argv[i]))
			import_add(&ic, argv[i]);
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct reco_err e = { 0 };
	int rc = reg_import_files(&ctl->reg, (const char *const *)ic.paths, ic.npaths,
				  cpus > 1 ? (int)cpus : 1, 200, import_result, &ic, &e);
	for (size_t k = 0; k < ic.npaths; k++)
		free(ic.paths[k]);
	free(ic.paths);
	if (rc)
		cli_die(RECO_EXIT_ENV, _("cannot commit the import: %s"), e.msg);
	for (i = first; i < argc; i++)
		if (reg_is_archive_name(argv[i]))
			import_archive(&ic, argv[i]);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:i,s:i,s:i,s:o}", "schema", "reco-registry-import/1",
				      "stored", ic.stored, "duplicates", ic.dup, "refused", ic.refused,
				      "results", ic.results);
		reg_print_json(o);
		json_decref(o);
	} else {
		/* TRANSLATORS: the three parts of an import's summary, joined by ", " */
		printf(ngettext("%d report stored", "%d reports stored", (unsigned long)ic.stored), ic.stored);
		printf(", ");
		printf(ngettext("%d already imported", "%d already imported", (unsigned long)ic.dup), ic.dup);
		printf(", ");
		printf(ngettext("%d refused", "%d refused", (unsigned long)ic.refused), ic.refused);
		putchar('\n');
		json_decref(ic.results);
	}
	return ic.refused ? RECO_EXIT_FAIL : RECO_EXIT_OK;
}

/* ---- devices / show ---- */

static int devices_opt(int c, const char *a, void *x)
{
	struct reg_device_filter *f = x;
	switch (c) {
	case 's': f->state = a; return 0;
	case 'g': f->grade = a; return 0;
	case 'q': f->search = a; return 0;
	case 'f': f->from = reg_day_arg(a); return 0;
	case 't': f->to = reg_day_arg(a); return 0;
	}
	return 1;
}

static void print_devices(json_t *list)
{
	struct cli_table *t = cli_table_new(6);
	if (!t)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	cli_table_add(t, (const char *[]){ pgettext("a machine", "DEVICE"), _("STATE"), _("GRADE"), _("MODEL"), _("SERIAL"), _("UPDATED") });
	size_t k;
	json_t *d;
	json_array_foreach(list, k, d) {
		char model[300], when[48];
		snprintf(model, sizeof(model), "%s %s", json_string_value(json_object_get(d, "vendor")) ?: "",
			 json_string_value(json_object_get(d, "product")) ?: "");
		reco_fmt_rfc3339(NULL, json_string_value(json_object_get(d, "updated")), 1, when, sizeof(when));
		if (cli_table_add(t, (const char *[]){ json_string_value(json_object_get(d, "id")),
						       reg_word_state(json_string_value(json_object_get(d, "state"))),
						       json_string_value(json_object_get(d, "grade")), reco_strtrim(model),
						       json_string_value(json_object_get(d, "serial")), when }))
			cli_die(RECO_EXIT_ENV, _("out of memory"));
	}
	cli_table_print(t, stdout);
	cli_table_free(t);
}

int cmd_devices(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "state", required_argument, NULL, 's' }, { "grade", required_argument, NULL, 'g' },
		 { "search", required_argument, NULL, 'q' }, { "from", required_argument, NULL, 'f' },
		 { "to", required_argument, NULL, 't' },);
	struct reg_device_filter f = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, devices_opt, &f);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (f.state && !reg_state_valid(f.state))
		cli_usage_error(_("%s: unknown state"), f.state);
	struct reco_err e = { 0 };
	json_t *list = reg_devices_list(&ctl->reg, &f, &e);
	if (reg_list_json(ctl, list, &e, "reco-registry-devices/1", "devices"))
		return 0;
	print_devices(list);
	json_decref(list);
	return 0;
}

int cmd_set_state(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' }, { "note", required_argument, NULL, 'n' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(ctl, argc, argv, longopts, reason_opt, &o);
	int ready = !strcmp(argv[0], "ready");
	if (argc - i != (ready ? 1 : 2))
		cli_usage_error(ready ? _("ready: which device?") : _("set-state: DEVICE STATE"));
	const char *to = ready ? "ready" : argv[i + 1];
	if (!reg_state_valid(to))
		cli_usage_error(_("%s: unknown state"), to);
	if (!strcmp(to, "allocated") || !strcmp(to, "delivered"))
		cli_usage_error(_("use 'allocate' and 'deliver' for these states"));
	struct reco_err e = { 0 };
	char id[256];
	if (reg_note_check(o.reason, o.note, &e))
		cli_usage_error("%s", e.msg);
	int rc = reg_device_resolve(&ctl->reg, argv[i], id, sizeof(id), &e);
	if (!rc)
		rc = reg_set_state(&ctl->reg, id, to, o.reason, o.note, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: now %s\n"), id, reg_word_state(to));
	return 0;
}
