/* The rules' literal prefilter. Most lines match no rule, and a rule
 * pattern costs the JIT hundreds of cycles even when it fails at once;
 * so the literal strings that every match of a pattern must contain
 * (literals.c) are searched for in one Aho-Corasick pass over the line,
 * which tells which rules are worth trying. LONG S and KELVIN SIGN, which
 * a case-less 's' or 'k' matches, make every rule with a set a
 * candidate. */
#include <string.h>

#include "literals.h"
#include "prefilter.h"

/* ---- the automata ----------------------------------------------------- */

#define MAX_STATES (1u << 20) /* of the automaton, whose transitions keep a
                                 state number times 2 * PLANE */
#define PLANE 16           /* classes whose transitions share a table row:
                              64 bytes, a cache line */
#define SINGLE_BITS 64     /* of a mask of one-byte literals; the last is
                              shared by all those beyond */

/* One Aho-Corasick automaton over the literals of some rules. */
typedef struct automaton {
    uint8_t cls[256];  /* byte (any case) to character class, 0: in no literal */
    size_t nclasses;   /* a multiple of PLANE */
    uint32_t *delta;   /* while built, at state * nclasses + class: the next
                          state; then in the scan's layout (to_planes) */
    uint32_t offset[256]; /* byte to the offset in delta of its class's
                             transition from state 0 */
    uint64_t *out;     /* state * words: rules whose literal ends here */
    size_t states;     /* 0: no literals */
    /* Literals of one byte are no part of the automaton, where they would
     * end a match at most bytes of a line: the scan gathers the bits of
     * the bytes it reads, and a bit stands for the rules of its bytes. */
    uint64_t single_bit[256];
    uint64_t *single_out; /* SINGLE_BITS * words */
} automaton;

struct cl_prefilter {
    size_t count, words;
    uint64_t *always;     /* rules without a set */
    automaton any;        /* literals anywhere in the line */
    automaton lead;       /* literals at its first word character */
    uint64_t *lead_rules; /* those of lead */
    uint64_t *lead_high;  /* those of lead that may start with a non-ASCII
                             letter or digit */
    bool has_lead;
};

/* The literals of rules, while an automaton is built. */
typedef struct lit_ref {
    size_t offset; /* in pool, which moves while it grows */
    uint32_t len;
} lit_ref;

typedef struct lit_list {
    char *pool;
    size_t total, pool_cap;
    lit_ref *lits;
    size_t n, cap;
    size_t *first; /* rule i's literals: first[i] to first[i + 1] */
} lit_list;

/* LONG S and KELVIN SIGN, which a case-less 's' and 'k' match, and the
 * bytes of their UTF-8 forms. */
static const char *const fold_chars[] = {"\xC5\xBF", "\xE2\x84\xAA"};
static const uint8_t fold_bytes[] = {0xC5, 0xBF, 0xE2, 0x84, 0xAA};

static uint32_t kept_length(const cl_lit *l)
{
    return l->len < KEPT_PREFIX ? l->len : KEPT_PREFIX;
}

static bool add_literals(const cl_mem *m, lit_list *l, const cl_litset *s)
{
    for (uint32_t j = 0; j < s->n; j++) {
        uint32_t len = kept_length(&s->v[j]);
        if (!cl_grow(m, (void **)&l->lits, &l->cap, l->n + 1, sizeof *l->lits) ||
            !cl_grow(m, (void **)&l->pool, &l->pool_cap, l->total + len, 1))
            return false;
        memcpy(l->pool + l->total, s->v[j].s, len);
        l->lits[l->n].offset = l->total;
        l->lits[l->n].len = len;
        l->total += len;
        l->n++;
    }
    return true;
}

/* Bytes in about the order of their frequency in text: the classes of
 * the common ones come first, so that a scan mostly reads the first
 * cache line of each state's row of the table. */
static const char frequent_bytes[] = " etaoinsrhldcumfpgwybvkxjqz.,-'/:()";

/* Classes 1, 2... for the bytes of the automaton's literals, ASCII
 * letters in either case, and of the folding characters, the frequent
 * ones first; returns the number of classes. Literals of one byte are in
 * none. */
