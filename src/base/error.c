/*
 * error.c — the one error type of Zorgvuldig and its mapping to exit codes.
 *
 * Every module returns an enum zv_err and, where the caller passed one, fills
 * a struct zv_error with the cause. The command line turns the family into
 * its exit code (docs/cli.md); the HTTP layer will turn it into a status.
 */
#include "zv/base.h"

#include <stdio.h>
#include <string.h>

const char *zv_err_name(enum zv_err err)
{
	switch (err) {
	case ZV_OK: return "ok";
	case ZV_EPROBLEM: return "problem_found";
	case ZV_EUSAGE: return "usage";
	case ZV_EINPUT: return "invalid_input";
	case ZV_EDENIED: return "not_permitted";
	case ZV_ENOTFOUND: return "not_found";
	case ZV_ECONFLICT: return "conflict";
	case ZV_ENOMEM: return "out_of_memory";
	case ZV_EIO: return "io_error";
	case ZV_EINTERNAL: return "internal_error";
	}
	return "internal_error";
}

int zv_err_exit_code(enum zv_err err)
{
	switch (err) {
	case ZV_OK: return 0;
	case ZV_EPROBLEM: return 1;
	case ZV_EUSAGE:
	case ZV_EINPUT: return 2;
	case ZV_EDENIED:
	case ZV_ENOTFOUND: return 3;
	case ZV_ECONFLICT: return 4;
	case ZV_ENOMEM:
	case ZV_EIO:
	case ZV_EINTERNAL: return 5;
	}
	return 5;
}

enum zv_err zv_error_set(struct zv_error *e, enum zv_err code, const char *path,
			 const char *fmt, ...)
{
	if (!e)
		return code;
	e->code = code;
	snprintf(e->path, sizeof e->path, "%s", path ? path : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return code;
}

void zv_path_append(char *path, size_t cap, size_t *len, const char *s, size_t n)
{
	size_t room = cap - 1 - *len;
	if (n > room)
		n = room;
	memcpy(path + *len, s, n);
	*len += n;
	path[*len] = '\0';
}

static bool plain_key(const char *k)
{
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

void zv_path_key(char *path, size_t cap, size_t *len, const char *key)
{
	size_t n = strlen(key);
	if (plain_key(key) && n <= 64) {
		zv_path_append(path, cap, len, ".", 1);
		zv_path_append(path, cap, len, key, n);
		return;
	}
	size_t keep = n > 48 ? 48 : n;
	while (keep < n && keep > 0 && ((unsigned char)key[keep] & 0xC0) == 0x80)
		keep--;   /* never cut a UTF-8 sequence */
	zv_path_append(path, cap, len, "['", 2);
	for (size_t i = 0; i < keep; i++) {
		char ch = key[i];
		if (ch == '\'' || ch == '\\')
			zv_path_append(path, cap, len, "\\", 1);
		zv_path_append(path, cap, len, (unsigned char)ch < 0x20 ? "?" : &ch, 1);
	}
	if (keep < n)
		zv_path_append(path, cap, len, "…", strlen("…"));
	zv_path_append(path, cap, len, "']", 2);
}

void zv_path_index(char *path, size_t cap, size_t *len, size_t i)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "[%zu]", i);
	zv_path_append(path, cap, len, tmp, (size_t)n);
}

void zv_echo_n(char out[ZV_ECHO_LEN], const char *s, size_t n)
{
	size_t keep = n > 40 ? 40 : n;
	while (keep < n && keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
		keep--;   /* do not end inside a UTF-8 sequence */
	for (size_t i = 0; i < keep; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' || s[i] == '\\'
				 ? '?'
				 : s[i];
	memcpy(out + keep, keep < n ? "..." : "", keep < n ? 4 : 1);
}

void zv_echo(char out[ZV_ECHO_LEN], const char *s)
{
	zv_echo_n(out, s, strlen(s));
}
