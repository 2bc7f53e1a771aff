/*
 * test_web.mjs — the web application in a real browser (make check).
 *
 *   node tests/web/test_web.mjs BUILD/zorgvuldig [SCREENSHOT_DIR]
 *
 * Makes a demo store, starts `zorgvuldig serve` on a free port with the
 * web application of web/, and drives Debian's Chromium headless through
 * playwright-core. What it shows:
 *   - two demo users of different organisations each see exactly their own
 *     cases and, in a case, exactly the entries the command line shows them;
 *     the other's case is not found;
 *   - "mag ik dit delen?" completed for an allowed situation (answered on the
 *     page, carried out, the disclosure and its obligation recorded) and for
 *     a denied one (nothing recorded);
 *   - a consent withdrawn, and the store saying so;
 *   - on every screen: no WCAG 2.1 A/AA violation that axe-core finds, no
 *     horizontal scrolling at 320 px, every control reachable with Tab alone
 *     with a visible focus, no script error and no CSP violation;
 *   - a sign-in, a case and a sharing decision done with the keyboard alone;
 *   - all text from the one message catalogue (web/js/messages.js): every
 *     key the code asks for exists, and no other script holds a sentence.
 * With SCREENSHOT_DIR it also saves a screenshot of every screen there
 * (make screenshots: docs/screenshots/).
 *
 * Prints one line per check and a summary; exits 1 when a check failed.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = resolve(process.argv[2] || join(ROOT, 'build', 'zorgvuldig'));
const SHOTS = process.argv[3] ? resolve(process.argv[3]) : null;
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--lang=nl-NL'];

/* ---- checks ------------------------------------------------------------ */

let passed = 0;
const failures = [];

function check(ok, what, detail) {
	if (ok) {
		passed += 1;
		return true;
	}
	failures.push(`${what}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
	console.log(`FAIL ${failures[failures.length - 1]}`);
	return false;
}

function sameSet(a, b) {
	const x = [...new Set(a)].sort();
	const y = [...new Set(b)].sort();
	return x.length === y.length && x.every((v, i) => v === y[i]);
}

/* ---- the store and the server ------------------------------------------ */

const dir = mkdtempSync(join(tmpdir(), 'zv-web-'));
const db = join(dir, 'demo.db');
const demo = JSON.parse(execFileSync(BINARY, ['--db', db, 'demo', '--json'], { encoding: 'utf8' }));
const USERS = Object.fromEntries(demo.users.map((u) => [u.login, u]));

function cli(login, ...args) {
	return JSON.parse(execFileSync(BINARY, ['--db', db, '--as', login, ...args, '--json'], { encoding: 'utf8' }));
}

function totp(secret) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of secret.replace(/=+$/, ''))
		bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
	const mac = createHmac('sha1', key).update(msg).digest();
	const off = mac[mac.length - 1] & 0x0f;
	return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function startServer() {
	return new Promise((done, fail) => {
		const proc = spawn(BINARY, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--web', join(ROOT, 'web'),
			'--access-log', join(dir, 'access.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		proc.stdout.on('data', (chunk) => {
			out += chunk;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
			if (m)
				done({ proc, base: m[1] });
		});
		proc.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
	});
}

/* ---- pages ------------------------------------------------------------- */

let browser;
let base;
const pageProblems = new WeakMap();

async function newPage(width) {
	const context = await browser.newContext({ viewport: { width: width || 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
	const page = await context.newPage();
	const problems = [];
	pageProblems.set(page, problems);
	/* Every file of the application must load; only the API answers 4xx
	 * that the screens handle. */
	page.on('response', (r) => {
		if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/'))
			problems.push(`HTTP ${r.status()} for ${new URL(r.url()).pathname}`);
	});
	page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
	page.on('console', (m) => {
		/* A 4xx the application handles (GET /session when signed out, an
		 * engine's refusal) is logged by the browser as a failed load; a CSP
		 * violation or a script error is a problem. */
		if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()))
			problems.push(`console: ${m.text()}`);
	});
	return page;
}

/* The screen whose heading is exactly `heading` is drawn. */
async function screenReady(page, heading) {
	await page.waitForFunction((want) => {
		const h1 = document.querySelector('main h1');
		return h1 && h1.textContent === want && !document.querySelector('main[aria-busy]');
	}, heading);
}

async function signIn(page, login) {
	await page.goto(`${base}/#/inloggen`);
	await screenReady(page, 'Inloggen');
	await page.getByLabel('Gebruikersnaam').fill(login);
	await page.getByLabel('Wachtwoord').fill(USERS[login].password);
	await page.getByRole('button', { name: 'Inloggen' }).click();
	if (USERS[login].totp_secret) {
		await page.getByLabel('Code (6 cijfers)').waitFor();
		await page.getByLabel('Code (6 cijfers)').fill(totp(USERS[login].totp_secret));
		await page.getByRole('button', { name: 'Bevestigen' }).click();
	}
	await screenReady(page, 'Mijn casussen');
}

async function open(page, hash, heading) {
	/* A page loaded anew, also when it shows this address already. */
	await page.goto('about:blank');
	await page.goto(`${base}/${hash}`);
	await screenReady(page, heading);
}

/* ---- what every screen must do ----------------------------------------- */

/* The screens whose 320 px view is saved too (README.md shows them). */
const NARROW_SHOTS = new Set(['casussen', 'casus', 'delen']);

async function axeViolations(page) {
	await page.evaluate(AXE);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
	});
}

