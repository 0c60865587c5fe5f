/*
 * cmd_serve.c — `reco registry serve`: the web UI and API (web.c) until
 * SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "registry_cli.h"
#include "web.h"

static int serve_opt(int c, const char *a, void *x)
{
	struct web_config *o = x;
	unsigned char bin[16];
	char canon[64];
	if (c == 'l') {
		o->listen = a;
	} else if (c == 's') {
		o->secure_cookies = 1;
	} else if (c == 'u') {
		o->upload_timeout = (int)cli_num_or_err(a, 1, 3600, _("upload timeout"));
	} else if (c == 'L' && (!strcmp(a, "fr") || !strcmp(a, "en"))) {
		o->lang = a;
	} else if (c == 'L') {
		cli_usage_error(_("serve: --lang: expected fr or en, not '%s'"), a);
	} else if (c == 't') {
		int v6 = inet_pton(AF_INET6, a, bin) == 1;
		if (!v6 && inet_pton(AF_INET, a, bin) != 1)
			cli_usage_error(_("--trusted-proxy %s: an IP address is expected"), a);
		if (o->ntrusted == (int)(sizeof(o->trusted) / sizeof(o->trusted[0])))
			cli_usage_error(_("--trusted-proxy: at most 8"));
		inet_ntop(v6 ? AF_INET6 : AF_INET, bin, canon, sizeof(canon));
		o->trusted[o->ntrusted++] = strdup(canon);
	} else {
		return 1;
	}
	return 0;
}

static void on_ready(const char *listen)
{
	printf(_("listening on http://%s/ (Ctrl-C to stop)\n"), listen);
	fflush(stdout);
}

int cmd_serve(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "listen", required_argument, NULL, 'l' }, { "secure-cookies", no_argument, NULL, 's' },
		 { "trusted-proxy", required_argument, NULL, 't' }, { "upload-timeout", required_argument, NULL, 'u' },
		 { "lang", required_argument, NULL, 'L' },);
	struct web_config wc = { .listen = "127.0.0.1:8080", .on_ready = on_ready,
				 .upload_timeout = 60, .lang = "fr" };
	reg_conf_serve_args(ctl, &argc, &argv); /* the settings file first: the command line wins */
	int i = reg_parse(ctl, argc, argv, longopts, serve_opt, &wc);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	wc.db_spec = ctl->db; /* known once reg_parse opened the registry */
	struct reco_err e = { 0 };
	int rc = web_serve(&ctl->reg, &wc, &e);
	if (rc)
		reg_die_err(rc, &e);
	return 0;
}
