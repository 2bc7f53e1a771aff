/*
 * session.c — sessions of signed-in users, and the limits on failed
 * sign-ins.
 *
 * Sessions live in memory only: a restart signs everyone out, and no
 * session token is ever written to disk. The table is keyed by a hash of
 * the token (BLAKE2b), so the token itself is never kept, and keys are
 * compared in constant time. A session ends after its idle
 * time or its absolute time, whichever comes first, and on sign-out.
 *
 * The limiter counts failed sign-ins per account and per client address in
 * a sliding window (one small open-addressed table for both kinds of key).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct session_entry {
	uint8_t key[32];                /* hash of the token */
	struct session_info info;
	int64_t last_s;
	struct session_entry *next;
};

static void token_key(const char *token, uint8_t key[32])
{
	crypto_generichash(key, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int sessions_init(struct sessions *s, unsigned idle_s, unsigned absolute_s,
		  struct zv_error *err)
{
	memset(s, 0, sizeof *s);
	s->n_buckets = 4096;
	s->buckets = calloc(s->n_buckets, sizeof *s->buckets);
	if (!s->buckets)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory for the session table");
	s->idle_s = idle_s;
	s->absolute_s = absolute_s;
	pthread_mutex_init(&s->mu, NULL);
	return ZV_OK;
}

void sessions_free(struct sessions *s)
{
	if (!s->buckets)
		return;
	for (size_t i = 0; i < s->n_buckets; i++)
		for (struct session_entry *e = s->buckets[i], *next; e; e = next) {
			next = e->next;
			sodium_memzero(e, sizeof *e);
			free(e);
		}
	free(s->buckets);
	s->buckets = NULL;
	pthread_mutex_destroy(&s->mu);
}

static size_t bucket_of(const struct sessions *s, const uint8_t key[32])
{
	uint64_t h;
	memcpy(&h, key, sizeof h);
	return (size_t)(h % s->n_buckets);
}

static void random_token(char out[TOKEN_LEN + 1])
{
	uint8_t bytes[32];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, TOKEN_LEN + 1, bytes, sizeof bytes,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bytes, sizeof bytes);
}

/* Remove ended sessions from one bucket (called with the lock held). */
static void sweep_bucket(struct sessions *s, size_t b, int64_t now_s)
{
	for (struct session_entry **p = &s->buckets[b]; *p;) {
		struct session_entry *e = *p;
		if (now_s >= e->info.expires_s || now_s - e->last_s >= (int64_t)s->idle_s) {
			*p = e->next;
			sodium_memzero(e, sizeof *e);
			free(e);
			s->count--;
		} else {
			p = &e->next;
		}
	}
}

enum { MAX_SESSIONS = 100000, MAX_SESSIONS_PER_LOGIN = 32 };

/* With the lock held: when `login` has its most sessions already, end its
 * oldest (so that one user cannot fill the table). A scan of the table;
 * signing in costs far more (argon2id). */
static void make_room_for(struct sessions *s, const char *login)
{
	size_t count = 0;
	struct session_entry **oldest = NULL;
	for (size_t b = 0; b < s->n_buckets; b++)
		for (struct session_entry **p = &s->buckets[b]; *p; p = &(*p)->next) {
			if (strcmp((*p)->info.login, login))
				continue;
			count++;
			if (!oldest || (*p)->info.created_s < (*oldest)->info.created_s)
				oldest = p;
		}
	if (count < MAX_SESSIONS_PER_LOGIN || !oldest)
		return;
	struct session_entry *e = *oldest;
	*oldest = e->next;
	sodium_memzero(e, sizeof *e);
	free(e);
	s->count--;
}

int session_create(struct sessions *s, const char *login, int64_t now_s,
		   char token[TOKEN_LEN + 1], struct session_info *info, struct zv_error *err)
{
	if (strlen(login) >= LOGIN_MAX)
		return zv_error_set(err, ZV_EINPUT, "$.login", "login too long");
	struct session_entry *e = calloc(1, sizeof *e);
	if (!e)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory for a session");
	random_token(token);
	token_key(token, e->key);
	memcpy(e->info.login, login, strlen(login) + 1);
	random_token(e->info.csrf);
	e->info.created_s = now_s;
	e->info.expires_s = now_s + (int64_t)s->absolute_s;
	e->last_s = now_s;
	size_t b = bucket_of(s, e->key);
	pthread_mutex_lock(&s->mu);
	sweep_bucket(s, b, now_s);
	make_room_for(s, login);
	if (s->count >= MAX_SESSIONS) {
		for (size_t i = 0; i < s->n_buckets; i++)
			sweep_bucket(s, i, now_s);
	}
	if (s->count >= MAX_SESSIONS) {
		pthread_mutex_unlock(&s->mu);
		free(e);
		return zv_error_set(err, ZV_ENOMEM, "", "too many sessions at once; try again later");
	}
	e->next = s->buckets[b];
	s->buckets[b] = e;
	s->count++;
	*info = e->info;
	pthread_mutex_unlock(&s->mu);
	return ZV_OK;
}

bool session_find(struct sessions *s, const char *token, int64_t now_s,
		  struct session_info *info)
{
	if (!token || strlen(token) != TOKEN_LEN)
		return false;
	uint8_t key[32];
	token_key(token, key);
	size_t b = bucket_of(s, key);
	bool found = false;
	pthread_mutex_lock(&s->mu);
	sweep_bucket(s, b, now_s);
	for (struct session_entry *e = s->buckets[b]; e; e = e->next)
		if (!sodium_memcmp(e->key, key, sizeof key)) {
			e->last_s = now_s;
			*info = e->info;
			found = true;
			break;
		}
	pthread_mutex_unlock(&s->mu);
	return found;
}

void session_end(struct sessions *s, const char *token)
{
	if (!token)
		return;
	uint8_t key[32];
	token_key(token, key);
	size_t b = bucket_of(s, key);
	pthread_mutex_lock(&s->mu);
	for (struct session_entry **p = &s->buckets[b]; *p; p = &(*p)->next)
		if (!sodium_memcmp((*p)->key, key, sizeof key)) {
			struct session_entry *e = *p;
			*p = e->next;
			sodium_memzero(e, sizeof *e);
			free(e);
			s->count--;
			break;
		}
	pthread_mutex_unlock(&s->mu);
}

void sessions_end_login(struct sessions *s, const char *login)
{
	pthread_mutex_lock(&s->mu);
	for (size_t b = 0; b < s->n_buckets; b++)
		for (struct session_entry **p = &s->buckets[b]; *p;) {
			struct session_entry *e = *p;
			if (!strcmp(e->info.login, login)) {
				*p = e->next;
				sodium_memzero(e, sizeof *e);
				free(e);
				s->count--;
			} else {
				p = &e->next;
			}
		}
	pthread_mutex_unlock(&s->mu);
}

/* ---- failed sign-ins ---------------------------------------------------------------- */

/*
 * An attempt is counted when it starts (a reservation, under the lock) and
 * taken back when it succeeds, so that attempts sent in parallel cannot pass
 * the check together before any of them has failed. Keys are placed by a
 * hash keyed with a secret of this process, so nobody can choose logins
 * that crowd out another account's entry; and when a neighbourhood is full,
 * an entry still over its limit is never the one given up.
 */
enum { LIMIT_KEYS = 16384, LIMIT_PROBES = 64, LIMIT_MAX_FAILS = 32 };

struct limit_entry {
	uint8_t key[16];                /* keyed hash of "a" login or "i" address */
	bool used;
	unsigned n;                     /* failures kept (newest last) */
	int64_t at[LIMIT_MAX_FAILS];
};

int limiter_init(struct limiter *l, struct zv_error *err)
{
	l->cap = LIMIT_KEYS;
	l->entries = calloc(l->cap, sizeof *l->entries);
	if (!l->entries)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory for the sign-in limits");
	randombytes_buf(l->secret, sizeof l->secret);
	pthread_mutex_init(&l->mu, NULL);
	return ZV_OK;
}

void limiter_free(struct limiter *l)
{
	if (!l->entries)
		return;
	free(l->entries);
	l->entries = NULL;
	sodium_memzero(l->secret, sizeof l->secret);
	pthread_mutex_destroy(&l->mu);
}

static void limit_key(const struct limiter *l, char kind, const char *value, uint8_t key[16])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, l->secret, sizeof l->secret, 16);
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, key, 16);
}

