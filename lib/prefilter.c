/* The rules' literal prefilter. Most lines match no rule, and a rule
 * pattern costs the JIT hundreds of cycles even when it fails at once;
 * so the literal strings that every match of a pattern must contain
 * (literals.c) are searched for in one Aho-Corasick pass over the line,
 * which tells which rules are worth trying. A literal that a pattern puts
 * after \b, ^, a space or punctuation counts at word starts alone, which
 * the automaton tells by two roots: a word start, and within a word,
 * whose paths are those of the other literals. LONG S and KELVIN SIGN,
 * which a case-less 's' or 'k' matches, make every rule with a set a
 * candidate. */
#include <stddef.h>
#include <string.h>

#include "literals.h"
#include "prefilter.h"

/* ---- the automata ----------------------------------------------------- */

#define MAX_STATES (1u << 14) /* of an automaton, whose transitions keep a
                                 state number times 2 in 16 bits, those
                                 where a literal ends below 0 */
#define AT_START 0 /* the root at a word start, where scans start */
#define IN_WORD 1  /* the root after an ASCII letter, digit or '_' */
#define PLANE 8            /* classes whose transitions share a table row:
                              16 bytes, which a state number times 2 scaled
                              by 8 addresses */
#define SINGLE_BITS 64     /* of a mask of one-byte literals; the last is
                              shared by all those beyond */
#define NIBBLE_ROWS (SINGLE_BITS / 4 * 16) /* of their rules, one for each
                                              set of a nibble's bits */

/* Rows of a bit set of words words, most of whose words are 0 (a literal
 * is of one rule or few): the others alone, row k's from words[from[k]] on
 * up to the one marked last (a row of 0 has one word of 0, so that no row
 * is empty and its end is no second load). */
typedef struct out_word {
    uint32_t word;
    uint32_t last;
    uint64_t bits;
} out_word;
typedef struct sparse_rows {
    uint32_t *from;
    out_word *words;
} sparse_rows;

/* One Aho-Corasick automaton over the literals of some rules. */
typedef struct automaton {
    /* Byte (any case) to character class, 0: in no literal. Unless
     * anchored, the word bytes (ASCII letters, digits, '_') in none have
     * a class of their own, which leads to IN_WORD: each class is of word
     * bytes or of others. */
    uint8_t cls[256];
    size_t nclasses;   /* a multiple of PLANE */
    uint32_t *delta;   /* while built, at state * nclasses + class: the next
                          state */
    int16_t *table;    /* then the transitions in the scan's layout
                          (to_planes) */
    const int16_t *row[256]; /* byte to its class's transition from state
                                0 in table */
    uint64_t *out;     /* while built, state * words: rules (or sets)
                          whose literal ends there */
    sparse_rows outputs; /* then those of state -1 - k in row k */
    size_t ends;       /* states where some literal ends */
    size_t states;     /* 0: no literals */
    /* Literals of one byte are no part of the automaton, where they would
     * end a match at most bytes of a line: the scan gathers the bits of
     * the bytes it reads, and a bit stands for the rules of its bytes. */
    uint64_t single_bit[256];
    uint64_t *single_out; /* while built, SINGLE_BITS * words, then
                             NIBBLE_ROWS * words (merge_singles) */
    sparse_rows singles;  /* then those in rows, by nibble (merge_singles) */
} automaton;

struct cl_prefilter {
    size_t count, words;
    uint64_t *always;     /* rules without a set */
    uint64_t *one_set;    /* rules with one set, not two */
    automaton any;        /* literals anywhere in the line: of rule i's
                             first set as rule i, of its second as rule
                             SECOND(pf) + i */
    automaton lead;       /* literals at its first word character */
    uint64_t *lead_rules; /* those of lead */
    uint64_t *lead_high;  /* those of lead that may start with a non-ASCII
                             letter or digit */
};

/* The rule of pf->any of rule i's second set. */
#define SECOND(pf) ((pf)->words * 64)

/* The literals of rules, while an automaton is built. */
typedef struct lit_ref {
    size_t offset; /* in pool, which moves while it grows */
    uint32_t len;
    bool word_start; /* at_word_start */
    size_t rule;
} lit_ref;

/* A prefix of a literal's path from a root: its bytes as the
 * automaton's classes tell them apart (case_key), its length and root. */
typedef struct prefix_key {
    uint64_t bytes;
    uint8_t tag; /* (root << 4 | length) + 1; 0: an empty slot */
} prefix_key;

typedef struct lit_list {
    char *pool;
    size_t total, pool_cap;
    lit_ref *lits;
    size_t n, cap;
    bool anchored; /* the automaton's paths start at a word start alone */
    /* The distinct prefixes of the literals' paths, the trie's states but
     * its roots: counted as sets are added, so that a rule is tried on
     * every line only when the 16-bit state numbers would run out. */
    prefix_key *prefixes; /* hash set, a power of two, under half full */
    size_t prefix_cap, states;
} lit_list;

