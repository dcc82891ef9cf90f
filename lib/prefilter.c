/* The rules' literal prefilter. Most lines match no rule, and a rule
 * pattern costs the JIT hundreds of cycles even when it fails at once;
 * so each pattern is read (by a small parser of the PCRE2 syntax the
 * rules use) for literal strings that every match must contain, and one
 * Aho-Corasick pass over the line tells which rules are worth trying.
 *
 * The analysis is conservative: whatever it does not follow (extended
 * mode, backslash escapes of unknown meaning, verbs, recursion...) leaves
 * the pattern without a set, and such a rule is tried on every line.
 * Literals are compared after ASCII lower-casing, and in a case-less match
 * of PCRE2 (UTF, UCP) the only ASCII letters that match a non-ASCII
 * character are 'k' (KELVIN SIGN) and 's' (LONG S): so a literal never
 * holds a non-ASCII character, a line holding either of those two may
 * match any rule, and the same strings serve whether the pattern is
 * case-less or not. */
#include <string.h>

#include "prefilter.h"

/* ---- literal sets ---------------------------------------------------- */

#define MAX_SET 512        /* strings in one set; more: no set */
#define MAX_RUN 64         /* bytes of one literal string */
#define KEPT_PREFIX 8      /* bytes of a literal the automaton looks for: a
                              prefix is as required as the whole, nearly as
                              rare, and longer paths grow the table out of
                              the cache */
#define MAX_STATES (1u << 20) /* of the automaton, whose transitions keep a
                                 state number shifted left by up to 8 bits */
#define ARENA_BYTES (256 * 1024)

typedef struct lit {
    const char *s;
    uint32_t len;
} lit;

typedef struct litset {
    bool top; /* no information: any line may match */
    uint32_t n;
    lit *v;
} litset;

static const litset TOP = {true, 0, NULL};

/* A non-ASCII character of a pattern matches only non-ASCII characters,
 * but for LONG S and KELVIN SIGN (case-less 's' and 'k'): so the line must
 * hold some byte >= 0x80, which the automaton reads as this one. */
#define HIGH_BYTE 0x80
static const lit high_lit = {"\x80", 1};
static const litset HIGH = {false, 1, (lit *)&high_lit};

/* The set of the non-ASCII character at *pp (skipped). */
static litset non_ascii(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    uint32_t cp = *p & (*p >= 0xF0 ? 0x07 : *p >= 0xE0 ? 0x0F : 0x1F);
    for (p++; p < end && (*p & 0xC0) == 0x80; p++)
        cp = cp << 6 | (*p & 0x3F);
    *pp = p;
    return cp == 0x17F || cp == 0x212A ? TOP : HIGH;
}

typedef struct parser {
    const unsigned char *p, *end;
    char *arena;
    size_t used, cap;
    bool abort; /* syntax not followed: no set for this pattern */
} parser;

static void *arena_alloc(parser *ps, size_t n)
{
    size_t at = (ps->used + 7) & ~(size_t)7;
    if (at > ps->cap || n > ps->cap - at) {
        ps->abort = true;
        return NULL;
    }
    ps->used = at + n;
    return ps->arena + at;
}

static uint32_t min_len(const litset *s)
{
    uint32_t m = UINT32_MAX;
    for (uint32_t i = 0; i < s->n; i++)
        if (s->v[i].len < m)
            m = s->v[i].len;
    return m;
}

/* Keep the more selective of best and cand: longer shortest string,
 * then fewer strings. */
static void consider(litset *best, litset cand)
{
    if (cand.top || cand.n == 0)
        return;
    if (best->top) {
        *best = cand;
        return;
    }
    uint32_t a = min_len(&cand), b = min_len(best);
    if (a > b || (a == b && cand.n < best->n))
        *best = cand;
}

static uint32_t kept_length(const lit *l)
{
    return l->len < KEPT_PREFIX ? l->len : KEPT_PREFIX;
}

