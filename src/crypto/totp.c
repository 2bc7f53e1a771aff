/*
 * totp.c — one-time codes of a second factor (zv/crypto.h): TOTP of
 * RFC 6238 over HOTP of RFC 4226, as authenticator apps compute them.
 *
 * code(step) = truncate(HMAC-SHA1(secret, step as 8 bytes big-endian)):
 * the low 4 bits of the last byte of the MAC give an offset, the 31 bits at
 * that offset a number, and its last 6 decimal digits the code. A step is
 * 30 seconds of Unix time. HMAC-SHA1 comes from OpenSSL's libcrypto
 * (libsodium has no SHA-1); nothing here keeps state between calls.
 *
 * Matching takes a code of the step before, the step itself and the step
 * after (a phone's clock may be a little off), but never a step at or before
 * the one last used: the caller keeps that step durably, so each code signs
 * in once. All three steps are computed and compared in constant time
 * whatever the code, so timing does not tell which step matched.
 */
#include "zv/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

int64_t zv_totp_step(int64_t unix_seconds)
{
	int64_t step = unix_seconds / ZV_TOTP_PERIOD;
	if (unix_seconds < 0 && unix_seconds % ZV_TOTP_PERIOD)
		step--;
	return step;
}

int zv_totp_code(const uint8_t *secret, size_t n, uint64_t step, char out[ZV_TOTP_CODE_LEN],
		 struct zv_error *err)
{
	memset(out, 0, ZV_TOTP_CODE_LEN);
	if (!secret || n == 0 || n > INT32_MAX)
		return zv_error_set(err, ZV_EINTERNAL, "", "a TOTP secret has at least one byte");
	uint8_t counter[8];
	for (int i = 7; i >= 0; i--, step >>= 8)
		counter[i] = (uint8_t)(step & 0xff);
	uint8_t mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!HMAC(EVP_sha1(), secret, (int)n, counter, sizeof counter, mac, &len) || len != 20)
		return zv_error_set(err, ZV_EINTERNAL, "", "OpenSSL cannot compute HMAC-SHA1 here");
	unsigned offset = mac[19] & 0x0f;
	uint32_t number = (uint32_t)(mac[offset] & 0x7f) << 24 | (uint32_t)mac[offset + 1] << 16 |
			  (uint32_t)mac[offset + 2] << 8 | (uint32_t)mac[offset + 3];
	number %= 1000000;
	for (int i = ZV_TOTP_DIGITS - 1; i >= 0; i--, number /= 10)
		out[i] = (char)('0' + number % 10);
	zv_wipe(mac, sizeof mac);
	return ZV_OK;
}

/* Exactly six ASCII digits and the end of the string. */
static bool six_digits(const char *code)
{
	if (!code)
		return false;
	for (int i = 0; i < ZV_TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return code[ZV_TOTP_DIGITS] == '\0';
}

bool zv_totp_match(const uint8_t *secret, size_t n, const char *code, int64_t unix_seconds,
		   int64_t last_used_step, int64_t *matched_step)
{
	*matched_step = -1;
	if (!six_digits(code) || !secret || n == 0)
		return false;
	int64_t now = zv_totp_step(unix_seconds);
	bool matched = false;
	for (int64_t step = now - 1; step <= now + 1; step++) {
		char expected[ZV_TOTP_CODE_LEN];
		struct zv_error ignored;
		bool computed = step >= 0 &&
				zv_totp_code(secret, n, (uint64_t)step, expected, &ignored) == ZV_OK;
		/* Compared every time, whatever matched before. */
		bool same = CRYPTO_memcmp(expected, code, ZV_TOTP_DIGITS) == 0;
		if (computed && same && step > last_used_step) {
			*matched_step = step;
			matched = true;
		}
		zv_wipe(expected, sizeof expected);
	}
	return matched;
}

void zv_totp_uri(const char *login, const char *secret_base32, struct zv_buf *out)
{
	static const char HEX[] = "0123456789ABCDEF";
	zv_buf_puts(out, "otpauth://totp/Zorgvuldig:");
	for (const unsigned char *p = (const unsigned char *)login; *p; p++) {
		bool unreserved = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				  (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
				  *p == '~';
		if (unreserved) {
			zv_buf_putc(out, (char)*p);
		} else {
			char esc[3] = {'%', HEX[*p >> 4], HEX[*p & 15]};
			zv_buf_add(out, esc, 3);
		}
	}
	zv_buf_puts(out, "?secret=");
	zv_buf_puts(out, secret_base32);
	zv_buf_puts(out, "&issuer=Zorgvuldig&algorithm=SHA1&digits=6&period=30");
}