/* Tab through the whole page: every visible control must get the focus, and
 * show it. */
async function keyboardReach(page) {
	const total = await page.evaluate(() => {
		document.querySelectorAll('[data-kbd]').forEach((el) => el.removeAttribute('data-kbd'));
		const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')]
			.filter((el) => !el.disabled && el.checkVisibility() && el.getAttribute('tabindex') !== '-1');
		/* One stop per radio group: the arrow keys move within it. */
		const seen = new Set();
		const stops = all.filter((el) => {
			if (el.type !== 'radio')
				return true;
			const key = `${el.form ? 'f' : ''}${el.name}`;
			if (seen.has(key))
				return false;
			seen.add(key);
			return true;
		});
		stops.forEach((el, i) => { el.dataset.kbd = String(i); });
		return stops.length;
	});
	await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
	const reached = new Set();
	const unseenFocus = [];
	for (let i = 0; i < total + 40 && reached.size < total; i++) {
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body)
				return null;
			const s = getComputedStyle(el);
			const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
			const group = el.type === 'radio' ? [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)].find((r) => r.dataset.kbd) : null;
			return { kbd: group ? group.dataset.kbd : el.dataset.kbd, shown, what: `${el.tagName} ${el.textContent.trim().slice(0, 30) || el.name || ''}` };
		});
		if (!f)
			continue;
		if (f.kbd !== undefined)
			reached.add(f.kbd);
		if (!f.shown)
			unseenFocus.push(f.what);
	}
	const missed = await page.evaluate((got) => [...document.querySelectorAll('[data-kbd]')]
		.filter((el) => !got.includes(el.dataset.kbd))
		.map((el) => `${el.tagName} ${el.textContent.trim().slice(0, 30) || el.name || ''}`), [...reached]);
	return { total, missed, unseenFocus };
}

async function everyScreenCheck(page, name) {
	const problems = pageProblems.get(page);
	/* Everything a screen can show, also what opens on demand. */
	await page.evaluate(() => {
		document.querySelectorAll('main details').forEach((d) => { d.open = true; });
		document.querySelectorAll('main .zv-inline-form[hidden]').forEach((f) => { f.hidden = false; });
	});
	/* (The audit log's own notes are English, marked lang="en", and shown as the log holds them.) */
	const codes = await page.evaluate(() => {
		const english = [...document.querySelectorAll('[lang="en"]')];
		english.forEach((el) => { el.hidden = true; });
		const found = document.body.innerText.match(/\b[a-z]+_[a-z_]+\b/g) || [];
		english.forEach((el) => { el.hidden = false; });
		return found;
	});
	check(codes.length === 0, `${name}: no code name of the API is shown untranslated`, codes);
	const v = await axeViolations(page);
	check(v.length === 0, `${name}: axe-core finds no WCAG 2.1 A/AA violation`, v);
	const k = await keyboardReach(page);
	check(k.total > 0 && k.missed.length === 0, `${name}: every control (${k.total}) is reached with Tab`, k.missed);
	check(k.unseenFocus.length === 0, `${name}: the focus is visible on every control`, k.unseenFocus);
	const size = page.viewportSize();
	await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
	await page.setViewportSize({ width: 320, height: 800 });
	const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
	check(widths.doc <= 320 && widths.body <= 320, `${name}: no horizontal scrolling at 320 px`, widths);
	if (SHOTS && NARROW_SHOTS.has(name))
		await page.screenshot({ path: join(SHOTS, `${name}-320.png`), fullPage: false });
	await page.setViewportSize(size);
	if (SHOTS)
		await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
	check(problems.length === 0, `${name}: no script error or CSP violation`, problems.splice(0));
}

/* ---- the tests --------------------------------------------------------- */

/* Every t('key') of the scripts is in the catalogue, every key of the
 * catalogue is used, and no script but the catalogue holds text of its own
 * (a string literal with a word in it that is not a class name or code). */
