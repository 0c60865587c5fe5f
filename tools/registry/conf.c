/*
 * conf.c — reading /etc/reco/registry.conf, the registry's settings file
 * (format and precedence in conf.h; every key documented with its default
 * in contrib/registry.conf and reco-registry.conf(5)).  The file is what
 * the packaged service (reco-registry.service) is configured with; the
 * same file serves the coordinator's commands on the server, so that
 * `reco registry user add` reaches the database the service uses.
 */
#include "conf.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "registry_cli.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

/* Every key the file accepts: the long option it stands for.  Global keys
 * fill the registry_control; serve keys become serve's option words. */
enum conf_scope { CONF_GLOBAL, CONF_SERVE };
enum conf_kind { CONF_VALUE, CONF_FLAG, CONF_LIST }; /* LIST: words, one option each */
static const struct conf_key {
	const char *key;
	enum conf_scope scope;
	enum conf_kind kind;
	size_t field; /* CONF_GLOBAL: offset of the char * in struct reg_conf */
} conf_keys[] = {
	{ "db", CONF_GLOBAL, CONF_VALUE, offsetof(struct reg_conf, db) },
	{ "data-dir", CONF_GLOBAL, CONF_VALUE, offsetof(struct reg_conf, data_dir) },
	{ "ca", CONF_GLOBAL, CONF_VALUE, offsetof(struct reg_conf, ca) },
	{ "crl", CONF_GLOBAL, CONF_VALUE, offsetof(struct reg_conf, crl) },
	{ "listen", CONF_SERVE, CONF_VALUE, 0 },
	{ "secure-cookies", CONF_SERVE, CONF_FLAG, 0 },
	{ "trusted-proxy", CONF_SERVE, CONF_LIST, 0 },
	{ "upload-timeout", CONF_SERVE, CONF_VALUE, 0 },
	{ "lang", CONF_SERVE, CONF_VALUE, 0 },
};

static const struct conf_key *find_key(const char *k)
{
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++)
		if (!strcmp(conf_keys[i].key, k))
			return &conf_keys[i];
	return NULL;
}

/* yes/no words of a flag: 1, 0, or -1 when it is neither. */
static int flag_value(const char *v)
{
	static const char *yes[] = { "yes", "true", "on", "1" }, *no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]))
			return 1;
		if (!strcasecmp(v, no[i]))
			return 0;
	}
	return -1;
}

int reg_conf_path(char *buf, size_t size)
{
	const char *env = getenv("RECO_REGISTRY_CONF");
	int n;
	if (env) {
		if (!*env)
			return 0;
		n = snprintf(buf, size, "%s", env);
	} else {
		n = snprintf(buf, size, "%s/reco/registry.conf", SYSCONFDIR);
		if (n >= 0 && (size_t)n < size && access(buf, F_OK) != 0)
			return 0;
	}
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 1;
}

/* One `key = value` line (already trimmed, not a comment). */
static int parse_line(struct reg_conf *c, const char *name, int lineno, char *s, unsigned *seen,
		      struct reco_err *e)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return reco_err_set(e, -EINVAL, _("%s: line %d: expected key = value"), name, lineno);
	*eq = '\0';
	char *k = reco_strtrim(s), *v = reco_strtrim(eq + 1);
	size_t vl = strlen(v);
	if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
		v[vl - 1] = '\0';
		v++;
	}
	const struct conf_key *ck = find_key(k);
	if (!ck)
		return reco_err_set(e, -EINVAL, _("%s: line %d: unknown key '%s' (see reco-registry.conf(5))"),
				    name, lineno, k);
	unsigned bit = 1u << (ck - conf_keys);
	if (*seen & bit)
		return reco_err_set(e, -EINVAL, _("%s: line %d: '%s' is set twice"), name, lineno, k);
	*seen |= bit;
	if (!*v) /* `key =`: the default */
		return 0;
	if (ck->scope == CONF_GLOBAL) {
		char **field = (char **)((char *)c + ck->field);
		*field = strdup(v);
		return *field ? 0 : reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	if (ck->kind == CONF_LIST) { /* "127.0.0.1 ::1": --trusted-proxy=127.0.0.1 --trusted-proxy=::1 */
		for (char *save = NULL, *w = strtok_r(v, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
			if (c->serve_argc >= REG_CONF_MAX_SERVE)
				return reco_err_set(e, -EINVAL, _("%s: line %d: too many settings"), name, lineno);
			if (!(c->serve_argv[c->serve_argc] = reco_asprintf("--%s=%s", k, w)))
				return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
			c->serve_argc++;
		}
		return 0;
	}
	if (c->serve_argc >= REG_CONF_MAX_SERVE)
		return reco_err_set(e, -EINVAL, _("%s: line %d: too many settings"), name, lineno);
	char *word;
	if (ck->kind == CONF_FLAG) {
		int f = flag_value(v);
		if (f < 0)
			return reco_err_set(e, -EINVAL, _("%s: line %d: %s: expected yes or no, not '%s'"),
					    name, lineno, k, v);
		if (!f)
			return 0;
		word = reco_asprintf("--%s", k);
	} else {
		word = reco_asprintf("--%s=%s", k, v);
	}
	if (!word)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	c->serve_argv[c->serve_argc++] = word;
	return 0;
}

int reg_conf_parse(struct reg_conf *c, const char *name, const char *text, struct reco_err *e)
{
	int lineno = 0;
	unsigned seen = 0;
	snprintf(c->path, sizeof(c->path), "%s", name);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[4096];
		lineno++;
		if (len >= sizeof(line))
			return reco_err_set(e, -EINVAL, _("%s: line %d: too long"), name, lineno);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + len;
		char *s = reco_strtrim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		int rc = parse_line(c, name, lineno, s, &seen, e);
		if (rc)
			return rc;
	}
	return 0;
}

