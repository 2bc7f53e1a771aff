/*
 * backend.h — internal to src/store: what a storage backend implements.
 *
 * struct zv_store is the first member of every backend's own connection
 * struct; store.c dispatches each public function of zv/store.h through the
 * backend's table. SQLite (sqlite.c) is the one backend today; PostgreSQL
 * implements the same table later, and the same tests run against both.
 */
#ifndef ZV_STORE_BACKEND_H
#define ZV_STORE_BACKEND_H

#include "zv/store.h"

struct store_backend {
	const char *name;
	void (*close)(struct zv_store *s);
	const char *(*path)(const struct zv_store *s);
	int (*begin)(struct zv_store *s, bool write, struct zv_error *err);
	int (*commit)(struct zv_store *s, struct zv_error *err);
	void (*rollback)(struct zv_store *s);
	bool (*in_transaction)(struct zv_store *s);
	int (*savepoint)(struct zv_store *s, struct zv_error *err);
	int (*savepoint_release)(struct zv_store *s, struct zv_error *err);
	void (*savepoint_rollback)(struct zv_store *s);

	int (*audit_size)(struct zv_store *s, uint64_t *size, struct zv_error *err);
	int (*audit_insert)(struct zv_store *s, const struct zv_audit_row *row,
			    struct zv_error *err);
	int (*audit_node)(struct zv_store *s, unsigned level, uint64_t index, uint8_t *out,
			  struct zv_error *err);
	int (*audit_scan)(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			  void *ctx, struct zv_error *err);
	int (*audit_hash_scan)(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			       void *ctx, struct zv_error *err);
	int (*index_state)(struct zv_store *s, struct zv_index_state *st, struct zv_error *err);
	int (*index_begin)(struct zv_store *s, bool write, struct zv_index_state *st,
			   struct zv_error *err);
	int (*index_add)(struct zv_store *s, uint64_t seq, const char *kind, const char *id,
			 struct zv_error *err);
	int (*index_commit)(struct zv_store *s, const struct zv_index_state *st,
			    struct zv_error *err);
	void (*index_rollback)(struct zv_store *s);
	int (*audit_subject_scan)(struct zv_store *s, uint64_t from, uint64_t to,
				  zv_audit_subject_fn fn, void *ctx, struct zv_error *err);
	int (*audit_search)(struct zv_store *s, const char *kind, const char *id,
			    zv_audit_subject_fn fn, void *ctx, struct zv_error *err);
	int (*head_insert)(struct zv_store *s, const struct zv_tree_head *h, struct zv_error *err);
	int (*head_latest)(struct zv_store *s, struct zv_tree_head *h, struct zv_error *err);
	int (*head_at)(struct zv_store *s, uint64_t size, struct zv_tree_head *h,
		       struct zv_error *err);
	int (*head_scan)(struct zv_store *s, uint64_t from_size, size_t limit, zv_tree_head_fn fn,
			 void *ctx, struct zv_error *err);
};

struct zv_store {
	const struct store_backend *be;
	int schema_version;
};

int store_sqlite_open(const char *path, enum zv_store_mode mode, struct zv_store **out,
		      struct zv_error *err);
void store_sqlite_remove_files(const char *path);

#endif /* ZV_STORE_BACKEND_H */
