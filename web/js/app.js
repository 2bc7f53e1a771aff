/*
 * app.js — the web application's shell: who is signed in, the menu, and the
 * screens by address (#/casussen, #/casus/ID, …). Each screen is a module of
 * screens/ with one function render(ctx, params) that returns the screen's
 * content; the shell puts it in <main>, sets the page title and moves the
 * focus to the screen's heading, so that keyboard and screen reader users
 * know a new screen is there.
 *
 * Everything the user sees comes from the API (api.js); nothing of the
 * dossier is kept in the browser beyond the screen on display.
 */
import { Api } from './api.js';
import { h, clear, link } from './dom.js';
import { t } from './messages.js';
import { alertBox, errorText } from './ui.js';
import * as login from './screens/login.js';
import * as cases from './screens/cases.js';
import * as caseScreen from './screens/case.js';
import * as entry from './screens/entry.js';
import * as share from './screens/share.js';
import * as framework from './screens/framework.js';
import * as breakGlass from './screens/break-glass.js';
import * as audit from './screens/audit.js';

/* Addresses and their screens; :name parts are parameters. */
const ROUTES = [
	['/inloggen', login, false],
	['/casussen', cases, true],
	['/casus/:id', caseScreen, true],
	['/casus/:id/aantekening', entry, true],
	['/casus/:id/aantekening/:entry/correctie', entry, true],
	['/casus/:id/aantekening/:entry/reactie', entry, true],
	['/casus/:id/delen', share, true],
	['/casus/:id/kader', framework, true],
	['/noodtoegang', breakGlass, true],
	['/auditlog', audit, true]
];

function match(path) {
	for (const [pattern, screen, needsSession] of ROUTES) {
		const want = pattern.split('/');
		const got = path.split('/');
		if (want.length !== got.length)
			continue;
		const params = {};
		const ok = want.every((w, i) => {
			if (w.startsWith(':')) {
				try {
					params[w.slice(1)] = decodeURIComponent(got[i]);
				} catch (e) {
					return false;   /* a broken %-escape: no such page */
				}
				return got[i] !== '';
			}
			return w === got[i];
		});
		if (ok) {
			params.mode = path.endsWith('/correctie') ? 'correct' : path.endsWith('/reactie') ? 'react' : 'new';
			return { screen, needsSession, params };
		}
	}
	return null;
}

class App {
	constructor() {
		this.api = new Api();
		this.session = null;
		this.orgs = new Map();
		this.shown = 0;   /* which show() is the latest: an older one never draws */
		this.main = document.getElementById('inhoud');
		this.nav = document.getElementById('menu');
		this.user = document.getElementById('gebruiker');
		this.flash = null;
		this.api.onSessionEnded = async (code) => {
			await this.signedIn(null);
			this.flash = t(code === 'unauthenticated' ? 'app.error.session_ended' : 'app.error.session_changed');
			this.go('/inloggen');
		};
		window.addEventListener('hashchange', () => this.show());
		/* The skip link moves the focus; it is not an address of a screen. */
		document.querySelector('.utrecht-skip-link').addEventListener('click', (ev) => {
			ev.preventDefault();
			this.main.focus();
		});
	}

	async start() {
		try {
			await this.signedIn(await this.api.get('/session'));
		} catch (e) {
			await this.signedIn(null);
		}
		this.show();
	}

	/* Who is signed in now (null: nobody). Whatever the previous user saw is
	 * dropped: a screen still loading for them will not be drawn. */
	async signedIn(session) {
		this.session = session;
		this.api.csrf = session ? session.csrf_token : null;
		this.shown += 1;
		this.orgs = new Map();
		if (session) {
			try {
				(await this.api.get('/organisations')).forEach((o) => this.orgs.set(o.id, o));
			} catch (e) {
				/* names fall back to ids */
			}
		} else {
			clear(this.main);
		}
		this.drawMenu();
	}

	/* An organisation's name, from its id (the pilot's organisations are
	 * read once per sign-in: the configuration does not change while the
	 * server runs). */
	orgName(id) {
		return this.orgs.has(id) ? this.orgs.get(id).name : id;
	}

	async signOut() {
		try {
			await this.api.del('/session');
		} catch (e) {
			/* ended already: signed out all the same */
		}
		await this.signedIn(null);
		this.flash = t('login.signed_out');
		this.go('/inloggen');
	}

