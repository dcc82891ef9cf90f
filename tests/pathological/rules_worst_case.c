/* Every built-in rule against its worst lines, timed one by one: a rule
 * whose pattern backtracks catastrophically shows up here by name, where
 * a whole page would only be slow.
 *
 *   rules_worst_case [--line-mb F] [--ms-per-mb F] [--uncapped] [--verbose]
 *
 * Each rule is compiled alone, as the cleaner compiles it (same flags,
 * limits and JIT), and matched against lines of --line-mb MB, or of the
 * longest line the cleaner tries it on (a rule of N words at most sees
 * lines of 64 bytes a word: cl_rule_max_length), made to start it
 * everywhere and fail it late: runs of the pattern's own
 * punctuation and of common web separators ("/ ", "| ", "- ", ...), each
 * ending in the pattern's text (its literal characters defeat PCRE2's
 * required-character shortcut) or in a letter (so that nothing is a mere
 * separator line); and the pattern's words strung along such runs. The
 * word count given to the rule is its own bound, so every rule is tried
 * whatever its max-words. Matching must take at most --ms-per-mb per MB
 * of lines (a healthy pattern needs a few). --uncapped tries every rule
 * on the full --line-mb, to see how its pattern itself scales. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtin.h"
#include "internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct line_buf {
    char *s;
    size_t n, cap;
} line_buf;

static void put(line_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) {
            perror("realloc");
            exit(2);
        }
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
}

static void put_repeated(line_buf *b, const char *unit, size_t unit_length, size_t total)
{
    for (size_t done = 0; done < total; done += unit_length)
        put(b, unit, unit_length < total - done ? unit_length : total - done);
}

static bool is_alnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Common separators of scraped pages; the pattern's own punctuation is
 * added as the first filler. */
static const char *const fillers[] = {NULL, "/ ", "| ", "- ", ". ", " ", "( ", "a ", "\xc2\xbb "};
#define FILLERS (sizeof fillers / sizeof fillers[0])

typedef struct verdict {
    double budget;
    double worst_ms_per_mb;
    char worst_line[64];
} verdict;

/* Milliseconds per MB of line, over enough repeats of a short line to
 * make a megabyte, so that a short line is timed as reliably as a long. */
