/*
 * api.js — the one door to the HTTP API (docs/http.md) for the screens.
 *
 * Sends JSON with the session's CSRF token on every request that changes
 * something, and turns problem details (RFC 9457) into an ApiError that
 * screens show through messages.js. The session cookie is HttpOnly: this
 * code never sees it.
 */

export class ApiError extends Error {
	constructor(status, problem, retryAfter) {
		super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
		this.status = status;
		this.code = problem && problem.code ? problem.code : 'internal_error';
		this.path = problem ? problem.path : undefined;
		this.decision = problem ? problem.decision : undefined;
		this.retryAfter = retryAfter;
	}
}

export class Api {
	constructor() {
		this.csrf = null;
		/* Called with the problem's code when the session is gone
		 * (unauthenticated) or is no longer this page's (a CSRF token that
		 * does not fit: someone signed in elsewhere in this browser). */
		this.onSessionEnded = () => {};
	}

	async call(method, path, body) {
		const headers = {};
		const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		if (method !== 'GET' && this.csrf)
			headers['X-CSRF-Token'] = this.csrf;
		let res;
		try {
			res = await fetch(`/api/v1${path}`, init);
		} catch (e) {
			throw new ApiError(0, { code: 'network', detail: String(e) });
		}
		if (res.status === 204)
			return null;
		let data = null;
		try {
			data = await res.json();
		} catch (e) {
			data = null;
		}
		if (!res.ok) {
			const err = new ApiError(res.status, data, Number(res.headers.get('Retry-After')) || 0);
			const gone = err.code === 'unauthenticated' || err.code === 'csrf_token_invalid' || err.code === 'csrf_token_missing';
			if (gone && path !== '/session')
				this.onSessionEnded(err.code);
			throw err;
		}
		return data;
	}

	get(path) { return this.call('GET', path); }
	post(path, body) { return this.call('POST', path, body); }
	put(path, body) { return this.call('PUT', path, body); }
	del(path) { return this.call('DELETE', path); }

	/* Ids in paths are escaped although the API's ids need no escaping. */
	static seg(id) { return encodeURIComponent(id); }
}