	hasRole(role) {
		return Boolean(this.session && this.session.roles.includes(role));
	}

	drawMenu() {
		clear(this.nav);
		clear(this.user);
		if (!this.session)
			return;
		const items = [['#/casussen', t('nav.cases')], ['#/noodtoegang', t('nav.break_glass')]];
		if (this.hasRole('privacy_officer') || this.hasRole('auditor'))
			items.push(['#/auditlog', t('nav.audit')]);
		this.nav.append(h('ul', { class: 'utrecht-nav-list zv-menu' },
			items.map(([href, text]) => h('li', { class: 'utrecht-nav-list__item' },
				h('a', { class: 'utrecht-link utrecht-nav-list__link', href }, text)))));
		this.user.append(
			h('span', {}, t('app.signed_in_as', { name: this.session.name, organisation: this.orgName(this.session.organisation) })),
			' ',
			h('button', { type: 'button', class: 'utrecht-button utrecht-button--subtle zv-sign-out', onclick: () => this.signOut() },
				t('nav.sign_out')));
	}

	go(path) {
		if (location.hash === `#${path}`)
			this.show();
		else
			location.hash = `#${path}`;
	}

	/* The current address's screen. */
	async show() {
		if (location.hash && !location.hash.startsWith('#/'))
			return;   /* an anchor inside the page, not a screen */
		const turn = ++this.shown;
		const path = location.hash.replace(/^#/, '') || (this.session ? '/casussen' : '/inloggen');
		const found = match(path);
		if (found && found.needsSession && !this.session) {
			this.go('/inloggen');
			return;
		}
		if (found && found.screen === login && this.session) {
			this.go('/casussen');
			return;
		}
		/* Is this page's session still the browser's? Another sign-in in
		 * this browser replaces the cookie: nothing is drawn for another
		 * user under this user's name. */
		if (this.session) {
			let now = null;
			try {
				now = await this.api.get('/session');
			} catch (e) {
				now = null;
			}
			if (turn !== this.shown)
				return;
			if (!now || now.login !== this.session.login) {
				await this.api.onSessionEnded(now ? 'csrf_token_invalid' : 'unauthenticated');
				return;
			}
			this.api.csrf = now.csrf_token;
		}
		this.markCurrent(path);
		this.main.setAttribute('aria-busy', 'true');
		let content;
		try {
			content = found ? await found.screen.render(this, found.params) : [h('h1', { class: 'utrecht-heading-1', tabindex: '-1' }, t('app.not_found')), link('#/casussen', t('app.back_to_cases'))];
		} catch (e) {
			if (turn !== this.shown || ['unauthenticated', 'csrf_token_invalid', 'csrf_token_missing'].includes(e.code))
				return;
			content = [h('h1', { class: 'utrecht-heading-1', tabindex: '-1' }, t('app.error.title')), alertBox(errorText(e)),
				h('p', { class: 'utrecht-paragraph' }, link('#/casussen', t('app.back_to_cases')))];
		}
		if (turn !== this.shown)
			return;   /* another screen was asked for meanwhile, or the user signed out */
		clear(this.main);
		let flash = null;
		if (this.flash) {
			flash = alertBox(this.flash, 'ok');
			this.main.append(flash);
			this.flash = null;
		}
		this.main.append(...[content].flat(Infinity).filter((part) => part !== '' && part !== null && part !== undefined));
		this.main.removeAttribute('aria-busy');
		const h1 = this.main.querySelector('h1');
		document.title = h1 ? `${h1.textContent} — ${t('app.name')}` : t('app.name');
		if (h1)
			h1.setAttribute('tabindex', '-1');
		/* The focus goes where the user must read first: what just happened,
		 * else the new screen's heading. */
		(flash || h1 || this.main).focus();
	}

	markCurrent(path) {
		this.nav.querySelectorAll('a').forEach((a) => {
			const here = path.startsWith(a.getAttribute('href').slice(1)) ||
				(a.getAttribute('href') === '#/casussen' && path.startsWith('/casus/'));
			if (here)
				a.setAttribute('aria-current', 'page');
			else
				a.removeAttribute('aria-current');
		});
	}
}

/* The frame's texts (index.html holds none of its own). */
document.querySelectorAll('[data-text]').forEach((el) => { el.textContent = t(el.dataset.text); });
document.querySelectorAll('[data-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.label)));
document.title = t('app.name');
new App().start();
