/*
 * share.js — Mag ik dit delen?: what (entries), with whom (an organisation of
 * the pilot, or a person of the household) and why (the purpose). The
 * dossier builds the situation from what it holds; the engine answers. Its
 * open questions — exactly those, no others — are asked on this page and
 * sent back as answers (a partial situation, docs/decision-api.md). On a yes
 * the professional carries it out: the disclosure of exactly the allowed
 * scope is recorded, with its obligations. The decision can be printed for
 * the file.
 */
import { h, heading, para, link, field, textbox, select, button, secondaryButton, choiceGroup, formValues, facts } from '../dom.js';
import { t, label } from '../messages.js';
import { say, errorText, questionFields, answersFrom, decisionView, dateTime, mayRecord } from '../ui.js';
import { Api } from '../api.js';

/* What a professional may answer (the service's ANSWERABLE, disclose.c):
 * what only they know. What the dossier holds is not asked of them. */
const ANSWERABLE = {
	'': ['secrecy_ground', 'parent_access_incompatible_with_good_care'],
	purpose: ['further_use', 'further_use_provision', 'compatible', 'domestic_violence_concern'],
	data: ['existence_suffices', 'necessity_substantiated', 'beyond_necessary', 'obtainable_from_subjects',
		'asking_subjects_endangers_safety', 'anonymous_suffices', 'proportionate', 'scope'],
	counterparty: ['directly_involved', 'own_legal_basis'],
	conflict_of_duties: '*',
	transparency: '*',
	veilig_thuis: '*',
	zorg_straf: '*'
};

function answerable(field) {
	const [section, member] = field.includes('.') ? field.split('.') : ['', field];
	const members = ANSWERABLE[section];
	return members === '*' || (Array.isArray(members) && members.includes(member));
}

function entryOption(e) {
	const text = e.text.length > 80 ? `${e.text.slice(0, 77)}…` : e.text;
	return [e.id, `${label('entry_kind', e.kind)} ${e.id} (${label('category', e.category)}): ${text}`];
}