int reg_conf_load(struct reg_conf *c, struct reco_err *e)
{
	char path[sizeof(c->path)];
	int rc = reg_conf_path(path, sizeof(path));
	if (rc <= 0)
		return rc ? reco_err_set(e, rc, "RECO_REGISTRY_CONF: %s", strerror(-rc)) : 0;
	char *text = NULL;
	size_t len = 0;
	rc = reco_read_file(NULL, path, &text, &len, 1 << 20);
	if (rc)
		return reco_err_set(e, rc, _("%s: cannot read the settings file: %s"), path, strerror(-rc));
	if (strlen(text) != len)
		rc = reco_err_set(e, -EINVAL, _("%s: not a text file"), path);
	else
		rc = reg_conf_parse(c, path, text, e);
	free(text);
	return rc;
}

void reg_conf_release(struct reg_conf *c)
{
	free(c->db);
	free(c->data_dir);
	free(c->ca);
	free(c->crl);
	for (int i = 0; i < c->serve_argc; i++)
		free(c->serve_argv[i]);
	memset(c, 0, sizeof(*c));
}

void reg_conf_apply(struct registry_control *ctl)
{
	if (ctl->conf.applied)
		return;
	struct reco_err e = { 0 };
	int rc = reg_conf_load(&ctl->conf, &e);
	if (rc)
		cli_die(rc == -EINVAL ? RECO_EXIT_USAGE : RECO_EXIT_ENV, "%s", e.msg);
	struct reg_conf *c = &ctl->conf;
	c->applied = 1;
	if (!ctl->db)
		ctl->db = c->db;
	if (!ctl->ca)
		ctl->ca = c->ca;
	if (!ctl->crl)
		ctl->crl = c->crl;
	if (ctl->data_dir || !c->data_dir)
		return;
	ctl->data_dir = c->data_dir;
	/* root would leave files (a database journal, keys) that the service's
	 * own user cannot open: ask for that user instead */
	struct stat st;
	if (geteuid() == 0 && stat(c->data_dir, &st) == 0 && st.st_uid != 0) {
		struct passwd *pw = getpwuid(st.st_uid);
		const char *owner = pw ? pw->pw_name : "?";
		cli_die(RECO_EXIT_ENV,
			_("%s belongs to the user %s (data-dir in %s): run the command as that user, "
			  "e.g. sudo -u %s reco registry ..."),
			c->data_dir, owner, c->path, owner);
	}
}

void reg_conf_serve_args(struct registry_control *ctl, int *argc, char ***argv)
{
	reg_conf_apply(ctl);
	const struct reg_conf *c = &ctl->conf;
	if (!c->serve_argc)
		return;
	char **v = calloc((size_t)(*argc + c->serve_argc + 1), sizeof(*v));
	if (!v)
		cli_die(RECO_EXIT_ENV, "%s", strerror(ENOMEM));
	int n = 0;
	v[n++] = (*argv)[0];
	for (int i = 0; i < c->serve_argc; i++)
		v[n++] = c->serve_argv[i];
	for (int i = 1; i < *argc; i++)
		v[n++] = (*argv)[i];
	*argc = n;
	*argv = v;
}
