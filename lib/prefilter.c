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
 * character are 'k' (KELVIN SIGN) and 's' (LONG S): so a line holding
 * either of those two may match any rule, and the same strings serve
 * whether the pattern is case-less or not. Of the non-ASCII characters,
 * only symbols and punctuation without case are literals: any other
 * may match a character of other bytes. */
#include <string.h>
#include <unicase.h>
#include <unictype.h>

#include "prefilter.h"

/* ---- literal sets ---------------------------------------------------- */

#define MAX_SET 512        /* strings in one set; more: no set */
#define MAX_RUN 64         /* bytes of one literal string */
#define MAX_CLASS 16       /* characters of a class; more: no set */
#define KEPT_PREFIX 8      /* bytes of a literal the automaton looks for: a
                              prefix is as required as the whole, nearly as
                              rare, and longer paths grow the table out of
                              the cache */
#define MAX_STATES (1u << 20) /* of the automaton, whose transitions keep a
                                 state number times 2 * PLANE */
#define PLANE 16           /* classes whose transitions share a table row:
                              64 bytes, a cache line */
#define ARENA_BYTES (256 * 1024)
#define SINGLE_BITS 64     /* of a mask of one-byte literals; the last is
                              shared by all those beyond */

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
 * hold some byte >= 0x80, which this one-byte literal stands for. */
#define HIGH_BYTE 0x80
static const lit high_lit = {"\x80", 1};
static const litset HIGH = {false, 1, (lit *)&high_lit};

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

/* LONG S or KELVIN SIGN, which a case-less 's' or 'k' matches. */
static bool non_ascii_fold(uint32_t cp)
{
    return cp == 0x17F || cp == 0x212A;
}

/* The set of the non-ASCII character at *pp (skipped): its UTF-8 form if
 * it is a symbol or punctuation without case, which matches only itself;
 * else HIGH, or TOP for LONG S and KELVIN SIGN. */
static litset non_ascii(parser *ps, const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *start = *pp, *p = start;
    uint32_t cp = *p & (*p >= 0xF0 ? 0x07 : *p >= 0xE0 ? 0x0F : 0x1F);
    for (p++; p < end && (*p & 0xC0) == 0x80; p++)
        cp = cp << 6 | (*p & 0x3F);
    *pp = p;
    if (non_ascii_fold(cp))
        return TOP;
    bool symbol = uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_S | UC_CATEGORY_MASK_P);
    if (symbol && uc_tolower(cp) == cp && uc_toupper(cp) == cp && uc_totitle(cp) == cp)
        return run_set(ps, (const char *)start, (size_t)(p - start));
    return HIGH;
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
 * each one's (see non_ascii); p to end: between the brackets. Negated
 * classes, ranges, escapes of classes and anything else: TOP. */
