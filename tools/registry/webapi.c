/*
 * webapi.c — the registry's JSON API: POST /api/reports (the upload
 * envelope of webparse.h, no login: the signature authenticates), GET
 * /api/devices (logged in), and for anyone the signed checkpoint of the
 * history and the key that checks it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "webint.h"

void api_reports(struct web_req *q)
{
	const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Type");
	if (!ct || strncmp(ct, "application/json", 16)) {
		web_json_answer(q, 415, json_pack("{s:s}", "error", "Content-Type must be application/json"));
		return;
	}
	struct web_upload up;
	char err[256];
	if (web_upload_parse(q->body ? q->body : "", q->body_len, &up, err, sizeof(err))) {
		web_json_answer(q, 400, json_pack("{s:s}", "error", err));
		return;
	}
	struct reg_import_info info;
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = "api";
	int rc = reg_import_mem(&r, (const unsigned char *)up.report, up.report_len, up.sig, up.sig_len,
				up.certificate, up.cert_len, &info, &e);
	web_upload_release(&up);
	if (rc == -EPERM || rc == -EINVAL)
		web_json_answer(q, 422, json_pack("{s:s}", "error", e.msg));
	else if (rc == -EFBIG)
		web_json_answer(q, 413, json_pack("{s:s}", "error", e.msg));
	else if (rc)
		web_json_answer(q, 500, json_pack("{s:s}", "error", e.msg));
	else
		web_json_answer(q, info.result == REG_IMPORT_STORED ? 201 : 200,
			    json_pack("{s:s,s:s,s:s}", "result",
				      info.result == REG_IMPORT_STORED ? "stored" : "duplicate", "device_id",
				      info.device_id, "report_sha256", info.report_sha256));
}

void api_devices(struct web_req *q)
{
	struct reg_device_filter f = { .state = web_arg(q, "state"), .grade = web_arg(q, "grade"),
				       .search = web_arg(q, "q") };
	f.limit = atoi(web_arg(q, "limit"));
	f.offset = atoi(web_arg(q, "offset"));
	if (f.limit <= 0 || f.limit > 1000)
		f.limit = 1000;
	struct reco_err e = { 0 };
	json_t *l = reg_devices_list(q->reg, &f, &e);
	if (!l) {
		web_json_answer(q, 500, json_pack("{s:s}", "error", e.msg));
		return;
	}
	web_json_answer(q, 200, json_pack("{s:s,s:o}", "schema", "reco-registry-devices/1", "devices", l));
}

/* The signed head of the history, for anyone (it holds a count and hashes,
 * nothing personal): /api/checkpoint (the JSON envelope), its two-file form
 * /api/checkpoint.json and /api/checkpoint.json.sig (?events=N picks one,
 * so that the two files match), and the key that checks them. */
void api_checkpoint(struct web_req *q)
{
	struct reco_err e = { 0 };
	if (!strcmp(q->path, "/api/registry-key.pem")) {
		char *pem = NULL;
		if (reg_key_public_pem(q->reg, &pem, &e)) {
			web_json_answer(q, 500, json_pack("{s:s}", "error", e.msg));
			return;
		}
		q->blob = (unsigned char *)pem;
		q->blob_len = strlen(pem);
		q->ctype = "application/x-pem-file";
		return;
	}
	const char *n = web_arg(q, "events");
	char *end;
	long long events = *n ? strtoll(n, &end, 10) : 0;
	if (*n && (*end || events < 1)) {
		web_json_answer(q, 400, json_pack("{s:s}", "error", "events must be a positive number"));
		return;
	}
	struct reg_checkpoint c;
	int rc = reg_checkpoint_get(q->reg, events, &c, &e);
	if (rc || !c.body) {
		web_json_answer(q, rc && rc != -ENOENT ? 500 : 404,
			    json_pack("{s:s}", "error", rc ? e.msg : "no checkpoint yet"));
		return;
	}
	if (!strcmp(q->path, "/api/checkpoint")) {
		json_t *env = reg_checkpoint_envelope(&c);
		json_object_set_new(env, "events", json_integer(c.events));
		web_json_answer(q, 200, env);
	} else if (!strcmp(q->path, "/api/checkpoint.json")) {
		q->blob = (unsigned char *)c.body;
		q->blob_len = strlen(c.body);
		c.body = NULL;
		q->ctype = "application/json";
	} else {
		q->blob = malloc(64);
		if (q->blob) {
			memcpy(q->blob, c.sig, 64);
			q->blob_len = 64;
		}
		q->ctype = "application/octet-stream";
	}
	reg_checkpoint_release(&c);
}
