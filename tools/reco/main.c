/*
 * reco — the dispatcher.  `reco <tool> [args]` runs `reco-<tool> [args]`
 * from the directory this executable lives in (or $RECO_EXEC_PATH), as git
 * does with its exec-path.  The list of commands is the table below.
 */
#include <errno.h>
#include <getopt.h>
#include <stdnoreturn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/cli.h"

static const struct command {
	const char *name;
	const char *summary; /* N_() marked, translated at use */
} commands[] = {
	{ "inventory", N_("list the hardware of this machine (SMBIOS, CPU, RAM, disks, PCI, battery, screens, network)") },
	{ "diag", N_("stress diagnostics: CPU, RAM, disks, battery, heat; grade the machine") },
	{ "wipe", N_("erase disks, verify the erasure, record the result") },
	{ "report", N_("seal a session into a signed report, verify it, print the certificate") },
	{ "keys", N_("station keys and the association's certificate authority") },
	{ "registry", N_("coordinators' registry: import reports, allocate machines, hand them over") },
	{ "menu", N_("the volunteers' text menu") },
	{ "sync", N_("upload queued reports to the registry") },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Directory holding the reco-<tool> executables. */
static int exec_dir(char *buf, size_t size)
{
	const char *env = getenv("RECO_EXEC_PATH");
	if (env && *env) {
		if (strlen(env) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, env);
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	return 0;
}

static int tool_path(const char *name, char *buf, size_t size)
{
	char dir[PATH_MAX];
	if (exec_dir(dir, sizeof(dir)) != 0)
		return -1;
	int n = snprintf(buf, size, "%s/reco-%s", dir, name);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return access(buf, X_OK) == 0 ? 0 : -1;
}

static noreturn void usage(void)
{
	char path[PATH_MAX];
	printf(_("Usage: reco <command> [options]\n"
		 "       reco help <command>\n"
		 "       reco --version\n\n"
		 "Refurbish donated computers: inventory, diagnose, erase disks with\n"
		 "verification, and issue signed reports.\n\n"
		 "Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		int present = tool_path(commands[i].name, path, sizeof(path)) == 0;
		printf("  %-10s %s%s\n", commands[i].name, _(commands[i].summary),
		       present ? "" : _(" (not installed)"));
	}
	printf(_("\n'reco <command> --help' describes a command.\n\n"));
	fputs(_("Exit status: that of the command run (see its --help); else\n"
		"  0  success (this help, the version)\n"
		"  2  usage error (no command, or not a reco command)\n"
		"  3  the command is not installed or cannot run\n"), stdout);
	exit(RECO_EXIT_OK);
}

static noreturn void run(const char *name, int argc, char **argv)
{
	char path[PATH_MAX];
	if (!find_command(name))
		cli_usage_error(_("'%s' is not a reco command. See 'reco help'."), name);
	if (tool_path(name, path, sizeof(path)) != 0)
		cli_die(RECO_EXIT_ENV, _("%s: command not installed (reco-%s not found)"), name, name);

	char **args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		cli_die(RECO_EXIT_ENV, "%s", strerror(ENOMEM));
	char prog[PATH_MAX];
	snprintf(prog, sizeof(prog), "reco-%s", name);
	args[0] = prog;
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	fflush(stdout);
	execv(path, args);
	cli_die(RECO_EXIT_ENV, _("%s: cannot run %s: %s"), name, path, strerror(errno));
}

int main(int argc, char **argv)
{
	cli_init(NULL);

	/* Options before the command only: stop at the first non-option so
	 * that `reco wipe --help` reaches reco-wipe. */
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = cli_getopt(argc, argv, "+hV", longopts)) != -1) {
		switch (c) {
		case 'h':
			usage();
		case 'V':
			cli_version();
		}
	}
	if (optind >= argc)
		cli_usage_error(_("no command given"));

	const char *cmd = argv[optind];
	if (strcmp(cmd, "help") == 0) {
		if (optind + 1 >= argc)
			usage();
		char *help_argv[] = { NULL, "--help", NULL };
		run(argv[optind + 1], 2, help_argv);
	}
	run(cmd, argc - optind, argv + optind);
}
