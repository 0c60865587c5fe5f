/*
 * collect.c — assembles the inventory document from its sections.
 */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/reco.h"
#include "inventory.h"

/* The note in English for the document (the collection runs with
 * LC_MESSAGES=C, see inv_collect) and, when ctx->local_notes exists, in the
 * user's language for the summary.  sys: append ": <strerror(err)>". */
static void note(struct inv_ctx *ctx, const char *section, int err, int sys, const char *fmt, va_list ap)
{
	char msg[640], tr[640];
	va_list ap2;
	va_copy(ap2, ap);
	vsnprintf(msg, sizeof(msg) - 128, fmt, ap);
	int e = err < 0 ? -err : err;
	if (sys && e) {
		size_t u = strlen(msg);
		snprintf(msg + u, sizeof(msg) - u, ": %s", strerror(e));
	}
	if (ctx->local_notes) {
		locale_t cur = uselocale(LC_GLOBAL_LOCALE);
		vsnprintf(tr, sizeof(tr) - 128, gettext(fmt), ap2);
		if (sys && e) {
			size_t u = strlen(tr);
			snprintf(tr + u, sizeof(tr) - u, _(": %s"), strerror(e));
		}
		uselocale(cur);
		json_array_append_new(ctx->local_notes, reco_json_string_lossy(tr));
	}
	va_end(ap2);
	json_t *n = json_object();
	json_object_set_new(n, "section", json_string(section));
	json_object_set_new(n, "message", reco_json_string_lossy(msg));
	if (err)
		json_object_set_new(n, "errno", json_integer(err < 0 ? -err : err));
	json_array_append_new(ctx->notes, n);
}

void inv_note(struct inv_ctx *ctx, const char *section, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	note(ctx, section, err, 0, fmt, ap);
	va_end(ap);
}

void inv_note_sys(struct inv_ctx *ctx, const char *section, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	note(ctx, section, err, 1, fmt, ap);
	va_end(ap);
}

static void add_section(struct inv_ctx *ctx, json_t *doc, const char *key, json_t *v)
{
	if (!v)
		return;
	if ((json_is_array(v) && json_array_size(v) == 0) ||
	    (json_is_object(v) && json_object_size(v) == 0)) {
		json_decref(v);
		return;
	}
	json_object_set_new(doc, key, v);
	ctx->readable++;
}

json_t *inv_collect(struct inv_ctx *ctx)
{
	json_t *doc = json_object();
	if (!doc)
		return NULL;
	/* The document is the same whatever the user's language: messages
	 * (notes, strerror) in English while collecting. */
	locale_t en = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
	locale_t old = en ? uselocale(en) : (locale_t)0;
	ctx->notes = json_array();
	ctx->readable = 0;
	json_object_set_new(doc, "schema", json_string("reco-inventory/1"));
	json_object_set_new(doc, "tool", json_pack("{s:s,s:s}", "name", "reco-inventory",
						   "version", reco_version()));

	add_section(ctx, doc, "system", inv_system(ctx));
	add_section(ctx, doc, "cpu", inv_cpu(ctx));
	add_section(ctx, doc, "memory", inv_memory(ctx));
	add_section(ctx, doc, "storage", inv_storage(ctx));
	add_section(ctx, doc, "pci", inv_pci(ctx));
	json_t *pci = json_object_get(doc, "pci");
	if (pci)
		add_section(ctx, doc, "gpu", inv_gpu_from_pci(pci));
	add_section(ctx, doc, "usb", inv_usb(ctx));
	add_section(ctx, doc, "battery", inv_battery(ctx));
	add_section(ctx, doc, "ac_adapters", inv_ac_adapters(ctx));
	add_section(ctx, doc, "displays", inv_displays(ctx));
	add_section(ctx, doc, "network", inv_network(ctx));

	json_t *sources = NULL;
	char *id = inv_device_id_sources(doc, &sources);
	if (id) {
		json_object_set_new(doc, "id", json_string(id));
		json_object_set_new(doc, "id_sources", sources);
	} else {
		inv_note(ctx, "id", 0, N_("no device id: no system UUID, serial, board serial or wired MAC could be read"));
	}
	free(id);
	json_object_set_new(doc, "notes", ctx->notes);
	ctx->notes = NULL;
	if (en) {
		uselocale(old);
		freelocale(en);
	}
	return doc;
}
