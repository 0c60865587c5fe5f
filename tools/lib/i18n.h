/*
 * i18n.h — gettext for reco.  All user-visible text goes through _() (or N_()
 * for static tables translated at use).  The text domain is "reco"; msgids
 * are English, French ships in po/<area>.fr.po.
 */
#ifndef RECO_I18N_H
#define RECO_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* A message in a context, for an English word that needs two French forms
 * ("none": "aucun" for a disk, "aucune" for a verification).  xgettext knows
 * the keyword; the catalogue key is "context\004msgid". */
#define pgettext(ctx, msgid) reco_pgettext(ctx "\004" msgid, msgid)
/* The translation of ctx_msgid ("context\004msgid"), msgid when there is none. */
const char *reco_pgettext(const char *ctx_msgid, const char *msgid);

/* setlocale(LC_ALL, "") and binds the "reco" domain to the catalogue
 * directory: $RECO_LOCALEDIR, else <dir of the executable>/../share/locale
 * when it exists (build tree and installed tree alike), else LOCALEDIR. */
void reco_i18n_init(void);

/* The two-letter language of LC_MESSAGES ("fr", "en"), for documents. */
const char *reco_i18n_lang(void);

#endif
