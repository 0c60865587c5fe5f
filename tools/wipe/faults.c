/*
 * faults.c — fault injection for tests: $RECO_WIPE_FAULTS lists LBAs whose
 * writes or reads fail with EIO, so the retry/bisect path is tested on any
 * machine (the QEMU tests use real blkdebug errors).  Faults can only make a
 * result worse (failed), never better; the result records that they were
 * active and the CLI warns.
 *
 * Syntax: "write:LBA[+COUNT],read:LBA[+COUNT],sync:N,..." (COUNT defaults to
 * 1; LBAs in the target's logical sectors; sync:N makes the N-th fdatasync
 * of the run and every later one fail with EIO).
 */
#include "wipe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FAULTS 64

static struct { enum wipe_op op; uint64_t first, count; } faults[MAX_FAULTS];
static int nfaults = -1;
static _Atomic unsigned long sync_from, sync_calls; /* sync:N; 0 = none */

int wipe_faults_parse(const char *spec)
{
	nfaults = 0;
	sync_from = 0;
	sync_calls = 0;
	if (!spec || !*spec)
		return 0;
	char *dup = strdup(spec), *save = NULL;
	if (!dup)
		return -ENOMEM;
	int rc = 0;
	for (char *tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum wipe_op op;
		if (!strncmp(tok, "sync:", 5)) {
			char *end;
			errno = 0;
			unsigned long n = strtoul(tok + 5, &end, 10);
			if (end == tok + 5 || *end || errno || !n) {
				rc = -EINVAL;
				break;
			}
			sync_from = n;
			continue;
		}
		if (!strncmp(tok, "write:", 6))
			op = WIPE_OP_WRITE;
		else if (!strncmp(tok, "read:", 5))
			op = WIPE_OP_READ;
		else {
			rc = -EINVAL;
			break;
		}
		char *p = strchr(tok, ':') + 1, *end;
		errno = 0;
		uint64_t first = strtoull(p, &end, 10), count = 1;
		if (end == p || errno) {
			rc = -EINVAL;
			break;
		}
		if (*end == '+') {
			p = end + 1;
			count = strtoull(p, &end, 10);
			if (end == p || !count) {
				rc = -EINVAL;
				break;
			}
		}
		if (*end || nfaults == MAX_FAULTS) {
			rc = -EINVAL;
			break;
		}
		faults[nfaults].op = op;
		faults[nfaults].first = first;
		faults[nfaults].count = count;
		nfaults++;
	}
	free(dup);
	if (rc) {
		nfaults = 0;
		sync_from = 0;
	}
	return rc;
}

int wipe_faults_active(void)
{
	return nfaults > 0 || sync_from > 0;
}

int wipe_faults_fdatasync(int fd)
{
	if (sync_from && atomic_fetch_add(&sync_calls, 1) + 1 >= sync_from) {
		errno = EIO;
		return -1;
	}
	return fdatasync(fd);
}

int wipe_faults_hit(enum wipe_op op, uint64_t off, uint64_t len, unsigned lss)
{
	if (nfaults <= 0)
		return 0;
	uint64_t a = off / lss, b = (off + len + lss - 1) / lss;
	for (int i = 0; i < nfaults; i++)
		if (faults[i].op == op && faults[i].first < b && a < faults[i].first + faults[i].count)
			return 1;
	return 0;
}
