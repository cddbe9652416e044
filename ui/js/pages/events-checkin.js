// events-checkin.js — the page a QR code opens (#/events/checkin/:token). An organiser scanning
// a participant's code lands here and confirms the check-in (POST /api/events/checkin); the
// server checks that they organise that event and that the registration is confirmed.

import { h, replace } from '../dom.js';
import { errorText, pageTitle } from '../ui.js';

export default {
    route: '#/events/checkin/:token',
    roles: ['school_admin', 'council_secretariat', 'admin', 'teacher', 'council_member'],
    title: 'events.checkin.title',
    render(root, ctx) {
        const { t } = ctx;
        const result = h('div', { id: 'checkin-result', role: 'status' });
        const button = h('button', { type: 'button', class: 'button button-primary button-wide', id: 'checkin-confirm' },
            t('events.checkin.confirm'));
        button.addEventListener('click', async () => {
            button.disabled = true;
            try {
                const g = await ctx.api.post('/api/events/checkin', { token: ctx.params.token });
                replace(result, h('p', { class: 'alert alert-success', dataset: { attendance: g.attendance } },
                    t(g.already ? 'events.checkin.already' : 'events.checkin.done', { name: g.name }),
                    ' — ', h('bdi', null, g.event.title)));
            } catch (err) {
                replace(result, h('p', { class: 'alert alert-error' }, errorText(err)));
                button.disabled = false;
            }
        });
        replace(root, pageTitle(t('events.checkin.title'), t('events.checkin.lead')), button, result);
    },
};
