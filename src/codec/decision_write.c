/*
 * decision_write.c — struct zv_decision → JSON (the contract) and → text
 * (as a professional reads it).
 *
 * The JSON is written by hand rather than through jansson: one pass, keys in
 * the contract's order, no allocation beyond the output buffer, and byte-
 * identical output for the same decision. Strings are escaped for JSON; the
 * engine only produces valid UTF-8 (it cuts texts at character boundaries
 * and the codec accepted only valid UTF-8).
 */
#include "json_text.h"
#include "zv/codec.h"

#include <stdio.h>
#include <string.h>

/* Whether the 8 bytes at `s` are all JSON_BYTE_PLAIN (SWAR: a byte ≥ 0x80, one
 * below 0x20, or one equal to '"', '\\' or DEL sets its high bit). */
static bool plain8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;
	memcpy(&x, s, sizeof x);
	uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\'), del = x ^ (ones * 0x7F);
	uint64_t flags = x | ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
			 ((backslash - ones) & ~backslash) | ((del - ones) & ~del);
	return !(flags & highs);
}

/* The escape of a byte that is not JSON_BYTE_PLAIN and not part of valid UTF-8
 * (`valid` false: U+FFFD), or NULL for a valid non-ASCII sequence. */
static const char *escape_of(unsigned char ch, bool valid, char hex[7])
{
	static const char HEX[] = "0123456789abcdef";
	if (!valid)
		return "\\ufffd";
	switch (ch) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	if (ch >= 0x20 && ch != 0x7F)
		return NULL;
	memcpy(hex, "\\u00", 4);
	hex[4] = HEX[ch >> 4];
	hex[5] = HEX[ch & 15];
	hex[6] = '\0';
	return hex;
}

/* Escaped for JSON; anything that is not valid UTF-8 (never expected, since
 * the codec accepts only valid UTF-8 and texts are cut at character
 * boundaries) becomes U+FFFD, so the output is always valid JSON. Runs of
 * plain bytes are found 8 at a time and copied whole: this writer is most
 * of the time spent writing a decision. */
void zv_json_write_string(struct zv_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	zv_buf_putc(out, '"');
	size_t run = 0, i = 0;
	for (;;) {
		while (i + 8 <= n && plain8(u + i))
			i += 8;
		while (i < n && JSON_BYTES[u[i]] == JSON_BYTE_PLAIN)
			i++;
		if (i == n)
			break;
		size_t len = json_utf8_length(u + i, n - i);
		char hex[7];
		const char *esc = escape_of(u[i], len != 0, hex);
		if (!esc) {
			i += len;
			continue;
		}
		zv_buf_add(out, s + run, i - run);
		zv_buf_puts(out, esc);
		i += len ? len : 1;
		run = i;
	}
	zv_buf_add(out, s + run, n - run);
	zv_buf_putc(out, '"');
}

static void str(struct zv_buf *out, const char *s)
{
	zv_json_write_string(out, s, strlen(s));
}

static void text(struct zv_buf *out, struct zv_text t)
{
	zv_json_write_string(out, t.ptr ? t.ptr : "", t.len);
}

/* `,"k":` and `"k":` for a key of the contract (plain ASCII: written as
 * zv_json_write_string would write it), as one copy. */
#define KEY(out, k) zv_buf_add((out), ",\"" k "\":", sizeof(",\"" k "\":") - 1)
#define KEY_FIRST(out, k) zv_buf_add((out), "\"" k "\":", sizeof("\"" k "\":") - 1)

static void date(struct zv_buf *out, zv_day d)
{
	char buf[11];
	zv_date_format(d, buf);
	str(out, buf);
}

static void category_list(struct zv_buf *out, uint8_t cats)
{
	zv_buf_putc(out, '[');
	bool first = true;
	for (int i = 0; i < 4; i++) {
		if (!((cats >> i) & 1u))
			continue;
		if (!first)
			zv_buf_putc(out, ',');
		str(out, zv_category_name(i));
		first = false;
	}
	zv_buf_putc(out, ']');
}

