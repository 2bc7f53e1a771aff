/*
 * store.c — the public face of zv/store.h: picks the backend and passes each
 * call through its table (backend.h).
 */
#include "backend.h"
#include "migrations.h"

int zv_store_open(const char *path, enum zv_store_mode mode, struct zv_store **out,
		  struct zv_error *err)
{
	*out = NULL;
	if (!path || !*path)
		return zv_error_set(err, ZV_EUSAGE, "", "no database file given (--db FILE)");
	return store_sqlite_open(path, mode, out, err);
}

void zv_store_remove_files(const char *path) { store_sqlite_remove_files(path); }

void zv_store_close(struct zv_store *s)
{
	if (s)
		s->be->close(s);
}

const char *zv_store_path(const struct zv_store *s) { return s->be->path(s); }
int zv_store_schema_version(const struct zv_store *s) { return s->schema_version; }
int zv_store_schema_latest(void) { return ZV_MIGRATIONS[ZV_MIGRATION_COUNT - 1].version; }

int zv_store_begin(struct zv_store *s, bool write, struct zv_error *err)
{
	return s->be->begin(s, write, err);
}
int zv_store_commit(struct zv_store *s, struct zv_error *err) { return s->be->commit(s, err); }
void zv_store_rollback(struct zv_store *s) { s->be->rollback(s); }
bool zv_store_in_transaction(struct zv_store *s) { return s->be->in_transaction(s); }
int zv_store_savepoint(struct zv_store *s, struct zv_error *err)
{
	return s->be->savepoint(s, err);
}
int zv_store_savepoint_release(struct zv_store *s, struct zv_error *err)
{
	return s->be->savepoint_release(s, err);
}
void zv_store_savepoint_rollback(struct zv_store *s) { s->be->savepoint_rollback(s); }

int zv_store_audit_size(struct zv_store *s, uint64_t *size, struct zv_error *err)
{
	return s->be->audit_size(s, size, err);
}
int zv_store_audit_insert(struct zv_store *s, const struct zv_audit_row *row,
			  struct zv_error *err)
{
	return s->be->audit_insert(s, row, err);
}
int zv_store_audit_node(struct zv_store *s, unsigned level, uint64_t index,
			uint8_t out[ZV_STORE_HASH_LEN], struct zv_error *err)
{
	return s->be->audit_node(s, level, index, out, err);
}
int zv_store_audit_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			void *ctx, struct zv_error *err)
{
	return s->be->audit_scan(s, from, to, fn, ctx, err);
}
int zv_store_audit_hash_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			     void *ctx, struct zv_error *err)
{
	return s->be->audit_hash_scan(s, from, to, fn, ctx, err);
}
int zv_store_index_state(struct zv_store *s, struct zv_index_state *st, struct zv_error *err)
{
	return s->be->index_state(s, st, err);
}
int zv_store_index_begin(struct zv_store *s, bool write, struct zv_index_state *st,
			 struct zv_error *err)
{
	return s->be->index_begin(s, write, st, err);
}
int zv_store_index_add(struct zv_store *s, uint64_t seq, const char *kind, const char *id,
		       struct zv_error *err)
{
	return s->be->index_add(s, seq, kind, id, err);
}
int zv_store_index_commit(struct zv_store *s, const struct zv_index_state *st,
			  struct zv_error *err)
{
	return s->be->index_commit(s, st, err);
}
void zv_store_index_rollback(struct zv_store *s) { s->be->index_rollback(s); }
int zv_store_audit_subject_scan(struct zv_store *s, uint64_t from, uint64_t to,
				zv_audit_subject_fn fn, void *ctx, struct zv_error *err)
{
	return s->be->audit_subject_scan(s, from, to, fn, ctx, err);
}
int zv_store_audit_search(struct zv_store *s, const char *kind, const char *id,
			  zv_audit_subject_fn fn, void *ctx, struct zv_error *err)
{
	return s->be->audit_search(s, kind, id, fn, ctx, err);
}
int zv_store_head_insert(struct zv_store *s, const struct zv_tree_head *h, struct zv_error *err)
{
	return s->be->head_insert(s, h, err);
}
int zv_store_head_latest(struct zv_store *s, struct zv_tree_head *h, struct zv_error *err)
{
	return s->be->head_latest(s, h, err);
}
int zv_store_head_at(struct zv_store *s, uint64_t tree_size, struct zv_tree_head *h,
		     struct zv_error *err)
{
	return s->be->head_at(s, tree_size, h, err);
}
int zv_store_head_scan(struct zv_store *s, uint64_t from_size, size_t limit, zv_tree_head_fn fn,
		       void *ctx, struct zv_error *err)
{
	return s->be->head_scan(s, from_size, limit, fn, ctx, err);
}
