/*
 * hash.c — SHA-256 through OpenSSL's EVP interface with one reused context,
 * the two Merkle hashes of RFC 9162, and hex.
 *
 * OpenSSL 3's one-shot SHA256() fetches the algorithm on every call, which
 * costs more than hashing a 65-byte Merkle node; so the algorithm is fetched
 * once and the context reused (docs/ARCHITECTURE.md, audit).
 */
#include "zv/crypto.h"

#include <openssl/evp.h>
#include <string.h>

int zv_sha256_init(struct zv_sha256 *h, struct zv_error *err)
{
	h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (!h->md || !h->ctx) {
		zv_sha256_free(h);
		return zv_error_set(err, ZV_EINTERNAL, "", "OpenSSL has no SHA-256 here");
	}
	return ZV_OK;
}

void zv_sha256_free(struct zv_sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	h->ctx = NULL;
	h->md = NULL;
}

void zv_sha256_parts(struct zv_sha256 *h, const void *a, size_t alen, const void *b,
		     size_t blen, const void *c, size_t clen, uint8_t out[ZV_HASH_LEN])
{
	/* `out` may be one of the inputs (r = H(p || r)): the digest goes to a
	 * local first. With a fetched algorithm and a live context none of these
	 * calls fail; if one did, the result would be zeros, never stale bytes. */
	uint8_t digest[ZV_HASH_LEN] = {0};
	unsigned int n = 0;
	if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) == 1) {
		if (a)
			EVP_DigestUpdate(h->ctx, a, alen);
		if (b)
			EVP_DigestUpdate(h->ctx, b, blen);
		if (c)
			EVP_DigestUpdate(h->ctx, c, clen);
		EVP_DigestFinal_ex(h->ctx, digest, &n);
	}
	memcpy(out, digest, ZV_HASH_LEN);
}

void zv_sha256(struct zv_sha256 *h, const void *data, size_t len, uint8_t out[ZV_HASH_LEN])
{
	zv_sha256_parts(h, data, len, NULL, 0, NULL, 0, out);
}

void zv_hash_leaf(struct zv_sha256 *h, const void *entry, size_t len, uint8_t out[ZV_HASH_LEN])
{
	static const uint8_t LEAF_PREFIX = 0x00;
	zv_sha256_parts(h, &LEAF_PREFIX, 1, entry ? entry : "", len, NULL, 0, out);
}

void zv_hash_node(struct zv_sha256 *h, const uint8_t left[ZV_HASH_LEN],
		  const uint8_t right[ZV_HASH_LEN], uint8_t out[ZV_HASH_LEN])
{
	static const uint8_t NODE_PREFIX = 0x01;
	zv_sha256_parts(h, &NODE_PREFIX, 1, left, ZV_HASH_LEN, right, ZV_HASH_LEN, out);
}

void zv_hex_encode(const uint8_t *bytes, size_t n, char *out)
{
	static const char HEX[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = HEX[bytes[i] >> 4];
		out[2 * i + 1] = HEX[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool zv_hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t n)
{
	if (!hex || hexlen != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
