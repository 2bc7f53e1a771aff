/*
 * head.c — signed tree heads: the bytes that are signed, the chain hash
 * that links each head to the one before, and the JSON form an auditor
 * receives (`zorgvuldig audit head`).
 *
 *   {"tree_size":N,"timestamp":"2026-11-29T08:52:21.123456Z",
 *    "root_hash":"<hex>","previous_head":"<hex>","signature":"<hex>",
 *    "log_id":"<hex>"}
 *
 * The signed message is fixed-width binary (zv_tree_head_message), so that
 * no JSON formatting question can change what a signature covers.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "zv/audit.h"

static const char HEAD_LABEL[32] = "zorgvuldig audit tree head v1";

static void put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

void zv_tree_head_message(const struct zv_tree_head *h, uint8_t msg[ZV_HEAD_MESSAGE_LEN])
{
	memcpy(msg, HEAD_LABEL, 32);
	put_be64(msg + 32, h->tree_size);
	put_be64(msg + 40, (uint64_t)h->timestamp_us);
	memcpy(msg + 48, h->root, ZV_HASH_LEN);
	memcpy(msg + 80, h->previous, ZV_HASH_LEN);
}

void zv_tree_head_hash(struct zv_sha256 *hash, const struct zv_tree_head *h,
		       uint8_t out[ZV_HASH_LEN])
{
	uint8_t msg[ZV_HEAD_MESSAGE_LEN];
	zv_tree_head_message(h, msg);
	zv_sha256_parts(hash, msg, sizeof msg, h->signature, ZV_SIG_LEN, NULL, 0, out);
}

bool zv_tree_head_verify(const struct zv_tree_head *h, const uint8_t pk[ZV_PUBKEY_LEN])
{
	uint8_t msg[ZV_HEAD_MESSAGE_LEN];
	zv_tree_head_message(h, msg);
	return zv_verify_signature(pk, msg, sizeof msg, h->signature);
}

void zv_tree_head_write_json(const struct zv_tree_head *h, const char *log_id,
			     struct zv_buf *out)
{
	char at[ZV_AUDIT_TIME_LEN], root[2 * ZV_HASH_LEN + 1], prev[2 * ZV_HASH_LEN + 1],
		sig[2 * ZV_SIG_LEN + 1];
	zv_audit_time_format(h->timestamp_us, at);
	zv_hex_encode(h->root, ZV_HASH_LEN, root);
	zv_hex_encode(h->previous, ZV_HASH_LEN, prev);
	zv_hex_encode(h->signature, ZV_SIG_LEN, sig);
	zv_buf_printf(out,
		      "{\"tree_size\":%llu,\"timestamp\":\"%s\",\"root_hash\":\"%s\","
		      "\"previous_head\":\"%s\",\"signature\":\"%s\",\"log_id\":\"%s\"}",
		      (unsigned long long)h->tree_size, at, root, prev, sig, log_id);
}

static int hex_member(json_t *obj, const char *name, uint8_t *out, size_t n, const char *where,
		      struct zv_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "$.%s", name);
	json_t *v = json_object_get(obj, name);
	if (!json_is_string(v))
		return zv_error_set(err, ZV_EINPUT, path, "%s: %s is missing or not a string", where,
				    name);
	if (!zv_hex_decode(json_string_value(v), json_string_length(v), out, n))
		return zv_error_set(err, ZV_EINPUT, path, "%s: %s must be %zu hex digits", where,
				    name, 2 * n);
	return ZV_OK;
}

int zv_tree_head_parse_json(const char *text, size_t len, const char *where,
			    struct zv_tree_head *h, struct zv_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return zv_error_set(err, ZV_EINPUT, "", "%s: not JSON (line %d, column %d: %s)",
				    where, jerr.line, jerr.column, jerr.text);
	int rc = ZV_OK;
	json_t *size = json_object_get(root, "tree_size");
	json_t *ts = json_object_get(root, "timestamp");
	memset(h, 0, sizeof *h);
	if (!json_is_object(root))
		rc = zv_error_set(err, ZV_EINPUT, "$", "%s: a tree head is a JSON object", where);
	else if (!json_is_integer(size) || json_integer_value(size) < 0)
		rc = zv_error_set(err, ZV_EINPUT, "$.tree_size",
				  "%s: tree_size must be a whole number of 0 or more", where);
	else if (!json_is_string(ts) ||
		 !zv_audit_time_parse(json_string_value(ts), json_string_length(ts),
				      &h->timestamp_us))
		rc = zv_error_set(err, ZV_EINPUT, "$.timestamp",
				  "%s: timestamp must read like 2026-11-29T08:52:21.123456Z", where);
	else if (!hex_member(root, "root_hash", h->root, ZV_HASH_LEN, where, err) &&
		 !hex_member(root, "previous_head", h->previous, ZV_HASH_LEN, where, err) &&
		 !hex_member(root, "signature", h->signature, ZV_SIG_LEN, where, err))
		h->tree_size = (uint64_t)json_integer_value(size);
	else
		rc = err->code;
	json_decref(root);
	return rc;
}