async function oneCatalogue() {
	const js = join(ROOT, 'web', 'js');
	const files = [...readdirSync(js).map((f) => join(js, f)), ...readdirSync(join(js, 'screens')).map((f) => join(js, 'screens', f))]
		.filter((f) => f.endsWith('.js'));
	const { messageKeys } = await import(join(js, 'messages.js'));
	const known = new Set(messageKeys());
	const used = new Set();
	for (const f of files) {
		const src = readFileSync(f, 'utf8');
		for (const m of src.matchAll(/\bt\('([^']+)'/g))
			used.add(m[1]);
		if (f.endsWith('messages.js'))
			continue;
		const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
		const texts = [...code.matchAll(/'([^'\n]*)'/g)].map((m) => m[1])
			.filter((lit) => / /.test(lit) && lit.split(/\s+/).some((w) => /^[A-Za-zÀ-ÿ]{2,}[.,:;!?]?$/.test(w) && !/^(utrecht|zv)/.test(w)));
		check(texts.length === 0, `${f.slice(ROOT.length + 1)}: no text outside the message catalogue`, texts);
	}
	for (const m of readFileSync(join(ROOT, 'web', 'index.html'), 'utf8').matchAll(/data-(?:text|label)="([^"]+)"/g))
		used.add(m[1]);
	const missing = [...used].filter((k) => !known.has(k));
	check(missing.length === 0, 'every message key the scripts use is in the catalogue', missing);
	const unused = [...known].filter((k) => !used.has(k));
	check(unused.length === 0, 'every message of the catalogue is used', unused);
}

async function ownCasesOnly(login, other) {
	const page = await newPage();
	await signIn(page, login);
	const shown = await page.$$eval('a[data-case]', (as) => as.map((a) => a.dataset.case));
	const want = cli(login, 'case', 'list').map((c) => c.id);
	check(want.length > 0 && sameSet(shown, want), `${login} sees exactly the cases of their role`, { shown, want });
	for (const id of want) {
		await open(page, `#/casus/${id}`, `Casus ${id}`);
		const entries = await page.$$eval('[data-entry]', (els) => els.map((e) => e.dataset.entry));
		const view = cli(login, 'case', 'show', id);
		check(sameSet(entries, view.entries.map((e) => e.id)), `${login} sees exactly the entries of ${id} the dossier shows them`, { entries });
	}
	for (const id of other.filter((x) => !want.includes(x))) {
		await page.goto(`${base}/#/casus/${id}`);
		await screenReady(page, 'Er is een probleem');
		const text = await page.locator('main').innerText();
		check(text.includes('Niet gevonden, of u hebt er geen rol in.'), `${login} gets "not found" for ${id}`);
	}
	await page.context().close();
	return want;
}

async function shareAllowed(page) {
	const owedBefore = cli('anna.devries', 'obligations').length;
	await open(page, '#/casus/ZV-2026-00001/delen', 'Mag ik dit delen?');
	await page.check('input[name=entries][value=E0000001]');
	await page.getByLabel('Een organisatie').selectOption('jh-kompas');
	await page.getByLabel('Waarom? (het doel)').fill('Afstemmen van de hulp aan Tim');
	await page.getByRole('button', { name: 'Beoordelen' }).click();
	await page.waitForSelector('.zv-answer[data-outcome="judgement_required"]');
	const fields = await page.$$eval('.zv-question', (qs) => qs.map((q) => q.dataset.field));
	const asked = cli('anna.devries', 'share', 'ZV-2026-00001', '--entry', 'E0000001', '--to', 'jh-kompas', '--purpose', 'Afstemmen van de hulp aan Tim');
	check(sameSet(fields, asked.decision.questions.map((q) => q.field)), 'share: exactly the questions of the engine are asked', { fields });
	const answers = {
		'counterparty.own_legal_basis': 'true', 'data.beyond_necessary': 'false', 'data.existence_suffices': 'false',
		'data.obtainable_from_subjects': 'false', 'data.anonymous_suffices': 'false', 'data.necessity_substantiated': 'true',
		'data.proportionate': 'true', 'transparency.informed_beforehand': 'true'
	};
	for (const [f, v] of Object.entries(answers))
		await page.check(`.zv-question[data-field="${f}"] input[value="${v}"]`);
	await page.selectOption('.zv-question[data-field="secrecy_ground"] select', 'directly_involved');
	await page.getByRole('button', { name: 'Opnieuw beoordelen met mijn antwoorden' }).click();
	await page.waitForSelector('.zv-question[data-field="counterparty.directly_involved"]');
	await page.check('.zv-question[data-field="counterparty.directly_involved"] input[value="true"]');
	await page.getByRole('button', { name: 'Opnieuw beoordelen met mijn antwoorden' }).click();
	await page.waitForSelector('.zv-answer[data-outcome="allowed"]');
	const answerText = await page.locator('.zv-decision').innerText();
	const refs = await page.$$eval('.zv-refs li', (lis) => lis.map((li) => li.textContent));
	check(answerText.includes('Ja, dit mag.') && answerText.includes('Motivering') && answerText.includes('Waarom:'),
		'share: the answer Ja with its motivation', answerText.slice(0, 300));
	check(refs.length > 0 && refs.includes('Jeugdwet art. 2.3'), 'share: the answer names its legal references', refs);
	check(await page.locator('.zv-question--open').count() === 0, 'share: no question is left open once answered');
	check(cli('anna.devries', 'obligations').length === owedBefore, 'share: asking creates no obligations, only carrying out does');
	const before = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	await page.getByRole('button', { name: 'Delen en vastleggen' }).click();
	await page.waitForSelector('text=Vastgelegd als verstrekking');
	check(await page.locator('form.zv-share').isHidden() && await page.getByRole('button', { name: 'Delen en vastleggen' }).count() === 0,
		'share: once carried out, it cannot be carried out again from the same screen');
	const after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const added = after.disclosures.filter((d) => !before.disclosures.some((b) => b.id === d.id));
	check(added.length === 1 && added[0].state === 'done' && sameSet(added[0].entries, ['E0000001']) && added[0].recipient_org === 'jh-kompas',
		'share: the disclosure of exactly the allowed scope is recorded', added);
	check(after.obligations.length > before.obligations.length, 'share: its obligations are created',
		{ before: before.obligations.length, after: after.obligations.length });
	check(await page.getByRole('button', { name: 'Afdrukken voor het dossier' }).isVisible(), 'share: the decision can be printed');
	await everyScreenCheck(page, 'delen-vastgelegd');
	await page.emulateMedia({ media: 'print' });
	const printed = await page.evaluate(() => ({
		form: getComputedStyle(document.querySelector('form.zv-share')).display,
		header: getComputedStyle(document.querySelector('.zv-header')).display,
		head: getComputedStyle(document.querySelector('.zv-print-only')).display
	}));
	check(printed.form === 'none' && printed.header === 'none' && printed.head === 'block', 'share: printing shows the decision without menu or form', printed);
	await page.emulateMedia({ media: 'screen' });
}

async function shareDenied(page) {
	await open(page, '#/casus/ZV-2026-00001/delen', 'Mag ik dit delen?');
	await page.check('input[name=entries][value=E0000002]');
	await page.getByLabel('Een organisatie').selectOption('gi-jbzw');
	await page.getByLabel('Waarom? (het doel)').fill('Even laten weten');
	await page.getByRole('button', { name: 'Beoordelen' }).click();
	await page.waitForSelector('.zv-question');
	await page.check('.zv-question[data-field="data.proportionate"] input[value="false"]');
	await page.getByRole('button', { name: 'Opnieuw beoordelen met mijn antwoorden' }).click();
	await page.waitForSelector('.zv-answer[data-outcome="denied"]');
	const text = await page.locator('.zv-decision').innerText();
	check(text.includes('Nee, dit mag niet.') && text.includes('Dat komt door: noodzaak, evenredigheid en subsidiariteit.'),
		'share denied: the answer Nee with the step that denies it', text.slice(0, 300));
	check(await page.getByRole('button', { name: 'Delen en vastleggen' }).count() === 0, 'share denied: nothing can be carried out');
	const view = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	check(!view.disclosures.some((d) => d.recipient_org === 'gi-jbzw'), 'share denied: no disclosure is recorded');
}

async function withdrawConsent(page) {
	await open(page, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	const item = page.locator('[data-consent="T0000001"]');
	check(await item.locator('[data-state]').getAttribute('data-state') === 'given', 'consent T0000001 is given before');
	await item.getByText('Toestemming intrekken').click();
	await item.getByLabel('Notitie').fill('Lisa belde: zij wil het niet meer.');
	await item.getByRole('button', { name: 'Intrekken' }).click();
	await page.waitForSelector('text=De toestemming is ingetrokken.');
	check(await page.locator('[data-consent="T0000001"] [data-state]').getAttribute('data-state') === 'withdrawn', 'consent withdrawn: the case shows it withdrawn');
	const k = cli('anna.devries', 'case', 'show', 'ZV-2026-00001').consents.find((c) => c.id === 'T0000001');
	check(k.state === 'withdrawn', 'consent withdrawn: the store says withdrawn', k.state);
}

/* Sign in, open a case and get a sharing decision with the keyboard alone. */
async function keyboardOnly() {
	const page = await newPage();
	await page.goto(`${base}/`);
	await screenReady(page, 'Inloggen');
	const tabTo = async (selector) => {
		for (let i = 0; i < 200; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector))
				return true;
		}
		return false;
	};
	await tabTo('input[name=login]');
	await page.keyboard.type('carla.bakker');
	await page.keyboard.press('Tab');
	await page.keyboard.type(USERS['carla.bakker'].password);
	await page.keyboard.press('Enter');
	await screenReady(page, 'Mijn casussen');
	const id = cli('carla.bakker', 'case', 'list')[0].id;
	check(await tabTo(`a[data-case="${id}"]`), 'keyboard: the case link is reached');
	await page.keyboard.press('Enter');
	await screenReady(page, `Casus ${id}`);
	check(await tabTo('a[href$="/delen"]'), 'keyboard: "Mag ik dit delen?" is reached');
	await page.keyboard.press('Enter');
	await screenReady(page, 'Mag ik dit delen?');
	check(await tabTo('input[name=entries]'), 'keyboard: an entry is reached');
	await page.keyboard.press('Space');
	check(await tabTo('select[name=to]'), 'keyboard: the recipient is reached');
	await page.keyboard.press('ArrowDown');
	check(await tabTo('input[name=purpose]'), 'keyboard: the purpose is reached');
	await page.keyboard.type('Afstemmen van de hulp');
	await page.keyboard.press('Enter');
	await page.waitForSelector('.zv-answer');
	check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'vragen'), 'keyboard: the focus moves to the questions to answer');
	await page.context().close();
}

