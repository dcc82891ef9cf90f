/* Pattern rules: parsing rule files, compiling them once with PCRE2 (JIT
 * where the platform has it), matching a line against all of them. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "prefilter.h"

/* Bounds that keep a hostile pattern or line linear enough. The heap
 * limit (KiB) caps the interpreter's backtracking frames, which the JIT
 * does not use; the JIT keeps to its default 32 KiB stack, and a match
 * that outgrows it is no match, like one that hits a limit. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 20000
#define HEAP_LIMIT_KIB 8192

/* A rule limited to N words (max-words=N) is tried only on lines of at
 * most N * BYTES_PER_WORD + BYTES_SLACK bytes. No real line of N words is
 * longer (words average under ten bytes, URLs included); a hostile one
 * (a megabyte of "- - -") would let a pattern that backtracks over its
 * length cost the square of it, which the match limit does not bound in
 * time since the JIT counts a whole scan as one step. */
#define BYTES_PER_WORD 64
#define BYTES_SLACK 256

static const uint32_t compile_flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;

typedef struct compiled_rule {
    pcre2_code *code;
    const cl_rule_def *def;
    bool jit; /* compiled: matched by pcre2_jit_match, without the checks
                 of pcre2_match that a JIT match does not need */
    /* What PCRE2 tells of every match, to pass a line without a call,
     * which costs a JIT match a hundred instructions or more: */
    uint32_t min_length;        /* characters, so bytes at least */
    const uint8_t *first_bytes; /* anchored: a bit set of the bytes a
                                   match can start with; or NULL */
} compiled_rule;

/* Most lines are short: their band is looked up, not searched for. */
#define BAND_TABLE_WORDS 64

/* The rules a line of some number of words is tried on: bands of word
 * counts, each from a bound of some rule's min-words or max-words to the
 * next. Lines longer than every bound (the paragraphs, which hold most
 * of a page's bytes) are scanned by a prefilter of their band's few rules
 * alone. */
typedef struct word_band {
    uint32_t from;                 /* words; the band ends where the next starts */
    uint64_t *rules;               /* bit set: the rules whose bounds admit it */
    bool empty;                    /* no rule admits it: no line of it is scanned */
    const cl_prefilter *prefilter; /* which of them a line can match */
} word_band;

struct cl_ruleset {
    cl_mem mem;
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    compiled_rule *rules;
    size_t count;
    cl_prefilter *prefilter;      /* over all the rules */
    cl_prefilter *long_prefilter; /* over those of the last band */
    word_band *bands;             /* from 0 words up */
    size_t band_count;
    uint32_t band_at[BAND_TABLE_WORDS]; /* the band of a line of so few words */
    uint64_t *band_bits;          /* the bands' rule sets, one after another */
    size_t words;                 /* uint64_t words of a rule bit set */
    cl_rule_def *defs; /* owned */
    size_t def_count;
};

/* Lines a page repeats (its menus' items, "Reply" under each post) are
 * matched once: the match of a short line is kept in a slot that its
 * text's hash picks, until another line's takes the slot. */
#define REPEAT_SLOTS 1024
#define REPEAT_MAX_BYTES 48
typedef struct repeat_slot {
    uint32_t length;
    uint32_t words;
    cl_rule_match match;
    uint64_t text[REPEAT_MAX_BYTES / 8]; /* eight bytes a word, zero after the line's */
} repeat_slot;

struct cl_matcher {
    const cl_ruleset *rs;
    pcre2_match_data *md;
    uint64_t *candidates; /* the rules to try on the current line, and
                             room for the prefilter's work */
    uint64_t filled[REPEAT_SLOTS / 64]; /* the slots that hold a line: the
                                           others are not cleared */
    repeat_slot repeats[REPEAT_SLOTS];
};