static double time_match(const cl_ruleset *rs, cl_matcher *mt, const line_buf *line, uint32_t words)
{
    size_t repeats = line->n < 1000000 ? 1000000 / line->n + 1 : 1;
    cl_rule_match m;
    double start = now();
    for (size_t i = 0; i < repeats; i++) {
        if (!cl_rules_match(rs, mt, line->s, line->n, words, &m)) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    return (now() - start) * 1e3 / ((double)(line->n * repeats) / 1e6);
}

static void measure(const cl_ruleset *rs, cl_matcher *mt, const line_buf *line, uint32_t words, const char *what,
                    verdict *v)
{
    if (v->worst_ms_per_mb > v->budget)
        return; /* already over: a slow rule costs one slow run, not twenty */
    double ms_per_mb = time_match(rs, mt, line, words);
    if (ms_per_mb > v->worst_ms_per_mb) {
        v->worst_ms_per_mb = ms_per_mb;
        snprintf(v->worst_line, sizeof v->worst_line, "%s", what);
    }
}

static verdict try_rule(const cl_rule_def *d, const cl_ruleset *rs, size_t length, double budget)
{
    cl_matcher *mt = cl_matcher_new(rs);
    verdict v = {budget, 0, ""};
    /* With a long tail: the pattern text follows a run. */
    size_t run = length > strlen(d->pattern) + 1 ? length - strlen(d->pattern) - 1 : 1;
    const char *p = d->pattern;
    char punct[256];
    size_t np = 0;
    for (const char *c = p; *c && np < sizeof punct - 1; c++) {
        if (!is_alnum_ascii(*c) && *c != '\\' && (unsigned char)*c < 0x80)
            punct[np++] = *c;
    }
    punct[np] = '\0';
    uint32_t words = d->max_words == CL_ANY_WORDS ? d->min_words : d->max_words;
    line_buf b = {0};
    /* The pattern repeated. */
    put_repeated(&b, p, strlen(p), run);
    measure(rs, mt, &b, words, "pattern repeated", &v);
    for (size_t f = 0; f < FILLERS; f++) {
        const char *filler = fillers[f] ? fillers[f] : punct;
        if (!*filler)
            continue;
        for (int tail = 0; tail < 2; tail++) {
            b.n = 0;
            put_repeated(&b, filler, strlen(filler), run);
            put(&b, tail ? "x" : p, tail ? 1 : strlen(p));
            char what[64];
            snprintf(what, sizeof what, "'%.12s' run + %s", fillers[f] ? fillers[f] : "punctuation",
                     tail ? "letter" : "pattern");
            measure(rs, mt, &b, words, what, &v);
        }
        /* The pattern's words along runs of the filler. */
        b.n = 0;
        const char *c = p;
        for (int w = 0; w < 6; w++) {
            while (*c && !(is_alnum_ascii(*c) && is_alnum_ascii(c[1]) && (c == p || c[-1] != '\\')))
                c++;
            if (!*c)
                c = p;
            const char *start = c;
            while (is_alnum_ascii(*c))
                c++;
            put(&b, start, (size_t)(c - start));
            put_repeated(&b, filler, strlen(filler), run / 6);
        }
        put(&b, "x", 1);
        char what[64];
        snprintf(what, sizeof what, "words along '%.12s'", fillers[f] ? fillers[f] : "punctuation");
        measure(rs, mt, &b, words, what, &v);
    }
    free(b.s);
    cl_matcher_free(mt);
    return v;
}

/* A one-rule ruleset from a copy of d, compiled as the cleaner does;
 * uncapped: without its max-words, and so without its line length bound. */
static cl_ruleset *compile_one(const cl_mem *m, const cl_rule_def *d, bool uncapped)
{
    cl_rule_def *copy = cl_calloc(m, 1, sizeof *copy);
    *copy = *d;
    if (uncapped)
        copy->max_words = CL_ANY_WORDS;
    copy->name = cl_strndup(m, d->name, strlen(d->name));
    copy->pattern = cl_strndup(m, d->pattern, strlen(d->pattern));
    copy->source = cl_strndup(m, d->source, strlen(d->source));
    cl_ruleset *rs = NULL;
    char msg[512];
    if (cl_ruleset_new(m, copy, 1, &rs, msg, sizeof msg) != CLEAN_OK) {
        fprintf(stderr, "%s\n", msg);
        exit(2);
    }
    return rs;
}

int main(int argc, char **argv)
{
    double line_mb = 1, ms_per_mb = 50;
    bool verbose = false, uncapped = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--line-mb") && i + 1 < argc)
            line_mb = atof(argv[++i]);
        else if (!strcmp(argv[i], "--ms-per-mb") && i + 1 < argc)
            ms_per_mb = atof(argv[++i]);
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
        else if (!strcmp(argv[i], "--uncapped"))
            uncapped = true;
        else {
            fprintf(stderr, "usage: %s [--line-mb F] [--ms-per-mb F] [--uncapped] [--verbose]\n", argv[0]);
            return 2;
        }
    }
    const cl_mem *m = &cl_default_mem;
    size_t length = (size_t)(line_mb * 1e6), tried = 0, slow = 0;
    for (size_t i = 0; i < cl_embedded_rules_count; i++) {
        cl_rule_def *defs = NULL;
        size_t count = 0, cap = 0;
        char msg[512];
        if (cl_rules_parse(m, cl_embedded_rules[i].name, (const char *)cl_embedded_rules[i].data,
                           cl_embedded_rules[i].length, &defs, &count, &cap, msg, sizeof msg) != CLEAN_OK) {
            fprintf(stderr, "%s\n", msg);
            return 2;
        }
        for (size_t r = 0; r < count; r++) {
            size_t cap = cl_rule_max_length(&defs[r]);
            size_t line = uncapped || cap > length ? length : cap;
            cl_ruleset *rs = compile_one(m, &defs[r], uncapped);
            verdict v = try_rule(&defs[r], rs, line, ms_per_mb);
            bool over = v.worst_ms_per_mb > ms_per_mb;
            if (verbose || over)
                printf("%s %-24s worst %9.2f ms/MB on %s, lines of %zu bytes\n", over ? "FAIL" : "ok  ",
                       defs[r].name, v.worst_ms_per_mb, v.worst_line, line);
            tried++;
            slow += over;
            cl_ruleset_free(rs);
        }
        cl_rule_defs_free(m, defs, count);
        cl_free(m, defs);
    }
    printf("%zu passed, %zu failed\n", tried - slow, slow);
    return slow ? 1 : 0;
}
