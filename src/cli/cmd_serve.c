/*
 * cmd_serve.c — `zorgvuldig --db FILE serve`: the HTTP/JSON API
 * (docs/http.md) until SIGTERM or SIGINT, then a graceful stop.
 *
 *   serve [--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE]
 *         [--threads N] [--access-log FILE] [--session-idle SECONDS]
 *         [--session-max SECONDS] [--trusted-proxy ADDRESS]
 *         [--connections-per-address N] [--web DIR | --no-web]
 *
 * The first line on stdout says where it listens ("listening on
 * http://127.0.0.1:8080"); with port 0 the system picks a free one, and
 * that line tells which. The access log (one JSON line per request, no
 * personal data) goes to stderr unless --access-log names a file.
 *
 * The web application's files are served from --web DIR, by default the
 * source tree's web/ (ZV_WEB_DIR, set by meson); --no-web serves the API
 * alone. A folder that is not there is a warning on stderr, not an error:
 * the API is served, and the web application's paths answer 404.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zv/crypto.h"
#include "zv/http.h"

#ifndef ZV_WEB_DIR
#define ZV_WEB_DIR "web"
#endif

enum { PEM_MAX_BYTES = 1024 * 1024 };

static const struct cli_option SPEC[] = {
	{.name = "listen"}, {.name = "tls-cert"}, {.name = "tls-key"}, {.name = "threads"},
	{.name = "access-log"}, {.name = "session-idle"}, {.name = "session-max"},
	{.name = "trusted-proxy"}, {.name = "connections-per-address"}, {.name = "web"},
	{.name = "no-web", .flag = true},
};

/* "127.0.0.1:8080", "[::1]:8080" or ":8080" (127.0.0.1). */
static bool parse_listen(const char *text, struct zv_arena *a, const char **address,
			 uint16_t *port)
{
	const char *colon = strrchr(text, ':');
	if (!colon)
		return false;
	uint64_t p;
	if (!cli_parse_count(colon + 1, &p) || p > 65535)
		return false;
	*port = (uint16_t)p;
	const char *host = text;
	size_t n = (size_t)(colon - text);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	*address = n ? zv_arena_strndup(a, host, n) : "127.0.0.1";
	return *address != NULL;
}

static bool seconds_option(const char *text, unsigned *out)
{
	uint64_t v;
	if (!text)
		return true;
	if (!cli_parse_count(text, &v) || v < 1 || v > 7 * 24 * 3600)
		return false;
	*out = (unsigned)v;
	return true;
}

struct serve_setup {
	struct zv_http_options opt;
	char key_dir[4096];
	char *cert, *key;
	FILE *log;
};

