/*
 * framework.js — Kader en fase: change a case's framework (voluntary,
 * pressure, compulsory…) or phase with its reason, and say whether the
 * family was told (R6.4, R12). The change names the case's version, so a
 * change made meanwhile by someone else is refused, not overwritten.
 */
import { h, heading, para, link, field, textarea, select, checkbox, button } from '../dom.js';
import { t, label, codes } from '../messages.js';
import { say, onSubmit, mayRecord } from '../ui.js';
import { Api } from '../api.js';

export async function render(app, params) {
	const c = await app.api.get(`/cases/${Api.seg(params.id)}`);
	const back = `/casus/${Api.seg(c.id)}`;
	if (!mayRecord(c))
		return [h('p', { class: 'utrecht-paragraph' }, link(`#${back}`, t('app.back_to_case', { id: c.id }))),
			heading(1, t('app.error.title')), para(t('entry.not_writable'))];
	const slot = h('div', { class: 'zv-messages' });
	const fw = select({ name: 'framework' }, codes('framework').map((k) => [k, label('framework', k)]));
	const ph = select({ name: 'phase' }, codes('phase').map((k) => [k, label('phase', k)]));
	fw.value = c.framework;
	ph.value = c.phase;
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		para(t('case.framework.now', { framework: label('framework', c.framework), phase: label('phase', c.phase) })),
		field({ label: t('framework.framework'), control: fw }),
		field({ label: t('framework.phase'), control: ph }),
		field({ label: t('framework.reason'), control: textarea({ name: 'reason', rows: 3 }), required: true }),
		field({ label: t('framework.informed'), control: checkbox({ name: 'family_informed' }) }),
		button(t('framework.submit')));
	onSubmit(form, slot, async (v) => {
		if (v.framework === c.framework && v.phase === c.phase) {
			say(slot, t('framework.unchanged'));
			return;
		}
		const body = { version: c.version, reason: v.reason.trim(), family_informed: v.family_informed };
		if (v.framework !== c.framework)
			body.framework = v.framework;
		if (v.phase !== c.phase)
			body.phase = v.phase;
		const r = await app.api.post(`/cases/${Api.seg(c.id)}/changes`, body);
		app.flash = t('framework.done', { version: r.version });
		app.go(back);
	});
	return [h('p', { class: 'utrecht-paragraph' }, link(`#${back}`, t('app.back_to_case', { id: c.id }))),
		heading(1, t('framework.title', { id: c.id })), para(t('framework.intro')), slot, form];
}
