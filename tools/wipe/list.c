/*
 * list.c — `reco wipe --list`: every disk of the machine (/sys/block, minus
 * RAM disks, zram, optical drives, device-mapper and md devices, and loop
 * devices with nothing attached), its identity, and whether it may be wiped
 * and, if not, why — the same checks a wipe makes (safety.c, an O_EXCL open,
 * read-only flag).
 */
#include "wipe.h"
#include "identity.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"

static int skip_name(const char *n)
{
	static const char *prefixes[] = { "ram", "zram", "sr", "dm-", "md", "nbd", "fd" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(n, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *wipe_list_disks(void)
{
	json_t *doc = json_object(), *disks = json_array();
	json_object_set_new(doc, "schema", json_string("reco-wipe-list/1"));
	DIR *d = opendir("/sys/block");
	char *names[1024];
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) && n < 1024)
		if (de->d_name[0] != '.' && !skip_name(de->d_name))
			names[n++] = strdup(de->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		if (!names[i])
			continue;
		char path[PATH_MAX];
		struct wipe_target t;
		struct reco_err e = { 0 };
		snprintf(path, sizeof(path), "/dev/%s", names[i]);
		enum wipe_refusal ref = wipe_target_identify(path, &t, &e);
		if (ref == WIPE_REF_MISSING && !strncmp(names[i], "loop", 4))
			goto next; /* nothing attached */
		json_t *o = json_object();
		json_object_set_new(o, "path", json_string(path));
		json_object_set_new(o, "name", json_string(names[i]));
		json_object_set_new(o, "model", reco_json_string_lossy(t.model));
		json_object_set_new(o, "serial", reco_json_string_lossy(t.serial));
		json_object_set_new(o, "wwn", reco_json_string_lossy(t.wwn));
		json_object_set_new(o, "size_bytes", json_integer((json_int_t)t.size));
		json_object_set_new(o, "transport", json_string(*t.transport ? t.transport : "unknown"));
		json_object_set_new(o, "rotational", json_boolean(t.rotational));
		const char *reason = NULL;
		char buf[600];
		if (ref != WIPE_OK) {
			/* e.msg is "path: reason" */
			const char *c = strstr(e.msg, ": ");
			reason = c ? c + 2 : e.msg;
		} else {
			struct wipe_safety s;
			if (wipe_safety_check(&t, &s) != WIPE_OK) {
				snprintf(buf, sizeof(buf), "%s", s.reason);
				reason = buf;
			} else if (t.readonly) {
				reason = _("device is read-only");
			} else {
				int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
				if (fd < 0 && errno == EBUSY)
					reason = _("device is in use by another process");
				if (fd >= 0)
					close(fd);
			}
		}
		enum wipe_refusal why = ref;
		struct wipe_safety sr;
		if (why == WIPE_OK)
			why = wipe_safety_check(&t, &sr);
		json_object_set_new(o, "role", json_string(wipe_disk_role(&t, why)));
		json_object_set_new(o, "diskseq", json_integer((json_int_t)wipe_diskseq(names[i])));
		json_object_set_new(o, "eligible", json_boolean(reason == NULL));
		if (reason)
			json_object_set_new(o, "reason", json_string(reason));
		json_array_append_new(disks, o);
next:
		free(names[i]);
	}
	json_object_set_new(doc, "disks", disks);
	return doc;
}
