/*
 * setup.c — putting a pilot's configuration in force: it is checked
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
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, now);
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
