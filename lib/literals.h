/* The analysis of the rules' patterns into literals, for the prefilter
 * (prefilter.c), which builds its automata from them: for a PCRE2
 * pattern, the set of strings one of which any match must contain, and
 * for a pattern "^\W*R" the literals R starts with at the line's first
 * word character. Internal to those two files. */
#ifndef CLEAN_LITERALS_H
#define CLEAN_LITERALS_H

#include "internal.h"

#define KEPT_PREFIX 8      /* bytes of a literal the automaton looks for: a
                              prefix is as required as the whole, nearly as
                              rare, and longer paths grow the table out of
                              the cache */

typedef struct cl_lit {
    const char *s;
    uint32_t len;
    bool word_start; /* a match holds it where no ASCII letter, digit or
                        '_' is right before (or at the line's start) */
} cl_lit;

typedef struct cl_litset {
    bool top; /* no information: any line may match */
    uint32_t n;
    cl_lit *v;
} cl_litset;

/* Two sets of a pattern, one literal of each of which any match holds:
 * a, the more selective, and b (a itself if the pattern has one). */
typedef struct cl_litsets {
    cl_litset a, b;
} cl_litsets;

/* The one-byte literal that stands for any non-ASCII byte. */
#define HIGH_BYTE 0x80

/* The parser's state. The sets it returns live in its arena (of cap
 * bytes, ARENA_BYTES will do), which the next pattern reuses. */
#define ARENA_BYTES (256 * 1024)
typedef struct cl_lit_parser {
    const unsigned char *p, *end;
    char *arena;
    size_t used, cap;
    bool abort; /* syntax not followed: no set for this pattern */
} cl_lit_parser;

#define CASE_KNOWN 0x530 /* below: Latin, Greek, Cyrillic */
#define MAX_CASES 8        /* case variants of one character */
/* The characters that a case-less match of PCRE2 (UTF, UCP) may match to
 * cp < CASE_KNOWN, cp first, into v (MAX_CASES); returns how many, 0 if
 * too many. */
size_t cl_case_variants(uint32_t cp, uint32_t *v);

/* The sets of a pattern; top when it has none. */
cl_litsets cl_pattern_sets(cl_lit_parser *ps, const char *pattern);
/* For a pattern "^\W*R", "^R" or either after "(?i)", the literals at
 * the first word character, and in *high whether a match may start there
 * with a non-ASCII letter or digit instead; else top. */
cl_litset cl_lead_pattern_set(cl_lit_parser *ps, const char *pattern, bool *high);

typedef enum lead_kind {
    LEAD_NONE,    /* no word character: no match */
    LEAD_ASCII,   /* an ASCII one */
    LEAD_LETTER,  /* a non-ASCII letter or digit, which no literal matches */
    LEAD_UNKNOWN, /* whatever: any match */
} lead_kind;

/* Where a line's first word character is (*at), as far as \W* can tell. */
lead_kind cl_line_lead(const uint8_t *s, size_t n, size_t *at);

#endif