static litset set_union(parser *ps, litset a, litset b)
{
    if (a.top || b.top || a.n + b.n > MAX_SET)
        return TOP;
    lit *v = arena_alloc(ps, (a.n + b.n) * sizeof *v);
    if (!v)
        return TOP;
    memcpy(v, a.v, a.n * sizeof *v);
    memcpy(v + a.n, b.v, b.n * sizeof *v);
    return (litset){false, a.n + b.n, v};
}

static litset run_set(parser *ps, const char *run, size_t len)
{
    if (len == 0)
        return TOP;
    char *s = arena_alloc(ps, len);
    lit *v = arena_alloc(ps, sizeof *v);
    if (!s || !v)
        return TOP;
    memcpy(s, run, len);
    v->s = s;
    v->len = (uint32_t)len;
    return (litset){false, 1, v};
}

static bool is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* After an atom: a quantifier, if any; *min gets its lower bound. */
static bool parse_quantifier(parser *ps, unsigned *min)
{
    const unsigned char *p = ps->p, *end = ps->end;
    if (p >= end)
        return false;
    if (*p == '?' || *p == '*') {
        *min = 0;
        p++;
    } else if (*p == '+') {
        *min = 1;
        p++;
    } else if (*p == '{') {
        /* Only {n}, {n,} and {n,m}; anything else (a literal brace, or
         * {,m} whose meaning changed in PCRE2 10.43) is not followed. */
        p++;
        unsigned v = 0;
        if (p >= end || !is_digit(*p)) {
            ps->abort = true;
            return false;
        }
        while (p < end && is_digit(*p)) {
            v = v < 100000 ? v * 10 + (*p - '0') : v;
            p++;
        }
        if (p < end && *p == ',') {
            p++;
            while (p < end && is_digit(*p))
                p++;
        }
        if (p >= end || *p != '}') {
            ps->abort = true;
            return false;
        }
        p++;
        *min = v;
    } else {
        return false;
    }
    if (p < end && (*p == '?' || *p == '+'))
        p++; /* lazy or possessive */
    if (p < end && (*p == '?' || *p == '*' || *p == '+' || *p == '{'))
        ps->abort = true;
    ps->p = p;
    return true;
}

/* A character class, from '[' to its closing ']'. */
static void skip_class(parser *ps)
{
    const unsigned char *p = ps->p + 1, *end = ps->end;
    if (p < end && *p == '^')
        p++;
    if (p < end && *p == ']')
        p++; /* a literal ']' first */
    while (p < end) {
        unsigned c = *p;
        if (c == '\\') {
            p++;
            if (p >= end || *p == 'Q' || *p == 'E')
                break;
            if ((*p == 'p' || *p == 'P' || *p == 'x' || *p == 'o' || *p == 'N') && p + 1 < end && p[1] == '{') {
                const unsigned char *close = memchr(p, '}', (size_t)(end - p));
                if (!close)
                    break;
                p = close + 1;
            } else {
                p++;
            }
        } else if (c == '[' && p + 1 < end && p[1] == ':') {
            const unsigned char *q = p + 2;
            while (q + 1 < end && !(q[0] == ':' && q[1] == ']'))
                q++;
            if (q + 1 >= end)
                break;
            p = q + 2;
        } else if (c == ']') {
            ps->p = p + 1;
            return;
        } else {
            p++;
        }
    }
    ps->abort = true;
}

/* The set of a class of a few literal characters ("[-/.]", "[>»›]"):
 * each one, and HIGH_BYTE for non-ASCII ones; p to end: between the
 * brackets. Negated classes, ranges, escapes of classes and anything
 * else: TOP. */
