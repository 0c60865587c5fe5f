/*
 * result.c — wipe.json (schema reco-wipe/1, reports/schema): the standards
 * followed (NIST SP 800-88 Rev. 2, IEEE 2883-2022), then one entry per
 * target with identity, the state before the wipe, method, its
 * sanitization category on this media (claimed only when erased) and
 * passes (with seeds), the validation and its actual coverage, bad ranges,
 * the read-latency surface, times, throughput and the verdict.  Integers and
 * strings only.
 */
#include "wipe.h"
#include "fw_wipe.h"

#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

const char *wipe_result_name(enum wipe_result r)
{
	switch (r) {
	case WIPE_RESULT_ERASED: return "erased";
	case WIPE_RESULT_ABORTED: return "aborted";
	default: return "failed";
	}
}

const char *wipe_phase_name(int phase)
{
	static const char *n[] = { "write", "verify", "finish", "done" };
	return phase >= 0 && phase < 4 ? n[phase] : "write";
}

const char *wipe_verify_name(enum wipe_verify v)
{
	return v == WIPE_VERIFY_SAMPLE ? "sample" : v == WIPE_VERIFY_NONE ? "none" : "full";
}

static json_t *pass_json(const struct wipe_job *job, int i)
{
	const struct wipe_pattern *p = &job->s.pats[i];
	json_t *o = json_object();
	json_object_set_new(o, "pass", json_integer(i + 1));
	json_object_set_new(o, "pattern", json_string(wipe_pattern_name(p)));
	if (p->kind == WIPE_PASS_RANDOM) {
		char seed[160], hex[65];
		wipe_pattern_seed_string(p, seed, sizeof(seed));
		json_object_set_new(o, "seed", json_string(seed));
		json_object_set_new(o, "cipher", json_string(wipe_pattern_cipher_name(p->cipher)));
		reco_hex(p->key, p->cipher == WIPE_CIPHER_CHACHA20 ? 32 : 16, hex);
		json_object_set_new(o, "key", json_string(hex));
		reco_hex(p->iv, 16, hex);
		json_object_set_new(o, "iv", json_string(hex));
	} else {
		char hex[8];
		reco_hex(p->bytes, (size_t)p->len, hex);
		json_object_set_new(o, "bytes", json_string(hex));
	}
	/* from the counters, never from the phase: "written" is the whole
	 * target, flushed */
	uint64_t w = atomic_load((_Atomic uint64_t *)&job->res.pass_written[i]);
	const char *st = job->s.verify_only ? "expected" :
			 w == job->t.size && job->res.pass_flushed[i] ? "written" : w ? "partial" : "pending";
	json_object_set_new(o, "status", json_string(st));
	if (!job->s.verify_only)
		json_object_set_new(o, "bytes_written", json_integer((json_int_t)w));
	return o;
}

