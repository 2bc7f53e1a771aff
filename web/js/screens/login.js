/*
 * login.js — Inloggen: login and password, then the second factor's code
 * when the account has one (the API answers totp_required; the same request
 * is sent again with the code). The password stays in this screen's memory
 * only until the code is checked.
 */
import { h, field, textbox, button, heading, para } from '../dom.js';
import { t } from '../messages.js';
import { say } from '../ui.js';

function problemText(err) {
	switch (err.code) {
	case 'invalid_credentials': return t('login.error.credentials');
	case 'totp_invalid': return t('login.error.totp');
	case 'second_factor_missing': return t('login.error.second_factor_missing');
	case 'too_many_attempts': {
		const n = Math.max(1, Math.ceil((err.retryAfter || 60) / 60));
		return t('login.error.too_many', { minutes: n === 1 ? t('login.minute') : t('login.minutes', { n }) });
	}
	case 'too_many_sessions': return t('login.error.too_many_sessions');
	case 'network': return t('app.error.network');
	default: return t('app.error.internal');
	}
}

export function render(app) {
	const slot = h('div', { class: 'zv-messages' });
	const login = textbox({ name: 'login', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
	const password = textbox({ name: 'password', type: 'password', autocomplete: 'current-password' });
	const code = textbox({ name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' });
	code.setAttribute('aria-describedby', 'totp-uitleg');
	const codeStep = h('div', { class: 'zv-totp', hidden: true },
		heading(2, t('login.totp_title')), h('p', { class: 'utrecht-paragraph', id: 'totp-uitleg' }, t('login.totp_intro')),
		field({ label: t('login.totp'), control: code }),
		button(t('login.totp_submit')));
	const firstStep = h('div', {},
		field({ label: t('login.login'), control: login, required: true }),
		field({ label: t('login.password'), control: password, required: true }),
		button(t('login.submit')));

	async function submit(ev) {
		ev.preventDefault();
		const body = { login: login.value.trim(), password: password.value };
		if (!body.login || !body.password) {
			say(slot, t('login.error.empty'));
			return;
		}
		if (!codeStep.hidden) {
			if (!/^[0-9]{6}$/.test(code.value.trim())) {
				say(slot, t('login.error.totp_format'));
				code.focus();
				return;
			}
			body.totp = code.value.trim();
		}
		try {
			const session = await app.api.post('/session', body);
			password.value = '';
			await app.signedIn(session);
			app.go('/casussen');
		} catch (err) {
			if (err.code === 'totp_required') {
				firstStep.hidden = true;
				codeStep.hidden = false;
				slot.replaceChildren();
				code.focus();
				return;
			}
			if (err.code === 'invalid_credentials') {
				firstStep.hidden = false;
				codeStep.hidden = true;
				code.value = '';
				password.value = '';   /* a wrong password is typed anew, not kept */
			}
			say(slot, problemText(err));
		}
	}

	return [
		heading(1, t('login.title')),
		para(t('login.intro')),
		slot,
		h('form', { class: 'utrecht-form zv-form zv-login', novalidate: true, onsubmit: submit }, firstStep, codeStep)
	];
}
