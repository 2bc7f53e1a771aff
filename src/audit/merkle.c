/*
 * merkle.c — the Merkle tree of RFC 9162 §2.1, pure: tree heads, inclusion
 * and consistency proofs and their verification, and the frontier (the
 * complete subtrees on the right edge) that appending grows.
 *
 * Hashes of complete subtrees come from a struct zv_merkle_source (the
 * store, where each node sits in the row of the leaf that closed it, or
 * memory in tests). Any subtree that RFC 9162's recursion asks for is either
 * complete and aligned — one lookup — or splits at the largest power of two
 * below its size, so a proof costs O(log n) lookups and hashes.
 */
#include <string.h>

#include "zv/audit.h"

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	return (uint64_t)1 << (63 - __builtin_clzll(n - 1));
}

static bool is_power_of_two(uint64_t n)
{
	return n && !(n & (n - 1));
}

/* MTH(D[lo:hi]), lo < hi. */
static int subtree_hash(const struct zv_merkle_source *src, uint64_t lo, uint64_t hi,
			uint8_t out[ZV_HASH_LEN], struct zv_error *err)
{
	uint64_t n = hi - lo;
	if (is_power_of_two(n) && lo % n == 0)
		return src->node(src->ctx, (unsigned)__builtin_ctzll(n), lo / n, out, err);
	if (n == 1)
		return zv_error_set(err, ZV_EINTERNAL, "", "unaligned leaf %llu",
				    (unsigned long long)lo);
	size_t slot = (size_t)((lo * 0x9E3779B97F4A7C15ull) ^ hi) % ZV_MERKLE_MEMO_SLOTS;
	if (src->memo && src->memo->slot[slot].lo == lo && src->memo->slot[slot].hi == hi) {
		memcpy(out, src->memo->slot[slot].hash, ZV_HASH_LEN);
		return ZV_OK;
	}
	uint64_t k = split_point(n);
	uint8_t left[ZV_HASH_LEN], right[ZV_HASH_LEN];
	if (subtree_hash(src, lo, lo + k, left, err) || subtree_hash(src, lo + k, hi, right, err))
		return err->code;
	zv_hash_node(src->hash, left, right, out);
	if (src->memo) {
		src->memo->slot[slot].lo = lo;
		src->memo->slot[slot].hi = hi;
		memcpy(src->memo->slot[slot].hash, out, ZV_HASH_LEN);
	}
	return ZV_OK;
}

int zv_merkle_root(const struct zv_merkle_source *src, uint64_t size, uint8_t out[ZV_HASH_LEN],
		   struct zv_error *err)
{
	if (size == 0) {
		zv_sha256(src->hash, "", 0, out);
		return ZV_OK;
	}
	return subtree_hash(src, 0, size, out, err);
}

static int append_hash(const struct zv_merkle_source *src, uint64_t lo, uint64_t hi,
		       uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err)
{
	if (*count >= ZV_MERKLE_MAX_PATH)
		return zv_error_set(err, ZV_EINTERNAL, "", "proof longer than a tree can need");
	return subtree_hash(src, lo, hi, path[(*count)++], err);
}

/* PATH(m, D[lo:hi]) with m an absolute leaf index in [lo, hi). */
static int inclusion_path(const struct zv_merkle_source *src, uint64_t m, uint64_t lo,
			  uint64_t hi, uint8_t path[][ZV_HASH_LEN], size_t *count,
			  struct zv_error *err)
{
	if (hi - lo <= 1)
		return ZV_OK;
	uint64_t k = split_point(hi - lo);
	if (m - lo < k)
		return inclusion_path(src, m, lo, lo + k, path, count, err) ||
			       append_hash(src, lo + k, hi, path, count, err)
			       ? err->code
			       : ZV_OK;
	return inclusion_path(src, m, lo + k, hi, path, count, err) ||
		       append_hash(src, lo, lo + k, path, count, err)
		       ? err->code
		       : ZV_OK;
}

int zv_merkle_inclusion_proof(const struct zv_merkle_source *src, uint64_t leaf, uint64_t size,
			      uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err)
{
	*count = 0;
	if (leaf >= size)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "event %llu is not in a tree of %llu events",
				    (unsigned long long)leaf, (unsigned long long)size);
	return inclusion_path(src, leaf, 0, size, path, count, err);
}

/* SUBPROOF(m, D[lo:hi], b) with m counted from lo. */
static int subproof(const struct zv_merkle_source *src, uint64_t m, uint64_t lo, uint64_t hi,
		    bool whole, uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err)
{
	uint64_t n = hi - lo;
	if (m == n)
		return whole ? ZV_OK : append_hash(src, lo, hi, path, count, err);
	uint64_t k = split_point(n);
	if (m <= k)
		return subproof(src, m, lo, lo + k, whole, path, count, err) ||
			       append_hash(src, lo + k, hi, path, count, err)
			       ? err->code
			       : ZV_OK;
	return subproof(src, m - k, lo + k, hi, false, path, count, err) ||
		       append_hash(src, lo, lo + k, path, count, err)
		       ? err->code
		       : ZV_OK;
}

