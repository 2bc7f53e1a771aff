/*
 * cmd_demo.c — `zorgvuldig [--db FILE] demo [--json]`: the demo pilot.
 *
 * On a file that does not exist yet, makes the store first (as `init`); on a
 * store fresh from `init`, fills it; on a store that holds the demo already,
 * describes it again. `--json` prints who may sign in and, per case, its
 * team and per entry who sees it and who sees it only anonymously
 * (docs/cli.md):
 *
 *   {"users":[{"login","password","organisation","roles":[…],"totp_secret"}],
 *    "cases":[{"id","household","team":[{"login","role"}],
 *              "entries":[{"id","visible_to":[…],"anonymous_to":[…]}]}]}
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zv/codec.h"
#include "zv/config.h"
#include "zv/crypto.h"

static void write_strings(struct zv_buf *out, const char *const *items, size_t n)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			zv_buf_putc(out, ',');
		zv_json_write_string(out, items[i], strlen(items[i]));
	}
	zv_buf_putc(out, ']');
}

static void write_user(struct zv_buf *out, const struct zv_demo_user *u)
{
	zv_buf_puts(out, "{\"login\":");
	zv_json_write_string(out, u->login, strlen(u->login));
	zv_buf_puts(out, ",\"password\":");
	zv_json_write_string(out, u->password, strlen(u->password));
	zv_buf_puts(out, ",\"organisation\":");
	zv_json_write_string(out, u->organisation, strlen(u->organisation));
	const char *roles[ZV_ROLE__COUNT];
	size_t n = 0;
	for (int bit = 0; bit < ZV_ROLE__COUNT; bit++)
		if (u->roles & (1u << bit))
			roles[n++] = zv_user_role_name(bit);
	zv_buf_puts(out, ",\"roles\":");
	write_strings(out, roles, n);
	if (u->totp_secret[0]) {
		zv_buf_puts(out, ",\"totp_secret\":");
		zv_json_write_string(out, u->totp_secret, strlen(u->totp_secret));
	}
	zv_buf_putc(out, '}');
}

static void write_case(struct zv_buf *out, const struct zv_demo_case *c)
{
	zv_buf_puts(out, "{\"id\":");
	zv_json_write_string(out, c->id, strlen(c->id));
	zv_buf_puts(out, ",\"household\":");
	zv_json_write_string(out, c->household, strlen(c->household));
	zv_buf_puts(out, ",\"team\":[");
	for (size_t i = 0; i < c->n_team; i++) {
		const char *role = zv_case_role_name(c->team[i].role);
		zv_buf_puts(out, i ? ",{\"login\":" : "{\"login\":");
		zv_json_write_string(out, c->team[i].login, strlen(c->team[i].login));
		zv_buf_puts(out, ",\"role\":");
		zv_json_write_string(out, role, strlen(role));
		zv_buf_putc(out, '}');
	}
	zv_buf_puts(out, "],\"entries\":[");
	for (size_t i = 0; i < c->n_entries; i++) {
		const struct zv_demo_entry *e = &c->entries[i];
		zv_buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
		zv_json_write_string(out, e->id, strlen(e->id));
		zv_buf_puts(out, ",\"visible_to\":");
		write_strings(out, e->visible_to, e->n_visible_to);
		zv_buf_puts(out, ",\"anonymous_to\":");
		write_strings(out, e->anonymous_to, e->n_anonymous_to);
		zv_buf_putc(out, '}');
	}
	zv_buf_puts(out, "]}");
}

static void write_demo(const struct zv_demo *d, bool json, const char *db, struct zv_buf *out)
{
	if (json) {
		zv_buf_puts(out, "{\"users\":[");
		for (size_t i = 0; i < d->n_users; i++) {
			if (i)
				zv_buf_putc(out, ',');
			write_user(out, &d->users[i]);
		}
		zv_buf_puts(out, "],\"cases\":[");
		for (size_t i = 0; i < d->n_cases; i++) {
			if (i)
				zv_buf_putc(out, ',');
			write_case(out, &d->cases[i]);
		}
		zv_buf_puts(out, "]}\n");
		return;
	}
	zv_buf_printf(out, "Demo-proeftuin Zuidwest staat in %s: %zu casussen.\n\n"
			   "Inloggen (gebruikersnaam / wachtwoord):\n",
		      db, d->n_cases);
	for (size_t i = 0; i < d->n_users; i++)
		zv_buf_printf(out, "  %-18s %-24s %s%s%s\n", d->users[i].login, d->users[i].password,
			      d->users[i].organisation, d->users[i].totp_secret[0] ? ", TOTP: " : "",
			      d->users[i].totp_secret);
	zv_buf_puts(out, "\nProbeer: zorgvuldig --db ");
	zv_buf_printf(out, "%s --as anna.devries case list\n", db);
}

int cmd_demo(int argc, char **argv, const struct global_opts *g)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: zorgvuldig [--db FILE] demo [--json]\n\n"
			       "Fills a new store (made now when FILE does not exist) with the demo\n"
			       "pilot, or describes the demo a store already holds.\n");
			return 0;
		}
		return usage_error(g, "demo", "unexpected argument '%s'", argv[i]);
	}
	struct zv_error err = {.code = ZV_OK};
	char key_dir[4096];
	uint8_t public_key[ZV_PUBKEY_LEN];
	bool created = false;
	if (access(g->db, F_OK) != 0) {
		if (cli_create_store(g, zv_config_minimal_json, public_key, key_dir, sizeof key_dir,
				     &err))
			return cli_fail(g, "demo", &err);
		created = true;
	} else if (zv_key_dir_for(g->db, key_dir, sizeof key_dir, &err)) {
		return cli_fail(g, "demo", &err);
	}
	struct cli_actor actor;
	cli_actor(g, &actor);
	struct zv_store *store = NULL;
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_demo demo;
	int rc = zv_store_open(g->db, ZV_STORE_OPEN, &store, &err);
	if (!rc)
		rc = zv_demo_load(store, key_dir, actor.from, NULL, &a, &demo, &err);
	zv_store_close(store);
	if (rc && created)   /* a demo store that failed halfway is not left behind */
		cli_remove_store(g->db, key_dir, true);
	if (rc) {
		zv_arena_release(&a);
		return cli_fail(g, "demo", &err);
	}
	struct zv_buf out;
	zv_buf_init(&out, 0);
	write_demo(&demo, g->json, g->db, &out);
	cli_print(&out);
	zv_buf_release(&out);
	zv_arena_release(&a);
	return 0;
}
