// events-verify.js — the public page where anyone checks a certificate by its code
// (#/verify/:code, GET /api/certificates/{code}): who holds it, for what, when, and its PDF.

import { h, replace } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';
import { PUBLIC } from '../router.js';

export default {
    route: '#/verify/:code',
    roles: [PUBLIC],
    title: 'events.verify.title',
    async render(root, ctx) {
        const { t } = ctx;
        replace(root, pageTitle(t('events.verify.title')), loading());
        try {
            const c = await ctx.api.get(`/api/certificates/${encodeURIComponent(ctx.params.code)}`);
            const row = (k, v) => [h('dt', null, t(`events.verify.${k}`)), h('dd', null, v)];
            replace(root, pageTitle(t('events.verify.title')),
                h('p', { class: 'alert alert-success', id: 'verify-valid' }, t('events.verify.valid', { code: c.code })),
                h('dl', { class: 'facts' },
                    row('holder', h('bdi', { id: 'verify-holder' }, c.holder)),
                    c.holder_ar ? row('holder_ar', h('bdi', { lang: 'ar', dir: 'rtl' }, c.holder_ar)) : null,
                    row('for', h('bdi', null, c.title)),
                    row('detail', h('bdi', null, c.detail)),
                    row('issued', new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'long' }).format(new Date(c.issued_at * 1000)))),
                h('p', null, h('a', { href: c.pdf, class: 'button button-secondary' }, t('events.verify.pdf'))));
        } catch (err) {
            replace(root, pageTitle(t('events.verify.title')), h('p', { class: 'alert alert-error', id: 'verify-invalid' },
                err.status === 404 ? t('events.verify.invalid') : errorText(err)));
        }
    },
};
