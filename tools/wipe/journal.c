/*
 * journal.c — the checkpoint a wipe leaves in its session directory, so that
 * `--resume` continues after Ctrl-C, kill -9 or a power cut with the same
 * seeds, the same pass and phase, from the last checkpoint.
 *
 * Format (text, one "key=value" per line, after the schema line):
 *   reco-wipe-journal/1
 *   path=/dev/sdb  serial=...  size=BYTES  method=random  npasses=1
 *   pass=0 (0-based)  phase=write|verify|finish|done  offset=BYTES
 *   io_size=BYTES  verify=full|sample|none  sample_permille=N  sample_seed=N
 *   seed.<pass>=aes-128-ctr:KEY:IV   (random passes)
 *   bytes_written=N  bytes_verified=N  hist=N,N,N,N,N,N  started=RFC3339
 *   written.<pass>=BYTES  flushed.<pass>=0|1   (counters of each pass)
 *   trim=0|1  label=0|1   (finishing steps asked for)
 *   ata_password=TEXT     (firmware ATA security erase: the temporary user
 *                          password while the drive may hold it; --unlock)
 *   bad=write|read|mismatch:FIRST_LBA:COUNT   (repeated)
 * Unknown keys are ignored; anything malformed makes the whole journal
 * invalid (-EINVAL).  The checkpoint is written only after fdatasync of the
 * target, so "offset" never claims data the device may not hold.  The
 * journal is a hint for where to restart; a resumed run takes from it only
 * the seeds and the per-pass counters, clamped to what the offset allows
 * (engine.c wipe_job_restore), and verifies again from the start.
 */
#include "wipe.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sysroot.h"
#include "lib/util.h"

static const char *phase_names[] = { "write", "verify", "finish", "done" };

static int append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -EINVAL;
		if ((size_t)n < *cap - *len) {
			*len += (size_t)n;
			return 0;
		}
		size_t c = *cap * 2 + (size_t)n;
		char *b = realloc(*buf, c);
		if (!b)
			return -ENOMEM;
		*buf = b;
		*cap = c;
	}
}

char *wipe_journal_format(const struct wipe_journal *j)
{
	size_t len = 0, cap = 1024;
	char *b = malloc(cap);
	if (!b)
		return NULL;
	b[0] = '\0';
	int rc = append(&b, &len, &cap,
			"%s\npath=%s\nserial=%s\nsize=%llu\nmethod=%s\nnpasses=%d\npass=%d\nphase=%s\n"
			"offset=%llu\nio_size=%llu\nverify=%s\nsample_permille=%u\nsample_seed=%llu\n"
			"bytes_written=%llu\nbytes_verified=%llu\nhist=%llu,%llu,%llu,%llu,%llu,%llu\n"
			"started=%s\n",
			WIPE_JOURNAL_SCHEMA, j->path, j->serial, (unsigned long long)j->size, j->method,
			j->npasses, j->pass, phase_names[j->phase], (unsigned long long)j->offset,
			(unsigned long long)j->io_size, wipe_verify_name(j->verify), j->sample_permille,
			(unsigned long long)j->sample_seed, (unsigned long long)j->bytes_written,
			(unsigned long long)j->bytes_verified, (unsigned long long)j->hist[0],
			(unsigned long long)j->hist[1], (unsigned long long)j->hist[2],
			(unsigned long long)j->hist[3], (unsigned long long)j->hist[4],
			(unsigned long long)j->hist[5], j->started);
	if (!rc)
		rc = append(&b, &len, &cap, "trim=%d\nlabel=%d\n", j->trim ? 1 : 0, j->label ? 1 : 0);
	if (!rc && j->ata_password[0])
		rc = append(&b, &len, &cap, "ata_password=%s\n", j->ata_password);
	for (int i = 0; !rc && i < j->npasses && i < WIPE_MAX_PASSES; i++)
		rc = append(&b, &len, &cap, "written.%d=%llu\nflushed.%d=%d\n", i,
			    (unsigned long long)j->written[i], i, j->flushed[i] ? 1 : 0);
	for (int i = 0; !rc && i < j->npasses && i < WIPE_MAX_PASSES; i++) {
		if (j->pats[i].kind != WIPE_PASS_RANDOM)
			continue;
		char seed[160];
		wipe_pattern_seed_string(&j->pats[i], seed, sizeof(seed));
		rc = append(&b, &len, &cap, "seed.%d=%s\n", i, seed);
	}
	for (size_t i = 0; !rc && i < j->nbad; i++)
		rc = append(&b, &len, &cap, "bad=%s:%llu:%llu\n", wipe_ranges_op_name(j->bad[i].op),
			    (unsigned long long)j->bad[i].first, (unsigned long long)j->bad[i].count);
	if (rc) {
		free(b);
		return NULL;
	}
	return b;
}

