/*
 * common.c — what several commands share: reporting an error as
 * docs/cli.md asks, who is acting at this terminal (for audit events), and
 * reading whole-number option values.
 */
#define _POSIX_C_SOURCE 200809L
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zv/codec.h"

int cli_fail(const struct global_opts *g, const char *command, const struct zv_error *err)
{
	if (g->json) {
		struct zv_buf out;
		zv_buf_init(&out, 8192);
		zv_error_write_json(err, zv_err_name(err->code), &out);
		if (out.data)
			printf("%s\n", out.data);
		zv_buf_release(&out);
	} else {
		fprintf(stderr, "zorgvuldig %s: %s%s%s\n", command, err->path,
			err->path[0] ? ": " : "", err->message);
	}
	return zv_err_exit_code(err->code);
}

void cli_actor(const struct global_opts *g, struct cli_actor *out)
{
	if (g->as && *g->as) {
		snprintf(out->user, sizeof out->user, "%s", g->as);
	} else {
		struct passwd pw, *found = NULL;
		char buf[1024];
		if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found)
			snprintf(out->user, sizeof out->user, "os:%s", found->pw_name);
		else
			snprintf(out->user, sizeof out->user, "os:uid-%u", (unsigned)geteuid());
	}
	char host[128] = "localhost";
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	char tty[128] = "";
	if (isatty(STDIN_FILENO) && ttyname_r(STDIN_FILENO, tty, sizeof tty) != 0)
		tty[0] = '\0';
	snprintf(out->from, sizeof out->from, "terminal %s on %s", tty[0] ? tty : "(no tty)",
		 host);
}

bool cli_parse_count(const char *text, uint64_t *out)
{
	uint64_t v = 0;
	if (!text || !*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}
