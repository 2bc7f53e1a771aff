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
#include "zv/codec.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		   : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((len == 2 && c < 0xC2) || (len == 3 && c == 0xE0 && s[1] < 0xA0) ||
	    (len == 3 && c == 0xED && s[1] >= 0xA0) || (len == 4 && c == 0xF0 && s[1] < 0x90) ||
	    (len == 4 && (c > 0xF4 || (c == 0xF4 && s[1] >= 0x90))))
		return 0;
	return len;
}

/* Escaped for JSON; anything that is not valid UTF-8 (never expected, since
 * the codec accepts only valid UTF-8 and texts are cut at character
 * boundaries) becomes U+FFFD, so the output is always valid JSON. */
void zv_json_write_string(struct zv_buf *out, const char *s, size_t n)
{
	static const char HEX[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	zv_buf_putc(out, '"');
	size_t run = 0, i = 0;
	while (i < n) {
		unsigned char ch = u[i];
		if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\') {  /* most text */
			i++;
			continue;
		}
		size_t len = utf8_sequence(u + i, n - i);
		const char *esc = NULL;
		char hex[7];
		if (!len) {
			esc = "\\ufffd";
		} else if (ch == '"') {
			esc = "\\\"";
		} else if (ch == '\\') {
			esc = "\\\\";
		} else if (ch == '\n') {
			esc = "\\n";
		} else if (ch == '\r') {
			esc = "\\r";
		} else if (ch == '\t') {
			esc = "\\t";
		} else if (ch < 0x20 || ch == 0x7F) {
			memcpy(hex, "\\u00", 4);
			hex[4] = HEX[ch >> 4];
			hex[5] = HEX[ch & 15];
			hex[6] = '\0';
			esc = hex;
		}
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

static void key(struct zv_buf *out, const char *k, bool comma)
{
	if (comma)
		zv_buf_putc(out, ',');
	str(out, k);
	zv_buf_putc(out, ':');
}

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
	key(out, "scope", true);
	zv_buf_putc(out, '{');
	key(out, "kind", false);
	str(out, zv_scope_name(d->scope.kind));
	if (d->scope.has_categories) {
		key(out, "categories", true);
		category_list(out, d->scope.categories);
	}
	if (d->scope.has_persons) {
		key(out, "persons", true);
		person_list(out, s, d->scope.persons);
	}
	zv_buf_putc(out, '}');
}

static void write_steps(struct zv_buf *out, const struct zv_decision *d)
{
	key(out, "steps", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_steps; i++) {
		const struct zv_decision_step *st = &d->steps[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_printf(out, "{\"step\":%d", zv_step_number(st->step));
		key(out, "name", true);
		str(out, zv_step_name(st->step));
		key(out, "result", true);
		str(out, zv_step_result_name(st->result));
		key(out, "rules", true);
		zv_buf_putc(out, '[');
		for (uint8_t k = 0; k < st->n_rules; k++) {
			if (k)
				zv_buf_putc(out, ',');
			str(out, zv_rule_id((enum zv_rule)st->rules[k]));
		}
		zv_buf_putc(out, ']');
		if (st->reason.len) {
			key(out, "reason", true);
			text(out, st->reason);
		}
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

static void write_questions(struct zv_buf *out, const struct zv_decision *d,
			    const struct zv_situation *s)
{
	key(out, "questions", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_questions; i++) {
		const struct zv_question *q = &d->questions[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		key(out, "rule", false);
		str(out, zv_rule_id(q->rule));
		key(out, "field", true);
		if (q->fact == ZV_FACT_PERSON_AGE) {
			char field[40];
			snprintf(field, sizeof field, "persons[%d].age", (int)q->person);
			str(out, field);
			if (q->person >= 0 && (uint32_t)q->person < s->n_persons) {
				key(out, "person", true);
				text(out, s->persons[q->person].id);
			}
		} else {
			str(out, zv_fact_field(q->fact));
		}
		key(out, "text", true);
		str(out, q->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

void zv_decision_write_json(const struct zv_decision *d, const struct zv_situation *s,
			    struct zv_buf *out)
{
	zv_buf_puts(out, "{\"version\":1");
	key(out, "outcome", true);
	str(out, zv_outcome_name(d->outcome));
	if (d->outcome == ZV_OUTCOME_ALLOWED_LIMITED)
		write_scope(out, d, s);
	write_steps(out, d);

	key(out, "rules_fired", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_rules_fired; i++) {
		if (i)
			zv_buf_putc(out, ',');
		str(out, zv_rule_id((enum zv_rule)d->rules_fired[i]));
	}
	zv_buf_putc(out, ']');

	key(out, "legal_refs", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_legal_refs; i++) {
		if (i)
			zv_buf_putc(out, ',');
		text(out, d->legal_refs[i]);
	}
	zv_buf_putc(out, ']');

	write_questions(out, d, s);

	key(out, "obligations", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_obligations; i++) {
		const struct zv_obligation *o = &d->obligations[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		key(out, "rule", false);
		str(out, zv_rule_id(o->rule));
		key(out, "code", true);
		str(out, zv_obligation_name(o->code));
		if (o->has_due) {
			key(out, "due", true);
			date(out, o->due);
		}
		key(out, "text", true);
		str(out, o->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');

	key(out, "alternatives", true);
	zv_buf_putc(out, '[');
	for (uint8_t i = 0; i < d->n_alternatives; i++) {
		const struct zv_alternative *a = &d->alternatives[i];
		if (i)
			zv_buf_putc(out, ',');
		zv_buf_putc(out, '{');
		key(out, "rule", false);
		str(out, zv_rule_id(a->rule));
		key(out, "code", true);
		str(out, zv_alternative_name(a->code));
		key(out, "text", true);
		str(out, a->text);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');

	key(out, "motivation", true);
	text(out, d->motivation);
	zv_buf_putc(out, '}');
}

void zv_error_write_json(const struct zv_error *err, const char *code, struct zv_buf *out)
{
	zv_buf_puts(out, "{\"error\":{");
	key(out, "code", false);
	str(out, code);
	if (err->path[0]) {
		key(out, "path", true);
		str(out, err->path);
	}
	key(out, "message", true);
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
