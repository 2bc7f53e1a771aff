/*
 * zv/crypto.h — the cryptography Zorgvuldig uses, behind small names.
 *
 *   - SHA-256 with one reused OpenSSL EVP context (struct zv_sha256), and the
 *     two hashes of a Merkle tree in the style of RFC 9162: a leaf is
 *     SHA-256(0x00 ‖ entry), an inner node SHA-256(0x01 ‖ left ‖ right);
 *   - Ed25519 signatures (libsodium) for signed tree heads, with the key pair
 *     kept in the store's key folder (`FILE.keys/`, owner only);
 *   - hex encoding of hashes, keys and signatures;
 *   - (seal.c) sealing personal data at rest, passwords, base32;
 *   - (totp.c) one-time codes of a second factor (RFC 6238, HMAC-SHA1
 *     through OpenSSL).
 *
 * A struct zv_sha256 belongs to one thread; make one per thread. Nothing
 * here keeps global state of its own.
 */
#ifndef ZV_CRYPTO_H
#define ZV_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"

enum { ZV_HASH_LEN = 32, ZV_PUBKEY_LEN = 32, ZV_SECKEY_LEN = 64, ZV_SIG_LEN = 64 };

/* ---- SHA-256 ------------------------------------------------------------ */

struct zv_sha256 {
	void *ctx;       /* EVP_MD_CTX, reused for every hash */
	void *md;        /* EVP_MD fetched once */
};

int zv_sha256_init(struct zv_sha256 *h, struct zv_error *err);
void zv_sha256_free(struct zv_sha256 *h);
/* SHA-256 of the concatenation of up to three parts (NULL parts skipped). */
void zv_sha256_parts(struct zv_sha256 *h, const void *a, size_t alen, const void *b,
		     size_t blen, const void *c, size_t clen, uint8_t out[ZV_HASH_LEN]);
void zv_sha256(struct zv_sha256 *h, const void *data, size_t len, uint8_t out[ZV_HASH_LEN]);
/* RFC 9162 §2.1.1: leaf hash and inner-node hash. */
void zv_hash_leaf(struct zv_sha256 *h, const void *entry, size_t len, uint8_t out[ZV_HASH_LEN]);
void zv_hash_node(struct zv_sha256 *h, const uint8_t left[ZV_HASH_LEN],
		  const uint8_t right[ZV_HASH_LEN], uint8_t out[ZV_HASH_LEN]);

/* ---- hex ---------------------------------------------------------------- */

/* Lowercase hex of `n` bytes into `out` (2n+1 bytes, NUL-terminated). */
void zv_hex_encode(const uint8_t *bytes, size_t n, char *out);
/* Decode exactly `n` bytes from a hex string of exactly 2n digits; false if
 * the text is not that. */
bool zv_hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t n);

/* ---- Ed25519 keys ------------------------------------------------------- */

struct zv_signing_key {
	uint8_t public_key[ZV_PUBKEY_LEN];
	uint8_t secret_key[ZV_SECKEY_LEN];
	bool has_secret;
};

/*
 * The key folder of a store: "FILE.keys" beside the database (docs/cli.md).
 * Writes the path into `out`; ZV_EUSAGE when it does not fit.
 */
int zv_key_dir_for(const char *db_path, char *out, size_t outlen, struct zv_error *err);

/* Make a new key pair and write it into `dir` (created 0700; the secret key
 * file 0600). Refuses with ZV_ECONFLICT when a key is already there. */
int zv_keys_create(const char *dir, struct zv_signing_key *key, struct zv_error *err);

/* Load the key pair from `dir`; with `need_secret`, the secret key too, and
 * refuse a secret key file that others may read. */
int zv_keys_load(const char *dir, bool need_secret, struct zv_signing_key *key,
		 struct zv_error *err);

/* Read a public key file as written by zv_keys_create (or `audit key`):
 * JSON {"algorithm":"Ed25519","public_key":"hex",...} or one line of hex. */
int zv_public_key_read(const char *path, uint8_t out[ZV_PUBKEY_LEN], struct zv_error *err);

/* The JSON text of a public key file (NUL-terminated into `out`). */
void zv_public_key_json(const uint8_t pk[ZV_PUBKEY_LEN], struct zv_buf *out);

/* The log id: hex SHA-256 of the public key (as RFC 9162 names a log). */
void zv_key_id(struct zv_sha256 *h, const uint8_t pk[ZV_PUBKEY_LEN],
	       char out[2 * ZV_HASH_LEN + 1]);

void zv_sign(const struct zv_signing_key *key, const void *msg, size_t len,
	     uint8_t sig[ZV_SIG_LEN]);
bool zv_verify_signature(const uint8_t pk[ZV_PUBKEY_LEN], const void *msg, size_t len,
			 const uint8_t sig[ZV_SIG_LEN]);

/* A 64-bit keyed hash (SipHash-2-4): for comparing sets of strings without
 * storing them, where whoever chose the strings does not know the key. */
enum { ZV_SHORTHASH_KEY_LEN = 16 };
uint64_t zv_keyed_hash64(const uint8_t key[ZV_SHORTHASH_KEY_LEN], const void *msg, size_t len);
/* Fill `buf` with unpredictable bytes. */
void zv_random_bytes(void *buf, size_t n);