static void person_list(struct zv_buf *out, const struct zv_situation *s, zv_personset set)
{
	zv_buf_putc(out, '[');
	bool first = true;
	for (zv_personset rest = set; rest; rest &= rest - 1) {
		uint32_t i = (uint32_t)__builtin_ctzll(rest);
		if (i >= s->n_persons)
			break;
		if (!first)
			zv_buf_putc(out, ',');
		text(out, s->persons[i].id);
		first = false;
	}
	zv_buf_putc(out, ']');
}

static void write_scope(struct zv_buf *out, const struct zv_decision *d,
			const struct zv_situation *s)
{
	KEY(out, "scope");
	zv_buf_putc(out, '{');
	KEY_FIRST(out, "kind");
	str(out, zv_scope_name(d->scope.kind));
	if (d->scope.has_categories) {
		KEY(out, "categories");
		category_list(out, d->scope.categories);
	}
	if (d->scope.has_persons) {
		KEY(out, "persons");
		person_list(out, s, d->scope.persons);
	}
	zv_buf_putc(out, '}');
}

static void write_steps(struct zv_buf *out, const struct zv_decision *d)
{
	KEY(out, "steps");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_steps; i++) {
		const struct zv_decision_step *st = &d->steps[i];
		if (i)
			zv_buf_putc(out, ',');
		char number[16];
		int len = snprintf(number, sizeof number, "{\"step\":%d", zv_step_number(st->step));
		zv_buf_add(out, number, (size_t)len);
		KEY(out, "name");
		str(out, zv_step_name(st->step));
		KEY(out, "result");
		str(out, zv_step_result_name(st->result));
		KEY(out, "rules");
		zv_buf_putc(out, '[');
		for (uint8_t k = 0; k < st->n_rules; k++) {
			if (k)
				zv_buf_putc(out, ',');
			str(out, zv_rule_id((enum zv_rule)st->rules[k]));
		}
		zv_buf_putc(out, ']');
		if (st->reason.len) {
			KEY(out, "reason");
			text(out, st->reason);
		}
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

static void write_questions(struct zv_buf *out, const struct zv_decision *d,
			    const struct zv_situation *s)
{
	KEY(out, "questions");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_questions; i++) {
		const struct zv_question *q = &d->questions[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		KEY_FIRST(out, "rule");
		str(out, zv_rule_id(q->rule));
		KEY(out, "field");
		if (q->fact == ZV_FACT_PERSON_AGE) {
			char field[40];
			snprintf(field, sizeof field, "persons[%d].age", (int)q->person);
			str(out, field);
			if (q->person >= 0 && (uint32_t)q->person < s->n_persons) {
				KEY(out, "person");
				text(out, s->persons[q->person].id);
			}
		} else {
			str(out, zv_fact_field(q->fact));
		}
		KEY(out, "text");
		str(out, q->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

void zv_decision_write_json(const struct zv_decision *d, const struct zv_situation *s,
			    struct zv_buf *out)
{
	zv_buf_puts(out, "{\"version\":1");
	KEY(out, "outcome");
	str(out, zv_outcome_name(d->outcome));
	if (d->outcome == ZV_OUTCOME_ALLOWED_LIMITED)
		write_scope(out, d, s);
	write_steps(out, d);

	KEY(out, "rules_fired");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_rules_fired; i++) {
		if (i)
			zv_buf_putc(out, ',');
		str(out, zv_rule_id((enum zv_rule)d->rules_fired[i]));
	}
	zv_buf_putc(out, ']');

	KEY(out, "legal_refs");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_legal_refs; i++) {
		if (i)
			zv_buf_putc(out, ',');
		text(out, d->legal_refs[i]);
	}
	zv_buf_putc(out, ']');

	write_questions(out, d, s);

	KEY(out, "obligations");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_obligations; i++) {
		const struct zv_obligation *o = &d->obligations[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		KEY_FIRST(out, "rule");
		str(out, zv_rule_id(o->rule));
		KEY(out, "code");
		str(out, zv_obligation_name(o->code));
		if (o->has_due) {
			KEY(out, "due");
			date(out, o->due);
		}
		KEY(out, "text");
		str(out, o->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');

	KEY(out, "alternatives");
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_alternatives; i++) {
		const struct zv_alternative *a = &d->alternatives[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		KEY_FIRST(out, "rule");
		str(out, zv_rule_id(a->rule));
		KEY(out, "code");
		str(out, zv_alternative_name(a->code));
		KEY(out, "text");
		str(out, a->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');

	KEY(out, "motivation");
	text(out, d->motivation);
	zv_buf_putc(out, '}');
}

void zv_error_write_json(const struct zv_error *err, const char *code, struct zv_buf *out)
{
	zv_buf_puts(out, "{\"error\":{");
	KEY_FIRST(out, "code");
	str(out, code);
	if (err->path[0]) {
		KEY(out, "path");
		str(out, err->path);
	}
	KEY(out, "message");
	str(out, err->message);
	zv_buf_puts(out, "}}");
}

/* ---- text -------------------------------------------------------------- */

/* User text for a terminal: control characters become spaces. */
static void printable(struct zv_buf *out, struct zv_text t)
{
	for (size_t i = 0; i < t.len; i++) {
		unsigned char ch = (unsigned char)t.ptr[i];
		zv_buf_putc(out, ch < 0x20 || ch == 0x7F ? ' ' : (char)ch);
	}
}

static const char *answer_label(enum zv_outcome o)
{
	switch (o) {
	case ZV_OUTCOME_ALLOWED: return "Ja";
	case ZV_OUTCOME_ALLOWED_LIMITED: return "Ja, beperkt";
	case ZV_OUTCOME_JUDGEMENT_REQUIRED: return "Afweging nodig";
	case ZV_OUTCOME_DENIED: return "Nee";
	}
	return "";
}

static const char *result_label(enum zv_step_result r)
{
	switch (r) {
	case ZV_STEP_OK: return "in orde";
	case ZV_STEP_FAIL: return "staat het niet toe";
	case ZV_STEP_QUESTION: return "vraag open";
	case ZV_STEP_NOT_APPLICABLE: return "niet van toepassing";
	}
	return "";
}


void zv_decision_write_text(const struct zv_decision *d, const struct zv_situation *s,
			    struct zv_buf *out)
{
	zv_buf_printf(out, "== %s ==\n", answer_label(d->outcome));
	zv_buf_add(out, d->motivation.ptr, d->motivation.len);
	zv_buf_puts(out, "\n\nStappen:\n");
	for (uint8_t i = 0; i < d->n_steps; i++) {
		const struct zv_decision_step *st = &d->steps[i];
		if (st->step < ZV_STEP__CORE_COUNT)
			zv_buf_printf(out, "  %d. ", zv_step_number(st->step));
		else
			zv_buf_puts(out, "  +  ");
		zv_buf_printf(out, "%-42s %s", zv_step_title(st->step, s->action),
			      result_label(st->result));
		for (uint8_t k = 0; k < st->n_rules; k++)
			zv_buf_printf(out, "%s%s", k ? ", " : "  [",
				      zv_rule_id((enum zv_rule)st->rules[k]));
		zv_buf_puts(out, st->n_rules ? "]\n" : "\n");
	}
	if (d->n_rules_fired) {
		zv_buf_puts(out, "Regels toegepast:");
		for (uint8_t i = 0; i < d->n_rules_fired; i++)
			zv_buf_printf(out, "%s%s", i ? ", " : " ",
				      zv_rule_id((enum zv_rule)d->rules_fired[i]));
		zv_buf_putc(out, '\n');
	}
	if (d->n_legal_refs) {
		zv_buf_puts(out, "Bronnen:");
		for (uint8_t i = 0; i < d->n_legal_refs; i++) {
			zv_buf_puts(out, i ? "; " : " ");
			printable(out, d->legal_refs[i]);
		}
		zv_buf_putc(out, '\n');
	}
	for (uint8_t i = 0; i < d->n_obligations; i++) {
		const struct zv_obligation *o = &d->obligations[i];
		zv_buf_printf(out, "Verplichting: %s", o->text);
		if (o->has_due) {
			char buf[11];
			zv_date_format(o->due, buf);
			zv_buf_printf(out, " (datum %s)", buf);
		}
		zv_buf_printf(out, " [%s, %s]\n", zv_obligation_name(o->code), zv_rule_id(o->rule));
	}
}
