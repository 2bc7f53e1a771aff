/*
 * cross.c — the second pass of a configuration check: what no single value
 * shows (docs/config.md, "Cross-checks"). Ids are unique; every reference
 * names something that exists (tasks of the right organisation); a team
 * under mandate acts for a local_team that gave it a mandate; a regional
 * safety team is a network of members from veilig_thuis, rvdk or gi, all
 * of whose organisations share a joint-controller arrangement (R14.3);
 * only professionals are team members; joint controllers are distinct and
 * their contact point is one of them.
 *
 * Each problem is reported at the path of the value that breaks the rule.
 * Values the first pass could not read (NULL) are skipped, so one mistake
 * is reported once. Lookups go through sorted indexes, so that a file of
 * 4 MiB with many references is checked in n log n, not n².
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- sorted indexes of ids --------------------------------------------- */

struct id_entry {
	const char *id;
	size_t at;          /* index in its list */
};

struct id_index {
	struct id_entry *e;
	size_t n;
};

static int entry_compare(const void *x, const void *y)
{
	const struct id_entry *a = x, *b = y;
	int d = strcmp(a->id, b->id);
	if (d)
		return d;
	return (a->at > b->at) - (a->at < b->at);
}

/* Index the `n` strings found `offset` bytes into each `stride`-byte
 * element of `base`; NULL strings are left out. */
static void index_build(struct config_ctx *c, struct id_index *ix, const void *base, size_t n,
			size_t stride, size_t offset)
{
	ix->e = config_alloc(c, n, sizeof *ix->e);
	ix->n = 0;
	if (!ix->e)
		return;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *elem = (const unsigned char *)base + i * stride + offset;
		const char *id;
		memcpy(&id, elem, sizeof id);
		if (id)
			ix->e[ix->n++] = (struct id_entry){id, i};
	}
	qsort(ix->e, ix->n, sizeof *ix->e, entry_compare);
}

#define INDEX_MEMBER(c, ix, array, n, member) \
	index_build((c), (ix), (array), (n), sizeof *(array), offsetof(__typeof__(*(array)), member))
#define INDEX_STRINGS(c, ix, list, n) index_build((c), (ix), (list), (n), sizeof(char *), 0)

/* The first entry not before (id, at). */
static size_t lower_bound(const struct id_index *ix, const char *id, size_t at)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(ix->e[mid].id, id);
		if (d < 0 || (d == 0 && ix->e[mid].at < at))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index in its list of the first element with this id, or SIZE_MAX. */
static size_t index_find(const struct id_index *ix, const char *id)
{
	if (!id)
		return SIZE_MAX;
	size_t i = lower_bound(ix, id, 0);
	return i < ix->n && !strcmp(ix->e[i].id, id) ? ix->e[i].at : SIZE_MAX;
}

/* Whether the element `at` has this id. */
static bool index_has(const struct id_index *ix, const char *id, size_t at)
{
	size_t i = lower_bound(ix, id, at);
	return i < ix->n && ix->e[i].at == at && !strcmp(ix->e[i].id, id);
}

/* Walking the repeats of an index: each element whose id an earlier one has. */
struct repeat_walk {
	size_t i;
	size_t group;       /* where the entries with the id at i begin */
};

/* The next repeat, with the first element of its id in *first; NULL at the end. */
static const struct id_entry *next_repeat(const struct id_index *ix, struct repeat_walk *w,
					  size_t *first)
{
	for (; w->i < ix->n; w->i++) {
		if (w->i == 0 || strcmp(ix->e[w->i].id, ix->e[w->i - 1].id)) {
			w->group = w->i;
			continue;
		}
		*first = ix->e[w->group].at;
		return &ix->e[w->i++];
	}
	return NULL;
}

/* ---- paths ------------------------------------------------------------- */

/* Point the path at $.<list>[i]; the element when it is an object. */
static json_t *enter_item(struct config_ctx *c, const char *list, json_t *arr, size_t i)
{
	config_push_key(c, c->root, list);
	config_push_index(c, i);
	json_t *o = json_array_get(arr, i);
	return json_is_object(o) ? o : NULL;
}