/* ---- parsing ------------------------------------------------------- */

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static size_t skip_blanks(const char *s, size_t i, size_t end)
{
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static size_t token_end(const char *s, size_t i, size_t end)
{
    while (i < end && s[i] != ' ' && s[i] != '\t')
        i++;
    return i;
}

static bool token_is(const char *s, size_t from, size_t to, const char *word)
{
    return to - from == strlen(word) && memcmp(s + from, word, to - from) == 0;
}

/* "max-words=N" or "min-words=N"; false if the token is no such option. */
static bool parse_bound(const char *s, size_t from, size_t to, const char *key, uint32_t *out,
                        bool *bad)
{
    size_t kl = strlen(key);
    if (to - from < kl || memcmp(s + from, key, kl) != 0)
        return false;
    if (to - from == kl) {
        *bad = true; /* "max-words=" without a number */
        return true;
    }
    uint64_t v = 0;
    for (size_t i = from + kl; i < to; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 1000000) {
            *bad = true;
            return true;
        }
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = (uint32_t)v;
    return true;
}

static bool parse_action(const char *s, size_t from, size_t to, cl_rule_def *d)
{
    if (token_is(s, from, to, "drop"))
        d->action = CL_ACTION_DROP;
    else if (token_is(s, from, to, "keep"))
        d->action = CL_ACTION_KEEP;
    else if (token_is(s, from, to, "block"))
        d->action = CL_ACTION_BLOCK;
    else if (token_is(s, from, to, "post"))
        d->action = CL_ACTION_POST;
    else if (token_is(s, from, to, "box"))
        d->action = CL_ACTION_BOX;
    else if (token_is(s, from, to, "comments"))
        d->action = CL_ACTION_COMMENTS;
    else if (token_is(s, from, to, "table"))
        d->action = CL_ACTION_TABLE;
    else if (token_is(s, from, to, "markup"))
        d->action = CL_ACTION_MARKUP;
    else if (to - from > 6 && memcmp(s + from, "score=", 6) == 0) {
        char num[32];
        size_t n = to - from - 6;
        if (n >= sizeof num)
            return false;
        memcpy(num, s + from + 6, n);
        num[n] = '\0';
        char *endp;
        double v = strtod(num, &endp);
        if (*endp || v < -10 || v > 10)
            return false;
        d->action = CL_ACTION_SCORE;
        d->value = v;
    } else
        return false;
    return true;
}

static void *pcre_malloc(size_t size, void *ctx)
{
    return cl_alloc(ctx, size);
}

static void pcre_free(void *ptr, void *ctx)
{
    cl_free(ctx, ptr);
}

/* PCRE2 allocating through our allocator; ctx must outlive the contexts
 * and every object made with them. */
static pcre2_compile_context *compile_context(const cl_mem *m, pcre2_general_context **gctx)
{
    *gctx = pcre2_general_context_create(pcre_malloc, pcre_free, (void *)m);
    return *gctx ? pcre2_compile_context_create(*gctx) : NULL;
}

static clean_error check_pattern(pcre2_compile_context *cctx, const char *pattern, size_t len, char *problem,
                                 size_t size)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, len, compile_flags, &err, &off, cctx);
    if (code) {
        pcre2_code_free(code);
        return CLEAN_OK;
    }
    if (err == PCRE2_ERROR_HEAP_FAILED) {
        snprintf(problem, size, "out of memory");
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    PCRE2_UCHAR buf[160];
    pcre2_get_error_message(err, buf, sizeof buf);
    snprintf(problem, size, "bad pattern at offset %zu: %s", (size_t)off, (const char *)buf);
    return CLEAN_ERROR_RULE_SYNTAX;
}

