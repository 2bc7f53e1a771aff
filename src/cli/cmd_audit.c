/*
 * cmd_audit.c — `zorgvuldig audit …`: the audit log for privacy officers
 * and auditors (docs/audit.md).
 *
 *   audit verify [--head HEAD.json]            recompute the whole store
 *   audit verify --file EXPORT --head HEAD.json [--public-key FILE]
 *                                              check an export, offline
 *   audit head [--size N]                      a signed tree head (JSON)
 *   audit prove --event N [--size S]           inclusion proof (JSON)
 *   audit consistency --from M [--to N]        consistency proof (JSON)
 *   audit export [--from N] [--to N]           events as JSON lines
 *   audit search --person ID | --user LOGIN | --case ID [--from DATE --to DATE]
 *   audit key                                  the log's public key (JSON)
 *
 * Reading the log's content (export, search) is itself logged first, in the
 * same log, so that whoever looked can later be seen too. A search — its
 * check, its event and the reading — is src/audit/search.c's, which the
 * HTTP API's search (zv_audit_search, for privacy officers and auditors)
 * shares; here whoever may open the store searches, as --as LOGIN or as the
 * terminal's account, and verify's --json report is zv/api.h's, as the
 * API's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/audit.h"
#include "zv/codec.h"

/* Options of the audit subcommands; each takes only those it knows. */
struct audit_opts {
	const char *file, *head, *public_key;
	const char *size, *event, *from, *to;
	const char *person, *user, *case_id;
};

struct audit_cmd {
	const struct global_opts *g;
	const char *name;                 /* "audit verify" etc., for messages */
	struct audit_opts o;
	struct zv_store *store;
	struct zv_signing_key key;
	char key_dir[4096];
	struct zv_sha256 hash;
	struct zv_error err;
};

static int fail(struct audit_cmd *c)
{
	return cli_fail(c->g, c->name, &c->err);
}

/* Which options a subcommand accepts, by the name after "--". */
static const struct {
	const char *sub;
	const char *allowed;   /* space-separated */
} OPTIONS_OF[] = {
	{"verify", " file head public-key "},
	{"head", " size "},
	{"prove", " event size "},
	{"consistency", " from to "},
	{"export", " from to "},
	{"search", " person user case from to "},
	{"key", " "},
};

static const char **slot_for(struct audit_opts *o, const char *name)
{
	const struct {
		const char *name;
		const char **slot;
	} slots[] = {
		{"file", &o->file}, {"head", &o->head}, {"public-key", &o->public_key},
		{"size", &o->size}, {"event", &o->event}, {"from", &o->from}, {"to", &o->to},
		{"person", &o->person}, {"user", &o->user}, {"case", &o->case_id},
	};
	for (size_t i = 0; i < sizeof slots / sizeof *slots; i++)
		if (!strcmp(slots[i].name, name))
			return slots[i].slot;
	return NULL;
}

static int parse_options(struct audit_cmd *c, const char *sub, const char *allowed, int argc,
			 char **argv)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || !a[2])
			return usage_error(c->g, c->name, "unexpected argument '%s'", a);
		char name[32];
		snprintf(name, sizeof name, " %s ", a + 2);
		const char **slot = slot_for(&c->o, a + 2);
		if (!slot || !strstr(allowed, name))
			return usage_error(c->g, c->name, "unknown option '%s' for audit %s", a, sub);
		if (i + 1 >= argc)
			return usage_error(c->g, c->name, "option %s needs a value", a);
		if (*slot)
			return usage_error(c->g, c->name, "option %s given twice", a);
		*slot = argv[++i];
	}
	return 0;
}

static int number_option(struct audit_cmd *c, const char *option, const char *text,
			 uint64_t *out)
{
	if (!cli_parse_count(text, out))
		return usage_error(c->g, c->name, "%s takes a whole number, not '%s'", option, text);
	return 0;
}

/* Commands that only read open the store read-only: verifying an evidence
 * copy never changes it. */
