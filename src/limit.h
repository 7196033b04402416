/* Every limit briefgen applies, with its reason. A limit exceeded is a positioned
 * "input too large" (or similar) error, never a hang: see notes/robustness.md. Header only.
 * Named limit.h, not STYLE's limits.h: in src/ that name shadows the system <limits.h>
 * through gcc's include_next chain. */
#ifndef BG_LIMIT_H
#define BG_LIMIT_H

/* Sources: scraped pages are tens of KB; 16 MiB leaves room for whole reports. */
#define BG_MAX_SOURCE_BYTES (16u * 1024u * 1024u)
/* A content directory with more files than this is almost surely the wrong directory. */
#define BG_MAX_SOURCES 4096u
/* YAML files (templates, rules, sidecars) are hand-written; 1 MiB is generous. */
#define BG_MAX_YAML_BYTES (1024u * 1024u)
/* Template files a build reads (and parses) once up front and shares across its briefings;
 * the loader reads any further file itself. */
#define BG_MAX_SHARED_TEMPLATES 64u
/* libyaml's cost is quadratic in nesting depth (robustness.md finding 5). */
#define BG_MAX_YAML_DEPTH 32u
/* Nodes per YAML file: bounds memory of a loaded tree. */
#define BG_MAX_YAML_NODES 100000u
/* Errors reported per file before the loader stops (SQLite Parse.nErr). */
#define BG_MAX_ERRORS_PER_FILE 20u
/* Rules: patterns per run, and the pattern length pcre2 accepts. */
#define BG_MAX_RULES 2048u
#define BG_MAX_PATTERN_BYTES 4096u
#define BG_MAX_PATTERN_PARENS 64u
/* pcre2 limits per match (robustness.md §3: (a+)+$ stops in 1 ms at 1e5). */
#define BG_PCRE2_MATCH_LIMIT 100000u
#define BG_PCRE2_DEPTH_LIMIT 10000u
#define BG_PCRE2_HEAP_LIMIT_KIB 16384u
#define BG_PCRE2_JIT_STACK_MAX (1024u * 1024u)
/* A sentence (a list item with its introduction) of more words than this is no key point:
 * no rule runs on it. Its length term alone sinks it under any min_score of the shipped
 * rules, and a 100 KB paragraph without a full stop would otherwise run rules into pcre2's
 * match limit and stop the run. Words, not bytes: a sentence with one very long word is a
 * point as any other (tests/cli/411, 516). */
#define BG_MAX_POINT_WORDS 1000u
/* Run-wide regex budget: summed match calls. The seeds need ~1e4; 5e7 bounds a hostile run. */
#define BG_MAX_REGEX_CALLS 50000000ull
/* Template inheritance: extends chains and partials. */
#define BG_MAX_INCLUDE_DEPTH 8u
#define BG_MAX_SECTIONS 64u
#define BG_MAX_VARS 256u
/* {{ var }} substitution output per string: stops exponential self-expansion. */
#define BG_MAX_SUBST_BYTES (64u * 1024u)
/* Fonts: files under fonts/, glyph indices are signed 16-bit in libharu 2.3.0. */
#define BG_MAX_FONT_BYTES (32u * 1024u * 1024u)
#define BG_MAX_FONT_GLYPHS 32767u
#define BG_MAX_FONTS 16u
/* Logo images: the file, and the pixels decoded before libharu sees them. 8192 per side is
 * the cap robustness.md tested; 4 Mpixel (12 MB of RGB in the arena) is far more than a logo
 * printed 40 pt tall needs, and keeps a decompression bomb small. */
#define BG_MAX_IMAGE_BYTES (4u * 1024u * 1024u)
#define BG_MAX_IMAGE_SIDE 8192u
#define BG_MAX_IMAGE_PIXELS (4u * 1024u * 1024u)
/* ICC profiles for PDF/A output intents: sRGB profiles are 3-60 KB; 1 MiB bounds what a
 * PDF carries for one. */
#define BG_MAX_ICC_BYTES (1024u * 1024u)
/* Output: points and pages per briefing. */
#define BG_MAX_POINTS 100000u
#define BG_MAX_PAGES 500u
/* `max_words: N`: far above what BG_MAX_PAGES pages hold. */
#define BG_MAX_WORDS 10000000u
/* max_pages / max_words: after the fewest drops that fit, this many of the dropped blocks
 * are tried back in (each try lays the briefing out again), best first, to fill the slack
 * the last drop left. */
#define BG_MAX_FIT_REFILLS 64u
/* A reference names its cited lines as ranges ("lines 9, 13–16"); past this many ranges the
 * rest is counted ("…and 412 more"), so thousands of cited lines stay one short entry. */
#define BG_MAX_REF_RANGES 12u
/* libharu refuses strings over 65,535 bytes and then dies (robustness.md). */
#define BG_MAX_TEXTOUT_BYTES 60000u
/* Everything one run allocates; exceeded → "input too large". */
#define BG_MAX_RUN_BYTES (512u * 1024u * 1024u)
/* Output files: PDF, JSON, depfile. */
#define BG_MAX_OUTPUT_BYTES (256u * 1024u * 1024u)
/* Output stem: [A-Za-z0-9._-]{1,100}, no leading dot. */
#define BG_MAX_STEM_BYTES 100u

#endif
