/*
 * reco sync — send the sealed reports queued on the stick to the
 * coordinators' registry (POST <URL>/api/reports), mark each one uploaded
 * or rejected, and leave the others queued for the next try.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/util.h"
#include "sync.h"

struct sync_control {
	const char *registry, *data, *session;
	int json, dry_run, retry_rejected, set_clock;
	long timeout_s;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco sync [options]\n\n"
		 "Send every sealed report of the data directory that was not sent yet\n"
		 "(sessions/*/*/report.json with report.json.sig and station.pem) to the\n"
		 "registry: POST <URL>/api/reports.  A report the registry stored (201) or\n"
		 "already had (200) gets report.json.uploaded; one it refused (422, with\n"
		 "its reason) gets report.json.rejected; any other answer (a proxy's\n"
		 "401/403/404/413, 5xx) or none keeps the report queued for the next\n"
		 "run, with the reason.  Unsigned (uncertified) reports are never sent.\n\n"
		 "Options:\n"
		 "      --registry URL       the registry (default: $RECO_REGISTRY, else\n"
		 "                           registry_url in <data>/reco.conf)\n"
		 "      --data DIR           data directory (default $RECO_DATA, else\n"
		 "                           /run/reco/data when it exists)\n"
		 "      --timeout SECONDS    per report (default 60)\n"
		 "      --retry-rejected     send rejected reports again\n"
		 "      --session DIR        only the report of this session\n"
		 "      --set-clock          set this computer's clock from the registry's\n"
		 "                           HTTP Date when it is not NTP-synchronised (with\n"
		 "                           --dry-run: only say how far off it is)\n"
		 "  -n, --dry-run            list what would be sent, send nothing\n"
		 "  -j, --json               the outcome (reco-sync/1) on stdout\n"
		 "  -h, --help               this help\n"
		 "  -V, --version            version\n\n"
		 "Exit 0 when every report found was sent (or there was none), 1 when\n"
		 "one was rejected, stays queued or is not signed, 2 usage, 3 no data\n"
		 "directory or no clock from the registry.\n\n"));
	fputs(cli_exit_codes_help(), stdout);
	exit(RECO_EXIT_OK);
}

/* registry_url from reco.conf (the menu documents the file). */
static int conf_registry(const char *data, char *out, size_t size)
{
	char path[4200], line[1024];
	snprintf(path, sizeof(path), "%s/reco.conf", data);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	int found = 0;
	while (fgets(line, sizeof(line), f)) {
		char *s = reco_strtrim(line), *eq = strchr(s, '=');
		if (*s == '#' || *s == ';' || !eq)
			continue;
		*eq = '\0';
		if (strcmp(reco_strtrim(s), "registry_url"))
			continue;
		char *v = reco_strtrim(eq + 1);
		size_t n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
			v[n - 1] = '\0', v++;
		snprintf(out, size, "%s", v);
		found = *v != '\0';
	}
	fclose(f);
	return found;
}

/* Keeps only the item of session dir (compared by real path); returns how
 * many are left (0 or 1). */
static int sync_only(struct sync_item *items, int n, const char *session)
{
	char want[4096], got[4096];
	if (!realpath(session, want))
		cli_die(RECO_EXIT_ENV, "%s: %s", session, strerror(errno));
	for (int i = 0; i < n; i++)
		if (realpath(items[i].dir, got) && !strcmp(got, want)) {
			if (i)
				items[0] = items[i];
			return 1;
		}
	return 0;
}

/* --set-clock: the registry's HTTP Date becomes this computer's time when
 * no NTP client keeps it, and /run/reco/clock ($RECO_CLOCK_FILE) records
 * it for reco report seal.  Exit 0 set (or already right), 3 no answer. */
