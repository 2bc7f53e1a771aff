/*
 * audit.js — Auditlog: the privacy officer's (or auditor's) search of the
 * tamper-evident log by person, user or case and dates — who saw or did
 * what, when and why — and the verification of the whole log (every event,
 * every signed head). Each search is itself logged by the server.
 */
import { h, heading, para, field, textbox, button, choiceGroup, table, formValues } from '../dom.js';
import { t, label } from '../messages.js';
import { say, errorText, dateTime, validate } from '../ui.js';

function whose(e) {
	const w = e.whose || {};
	return [].concat(w.cases || [], w.persons || [], (e.what && e.what.entries) || []).join(', ') || '—';
}

/* Why: the purpose, the decision it rests on, the reason given (a
 * break-the-glass access). */
function why(e) {
	const w = e.why || {};
	return [w.purpose, w.decision, w.reason].filter(Boolean).join(' — ') || '—';
}

/* The event's detail is the system's own note, in English, as the log holds
 * it (NEN 7513): shown as it is, marked as English for screen readers. */
function note(e) {
	return e.detail ? h('span', { lang: 'en' }, e.detail) : '—';
}

function resultsTable(events) {
	return table({
		caption: t('audit.caption'),
		columns: [t('audit.col.seq'), t('audit.col.at'), t('audit.col.who'), t('audit.col.action'), t('audit.col.whose'), t('audit.col.why'),
			t('audit.col.note'), t('audit.col.outcome')],
		rows: events.map((e) => [String(e.seq), dateTime(e.at),
			e.who ? `${e.who.name || e.who.user} (${e.who.user}${e.who.org ? `, ${e.who.org}` : ''})` : '—',
			label('action', e.action), whose(e), why(e), note(e), label('audit_outcome', e.outcome)])
	});
}

function searchForm(app) {
	const slot = h('div', { class: 'zv-messages' });
	const results = h('div', { class: 'zv-results' });
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		choiceGroup({ legend: t('audit.by'), name: 'by', type: 'radio',
			options: [['user', t('audit.by.user')], ['case', t('audit.by.case')], ['person', t('audit.by.person')]], checked: 'user' }),
		field({ label: t('audit.id'), control: textbox({ name: 'id', autocomplete: 'off', spellcheck: 'false' }), required: true }),
		h('div', { class: 'zv-row' },
			field({ label: t('audit.from'), control: textbox({ name: 'from', type: 'date' }) }),
			field({ label: t('audit.to'), control: textbox({ name: 'to', type: 'date' }) })),
		button(t('audit.submit')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		if (!validate(form, slot))
			return;
		const v = formValues(form);
		const q = new URLSearchParams({ [v.by]: v.id.trim() });
		if (v.from)
			q.set('from', v.from);
		if (v.to)
			q.set('to', v.to);
		try {
			const r = await app.api.get(`/audit-events?${q}`);
			slot.replaceChildren();
			results.replaceChildren(h('h3', { class: 'utrecht-heading-3', id: 'resultaten', tabindex: '-1' },
				r.events.length === 1 ? t('audit.results_one') : t('audit.results_many', { count: r.events.length })),
				r.events.length ? resultsTable(r.events) : para(t('audit.empty')));
			results.firstChild.focus();
		} catch (err) {
			say(slot, err.code === 'not_permitted' ? t('audit.not_permitted') : errorText(err));
		}
	});
	return [slot, form, results];
}

function verifyPart(app) {
	const slot = h('div', { class: 'zv-messages zv-verify-result' });
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true }, button(t('audit.verify_submit')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		try {
			const r = await app.api.get('/audit-log/verification');
			if (r.ok) {
				say(slot, t('audit.verify_ok', { events: r.events, heads: r.signed_heads }), 'ok');
			} else {
				say(slot, t('audit.verify_failed', { event: r.event }));
				slot.append(h('pre', { class: 'zv-technical', lang: 'en' }, r.problem || ''));
			}
		} catch (err) {
			say(slot, err.code === 'not_permitted' ? t('audit.not_permitted') : errorText(err));
		}
	});
	return [slot, form];
}

export function render(app) {
	return [
		heading(1, t('audit.title')),
		para(t('audit.intro')),
		h('section', { 'aria-labelledby': 'zoeken' }, heading(2, t('audit.search'), { id: 'zoeken' }), ...searchForm(app)),
		h('section', { 'aria-labelledby': 'controleren' }, heading(2, t('audit.verify'), { id: 'controleren' }), para(t('audit.verify_intro')), ...verifyPart(app))
	];
}
