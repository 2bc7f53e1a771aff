/*
 * dom.js — building the page from data without ever parsing HTML.
 *
 * h() makes elements; strings become text nodes, so text from the dossier can
 * never become markup (no innerHTML anywhere in the application). The form
 * helpers give every field a label, a description and an error message tied
 * together with for/aria-describedby, as the NL Design System's form field
 * expects.
 */

let nextId = 0;

/* A fresh id for tying labels and descriptions to their fields. */
export function uid(prefix) {
	nextId += 1;
	return `${prefix}-${nextId}`;
}

function append(el, child) {
	if (child === null || child === undefined || child === false)
		return;
	if (Array.isArray(child)) {
		child.forEach((c) => append(el, c));
		return;
	}
	el.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

/* h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child…) */
export function h(tag, props, ...children) {
	const el = document.createElement(tag);
	for (const [key, value] of Object.entries(props || {})) {
		if (value === null || value === undefined || value === false)
			continue;
		if (key.startsWith('on') && typeof value === 'function')
			el.addEventListener(key.slice(2), value);
		else if (key === 'class')
			el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
		else if (key === 'value')
			el.value = value;
		else if (key === 'checked')
			el.checked = Boolean(value);
		else
			el.setAttribute(key, value === true ? '' : String(value));
	}
	append(el, children);
	return el;
}

/* Is `el` shown? (Element.checkVisibility is not in every browser yet.) */
export function shown(el) {
	return el.getClientRects().length > 0;
}

export function clear(el) {
	while (el.firstChild)
		el.removeChild(el.firstChild);
	return el;
}

/* A label, a control and (optionally) a description, as one form field. */
export function field({ label, control, description, required }) {
	const id = control.id || uid('veld');
	control.id = id;
	const parts = [h('div', { class: 'utrecht-form-field__label' },
		h('label', { class: 'utrecht-form-label', for: id }, label))];
	if (description) {
		const did = uid('uitleg');
		control.setAttribute('aria-describedby', did);
		parts.push(h('div', { class: 'utrecht-form-field__description utrecht-form-field-description', id: did },
			description));
	}
	/* Not the `required` attribute: the NL Design System marks such a field
	 * invalid before anything was typed. ui.js's validate() checks it. */
	if (required)
		control.setAttribute('aria-required', 'true');
	const kind = control.type === 'checkbox' ? 'checkbox' : control.type === 'radio' ? 'radio' : 'text';
	if (kind !== 'text') {
		return h('div', { class: `utrecht-form-field utrecht-form-field--${kind}` },
			h('div', { class: 'utrecht-form-field__input' }, control),
			h('div', { class: 'utrecht-form-field__label' },
				h('label', { class: 'utrecht-form-label utrecht-form-label--' + kind, for: id }, label)),
			parts.slice(1));
	}
	parts.push(h('div', { class: 'utrecht-form-field__input' }, control));
	return h('div', { class: 'utrecht-form-field utrecht-form-field--text' }, parts);
}

export function textbox(props) {
	return h('input', { class: 'utrecht-textbox utrecht-textbox--html-input', type: 'text', ...props });
}

export function textarea(props) {
	return h('textarea', { class: 'utrecht-textarea utrecht-textarea--html-textarea', rows: 4, ...props });
}

export function select(props, options) {
	return h('select', { class: 'utrecht-select utrecht-select--html-select', ...props },
		options.map(([value, text]) => h('option', { value }, text)));
}

export function checkbox(props) {
	return h('input', { class: 'utrecht-checkbox utrecht-checkbox--html-input', type: 'checkbox', ...props });
}

export function radio(props) {
	return h('input', { class: 'utrecht-radio-button utrecht-radio-button--html-input', type: 'radio', ...props });
}

/* A group of radio buttons or checkboxes under a legend. */
export function choiceGroup({ legend, name, type, options, checked, required }) {
	const items = options.map(([value, text]) => {
		const control = (type === 'radio' ? radio : checkbox)({
			name, value, checked: Array.isArray(checked) ? checked.includes(value) : checked === value
		});
		return field({ label: text, control });
	});
	return h('fieldset', {
		class: 'utrecht-form-fieldset', 'data-required': required ? 'true' : null,
		'data-multiple': type === 'checkbox' ? 'true' : null
	},
		h('legend', { class: 'utrecht-form-fieldset__legend' }, legend), items);
}

export function button(text, props) {
	return h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit', ...props }, text);
}

export function secondaryButton(text, props) {
	return h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button', ...props }, text);
}

export function link(href, text, props) {
	return h('a', { class: 'utrecht-link', href, ...props }, text);
}

export function heading(level, text, props) {
	return h(`h${level}`, { class: `utrecht-heading-${level}`, ...props }, text);
}

export function para(...children) {
	return h('p', { class: 'utrecht-paragraph' }, ...children);
}

/* A definition list of [term, value] pairs (values may be nodes). */
export function facts(pairs) {
	return h('dl', { class: 'zv-facts' },
		pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/* A table that stacks into labelled blocks on narrow screens (css/app.css). */
export function table({ caption, columns, rows }) {
	return h('div', { class: 'zv-table-wrap' },
		h('table', { class: 'utrecht-table zv-table' },
			h('caption', { class: 'utrecht-table__caption' }, caption),
			h('thead', { class: 'utrecht-table__header' },
				h('tr', { class: 'utrecht-table__row' },
					columns.map((c) => h('th', { class: 'utrecht-table__header-cell', scope: 'col' }, c)))),
			h('tbody', { class: 'utrecht-table__body' },
				rows.map((cells) => h('tr', { class: 'utrecht-table__row' },
					cells.map((cell, i) => h('td', { class: 'utrecht-table__cell', 'data-label': columns[i] },
						cell)))))));
}

/* What the values of a form are, by name: the checkboxes of a group of
 * choices (choiceGroup) as a list, also when the group has one choice; a
 * single checkbox as true or false. */
export function formValues(form) {
	const out = {};
	for (const el of form.elements) {
		if (!el.name || el.disabled)
			continue;
		if (el.type === 'checkbox') {
			if (el.closest('fieldset[data-multiple]')) {
				out[el.name] = out[el.name] || [];
				if (el.checked)
					out[el.name].push(el.value);
			} else {
				out[el.name] = el.checked;
			}
		} else if (el.type === 'radio') {
			if (el.checked)
				out[el.name] = el.value;
		} else {
			out[el.name] = el.value;
		}
	}
	return out;
}
