/* Report: bg_point_list → the output of `briefgen extract`: plain text (one point per
 * line, optionally explained) or JSON for other tools. Reads points only; never touches
 * the filesystem except the FILE it is given.
 *
 * JSON schema (one object, UTF-8, keys always in this order; strings escaped per RFC 8259,
 * control characters as \uXXXX or the short escapes, U+2028/U+2029 escaped):
 *   {"points": [
 *     {"text": string,            the sentence (newlines as in the source)
 *      "category": string,        best category name
 *      "score": number,           2 decimals
 *      "source": string,          source path, e.g. "content/x.txt"
 *      "line": int, "col": int,   1-based; col counts characters
 *      "also": [{"source": string, "line": int}],   other sources saying the same
 *      "facts": [{"kind": "date"|"amount"|"count"|"org"|"other",
 *                 "text": string,   the words matched
 *                 "value": string}],  normalised: "2023-07", "2010/2013", "USD 319000000"
 *      "rules": [{"name": string, "weight": number}]}  rules that fired, with what each
 *                                   contributed; with --explain also "file", "line", "col"
 *   ]}
 */
#ifndef BG_REPORT_H
#define BG_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "diag.h"
#include "extract.h"

/* Print one line per point, "path:line: [category score] sentence" (newlines in the
 * sentence become spaces). With @explain, indented lines follow each point: one per fired
 * rule ("rule NAME +W (file:line:col)"), one per non-zero scoring term ("term lead +1.00";
 * terms: length, lead, breadth), one per fact ("fact KIND VALUE 'text'") and one per
 * other citation ("also path:line"). Returns BG_EIO when @out reports a write error. */
bg_status bg_report_text(const bg_point_list *pts, bool explain, FILE *out);

/* Append the JSON document described above to @out (caller-owned; caller frees it with
 * bg_buf_free). Returns BG_ENOMEM when @out's cap or memory is exhausted. */
bg_status bg_report_json(const bg_point_list *pts, bool explain, bg_buf *out);

#endif
