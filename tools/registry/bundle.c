/*
 * bundle.c — reports that arrive as files rather than paths on this
 * machine: the files a browser uploaded, or the entries of an archive of a
 * RECO-DATA folder (ZIP, as "send to compressed folder" makes it, or tar,
 * plain or compressed with gzip, bzip2 or xz; read by libarchive, in
 * memory, never written to disk).  Files are grouped by their directory
 * into bundles — report.json with report.json.sig, station.pem and,
 * optionally, certificate.pdf beside it, the layout of a session folder —
 * and each bundle is verified and stored exactly as `import` does
 * (reg_import_bundle).  Other files are counted and left.
 *
 * Archives are untrusted: at most REG_BUNDLE_ENTRIES entries are looked at,
 * only the four names above are read (each within the CLI's own size
 * limits), and all of them together within REG_BUNDLE_BYTES, so that a
 * "zip bomb" costs nothing beyond that.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

static const struct { const char *name; size_t max; } kept[] = {
	{ "report.json", 8u << 20 },
	{ "report.json.sig", 4096 },
	{ "station.pem", 65536 },
	{ "certificate.pdf", 16u << 20 },
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The size limit of a file we keep, 0 for a name we do not. */
static size_t kept_max(const char *path)
{
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (!strcmp(base_name(path), kept[i].name))
			return kept[i].max;
	return 0;
}

void reg_files_release(struct reg_files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

/* Takes ownership of data (malloc'd) on success. */
static int add_owned(struct reg_files *fs, const char *path, unsigned char *data, size_t len, struct reco_err *e)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 16;
		struct reg_file *v = realloc(fs->v, cap * sizeof(*v));
		if (!v)
			return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
		fs->v = v;
		fs->cap = cap;
	}
	/* a name that is not UTF-8 is shown with '?' for the bad bytes */
	char *p = strdup(path);
	if (!p)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	if (!reco_utf8_valid(p, strlen(p)))
		for (char *c = p; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
	fs->v[fs->n++] = (struct reg_file){ .path = p, .data = data, .len = len };
	fs->bytes += len;
	return 0;
}

int reg_files_add(struct reg_files *fs, const char *path, const void *data, size_t len, struct reco_err *e)
{
	size_t max = kept_max(path);
	if (!max) {
		fs->ignored++;
		return 0;
	}
	if (len > max)
		return reco_err_set(e, -EFBIG, _("%s: larger than %zu bytes"), path, max);
	if (fs->bytes + len > REG_BUNDLE_BYTES)
		return reco_err_set(e, -EFBIG, _("more than %d MiB of reports at once"), REG_BUNDLE_BYTES >> 20);
	unsigned char *copy = malloc(len + 1);
	if (!copy)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	memcpy(copy, data, len);
	copy[len] = '\0';
	int rc = add_owned(fs, path, copy, len, e);
	if (rc)
		free(copy);
	return rc;
}

int reg_files_from_archive(struct reg_files *fs, const void *data, size_t len, const char *name,
			   struct reco_err *e)
{
	struct archive *a = archive_read_new();
	if (!a)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	int rc = 0;
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		rc = reco_err_set(e, -EINVAL, _("not a ZIP or tar archive: %s"), archive_error_string(a));
		goto out;
	}
	struct archive_entry *ent;
	size_t entries = 0;
	int r;
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (++entries > REG_BUNDLE_ENTRIES) {
			rc = reco_err_set(e, -EFBIG, _("more than %d files"), REG_BUNDLE_ENTRIES);
			goto out;
		}
		const char *path = archive_entry_pathname(ent);
		if (!path || archive_entry_filetype(ent) != AE_IFREG)
			continue;
		size_t max = kept_max(path);
		if (!max) {
			fs->ignored++;
			continue; /* its data is skipped by the next header */
		}
		la_int64_t sz = archive_entry_size_is_set(ent) ? archive_entry_size(ent) : -1;
		if (sz > (la_int64_t)max) {
			rc = reco_err_set(e, -EFBIG, _("%s: larger than %zu bytes"), path, max);
			goto out;
		}
		/* read at most max + 1 bytes, whatever the header claimed */
		unsigned char *buf = malloc(max + 2);
		if (!buf) {
			rc = reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
			goto out;
		}
		size_t got = 0;
		la_ssize_t n;
		while (got <= max && (n = archive_read_data(a, buf + got, max + 1 - got)) > 0)
			got += (size_t)n;
		if (got > max || n < 0 || fs->bytes + got > REG_BUNDLE_BYTES) {
			free(buf);
			rc = n < 0 ? reco_err_set(e, -EIO, "%s: %s", path, archive_error_string(a))
			     : got > max ? reco_err_set(e, -EFBIG, _("%s: larger than %zu bytes"), path, max)
					 : reco_err_set(e, -EFBIG, _("more than %d MiB of reports at once"),
							REG_BUNDLE_BYTES >> 20);
			goto out;
		}
		buf[got] = '\0';
		char *full = reco_asprintf("%s/%s", name, path);
		rc = full ? add_owned(fs, full, buf, got, e) : reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
		free(full);
		if (rc) {
			free(buf);
			goto out;
		}
	}
	if (r != ARCHIVE_EOF)
		rc = reco_err_set(e, -EINVAL, _("damaged archive: %s"), archive_error_string(a));
out:
	archive_read_free(a);
	return rc;
}

int reg_is_archive_name(const char *name)
{
	static const char *const ext[] = { ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", NULL };
	size_t l = strlen(name);
	for (int i = 0; ext[i]; i++) {
		size_t el = strlen(ext[i]);
		if (l > el && !strcasecmp(name + l - el, ext[i]))
			return 1;
	}
	return 0;
}

static const struct reg_file *find(const struct reg_files *fs, const char *dir, size_t dl, const char *name)
{
	for (size_t i = 0; i < fs->n; i++) {
		const char *p = fs->v[i].path;
		const char *b = base_name(p);
		size_t pl = (size_t)(b - p); /* the directory with its '/' */
		if (pl == dl && !memcmp(p, dir, dl) && !strcmp(b, name))
			return &fs->v[i];
	}
	return NULL;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct reg_file *)a)->path, ((const struct reg_file *)b)->path);
}

int reg_import_bundles(struct registry *r, struct reg_files *fs, reg_import_cb cb, void *arg, struct reco_err *e)
{
	(void)e;
	if (fs->n)
		qsort(fs->v, fs->n, sizeof(*fs->v), by_path);
	int reports = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const char *path = fs->v[i].path;
		if (strcmp(base_name(path), "report.json"))
			continue;
		reports++;
		size_t dl = (size_t)(base_name(path) - path);
		const struct reg_file *sig = find(fs, path, dl, "report.json.sig");
		const struct reg_file *pem = find(fs, path, dl, "station.pem");
		const struct reg_file *pdf = find(fs, path, dl, "certificate.pdf");
		struct reg_import_info info = { 0 };
		struct reco_err je = { 0 };
		int rc;
		if (!sig || !pem)
			rc = reco_err_set(&je, -ENOENT, _("refused: %s missing beside it"),
					  !sig ? "report.json.sig" : "station.pem");
		else {
			struct reg_bundle b = { fs->v[i].data, fs->v[i].len, sig->data, sig->len,
						(const char *)pem->data, pem->len, pdf ? pdf->data : NULL,
						pdf ? pdf->len : 0 };
			rc = reg_import_bundle(r, &b, &info, &je);
		}
		cb(path, rc, &info, &je, arg);
	}
	return reports;
}
