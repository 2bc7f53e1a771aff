/*
 * case.js — Casus: one case as need-to-know lets this user see it (GET
 * /cases/{id}; the service filters every entry): the household, framework
 * and phase with their history and whether the family was told, the team,
 * the entries with their kind, source, verification and category,
 * corrections and reactions, consents (giving and withdrawing, equally
 * easy: R2.5), obligations, decisions and disclosures.
 */
import { h, heading, para, link, table, facts, field, textarea, textbox, select, checkbox, button, choiceGroup, formValues } from '../dom.js';
import { t, label, codes } from '../messages.js';
import { date, dateTime, today, alertBox, withNames, onSubmit, mayRecord } from '../ui.js';
import { obligationsList } from './cases.js';
import { Api } from '../api.js';

function personNames(c) {
	const names = new Map(c.persons.map((p) => [p.id, p.name]));
	return (id) => names.get(id) || id;
}

/* A professional's name from their login, as the case's team gives it
 * (someone no longer in the team stays a login). */
function memberNames(c) {
	const names = new Map(c.team_members.filter((m) => m.name).map((m) => [m.login, m.name]));
	return (login) => names.get(login) || login;
}

/* A child: who has authority over them; a parent: over whom. */
function authorityOf(c, p, name) {
	if (p.authority && p.authority.length)
		return t('case.person.authority_by', { names: p.authority.map(name).join(', ') });
	const over = c.persons.filter((x) => x.authority && x.authority.includes(p.id)).map((x) => x.name);
	return over.length ? t('case.person.authority_over', { names: over.join(', ') }) : t('case.person.no_authority');
}

function household(c, name) {
	return table({
		caption: t('case.household.caption'),
		columns: [t('case.person.name'), t('case.person.role'), t('case.person.age'), t('case.person.authority'),
			t('case.person.address'), t('case.person.bsn')],
		rows: c.persons.map((p) => [
			h('span', { 'data-person': p.id }, p.name),
			label('person_role', p.role),
			p.age === null || p.age === undefined ? t('app.unknown') : t('case.person.age_value', { age: p.age }),
			authorityOf(c, p, name),
			p.confidential_address ? h('strong', { class: 'zv-confidential' }, t('case.person.confidential')) : (p.address || '—'),
			p.bsn || '—'
		])
	});
}

/* "Gezin geïnformeerd" for a change the family was not yet told of (R6.4). */
function informForm(app, c, version) {
	const slot = h('div', { class: 'zv-messages' });
	const note = textarea({ name: 'note', rows: 2 });
	const form = h('form', { autocomplete: 'off', class: 'zv-form zv-inline-form', novalidate: true },
		field({ label: t('case.history.informed_note'), control: note, required: true }),
		button(t('case.history.informed_submit')));
	onSubmit(form, slot, async () => {
		await app.api.post(`/cases/${Api.seg(c.id)}/family-informed`, { change: version, note: note.value.trim() });
		app.flash = t('case.history.informed_done');
		app.show();
	});
	return h('details', { class: 'zv-disclosure' }, h('summary', {}, t('case.history.mark_informed', { version })), slot, form);
}

function frameworkSection(app, c, who) {
	const history = table({
		caption: t('case.history.caption'),
		columns: [t('case.history.version'), t('case.history.at'), t('case.history.by'), t('case.history.framework'),
			t('case.history.phase'), t('case.history.reason'), t('case.history.informed')],
		rows: c.history.map((v) => [
			String(v.version), date(v.at), who(v.by), label('framework', v.framework), label('phase', v.phase),
			v.reason || '—',
			v.family_informed ? t('case.history.informed_at', { date: date(v.informed_at) })
				: h('strong', { class: 'zv-overdue' }, t('case.history.not_informed'))
		])
	});
	/* Recording that the family was told, below the table (not in a cell). */
	const forms = mayRecord(c) ? c.history.filter((v) => !v.family_informed).map((v) => informForm(app, c, v.version)) : [];
	return [para(h('strong', {}, t('case.framework.now', { framework: label('framework', c.framework), phase: label('phase', c.phase) }))), history, forms];
}

