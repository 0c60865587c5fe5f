/*
 * flow.c — the walk-through as a state machine:
 *
 *   LOADING ─► SUMMARY ─Enter─► DIAG ─► [GUIDED] ─► CONFIRM (each disk) ─► WIPE ─► REPORT ─► RESULT
 *                 │ S (skip diag) ───────►┘   │ Esc: no wipe ────────────►┘
 *   Repair Café:  SUMMARY ─Enter─► DIAG ─► RESULT (the diagnosis sheet; never a wipe)
 *
 * With no disk to wipe, CONFIRM and WIPE are passed by.  GUIDED (the
 * guided tests a person answers) follows the diagnosis when a person is at
 * the screen (guided_on: the text menu, not the unattended mode); a test
 * skipped there never stops the walk-through.  The verdict
 * (menu_flow_passed) is PASS only when every step that should run ran well,
 * the diagnosis ran and was complete (skipped diagnostics, or parts not
 * tested, never end in a PASS), every disk of this computer could be wiped,
 * and the report is signed and kept on a stick (or sent).
 */
#include "menu.h"

void menu_flow_init(struct menu_flow *f, int repair_cafe)
{
	*f = (struct menu_flow){ .st = MS_LOADING, .repair_cafe = repair_cafe };
}

static enum menu_state after_diag(struct menu_flow *f)
{
	if (f->repair_cafe)
		return MS_RESULT;
	if (f->no_disk_list) {
		f->wipe = MO_FAIL;
		return MS_REPORT;
	}
	if (f->n_targets > 0) {
		f->confirm_idx = 0;
		return MS_CONFIRM;
	}
	/* nothing to wipe; a disk of this computer that cannot be wiped
	 * (busy, read-only...) is a failure to resolve, never "nothing to do" */
	f->wipe = f->n_refused ? MO_FAIL : MO_SKIPPED;
	return MS_REPORT;
}

enum menu_state menu_flow_next(struct menu_flow *f, enum menu_event ev)
{
	if (ev == ME_QUIT && f->st != MS_DIAG && f->st != MS_GUIDED && f->st != MS_WIPE && f->st != MS_REPORT)
		return f->st = MS_QUIT;
	switch (f->st) {
	case MS_LOADING:
		if (ev == ME_OK || ev == ME_FAIL) {
			f->inventory = ev == ME_OK ? MO_OK : MO_FAIL;
			f->st = MS_SUMMARY;
		}
		break;
	case MS_SUMMARY:
		if (ev == ME_NEXT)
			f->st = MS_DIAG;
		else if (ev == ME_SKIP && !f->repair_cafe) {
			f->diag = MO_SKIPPED;
			f->st = after_diag(f);
		}
		break;
	case MS_DIAG:
		if (ev == ME_OK || ev == ME_FAIL) {
			f->diag = ev == ME_OK ? MO_OK : MO_FAIL;
			f->st = f->guided_on ? MS_GUIDED : after_diag(f);
		}
		break;
	case MS_GUIDED:
		if (ev == ME_OK || ev == ME_FAIL || ev == ME_SKIP) {
			f->guided = ev == ME_OK ? MO_OK : ev == ME_FAIL ? MO_FAIL : MO_SKIPPED;
			f->st = after_diag(f);
		}
		break;
	case MS_CONFIRM:
		if (ev == ME_CONFIRMED) {
			if (++f->confirm_idx >= f->n_targets)
				f->st = MS_WIPE;
		} else if (ev == ME_CANCEL) {
			f->wipe = MO_SKIPPED;
			f->st = MS_REPORT;
		}
		break;
	case MS_WIPE:
		if (ev == ME_OK || ev == ME_FAIL) {
			f->wipe = ev == ME_OK && !f->n_refused ? MO_OK : MO_FAIL;
			f->st = MS_REPORT;
		}
		break;
	case MS_REPORT:
		if (ev == ME_OK || ev == ME_FAIL) {
			f->report = ev == ME_OK ? MO_OK : MO_FAIL;
			f->st = MS_RESULT;
		}
		break;
	case MS_RESULT:
		if (ev == ME_NEXT)
			f->st = MS_QUIT;
		break;
	case MS_QUIT:
		break;
	}
	return f->st;
}

int menu_flow_passed(const struct menu_flow *f)
{
	if (f->inventory != MO_OK)
		return 0;
	if (f->diag == MO_SKIPPED || f->diag_incomplete || f->guided == MO_FAIL)
		return 0;
	if (f->repair_cafe)
		return f->diag == MO_OK;
	if (f->diag == MO_FAIL || f->diag == MO_NOT_RUN)
		return 0;
	/* skipped for want of disks is fine; declined by the person is not */
	if (f->wipe == MO_FAIL || f->wipe == MO_NOT_RUN || (f->wipe == MO_SKIPPED && f->n_targets > 0))
		return 0;
	/* an unsigned report, or one only in RAM and not sent, is not a machine
	 * ready to hand over: the registry never gets it */
	if (f->report_unsafe)
		return 0;
	/* a report not asked for (unattended reco.auto= without report) is fine */
	return f->report == MO_OK || f->report == MO_SKIPPED;
}

const char *menu_state_name(enum menu_state s)
{
	static const char *const names[] = { "loading", "summary", "diag", "guided", "confirm",
					     "wipe", "report", "result", "quit" };
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
