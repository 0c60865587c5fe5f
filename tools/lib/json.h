/*
 * json.h — jansson helpers: canonical serialisation and safe file output.
 *
 * Canonical form (reports/README.md): sorted keys, compact separators,
 * UTF-8, integers and strings only.  json_dumps with JSON_SORT_KEYS |
 * JSON_COMPACT gives exactly that as long as no real numbers are present;
 * reco_json_canonical() refuses documents holding reals.
 */
#ifndef RECO_JSON_H
#define RECO_JSON_H

#include <jansson.h>
#include <stddef.h>

/* Canonical bytes of v (malloc'd, NUL-terminated, no trailing newline).
 * NULL when v holds a real number or on allocation failure. */
char *reco_json_canonical(const json_t *v);

/* 1 if v or any value below it is a JSON real. */
int reco_json_has_real(const json_t *v);

/* Writes data to path atomically: a temporary file in the same directory,
 * fsync, rename, fsync of the directory.  mode applies to the new file.
 * 0 or -errno. */
int reco_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode);

/* Pretty (indent 2, sorted) or canonical JSON of v written atomically, with a
 * trailing newline in the pretty form.  0 or -errno (-EINVAL for reals in
 * canonical mode). */
int reco_json_write(const char *path, const json_t *v, int canonical);

/* A JSON string from s; bytes that are not valid UTF-8 become '?' (firmware
 * strings are not always UTF-8).  NULL only on allocation failure. */
json_t *reco_json_string_lossy(const char *s);

/* json_object_set_new helpers that skip NULL/empty values, so that "omit what
 * the machine lacks" stays a one-liner. */
void reco_json_set_str(json_t *obj, const char *key, const char *value);
void reco_json_set_int(json_t *obj, const char *key, long long value);

#endif
