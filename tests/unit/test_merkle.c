/*
 * test_merkle.c — the pure Merkle tree of the audit log (RFC 9162 §2.1):
 * tree heads, the frontier that appending grows, inclusion and consistency
 * proofs and their verification.
 *
 * Everything is checked against a reference written here straight from the
 * RFC (leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r), the empty tree
 * SHA-256(""), MTH / PATH / PROOF by their recursive definitions), hashing
 * with a SHA-256 context of its own, and against the known answers of the
 * certificate-transparency reference tree of eight leaves. The module reads
 * complete subtrees from an in-memory node source that computes each one
 * naively from the leaf hashes and refuses any node outside the tree.
 *
 * Proofs must fail when anything about them is changed — with one exception
 * that RFC 9162 itself has: a proof checked against the *same* root under a
 * tree size off by one often still verifies (the size only shapes the path),
 * so there the module must agree with the reference verifier, and must
 * reject against the true root of the wrong size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "zv/audit.h"
#include "zv/crypto.h"

enum {
	HL = ZV_HASH_LEN,
	MAX_LEAVES = 300,      /* roots and frontiers: every size 0..300 */
	MAX_PROOF_SIZE = 130,  /* proofs: every pair up to this size */
	ALL_BITS_SIZE = 12,    /* flip every bit of every element up to this size */
};

typedef uint8_t hash_t[HL];

/* ---- the reference: SHA-256 of our own, RFC 9162 §2.1 by its definitions ---- */

static EVP_MD_CTX *ref_ctx;
static EVP_MD *ref_md;
static struct zv_sha256 zh;           /* the module's hasher */
static hash_t leaves[MAX_LEAVES];     /* leaf hashes of the big test tree */
static hash_t roots[MAX_LEAVES + 1];  /* roots[n]: the reference MTH of its first n leaves */

static void ref_sha256(const void *data, size_t len, uint8_t out[HL])
{
	unsigned int n = 0;
	assert_int_equal(EVP_DigestInit_ex(ref_ctx, ref_md, NULL), 1);
	assert_int_equal(EVP_DigestUpdate(ref_ctx, data, len), 1);
	assert_int_equal(EVP_DigestFinal_ex(ref_ctx, out, &n), 1);
	assert_int_equal(n, HL);
}

static void ref_leaf(const void *data, size_t len, uint8_t out[HL])
{
	uint8_t buf[1 + 64];
	assert_true(len <= 64);
	buf[0] = 0x00;
	if (len)
		memcpy(buf + 1, data, len);
	ref_sha256(buf, 1 + len, out);
}

static void ref_node(const uint8_t l[HL], const uint8_t r[HL], uint8_t out[HL])
{
	uint8_t buf[1 + 2 * HL];
	buf[0] = 0x01;
	memcpy(buf + 1, l, HL);
	memcpy(buf + 1 + HL, r, HL);
	ref_sha256(buf, sizeof buf, out);
}

/* The largest power of two strictly below n (n >= 2), by counting. */
static uint64_t ref_split(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k)   /* 2k < n, without overflow */
		k *= 2;
	return k;
}

/* MTH(D[lo:hi]) over leaf hashes `lh`. */
static void ref_mth(const hash_t *lh, uint64_t lo, uint64_t hi, uint8_t out[HL])
{
	if (hi == lo) {
		ref_sha256("", 0, out);
		return;
	}
	if (hi - lo == 1) {
		memcpy(out, lh[lo], HL);
		return;
	}
	uint64_t k = ref_split(hi - lo);
	hash_t l, r;
	ref_mth(lh, lo, lo + k, l);
	ref_mth(lh, lo + k, hi, r);
	ref_node(l, r, out);
}

/* PATH(m, D[lo:hi]) (§2.1.3.1), m absolute; appends to path. */
static void ref_path(const hash_t *lh, uint64_t m, uint64_t lo, uint64_t hi, hash_t *path,
		     size_t *count)
{
	if (hi - lo <= 1)
		return;
	uint64_t k = ref_split(hi - lo);
	if (m - lo < k) {
		ref_path(lh, m, lo, lo + k, path, count);
		ref_mth(lh, lo + k, hi, path[(*count)++]);
	} else {
		ref_path(lh, m, lo + k, hi, path, count);
		ref_mth(lh, lo, lo + k, path[(*count)++]);
	}
}

/* SUBPROOF(m, D[lo:hi], b) (§2.1.4.1), m counted from lo. */
static void ref_subproof(const hash_t *lh, uint64_t m, uint64_t lo, uint64_t hi, bool b,
			 hash_t *path, size_t *count)
{
	if (m == hi - lo) {
		if (!b)
			ref_mth(lh, lo, hi, path[(*count)++]);
		return;
	}
	uint64_t k = ref_split(hi - lo);
	if (m <= k) {
		ref_subproof(lh, m, lo, lo + k, b, path, count);
		ref_mth(lh, lo + k, hi, path[(*count)++]);
	} else {
		ref_subproof(lh, m - k, lo + k, hi, false, path, count);
		ref_mth(lh, lo, lo + k, path[(*count)++]);
	}
}

/*
 * Verification by the structure of the recursion rather than by the bit
 * arithmetic of §2.1.3.2: rebuild the root from the path, consuming its
 * elements bottom-up; the path must be used up exactly.
 */
struct ref_reader {
	const hash_t *path;
	size_t count, used;
	bool short_path;
};

static const uint8_t *ref_next(struct ref_reader *r)
{
	static const hash_t zero;
	if (r->used == r->count) {
		r->short_path = true;
		return zero;
	}
	return r->path[r->used++];
}

static void ref_root_from_path(uint64_t m, uint64_t lo, uint64_t hi, const uint8_t lh[HL],
			       struct ref_reader *r, uint8_t out[HL])
{
	if (hi - lo == 1) {
		memcpy(out, lh, HL);
		return;
	}
	uint64_t k = ref_split(hi - lo);
	hash_t sub;
	if (m - lo < k) {
		ref_root_from_path(m, lo, lo + k, lh, r, sub);
		ref_node(sub, ref_next(r), out);
	} else {
		ref_root_from_path(m, lo + k, hi, lh, r, sub);
		ref_node(ref_next(r), sub, out);
	}
}

