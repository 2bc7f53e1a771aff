/*
 * keys.c — the key files in FILE.keys/: the Ed25519 key pair that signs
 * the audit log's tree heads, and the data key that seals personal data.
 *
 * `zorgvuldig init` makes the pair and writes it beside the database in
 * FILE.keys/ (docs/cli.md): the folder 0700, `audit-signing.key` (the secret
 * key, hex, 0600) and `audit-signing.pub` (the public key as JSON, the same
 * text `zorgvuldig audit key` prints for auditors); the data key
 * (`data.key`, hex, 0600) is made when first needed and never replaced.
 * Files are written to a temporary name, synced and renamed (or linked, for
 * a key that must never be replaced), and the folder synced, so a crash
 * never leaves half a key or loses one that data was sealed with.
 */
#define _POSIX_C_SOURCE 200809L
#include "zv/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET_FILE "audit-signing.key"
#define PUBLIC_FILE "audit-signing.pub"
#define DATA_KEY_FILE "data.key"

uint64_t zv_keyed_hash64(const uint8_t key[ZV_SHORTHASH_KEY_LEN], const void *msg, size_t len)
{
	uint8_t out[crypto_shorthash_BYTES];
	crypto_shorthash(out, msg, len, key);
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | out[i];
	return v;
}

void zv_random_bytes(void *buf, size_t n)
{
	if (sodium_init() < 0)
		abort();   /* no randomness: nothing safe to do */
	randombytes_buf(buf, n);
}

void zv_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

int zv_key_dir_for(const char *db_path, char *out, size_t outlen, struct zv_error *err)
{
	int n = snprintf(out, outlen, "%s.keys", db_path);
	if (n < 0 || (size_t)n >= outlen)
		return zv_error_set(err, ZV_EUSAGE, "", "database path too long: %s", db_path);
	return ZV_OK;
}

static int path_in(const char *dir, const char *name, char *out, size_t outlen,
		   struct zv_error *err)
{
	int n = snprintf(out, outlen, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= outlen)
		return zv_error_set(err, ZV_EUSAGE, "", "key folder path too long: %s", dir);
	return ZV_OK;
}

/* Write `len` bytes to dir/name through a synced temporary file. With
 * `keep_existing` an existing file is never replaced: ZV_ECONFLICT. */
static int write_file_atomically(const char *dir, const char *name, const char *text,
				 size_t len, mode_t mode, bool keep_existing,
				 struct zv_error *err)
{
	char path[4096], tmp[4200];
	if (path_in(dir, name, path, sizeof path, err))
		return err->code;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);   /* a leftover of a crash; never written through (O_EXCL, no links) */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return zv_error_set(err, ZV_EIO, "", "cannot write %s: %s", tmp, strerror(errno));
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			return zv_error_set(err, ZV_EIO, "", "cannot write %s: %s", tmp, strerror(e));
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		unlink(tmp);
		return zv_error_set(err, ZV_EIO, "", "cannot sync %s: %s", tmp, strerror(errno));
	}
	if (keep_existing) {
		int rc = link(tmp, path) == 0 ? ZV_OK
			 : zv_error_set(err, errno == EEXIST ? ZV_ECONFLICT : ZV_EIO, "",
					"cannot create %s: %s", path, strerror(errno));
		unlink(tmp);
		return rc;
	}
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return zv_error_set(err, ZV_EIO, "", "cannot rename %s: %s", tmp, strerror(errno));
	}
	return ZV_OK;
}

static int sync_dir(const char *dir, struct zv_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return zv_error_set(err, ZV_EIO, "", "cannot sync %s: %s", dir, strerror(e));
	}
	close(fd);
	return ZV_OK;
}

void zv_public_key_json(const uint8_t pk[ZV_PUBKEY_LEN], struct zv_buf *out)
{
	char hex[2 * ZV_PUBKEY_LEN + 1], id[2 * ZV_HASH_LEN + 1];
	uint8_t digest[ZV_HASH_LEN];
	zv_hex_encode(pk, ZV_PUBKEY_LEN, hex);
	crypto_hash_sha256(digest, pk, ZV_PUBKEY_LEN);
	zv_hex_encode(digest, ZV_HASH_LEN, id);
	zv_buf_printf(out,
		      "{\"algorithm\":\"Ed25519\",\"public_key\":\"%s\",\"log_id\":\"%s\","
		      "\"purpose\":\"zorgvuldig audit log tree heads\"}\n",
		      hex, id);
}

