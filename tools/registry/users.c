/*
 * users.c — web UI accounts: a name, a role (admin, coordinator, volunteer,
 * viewer) and a scrypt password hash (OpenSSL EVP_KDF "SCRYPT"), stored as
 * "scrypt$N$r$p$<salt hex>$<hash hex>".  An account is created once (adding
 * a name that exists is refused: it would silently take over the account),
 * its password changed on its own; it can be disabled (its logins refused,
 * like a wrong password) or removed.  A new password, disabling and
 * removing end its sessions at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

#define SCRYPT_N 16384
#define SCRYPT_R 8
#define SCRYPT_P 1

static int scrypt(const char *pw, const unsigned char *salt, size_t saltlen, uint64_t n,
		  uint32_t rr, uint32_t p, unsigned char *out, size_t outlen)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pw, strlen(pw)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
		OSSL_PARAM_construct_end(),
	};
	int ok = ctx && EVP_KDF_derive(ctx, out, outlen, params) == 1;
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok ? 0 : -EIO;
}

int reg_password_hash(const char *password, char *out, size_t size)
{
	unsigned char salt[16], h[32];
	char sh[33], hh[65];
	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    scrypt(password, salt, sizeof(salt), SCRYPT_N, SCRYPT_R, SCRYPT_P, h, sizeof(h)))
		return -EIO;
	reco_hex(salt, sizeof(salt), sh);
	reco_hex(h, sizeof(h), hh);
	OPENSSL_cleanse(h, sizeof(h));
	snprintf(out, size, "scrypt$%d$%d$%d$%s$%s", SCRYPT_N, SCRYPT_R, SCRYPT_P, sh, hh);
	return 0;
}

static int unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return (int)(n / 2);
}

int reg_password_verify(const char *password, const char *stored)
{
	unsigned long long n;
	unsigned rr, p;
	char sh[65], hh[129];
	unsigned char salt[32], want[64], got[64];
	if (sscanf(stored, "scrypt$%llu$%u$%u$%64[0-9a-f]$%128[0-9a-f]", &n, &rr, &p, sh, hh) != 5)
		return 0;
	int sl = unhex(sh, salt, sizeof(salt)), hl = unhex(hh, want, sizeof(want));
	if (sl <= 0 || hl <= 0 || n > (1u << 20) || rr > 32 || p > 16)
		return 0;
	if (scrypt(password, salt, (size_t)sl, n, rr, p, got, (size_t)hl))
		return 0;
	int ok = CRYPTO_memcmp(got, want, (size_t)hl) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

static int user_change(struct registry *r, const char *name, const char *sql, const char *arg,
		       struct reco_err *e);

int reg_role_valid(const char *role)
{
	return role && (!strcmp(role, "admin") || !strcmp(role, "coordinator") || !strcmp(role, "volunteer") ||
			!strcmp(role, "viewer"));
}

static int password_ok(const char *password, char *h, size_t size, struct reco_err *e)
{
	if (strlen(password) < 8)
		return reco_err_set(e, -EINVAL, _("a password has at least 8 characters"));
	if (reg_password_hash(password, h, size))
		return reco_err_set(e, -EIO, _("cannot hash the password"));
	return 0;
}

int reg_user_add(struct registry *r, const char *name, const char *role, const char *password,
		 struct reco_err *e)
{
	if (!reg_role_valid(role))
		return reco_err_set(e, -EINVAL, _("%s: unknown role (admin, coordinator, volunteer, viewer)"), role);
	if (!*name || strlen(name) > 64)
		return reco_err_set(e, -EINVAL, _("a user name is 1 to 64 characters"));
	char h[256], now[32];
	int rc = password_ok(password, h, sizeof(h), e);
	if (rc)
		return rc;
	reg_now(now);
	rc = rdb_q(r->db, NULL, e, "INSERT INTO users (name, role, pwhash, created) VALUES (?, ?, ?, ?)", name,
		   role, h, now);
	if (rc == -EEXIST)
		return reco_err_set(e, rc, _("%s: the account exists (change its password with 'user passwd')"),
				    name);
	return rc;
}

int reg_user_passwd(struct registry *r, const char *name, const char *password, struct reco_err *e)
{
	char h[256];
	int rc = password_ok(password, h, sizeof(h), e);
	return rc ? rc : user_change(r, name, "UPDATE users SET pwhash = ? WHERE name = ?", h, e);
}

int reg_user_check(struct registry *r, const char *name, const char *password, char *role,
		   size_t size, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT role, pwhash FROM users WHERE name = ? AND disabled IS NULL",
		       name);
	if (rc)
		return rc;
	int ok;
	if (res->nrows) {
		ok = reg_password_verify(password, rdb_val(res, 0, 1));
		if (ok)
			snprintf(role, size, "%s", rdb_val(res, 0, 0));
	} else {
		/* same work for an unknown name: no timing oracle */
		reg_password_verify(password,
				    "scrypt$16384$8$1$00000000000000000000000000000000$"
				    "0000000000000000000000000000000000000000000000000000000000000000");
		ok = 0;
	}
	rdb_res_free(res);
	return ok ? 0 : reco_err_set(e, -EACCES, _("wrong user name or password"));
}

/* Sets or clears `disabled`, or deletes the account; its sessions end. */
static int user_change(struct registry *r, const char *name, const char *sql, const char *arg,
		       struct reco_err *e)
{
	int rc = rdb_begin(r->db, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e, "SELECT name FROM users WHERE name = ?", name);
	if (!rc && !res->nrows)
		rc = reco_err_set(e, -ENOENT, _("%s: no such account"), name);
	rdb_res_free(res);
	if (!rc)
		rc = rdb_q(r->db, NULL, e, "DELETE FROM web_sessions WHERE user_name = ?", name);
	if (!rc)
		rc = arg ? rdb_q(r->db, NULL, e, sql, arg, name) : rdb_q(r->db, NULL, e, sql, name);
	if (rc) {
		rdb_rollback(r->db);
		return rc;
	}
	return rdb_commit(r->db, e);
}

int reg_user_disable(struct registry *r, const char *name, int disable, struct reco_err *e)
{
	char now[32];
	reg_now(now);
	return disable ? user_change(r, name, "UPDATE users SET disabled = ? WHERE name = ?", now, e)
		       : user_change(r, name, "UPDATE users SET disabled = NULL WHERE name = ?", NULL, e);
}

int reg_user_remove(struct registry *r, const char *name, struct reco_err *e)
{
	return user_change(r, name, "DELETE FROM users WHERE name = ?", NULL, e);
}

json_t *reg_users_list(struct registry *r, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	if (rdb_q(r->db, &res, e, "SELECT name, role, created, disabled FROM users WHERE name <> ? ORDER BY name", ""))
		return NULL;
	json_t *arr = reg_rows_json(res, NULL);
	rdb_res_free(res);
	return arr;
}