/* One line "NAME ACTION [max-words=N] [min-words=N] PATTERN". */
static clean_error parse_line(pcre2_compile_context *cctx, const char *s, size_t start, size_t end,
                              cl_rule_def *d, size_t *name_len, char *problem, size_t size)
{
    size_t i = skip_blanks(s, start, end);
    size_t j = token_end(s, i, end);
    for (size_t k = i; k < j; k++) {
        if (!is_name_char(s[k])) {
            snprintf(problem, size, "rule name may hold only letters, digits, '-', '_' and '.'");
            return CLEAN_ERROR_RULE_SYNTAX;
        }
    }
    d->name = (char *)s + i; /* borrowed until copied */
    *name_len = j - i;
    i = skip_blanks(s, j, end);
    j = token_end(s, i, end);
    if (i == j) {
        snprintf(problem, size, "missing action after the rule name");
        return CLEAN_ERROR_RULE_SYNTAX;
    }
    if (!parse_action(s, i, j, d)) {
        snprintf(problem, size,
                 "unknown action '%.*s' (drop, keep, block, post, box, comments or score=N with -10<=N<=10)",
                 (int)(j - i > 40 ? 40 : j - i), s + i);
        return CLEAN_ERROR_RULE_SYNTAX;
    }
    for (;;) {
        i = skip_blanks(s, j, end);
        j = token_end(s, i, end);
        bool bad = false;
        if (!parse_bound(s, i, j, "max-words=", &d->max_words, &bad) &&
            !parse_bound(s, i, j, "min-words=", &d->min_words, &bad))
            break;
        if (bad) {
            snprintf(problem, size, "bad number in '%.*s'", (int)(j - i > 40 ? 40 : j - i), s + i);
            return CLEAN_ERROR_RULE_SYNTAX;
        }
    }
    if (i >= end) {
        snprintf(problem, size, "missing pattern");
        return CLEAN_ERROR_RULE_SYNTAX;
    }
    d->pattern = (char *)s + i;
    return check_pattern(cctx, s + i, end - i, problem, size);
}

static clean_error parse_lines(const cl_mem *m, pcre2_compile_context *cctx, const char *source,
                               const char *text, size_t length, cl_rule_def **defs, size_t *count,
                               size_t *cap, char *msg, size_t msgsize)
{
    size_t start = 0;
    unsigned lineno = 0;
    while (start < length) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        size_t next = end + 1;
        lineno++;
        while (end > start && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t'))
            end--;
        size_t first = skip_blanks(text, start, end);
        if (first == end || text[first] == '#') {
            start = next;
            continue;
        }
        if (memchr(text + start, '\0', end - start)) {
            snprintf(msg, msgsize, "%s:%u: NUL byte in rule line", source, lineno);
            return CLEAN_ERROR_RULE_SYNTAX;
        }
        cl_rule_def d = {.max_words = CL_ANY_WORDS};
        char problem[256];
        size_t name_len = 0;
        clean_error e = parse_line(cctx, text, first, end, &d, &name_len, problem, sizeof problem);
        if (e == CLEAN_ERROR_OUT_OF_MEMORY) {
            snprintf(msg, msgsize, "%s", problem);
            return e;
        }
        if (e != CLEAN_OK) {
            snprintf(msg, msgsize, "%s:%u: %s", source, lineno, problem);
            return e;
        }
        if (!cl_grow(m, (void **)defs, cap, *count + 1, sizeof **defs))
            return CLEAN_ERROR_OUT_OF_MEMORY;
        d.line = lineno;
        d.name = cl_strndup(m, d.name, name_len);
        d.pattern = cl_strndup(m, d.pattern, (size_t)(text + end - d.pattern));
        d.source = cl_strndup(m, source, strlen(source));
        if (!d.name || !d.pattern || !d.source) {
            cl_rule_defs_free(m, &d, 1);
            return CLEAN_ERROR_OUT_OF_MEMORY;
        }
        /* A later rule of the same name replaces the earlier one. */
        size_t k;
        for (k = 0; k < *count && strcmp((*defs)[k].name, d.name) != 0; k++)
            ;
        if (k < *count) {
            cl_rule_defs_free(m, &(*defs)[k], 1);
            (*defs)[k] = d;
        } else {
            (*defs)[(*count)++] = d;
        }
        start = next;
    }
    return CLEAN_OK;
}

clean_error cl_rules_parse(const cl_mem *m, const char *source, const char *text, size_t length,
                           cl_rule_def **defs, size_t *count, size_t *cap, char *msg, size_t msgsize)
{
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx = compile_context(m, &gctx);
    clean_error e = CLEAN_ERROR_OUT_OF_MEMORY;
    if (cctx)
        e = parse_lines(m, cctx, source, text, length, defs, count, cap, msg, msgsize);
    else
        snprintf(msg, msgsize, "out of memory");
    pcre2_compile_context_free(cctx);
    pcre2_general_context_free(gctx);
    return e;
}

