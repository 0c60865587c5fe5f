/*
 * coverage.c — the machine's disks against the wipe results (coverage.h).
 */
#include "coverage.h"

#include <stdio.h>
#include <string.h>

#include "disk.h"
#include "json.h"

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The entry of arr describing the same disk as d: same serial when both have
 * one, else same path and (when both say it) same size. */
static json_t *match(const json_t *arr, const json_t *d)
{
	const char *serial = str(d, "serial"), *path = str(d, "path");
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		if (serial && str(x, "serial"))
			if (same(serial, str(x, "serial")))
				return x;
	}
	json_array_foreach(arr, i, x) {
		if (serial && str(x, "serial"))
			continue;
		const json_t *s1 = json_object_get(d, "size_bytes"), *s2 = json_object_get(x, "size_bytes");
		if (same(path, str(x, "path")) &&
		    (!json_is_integer(s1) || !json_is_integer(s2) || json_integer_value(s1) == json_integer_value(s2)))
			return x;
	}
	return NULL;
}

/* sysfs cannot tell the boot medium from the machine's disk when it sits on
 * a SATA or NVMe port (an image written on a disk; QEMU's ide-hd): only the
 * station's wipe list knows it, by the identity recorded at boot, and the
 * menu's disks.json says so.  That word is taken for those two roles only;
 * "removable" or "virtual" stay sysfs's rule, so disks.json can never make
 * an internal disk optional by calling it a stick. */
static const char *station_role(const char *role, const json_t *listed)
{
	const char *said = listed ? str(listed, "role") : NULL;
	if (!strcmp(role, "internal") && said && (!strcmp(said, "boot-medium") || !strcmp(said, "live-system")))
		return said;
	return role;
}

static const json_t *inventory_disks(const json_t *inv)
{
	const json_t *st = json_object_get(inv, "storage");
	if (json_is_object(st))
		st = json_object_get(st, "disks");
	return json_is_array(st) ? st : NULL;
}

static void copy_str(json_t *dst, const json_t *src, const char *k)
{
	const char *v = str(src, k);
	if (v)
		json_object_set_new(dst, k, reco_json_string_lossy(v));
}

json_t *reco_coverage(const json_t *inventory, const json_t *wipe, const json_t *disks)
{
	json_t *cov = json_object(), *mine = json_array(), *others = json_array();
	if (!cov || !mine || !others) {
		json_decref(cov);
		json_decref(mine);
		json_decref(others);
		return NULL;
	}
	const json_t *targets = json_object_get(wipe, "targets");
	const json_t *listed = json_object_get(disks, "disks");
	const json_t *inv = inventory_disks(inventory);
	int internal = 0, erased = 0;
	size_t i;
	json_t *d;
	json_array_foreach(inv, i, d) {
		if (!json_is_object(d))
			continue;
		const char *role = reco_disk_role(str(d, "name"), str(d, "transport"),
						  json_is_true(json_object_get(d, "removable")),
						  json_is_true(json_object_get(d, "optical")));
		json_t *t = match(targets, d), *l = match(listed, d);
		role = station_role(role, l);
		json_t *e = json_object();
		copy_str(e, d, "path");
		copy_str(e, d, "model");
		copy_str(e, d, "serial");
		copy_str(e, d, "transport");
		if (json_is_integer(json_object_get(d, "size_bytes")))
			json_object_set(e, "size_bytes", json_object_get(d, "size_bytes"));
		const char *res = t ? str(t, "result") : NULL;
		if (strcmp(role, "internal")) {
			json_object_set_new(e, "role", json_string(role));
			if (res)
				json_object_set_new(e, "result", json_string(res));
			json_array_append_new(others, e);
			continue;
		}
		internal++;
		if (res && !strcmp(res, "erased")) {
			erased++;
			json_object_set_new(e, "result", json_string("erased"));
		} else if (res) {
			json_object_set_new(e, "result", reco_json_string_lossy(res));
			copy_str(e, t, "reason");
		} else {
			json_object_set_new(e, "result", json_string("not-wiped"));
			const char *why = l ? str(l, "reason") : NULL;
			if (!why && l && json_is_true(json_object_get(l, "eligible")))
				why = "the wipe was not confirmed";
			json_object_set_new(e, "reason", reco_json_string_lossy(why ? why : "no wipe result for this disk"));
		}
		json_array_append_new(mine, e);
	}
	json_object_set_new(cov, "complete", json_boolean(internal > 0 && erased == internal));
	json_object_set_new(cov, "internal", json_integer(internal));
	json_object_set_new(cov, "erased", json_integer(erased));
	json_object_set_new(cov, "disks", mine);
	json_object_set_new(cov, "others", others);
	return cov;
}

int reco_coverage_complete(const json_t *report, char *why, size_t size)
{
	json_t *cov = reco_coverage(json_object_get(report, "inventory"), json_object_get(report, "wipe"),
				    json_object_get(report, "disks"));
	int complete = json_is_true(json_object_get(cov, "complete"));
	if (why && size) {
		why[0] = '\0';
		if (!complete && !json_integer_value(json_object_get(cov, "internal")))
			snprintf(why, size, "the inventory lists no internal disk");
		size_t i;
		json_t *d;
		json_array_foreach(json_object_get(cov, "disks"), i, d) {
			if (complete || same(str(d, "result"), "erased"))
				continue;
			snprintf(why, size, "%s (serial %s): %s%s%s", str(d, "path") ? str(d, "path") : "?",
				 str(d, "serial") ? str(d, "serial") : "-", str(d, "result"),
				 str(d, "reason") ? ": " : "", str(d, "reason") ? str(d, "reason") : "");
			break;
		}
	}
	json_decref(cov);
	return complete;
}
