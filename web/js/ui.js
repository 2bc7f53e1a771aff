/*
 * ui.js — pieces of screens that several screens share: the error and
 * success messages, a decision of the engine shown in full (answer,
 * motivation, steps, legal references, scope, obligations, alternatives),
 * the engine's questions as form fields, and dates in Dutch.
 */
import { h, field, select, textbox, choiceGroup, heading, para, shown, formValues } from './dom.js';
import { t, label, codes } from './messages.js';

/* "2026-10-15" or an RFC 3339 time → "15 oktober 2026". */
export function date(text) {
	if (!text)
		return t('app.unknown');
	const d = new Date(text.length === 10 ? `${text}T12:00:00Z` : text);
	if (Number.isNaN(d.getTime()))
		return text;
	return d.toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
}

export function dateTime(text) {
	const d = new Date(text);
	if (Number.isNaN(d.getTime()))
		return text || t('app.unknown');
	return d.toLocaleString('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
}

/* Today in the Netherlands as YYYY-MM-DD: what "overdue" is measured against. */
export function today() {
	return new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/* The Dutch message for an ApiError. */
export function errorText(err) {
	switch (err.code) {
	case 'network': return t('app.error.network');
	case 'unauthenticated': return t('app.error.session_ended');
	case 'csrf_token_invalid':
	case 'csrf_token_missing': return t('app.error.session_changed');
	case 'not_permitted': return err.decision ? label('outcome_long', err.decision.outcome) : t('app.error.not_permitted');
	case 'not_found': return t('app.error.not_found');
	case 'conflict': return t('app.error.conflict');
	case 'invalid_input':
	case 'invalid_json':
	case 'invalid_situation': {
		/* The API's detail is English, for developers: the user is told which
		 * field, in Dutch. */
		const member = err.path ? err.path.replace(/\[\d+\]/g, '').split('.').pop() : '';
		return member && member !== '$' ? t('app.error.field', { field: label('field', member) }) : t('app.error.invalid_input');
	}
	default: return t('app.error.internal');
	}
}

/* An alert that is read out and takes the focus, so keyboard and screen
 * reader users land on it. */
export function alertBox(text, kind) {
	const box = h('div', {
		class: ['utrecht-alert', kind === 'ok' ? 'utrecht-alert--ok' : 'utrecht-alert--error', 'zv-alert'],
		role: kind === 'ok' ? 'status' : 'alert', tabindex: '-1'
	}, h('div', { class: 'utrecht-alert__message' }, para(text)));
	return box;
}

/* Checks a form's required fields (aria-required, and groups of choices
 * marked data-required) before it is sent: the first one left empty is named in
 * `slot`, marked invalid and focused. True when all are filled in. */
export function validate(form, slot) {
	form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
	for (const el of form.querySelectorAll('[aria-required="true"], fieldset[data-required="true"]')) {
		if (!shown(el))
			continue;
		const group = el.tagName === 'FIELDSET';
		const empty = group ? !el.querySelector('input:checked')
			: el.type === 'checkbox' ? !el.checked : !String(el.value).trim();
		if (!empty)
			continue;
		const name = group ? el.querySelector('legend').textContent : (form.querySelector(`label[for="${el.id}"]`) || {}).textContent;
		say(slot, group ? t('app.error.required_choice', { field: name })
			: el.type === 'checkbox' ? t('app.error.required_check', { field: name }) : t('app.error.required_field', { field: name }));
		(group ? el.querySelectorAll('input') : [el]).forEach((c) => c.setAttribute('aria-invalid', 'true'));
		(group ? el.querySelector('input') : el).focus();
		return false;
	}
	return true;
}

/* A form's submit: its required fields checked (validate), then
 * `act(values)`; whatever the API refuses is said in Dutch in `slot`. */
export function onSubmit(form, slot, act) {
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		if (!validate(form, slot))
			return;
		try {
			await act(formValues(form));
		} catch (err) {
			say(slot, errorText(err));
		}
	});
}

/* May the user record in case `c`, as the services will allow it: a lead,
 * a directly involved professional or a substitute (R13.1); an advisor
 * sees anonymously, break-the-glass lets one see, not act. The screens only
 * leave out what would be refused: the services decide. */