/* Report a problem (printf-style arguments) at $.<list>[i].<key>. */
#define AT_MEMBER(c, list, arr, i, key, ...)                              \
	do {                                                              \
		size_t saved_ = (c)->depth;                               \
		json_t *o_ = enter_item((c), (list), (arr), (i));         \
		config_push_key((c), o_, (key));                          \
		config_problem((c), __VA_ARGS__);                         \
		config_pop_to((c), saved_);                               \
	} while (0)

/* ---- what the checks share --------------------------------------------- */

struct indexes {
	struct id_index orgs, teams, professionals, mandates_to_team;
	struct id_index *tasks;   /* per organisation */
};

static const struct zv_organisation *org_named(const struct config_ctx *c,
					       const struct indexes *x, const char *id)
{
	size_t at = index_find(&x->orgs, id);
	return at == SIZE_MAX ? NULL : &c->out->organisations[at];
}

/* Report each entry of a list of references (at the path of the list) that
 * repeats an earlier one. */
static void report_repeated_refs(struct config_ctx *c, json_t *holder, const char *key,
				 const char *const *list, size_t n, const char *rule)
{
	struct id_index ix;
	struct repeat_walk w = {0, 0};
	const struct id_entry *e;
	size_t first;
	if (n < 2)
		return;
	INDEX_STRINGS(c, &ix, list, n);
	while ((e = next_repeat(&ix, &w, &first))) {
		char got[48];
		zv_echo(got, e->id);
		size_t saved = config_push_key(c, holder, key);
		config_push_index(c, e->at);
		config_problem(c, "\"%s\" is already entry [%zu] of this list; %s", got, first, rule);
		config_pop_to(c, saved);
	}
}

/* Unique ids in $.<list>[*].<key>. */
static void report_repeated_ids(struct config_ctx *c, const struct id_index *ix,
				const char *list, json_t *arr, const char *key, const char *what)
{
	struct repeat_walk w = {0, 0};
	const struct id_entry *e;
	size_t first;
	while ((e = next_repeat(ix, &w, &first))) {
		char got[48];
		zv_echo(got, e->id);
		AT_MEMBER(c, list, arr, e->at, key, "\"%s\" is already the %s of $.%s[%zu]; %ss are unique",
			  got, key, list, first, what);
	}
}

/* ---- organisations ----------------------------------------------------- */

static void check_exception_tasks(struct config_ctx *c, json_t *org_json, size_t x_index,
				  const struct zv_category_exception *x,
				  const struct id_index *tasks)
{
	json_t *arr = json_object_get(org_json, "special_category_exceptions");
	json_t *x_json = json_array_get(arr, x_index);
	size_t saved = config_push_key(c, org_json, "special_category_exceptions");
	config_push_index(c, x_index);
	for (size_t k = 0; k < x->n_tasks; k++) {
		if (!x->tasks[k] || index_find(tasks, x->tasks[k]) != SIZE_MAX)
			continue;
		char got[48];
		zv_echo(got, x->tasks[k]);
		size_t at = config_push_key(c, x_json, "tasks");
		config_push_index(c, k);
		config_problem(c, "\"%s\" is not a task of this organisation (its $.tasks[*].id)", got);
		config_pop_to(c, at);
	}
	report_repeated_refs(c, x_json, "tasks", x->tasks, x->n_tasks, "name each task once");
	config_pop_to(c, saved);
}

