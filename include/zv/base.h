/*
 * zv/base.h — the small foundation every Zorgvuldig module shares.
 *
 * Four things live here, none of which knows about personal data:
 *   - one error type (enum zv_err) whose families map onto the command
 *     line's exit codes and onto HTTP statuses, with a located message;
 *   - an arena: a bump allocator that owns every short-lived object of one
 *     request and frees them together (zv_arena_release);
 *   - a capped, growable byte buffer (struct zv_buf) for anything that grows
 *     from input, with a sticky overflow flag in the style of SQLite's
 *     sticky out-of-memory error;
 *   - civil dates as day numbers, with the Dutch working days of the
 *     Algemene termijnenwet (weekends and the recognised holidays, the
 *     Easter-dependent ones computed).
 *
 * Everything here is pure except the arena and buffer, which allocate with
 * malloc and are freed only by their owner.
 */
#ifndef ZV_BASE_H
#define ZV_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- errors ------------------------------------------------------------ */

/*
 * Stable numbers; never renumber. The families map to exit codes of
 * docs/cli.md: see zv_err_exit_code().
 */
enum zv_err {
	ZV_OK = 0,
	ZV_EPROBLEM = 1,   /* a check found a problem (exit 1) */
	ZV_EUSAGE = 2,     /* bad usage of a command (exit 2) */
	ZV_EINPUT = 3,     /* bad input data, with a path (exit 2) */
	ZV_EDENIED = 4,    /* not permitted (exit 3) */
	ZV_ENOTFOUND = 5,  /* not found (exit 3) */
	ZV_ECONFLICT = 6,  /* stale version (exit 4) */
	ZV_ENOMEM = 7,     /* out of memory or over a size cap (exit 5) */
	ZV_EIO = 8,        /* reading or writing failed (exit 5) */
	ZV_EINTERNAL = 9,  /* a bug (exit 5) */
};

/* Short stable name of an error family, e.g. "usage" or "not_found". Never
 * NULL. (Bad input to `decide` is reported with the contract's own code,
 * "invalid_situation".) */
const char *zv_err_name(enum zv_err err);

/* A short, printable echo of what a user wrote, for a message: at most 40
 * bytes (never cut inside a UTF-8 sequence, "..." when cut), control
 * characters, quotes and backslashes as '?'. */
enum { ZV_ECHO_LEN = 48 };
void zv_echo_n(char out[ZV_ECHO_LEN], const char *s, size_t n);
void zv_echo(char out[ZV_ECHO_LEN], const char *s);

/* The process exit code for an error family (docs/cli.md). */
int zv_err_exit_code(enum zv_err err);

/*
 * An error with its cause. `path` is a JSON path ("$.persons[0].age") for
 * bad input and empty otherwise; `message` says why, in words a user can act
 * on. Fixed-size so that it can be filled without allocating.
 */
struct zv_error {
	enum zv_err code;
	char path[256];
	char message[512];
};

/* JSON paths of errors ("$.persons[0]['odd key']"), built in `path` (of
 * `cap` bytes, NUL-terminated, its length in *len; what does not fit is
 * dropped): a member as ".key" when the key is a plain name of at most 64
 * bytes, else as "['key']" with quotes and backslashes escaped, control
 * characters as '?', and keys over 48 bytes cut (never inside a UTF-8
 * sequence) with "…"; an index as "[i]". */
void zv_path_append(char *path, size_t cap, size_t *len, const char *s, size_t n);
void zv_path_key(char *path, size_t cap, size_t *len, const char *key);
void zv_path_index(char *path, size_t cap, size_t *len, size_t i);

