/*
 * break-glass.js — Noodtoegang: emergency access to a case the user has no
 * role in, for a number of hours and with a reason (logged, reviewed
 * afterwards); and, for the privacy officer, the list of emergency accesses
 * still to be reviewed, each reviewed with a note.
 */
import { h, heading, para, link, field, textarea, textbox, button } from '../dom.js';
import { t } from '../messages.js';
import { dateTime, onSubmit } from '../ui.js';
import { Api } from '../api.js';

function requestForm(app) {
	const slot = h('div', { class: 'zv-messages' });
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		field({ label: t('bg.case'), control: textbox({ name: 'case', autocomplete: 'off', spellcheck: 'false' }), required: true }),
		field({ label: t('bg.reason'), control: textarea({ name: 'reason', rows: 3 }), required: true }),
		field({ label: t('bg.hours'), control: textbox({ name: 'hours', type: 'number', min: '1', max: '72', value: '8', inputmode: 'numeric' }) }),
		button(t('bg.submit')));
	onSubmit(form, slot, async (v) => {
		const id = v.case.trim().toUpperCase();   /* case numbers are upper case: ZV-2026-00001 */
		const r = await app.api.post(`/cases/${Api.seg(id)}/break-glass`, { reason: v.reason.trim(), hours: Number(v.hours) || 8 });
		slot.replaceChildren(h('div', { class: 'utrecht-alert utrecht-alert--ok zv-alert', role: 'status', tabindex: '-1' },
			para(t('bg.done', { id, hours: r.hours, grant: r.id })),
			para(link(`#/casus/${Api.seg(id)}`, t('bg.open_case', { id })))));
		slot.firstChild.focus();
	});
	return [slot, form];
}

function reviewItem(app, g) {
	const slot = h('div', { class: 'zv-messages' });
	const form = h('form', { autocomplete: 'off', class: 'zv-form zv-inline-form', novalidate: true },
		field({ label: t('bg.review_note'), control: textarea({ name: 'note', rows: 2 }), required: true }),
		button(t('bg.review_submit')));
	onSubmit(form, slot, async (v) => {
		const note = v.note.trim();
		await app.api.post(`/break-glass/${Api.seg(g.id)}/review`, { note });
		app.flash = t('bg.review_done');
		app.show();
	});
	return h('li', { class: 'zv-grant', 'data-grant': g.id },
		h('h3', { class: 'utrecht-heading-3' }, t('bg.review_item', { login: g.login, case: g.case })),
		para(h('strong', {}, t('bg.review_reason')), ': ', g.reason),
		para(t('bg.review_when', { from: dateTime(g.at), until: dateTime(g.until) })),
		slot, form);
}

export async function render(app) {
	/* Breaking the glass is a professional's; the privacy officer reviews. */
	const parts = [heading(1, t('bg.title')), para(t('bg.intro')), app.hasRole('professional') ? requestForm(app) : ''];
	if (app.hasRole('privacy_officer')) {
		const pending = await app.api.get('/break-glass');
		parts.push(h('section', { 'aria-labelledby': 'beoordelen' },
			heading(2, t('bg.review_title'), { id: 'beoordelen' }), para(t('bg.review_intro')),
			pending.length ? h('ul', { class: 'zv-grants' }, pending.map((g) => reviewItem(app, g))) : para(t('bg.review_empty'))));
	}
	return parts;
}