void cl_rule_defs_free(const cl_mem *m, cl_rule_def *defs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        cl_free(m, defs[i].name);
        cl_free(m, defs[i].pattern);
        cl_free(m, defs[i].source);
    }
}

/* ---- compiling ------------------------------------------------------ */

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static bool build_bands(cl_ruleset *rs)
{
    const cl_mem *m = &rs->mem;
    size_t count = rs->count;
    rs->words = (count + 63) / 64 ? (count + 63) / 64 : 1;
    /* Where a band starts: 0 and every rule's first and last-plus-one
     * word count. */
    uint32_t *from = cl_alloc(m, (2 * count + 1) * sizeof *from);
    if (!from)
        return false;
    size_t n = 0;
    from[n++] = 0;
    for (size_t i = 0; i < count; i++) {
        from[n++] = rs->defs[i].min_words;
        if (rs->defs[i].max_words != CL_ANY_WORDS)
            from[n++] = rs->defs[i].max_words + 1;
    }
    qsort(from, n, sizeof *from, compare_u32);
    size_t unique = 0;
    for (size_t k = 0; k < n; k++)
        if (unique == 0 || from[k] != from[unique - 1])
            from[unique++] = from[k];
    rs->bands = cl_calloc(m, unique, sizeof *rs->bands);
    rs->band_bits = cl_calloc(m, unique * rs->words, sizeof *rs->band_bits);
    bool ok = rs->bands && rs->band_bits;
    for (size_t b = 0; ok && b < unique; b++) {
        word_band *band = &rs->bands[b];
        band->from = from[b];
        band->rules = rs->band_bits + b * rs->words;
        for (size_t i = 0; i < count; i++) {
            const cl_rule_def *d = &rs->defs[i];
            if (d->min_words <= band->from && (d->max_words == CL_ANY_WORDS || band->from <= d->max_words))
                band->rules[i / 64] |= 1ULL << (i % 64);
        }
        band->empty = true;
        for (size_t w = 0; w < rs->words; w++)
            band->empty &= band->rules[w] == 0;
    }
    cl_free(m, from);
    if (!ok)
        return false;
    rs->band_count = unique;
    for (uint32_t w = 0, b = 0; w < BAND_TABLE_WORDS; w++) {
        while (b + 1 < unique && rs->bands[b + 1].from <= w)
            b++;
        rs->band_at[w] = b;
    }
    rs->prefilter = cl_prefilter_new(m, rs->defs, count, NULL);
    rs->long_prefilter = cl_prefilter_new(m, rs->defs, count, rs->bands[unique - 1].rules);
    if (!rs->prefilter || !rs->long_prefilter)
        return false;
    for (size_t b = 0; b < unique; b++)
        rs->bands[b].prefilter = b + 1 < unique ? rs->prefilter : rs->long_prefilter;
    return true;
}

/* A match of an anchored pattern starts at the line's first byte, which
 * must be one the pattern can start with (PCRE2 sets that out for a
 * pattern with no first code unit of its own, and searches by it only
 * where the pattern is not anchored). */
static void learn_bounds(compiled_rule *r)
{
    uint32_t options = 0;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &r->min_length) != 0)
        r->min_length = 0;
    r->first_bytes = NULL;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_ALLOPTIONS, &options) == 0 && (options & PCRE2_ANCHORED) &&
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &r->first_bytes) != 0)
        r->first_bytes = NULL;
}

/* Whether what PCRE2 tells of the pattern's matches rules the line out. */
static bool cannot_match(const compiled_rule *r, const unsigned char *line, size_t length)
{
    if (length < r->min_length)
        return true;
    return r->first_bytes && (length == 0 || !(r->first_bytes[line[0] >> 3] & (1u << (line[0] & 7))));
}

