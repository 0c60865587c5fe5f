/*
 * progress.h — progress bars for the human output of long-running tools.
 * (Machine progress is --progress=json: one JSON object per line.)
 */
#ifndef RECO_PROGRESS_H
#define RECO_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* Writes "[#########.........]  45%" (width cells of bar) into buf. */
void cli_progress_bar(char *buf, size_t size, int width, uint64_t done, uint64_t total);

/* Formats seconds as "1:02:03" or "2:03" into buf. */
void cli_format_duration(char *buf, size_t size, uint64_t seconds);

#endif