json_t *wipe_result_target(const struct wipe_job *job)
{
	const struct wipe_target *t = &job->t;
	json_t *o = json_object();
	char ts[32];
	json_object_set_new(o, "path", json_string(t->path));
	json_object_set_new(o, "model", reco_json_string_lossy(t->model));
	json_object_set_new(o, "serial", reco_json_string_lossy(t->serial));
	json_object_set_new(o, "wwn", reco_json_string_lossy(t->wwn));
	json_object_set_new(o, "size_bytes", json_integer((json_int_t)t->size));
	json_object_set_new(o, "logical_sector_size", json_integer(t->lss));
	json_object_set_new(o, "physical_sector_size", json_integer(t->pss));
	json_object_set_new(o, "transport", json_string(t->transport));
	json_object_set_new(o, "kind", json_string(t->kind == WIPE_KIND_FILE ? "file" : "block"));
	if (t->is_partition)
		json_object_set_new(o, "partition_of", json_string(t->parent));
	json_object_set_new(o, "method", json_string(job->s.verify_only ? "verify-only" : job->s.m->name));
	/* the category claimed: the method's on this media, when erased */
	json_object_set_new(o, "nist_category", json_string(wipe_achieved_category(job)));
	if (!job->s.verify_only)
		json_object_set_new(o, "sanitization", wipe_class_json(job));
	if (job->res.fw) {
		json_t *fw = fw_outcome_json(job->res.fw), *sc = json_array();
		for (int i = 0; i < job->s.scope.n; i++)
			json_array_append_new(sc, json_string(job->s.scope.path[i]));
		json_object_set_new(fw, "scope", sc);
		if (job->s.scope.why[0])
			json_object_set_new(fw, "scope_why", json_string(job->s.scope.why));
		json_object_set_new(o, "firmware", fw);
	}
	if (job->res.hpa.ata)
		json_object_set_new(o, "hpa", fw_hpa_json(&job->res.hpa));
	if (job->s.auto_why[0]) {
		json_t *a = json_object();
		json_object_set_new(a, "chosen", json_string(job->s.m ? job->s.m->name : ""));
		json_object_set_new(a, "why", json_string(job->s.auto_why));
		json_object_set_new(o, "auto", a);
	}
	json_t *passes = json_array();
	for (int i = 0; i < job->s.npasses; i++)
		json_array_append_new(passes, pass_json(job, i));
	json_object_set_new(o, "passes", passes);

	uint64_t bv = atomic_load(&job->res.bytes_verified), bw = atomic_load(&job->res.bytes_written);
	json_t *v = json_object();
	/* NIST SP 800-88 Rev. 2 calls this the validation of the result */
	json_object_set_new(v, "kind", json_string("validation"));
	json_object_set_new(v, "mode", json_string(wipe_verify_name(job->o.verify)));
	json_object_set_new(v, "coverage_permille", json_integer((json_int_t)(t->size ? bv * 1000 / t->size : 0)));
	json_object_set_new(v, "bytes_read", json_integer((json_int_t)bv));
	json_object_set_new(v, "compared_with",
			    json_string(job->res.fw ? "content before the firmware command (hashes of a sample)"
						: "regenerated pattern"));
	if (job->o.verify == WIPE_VERIFY_SAMPLE || job->res.fw) {
		if (job->res.fw)
			json_object_set_new(v, "mode", json_string("sample"));
		json_object_set_new(v, "requested_permille", json_integer(job->s.plan.permille));
		json_object_set_new(v, "subsections", json_integer((json_int_t)job->s.plan.subsections));
		json_object_set_new(v, "sample_block_bytes", json_integer((json_int_t)job->s.plan.block));
		json_object_set_new(v, "planned_bytes", json_integer((json_int_t)job->s.plan.bytes));
		char seed[32];
		snprintf(seed, sizeof(seed), "%016llx", (unsigned long long)job->s.sample_seed);
		json_object_set_new(v, "sample_seed", json_string(seed));
		json_object_set_new(v, "standard",
				    json_string("NIST SP 800-88 Rev. 2 validation, sampled as Rev. 1 section 4.7.1 "
						"(at least 1000 subsections, first and last block)"));
	}
	json_object_set_new(o, "verification", v);
	json_object_set_new(o, "bytes_written", json_integer((json_int_t)bw));
	json_object_set_new(o, "bytes_verified", json_integer((json_int_t)bv));

	json_t *bad = json_array();
	struct wipe_ranges *br = (struct wipe_ranges *)&job->res.bad;
	pthread_mutex_lock(&br->lock);
	for (size_t i = 0; i < br->n; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "first_lba", json_integer((json_int_t)br->v[i].first));
		json_object_set_new(r, "count", json_integer((json_int_t)br->v[i].count));
		json_object_set_new(r, "op", json_string(wipe_ranges_op_name(br->v[i].op)));
		json_array_append_new(bad, r);
	}
	pthread_mutex_unlock(&br->lock);
	json_object_set_new(o, "bad_ranges", bad);

	json_t *surf = json_object(), *h = json_object(), *slow = json_array();
	static const char *keys[] = { "lt5ms", "lt20ms", "lt50ms", "lt150ms", "lt500ms", "ge500ms" };
	for (int i = 0; i < 6; i++)
		json_object_set_new(h, keys[i], json_integer((json_int_t)atomic_load(&job->res.hist[i])));
	for (int i = 0; i < WIPE_SLOWEST && job->res.slowest[i].lba != UINT64_MAX; i++) {
		json_t *s = json_object();
		json_object_set_new(s, "lba", json_integer((json_int_t)job->res.slowest[i].lba));
		json_object_set_new(s, "ms", json_integer((json_int_t)job->res.slowest[i].ms));
		json_array_append_new(slow, s);
	}
	json_object_set_new(surf, "latency_histogram", h);
	json_object_set_new(surf, "slowest", slow);
	json_object_set_new(surf, "request_bytes", json_integer((json_int_t)job->o.io_size));
	json_object_set_new(o, "surface", surf);

	reco_time_rfc3339(job->res.started, ts, sizeof(ts));
	json_object_set_new(o, "started", json_string(ts));
	reco_time_rfc3339(job->res.finished_at ? job->res.finished_at : time(NULL), ts, sizeof(ts));
	json_object_set_new(o, "finished", json_string(ts));
	uint64_t ms = job->res.active_ns / 1000000;
	json_object_set_new(o, "duration_ms", json_integer((json_int_t)ms));
	json_object_set_new(o, "throughput_bytes_per_s",
			    json_integer((json_int_t)(ms ? (bw + bv) * 1000 / ms : 0)));
	json_t *io = json_object();
	json_object_set_new(io, "direct", json_boolean(t->direct));
	json_object_set_new(io, "exclusive", json_boolean(t->excl));
	json_object_set_new(io, "request_bytes", json_integer((json_int_t)job->o.io_size));
	json_object_set_new(io, "queue_depth", json_integer(job->live.nworkers));
	json_object_set_new(io, "flush", json_string(job->res.flush_checked ? job->res.flush_msg : "none"));
	json_object_set_new(o, "io", io);
	json_object_set_new(o, "trim", json_string(job->res.trimmed > 0 ? "done" : job->res.trimmed < 0 ? "unsupported" :
						   "not requested"));
	if (job->o.label_gpt)
		json_object_set_new(o, "label", json_string(job->res.labelled > 0 ? "gpt" : "failed"));
	if (job->res.before)
		json_object_set_new(o, "before", json_incref(job->res.before));
	if (job->s.fault_injection)
		json_object_set_new(o, "fault_injection", json_true());
	const char *sim = getenv("RECO_WIPE_SIMULATE");
	if (sim && *sim) /* firmware commands and hidden areas came from the simulated drive */
		json_object_set_new(o, "simulated_drive", json_string(sim));
	if (atomic_load(&job->live.finished)) {
		json_object_set_new(o, "result", json_string(wipe_result_name(job->res.result)));
		json_object_set_new(o, "reason", json_string(job->res.reason));
	} else { /* a provisional record, written while the job runs */
		json_object_set_new(o, "result", json_string("aborted"));
		json_object_set_new(o, "reason",
				    json_string(_("the wipe had not finished when this file was written: if reco was "
						  "interrupted, resume it, or unlock the drive (reco wipe --unlock) when "
						  "firmware.ata_password says a password is set")));
	}
	json_object_set_new(o, "resumed", json_boolean(job->res.resumed));
	return o;
}

json_t *wipe_result_document(json_t *targets)
{
	json_t *d = json_object(), *tool = json_object();
	json_object_set_new(tool, "name", json_string("reco wipe"));
	json_object_set_new(tool, "version", json_string(reco_version()));
	json_object_set_new(d, "schema", json_string(WIPE_SCHEMA));
	json_object_set_new(d, "tool", tool);
	json_t *std = json_array();
	static const char *const standards[] = { WIPE_STANDARDS };
	for (size_t i = 0; i < sizeof(standards) / sizeof(standards[0]); i++)
		json_array_append_new(std, json_string(standards[i]));
	json_object_set_new(d, "standards", std);
	json_object_set_new(d, "targets", targets);
	return d;
}
