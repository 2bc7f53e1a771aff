/*
 * cli.h — internal to src/cli: what a command receives and returns.
 *
 * The command line is a table (main.c): one function per command, the
 * return value its exit status (docs/cli.md). Global options may stand
 * anywhere; main.c takes them out before the command sees its arguments.
 */
#ifndef ZV_CLI_H
#define ZV_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "zv/base.h"

struct global_opts {
	const char *db;      /* --db FILE, default "zorgvuldig.db" */
	const char *as;      /* --as LOGIN */
	bool json;           /* --json */
};

/* argv[0] is the command word; the rest are its own arguments. */
typedef int (*command_fn)(int argc, char **argv, const struct global_opts *g);

int cmd_decide(int argc, char **argv, const struct global_opts *g);
int cmd_init(int argc, char **argv, const struct global_opts *g);
int cmd_audit(int argc, char **argv, const struct global_opts *g);
int cmd_config(int argc, char **argv, const struct global_opts *g);

/* Report an error the way docs/cli.md asks and return its exit code. */
int cli_fail(const struct global_opts *g, const char *command, const struct zv_error *err);

/* Who is acting at this terminal, for audit events: --as LOGIN, else the
 * operating-system account ("os:NAME"); and from where ("terminal ..."). */
struct cli_actor {
	char user[300];
	char from[300];
};
void cli_actor(const struct global_opts *g, struct cli_actor *out);

/* A whole number option value; false (after a usage error) when it is not. */
bool cli_parse_count(const char *text, uint64_t *out);

/* Report a usage error the way docs/cli.md asks (JSON on stdout with
 * --json, text on stderr otherwise) and return exit code 2. */
int usage_error(const struct global_opts *g, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Today's date on this machine's clock, in its local time zone. */
zv_day today_local(void);

#endif /* ZV_CLI_H */