static int open_store(struct audit_cmd *c, bool need_secret, bool read_only)
{
	if (zv_key_dir_for(c->g->db, c->key_dir, sizeof c->key_dir, &c->err) ||
	    zv_store_open(c->g->db, read_only ? ZV_STORE_READ : ZV_STORE_OPEN, &c->store,
			  &c->err) ||
	    zv_keys_load(c->key_dir, need_secret, &c->key, &c->err))
		return fail(c);
	return 0;
}

static void print_buf(struct zv_buf *out)
{
	if (out->data)
		fwrite(out->data, 1, out->len, stdout);
	zv_buf_release(out);
}

static void log_id(struct audit_cmd *c, char out[2 * ZV_HASH_LEN + 1])
{
	zv_key_id(&c->hash, c->key.public_key, out);
}

/* Log that the audit log itself is being read (export, search): `e`, with
 * who acts at this terminal and from where. */
static int log_reading(struct audit_cmd *c, struct zv_audit_event *e)
{
	struct cli_actor actor;
	cli_actor(c->g, &actor);
	e->who.user = actor.user;
	e->from = actor.from;
	struct zv_audit_log *log;
	if (zv_audit_log_open(c->store, &c->key, NULL, &log, &c->err))
		return fail(c);
	int rc = zv_audit_append(log, e, 1, NULL, NULL, &c->err);
	zv_audit_log_close(log);
	return rc ? fail(c) : 0;
}

/* ---- verify --------------------------------------------------------------- */

static int read_head_file(struct audit_cmd *c, const char *path, struct zv_tree_head *h)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		zv_error_set(&c->err, ZV_ENOTFOUND, "", "cannot read %s", path);
		return fail(c);
	}
	char text[8192];
	size_t n = fread(text, 1, sizeof text, f);
	fclose(f);
	if (n == sizeof text) {
		zv_error_set(&c->err, ZV_EINPUT, "", "%s is larger than a tree head can be", path);
		return fail(c);
	}
	return zv_tree_head_parse_json(text, n, path, h, &c->err) ? fail(c) : 0;
}

static int print_report(struct audit_cmd *c, const struct zv_audit_report *r,
			const uint8_t pk[ZV_PUBKEY_LEN])
{
	char id[2 * ZV_HASH_LEN + 1];
	zv_key_id(&c->hash, pk, id);
	bool export = c->o.file != NULL;
	bool partial = export && r->events && (r->first > 0 || r->last + 1 < r->tree_size);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json) {
		zv_api_write_audit_report(r, id, export, &out);
		zv_buf_putc(&out, '\n');
	} else if (r->ok && export) {
		zv_buf_printf(&out, "The export verifies: events %llu to %llu (%llu events, %llu bytes) "
				    "of the log's %llu%s match the signed head.\n",
			      (unsigned long long)r->first, (unsigned long long)r->last,
			      (unsigned long long)r->events, (unsigned long long)r->bytes,
			      (unsigned long long)r->tree_size,
			      partial ? " -- a PARTIAL export: the other events are covered only by "
					"their hashes" : "");
		zv_buf_printf(&out, "Log id (SHA-256 of the public key used): %s\n", id);
	} else if (r->ok) {
		zv_buf_printf(&out, "The audit log verifies: %llu events (%llu bytes) and %llu signed "
				    "tree heads match.\nSearch index: covers %llu of the %llu events, "
				    "and their keys match%s.\nLog id (SHA-256 of the public key "
				    "used): %s\n",
			      (unsigned long long)r->events, (unsigned long long)r->bytes,
			      (unsigned long long)r->heads, (unsigned long long)r->indexed,
			      (unsigned long long)r->events,
			      r->indexed < r->events ? " (newer events are indexed at the next "
						       "search, or by appends every few thousand "
						       "events)" : "",
			      id);
	} else {
		zv_buf_printf(&out, "THE AUDIT LOG DOES NOT VERIFY. ");
		if (r->has_event)
			zv_buf_printf(&out, "First event that does not match: %llu. ",
				      (unsigned long long)r->event);
		zv_buf_printf(&out, "%s\n", r->problem);
	}
	print_buf(&out);
	return r->ok ? 0 : 1;
}