export function mayRecord(c) {
	return !c.anonymous && !c.break_the_glass && ['lead', 'directly_involved', 'substitute'].includes(c.your_role);
}

/* Shows `text` in `slot` (a container above a form) and focuses it. */
export function say(slot, text, kind) {
	slot.replaceChildren(alertBox(text, kind));
	slot.firstChild.focus();
}

/* The engine's decision, as the professional must be able to defend it. */
export function decisionView(decision, opts) {
	const o = opts || {};
	const outcome = decision.outcome;
	const parts = [
		h('div', { class: ['zv-answer', `zv-answer--${outcome}`], 'data-outcome': outcome },
			h('p', { class: 'zv-answer__label' }, label('outcome', outcome)),
			para(label('outcome_long', outcome)))
	];
	if (decision.scope) {
		const s = decision.scope;
		const items = [h('li', {}, label('scope', s.kind || 'content'), ': ', label('scope_hint', s.kind || 'content'))];
		if (s.categories)
			items.push(h('li', {}, s.categories.map((c) => label('category', c)).join(', ')));
		if (s.persons)
			items.push(h('li', {}, s.persons.map((p) => (o.personName ? o.personName(p) : p)).join(', ')));
		parts.push(heading(3, t('share.scope')), h('ul', { class: 'utrecht-unordered-list' }, items));
	}
	if (decision.obligations && decision.obligations.length)
		parts.push(heading(3, t('share.obligations')), h('ul', { class: 'utrecht-unordered-list' },
			decision.obligations.map((ob) => h('li', {}, ob.text, ob.due ? ` — ${t('obligations.due', { date: date(ob.due) })}` : '',
				' ', h('span', { class: 'zv-rule' }, t('decision.question_rule', { rule: ob.rule }))))));
	if (decision.alternatives && decision.alternatives.length)
		parts.push(heading(3, t('share.alternatives')), h('ul', { class: 'utrecht-unordered-list' },
			decision.alternatives.map((a) => h('li', {}, a.text, ' ',
				h('span', { class: 'zv-rule' }, t('decision.question_rule', { rule: a.rule }))))));
	parts.push(heading(3, t('share.motivation')),
		h('div', { class: 'zv-motivation' },
			withNames(decision.motivation, o.personName).split('\n').map((line) => h('p', { class: 'utrecht-paragraph' }, line))));
	parts.push(h('details', { class: 'zv-steps' },
		h('summary', {}, t('share.steps')),
		h('ol', { class: 'utrecht-ordered-list' }, decision.steps.map((s) =>
			h('li', {}, h('strong', {}, `${label('step', s.name)}: ${label('step_result', s.result)}. `),
				withNames(s.reason, o.personName), s.rules.length ? [' ', h('span', { class: 'zv-rule' }, t('decision.rules', { rules: s.rules.join(', ') }))] : '')))));
	if (decision.legal_refs && decision.legal_refs.length)
		parts.push(heading(3, t('share.legal_refs')),
			h('ul', { class: 'utrecht-unordered-list zv-refs' }, decision.legal_refs.map((r) => h('li', {}, r))));
	return h('div', { class: 'zv-decision' }, parts);
}

/* How each question of the engine is answered: its field's kind (the
 * situation's types, docs/decision-api.md). Any other field is yes/no. */
const CHOICES = {
	secrecy_ground: 'secrecy_ground',
	'transparency.reason_not_informed': 'reason_not_informed',
	framework: 'framework',
	'actor.case_role': 'case_role'
};
const DATES = new Set(['veilig_thuis.report_date']);
const TEXTS = new Set(['legal_basis.provision']);

/* One form control per question that `answerable(field)` says the
 * professional may answer; read back with answersFrom(). Earlier answers
 * (`given`, a partial situation) are filled in again. A question the
 * dossier must answer (an age, say) is shown as a note, naming whom it is
 * about when the engine says. */
