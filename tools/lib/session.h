/*
 * session.h — session directories: where each tool writes its result.
 *
 * Layout (DESIGN.md): <data>/sessions/<device-id>/<timestamp>/ holding
 * inventory.json, diag.json, wipe.json, then report.json(.sig) once sealed.
 * The data directory is $RECO_DATA, else /var/lib/reco for root, else
 * $XDG_DATA_HOME/reco (~/.local/share/reco).  A tool given --session DIR (or
 * $RECO_SESSION, which `reco menu` sets so that the tools it chains share one
 * session) writes there instead.
 */
#ifndef RECO_SESSION_H
#define RECO_SESSION_H

#include <stddef.h>

/* The data directory (not created).  0 or -errno. */
int reco_data_dir(char *buf, size_t size);

/* Creates (mkdir -p) a new session directory for device_id ("unknown" when
 * NULL or empty) named after the current UTC time, "20261128T180102Z"
 * (a "-2", "-3"... suffix when it already exists).  0 or -errno. */
int reco_session_new(const char *device_id, char *buf, size_t size);

/* The session to use: explicit (a --session argument) if not NULL, else
 * $RECO_SESSION, else a new one for device_id.  The directory is created if
 * missing.  0 or -errno. */
int reco_session_resolve(const char *explicit_dir, const char *device_id, char *buf, size_t size);

/* mkdir -p with the given mode.  0 or -errno. */
int reco_mkdir_p(const char *path, unsigned mode);

#endif
