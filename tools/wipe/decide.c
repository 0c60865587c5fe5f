/*
 * decide.c — the one place where a wipe's result is decided.
 *
 * "erased" is given only from the counters of this run and of the runs it
 * resumes, never from the journal's word (its phase and offset only say
 * where to restart): for an overwrite, every pass wrote the whole target
 * (bytes counted per pass; their sum is passes × size), the cache was
 * flushed with success after the last pass, and the verification read what
 * its mode promises (full: every byte, compared with the regenerated
 * pattern; sample: every extent of the NIST plan) in this run; for a
 * firmware method, the command completed and the sampled read-back after it
 * covered the whole plan and found every block changed.  Bad sectors, a
 * hidden area left in place or a failed GPT make it "failed"; a stop by
 * signal makes it "aborted".  Anything short of that says what is missing.
 */
#include "wipe.h"
#include "fw.h"
#include "fw_wipe.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"

#define SET(...) snprintf(job->res.reason, sizeof(job->res.reason), __VA_ARGS__)

static int fail(struct wipe_job *job)
{
	job->res.result = WIPE_RESULT_FAILED;
	return 1;
}

/* Checks shared by every method, after the data path: bad ranges, hidden
 * areas, the GPT.  Returns 1 when the result is decided (failed). */
static int common_failures(struct wipe_job *job)
{
	uint64_t w = wipe_ranges_total(&job->res.bad, WIPE_OP_WRITE), r = wipe_ranges_total(&job->res.bad, WIPE_OP_READ),
		 m = wipe_ranges_total(&job->res.bad, WIPE_OP_MISMATCH);
	if (w || r || m) {
		SET(_("%llu unwritable, %llu unreadable and %llu mismatching sectors (listed in bad_ranges)"),
		    (unsigned long long)w, (unsigned long long)r, (unsigned long long)m);
		return fail(job);
	}
	const struct wipe_hpa *h = &job->res.hpa;
	if (!job->s.verify_only && wipe_hidden_hpa(h)) {
		SET(_("every visible block was written and verified, but a Host Protected Area of %llu "
		      "sectors stays hidden and was not wiped: run again with --remove-hpa"),
		    (unsigned long long)wipe_hidden_hpa(h));
		return fail(job);
	}
	if (!job->s.verify_only && wipe_hidden_dco(h)) {
		SET(_("every visible block was written and verified, but a Device Configuration Overlay hides "
		      "%llu sectors that were not wiped: run again with --restore-dco"),
		    (unsigned long long)wipe_hidden_dco(h));
		return fail(job);
	}
	if (!job->s.verify_only && h->checked && job->t.lss && job->t.size / job->t.lss < h->after_max) {
		SET(_("the drive shows %llu sectors but only %llu were wiped (the kernel did not see the new "
		      "capacity): reboot and wipe again"),
		    (unsigned long long)h->after_max, (unsigned long long)(job->t.size / job->t.lss));
		return fail(job);
	}
	if (job->res.labelled < 0) {
		SET(_("erased and verified, but writing the GPT failed: %s"), job->res.label_msg);
		return fail(job);
	}
	return 0;
}

/* "erased" says what it covers: an ATA disk whose hidden areas could not
 * be read says so in the reason. */
static void note_unchecked(struct wipe_job *job)
{
	const struct wipe_hpa *h = &job->res.hpa;
	size_t n = strlen(job->res.reason);
	if (job->s.verify_only || !h->ata || n >= sizeof(job->res.reason) - 1)
		return;
	if (!h->checked)
		snprintf(job->res.reason + n, sizeof(job->res.reason) - n, _("; hidden areas (HPA/DCO) not checked: %s"),
			 h->not_checked);
	else if (!h->dco_checked)
		snprintf(job->res.reason + n, sizeof(job->res.reason) - n, _("; DCO not checked: %s"), h->dco_not_checked);
}

