/*
 * classify.c — what a wipe may be called: the sanitization category of the
 * method on the target's media, following NIST SP 800-88 Rev. 2 (September
 * 2025; Rev. 1 was withdrawn the same day), which defers the techniques per
 * media type to IEEE 2883-2022 (fw_select.c holds the table), and the
 * validation that backs it.
 *
 * The category is decided once, before the run, so the plan printed before
 * and the result written after say the same; the result claims it only
 * when it is "erased" (wipe_achieved_category: "none" otherwise).  Rev. 2
 * puts weight on validating the result: the "validation" object says what
 * was read back and compared, with its coverage; sampling keeps Rev. 1's
 * scheme (section 4.7.1) as a floor: at least 1000 subsections, the first
 * and last block, random blocks in each.
 */
#include "wipe.h"
#include "fw.h"
#include "fw_wipe.h"

#include <string.h>

#include "lib/json.h"

void wipe_classify(struct wipe_job *job)
{
	struct wipe_class *c = &job->s.cls;
	memset(c, 0, sizeof(*c));
	if (job->s.verify_only || !job->s.m)
		return;
	enum fw_media media = fw_target_media(&job->t);
	const struct fw_method_info *info = job->s.m->run ? fw_method_by_name(job->s.m->name) : NULL;
	struct fw_class fc;
	fw_classify(info ? info->method : FW_NONE, media, &fc);
	c->category = fc.category;
	c->technique = fc.technique;
	c->note = fc.note;
	c->media = job->t.kind == WIPE_KIND_FILE && media == MEDIA_UNKNOWN ? "image file" : fw_media_name(media);
}

const char *wipe_achieved_category(const struct wipe_job *job)
{
	return job->res.result == WIPE_RESULT_ERASED && job->s.cls.category ? job->s.cls.category : "none";
}

json_t *wipe_class_json(const struct wipe_job *job)
{
	const struct wipe_class *c = &job->s.cls;
	json_t *o = json_object(), *std = json_array();
	static const char *const standards[] = { WIPE_STANDARDS };
	for (size_t i = 0; i < sizeof(standards) / sizeof(standards[0]); i++)
		json_array_append_new(std, json_string(standards[i]));
	json_object_set_new(o, "standards", std);
	json_object_set_new(o, "category", json_string(wipe_achieved_category(job)));
	if (c->category)
		json_object_set_new(o, "category_of_method", json_string(c->category));
	reco_json_set_str(o, "technique", c->technique);
	reco_json_set_str(o, "media", c->media);
	reco_json_set_str(o, "note", c->note);
	return o;
}
