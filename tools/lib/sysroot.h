/*
 * sysroot.h — reading /sys, /proc and /dev under a root prefix.
 *
 * Every hardware reader takes a root directory ("" or NULL for the running
 * system) so that a tree captured from a real machine (contrib/capture-machine)
 * can stand in for this one in tests, as `lsblk --sysroot` does.
 * All functions return 0 on success or a negative errno.
 */
#ifndef RECO_SYSROOT_H
#define RECO_SYSROOT_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>

/* Writes root + path into buf.  -ENAMETOOLONG if it does not fit. */
int reco_path(const char *root, const char *path, char *buf, size_t size);

/* Reads a whole file (sysfs files report a size of 4096: read until EOF).
 * *data is malloc'd and NUL-terminated (the NUL is not counted in *len);
 * the caller frees it.  -EFBIG when the file is larger than max bytes. */
int reco_read_file(const char *root, const char *path, char **data, size_t *len, size_t max);

/* Reads a small text file into buf, trailing whitespace/newline removed. */
int reco_read_str(const char *root, const char *path, char *buf, size_t size);

/* Reads a file holding one unsigned decimal (or 0x-prefixed hex) integer. */
int reco_read_u64(const char *root, const char *path, uint64_t *value);

/* Reads a file holding one signed decimal integer ("-1", "1000"; what
 * follows the number is ignored, as sysfs values end with a newline).
 * -ENODATA when it holds no number. */
int reco_read_i64(const char *root, const char *path, int64_t *value);

/* opendir() under the root; NULL with errno set on failure. */
DIR *reco_opendir(const char *root, const char *path);

/* readlink() under the root; the basename of the link target into buf
 * (e.g. /sys/block/sda/device/driver -> "sd").  */
int reco_read_link_base(const char *root, const char *path, char *buf, size_t size);

/* 1 if the path exists under the root, 0 otherwise. */
int reco_exists(const char *root, const char *path);

#endif