static void decide_firmware(struct wipe_job *job)
{
	const struct wipe_fw_outcome *o = job->res.fw;
	const struct fw_method_info *info = fw_method_by_name(job->s.m->name);
	const char *cmd = info ? info->command : job->s.m->name;
	if (!o) {
		SET("%s", job->res.error[0] ? job->res.error : _("out of memory"));
		fail(job);
		return;
	}
	if (o->error[0]) {
		SET("%s", o->error);
		fail(job);
		return;
	}
	if (strcmp(o->status, "ok") != 0) {
		/* The remedy is recorded in full under "firmware"; the reason may
		 * be cut. */
		if (snprintf(job->res.reason, sizeof(job->res.reason), "%s: %s%s%s", cmd, o->fw_reason,
			     o->remedy[0] ? " — " : "", o->remedy) >= (int)sizeof(job->res.reason))
			job->res.reason[sizeof(job->res.reason) - 1] = '\0';
		fail(job);
		return;
	}
	if (o->unchanged_units || o->wrong_content_units) {
		SET(_("verification failed: the drive reported success but %llu of %llu sampled blocks "
		      "still hold their previous or unexpected content"),
		    (unsigned long long)(o->unchanged_units + o->wrong_content_units),
		    (unsigned long long)o->sampled_units);
		fail(job);
		return;
	}
	if (common_failures(job))
		return;
	uint64_t read = atomic_load(&job->res.bytes_verified);
	if (!job->s.plan.bytes || read != job->s.plan.bytes || o->sampled_units != o->planned_units) {
		SET(_("%s completed, but the check after it read %llu of the %llu bytes it planned"), cmd,
		    (unsigned long long)read, (unsigned long long)job->s.plan.bytes);
		fail(job);
		return;
	}
	job->res.result = WIPE_RESULT_ERASED;
	if (o->inconclusive_units == o->sampled_units)
		SET(_("%s completed; the sampled blocks held only zeros before, so the sample cannot show the change"),
		    cmd);
	else
		SET(_("%s completed and every sampled block changed"), cmd);
	note_unchecked(job);
}

void wipe_decide(struct wipe_job *job, int stopped)
{
	job->res.reason[0] = '\0';
	if (stopped && !job->res.error[0]) {
		job->res.result = WIPE_RESULT_ABORTED;
		SET(_("interrupted during %s of pass %d of %d; resume with --resume"),
		    wipe_phase_name(atomic_load(&job->live.phase)), atomic_load(&job->live.pass) + 1, job->s.npasses);
		return;
	}
	if (job->res.error[0]) {
		SET("%s", job->res.error);
		fail(job);
		return;
	}
	if (job->s.m && job->s.m->run) {
		decide_firmware(job);
		return;
	}
	if (common_failures(job))
		return;
	uint64_t size = job->t.size;
	if (!job->s.verify_only) {
		uint64_t sum = 0;
		for (int p = 0; p < job->s.npasses; p++) {
			uint64_t w = atomic_load(&job->res.pass_written[p]);
			sum += w;
			if (w != size) {
				SET(_("pass %d of %d wrote %llu of %llu bytes"), p + 1, job->s.npasses,
				    (unsigned long long)w, (unsigned long long)size);
				fail(job);
				return;
			}
		}
		if (job->s.npasses < 1 || sum != (uint64_t)job->s.npasses * size) {
			SET(_("%llu bytes written instead of %d × %llu"), (unsigned long long)sum, job->s.npasses,
			    (unsigned long long)size);
			fail(job);
			return;
		}
		if (!job->res.pass_flushed[job->s.npasses - 1]) {
			SET(_("the device cache could not be flushed (%s)"), job->res.flush_msg[0] ? job->res.flush_msg : "-");
			fail(job);
			return;
		}
	}
	if (job->o.verify == WIPE_VERIFY_NONE) {
		SET("%s", _("every block was written but nothing was verified (--verify none)"));
		fail(job);
		return;
	}
	uint64_t want = job->o.verify == WIPE_VERIFY_SAMPLE ? job->s.plan.bytes : size;
	uint64_t read = atomic_load(&job->res.bytes_verified);
	if (!want || read != want) {
		SET(_("the verification read %llu of the %llu bytes it planned"), (unsigned long long)read,
		    (unsigned long long)want);
		fail(job);
		return;
	}
	job->res.result = WIPE_RESULT_ERASED;
	if (job->s.verify_only)
		SET("%s", _("the content read back is the expected one"));
	else if (job->o.verify == WIPE_VERIFY_FULL)
		SET("%s", _("every block was written and read back with the expected content"));
	else
		SET("%s", _("every block was written; sampled verification found the expected content"));
	note_unchecked(job);
}
