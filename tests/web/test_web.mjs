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

async function screenReady(page, heading) {
	await page.waitForSelector(`main h1:has-text(${JSON.stringify(heading)})`);
	await page.waitForFunction(() => !document.querySelector('main[aria-busy]'));
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
	if (SHOTS)
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
		for (const m of src.matchAll(/t\(`([a-z_.]+)\$\{/g))
			known.forEach((k) => { if (k.startsWith(m[1])) used.add(k); });
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
	check(await page.locator('.zv-question').count() === 0, 'share: no questions are left once answered');
	const before = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	await page.getByRole('button', { name: 'Delen en vastleggen' }).click();
	await page.waitForSelector('text=Vastgelegd als verstrekking');
	const after = cli('anna.devries', 'case', 'show', 'ZV-2026-00001');
	const added = after.disclosures.filter((d) => !before.disclosures.some((b) => b.id === d.id));
	check(added.length === 1 && added[0].state === 'done' && sameSet(added[0].entries, ['E0000001']) && added[0].recipient_org === 'jh-kompas',
		'share: the disclosure of exactly the allowed scope is recorded', added);
	check(after.obligations.length > before.obligations.length, 'share: its obligations are created',
		{ before: before.obligations.length, after: after.obligations.length });
	check(await page.getByRole('button', { name: 'Afdrukken voor het dossier' }).isVisible(), 'share: the decision can be printed');
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
	check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'antwoord'), 'keyboard: the focus moves to the answer');
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
	/* A professional has no audit log in the menu, and is refused. */
	const bram = await newPage();
	await signIn(bram, 'bram.jansen');
	check(await bram.locator('nav a', { hasText: 'Auditlog' }).count() === 0, 'audit: not in the menu of a professional');
	await bram.context().close();
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
	} catch (e) {
		check(false, 'the browser tests ran to the end', e.stack || String(e));
	} finally {
		await browser.close();
		server.proc.removeAllListeners('exit');
		server.proc.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`web: ${passed} checks passed, ${failures.length} failed`);
	process.exit(failures.length ? 1 : 0);
}

await main();
