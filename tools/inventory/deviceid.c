/*
 * deviceid.c — the stable device id ("id" at the top of the inventory).
 *
 * Algorithm (reco1, documented in README.md, "Device id"):
 *   fields, in this order, each only when present (the SMBIOS reader has
 *   already dropped placeholder strings and all-0/all-F UUIDs):
 *     uuid=<system.system.uuid, lower case>
 *     serial=<system.system.serial>
 *     board=<system.baseboard.serial>
 *     mac=<permanent_mac of the first wired, non-USB interface in name
 *          order, lower case>
 *   each as "key=value\n", concatenated; id = "reco1-" + the first 20 hex
 *   digits of SHA-256 of those bytes.  No field: no id.
 * The same hardware gives the same id on every run; a changed USB dongle or
 * a randomised MAC does not change it.
 */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "inventory.h"

static const char *str_at(const json_t *doc, const char *a, const char *b, const char *c)
{
	const json_t *v = json_object_get(json_object_get(json_object_get(doc, a), b), c);
	const char *s = json_string_value(v);
	return s && *s ? s : NULL;
}

static void append(char *buf, size_t size, const char *key, const char *val, int lower, json_t *sources)
{
	size_t used = strlen(buf);
	int n = snprintf(buf + used, size - used, "%s=", key);
	if (n < 0 || (size_t)n >= size - used)
		return;
	used += (size_t)n;
	for (const char *p = val; *p && used + 2 < size; p++)
		buf[used++] = lower ? (char)tolower((unsigned char)*p) : *p;
	buf[used++] = '\n';
	buf[used] = '\0';
	if (sources)
		json_array_append_new(sources, json_string(key));
}

static const char *first_wired_mac(const json_t *doc)
{
	size_t i;
	const json_t *nic;
	json_array_foreach(json_object_get(doc, "network"), i, nic) {
		const char *kind = json_string_value(json_object_get(nic, "kind"));
		const char *bus = json_string_value(json_object_get(nic, "bus"));
		const char *mac = json_string_value(json_object_get(nic, "permanent_mac"));
		if (kind && !strcmp(kind, "wired") && (!bus || strcmp(bus, "usb")) && mac && *mac &&
		    strcmp(mac, "00:00:00:00:00:00"))
			return mac;
	}
	return NULL;
}

char *inv_device_id_sources(const json_t *doc, json_t **sources)
{
	char input[2048] = "";
	json_t *src = json_array();
	const char *v;
	if ((v = str_at(doc, "system", "system", "uuid")))
		append(input, sizeof(input), "uuid", v, 1, src);
	if ((v = str_at(doc, "system", "system", "serial")))
		append(input, sizeof(input), "serial", v, 0, src);
	if ((v = str_at(doc, "system", "baseboard", "serial")))
		append(input, sizeof(input), "board", v, 0, src);
	if ((v = first_wired_mac(doc)))
		append(input, sizeof(input), "mac", v, 1, src);
	if (!*input) {
		json_decref(src);
		if (sources)
			*sources = NULL;
		return NULL;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(input, strlen(input), md, &mdlen, EVP_sha256(), NULL) || mdlen < 10) {
		json_decref(src);
		return NULL;
	}
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	reco_hex(md, mdlen, hex);
	hex[20] = '\0';
	if (sources)
		*sources = src;
	else
		json_decref(src);
	return reco_asprintf("reco1-%s", hex);
}

char *inv_device_id(const json_t *doc)
{
	return inv_device_id_sources(doc, NULL);
}