static litset class_set(parser *ps, const unsigned char *p, const unsigned char *end)
{
    char chars[16];
    size_t n = 0;
    bool high = false;
    if (p < end && *p == '^')
        return TOP;
    for (bool first = true; p < end; first = false) {
        unsigned c = *p;
        if ((c == '-' && !first && p + 1 < end) || c == '[')
            return TOP;
        if (c == '\\') {
            if (p + 1 >= end || p[1] >= 0x80 || is_alnum(p[1]))
                return TOP;
            c = p[1];
            p += 2;
        } else if (c >= 0x80) {
            if (non_ascii(&p, end).top)
                return TOP;
            high = true;
            continue;
        } else {
            p++;
        }
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (n == sizeof chars)
            return TOP;
        chars[n++] = (char)c;
    }
    litset set = high ? HIGH : (litset){false, 0, NULL};
    for (size_t i = 0; i < n; i++)
        set = set.n ? set_union(ps, set, run_set(ps, &chars[i], 1)) : run_set(ps, &chars[i], 1);
    return set.n ? set : TOP;
}

static litset parse_alt(parser *ps);

/* A group, from after its '('; returns its set (TOP for lookarounds,
 * option settings and comments, which consume no characters of their
 * own in a way the sets could use). */
static litset parse_group(parser *ps)
{
    const unsigned char *end = ps->end;
    bool zero = false;
    if (ps->p < end && *ps->p == '*') {
        ps->abort = true; /* verbs, (*atomic:...) */
        return TOP;
    }
    if (ps->p < end && *ps->p == '?') {
        const unsigned char *p = ps->p + 1;
        if (p >= end) {
            ps->abort = true;
            return TOP;
        }
        if (*p == ':' || *p == '>' || *p == '|') {
            p++;
        } else if (*p == '=' || *p == '!') {
            p++;
            zero = true;
        } else if (*p == '<' && p + 1 < end && (p[1] == '=' || p[1] == '!')) {
            p += 2;
            zero = true;
        } else if (*p == '<' || *p == '\'' || (*p == 'P' && p + 1 < end && p[1] == '<')) {
            unsigned char close = *p == '\'' ? '\'' : '>';
            p += *p == 'P' ? 2 : 1;
            while (p < end && (is_alnum(*p) || *p == '_'))
                p++;
            if (p >= end || *p != close) {
                ps->abort = true;
                return TOP;
            }
            p++;
        } else if (*p == '#') {
            const unsigned char *close = memchr(p, ')', (size_t)(end - p));
            if (!close) {
                ps->abort = true;
                return TOP;
            }
            ps->p = close + 1;
            return TOP;
        } else {
            /* Option letters; extended mode (x) and anything else is not
             * followed. Case-lessness does not matter (see the top). */
            while (p < end && (*p == 'i' || *p == 'm' || *p == 'n' || *p == 's' || *p == 'U' || *p == 'J' ||
                               *p == '-' || *p == '^'))
                p++;
            if (p < end && *p == ')') {
                ps->p = p + 1;
                return TOP;
            }
            if (p >= end || *p != ':') {
                ps->abort = true;
                return TOP;
            }
            p++;
        }
        ps->p = p;
    }
    litset s = parse_alt(ps);
    if (ps->abort || ps->p >= end || *ps->p != ')') {
        ps->abort = true;
        return TOP;
    }
    ps->p++;
    return zero ? TOP : s;
}

/* One branch: a sequence of atoms up to '|', ')' or the end. Its set is
 * the most selective of its literal runs and of its groups' sets. */
