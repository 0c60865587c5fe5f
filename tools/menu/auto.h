/*
 * auto.h — the unattended mode of `reco menu` (auto.c).
 */
#ifndef RECO_MENU_AUTO_H
#define RECO_MENU_AUTO_H

#include "menu.h"

/* Runs the steps r->o asks for with plain progress lines on stdout and on
 * serial_path (when it can be opened; NULL for none), writes
 * <session>/DONE and prints the RECO-AUTO-DONE line; powers off when
 * r->o.poweroff and no report is left only in RAM.  Before a wipe: the
 * network boot's arming token or allow-list, then a countdown naming the
 * machine and each disk that any key on keyboard_path (a terminal or a
 * FIFO; NULL: standard input when it is a terminal) cancels.  Returns
 * RECO_EXIT_OK when the run passed, RECO_EXIT_FAIL when it did not,
 * RECO_EXIT_ENV when no session could be made. */
int menu_auto(struct menu_run *r, const char *serial_path, const char *keyboard_path);

#endif