/* Drop failures older than the window. */
static void limit_age(struct limit_entry *e, int64_t now_s)
{
	unsigned keep = 0;
	for (unsigned i = 0; i < e->n; i++)
		if (now_s - e->at[i] < LIMIT_WINDOW_S)
			e->at[keep++] = e->at[i];
	e->n = keep;
	if (!keep)
		e->used = false;
}

/* The entry of `key` (with the lock held); with `make`, a free slot, else
 * the slot in the neighbourhood with the oldest newest failure among those
 * under `limit`. NULL when there is none (or none to give up). */
static struct limit_entry *limit_slot(struct limiter *l, const uint8_t key[16], int64_t now_s,
				      bool make, unsigned limit)
{
	uint64_t h;
	memcpy(&h, key, sizeof h);
	struct limit_entry *free_slot = NULL, *victim = NULL;
	for (size_t probe = 0; probe < LIMIT_PROBES; probe++) {
		struct limit_entry *e = &l->entries[(h + probe) % l->cap];
		if (e->used)
			limit_age(e, now_s);
		if (e->used && !memcmp(e->key, key, 16))
			return e;
		if (!e->used && !free_slot)
			free_slot = e;
		if (e->used && e->n < limit &&
		    (!victim || e->at[e->n - 1] < victim->at[victim->n - 1]))
			victim = e;
	}
	struct limit_entry *slot = free_slot ? free_slot : victim;
	if (!make || !slot)
		return NULL;
	memset(slot, 0, sizeof *slot);
	memcpy(slot->key, key, 16);
	slot->used = true;
	return slot;
}