static litset parse_seq(parser *ps)
{
    char run[MAX_RUN];
    size_t rl = 0;
    litset best = TOP;
    const unsigned char *end = ps->end;
    while (!ps->abort && ps->p < end && *ps->p != '|' && *ps->p != ')') {
        unsigned c = *ps->p;
        litset atom = TOP;
        int ch = -1; /* the atom is this ASCII character */
        if (c == '(') {
            ps->p++;
            atom = parse_group(ps);
        } else if (c == '[') {
            const unsigned char *open = ps->p;
            skip_class(ps);
            if (!ps->abort)
                atom = class_set(ps, open + 1, ps->p - 1);
        } else if (c == '\\') {
            ps->p++;
            if (ps->p >= end) {
                ps->abort = true;
                break;
            }
            unsigned e = *ps->p;
            if (e >= 0x80) {
                atom = non_ascii(&ps->p, end); /* an escaped literal */
            } else if (!is_alnum(e)) {
                ps->p++;
                ch = (int)e;
            } else if (strchr("dDsSwWhHvVRXCbBAzZGtnrfea", (int)e)) {
                ps->p++;
            } else if (e == 'N' && !(ps->p + 1 < end && ps->p[1] == '{')) {
                ps->p++;
            } else if (e == 'p' || e == 'P') {
                ps->p++;
                if (ps->p < end && *ps->p == '{') {
                    const unsigned char *close = memchr(ps->p, '}', (size_t)(end - ps->p));
                    if (!close) {
                        ps->abort = true;
                        break;
                    }
                    ps->p = close + 1;
                } else if (ps->p < end) {
                    ps->p++;
                }
            } else {
                ps->abort = true; /* \x \Q \g \k \K digits ...: not followed */
                break;
            }
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            ps->abort = true;
            break;
        } else if (c >= 0x80) {
            atom = non_ascii(&ps->p, end);
        } else {
            ps->p++;
            /* '.', '^' and '$' are no literal; others are */
            if (c != '.' && c != '^' && c != '$')
                ch = (int)c;
        }
        if (ps->abort)
            break;
        unsigned min = 1;
        bool quantified = parse_quantifier(ps, &min);
        if (ps->abort)
            break;
        if (ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        if (ch >= 0 && !quantified && rl < sizeof run) {
            run[rl++] = (char)ch;
            continue;
        }
        consider(&best, run_set(ps, run, rl));
        rl = 0;
        if (!quantified || min >= 1)
            consider(&best, atom);
    }
    consider(&best, run_set(ps, run, rl));
    return ps->abort ? TOP : best;
}

static litset parse_alt(parser *ps)
{
    litset acc = parse_seq(ps);
    while (!ps->abort && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        acc = set_union(ps, acc, parse_seq(ps));
    }
    return ps->abort ? TOP : acc;
}

static litset pattern_set(parser *ps, const char *pattern)
{
    ps->p = (const unsigned char *)pattern;
    ps->end = ps->p + strlen(pattern);
    ps->used = 0;
    ps->abort = false;
    litset s = parse_alt(ps);
    if (ps->abort || ps->p != ps->end)
        return TOP;
    return s;
}

/* ---- the automaton ---------------------------------------------------- */

struct cl_prefilter {
    size_t count, words;
    uint64_t *always;  /* rules without a set */
    uint8_t cls[256];  /* byte (any case) to character class, 0: in no literal */
    size_t nclasses;   /* a power of two: 1 << shift */
    unsigned shift;
    uint32_t *delta;   /* at (state << shift) + class: the next state, as
                          next << (shift + 1), plus 1 when some literal
                          ends there: the scan needs no other load */
    uint64_t *out;     /* state * words: rules whose literal ends here */
    size_t states;
};

/* LONG S and KELVIN SIGN, which a case-less 's' and 'k' match, and the
 * bytes of their UTF-8 forms. */
static const char *const fold_chars[] = {"\xC5\xBF", "\xE2\x84\xAA"};
static const uint8_t fold_bytes[] = {0xC5, 0xBF, 0xE2, 0x84, 0xAA};

/* The trie's state after byte b from state st, made if new. */
static uint32_t add_edge(cl_prefilter *pf, uint32_t st, uint8_t b, size_t *states)
{
    uint32_t *next = &pf->delta[st * pf->nclasses + pf->cls[b]];
    if (!*next)
        *next = (uint32_t)(*states)++;
    return *next;
}

static uint32_t add_path(cl_prefilter *pf, const uint8_t *s, uint32_t len, size_t *states)
{
    uint32_t st = 0;
    for (uint32_t k = 0; k < len; k++)
        st = add_edge(pf, st, s[k], states);
    return st;
}

size_t cl_prefilter_words(const cl_prefilter *pf)
{
    return pf->words;
}

void cl_prefilter_free(const cl_mem *m, cl_prefilter *pf)
{
    if (!pf)
        return;
    cl_free(m, pf->always);
    cl_free(m, pf->delta);
    cl_free(m, pf->out);
    cl_free(m, pf);
}

cl_prefilter *cl_prefilter_new(const cl_mem *m, const cl_rule_def *defs, size_t count, const uint64_t *subset)
{
    cl_prefilter *pf = cl_calloc(m, 1, sizeof *pf);
    parser ps = {0};
    ps.cap = ARENA_BYTES;
    ps.arena = cl_alloc(m, ps.cap);
    uint32_t *fail = NULL, *queue = NULL;
    uint8_t *has_out = NULL; /* state: some literal ends there */
    bool ok = pf && ps.arena;
    if (ok) {
        pf->count = count;
        pf->words = (count + 63) / 64 ? (count + 63) / 64 : 1;
        pf->always = cl_calloc(m, pf->words, sizeof *pf->always);
        ok = pf->always != NULL;
    }
    /* The sets, copied out of the arena one pattern at a time into a
     * compact form: the arena is reused per pattern. */
    size_t total = 0;
    char *pool = NULL;
    struct {
        size_t offset; /* in pool, which moves while it grows */
        uint32_t len;
    } *lits = NULL;
    size_t *first = NULL, nlits = 0;
    if (ok) {
        size_t pool_cap = 0, lit_cap = 0;
        first = cl_calloc(m, count + 1, sizeof *first);
        ok = first != NULL;
        for (size_t i = 0; ok && i < count; i++) {
            first[i] = nlits;
            if (subset && !(subset[i / 64] >> (i % 64) & 1))
                continue;
            litset s = pattern_set(&ps, defs[i].pattern);
            /* An automaton of more states than MAX_STATES (never seen:
             * the built-in rules need a few thousand): the rule is tried
             * on every line instead. */
            uint64_t bytes = 0;
            for (uint32_t j = 0; !s.top && j < s.n; j++)
                bytes += kept_length(&s.v[j]);
            if (total + bytes >= MAX_STATES)
                s = TOP;
            if (s.top) {
                pf->always[i / 64] |= 1ULL << (i % 64);
                continue;
            }
            for (uint32_t j = 0; ok && j < s.n; j++) {
                uint32_t len = kept_length(&s.v[j]);
                ok = cl_grow(m, (void **)&lits, &lit_cap, nlits + 1, sizeof *lits) &&
                     cl_grow(m, (void **)&pool, &pool_cap, total + len, 1);
                if (!ok)
                    break;
                memcpy(pool + total, s.v[j].s, len);
                lits[nlits].offset = total;
                lits[nlits].len = len;
                total += len;
                nlits++;
            }
        }
        if (ok)
            first[count] = nlits;
    }
    cl_free(m, ps.arena);
    /* Character classes: the ASCII bytes of the literals, either case;
     * one for the other non-ASCII bytes, which HIGH_BYTE stands for; and
     * one for each byte of the folding characters. */
    if (ok) {
        size_t n = 1;
        for (size_t k = 0; k < total; k++) {
            uint8_t b = (uint8_t)pool[k];
            if (b < HIGH_BYTE && !pf->cls[b]) {
                pf->cls[b] = (uint8_t)n;
                if (b >= 'a' && b <= 'z')
                    pf->cls[b - 'a' + 'A'] = (uint8_t)n;
                n++;
            }
        }
        if (total) {
            memset(pf->cls + HIGH_BYTE, (int)n++, 256 - HIGH_BYTE);
            for (size_t k = 0; k < sizeof fold_bytes; k++)
                pf->cls[fold_bytes[k]] = (uint8_t)n++;
        }
        while ((size_t)1 << pf->shift < n)
            pf->shift++;
        pf->nclasses = (size_t)1 << pf->shift;
        /* Trie: at most one state per literal byte (a HIGH_BYTE literal
         * is one per non-ASCII class), plus the folding characters and
         * the root. */
        size_t max_states = total + sizeof fold_bytes + 1;
        for (size_t j = 0; j < nlits; j++)
            if (lits[j].len == 1 && (uint8_t)pool[lits[j].offset] == HIGH_BYTE)
                max_states += sizeof fold_bytes;
        pf->delta = cl_calloc(m, max_states << pf->shift, sizeof *pf->delta);
        has_out = cl_calloc(m, max_states, 1);
        pf->out = cl_calloc(m, max_states * pf->words, sizeof *pf->out);
        fail = cl_calloc(m, max_states, sizeof *fail);
        queue = cl_calloc(m, max_states, sizeof *queue);
        ok = pf->delta && has_out && pf->out && fail && queue;
    }
    if (ok) {
        size_t states = 1;
        for (size_t i = 0; i < count; i++) {
            for (size_t j = first[i]; j < first[i + 1]; j++) {
                const uint8_t *s = (const uint8_t *)pool + lits[j].offset;
                bool high = lits[j].len == 1 && s[0] == HIGH_BYTE;
                for (size_t h = 0; h <= (high ? sizeof fold_bytes : 0); h++) {
                    uint32_t st = high ? add_edge(pf, 0, h ? fold_bytes[h - 1] : HIGH_BYTE, &states)
                                       : add_path(pf, s, lits[j].len, &states);
                    has_out[st] = 1;
                    pf->out[st * pf->words + i / 64] |= 1ULL << (i % 64);
                }
            }
        }
        /* A folding character makes every rule with a set a candidate. */
        for (size_t f = 0; total && f < sizeof fold_chars / sizeof *fold_chars; f++) {
            uint32_t st = add_path(pf, (const uint8_t *)fold_chars[f], (uint32_t)strlen(fold_chars[f]), &states);
            has_out[st] = 1;
            for (size_t i = 0; i < count; i++)
                if (first[i + 1] > first[i])
                    pf->out[st * pf->words + i / 64] |= 1ULL << (i % 64);
        }
        pf->states = states;
        /* Breadth first: failure links, then the full transition table
         * and each state's outputs merged with its failure state's. */
        size_t head = 0, tail = 0;
        for (size_t c = 1; c < pf->nclasses; c++) {
            uint32_t t = pf->delta[c];
            if (t) {
                fail[t] = 0;
                queue[tail++] = t;
            }
        }
        while (head < tail) {
            uint32_t st = queue[head++];
            uint32_t f = fail[st];
            if (has_out[f]) {
                has_out[st] = 1;
                for (size_t w = 0; w < pf->words; w++)
                    pf->out[st * pf->words + w] |= pf->out[f * pf->words + w];
            }
            for (size_t c = 1; c < pf->nclasses; c++) {
                uint32_t *t = &pf->delta[st * pf->nclasses + c];
                if (*t) {
                    fail[*t] = pf->delta[f * pf->nclasses + c];
                    queue[tail++] = *t;
                } else {
                    *t = pf->delta[f * pf->nclasses + c];
                }
            }
        }
    }
    if (ok) {
        /* Each transition carries its target's output flag. */
        for (size_t e = 0; e < pf->states << pf->shift; e++)
            pf->delta[e] = pf->delta[e] << (pf->shift + 1) | has_out[pf->delta[e]];
    }
    cl_free(m, has_out);
    cl_free(m, fail);
    cl_free(m, queue);
    cl_free(m, first);
    cl_free(m, lits);
    cl_free(m, pool);
    if (!ok) {
        cl_prefilter_free(m, pf);
        return NULL;
    }
    return pf;
}

void cl_prefilter_scan(const cl_prefilter *pf, const char *line, size_t length, uint64_t *bits)
{
    memcpy(bits, pf->always, pf->words * sizeof *bits);
    if (pf->states <= 1)
        return; /* no literals */
    const uint8_t *s = (const uint8_t *)line;
    const uint32_t *delta = pf->delta;
    const uint8_t *cls = pf->cls;
    unsigned state_shift = pf->shift + 1;
    uint32_t v = 0;
    for (size_t i = 0; i < length; i++) {
        v = delta[(v >> 1) + cls[s[i]]];
        if (v & 1) {
            const uint64_t *o = pf->out + (size_t)(v >> state_shift) * pf->words;
            for (size_t w = 0; w < pf->words; w++)
                bits[w] |= o[w];
        }
    }
}