/* LONG S and KELVIN SIGN, which a case-less 's' and 'k' match, and the
 * bytes of their UTF-8 forms. */
static const char *const fold_chars[] = {"\xC5\xBF", "\xE2\x84\xAA"};
static const uint8_t fold_bytes[] = {0xC5, 0xBF, 0xE2, 0x84, 0xAA};

static uint32_t kept_length(const cl_lit *l)
{
    return l->len < KEPT_PREFIX ? l->len : KEPT_PREFIX;
}

/* Whether the prefilter counts l at word starts alone: ASCII letters,
 * digits and '_' after none of those (or first), a superset of where
 * \b holds before one of them. Where l follows no such byte in any match
 * and starts with one. */
static bool at_word_start(const cl_lit *l)
{
    return l->word_start && cl_is_word_byte((uint8_t)l->s[0]);
}

/* The roots a literal's paths start from: a word start, and unless it
 * counts there alone, within a word if it starts with a word byte
 * (root_transitions); none for a literal of one byte, which is no part
 * of an automaton that is not anchored (single_bit). */
static uint32_t literal_roots(bool anchored, uint32_t len, bool word_start, uint8_t first)
{
    if (anchored)
        return 1;
    if (len == 1)
        return 0;
    return !word_start && cl_is_word_byte(first) ? 2 : 1;
}

static bool add_literals(const cl_mem *m, lit_list *l, const cl_litset *s, size_t rule)
{
    for (uint32_t j = 0; j < s->n; j++) {
        uint32_t len = kept_length(&s->v[j]);
        if (!cl_grow(m, (void **)&l->lits, &l->cap, l->n + 1, sizeof *l->lits) ||
            !cl_grow(m, (void **)&l->pool, &l->pool_cap, l->total + len, 1))
            return false;
        memcpy(l->pool + l->total, s->v[j].s, len);
        l->lits[l->n].offset = l->total;
        l->lits[l->n].len = len;
        l->lits[l->n].word_start = at_word_start(&s->v[j]);
        l->lits[l->n].rule = rule;
        l->total += len;
        l->n++;
    }
    return true;
}

/* Bytes in about the order of their frequency in text: the classes of
 * the common ones come first, so that a scan mostly reads the first
 * cache line of each state's row of the table. */
static const char frequent_bytes[] = " etaoinsrhldcumfpgwybvkxjqz.,-'/:()";
#define BY_FREQUENCY (sizeof frequent_bytes - 1 + 256)

/* Byte k of the frequent ones, then of all (k < BY_FREQUENCY). */
static uint8_t by_frequency(size_t k)
{
    return k < sizeof frequent_bytes - 1 ? (uint8_t)frequent_bytes[k] : (uint8_t)(k - (sizeof frequent_bytes - 1));
}

/* The byte whose class the non-ASCII byte b shares. Most letters of
 * Latin-1, Greek and Cyrillic differ from their other case in bit 0x20 of
 * their last byte alone, and at most in bit 0x01 of their first (CE/CF,
 * D0/D1): so most case variants of a literal (literals.c) take one path
 * of the automaton, which then matches a little more than the literals,
 * never less. Not for the last bytes of the folding characters, which
 * make all rules candidates (LONG S, C5 BF, would be found in C5 9F). */
static uint8_t class_byte(uint8_t b)
{
    if (b == 0xCF || b == 0xD1)
        return (uint8_t)(b - 1);
    if (b >= 0xA0 && b <= 0xBF && !memchr(fold_bytes, b, sizeof fold_bytes) &&
        !memchr(fold_bytes, b - 0x20, sizeof fold_bytes))
        return (uint8_t)(b - 0x20);
    return b;
}

/* Classes 1, 2... for the bytes of the automaton's literals, ASCII
 * letters in either case, and of the folding characters, and unless
 * anchored, one for the word bytes in none, the frequent ones first;
 * returns the number of classes. Literals of one byte are in none. */