static int num(const char *v, uint64_t *out)
{
	if (!*v || *v < '0' || *v > '9')
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = x;
	return 0;
}

static int str(const char *v, char *out, size_t size)
{
	if (strlen(v) >= size)
		return -EINVAL;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static int parse_line(char *line, struct wipe_journal *j, unsigned *seen)
{
	char *eq = strchr(line, '=');
	if (!eq)
		return -EINVAL;
	*eq = '\0';
	const char *k = line, *v = eq + 1;
	uint64_t x;
	if (!strcmp(k, "path"))
		return str(v, j->path, sizeof(j->path));
	if (!strcmp(k, "serial"))
		return str(v, j->serial, sizeof(j->serial));
	if (!strcmp(k, "method"))
		return str(v, j->method, sizeof(j->method));
	if (!strcmp(k, "started"))
		return str(v, j->started, sizeof(j->started));
	if (!strcmp(k, "ata_password")) {
		for (const char *c = v; *c; c++)
			if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
				return -EINVAL;
		return strlen(v) > 32 ? -EINVAL : str(v, j->ata_password, sizeof(j->ata_password));
	}
	if (!strcmp(k, "phase")) {
		for (int i = 0; i < 4; i++)
			if (!strcmp(v, phase_names[i])) {
				j->phase = (enum wipe_phase)i;
				*seen |= 1;
				return 0;
			}
		return -EINVAL;
	}
	if (!strcmp(k, "verify")) {
		if (!strcmp(v, "full")) j->verify = WIPE_VERIFY_FULL;
		else if (!strcmp(v, "sample")) j->verify = WIPE_VERIFY_SAMPLE;
		else if (!strcmp(v, "none")) j->verify = WIPE_VERIFY_NONE;
		else return -EINVAL;
		return 0;
	}
	if (!strncmp(k, "written.", 8) || !strncmp(k, "flushed.", 8)) {
		uint64_t i;
		if (num(k + 8, &i) || i >= WIPE_MAX_PASSES || num(v, &x))
			return -EINVAL;
		if (k[0] == 'w')
			j->written[i] = x;
		else if (x > 1)
			return -EINVAL;
		else
			j->flushed[i] = (unsigned char)x;
		return 0;
	}
	if (!strcmp(k, "trim") || !strcmp(k, "label")) {
		if (num(v, &x) || x > 1)
			return -EINVAL;
		*(k[0] == 't' ? &j->trim : &j->label) = (int)x;
		return 0;
	}
	if (!strncmp(k, "seed.", 5)) {
		if (num(k + 5, &x) || x >= WIPE_MAX_PASSES)
			return -EINVAL;
		return wipe_pattern_seed_parse(v, &j->pats[x]);
	}
	if (!strcmp(k, "hist")) {
		unsigned long long h[6];
		char tail;
		if (sscanf(v, "%llu,%llu,%llu,%llu,%llu,%llu%c", &h[0], &h[1], &h[2], &h[3], &h[4], &h[5],
			   &tail) != 6)
			return -EINVAL;
		for (int i = 0; i < 6; i++)
			j->hist[i] = h[i];
		return 0;
	}
	if (!strcmp(k, "bad")) {
		char op[16];
		unsigned long long a, b;
		char tail;
		if (sscanf(v, "%15[a-z]:%llu:%llu%c", op, &a, &b, &tail) != 3 || !b || a + b < a)
			return -EINVAL;
		struct wipe_range r = { a, b, WIPE_OP_WRITE };
		if (!strcmp(op, "read")) r.op = WIPE_OP_READ;
		else if (!strcmp(op, "mismatch")) r.op = WIPE_OP_MISMATCH;
		else if (strcmp(op, "write")) return -EINVAL;
		if (j->nbad >= 1u << 20)
			return -EINVAL;
		struct wipe_range *n = realloc(j->bad, (j->nbad + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		j->bad = n;
		j->bad[j->nbad++] = r;
		return 0;
	}
	struct { const char *k; uint64_t *dst; unsigned bit; } nums[] = {
		{ "size", &j->size, 2 }, { "offset", &j->offset, 4 }, { "io_size", &j->io_size, 0 },
		{ "sample_seed", &j->sample_seed, 0 }, { "bytes_written", &j->bytes_written, 0 },
		{ "bytes_verified", &j->bytes_verified, 0 },
	};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(k, nums[i].k)) {
			if (num(v, nums[i].dst))
				return -EINVAL;
			*seen |= nums[i].bit;
			return 0;
		}
	if (!strcmp(k, "npasses") || !strcmp(k, "pass") || !strcmp(k, "sample_permille")) {
		if (num(v, &x) || x > 1000)
			return -EINVAL;
		if (!strcmp(k, "npasses")) { j->npasses = (int)x; *seen |= 8; }
		else if (!strcmp(k, "pass")) j->pass = (int)x;
		else j->sample_permille = (unsigned)x;
		return 0;
	}
	return 0; /* unknown key: ignored */
}

int wipe_journal_parse(const char *buf, size_t len, struct wipe_journal *j)
{
	memset(j, 0, sizeof(*j));
	if (len > (64u << 20))
		return -EINVAL;
	char *copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	int rc = 0;
	unsigned seen = 0;
	char *save = NULL, *line = strtok_r(copy, "\n", &save);
	if (!line || strcmp(line, WIPE_JOURNAL_SCHEMA) != 0 || strlen(line) != strlen(WIPE_JOURNAL_SCHEMA))
		rc = -EINVAL;
	while (!rc && (line = strtok_r(NULL, "\n", &save)))
		rc = parse_line(line, j, &seen);
	free(copy);
	/* npasses 0: a firmware method (the drive does the passes) */
	if (!rc && (seen != 15 || !*j->path || !*j->method || j->npasses < 0 ||
		    j->npasses > WIPE_MAX_PASSES || (j->npasses && j->pass >= j->npasses) || j->offset > j->size ||
		    !j->io_size || j->io_size % 512 || j->io_size > (256u << 20) ||
		    (j->verify == WIPE_VERIFY_SAMPLE && (!j->sample_permille || j->sample_permille > 1000))))
		rc = -EINVAL;
	if (rc)
		wipe_journal_release(j);
	return rc;
}

void wipe_journal_release(struct wipe_journal *j)
{
	free(j->bad);
	j->bad = NULL;
	j->nbad = 0;
	explicit_bzero(j->pats, sizeof(j->pats));
	explicit_bzero(j->ata_password, sizeof(j->ata_password));
}

void wipe_journal_path_for(const char *session, const struct wipe_target *t, char *buf, size_t size)
{
	char safe[64];
	size_t i = 0;
	for (const char *p = t->name; *p && i + 1 < sizeof(safe); p++)
		safe[i++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'
				   ? *p : '_');
	safe[i] = '\0';
	snprintf(buf, size, "%s/wipe-%s.journal", session, safe);
}

int wipe_journal_load(const char *path, struct wipe_journal *j)
{
	char *data = NULL;
	size_t len;
	int rc = reco_read_file("", path, &data, &len, 64 << 20);
	if (rc)
		return rc;
	rc = wipe_journal_parse(data, len, j);
	explicit_bzero(data, len);
	free(data);
	return rc;
}
