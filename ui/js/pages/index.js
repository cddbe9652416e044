// pages/index.js — THE page registry. Adding a page to Madrasa is two steps:
//   1. write ui/js/pages/<name>.js exporting a page object (default export):
//        export default {
//            route: '#/classes/:id',         // hash route; `:name` parts arrive in ctx.params
//            roles: ['teacher', 'admin'],    // who may open it (PUBLIC from ../router.js = anyone)
//            title: 'class.title',           // i18n key for the document title
//            nav: 'nav.classes',             // optional: i18n key of its navigation link
//                                            // (only for routes without parameters)
//            async render(root, ctx) { … },  // build the page into root with h() from ../dom.js
//        };
//   2. add ONE line below: import it and list it in `pages`.
// Then add its strings to all four ui/i18n/*.json files (a test checks they share every key).
// The router refuses a page to other roles with a "not allowed" message, the navigation shows
// only what the role may open, and the home page links only to routes registered here
// (ctx.canOpen(route)). ctx is described in app.js (makeCtx): user, params, api, t, navigate…
// Order matters only for the navigation: links appear in this order.

import home from './home.js';
import login from './login.js';
import adminUsers from './admin-users.js';
import roster from './roster.js';
import account from './account.js';
import bot from './bot.js';
import botDoc from './bot-doc.js';
import botAdmin from './bot-admin.js';
import botDocuments from './bot-documents.js';
import events from './events.js';
import eventsCheckin from './events-checkin.js';
import eventsDetail from './events-detail.js';
import eventsVerify from './events-verify.js';
import library from './library.js';
import libraryRecord from './library-record.js';
import pd from './pd.js';
import pdEnrolment from './pd-enrolment.js';
import majlis from './majlis.js';
import majlisSession from './majlis-session.js';
import majlisDocument from './majlis-document.js';
import majlisDecisions from './majlis-decisions.js';
import teach from './teach.js';
import contentImport from './content-import.js';
import classDashboard from './class.js';
import classLearner from './class-learner.js';
import practice from './practice.js';
import progress from './progress.js';
import placement from './placement.js';
import observatory from './observatory.js';

export const pages = [
    home,
    login,
    practice,
    progress,
    placement,
    adminUsers,
    roster,
    teach,
    contentImport,
    classLearner,
    classDashboard,
    majlis,
    majlisDecisions,
    majlisSession,
    majlisDocument,
    account,
    bot,
    botDoc,
    botAdmin,
    botDocuments,
    events,
    eventsCheckin,
    eventsDetail,
    eventsVerify,
    library,
    libraryRecord,
    pd,
    pdEnrolment,
    observatory,
];
