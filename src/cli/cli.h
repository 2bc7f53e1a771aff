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
#include "zv/service.h"

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
int cmd_demo(int argc, char **argv, const struct global_opts *g);
int cmd_case(int argc, char **argv, const struct global_opts *g);
int cmd_entry(int argc, char **argv, const struct global_opts *g);
int cmd_consent(int argc, char **argv, const struct global_opts *g);
int cmd_share(int argc, char **argv, const struct global_opts *g);
int cmd_break_glass(int argc, char **argv, const struct global_opts *g);
int cmd_obligations(int argc, char **argv, const struct global_opts *g);
int cmd_serve(int argc, char **argv, const struct global_opts *g);
int cmd_user(int argc, char **argv, const struct global_opts *g);

/* Report an error the way docs/cli.md asks and return its exit code. */
int cli_fail(const struct global_opts *g, const char *command, const struct zv_error *err);

/* Who is acting at this terminal, for audit events: --as LOGIN, else the
 * operating-system account ("os:NAME"); and from where ("terminal ..."). */
struct cli_actor {
	char user[300];
	char from[300];
};
void cli_actor(const struct global_opts *g, struct cli_actor *out);

/* The whole file at `path` ("-": stdin), at most `limit` bytes (whole MiB), NUL-terminated;
 * the caller frees it. NULL with ZV_EINPUT (unreadable, or over the limit). */
char *cli_read_file(const char *path, size_t limit, struct zv_error *err);

/* A whole number option value; false (after a usage error) when it is not. */
bool cli_parse_count(const char *text, uint64_t *out);

/* Report a usage error the way docs/cli.md asks (JSON on stdout with
 * --json, text on stderr otherwise) and return exit code 2. */
int usage_error(const struct global_opts *g, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Options after the command words (docs/cli.md): "--name value",
 * "--name=value" or a flag "--name"; options marked `many` may repeat and are
 * collected; anything else is positional. */
enum { CLI_MAX_OPTIONS = 32, CLI_MAX_POSITIONAL = 8 };
struct cli_option {
	const char *name;
	bool flag;
	bool many;
};
struct cli_parsed {
	bool set[CLI_MAX_OPTIONS];
	const char *value[CLI_MAX_OPTIONS];      /* the last value given */
	const char **list[CLI_MAX_OPTIONS];      /* every value, for `many` */
	size_t n_list[CLI_MAX_OPTIONS];
	const char *positional[CLI_MAX_POSITIONAL];
	size_t n_positional;
};
/* 0, or the exit code of a usage error already reported. */
int cli_parse(const struct global_opts *g, const char *command, const struct cli_option *spec,
	      size_t n_spec, int argc, char **argv, struct zv_arena *a, struct cli_parsed *out);

/* Open the store at --db and the services on it, acting as --as (required).
 * 0, or the exit code of an error already reported. */
int cli_open_service(const struct global_opts *g, const char *command, struct zv_store **store,
		     struct zv_service **sv, struct cli_actor *actor, struct zv_who *who);
void cli_close_service(struct zv_store *store, struct zv_service *sv);

/* A dossier command's subcommand: run with the services open, acting as
 * --as, with an arena for its results and an error to report. */
struct cli_ctx {
	const struct global_opts *g;
	const char *name;              /* "case show", for messages */
	struct zv_store *store;
	struct zv_service *sv;
	struct cli_actor actor;
	struct zv_who who;
	struct zv_arena a;
	struct zv_error err;
};
struct cli_sub {
	const char *name;
	int (*run)(struct cli_ctx *c, int argc, char **argv);
};
/* Find argv[1] among `subs` (or `fallback` for any other word, when not
 * NULL), open the services and run it with the words after it. Unknown
 * words are a usage error naming what there is. */
int cli_run_sub(const struct global_opts *g, const char *command, const struct cli_sub *subs,
		size_t n_subs, const struct cli_sub *fallback, int argc, char **argv);
/* Report c->err as docs/cli.md asks; its exit code. */
int cli_ctx_fail(struct cli_ctx *c);
/* "yes"/"ja" or "no"/"nee" (NULL leaves *out); false for anything else. */
bool cli_tri(const char *text, enum zv_tri *out);
void cli_print(const struct zv_buf *out);
/* Print what a subcommand wrote (or report that it ran out of memory),
 * then wipe and release the buffer (it may hold personal data or a
 * secret); the exit code. */
int cli_finish(struct cli_ctx *c, struct zv_buf *out);

/* The JSON and text forms of what the services return (view_json.c). */
void cli_write_case_list(const struct zv_case_summary *c, size_t n, bool json,
			 struct zv_buf *out);
void cli_write_case_view(const struct zv_case_view *v, bool json, struct zv_buf *out);
void cli_write_obligations(const struct zv_rec_obligation *o, size_t n, bool json,
			   struct zv_buf *out);
/* Report an error that came with the engine's answer (its questions, or why
 * not): with --json {"error":{…},"decision":{…}}, else both as text. */
int cli_fail_decided(const struct global_opts *g, const char *command,
		     const struct zv_error *err, const struct zv_decision *d,
		     const struct zv_situation *s);

/* Create the store at --db with its keys, the first audit events and this
 * configuration (init, and demo on a new file); nothing is left behind on
 * failure. */
int cli_create_store(const struct global_opts *g, const char *config_json,
		     uint8_t public_key[32], char *key_dir, size_t key_dir_len,
		     struct zv_error *err);

/* Remove a store and (when this run made them) its keys. */
void cli_remove_store(const char *db, const char *key_dir, bool keys_made);


#endif /* ZV_CLI_H */