static void check_organisations(struct config_ctx *c, struct indexes *x)
{
	const struct zv_config *cfg = c->out;
	json_t *arr = c->lists.organisations;
	INDEX_MEMBER(c, &x->orgs, cfg->organisations, cfg->n_organisations, id);
	report_repeated_ids(c, &x->orgs, "organisations", arr, "id", "organisation id");
	x->tasks = config_alloc(c, cfg->n_organisations, sizeof *x->tasks);
	if (!x->tasks)
		return;
	for (size_t o = 0; o < cfg->n_organisations; o++) {
		const struct zv_organisation *org = &cfg->organisations[o];
		struct id_index *tasks = &x->tasks[o];
		INDEX_MEMBER(c, tasks, org->tasks, org->n_tasks, id);
		size_t saved = c->depth;
		json_t *org_json = enter_item(c, "organisations", arr, o);
		json_t *tasks_json = json_object_get(org_json, "tasks");
		struct repeat_walk w = {0, 0};
		const struct id_entry *e;
		size_t first;
		while ((e = next_repeat(tasks, &w, &first))) {
			char got[48];
			zv_echo(got, e->id);
			size_t back = config_push_key(c, org_json, "tasks");
			json_t *task_json = json_array_get(tasks_json, e->at);
			config_push_index(c, e->at);
			config_push_key(c, task_json, "id");
			config_problem(c, "\"%s\" is already the id of task [%zu]; task ids are unique "
					  "within an organisation", got, first);
			config_pop_to(c, back);
		}
		for (size_t k = 0; k < org->n_exceptions; k++)
			check_exception_tasks(c, org_json, k, &org->exceptions[k], tasks);
		config_pop_to(c, saved);
	}
}

/* ---- teams ------------------------------------------------------------- */

/* Whether some mandate goes from `org` to `team`. */
static bool mandate_exists(const struct config_ctx *c, const struct indexes *x,
			   const char *org, const char *team)
{
	for (size_t i = lower_bound(&x->mandates_to_team, team, 0);
	     i < x->mandates_to_team.n && !strcmp(x->mandates_to_team.e[i].id, team); i++) {
		const struct zv_mandate *m = &c->out->mandates[x->mandates_to_team.e[i].at];
		if (m->from && !strcmp(m->from, org))
			return true;
	}
	return false;
}

static void check_mandate_team(struct config_ctx *c, const struct indexes *x, size_t i)
{
	const struct zv_team *t = &c->out->teams[i];
	json_t *arr = c->lists.teams;
	const struct zv_organisation *org = org_named(c, x, t->organisation);
	if (!org)
		return;
	char name[48];
	zv_echo(name, t->organisation);
	if (org->kind != ZV_ORG_NONE && org->kind != ZV_ORG_LOCAL_TEAM)
		AT_MEMBER(c, "teams", arr, i, "organisation",
			  "\"%s\" is a %s; a team under mandate acts for a local_team", name,
			  zv_org_name(org->kind));
	if (t->id && !mandate_exists(c, x, t->organisation, t->id))
		AT_MEMBER(c, "teams", arr, i, "collaboration",
			  "a team under mandate needs a mandate from \"%s\" to this team "
			  "($.mandates[*] with \"from\": \"%s\" and this team as to_team); there is none",
			  name, name);
}

static void check_teams(struct config_ctx *c, struct indexes *x)
{
	const struct zv_config *cfg = c->out;
	json_t *arr = c->lists.teams;
	INDEX_MEMBER(c, &x->teams, cfg->teams, cfg->n_teams, id);
	report_repeated_ids(c, &x->teams, "teams", arr, "id", "team id");
	for (size_t i = 0; i < cfg->n_teams; i++) {
		const struct zv_team *t = &cfg->teams[i];
		if (t->organisation && !org_named(c, x, t->organisation)) {
			char got[48];
			zv_echo(got, t->organisation);
			AT_MEMBER(c, "teams", arr, i, "organisation",
				  "\"%s\" names no organisation in $.organisations", got);
			continue;
		}
		bool known = c->team_collaboration_known && c->team_collaboration_known[i];
		if (known && t->collaboration == ZV_COLLAB_MANDATE &&
		    t->kind != ZV_ORG_REGIONAL_SAFETY_TEAM && t->organisation)
			check_mandate_team(c, x, i);
	}
}

/* ---- professionals ----------------------------------------------------- */

static bool may_serve_in_safety_team(enum zv_org kind)
{
	return kind == ZV_ORG_VEILIG_THUIS || kind == ZV_ORG_RVDK || kind == ZV_ORG_GI;
}