clean_error cl_ruleset_new(const cl_mem *m, cl_rule_def *defs, size_t count, cl_ruleset **out,
                           char *msg, size_t msgsize)
{
    *out = NULL;
    cl_ruleset *rs = cl_calloc(m, 1, sizeof *rs);
    if (!rs) {
        cl_rule_defs_free(m, defs, count);
        cl_free(m, defs);
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    rs->mem = *m;
    rs->defs = defs;
    rs->def_count = count;
    rs->cctx = compile_context(&rs->mem, &rs->gctx);
    rs->mctx = rs->gctx ? pcre2_match_context_create(rs->gctx) : NULL;
    rs->rules = cl_calloc(m, count ? count : 1, sizeof *rs->rules);
    if (!rs->mctx || !rs->cctx || !rs->rules) {
        cl_ruleset_free(rs);
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(rs->mctx, HEAP_LIMIT_KIB);
    for (size_t i = 0; i < count; i++) {
        int err;
        PCRE2_SIZE off;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)defs[i].pattern, PCRE2_ZERO_TERMINATED,
                                         compile_flags, &err, &off, rs->cctx);
        if (!code) {
            bool oom = err == PCRE2_ERROR_HEAP_FAILED;
            PCRE2_UCHAR buf[160];
            pcre2_get_error_message(err, buf, sizeof buf);
            if (oom)
                snprintf(msg, msgsize, "out of memory");
            else
                snprintf(msg, msgsize, "%s:%u: bad pattern at offset %zu: %s", defs[i].source,
                         defs[i].line, (size_t)off, (const char *)buf);
            cl_ruleset_free(rs); /* frees defs: after the message */
            return oom ? CLEAN_ERROR_OUT_OF_MEMORY : CLEAN_ERROR_RULE_SYNTAX;
        }
        /* No JIT (platform, memory or CLEAN_NO_JIT): the interpreter
         * gives the same answers, only slower, and may be quadratic on a
         * hostile line where the JIT is not (its match limit is per start
         * offset). */
#ifndef CLEAN_NO_JIT
        rs->rules[i].jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
#endif
        rs->rules[i].code = code;
        rs->rules[i].def = &defs[i];
        learn_bounds(&rs->rules[i]);
        rs->count++;
    }
    if (!build_bands(rs)) {
        cl_ruleset_free(rs);
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    *out = rs;
    return CLEAN_OK;
}

void cl_ruleset_free(cl_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->count; i++)
        pcre2_code_free(rs->rules[i].code);
    pcre2_match_context_free(rs->mctx);
    pcre2_compile_context_free(rs->cctx);
    pcre2_general_context_free(rs->gctx);
    cl_mem m = rs->mem;
    cl_prefilter_free(&m, rs->prefilter);
    cl_prefilter_free(&m, rs->long_prefilter);
    cl_free(&m, rs->bands);
    cl_free(&m, rs->band_bits);
    cl_rule_defs_free(&m, rs->defs, rs->def_count);
    cl_free(&m, rs->defs);
    cl_free(&m, rs->rules);
    cl_free(&m, rs);
}

/* ---- matching ------------------------------------------------------- */

size_t cl_rule_max_length(const cl_rule_def *d)
{
    /* A rule for lines of no words (symbols) has no label length. */
    if (d->max_words == CL_ANY_WORDS || d->max_words == 0)
        return SIZE_MAX;
    return (size_t)d->max_words * BYTES_PER_WORD + BYTES_SLACK;
}

cl_matcher *cl_matcher_new(const cl_ruleset *rs)
{
    cl_matcher *mt = cl_alloc(&rs->mem, sizeof *mt);
    if (!mt)
        return NULL;
    mt->rs = rs;
    memset(mt->filled, 0, sizeof mt->filled);
    mt->md = pcre2_match_data_create(1, rs->gctx);
    mt->candidates = cl_alloc(&rs->mem, cl_prefilter_words(rs->prefilter) * sizeof *mt->candidates);
    if (!mt->md || !mt->candidates) {
        cl_matcher_free(mt);
        return NULL;
    }
    return mt;
}

void cl_matcher_free(cl_matcher *mt)
{
    if (!mt)
        return;
    pcre2_match_data_free(mt->md);
    cl_free(&mt->rs->mem, mt->candidates);
    cl_free(&mt->rs->mem, mt);
}

