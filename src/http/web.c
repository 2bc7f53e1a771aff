/*
 * web.c — the web application's files (docs/http.md, "The web
 * application"): a GET or HEAD of a path outside /api/ that no route answers
 * is a file of the folder given with --web, when every part of the path
 * checks out; anything else is the API's 404.
 *
 * What is served, and how it is checked, in order:
 *
 *   1. the path as it came (never percent-decoded): "/" is /index.html;
 *      otherwise segments of 1..128 characters of [A-Za-z0-9._@-], none
 *      empty and none starting with "." (so no "..", no dotfiles, no
 *      trailing slash), the last with an extension of TYPES[]; under
 *      node_modules/ (the npm packages of web/package.json) only style
 *      sheets, fonts and images: the packages' scripts and manifests are
 *      not the application's, and are not served;
 *   2. the file's real path (realpath: symbolic links followed) lies inside
 *      the folder's real path, resolved once when the server started, and
 *      no segment of it below the folder starts with "." either;
 *   3. it is a regular file of at most WEB_FILE_MAX bytes (stat before
 *      opening, so that a FIFO or a device is never opened; fstat after).
 *
 * The file is handed to libmicrohttpd open (sendfile without TLS, reads in
 * pieces with it; nothing for HEAD), which closes it with the response: no
 * copy in memory, nothing left open when a request ends early. What cannot
 * be found is 404; what is there but cannot be read (permissions, I/O) is
 * 500, its cause in the access log without the path.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

enum { WEB_SEGMENT_MAX = 128, WEB_FILE_MAX = 8 * 1024 * 1024 };

static const struct {
	const char *extension, *type;
} TYPES[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".json", "application/json"},
	{".map", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".txt", "text/plain; charset=utf-8"},
};

/* May `rel`, of content type `type`, be served? Of the npm packages only
 * what a page styles itself with. */
static bool served_type(const char *rel, const char *type)
{
	if (strncmp(rel, "node_modules/", 13))
		return true;
	return !strncmp(type, "text/css", 8) || !strncmp(type, "font/", 5) ||
	       !strncmp(type, "image/", 6);
}

/* The content type of a file name by its extension, or NULL. */
static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof TYPES / sizeof *TYPES; i++)
		if (!strcmp(dot, TYPES[i].extension))
			return TYPES[i].type;
	return NULL;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '@';
}

/* A relative path "a/b/c.css" of segments that may name a file: 1..`max`
 * characters each (`strict`: of [A-Za-z0-9._@-]), none starting with "."
 * (`max` 0: any length, as a real path's segments may be). */
static bool segments_ok(const char *rel, size_t max, bool strict)
{
	while (*rel) {
		const char *end = strchr(rel, '/');
		size_t n = end ? (size_t)(end - rel) : strlen(rel);
		if (!n || (max && n > max) || rel[0] == '.')
			return false;
		for (size_t i = 0; strict && i < n; i++)
			if (!name_char(rel[i]))
				return false;
		rel += n;
		if (*rel == '/' && !*++rel)
			return false;   /* a trailing slash */
	}
	return true;
}

int web_root_open(struct zv_http_server *s, const char *dir, struct zv_error *err)
{
	char real[PATH_MAX];
	struct stat st;
	s->web_root = NULL;
	if (!dir || !realpath(dir, real) || stat(real, &st) || !S_ISDIR(st.st_mode))
		return ZV_OK;   /* none, or not there: static paths answer 404 */
	size_t n = strlen(real);
	s->web_root = malloc(n + 2);
	if (!s->web_root)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory starting the server");
	/* With its slash, so that "/srv/web2" is not inside "/srv/web". */
	snprintf(s->web_root, n + 2, "%s%s", real, n && real[n - 1] == '/' ? "" : "/");
	return ZV_OK;
}

bool web_path(const struct zv_http_server *s, const char *path)
{
	return s->web_root && strcmp(path, "/api") && strncmp(path, "/api/", 5);
}

/* A file that cannot be read: 500, the cause logged (never the path). */
static void cannot_read(struct request *r, int e)
{
	char why[160];
	snprintf(why, sizeof why, "cannot read a file of the web application: %s", strerror(e));
	server_log_text(r->srv, "internal_error", why);
	respond_problem(r, 500, "internal_error",
			"the server could not answer this request; it is logged", NULL);
}

static void not_found(struct request *r)
{
	respond_problem(r, 404, "not_found", "there is no such path in this API", NULL);
}

/* A call on the file failed with `e`: not there (or a loop, or a name too
 * long) is 404; anything else is a fault. */
static void failed(struct request *r, int e)
{
	if (e == ENOENT || e == ENOTDIR || e == ELOOP || e == ENAMETOOLONG)
		not_found(r);
	else
		cannot_read(r, e);
}

/* The real path of the file `rel` names inside the web root, into `real`;
 * false after answering when it is not one that may be served. */
static bool resolve(struct request *r, const char *rel, char real[PATH_MAX])
{
	const char *root = r->srv->web_root;
	size_t root_len = strlen(root);
	char wanted[PATH_MAX];
	int n = snprintf(wanted, sizeof wanted, "%s%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof wanted) {
		not_found(r);
		return false;
	}
	if (!realpath(wanted, real)) {
		failed(r, errno);
		return false;
	}
	/* Inside the folder, and no dotfile reached through a link either. */
	if (strncmp(real, root, root_len) || !segments_ok(real + root_len, 0, false)) {
		not_found(r);
		return false;
	}
	return true;
}

void web_answer(struct request *r)
{
	if (r->path[0] != '/') {
		not_found(r);
		return;
	}
	const char *rel = r->path[1] ? r->path + 1 : "index.html";
	const char *type = type_of(rel);
	char real[PATH_MAX];
	struct stat st;
	if (!type || !served_type(rel, type) || !segments_ok(rel, WEB_SEGMENT_MAX, true)) {
		not_found(r);
		return;
	}
	if (!resolve(r, rel, real))
		return;
	if (stat(real, &st)) {
		failed(r, errno);
		return;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > WEB_FILE_MAX) {
		not_found(r);
		return;
	}
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		failed(r, errno);
		return;
	}
	/* Checked again on what was opened: the folder may change meanwhile. */
	int flags = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > WEB_FILE_MAX || flags < 0 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)) {
		close(fd);
		not_found(r);
		return;
	}
	r->file_fd = fd;
	r->file_size = (size_t)st.st_size;
	r->status = 200;
	r->content_type = type;
}
