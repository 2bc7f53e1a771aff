/*
 * export.c — exporting the audit log as JSON lines, and verifying such an
 * export offline against a signed tree head (docs/audit.md, "Export lines").
 *
 * A line is {"seq","tree_size","leaf_hash"[,"before"][,"after"],"event"}
 * with the canonical entry as the last member, byte for byte, so that an
 * auditor hashes exactly what the log hashed. A partial export carries the
 * hashes of the complete subtrees before and after it, so that the root of
 * the whole tree can be recomputed from the lines alone.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The aligned complete subtrees covering [lo, hi), left to right: the
 * largest power of two that lo is a multiple of and that fits, each time. */
static size_t cover(uint64_t lo, uint64_t hi, unsigned levels[ZV_MERKLE_MAX_PATH],
		    uint64_t starts[ZV_MERKLE_MAX_PATH])
{
	size_t n = 0;
	while (lo < hi && n < ZV_MERKLE_MAX_PATH) {
		unsigned l = lo ? (unsigned)__builtin_ctzll(lo) : 63;
		while (l > 0 && (((uint64_t)1 << l) > hi - lo))
			l--;
		levels[n] = l;
		starts[n++] = lo;
		lo += (uint64_t)1 << l;
	}
	return n;
}

static void put_hash_list(struct zv_store *store, struct zv_buf *out, const char *name,
			  uint64_t lo, uint64_t hi, struct zv_error *err)
{
	unsigned levels[ZV_MERKLE_MAX_PATH];
	uint64_t starts[ZV_MERKLE_MAX_PATH];
	size_t n = cover(lo, hi, levels, starts);
	zv_buf_printf(out, ",\"%s\":[", name);
	for (size_t i = 0; i < n && !err->code; i++) {
		uint8_t h[ZV_HASH_LEN];
		char hex[2 * ZV_HASH_LEN + 1];
		if (zv_store_audit_node(store, levels[i], starts[i] >> levels[i], h, err))
			break;
		zv_hex_encode(h, ZV_HASH_LEN, hex);
		zv_buf_printf(out, "%s\"%s\"", i ? "," : "", hex);
	}
	zv_buf_putc(out, ']');
}

struct export_run {
	struct zv_store *store;
	uint64_t from, to, size;
	struct zv_buf line;
	zv_line_fn emit;
	void *ctx;
};

static int export_row(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct export_run *x = ctx;
	char leaf[2 * ZV_HASH_LEN + 1];
	zv_hex_encode(row->leaf, ZV_HASH_LEN, leaf);
	zv_buf_reset(&x->line);
	zv_buf_printf(&x->line, "{\"seq\":%llu,\"tree_size\":%llu,\"leaf_hash\":\"%s\"",
		      (unsigned long long)row->seq, (unsigned long long)x->size, leaf);
	if (row->seq == x->from && x->from > 0)
		put_hash_list(x->store, &x->line, "before", 0, x->from, err);
	if (row->seq == x->to && x->to + 1 < x->size)
		put_hash_list(x->store, &x->line, "after", x->to + 1, x->size, err);
	if (err->code)
		return err->code;
	zv_buf_puts(&x->line, ",\"event\":");
	zv_buf_add(&x->line, row->entry, row->entry_len);
	zv_buf_putc(&x->line, '}');
	if (x->line.failed)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory writing event %llu",
				    (unsigned long long)row->seq);
	return x->emit(x->ctx, x->line.data, x->line.len, err);
}

int zv_audit_export(struct zv_store *store, uint64_t from, uint64_t to, uint64_t head_size,
		    zv_line_fn emit, void *ctx, struct zv_error *err)
{
	if (from > to || to >= head_size)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "events %llu to %llu are not all under the signed head, which "
				    "covers 0 to %llu",
				    (unsigned long long)from, (unsigned long long)to,
				    (unsigned long long)(head_size ? head_size - 1 : 0));
	struct export_run x = {.store = store, .from = from, .to = to, .size = head_size,
			       .emit = emit, .ctx = ctx};
	zv_buf_init(&x.line, 0);
	err->code = ZV_OK;
	int rc = zv_store_audit_scan(store, from, to, export_row, &x, err);
	zv_buf_release(&x.line);
	return rc;
}

/* ---- verifying an export offline -------------------------------------------- */

struct export_check {
	struct zv_sha256 hash;
	struct zv_merkle_frontier tree;
	struct zv_audit_report *r;
	bool started, ended;
	uint64_t first, next, tree_size;
	const char *path;
	size_t line_no;
};

