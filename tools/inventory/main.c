/*
 * reco inventory — what this machine is made of, as a volunteer-readable
 * summary or as a versioned JSON document (reco-inventory/1).
 */
#include <getopt.h>
#include <limits.h>
#include <stdnoreturn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/session.h"
#include "inventory.h"

struct inventory_control {
	struct inv_ctx ctx;
	int json;
	const char *output;
	const char *session;  /* --session DIR */
	int save;             /* --save: into $RECO_SESSION or a new session */
};

static noreturn void usage(void)
{
	printf(_("Usage: reco inventory [options]\n\n"
		 "List the hardware of this machine: identity (SMBIOS), CPU, memory,\n"
		 "disks with their health, PCI and USB devices, battery, screens, network.\n\n"
		 "Options:\n"
		 "  -j, --json           the full inventory as JSON (schema reco-inventory/1)\n"
		 "  -o, --output FILE    write the JSON document to FILE as well\n"
		 "  -s, --session DIR    write DIR/inventory.json (a session directory)\n"
		 "      --save           write inventory.json into $RECO_SESSION, or into a\n"
		 "                       new session under the data directory\n"
		 "      --data DIR       data directory (default $RECO_DATA, else\n"
		 "                       /var/lib/reco as root, ~/.local/share/reco)\n"
		 "  -r, --root DIR       read /sys, /proc and /dev under DIR (a captured machine)\n"
		 "      --dmi-dump FILE  read SMBIOS from a 'dmidecode --dump-bin' file\n"
		 "      --no-smart       do not run smartctl\n"
		 "      --all-disks      also list loop, ram and zram devices\n"
		 "  -h, --help           this help\n"
		 "  -V, --version        version\n\n"
		 "When $RECO_SESSION is set, inventory.json is written there too.\n\n"));
	fputs(cli_exit_status_help(NULL), stdout);
	exit(RECO_EXIT_OK);
}

int main(int argc, char **argv)
{
	enum { OPT_DMI = 256, OPT_NO_SMART, OPT_ALL_DISKS, OPT_SAVE, OPT_DATA };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'r' },
		{ "dmi-dump", required_argument, NULL, OPT_DMI },
		{ "no-smart", no_argument, NULL, OPT_NO_SMART },
		{ "all-disks", no_argument, NULL, OPT_ALL_DISKS },
		{ "session", required_argument, NULL, 's' },
		{ "save", no_argument, NULL, OPT_SAVE },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct inventory_control ctl = { .ctx = { .root = "" } };
	int c;

	cli_init("inventory");
	while ((c = cli_getopt(argc, argv, "jo:r:s:hV", longopts)) != -1) {
		switch (c) {
		case 'j': ctl.json = 1; break;
		case 'o': ctl.output = optarg; break;
		case 'r': ctl.ctx.root = optarg; break;
		case OPT_DMI: ctl.ctx.dmi_dump = optarg; break;
		case OPT_NO_SMART: ctl.ctx.no_smart = 1; break;
		case OPT_ALL_DISKS: ctl.ctx.all_disks = 1; break;
		case 's': ctl.session = optarg; break;
		case OPT_SAVE: ctl.save = 1; break;
		case OPT_DATA: cli_set_data_dir(optarg); break;
		case 'h': usage();
		case 'V': cli_version();
		}
	}
	if (optind < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[optind]);

	/* The notes in the person's language, for the screen (even under
	 * --json: the warnings on stderr are read by a person). */
	ctl.ctx.local_notes = json_array();
	json_t *doc = inv_collect(&ctl.ctx);
	if (!doc)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	if (ctl.ctx.readable == 0) {
		/* Say why each section came back empty before giving up, in the
		 * person's language (the document's notes are in English). */
		json_t *notes = json_object_get(doc, "notes"), *note;
		int local = json_array_size(ctl.ctx.local_notes) == json_array_size(notes);
		size_t i;
		json_array_foreach(notes, i, note)
			cli_warn("%s", json_string_value(local ? json_array_get(ctl.ctx.local_notes, i)
							       : json_object_get(note, "message")));
		json_decref(doc);
		cli_die(RECO_EXIT_ENV, _("%s: nothing could be read (wrong --root, or not allowed?)"),
			*ctl.ctx.root ? ctl.ctx.root : "/");
	}
	if (ctl.output) {
		int rc = reco_json_write(ctl.output, doc, 0);
		if (rc)
			cli_die(RECO_EXIT_ENV, "%s: %s", ctl.output, strerror(-rc));
	}
	const char *env_session = getenv("RECO_SESSION");
	if (ctl.session || ctl.save || (env_session && *env_session)) {
		char dir[PATH_MAX], file[PATH_MAX + 32];
		const char *id = json_string_value(json_object_get(doc, "id"));
		int rc = reco_session_resolve(ctl.session, id, dir, sizeof(dir));
		if (rc)
			cli_die(RECO_EXIT_ENV, _("%s: cannot create the session directory: %s"),
				ctl.session ? ctl.session : (env_session && *env_session ? env_session : _("data directory")),
				strerror(-rc));
		snprintf(file, sizeof(file), "%s/inventory.json", dir);
		rc = reco_json_write(file, doc, 0);
		if (rc)
			cli_die(RECO_EXIT_ENV, "%s: %s", file, strerror(-rc));
		if (!ctl.json)
			fprintf(stderr, _("reco inventory: saved %s\n"), file);
	}
	if (ctl.json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else {
		inv_print_human(doc, ctl.ctx.local_notes);
	}
	json_decref(doc);
	json_decref(ctl.ctx.local_notes);
	return RECO_EXIT_OK;
}
