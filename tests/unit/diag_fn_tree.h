/*
 * diag_fn_tree.h — what the unit tests of reco diag's function parts share:
 * a sysfs tree built in a temporary directory (put, lnk, mkd under troot),
 * the part accessors, a context over the tree as under --root, and a
 * kernel log with firmware failures, and the verdict-path checker
 * (check_cases).  Static inline: each test program
 * includes it once.
 */
#ifndef RECO_TEST_DIAG_FN_TREE_H
#define RECO_TEST_DIAG_FN_TREE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/functions.h"

static char top[2048] = ".";

/* The top of the tree: $RECO_TOP, else the current directory. */
static inline void top_from_env(void)
{
	const char *t = getenv("RECO_TOP");
	if (t)
		snprintf(top, sizeof(top), "%s", t);
}

/* A test that works on a sysfs tree of its own. */
#define T(f) cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)

/* ---- a sysfs tree in a temporary directory ------------------------------- */

static char troot[256];

static inline void mkparents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
}

/* Writes text to troot/rel (creating the directories). */
static inline void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline void putbin(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* A symlink troot/rel -> target (relative, as in sysfs). */
static inline void lnk(const char *rel, const char *target)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	mkparents(path);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static inline void mkd(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s/x", troot, rel);
	mkparents(path);
}

static inline int tree_setup(void **state)
{
	(void)state;
	snprintf(troot, sizeof(troot), "/tmp/reco-test-fn.XXXXXX");
	assert_non_null(mkdtemp(troot));
	return 0;
}

static inline int tree_teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", troot);
	return system(cmd) == 0 ? 0 : -1;
}

static inline int64_t metric(const struct diag_part *p, const char *name)
{
	int64_t v;
	if (!diag_metric_get(p, name, &v))
		fail_msg("%s %s: no metric %s", p->part, p->id, name);
	return v;
}

static inline int has_metric(const struct diag_part *p, const char *name)
{
	int64_t v;
	return diag_metric_get(p, name, &v);
}

static inline const char *dstr(const struct diag_part *p, const char *key)
{
	return json_string_value(json_object_get(p->details, key));
}

/* The state code a part was left in ("" when none). */
static inline const char *state_of(const struct diag_part *p)
{
	return p->state ? p->state->code : "";
}

static inline void release(struct diag_part *p, int n)
{
	for (int i = 0; i < n; i++)
		diag_part_release(&p[i]);
}

/* A context over troot, as under --root, with the tree's kernel log and
 * rfkill switches read. */
static struct diag_fw_log g_fw;
static struct diag_rfkill g_rf[DIAG_RFKILL_MAX];
static inline void ctx_root(struct diag_fn_ctx *c)
{
	diag_fn_ctx_init(c, troot, 0, &g_fw, g_rf, DIAG_RFKILL_MAX);
}

/* ---- a kernel log with firmware failures --------------------------------- */

static const char kmsg[] =
	"6,339,5140900,-;iwlwifi 0000:02:00.0: enabling device (0000 -> 0002)\n"
	" SUBSYSTEM=pci\n"
	" DEVICE=+pci:0000:02:00.0\n"
	"4,340,5141000,-;iwlwifi 0000:02:00.0: Direct firmware load for iwlwifi-8265-36.ucode failed with error -2\n"
	"4,341,5141001,-;iwlwifi 0000:02:00.0: Direct firmware load for iwlwifi-8265-36.ucode failed with error -2\n"
	"3,342,5141002,-;iwlwifi 0000:02:00.0: no suitable firmware found!\n"
	"3,343,5141100,-;Bluetooth: hci0: RTL: firmware file rtl_bt/rtl8822cu_fw.bin not found\n"
	"3,344,5141200,-;Bluetooth: hci0: RTL: loading rtl_bt/rtl8822cu_config.bin\n"
	"4,345,5141300,-;r8169 0000:03:00.0: firmware: failed to load rtl_nic/rtl8168h-2.fw (-2)\n"
	"[    7.123456] bluetooth hci1: Failed to load Intel firmware file intel/ibt-17-16-1.sfi (-2)\n"
	"6,346,5141400,-;usb 1-4: new high-speed USB device number 3 using xhci_hcd\n"
	"3,347,5141500,-;Direct firmware load for orphan.bin failed with error -2\n";

/* Radio switches: phy0 open behind a closed hp-wifi switch, hci0 and
 * phy1 blocked. */
static inline void rfkill_tree(void)
{
	put("sys/class/rfkill/rfkill0/name", "phy0\n");
	put("sys/class/rfkill/rfkill0/type", "wlan\n");
	put("sys/class/rfkill/rfkill0/soft", "0\n");
	put("sys/class/rfkill/rfkill0/hard", "0\n");
	put("sys/class/rfkill/rfkill1/name", "hp-wifi\n");
	put("sys/class/rfkill/rfkill1/type", "wlan\n");
	put("sys/class/rfkill/rfkill1/soft", "0\n");
	put("sys/class/rfkill/rfkill1/hard", "1\n");
	put("sys/class/rfkill/rfkill2/name", "hci0\n");
	put("sys/class/rfkill/rfkill2/type", "bluetooth\n");
	put("sys/class/rfkill/rfkill2/soft", "1\n");
	put("sys/class/rfkill/rfkill2/hard", "0\n");
	put("sys/class/rfkill/rfkill3/name", "phy1\n");
	put("sys/class/rfkill/rfkill3/type", "wlan\n");
	put("sys/class/rfkill/rfkill3/soft", "1\n");
	put("sys/class/rfkill/rfkill3/hard", "1\n");
}


/* ---- verdict paths: metrics and a state in, a verdict and a code out ------ */

struct fn_case {
	const char *part;
	const char *metrics; /* "name=value name=value" */
	const char *state;   /* a state set by the check, or NULL */
	enum diag_verdict verdict;
	const char *rule;    /* the explaining code; NULL on PASS */
};

/* Judges each case's part and checks its verdict and explaining code; every
 * code renders as a sentence of its own, never as the code. */
static inline void check_cases(const struct fn_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct fn_case *fc = &cases[i];
		struct diag_part p;
		assert_int_equal(diag_part_init(&p, fc->part, fc->part), 0);
		/* metric names must be static strings: take them from the case */
		static char names[16][64];
		size_t nn = 0;
		char buf[512];
		snprintf(buf, sizeof(buf), "%s", fc->metrics);
		for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			char *eq = strchr(t, '=');
			assert_non_null(eq);
			*eq = '\0';
			snprintf(names[nn], sizeof(names[nn]), "%s", t);
			diag_metric_set(&p, names[nn], strtoll(eq + 1, NULL, 10));
			nn++;
		}
		if (fc->state)
			assert_int_equal(diag_part_state(&p, fc->state, NULL), 0);
		diag_part_judge(&p);
		json_t *j = diag_part_json(&p);
		const char *rule = json_string_value(json_object_get(j, "rule"));
		if (p.verdict != fc->verdict || (fc->rule ? !rule || strcmp(rule, fc->rule) : rule != NULL))
			fail_msg("case %zu (%s: %s): got %s %s, want %s %s", i, fc->part, fc->metrics,
				 diag_verdict_name(p.verdict), rule ? rule : "-", diag_verdict_name(fc->verdict),
				 fc->rule ? fc->rule : "-");
		char *reason = diag_json_reason(j, 0);
		assert_non_null(reason);
		if (rule)
			assert_string_not_equal(reason, rule);
		free(reason);
		json_decref(j);
		diag_part_release(&p);
	}
}

#endif