static int sync_set_clock(const char *registry, long timeout_s, int dry_run)
{
	struct timex tx;
	memset(&tx, 0, sizeof(tx));
	int st = adjtimex(&tx);
	if (st >= 0 && st != TIME_ERROR && !(tx.status & STA_UNSYNC)) {
		printf("%s\n", _("reco sync: the clock is kept by NTP: left as it is"));
		return RECO_EXIT_OK;
	}
	struct reco_err e = { 0 };
	time_t date;
	if (sync_registry_date(registry, timeout_s, &date, &e))
		cli_die(RECO_EXIT_ENV, "%s", e.msg);
	time_t now = time(NULL);
	char d[32], n[32];
	reco_time_rfc3339(date, d, sizeof(d));
	reco_time_rfc3339(now, n, sizeof(n));
	if (dry_run) {
		printf(_("reco sync: the registry says %s, this computer %s (%+lld s)\n"), d, n,
		       (long long)(now - date));
		return RECO_EXIT_OK;
	}
	if (llabs((long long)(now - date)) > 2) {
		struct timespec ts = { .tv_sec = date };
		if (clock_settime(CLOCK_REALTIME, &ts) != 0)
			cli_die(RECO_EXIT_ENV, _("cannot set the clock to %s: %s"), d, strerror(errno));
		printf(_("reco sync: clock set from %s: %s (it said %s)\n"), registry, d, n);
	} else {
		printf(_("reco sync: the clock agrees with %s (%s)\n"), registry, d);
	}
	const char *f = getenv("RECO_CLOCK_FILE");
	char line[2048];
	snprintf(line, sizeof(line), "source=registry from=%s set_at=%s\n", registry, d);
	int rc = reco_write_file_atomic(f && *f ? f : "/run/reco/clock", line, strlen(line), 0644);
	if (rc)
		cli_warn(_("%s: cannot record the clock's source: %s"), f && *f ? f : "/run/reco/clock", strerror(-rc));
	return RECO_EXIT_OK;
}