static bool ref_verify_inclusion(uint64_t leaf, uint64_t size, const uint8_t lh[HL],
				 const hash_t *path, size_t count, const uint8_t root[HL])
{
	if (leaf >= size)
		return false;
	struct ref_reader r = {.path = path, .count = count};
	hash_t got;
	ref_root_from_path(leaf, 0, size, lh, &r, got);
	return !r.short_path && r.used == count && !memcmp(got, root, HL);
}

/* Rebuild (old root part, new root part) of SUBPROOF(m, D[lo:hi], b). */
static void ref_roots_from_proof(uint64_t m, uint64_t lo, uint64_t hi, bool b,
				 const uint8_t first_root[HL], struct ref_reader *r,
				 uint8_t old_out[HL], uint8_t new_out[HL])
{
	if (m == hi - lo) {
		const uint8_t *x = b ? first_root : ref_next(r);
		memcpy(old_out, x, HL);
		memcpy(new_out, x, HL);
		return;
	}
	uint64_t k = ref_split(hi - lo);
	hash_t o, n;
	if (m <= k) {
		ref_roots_from_proof(m, lo, lo + k, b, first_root, r, o, n);
		memcpy(old_out, o, HL);
		ref_node(n, ref_next(r), new_out);
	} else {
		ref_roots_from_proof(m - k, lo + k, hi, false, first_root, r, o, n);
		const uint8_t *s = ref_next(r);
		ref_node(s, o, old_out);
		ref_node(s, n, new_out);
	}
}

static bool ref_verify_consistency(uint64_t first, uint64_t second, const uint8_t r1[HL],
				   const uint8_t r2[HL], const hash_t *path, size_t count)
{
	if (first == 0 || first > second)
		return false;
	if (first == second)
		return count == 0 && !memcmp(r1, r2, HL);
	struct ref_reader r = {.path = path, .count = count};
	hash_t o, n;
	ref_roots_from_proof(first, 0, second, true, r1, &r, o, n);
	return !r.short_path && r.used == count && !memcmp(o, r1, HL) && !memcmp(n, r2, HL);
}

/* ---- the node source under test: memory, naive, bounded by `size` ---------- */

struct mem_tree {
	const hash_t *leaves;
	uint64_t size;          /* nodes beyond the first `size` leaves do not exist */
	unsigned long lookups;
	bool fail;              /* every lookup fails with ZV_EIO */
};

static int mem_node(void *ctx, unsigned level, uint64_t index, uint8_t out[ZV_HASH_LEN],
		    struct zv_error *err)
{
	struct mem_tree *t = ctx;
	t->lookups++;
	if (t->fail)
		return zv_error_set(err, ZV_EIO, "", "the disk is on fire");
	if (level >= 63 || index >= (t->size >> level))
		return zv_error_set(err, ZV_ENOTFOUND, "", "no node at level %u index %llu",
				    level, (unsigned long long)index);
	uint64_t lo = index << level;
	ref_mth(t->leaves, lo, lo + ((uint64_t)1 << level), out);
	return ZV_OK;
}

static struct zv_merkle_source mem_source(struct mem_tree *t, const hash_t *lh, uint64_t size)
{
	*t = (struct mem_tree){.leaves = lh, .size = size};
	return (struct zv_merkle_source){.node = mem_node, .ctx = t, .hash = &zh};
}

static void assert_hash_equal(const uint8_t got[HL], const uint8_t want[HL])
{
	if (memcmp(got, want, HL)) {
		char g[2 * HL + 1], w[2 * HL + 1];
		zv_hex_encode(got, HL, g);
		zv_hex_encode(want, HL, w);
		print_error("hash %s\n  is not %s\n", g, w);
		fail();
	}
}

static void assert_hash_hex(const uint8_t got[HL], const char *hex)
{
	hash_t want;
	assert_true(zv_hex_decode(hex, strlen(hex), want, HL));
	assert_hash_equal(got, want);
}

