/*
 * render.c — the decision in plain Dutch.
 *
 * Rules record sentences as templates (eval.h); this file turns them into the
 * step reasons and the motivation, in the decision's own text buffer:
 *
 *   Vraag: what was asked.        Antwoord: Ja / Ja, beperkt / Afweging nodig / Nee.
 *   Waarom: one line per step that applied, in the order of the Handreiking.
 *   Nog te beantwoorden / Wat u moet doen / Wat u in plaats daarvan kunt doen.
 *
 * Each step's reason is the text of its line in the motivation, so the two
 * never differ. The buffer is bounded; a text that does not fit is cut at a
 * character boundary and ends in "…". Language aims at B1: short sentences,
 * "u", no legal references (those are in legal_refs).
 */
#include "eval.h"

#include <string.h>

struct writer {
	char *buf;
	size_t len, cap;
	bool full;
};

static void w_bytes(struct writer *w, const char *s, size_t n)
{
	if (w->full)
		return;
	static const char ELLIPSIS[] = "…";
	size_t room = w->cap - w->len;
	if (n + sizeof ELLIPSIS > room) {  /* keep room for the ellipsis */
		size_t keep = room > sizeof ELLIPSIS ? room - sizeof ELLIPSIS : 0;
		if (keep > n)
			keep = n;
		while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep--;  /* never cut a UTF-8 sequence */
		memcpy(w->buf + w->len, s, keep);
		w->len += keep;
		memcpy(w->buf + w->len, ELLIPSIS, sizeof ELLIPSIS - 1);
		w->len += sizeof ELLIPSIS - 1;
		w->full = true;
		return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void w_str(struct writer *w, const char *s)
{
	w_bytes(w, s, strlen(s));
}

/* User text, shortened to `max` bytes at a character boundary; control
 * characters (a newline, an escape sequence) become spaces, so that a text
 * can neither break the motivation's lines nor reach a terminal as a command. */
static void w_user_text(struct writer *w, struct zv_text t, size_t max)
{
	size_t keep = t.len <= max ? t.len : max;
	while (keep < t.len && keep > 0 && ((unsigned char)t.ptr[keep] & 0xC0) == 0x80)
		keep--;
	size_t start = w->len;
	w_bytes(w, t.ptr, keep);
	for (size_t i = start; i < w->len; i++)
		if ((unsigned char)w->buf[i] < 0x20 || w->buf[i] == 0x7F)
			w->buf[i] = ' ';
	if (keep < t.len)
		w_str(w, "…");
}

static void w_person(struct writer *w, const struct zv_situation *s, int32_t i)
{
	if (i < 0 || (uint32_t)i >= s->n_persons) {
		w_str(w, "iemand");
		return;
	}
	w_user_text(w, s->persons[i].id, 40);
}

static void w_number(struct writer *w, long n)
{
	char tmp[24];
	size_t k = 0;
	bool neg = n < 0;
	unsigned long u = neg ? (unsigned long)(-(n + 1)) + 1 : (unsigned long)n;
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		w_str(w, "-");
	while (k)
		w_bytes(w, &tmp[--k], 1);
}

static void w_date(struct writer *w, zv_day d)
{
	static const char *const MONTHS[] = {"januari", "februari", "maart", "april", "mei",
					     "juni", "juli", "augustus", "september",
					     "oktober", "november", "december"};
	int y, m, day;
	zv_date_to_ymd(d, &y, &m, &day);
	w_number(w, day);
	w_str(w, " ");
	w_str(w, MONTHS[m - 1]);
	w_str(w, " ");
	w_number(w, y);
}

static void capitalise_at(struct writer *w, size_t i)
{
	if (i < w->len && w->buf[i] >= 'a' && w->buf[i] <= 'z')
		w->buf[i] = (char)(w->buf[i] - 'a' + 'A');
}

/* Does a sentence begin at w->len (after ". " inside a template)? */
static bool sentence_starts_here(const struct writer *w, size_t start)
{
	return w->len == start ||
	       (w->len >= start + 2 && w->buf[w->len - 1] == ' ' && w->buf[w->len - 2] == '.');
}

/* One sentence (or a few); each begins with a capital, also where one of our
 * own words ("het lokale team") opens it. User text is left as written. */
static void w_say(struct writer *w, const struct zv_situation *s, const struct say *sy)
{
	size_t start = w->len;
	int n = 0;
	const char *p = sy->tmpl, *lit = p;
	for (; *p; p++) {
		if (*p != '%' || !p[1])
			continue;
		w_bytes(w, lit, (size_t)(p - lit));
		const union say_arg *a = n < SAY_MAX_ARGS ? &sy->a[n] : NULL;
		size_t arg_start = w->len;
		bool opens = sentence_starts_here(w, start);
		switch (*++p) {
		case 'P': w_person(w, s, a ? a->i : -1); n++; break;
		case 'D': if (a) w_date(w, a->day); n++; break;
		case 'T': w_str(w, "\""); if (a) w_user_text(w, a->text, 200); w_str(w, "\""); n++; break;
		case 'O':
			w_str(w, org_dutch(a ? (enum zv_org)a->i : ZV_ORG_NONE));
			if (opens)
				capitalise_at(w, arg_start);
			n++;
			break;
		case 'N': w_number(w, a ? a->i : 0); n++; break;
		case 'S':
			w_str(w, a && a->str ? a->str : "");
			if (opens)
				capitalise_at(w, arg_start);
			n++;
			break;
		default: w_bytes(w, p - 1, 2); break;
		}
		lit = p + 1;
	}
	w_bytes(w, lit, (size_t)(p - lit));
	capitalise_at(w, start);
}

static void w_persons(struct writer *w, const struct zv_situation *s, zv_personset set)
{
	int count = popcount64(set), shown = 0;
	int limit = count > 4 ? 3 : count;
	for (zv_personset rest = set; rest && shown < limit; rest &= rest - 1, shown++) {
		if (shown)
			w_str(w, shown == count - 1 ? " en " : ", ");
		w_person(w, s, __builtin_ctzll(rest));
	}
	if (count > limit) {
		w_str(w, " en ");
		w_number(w, count - limit);
		w_str(w, " anderen");
	}
}

static const char *action_noun(enum zv_action a)
{
	static const char *const N[] = {"vastleggen", "opvragen", "delen", "inzien",
					"verzamelen zonder toestemming", "inzage door een betrokkene"};
	return (unsigned)a < ZV_ACTION__COUNT ? N[a] : "";
}

static void w_question(struct writer *w, const struct eval *e)
{
	const struct zv_situation *s = e->s;
	const char *actor = org_dutch(s->actor.kind);
	w_str(w, "Vraag: mag ");
	switch (s->action) {
	case ZV_ACTION_VIEW:
		w_str(w, "een medewerker van ");
		w_str(w, actor);
		w_str(w, " gegevens over ");
		w_persons(w, s, e->about);
		w_str(w, " inzien?");
		return;
	case ZV_ACTION_ACCESS:
		w_person(w, s, s->counterparty.person);
		w_str(w, " de gegevens over ");
		w_persons(w, s, e->about);
		w_str(w, " inzien?");
		return;
	default:
		break;
	}
	w_str(w, actor);
	w_str(w, s->action == ZV_ACTION_ENRICH ? " zonder toestemming informatie over "
					       : " gegevens over ");
	w_persons(w, s, e->about);
	switch (s->action) {
	case ZV_ACTION_RECORD: w_str(w, " vastleggen?"); break;
	case ZV_ACTION_REQUEST:
		w_str(w, " opvragen bij ");
		w_str(w, org_dutch(s->counterparty.kind));
		w_str(w, "?");
		break;
	case ZV_ACTION_DISCLOSE:
		w_str(w, s->initiative == ZV_INITIATIVE_OWN ? " uit eigen beweging delen met "
							    : " op verzoek delen met ");
		if (s->counterparty.person >= 0)
			w_person(w, s, s->counterparty.person);
		else
			w_str(w, org_dutch(s->counterparty.kind));
		w_str(w, "?");
		break;
	case ZV_ACTION_ENRICH: w_str(w, " verzamelen bij anderen?"); break;
	default: break;
	}
	if (s->purpose.description.len) {
		w_str(w, " Doel: \"");
		w_user_text(w, s->purpose.description, 200);
		w_str(w, "\".");
	}
}

static const char *category_words(uint8_t c)
{
	switch (c) {
	case ZV_CAT_ORDINARY: return "gewone gegevens";
	case ZV_CAT_HEALTH: return "gezondheidsgegevens";
	case ZV_CAT_SPECIAL_OTHER: return "andere bijzondere gegevens";
	case ZV_CAT_CRIMINAL: return "strafrechtelijke gegevens";
	}
	return "";
}

static void w_answer(struct writer *w, const struct eval *e)
{
	const struct zv_decision *d = e->d;
	w_str(w, "Antwoord: ");
	switch (d->outcome) {
	case ZV_OUTCOME_ALLOWED: w_str(w, "Ja."); return;
	case ZV_OUTCOME_JUDGEMENT_REQUIRED:
		w_str(w, "Afweging nodig.");
		return;
	case ZV_OUTCOME_DENIED: w_str(w, "Nee."); return;
	case ZV_OUTCOME_ALLOWED_LIMITED: break;
	}
	w_str(w, "Ja, beperkt: ");
	switch (d->scope.kind) {
	case ZV_SCOPE_ANONYMOUS: w_str(w, "alleen zonder namen (anoniem)"); break;
	case ZV_SCOPE_EXISTENCE_ONLY: w_str(w, "alleen dát iemand bekend is, zonder de inhoud"); break;
	default:
		w_str(w, e->s->action == ZV_ACTION_ACCESS ? "alleen de gegevens waarop de vrager recht heeft"
							  : "alleen het deel dat nodig is en is toegestaan");
		if (d->scope.has_categories) {
			w_str(w, " (");
			bool first = true;
			for (uint8_t c = 1; c <= ZV_CAT_CRIMINAL; c <<= 1) {
				if (!(d->scope.categories & c))
					continue;
				if (!first)
					w_str(w, ", ");
				w_str(w, category_words(c));
				first = false;
			}
			w_str(w, ")");
		}
		break;
	}
	if (d->scope.has_persons) {
		w_str(w, ", over ");
		w_persons(w, e->s, d->scope.persons);
	}
	w_str(w, ".");
}

/* "Dat komt door: grondslag en beroepsgeheim." — the steps that decided. */
static void w_deciding_steps(struct writer *w, const struct eval *e, enum zv_step_result which,
			     const char *lead)
{
	const struct zv_decision *d = e->d;
	int total = 0, shown = 0;
	for (uint8_t i = 0; i < d->n_steps; i++)
		total += d->steps[i].result == which;
	if (!total)
		return;
	w_str(w, lead);
	for (uint8_t i = 0; i < d->n_steps; i++) {
		if (d->steps[i].result != which)
			continue;
		if (shown)   /* titles contain "en" themselves */
			w_str(w, "; ");
		const char *title = zv_step_title(d->steps[i].step, e->s->action);
		size_t start = w->len;
		w_str(w, title);
		if (w->len > start && w->buf[start] >= 'A' && w->buf[start] <= 'Z' &&
		    !(title[1] >= 'A' && title[1] <= 'Z'))
			w->buf[start] = (char)(w->buf[start] - 'A' + 'a');
		shown++;
	}
	w_str(w, ".");
}

static void w_step_sentences(struct writer *w, const struct eval *e, enum zv_step step)
{
	const struct step_state *st = &e->steps[step];
	for (uint8_t i = 0; i < st->n_says; i++) {
		if (i)
			w_str(w, " ");
		w_say(w, e->s, &st->says[i]);
	}
	if (st->says_truncated)
		w_str(w, " (Niet alles is hier opgesomd.)");
}

static void w_list(struct writer *w, const char *title, size_t n,
		   const char *(*text)(const struct eval *, size_t), const struct eval *e)
{
	if (!n)
		return;
	w_str(w, "\n");
	w_str(w, title);
	for (size_t i = 0; i < n; i++) {
		w_str(w, "\n- ");
		w_str(w, text(e, i));
	}
}

static const char *question_at(const struct eval *e, size_t i)
{
	return e->d->questions[i].text;
}

static const char *alternative_at(const struct eval *e, size_t i)
{
	return e->d->alternatives[i].text;
}

static void w_questions(struct writer *w, const struct eval *e)
{
	const struct zv_decision *d = e->d;
	if (!d->n_questions)
		return;
	w_str(w, "\nNog te beantwoorden:");
	for (uint8_t i = 0; i < d->n_questions; i++) {
		w_str(w, "\n- ");
		if (d->questions[i].fact == ZV_FACT_PERSON_AGE) {
			w_str(w, "Over ");
			w_person(w, e->s, d->questions[i].person);
			w_str(w, ": ");
		}
		w_str(w, question_at(e, i));
	}
}

static void w_obligations(struct writer *w, const struct eval *e)
{
	const struct zv_decision *d = e->d;
	if (!d->n_obligations)
		return;
	w_str(w, "\nWat u moet doen:");
	for (uint8_t i = 0; i < d->n_obligations; i++) {
		w_str(w, "\n- ");
		w_str(w, d->obligations[i].text);
		if (d->obligations[i].has_due && obligation_due_is_deadline(d->obligations[i].code)) {
			w_str(w, " Uiterlijk ");
			w_date(w, d->obligations[i].due);
			w_str(w, ".");
		}
	}
}

/* Why a step did not apply, when no rule said it. */
static const char *not_applicable_reason(enum zv_step step, enum zv_action a)
{
	if (step == ZV_STEP_SECRECY && a == ZV_ACTION_REQUEST)
		return "Bij opvragen beslist de organisatie die de gegevens heeft zelf over haar beroepsgeheim.";
	if (step == ZV_STEP_SECRECY && (a == ZV_ACTION_RECORD || a == ZV_ACTION_ENRICH))
		return "Het beroepsgeheim speelt bij het delen van gegevens met een ander.";
	if (step == ZV_STEP_ACCURACY && a != ZV_ACTION_ACCESS && a != ZV_ACTION_VIEW)
		return "Labels bij gegevens zijn nodig als u ze aan een ander geeft; in het dossier legt u ze altijd vast.";
	if (step == ZV_STEP_RIGHTS)
		return "Deze stap gaat over verzoeken van betrokkenen zelf, zoals inzage.";
	return NULL;
}

void render_texts(struct eval *e)
{
	struct zv_decision *d = e->d;
	struct writer w = {.buf = d->text, .len = 0, .cap = sizeof d->text};
	w_question(&w, e);
	w_str(&w, "\n");
	w_answer(&w, e);
	if (d->outcome == ZV_OUTCOME_DENIED)
		w_deciding_steps(&w, e, ZV_STEP_FAIL, " Dat komt door: ");
	else if (d->outcome == ZV_OUTCOME_JUDGEMENT_REQUIRED)
		w_deciding_steps(&w, e, ZV_STEP_QUESTION, " Beantwoord eerst de vragen hieronder. Ze gaan over: ");
	w_str(&w, "\nWaarom:");
	for (uint8_t i = 0; i < d->n_steps; i++) {
		struct zv_decision_step *ds = &d->steps[i];
		if (ds->result == ZV_STEP_NOT_APPLICABLE)
			continue;
		w_str(&w, "\n");
		if (ds->step < ZV_STEP__CORE_COUNT) {
			w_number(&w, zv_step_number(ds->step));
			w_str(&w, ". ");
		}
		w_str(&w, zv_step_title(ds->step, e->s->action));
		w_str(&w, ": ");
		size_t start = w.len;
		w_step_sentences(&w, e, ds->step);
		if (w.len == start)
			w_str(&w, "Hier is niets bijzonders.");
		ds->reason = (struct zv_text){d->text + start, w.len - start};
	}
	w_questions(&w, e);
	w_obligations(&w, e);
	if (d->outcome != ZV_OUTCOME_ALLOWED)
		w_list(&w, "Wat u wel kunt doen:", d->n_alternatives, alternative_at, e);
	d->motivation = (struct zv_text){d->text, w.len};

	/* Reasons of the steps that did not apply, after the motivation. */
	for (uint8_t i = 0; i < d->n_steps; i++) {
		struct zv_decision_step *ds = &d->steps[i];
		if (ds->result != ZV_STEP_NOT_APPLICABLE)
			continue;
		size_t start = w.len;
		if (e->steps[ds->step].n_says) {
			w_step_sentences(&w, e, ds->step);
		} else {
			const char *why = not_applicable_reason(ds->step, e->s->action);
			if (why) {
				w_str(&w, why);
			} else {
				w_str(&w, "Deze stap geldt niet bij ");
				w_str(&w, action_noun(e->s->action));
				w_str(&w, ".");
			}
		}
		ds->reason = (struct zv_text){d->text + start, w.len - start};
	}
	d->text_len = w.len;
}
