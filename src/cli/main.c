/*
 * main.c — the zorgvuldig command.
 *
 *     zorgvuldig [--db FILE] [--as LOGIN] COMMAND [SUBCOMMAND] [ARGS…] [--json]
 *
 * Global options may stand before or after the command words (docs/cli.md);
 * they are lifted out here, and the command gets the rest. Commands are one
 * table; each returns its exit status: 0 done, 1 a check found a problem,
 * 2 bad usage or input, 3 not permitted or not found, 4 conflict, 5 internal
 * or storage failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zv/codec.h"

#ifndef ZV_VERSION
#define ZV_VERSION "0.0.0"
#endif

static int cmd_help(int argc, char **argv, const struct global_opts *g);
static int cmd_version(int argc, char **argv, const struct global_opts *g);

static const struct {
	const char *name;
	command_fn run;
	const char *summary;
} COMMANDS[] = {
	{"init", cmd_init, "create the store FILE (--db) and its keys in FILE.keys/ [--config PILOT.json]"},
	{"audit", cmd_audit, "the tamper-evident audit log: verify, head, prove, consistency, "
			     "export, search, key"},
	{"config", cmd_config, "check a pilot's configuration: config check FILE (docs/config.md)"},
	{"decide", cmd_decide, "answer \"mag dat van de AVG?\" for situations in JSON (docs/decision-api.md)"},
	{"demo", cmd_demo, "fill a new store with the demo pilot (or describe it): users, cases"},
	{"case", cmd_case, "the dossier's cases: list, show, open, change, member, informed"},
	{"entry", cmd_entry, "entries of a case: add, correct, react"},
	{"consent", cmd_consent, "consents: record, update, withdraw"},
	{"share", cmd_share, "\"mag ik dit delen?\": decide, prepare or carry out a disclosure"},
	{"break-glass", cmd_break_glass, "emergency access with a reason; the privacy officer's review"},
	{"obligations", cmd_obligations, "my open obligations and due dates; fulfil one"},
	{"serve", cmd_serve, "serve the HTTP/JSON API (docs/http.md) until SIGTERM: "
			     "[--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE]"},
	{"user", cmd_user, "users' credentials (administrator): add, passwd, totp"},
	{"help", cmd_help, "show this overview"},
	{"version", cmd_version, "show the version"},
};

int usage_error(const struct global_opts *g, const char *command, const char *fmt, ...)
{
	char message[sizeof((struct zv_error *)0)->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	struct zv_error err;
	zv_error_set(&err, ZV_EUSAGE, "", "%s", message);
	if (g->json) {
		struct zv_buf out;
		zv_buf_init(&out, 4096);
		zv_error_write_json(&err, "usage", &out);
		if (out.data)
			printf("%s\n", out.data);
		zv_buf_release(&out);
	} else {
		fprintf(stderr, "zorgvuldig%s%s: %s\n", command ? " " : "", command ? command : "",
			err.message);
		fprintf(stderr, "Try 'zorgvuldig help'.\n");
	}
	return 2;
}

static int cmd_help(int argc, char **argv, const struct global_opts *g)
{
	(void)argc;
	(void)argv;
	if (g->json) {
		struct zv_buf out;
		zv_buf_init(&out, 0);
		zv_buf_puts(&out, "{\"commands\":[");
		for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
			zv_buf_puts(&out, i ? ",{\"name\":" : "{\"name\":");
			zv_json_write_string(&out, COMMANDS[i].name, strlen(COMMANDS[i].name));
			zv_buf_puts(&out, ",\"summary\":");
			zv_json_write_string(&out, COMMANDS[i].summary, strlen(COMMANDS[i].summary));
			zv_buf_putc(&out, '}');
		}
		zv_buf_puts(&out, "]}");
		if (out.data)
			printf("%s\n", out.data);
		zv_buf_release(&out);
		return 0;
	}
	printf("zorgvuldig — privacy-by-design family dossier for child and family protection\n\n"
	       "Usage: zorgvuldig [--db FILE] [--as LOGIN] COMMAND [ARGS…] [--json]\n"
	       "The dossier's commands (case, entry, consent, share, break-glass,\n"
	       "obligations, user) act as --as LOGIN; COMMAND --help shows each one's\n"
	       "options.\n\n"
	       "Commands:\n");
	for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
		printf("  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	printf("\nExit codes: 0 done, 1 a check found a problem, 2 bad usage or input,\n"
	       "3 not permitted or not found, 4 conflict, 5 internal or storage failure.\n");
	return 0;
}

static int cmd_version(int argc, char **argv, const struct global_opts *g)
{
	(void)argc;
	(void)argv;
	if (g->json)
		printf("{\"version\":\"%s\",\"decision_api\":1}\n", ZV_VERSION);
	else
		printf("zorgvuldig %s (decision API version 1)\n", ZV_VERSION);
	return 0;
}

/*
 * Lift the global options out of argv (in place). Returns the new argc, or
 * -1 with `bad` naming the option that lacks its value.
 */
static int take_global_options(int argc, char **argv, struct global_opts *g, const char **bad)
{
	int out = 1;
	bool rest_literal = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!rest_literal && !strcmp(a, "--")) {
			rest_literal = true;
			argv[out++] = argv[i];
			continue;
		}
		if (!rest_literal && !strcmp(a, "--json")) {
			g->json = true;
			continue;
		}
		if (!rest_literal && (!strcmp(a, "--db") || !strcmp(a, "--as")))
			slot = a[2] == 'd' ? &g->db : &g->as;
		if (slot) {
			if (i + 1 >= argc) {
				*bad = a;
				return -1;
			}
			*slot = argv[++i];
			continue;
		}
		if (!rest_literal && (!strncmp(a, "--db=", 5) || !strncmp(a, "--as=", 5))) {
			*(a[2] == 'd' ? &g->db : &g->as) = a + 5;
			continue;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	struct global_opts g = {.db = "zorgvuldig.db"};
	const char *bad = NULL;
	argc = take_global_options(argc, argv, &g, &bad);
	if (argc < 0)
		return usage_error(&g, NULL, "option %s needs a value", bad);
	if (argc < 2) {  /* no command is bad usage; say what there is */
		if (g.json)
			return usage_error(&g, NULL, "no command given; 'zorgvuldig help' lists them");
		cmd_help(0, NULL, &g);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		return cmd_help(argc - 1, argv + 1, &g);
	if (!strcmp(name, "--version"))
		return cmd_version(argc - 1, argv + 1, &g);
	for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
		if (!strcmp(COMMANDS[i].name, name)) {
			int rc = COMMANDS[i].run(argc - 1, argv + 1, &g);
			if (fflush(stdout) != 0 && rc == 0)
				rc = 5;
			return rc;
		}
	return usage_error(&g, NULL, "unknown command '%s'", name);
}
