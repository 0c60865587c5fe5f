/*
 * words.h — the words people read for the codes reports carry: a wipe's
 * result ("erased"), method ("random"), verification mode ("sample") and
 * NIST category ("purge"), a diagnostic verdict ("NOT_TESTED"), part
 * ("ram") and profile ("quick"), a disk's kind.  The codes stay in JSON and
 * in the signed report; text, pages and documents show these words,
 * translated at display time (pgettext contexts: "none" is "aucun" for a
 * method, "aucune" for a verification).
 *
 * Each function returns the word in the calling thread's language, the
 * code itself when it does not know it (a newer tool's code is shown, not
 * hidden), and "" for NULL.
 */
#ifndef RECO_WORDS_H
#define RECO_WORDS_H

const char *reco_word_wipe_result(const char *code);
const char *reco_word_wipe_method(const char *code);
const char *reco_word_verify_mode(const char *code);
const char *reco_word_nist(const char *code);
const char *reco_word_verdict(const char *code);
const char *reco_word_part(const char *code);
/* A running wipe's phase (reco-wipe-progress/1 "phase": write, verify,
 * finish, sample, firmware) as a word. */
const char *reco_word_wipe_phase(const char *code);
const char *reco_word_diag_profile(const char *code);
/* A disk's transport as it is written ("sata" → "SATA", "nvme" → "NVMe");
 * names, not translated. */
const char *reco_word_transport(const char *code);
/* How a wipe reached the data ("overwrite", "cryptographic erase") and on
 * what media ("ssd", "image file"), as tools/wipe classifies them. */
const char *reco_word_technique(const char *code);
const char *reco_word_media(const char *code);

#endif
