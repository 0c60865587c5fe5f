/*
 * beneficiary.c — households receiving machines, kept pseudonymous.
 *
 * A beneficiary is a reference (given by the referring social service or
 * generated here, "B-" and 10 characters of Crockford base32), an optional
 * household size, the referring organisation and a quota of machines.  No
 * name is required; contact details, when the coordinator needs them, live
 * in a separate table that can be deleted on its own (and is, by purge).
 * Nothing about a beneficiary is ever written to the event log, which
 * cannot be erased.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "lib/i18n.h"
#include "registry.h"

static int text_ok(const char *s, size_t max)
{
	if (!s)
		return 1;
	size_t n = strlen(s);
	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int gen_ref(char *out, size_t size)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char b[10];
	if (RAND_bytes(b, sizeof(b)) != 1 || size < 13)
		return -EIO;
	out[0] = 'B';
	out[1] = '-';
	for (int i = 0; i < 10; i++)
		out[2 + i] = alphabet[b[i] & 31];
	out[12] = '\0';
	return 0;
}

int reg_beneficiary_add(struct registry *r, const struct reg_beneficiary *b, char *ref_out,
			size_t size, struct reco_err *e)
{
	char ref[80];
	if (b->ref) {
		if (!*b->ref || !text_ok(b->ref, 64))
			return reco_err_set(e, -EINVAL, _("a reference is 1 to 64 printable characters"));
		snprintf(ref, sizeof(ref), "%s", b->ref);
	} else if (gen_ref(ref, sizeof(ref))) {
		return reco_err_set(e, -EIO, _("no randomness available"));
	}
	if (!text_ok(b->referrer, 200) || !text_ok(b->contact_name, 200) ||
	    !text_ok(b->contact_phone, 64) || !text_ok(b->contact_email, 200) ||
	    !text_ok(b->contact_address, 400))
		return reco_err_set(e, -EINVAL, _("a text field is too long or holds control characters"));
	if (b->household_size < 0 || b->household_size > 99)
		return reco_err_set(e, -EINVAL, _("household size must be between 1 and 99"));
	char hs[16], quota[16], now[32];
	snprintf(hs, sizeof(hs), "%d", b->household_size);
	snprintf(quota, sizeof(quota), "%d", b->quota > 0 ? b->quota : 1);
	reg_now(now);
	int rc = rdb_begin(r->db, e);
	if (rc)
		return rc;
	rc = rdb_q(r->db, NULL, e,
		   "INSERT INTO beneficiaries (ref, household_size, referrer, quota, created, last_activity)"
		   " VALUES (?, ?, ?, ?, ?, ?)",
		   ref, b->household_size ? hs : NULL, b->referrer && *b->referrer ? b->referrer : NULL,
		   quota, now, now);
	if (rc == -EEXIST)
		reco_err_set(e, rc, _("%s: a beneficiary with this reference exists"), ref);
	if (!rc && (b->contact_name || b->contact_phone || b->contact_email || b->contact_address))
		rc = rdb_q(r->db, NULL, e,
			   "INSERT INTO contacts (ref, name, phone, email, address) VALUES (?, ?, ?, ?, ?)",
			   ref, b->contact_name, b->contact_phone, b->contact_email, b->contact_address);
	if (rc) {
		rdb_rollback(r->db);
		return rc;
	}
	snprintf(ref_out, size, "%s", ref);
	return rdb_commit(r->db, e);
}

json_t *reg_beneficiary_list(struct registry *r, int with_contact, struct reco_err *e)
{
	static const char *const ints[] = { "household_size", "quota", "allocations", NULL };
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       with_contact
			       ? "SELECT b.ref, b.household_size, b.referrer, b.quota, b.created,"
				 " b.last_activity, b.purged, c.name, c.phone, c.email, c.address,"
				 " (SELECT COUNT(*) FROM allocations a WHERE a.beneficiary_ref = b.ref"
				 "  AND a.state IN ('allocated', 'delivered')) AS allocations"
				 " FROM beneficiaries b LEFT JOIN contacts c ON c.ref = b.ref"
				 " WHERE b.ref <> ? ORDER BY b.created, b.ref"
			       : "SELECT b.ref, b.household_size, b.referrer, b.quota, b.created,"
				 " b.last_activity, b.purged,"
				 " (SELECT COUNT(*) FROM allocations a WHERE a.beneficiary_ref = b.ref"
				 "  AND a.state IN ('allocated', 'delivered')) AS allocations"
				 " FROM beneficiaries b WHERE b.ref <> ? ORDER BY b.created, b.ref",
		       "");
	if (rc)
		return NULL;
	json_t *arr = reg_rows_json(res, ints);
	rdb_res_free(res);
	return arr;
}

int reg_beneficiary_delete_contact(struct registry *r, const char *ref, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT ref FROM beneficiaries WHERE ref = ?", ref);
	if (rc)
		return rc;
	int found = res->nrows;
	rdb_res_free(res);
	if (!found)
		return reco_err_set(e, -ENOENT, _("%s: no such beneficiary"), ref);
	rc = rdb_q(r->db, &res, e, "DELETE FROM contacts WHERE ref = ?", ref);
	if (rc)
		return rc;
	int n = (int)res->changes;
	rdb_res_free(res);
	if (n && (rc = reg_scrub(r, e)) != 0)
		return rc;
	return n;
}

json_t *reg_beneficiary_find(struct registry *r, const char *text, struct reco_err *e)
{
	json_t *all = reg_beneficiary_list(r, 0, e);
	if (!all)
		return NULL;
	struct rdb_res *res = NULL;
	if (rdb_q(r->db, &res, e, "SELECT DISTINCT beneficiary_ref, programme FROM allocations WHERE id <> ?"
		  " ORDER BY programme", "")) {
		json_decref(all);
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *b;
	json_array_foreach(all, i, b) {
		if (json_object_get(b, "purged"))
			continue;
		const char *ref = json_string_value(json_object_get(b, "ref"));
		const char *referrer = json_string_value(json_object_get(b, "referrer"));
		json_t *progs = json_array();
		int hit = !text || !*text || strcasestr(ref, text) || (referrer && strcasestr(referrer, text));
		for (int k = 0; k < res->nrows; k++) {
			const char *p = rdb_val(res, k, 1);
			if (!rdb_val(res, k, 0) || strcmp(rdb_val(res, k, 0), ref) || !p)
				continue;
			json_array_append_new(progs, json_string(p));
			if (text && *text && strcasestr(p, text))
				hit = 1;
		}
		if (hit) {
			json_object_set_new(b, "programmes", progs);
			json_array_append(out, b);
		} else {
			json_decref(progs);
		}
	}
	rdb_res_free(res);
	json_decref(all);
	return out;
}
