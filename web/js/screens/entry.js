/*
 * entry.js — Aantekening: a new entry (kind, category, source, text, whom it
 * is about, verified, shielded from whom), a correction of an entry (the old
 * version is kept, R7.3), or the reaction of a person concerned (R8.2).
 *
 * Recording is decided by the engine: when it has questions (proportionate?
 * beyond what is needed? was the family told?), the API answers 400 with the
 * decision, and this screen asks exactly those questions on the same page.
 */
import { h, heading, para, link, field, textarea, textbox, select, checkbox, button, choiceGroup, formValues } from '../dom.js';
import { t, label, codes } from '../messages.js';
import { say, errorText, questionFields, answersFrom, decisionView, validate, onSubmit, mayRecord } from '../ui.js';
import { Api } from '../api.js';

/* The engine's question fields and the entry request's member for each. */
const ANSWER_MEMBERS = {
	'data.proportionate': 'proportionate',
	'data.beyond_necessary': 'beyond_necessary',
	'transparency.informed_beforehand': 'informed_beforehand',
	'transparency.reason_not_informed': 'reason_not_informed'
};

function flatAnswers(nested) {
	const out = {};
	for (const [dotted, member] of Object.entries(ANSWER_MEMBERS)) {
		const [a, b] = dotted.split('.');
		if (nested[a] && nested[a][b] !== undefined)
			out[member] = nested[a][b];
	}
	return out;
}

function newEntry(app, c, back) {
	const slot = h('div', { class: 'zv-messages' });
	const questions = h('div', { class: 'zv-questions' });
	let answers = {};
	const persons = c.persons.map((p) => [p.id, p.name]);
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		choiceGroup({ legend: t('entry.kind'), name: 'kind', type: 'radio', options: codes('entry_kind').map((k) => [k, label('entry_kind', k)]), checked: 'fact' }),
		field({ label: t('entry.category'), control: select({ name: 'category' }, codes('category').map((k) => [k, label('category', k)])) }),
		field({ label: t('entry.source'), control: textbox({ name: 'source' }), description: t('entry.source_hint'), required: true }),
		field({ label: t('entry.text'), control: textarea({ name: 'text', rows: 5 }), required: true }),
		choiceGroup({ legend: t('entry.subjects'), name: 'subjects', type: 'checkbox', options: persons, checked: [], required: true }),
		field({ label: t('entry.verified'), control: checkbox({ name: 'verified' }) }),
		choiceGroup({ legend: t('entry.hidden_from_persons'), name: 'hidden_from_persons', type: 'checkbox', options: persons, checked: [] }),
		field({ label: t('entry.restriction_reason'), control: textbox({ name: 'restriction_reason' }) }),
		questions,
		button(t('entry.submit')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		if (!validate(form, slot))
			return;
		const v = formValues(form);
		if (v.hidden_from_persons.length && !v.restriction_reason.trim()) {
			say(slot, t('entry.restriction_reason_needed'));
			form.querySelector('[name=restriction_reason]').focus();
			return;
		}
		answers = answersFrom(questions, answers);
		const body = { kind: v.kind, category: v.category, source: v.source.trim(), text: v.text.trim(), subjects: v.subjects, verified: v.verified, ...flatAnswers(answers) };
		if (v.hidden_from_persons.length) {
			body.hidden_from_persons = v.hidden_from_persons;
			body.restriction_reason = v.restriction_reason.trim();
		}
		try {
			const r = await app.api.post(`/cases/${Api.seg(c.id)}/entries`, body);
			app.flash = t('entry.done', { id: r.id });
			app.go(back);
		} catch (err) {
			if (err.decision && err.decision.questions && err.decision.questions.length) {
				questions.replaceChildren(heading(2, t('share.questions')), para(t('entry.questions')),
					...questionFields(err.decision.questions, answers, (f) => f in ANSWER_MEMBERS,
						(id) => (c.persons.find((p) => p.id === id) || { name: id }).name));
				say(slot, t('entry.questions'));
			} else if (err.decision) {
				questions.replaceChildren(heading(2, t('share.answer')), decisionView(err.decision));
				say(slot, t('entry.denied'));
			} else {
				say(slot, errorText(err));
			}
		}
	});
	return [heading(1, t('entry.title', { id: c.id })), para(t('entry.intro')), slot, form];
}

function correction(app, c, e, back) {
	const slot = h('div', { class: 'zv-messages' });
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		field({ label: t('correct.text'), control: textarea({ name: 'text', rows: 5, value: e.text }), required: true }),
		field({ label: t('correct.reason'), control: textbox({ name: 'reason' }), required: true }),
		button(t('correct.submit')));
	onSubmit(form, slot, async (v) => {
		await app.api.post(`/entries/${Api.seg(e.id)}/corrections`, { version: e.version, text: v.text.trim(), reason: v.reason.trim() });
		app.flash = t('correct.done');
		app.go(back);
	});
	return [heading(1, t('correct.title', { id: e.id })), para(t('correct.intro')),
		h('blockquote', { class: 'utrecht-blockquote' }, para(e.text)), slot, form];
}

function reaction(app, c, e, back) {
	const slot = h('div', { class: 'zv-messages' });
	/* The service takes a reaction of a person the entry is about. */
	const concerned = c.persons.filter((p) => e.subjects.includes(p.id));
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		field({ label: t('react.person'), control: select({ name: 'person' }, concerned.map((p) => [p.id, p.name])) }),
		field({ label: t('react.text'), control: textarea({ name: 'text', rows: 5 }), required: true }),
		button(t('react.submit')));
	onSubmit(form, slot, async (v) => {
		await app.api.post(`/entries/${Api.seg(e.id)}/reactions`, { person: v.person, text: v.text.trim() });
		app.flash = t('react.done');
		app.go(back);
	});
	return [heading(1, t('react.title', { id: e.id })), para(t('react.intro')),
		h('blockquote', { class: 'utrecht-blockquote' }, para(e.text)), slot, form];
}

export async function render(app, params) {
	const c = await app.api.get(`/cases/${Api.seg(params.id)}`);
	const back = `/casus/${Api.seg(c.id)}`;
	const backLink = h('p', { class: 'utrecht-paragraph' }, link(`#${back}`, t('app.back_to_case', { id: c.id })));
	/* Recording is for the lead, the directly involved and the substitute;
	 * a closed case takes no new entries (corrections and reactions stay). */
	const may = mayRecord(c);
	if (!may || (params.mode === 'new' && c.phase === 'closed'))
		return [backLink, heading(1, t('app.error.title')), para(t(may ? 'case.closed' : 'entry.not_writable'))];
	if (params.mode === 'new')
		return [backLink, ...newEntry(app, c, back)];
	const e = c.entries.find((x) => x.id === params.entry && !x.anonymous);
	if (!e)
		return [backLink, heading(1, t('app.error.title')), para(t('app.error.not_found'))];
	return [backLink, ...(params.mode === 'correct' ? correction(app, c, e, back) : reaction(app, c, e, back))];
}