static size_t assign_classes(automaton *a, const lit_list *l, bool anchored)
{
    bool used[256] = {false};
    for (size_t j = 0; j < l->n; j++)
        for (uint32_t k = 0; (l->lits[j].len > 1 || anchored) && k < l->lits[j].len; k++)
            used[(uint8_t)l->pool[l->lits[j].offset + k]] = true;
    for (size_t k = 0; !anchored && k < sizeof fold_bytes; k++)
        used[fold_bytes[k]] = true;
    size_t n = 1;
    for (size_t k = 0; k < sizeof frequent_bytes - 1 + 256; k++) {
        uint8_t b = k < sizeof frequent_bytes - 1 ? (uint8_t)frequent_bytes[k] : (uint8_t)(k - (sizeof frequent_bytes - 1));
        if (used[b] && !a->cls[b]) {
            a->cls[b] = (uint8_t)n;
            if (b >= 'a' && b <= 'z')
                a->cls[b - 'a' + 'A'] = (uint8_t)n;
            n++;
        }
    }
    return n;
}

/* The bit of the one-byte literal b (HIGH_BYTE: any non-ASCII byte), made
 * if new; singles counts those made. */
static unsigned single_bit(automaton *a, uint8_t b, size_t *singles)
{
    if (!a->single_bit[b]) {
        unsigned k = *singles < SINGLE_BITS ? (unsigned)(*singles)++ : SINGLE_BITS - 1;
        uint64_t bit = 1ULL << k;
        if (b == HIGH_BYTE)
            for (size_t c = HIGH_BYTE; c < 256; c++)
                a->single_bit[c] |= bit;
        else if (b >= 'a' && b <= 'z')
            a->single_bit[b - 'a' + 'A'] |= bit;
        a->single_bit[b] |= bit;
    }
    return (unsigned)__builtin_ctzll(a->single_bit[b]);
}

/* The trie's state after byte b from state st, made if new. */
static uint32_t add_edge(automaton *a, uint32_t st, uint8_t b, size_t *states)
{
    uint32_t *next = &a->delta[st * a->nclasses + a->cls[b]];
    if (!*next)
        *next = (uint32_t)(*states)++;
    return *next;
}

static uint32_t add_path(automaton *a, const uint8_t *s, uint32_t len, size_t *states)
{
    uint32_t st = 0;
    for (uint32_t k = 0; k < len; k++)
        st = add_edge(a, st, s[k], states);
    return st;
}

/* The built table in the scan's layout: the classes in planes of PLANE,
 * each holding PLANE transitions per state, one state after another. A
 * scan mostly reads the first plane (the frequent classes), whose rows lie
 * next to each other rather than a whole row apart, which would leave most
 * of the sets of a set-associative cache unused. A transition keeps the
 * offset of its target's row in a plane, times 2, plus 1 when some literal
 * ends there: the scan needs no other load. */
static uint32_t *to_planes(const cl_mem *m, automaton *a, const uint8_t *has_out)
{
    size_t plane = a->states * PLANE;
    uint32_t *t = cl_alloc(m, plane * (a->nclasses / PLANE) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t st = 0; st < a->states; st++) {
        for (size_t c = 0; c < a->nclasses; c++) {
            uint32_t next = a->delta[st * a->nclasses + c];
            t[c / PLANE * plane + st * PLANE + c % PLANE] = next * PLANE << 1 | has_out[next];
        }
    }
    for (size_t b = 0; b < 256; b++)
        a->offset[b] = (uint32_t)(a->cls[b] / PLANE * plane + a->cls[b] % PLANE);
    return t;
}

static void automaton_free(const cl_mem *m, automaton *a)
{
    cl_free(m, a->delta);
    cl_free(m, a->out);
    cl_free(m, a->single_out);
}

/* The automaton of the literals of l, of count rules; false when out of
 * memory. Anchored: only a trie, for literals at the start of the text
 * scanned (trie_walk), which holds the one-byte literals too, and no
 * folding characters, which cl_line_lead looks for. */