int zv_merkle_consistency_proof(const struct zv_merkle_source *src, uint64_t first,
				uint64_t second, uint8_t path[][ZV_HASH_LEN], size_t *count,
				struct zv_error *err)
{
	*count = 0;
	if (first == 0 || first > second)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "a consistency proof runs from a size of 1 or more to a size "
				    "at least as large (asked: %llu to %llu)",
				    (unsigned long long)first, (unsigned long long)second);
	return subproof(src, first, 0, second, true, path, count, err);
}

/* Shift fn and sn right until fn's lowest bit is set or fn is 0. */
static void shift_while_even(uint64_t *fn, uint64_t *sn)
{
	while (*fn && !(*fn & 1)) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

bool zv_merkle_verify_inclusion(struct zv_sha256 *h, uint64_t leaf, uint64_t size,
				const uint8_t leaf_hash[ZV_HASH_LEN],
				const uint8_t path[][ZV_HASH_LEN], size_t count,
				const uint8_t root[ZV_HASH_LEN])
{
	if (leaf >= size)
		return false;
	uint64_t fn = leaf, sn = size - 1;
	uint8_t r[ZV_HASH_LEN];
	memcpy(r, leaf_hash, ZV_HASH_LEN);
	for (size_t i = 0; i < count; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			zv_hash_node(h, path[i], r, r);
			if (!(fn & 1))
				shift_while_even(&fn, &sn);
		} else {
			zv_hash_node(h, r, path[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, ZV_HASH_LEN) == 0;
}

bool zv_merkle_verify_consistency(struct zv_sha256 *h, uint64_t first, uint64_t second,
				  const uint8_t first_root[ZV_HASH_LEN],
				  const uint8_t second_root[ZV_HASH_LEN],
				  const uint8_t path[][ZV_HASH_LEN], size_t count)
{
	if (first == 0 || first > second)
		return false;
	if (first == second)
		return count == 0 && memcmp(first_root, second_root, ZV_HASH_LEN) == 0;
	if (count == 0)
		return false;
	/* When `first` is a power of two its root is the proof's implicit first node. */
	const uint8_t *start = path[0];
	size_t i = 1;
	if (is_power_of_two(first)) {
		start = first_root;
		i = 0;
	}
	uint64_t fn = first - 1, sn = second - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	uint8_t fr[ZV_HASH_LEN], sr[ZV_HASH_LEN];
	memcpy(fr, start, ZV_HASH_LEN);
	memcpy(sr, start, ZV_HASH_LEN);
	for (; i < count; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			zv_hash_node(h, path[i], fr, fr);
			zv_hash_node(h, path[i], sr, sr);
			if (!(fn & 1))
				shift_while_even(&fn, &sn);
		} else {
			zv_hash_node(h, sr, path[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(fr, first_root, ZV_HASH_LEN) == 0 &&
	       memcmp(sr, second_root, ZV_HASH_LEN) == 0;
}

/* ---- the frontier ----------------------------------------------------------- */

void zv_merkle_frontier_init(struct zv_merkle_frontier *f)
{
	f->size = 0;
}

void zv_merkle_frontier_push(struct zv_merkle_frontier *f, struct zv_sha256 *hash,
			     unsigned level, const uint8_t h[ZV_HASH_LEN],
			     uint8_t closed[][ZV_HASH_LEN], size_t *closed_count)
{
	uint8_t cur[ZV_HASH_LEN];
	size_t c = 0;
	unsigned l = level;
	memcpy(cur, h, ZV_HASH_LEN);
	while (l < ZV_TREE_MAX_LEVELS - 1 && (f->size >> l & 1)) {
		zv_hash_node(hash, f->hash[l], cur, cur);
		if (closed)
			memcpy(closed[c], cur, ZV_HASH_LEN);
		c++;
		l++;
	}
	memcpy(f->hash[l], cur, ZV_HASH_LEN);
	f->size += (uint64_t)1 << level;
	if (closed_count)
		*closed_count = c;
}

void zv_merkle_frontier_root(const struct zv_merkle_frontier *f, struct zv_sha256 *hash,
			     uint8_t out[ZV_HASH_LEN])
{
	if (f->size == 0) {
		zv_sha256(hash, "", 0, out);
		return;
	}
	bool have = false;
	for (unsigned l = 0; l < ZV_TREE_MAX_LEVELS; l++) {
		if (!(f->size >> l & 1))
			continue;
		if (!have)
			memcpy(out, f->hash[l], ZV_HASH_LEN);
		else
			zv_hash_node(hash, f->hash[l], out, out);
		have = true;
	}
}

int zv_merkle_frontier_load(struct zv_merkle_frontier *f, const struct zv_merkle_source *src,
			    uint64_t size, struct zv_error *err)
{
	uint64_t pos = 0;
	for (int l = ZV_TREE_MAX_LEVELS - 1; l >= 0; l--) {
		if (!(size >> l & 1))
			continue;
		if (src->node(src->ctx, (unsigned)l, pos >> l, f->hash[l], err))
			return err->code;
		pos += (uint64_t)1 << l;
	}
	f->size = size;
	return ZV_OK;
}
