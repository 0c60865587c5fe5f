/*
 * confirm.c — the wipe confirmation of issue 3 as the menu asks it: for
 * each disk, the person types the last 4 characters of its serial number
 * (read on the screen, and on the drive's label), so that the disk wiped
 * is the one they mean.  The menu passes --yes to `reco wipe` only after
 * every disk was confirmed this way.
 */
#include "menu.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static void gets_(const json_t *o, const char *k, char *dst, size_t size)
{
	const char *s = json_string_value(json_object_get(o, k));
	snprintf(dst, size, "%s", s ? s : "");
}

int menu_targets_from_list(const json_t *doc, struct menu_target *t, int max)
{
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	const json_t *disks = json_object_get(doc, "disks");
	if (!schema || strcmp(schema, "reco-wipe-list/1") || !json_is_array(disks))
		return -EINVAL;
	int n = 0;
	size_t i;
	const json_t *d;
	json_array_foreach(disks, i, d) {
		if (n >= max)
			break;
		if (!json_is_object(d) || !json_is_string(json_object_get(d, "path")))
			continue;
		struct menu_target *x = &t[n++];
		memset(x, 0, sizeof(*x));
		gets_(d, "path", x->path, sizeof(x->path));
		gets_(d, "name", x->name, sizeof(x->name));
		if (!x->name[0]) {
			const char *s = strrchr(x->path, '/');
			gets_(d, "path", x->name, sizeof(x->name));
			if (s)
				snprintf(x->name, sizeof(x->name), "%.63s", s + 1);
		}
		gets_(d, "model", x->model, sizeof(x->model));
		gets_(d, "serial", x->serial, sizeof(x->serial));
		gets_(d, "transport", x->transport, sizeof(x->transport));
		gets_(d, "reason", x->reason, sizeof(x->reason));
		const json_t *sz = json_object_get(d, "size_bytes");
		x->size_bytes = json_is_integer(sz) ? (long long)json_integer_value(sz) : 0;
		x->eligible = json_is_true(json_object_get(d, "eligible"));
		gets_(d, "role", x->role, sizeof(x->role));
		const json_t *q = json_object_get(d, "diskseq");
		x->diskseq = json_is_integer(q) && json_integer_value(q) > 0 ? (unsigned long long)json_integer_value(q) : 0;
	}
	return n;
}

int menu_target_is_machine(const struct menu_target *t, int usb)
{
	if (!t->role[0])
		return usb || strcmp(t->transport, "usb") != 0;
	return !strcmp(t->role, "internal") || (usb && !strcmp(t->role, "removable"));
}

void menu_confirm_expected(const struct menu_target *t, char *out, size_t size)
{
	const char *s = t->serial;
	size_t b = 0, e = strlen(s);
	while (b < e && (isspace((unsigned char)s[b]) || s[b] == '-' || s[b] == '_'))
		b++;
	while (e > b && (isspace((unsigned char)s[e - 1]) || s[e - 1] == '-' || s[e - 1] == '_'))
		e--;
	if (e == b) {
		snprintf(out, size, "%s", t->name);
		return;
	}
	if (e - b > 4)
		b = e - 4;
	snprintf(out, size, "%.*s", (int)(e - b), s + b);
}

int menu_confirm_check(const char *expected, const char *typed)
{
	if (!expected || !*expected || !typed)
		return 0;
	while (isspace((unsigned char)*typed))
		typed++;
	size_t n = strlen(typed);
	while (n && isspace((unsigned char)typed[n - 1]))
		n--;
	if (n != strlen(expected))
		return 0;
	return strncasecmp(expected, typed, n) == 0;
}
