/*
 * cmd_config.c — `zorgvuldig config check FILE`: check a pilot's
 * configuration (docs/config.md) and list every problem at once.
 *
 *   exit 0  no problem: "FILE: configuration OK (8 organisations, 3 teams,
 *           13 professionals)"
 *   exit 1  problems: one "PATH: MESSAGE" line each on stdout, in document
 *           order, then a summary line
 *   exit 2  bad usage, a FILE that cannot be read, or text that is not JSON
 *           at all (the error as docs/cli.md has it: stderr, or the error
 *           object with --json)
 *   exit 5  out of memory
 *
 * With --json, exits 0 and 1 print one value:
 *   {"ok":false,"problems":[{"path":"…","message":"…"}],"truncated":false}
 * and when ok, the counts of organisations, teams and professionals too.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "zv/codec.h"
#include "zv/config.h"

/* A configuration is at most 4 MiB; what it expands to in memory is
 * bounded well below this. */
#define CONFIG_ARENA_LIMIT ((size_t)256 * 1024 * 1024)

static void print_usage(void)
{
	printf("Usage: zorgvuldig config check FILE [--json]\n\n"
	       "Checks the pilot configuration FILE (docs/config.md) and lists every\n"
	       "problem with its JSON path, in the order of the file.\n"
	       "Exit 0 when there is none, 1 when there are, 2 when FILE cannot be read\n"
	       "or is not JSON at all.\n");
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void write_problems_json(struct zv_buf *out, const struct zv_config_problems *p)
{
	zv_buf_puts(out, "\"problems\":[");
	for (size_t i = 0; i < p->count; i++) {
		zv_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		zv_json_write_string(out, p->items[i].path, strlen(p->items[i].path));
		zv_buf_puts(out, ",\"message\":");
		zv_json_write_string(out, p->items[i].message, strlen(p->items[i].message));
		zv_buf_putc(out, '}');
	}
	zv_buf_printf(out, "],\"truncated\":%s", p->truncated ? "true" : "false");
}

static void write_ok(struct zv_buf *out, const struct global_opts *g, const char *file,
		     const struct zv_config *cfg)
{
	if (g->json) {
		zv_buf_puts(out, "{\"ok\":true,");
		write_problems_json(out, &(struct zv_config_problems){0});
		zv_buf_printf(out, ",\"organisations\":%zu,\"teams\":%zu,\"professionals\":%zu}\n",
			      cfg->n_organisations, cfg->n_teams, cfg->n_professionals);
		return;
	}
	zv_buf_printf(out, "%s: configuration OK (%zu %s, %zu %s, %zu %s)\n", file,
		      cfg->n_organisations, plural(cfg->n_organisations, "organisation",
						   "organisations"),
		      cfg->n_teams, plural(cfg->n_teams, "team", "teams"), cfg->n_professionals,
		      plural(cfg->n_professionals, "professional", "professionals"));
}

static void write_problems(struct zv_buf *out, const struct global_opts *g, const char *file,
			   const struct zv_config_problems *p)
{
	if (g->json) {
		zv_buf_puts(out, "{\"ok\":false,");
		write_problems_json(out, p);
		zv_buf_puts(out, "}\n");
		return;
	}
	for (size_t i = 0; i < p->count; i++)
		zv_buf_printf(out, "%s: %s\n", p->items[i].path, p->items[i].message);
	zv_buf_printf(out, "%s: %zu %s found; the configuration is not valid%s\n", file, p->count,
		      plural(p->count, "problem", "problems"),
		      p->truncated ? " (only the first ones are listed; there are more)" : "");
}

/* Text that is not JSON at all is bad input (exit 2), not a list of problems. */
static int fail_not_json(const struct global_opts *g, const char *file,
			 const struct zv_config_problem *p)
{
	struct zv_error err;
	zv_error_set(&err, ZV_EINPUT, p->path, "%s is not a configuration: %s", file, p->message);
	if (g->json)
		return cli_fail(g, "config check", &err);
	fprintf(stderr, "zorgvuldig config check: %s: %s: %s\n", file, p->path, p->message);
	return zv_err_exit_code(err.code);
}

static int config_check(const char *file, const struct global_opts *g)
{
	struct zv_arena arena;
	struct zv_config cfg;
	struct zv_config_problems problems;
	struct zv_error err = {.code = ZV_OK};
	struct zv_buf out;
	zv_arena_init(&arena, CONFIG_ARENA_LIMIT);
	zv_buf_init(&out, 0);
	int rc = zv_config_load(file, &arena, &cfg, &problems, &err);
	int exit_code;
	if (rc == ZV_OK) {
		write_ok(&out, g, file, &cfg);
		exit_code = 0;
	} else if (rc == ZV_EINPUT && problems.not_json && problems.count) {
		exit_code = fail_not_json(g, file, &problems.items[0]);
	} else if (rc == ZV_EINPUT) {
		write_problems(&out, g, file, &problems);
		exit_code = 1;
	} else {
		if (rc == ZV_EIO)   /* a FILE that cannot be read is bad input */
			err.code = ZV_EINPUT;
		exit_code = cli_fail(g, "config check", &err);
	}
	if (out.failed) {
		fprintf(stderr, "zorgvuldig config check: out of memory writing the report\n");
		exit_code = 5;
	} else if (out.data) {
		fwrite(out.data, 1, out.len, stdout);
	}
	zv_buf_release(&out);
	zv_arena_release(&arena);
	return exit_code;
}

int cmd_config(int argc, char **argv, const struct global_opts *g)
{
	const char *sub = NULL, *file = NULL;
	bool literal = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!literal && !strcmp(a, "--")) {
			literal = true;
		} else if (!literal && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			print_usage();
			return 0;
		} else if (!literal && a[0] == '-' && a[1] != '\0') {
			return usage_error(g, "config", "unknown option '%s'", a);
		} else if (!sub) {
			sub = a;
		} else if (!file) {
			file = a;
		} else {
			return usage_error(g, "config", "unexpected argument '%s'; config check takes "
							"one FILE", a);
		}
	}
	if (!sub)
		return usage_error(g, "config", "missing subcommand; try 'zorgvuldig config check "
						"FILE'");
	if (strcmp(sub, "check"))
		return usage_error(g, "config", "unknown subcommand '%s'; the one there is: check",
				   sub);
	if (!file)
		return usage_error(g, "config", "config check needs the FILE to check");
	return config_check(file, g);
}
