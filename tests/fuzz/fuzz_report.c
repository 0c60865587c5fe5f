/*
 * fuzz_report.c — the report parser and the verifier on arbitrary bytes.
 *
 * Input layout: the first byte picks how the rest is split; the rest is cut
 * into a report and a signature (the last 64 bytes, or a split chosen by the
 * first byte).  The report goes to reco_report_parse() and, with the
 * signature and a fixed station certificate, to reco_report_verify_mem()
 * (no CA file is needed to reach the parser and the signature check; the
 * chain step then fails on the missing CA, which must be handled too).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/sign.h"

/* A real Ed25519 station certificate: reports/examples/station.pem. */
static const char cert_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBsTCCAWOgAwIBAgIBATAFBgMrZXAwXDEoMCYGA1UECgwfUmVjeWNsZXJpZSBu\n"
	"dW3DqXJpcXVlIChleGVtcGxlKTEwMC4GA1UEAwwnUmVjeWNsZXJpZSBudW3DqXJp\n"
	"cXVlIChleGVtcGxlKSByZWNvIENBMB4XDTI2MTEyODE4MTUzNVoXDTM2MTEyNTE4\n"
	"MjAzNVowRjEoMCYGA1UECgwfUmVjeWNsZXJpZSBudW3DqXJpcXVlIChleGVtcGxl\n"
	"KTEaMBgGA1UEAwwRUG9zdGUgZCdleGVtcGxlIDEwKjAFBgMrZXADIQCYmB2ey9AD\n"
	"OQazWF9qX3z3MJEPORziGrEVVmGw1tDpBKNgMF4wDAYDVR0TAQH/BAIwADAOBgNV\n"
	"HQ8BAf8EBAMCB4AwHQYDVR0OBBYEFDH0rKB8eeFbfMmuK6grntiHd/yIMB8GA1Ud\n"
	"IwQYMBaAFHLExVIcRk0Hn4xFP3SIgrCVpOGSMAUGAytlcANBAGhRE79nhT7G96NP\n"
	"4tEqnRWoBo7PcCSZnbiDKdXW9+adzaM8X1Kgff8QlKYdlMZ3QWquORXhF6KOJfco\n"
	"0tX08AM=\n"
	"-----END CERTIFICATE-----\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t split;
	if (data[0] & 1)
		split = size - 1 > 64 ? size - 1 - 64 : 0;
	else
		split = (size - 1) * data[0] / 256;
	const unsigned char *rep = data + 1, *sig = data + 1 + split;
	size_t rlen = split, slen = size - 1 - split;

	struct reco_err e = { 0 };
	json_t *doc = reco_report_parse(rep, rlen, &e);
	json_decref(doc);

	struct reco_verify v;
	int rc = reco_report_verify_mem(rep, rlen, sig, slen, cert_pem, sizeof(cert_pem) - 1,
					"/nonexistent/reco-fuzz-ca.pem", NULL, &v);
	if (rc == 0 && v.status == RECO_VERIFY_OK)
		abort(); /* a random signature verified: impossible */
	/* the certificate text itself, cut short */
	reco_report_verify_mem(rep, rlen, sig, slen, cert_pem, rlen % sizeof(cert_pem),
			       "/nonexistent/reco-fuzz-ca.pem", NULL, &v);
	return 0;
}