/* Read a list of hex hashes; false unless every member is one. */
static bool hash_list(json_t *list, uint8_t out[][ZV_HASH_LEN], size_t *n)
{
	if (!json_is_array(list) || json_array_size(list) > ZV_MERKLE_MAX_PATH)
		return false;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (!json_is_string(v) ||
		    !zv_hex_decode(json_string_value(v), json_string_length(v), out[i], ZV_HASH_LEN))
			return false;
	}
	*n = json_array_size(list);
	return true;
}

/* Push the subtrees covering [lo, hi) from a hash list; false on a count mismatch. */
static bool push_cover(struct export_check *x, json_t *list, uint64_t lo, uint64_t hi)
{
	unsigned levels[ZV_MERKLE_MAX_PATH];
	uint64_t starts[ZV_MERKLE_MAX_PATH];
	uint8_t hashes[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN];
	size_t n, want = cover(lo, hi, levels, starts);
	if (!hash_list(list, hashes, &n) || n != want)
		return false;
	for (size_t i = 0; i < n; i++)
		zv_merkle_frontier_push(&x->tree, &x->hash, levels[i], hashes[i], NULL, NULL);
	return true;
}

/* Load the frontier of [0, from) from the "before" list (largest first). */
static bool load_before(struct export_check *x, json_t *list, uint64_t from)
{
	uint8_t hashes[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN];
	size_t n, k = 0;
	if (!hash_list(list, hashes, &n) || n != (size_t)__builtin_popcountll(from))
		return false;
	for (int l = ZV_TREE_MAX_LEVELS - 1; l >= 0; l--)
		if (from >> l & 1)
			memcpy(x->tree.hash[l], hashes[k++], ZV_HASH_LEN);
	x->tree.size = from;
	return true;
}

static int check_line(struct export_check *x, char *line, size_t len)
{
	struct zv_audit_report *r = x->r;
	uint64_t at = x->started ? x->next : 0;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (!len)
		return ZV_OK;
	char *event = strstr(line, ",\"event\":");
	if (!event || line[len - 1] != '}')
		return audit_found(r, x->started, at, "%s line %zu is not an export line of this log",
			     x->path, x->line_no);
	const char *entry = event + 9;
	size_t entry_len = (size_t)(line + len - 1 - entry);
	event[0] = '}';   /* the members before "event" parse as one object */
	json_error_t jerr;
	json_t *head = json_loadb(line, (size_t)(event - line) + 1, JSON_REJECT_DUPLICATES, &jerr);
	event[0] = ',';
	if (!head)
		return audit_found(r, x->started, at, "%s line %zu: %s (column %d)", x->path,
				   x->line_no, jerr.text, jerr.column);
	json_t *seq_v = json_object_get(head, "seq"), *size_v = json_object_get(head, "tree_size");
	json_t *leaf_v = json_object_get(head, "leaf_hash");
	uint8_t leaf_given[ZV_HASH_LEN], leaf[ZV_HASH_LEN];
	int rc = ZV_OK;
	if (!json_is_integer(seq_v) || json_integer_value(seq_v) < 0 || !json_is_integer(size_v) ||
	    json_integer_value(size_v) < 0 || !json_is_string(leaf_v) ||
	    !zv_hex_decode(json_string_value(leaf_v), json_string_length(leaf_v), leaf_given,
			   ZV_HASH_LEN)) {
		rc = audit_found(r, x->started, at,
			   "%s line %zu lacks seq, tree_size or leaf_hash", x->path, x->line_no);
		goto done;
	}
	uint64_t seq = (uint64_t)json_integer_value(seq_v);
	uint64_t size = (uint64_t)json_integer_value(size_v);
	if (x->ended) {
		rc = audit_found(r, true, seq, "%s line %zu: event %llu follows the line that closed the "
			   "export", x->path, x->line_no, (unsigned long long)seq);
		goto done;
	}
	if (!x->started) {
		x->started = true;
		x->first = x->next = seq;
		x->tree_size = size;
		zv_merkle_frontier_init(&x->tree);
		if (seq > 0 && !load_before(x, json_object_get(head, "before"), seq)) {
			rc = audit_found(r, true, seq,
				   "%s line %zu: the export starts at event %llu without the hashes "
				   "of the events before it", x->path, x->line_no,
				   (unsigned long long)seq);
			goto done;
		}
	}
	if (seq >= x->tree_size) {
		rc = audit_found(r, true, seq, "event %llu lies beyond the tree of %llu events the export "
			   "was made under: it was added", (unsigned long long)seq,
			   (unsigned long long)x->tree_size);
		goto done;
	}
	if (seq != x->next) {
		rc = audit_found(r, true, x->next,
			   seq > x->next ? "event %llu is missing from the export (line %zu holds "
					   "event %llu)"
					 : "event %llu: the export repeats or reorders events (line "
					   "%zu holds event %llu)",
			   (unsigned long long)x->next, x->line_no, (unsigned long long)seq);
		goto done;
	}
	if (size != x->tree_size) {
		rc = audit_found(r, true, seq, "event %llu: line %zu names tree size %llu, the export %llu",
			   (unsigned long long)seq, x->line_no, (unsigned long long)size,
			   (unsigned long long)x->tree_size);
		goto done;
	}
	if (!audit_names_its_seq(entry, entry_len, seq)) {
		rc = audit_found(r, true, seq, "event %llu does not carry its own sequence number",
			   (unsigned long long)seq);
		goto done;
	}
	zv_hash_leaf(&x->hash, entry, entry_len, leaf);
	if (memcmp(leaf, leaf_given, ZV_HASH_LEN) != 0) {
		rc = audit_found(r, true, seq,
			   "event %llu does not match its leaf hash: its content was changed",
			   (unsigned long long)seq);
		goto done;
	}
	zv_merkle_frontier_push(&x->tree, &x->hash, 0, leaf, NULL, NULL);
	r->events++;
	r->bytes += entry_len;
	x->next++;
	json_t *after = json_object_get(head, "after");
	if (after) {
		x->ended = true;
		if (!push_cover(x, after, x->next, x->tree_size))
			rc = audit_found(r, true, x->next,
				   "event %llu: the hashes after the export do not cover the rest "
				   "of the tree", (unsigned long long)x->next);
	}
done:
	json_decref(head);
	return rc;
}