static bool automaton_build(const cl_mem *m, automaton *a, size_t words, const lit_list *l, size_t count,
                            bool anchored)
{
    if (!l->n)
        return true;
    size_t n = assign_classes(a, l, anchored);
    a->nclasses = (n + PLANE - 1) / PLANE * PLANE;
    /* Trie: at most one state per literal byte, plus the folding
     * characters and the root. */
    size_t max_states = l->total + sizeof fold_bytes + 1;
    a->single_out = cl_calloc(m, SINGLE_BITS * words, sizeof *a->single_out);
    a->delta = cl_calloc(m, max_states * a->nclasses, sizeof *a->delta);
    a->out = cl_calloc(m, max_states * words, sizeof *a->out);
    uint8_t *has_out = cl_calloc(m, max_states, 1); /* state: some literal ends there */
    uint32_t *fail = cl_calloc(m, max_states, sizeof *fail);
    uint32_t *queue = cl_calloc(m, max_states, sizeof *queue);
    bool ok = a->single_out && a->delta && a->out && has_out && fail && queue;
    if (ok) {
        size_t states = 1, singles = 0;
        for (size_t i = 0; i < count; i++) {
            for (size_t j = l->first[i]; j < l->first[i + 1]; j++) {
                const uint8_t *s = (const uint8_t *)l->pool + l->lits[j].offset;
                uint64_t *out;
                if (l->lits[j].len == 1 && !anchored) {
                    out = a->single_out + single_bit(a, s[0], &singles) * words;
                } else {
                    uint32_t st = add_path(a, s, l->lits[j].len, &states);
                    has_out[st] = 1;
                    out = a->out + st * words;
                }
                out[i / 64] |= 1ULL << (i % 64);
            }
        }
        /* A folding character makes every rule with a set a candidate. */
        for (size_t f = 0; !anchored && f < sizeof fold_chars / sizeof *fold_chars; f++) {
            uint32_t st = add_path(a, (const uint8_t *)fold_chars[f], (uint32_t)strlen(fold_chars[f]), &states);
            has_out[st] = 1;
            for (size_t i = 0; i < count; i++)
                if (l->first[i + 1] > l->first[i])
                    a->out[st * words + i / 64] |= 1ULL << (i % 64);
        }
        a->states = states;
        /* Breadth first: failure links, then the full transition table
         * and each state's outputs merged with its failure state's. */
        size_t head = 0, tail = 0;
        for (size_t c = 1; !anchored && c < a->nclasses; c++) {
            uint32_t t = a->delta[c];
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
                for (size_t w = 0; w < words; w++)
                    a->out[st * words + w] |= a->out[f * words + w];
            }
            for (size_t c = 1; c < a->nclasses; c++) {
                uint32_t *t = &a->delta[st * a->nclasses + c];
                if (*t) {
                    fail[*t] = a->delta[f * a->nclasses + c];
                    queue[tail++] = *t;
                } else {
                    *t = a->delta[f * a->nclasses + c];
                }
            }
        }
        uint32_t *planes = to_planes(m, a, has_out);
        cl_free(m, a->delta);
        a->delta = planes;
        ok = planes != NULL;
    }
    cl_free(m, has_out);
    cl_free(m, fail);
    cl_free(m, queue);
    return ok;
}

/* OR rows of words words for the bits of mask into bits. */
static void add_rows(uint64_t *bits, const uint64_t *rows, size_t words, uint64_t mask)
{
    for (; mask; mask &= mask - 1) {
        const uint64_t *o = rows + (size_t)__builtin_ctzll(mask) * words;
        for (size_t w = 0; w < words; w++)
            bits[w] |= o[w];
    }
}

/* ORs into bits the rules of the literals in s. */
static void automaton_scan(const automaton *a, size_t words, const uint8_t *s, size_t length, uint64_t *bits)
{
    if (!a->states)
        return;
    const uint32_t *delta = a->delta;
    const uint32_t *offset = a->offset;
    const uint64_t *single_bit = a->single_bit;
    uint64_t seen = 0;
    uint32_t v = 0;
    for (size_t i = 0; i < length; i++) {
        v = delta[(v >> 1) + offset[s[i]]];
        seen |= single_bit[s[i]];
        if (v & 1)
            add_rows(bits, a->out + (size_t)(v >> 1) / PLANE * words, words, 1);
    }
    add_rows(bits, a->single_out, words, seen);
}

/* The output rows of the literals that s starts with, in an anchored
 * automaton (a walk down its trie), into rows (KEPT_PREFIX); returns how
 * many. */
static size_t trie_walk(const automaton *a, size_t words, const uint8_t *s, size_t length, const uint64_t **rows)
{
    size_t n = 0;
    uint32_t v = 0;
    for (size_t i = 0; a->states && i < length; i++) {
        v = a->delta[(v >> 1) + a->offset[s[i]]];
        if (v <= 1)
            break; /* back at the root: no literal goes on */
        if (v & 1)
            rows[n++] = a->out + (size_t)(v >> 1) / PLANE * words;
    }
    return n;
}

/* ---- the prefilter ---------------------------------------------------- */

size_t cl_prefilter_words(const cl_prefilter *pf)
{
    return pf->words;
}

void cl_prefilter_free(const cl_mem *m, cl_prefilter *pf)
{
    if (!pf)
        return;
    cl_free(m, pf->always);
    cl_free(m, pf->lead_rules);
    cl_free(m, pf->lead_high);
    automaton_free(m, &pf->any);
    automaton_free(m, &pf->lead);
    cl_free(m, pf);
}