/* Fill `e` (if not NULL) and return `code`. printf-style message. */
enum zv_err zv_error_set(struct zv_error *e, enum zv_err code, const char *path,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- arena ------------------------------------------------------------- */

/*
 * A bump allocator. Allocations are 16-byte aligned and live until
 * zv_arena_release(). `limit` caps the total bytes the arena may hold
 * (0 = no cap); past it, allocation fails as out of memory.
 */
struct zv_arena_chunk;
struct zv_arena {
	struct zv_arena_chunk *head;
	size_t used;   /* bytes handed out, for the cap */
	size_t limit;
};

void zv_arena_init(struct zv_arena *a, size_t limit);
/* Returns zeroed memory, or NULL when out of memory or over the cap. */
void *zv_arena_alloc(struct zv_arena *a, size_t size);
/* Copy of `n` bytes plus a terminating NUL; NULL on failure. */
char *zv_arena_strndup(struct zv_arena *a, const char *s, size_t n);
/* Frees everything the arena handed out; the arena can be reused. */
void zv_arena_release(struct zv_arena *a);

/* ---- capped buffer ----------------------------------------------------- */

/*
 * A growable byte buffer with a hard cap (`limit` bytes; 0 = no cap, as for
 * the arena). Appends past the cap (or a failed allocation) set the sticky
 * `failed` flag and are dropped, so a writer can append freely and check once
 * at the end. `data` is always NUL-terminated
 * when not NULL. The owner frees with zv_buf_release() or takes the bytes
 * with zv_buf_detach().
 */
struct zv_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;
	bool failed;
};

void zv_buf_init(struct zv_buf *b, size_t limit);
void zv_buf_add(struct zv_buf *b, const void *bytes, size_t n);
void zv_buf_puts(struct zv_buf *b, const char *s);
void zv_buf_putc(struct zv_buf *b, char c);
void zv_buf_printf(struct zv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zv_buf_reset(struct zv_buf *b);
/* Read all of `f` into `in`, up to `limit` bytes; *over is set (and the
 * rest left unread) when there was more. ZV_EIO on a read error (errno
 * says which), ZV_ENOMEM when the buffer could not grow. */
enum zv_err zv_read_all(FILE *f, size_t limit, struct zv_buf *in, bool *over);
/* Hands the bytes to the caller (free with free()); the buffer is emptied. */
char *zv_buf_detach(struct zv_buf *b, size_t *len);
void zv_buf_release(struct zv_buf *b);

/* ---- dates ------------------------------------------------------------- */

/* A civil date as the number of days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t zv_day;

/* Years accepted by the parser: a wide but finite range, so that day
 * arithmetic can never overflow. */
#define ZV_YEAR_MIN 1900
#define ZV_YEAR_MAX 2199

bool zv_date_valid(int year, int month, int day);
zv_day zv_date_from_ymd(int year, int month, int day);
void zv_date_to_ymd(zv_day d, int *year, int *month, int *day);
/* Strict "YYYY-MM-DD" of exactly `n` bytes; false for anything else,
 * including impossible dates such as 2026-02-30. */
bool zv_date_parse(const char *s, size_t n, zv_day *out);
/* A first look at JSON text (scan.c): ZV_SCAN_NUL at the first NUL byte,
 * ZV_SCAN_TOO_DEEP at the first bracket deeper than `max_depth` (outside
 * strings); `*at` is that offset. */
enum zv_json_scan { ZV_SCAN_OK = 0, ZV_SCAN_NUL, ZV_SCAN_TOO_DEEP };
enum zv_json_scan zv_json_prescan(const char *json, size_t len, int max_depth, size_t *at);

/* Today on this machine's clock, in its local time zone (clock.c): the
 * default date of a situation, for `decide` and POST /api/v1/decisions. */
zv_day zv_today_local(void);
/* Now on this machine's real-time clock, in microseconds since 1970 UTC. */
int64_t zv_now_us(void);
/* Writes "YYYY-MM-DD" and a NUL into `out` (11 bytes). */
void zv_date_format(zv_day d, char out[11]);
/* 0 = Monday … 6 = Sunday. */
int zv_date_weekday(zv_day d);
/* Easter Sunday of a year (Gregorian computus). */
zv_day zv_date_easter(int year);
/* A recognised public holiday of the Algemene termijnenwet art. 3(1), or
 * Good Friday, which art. 3(2) equates with them. The extra days equated by
 * royal decree under art. 3(3) are published per three years and are not
 * computed here. */
bool zv_date_is_holiday_nl(zv_day d);
/* Not a Saturday, a Sunday or such a holiday. */
bool zv_date_is_working_day_nl(zv_day d);
/* The n-th working day after `d` (d itself not counted). */
zv_day zv_date_add_working_days_nl(zv_day d, int n);
/* Algemene termijnenwet art. 1: a term ending on a Saturday, Sunday or
 * holiday ends on the next working day. */
zv_day zv_date_term_end_nl(zv_day d);
/* Same day `n` months later; when that day does not exist, the last day of
 * that month. */
zv_day zv_date_add_months(zv_day d, int n);

#endif /* ZV_BASE_H */
