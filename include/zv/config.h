/*
 * zv/config.h — the configuration of a pilot (proeftuin), in one JSON file.
 *
 * Organisations (kind, public authority, secrecy regime, statutory tasks
 * with their provisions, special-category exceptions, retention periods per
 * record type, lawyer-confirmed bases), teams (local teams and the Regional
 * Safety Team, and how their members work together: one team under mandate,
 * or a network in which each keeps their own organisation's powers),
 * professionals (mother organisation, SKJ/BIG registration, roles, teams),
 * mandates, and the joint-controller arrangements of R14.3. The format is
 * docs/config.md.
 *
 * Checking is strict and complete: zv_config_parse() reports every problem
 * it finds (not only the first), each with the JSON path of the offending
 * value and a message that says why, so that `zorgvuldig config check FILE`
 * can list them all at once.
 *
 * Ownership: everything a struct zv_config points to lives in the caller's
 * arena and is valid until the arena is released.
 */
#ifndef ZV_CONFIG_H
#define ZV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"
#include "zv/policy.h"

#define ZV_CONFIG_MAX_BYTES ((size_t)4 * 1024 * 1024)

/* Roles of a user, as a bit set. */
enum zv_user_role {
	ZV_ROLE_PROFESSIONAL = 1u << 0,
	ZV_ROLE_TEAM_LEAD = 1u << 1,
	ZV_ROLE_PRIVACY_OFFICER = 1u << 2,
	ZV_ROLE_ADMINISTRATOR = 1u << 3,
	ZV_ROLE_AUDITOR = 1u << 4,
};
#define ZV_ROLE__COUNT 5
/* "professional", "team_lead", "privacy_officer", "administrator",
 * "auditor" for bit 0..4; "" outside them. */
const char *zv_user_role_name(int bit);

/* Roles that must sign in with a second factor (issue: NEN 7513 asks two
 * factors for reading the access log). */
#define ZV_ROLES_NEED_SECOND_FACTOR \
	(ZV_ROLE_PRIVACY_OFFICER | ZV_ROLE_ADMINISTRATOR | ZV_ROLE_AUDITOR)

/* Kinds of record an organisation keeps, each with its retention period. */
enum zv_record_type {
	ZV_RECORD_ENTRY,
	ZV_RECORD_CONSENT,
	ZV_RECORD_DECISION,
	ZV_RECORD_DISCLOSURE,
	ZV_RECORD_AUDIT,
	ZV_RECORD__COUNT
};
/* "entry", "consent", "decision", "disclosure", "audit". */
const char *zv_record_type_name(enum zv_record_type t);

enum zv_collaboration {
	ZV_COLLAB_MANDATE,   /* members act for the team's organisation */
	ZV_COLLAB_NETWORK,   /* members keep their own organisation's powers */
};

enum zv_argon2_level { ZV_ARGON2_INTERACTIVE, ZV_ARGON2_MODERATE, ZV_ARGON2_SENSITIVE };

struct zv_task {
	const char *id;
	const char *description;
	enum zv_ground ground;            /* AVG art. 6(1) a..f */
	const char *provision;            /* required for grounds c and e (R2.6) */
};

/* A special-category exception (R4.1, R4.3, R13.3): the organisation may
 * record these categories for these tasks (none listed: every task). */
struct zv_category_exception {
	uint8_t categories;               /* ZV_CAT_HEALTH | ZV_CAT_SPECIAL_OTHER | ZV_CAT_CRIMINAL */
	const char *exception;            /* e.g. "UAVG art. 30 lid 3" */
	const char *const *tasks;         /* task ids */
	size_t n_tasks;
};

struct zv_organisation {
	const char *id;
	const char *name;
	enum zv_org kind;
	bool public_authority;            /* default from the kind */
	enum zv_secrecy secrecy;          /* default from the kind (never DEFAULT after parsing) */
	const struct zv_task *tasks;
	size_t n_tasks;
	const struct zv_category_exception *exceptions;
	size_t n_exceptions;
	uint16_t retention_years[ZV_RECORD__COUNT];
	bool lawyer_confirmed_consent_basis;   /* R2.3 */
	const char *const *confirmed_provisions;   /* R5.4/R5.5, lawyer-reviewed */
	size_t n_confirmed_provisions;
};

struct zv_team {
	const char *id;
	const char *name;
	enum zv_org kind;                 /* ZV_ORG_LOCAL_TEAM or ZV_ORG_REGIONAL_SAFETY_TEAM */
	enum zv_collaboration collaboration;
	const char *organisation;         /* mandate: the organisation members act for */
};

