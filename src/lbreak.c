/* Line-break opportunities per UAX #14 via libunibreak (set_linebreaks_utf8). The only
 * file that includes the library's header. The layout stage (layout_item.c) turns the
 * opportunities inside a space-free run into zero-width breaks. */
#include <linebreak.h>

#include "lbreak.h"

void bg_lbreak_init(void)
{
    init_linebreak();
}

void bg_lbreak_points(bg_str text, uint8_t *kinds)
{
    if (text.len == 0) {
        return;
    }
    /* libunibreak writes one char per byte; uint8_t and char have the same size. */
    char *brks = (char *)kinds;
    set_linebreaks_utf8((const utf8_t *)text.ptr, text.len, NULL, brks);
    for (size_t i = 0; i < text.len; i++) {
        switch (brks[i]) {
        case LINEBREAK_MUSTBREAK:
            kinds[i] = BG_LBREAK_MUST;
            break;
        case LINEBREAK_ALLOWBREAK:
            kinds[i] = BG_LBREAK_ALLOW;
            break;
        default:
            kinds[i] = BG_LBREAK_NONE;
            break;
        }
    }
}
