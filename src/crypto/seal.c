/*
 * seal.c — personal data at rest and sign-in secrets (zv/crypto.h):
 * sealing fields with XChaCha20-Poly1305 under the store's data key (made
 * and read in keys.c), blind indexes (keyed BLAKE2b), argon2id password
 * hashes, generated passwords and the base32 form of TOTP secrets. All
 * libsodium.
 */
#define _POSIX_C_SOURCE 200809L
#include "zv/crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void zv_seal(const struct zv_data_key *key, const char *context, const void *msg, size_t len,
	     uint8_t *out)
{
	uint8_t *nonce = out;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, msg, len,
		(const uint8_t *)context, strlen(context), NULL, nonce, key->seal);
}

bool zv_unseal(const struct zv_data_key *key, const char *context, const uint8_t *sealed,
	       size_t sealed_len, uint8_t *out)
{
	if (sealed_len < ZV_SEAL_OVERHEAD)
		return false;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(
		       out, NULL, NULL, sealed + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		       sealed_len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		       (const uint8_t *)context, strlen(context), sealed, key->seal) == 0;
}

void zv_blind_index(const struct zv_data_key *key, const char *context, const void *msg,
		    size_t len, uint8_t out[ZV_BLIND_LEN])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, key->blind, sizeof key->blind, ZV_BLIND_LEN);
	crypto_generichash_update(&st, (const uint8_t *)context, strlen(context) + 1);
	crypto_generichash_update(&st, msg, len);
	crypto_generichash_final(&st, out, ZV_BLIND_LEN);
}

int zv_password_hash(const char *password, int level, char out[ZV_PASSWORD_HASH_LEN],
		     struct zv_error *err)
{
	static const struct {
		unsigned long long ops;
		size_t mem;
	} COST[] = {
		{crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE},
		{crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE},
		{crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE},
	};
	if (sodium_init() < 0)
		return zv_error_set(err, ZV_EINTERNAL, "", "libsodium failed to initialise");
	if (level < 0 || level > 2)
		return zv_error_set(err, ZV_EINTERNAL, "", "no argon2id level %d", level);
	if (crypto_pwhash_str_alg(out, password, strlen(password), COST[level].ops,
				  COST[level].mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return zv_error_set(err, ZV_ENOMEM, "",
				    "out of memory hashing a password (argon2id needs %zu MiB)",
				    COST[level].mem >> 20);
	return ZV_OK;
}

bool zv_password_check(const char *hash, const char *password)
{
	if (sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void zv_base32_encode(const uint8_t *bytes, size_t n, char *out, size_t cap)
{
	static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		acc = acc << 8 | bytes[i];
		bits += 8;
		while (bits >= 5 && o + 1 < cap) {
			out[o++] = ALPHABET[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o + 1 < cap)
		out[o++] = ALPHABET[(acc << (5 - bits)) & 31];
	if (cap)
		out[o] = '\0';
}

bool zv_base32_decode(const char *text, uint8_t *out, size_t cap, size_t *n)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	bool padding = false;
	*n = 0;
	for (const char *p = text; *p; p++) {
		char ch = *p;
		int v;
		if (ch == ' ')
			continue;
		if (ch == '=') {
			padding = true;
			continue;
		}
		if (padding)   /* nothing but padding after padding */
			return false;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A';
		else if (ch >= '2' && ch <= '7')
			v = ch - '2' + 26;
		else
			return false;
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (o == cap)
				return false;
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;   /* keep only the bits not yet written */
	}
	*n = o;
	return true;
}

void zv_password_generate(char out[ZV_PASSWORD_GENERATED_LEN])
{
	/* 31 symbols without 0/O, 1/l/I: log2(31) * 24 ≈ 119 bits. */
	static const char ALPHABET[] = "abcdefghjkmnpqrstuvwxyz23456789";
	enum { SYMBOLS = sizeof ALPHABET - 1 };
	if (sodium_init() < 0)
		abort();   /* no randomness: nothing safe to do */
	for (size_t i = 0; i + 1 < ZV_PASSWORD_GENERATED_LEN; i++)
		out[i] = ALPHABET[randombytes_uniform(SYMBOLS)];
	out[ZV_PASSWORD_GENERATED_LEN - 1] = '\0';
}
