/*
 * before.c — what was on a target before the wipe, for the result: the
 * partition table type and partitions with filesystem type and label,
 * probed with libblkid (partitions are probed in place, at their offsets, so
 * this works for image files and loop devices without partition nodes).
 */
#include "wipe.h"

#include <blkid/blkid.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lib/json.h"

static void probe_fs(int fd, uint64_t off, uint64_t size, json_t *o)
{
	blkid_probe pr = blkid_new_probe();
	if (!pr)
		return;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)off, (blkid_loff_t)size) == 0) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID);
		blkid_probe_enable_partitions(pr, 0);
		if (blkid_do_safeprobe(pr) == 0) {
			const char *v;
			if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
				json_object_set_new(o, "filesystem", json_string(v));
			if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
				json_object_set_new(o, "label", reco_json_string_lossy(v));
			if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
				json_object_set_new(o, "uuid", json_string(v));
		}
	}
	blkid_free_probe(pr);
}

json_t *wipe_before_probe(const struct wipe_target *t)
{
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	json_t *o = json_object(), *parts = json_array();
	blkid_probe pr = blkid_new_probe();
	const char *pttype = "none";
	char ptbuf[32] = "";
	if (pr && blkid_probe_set_device(pr, fd, 0, (blkid_loff_t)t->size) == 0) {
		blkid_probe_enable_partitions(pr, 1);
		blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
		blkid_probe_enable_superblocks(pr, 0);
		blkid_partlist ls = blkid_probe_get_partitions(pr);
		if (ls) {
			blkid_parttable tab = blkid_partlist_get_table(ls);
			if (tab && blkid_parttable_get_type(tab)) {
				snprintf(ptbuf, sizeof(ptbuf), "%s", blkid_parttable_get_type(tab));
				pttype = ptbuf;
			}
			int n = blkid_partlist_numof_partitions(ls);
			for (int i = 0; i < n; i++) {
				blkid_partition p = blkid_partlist_get_partition(ls, i);
				json_t *pj = json_object();
				uint64_t start = (uint64_t)blkid_partition_get_start(p) * 512,
					 size = (uint64_t)blkid_partition_get_size(p) * 512;
				json_object_set_new(pj, "number", json_integer(blkid_partition_get_partno(p)));
				json_object_set_new(pj, "start_bytes", json_integer((json_int_t)start));
				json_object_set_new(pj, "size_bytes", json_integer((json_int_t)size));
				const char *s = blkid_partition_get_type_string(p);
				if (s)
					json_object_set_new(pj, "type", json_string(s));
				else
					json_object_set_new(pj, "type", json_sprintf("0x%x", blkid_partition_get_type(p)));
				if ((s = blkid_partition_get_name(p)) && *s)
					json_object_set_new(pj, "name", reco_json_string_lossy(s));
				if (start + size <= t->size)
					probe_fs(fd, start, size, pj);
				json_array_append_new(parts, pj);
			}
		}
	}
	if (pr)
		blkid_free_probe(pr);
	json_object_set_new(o, "partition_table", json_string(pttype));
	json_object_set_new(o, "partitions", parts);
	if (!json_array_size(parts)) {
		json_t *whole = json_object();
		probe_fs(fd, 0, t->size, whole);
		if (json_object_size(whole))
			json_object_set(o, "whole_device", whole);
		json_decref(whole);
	}
	close(fd);
	return o;
}