static size_t assign_classes(automaton *a, const lit_list *l, bool anchored)
{
    bool used[256] = {false};
    for (size_t j = 0; j < l->n; j++)
        for (uint32_t k = 0; (l->lits[j].len > 1 || anchored) && k < l->lits[j].len; k++)
            used[class_byte((uint8_t)l->pool[l->lits[j].offset + k])] = true;
    for (size_t k = 0; !anchored && k < sizeof fold_bytes; k++)
        used[fold_bytes[k]] = true;
    size_t n = 1, unused_word = 0;
    for (size_t k = 0; k < BY_FREQUENCY; k++) {
        uint8_t b = by_frequency(k);
        if (a->cls[b])
            continue;
        if (used[b])
            a->cls[b] = (uint8_t)n++;
        else if (cl_is_word_byte(b) && !anchored)
            a->cls[b] = (uint8_t)(unused_word ? unused_word : (unused_word = n++));
        if (b >= 'a' && b <= 'z')
            a->cls[b - 'a' + 'A'] = a->cls[b];
    }
    for (size_t b = HIGH_BYTE; b < 256; b++)
        a->cls[b] = a->cls[class_byte((uint8_t)b)];
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

/* The path of s from the root root. */
static uint32_t add_path(automaton *a, const uint8_t *s, uint32_t len, uint32_t root, size_t *states)
{
    uint32_t st = root;
    for (uint32_t k = 0; k < len; k++)
        st = add_edge(a, st, s[k], states);
    return st;
}

/* The built table in the scan's layout: the classes in planes of PLANE,
 * each holding PLANE transitions per state, one state after another. A
 * scan mostly reads the first plane (the frequent classes), whose rows lie
 * next to each other rather than a whole row apart, which would leave most
 * of the sets of a set-associative cache unused. A transition keeps its
 * target times 2, the states where no literal ends numbered from 0 (the
 * roots first, in their order), the others from -1 down, their rows
 * before state 0's: whether one ends tells by the sign of the target
 * alone, of two at once by the sign of their OR, and the scan needs no
 * other load. Two bytes each keep the table small, for the cache. The
 * rows of outputs of the others replace a->out, from row 0 (state -1) on;
 * false when out of memory. */
static bool to_planes(const cl_mem *m, automaton *a, size_t words, const uint8_t *has_out)
{
    size_t n = a->states, plane = n * PLANE, outputs = 0;
    for (size_t st = 0; st < n; st++)
        outputs += has_out[st];
    a->table = cl_alloc(m, plane * (a->nclasses / PLANE) * sizeof *a->table);
    uint64_t *out = cl_alloc(m, (outputs ? outputs : 1) * words * sizeof *out);
    int32_t *num = cl_alloc(m, n * sizeof *num);
    bool ok = a->table && out && num;
    if (ok) {
        int32_t open = 0;
        for (size_t st = 0; st < n; st++) {
            if (has_out[st]) {
                memcpy(out + a->ends * words, a->out + st * words, words * sizeof *out);
                num[st] = -1 - (int32_t)a->ends++;
            } else {
                num[st] = open++;
            }
        }
        int16_t *state0 = a->table + outputs * PLANE;
        for (size_t st = 0; st < n; st++) {
            const uint32_t *row = a->delta + st * a->nclasses;
            /* A state where a literal ends has its row before state 0's:
             * its offset is negative, so it is added as a signed one. */
            int16_t *at = a->table + (ptrdiff_t)(outputs * PLANE) + (ptrdiff_t)num[st] * PLANE;
            for (size_t c = 0; c < a->nclasses; c++)
                at[c / PLANE * plane + c % PLANE] = (int16_t)(2 * num[row[c]]);
        }
        for (size_t b = 0; b < 256; b++)
            a->row[b] = state0 + a->cls[b] / PLANE * plane + a->cls[b] % PLANE;
        uint64_t *old_rows = a->out;
        a->out = out;
        out = old_rows;
    }
    cl_free(m, out);
    cl_free(m, num);
    return ok;
}

/* Renumbers the states of the trie a breadth first, after its roots
 * (roots of them) their children: the shallow states, which scans read
 * most, then lie together in few cache lines. queue: room for a->states;
 * false when out of memory. */
static bool breadth_first(const cl_mem *m, automaton *a, size_t words, uint32_t roots, uint8_t *has_out,
                          uint32_t *queue)
{
    size_t n = a->states, nc = a->nclasses;
    uint32_t *delta = cl_calloc(m, n * nc, sizeof *delta);
    uint64_t *out = cl_alloc(m, n * words * sizeof *out);
    uint8_t *old_out = cl_alloc(m, n);
    bool ok = delta && out && old_out;
    if (ok) {
        /* A state of a trie is the child of one other: it gets its
         * number, its place in the queue, when its parent's row is
         * read, which then takes the new numbers. */
        size_t tail = roots;
        for (uint32_t r = 0; r < roots; r++)
            queue[r] = r;
        memcpy(old_out, has_out, n);
        for (size_t k = 0; k < tail; k++) {
            const uint32_t *row = a->delta + queue[k] * nc;
            for (size_t c = 1; c < nc; c++) {
                if (row[c]) {
                    delta[k * nc + c] = (uint32_t)tail;
                    queue[tail++] = row[c];
                }
            }
            memcpy(out + k * words, a->out + queue[k] * words, words * sizeof *out);
            has_out[k] = old_out[queue[k]];
        }
        /* The renumbered tables replace the old, freed below. */
        uint32_t *old_delta = a->delta;
        uint64_t *old_rows = a->out;
        a->delta = delta;
        a->out = out;
        delta = old_delta;
        out = old_rows;
    }
    cl_free(m, delta);
    cl_free(m, out);
    cl_free(m, old_out);
    return ok;
}

static void automaton_free(const cl_mem *m, automaton *a)
{
    cl_free(m, a->table);
    cl_free(m, a->out);
    cl_free(m, a->single_out);
    cl_free(m, a->outputs.from);
    cl_free(m, a->outputs.words);
    cl_free(m, a->singles.from);
    cl_free(m, a->singles.words);
}

/* Rows in the trie's table for states states, zeroed; false when out of
 * memory. rows: how many it has room for, zeroed: how many are zeroed.
 * Rows are zeroed as they are needed, not as the table doubles: the
 * pages of the room not used then stay out of memory. */
static bool room_for(const cl_mem *m, automaton *a, size_t states, size_t *rows, size_t *zeroed)
{
    if (!cl_grow(m, (void **)&a->delta, rows, states, a->nclasses * sizeof *a->delta))
        return false;
    if (states > *zeroed) {
        memset(a->delta + *zeroed * a->nclasses, 0, (states - *zeroed) * a->nclasses * sizeof *a->delta);
        *zeroed = states;
    }
    return true;
}

/* The roots' transitions, unless anchored: a byte that begins no path
 * leads to the root after it; within a word, one that is no word byte
 * begins those it does at a word start, all the literals that start with
 * it. Their targets into queue at *tail, which fail maps to the root after
 * their byte. */
static void root_transitions(automaton *a, uint32_t *fail, uint32_t *queue, size_t *tail)
{
    bool word[256] = {false}; /* class: of word bytes */
    for (size_t b = 0; b < 256; b++)
        word[a->cls[b]] = cl_is_word_byte((uint8_t)b);
    for (uint32_t r = AT_START; r <= IN_WORD; r++) {
        for (size_t c = 1; c < a->nclasses; c++) {
            uint32_t *t = &a->delta[r * a->nclasses + c], after = word[c] ? IN_WORD : AT_START;
            if (*t) {
                fail[*t] = after;
                queue[(*tail)++] = *t;
            } else {
                *t = r == IN_WORD && !word[c] ? a->delta[AT_START * a->nclasses + c] : after;
            }
        }
    }
}

/* The built trie, its outputs marked, into the scan's automaton: states
 * renumbered breadth first, failure links, then the full transition
 * table and each state's outputs merged with its failure state's. */
static bool finish_automaton(const cl_mem *m, automaton *a, size_t words, bool anchored, uint8_t *has_out)
{
    uint32_t *fail = cl_calloc(m, a->states, sizeof *fail);
    uint32_t *queue = cl_calloc(m, a->states, sizeof *queue);
    bool ok = fail && queue && breadth_first(m, a, words, anchored ? 1 : 2, has_out, queue);
    if (ok) {
        size_t head = 0, tail = 0;
        if (!anchored)
            root_transitions(a, fail, queue, &tail);
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
        ok = to_planes(m, a, words, has_out);
    }
    cl_free(m, fail);
    cl_free(m, queue);
    return ok;
}

/* One bit for the one-byte literals of the same rules (the digits, which
 * \d makes literals, fill a line's mask with ten bits else), those of
 * frequent bytes first; then their rules by nibble: row 16 * j + x of
 * a->single_out ORs the rows of the bits that x marks in nibble j, so
 * that a line's common ones (a space, 'o', 's') take one row. False when
 * out of memory. */
static bool merge_singles(const cl_mem *m, automaton *a, size_t words)
{
    unsigned same[SINGLE_BITS], rank[SINGLE_BITS], ranked = 0;
    for (unsigned k = 0; k < SINGLE_BITS; k++) {
        same[k] = k;
        rank[k] = SINGLE_BITS; /* none */
        for (unsigned j = 0; same[k] == k && j < k; j++)
            if (!memcmp(a->single_out + j * words, a->single_out + k * words, words * sizeof *a->single_out))
                same[k] = j;
    }
    for (size_t k = 0; k < BY_FREQUENCY; k++) {
        for (uint64_t mask = a->single_bit[by_frequency(k)]; mask; mask &= mask - 1) {
            unsigned *r = &rank[same[__builtin_ctzll(mask)]];
            *r = *r < SINGLE_BITS ? *r : ranked++;
        }
    }
    uint64_t *rows = cl_calloc(m, NIBBLE_ROWS * words, sizeof *rows);
    if (!rows)
        return false;
    for (size_t b = 0; b < 256; b++) {
        uint64_t bits = 0;
        for (uint64_t mask = a->single_bit[b]; mask; mask &= mask - 1)
            bits |= 1ULL << rank[same[__builtin_ctzll(mask)]];
        a->single_bit[b] = bits;
    }
    for (unsigned k = 0; k < SINGLE_BITS; k++) {
        for (unsigned x = 1; rank[k] < SINGLE_BITS && x < 16; x++) {
            if (!(x >> rank[k] % 4 & 1))
                continue;
            for (size_t w = 0; w < words; w++)
                rows[(rank[k] / 4 * 16 + x) * words + w] |= a->single_out[k * words + w];
        }
    }
    cl_free(m, a->single_out);
    a->single_out = rows;
    return true;
}

/* The n rows of words words into r; false when out of memory. */
static bool to_sparse(const cl_mem *m, sparse_rows *r, const uint64_t *rows, size_t n, size_t words)
{
    size_t entries = 0;
    for (size_t k = 0; k < n; k++) {
        size_t nonzero = 0;
        for (size_t w = 0; w < words; w++)
            nonzero += rows[k * words + w] != 0;
        entries += nonzero ? nonzero : 1;
    }
    r->from = cl_alloc(m, (n ? n : 1) * sizeof *r->from);
    r->words = cl_alloc(m, (entries ? entries : 1) * sizeof *r->words);
    if (!r->from || !r->words)
        return false;
    size_t e = 0;
    for (size_t k = 0; k < n; k++) {
        r->from[k] = (uint32_t)e;
        for (size_t w = 0; w < words; w++)
            if (rows[k * words + w] || (w == words - 1 && e == r->from[k]))
                r->words[e++] = (out_word){(uint32_t)w, 0, rows[k * words + w]};
        r->words[e - 1].last = 1;
    }
    return true;
}

/* The automaton of the literals of l, of rules numbered below words *
 * 64, and of the folding characters, which make the rules of with_set
 * candidates; false when out of memory. Anchored (l->anchored): only a trie, for
 * literals at the start of the text scanned (trie_walk), which holds the
 * one-byte literals too, and no folding characters (with_set NULL). */
static bool automaton_build(const cl_mem *m, automaton *a, size_t words, const lit_list *l, const uint64_t *with_set)
{
    bool anchored = l->anchored;
    if (!l->n && anchored)
        return true;
    size_t n = assign_classes(a, l, anchored);
    a->nclasses = (n + PLANE - 1) / PLANE * PLANE;
    /* The trie first, its table grown as it needs (the bound of two
     * states per literal byte is several times the states it has, and a
     * table's rows are large); then its outputs, once the states are
     * counted, by a second walk down the same paths. */
    size_t states = anchored ? 1 : 2, rows = 0, zeroed = 0;
    bool ok = true;
    for (int outputs = 0; ok && outputs < 2; outputs++) {
        uint8_t *has_out = NULL;
        if (outputs) {
            a->states = states;
            a->single_out = cl_calloc(m, SINGLE_BITS * words, sizeof *a->single_out);
            a->out = cl_calloc(m, states * words, sizeof *a->out);
            has_out = cl_calloc(m, states, 1); /* state: some literal ends there */
            ok = a->single_out && a->out && has_out;
        }
        size_t singles = 0;
        for (size_t j = 0; ok && j < l->n; j++) {
            const uint8_t *s = (const uint8_t *)l->pool + l->lits[j].offset;
            size_t i = l->lits[j].rule;
            uint32_t roots = literal_roots(anchored, l->lits[j].len, l->lits[j].word_start, s[0]);
            if (!roots) {
                if (outputs)
                    a->single_out[single_bit(a, s[0], &singles) * words + i / 64] |= 1ULL << (i % 64);
                continue;
            }
            if (!outputs && !(ok = room_for(m, a, states + 2 * l->lits[j].len, &rows, &zeroed)))
                break;
            for (uint32_t root = AT_START; root < roots; root++) {
                uint32_t st = add_path(a, s, l->lits[j].len, root, &states);
                if (outputs) {
                    has_out[st] = 1;
                    a->out[st * words + i / 64] |= 1ULL << (i % 64);
                }
            }
        }
        /* A folding character makes every rule with a set a candidate. */
        for (size_t f = 0; ok && !anchored && f < sizeof fold_chars / sizeof *fold_chars; f++) {
            uint32_t len = (uint32_t)strlen(fold_chars[f]);
            if (!outputs && !(ok = room_for(m, a, states + len, &rows, &zeroed)))
                break;
            uint32_t st = add_path(a, (const uint8_t *)fold_chars[f], len, AT_START, &states);
            if (outputs) {
                has_out[st] = 1;
                memcpy(a->out + st * words, with_set, words * sizeof *with_set);
            }
        }
        if (outputs)
            ok = ok && finish_automaton(m, a, words, anchored, has_out);
        cl_free(m, has_out);
    }
    ok = ok && merge_singles(m, a, words) && to_sparse(m, &a->outputs, a->out, a->ends, words) &&
         to_sparse(m, &a->singles, a->single_out, NIBBLE_ROWS, words);
    cl_free(m, a->delta);
    cl_free(m, a->out);
    cl_free(m, a->single_out);
    a->delta = NULL;
    a->out = a->single_out = NULL;
    return ok;
}

/* ORs row k of r into bits. */
static inline void add_row(uint64_t *bits, const sparse_rows *r, size_t k)
{
    const out_word *e = r->words + r->from[k];
    do
        bits[e->word] |= e->bits;
    while (!e++->last);
}

/* The state (times 2, below 0 where a literal ends) after byte b from
 * state v: pointer-wide, which the load's address scales as it is. */
static inline ptrdiff_t next_state(const automaton *a, ptrdiff_t v, uint8_t b)
{
    return a->row[b][v * (PLANE / 2)];
}

/* The row of a->outputs of the state v (times 2, below 0). */
static inline size_t ends_row(ptrdiff_t v)
{
    return (size_t)~v / 2;
}

/* ORs into bits the rules of the literals that end at v or w, one of
 * which is below 0. Not inlined: the scan's loops then keep their states
 * in place, where they copied them for this. */
static __attribute__((noinline)) void add_ends(uint64_t *bits, ptrdiff_t v, ptrdiff_t w, const automaton *a)
{
    if (v < 0)
        add_row(bits, &a->outputs, ends_row(v));
    if (w < 0)
        add_row(bits, &a->outputs, ends_row(w));
}

/* The one-byte literals a scan has seen: the bits of two bytes a step
 * apart, an OR from memory each, where their union would cost a third. */
typedef struct seen_bits {
    uint64_t even, odd;
} seen_bits;

/* Runs a from state v over the n bytes of s, two a step, looking for a
 * literal's end in their two states' OR. */
static inline void scan_pairs(const automaton *a, ptrdiff_t v, const uint8_t *s, size_t n, seen_bits *seen,
                              uint64_t *bits)
{
    if (n & 1) {
        seen->even |= a->single_bit[s[0]];
        v = next_state(a, v, s[0]);
        if (v < 0)
            add_ends(bits, v, 0, a);
    }
    /* Indexed up to 0 from the end, which keeps the loop's registers few. */
    const uint8_t *end = s + n;
    for (ptrdiff_t i = -(ptrdiff_t)(n & ~(size_t)1); i < 0; i += 2) {
        uint8_t b = end[i], c = end[i + 1];
        seen->even |= a->single_bit[b];
        seen->odd |= a->single_bit[c];
        ptrdiff_t u = next_state(a, v, b);
        v = next_state(a, u, c);
        if ((u | v) < 0)
            add_ends(bits, v, u, a);
    }
}

/* Runs a over the two halves of s (from its start and from half) at
 * once, as far as the second goes: each is a chain of dependent loads,
 * which the processor overlaps. Returns the first's state. */
static inline ptrdiff_t scan_halves(const automaton *a, const uint8_t *s, size_t length, size_t half, seen_bits *seen,
                                    uint64_t *bits)
{
    ptrdiff_t v = 2 * AT_START, u = 2 * (cl_is_word_byte(s[half - 1]) ? IN_WORD : AT_START);
    const uint8_t *p_end = s + (length - half), *q_end = s + length;
    for (ptrdiff_t i = -(ptrdiff_t)(length - half); i < 0; i++) {
        uint8_t b = p_end[i], c = q_end[i];
        seen->even |= a->single_bit[b];
        seen->odd |= a->single_bit[c];
        v = next_state(a, v, b);
        u = next_state(a, u, c);
        if ((u | v) < 0)
            add_ends(bits, v, u, a);
    }
    return v;
}

/* ORs into bits the rules of the literals in s. A long line is scanned
 * as two halves at once; the first goes on KEPT_PREFIX - 1 bytes into
 * the second, for the literals that start before the second and end in
 * it. */
static void automaton_scan(const automaton *a, const uint8_t *s, size_t length, uint64_t *bits)
{
    if (!a->states)
        return;
    seen_bits seen = {0, 0};
    if (length < 4 * KEPT_PREFIX) {
        scan_pairs(a, 2 * AT_START, s, length, &seen, bits);
    } else {
        size_t half = length / 2, first = length - half;
        ptrdiff_t v = scan_halves(a, s, length, half, &seen, bits);
        scan_pairs(a, v, s + first, half + KEPT_PREFIX - 1 - first, &seen, bits);
    }
    /* The rules of the one-byte literals seen, a nibble of their bits a
     * row. */
    size_t nibble_row = 0;
    for (uint64_t bit = seen.even | seen.odd; bit; bit >>= 4, nibble_row += 16)
        if (bit & 15)
            add_row(bits, &a->singles, nibble_row + (bit & 15));
}

/* ORs into bits the rules of the literals that s starts with, in an
 * anchored automaton (a walk down its trie). */
static void trie_walk(const automaton *a, const uint8_t *s, size_t length, uint64_t *bits)
{
    if (!a->states)
        return;
    ptrdiff_t v = 2 * AT_START;
    for (size_t i = 0; i < length; i++) {
        v = next_state(a, v, s[i]);
        if (v == 2 * AT_START)
            break; /* back at the root: no literal goes on */
        if (v < 0)
            add_row(bits, &a->outputs, ends_row(v));
    }
}

/* ---- the prefilter ---------------------------------------------------- */

size_t cl_prefilter_words(const cl_prefilter *pf)
{
    return 2 * pf->words;
}

void cl_prefilter_free(const cl_mem *m, cl_prefilter *pf)
{
    if (!pf)
        return;
    cl_free(m, pf->always);
    cl_free(m, pf->one_set);
    cl_free(m, pf->lead_rules);
    cl_free(m, pf->lead_high);
    automaton_free(m, &pf->any);
    automaton_free(m, &pf->lead);
    cl_free(m, pf);
}

/* Byte b as the automaton's classes tell it: ASCII letters of either
 * case are one (assign_classes). */
static uint8_t case_key(uint8_t b)
{
    b = class_byte(b);
    return (uint8_t)(b - 'A') < 26 ? (uint8_t)(b | 0x20) : b;
}

/* The home slot of prefix k in a set of cap slots. */
static size_t prefix_slot(prefix_key k, size_t cap)
{
    return (size_t)((k.bytes ^ k.tag) * 0x9E3779B97F4A7C15ULL >> 32) & (cap - 1);
}

/* Counts the prefix k into l's set; false when out of memory. */
static bool count_prefix(const cl_mem *m, lit_list *l, prefix_key k)
{
    if (2 * (l->states + 1) > l->prefix_cap) {
        size_t cap = l->prefix_cap ? 2 * l->prefix_cap : 1024;
        prefix_key *slots = cl_calloc(m, cap, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < l->prefix_cap; i++) {
            if (!l->prefixes[i].tag)
                continue;
            size_t h = prefix_slot(l->prefixes[i], cap);
            while (slots[h].tag)
                h = (h + 1) & (cap - 1);
            slots[h] = l->prefixes[i];
        }
        cl_free(m, l->prefixes);
        l->prefixes = slots;
        l->prefix_cap = cap;
    }
    size_t h = prefix_slot(k, l->prefix_cap);
    for (; l->prefixes[h].tag; h = (h + 1) & (l->prefix_cap - 1))
        if (l->prefixes[h].tag == k.tag && l->prefixes[h].bytes == k.bytes)
            return true;
    l->prefixes[h] = k;
    l->states++;
    return true;
}

/* Whether s is a set whose literals fit into l's automaton: its states
 * (the roots, the distinct prefixes of the paths, and the folding
 * characters') within MAX_STATES. The prefixes of a set that does not fit
 * stay counted, which can only overcount. *ok: false when out of memory. */
static bool fits(const cl_mem *m, lit_list *l, const cl_litset *s, bool *ok)
{
    for (uint32_t j = 0; *ok && !s->top && j < s->n; j++) {
        const uint8_t *b = (const uint8_t *)s->v[j].s;
        uint32_t len = kept_length(&s->v[j]);
        uint32_t roots = literal_roots(l->anchored, len, at_word_start(&s->v[j]), b[0]);
        for (uint32_t root = 0; root < roots; root++) {
            prefix_key k = {0, 0};
            for (uint32_t i = 0; *ok && i < len; i++) {
                k.bytes |= (uint64_t)case_key(b[i]) << (8 * i);
                k.tag = (uint8_t)((root << 4 | (i + 1)) + 1);
                *ok = count_prefix(m, l, k);
            }
        }
    }
    return *ok && !s->top && 2 + l->states + sizeof fold_bytes <= MAX_STATES;
}

/* Rule i's literals at the first word character into lead, if it has
 * such, and those of its sets into any, or its bit into pf->always. */
static bool add_rule(const cl_mem *m, cl_prefilter *pf, cl_lit_parser *ps, const char *pattern, size_t i, lit_list *any,
                     lit_list *lead)
{
    uint64_t bit = 1ULL << (i % 64);
    bool high, ok = true;
    cl_litset s = cl_lead_pattern_set(ps, pattern, &high);
    if (fits(m, lead, &s, &ok)) {
        pf->lead_rules[i / 64] |= bit;
        if (high)
            pf->lead_high[i / 64] |= bit;
        if (!add_literals(m, lead, &s, i))
            return false;
    }
    cl_litsets two = cl_pattern_sets(ps, pattern);
    if (!fits(m, any, &two.a, &ok)) {
        pf->always[i / 64] |= bit;
        return ok;
    }
    if (!add_literals(m, any, &two.a, i))
        return false;
    if (two.b.v == two.a.v || !fits(m, any, &two.b, &ok)) {
        pf->one_set[i / 64] |= bit;
        return ok;
    }
    return add_literals(m, any, &two.b, SECOND(pf) + i);
}

cl_prefilter *cl_prefilter_new(const cl_mem *m, const cl_rule_def *defs, size_t count, const uint64_t *subset)
{
    cl_prefilter *pf = cl_calloc(m, 1, sizeof *pf);
    cl_lit_parser ps = {0};
    ps.cap = ARENA_BYTES;
    ps.arena = cl_alloc(m, ps.cap);
    lit_list any = {0}, lead = {0};
    lead.anchored = true;
    bool ok = pf && ps.arena;
    if (ok) {
        pf->count = count;
        pf->words = (count + 63) / 64 ? (count + 63) / 64 : 1;
        pf->always = cl_calloc(m, pf->words, sizeof *pf->always);
        pf->one_set = cl_calloc(m, pf->words, sizeof *pf->one_set);
        pf->lead_rules = cl_calloc(m, pf->words, sizeof *pf->lead_rules);
        pf->lead_high = cl_calloc(m, pf->words, sizeof *pf->lead_high);
        ok = pf->always && pf->one_set && pf->lead_rules && pf->lead_high;
    }
    /* The sets, copied out of the arena one pattern at a time: the arena
     * is reused per pattern. */
    for (size_t i = 0; ok && i < count; i++) {
        if (!subset || subset[i / 64] >> (i % 64) & 1)
            ok = add_rule(m, pf, &ps, defs[i].pattern, i, &any, &lead);
    }
    /* A folding character makes every rule with a set a candidate: the
     * first sets, and the second ones, found apart. */
    uint64_t *with_set = ok ? cl_calloc(m, 2 * pf->words, sizeof *with_set) : NULL;
    for (size_t i = 0; with_set && i < pf->count; i++)
        if ((!subset || subset[i / 64] >> (i % 64) & 1) && !(pf->always[i / 64] >> (i % 64) & 1))
            with_set[i / 64] |= 1ULL << (i % 64);
    for (size_t w = 0; with_set && w < pf->words; w++)
        with_set[pf->words + w] = with_set[w] & ~pf->one_set[w];
    ok = with_set && (!any.n || automaton_build(m, &pf->any, 2 * pf->words, &any, with_set)) &&
         automaton_build(m, &pf->lead, pf->words, &lead, NULL);
    cl_free(m, with_set);
    cl_free(m, ps.arena);
    for (lit_list *l = &any; l; l = l == &any ? &lead : NULL) {
        cl_free(m, l->pool);
        cl_free(m, l->lits);
        cl_free(m, l->prefixes);
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
    memset(bits, 0, 2 * words * sizeof *bits);
    automaton_scan(&pf->any, s, length, bits);
    /* A rule with two sets needs a literal of each. The second half is
     * zeroed for the lead trie as it is read. */
    uint64_t leading = 0; /* candidates with literals at the first word character */
    for (size_t w = 0; w < words; w++) {
        uint64_t candidates = pf->always[w] | (bits[w] & (bits[words + w] | pf->one_set[w]));
        bits[w] = candidates;
        bits[words + w] = 0;
        leading |= candidates & pf->lead_rules[w];
    }
    if (!leading)
        return;
    /* A rule with literals at the first word character needs one of
     * those too: those the line has go to the second half. */
    uint64_t *lead = bits + words;
    size_t at = 0;
    /* Most lines start with their first word, which needs no search. */
    lead_kind kind = length && cl_is_word_byte(s[0]) ? LEAD_ASCII : cl_line_lead(s, length, &at);
    switch (kind) {
    case LEAD_NONE:
        break;
    case LEAD_ASCII:
        trie_walk(&pf->lead, s + at, length - at, lead);
        break;
    case LEAD_LETTER:
        memcpy(lead, pf->lead_high, words * sizeof *lead);
        break;
    case LEAD_UNKNOWN:
        return;
    }
    for (size_t w = 0; w < words; w++)
        bits[w] &= ~pf->lead_rules[w] | lead[w];
}