static void check_memberships(struct config_ctx *c, const struct indexes *x, size_t i,
			      json_t *p_json)
{
	const struct zv_professional *p = &c->out->professionals[i];
	const struct zv_organisation *org = org_named(c, x, p->organisation);
	for (size_t k = 0; k < p->n_teams; k++) {
		if (!p->teams[k])
			continue;
		size_t t = index_find(&x->teams, p->teams[k]);
		char got[48];
		zv_echo(got, p->teams[k]);
		size_t saved = config_push_key(c, p_json, "teams");
		config_push_index(c, k);
		if (t == SIZE_MAX)
			config_problem(c, "\"%s\" names no team in $.teams", got);
		else if (c->out->teams[t].kind == ZV_ORG_REGIONAL_SAFETY_TEAM && org &&
			 org->kind != ZV_ORG_NONE && !may_serve_in_safety_team(org->kind))
			config_problem(c, "\"%s\" is a regional_safety_team, whose members come from "
					  "veilig_thuis, rvdk or gi; this professional's organisation is "
					  "a %s", got, zv_org_name(org->kind));
		config_pop_to(c, saved);
	}
	report_repeated_refs(c, p_json, "teams", p->teams, p->n_teams, "name each team once");
	if (p->n_teams && p->roles && !(p->roles & ZV_ROLE_PROFESSIONAL)) {
		size_t saved = config_push_key(c, p_json, "teams");
		config_problem(c, "only a professional (role professional) is a member of a team; "
				  "add the role or leave the teams out");
		config_pop_to(c, saved);
	}
}

static void check_professionals(struct config_ctx *c, struct indexes *x)
{
	const struct zv_config *cfg = c->out;
	json_t *arr = c->lists.professionals;
	INDEX_MEMBER(c, &x->professionals, cfg->professionals, cfg->n_professionals, login);
	report_repeated_ids(c, &x->professionals, "professionals", arr, "login", "login");
	for (size_t i = 0; i < cfg->n_professionals; i++) {
		const struct zv_professional *p = &cfg->professionals[i];
		if (p->organisation && !org_named(c, x, p->organisation)) {
			char got[48];
			zv_echo(got, p->organisation);
			AT_MEMBER(c, "professionals", arr, i, "organisation",
				  "\"%s\" names no organisation in $.organisations", got);
		}
		size_t saved = c->depth;
		json_t *p_json = enter_item(c, "professionals", arr, i);
		check_memberships(c, x, i, p_json);
		config_pop_to(c, saved);
	}
}

/* ---- mandates ---------------------------------------------------------- */

static void check_mandate_tasks(struct config_ctx *c, const struct indexes *x, size_t i,
				json_t *m_json)
{
	const struct zv_mandate *m = &c->out->mandates[i];
	size_t from = x->tasks ? index_find(&x->orgs, m->from) : SIZE_MAX;
	for (size_t k = 0; from != SIZE_MAX && k < m->n_tasks; k++) {
		if (!m->tasks[k] || index_find(&x->tasks[from], m->tasks[k]) != SIZE_MAX)
			continue;
		char got[48], org[48];
		zv_echo(got, m->tasks[k]);
		zv_echo(org, m->from);
		size_t saved = config_push_key(c, m_json, "tasks");
		config_push_index(c, k);
		config_problem(c, "\"%s\" is not a task of \"%s\", the organisation giving the "
				  "mandate", got, org);
		config_pop_to(c, saved);
	}
	report_repeated_refs(c, m_json, "tasks", m->tasks, m->n_tasks, "name each task once");
}

static void check_mandates(struct config_ctx *c, struct indexes *x)
{
	const struct zv_config *cfg = c->out;
	json_t *arr = c->lists.mandates;
	for (size_t i = 0; i < cfg->n_mandates; i++) {
		const struct zv_mandate *m = &cfg->mandates[i];
		char got[48];
		if (m->from && !org_named(c, x, m->from)) {
			zv_echo(got, m->from);
			AT_MEMBER(c, "mandates", arr, i, "from",
				  "\"%s\" names no organisation in $.organisations", got);
		}
		if (m->to_team && index_find(&x->teams, m->to_team) == SIZE_MAX) {
			zv_echo(got, m->to_team);
			AT_MEMBER(c, "mandates", arr, i, "to_team", "\"%s\" names no team in $.teams",
				  got);
		}
		if (m->to_professional &&
		    index_find(&x->professionals, m->to_professional) == SIZE_MAX) {
			zv_echo(got, m->to_professional);
			AT_MEMBER(c, "mandates", arr, i, "to_professional",
				  "\"%s\" names no professional (login) in $.professionals", got);
		}
		size_t saved = c->depth;
		json_t *m_json = enter_item(c, "mandates", arr, i);
		check_mandate_tasks(c, x, i, m_json);
		config_pop_to(c, saved);
	}
}

