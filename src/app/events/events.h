/*
 * events.h — workshops, lectures and conferences: series, calls for contributions with reviews
 * and selection, registration with capacity, approval and a waiting list, timetables with clash
 * warnings and published versions, QR check-in, attendance, and certificates (cert.h).
 *
 * Owns the tables event_series, events, event_registrations, event_submissions, event_reviews,
 * event_sessions and event_timetables (migration 0021). Who manages an event: its organiser,
 * the council secretariat and admins (events_can_manage). Anyone may read announced events;
 * any signed-in user may register, submit a contribution, and see their own registration.
 *
 * Registration, in one transaction that first locks the event row (an UPDATE of the row, which
 * both backends serialise): with approval the registration waits as "pending"; otherwise it is
 * "confirmed" while confirmed < capacity, else "waitlisted". When a confirmed person cancels, the
 * oldest waitlisted one is promoted in the same transaction. Check-in takes the registration's
 * secret token (the QR code encodes the URL #/events/checkin/<token>) and records attendance;
 * certificates are issued for recorded attendance only.
 */
#ifndef APP_EVENTS_H
#define APP_EVENTS_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table events_routes;

/* events_qr_svg: an SVG image of the QR code (ECC level M) of `text`, in the arena; NULL when the
 * text cannot be encoded (too long). */
char *events_qr_svg(arena *a, const char *text);

/* events_demo announces one demo workshop by the secretariat (idempotent). */
int events_demo(db_conn *c);

#endif