static int audit_verify(struct audit_cmd *c)
{
	struct zv_tree_head head;
	struct zv_audit_report report;
	if (c->o.file) {
		uint8_t pk[ZV_PUBKEY_LEN];
		if (!c->o.head)
			return usage_error(c->g, c->name,
					   "--file needs --head HEAD.json: the signed head the export "
					   "was made under");
		int rc = read_head_file(c, c->o.head, &head);
		if (rc)
			return rc;
		if (c->o.public_key) {
			if (zv_public_key_read(c->o.public_key, pk, &c->err))
				return fail(c);
		} else {
			if (zv_key_dir_for(c->g->db, c->key_dir, sizeof c->key_dir, &c->err) ||
			    zv_keys_load(c->key_dir, false, &c->key, &c->err))
				return fail(c);
			memcpy(pk, c->key.public_key, ZV_PUBKEY_LEN);
		}
		if (zv_audit_verify_export(c->o.file, &head, pk, &report, &c->err))
			return fail(c);
		return print_report(c, &report, pk);
	}
	int rc = open_store(c, false, true);
	if (!rc && c->o.head)
		rc = read_head_file(c, c->o.head, &head);
	if (rc)
		return rc;
	uint8_t pk[ZV_PUBKEY_LEN];
	memcpy(pk, c->key.public_key, ZV_PUBKEY_LEN);
	if (c->o.public_key && zv_public_key_read(c->o.public_key, pk, &c->err))
		return fail(c);
	if (zv_audit_verify_store(c->store, pk, c->o.head ? &head : NULL, &report, &c->err))
		return fail(c);
	return print_report(c, &report, pk);
}

/* ---- heads and proofs ------------------------------------------------------ */

/* The head of size `size_text` (NULL: the newest), read in the current snapshot. */
static int find_head(struct audit_cmd *c, const char *size_text, const char *option,
		     struct zv_tree_head *h)
{
	uint64_t size;
	if (size_text) {
		int rc = number_option(c, option, size_text, &size);
		if (rc)
			return rc;
		if (zv_store_head_at(c->store, size, h, &c->err))
			return fail(c);
		return 0;
	}
	return zv_store_head_latest(c->store, h, &c->err) ? fail(c) : 0;
}

static int audit_head(struct audit_cmd *c)
{
	struct zv_tree_head h;
	int rc = open_store(c, false, true);
	if (!rc)
		rc = find_head(c, c->o.size, "--size", &h);
	if (rc)
		return rc;
	char id[2 * ZV_HASH_LEN + 1];
	log_id(c, id);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_tree_head_write_json(&h, id, &out);
	zv_buf_putc(&out, '\n');
	print_buf(&out);
	return 0;
}

static void put_path(struct zv_buf *out, const char *name, uint8_t path[][ZV_HASH_LEN],
		     size_t n)
{
	zv_buf_printf(out, ",\"%s\":[", name);
	for (size_t i = 0; i < n; i++) {
		char hex[2 * ZV_HASH_LEN + 1];
		zv_hex_encode(path[i], ZV_HASH_LEN, hex);
		zv_buf_printf(out, "%s\"%s\"", i ? "," : "", hex);
	}
	zv_buf_putc(out, ']');
}

static int audit_prove(struct audit_cmd *c)
{
	uint64_t event;
	struct zv_tree_head h;
	if (!c->o.event)
		return usage_error(c->g, c->name, "--event N is required");
	int rc = number_option(c, "--event", c->o.event, &event);
	if (!rc)
		rc = open_store(c, false, true);
	if (!rc)
		rc = find_head(c, c->o.size, "--size", &h);
	if (rc)
		return rc;
	struct zv_merkle_source src;
	zv_audit_store_source(c->store, &c->hash, &src);
	uint8_t path[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN], leaf[ZV_HASH_LEN];
	size_t n;
	if (zv_merkle_inclusion_proof(&src, event, h.tree_size, path, &n, &c->err) ||
	    zv_store_audit_node(c->store, 0, event, leaf, &c->err))
		return fail(c);
	char id[2 * ZV_HASH_LEN + 1], leaf_hex[2 * ZV_HASH_LEN + 1];
	log_id(c, id);
	zv_hex_encode(leaf, ZV_HASH_LEN, leaf_hex);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_buf_printf(&out, "{\"leaf_index\":%llu,\"tree_size\":%llu,\"leaf_hash\":\"%s\"",
		      (unsigned long long)event, (unsigned long long)h.tree_size, leaf_hex);
	put_path(&out, "audit_path", path, n);
	zv_buf_puts(&out, ",\"head\":");
	zv_tree_head_write_json(&h, id, &out);
	zv_buf_puts(&out, "}\n");
	print_buf(&out);
	return 0;
}

