/*
 * cases.js — Mijn casussen: every case the user has a role in (GET /cases:
 * the service shows no other), with framework, phase, the open obligations
 * and the next deadline; then the user's own open obligations (GET
 * /obligations), overdue first, each one to be marked as done with a note.
 */
import { h, heading, para, link, table, field, textarea, button, secondaryButton } from '../dom.js';
import { t, label } from '../messages.js';
import { dueLabel, today, onSubmit } from '../ui.js';
import { Api } from '../api.js';

function obligationsCell(c) {
	if (!c.open_obligations)
		return t('app.none');
	const parts = [t('cases.obligations_count', { open: c.open_obligations })];
	if (c.overdue_obligations)
		parts.push(', ', h('strong', { class: 'zv-overdue' }, t('cases.overdue_count', { overdue: c.overdue_obligations })));
	return h('span', {}, parts);
}

function casesTable(list, now) {
	return table({
		caption: t('cases.caption'),
		columns: [t('cases.col.id'), t('cases.col.household'), t('cases.col.framework'), t('cases.col.phase'),
			t('cases.col.role'), t('cases.col.obligations'), t('cases.col.next_due')],
		rows: list.map((c) => [
			link(`#/casus/${Api.seg(c.id)}`, c.id, { 'data-case': c.id }),
			h('span', {}, c.household_name || '—', c.title ? h('span', { class: 'zv-sub' }, c.title) : ''),
			label('framework', c.framework),
			label('phase', c.phase),
			c.break_the_glass ? label('case_role', 'break_the_glass') : label('case_role', c.role),
			obligationsCell(c),
			dueLabel(c.next_due, now)
		])
	});
}

/* One obligation, with "Afhandelen" opening a short form in place. */
export function obligationItem(app, ob, now, onDone, who) {
	const slot = h('div', { class: 'zv-messages' });
	const note = textarea({ name: 'note', rows: 2 });
	const form = h('form', { autocomplete: 'off', class: 'zv-form zv-inline-form', hidden: true, novalidate: true },
		field({ label: t('obligations.note'), control: note, required: true }),
		h('div', { class: 'zv-buttons' }, button(t('obligations.fulfil_submit')),
			secondaryButton(t('app.cancel'), { onclick: () => { form.hidden = true; open.setAttribute('aria-expanded', 'false'); open.focus(); } })));
	const open = secondaryButton(t('obligations.fulfil'), {
		'aria-expanded': 'false',
		onclick: () => { form.hidden = false; open.setAttribute('aria-expanded', 'true'); note.focus(); }
	});
	onSubmit(form, slot, async () => {
		await app.api.post(`/obligations/${Api.seg(ob.id)}/fulfilment`, { note: note.value.trim() });
		onDone(t('obligations.done'));
	});
	const overdue = ob.due && ob.due < now;
	return h('li', { class: ['zv-obligation', overdue ? 'zv-obligation--overdue' : ''], 'data-obligation': ob.id },
		h('p', { class: 'utrecht-paragraph zv-obligation__text' }, ob.text),
		h('p', { class: 'utrecht-paragraph zv-obligation__meta' }, dueLabel(ob.due, now), ' · ',
			link(`#/casus/${Api.seg(ob.case)}`, t('obligations.case', { id: ob.case })), ' · ',
			h('span', { class: 'zv-rule' }, t('obligations.rule', { rule: ob.rule }))),
		ob.fulfilled_at ? para(t('obligations.fulfilled', { date: ob.fulfilled_at, by: ob.fulfilled_by }))
			: ob.owner !== app.session.login ? para(t('obligations.owner', { owner: who ? who(ob.owner) : ob.owner }))
				: [open, slot, form]);
}

/* `who` names an owner by login (a case's team); without it, logins. */
export function obligationsList(app, list, now, onDone, who) {
	const sorted = [...list].sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999'));
	return h('ul', { class: 'zv-obligations' }, sorted.map((ob) => obligationItem(app, ob, now, onDone, who)));
}

export async function render(app) {
	const [list, obligations] = await Promise.all([app.api.get('/cases'), app.api.get('/obligations')]);
	const now = today();
	const open = obligations.filter((o) => !o.fulfilled_at);
	const done = (text) => {
		app.flash = text;
		app.show();
	};
	return [
		heading(1, t('cases.title')),
		para(t('cases.intro')),
		list.length ? casesTable(list, now) : para(t('cases.empty')),
		h('section', { 'aria-labelledby': 'verplichtingen' },
			heading(2, t('obligations.title'), { id: 'verplichtingen' }),
			para(t('obligations.intro')),
			open.length ? obligationsList(app, open, now, done) : para(t('obligations.empty')))
	];
}
