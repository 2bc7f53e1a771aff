/*
 * fuzz_audit.c — libFuzzer target on what the audit log reads from outside:
 * stored or exported entries (zv_audit_event_decode), export lines
 * (zv_audit_verify_export, through a temporary file) and tree heads in JSON
 * (zv_tree_head_parse_json).
 *
 * Promises checked: whatever decodes passes the event rules and re-encodes
 * to exactly the bytes given (canonical); a head that parses writes back to
 * JSON that parses to the same head; verifying any bytes as an export ends
 * in a report or an error, never a crash, and never "ok" for a head that no
 * key signed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void decode_entry(const uint8_t *data, size_t size)
{
	struct zv_arena arena;
	struct zv_audit_event e;
	struct zv_error err;
	zv_arena_init(&arena, 1 << 20);
	if (zv_audit_event_decode((const char *)data, size, &arena, &e, &err) == ZV_OK) {
		check(zv_audit_event_check(&e, &err) == ZV_OK);
		struct zv_buf again;
		zv_buf_init(&again, 0);
		zv_audit_event_encode(&e, &again);
		check(!again.failed && again.len == size && !memcmp(again.data, data, size));
		zv_buf_release(&again);
	}
	zv_arena_release(&arena);
}

static void parse_head(const uint8_t *data, size_t size)
{
	struct zv_tree_head h, back;
	struct zv_error err;
	if (zv_tree_head_parse_json((const char *)data, size, "fuzz", &h, &err) != ZV_OK)
		return;
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_tree_head_write_json(&h, "00", &out);
	check(!out.failed);
	check(zv_tree_head_parse_json(out.data, out.len, "again", &back, &err) == ZV_OK);
	check(back.tree_size == h.tree_size && back.timestamp_us == h.timestamp_us &&
	      !memcmp(back.root, h.root, sizeof h.root) &&
	      !memcmp(back.signature, h.signature, sizeof h.signature));
	zv_buf_release(&out);
}

static void verify_as_export(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/zv-fuzz-export-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	struct zv_tree_head head = {.tree_size = 3};
	uint8_t pk[ZV_PUBKEY_LEN] = {1};
	struct zv_audit_report report;
	struct zv_error err;
	if (zv_audit_verify_export(path, &head, pk, &report, &err) == ZV_OK)
		check(!report.ok);   /* nobody signed this head */
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode_entry(data, size);
	parse_head(data, size);
	if (size < 4096)
		verify_as_export(data, size);
	return 0;
}
