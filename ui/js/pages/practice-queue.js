// practice-queue.js — the practice page's offline memory, and the learner pages' stylesheet.
//
// Grading stays on the server, so offline the page cannot say right or wrong: it keeps the
// session's prefetched items (so it can go on showing questions) and a queue of answers, each
// with the client_id (a UUID) it was made with. When the link comes back, flush() sends the
// queue in order; the server stores each client_id once, so an answer sent twice (the first
// reply lost on the way back) is never counted twice, and an answer is removed from the queue
// only after the server acknowledged it, so none is lost.

/** Adds ui/css/practice.css to the document once (the learner pages share it). */
export function practiceStyles() {
    if (document.querySelector('link[href="/css/practice.css"]')) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/css/practice.css';
    document.head.append(link);
}

const ITEMS_KEY = 'madrasa.practice.items';
const QUEUE_KEY = 'madrasa.practice.queue';

function load(key) {
    try {
        return JSON.parse(localStorage.getItem(key) || '[]');
    } catch {
        return [];
    }
}

function save(key, value) {
    try {
        localStorage.setItem(key, JSON.stringify(value));
    } catch {
        /* storage full or disabled: the session goes on in memory */
    }
}

/** A fresh UUID (crypto.randomUUID where available). */
export function newClientId() {
    if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const stock = {
    /** The prefetched items ({item, why, reason}) not shown yet. */
    items: () => load(ITEMS_KEY),
    put(items) { save(ITEMS_KEY, items.slice(0, 20)); },
    /** Takes the first stored item out, or null. */
    take() {
        const all = load(ITEMS_KEY);
        const first = all.shift() || null;
        save(ITEMS_KEY, all);
        return first;
    },
};

export const queue = {
    pending: () => load(QUEUE_KEY),
    add(answer) { save(QUEUE_KEY, [...load(QUEUE_KEY), answer]); },
    /**
     * Sends the queued answers in order with send(answer) (a promise); stops at the first
     * network failure. Resolves to the number acknowledged.
     */
    async flush(send) {
        let sent = 0;
        for (;;) {
            const all = load(QUEUE_KEY);
            if (!all.length) return sent;
            try {
                await send(all[0]);
            } catch (err) {
                if (err && err.status === 0) return sent; /* still offline */
                /* the server refused it (e.g. content removed): it will never succeed, drop it */
            }
            const rest = load(QUEUE_KEY);
            if (rest.length && rest[0].client_id === all[0].client_id) rest.shift();
            save(QUEUE_KEY, rest);
            sent++;
        }
    },
};
