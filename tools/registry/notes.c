/*
 * notes.c — why a machine came back or went to recycling: a reason code in
 * the permanent event log, free text elsewhere.
 *
 * The event log cannot be erased, and free text typed by a coordinator
 * ("returned: the family moved to Lyon") says things about a household.  So
 * an event carries only a code from the fixed list below ("reason=faulty");
 * what the coordinator wrote goes to `notes`, tied to the device, the
 * allocation and the event it explains, shown to coordinators only, and
 * deleted by purge (purge.c) with the rest of a beneficiary's data or once
 * older than the retention period.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

const struct reg_reason reg_reasons[] = {
	{ "faulty", N_("does not work properly") },
	{ "beyond-repair", N_("beyond repair") },
	{ "obsolete", N_("too old to be useful") },
	{ "not-needed", N_("no longer needed") },
	{ "unsuitable", N_("does not suit the household") },
	{ "parts", N_("kept for parts") },
	{ "checked-by-hand", N_("checked by hand instead") },
	{ "other", N_("other reason") },
	{ NULL, NULL },
};

int reg_reason_valid(const char *code)
{
	for (int i = 0; code && reg_reasons[i].code; i++)
		if (!strcmp(code, reg_reasons[i].code))
			return 1;
	return 0;
}

const char *reg_reason_label(const char *code)
{
	for (int i = 0; code && reg_reasons[i].code; i++)
		if (!strcmp(code, reg_reasons[i].code))
			return _(reg_reasons[i].label);
	return code;
}

int reg_note_check(const char *code, const char *note, struct reco_err *e)
{
	if (code && !reg_reason_valid(code))
		return reco_err_set(e, -EINVAL, _("%s: unknown reason (faulty, beyond-repair, obsolete, "
						   "not-needed, unsuitable, parts, checked-by-hand, other)"), code);
	if (note && (strlen(note) > 2000 || !reco_utf8_valid(note, strlen(note))))
		return reco_err_set(e, -EINVAL, _("a note is at most 2000 characters of UTF-8 text"));
	return 0;
}

int reg_note_add_locked(struct registry *r, const char *device, const char *allocation,
			const char *text, struct reco_err *e)
{
	if (!text || !*text)
		return 0;
	char id[37], at[32], seq[24];
	if (reg_uuid(id))
		return reco_err_set(e, -EIO, _("no randomness available"));
	reg_now(at);
	snprintf(seq, sizeof(seq), "%lld", r->last_seq);
	return rdb_q(r->db, NULL, e,
		     "INSERT INTO notes (id, device_id, allocation_id, event_seq, at, author, text)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?)",
		     id, device, allocation, seq, at, r->actor && *r->actor ? r->actor : "unknown", text);
}

json_t *reg_notes_list(struct registry *r, const char *device, struct reco_err *e)
{
	static const char *const ints[] = { "event_seq", NULL };
	struct rdb_res *res = NULL;
	if (rdb_q(r->db, &res, e,
		  "SELECT event_seq, allocation_id, at, author, text FROM notes WHERE device_id = ?"
		  " ORDER BY event_seq", device))
		return NULL;
	json_t *arr = reg_rows_json(res, ints);
	rdb_res_free(res);
	return arr;
}

int reg_set_state(struct registry *r, const char *device, const char *to, const char *code,
		  const char *note, struct reco_err *e)
{
	int rc = reg_note_check(code, note, e);
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof(detail), "reason=%s", code ? code : "");
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = reg_transition_locked(r, device, to, code ? detail : NULL, e);
	if (!rc)
		rc = reg_note_add_locked(r, device, NULL, note, e);
	if (!rc)
		return reg_commit(r, e);
	rdb_rollback(r->db);
	return rc;
}
