/*
 * i18n.c — locale and text-domain set-up (see i18n.h).
 */
#include "i18n.h"

#include <limits.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX];

static const char *find_localedir(void)
{
	const char *env = getenv("RECO_LOCALEDIR");
	if (env && *env)
		return env;

	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			struct stat st;
			int len = snprintf(localedir, sizeof(localedir), "%s/../share/locale", exe);
			if (len > 0 && (size_t)len < sizeof(localedir) &&
			    stat(localedir, &st) == 0 && S_ISDIR(st.st_mode))
				return localedir;
		}
	}
	return LOCALEDIR;
}

void reco_i18n_init(void)
{
	setlocale(LC_ALL, "");
	bindtextdomain("reco", find_localedir());
	bind_textdomain_codeset("reco", "UTF-8");
	textdomain("reco");
}

const char *reco_i18n_lang(void)
{
	const char *l = getenv("LANGUAGE");
	if (!l || !*l)
		l = setlocale(LC_MESSAGES, NULL);
	if (l && strncmp(l, "fr", 2) == 0)
		return "fr";
	return "en";
}

const char *reco_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = dcgettext(NULL, ctx_msgid, LC_MESSAGES);
	return t == ctx_msgid ? msgid : t;
}