void zv_key_id(struct zv_sha256 *h, const uint8_t pk[ZV_PUBKEY_LEN],
	       char out[2 * ZV_HASH_LEN + 1])
{
	uint8_t digest[ZV_HASH_LEN];
	zv_sha256(h, pk, ZV_PUBKEY_LEN, digest);
	zv_hex_encode(digest, ZV_HASH_LEN, out);
}

int zv_keys_create(const char *dir, struct zv_signing_key *key, struct zv_error *err)
{
	if (sodium_init() < 0)
		return zv_error_set(err, ZV_EINTERNAL, "", "libsodium failed to initialise");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return zv_error_set(err, ZV_EIO, "", "cannot create %s: %s", dir, strerror(errno));
	if (chmod(dir, 0700) != 0)
		return zv_error_set(err, ZV_EIO, "", "cannot restrict %s: %s", dir, strerror(errno));
	char path[4096];
	if (path_in(dir, SECRET_FILE, path, sizeof path, err))
		return err->code;
	if (access(path, F_OK) == 0)
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "%s already holds a signing key; it is never replaced silently",
				    dir);
	crypto_sign_keypair(key->public_key, key->secret_key);
	key->has_secret = true;

	char secret_hex[2 * ZV_SECKEY_LEN + 2];
	zv_hex_encode(key->secret_key, ZV_SECKEY_LEN, secret_hex);
	secret_hex[2 * ZV_SECKEY_LEN] = '\n';
	secret_hex[2 * ZV_SECKEY_LEN + 1] = '\0';
	struct zv_buf pub;
	zv_buf_init(&pub, 4096);
	zv_public_key_json(key->public_key, &pub);
	int rc = pub.failed ? zv_error_set(err, ZV_ENOMEM, "", "out of memory") : ZV_OK;
	if (!rc)
		rc = write_file_atomically(dir, SECRET_FILE, secret_hex, 2 * ZV_SECKEY_LEN + 1,
					   0600, false, err);
	if (!rc) {
		rc = write_file_atomically(dir, PUBLIC_FILE, pub.data, pub.len, 0644, false, err);
		if (rc)   /* never half a key pair */
			unlink(path);
	}
	if (!rc)
		rc = sync_dir(dir, err);
	zv_wipe(secret_hex, sizeof secret_hex);
	zv_buf_release(&pub);
	return rc;
}

/* Read a small text file whole into `out` (NUL-terminated). */
static int read_small_file(const char *path, char *out, size_t outlen, struct stat *st,
			   struct zv_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zv_error_set(err, errno == ENOENT ? ZV_ENOTFOUND : ZV_EIO, "",
				    "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, st) != 0) {
		close(fd);
		return zv_error_set(err, ZV_EIO, "", "cannot stat %s: %s", path, strerror(errno));
	}
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, out + len, outlen - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return zv_error_set(err, ZV_EIO, "", "cannot read %s: %s", path, strerror(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == outlen - 1) {
			close(fd);
			return zv_error_set(err, ZV_EINPUT, "", "%s is larger than a key file can be",
					    path);
		}
	}
	close(fd);
	out[len] = '\0';
	return ZV_OK;
}

static size_t trimmed_length(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n;
}

/* A secret key file must be readable by its owner only. */
static int owner_only(const char *path, const struct stat *st, struct zv_error *err)
{
	if (st->st_mode & 077)
		return zv_error_set(err, ZV_EDENIED, "",
				    "%s may be read by others (mode %03o); run: chmod 600 %s", path,
				    (unsigned)(st->st_mode & 0777), path);
	return ZV_OK;
}

int zv_public_key_read(const char *path, uint8_t out[ZV_PUBKEY_LEN], struct zv_error *err)
{
	char text[4096];
	struct stat st;
	if (read_small_file(path, text, sizeof text, &st, err))
		return err->code;
	const char *hex = text;
	size_t len;
	const char *member = strstr(text, "\"public_key\"");
	if (member) {  /* the JSON form: take the string after the member name */
		const char *q = strchr(member + 12, '"');
		const char *end = q ? strchr(q + 1, '"') : NULL;
		if (!q || !end)
			return zv_error_set(err, ZV_EINPUT, "$.public_key",
					    "%s: public_key is not a string", path);
		hex = q + 1;
		len = (size_t)(end - hex);
	} else {
		len = trimmed_length(text);
	}
	if (!zv_hex_decode(hex, len, out, ZV_PUBKEY_LEN))
		return zv_error_set(err, ZV_EINPUT, member ? "$.public_key" : "",
				    "%s: a public key is 64 hex digits (Ed25519)", path);
	return ZV_OK;
}