int main(int argc, char **argv)
{
	enum { OPT_REGISTRY = 256, OPT_DATA, OPT_TIMEOUT, OPT_RETRY, OPT_SESSION, OPT_SET_CLOCK };
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, OPT_REGISTRY },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "retry-rejected", no_argument, NULL, OPT_RETRY },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "set-clock", no_argument, NULL, OPT_SET_CLOCK },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sync_control ctl = { .timeout_s = 60 };
	int c;

	cli_init("sync");
	while ((c = getopt_long(argc, argv, "njhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_REGISTRY: ctl.registry = optarg; break;
		case OPT_DATA: ctl.data = optarg; break;
		case OPT_TIMEOUT: ctl.timeout_s = (long)cli_num_or_err(optarg, 1, 3600, _("invalid timeout")); break;
		case OPT_RETRY: ctl.retry_rejected = 1; break;
		case OPT_SESSION: ctl.session = optarg; break;
		case OPT_SET_CLOCK: ctl.set_clock = 1; break;
		case 'n': ctl.dry_run = 1; break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), cli_name());
			return RECO_EXIT_USAGE;
		}
	}
	if (optind < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[optind]);

	char data[4096], reg[1024];
	const char *env = getenv("RECO_DATA");
	if (ctl.data)
		snprintf(data, sizeof(data), "%s", ctl.data);
	else if (env && *env)
		snprintf(data, sizeof(data), "%s", env);
	else if (access("/run/reco/data", F_OK) == 0)
		snprintf(data, sizeof(data), "/run/reco/data");
	else if (reco_data_dir(data, sizeof(data)))
		cli_die(RECO_EXIT_ENV, _("no data directory (use --data)"));
	if (access(data, F_OK))
		cli_die(RECO_EXIT_ENV, "%s: %s", data, strerror(errno));
	const char *renv = getenv("RECO_REGISTRY");
	if (!ctl.registry && renv && *renv)
		ctl.registry = renv;
	if (!ctl.registry && conf_registry(data, reg, sizeof(reg)))
		ctl.registry = reg;
	if (!ctl.registry)
		cli_usage_error(_("no registry URL (--registry URL, $RECO_REGISTRY or registry_url in %s/reco.conf)"),
				data);
	if (strncmp(ctl.registry, "http://", 7) && strncmp(ctl.registry, "https://", 8))
		cli_usage_error(_("invalid registry URL '%s' (http:// or https://)"), ctl.registry);

	if (ctl.set_clock)
		return sync_set_clock(ctl.registry, ctl.timeout_s, ctl.dry_run);

	struct sync_item *items = NULL;
	int n = sync_scan(data, ctl.retry_rejected, &items);
	if (n < 0)
		cli_die(RECO_EXIT_ENV, _("%s/sessions: %s"), data, strerror(-n));
	if (ctl.session)
		n = sync_only(items, n, ctl.session);
	json_t *out = json_pack("{s:s,s:s,s:[],s:[],s:[],s:[]}", "schema", "reco-sync/1", "registry", ctl.registry,
				"uploaded", "rejected", "queued", "skipped");
	int uploaded = 0, rejected = 0, queued = 0, skipped = 0, down = 0;
	for (int i = 0; i < n; i++) {
		const char *dir = items[i].dir;
		json_t *entry = json_pack("{s:s}", "session", dir);
		if (!items[i].sealed) {
			if (!ctl.json)
				printf(_("%s: not signed (uncertified station): not sent\n"), dir);
			json_array_append_new(json_object_get(out, "skipped"), entry);
			skipped++;
			continue;
		}
		if (ctl.dry_run || down) {
			if (!ctl.json && ctl.dry_run)
				printf(_("%s: would be sent\n"), dir);
			json_array_append_new(json_object_get(out, "queued"), entry);
			queued++;
			continue;
		}
		struct reco_err e = { 0 };
		char *body = sync_envelope(dir, &e);
		if (!body) {
			cli_warn("%s", e.msg);
			json_object_set_new(entry, "reason", json_string(e.msg));
			json_array_append_new(json_object_get(out, "queued"), entry);
			queued++;
			continue;
		}
		long status = 0;
		char *answer = NULL;
		int rc = sync_post(ctl.registry, body, ctl.timeout_s, &status, &answer, &e);
		free(body);
		if (rc) {
			/* no network or no server: the rest would fail the same way */
			cli_warn("%s", e.msg);
			down = 1;
			json_object_set_new(entry, "reason", json_string(e.msg));
			json_array_append_new(json_object_get(out, "queued"), entry);
			queued++;
			continue;
		}
		char reason[512];
		sync_reason(answer, status, reason, sizeof(reason));
		free(answer);
		enum sync_verdict v = sync_classify(status);
		json_object_set_new(entry, "http_status", json_integer(status));
		if (v == SYNC_QUEUED) {
			cli_warn(_("%s: the registry answered %ld (%s): kept in the queue"), dir, status, reason);
			json_object_set_new(entry, "reason", reco_json_string_lossy(reason));
			json_array_append_new(json_object_get(out, "queued"), entry);
			queued++;
			continue;
		}
		int mrc = sync_mark(dir, v, ctl.registry, status, reason);
		if (mrc)
			cli_warn(_("%s: cannot record the outcome: %s"), dir, strerror(-mrc));
		if (v == SYNC_UPLOADED) {
			if (!ctl.json)
				printf(status == 201 ? _("%s: sent (stored by the registry)\n")
						     : _("%s: sent (the registry already had it)\n"), dir);
			json_array_append_new(json_object_get(out, "uploaded"), entry);
			uploaded++;
		} else {
			cli_warn(_("%s: rejected by the registry (%ld): %s"), dir, status, reason);
			json_object_set_new(entry, "reason", reco_json_string_lossy(reason));
			json_array_append_new(json_object_get(out, "rejected"), entry);
			rejected++;
		}
	}
	free(items);
	if (ctl.json) {
		char *s = json_dumps(out, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else if (!ctl.dry_run) {
		printf(_("reco sync: %d sent, %d rejected, %d still queued, %d not signed\n"), uploaded, rejected,
		       queued, skipped);
	}
	json_decref(out);
	if (down)
		fprintf(stderr, _("reco sync: %s cannot be reached: %d report(s) stay queued in %s (not sent); run reco sync again once the network is up\n"),
			ctl.registry, queued, data);
	if (skipped && !ctl.json)
		fprintf(stderr, _("reco sync: %d report(s) not signed (no station key when sealed): never sent; seal them again with the station key\n"),
			skipped);
	return !ctl.dry_run && (rejected || skipped || queued) ? RECO_EXIT_FAIL : RECO_EXIT_OK;
}