int zv_audit_verify_export(const char *path, const struct zv_tree_head *head,
			   const uint8_t pk[ZV_PUBKEY_LEN], struct zv_audit_report *report,
			   struct zv_error *err)
{
	memset(report, 0, sizeof *report);
	FILE *f = fopen(path, "r");
	if (!f)
		return zv_error_set(err, ZV_ENOTFOUND, "", "cannot read %s", path);
	struct export_check *x = calloc(1, sizeof *x);
	if (!x) {
		fclose(f);
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	}
	x->r = report;
	x->path = path;
	err->code = ZV_OK;
	int rc = zv_sha256_init(&x->hash, err);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		x->line_no++;
		rc = check_line(x, line, (size_t)len);
	}
	if (!rc && ferror(f))
		rc = zv_error_set(err, ZV_EIO, "", "reading %s failed", path);
	free(line);
	fclose(f);
	if (!rc && !x->started)
		rc = audit_found(report, false, 0, "%s holds no events", path);
	if (!rc && head->tree_size != x->tree_size)
		rc = zv_error_set(err, ZV_EUSAGE, "",
				  "%s was exported under the head of size %llu, but the head given "
				  "has size %llu; get that head with 'zorgvuldig audit head --size "
				  "%llu'",
				  path, (unsigned long long)x->tree_size,
				  (unsigned long long)head->tree_size, (unsigned long long)x->tree_size);
	if (!rc && x->tree.size != x->tree_size)
		rc = audit_found(report, true, x->next,
			   "event %llu is missing: the export ends there but its tree has %llu "
			   "events (it was truncated)",
			   (unsigned long long)x->next, (unsigned long long)x->tree_size);
	if (!rc && !zv_tree_head_verify(head, pk))
		rc = audit_found(report, false, 0,
			   "the head's signature does not verify with the public key given");
	report->first = x->first;
	report->last = x->next ? x->next - 1 : 0;
	report->tree_size = x->tree_size;
	uint8_t root[ZV_HASH_LEN];
	if (!rc) {
		zv_merkle_frontier_root(&x->tree, &x->hash, root);
		if (memcmp(root, head->root, ZV_HASH_LEN) != 0)
			rc = audit_found(report, true, x->first,
				   "the events %llu to %llu do not match the signed head: events or "
				   "hashes in the export were changed",
				   (unsigned long long)x->first,
				   (unsigned long long)(x->next ? x->next - 1 : 0));
		else
			report->ok = true;
		report->heads = 1;
	}
	if (rc == AUDIT_FOUND)
		rc = ZV_OK;
	zv_sha256_free(&x->hash);
	free(x);
	return rc;
}