static int64_t limit_wait_one(struct limiter *l, const uint8_t key[16], unsigned limit,
			      int64_t now_s)
{
	struct limit_entry *e = limit_slot(l, key, now_s, false, limit);
	if (!e || e->n < limit)
		return 0;
	/* Wait until the failure that put it over has left the window. */
	int64_t wait = e->at[e->n - limit] + LIMIT_WINDOW_S - now_s;
	return wait > 0 ? wait : 1;
}

static void limit_count(struct limiter *l, const uint8_t key[16], unsigned limit, int64_t now_s)
{
	struct limit_entry *e = limit_slot(l, key, now_s, true, limit);
	if (!e)
		return;   /* a full neighbourhood of held keys: nothing to count in */
	if (e->n == LIMIT_MAX_FAILS) {
		memmove(e->at, e->at + 1, (LIMIT_MAX_FAILS - 1) * sizeof *e->at);
		e->n--;
	}
	e->at[e->n++] = now_s;
}

static void limit_uncount(struct limiter *l, const uint8_t key[16], unsigned limit, int64_t at_s)
{
	struct limit_entry *e = limit_slot(l, key, at_s, false, limit);
	if (!e)
		return;
	for (unsigned i = e->n; i-- > 0;)
		if (e->at[i] == at_s) {
			memmove(e->at + i, e->at + i + 1, (e->n - i - 1) * sizeof *e->at);
			e->n--;
			break;
		}
	if (!e->n)
		e->used = false;
}

int64_t limiter_begin(struct limiter *l, const char *login, const char *address, int64_t now_s)
{
	uint8_t account[16], from[16];
	limit_key(l, 'a', login, account);
	limit_key(l, 'i', address, from);
	pthread_mutex_lock(&l->mu);
	int64_t a = limit_wait_one(l, account, LIMIT_ACCOUNT, now_s);
	int64_t b = limit_wait_one(l, from, LIMIT_ADDRESS, now_s);
	if (!a && !b) {
		limit_count(l, account, LIMIT_ACCOUNT, now_s);
		limit_count(l, from, LIMIT_ADDRESS, now_s);
	}
	pthread_mutex_unlock(&l->mu);
	return a > b ? a : b;
}

void limiter_succeeded(struct limiter *l, const char *login, const char *address, int64_t began_s)
{
	uint8_t account[16], from[16];
	limit_key(l, 'a', login, account);
	limit_key(l, 'i', address, from);
	pthread_mutex_lock(&l->mu);
	limit_uncount(l, account, LIMIT_ACCOUNT, began_s);
	limit_uncount(l, from, LIMIT_ADDRESS, began_s);
	pthread_mutex_unlock(&l->mu);
}