function entryArticle(app, c, e, name, who) {
	if (e.anonymous) {
		return h('li', { class: 'zv-entry zv-entry--anonymous', 'data-entry': e.id },
			para(t('case.entry.anonymous', { kind: label('entry_kind', e.kind), category: label('category', e.category), date: date(e.recorded_at) })));
	}
	const actions = !mayRecord(c) ? [] : [
		link(`#/casus/${Api.seg(c.id)}/aantekening/${Api.seg(e.id)}/correctie`, t('case.entry.correct'), { 'aria-label': t('case.entry.correct_label', { id: e.id }) }),
		link(`#/casus/${Api.seg(c.id)}/aantekening/${Api.seg(e.id)}/reactie`, t('case.entry.react'), { 'aria-label': t('case.entry.react_label', { id: e.id }) })
	];
	return h('li', { class: ['zv-entry', `zv-entry--${e.kind}`], 'data-entry': e.id },
		h('article', { 'aria-labelledby': `kop-${e.id}` },
			h('h3', { class: 'utrecht-heading-3 zv-entry__heading', id: `kop-${e.id}` },
				h('span', { class: ['zv-badge', `zv-badge--${e.kind}`] }, label('entry_kind', e.kind)), ' ', e.id,
				e.category !== 'ordinary' ? [' ', h('span', { class: 'zv-badge zv-badge--special' }, label('category', e.category))] : ''),
			h('p', { class: 'utrecht-paragraph zv-entry__text' }, e.text),
			facts([
				[t('case.entry.source'), e.source],
				[t('case.entry.category'), label('category', e.category)],
				[t('case.entry.subjects'), e.subjects.map(name).join(', ')],
				[t('case.entry.verified'), e.verified_by ? t('case.entry.verified_by', { by: who(e.verified_by), date: date(e.verified_at) }) : t('case.entry.not_verified')],
				[t('case.entry.author'), `${who(e.author)} (${app.orgName(e.organisation)}), ${date(e.recorded_at)}`],
				e.version > 1 ? [t('case.entry.version'), String(e.version)] : null,
				e.correction_reason ? [t('case.entry.correction_reason'), e.correction_reason] : null
			]),
			e.corrected_versions && e.corrected_versions.length ? h('details', { class: 'zv-disclosure' },
				h('summary', {}, t('case.entry.corrected_versions')),
				h('ul', { class: 'utrecht-unordered-list' }, e.corrected_versions.map((v) =>
					h('li', {}, t('case.entry.corrected_version', { version: v.version, date: date(v.recorded_at || v.at), text: v.text }))))) : '',
			e.reactions && e.reactions.length ? [h('h4', { class: 'utrecht-heading-4' }, t('case.entry.reactions')),
				h('ul', { class: 'utrecht-unordered-list zv-reactions' }, e.reactions.map((r) =>
					h('li', {}, t('case.entry.reaction', { person: name(r.person), date: date(r.at), text: r.text }))))] : '',
			actions.length ? h('p', { class: 'utrecht-paragraph zv-actions' }, actions[0], ' · ', actions[1]) : ''));
}

/* Withdrawing a consent: one button, who withdraws, and for participation
 * what the team does next (R9.3). As short as giving it. */
function withdrawForm(app, c, consent, name) {
	const slot = h('div', { class: 'zv-messages' });
	const who = select({ name: 'by_person' }, consent.given_by.map((p) => [p, name(p)]));
	const parts = [para(t('withdraw.intro')), field({ label: t('withdraw.by_person'), control: who })];
	if (consent.kind === 'participation') {
		/* What the team may do next depends on the framework (R9.3): under
		 * compulsion it goes on; otherwise it stops or hands over. Nothing is
		 * chosen for the user, and stopping closes the case: it is confirmed. */
		const offered = c.framework === 'compulsory' ? ['continue_compulsory'] : ['stop', 'hand_over'];
		const confirm = field({ label: t('withdraw.confirm_stop'), control: checkbox({ name: 'confirm_stop' }), required: true });
		confirm.hidden = true;
		const group = choiceGroup({ legend: t('withdraw.choice'), name: 'choice', type: 'radio', required: true,
			options: offered.map((k) => [k, label('withdraw_choice', k)]), checked: null });
		group.addEventListener('change', () => { confirm.hidden = formValues(form).choice !== 'stop'; });
		parts.push(group, confirm);
	}
	parts.push(field({ label: t('withdraw.note'), control: textarea({ name: 'note', rows: 2 }) }));
	const form = h('form', { autocomplete: 'off', class: 'zv-form zv-inline-form', novalidate: true }, parts, button(t('withdraw.submit')));
	onSubmit(form, slot, async (v) => {
		const body = { version: consent.version, by_person: v.by_person };
		if (v.choice)
			body.choice = v.choice;
		if (v.note && v.note.trim())
			body.note = v.note.trim();
		const r = await app.api.post(`/cases/${Api.seg(c.id)}/consents/${Api.seg(consent.id)}/withdrawal`, body);
		app.flash = [t('withdraw.done'),
			r.disclosures_stopped === 1 ? t('withdraw.stopped_one') : r.disclosures_stopped ? t('withdraw.stopped_many', { n: r.disclosures_stopped }) : '',
			r.decisions_flagged === 1 ? t('withdraw.flagged_one') : r.decisions_flagged ? t('withdraw.flagged_many', { n: r.decisions_flagged }) : '',
			r.consequence ? withNames(r.consequence, name) : '',
			consent.kind === 'participation' ? t('withdraw.obligation') : ''].filter(Boolean).join(' ');
		app.show();
	});
	return h('details', { class: 'zv-disclosure zv-withdraw' },
		h('summary', {}, t('case.consent.withdraw')), slot, form);
}

