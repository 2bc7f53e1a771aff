/*
 * cmd_decide.c — `zorgvuldig decide [FILE] [--batch] [--text]`.
 *
 * One situation (FILE, or standard input) in, one decision out, as JSON on
 * one line (docs/decision-api.md); with --batch one situation per input line
 * and one decision (or error object) per output line, in order, going on
 * after a bad line. --text prints the decision as a professional reads it.
 *
 * Bad input: exit 2 and only the error object on stdout (in text mode the
 * error goes to stderr). Input is read with a cap, so an endless line costs
 * bounded memory: a line over 1 MiB is skipped to its end and reported.
 * Each situation gets its own arena, released before the next.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zv/codec.h"
#include "zv/policy.h"

struct decide_opts {
	bool batch;
	bool text;
	const char *file;
};

/* Everything one run needs, allocated once. */
struct runner {
	struct decide_opts opts;
	zv_day today;
	struct zv_decision *decision;
	struct zv_buf out;
	struct zv_arena arena;
};

/* ---- bounded input ----------------------------------------------------- */

/* One line without its '\n'. Returns false at end of input. A line longer
 * than `limit` is consumed to its end and reported with *over. */
static bool read_line(FILE *f, size_t limit, struct zv_buf *line, bool *over, bool *io_error)
{
	zv_buf_reset(line);
	*over = false;
	int ch;
	bool any = false;
	while ((ch = getc(f)) != EOF) {
		any = true;
		if (ch == '\n')
			return true;
		if (line->len < limit)
			zv_buf_putc(line, (char)ch);
		else
			*over = true;
	}
	*io_error = ferror(f) != 0;
	return any;
}

/* ---- one situation ----------------------------------------------------- */

static void emit_error(struct runner *r, const struct zv_error *err)
{
	if (r->opts.text) {
		fprintf(stderr, "zorgvuldig decide: %s%s%s\n", err->path,
			err->path[0] ? ": " : "", err->message);
		return;
	}
	zv_buf_reset(&r->out);
	zv_error_write_json(err, err->code == ZV_EINPUT ? "invalid_situation" : zv_err_name(err->code),
			    &r->out);
	zv_buf_putc(&r->out, '\n');
	if (r->out.data)
		fwrite(r->out.data, 1, r->out.len, stdout);
}

/* Decide one situation's bytes and print the answer. Returns the error
 * family (ZV_OK when a decision was printed). */
static enum zv_err decide_one(struct runner *r, const char *json, size_t len)
{
	struct zv_error err = {.code = ZV_OK};
	struct zv_situation s;
	zv_arena_release(&r->arena);
	enum zv_err rc = zv_situation_parse(json, len, r->today, &r->arena, &s, &err);
	if (rc == ZV_OK) {
		rc = zv_decide(&s, r->decision, ZV_DECIDE_FULL);
		if (rc != ZV_OK)
			zv_error_set(&err, rc, "", "the decision engine exceeded one of its bounds (a bug)");
	}
	if (rc != ZV_OK) {
		emit_error(r, &err);
		return rc;
	}
	zv_buf_reset(&r->out);
	if (r->opts.text)
		zv_decision_write_text(r->decision, &s, &r->out);
	else
		zv_decision_write_json(r->decision, &s, &r->out);
	zv_buf_putc(&r->out, '\n');
	if (r->out.failed) {
		zv_error_set(&err, ZV_ENOMEM, "", "the decision did not fit the output buffer");
		emit_error(r, &err);
		return ZV_ENOMEM;
	}
	fwrite(r->out.data, 1, r->out.len, stdout);
	return ZV_OK;
}

static int exit_for(enum zv_err worst)
{
	return zv_err_exit_code(worst);
}

static int run_single(struct runner *r, FILE *in)
{
	struct zv_buf buf;
	zv_buf_init(&buf, ZV_SITUATION_MAX_BYTES + 1);
	bool over = false;
	enum zv_err rc = zv_read_all(in, ZV_SITUATION_MAX_BYTES, &buf, &over);
	struct zv_error err = {.code = ZV_OK};
	if (rc == ZV_OK && over) {
		zv_error_set(&err, ZV_EINPUT, "$", "the situation is larger than 1 MiB");
		rc = ZV_EINPUT;
	} else if (rc != ZV_OK) {
		zv_error_set(&err, rc, "", "could not read the situation: %s", strerror(errno));
	}
	if (rc == ZV_OK)
		rc = decide_one(r, buf.data ? buf.data : "", buf.len);
	else
		emit_error(r, &err);
	zv_buf_release(&buf);
	return exit_for(rc);
}

