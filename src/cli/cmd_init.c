/*
 * cmd_init.c — `zorgvuldig [--db FILE] init [--config FILE]`: create a new store.
 *
 * Makes the database (all migrations applied), the signing key pair and the
 * data key in FILE.keys/ (owner only), signs the head of the empty audit
 * log, logs the store's creation as its first event, and puts the pilot's
 * configuration in force (checked first: a configuration with problems makes
 * no store; without --config, a minimal one that an administrator extends).
 * A store or key that exists is never overwritten (exit 4); a failure
 * halfway removes what this run made, so there is never half a store.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zv/audit.h"
#include "zv/codec.h"
#include "zv/config.h"
#include "zv/crypto.h"

void cli_remove_store(const char *db, const char *key_dir, bool keys_made)
{
	char path[4200];
	zv_store_remove_files(db);
	if (keys_made) {
		static const char *const FILES[] = {"audit-signing.key", "audit-signing.pub",
						    "data.key"};
		for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
			snprintf(path, sizeof path, "%s/%s", key_dir, FILES[i]);
			unlink(path);
		}
		rmdir(key_dir);
	}
}

/* fsync the folder holding `path`, so that new files in it survive a crash. */
static int sync_parent_dir(const char *path, struct zv_error *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return zv_error_set(err, ZV_EIO, "", "cannot sync the folder %s: %s", dir, strerror(e));
	}
	close(fd);
	return ZV_OK;
}

int cli_create_store(const struct global_opts *g, const char *config_json,
		     uint8_t public_key[ZV_PUBKEY_LEN], char *key_dir, size_t key_dir_len,
		     struct zv_error *err)
{
	if (zv_key_dir_for(g->db, key_dir, key_dir_len, err))
		return err->code;
	char secret[4200];
	snprintf(secret, sizeof secret, "%s/audit-signing.key", key_dir);
	if (access(g->db, F_OK) == 0)
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "%s already exists; a store is never overwritten", g->db);
	if (access(secret, F_OK) == 0)
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "%s already holds a signing key; move it away before making a "
				    "new store at %s",
				    key_dir, g->db);
	struct cli_actor actor;
	cli_actor(g, &actor);
	bool keys_made = false;
	int rc = zv_dossier_create(g->db, key_dir, config_json, actor.user, actor.from,
				   public_key, &keys_made, err);
	if (!rc)
		rc = sync_parent_dir(g->db, err);   /* the new names last too */
	if (rc)
		cli_remove_store(g->db, key_dir, keys_made);
	return rc;
}

/* A configuration file, checked: every problem is reported (exit 2). */
static int read_config(const struct global_opts *g, const char *file, struct zv_arena *a,
		       const char **json, struct zv_error *err)
{
	struct zv_config config;
	struct zv_config_problems problems = {0};
	int rc = zv_config_load(file, a, &config, &problems, err);
	if (rc == ZV_EINPUT && !g->json)
		for (size_t i = 1; i < problems.count; i++)
			fprintf(stderr, "zorgvuldig init: %s: %s: %s\n", file, problems.items[i].path,
				problems.items[i].message);
	if (!rc)
		*json = config.source;   /* the text as checked, read once */
	return rc;
}

int cmd_init(int argc, char **argv, const struct global_opts *g)
{
	const char *config_file = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: zorgvuldig [--db FILE] init [--config PILOT.json]\n\n"
			       "Creates the store FILE (default zorgvuldig.db) and its keys in\n"
			       "FILE.keys/, readable only by you, with the pilot's configuration\n"
			       "(docs/config.md; checked first). Never overwrites either.\n");
			return 0;
		}
		if (!strcmp(argv[i], "--config") && i + 1 < argc && !config_file) {
			config_file = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--config=", 9) && !config_file) {
			config_file = argv[i] + 9;
			continue;
		}
		return usage_error(g, "init", "unexpected argument '%s'", argv[i]);
	}
	struct zv_error err = {.code = ZV_OK};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	const char *config_json = zv_config_minimal_json;
	if (config_file && read_config(g, config_file, &a, &config_json, &err)) {
		zv_arena_release(&a);
		return cli_fail(g, "init", &err);
	}
	char key_dir[4096];
	uint8_t public_key[ZV_PUBKEY_LEN];
	int rc = cli_create_store(g, config_json, public_key, key_dir, sizeof key_dir, &err);
	zv_arena_release(&a);
	if (rc)
		return cli_fail(g, "init", &err);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	char pk[2 * ZV_PUBKEY_LEN + 1];
	zv_hex_encode(public_key, ZV_PUBKEY_LEN, pk);
	if (g->json) {
		zv_buf_puts(&out, "{\"database\":");
		zv_json_write_string(&out, g->db, strlen(g->db));
		zv_buf_puts(&out, ",\"keys\":");
		zv_json_write_string(&out, key_dir, strlen(key_dir));
		zv_buf_printf(&out, ",\"schema_version\":%d,\"public_key\":\"%s\"}\n",
			      zv_store_schema_latest(), pk);
	} else {
		zv_buf_printf(&out,
			      "Created store %s (schema version %d).\n"
			      "Keys in %s/ (readable only by you).\n"
			      "Public key of the audit log (give it to auditors): %s\n",
			      g->db, zv_store_schema_latest(), key_dir, pk);
	}
	fputs(out.data ? out.data : "", stdout);
	zv_buf_release(&out);
	return 0;
}