/* A consent's recipients: organisation kinds, organisations of the pilot
 * ("org:ID") and persons ("person:ID"), by their Dutch names. */
function recipientNames(app, list, name) {
	if (!list || !list.length)
		return t('case.consent.no_recipients');
	return list.map((r) => (r.startsWith('org:') ? app.orgName(r.slice(4))
		: r.startsWith('person:') ? name(r.slice(7)) : label('org_kind', r))).join(', ');
}

function consentItem(app, c, k, name) {
	const live = k.state === 'given' || k.state === 'renewed';
	return h('li', { class: ['zv-consent', `zv-consent--${k.state}`], 'data-consent': k.id },
		h('h3', { class: 'utrecht-heading-3' }, t('case.consent.heading', { id: k.id, kind: label('consent_kind', k.kind) })),
		facts([
			[t('case.consent.state'), h('strong', { 'data-state': k.state }, label('consent_state', k.state))],
			[t('case.consent.subject'), name(k.subject)],
			[t('case.consent.purpose'), k.purpose],
			[t('case.consent.recipients'), recipientNames(app, k.recipients, name)],
			[t('case.consent.categories'), k.categories ? k.categories.map((x) => label('category', x)).join(', ') : t('case.consent.all_categories')],
			[t('case.consent.given_by'), k.given_by.map(name).join(', ')],
			[t('case.consent.since'), dateTime(k.at)],
			k.valid_until ? [t('case.consent.valid_until'), date(k.valid_until)] : null,
			k.how_obtained ? [t('case.consent.how'), k.how_obtained] : null,
			k.note ? [t('case.consent.note'), withNames(k.note, name)] : null
		]),
		live && mayRecord(c) ? withdrawForm(app, c, k, name) : '');
}

/* Recording a consent that was given (R2.4: free, unambiguous, informed, specific). */
function giveForm(app, c, name) {
	const slot = h('div', { class: 'zv-messages' });
	const persons = c.persons.map((p) => [p.id, name(p.id)]);
	const form = h('form', { autocomplete: 'off', class: 'zv-form', novalidate: true },
		field({ label: t('give.subject'), control: select({ name: 'subject' }, persons) }),
		field({ label: t('give.kind'), control: select({ name: 'kind' }, codes('consent_kind').filter((k) => k !== 'agreement').map((k) => [k, label('consent_kind', k)])) }),
		field({ label: t('give.purpose'), control: textbox({ name: 'purpose' }), required: true }),
		field({ label: t('give.recipients'), control: select({ name: 'recipient' }, codes('org_kind').map((k) => [k, label('org_kind', k)])) }),
		choiceGroup({ legend: t('give.given_by'), name: 'given_by', type: 'checkbox', options: persons, checked: [], required: true }),
		field({ label: t('give.how_obtained'), control: textbox({ name: 'how_obtained' }), required: true }),
		field({ label: t('give.present'), control: textbox({ name: 'present' }) }),
		choiceGroup({ legend: t('give.conditions'), name: 'conditions', type: 'checkbox',
			options: [['free', t('give.free')], ['unambiguous', t('give.unambiguous')], ['informed', t('give.informed')],
				['specific', t('give.specific')], ['explicit', t('give.explicit')]],
			checked: [] }),
		button(t('give.submit')));
	onSubmit(form, slot, async (v) => {
		const body = {
			subject: v.subject, kind: v.kind, purpose: v.purpose.trim(), recipients: [v.recipient],
			given_by: v.given_by, state: 'given'
		};
		for (const k of ['free', 'unambiguous', 'informed', 'specific', 'explicit'])
			body[k] = v.conditions.includes(k);
		if (v.how_obtained.trim())
			body.how_obtained = v.how_obtained.trim();
		if (v.present.trim())
			body.present = v.present.trim();
		const r = await app.api.post(`/cases/${Api.seg(c.id)}/consents`, body);
		app.flash = t('give.done', { id: r.id });
		app.show();
	});
	return h('details', { class: 'zv-disclosure zv-give' }, h('summary', {}, t('case.consent.give')), slot, form);
}

