/*
 * regwords.c — the registry's codes in words, for every page, table and
 * document: a device's state, an allocation's state, an event's kind, an
 * account's role, and an event as a sentence ("tested → wiped (signed
 * report imported)").  The database and the event chain keep the codes
 * and English details (they are data, hashed and signed); people read
 * these, translated at display time with pgettext contexts (French
 * adjectives agree: a device is "reçu", an allocation "remise").
 */
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

#define IS(x) (!strcmp(c, (x)))

const char *reg_word_state(const char *c)
{
	if (!c)
		return "";
	if (IS("received"))
		return pgettext("device state", "received");
	if (IS("tested"))
		return pgettext("device state", "tested");
	if (IS("wiped"))
		return pgettext("device state", "wiped");
	if (IS("ready"))
		return pgettext("device state", "ready");
	if (IS("allocated"))
		return pgettext("device state", "allocated");
	if (IS("delivered"))
		return pgettext("device state", "handed over");
	if (IS("returned"))
		return pgettext("device state", "returned");
	if (IS("recycled"))
		return pgettext("device state", "recycled");
	return c;
}

const char *reg_word_allocation_state(const char *c)
{
	if (!c)
		return "";
	if (IS("allocated"))
		return pgettext("allocation state", "awaiting hand-over");
	if (IS("delivered"))
		return pgettext("allocation state", "handed over");
	if (IS("returned"))
		return pgettext("allocation state", "returned");
	if (IS("cancelled"))
		return pgettext("allocation state", "cancelled");
	return c;
}

const char *reg_word_event(const char *c)
{
	if (!c)
		return "";
	if (IS("received"))
		return pgettext("event", "arrival");
	if (IS("report"))
		return pgettext("event", "report imported");
	if (IS("state"))
		return pgettext("event", "change of state");
	if (IS("identity-conflict"))
		return pgettext("event", "identity conflict");
	if (IS("conflict-accepted"))
		return pgettext("event", "conflict decided: report accepted");
	if (IS("conflict-rejected"))
		return pgettext("event", "conflict decided: report rejected");
	if (IS("diag_override"))
		return pgettext("event", "diagnosis override");
	if (IS("purge"))
		return pgettext("event", "purge of personal data");
	if (IS("triggers-restored"))
		return pgettext("event", "protections of the history restored");
	return c;
}

const char *reg_word_role(const char *c)
{
	if (!c)
		return "";
	if (IS("admin"))
		return pgettext("role", "administrator");
	if (IS("coordinator"))
		return pgettext("role", "coordinator");
	if (IS("volunteer"))
		return pgettext("role", "volunteer");
	if (IS("viewer"))
		return pgettext("role", "viewer");
	return c;
}

static int hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

const char *reg_word_identity_field(const char *c)
{
	if (!c)
		return "";
	if (IS("vendor"))
		return pgettext("identity", "manufacturer");
	if (IS("product"))
		return pgettext("identity", "model");
	if (IS("serial"))
		return pgettext("identity", "serial number");
	if (IS("uuid"))
		return pgettext("identity", "SMBIOS UUID");
	return c;
}

const char *reg_programme_label(const char *p)
{
	if (!p || !*p || !strcmp(p, "default"))
		return pgettext("programme", "no programme given");
	return p;
}

/* 1 when s is 64 lower-case hex digits (a report's SHA-256). */
static int is_sha256(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!hexdigit(s[i]))
			return 0;
	return n == 64;
}

/* 1 when s is a UUID (an allocation id). */
static int is_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !hexdigit(s[i]))
			return 0;
	}
	return 1;
}

/* The detail of an event in words: the details the registry writes
 * (report hashes, allocation ids, "reason=CODE", the import's phrase);
 * anything else is shown as it is. */
static void detail_words(const char *d, char *buf, size_t size)
{
	char head[128];
	const char *reason = strstr(d, "reason=");
	size_t hl = reason ? (size_t)(reason - d) : strlen(d);
	while (hl && d[hl - 1] == ' ')
		hl--;
	snprintf(head, sizeof(head), "%.*s", (int)(hl < sizeof(head) ? hl : sizeof(head) - 1), d);
	char what[160] = "";
	if (!strcmp(head, "signed report imported"))
		snprintf(what, sizeof(what), "%s", _("signed report imported"));
	else if (is_sha256(head))
		/* TRANSLATORS: a report named by the start of its SHA-256 */
		snprintf(what, sizeof(what), _("report %.12s…"), head);
	else if (is_uuid(head))
		snprintf(what, sizeof(what), _("allocation %.8s…"), head);
	else
		snprintf(what, sizeof(what), "%s", head);
	if (reason)
		snprintf(buf, size, "%s%s%s %s", what, *what ? ", " : "", _("reason:"),
			 reg_reason_label(reason + 7));
	else
		snprintf(buf, size, "%s", what);
}

char *reg_event_text(const char *kind, const char *from, const char *to, const char *detail, char *buf,
		     size_t size)
{
	char d[400] = "";
	if (detail && *detail)
		detail_words(detail, d, sizeof(d));
	if (kind && !strcmp(kind, "state"))
		snprintf(buf, size, "%s → %s%s%s%s", reg_word_state(from), reg_word_state(to), *d ? " (" : "", d,
			 *d ? ")" : "");
	else
		snprintf(buf, size, "%s%s%s", reg_word_event(kind), *d ? " — " : "", d);
	return buf;
}