struct zv_professional {
	const char *login;
	const char *name;
	const char *organisation;         /* mother organisation id */
	const char *registration_register;   /* "SKJ", "BIG" or NULL */
	const char *registration_number;
	unsigned roles;                   /* enum zv_user_role bits */
	bool second_factor;               /* required by role, or chosen */
	const char *const *teams;
	size_t n_teams;
};

struct zv_mandate {
	const char *id;
	const char *from;                 /* the organisation that gives the mandate */
	const char *to_team;              /* a team, or */
	const char *to_professional;      /* a professional (login) */
	const char *const *tasks;         /* task ids of `from` */
	size_t n_tasks;
	bool has_valid_from, has_valid_until;
	zv_day valid_from, valid_until;
};

/* R14.3: what joint controllers (AVG 26) have arranged, per subject. */
enum zv_arrangement {
	ZV_ARR_INFORMING,
	ZV_ARR_RIGHTS,
	ZV_ARR_BREACHES,
	ZV_ARR_SECURITY,
	ZV_ARR_COMPLAINTS,
	ZV_ARR_INCIDENTS,
	ZV_ARR_LIABILITY,
	ZV_ARR__COUNT
};
/* "informing", "rights", "breaches", "security", "complaints",
 * "incidents", "liability". */
const char *zv_arrangement_name(enum zv_arrangement a);

struct zv_joint_controllers {
	const char *id;
	const char *purpose;
	const char *const *parties;       /* organisation ids, at least two */
	size_t n_parties;
	const char *contact_point;        /* one of the parties */
	const char *arrangement[ZV_ARR__COUNT];   /* each required */
};

struct zv_config {
	int version;                      /* 1 */
	const char *pilot_id;
	const char *pilot_name;
	enum zv_argon2_level argon2;
	const struct zv_organisation *organisations;
	size_t n_organisations;
	const struct zv_team *teams;
	size_t n_teams;
	const struct zv_professional *professionals;
	size_t n_professionals;
	const struct zv_mandate *mandates;
	size_t n_mandates;
	const struct zv_joint_controllers *joint_controllers;
	size_t n_joint_controllers;
	/* The text zv_config_load read (in the arena), to store as it is; NULL
	 * after zv_config_parse, whose caller holds the text. */
	const char *source;
};

/* Problems reported at most by one check. */
#define ZV_CONFIG_MAX_PROBLEMS 1000

/* Every problem found, in document order. */
struct zv_config_problem {
	char path[256];
	char message[384];
};
struct zv_config_problems {
	struct zv_config_problem *items;   /* in the arena */
	size_t count;
	size_t cap;
	bool truncated;                    /* more than `cap` were found */
	bool not_json;                     /* the text is not JSON at all (or over 4 MiB):
					    * the one problem says why and where */
};

/*
 * Parse and check a configuration. Returns ZV_OK with `out` filled when it
 * has no problem; ZV_EINPUT when it has (all of them in `problems`, at most
 * 1000, and `err` holds the first); ZV_ENOMEM when the arena ran out. `out`
 * is unspecified unless ZV_OK.
 */
int zv_config_parse(const char *json, size_t len, struct zv_arena *a, struct zv_config *out,
		    struct zv_config_problems *problems, struct zv_error *err);

/* Read FILE and parse it as above; ZV_EIO (naming the file) when it cannot
 * be read. */
int zv_config_load(const char *path, struct zv_arena *a, struct zv_config *out,
		   struct zv_config_problems *problems, struct zv_error *err);

/* The configuration of the demo pilot (config/demo-pilot.json, built in). */
extern const char zv_config_demo_json[];
extern const size_t zv_config_demo_json_len;

/* The configuration of a store made without --config: the pilot's name
 * only, no organisations and no users; an administrator (or `demo`) puts a
 * full one in force. */
extern const char zv_config_minimal_json[];

/* Lookups; NULL when there is none. */
const struct zv_organisation *zv_config_organisation(const struct zv_config *c, const char *id);
const struct zv_team *zv_config_team(const struct zv_config *c, const char *id);
const struct zv_professional *zv_config_professional(const struct zv_config *c,
						     const char *login);
const struct zv_task *zv_config_task(const struct zv_organisation *o, const char *id);
/* Whether `p` is a member of team `team`. */
bool zv_config_in_team(const struct zv_professional *p, const char *team);

#endif /* ZV_CONFIG_H */
