/*
 * memory.c — the arena and the capped buffer of zv/base.h.
 *
 * The arena hands out memory from chunks it mallocs and frees them all at
 * once; it is how a request owns its short-lived objects (a parsed
 * situation, say) without a free() per object. The buffer grows up to a hard
 * limit and then fails stickily, so writers append without checking each
 * call and inspect `failed` once.
 */
#include "zv/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct zv_arena_chunk {
	struct zv_arena_chunk *next;
	size_t size;   /* usable bytes in data[] */
	size_t used;
	_Alignas(16) unsigned char data[];
};

enum { ARENA_CHUNK_MIN = 16 * 1024 };

void zv_arena_init(struct zv_arena *a, size_t limit)
{
	a->head = NULL;
	a->used = 0;
	a->limit = limit;
}

static size_t align16(size_t n)
{
	return (n + 15u) & ~(size_t)15u;
}

void *zv_arena_alloc(struct zv_arena *a, size_t size)
{
	size_t need = align16(size ? size : 1);
	if (need < size)  /* overflow */
		return NULL;
	if (a->limit && (need > a->limit || a->used > a->limit - need))
		return NULL;
	struct zv_arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t chunk = need > ARENA_CHUNK_MIN ? need : ARENA_CHUNK_MIN;
		if (a->head)  /* grow geometrically, to keep the chunk count low */
			chunk = chunk > a->head->size * 2 ? chunk : a->head->size * 2;
		c = malloc(sizeof *c + chunk);
		if (!c)
			return NULL;
		c->next = a->head;
		c->size = chunk;
		c->used = 0;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

char *zv_arena_strndup(struct zv_arena *a, const char *s, size_t n)
{
	char *p = zv_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void zv_arena_release(struct zv_arena *a)
{
	struct zv_arena_chunk *c = a->head;
	while (c) {
		struct zv_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

/* ---- capped buffer ----------------------------------------------------- */

void zv_buf_init(struct zv_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit ? limit : SIZE_MAX - 1;
	b->failed = false;
}

static bool buf_reserve(struct zv_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > b->limit || b->len > b->limit - extra) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void zv_buf_add(struct zv_buf *b, const void *bytes, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void zv_buf_puts(struct zv_buf *b, const char *s)
{
	zv_buf_add(b, s, strlen(s));
}

void zv_buf_putc(struct zv_buf *b, char c)
{
	if (b->data && b->len + 1 < b->cap && b->len < b->limit && !b->failed) {
		b->data[b->len++] = c;   /* room for c and the NUL: the common case */
		b->data[b->len] = '\0';
		return;
	}
	zv_buf_add(b, &c, 1);
}

void zv_buf_printf(struct zv_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		zv_buf_add(b, small, (size_t)n);
		return;
	}
	if (!buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void zv_buf_reset(struct zv_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

char *zv_buf_detach(struct zv_buf *b, size_t *len)
{
	char *p = b->data;
	if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
	return p;
}

void zv_buf_release(struct zv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

enum zv_err zv_read_all(FILE *f, size_t limit, struct zv_buf *in, bool *over)
{
	char chunk[65536];
	*over = false;
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, f);
		if (n) {
			if (in->len + n > limit) {
				*over = true;
				return ZV_OK;
			}
			zv_buf_add(in, chunk, n);
			if (in->failed)
				return ZV_ENOMEM;
		}
		if (n < sizeof chunk)
			return ferror(f) ? ZV_EIO : ZV_OK;
	}
}