/* ---- joint controllers ------------------------------------------------- */

static void check_joint_controllers(struct config_ctx *c, const struct indexes *x)
{
	const struct zv_config *cfg = c->out;
	json_t *arr = c->lists.joint_controllers;
	for (size_t i = 0; i < cfg->n_joint_controllers; i++) {
		const struct zv_joint_controllers *jc = &cfg->joint_controllers[i];
		size_t saved = c->depth;
		json_t *jc_json = enter_item(c, "joint_controllers", arr, i);
		for (size_t k = 0; k < jc->n_parties; k++) {
			if (!jc->parties[k] || org_named(c, x, jc->parties[k]))
				continue;
			char got[48];
			zv_echo(got, jc->parties[k]);
			size_t back = config_push_key(c, jc_json, "parties");
			config_push_index(c, k);
			config_problem(c, "\"%s\" names no organisation in $.organisations", got);
			config_pop_to(c, back);
		}
		report_repeated_refs(c, jc_json, "parties", jc->parties, jc->n_parties,
				     "joint controllers are distinct organisations");
		bool among = false;
		for (size_t k = 0; jc->contact_point && k < jc->n_parties && !among; k++)
			among = jc->parties[k] && !strcmp(jc->parties[k], jc->contact_point);
		if (jc->contact_point && !among) {
			char got[48];
			zv_echo(got, jc->contact_point);
			size_t back = config_push_key(c, jc_json, "contact_point");
			config_problem(c, "\"%s\" is not one of the parties; the contact point is one of "
					  "the joint controllers", got);
			config_pop_to(c, back);
		}
		config_pop_to(c, saved);
	}
}

/* ---- regional safety teams and their arrangements (R14.3) ------------- */

/* One member's organisation in one regional safety team. */
struct membership {
	size_t team;
	const char *org;
};

static int membership_compare(const void *x, const void *y)
{
	const struct membership *a = x, *b = y;
	if (a->team != b->team)
		return a->team < b->team ? -1 : 1;
	return strcmp(a->org, b->org);
}

/* Of regional safety teams, the (team, mother organisation) pairs, sorted,
 * each once; organisations that do not exist are left out (reported). */
static struct membership *safety_team_memberships(struct config_ctx *c, const struct indexes *x,
						  size_t *n)
{
	const struct zv_config *cfg = c->out;
	size_t total = 0;
	*n = 0;
	for (size_t i = 0; i < cfg->n_professionals; i++)
		total += cfg->professionals[i].n_teams;
	struct membership *m = config_alloc(c, total, sizeof *m);
	if (!m)
		return NULL;
	for (size_t i = 0; i < cfg->n_professionals; i++) {
		const struct zv_professional *p = &cfg->professionals[i];
		if (!org_named(c, x, p->organisation))
			continue;
		for (size_t k = 0; k < p->n_teams; k++) {
			size_t t = index_find(&x->teams, p->teams[k]);
			if (t != SIZE_MAX && cfg->teams[t].kind == ZV_ORG_REGIONAL_SAFETY_TEAM)
				m[(*n)++] = (struct membership){t, p->organisation};
		}
	}
	qsort(m, *n, sizeof *m, membership_compare);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (!kept || membership_compare(&m[kept - 1], &m[i]))
			m[kept++] = m[i];
	*n = kept;
	return m;
}

/* The first of `orgs` that is not a party of arrangement `jc`. */
static const char *first_lacking(const struct id_index *parties, size_t jc,
				 const struct membership *orgs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!index_has(parties, orgs[i].org, jc))
			return orgs[i].org;
	return NULL;
}