static int run_batch(struct runner *r, FILE *in)
{
	struct zv_buf line;
	zv_buf_init(&line, ZV_SITUATION_MAX_BYTES + 1);
	bool over = false, io_error = false;
	enum zv_err worst = ZV_OK;   /* bad input (exit 2) or a failure (exit 5) */
	unsigned long number = 0;
	while (read_line(in, ZV_SITUATION_MAX_BYTES, &line, &over, &io_error)) {
		number++;
		struct zv_error err = {.code = ZV_OK};
		enum zv_err rc = ZV_OK;
		if (over) {
			rc = zv_error_set(&err, ZV_EINPUT, "$", "line %lu: the situation is larger than 1 MiB",
					  number);
		} else if (line.len == 0) {
			rc = zv_error_set(&err, ZV_EINPUT, "$", "line %lu is empty; expected a situation",
					  number);
		} else if (line.failed) {
			rc = zv_error_set(&err, ZV_ENOMEM, "", "out of memory reading line %lu", number);
		}
		if (rc != ZV_OK)
			emit_error(r, &err);
		else
			rc = decide_one(r, line.data, line.len);
		/* Every line gets its answer; the run goes on after any bad one. */
		if (rc != ZV_OK && (worst == ZV_OK || exit_for(rc) > exit_for(worst)))
			worst = rc;
		if (r->opts.text)
			fputc('\n', stdout);
	}
	zv_buf_release(&line);
	if (io_error) {
		fprintf(stderr, "zorgvuldig decide: reading input failed: %s\n", strerror(errno));
		return 5;
	}
	return exit_for(worst);
}

/* --text decides how errors are reported, so it is looked for first. */
static bool wants_text(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--text"))
			return true;
	return false;
}

static int parse_args(int argc, char **argv, const struct global_opts *g, struct decide_opts *o)
{
	bool literal = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!literal && !strcmp(a, "--")) {
			literal = true;
		} else if (!literal && !strcmp(a, "--batch")) {
			o->batch = true;
		} else if (!literal && !strcmp(a, "--text")) {
			o->text = true;
		} else if (!literal && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			printf("Usage: zorgvuldig decide [FILE|-] [--batch] [--text]\n\n"
			       "Reads a situation (JSON) from FILE or standard input and prints the\n"
			       "decision as one line of JSON (docs/decision-api.md).\n"
			       "  --batch  one situation per input line, one decision per output line\n"
			       "  --text   print the decision as a professional reads it\n");
			return -1;
		} else if (!literal && a[0] == '-' && a[1] != '\0') {
			return usage_error(g, "decide", "unknown option '%s'", a);
		} else if (o->file) {
			return usage_error(g, "decide", "only one FILE may be given");
		} else {
			o->file = a;
		}
	}
	return 0;
}

int cmd_decide(int argc, char **argv, const struct global_opts *g)
{
	struct runner r = {.today = zv_today_local()};
	/* decide speaks JSON (docs/decision-api.md), also for its errors, unless
	 * --text asks for the readable form; the two exclude each other. */
	struct global_opts json_errors = *g;
	json_errors.json = !wants_text(argc, argv);
	if (g->json && !json_errors.json)
		return usage_error(g, "decide", "--text and --json exclude each other");
	int rc = parse_args(argc, argv, &json_errors, &r.opts);
	if (rc)
		return rc < 0 ? 0 : rc;

	FILE *in = stdin;
	if (r.opts.file && strcmp(r.opts.file, "-")) {
		in = fopen(r.opts.file, "rb");
		if (!in)
			return usage_error(&json_errors, "decide", "cannot open '%s': %s", r.opts.file,
					   strerror(errno));
	}
	zv_buf_init(&r.out, 8u << 20);   /* room for the largest decision */
	r.decision = malloc(sizeof *r.decision);
	if (!r.decision) {
		if (in != stdin)
			fclose(in);
		struct zv_error err;
		zv_error_set(&err, ZV_ENOMEM, "", "out of memory");
		emit_error(&r, &err);
		return 5;
	}

	zv_arena_init(&r.arena, 16 * ZV_SITUATION_MAX_BYTES);
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);   /* batch output in large writes */

	rc = r.opts.batch ? run_batch(&r, in) : run_single(&r, in);

	if (in != stdin)
		fclose(in);
	zv_arena_release(&r.arena);
	zv_buf_release(&r.out);
	free(r.decision);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "zorgvuldig decide: writing the output failed\n");
		return 5;
	}
	return rc;
}