static int setup(const struct global_opts *g, const struct cli_parsed *p, struct zv_arena *a,
		 struct serve_setup *s, struct zv_error *err)
{
	const char *name = "serve";
	s->opt = (struct zv_http_options){.db = g->db, .address = "127.0.0.1", .port = 8080,
					  .access_log = stderr};
	if (p->value[0] && !parse_listen(p->value[0], a, &s->opt.address, &s->opt.port))
		return usage_error(g, name, "--listen ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:0");
	if (!!p->value[1] != !!p->value[2])
		return usage_error(g, name, "TLS needs both --tls-cert FILE and --tls-key FILE");
	uint64_t threads = 0;
	if (p->value[3] && (!cli_parse_count(p->value[3], &threads) || !threads || threads > 64))
		return usage_error(g, name, "--threads N: 1 to 64");
	s->opt.threads = (unsigned)threads;
	if (!seconds_option(p->value[5], &s->opt.session_idle_s) ||
	    !seconds_option(p->value[6], &s->opt.session_absolute_s))
		return usage_error(g, name, "--session-idle and --session-max take seconds (1 to "
					    "604800)");
	s->opt.trusted_proxy = p->value[7];
	uint64_t per_address = 0;
	if (p->value[8] && (!cli_parse_count(p->value[8], &per_address) || !per_address ||
			    per_address > 1024))
		return usage_error(g, name, "--connections-per-address N: 1 to 1024");
	s->opt.connections_per_address = (unsigned)per_address;
	if (p->value[9] && p->set[10])
		return usage_error(g, name, "--web DIR and --no-web exclude each other");
	if (p->value[9] && !*p->value[9])
		return usage_error(g, name, "--web DIR: the web application's folder");
	s->opt.web_dir = p->set[10] ? NULL : p->value[9] ? p->value[9] : ZV_WEB_DIR;
	if (zv_key_dir_for(g->db, s->key_dir, sizeof s->key_dir, err))
		return cli_fail(g, name, err);
	s->opt.key_dir = s->key_dir;
	if (p->value[1]) {
		if (!(s->cert = cli_read_file(p->value[1], PEM_MAX_BYTES, err)) ||
		    !(s->key = cli_read_file(p->value[2], PEM_MAX_BYTES, err)))
			return cli_fail(g, name, err);
		s->opt.tls_cert_pem = s->cert;
		s->opt.tls_key_pem = s->key;
	}
	if (p->value[4]) {
		if (!(s->log = fopen(p->value[4], "a"))) {
			zv_error_set(err, ZV_EIO, "", "cannot open the access log %s", p->value[4]);
			return cli_fail(g, name, err);
		}
		s->opt.access_log = s->log;
	}
	return 0;
}

static void teardown(struct serve_setup *s)
{
	free(s->cert);
	free(s->key);
	if (s->log)
		fclose(s->log);
}

int cmd_serve(int argc, char **argv, const struct global_opts *g)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: zorgvuldig --db FILE serve [--listen ADDRESS:PORT] [--tls-cert FILE "
		       "--tls-key FILE]\n"
		       "           [--threads N] [--access-log FILE] [--session-idle SECONDS] "
		       "[--session-max SECONDS]\n"
		       "           [--trusted-proxy ADDRESS] [--connections-per-address N]\n"
		       "           [--web DIR | --no-web]   (default --web %s)\n",
		       ZV_WEB_DIR);
		return 0;
	}
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct cli_parsed p;
	struct serve_setup s = {0};
	struct zv_error err = {.code = ZV_OK};
	int rc = cli_parse(g, "serve", SPEC, sizeof SPEC / sizeof *SPEC, argc - 1, argv + 1, &a,
			   &p);
	if (!rc && p.n_positional)
		rc = usage_error(g, "serve", "unexpected argument '%s'", p.positional[0]);
	if (!rc)
		rc = setup(g, &p, &a, &s, &err);
	/* The signals are waited for here: block them before the server's
	 * threads start, so that they inherit the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	struct zv_http_server *server = NULL;
	if (!rc && zv_http_start(&s.opt, &server, &err))
		rc = cli_fail(g, "serve", &err);
	if (!rc && s.opt.web_dir && !zv_http_web_dir(server))
		fprintf(stderr, "zorgvuldig serve: warning: no web application: %s is not a folder "
				"(the API is served; other paths answer 404)\n",
			s.opt.web_dir);
	if (!rc) {
		printf("listening on %s://%s%s%s:%u\n", s.opt.tls_cert_pem ? "https" : "http",
		       strchr(s.opt.address, ':') ? "[" : "", s.opt.address,
		       strchr(s.opt.address, ':') ? "]" : "", (unsigned)zv_http_port(server));
		fflush(stdout);
		int sig = 0;
		sigwait(&stop, &sig);
		fprintf(stderr, "zorgvuldig serve: %s: finishing requests in flight\n",
			sig == SIGTERM ? "SIGTERM" : "SIGINT");
		zv_http_stop(server, 30);
		printf("stopped\n");
	}
	teardown(&s);
	zv_arena_release(&a);
	return rc;
}
