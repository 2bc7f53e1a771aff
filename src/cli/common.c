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
#include "zv/crypto.h"

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

/* ---- options of the dossier's commands ------------------------------------ */

static int option_index(const struct cli_option *spec, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(spec[i].name) == len && !strncmp(spec[i].name, name, len))
			return (int)i;
	return -1;
}

int cli_parse(const struct global_opts *g, const char *command, const struct cli_option *spec,
	      size_t n_spec, int argc, char **argv, struct zv_arena *a, struct cli_parsed *out)
{
	memset(out, 0, sizeof *out);
	if (n_spec > CLI_MAX_OPTIONS)
		return usage_error(g, command, "too many options (a bug)");
	bool literal = false;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!literal && !strcmp(arg, "--")) {
			literal = true;
			continue;
		}
		if (literal || strncmp(arg, "--", 2) || !arg[2]) {
			if (out->n_positional == CLI_MAX_POSITIONAL)
				return usage_error(g, command, "too many arguments ('%s')", arg);
			out->positional[out->n_positional++] = arg;
			continue;
		}
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		int k = option_index(spec, n_spec, name, len);
		if (k < 0)
			return usage_error(g, command, "unknown option '--%.*s'", (int)len, name);
		const char *value = NULL;
		if (spec[k].flag) {
			if (eq)
				return usage_error(g, command, "--%s takes no value", spec[k].name);
		} else if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			return usage_error(g, command, "--%s needs a value", spec[k].name);
		}
		if (out->set[k] && !spec[k].many)
			return usage_error(g, command, "--%s given twice", spec[k].name);
		out->set[k] = true;
		out->value[k] = value;
		if (spec[k].many && value) {
			if (!out->list[k]) {
				out->list[k] = zv_arena_alloc(a, (size_t)(argc + 1) * sizeof(char *));
				if (!out->list[k])
					return usage_error(g, command, "out of memory");
			}
			out->list[k][out->n_list[k]++] = value;
		}
	}
	return 0;
}

int cli_open_service(const struct global_opts *g, const char *command, struct zv_store **store,
		     struct zv_service **sv, struct cli_actor *actor, struct zv_who *who)
{
	struct zv_error err = {.code = ZV_OK};
	*store = NULL;
	*sv = NULL;
	if (!g->as || !*g->as)
		return usage_error(g, command,
				   "say who acts with --as LOGIN: the dossier opens only by name");
	cli_actor(g, actor);
	*who = (struct zv_who){.login = g->as, .from = actor->from};
	char key_dir[4096];
	if (zv_key_dir_for(g->db, key_dir, sizeof key_dir, &err) ||
	    zv_store_open(g->db, ZV_STORE_OPEN, store, &err) ||
	    zv_service_open(*store, key_dir, NULL, sv, &err)) {
		zv_store_close(*store);
		*store = NULL;
		return cli_fail(g, command, &err);
	}
	return 0;
}

void cli_close_service(struct zv_store *store, struct zv_service *sv)
{
	zv_service_close(sv);
	zv_store_close(store);
}

int cli_ctx_fail(struct cli_ctx *c)
{
	return cli_fail(c->g, c->name, &c->err);
}

static int run_with_services(const struct global_opts *g, const char *name,
			     const struct cli_sub *sub, int argc, char **argv)
{
	struct cli_ctx c = {.g = g, .name = name};
	zv_arena_init(&c.a, 0);
	int rc = cli_open_service(g, name, &c.store, &c.sv, &c.actor, &c.who);
	if (!rc)
		rc = sub->run(&c, argc, argv);
	cli_close_service(c.store, c.sv);
	zv_arena_release(&c.a);
	return rc;
}

int cli_run_sub(const struct global_opts *g, const char *command, const struct cli_sub *subs,
		size_t n_subs, const struct cli_sub *fallback, int argc, char **argv)
{
	char name[64];
	for (size_t i = 0; i < n_subs; i++)
		if (!strcmp(subs[i].name, argv[1])) {
			snprintf(name, sizeof name, "%s %s", command, argv[1]);
			return run_with_services(g, name, &subs[i], argc - 2, argv + 2);
		}
	if (fallback)
		return run_with_services(g, command, fallback, argc - 1, argv + 1);
	struct zv_buf known;
	zv_buf_init(&known, 1024);
	for (size_t i = 0; i < n_subs; i++)
		zv_buf_printf(&known, "%s%s", i ? ", " : "", subs[i].name);
	int rc = usage_error(g, command, "unknown subcommand '%s' (%s)", argv[1],
			     known.data ? known.data : "");
	zv_buf_release(&known);
	return rc;
}

bool cli_tri(const char *text, enum zv_tri *out)
{
	if (!text)
		return true;
	if (!strcmp(text, "yes") || !strcmp(text, "ja"))
		*out = ZV_YES;
	else if (!strcmp(text, "no") || !strcmp(text, "nee"))
		*out = ZV_NO;
	else
		return false;
	return true;
}

void cli_print(const struct zv_buf *out)
{
	if (out->data)
		fputs(out->data, stdout);
}

int cli_finish(struct cli_ctx *c, struct zv_buf *out)
{
	int rc = 0;
	if (out->failed) {
		zv_error_set(&c->err, ZV_ENOMEM, "", "out of memory writing the answer");
		rc = cli_ctx_fail(c);
	} else {
		cli_print(out);
	}
	if (out->data)
		zv_wipe(out->data, out->len);
	zv_buf_release(out);
	return rc;
}

char *cli_read_file(const char *path, size_t limit, struct zv_error *err)
{
	FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	if (!f) {
		zv_error_set(err, ZV_EINPUT, "", "cannot read %s", path);
		return NULL;
	}
	struct zv_buf b;
	bool over;
	zv_buf_init(&b, 0);
	enum zv_err rc = zv_read_all(f, limit, &b, &over);
	if (f != stdin)
		fclose(f);
	if (rc || over) {
		zv_buf_release(&b);
		zv_error_set(err, ZV_EINPUT, "", "%s: unreadable or over %zu MiB", path,
			     limit / (1024 * 1024));
		return NULL;
	}
	size_t len;
	char *text = zv_buf_detach(&b, &len);
	if (!text)
		zv_error_set(err, ZV_ENOMEM, "", "out of memory reading %s", path);
	return text;
}
