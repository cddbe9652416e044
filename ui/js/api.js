// api.js — the fetch wrapper every page uses to talk to the server (docs/api.md).
//
// JSON in and out; the session lives in an HttpOnly cookie the browser sends by itself. Every
// state-changing request (POST, PUT, PATCH, DELETE) carries the `madrasa_csrf` cookie's value in
// an X-CSRF-Token header, as the server demands. A non-2xx answer becomes a thrown ApiError
// carrying the server's {"error":{code,message,field,line}} so a form can put the message next to
// the right field; a network failure becomes an ApiError with code "network" and status 0.
// A 401 on any request except the sign-in itself calls the onUnauthenticated hook (the app sends
// the user back to the sign-in page when a session has expired).

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
    constructor(status, body, retryAfter) {
        const e = (body && body.error) || {};
        super(e.message || `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.code = e.code || (status === 0 ? 'network' : 'internal');
        this.field = e.field || null;
        this.line = e.line ?? null;
        this.retryAfter = retryAfter;
    }
}

let onUnauthenticated = null;

/** Registers fn(error) to run when the server answers 401 to a signed-in request. */
export function setUnauthenticatedHandler(fn) {
    onUnauthenticated = fn;
}

/** The CSRF token from the readable cookie (`__Host-` prefixed when served over TLS). */
export function csrfToken() {
    for (const part of document.cookie.split(';')) {
        const eq = part.indexOf('=');
        const name = part.slice(0, eq).trim();
        if (name === 'madrasa_csrf' || name === '__Host-madrasa_csrf') {
            return decodeURIComponent(part.slice(eq + 1).trim());
        }
    }
    return null;
}

/**
 * Sends one request. body: an object (sent as JSON), a string (sent with opts.contentType) or
 * undefined. Resolves to the parsed JSON answer, or null for 204/empty; rejects with ApiError.
 */
export async function request(method, path, body, opts = {}) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (typeof body === 'string') {
        headers['Content-Type'] = opts.contentType || 'text/plain; charset=utf-8';
        payload = body;
    } else if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
    }
    if (UNSAFE.has(method)) {
        const token = csrfToken();
        if (token) headers['X-CSRF-Token'] = token;
    }
    let res;
    try {
        res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch {
        throw new ApiError(0, null, null);
    }
    const text = await res.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = null;
        }
    }
    if (!res.ok) {
        const retry = Number.parseInt(res.headers.get('Retry-After') || '', 10);
        const err = new ApiError(res.status, data, Number.isFinite(retry) ? retry : null);
        if (res.status === 401 && !opts.noAuthRedirect && onUnauthenticated) onUnauthenticated(err);
        throw err;
    }
    return data;
}

export const api = {
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    patch: (path, body, opts) => request('PATCH', path, body, opts),
    del: (path, opts) => request('DELETE', path, undefined, opts),
};

/** Builds a query string from an object, skipping empty values: {q:'a', role:''} → "?q=a". */
export function query(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v !== '' && v !== null && v !== undefined) qs.set(k, String(v));
    }
    const s = qs.toString();
    return s ? `?${s}` : '';
}