static void report_uncovered_team(struct config_ctx *c, size_t team,
				  const struct membership *orgs, size_t n, size_t best,
				  const char *lacking, size_t n_lacking)
{
	char list[200] = "";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof list; i++) {
		char name[48];
		zv_echo(name, orgs[i].org);
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", name);
	}
	size_t saved = c->depth;
	enter_item(c, "teams", c->lists.teams, team);
	if (best == SIZE_MAX) {
		config_problem(c, "a regional safety team needs a joint-controller arrangement "
				  "(R14.3, AVG art. 26) in $.joint_controllers whose parties include "
				  "its members' organisations: %s; there is none", list);
	} else {
		char id[48], lacks[48];
		zv_echo(id, c->out->joint_controllers[best].id
					? c->out->joint_controllers[best].id : "?");
		zv_echo(lacks, lacking);
		config_problem(c, "a regional safety team needs a joint-controller arrangement "
				  "(R14.3, AVG art. 26) whose parties include its members' "
				  "organisations: %s; the closest, \"%s\", lacks \"%s\"%s", list, id,
			       lacks, n_lacking > 1 ? " and more" : "");
	}
	config_pop_to(c, saved);
}

/* Every party of every arrangement, as (organisation, arrangement), each
 * pair once. */
static void index_parties(struct config_ctx *c, struct id_index *parties)
{
	const struct zv_config *cfg = c->out;
	size_t total = 0;
	*parties = (struct id_index){NULL, 0};
	for (size_t j = 0; j < cfg->n_joint_controllers; j++)
		total += cfg->joint_controllers[j].n_parties;
	parties->e = config_alloc(c, total, sizeof *parties->e);
	if (!parties->e)
		return;
	for (size_t j = 0; j < cfg->n_joint_controllers; j++)
		for (size_t k = 0; k < cfg->joint_controllers[j].n_parties; k++)
			if (cfg->joint_controllers[j].parties[k])
				parties->e[parties->n++] = (struct id_entry){
					cfg->joint_controllers[j].parties[k], j};
	qsort(parties->e, parties->n, sizeof *parties->e, entry_compare);
	size_t kept = 0;
	for (size_t i = 0; i < parties->n; i++)
		if (!kept || entry_compare(&parties->e[kept - 1], &parties->e[i]))
			parties->e[kept++] = parties->e[i];
	parties->n = kept;
}

/*
 * Each regional safety team needs one arrangement whose parties include all
 * its members' organisations. Per team, every arrangement counts how many
 * of those organisations it has as parties; one that has them all covers
 * the team, else the one with most is named as the closest.
 */
static void check_safety_team_arrangements(struct config_ctx *c, const struct indexes *x)
{
	size_t n;
	struct membership *m = safety_team_memberships(c, x, &n);
	struct id_index parties;
	index_parties(c, &parties);
	size_t *count = config_alloc(c, c->out->n_joint_controllers, sizeof *count);
	size_t *touched = config_alloc(c, parties.n, sizeof *touched);
	for (size_t start = 0, end; start < n; start = end) {
		for (end = start; end < n && m[end].team == m[start].team; end++)
			;
		size_t n_touched = 0, need = end - start, best = SIZE_MAX, most = 0;
		for (size_t k = start; count && touched && k < end; k++)
			for (size_t i = lower_bound(&parties, m[k].org, 0);
			     i < parties.n && !strcmp(parties.e[i].id, m[k].org); i++)
				if (count[parties.e[i].at]++ == 0)
					touched[n_touched++] = parties.e[i].at;
		for (size_t t = 0; t < n_touched; t++) {
			size_t j = touched[t];
			if (count[j] > most || (count[j] == most && j < best)) {
				most = count[j];
				best = j;
			}
			count[j] = 0;
		}
		if (most < need)
			report_uncovered_team(c, m[start].team, m + start, need, best,
					      best == SIZE_MAX ? NULL
							       : first_lacking(&parties, best, m + start,
									       need),
					      need - most);
	}
}

/* ---- the pass ---------------------------------------------------------- */

void config_cross_check(struct config_ctx *c)
{
	const struct zv_config *cfg = c->out;
	struct indexes x = {0};
	check_organisations(c, &x);
	INDEX_MEMBER(c, &x.mandates_to_team, cfg->mandates, cfg->n_mandates, to_team);
	check_teams(c, &x);
	check_professionals(c, &x);
	check_mandates(c, &x);
	check_joint_controllers(c, &x);
	check_safety_team_arrangements(c, &x);
}
