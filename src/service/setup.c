/*
 * setup.c — making a store and putting a pilot's configuration in force.
 *
 * A new store gets its schema, its keys (the audit log's signing pair and
 * the data key), the signed head of the empty log and, as its first events,
 * its creation and its configuration. A configuration is checked
 * (zv/config.h), stored as the next version (every version is kept), and the
 * change is logged in the same transaction.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

struct install_job {
	const char *json, *by;
	const struct zv_config *config;
	struct zv_audit_event *event;
	int64_t version;
	char detail[256];
};

static int install_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct install_job *j = ctx;
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(zv_now_us(), now);
	if (zv_store_config_insert(tx, j->json, now, j->by, &j->version, err))
		return err->code;
	snprintf(j->detail, sizeof j->detail,
		 "configuration version %lld in force: pilot %s (%zu organisations, %zu teams, "
		 "%zu users)",
		 (long long)j->version, j->config->pilot_id, j->config->n_organisations,
		 j->config->n_teams, j->config->n_professionals);
	j->event->detail = j->detail;
	return ZV_OK;
}

int zv_config_install(struct zv_audit_log *log, const char *json, const char *by,
		      const char *from, struct zv_error *err)
{
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_config config;
	struct zv_config_problems problems = {0};
	int rc = zv_config_parse(json, strlen(json), &a, &config, &problems, err);
	if (!rc) {
		struct zv_audit_event e = {
			.action = ZV_AUDIT_CONFIG_CHANGE,
			.outcome = ZV_AUDIT_DONE,
			.who = {.user = by, .role = "administrator"},
			.from = from && *from ? from : "unknown",
		};
		struct install_job j = {.json = json, .by = by, .config = &config, .event = &e};
		rc = zv_audit_append(log, &e, 1, install_work, &j, err);
	}
	zv_arena_release(&a);
	return rc;
}

int zv_dossier_create(const char *db, const char *key_dir, const char *config_json,
		      const char *by, const char *from, uint8_t public_key[ZV_PUBKEY_LEN],
		      bool *keys_made, struct zv_error *err)
{
	struct zv_signing_key key;
	struct zv_data_key data;
	struct zv_store *store = NULL;
	struct zv_audit_log *log = NULL;
	*keys_made = false;
	int rc = zv_store_open(db, ZV_STORE_CREATE, &store, err);
	if (rc)
		return rc;
	rc = zv_keys_create(key_dir, &key, err);
	*keys_made = rc == ZV_OK;
	if (!rc)
		rc = zv_data_key_open(key_dir, &data, err);
	if (!rc)
		rc = zv_audit_log_open(store, &key, NULL, &log, err);
	char detail[128];
	snprintf(detail, sizeof detail, "store created (schema version %d) with a new signing key",
		 zv_store_schema_version(store));
	struct zv_audit_event e = {
		.action = ZV_AUDIT_CONFIG_CHANGE,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = by, .role = "administrator"},
		.from = from && *from ? from : "unknown",
		.detail = detail,
	};
	if (!rc)
		rc = zv_audit_log_start(log, err);
	if (!rc)
		rc = zv_audit_append(log, &e, 1, NULL, NULL, err);
	if (!rc)
		rc = zv_config_install(log, config_json, by, from, err);
	zv_audit_log_close(log);
	zv_store_close(store);
	if (!rc)
		memcpy(public_key, key.public_key, ZV_PUBKEY_LEN);
	zv_wipe(&key, sizeof key);
	zv_wipe(&data, sizeof data);
	return rc;
}