int zv_keys_load(const char *dir, bool need_secret, struct zv_signing_key *key,
		 struct zv_error *err)
{
	if (sodium_init() < 0)
		return zv_error_set(err, ZV_EINTERNAL, "", "libsodium failed to initialise");
	char path[4096];
	memset(key, 0, sizeof *key);
	if (path_in(dir, PUBLIC_FILE, path, sizeof path, err) ||
	    zv_public_key_read(path, key->public_key, err))
		return err->code;
	if (!need_secret)
		return ZV_OK;
	char text[512];
	struct stat st;
	if (path_in(dir, SECRET_FILE, path, sizeof path, err) ||
	    read_small_file(path, text, sizeof text, &st, err))
		return err->code;
	int rc = owner_only(path, &st, err);
	if (!rc && !zv_hex_decode(text, trimmed_length(text), key->secret_key, ZV_SECKEY_LEN))
		rc = zv_error_set(err, ZV_EINPUT, "", "%s does not hold an Ed25519 secret key",
				  path);
	else if (!rc && memcmp(key->secret_key + 32, key->public_key, ZV_PUBKEY_LEN) != 0)
		rc = zv_error_set(err, ZV_EINPUT, "", "%s and %s/%s are not one key pair", path,
				  dir, PUBLIC_FILE);
	zv_wipe(text, sizeof text);
	if (rc) {
		zv_wipe(key->secret_key, sizeof key->secret_key);
		return rc;
	}
	key->has_secret = true;
	return ZV_OK;
}

void zv_sign(const struct zv_signing_key *key, const void *msg, size_t len,
	     uint8_t sig[ZV_SIG_LEN])
{
	crypto_sign_detached(sig, NULL, msg, len, key->secret_key);
}

bool zv_verify_signature(const uint8_t pk[ZV_PUBKEY_LEN], const void *msg, size_t len,
			 const uint8_t sig[ZV_SIG_LEN])
{
	if (sodium_init() < 0)
		return false;
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

/* ---- the data key ------------------------------------------------------------- */

static int read_data_key(const char *dir, uint8_t key[ZV_DATA_KEY_LEN], struct zv_error *err)
{
	char path[4096], text[2 * ZV_DATA_KEY_LEN + 8];
	struct stat st;
	if (path_in(dir, DATA_KEY_FILE, path, sizeof path, err) ||
	    read_small_file(path, text, sizeof text, &st, err) || owner_only(path, &st, err))
		return err->code;
	bool ok = zv_hex_decode(text, trimmed_length(text), key, ZV_DATA_KEY_LEN);
	zv_wipe(text, sizeof text);
	if (!ok)
		return zv_error_set(err, ZV_EINPUT, "", "%s does not hold a data key (64 hex digits)",
				    path);
	return ZV_OK;
}

int zv_data_key_open(const char *dir, struct zv_data_key *key, struct zv_error *err)
{
	if (sodium_init() < 0)
		return zv_error_set(err, ZV_EINTERNAL, "", "libsodium failed to initialise");
	int rc = read_data_key(dir, key->seal, err);
	if (rc == ZV_ENOTFOUND) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return zv_error_set(err, ZV_EIO, "", "cannot create %s: %s", dir,
					    strerror(errno));
		if (chmod(dir, 0700) != 0)
			return zv_error_set(err, ZV_EIO, "", "cannot restrict %s: %s", dir,
					    strerror(errno));
		char hex[2 * ZV_DATA_KEY_LEN + 2];
		crypto_aead_xchacha20poly1305_ietf_keygen(key->seal);
		zv_hex_encode(key->seal, ZV_DATA_KEY_LEN, hex);
		hex[2 * ZV_DATA_KEY_LEN] = '\n';
		hex[2 * ZV_DATA_KEY_LEN + 1] = '\0';
		rc = write_file_atomically(dir, DATA_KEY_FILE, hex, 2 * ZV_DATA_KEY_LEN + 1, 0600,
					   true, err);
		zv_wipe(hex, sizeof hex);
		if (!rc)   /* data sealed with it must never outlive the key's name */
			rc = sync_dir(dir, err);
		else if (rc == ZV_ECONFLICT)   /* made by another process meanwhile: use that */
			rc = read_data_key(dir, key->seal, err);
	}
	if (rc)
		return rc;
	/* The blind-index key: a subkey, so that one file holds all. */
	crypto_kdf_derive_from_key(key->blind, sizeof key->blind, 1, "zvblind_", key->seal);
	return ZV_OK;
}
