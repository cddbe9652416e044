/*
 * arshape.h — Arabic text made drawable by a renderer that neither shapes nor reorders.
 *
 * cairo's text API draws one glyph per character from the font's character map, left to right:
 * Arabic needs its letters in their joined forms and right-to-left order. arshape_visual does the
 * minimum a certificate needs, without HarfBuzz or FriBidi (not dependencies of this project):
 *   1. shaping: each letter of U+0621–U+064A becomes its isolated, initial, medial or final form
 *      from Arabic Presentation Forms-B (U+FE70–U+FEFF), from the joining types of its
 *      neighbours (harakat are transparent); lam + alef become the lam-alef ligatures;
 *   2. order: a text that holds Arabic letters is laid out right to left — its runs are reversed,
 *      characters inside right-to-left runs are reversed (brackets mirrored), and runs of Latin
 *      letters and digits keep their order.
 * Text without Arabic letters comes back unchanged. Pure: memory from the caller's arena.
 */
#ifndef APP_EVENTS_ARSHAPE_H
#define APP_EVENTS_ARSHAPE_H

#include "base/arena.h"

/* arshape_has_arabic: 1 when s (UTF-8) holds a letter of the Arabic block. */
int arshape_has_arabic(const char *s);
/* arshape_visual: s (UTF-8, logical order) shaped and in visual left-to-right order, in the
 * arena. Malformed UTF-8 bytes are dropped. */
char *arshape_visual(arena *a, const char *s);

#endif