static int audit_consistency(struct audit_cmd *c)
{
	uint64_t first;
	struct zv_tree_head first_head, second_head;
	if (!c->o.from)
		return usage_error(c->g, c->name, "--from SIZE is required");
	int rc = number_option(c, "--from", c->o.from, &first);
	if (!rc)
		rc = open_store(c, false, true);
	if (!rc)
		rc = find_head(c, c->o.to, "--to", &second_head);
	if (rc)
		return rc;
	/* The asker holds the first head; it is shown only when it was stored. */
	bool have_first = zv_store_head_at(c->store, first, &first_head, &c->err) == ZV_OK;
	struct zv_merkle_source src;
	zv_audit_store_source(c->store, &c->hash, &src);
	uint8_t path[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN];
	size_t n;
	if (zv_merkle_consistency_proof(&src, first, second_head.tree_size, path, &n, &c->err))
		return fail(c);
	char id[2 * ZV_HASH_LEN + 1];
	log_id(c, id);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_buf_printf(&out, "{\"first\":%llu,\"second\":%llu", (unsigned long long)first,
		      (unsigned long long)second_head.tree_size);
	put_path(&out, "consistency_path", path, n);
	if (have_first) {
		zv_buf_puts(&out, ",\"first_head\":");
		zv_tree_head_write_json(&first_head, id, &out);
	}
	zv_buf_puts(&out, ",\"second_head\":");
	zv_tree_head_write_json(&second_head, id, &out);
	zv_buf_puts(&out, "}\n");
	print_buf(&out);
	return 0;
}

/* ---- export ---------------------------------------------------------------- */

static int write_line(void *ctx, const char *line, size_t len, struct zv_error *err)
{
	(void)ctx;
	if (fwrite(line, 1, len, stdout) != len || putchar('\n') == EOF)
		return zv_error_set(err, ZV_EIO, "", "writing the export failed (disk full?)");
	return ZV_OK;
}

static int audit_export(struct audit_cmd *c)
{
	uint64_t from = 0, to = UINT64_MAX;
	int rc = 0;
	if (c->o.from)
		rc = number_option(c, "--from", c->o.from, &from);
	if (!rc && c->o.to)
		rc = number_option(c, "--to", c->o.to, &to);
	if (!rc && from > to)
		rc = usage_error(c->g, c->name, "--from %llu is after --to %llu",
				 (unsigned long long)from, (unsigned long long)to);
	if (!rc)
		rc = open_store(c, true, false);
	if (rc)
		return rc;
	/* Check the range before logging the export: bad input writes nothing.
	 * The export event itself will be the newest event. */
	struct zv_tree_head h;
	if (zv_store_head_latest(c->store, &h, &c->err))
		return fail(c);
	uint64_t newest = h.tree_size;   /* the seq the export event will get */
	if ((c->o.to && to > newest) || from > (c->o.to ? to : newest)) {
		zv_error_set(&c->err, ZV_EUSAGE, "",
			     "the log holds events 0 to %llu (with this export's own event); "
			     "--from %llu%s%s is outside that",
			     (unsigned long long)newest, (unsigned long long)from,
			     c->o.to ? " --to " : "", c->o.to ? c->o.to : "");
		return fail(c);
	}
	char detail[160];
	snprintf(detail, sizeof detail, "audit log export, events %llu to %s",
		 (unsigned long long)from, c->o.to ? c->o.to : "the newest");
	struct zv_audit_event e = {
		.action = ZV_AUDIT_EXPORT,
		.outcome = ZV_AUDIT_DONE,
		.why = {.purpose = "accountability (AVG art. 5(2)); access logging (NEN 7513)"},
		.detail = detail,
	};
	if ((rc = log_reading(c, &e)) != 0)
		return rc;
	if (zv_store_begin(c->store, false, &c->err))   /* one snapshot */
		return fail(c);
	if (zv_store_head_latest(c->store, &h, &c->err) ||
	    zv_audit_export(c->store, from, c->o.to ? to : h.tree_size - 1, h.tree_size,
			    write_line, NULL, &c->err)) {
		zv_store_rollback(c->store);
		return fail(c);
	}
	zv_store_rollback(c->store);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		zv_error_set(&c->err, ZV_EIO, "", "writing the export failed (disk full?)");
		return fail(c);
	}
	if (!c->g->json)
		fprintf(stderr,
			"Exported events %llu to %llu under the signed head of size %llu.\n"
			"The auditor also needs that head: zorgvuldig audit head --size %llu\n",
			(unsigned long long)from,
			(unsigned long long)(c->o.to ? to : h.tree_size - 1),
			(unsigned long long)h.tree_size, (unsigned long long)h.tree_size);
	return 0;
}