/* ---- personal data at rest (seal.c) ------------------------------------ */

/*
 * The store's data key, in FILE.keys/data.key (hex, 0600): fields such as a
 * BSN or a confidential address are sealed with XChaCha20-Poly1305 (random
 * nonce; the context, e.g. "bsn:P00012", bound as associated data so that a
 * sealed value cannot be moved to another record). A second key, derived
 * from it, makes blind indexes: keyed BLAKE2b of a value, to find or refuse
 * duplicates without storing the value.
 */
enum { ZV_DATA_KEY_LEN = 32, ZV_SEAL_OVERHEAD = 24 + 16, ZV_BLIND_LEN = 32 };

struct zv_data_key {
	uint8_t seal[ZV_DATA_KEY_LEN];
	uint8_t blind[ZV_DATA_KEY_LEN];
};

/* Load dir/data.key; when there is none yet, make it (and the folder). */
int zv_data_key_open(const char *dir, struct zv_data_key *key, struct zv_error *err);
/* `out` holds len + ZV_SEAL_OVERHEAD bytes. */
void zv_seal(const struct zv_data_key *key, const char *context, const void *msg, size_t len,
	     uint8_t *out);
/* `out` holds sealed_len - ZV_SEAL_OVERHEAD bytes; false when the bytes were
 * not sealed by this key for this context. */
bool zv_unseal(const struct zv_data_key *key, const char *context, const uint8_t *sealed,
	       size_t sealed_len, uint8_t *out);
void zv_blind_index(const struct zv_data_key *key, const char *context, const void *msg,
		    size_t len, uint8_t out[ZV_BLIND_LEN]);

/* ---- passwords and second factors (seal.c) ----------------------------- */

enum { ZV_PASSWORD_HASH_LEN = 128, ZV_TOTP_SECRET_LEN = 20, ZV_TOTP_BASE32_LEN = 33 };

/* argon2id with libsodium's interactive (0), moderate (1) or sensitive (2)
 * cost; the encoded hash (with its parameters and salt) into `out`. */
int zv_password_hash(const char *password, int level, char out[ZV_PASSWORD_HASH_LEN],
		     struct zv_error *err);
bool zv_password_check(const char *hash, const char *password);
/* RFC 4648 base32 without padding (32 characters for 20 bytes), NUL-terminated. */
void zv_base32_encode(const uint8_t *bytes, size_t n, char *out, size_t cap);
/* And back: upper or lower case, '=' padding and spaces allowed (as
 * authenticator apps show a secret); the bytes into `out` (at most `cap`),
 * their number in *n. False when the text is not base32 or does not fit. */
bool zv_base32_decode(const char *text, uint8_t *out, size_t cap, size_t *n);

/* A random password of ZV_PASSWORD_GENERATED_LEN - 1 characters (letters
 * and digits that cannot be mistaken for one another, about 119 bits),
 * NUL-terminated. */
enum { ZV_PASSWORD_GENERATED_LEN = 25 };
void zv_password_generate(char out[ZV_PASSWORD_GENERATED_LEN]);

/* ---- one-time codes (totp.c) -------------------------------------------- */

/*
 * TOTP (RFC 6238 over the HOTP of RFC 4226): HMAC-SHA1 of the time step
 * (Unix seconds / 30, big-endian), dynamic truncation, 6 decimal digits —
 * what every authenticator app computes from an otpauth:// URI.
 */
enum { ZV_TOTP_DIGITS = 6, ZV_TOTP_PERIOD = 30, ZV_TOTP_CODE_LEN = ZV_TOTP_DIGITS + 1 };

/* The time step of a moment: floor(unix_seconds / 30). */
int64_t zv_totp_step(int64_t unix_seconds);
/* The code of `step` for a secret of `n` >= 1 bytes, NUL-terminated.
 * ZV_EINTERNAL when OpenSSL cannot compute HMAC-SHA1 here. */
int zv_totp_code(const uint8_t *secret, size_t n, uint64_t step, char out[ZV_TOTP_CODE_LEN],
		 struct zv_error *err);
/*
 * Whether `code` (exactly 6 ASCII digits, nothing else) is the code of the
 * step of `unix_seconds`, of the step before or of the step after (clocks
 * drift), and that step is later than `last_used_step` (each code is used
 * once; pass -1 when none was used). On true, the step it matched is in
 * *matched_step (the latest, should two steps have the same code). The
 * comparison takes the same time whichever step matches, or none.
 */
bool zv_totp_match(const uint8_t *secret, size_t n, const char *code, int64_t unix_seconds,
		   int64_t last_used_step, int64_t *matched_step);
/* The otpauth:// URI an authenticator app reads (as a QR code) for
 * `login`'s base32 secret:
 * otpauth://totp/Zorgvuldig:LOGIN?secret=…&issuer=Zorgvuldig&algorithm=SHA1&digits=6&period=30
 * (the login percent-encoded). */
void zv_totp_uri(const char *login, const char *secret_base32, struct zv_buf *out);

/* Wipe secret bytes (not optimised away). */
void zv_wipe(void *p, size_t n);

#endif /* ZV_CRYPTO_H */
