/*
 * resume.c — after a power cut: the session of this machine's interrupted
 * wipe (a wipe-*.journal of reco wipe that is not done, and no wipe.json).
 */
#include "menu.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sysroot.h"
#include "lib/util.h"

/* 1 when journal file path says its wipe did not finish. */
static int journal_unfinished(const char *path)
{
	char *text = NULL;
	size_t len;
	if (reco_read_file("", path, &text, &len, 1 << 20) != 0)
		return 0;
	char phase[32];
	menu_kv(text, "phase", phase, sizeof(phase));
	free(text);
	return phase[0] && strcmp(phase, "done") != 0;
}

int menu_find_interrupted(const char *data, const char *device_id, char *out, size_t size)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/sessions/%s", data, device_id);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char best[256] = "";
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, best) <= 0)
			continue;
		char sess[PATH_MAX + 256], p[PATH_MAX + 512];
		snprintf(sess, sizeof(sess), "%s/%s", dir, de->d_name);
		snprintf(p, sizeof(p), "%s/wipe.json", sess);
		if (access(p, F_OK) == 0)
			continue;
		DIR *s = opendir(sess);
		int found = 0;
		struct dirent *fe;
		while (s && !found && (fe = readdir(s))) {
			size_t l = strlen(fe->d_name);
			if (strncmp(fe->d_name, "wipe-", 5) || l < 14 || strcmp(fe->d_name + l - 8, ".journal"))
				continue;
			snprintf(p, sizeof(p), "%s/%s", sess, fe->d_name);
			found = journal_unfinished(p);
		}
		if (s)
			closedir(s);
		if (found)
			snprintf(best, sizeof(best), "%s", de->d_name);
	}
	closedir(d);
	if (!best[0])
		return 0;
	snprintf(out, size, "%s/%s", dir, best);
	return 1;
}
