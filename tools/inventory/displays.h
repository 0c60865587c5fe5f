/*
 * displays.h — the JSON form of one decoded EDID (displays.c), shared with
 * the unit tests and the fuzz harness.
 */
#ifndef RECO_INVENTORY_DISPLAYS_H
#define RECO_INVENTORY_DISPLAYS_H

#include <jansson.h>

#include "edid.h"

/* A new JSON object with the decoded fields of e (vendor, product_code,
 * serial, name, serial_string, week, year, edid_version, width_mm, height_mm,
 * diagonal_tenth_inch, preferred_width/height, interlaced, checksum_ok,
 * problems...); fields the EDID lacks are omitted.  NULL on allocation
 * failure.  The caller owns the reference. */
json_t *inv_edid_json(const struct edid_info *e);

/* A plain-language, translated description of one entry of "problems"
 * ("checksum-bad:1" → "bad checksum"), for the human summary; the token
 * itself when it is unknown.  Static storage: do not free. */
const char *inv_edid_problem_text(const char *problem);

#endif
