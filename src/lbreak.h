/* Line-break opportunities: a thin wrapper over libunibreak's UAX #14 ("Unicode Line
 * Breaking Algorithm"). text → the positions where a line may or must end. Borrows its
 * input, allocates nothing, keeps no state of its own. */
#ifndef BG_LBREAK_H
#define BG_LBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"

typedef enum {
    BG_LBREAK_NONE = 0, /* no break after this byte (also: inside a character) */
    BG_LBREAK_ALLOW,    /* a line may end after this byte */
    BG_LBREAK_MUST      /* a line must end after this byte (a line separator, the end) */
} bg_lbreak_kind;

/* Prepare the library's tables. Idempotent and cheap; call it once before the first
 * bg_lbreak_points of a run (the layout stage does). */
void bg_lbreak_init(void);

/* Fill @kinds[i] (one bg_lbreak_kind per byte of @text, @text.len entries) with the kind
 * of break UAX #14 allows after byte i of the UTF-8 @text, in a language-neutral way.
 * The last byte is always BG_LBREAK_MUST (the end of the text). Invalid UTF-8 is read as
 * U+FFFD by the library. */
void bg_lbreak_points(bg_str text, uint8_t *kinds);

#endif
