/*
 * test_totp.c — one-time codes (src/crypto/totp.c) and the base32 and
 * password helpers around them (src/crypto/seal.c): the SHA-1 test vectors
 * of RFC 6238 appendix B (the last 6 of their 8 digits), codes checked
 * against oathtool's for other secrets (fixed here), the window of one step
 * either way, each step used once, and every malformed code refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "zv/crypto.h"

static const uint8_t RFC_SECRET[] = "12345678901234567890";
#define RFC_SECRET_LEN 20

static void rfc6238_appendix_b_sha1(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		const char *code;   /* the 8-digit value's last 6 digits */
	} VECTORS[] = {
		{59, "287082"},           /* 94287082 */
		{1111111109, "081804"},   /* 07081804 */
		{1111111111, "050471"},   /* 14050471 */
		{1234567890, "005924"},   /* 89005924 */
		{2000000000, "279037"},   /* 69279037 */
		{20000000000, "353130"},  /* 65353130 */
	};
	for (size_t i = 0; i < sizeof VECTORS / sizeof *VECTORS; i++) {
		char code[ZV_TOTP_CODE_LEN];
		struct zv_error err;
		int64_t step = zv_totp_step(VECTORS[i].t);
		assert_int_equal(zv_totp_code(RFC_SECRET, RFC_SECRET_LEN, (uint64_t)step, code, &err),
				 ZV_OK);
		assert_string_equal(code, VECTORS[i].code);
		int64_t matched;
		assert_true(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, VECTORS[i].code, VECTORS[i].t,
					  -1, &matched));
		assert_int_equal(matched, step);
	}
}

/* Codes oathtool 2.6.7 gives (oathtool --totp -b SECRET --now @T): other
 * secret lengths than RFC 6238's, as authenticator apps get them. */
static void agrees_with_oathtool(void **state)
{
	(void)state;
	static const struct {
		const char *secret;   /* base32 */
		int64_t t;
		const char *code;
	} CASES[] = {
		{"JBSWY3DPEHPK3PXP", 1795953600, "514642"},
		{"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1700000000, "921300"},
		{"MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZU", 1795953629, "056563"},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		uint8_t secret[64];
		size_t n;
		assert_true(zv_base32_decode(CASES[i].secret, secret, sizeof secret, &n));
		char code[ZV_TOTP_CODE_LEN];
		struct zv_error err;
		assert_int_equal(zv_totp_code(secret, n, (uint64_t)zv_totp_step(CASES[i].t), code,
					      &err),
				 ZV_OK);
		assert_string_equal(code, CASES[i].code);
	}
}

static void steps_are_floored(void **state)
{
	(void)state;
	assert_int_equal(zv_totp_step(0), 0);
	assert_int_equal(zv_totp_step(29), 0);
	assert_int_equal(zv_totp_step(30), 1);
	assert_int_equal(zv_totp_step(-1), -1);
	assert_int_equal(zv_totp_step(-30), -1);
	assert_int_equal(zv_totp_step(-31), -2);
}

static void code_of(int64_t step, char code[ZV_TOTP_CODE_LEN])
{
	struct zv_error err;
	assert_int_equal(zv_totp_code(RFC_SECRET, RFC_SECRET_LEN, (uint64_t)step, code, &err),
			 ZV_OK);
}

static void one_step_either_way(void **state)
{
	(void)state;
	const int64_t t = 1795953600 + 7;   /* 2026-11-29T12:00:07Z */
	const int64_t now = zv_totp_step(t);
	int64_t matched;
	for (int64_t d = -3; d <= 3; d++) {
		char code[ZV_TOTP_CODE_LEN];
		code_of(now + d, code);
		bool ok = zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, t, -1, &matched);
		if (d >= -1 && d <= 1) {
			assert_true(ok);
			assert_int_equal(matched, now + d);
		} else {
			assert_false(ok);
			assert_int_equal(matched, -1);
		}
	}
	/* The edges of a step: the code of the step before still counts at its
	 * last second and the first second of the next. */
	char code[ZV_TOTP_CODE_LEN];
	code_of(now, code);
	assert_true(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, (now + 1) * 30 + 29, -1,
				  &matched));
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, (now + 2) * 30, -1, &matched));
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, (now - 1) * 30 - 1, -1,
				   &matched));
	/* Another secret's code does not match. */
	static const uint8_t OTHER[] = "abcdefghijabcdefghij";
	assert_false(zv_totp_match(OTHER, 20, code, t, -1, &matched));
}

static void each_step_is_used_once(void **state)
{
	(void)state;
	const int64_t t = 1795953600;
	const int64_t now = zv_totp_step(t);
	char code[ZV_TOTP_CODE_LEN], before[ZV_TOTP_CODE_LEN], after[ZV_TOTP_CODE_LEN];
	code_of(now, code);
	code_of(now - 1, before);
	code_of(now + 1, after);
	int64_t matched;
	assert_true(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, t, -1, &matched));
	int64_t last = matched;
	/* The same code again: refused. So is one of an earlier step. */
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, t, last, &matched));
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, code, t + 20, last, &matched));
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, before, t, last, &matched));
	/* A later step's code still signs in, once. */
	assert_true(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, after, t, last, &matched));
	assert_int_equal(matched, now + 1);
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, after, t + 30, matched, &matched));
}