export async function render(app, params) {
	const c = await app.api.get(`/cases/${Api.seg(params.id)}`);
	const orgs = [...app.orgs.values()];   /* read once, at signing in (app.js) */
	const back = `#/casus/${Api.seg(c.id)}`;
	if (!mayRecord(c) || c.phase === 'closed')
		return [h('p', { class: 'utrecht-paragraph' }, link(back, t('app.back_to_case', { id: c.id }))),
			heading(1, t('share.title')), para(t('share.not_writable'))];
	const entries = c.entries.filter((e) => !e.anonymous);
	const name = (id) => (c.persons.find((p) => p.id === id) || { name: id }).name;
	const slot = h('div', { class: 'zv-messages' });
	const result = h('div', { class: 'zv-result' });
	const questions = h('div', { class: 'zv-questions' });
	let answers = {};
	let asked = [];   /* every question asked for this request, answered or not */
	let request = null;

	const toOrg = select({ name: 'to' }, [['', '—'], ...orgs.map((o) => [o.id, `${o.name} (${label('org_kind', o.kind)})`])]);
	const toPerson = select({ name: 'to_person' }, [['', '—'], ...c.persons.map((p) => [p.id, `${p.name} (${label('person_role', p.role)})`])]);
	const form = h('form', { autocomplete: 'off', class: 'zv-form zv-share', novalidate: true },
		entries.length ? choiceGroup({ legend: t('share.what'), name: 'entries', type: 'checkbox', options: entries.map(entryOption), checked: [] })
			: para(t('share.no_entries')),
		h('fieldset', { class: 'utrecht-form-fieldset' },
			h('legend', { class: 'utrecht-form-fieldset__legend' }, t('share.with_whom')),
			field({ label: t('share.to_org'), control: toOrg }),
			field({ label: t('share.to_person'), control: toPerson })),
		field({ label: t('share.why'), control: textbox({ name: 'purpose' }), description: t('share.why_hint'), required: true }),
		choiceGroup({ legend: t('share.initiative'), name: 'initiative', type: 'radio',
			options: [['request', t('share.initiative.request')], ['own', t('share.initiative.own')]], checked: 'request' }),
		questions,
		button(t('share.decide'), { class: 'utrecht-button utrecht-button--primary-action zv-decide' }));
	toOrg.addEventListener('change', () => { if (toOrg.value) toPerson.value = ''; });
	toPerson.addEventListener('change', () => { if (toPerson.value) toOrg.value = ''; });
	/* Another what, whom or why is another question: earlier answers and
	 * the answer given do not carry over to it. */
	const restart = (ev) => {
		if (questions.contains(ev.target)) {
			/* A changed answer must be weighed before anything is shared. */
			const carry = result.querySelector('.zv-carry-out');
			if (carry)
				carry.remove();
			return;
		}
		if (!asked.length && !result.firstChild)
			return;
		answers = {};
		asked = [];
		questions.replaceChildren();
		result.replaceChildren();
		form.querySelector('.zv-decide').textContent = t('share.decide');
	};
	form.addEventListener('change', restart);
	form.addEventListener('input', restart);

	function readRequest() {
		const v = formValues(form);
		if (!v.entries || !v.entries.length)
			return t('share.pick_entry');
		if (!v.to && !v.to_person)
			return t('share.pick_recipient');
		if (!v.purpose.trim())
			return t('share.need_purpose');
		request = { entries: v.entries, purpose: v.purpose.trim(), initiative: v.initiative };
		if (v.to)
			request.to = v.to;
		else
			request.to_person = v.to_person;
		return null;
	}

	/* What the printout needs besides the decision: what, to whom, why, who
	 * weighed it, and the professional's answers (the form is not printed). */
	function printHead(decisionId) {
		const chosen = entries.filter((e) => request.entries.includes(e.id)).map((e) => entryOption(e)[1]);
		const to = request.to ? app.orgName(request.to) : name(request.to_person);
		const given = [...questions.querySelectorAll('.zv-question')].map((q) => {
			const text = q.querySelector('legend') || q.querySelector('label');
			const picked = q.querySelector('input:checked');
			const chosenOption = q.querySelector('select') ? q.querySelector('select').selectedOptions[0] : null;
			const value = picked ? picked.closest('.utrecht-form-field').textContent
				: chosenOption ? chosenOption.textContent : q.querySelector('input') ? q.querySelector('input').value : '';
			return text && value ? `${text.textContent} — ${value}` : null;
		}).filter(Boolean);
		return h('div', { class: 'zv-print-only' },
			para(t('share.printed_at', { id: c.id }), ' — ', dateTime(new Date().toISOString())),
			para(t('share.decision_id', { id: decisionId })),
			facts([
				[t('share.print_what'), h('ul', {}, chosen.map((x) => h('li', {}, x)))],
				[t('share.print_to'), to],
				[t('share.print_why'), request.purpose],
				[t('share.print_by'), app.session.name],
				given.length ? [t('share.print_answers'), h('ul', {}, given.map((x) => h('li', {}, x)))] : null
			]));
	}

	function show(r) {
		const d = r.decision;
		const parts = [heading(2, t('share.answer'), { id: 'antwoord', tabindex: '-1' }), printHead(r.decision_id),
			decisionView(d, { personName: name })];
		if (r.carried_out) {
			const n = r.obligations_created;
			parts.push(h('div', { class: 'utrecht-alert utrecht-alert--ok zv-alert zv-carried-out', role: 'status', tabindex: '-1' },
				para(r.disclosure_id
					? `${t('share.carried_out', { id: r.disclosure_id, released: r.released.join(', ') || '—' })} ${
						n === 0 ? t('share.obligations_none') : n === 1 ? t('share.obligations_one') : t('share.obligations_many', { n })}`
					: t('share.carried_out_nothing'))));
		}
		const buttons = [];
		if (!r.carried_out && (d.outcome === 'allowed' || d.outcome === 'allowed_limited') && !d.questions.length)
			buttons.push(button(t('share.carry_out'), { type: 'button', class: 'utrecht-button utrecht-button--primary-action zv-carry-out', onclick: () => send(true) }));
		buttons.push(secondaryButton(t('share.print'), { onclick: () => {
			result.querySelectorAll('details').forEach((details) => { details.open = true; });
			window.print();
		} }));
		if (r.carried_out)
			buttons.push(secondaryButton(t('share.new_question'), { onclick: () => app.show() }), link(back, t('app.back_to_case', { id: c.id })));
		parts.push(h('div', { class: 'zv-buttons zv-no-print' }, buttons));
		result.replaceChildren(h('section', { class: 'zv-share-result', 'aria-labelledby': 'antwoord' }, parts));
		for (const q of d.questions)
			if (!asked.some((a) => a.field === q.field))
				asked.push(q);
		/* Carried out: this request is done; a new one starts on a fresh screen. */
		form.hidden = r.carried_out;
		if (asked.length && !r.carried_out) {
			questions.replaceChildren(heading(2, t('share.questions'), { id: 'vragen', tabindex: '-1' }), para(t('share.questions_intro')),
				...questionFields(asked, answers, answerable, name));
			form.querySelector('.zv-decide').textContent = t('share.redecide');
		} else {
			questions.replaceChildren();
		}
		/* What to read first: what was recorded, else the open questions (the
		 * answer says to answer them), else the answer. */
		(r.carried_out ? result.querySelector('.zv-carried-out')
			: d.questions.length ? questions.querySelector('#vragen') : result.querySelector('#antwoord')).focus();
	}

	async function send(carryOut) {
		const body = { ...request, answers };
		if (carryOut)
			body.carry_out = true;
		try {
			show(await app.api.post(`/cases/${Api.seg(c.id)}/disclosures`, body));
			slot.replaceChildren();
		} catch (err) {
			if (err.decision)
				show({ decision_id: '', carried_out: false, decision: err.decision });
			else
				say(slot, errorText(err));
		}
	}

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const problem = readRequest();
		if (problem) {
			say(slot, problem);
			return;
		}
		answers = answersFrom(questions, answers);
		await send(false);
	});

	return [
		h('p', { class: 'utrecht-paragraph zv-no-print' }, link(back, t('app.back_to_case', { id: c.id }))),
		heading(1, t('share.title')),
		para(h('strong', {}, c.id), c.household_name ? ` — ${c.household_name}` : ''),
		h('p', { class: 'utrecht-paragraph zv-no-print' }, t('share.intro')),
		slot,
		form,
		result
	];
}