function decisionsSection(app, c, name, who) {
	const parts = [];
	parts.push(c.decisions.length ? table({
		caption: t('case.decisions.caption'),
		columns: [t('case.decision.id'), t('case.decision.at'), t('case.decision.by'), t('case.decision.action'), t('case.decision.outcome')],
		rows: c.decisions.map((d) => [d.id, dateTime(d.at), who(d.by), label('action', d.action),
			[label('outcome', d.outcome), d.review_reason ? [' — ', h('strong', {}, t('case.decision.review')), `: ${d.review_reason}`] : '']])
	}) : para(t('case.decisions.empty')));
	parts.push(c.disclosures.length ? table({
		caption: t('case.disclosures.caption'),
		columns: [t('case.disclosure.id'), t('case.decision.at'), t('case.disclosure.to'), t('case.disclosure.scope'), t('case.disclosure.entries'), t('case.disclosure.state')],
		rows: c.disclosures.map((d) => [d.id, dateTime(d.at), d.recipient_org ? app.orgName(d.recipient_org) : d.recipient_person ? name(d.recipient_person) : '—',
			label('scope', d.scope), d.entries.join(', '), [label('disclosure_state', d.state), d.stopped_reason ? `: ${d.stopped_reason}` : '']])
	}) : para(t('case.disclosures.empty')));
	return parts;
}

function section(id, title, ...content) {
	return h('section', { class: 'zv-section', 'aria-labelledby': id }, heading(2, title, { id }), ...content);
}

export async function render(app, params) {
	const c = await app.api.get(`/cases/${Api.seg(params.id)}`);
	const name = personNames(c);
	const who = memberNames(c);
	const now = today();
	const base = `#/casus/${Api.seg(c.id)}`;
	const banners = [];
	if (c.anonymous)
		banners.push(alertBox(t('case.anonymous'), 'ok'));
	if (c.break_the_glass)
		banners.push(alertBox(t('case.break_glass')));
	if (c.truncated)
		banners.push(alertBox(t('case.truncated')));
	const closed = c.phase === 'closed';
	if (closed)
		banners.push(alertBox(t('case.closed'), 'ok'));
	if (!mayRecord(c) && !c.anonymous && !c.break_the_glass)
		banners.push(alertBox(t('case.read_only'), 'ok'));
	const actionLink = (href, text, primary) => h('li', {}, h('a', {
		class: ['utrecht-button-link', 'utrecht-button-link--html-a', primary ? 'utrecht-button-link--primary-action' : 'utrecht-button-link--secondary-action'],
		href
	}, text));
	const open = c.obligations.filter((o) => !o.fulfilled_at);
	const refresh = (text) => { app.flash = text; app.show(); };
	return [
		heading(1, t('case.title', { id: c.id })),
		c.household_name || c.title ? para(h('strong', {}, c.household_name || ''), c.title ? ` — ${c.title}` : '') : '',
		para(t('case.your_role', { role: label('case_role', c.break_the_glass ? 'break_the_glass' : c.your_role) })),
		banners,
		!mayRecord(c) ? '' : h('nav', { class: 'zv-case-actions', 'aria-label': t('case.actions') },
			h('ul', { class: 'zv-button-links' },
				closed ? '' : actionLink(`${base}/delen`, t('case.action.share'), true),
				closed ? '' : actionLink(`${base}/aantekening`, t('case.action.entry'), false),
				actionLink(`${base}/kader`, t('case.action.framework'), closed))),
		c.persons.length ? section('gezin', t('case.section.household'), household(c, name)) : '',
		section('kader', t('case.section.framework'), frameworkSection(app, c, who)),
		section('team', t('case.section.team'), table({
			caption: t('case.team.caption'), columns: [t('case.team.name'), t('case.team.login'), t('case.team.role')],
			rows: c.team_members.map((m) => [m.name || '—', m.login, label('case_role', m.role)])
		})),
		section('aantekeningen', t('case.section.entries'),
			c.entries.length ? h('ul', { class: 'zv-entries' }, c.entries.map((e) => entryArticle(app, c, e, name, who))) : para(t('case.entries.empty'))),
		c.anonymous ? '' : section('toestemmingen', t('case.section.consents'),
			c.consents.length ? h('ul', { class: 'zv-consents' }, c.consents.map((k) => consentItem(app, c, k, name))) : para(t('case.consents.empty')),
			mayRecord(c) && !closed ? giveForm(app, c, name) : ''),
		section('verplichtingen-casus', t('case.section.obligations'),
			open.length ? obligationsList(app, open, now, refresh, who) : para(t('case.obligations.empty'))),
		c.anonymous ? '' : section('besluiten', t('case.section.decisions'), decisionsSection(app, c, name, who))
	];
}