static void only_six_digits_are_a_code(void **state)
{
	(void)state;
	const int64_t t = 59;   /* code 287082 */
	static const char *const BAD[] = {
		"", "28708", "2870820", " 287082", "287082 ", "287082\n", "28708a", "+28708",
		"-87082", "２87082", "287 082", "0x1234",
	};
	int64_t matched = 42;
	for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
		assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, BAD[i], t, -1, &matched));
		assert_int_equal(matched, -1);
	}
	assert_false(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, NULL, t, -1, &matched));
	assert_false(zv_totp_match(RFC_SECRET, 0, "287082", t, -1, &matched));
	assert_false(zv_totp_match(NULL, 20, "287082", t, -1, &matched));
	assert_true(zv_totp_match(RFC_SECRET, RFC_SECRET_LEN, "287082", t, -1, &matched));
	/* An empty secret has no codes. */
	char code[ZV_TOTP_CODE_LEN];
	struct zv_error err;
	assert_int_equal(zv_totp_code(RFC_SECRET, 0, 1, code, &err), ZV_EINTERNAL);
	assert_string_equal(code, "");
}

static void base32_both_ways(void **state)
{
	(void)state;
	/* RFC 4648 section 10. */
	static const struct {
		const char *bytes, *text;
	} VECTORS[] = {
		{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
		{"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
	};
	for (size_t i = 0; i < sizeof VECTORS / sizeof *VECTORS; i++) {
		char text[32];
		size_t len = strlen(VECTORS[i].bytes);
		zv_base32_encode((const uint8_t *)VECTORS[i].bytes, len, text, sizeof text);
		assert_string_equal(text, VECTORS[i].text);
		uint8_t back[16];
		size_t n;
		assert_true(zv_base32_decode(VECTORS[i].text, back, sizeof back, &n));
		assert_int_equal(n, len);
		assert_memory_equal(back, VECTORS[i].bytes, len);
	}
	uint8_t out[32];
	size_t n;
	/* As apps show it: lower case, spaces, padding. */
	assert_true(zv_base32_decode("mzxw 6ytb oi======", out, sizeof out, &n));
	assert_int_equal(n, 6);
	assert_memory_equal(out, "foobar", 6);
	/* Not base32: digits 0, 1, 8, 9, other signs, data after padding. */
	static const char *const BAD[] = {"MZXW0", "MZXW1", "MZ8W", "MZ9W", "MZ-W", "MY==MY",
					  "MZ\nXW"};
	for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
		assert_false(zv_base32_decode(BAD[i], out, sizeof out, &n));
	/* More bytes than room. */
	assert_false(zv_base32_decode("MZXW6YTBOI", out, 5, &n));
	assert_true(zv_base32_decode("MZXW6YTB", out, 5, &n));
	/* Random secrets of the size Zorgvuldig makes, both ways. */
	for (int round = 0; round < 100; round++) {
		uint8_t secret[ZV_TOTP_SECRET_LEN];
		char text[ZV_TOTP_BASE32_LEN];
		zv_random_bytes(secret, sizeof secret);
		zv_base32_encode(secret, sizeof secret, text, sizeof text);
		assert_int_equal(strlen(text), 32);
		assert_true(zv_base32_decode(text, out, sizeof out, &n));
		assert_int_equal(n, sizeof secret);
		assert_memory_equal(out, secret, sizeof secret);
	}
}

static void the_uri_apps_read(void **state)
{
	(void)state;
	struct zv_buf b;
	zv_buf_init(&b, 1024);
	zv_totp_uri("lotte.peters", "JBSWY3DPEHPK3PXP", &b);
	assert_false(b.failed);
	assert_string_equal(b.data, "otpauth://totp/Zorgvuldig:lotte.peters?secret=JBSWY3DPEHPK3PXP"
				    "&issuer=Zorgvuldig&algorithm=SHA1&digits=6&period=30");
	zv_buf_reset(&b);
	zv_totp_uri("a b:c?d&e/é", "MY", &b);
	assert_string_equal(b.data, "otpauth://totp/Zorgvuldig:a%20b%3Ac%3Fd%26e%2F%C3%A9"
				    "?secret=MY&issuer=Zorgvuldig&algorithm=SHA1&digits=6&period=30");
	zv_buf_release(&b);
}

static void generated_passwords(void **state)
{
	(void)state;
	char a[ZV_PASSWORD_GENERATED_LEN], b[ZV_PASSWORD_GENERATED_LEN];
	zv_password_generate(a);
	zv_password_generate(b);
	assert_int_equal(strlen(a), ZV_PASSWORD_GENERATED_LEN - 1);
	assert_int_equal(strspn(a, "abcdefghjkmnpqrstuvwxyz23456789"), strlen(a));
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6238_appendix_b_sha1),
		cmocka_unit_test(agrees_with_oathtool),
		cmocka_unit_test(steps_are_floored),
		cmocka_unit_test(one_step_either_way),
		cmocka_unit_test(each_step_is_used_once),
		cmocka_unit_test(only_six_digits_are_a_code),
		cmocka_unit_test(base32_both_ways),
		cmocka_unit_test(the_uri_apps_read),
		cmocka_unit_test(generated_passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