/* Whether s is a set and its literals fit into l (MAX_STATES, never
 * reached by the built-in rules, which need a few thousand). */
static bool fits(const cl_litset *s, const lit_list *l)
{
    uint64_t bytes = 0;
    for (uint32_t j = 0; !s->top && j < s->n; j++)
        bytes += kept_length(&s->v[j]);
    return !s->top && l->total + bytes < MAX_STATES;
}

/* Rule i's literals at the first word character into lead, if it has
 * such, and those anywhere into any, or its bit into pf->always. */
static bool add_rule(const cl_mem *m, cl_prefilter *pf, cl_lit_parser *ps, const char *pattern, size_t i, lit_list *any,
                     lit_list *lead)
{
    uint64_t bit = 1ULL << (i % 64);
    bool high;
    cl_litset s = cl_lead_pattern_set(ps, pattern, &high);
    if (fits(&s, lead)) {
        pf->has_lead = true;
        pf->lead_rules[i / 64] |= bit;
        if (high)
            pf->lead_high[i / 64] |= bit;
        if (!add_literals(m, lead, &s))
            return false;
    }
    s = cl_pattern_set(ps, pattern);
    if (!fits(&s, any)) {
        pf->always[i / 64] |= bit;
        return true;
    }
    return add_literals(m, any, &s);
}

cl_prefilter *cl_prefilter_new(const cl_mem *m, const cl_rule_def *defs, size_t count, const uint64_t *subset)
{
    cl_prefilter *pf = cl_calloc(m, 1, sizeof *pf);
    cl_lit_parser ps = {0};
    ps.cap = ARENA_BYTES;
    ps.arena = cl_alloc(m, ps.cap);
    lit_list any = {0}, lead = {0};
    bool ok = pf && ps.arena;
    if (ok) {
        pf->count = count;
        pf->words = (count + 63) / 64 ? (count + 63) / 64 : 1;
        pf->always = cl_calloc(m, pf->words, sizeof *pf->always);
        pf->lead_rules = cl_calloc(m, pf->words, sizeof *pf->lead_rules);
        pf->lead_high = cl_calloc(m, pf->words, sizeof *pf->lead_high);
        any.first = cl_calloc(m, count + 1, sizeof *any.first);
        lead.first = cl_calloc(m, count + 1, sizeof *lead.first);
        ok = pf->always && pf->lead_rules && pf->lead_high && any.first && lead.first;
    }
    /* The sets, copied out of the arena one pattern at a time: the arena
     * is reused per pattern. */
    for (size_t i = 0; ok && i < count; i++) {
        any.first[i] = any.n;
        lead.first[i] = lead.n;
        if (!subset || subset[i / 64] >> (i % 64) & 1)
            ok = add_rule(m, pf, &ps, defs[i].pattern, i, &any, &lead);
    }
    if (ok) {
        any.first[count] = any.n;
        lead.first[count] = lead.n;
        ok = automaton_build(m, &pf->any, pf->words, &any, count, false) &&
             automaton_build(m, &pf->lead, pf->words, &lead, count, true);
    }
    cl_free(m, ps.arena);
    for (lit_list *l = &any; l; l = l == &any ? &lead : NULL) {
        cl_free(m, l->pool);
        cl_free(m, l->lits);
        cl_free(m, l->first);
    }
    if (!ok) {
        cl_prefilter_free(m, pf);
        return NULL;
    }
    return pf;
}

void cl_prefilter_scan(const cl_prefilter *pf, const char *line, size_t length, uint64_t *bits)
{
    size_t words = pf->words;
    const uint8_t *s = (const uint8_t *)line;
    memcpy(bits, pf->always, words * sizeof *bits);
    automaton_scan(&pf->any, words, s, length, bits);
    if (!pf->has_lead)
        return;
    /* A rule with literals at the first word character needs one of
     * those too. */
    const uint64_t *rows[KEPT_PREFIX];
    size_t n = 0, at = 0;
    switch (cl_line_lead(s, length, &at)) {
    case LEAD_NONE:
        break;
    case LEAD_ASCII:
        n = trie_walk(&pf->lead, words, s + at, length - at, rows);
        break;
    case LEAD_LETTER:
        rows[n++] = pf->lead_high;
        break;
    case LEAD_UNKNOWN:
        return;
    }
    for (size_t w = 0; w < words; w++) {
        uint64_t keep = ~pf->lead_rules[w];
        for (size_t r = 0; r < n; r++)
            keep |= rows[r][w];
        bits[w] &= keep;
    }
}
