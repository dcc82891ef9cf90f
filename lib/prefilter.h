/* A literal prefilter for the rules: which rules can match a line at all.
 * Internal to the library, like internal.h. */
#ifndef CLEAN_PREFILTER_H
#define CLEAN_PREFILTER_H

#include "internal.h"

/* For each pattern, a set of strings one of which any match must hold
 * (compared without regard to ASCII case; non-ASCII letters in all their
 * case variants), and often a second set that it needs a literal of too;
 * patterns whose syntax the analysis does not follow get no set and are
 * always tried; a literal that the pattern puts after no ASCII letter,
 * digit or '_' counts only at a word start. All the sets are searched at
 * once (Aho-Corasick) in one pass over the line. A pattern "^\W*R" must also
 * hold one of the literals R starts with at the line's first word
 * character. */
typedef struct cl_prefilter cl_prefilter;

/* For the patterns of count rule definitions, or of those in the bit set
 * subset (NULL: all; the others are never candidates); NULL when out of
 * memory. */
cl_prefilter *cl_prefilter_new(const cl_mem *m, const cl_rule_def *defs, size_t count, const uint64_t *subset);
void cl_prefilter_free(const cl_mem *m, cl_prefilter *pf);
/* uint64_t words of the bit set that cl_prefilter_scan fills; the first
 * half holds its answer, the rest is room for its work. */
size_t cl_prefilter_words(const cl_prefilter *pf);
/* Set bit i when pattern i may match the line (always, for a pattern
 * without a set); clears the other bits of the first half. */
void cl_prefilter_scan(const cl_prefilter *pf, const char *line, size_t length, uint64_t *bits);

#endif