static const word_band *band_of(const cl_ruleset *rs, uint32_t words)
{
    if (words < BAND_TABLE_WORDS)
        return &rs->bands[rs->band_at[words]];
    size_t lo = 0, hi = rs->band_count; /* the last band starting at or below words */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->bands[mid].from <= words)
            lo = mid;
        else
            hi = mid;
    }
    return &rs->bands[lo];
}

/* A short line's text read into words of eight bytes, as a slot keeps
 * it; returns the slot its hash picks. */
static size_t read_short_line(const char *line, size_t length, uint64_t *text)
{
    uint64_t h = length;
    for (size_t i = 0; i < length; i += 8) {
        text[i / 8] = cl_load8(line + i, length - i);
        h = (h ^ text[i / 8]) * 0x9E3779B97F4A7C15ULL;
    }
    return (size_t)(h >> 32) % REPEAT_SLOTS; /* the high bits mix every byte */
}

static bool same_words(const uint64_t *a, const uint64_t *b, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

/* The rules matched on the line, each tried anew. */
static bool match_rules(const cl_ruleset *rs, cl_matcher *mt, const char *line, size_t length, uint32_t words,
                        cl_rule_match *out)
{
    out->decisive = -1;
    out->score = 0;
    out->score_rule = -1;
    const word_band *band = band_of(rs, words);
    if (band->empty)
        return true;
    /* A rule whose literals the line lacks cannot match: one pass over
     * the line tells which can. */
    uint64_t *candidates = mt->candidates;
    cl_prefilter_scan(band->prefilter, line, length, candidates);
    for (size_t w = 0; w < rs->words; w++) {
        for (uint64_t bits = candidates[w] & band->rules[w]; bits; bits &= bits - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
            const compiled_rule *r = &rs->rules[i];
            if (length > cl_rule_max_length(r->def) || cannot_match(r, (const unsigned char *)line, length))
                continue;
            /* The first drop or block rule decides, but a keep rule
             * matched anywhere wins: keep is how a user overrides a
             * built-in rule. */
            if (r->def->action != CL_ACTION_SCORE && out->decisive >= 0 &&
                (r->def->action != CL_ACTION_KEEP || rs->rules[out->decisive].def->action == CL_ACTION_KEEP))
                continue;
            /* A failed or limited match is no match: rules only ever add
             * evidence, so a pathological line falls back to its features. */
            int rc = r->jit ? pcre2_jit_match(r->code, (PCRE2_SPTR)line, length, 0, 0, mt->md, rs->mctx)
                            : pcre2_match(r->code, (PCRE2_SPTR)line, length, 0, 0, mt->md, rs->mctx);
            if (rc == PCRE2_ERROR_NOMEMORY)
                return false;
            if (rc < 0)
                continue;
            if (r->def->action == CL_ACTION_SCORE) {
                out->score += r->def->value;
                if (out->score_rule < 0)
                    out->score_rule = (int)i;
            } else {
                out->decisive = (int)i;
            }
        }
    }
    return true;
}

bool cl_rules_match(const cl_ruleset *rs, cl_matcher *mt, const char *line, size_t length,
                    uint32_t words, cl_rule_match *out)
{
    /* The match depends on the text and its words alone. */
    if (length == 0 || length > REPEAT_MAX_BYTES)
        return match_rules(rs, mt, line, length, words, out);
    uint64_t text[REPEAT_MAX_BYTES / 8] = {0};
    size_t k = read_short_line(line, length, text), text_words = (length + 7) / 8;
    repeat_slot *slot = &mt->repeats[k];
    uint64_t bit = 1ULL << (k % 64);
    if ((mt->filled[k / 64] & bit) && slot->length == length && slot->words == words &&
        same_words(slot->text, text, text_words)) {
        *out = slot->match;
        return true;
    }
    if (!match_rules(rs, mt, line, length, words, out))
        return false;
    mt->filled[k / 64] |= bit;
    slot->length = (uint32_t)length, slot->words = words, slot->match = *out;
    memcpy(slot->text, text, sizeof text);
    return true;
}

const char *cl_rule_name(const cl_ruleset *rs, int index)
{
    return rs->rules[index].def->name;
}

cl_action cl_rule_action(const cl_ruleset *rs, int index)
{
    return rs->rules[index].def->action;
}
