/*
 * cmd_user.c — `zorgvuldig --as ADMIN user …`: users' credentials, for an
 * administrator of the configuration in force (anyone else: exit 3).
 *
 *   user add LOGIN [--generate]      a password for a user of the configuration
 *                                    who has none yet (exit 4 when they have)
 *   user passwd LOGIN [--generate]   a new password
 *   user totp LOGIN                  a new second factor: its base32 secret and
 *                                    otpauth:// URI, shown once
 *   user totp LOGIN --remove         remove it (exit 2 for a user who must have one)
 *
 * The password is one line on stdin (not echoed on a terminal), or with
 * --generate a random one, printed once. With --json: {"login"} and, when
 * generated, "password"; for totp {"login","secret","uri"}; for --remove
 * {"login","removed":true}. The rules (who may, passwords of at least 12
 * characters, which second factors are required) are the service's
 * (src/service/users.c); this file only reads and prints.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "zv/codec.h"
#include "zv/crypto.h"

/* Room for the longest password the service takes, its line end, and one
 * byte more to tell a longer line. */
enum { LINE_CAP = ZV_PASSWORD_MAX_BYTES + 4 };

/* One line of stdin without its line end; on a terminal with a prompt on
 * stderr and without echo. ZV_EINPUT naming $.password when there is none
 * or it is too long. */
static int read_password(const char *login, char line[LINE_CAP], struct zv_error *err)
{
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty) {
		fprintf(stderr, "Nieuw wachtwoord voor %s: ", login);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool got = fgets(line, LINE_CAP, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (!got)
		return zv_error_set(err, ZV_EINPUT, "$.password",
				    "no password on stdin (give one line, or use --generate)");
	size_t n = strlen(line);
	bool whole = n && line[n - 1] == '\n';
	if (whole)
		line[--n] = '\0';
	if (n && line[n - 1] == '\r')
		line[--n] = '\0';
	if (!whole && !feof(stdin))
		return zv_error_set(err, ZV_EINPUT, "$.password",
				    "a password has at most %d bytes", ZV_PASSWORD_MAX_BYTES);
	return ZV_OK;
}

static void print_login(struct zv_buf *out, const char *login)
{
	zv_buf_puts(out, "{\"login\":");
	zv_json_write_string(out, login, strlen(login));
}

/* user add | passwd LOGIN [--generate] */
static int set_password(struct cli_ctx *c, int argc, char **argv,
			int (*set)(struct zv_service *sv, const struct zv_who *who,
				   const char *login, const char *password, struct zv_error *err),
			const char *done)
{
	static const struct cli_option SPEC[] = {{.name = "generate", .flag = true}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 1, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "%s LOGIN [--generate] (the password on stdin)",
				   c->name);
	const char *login = p.positional[0];
	bool generate = p.set[0];
	char password[LINE_CAP] = "";
	if (generate)
		zv_password_generate(password);
	else
		rc = read_password(login, password, &c->err);
	if (!rc)
		rc = set(c->sv, &c->who, login, password, &c->err);
	if (rc) {
		zv_wipe(password, sizeof password);
		return cli_ctx_fail(c);
	}
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json) {
		print_login(&out, login);
		if (generate) {
			zv_buf_puts(&out, ",\"password\":");
			zv_json_write_string(&out, password, strlen(password));
		}
		zv_buf_puts(&out, "}\n");
	} else {
		zv_buf_printf(&out, "%s %s.\n", done, login);
		if (generate)
			zv_buf_printf(&out, "Wachtwoord (wordt maar één keer getoond): %s\n", password);
	}
	zv_wipe(password, sizeof password);
	return cli_finish(c, &out);
}

static int user_add(struct cli_ctx *c, int argc, char **argv)
{
	return set_password(c, argc, argv, zv_user_add, "Inloggegevens vastgelegd voor");
}

static int user_passwd(struct cli_ctx *c, int argc, char **argv)
{
	return set_password(c, argc, argv, zv_user_set_password, "Nieuw wachtwoord vastgelegd voor");
}

/* user totp LOGIN [--remove] */
static int user_totp(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "remove", .flag = true}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 1, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "user totp LOGIN [--remove]");
	const char *login = p.positional[0];
	struct zv_buf out;
	if (p.set[0]) {
		if (zv_user_remove_totp(c->sv, &c->who, login, &c->err))
			return cli_ctx_fail(c);
		zv_buf_init(&out, 0);
		if (c->g->json) {
			print_login(&out, login);
			zv_buf_puts(&out, ",\"removed\":true}\n");
		} else {
			zv_buf_printf(&out, "Tweede factor van %s verwijderd.\n", login);
		}
		return cli_finish(c, &out);
	}
	struct zv_totp_setup setup;
	if (zv_user_set_totp(c->sv, &c->who, login, &setup, &c->err))
		return cli_ctx_fail(c);
	zv_buf_init(&out, 0);
	if (c->g->json) {
		print_login(&out, login);
		zv_buf_puts(&out, ",\"secret\":");
		zv_json_write_string(&out, setup.secret, strlen(setup.secret));
		zv_buf_puts(&out, ",\"uri\":");
		zv_json_write_string(&out, setup.uri, strlen(setup.uri));
		zv_buf_puts(&out, "}\n");
	} else {
		zv_buf_printf(&out,
			      "Nieuwe tweede factor voor %s (wordt maar één keer getoond; de vorige "
			      "werkt niet meer):\n"
			      "  geheim: %s\n"
			      "  URI:    %s\n",
			      login, setup.secret, setup.uri);
	}
	zv_wipe(&setup, sizeof setup);
	return cli_finish(c, &out);
}

int cmd_user(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2)
		return usage_error(g, "user", "user add|passwd|totp LOGIN (user --help)");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: zorgvuldig --as ADMINISTRATOR user add LOGIN [--generate]\n"
		       "       user passwd LOGIN [--generate]   (the password on stdin, one line)\n"
		       "       user totp LOGIN [--remove]\n");
		return 0;
	}
	static const struct cli_sub SUBS[] = {
		{"add", user_add}, {"passwd", user_passwd}, {"totp", user_totp}};
	return cli_run_sub(g, "user", SUBS, 3, NULL, argc, argv);
}
