/*
 * audit_writer.c — a test helper for the crash test (tests/cli/test_audit.py):
 * appends audit events to a store from several threads, forever or up to a
 * count, and after each append has returned (is durable) prints one line
 * "SEQ TAG" to standard output, where TAG is the event's detail. The test
 * kills it with SIGKILL at a random moment and checks that every line it
 * printed names an event that is in the store, with that tag.
 *
 *   audit_writer DB THREADS [EVENTS_PER_THREAD]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/audit.h"

struct writer {
	struct zv_audit_log *log;
	unsigned id;
	unsigned long count;   /* 0: forever */
	int failed;
};

static void *run(void *arg)
{
	struct writer *w = arg;
	for (unsigned long i = 0; !w->count || i < w->count; i++) {
		char tag[64], user[32], line[128];
		snprintf(tag, sizeof tag, "p%ld-t%u-%lu", (long)getpid(), w->id, i);
		snprintf(user, sizeof user, "writer-%u", w->id);
		const char *persons[] = {"person-crash"};
		struct zv_audit_event e = {
			.action = ZV_AUDIT_RECORD,
			.outcome = ZV_AUDIT_DONE,
			.who = {.user = user, .role = "professional"},
			.persons = {persons, 1},
			.from = "crash-test",
			.detail = tag,
		};
		struct zv_error err;
		if (zv_audit_append(w->log, &e, 1, NULL, NULL, &err)) {
			fprintf(stderr, "audit_writer: %s\n", err.message);
			w->failed = 1;
			return NULL;
		}
		int n = snprintf(line, sizeof line, "%llu %s\n", (unsigned long long)e.seq, tag);
		if (write(STDOUT_FILENO, line, (size_t)n) != n) {   /* one write: whole lines */
			w->failed = 1;
			return NULL;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: audit_writer DB THREADS [EVENTS_PER_THREAD]\n");
		return 2;
	}
	unsigned threads = (unsigned)strtoul(argv[2], NULL, 10);
	unsigned long count = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	if (threads < 1 || threads > 64)
		threads = 1;
	struct zv_error err;
	struct zv_store *store;
	struct zv_signing_key key;
	struct zv_audit_log *log;
	char keys[4096];
	if (zv_key_dir_for(argv[1], keys, sizeof keys, &err) ||
	    zv_store_open(argv[1], ZV_STORE_OPEN, &store, &err) ||
	    zv_keys_load(keys, true, &key, &err) || zv_audit_log_open(store, &key, NULL, &log, &err)) {
		fprintf(stderr, "audit_writer: %s\n", err.message);
		return 5;
	}
	struct writer w[64];
	pthread_t t[64];
	for (unsigned i = 0; i < threads; i++) {
		w[i] = (struct writer){.log = log, .id = i, .count = count};
		pthread_create(&t[i], NULL, run, &w[i]);
	}
	int failed = 0;
	for (unsigned i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		failed |= w[i].failed;
	}
	zv_audit_log_close(log);
	zv_store_close(store);
	return failed ? 5 : 0;
}
