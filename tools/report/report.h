/*
 * report.h — reco report: seal a session into a signed report, render it.
 *
 * The report format (reco-report/1) and the signature scheme are specified
 * in reports/README.md; verification lives in libreco (lib/sign.h) because
 * the registry uses it too.
 */
#ifndef RECO_REPORT_H
#define RECO_REPORT_H

#include <cairo.h>
#include <jansson.h>
#include <time.h>

#include "lib/reco.h"

struct seal_opts {
	const char *session;  /* the session directory */
	const char *key;      /* station private key, or NULL: uncertified */
	const char *cert;     /* station certificate PEM, or NULL */
	const char *operator_; /* pseudonym, or NULL */
	const char *created;  /* RFC 3339 override (examples, tests), or NULL */
	int force;            /* replace an existing report */
};

struct seal_result {
	char report[4096], sig[4096], cert[4096];
	char sha256[65];
	int signed_;          /* 0: uncertified */
	int cert_not_valid_now; /* the certificate is outside its validity now */
	int n_sources;
	int reals_converted;  /* real numbers found in session files, kept as strings */
};

/* Builds report.json from the session's inventory.json, diag.json and
 * wipe.json (whichever exist; at least one), signs it when a key and a
 * certificate are given, and writes report.json, report.json.sig and
 * station.pem into the session.  0 or -errno with e filled (-EEXIST when a
 * report is there and force is 0; -ENOENT when the session holds nothing). */
int report_seal(const struct seal_opts *o, struct seal_result *r, struct reco_err *e);

/* Builds the report document (not serialised) — the part of report_seal
 * that tests use directly.  station is stolen. */
json_t *report_build(const char *session, json_t *station, const char *operator_,
		     const char *created, json_t **sources_out, int *reals, struct reco_err *e);

enum render_kind { RENDER_CERTIFICATE, RENDER_REPAIR_CAFE };

/* Renders the report (already read: bytes + parsed document) as an A4 PDF.
 * lang is "fr" or "en".  0 or -errno with e filled. */
int report_render_pdf(const unsigned char *bytes, size_t len, json_t *doc, const char *out_pdf,
		      enum render_kind kind, const char *lang, struct reco_err *e);

/* Releases pango's default font map after the last render (fontconfig's
 * process-wide caches remain; see pdf.c). */
void report_render_cleanup(void);

/* clock.c: the report's `clock` section ({"source": ntp|registry|rtc,
 * "synchronised", "set_at"?, "from"?}); new reference. */
json_t *report_clock(void);
/* The date of the reco sources this program was built from (Unix time). */
long long report_build_epoch(void);
/* 0, or -EINVAL with e saying how to fix it when now is before
 * report_build_epoch(): such a clock is certainly wrong. */
int report_clock_check(time_t now, struct reco_err *e);

/* Draws a QR code of payload (qr.c) in a size×size square at (x, y). */
void report_draw_qr(cairo_t *cr, double x, double y, double size, const char *payload);

#endif
