/*
 * cmd_init.c — `zorgvuldig [--db FILE] init`: create a new store.
 *
 * Makes the database (all migrations applied), the signing key pair in
 * FILE.keys/ (owner only), signs the head of the empty audit log, and logs
 * the store's creation as its first event. A store or key that exists is
 * never overwritten (exit 4); a failure halfway removes what this run made,
 * so there is never half a store.
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

static void remove_store_files(const char *db, const char *key_dir, bool keys_made)
{
	char path[4200];
	zv_store_remove_files(db);
	if (keys_made) {
		snprintf(path, sizeof path, "%s/audit-signing.key", key_dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/audit-signing.pub", key_dir);
		unlink(path);
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

static int log_creation(struct zv_store *store, const struct zv_signing_key *key,
			const struct global_opts *g, struct zv_error *err)
{
	struct zv_audit_log *log;
	if (zv_audit_log_open(store, key, NULL, &log, err))
		return err->code;
	struct cli_actor actor;
	cli_actor(g, &actor);
	char detail[128];
	snprintf(detail, sizeof detail, "store created (schema version %d) with a new signing key",
		 zv_store_schema_version(store));
	struct zv_audit_event e = {
		.action = ZV_AUDIT_CONFIG_CHANGE,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = actor.user, .role = "administrator"},
		.from = actor.from,
		.detail = detail,
	};
	int rc = zv_audit_log_start(log, err);
	if (!rc)
		rc = zv_audit_append(log, &e, 1, NULL, NULL, err);
	zv_audit_log_close(log);
	return rc;
}

int cmd_init(int argc, char **argv, const struct global_opts *g)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: zorgvuldig [--db FILE] init\n\n"
			       "Creates the store FILE (default zorgvuldig.db) and its signing keys\n"
			       "in FILE.keys/, readable only by you. Never overwrites either.\n");
			return 0;
		}
		return usage_error(g, "init", "unexpected argument '%s'", argv[i]);
	}
	struct zv_error err = {.code = ZV_OK};
	char key_dir[4096];
	struct zv_signing_key key;
	struct zv_store *store = NULL;
	bool keys_made = false;
	if (zv_key_dir_for(g->db, key_dir, sizeof key_dir, &err))
		return cli_fail(g, "init", &err);
	char secret[4200];
	snprintf(secret, sizeof secret, "%s/audit-signing.key", key_dir);
	if (access(g->db, F_OK) == 0) {
		zv_error_set(&err, ZV_ECONFLICT, "", "%s already exists; a store is never overwritten",
			     g->db);
		return cli_fail(g, "init", &err);
	}
	if (access(secret, F_OK) == 0) {
		zv_error_set(&err, ZV_ECONFLICT, "",
			     "%s already holds a signing key; move it away before making a new "
			     "store at %s",
			     key_dir, g->db);
		return cli_fail(g, "init", &err);
	}
	int rc = zv_store_open(g->db, ZV_STORE_CREATE, &store, &err);
	if (rc)
		return cli_fail(g, "init", &err);
	rc = zv_keys_create(key_dir, &key, &err);
	keys_made = rc == ZV_OK;
	if (!rc)
		rc = log_creation(store, &key, g, &err);
	zv_store_close(store);
	if (!rc)
		rc = sync_parent_dir(g->db, &err);   /* the new names last too */
	zv_wipe(key.secret_key, sizeof key.secret_key);
	if (rc) {
		remove_store_files(g->db, key_dir, keys_made);
		return cli_fail(g, "init", &err);
	}
	struct zv_buf out;
	zv_buf_init(&out, 0);
	char pk[2 * ZV_PUBKEY_LEN + 1];
	zv_hex_encode(key.public_key, ZV_PUBKEY_LEN, pk);
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
			      "Signing keys in %s/ (readable only by you).\n"
			      "Public key of the audit log (give it to auditors): %s\n",
			      g->db, zv_store_schema_latest(), key_dir, pk);
	}
	fputs(out.data ? out.data : "", stdout);
	zv_buf_release(&out);
	return 0;
}
