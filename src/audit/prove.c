/*
 * prove.c — serving inclusion and consistency proofs fast.
 *
 * A proof needs O(log n) complete-subtree hashes. Reading each from the
 * store costs a lookup; so the prover mirrors the tree's upper levels
 * (subtrees of 2^MEMORY_LEVEL = 8 leaves and larger: about eight bytes per
 * event) in memory, filled by one sequential read and extended as the log
 * grows, and reads the lower nodes — which all live in the 8 rows of one
 * aligned block — with a single range read (hashes only), keeping the last
 * two blocks. The hashes of the incomplete subtrees on the right edge, the
 * same for every proof against one tree size, are memoised.
 */
#include <stdlib.h>
#include <string.h>

#include "zv/audit.h"

enum { MEMORY_LEVEL = 3, BLOCK = 1 << MEMORY_LEVEL };

struct level {
	uint8_t (*hash)[ZV_HASH_LEN];
	uint64_t count, cap;
};

/* The rows of one aligned block of 8 leaves: leaf and nodes of levels 1..2. */
struct block {
	bool valid;
	uint64_t base;
	uint64_t rows;
	uint8_t hash[BLOCK][MEMORY_LEVEL][ZV_HASH_LEN];   /* [row][level] */
	uint8_t have[BLOCK];                              /* levels present per row */
};

struct zv_audit_prover {
	struct zv_store *store;
	struct zv_sha256 hash;
	uint64_t synced;                       /* rows read into the levels */
	struct level levels[ZV_TREE_MAX_LEVELS];
	struct block blocks[2];
	unsigned next_block;
	struct zv_merkle_memo memo;            /* right-edge subtrees already hashed */
};

int zv_audit_prover_open(struct zv_store *store, struct zv_audit_prover **out,
			 struct zv_error *err)
{
	struct zv_audit_prover *p = calloc(1, sizeof *p);
	if (!p)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (zv_sha256_init(&p->hash, err)) {
		free(p);
		return err->code;
	}
	p->store = store;
	*out = p;
	return ZV_OK;
}

void zv_audit_prover_close(struct zv_audit_prover *p)
{
	if (!p)
		return;
	for (unsigned l = 0; l < ZV_TREE_MAX_LEVELS; l++)
		free(p->levels[l].hash);
	zv_sha256_free(&p->hash);
	free(p);
}

static int keep_upper_nodes(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct zv_audit_prover *p = ctx;
	/* Each row closes as many subtrees as its number has trailing ones. */
	size_t closes = (size_t)__builtin_ctzll(~row->seq);
	if (row->seq != p->synced || row->node_count != closes)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "event %llu is missing or its tree hashes are damaged; run "
				    "'zorgvuldig audit verify'",
				    (unsigned long long)p->synced);
	for (size_t i = MEMORY_LEVEL - 1; i < row->node_count; i++) {
		struct level *lv = &p->levels[i + 1];
		if (lv->count == lv->cap) {
			uint64_t cap = lv->cap ? 2 * lv->cap : 1024;
			void *grown = realloc(lv->hash, cap * ZV_HASH_LEN);
			if (!grown)
				return zv_error_set(err, ZV_ENOMEM, "", "out of memory caching the tree");
			lv->hash = grown;
			lv->cap = cap;
		}
		memcpy(lv->hash[lv->count++], row->nodes + i * ZV_HASH_LEN, ZV_HASH_LEN);
	}
	p->synced = row->seq + 1;
	return 0;
}

/* Read the rows the mirror lacks, up to `size`. */
static int sync_to(struct zv_audit_prover *p, uint64_t size, struct zv_error *err)
{
	if (size <= p->synced)
		return ZV_OK;
	uint64_t want = size;
	int rc = zv_store_audit_hash_scan(p->store, p->synced, size - 1, keep_upper_nodes, p, err);
	if (!rc && p->synced < want)
		rc = zv_error_set(err, ZV_ENOTFOUND, "", "the audit log holds only %llu events",
				  (unsigned long long)p->synced);
	return rc;
}

static int keep_block_row(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	(void)err;
	struct block *b = ctx;
	uint64_t i = row->seq - b->base;
	memcpy(b->hash[i][0], row->leaf, ZV_HASH_LEN);
	size_t levels = row->node_count < MEMORY_LEVEL - 1 ? row->node_count : MEMORY_LEVEL - 1;
	for (size_t l = 0; l < levels; l++)
		memcpy(b->hash[i][l + 1], row->nodes + l * ZV_HASH_LEN, ZV_HASH_LEN);
	b->have[i] = (uint8_t)(levels + 1);
	b->rows = i + 1;
	return 0;
}

static struct block *block_for(struct zv_audit_prover *p, uint64_t base, struct zv_error *err)
{
	for (unsigned i = 0; i < 2; i++)
		if (p->blocks[i].valid && p->blocks[i].base == base && p->blocks[i].rows == BLOCK)
			return &p->blocks[i];
	struct block *b = &p->blocks[p->next_block];
	p->next_block ^= 1;
	b->valid = true;
	b->base = base;
	b->rows = 0;
	memset(b->have, 0, sizeof b->have);
	if (zv_store_audit_hash_scan(p->store, base, base + BLOCK - 1, keep_block_row, b, err)) {
		b->valid = false;
		return NULL;
	}
	return b;
}

static int prover_node(void *ctx, unsigned level, uint64_t index, uint8_t out[ZV_HASH_LEN],
		       struct zv_error *err)
{
	struct zv_audit_prover *p = ctx;
	if (level >= MEMORY_LEVEL) {
		const struct level *lv = &p->levels[level];
		if (index >= lv->count)
			return zv_error_set(err, ZV_ENOTFOUND, "", "no tree node %u/%llu yet", level,
					    (unsigned long long)index);
		memcpy(out, lv->hash[index], ZV_HASH_LEN);
		return ZV_OK;
	}
	uint64_t row = ((index + 1) << level) - 1;   /* the leaf that closed the node */
	struct block *b = block_for(p, row & ~(uint64_t)(BLOCK - 1), err);
	if (!b)
		return err->code;
	uint64_t i = row - b->base;
	if (i >= b->rows || b->have[i] <= level)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no tree node %u/%llu", level,
				    (unsigned long long)index);
	memcpy(out, b->hash[i][level], ZV_HASH_LEN);
	return ZV_OK;
}

static void source(struct zv_audit_prover *p, struct zv_merkle_source *src)
{
	src->node = prover_node;
	src->ctx = p;
	src->hash = &p->hash;
	src->memo = &p->memo;
}

int zv_audit_prover_inclusion(struct zv_audit_prover *p, uint64_t leaf, uint64_t size,
			      uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err)
{
	struct zv_merkle_source src;
	*count = 0;
	if (sync_to(p, size, err))
		return err->code;
	source(p, &src);
	return zv_merkle_inclusion_proof(&src, leaf, size, path, count, err);
}

int zv_audit_prover_consistency(struct zv_audit_prover *p, uint64_t first, uint64_t second,
				uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err)
{
	struct zv_merkle_source src;
	*count = 0;
	if (sync_to(p, second, err))
		return err->code;
	source(p, &src);
	return zv_merkle_consistency_proof(&src, first, second, path, count, err);
}