export function questionFields(questions, given, answerable, personName) {
	return questions.map((q, i) => {
		const name = `q${i}`;
		const before = lookup(given, q.field);
		const about = q.person && personName ? ` (${personName(q.person)})` : '';
		const open = before === undefined;
		const legend = [open ? h('strong', { class: 'zv-open' }, `${t('share.open_question')}: `) : '', q.text, about, ' ',
			h('span', { class: 'zv-rule' }, t('decision.question_rule', { rule: q.rule }))];
		let control;
		if (!answerable(q.field)) {
			control = h('div', { class: 'zv-not-answerable' }, h('p', { class: 'utrecht-paragraph' }, h('strong', {}, legend)),
				para(t('entry.not_answerable')));
		} else if (CHOICES[q.field]) {
			const kind = CHOICES[q.field];
			control = field({
				label: legend,
				control: select({ name, 'data-field': q.field, 'data-type': 'choice' },
					[['', t('share.answer_unknown')], ...codes(kind).filter((c) => c !== 'break_the_glass').map((c) => [c, label(kind, c)])])
			});
			if (before !== undefined)
				control.querySelector('select').value = before;
		} else if (DATES.has(q.field) || TEXTS.has(q.field)) {
			const input = textbox({ name, 'data-field': q.field, 'data-type': 'text', type: DATES.has(q.field) ? 'date' : 'text', value: before || '' });
			control = field({ label: legend, control: input });
		} else {
			control = choiceGroup({
				legend, name, type: 'radio',
				options: [['true', t('share.answer_bool_yes')], ['false', t('share.answer_bool_no')], ['', t('share.answer_unknown')]],
				checked: before === true ? 'true' : before === false ? 'false' : null
			});
			control.querySelectorAll('input').forEach((el) => {
				el.dataset.field = q.field;
				el.dataset.type = 'bool';
			});
		}
		return h('div', { class: ['zv-question', open ? 'zv-question--open' : ''], 'data-field': q.field }, control);
	});
}

function lookup(obj, dotted) {
	let cur = obj;
	for (const part of dotted.split('.')) {
		if (cur === null || typeof cur !== 'object' || !(part in cur))
			return undefined;
		cur = cur[part];
	}
	return cur;
}

function assign(obj, dotted, value) {
	const parts = dotted.split('.');
	let cur = obj;
	parts.slice(0, -1).forEach((p) => {
		cur[p] = cur[p] && typeof cur[p] === 'object' ? cur[p] : {};
		cur = cur[p];
	});
	cur[parts[parts.length - 1]] = value;
}

/* The answers of a form's question fields, merged into `into` (a partial
 * situation); "Weet ik niet" leaves a fact out, so it is asked again. */
export function answersFrom(form, into) {
	const out = JSON.parse(JSON.stringify(into || {}));
	form.querySelectorAll('[data-field]').forEach((el) => {
		if (!('type' in el.dataset))
			return;
		const f = el.dataset.field;
		if (el.dataset.type === 'bool') {
			if (!el.checked)
				return;
			if (el.value === '')
				removeAnswer(out, f);
			else
				assign(out, f, el.value === 'true');
		} else if (el.value !== '') {
			assign(out, f, el.value);
		} else {
			removeAnswer(out, f);
		}
	});
	return out;
}

function removeAnswer(obj, dotted) {
	const parts = dotted.split('.');
	let cur = obj;
	for (const p of parts.slice(0, -1)) {
		if (!cur[p] || typeof cur[p] !== 'object')
			return;
		cur = cur[p];
	}
	delete cur[parts[parts.length - 1]];
}

/* The engine and the services name persons by id ("P000003"); a screen
 * that knows the household shows their names. */
export function withNames(text, personName) {
	return personName ? text.replace(/\bP\d{6}\b/g, (id) => personName(id)) : text;
}

/* "3 open, 1 te laat" and the like, with overdue standing out. */
export function dueLabel(due, now) {
	if (!due)
		return t('cases.no_due');
	if (due < now)
		return h('strong', { class: 'zv-overdue' }, t('obligations.overdue', { date: date(due) }));
	if (due === now)
		return h('strong', { class: 'zv-due-today' }, t('obligations.today', { date: date(due) }));
	return t('obligations.due', { date: date(due) });
}