static unsigned bit_length(uint64_t n)
{
	unsigned b = 0;
	while (n) {
		b++;
		n >>= 1;
	}
	return b;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static int setup(void **state)
{
	(void)state;
	ref_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	ref_ctx = EVP_MD_CTX_new();
	if (!ref_md || !ref_ctx || zv_sha256_init(&zh, NULL))
		return -1;
	for (unsigned i = 0; i < MAX_LEAVES; i++) {
		char data[64];
		int n = snprintf(data, sizeof data, "event %u%.*s", i, (int)(i % 7), "+++++++");
		ref_leaf(data, (size_t)n, leaves[i]);
	}
	for (uint64_t n = 0; n <= MAX_LEAVES; n++)
		ref_mth(leaves, 0, n, roots[n]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	zv_sha256_free(&zh);
	EVP_MD_CTX_free(ref_ctx);
	EVP_MD_free(ref_md);
	return 0;
}

/* ---- the hashes --------------------------------------------------------------- */

static void hashes_are_those_of_rfc_9162(void **state)
{
	(void)state;
	hash_t got, want;
	zv_sha256(&zh, "abc", 3, got);
	assert_hash_hex(got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ref_sha256("abc", 3, want);
	assert_hash_equal(want, got);
	zv_sha256(&zh, "", 0, got);
	assert_hash_hex(got, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	uint8_t data[64];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 37 + 5);
	for (size_t len = 0; len <= sizeof data; len++) {
		zv_hash_leaf(&zh, data, len, got);
		ref_leaf(data, len, want);
		assert_hash_equal(got, want);
	}
	zv_hash_leaf(&zh, NULL, 0, got);
	ref_leaf("", 0, want);
	assert_hash_equal(got, want);

	zv_hash_node(&zh, leaves[0], leaves[1], got);
	ref_node(leaves[0], leaves[1], want);
	assert_hash_equal(got, want);
	zv_hash_node(&zh, leaves[1], leaves[0], got);   /* order matters */
	assert_memory_not_equal(got, want, HL);
	/* The output may alias an input, as the verifiers rely on. */
	memcpy(got, leaves[0], HL);
	zv_hash_node(&zh, got, leaves[1], got);
	assert_hash_equal(got, want);
	memcpy(got, leaves[1], HL);
	zv_hash_node(&zh, leaves[0], got, got);
	assert_hash_equal(got, want);

	/* sha256_parts is the hash of the concatenation, NULL parts skipped. */
	zv_sha256_parts(&zh, "a", 1, NULL, 5, "bc", 2, got);
	assert_hash_hex(got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* ---- the certificate-transparency reference tree --------------------------------- */

static const char *const CT_LEAVES[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

/* MTH of the first 1..8 leaves (certificate-transparency merkle_tree_test). */
static const char *const CT_ROOTS[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static hash_t ct_leaves[8];

static void ct_tree(void)
{
	for (int i = 0; i < 8; i++) {
		uint8_t data[16];
		size_t n = strlen(CT_LEAVES[i]) / 2;
		assert_true(zv_hex_decode(CT_LEAVES[i], 2 * n, data, n));
		zv_hash_leaf(&zh, data, n, ct_leaves[i]);
		hash_t want;
		ref_leaf(data, n, want);
		assert_hash_equal(ct_leaves[i], want);
	}
}

static void reference_tree_roots(void **state)
{
	(void)state;
	ct_tree();
	struct mem_tree t;
	hash_t got;
	for (uint64_t n = 1; n <= 8; n++) {
		ref_mth(ct_leaves, 0, n, got);          /* the reference agrees... */
		assert_hash_hex(got, CT_ROOTS[n - 1]);
		struct zv_merkle_source src = mem_source(&t, ct_leaves, n);
		struct zv_error err = {0};
		assert_int_equal(zv_merkle_root(&src, n, got, &err), ZV_OK);
		assert_hash_hex(got, CT_ROOTS[n - 1]);   /* ...and so does the module */

		struct zv_merkle_frontier f;
		zv_merkle_frontier_init(&f);
		for (uint64_t i = 0; i < n; i++)
			zv_merkle_frontier_push(&f, &zh, 0, ct_leaves[i], NULL, NULL);
		zv_merkle_frontier_root(&f, &zh, got);
		assert_hash_hex(got, CT_ROOTS[n - 1]);
	}
	struct zv_merkle_source src = mem_source(&t, ct_leaves, 0);
	assert_int_equal(zv_merkle_root(&src, 0, got, NULL), ZV_OK);
	assert_hash_hex(got, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	struct zv_merkle_frontier f;
	zv_merkle_frontier_init(&f);
	zv_merkle_frontier_root(&f, &zh, got);
	assert_hash_hex(got, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* Proofs in the reference tree (computed and checked with Python's hashlib). */
static void reference_tree_proofs(void **state)
{
	(void)state;
	ct_tree();
	static const struct {
		uint64_t leaf, size;
		size_t count;
		const char *path[3];
	} inclusion[] = {
		{0, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{5, 8, 3, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
			   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
			   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
		{1, 5, 3, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
		{0, 1, 0, {NULL}},
	};
	static const struct {
		uint64_t first, second;
		size_t count;
		const char *path[3];
	} consistency[] = {
		{1, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{6, 8, 3, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
			   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
			   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 5, 2, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
		{8, 8, 0, {NULL}},
	};
	struct mem_tree t;
	hash_t path[ZV_MERKLE_MAX_PATH], root, r1;
	size_t count;
	for (size_t i = 0; i < sizeof inclusion / sizeof *inclusion; i++) {
		struct zv_merkle_source src = mem_source(&t, ct_leaves, inclusion[i].size);
		assert_int_equal(zv_merkle_inclusion_proof(&src, inclusion[i].leaf, inclusion[i].size,
							   path, &count, NULL),
				 ZV_OK);
		assert_int_equal(count, inclusion[i].count);
		for (size_t j = 0; j < count; j++)
			assert_hash_hex(path[j], inclusion[i].path[j]);
		assert_true(zv_hex_decode(CT_ROOTS[inclusion[i].size - 1], 2 * HL, root, HL));
		assert_true(zv_merkle_verify_inclusion(&zh, inclusion[i].leaf, inclusion[i].size,
						       ct_leaves[inclusion[i].leaf], path, count,
						       root));
	}
	for (size_t i = 0; i < sizeof consistency / sizeof *consistency; i++) {
		struct zv_merkle_source src = mem_source(&t, ct_leaves, consistency[i].second);
		assert_int_equal(zv_merkle_consistency_proof(&src, consistency[i].first,
							     consistency[i].second, path, &count,
							     NULL),
				 ZV_OK);
		assert_int_equal(count, consistency[i].count);
		for (size_t j = 0; j < count; j++)
			assert_hash_hex(path[j], consistency[i].path[j]);
		assert_true(zv_hex_decode(CT_ROOTS[consistency[i].first - 1], 2 * HL, r1, HL));
		assert_true(zv_hex_decode(CT_ROOTS[consistency[i].second - 1], 2 * HL, root, HL));
		assert_true(zv_merkle_verify_consistency(&zh, consistency[i].first,
							 consistency[i].second, r1, root, path,
							 count));
	}
}

/* ---- roots and the frontier ------------------------------------------------------ */

static void root_is_mth_for_every_size(void **state)
{
	(void)state;
	struct mem_tree t;
	for (uint64_t n = 0; n <= MAX_LEAVES; n++) {
		hash_t got, want;
		ref_mth(leaves, 0, n, want);
		struct zv_merkle_source src = mem_source(&t, leaves, n);
		struct zv_error err = {0};
		assert_int_equal(zv_merkle_root(&src, n, got, &err), ZV_OK);
		assert_hash_equal(got, want);
		/* One lookup per complete subtree of the right edge (O(log n)). */
		assert_true(t.lookups <= bit_length(n));
	}
}

/* The complete subtrees closed when the tree grows to `size` by a push of
 * level `level`: levels level+1.., each ending at `size`. */
static void assert_closed(uint64_t size, unsigned level, const hash_t *closed, size_t count)
{
	size_t want = 0;
	for (unsigned l = level + 1; l < 63 && size % ((uint64_t)1 << l) == 0; l++) {
		hash_t h;
		ref_mth(leaves, size - ((uint64_t)1 << l), size, h);
		assert_true(want < count);
		assert_hash_equal(closed[want], h);
		want++;
	}
	assert_int_equal(count, want);
}

static void frontier_pushed_leaf_by_leaf(void **state)
{
	(void)state;
	struct zv_merkle_frontier f;
	zv_merkle_frontier_init(&f);
	assert_int_equal(f.size, 0);
	for (uint64_t i = 0; i < MAX_LEAVES; i++) {
		hash_t closed[ZV_TREE_MAX_LEVELS], got, want;
		size_t count = 999;
		zv_merkle_frontier_push(&f, &zh, 0, leaves[i], closed, &count);
		assert_int_equal(f.size, i + 1);
		/* Leaf i closes one node per trailing one bit of i. */
		assert_int_equal(count, (size_t)__builtin_ctzll(i + 1));
		assert_closed(i + 1, 0, closed, count);
		zv_merkle_frontier_root(&f, &zh, got);
		assert_hash_equal(got, roots[i + 1]);
		/* hash[L] is the complete subtree of bit L of the size. */
		uint64_t end = i + 1;
		for (unsigned l = 0; l < 63; l++) {
			if (!(f.size >> l & 1))
				continue;
			ref_mth(leaves, end - ((uint64_t)1 << l), end, want);
			assert_hash_equal(f.hash[l], want);
			end -= (uint64_t)1 << l;
		}
		assert_int_equal(end, 0);
	}
	/* Pushing without a place for the closed nodes works the same. */
	struct zv_merkle_frontier g;
	zv_merkle_frontier_init(&g);
	for (uint64_t i = 0; i < MAX_LEAVES; i++)
		zv_merkle_frontier_push(&g, &zh, 0, leaves[i], NULL, NULL);
	hash_t a, b;
	zv_merkle_frontier_root(&f, &zh, a);
	zv_merkle_frontier_root(&g, &zh, b);
	assert_hash_equal(a, b);
}

static void frontier_loaded_equals_frontier_pushed(void **state)
{
	(void)state;
	struct zv_merkle_frontier pushed;
	zv_merkle_frontier_init(&pushed);
	struct mem_tree t;
	for (uint64_t n = 0; n <= MAX_LEAVES; n++) {
		if (n)
			zv_merkle_frontier_push(&pushed, &zh, 0, leaves[n - 1], NULL, NULL);
		struct zv_merkle_frontier loaded;
		memset(&loaded, 0xA5, sizeof loaded);
		struct zv_merkle_source src = mem_source(&t, leaves, n);
		struct zv_error err = {0};
		assert_int_equal(zv_merkle_frontier_load(&loaded, &src, n, &err), ZV_OK);
		assert_int_equal(loaded.size, n);
		assert_int_equal(t.lookups, (unsigned long)__builtin_popcountll(n));
		for (unsigned l = 0; l < ZV_TREE_MAX_LEVELS; l++)
			if (n >> l & 1)
				assert_hash_equal(loaded.hash[l], pushed.hash[l]);
		hash_t a, b;
		zv_merkle_frontier_root(&loaded, &zh, a);
		zv_merkle_frontier_root(&pushed, &zh, b);
		assert_hash_equal(a, b);
		/* A loaded frontier grows on like a pushed one. */
		if (n < MAX_LEAVES) {
			zv_merkle_frontier_push(&loaded, &zh, 0, leaves[n], NULL, NULL);
			zv_merkle_frontier_root(&loaded, &zh, a);
			assert_hash_equal(a, roots[n + 1]);
		}
	}
}

static void frontier_pushed_by_aligned_subtrees(void **state)
{
	(void)state;
	for (uint64_t target = 1; target <= MAX_LEAVES; target++) {
		for (int round = 0; round < 3; round++) {
			struct zv_merkle_frontier f;
			zv_merkle_frontier_init(&f);
			uint64_t pos = 0;
			bool used_level = false;
			while (pos < target) {
				unsigned max = 0;
				while (pos % ((uint64_t)1 << (max + 1)) == 0 &&
				       pos + ((uint64_t)1 << (max + 1)) <= target)
					max++;
				/* round 0: always the largest; others: a random one */
				unsigned level = round == 0 ? max : (unsigned)(rnd() % (max + 1));
				uint64_t span = (uint64_t)1 << level;
				hash_t h, closed[ZV_TREE_MAX_LEVELS], got;
				ref_mth(leaves, pos, pos + span, h);
				size_t count = 999;
				zv_merkle_frontier_push(&f, &zh, level, h, closed, &count);
				pos += span;
				used_level |= level > 0;
				assert_int_equal(f.size, pos);
				assert_closed(pos, level, closed, count);
				zv_merkle_frontier_root(&f, &zh, got);
				assert_hash_equal(got, roots[pos]);
			}
			if (round == 0 && target >= 2)
				assert_true(used_level);
			/* The same frontier as leaf by leaf. */
			struct zv_merkle_frontier g;
			zv_merkle_frontier_init(&g);
			for (uint64_t i = 0; i < target; i++)
				zv_merkle_frontier_push(&g, &zh, 0, leaves[i], NULL, NULL);
			for (unsigned l = 0; l < ZV_TREE_MAX_LEVELS; l++)
				if (target >> l & 1)
					assert_hash_equal(f.hash[l], g.hash[l]);
		}
	}
}

/* ---- inclusion proofs ------------------------------------------------------------ */

static bool incl(uint64_t leaf, uint64_t size, const uint8_t lh[HL], const hash_t *path,
		 size_t count, const uint8_t root[HL])
{
	bool got = zv_merkle_verify_inclusion(&zh, leaf, size, lh, path, count, root);
	/* The module agrees with the reference verifier on every input tried. */
	assert_int_equal(got, ref_verify_inclusion(leaf, size, lh, path, count, root));
	return got;
}

static void flip(uint8_t *h, unsigned bit)
{
	h[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

/* The pairs that the costly alteration tests take: all in trees of up to 64
 * leaves, every other one beyond (the verify tests take every pair). */
static bool altered_pair(uint64_t a, uint64_t n)
{
	return n <= 64 || (a + n) % 2 == 0;
}

/* All bits for small trees; else the first, the last and two random bits. */
static size_t bits_to_flip(uint64_t size, unsigned bits[HL * 8])
{
	if (size <= ALL_BITS_SIZE) {
		for (unsigned b = 0; b < HL * 8; b++)
			bits[b] = b;
		return HL * 8;
	}
	bits[0] = 0;
	bits[1] = HL * 8 - 1;
	bits[2] = (unsigned)(rnd() % (HL * 8));
	bits[3] = (unsigned)(rnd() % (HL * 8));
	return 4;
}

static void inclusion_proofs_verify(void **state)
{
	(void)state;
	struct mem_tree t;
	for (uint64_t size = 1; size <= MAX_PROOF_SIZE; size++) {
		const uint8_t *root = roots[size];
		for (uint64_t leaf = 0; leaf < size; leaf++) {
			hash_t path[ZV_MERKLE_MAX_PATH], want[ZV_MERKLE_MAX_PATH];
			size_t count = 999, want_count = 0;
			struct zv_merkle_source src = mem_source(&t, leaves, size);
			struct zv_error err = {0};
			assert_int_equal(zv_merkle_inclusion_proof(&src, leaf, size, path, &count, &err),
					 ZV_OK);
			ref_path(leaves, leaf, 0, size, want, &want_count);
			assert_int_equal(count, want_count);
			for (size_t i = 0; i < count; i++)
				assert_hash_equal(path[i], want[i]);
			assert_true(t.lookups <= 2 * bit_length(size));
			assert_true(incl(leaf, size, leaves[leaf], path, count, root));
		}
	}
}

static void inclusion_proofs_reject_alterations(void **state)
{
	(void)state;
	struct mem_tree t;
	unsigned long accepted_other_size = 0, tried_other_size = 0;
	for (uint64_t size = 1; size <= MAX_PROOF_SIZE; size++) {
		hash_t root;
		memcpy(root, roots[size], HL);
		const uint8_t *root_less = roots[size - 1], *root_more = roots[size + 1];
		for (uint64_t leaf = 0; leaf < size; leaf++) {
			if (!altered_pair(leaf, size))
				continue;
			hash_t path[ZV_MERKLE_MAX_PATH + 1], lh;
			size_t count;
			struct zv_merkle_source src = mem_source(&t, leaves, size);
			assert_int_equal(
				zv_merkle_inclusion_proof(&src, leaf, size, path, &count, NULL), ZV_OK);
			memcpy(lh, leaves[leaf], HL);
			unsigned bits[HL * 8];

			/* Any one bit of any element (the module alone: many cases). */
			for (size_t i = 0; i < count; i++) {
				size_t nb = bits_to_flip(size, bits);
				for (size_t b = 0; b < nb; b++) {
					flip(path[i], bits[b]);
					assert_false(zv_merkle_verify_inclusion(&zh, leaf, size, lh, path,
										count, root));
					flip(path[i], bits[b]);
				}
			}
			/* Any one bit of the leaf hash or the root. */
			size_t nb = bits_to_flip(size, bits);
			for (size_t b = 0; b < nb; b++) {
				flip(lh, bits[b]);
				assert_false(
					zv_merkle_verify_inclusion(&zh, leaf, size, lh, path, count, root));
				flip(lh, bits[b]);
				flip(root, bits[b]);
				assert_false(
					zv_merkle_verify_inclusion(&zh, leaf, size, lh, path, count, root));
				flip(root, bits[b]);
			}
			assert_true(incl(leaf, size, lh, path, count, root));   /* all restored */
			/* Another leaf's hash. */
			assert_false(incl(leaf, size, leaves[(leaf + 1) % MAX_LEAVES], path, count,
					  root));
			/* Truncated or extended by one element. */
			if (count)
				assert_false(incl(leaf, size, lh, path, count - 1, root));
			memcpy(path[count], root, HL);
			assert_false(incl(leaf, size, lh, path, count + 1, root));
			memcpy(path[count], leaves[0], HL);
			assert_false(incl(leaf, size, lh, path, count + 1, root));
			/* The leaf index off by one. */
			assert_false(incl(leaf + 1, size, lh, path, count, root));
			if (leaf)
				assert_false(incl(leaf - 1, size, lh, path, count, root));
			/* The tree size off by one: never against the root of that size... */
			assert_false(incl(leaf, size + 1, lh, path, count, root_more));
			if (leaf < size - 1)
				assert_false(incl(leaf, size - 1, lh, path, count, root_less));
			/* ...and against this root only where RFC 9162's algorithm accepts
			 * too (the shapes of the two trees' paths coincide; a root is
			 * trusted only as signed together with its size). incl()
			 * compares with the reference verifier. */
			tried_other_size++;
			accepted_other_size += incl(leaf, size + 1, lh, path, count, root);
			if (leaf < size - 1) {
				tried_other_size++;
				accepted_other_size += incl(leaf, size - 1, lh, path, count, root);
			}
			/* Elements swapped, where that changes anything. */
			if (count >= 2 && memcmp(path[0], path[1], HL)) {
				hash_t tmp;
				memcpy(tmp, path[0], HL);
				memcpy(path[0], path[1], HL);
				memcpy(path[1], tmp, HL);
				assert_false(incl(leaf, size, lh, path, count, root));
			}
		}
	}
	/* Not rare at all: an inclusion proof and a root do not pin down the tree
	 * size, only the signed head does. A literal Python transcription of
	 * RFC 9162 §2.1.3.2 over the same shapes accepts 9696 of these 10498. */
	assert_int_equal(tried_other_size, 10498);
	assert_int_equal(accepted_other_size, 9696);
}

static void inclusion_proof_outside_the_tree(void **state)
{
	(void)state;
	struct mem_tree t;
	hash_t path[ZV_MERKLE_MAX_PATH], root;
	size_t count = 999;
	struct zv_error err = {0};
	struct zv_merkle_source src = mem_source(&t, leaves, 10);
	assert_int_equal(zv_merkle_inclusion_proof(&src, 10, 10, path, &count, &err), ZV_ENOTFOUND);
	assert_int_equal(err.code, ZV_ENOTFOUND);
	assert_int_equal(count, 0);
	count = 999;
	assert_int_not_equal(zv_merkle_inclusion_proof(&src, 11, 10, path, &count, &err), ZV_OK);
	assert_int_equal(count, 0);
	src = mem_source(&t, leaves, 0);
	assert_int_not_equal(zv_merkle_inclusion_proof(&src, 0, 0, path, &count, &err), ZV_OK);
	assert_int_not_equal(zv_merkle_inclusion_proof(&src, UINT64_MAX, 5, path, &count, &err),
			     ZV_OK);

	/* Nothing verifies for a leaf outside the tree or an empty tree. */
	ref_mth(leaves, 0, 1, root);
	assert_true(zv_merkle_verify_inclusion(&zh, 0, 1, leaves[0], path, 0, root));
	assert_false(zv_merkle_verify_inclusion(&zh, 1, 1, leaves[0], path, 0, root));
	assert_false(zv_merkle_verify_inclusion(&zh, 0, 0, leaves[0], path, 0, root));
	assert_false(zv_merkle_verify_inclusion(&zh, UINT64_MAX, 1, leaves[0], path, 0, root));
}

/* ---- consistency proofs ---------------------------------------------------------- */

static bool cons(uint64_t m, uint64_t n, const uint8_t r1[HL], const uint8_t r2[HL],
		 const hash_t *path, size_t count)
{
	bool got = zv_merkle_verify_consistency(&zh, m, n, r1, r2, path, count);
	assert_int_equal(got, ref_verify_consistency(m, n, r1, r2, path, count));
	return got;
}

static void consistency_proof(uint64_t m, uint64_t n, hash_t *path, size_t *count)
{
	struct mem_tree t;
	struct zv_merkle_source src = mem_source(&t, leaves, n);
	struct zv_error err = {0};
	*count = 999;
	assert_int_equal(zv_merkle_consistency_proof(&src, m, n, path, count, &err), ZV_OK);
	assert_true(t.lookups <= 2 * bit_length(n) + 2);
}

static void consistency_proofs_verify(void **state)
{
	(void)state;
	for (uint64_t n = 1; n <= MAX_PROOF_SIZE; n++) {
		for (uint64_t m = 1; m <= n; m++) {
			hash_t path[ZV_MERKLE_MAX_PATH], want[ZV_MERKLE_MAX_PATH];
			size_t count, want_count = 0;
			consistency_proof(m, n, path, &count);
			ref_subproof(leaves, m, 0, n, true, want, &want_count);
			assert_int_equal(count, want_count);
			for (size_t i = 0; i < count; i++)
				assert_hash_equal(path[i], want[i]);
			assert_true(cons(m, n, roots[m], roots[n], path, count));
		}
	}
}

static void consistency_proofs_reject_alterations(void **state)
{
	(void)state;
	unsigned long accepted_other_size = 0, tried_other_size = 0;
	for (uint64_t n = 2; n <= MAX_PROOF_SIZE; n++) {
		for (uint64_t m = 1; m < n; m++) {
			if (!altered_pair(m, n))
				continue;
			hash_t path[ZV_MERKLE_MAX_PATH + 1], r1, r2;
			size_t count;
			consistency_proof(m, n, path, &count);
			assert_true(count > 0);
			memcpy(r1, roots[m], HL);
			memcpy(r2, roots[n], HL);
			unsigned bits[HL * 8];

			/* Any one bit of any element, of the first or the second root
			 * (the module alone: many cases). */
			for (size_t i = 0; i < count; i++) {
				size_t nb = bits_to_flip(n, bits);
				for (size_t b = 0; b < nb; b++) {
					flip(path[i], bits[b]);
					assert_false(
						zv_merkle_verify_consistency(&zh, m, n, r1, r2, path, count));
					flip(path[i], bits[b]);
				}
			}
			size_t nb = bits_to_flip(n, bits);
			for (size_t b = 0; b < nb; b++) {
				flip(r1, bits[b]);
				assert_false(zv_merkle_verify_consistency(&zh, m, n, r1, r2, path, count));
				flip(r1, bits[b]);
				flip(r2, bits[b]);
				assert_false(zv_merkle_verify_consistency(&zh, m, n, r1, r2, path, count));
				flip(r2, bits[b]);
			}
			assert_true(cons(m, n, r1, r2, path, count));   /* all restored */
			/* Another tree's roots. */
			assert_false(cons(m, n, roots[m - 1], r2, path, count));
			assert_false(cons(m, n, r1, roots[n + 1], path, count));
			assert_false(cons(m, n, r2, r1, path, count));

			/* An element dropped (each one in turn in the smaller trees; else
			 * the first, the last and one more) or added (first, last). */
			for (size_t drop = 0; drop < count; drop++) {
				if (n > 40 && drop != 0 && drop != count - 1 && drop != n % count)
					continue;
				hash_t shorter[ZV_MERKLE_MAX_PATH];
				size_t k = 0;
				for (size_t i = 0; i < count; i++)
					if (i != drop)
						memcpy(shorter[k++], path[i], HL);
				assert_false(cons(m, n, r1, r2, shorter, k));
			}
			hash_t longer[ZV_MERKLE_MAX_PATH + 1];
			memcpy(longer[0], r1, HL);
			memcpy(longer + 1, path, count * HL);
			assert_false(cons(m, n, r1, r2, longer, count + 1));
			memcpy(path[count], r2, HL);
			assert_false(cons(m, n, r1, r2, path, count + 1));
			memcpy(path[count], leaves[0], HL);
			assert_false(cons(m, n, r1, r2, path, count + 1));

			/* Wrong sizes: never against the roots of those sizes... */
			assert_false(cons(m + 1, n, roots[m + 1], r2, path, count));
			assert_false(cons(m - 1, n, roots[m - 1], r2, path, count));
			assert_false(cons(m, n + 1, r1, roots[n + 1], path, count));
			assert_false(cons(m, n - 1, r1, roots[n - 1], path, count));
			/* ...and with these roots as RFC 9162's algorithm says (cons()
			 * compares with the reference), which accepts many. */
			const uint64_t other[4][2] = {{m + 1, n}, {m - 1, n}, {m, n + 1}, {m, n - 1}};
			for (int i = 0; i < 4; i++) {
				tried_other_size++;
				accepted_other_size +=
					cons(other[i][0], other[i][1], r1, r2, path, count);
			}
		}
	}
	/* The same count from a literal Python transcription of §2.1.4.2. */
	assert_int_equal(tried_other_size, 20736);
	assert_int_equal(accepted_other_size, 9696);
}

static void consistency_of_equal_sizes(void **state)
{
	(void)state;
	for (uint64_t n = 1; n <= MAX_PROOF_SIZE; n++) {
		hash_t path[ZV_MERKLE_MAX_PATH];
		size_t count;
		consistency_proof(n, n, path, &count);
		assert_int_equal(count, 0);
		assert_true(cons(n, n, roots[n], roots[n], path, 0));
		assert_false(cons(n, n, roots[n], roots[n - 1], path, 0));
		assert_false(cons(n, n, roots[n + 1], roots[n], path, 0));
		hash_t other;
		memcpy(other, roots[n], HL);
		flip(other, (unsigned)(n % (HL * 8)));
		assert_false(cons(n, n, roots[n], other, path, 0));
		/* A proof where none is due. */
		memcpy(path[0], roots[n], HL);
		assert_false(cons(n, n, roots[n], roots[n], path, 1));
	}
}

static void forged_consistency_proofs_are_rejected(void **state)
{
	(void)state;
	for (uint64_t n = 2; n <= MAX_PROOF_SIZE; n++) {
		for (uint64_t m = 1; m < n; m++) {
			if (!altered_pair(m, n))
				continue;
			hash_t path[ZV_MERKLE_MAX_PATH], forged[ZV_MERKLE_MAX_PATH];
			size_t count, fcount;
			consistency_proof(m, n, path, &count);
			/* The proofs of a few other pairs. */
			for (int k = 0; k < 2; k++) {
				uint64_t n2 = 2 + rnd() % (MAX_PROOF_SIZE - 1), m2 = 1 + rnd() % n2;
				if (m2 == m && n2 == n)
					continue;
				consistency_proof(m2, n2, forged, &fcount);
				bool same = fcount == count && !memcmp(forged, path, count * HL);
				assert_int_equal(cons(m, n, roots[m], roots[n], forged, fcount), same);
			}
			/* A tree with one other leaf j. After the old size (j >= m), its
			 * proof links the old root to its own new root, not to ours;
			 * before it (j < m), no proof links our old root to its new one
			 * nor its old root to our new one. */
			uint64_t j = rnd() % n;
			static hash_t other[MAX_PROOF_SIZE];
			memcpy(other, leaves, n * HL);
			ref_leaf(&j, sizeof j, other[j]);
			hash_t other_m, other_n;
			ref_mth(other, 0, m, other_m);
			ref_mth(other, 0, n, other_n);
			struct mem_tree t;
			struct zv_merkle_source src = mem_source(&t, other, n);
			assert_int_equal(zv_merkle_consistency_proof(&src, m, n, forged, &fcount, NULL),
					 ZV_OK);
			assert_true(cons(m, n, other_m, other_n, forged, fcount));
			/* (When m is a power of two and j < m, the proofs may be the same.) */
			bool same = fcount == count && !memcmp(forged, path, count * HL);
			assert_int_equal(cons(m, n, roots[m], roots[n], forged, fcount), same);
			if (j >= m) {
				assert_false(same);
				assert_memory_equal(other_m, roots[m], HL);
				assert_true(cons(m, n, roots[m], other_n, forged, fcount));
			} else {
				assert_false(cons(m, n, roots[m], other_n, forged, fcount));
				assert_false(cons(m, n, roots[m], other_n, path, count));
				assert_false(cons(m, n, other_m, roots[n], forged, fcount));
				assert_false(cons(m, n, other_m, roots[n], path, count));
			}
		}
	}
}

static void consistency_proof_arguments(void **state)
{
	(void)state;
	struct mem_tree t;
	hash_t path[ZV_MERKLE_MAX_PATH];
	size_t count = 999;
	struct zv_error err = {0};
	struct zv_merkle_source src = mem_source(&t, leaves, 10);
	assert_int_equal(zv_merkle_consistency_proof(&src, 0, 10, path, &count, &err), ZV_EUSAGE);
	assert_int_equal(count, 0);
	count = 999;
	assert_int_equal(zv_merkle_consistency_proof(&src, 11, 10, path, &count, &err), ZV_EUSAGE);
	assert_int_equal(count, 0);
	assert_false(zv_merkle_verify_consistency(&zh, 0, 10, roots[0], roots[10], path, 0));
	assert_false(zv_merkle_verify_consistency(&zh, 11, 10, roots[11], roots[10], path, 0));
	assert_false(zv_merkle_verify_consistency(&zh, 0, 0, roots[0], roots[0], path, 0));
	/* A non-empty proof is needed for first < second. */
	assert_false(zv_merkle_verify_consistency(&zh, 3, 10, roots[3], roots[10], path, 0));
	assert_false(zv_merkle_verify_consistency(&zh, 4, 10, roots[4], roots[10], path, 0));
}

static void source_errors_are_passed_on(void **state)
{
	(void)state;
	struct mem_tree t;
	hash_t out, path[ZV_MERKLE_MAX_PATH];
	size_t count;
	struct zv_error err;
	struct zv_merkle_source src = mem_source(&t, leaves, 100);
	t.fail = true;

	memset(&err, 0, sizeof err);
	assert_int_equal(zv_merkle_root(&src, 100, out, &err), ZV_EIO);
	assert_int_equal(err.code, ZV_EIO);
	memset(&err, 0, sizeof err);
	assert_int_equal(zv_merkle_inclusion_proof(&src, 37, 100, path, &count, &err), ZV_EIO);
	assert_int_equal(err.code, ZV_EIO);
	memset(&err, 0, sizeof err);
	assert_int_equal(zv_merkle_consistency_proof(&src, 37, 100, path, &count, &err), ZV_EIO);
	assert_int_equal(err.code, ZV_EIO);
	struct zv_merkle_frontier f;
	memset(&err, 0, sizeof err);
	assert_int_equal(zv_merkle_frontier_load(&f, &src, 100, &err), ZV_EIO);
	assert_int_equal(err.code, ZV_EIO);

	/* A tree of 100 has no nodes beyond it: asking for 101 fails too. */
	t.fail = false;
	memset(&err, 0, sizeof err);
	assert_int_equal(zv_merkle_root(&src, 101, out, &err), ZV_ENOTFOUND);
	assert_int_equal(zv_merkle_root(&src, 100, out, &err), ZV_OK);
}

/* ---- trees too large to hold: every leaf the same ------------------------------- */

/* With every leaf hash equal to u[0], each complete subtree of 2^L leaves
 * hashes to u[L]: a real Merkle tree of any size, cheap to look into. */
static hash_t uniform[64];

static int uniform_node(void *ctx, unsigned level, uint64_t index, uint8_t out[ZV_HASH_LEN],
			struct zv_error *err)
{
	struct mem_tree *t = ctx;
	t->lookups++;
	if (level > 63 || index >= (t->size >> level))
		return zv_error_set(err, ZV_ENOTFOUND, "", "no node at level %u index %llu",
				    level, (unsigned long long)index);
	memcpy(out, uniform[level], HL);
	return ZV_OK;
}

/* MTH of n >= 1 equal leaves, by the recursion of §2.1.1. */
static void uniform_mth(uint64_t n, uint8_t out[HL])
{
	if (!(n & (n - 1))) {
		memcpy(out, uniform[__builtin_ctzll(n)], HL);
		return;
	}
	uint64_t k = ref_split(n);
	hash_t right;
	uniform_mth(n - k, right);
	ref_node(uniform[__builtin_ctzll(k)], right, out);
}

static void large_trees(void **state)
{
	(void)state;
	ref_leaf("same", 4, uniform[0]);
	for (int l = 1; l < 64; l++)
		ref_node(uniform[l - 1], uniform[l - 1], uniform[l]);
	const uint64_t sizes[] = {
		((uint64_t)1 << 32) - 1, (uint64_t)1 << 32, ((uint64_t)1 << 32) + 1,
		((uint64_t)1 << 40) + 12345, (uint64_t)1 << 62, ((uint64_t)1 << 63) - 1,
		(uint64_t)1 << 63, ((uint64_t)1 << 63) + 1, UINT64_MAX - 1, UINT64_MAX,
	};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		uint64_t n = sizes[s];
		struct mem_tree t = {.size = n};
		struct zv_merkle_source src = {.node = uniform_node, .ctx = &t, .hash = &zh};
		struct zv_error err = {0};
		hash_t root, got;
		uniform_mth(n, root);
		assert_int_equal(zv_merkle_root(&src, n, got, &err), ZV_OK);
		assert_hash_equal(got, root);

		struct zv_merkle_frontier f;
		assert_int_equal(zv_merkle_frontier_load(&f, &src, n, &err), ZV_OK);
		zv_merkle_frontier_root(&f, &zh, got);
		assert_hash_equal(got, root);
		/* One leaf short, then that leaf pushed. */
		t.size = n - 1;
		assert_int_equal(zv_merkle_frontier_load(&f, &src, n - 1, &err), ZV_OK);
		t.size = n;
		hash_t closed[ZV_TREE_MAX_LEVELS];
		size_t count;
		zv_merkle_frontier_push(&f, &zh, 0, uniform[0], closed, &count);
		assert_int_equal(f.size, n);
		assert_int_equal(count, (size_t)__builtin_ctzll(n));
		for (size_t i = 0; i < count; i++)
			assert_hash_equal(closed[i], uniform[i + 1]);
		zv_merkle_frontier_root(&f, &zh, got);
		assert_hash_equal(got, root);

		const uint64_t at[] = {0, 1, n / 3, n / 2, n - 2, n - 1};
		for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
			hash_t path[ZV_MERKLE_MAX_PATH];
			assert_int_equal(zv_merkle_inclusion_proof(&src, at[i], n, path, &count, &err),
					 ZV_OK);
			assert_true(count <= 64);
			assert_true(zv_merkle_verify_inclusion(&zh, at[i], n, uniform[0], path, count,
							       root));
			assert_true(ref_verify_inclusion(at[i], n, uniform[0], path, count, root));
			if (count)
				assert_false(zv_merkle_verify_inclusion(&zh, at[i], n, uniform[0], path,
									count - 1, root));

			uint64_t m = at[i] + 1;   /* 1..n */
			hash_t old;
			uniform_mth(m, old);
			assert_int_equal(zv_merkle_consistency_proof(&src, m, n, path, &count, &err),
					 ZV_OK);
			assert_true(count <= ZV_MERKLE_MAX_PATH);
			assert_true(zv_merkle_verify_consistency(&zh, m, n, old, root, path, count));
			assert_true(ref_verify_consistency(m, n, old, root, path, count));
			if (m < n) {
				flip(path[count - 1], 7);
				assert_false(
					zv_merkle_verify_consistency(&zh, m, n, old, root, path, count));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hashes_are_those_of_rfc_9162),
		cmocka_unit_test(reference_tree_roots),
		cmocka_unit_test(reference_tree_proofs),
		cmocka_unit_test(root_is_mth_for_every_size),
		cmocka_unit_test(frontier_pushed_leaf_by_leaf),
		cmocka_unit_test(frontier_loaded_equals_frontier_pushed),
		cmocka_unit_test(frontier_pushed_by_aligned_subtrees),
		cmocka_unit_test(inclusion_proofs_verify),
		cmocka_unit_test(inclusion_proofs_reject_alterations),
		cmocka_unit_test(inclusion_proof_outside_the_tree),
		cmocka_unit_test(consistency_proofs_verify),
		cmocka_unit_test(consistency_proofs_reject_alterations),
		cmocka_unit_test(consistency_of_equal_sizes),
		cmocka_unit_test(forged_consistency_proofs_are_rejected),
		cmocka_unit_test(consistency_proof_arguments),
		cmocka_unit_test(source_errors_are_passed_on),
		cmocka_unit_test(large_trees),
	};
	return cmocka_run_group_tests_name("merkle", tests, setup, teardown);
}
