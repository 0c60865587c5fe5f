/*
 * progress.h — progress display of reco wipe (prints; CLI side).
 */
#ifndef RECO_WIPE_PROGRESS_H
#define RECO_WIPE_PROGRESS_H

#include "wipe.h"

#define WIPE_MAX_TARGETS 64

/* One update for every job: human lines on stderr, or JSON lines on stdout
 * when json.  final forces an update (non-terminal output is throttled). */
void progress_update(struct wipe_job **jobs, int n, int json, int final);

#endif
