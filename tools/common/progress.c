/*
 * progress.c — progress bar formatting (see progress.h).
 */
#include "progress.h"

#include <stdio.h>

#include "lib/l10n.h"

void cli_progress_bar(char *buf, size_t size, int width, uint64_t done, uint64_t total)
{
	if (width < 1 || size < (size_t)width + 8) {
		if (size)
			buf[0] = '\0';
		return;
	}
	unsigned pct = total ? (unsigned)(done >= total ? 100 : done * 100 / total) : 0;
	int fill = total ? (int)(done >= total ? width : (int)(done * (uint64_t)width / total)) : 0;
	size_t j = 0;
	buf[j++] = '[';
	for (int i = 0; i < width; i++)
		buf[j++] = i < fill ? '#' : '.';
	snprintf(buf + j, size - j, "] %3u%s", pct, reco_l10n(NULL)->percent); /* "100 %" in French */
}

void cli_format_duration(char *buf, size_t size, uint64_t s)
{
	if (s >= 3600)
		snprintf(buf, size, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600),
			 (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
	else
		snprintf(buf, size, "%llu:%02llu", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
}