async function screens() {
	/* Signed out: sign-in, and its second step. */
	const out = await newPage();
	await out.goto(`${base}/`);
	await screenReady(out, 'Inloggen');
	await everyScreenCheck(out, 'inloggen');
	await out.getByLabel('Gebruikersnaam').fill('mark.hendriks');
	await out.getByLabel('Wachtwoord').fill(USERS['mark.hendriks'].password);
	await out.getByRole('button', { name: 'Inloggen' }).click();
	await out.getByLabel('Code (6 cijfers)').waitFor();
	await everyScreenCheck(out, 'inloggen-code');
	await out.getByLabel('Code (6 cijfers)').fill('000000');
	await out.getByRole('button', { name: 'Bevestigen' }).click();
	await out.waitForSelector('[role=alert]');
	check((await out.locator('[role=alert]').innerText()).includes('Deze code klopt niet'), 'sign-in: a wrong code is said in Dutch');
	await out.context().close();

	const anna = await newPage();
	await signIn(anna, 'anna.devries');
	await everyScreenCheck(anna, 'casussen');
	const overdue = anna.locator('.zv-obligation--overdue');
	check(await overdue.count() > 0 && (await overdue.first().locator('.zv-overdue').innerText()).startsWith('Te laat'),
		'cases: overdue obligations stand out');
	await open(anna, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	await anna.locator('summary', { hasText: 'Toestemming intrekken' }).first().click();
	const team = await anna.locator('#team ~ .zv-table-wrap tbody, section[aria-labelledby=team] tbody').first().innerText();
	check(team.includes('Anna de Vries') && team.includes('Bram Jansen') && team.includes('anna.devries'),
		'case: the team by name and login', team);
	await everyScreenCheck(anna, 'casus');
	await open(anna, '#/casus/ZV-2026-00001/aantekening', 'Nieuwe aantekening in casus ZV-2026-00001');
	await everyScreenCheck(anna, 'aantekening');
	await open(anna, '#/casus/ZV-2026-00001/aantekening/E0000001/correctie', 'Aantekening E0000001 corrigeren');
	await everyScreenCheck(anna, 'correctie');
	await open(anna, '#/casus/ZV-2026-00001/aantekening/E0000004/reactie', 'Reactie van een betrokkene op aantekening E0000004');
	await everyScreenCheck(anna, 'reactie');
	await open(anna, '#/casus/ZV-2026-00001/delen', 'Mag ik dit delen?');
	await anna.check('input[name=entries][value=E0000001]');
	await anna.getByLabel('Een organisatie').selectOption('jh-kompas');
	await anna.getByLabel('Waarom? (het doel)').fill('Afstemmen van de hulp aan Tim');
	await anna.getByRole('button', { name: 'Beoordelen' }).click();
	await anna.waitForSelector('.zv-question');
	await everyScreenCheck(anna, 'delen');
	await open(anna, '#/casus/ZV-2026-00001/kader', 'Kader of fase wijzigen in casus ZV-2026-00001');
	await everyScreenCheck(anna, 'kader-en-fase');

	/* Break the glass: joost has no role in case 1. */
	const joost = await newPage();
	await signIn(joost, 'joost.vandijk');
	await open(joost, '#/noodtoegang', 'Noodtoegang');
	await everyScreenCheck(joost, 'noodtoegang');
	await joost.getByLabel('Casusnummer').fill('ZV-2026-00001');
	await joost.getByLabel('Reden van de noodtoegang').fill('Anna is ziek; de school belt met een acute zorg over Tim.');
	await joost.getByRole('button', { name: 'Noodtoegang vragen' }).click();
	await joost.getByRole('link', { name: 'Open casus ZV-2026-00001' }).click();
	await screenReady(joost, 'Casus ZV-2026-00001');
	check((await joost.locator('main').innerText()).includes('U kijkt met noodtoegang.'), 'break-glass: the case opens with its banner');
	check(await joost.locator('a[href$="/delen"], a[href$="/aantekening"], .zv-withdraw, .zv-give').count() === 0,
		'break-glass: seeing, not acting: nothing to record or share is offered');
	await everyScreenCheck(joost, 'casus-noodtoegang');
	await joost.context().close();

	const lotte = await newPage();
	await signIn(lotte, 'lotte.peters');
	await open(lotte, '#/noodtoegang', 'Noodtoegang');
	check(await lotte.locator('[data-grant]').count() === 1, 'break-glass: the privacy officer sees it to review');
	await everyScreenCheck(lotte, 'noodtoegang-beoordelen');
	await lotte.locator('[data-grant]').getByLabel('Uw beoordeling').fill('Terecht: acute zorg, vervanger afwezig.');
	await lotte.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
	await lotte.waitForSelector('text=De beoordeling is vastgelegd.');
	check(await lotte.locator('[data-grant]').count() === 0, 'break-glass: reviewed, it leaves the list');
	await open(lotte, '#/auditlog', 'Auditlog');
	await lotte.getByLabel('Nummer of gebruikersnaam').fill('joost.vandijk');
	await lotte.getByRole('button', { name: 'Zoeken' }).click();
	await lotte.waitForSelector('text=/Gevonden: \\d+ gebeurtenis/');
	const seqs = await lotte.$$eval('.zv-results tbody tr td:first-child', (tds) => tds.map((td) => td.textContent.trim()));
	const fromCli = JSON.parse(execFileSync(BINARY, ['--db', db, 'audit', 'search', '--user', 'joost.vandijk', '--json'], { encoding: 'utf8' }));
	check(seqs.length > 0 && sameSet(seqs, fromCli.map((e) => String(e.seq))), 'audit: the search shows exactly the events the command line finds', { seqs, cli: fromCli.map((e) => e.seq) });
	await lotte.getByRole('button', { name: 'Auditlog controleren' }).click();
	await lotte.waitForSelector('text=Het auditlog is in orde');
	await everyScreenCheck(lotte, 'auditlog');
	await lotte.context().close();
	await anna.context().close();
	/* A professional has no audit log in the menu (the API refuses it: signOutAndNextUser). */
	const bram = await newPage();
	await signIn(bram, 'bram.jansen');
	check(await bram.locator('nav a', { hasText: 'Auditlog' }).count() === 0, 'audit: not in the menu of a professional');
	await bram.context().close();
}

/* Signing out leaves nothing of the user on the page, and the next user of
 * the same browser sees only their own. */
async function signOutAndNextUser() {
	const page = await newPage();
	await signIn(page, 'anna.devries');
	await open(page, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	await page.getByRole('button', { name: 'Uitloggen' }).click();
	await screenReady(page, 'Inloggen');
	const text = await page.locator('body').innerText();
	check(text.includes('U bent uitgelogd.') && !text.includes('Anna de Vries') && !text.includes('Gezin Jansen') && !text.includes('Tim'),
		'sign-out: nothing of the previous user is left on the page', text.slice(0, 300));
	const r = await page.evaluate(async () => (await fetch('/api/v1/cases')).status);
	check(r === 401, 'sign-out: the session is gone on the server too', r);
	await signIn(page, 'eva.smit');
	const shown = await page.$$eval('a[data-case]', (as) => as.map((a) => a.dataset.case));
	check(sameSet(shown, ['ZV-2026-00003']), 'sign-out: the next user sees only their own cases', shown);
	check(!(await page.locator('body').innerText()).includes('Anna de Vries'), 'sign-out: the next user sees no name of the previous one');
	/* The skip link is the page's first Tab stop; it goes to the content
	 * and stays on this screen. */
	check(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea').classList.contains('utrecht-skip-link')),
		'skip link: the first Tab stop of the page');
	await page.focus('a.utrecht-skip-link');
	check(await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0), 'skip link: shown when it has the focus');
	await page.keyboard.press('Enter');
	check(await page.evaluate(() => document.activeElement.id === 'inhoud' && location.hash === '#/casussen'),
		'skip link: Enter moves the focus to the content, on the same screen');
	/* A professional's browser asking for the audit log is refused by the API. */
	const audit = await page.evaluate(async () => (await fetch('/api/v1/audit-events?user=anna.devries')).status);
	check(audit === 403, 'audit: a professional is refused the audit log by the API', audit);
	/* A session that ends on the server (here: signed out elsewhere) sends the
	 * page to the sign-in, saying why, with nothing of the user left. */
	await page.evaluate(async () => {
		const s = await (await fetch('/api/v1/session')).json();
		await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': s.csrf_token } });
	});
	await page.evaluate(() => { location.hash = '#/casus/ZV-2026-00003'; });   /* no reload */
	await screenReady(page, 'Inloggen');
	const ended = await page.locator('body').innerText();
	check(ended.includes('Uw sessie is verlopen.') && !ended.includes('Eva Smit') && !ended.includes('Uitloggen'),
		'session ended: the sign-in says why, and nothing of the user is left on the page', ended.slice(0, 200));
	await page.context().close();
}

/* Another sign-in in the same browser replaces the cookie: the first page
 * draws nothing more under its user's name. */
async function otherSignInSameBrowser() {
	const first = await newPage();
	await signIn(first, 'anna.devries');
	const second = await first.context().newPage();
	await second.goto(`${base}/`);   /* signed in already (the cookie): sign in anew as bram, as another tab would */
	const status = await second.evaluate(async (body) => (await fetch('/api/v1/session', {
		method: 'POST', headers: { 'Content-Type': 'application/json' }, body
	})).status, JSON.stringify({ login: 'bram.jansen', password: USERS['bram.jansen'].password }));
	check(status === 200, 'another sign-in in this browser: bram signs in', status);
	await first.evaluate(() => { location.hash = '#/casus/ZV-2026-00004'; });
	await screenReady(first, 'Inloggen');
	const text = await first.locator('body').innerText();
	check(text.includes('In een ander venster is iemand anders ingelogd.') && !text.includes('Anna de Vries') && !text.includes('Gezin Bakker'),
		'another sign-in in this browser: the first page is signed out, and shows nothing of either user', text.slice(0, 200));
	await first.context().close();
}

/* The advisor sees the case anonymously; break-the-glass and a closed case
 * offer nothing that the services would refuse. */
async function restrictedViews() {
	const ilse = await newPage();
	await signIn(ilse, 'ilse.meijer');
	await open(ilse, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	const view = cli('ilse.meijer', 'case', 'show', 'ZV-2026-00001');
	const anon = await ilse.$$eval('[data-entry]', (els) => els.map((e) => [e.dataset.entry, e.classList.contains('zv-entry--anonymous')]));
	check(view.anonymous && anon.length === view.entries.length && anon.every(([, a]) => a), 'advisor: every entry is shown anonymously', anon);
	const text = await ilse.locator('main').innerText();
	check(!text.includes('Tim Jansen') && !text.includes('Mag ik dit delen?') && text.includes('adviseur'),
		'advisor: no names, no actions, and the reason said', text.slice(0, 300));
	await everyScreenCheck(ilse, 'casus-adviseur');
	await ilse.context().close();

	const anna = await newPage();
	await signIn(anna, 'anna.devries');
	await open(anna, '#/casus/ZV-2026-00004', 'Casus ZV-2026-00004');
	const closed = await anna.locator('main').innerText();
	check(closed.includes('Deze casus is afgesloten.') && await anna.locator('a[href$="/delen"]').count() === 0 &&
		await anna.locator('a[href$="/aantekening"]').count() === 0 && await anna.locator('a[href$="/kader"]').count() === 1,
	'closed case: a banner; no sharing or new entry, a change of phase to reopen it');
	await anna.context().close();
}

/* Frank sees one entry of ZV-2026-00005: a group of one choice is still a list. */
async function shareOneEntry() {
	const page = await newPage();
	await signIn(page, 'frank.mulder');
	await open(page, '#/casus/ZV-2026-00005/delen', 'Mag ik dit delen?');
	check(await page.locator('input[name=entries]').count() === 1, 'one entry: one to choose');
	await page.check('input[name=entries]');
	await page.getByLabel('Een organisatie').selectOption('gi-jbzw');
	await page.getByLabel('Waarom? (het doel)').fill('Afstemmen van de hulp');
	await page.getByRole('button', { name: 'Beoordelen' }).click();
	await page.waitForSelector('.zv-answer');
	check(await page.locator('.zv-answer').count() === 1, 'one entry: the engine answers');
	await page.context().close();
}

/* Every kind of write the screens offer, each checked in the store. */
async function writes() {
	const page = await newPage();
	await signIn(page, 'anna.devries');
	const before = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');

	await open(page, '#/casus/ZV-2026-00001/aantekening', 'Nieuwe aantekening in casus ZV-2026-00001');
	await page.getByRole('button', { name: 'Vastleggen' }).click();
	check((await page.locator('[role=alert]').innerText()).startsWith('Vul'), 'entry: an empty form is refused in Dutch, before it is sent');
	await page.check('input[name=kind][value=observation]');
	await page.getByLabel('Bron').fill('eigen waarneming, huisbezoek');
	await page.getByLabel('Aantekening', { exact: true }).fill('Tim speelt rustig in de woonkamer; de sfeer is ontspannen.');
	await page.check('input[name=subjects][value=P000003]');
	for (let round = 0; round < 3; round++) {
		await page.evaluate(() => document.querySelectorAll('.zv-messages').forEach((m) => m.replaceChildren()));
		await page.getByRole('button', { name: 'Vastleggen' }).click();
		await page.waitForFunction(() => document.querySelector('main h1').textContent === 'Casus ZV-2026-00001' ||
			document.querySelector('.zv-messages [role=alert]'));
		if (await page.evaluate(() => document.querySelector('main h1').textContent === 'Casus ZV-2026-00001'))
			break;
		for (const [f, v] of [['data.proportionate', 'true'], ['data.beyond_necessary', 'false'], ['transparency.informed_beforehand', 'true']])
			if (await page.locator(`.zv-question[data-field="${f}"]`).count())
				await page.check(`.zv-question[data-field="${f}"] input[value="${v}"]`);
	}
	await screenReady(page, 'Casus ZV-2026-00001');
	let after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const added = after.entries.filter((e) => !before.entries.some((b) => b.id === e.id));
	check(added.length === 1 && added[0].kind === 'observation' && added[0].text.startsWith('Tim speelt'),
		'entry: recorded as an observation, with its text', added);

	await open(page, '#/casus/ZV-2026-00001/aantekening/E0000001/correctie', 'Aantekening E0000001 corrigeren');
	await page.getByLabel('Nieuwe tekst').fill('Tim was de afgelopen zes weken tien dagen afwezig zonder afmelding.');
	await page.getByLabel('Waarom corrigeert u?').fill('School heeft één dag nagemeld.');
	await page.getByRole('button', { name: 'Correctie vastleggen' }).click();
	await screenReady(page, 'Casus ZV-2026-00001');
	after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const e1 = after.entries.find((e) => e.id === 'E0000001');
	check(e1.version === 2 && e1.text.includes('tien dagen') && e1.corrected_versions.length === 1, 'correction: a new version, the old one kept', e1);

	await open(page, '#/casus/ZV-2026-00001/aantekening/E0000004/reactie', 'Reactie van een betrokkene op aantekening E0000004');
	const reactors = await page.locator('select[name=person] option').evaluateAll((os) => os.map((o) => o.value));
	check(sameSet(reactors, ['P000002']), 'reaction: offered to the persons the entry is about', reactors);
	await page.getByLabel('Van wie is de reactie?').selectOption('P000002');
	await page.getByLabel('Reactie', { exact: true }).fill('Ik wil toevoegen dat de school het pesten nu aanpakt.');
	await page.getByRole('button', { name: 'Reactie toevoegen' }).click();
	await screenReady(page, 'Casus ZV-2026-00001');
	after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	check(after.entries.find((e) => e.id === 'E0000004').reactions.some((r) => r.person === 'P000002' && r.text.includes('pesten')),
		'reaction: recorded for the person concerned');

	await open(page, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	await page.locator('summary', { hasText: 'Toestemming vastleggen' }).click();
	const give = page.locator('.zv-give');
	await give.getByLabel('Over wie gaat de toestemming?').selectOption('P000003');
	await give.getByLabel('Soort toestemming').selectOption('secrecy_release');
	await give.getByLabel('Voor welk doel?').fill('Overleg met school over Tim');
	await give.getByLabel('Voor welke ontvangers? (soort organisatie)').selectOption('school');
	await give.locator('input[name=given_by][value=P000001]').check();
	await give.locator('input[name=given_by][value=P000002]').check();
	await give.getByLabel('Hoe is de toestemming verkregen?').fill('mondeling, bij het huisbezoek');
	await give.getByRole('button', { name: 'Toestemming vastleggen' }).click();
	await page.waitForSelector('text=/De toestemming is vastgelegd als T\\d+/', { timeout: 5000 }).catch(async () => {
		check(false, 'consent: recorded', await give.locator('.zv-messages').innerText());
	});
	after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const k = after.consents.find((x) => x.purpose === 'Overleg met school over Tim');
	check(k && k.state === 'given' && sameSet(k.given_by, ['P000001', 'P000002']) && sameSet(k.recipients, ['school']),
		'consent: given as recorded on the screen', k);

	const obligations = cli('anna.devries', 'obligations');
	await open(page, '#/casus/ZV-2026-00001/kader', 'Kader of fase wijzigen in casus ZV-2026-00001');
	await page.getByLabel('Fase', { exact: true }).selectOption('recovery');
	await page.getByLabel('Reden van de wijziging').fill('De veiligheid is op orde; de hulp richt zich op herstel.');
	await page.getByRole('button', { name: 'Wijziging vastleggen' }).click();
	await screenReady(page, 'Casus ZV-2026-00001');
	after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const last = after.history[after.history.length - 1];
	check(after.phase === 'recovery' && last.reason.startsWith('De veiligheid') && last.family_informed === false,
		'framework and phase: the change recorded with its reason, the family not yet told', last);
	check(cli('anna.devries', 'obligations').length > obligations.length, 'framework and phase: an obligation to tell the family (R6.4)');
	await page.locator('summary', { hasText: 'Vastleggen dat het gezin is geïnformeerd' }).click();
	await page.getByLabel('Hoe en wanneer is het gezin geïnformeerd?').fill('Telefonisch met beide ouders besproken.');
	await page.getByRole('button', { name: 'Vastleggen', exact: true }).click();
	await page.waitForSelector('text=Vastgelegd dat het gezin is geïnformeerd.');
	after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	check(after.history[after.history.length - 1].family_informed === true, 'framework and phase: the family informed, recorded');

	await open(page, '#/casussen', 'Mijn casussen');
	const open1 = cli('anna.devries', 'obligations').filter((o) => !o.fulfilled_at);
	const first = page.locator('[data-obligation]').first();
	const oid = await first.getAttribute('data-obligation');
	await first.getByRole('button', { name: 'Afhandelen' }).click();
	await first.getByLabel('Wat hebt u gedaan?').fill('Met het gezin besproken.');
	await first.getByRole('button', { name: 'Markeren als afgehandeld' }).click();
	await page.waitForSelector('text=De verplichting is afgehandeld.');
	const open2 = cli('anna.devries', 'obligations').filter((o) => !o.fulfilled_at);
	check(open2.length === open1.length - 1 && !open2.some((o) => o.id === oid), 'obligation: fulfilled, it leaves the list', oid);
	/* The case with all of that: a correction, a reaction, a new consent, history. */
	await open(page, '#/casus/ZV-2026-00001', 'Casus ZV-2026-00001');
	await everyScreenCheck(page, 'casus-na-wijzigingen');
	await page.context().close();
}

/* Withdrawing participation asks what the team does next (R9.3). */
async function withdrawParticipation() {
	const page = await newPage();
	await signIn(page, 'carla.bakker');
	await open(page, '#/casus/ZV-2026-00002', 'Casus ZV-2026-00002');
	const item = page.locator('[data-consent="T0000004"]');
	await item.getByText('Toestemming intrekken').click();
	const choices = await item.locator('input[name=choice]').evaluateAll((els) => els.map((e) => [e.value, e.checked]));
	check(sameSet(choices.map((c) => c[0]), ['stop', 'hand_over']) && choices.every((c) => !c[1]),
		'participation: under pressure the team stops or hands over, and nothing is chosen for it', choices);
	await item.getByRole('button', { name: 'Intrekken' }).click();
	check((await item.locator('[role=alert]').innerText()).startsWith('Kies bij'), 'participation: a choice is required');
	await item.locator('input[name=choice][value=hand_over]').check();
	await item.getByRole('button', { name: 'Intrekken' }).click();
	await page.waitForSelector('text=De toestemming is ingetrokken.');
	const view = cli('carla.bakker', 'case', 'show', 'ZV-2026-00002');
	check(view.consents.find((c) => c.id === 'T0000004').state === 'withdrawn' && view.framework === 'compulsory',
		'participation: withdrawn, handed over (the framework is compulsory)', view.framework);
	check((await page.locator('main').innerText()).includes('verplichtingen'), 'participation: the obligation to tell the family is said');
	await page.context().close();
}

async function main() {
	if (SHOTS)
		mkdirSync(SHOTS, { recursive: true });
	await oneCatalogue();
	const server = await startServer();
	base = server.base;
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	try {
		const allCases = demo.cases.map((c) => c.id);
		const anna = await ownCasesOnly('anna.devries', allCases);
		const eva = await ownCasesOnly('eva.smit', allCases);
		/* The demo's memberships (docs/dossier.md), not only what the service says. */
		check(sameSet(anna, ['ZV-2026-00001', 'ZV-2026-00004']) && sameSet(eva, ['ZV-2026-00003']),
			'the demo\'s memberships: anna in 00001 and 00004, eva in 00003', { anna, eva });
		check(USERS['anna.devries'].organisation !== USERS['eva.smit'].organisation && !sameSet(anna, eva),
			'the two users are of different organisations and see different cases', { anna, eva });
		await screens();
		const page = await newPage();
		await signIn(page, 'anna.devries');
		await shareAllowed(page);
		await shareDenied(page);
		await withdrawConsent(page);
		await page.context().close();
		await keyboardOnly();
		await signOutAndNextUser();
		await otherSignInSameBrowser();
		await restrictedViews();
		await shareOneEntry();
		await writes();
		await withdrawParticipation();
	} catch (e) {
		check(false, 'the browser tests ran to the end', e.stack || String(e));
	} finally {
		await browser.close();
		server.proc.removeAllListeners('exit');
		const exited = new Promise((done) => server.proc.once('exit', done));
		server.proc.kill('SIGTERM');
		await exited;
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`web: ${passed} checks passed, ${failures.length} failed`);
	process.exit(failures.length ? 1 : 0);
}

await main();