static litset class_set(parser *ps, const unsigned char *p, const unsigned char *end)
{
    litset set = {false, 0, NULL};
    size_t n = 0;
    bool high = false;
    if (p < end && *p == '^')
        return TOP;
    for (bool first = true; p < end; first = false) {
        unsigned c = *p;
        litset one;
        if ((c == '-' && !first && p + 1 < end) || c == '[')
            return TOP;
        if (c >= 0x80) {
            one = non_ascii(ps, &p, end);
            if (one.v == HIGH.v) {
                high = true;
                continue;
            }
        } else {
            if (c == '\\') {
                if (p + 1 >= end || p[1] >= 0x80 || is_alnum(p[1]))
                    return TOP;
                c = *++p;
            }
            p++;
            char lower = (char)(c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
            one = run_set(ps, &lower, 1);
        }
        if (one.top || ++n > MAX_CLASS)
            return TOP;
        set = set.n ? set_union(ps, set, one) : one;
    }
    if (high)
        set = set.n ? set_union(ps, set, HIGH) : HIGH;
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
                atom = non_ascii(ps, &ps->p, end); /* an escaped literal */
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
            atom = non_ascii(ps, &ps->p, end);
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

/* ---- literals at the first word character ----------------------------- */

/* A pattern "^\W*R" matches only where R matches at the line's first word
 * character, when R starts with one: so R's first literals, looked for
 * there alone, are far more selective than the same literals anywhere. */

static bool is_word_byte(unsigned c)
{
    return is_alnum(c) || c == '_';
}

/* A letter or digit, which \w matches in every version of PCRE2's UCP. */
static bool is_word_char(uint32_t cp)
{
    return uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N);
}

static litset lead_seq(parser *ps, bool *high);

static litset lead_alt(parser *ps, bool *high)
{
    litset acc = lead_seq(ps, high);
    while (!ps->abort && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        litset s = lead_seq(ps, high);
        acc = !acc.n ? s : !s.n ? acc : set_union(ps, acc, s);
        if (acc.top)
            ps->abort = true;
    }
    return ps->abort ? TOP : acc;
}

/* The literals that a branch starts with: a run of literal characters
 * from a word character on, or a group (not optional) whose branches all
 * start so. *high: some branch starts with a non-ASCII letter or digit
 * instead, which no literal stands for. What follows is read by
 * parse_seq, only to check its syntax. */
static litset lead_seq(parser *ps, bool *high)
{
    const unsigned char *end = ps->end;
    litset head = {false, 0, NULL};
    unsigned c = ps->p < end ? *ps->p : 0;
    unsigned min = 1;
    if (c == '(') {
        ps->p++;
        if (ps->p < end && *ps->p == '?') {
            /* (?: and (?flags: only */
            for (ps->p++; ps->p < end && strchr("imnsUJ-^", *ps->p); ps->p++)
                ;
            if (ps->p >= end || *ps->p != ':')
                ps->abort = true;
            ps->p++;
        }
        if (!ps->abort)
            head = lead_alt(ps, high);
        if (ps->abort || ps->p >= end || *ps->p != ')')
            ps->abort = true;
        ps->p++;
        if (!ps->abort && parse_quantifier(ps, &min) && min == 0)
            ps->abort = true;
    } else if (c < HIGH_BYTE && is_word_byte(c)) {
        char run[KEPT_PREFIX];
        size_t rl = 0;
        while (rl < sizeof run && ps->p < end && *ps->p < HIGH_BYTE && !strchr("\\^$.|?*+()[]{}", *ps->p)) {
            char ch = (char)*ps->p++;
            bool quantified = parse_quantifier(ps, &min);
            if (!quantified || min > 0)
                run[rl++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 'a' - 'A' : ch);
            if (quantified)
                break;
        }
        head = rl ? run_set(ps, run, rl) : TOP;
        ps->abort |= head.top;
    } else if (c >= HIGH_BYTE) {
        uint32_t cp;
        int len = cl_decode(ps->p, (size_t)(end - ps->p), &cp);
        ps->p += len;
        *high = true;
        if (!is_word_char(cp) || non_ascii_fold(cp) || (parse_quantifier(ps, &min) && min == 0))
            ps->abort = true;
    } else {
        ps->abort = true;
    }
    if (!ps->abort)
        parse_seq(ps);
    return ps->abort ? TOP : head;
}

/* For a pattern "^\W*R" or "(?i)^\W*R", R's first literals (lead_seq);
 * else TOP. */
static litset lead_pattern_set(parser *ps, const char *pattern, bool *high)
{
    static const char *const starts[] = {"^\\W*", "(?i)^\\W*"};
    ps->p = (const unsigned char *)pattern;
    ps->end = ps->p + strlen(pattern);
    ps->used = 0;
    ps->abort = false;
    *high = false;
    size_t k = 0;
    while (k < sizeof starts / sizeof *starts && strncmp(pattern, starts[k], strlen(starts[k])) != 0)
        k++;
    if (k == sizeof starts / sizeof *starts)
        return TOP;
    ps->p += strlen(starts[k]);
    if (ps->p < ps->end && *ps->p == '+')
        ps->p++; /* possessive: the same here */
    litset s = lead_seq(ps, high);
    if (ps->abort || ps->p != ps->end)
        return TOP;
    return s;
}

/* A letter or digit in blocks that Unicode 7 (2014) had filled, where the
 * tables of libunistring and of any PCRE2 in use agree: Latin, Greek,
 * Cyrillic, and the CJK ideographs. A newer letter may be no word
 * character to an older PCRE2, which \W* would pass over. */
static bool is_old_letter(uint32_t cp)
{
    return cp < 0x530 || (cp >= 0x4E00 && cp <= 0x9FA5);
}

typedef enum lead_kind {
    LEAD_NONE,    /* no word character: no match */
    LEAD_ASCII,   /* an ASCII one */
    LEAD_LETTER,  /* a non-ASCII letter or digit, which no literal matches */
    LEAD_UNKNOWN, /* whatever: any match */
} lead_kind;

/* Categories that \w matches in no version of PCRE2: punctuation but
 * connectors, symbols, separators, controls and formats. */
#define NEVER_WORD                                                                                               \
    ((UC_CATEGORY_MASK_P & ~UC_CATEGORY_MASK_Pc) | UC_CATEGORY_MASK_S | UC_CATEGORY_MASK_Z | UC_CATEGORY_MASK_Cc | \
     UC_CATEGORY_MASK_Cf)

/* Where a line's first word character is (*at), as far as \W* can tell:
 * ASCII bytes are read as they are, other characters by their category;
 * a character of a category whose \w-ness changed between versions of
 * PCRE2 (marks, connectors), or a newer letter, gives LEAD_UNKNOWN, and so
 * does LONG S or KELVIN SIGN, which may match an ASCII literal. */
static lead_kind line_lead(const uint8_t *s, size_t n, size_t *at)
{
    for (size_t i = 0; i < n;) {
        if (s[i] < HIGH_BYTE) {
            if (is_word_byte(s[i])) {
                *at = i;
                return LEAD_ASCII;
            }
            i++;
            continue;
        }
        uint32_t cp;
        i += (size_t)cl_decode(s + i, n - i, &cp);
        if (non_ascii_fold(cp))
            return LEAD_UNKNOWN;
        if (is_word_char(cp))
            return is_old_letter(cp) ? LEAD_LETTER : LEAD_UNKNOWN;
        if (!uc_is_general_category_withtable(cp, NEVER_WORD))
            return LEAD_UNKNOWN;
    }
    return LEAD_NONE;
}

/* ---- the automata ----------------------------------------------------- */

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

static bool add_literals(const cl_mem *m, lit_list *l, const litset *s)
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
 * folding characters, which line_lead looks for. */
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
static bool fits(const litset *s, const lit_list *l)
{
    uint64_t bytes = 0;
    for (uint32_t j = 0; !s->top && j < s->n; j++)
        bytes += kept_length(&s->v[j]);
    return !s->top && l->total + bytes < MAX_STATES;
}

/* Rule i's literals at the first word character into lead, if it has
 * such, and those anywhere into any, or its bit into pf->always. */
static bool add_rule(const cl_mem *m, cl_prefilter *pf, parser *ps, const char *pattern, size_t i, lit_list *any,
                     lit_list *lead)
{
    uint64_t bit = 1ULL << (i % 64);
    bool high;
    litset s = lead_pattern_set(ps, pattern, &high);
    if (fits(&s, lead)) {
        pf->has_lead = true;
        pf->lead_rules[i / 64] |= bit;
        if (high)
            pf->lead_high[i / 64] |= bit;
        if (!add_literals(m, lead, &s))
            return false;
    }
    s = pattern_set(ps, pattern);
    if (!fits(&s, any)) {
        pf->always[i / 64] |= bit;
        return true;
    }
    return add_literals(m, any, &s);
}

cl_prefilter *cl_prefilter_new(const cl_mem *m, const cl_rule_def *defs, size_t count, const uint64_t *subset)
{
    cl_prefilter *pf = cl_calloc(m, 1, sizeof *pf);
    parser ps = {0};
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
    switch (line_lead(s, length, &at)) {
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
