/*
 * clash.c — pairwise clash detection (see clash.h). A timetable holds tens of sessions, so the
 * quadratic scan is the simple and sufficient choice.
 */
#include "app/events/clash.h"

#include <ctype.h>
#include <string.h>

static int same_name(const char *a, const char *b)
{
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && a[na - 1] == ' ') na--;
    while (nb && b[nb - 1] == ' ') nb--;
    if (na == 0 || na != nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

size_t clash_find(clash *out, size_t cap, const clash_session *s, size_t n)
{
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (!(s[i].start < s[j].end && s[j].start < s[i].end)) continue;
            int k = (same_name(s[i].room, s[j].room) ? CLASH_ROOM : 0) |
                    (same_name(s[i].speaker, s[j].speaker) ? CLASH_SPEAKER : 0);
            if (!k) continue;
            if (found < cap) out[found] = (clash){s[i].id, s[j].id, k};
            found++;
        }
    return found;
}