/* ---- search ---------------------------------------------------------------- */

struct search_out {
	const struct global_opts *g;
	struct zv_buf out;
	size_t shown;
};

static void text_list(struct zv_buf *out, const char *label, const struct zv_audit_ids *ids)
{
	for (size_t i = 0; i < ids->count; i++)
		zv_buf_printf(out, "%s%s", i ? "," : label, ids->ids[i]);
}

static void text_event(struct zv_buf *out, const struct zv_audit_event *e)
{
	char at[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(e->at_us, at);
	zv_buf_printf(out, "%.10s %.8s UTC  #%llu  %s (%s)  by %s", at, at + 11,
		      (unsigned long long)e->seq, zv_audit_action_name(e->action),
		      e->outcome == ZV_AUDIT_DONE ? "done" : "refused", e->who.user);
	if (e->who.name)
		zv_buf_printf(out, " (%s)", e->who.name);
	if (e->who.role)
		zv_buf_printf(out, " as %s", e->who.role);
	if (e->who.org)
		zv_buf_printf(out, " of %s", e->who.org);
	if (e->who.on_behalf_of)
		zv_buf_printf(out, " for %s", e->who.on_behalf_of);
	text_list(out, "  persons: ", &e->persons);
	text_list(out, "  cases: ", &e->cases);
	text_list(out, "  entries: ", &e->entries);
	text_list(out, "  categories: ", &e->categories);
	if (e->why.purpose)
		zv_buf_printf(out, "  purpose: %s", e->why.purpose);
	if (e->why.decision)
		zv_buf_printf(out, "  decision: %s", e->why.decision);
	if (e->why.reason)
		zv_buf_printf(out, "  BREAK-THE-GLASS reason: %s", e->why.reason);
	zv_buf_printf(out, "  from %s\n", e->from);
}

static int show_event(void *ctx, const struct zv_audit_event *e, const char *entry, size_t len,
		      struct zv_error *err)
{
	(void)err;
	struct search_out *s = ctx;
	if (s->g->json) {
		zv_buf_puts(&s->out, s->shown ? "," : "");
		zv_buf_add(&s->out, entry, len);
	} else {
		text_event(&s->out, e);
	}
	s->shown++;
	return 0;
}

/* The query's options as a search (src/audit/search.c), checked: a usage
 * error naming the option at fault. */
static int search_query(struct audit_cmd *c, struct zv_audit_query *q)
{
	*q = (struct zv_audit_query){.person = c->o.person, .user = c->o.user,
				     .case_id = c->o.case_id, .from = c->o.from, .to = c->o.to};
	if (!zv_audit_query_check(q, &c->err))
		return 0;
	if (!c->err.path[0])
		return usage_error(c->g, c->name,
				   "give exactly one of --person ID, --user LOGIN, --case ID");
	return usage_error(c->g, c->name, "--%s: %s", c->err.path, c->err.message);
}

static int audit_search(struct audit_cmd *c)
{
	struct zv_audit_query q;
	int rc = search_query(c, &q);
	if (!rc)
		rc = open_store(c, true, false);
	if (rc)
		return rc;
	char detail[ZV_AUDIT_MAX_TEXT];
	struct zv_audit_event e = {0};
	zv_audit_query_event(&q, &e, detail);
	if ((rc = log_reading(c, &e)) != 0)
		return rc;
	struct search_out s = {.g = c->g};
	zv_buf_init(&s.out, 0);
	zv_buf_puts(&s.out, c->g->json ? "[" : "");
	if (zv_audit_query_run(c->store, &q, show_event, &s, &c->err)) {
		zv_buf_release(&s.out);
		return fail(c);
	}
	if (c->g->json)
		zv_buf_puts(&s.out, "]\n");
	else if (!s.shown)
		zv_buf_printf(&s.out, "No audit events for %s %s.\n",
			      q.person ? "person" : q.user ? "user" : "case",
			      q.person ? q.person : q.user ? q.user : q.case_id);
	if (s.out.failed) {
		zv_buf_release(&s.out);
		zv_error_set(&c->err, ZV_ENOMEM, "", "out of memory writing the results");
		return fail(c);
	}
	print_buf(&s.out);
	return 0;
}

static int audit_key(struct audit_cmd *c)
{
	if (zv_key_dir_for(c->g->db, c->key_dir, sizeof c->key_dir, &c->err) ||
	    zv_keys_load(c->key_dir, false, &c->key, &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_public_key_json(c->key.public_key, &out);
	print_buf(&out);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct audit_cmd *c);
} SUBCOMMANDS[] = {
	{"verify", audit_verify}, {"head", audit_head}, {"prove", audit_prove},
	{"consistency", audit_consistency}, {"export", audit_export}, {"search", audit_search},
	{"key", audit_key},
};

static void audit_usage(void)
{
	printf("Usage: zorgvuldig [--db FILE] [--as LOGIN] audit SUBCOMMAND [OPTIONS] [--json]\n\n"
	       "  verify [--head HEAD.json]           recompute the whole log; exit 1 names the\n"
	       "                                      first event that does not match\n"
	       "  verify --file EXPORT --head HEAD.json [--public-key FILE]\n"
	       "                                      check an export offline\n"
	       "  head [--size N]                     the newest signed tree head (JSON)\n"
	       "  prove --event N [--size S]          inclusion proof of event N (JSON)\n"
	       "  consistency --from M [--to N]       consistency proof between two heads\n"
	       "  export [--from N] [--to N]          events as JSON lines (logged)\n"
	       "  search --person ID | --user LOGIN | --case ID [--from DATE --to DATE]\n"
	       "                                      who did what with whose data (logged)\n"
	       "  key                                 the log's public key, for auditors\n");
}

int cmd_audit(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2)
			return usage_error(g, "audit", "which audit subcommand? 'zorgvuldig audit "
						       "--help' lists them");
		audit_usage();
		return 0;
	}
	for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof *SUBCOMMANDS; i++) {
		if (strcmp(SUBCOMMANDS[i].name, argv[1]) != 0)
			continue;
		char name[64];
		snprintf(name, sizeof name, "audit %s", argv[1]);
		struct audit_cmd *c = calloc(1, sizeof *c);
		if (!c)
			return 5;
		c->g = g;
		c->name = name;
		int rc = parse_options(c, argv[1], OPTIONS_OF[i].allowed, argc, argv);
		if (!rc && zv_sha256_init(&c->hash, &c->err))
			rc = fail(c);
		if (!rc)
			rc = SUBCOMMANDS[i].run(c);
		zv_store_close(c->store);
		zv_sha256_free(&c->hash);
		zv_wipe(c->key.secret_key, sizeof c->key.secret_key);
		free(c);
		return rc;
	}
	return usage_error(g, "audit", "unknown audit subcommand '%s'", argv[1]);
}
