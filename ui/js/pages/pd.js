// pd.js — professional development (#/pd): the programmes open to the educator, with their
// modules' badge, an enrolment button (with the e-mail the Open Badge will name, optional) and a
// link to continue (#/pd/enrolments/:id, pd-enrolment.js).

import { h, replace } from '../dom.js';
import { errorText, field, loading, pageTitle } from '../ui.js';

export default {
    route: '#/pd',
    roles: ['teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'pd.title',
    nav: 'pd.nav',
    async render(root, ctx) {
        const { t } = ctx;
        replace(root, pageTitle(t('pd.title'), t('pd.lead')), loading());
        let res;
        try {
            res = await ctx.api.get('/api/pd/programmes');
        } catch (err) {
            replace(root, pageTitle(t('pd.title')), h('p', { class: 'alert alert-error' }, errorText(err)));
            return;
        }
        const cards = res.programmes.filter((p) => p.open_to_me || p.enrolment_id).map((p) => {
            const email = field({ name: 'email', type: 'email', label: t('pd.email'), hint: t('pd.email_hint'),
                autocomplete: 'email', attrs: { dir: 'ltr' } });
            const error = h('p', { class: 'alert alert-error', hidden: true });
            const enrol = h('button', { type: 'button', class: 'button button-primary', dataset: { programme: p.id } }, t('pd.enrol'));
            enrol.addEventListener('click', async () => {
                try {
                    const body = email.input.value.trim() ? { email: email.input.value.trim() } : {};
                    const e = await ctx.api.post(`/api/pd/programmes/${p.id}/enrol`, body);
                    ctx.navigate(`#/pd/enrolments/${e.id}`);
                } catch (err) {
                    replace(error, errorText(err));
                    error.hidden = false;
                }
            });
            return h('section', { class: 'card', dataset: { programme: p.id } },
                h('h2', { class: 'section-title' }, h('bdi', null, p.title)),
                h('p', { dir: 'auto' }, p.description),
                h('p', { class: 'hint' }, t('pd.badge', { name: p.badge.name }), ' — ', h('bdi', null, p.badge.criteria)),
                p.enrolment_id
                    ? h('a', { class: 'button button-secondary', href: `#/pd/enrolments/${p.enrolment_id}` },
                        t(p.completed ? 'pd.completed' : 'pd.continue'))
                    : [email, error, enrol]);
        });
        replace(root, pageTitle(t('pd.title'), t('pd.lead')), cards.length ? cards : h('p', { class: 'empty' }, t('pd.none')));
    },
};
