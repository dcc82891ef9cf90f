/* The literals of the rules' patterns, for the prefilter: each pattern
 * is read (by a small parser of the PCRE2 syntax the rules use) for
 * literal strings that every match must contain.
 *
 * The analysis is conservative: whatever it does not follow (extended
 * mode, backslash escapes of unknown meaning, verbs, recursion...) leaves
 * the pattern without a set, and such a rule is tried on every line.
 * Literals are compared after ASCII lower-casing, and in a case-less match
 * of PCRE2 (UTF, UCP) the only ASCII letters that match a non-ASCII
 * character are 'k' (KELVIN SIGN) and 's' (LONG S): so a line holding
 * either of those two may match any rule, and the same strings serve
 * whether the pattern is case-less or not. A non-ASCII character is a
 * literal in all its case variants (whether the pattern is case-less or
 * not), if those are known for certain: below U+0530 (Latin, Greek,
 * Cyrillic), or for symbols and punctuation without case; any other may
 * match a character of other bytes. */
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "literals.h"

/* ---- literal sets ---------------------------------------------------- */

#define MAX_SET 512        /* strings in one set; more: no set */
#define MAX_CLASS 16       /* characters of a class; more: no set */
#define MAX_VARIANTS 16    /* strings a class or a run may be; a run
                              of more ends before (its literals would
                              grow the automaton) */

static const cl_litset TOP = {true, 0, NULL};
static const cl_litsets TOPS = {{true, 0, NULL}, {true, 0, NULL}};

/* A non-ASCII character of a pattern matches only non-ASCII characters,
 * but for LONG S and KELVIN SIGN (case-less 's' and 'k'): so the line must
 * hold some byte >= 0x80, which this one-byte literal stands for. */
static const cl_lit high_lit = {"\x80", 1, false};
static const cl_litset HIGH = {false, 1, (cl_lit *)&high_lit};

static void *arena_alloc(cl_lit_parser *ps, size_t n)
{
    size_t at = (ps->used + 7) & ~(size_t)7;
    if (at > ps->cap || n > ps->cap - at) {
        ps->abort = true;
        return NULL;
    }
    ps->used = at + n;
    return ps->arena + at;
}

static bool is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* What a pattern guarantees about the byte before a point of its matches,
 * for literals that the prefilter then looks for at word starts alone:
 * nothing; that it is no ASCII letter, digit or '_' (or that the line
 * starts there) if an ASCII one of those follows (\b); or that it is none
 * of those. Any character but those ends with such a byte, a non-ASCII
 * one with a byte >= 0x80. The weaker of two is the smaller. */
typedef enum before { BEFORE_ANY, BEFORE_IF_WORD, BEFORE_NON_WORD } before;

/* About how likely a literal's byte is in text where the bytes before
 * it matched: a space much (most words are followed by one), a letter or
 * digit less, punctuation hardly less (a line holds a '(' or ':' about as
 * often as a short word: a set of such a byte alone selects little).
 * Which words are common is unknown here, so a literal's length counts
 * most. */
static double byte_weight(uint8_t b)
{
    if (b == ' ')
        return 0.7;
    if (b >= HIGH_BYTE)
        return 0.05;
    return is_alnum(b) ? 0.07 : 0.05;
}

/* The expected number of places in a line of about a thousand bytes
 * where some literal of s starts: the smaller, the fewer lines hold one.
 * Only a prefix of a literal is looked for (KEPT_PREFIX), and the
 * one-byte HIGH stands for any non-ASCII byte. */
static double set_cost(const cl_litset *s)
{
    double sum = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        double p = 1000;
        for (uint32_t k = 0; k < s->v[i].len && k < KEPT_PREFIX; k++)
            p *= byte_weight((uint8_t)s->v[i].s[k]);
        sum += p;
    }
    return sum;
}

/* Keep the two most selective of best.a, best.b and cand, a first. */
static void consider(cl_litsets *best, cl_litset cand)
{
    if (cand.top || cand.n == 0 || cand.v == best->a.v || cand.v == best->b.v)
        return;
    double c = set_cost(&cand);
    if (best->a.top || c < set_cost(&best->a)) {
        best->b = best->a;
        best->a = cand;
    } else if (best->b.top || c < set_cost(&best->b)) {
        best->b = cand;
    }
}

static cl_litset set_union(cl_lit_parser *ps, cl_litset a, cl_litset b)
{
    if (a.top || b.top || a.n + b.n > MAX_SET)
        return TOP;
    cl_lit *v = arena_alloc(ps, (a.n + b.n) * sizeof *v);
    if (!v)
        return TOP;
    memcpy(v, a.v, a.n * sizeof *v);
    memcpy(v + a.n, b.v, b.n * sizeof *v);
    return (cl_litset){false, a.n + b.n, v};
}

/* The set of the literal run, found after a point where b holds. */
static cl_litset run_set(cl_lit_parser *ps, const char *run, size_t len, before b)
{
    if (len == 0)
        return TOP;
    char *s = arena_alloc(ps, len);
    cl_lit *v = arena_alloc(ps, sizeof *v);
    if (!s || !v)
        return TOP;
    memcpy(s, run, len);
    v->s = s;
    v->len = (uint32_t)len;
    v->word_start = b == BEFORE_NON_WORD || (b == BEFORE_IF_WORD && cl_is_word_byte((uint8_t)run[0]));
    return (cl_litset){false, 1, v};
}

/* LONG S or KELVIN SIGN, which a case-less 's' or 'k' matches. */
static bool non_ascii_fold(uint32_t cp)
{
    return cp == 0x17F || cp == 0x212A;
}

/* Strings one of which a piece of a pattern matches: a character in its
 * case variants, a class, or a run of those (their concatenations), each
 * cut to the KEPT_PREFIX bytes that the prefilter looks for. */
typedef struct variants {
    size_t n;
    uint8_t len[MAX_VARIANTS];
    char s[MAX_VARIANTS][KEPT_PREFIX];
} variants;

/* Adds s (len bytes, cut to KEPT_PREFIX) to v unless there; false when v
 * has no room. */
static bool add_variant(variants *v, const char *s, size_t len)
{
    len = len < KEPT_PREFIX ? len : KEPT_PREFIX;
    for (size_t i = 0; i < v->n; i++)
        if (v->len[i] == len && memcmp(v->s[i], s, len) == 0)
            return true;
    if (v->n == MAX_VARIANTS)
        return false;
    memcpy(v->s[v->n], s, len);
    v->len[v->n++] = (uint8_t)len;
    return true;
}

/* Characters that Unicode's case folding, and so a case-less match of
 * PCRE2, joins beyond what their lower, upper and title cases tell
 * (uc_tolower...): each set's characters match each other. Only those
 * with a character below CASE_KNOWN. */
static const uint32_t case_sets[][4] = {
    {0xB5, 0x39C, 0x3BC},           {0xC5, 0xE5, 0x212B},          {0xDF, 0x1E9E},
    {0x345, 0x399, 0x3B9, 0x1FBE},  {0x390, 0x1FD3},               {0x392, 0x3B2, 0x3D0},
    {0x395, 0x3B5, 0x3F5},          {0x398, 0x3B8, 0x3D1, 0x3F4},  {0x39A, 0x3BA, 0x3F0},
    {0x3A0, 0x3C0, 0x3D6},          {0x3A1, 0x3C1, 0x3F1},         {0x3A3, 0x3C2, 0x3C3},
    {0x3A6, 0x3C6, 0x3D5},          {0x3A9, 0x3C9, 0x2126},        {0x3B0, 0x1FE3},
    {0x412, 0x432, 0x1C80},         {0x414, 0x434, 0x1C81},        {0x41E, 0x43E, 0x1C82},
    {0x421, 0x441, 0x1C83},         {0x422, 0x442, 0x1C84, 0x1C85}, {0x42A, 0x44A, 0x1C86},
    {0x462, 0x463, 0x1C87},
};

static bool add_case(uint32_t *v, size_t *n, uint32_t cp)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == cp)
            return true;
    if (*n == MAX_CASES)
        return false;
    v[(*n)++] = cp;
    return true;
}

/* Its lower, upper and title case and theirs, and the sets of case_sets
 * they are in: a superset of PCRE2's (which does not join LATIN CAPITAL
 * LETTER I WITH DOT ABOVE to 'i', say), checked against PCRE2 by a unit
 * test; 0 if more than MAX_CASES. */
size_t cl_case_variants(uint32_t cp, uint32_t *v)
{
    size_t n = 1;
    v[0] = cp;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = v[i];
        if (!add_case(v, &n, uc_tolower(c)) || !add_case(v, &n, uc_toupper(c)) || !add_case(v, &n, uc_totitle(c)))
            return 0;
        for (size_t k = 0; k < sizeof case_sets / sizeof *case_sets; k++)
            for (size_t j = 0; j < 4 && case_sets[k][j]; j++)
                if (case_sets[k][j] == c)
                    for (size_t m = 0; m < 4 && case_sets[k][m]; m++)
                        if (!add_case(v, &n, case_sets[k][m]))
                            return 0;
    }
    return n;
}

/* Adds to v the UTF-8 forms of the characters that a case-less match may
 * match to cp, ASCII ones in lower case; false if they are not known
 * (then cp may match other non-ASCII characters alone) or v has no room. */
static bool char_variants(uint32_t cp, variants *v)
{
    uint32_t cases[MAX_CASES];
    size_t n;
    if (cp < 0x80) {
        char lower = (char)(cp >= 'A' && cp <= 'Z' ? cp + 'a' - 'A' : cp);
        return add_variant(v, &lower, 1);
    }
    if (cp < CASE_KNOWN) {
        n = cl_case_variants(cp, cases);
    } else {
        /* Past those scripts only a character without case (a symbol, a
         * letter of Han, kana, Hangul, Thai, Arabic...) is known: it
         * matches itself alone. */
        n = cl_case_variants(cp, cases) == 1;
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t utf8[4];
        uint32_t c = cases[i] >= 'A' && cases[i] <= 'Z' ? cases[i] + 'a' - 'A' : cases[i];
        int len = u8_uctomb(utf8, c, sizeof utf8);
        if (len <= 0 || !add_variant(v, (const char *)utf8, (size_t)len))
            return false;
    }
    return n > 0;
}

/* The code point at *pp (skipped), a non-ASCII one. */
static uint32_t next_char(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    uint32_t cp = *p & (*p >= 0xF0 ? 0x07 : *p >= 0xE0 ? 0x0F : 0x1F);
    for (p++; p < end && (*p & 0xC0) == 0x80; p++)
        cp = cp << 6 | (*p & 0x3F);
    *pp = p;
    return cp;
}

/* The set of the strings of v, found after a point where b holds. */
static cl_litset variants_set(cl_lit_parser *ps, const variants *v, before b)
{
    cl_lit *lits = v->n ? arena_alloc(ps, v->n * sizeof *lits) : NULL;
    char *bytes = lits ? arena_alloc(ps, v->n * KEPT_PREFIX) : NULL;
    if (!bytes)
        return TOP;
    for (size_t i = 0; i < v->n; i++) {
        memcpy(bytes + i * KEPT_PREFIX, v->s[i], v->len[i]);
        lits[i].s = bytes + i * KEPT_PREFIX;
        lits[i].len = v->len[i];
        lits[i].word_start = b == BEFORE_NON_WORD || (b == BEFORE_IF_WORD && cl_is_word_byte((uint8_t)v->s[i][0]));
    }
    return (cl_litset){false, (uint32_t)v->n, lits};
}

/* Run becomes its strings followed by those of next; false (run
 * unchanged) if they are too many. A run whose strings all have their
 * KEPT_PREFIX bytes stays as it is. */
static bool append_variants(variants *run, const variants *next)
{
    size_t shortest = KEPT_PREFIX;
    for (size_t i = 0; i < run->n; i++)
        shortest = run->len[i] < shortest ? run->len[i] : shortest;
    if (shortest == KEPT_PREFIX)
        return true;
    variants out;
    out.n = 0;
    for (size_t i = 0; i < run->n; i++) {
        for (size_t j = 0; j < next->n; j++) {
            char s[KEPT_PREFIX + 4];
            size_t len = run->len[i] + next->len[j];
            memcpy(s, run->s[i], run->len[i]);
            memcpy(s + run->len[i], next->s[j], next->len[j]); /* one character: 4 bytes at most */
            if (!add_variant(&out, s, len))
                return false;
        }
    }
    *run = out;
    return true;
}

/* What holds after one of the strings of v. */
static before after_variants(const variants *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (cl_is_word_byte((uint8_t)v->s[i][v->len[i] - 1]))
            return BEFORE_ANY;
    return BEFORE_NON_WORD;
}

/* After an atom: a quantifier, if any; *min gets its lower bound. */
static bool parse_quantifier(cl_lit_parser *ps, unsigned *min)
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
static void skip_class(cl_lit_parser *ps)
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

/* The strings of a class of a few literal characters ("[-/.]", "[>»›]",
 * "[йя]") into v, those of each character (char_variants); p to end:
 * between the brackets. Returns false for negated classes, ranges,
 * escapes of classes and anything else; *high: some character matches
 * other non-ASCII characters, which v lacks. */
static bool class_variants(const unsigned char *p, const unsigned char *end, variants *v, bool *high)
{
    size_t n = 0;
    v->n = 0;
    *high = false;
    if (p < end && *p == '^')
        return false;
    for (bool first = true; p < end; first = false) {
        uint32_t c = *p;
        if ((c == '-' && !first && p + 1 < end) || c == '[' || ++n > MAX_CLASS)
            return false;
        if (c >= 0x80) {
            c = next_char(&p, end);
            if (non_ascii_fold(c))
                return false;
        } else {
            if (c == '\\') {
                if (p + 1 >= end || p[1] >= 0x80 || is_alnum(p[1]))
                    return false;
                c = *++p;
            }
            p++;
        }
        variants one = {0};
        if (char_variants(c, &one)) {
            for (size_t i = 0; i < one.n; i++)
                if (!add_variant(v, one.s[i], one.len[i]))
                    return false;
        } else {
            *high = true;
        }
    }
    return v->n || *high;
}

/* What holds after an atom that turns before now into after, quantified
 * with lower bound min: each pass starts from what the last one left, so
 * only an after no weaker than now holds after them all. */
static before after_quantified(before now, before after, unsigned min)
{
    if (after < now)
        return BEFORE_ANY;
    return min ? after : now;
}

static cl_litsets parse_alt(cl_lit_parser *ps, before *at);

/* A group, from after its '('; returns its sets (TOP for lookarounds,
 * option settings and comments, which consume no characters of their
 * own in a way the sets could use). *at: what holds before it, then
 * after it. */
static cl_litsets parse_group(cl_lit_parser *ps, before *at)
{
    const unsigned char *end = ps->end;
    bool zero = false;
    if (ps->p < end && *ps->p == '*') {
        ps->abort = true; /* verbs, (*atomic:...) */
        return TOPS;
    }
    if (ps->p < end && *ps->p == '?') {
        const unsigned char *p = ps->p + 1;
        if (p >= end) {
            ps->abort = true;
            return TOPS;
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
                return TOPS;
            }
            p++;
        } else if (*p == '#') {
            const unsigned char *close = memchr(p, ')', (size_t)(end - p));
            if (!close) {
                ps->abort = true;
                return TOPS;
            }
            ps->p = close + 1;
            return TOPS;
        } else {
            /* Option letters; extended mode (x) and anything else is not
             * followed. Case-lessness does not matter (see the top). */
            while (p < end && (*p == 'i' || *p == 'm' || *p == 'n' || *p == 's' || *p == 'U' || *p == 'J' ||
                               *p == '-' || *p == '^'))
                p++;
            if (p < end && *p == ')') {
                ps->p = p + 1;
                return TOPS;
            }
            if (p >= end || *p != ':') {
                ps->abort = true;
                return TOPS;
            }
            p++;
        }
        ps->p = p;
    }
    /* A lookaround leaves the point where it was; its sets go unused. */
    before inside = *at;
    cl_litsets s = parse_alt(ps, zero ? &inside : at);
    if (ps->abort || ps->p >= end || *ps->p != ')') {
        ps->abort = true;
        return TOPS;
    }
    ps->p++;
    return zero ? TOPS : s;
}

/* The guarantee after the escape e (a letter or digit) from now. */
static before after_escape(unsigned e, before now)
{
    if (e == 'b')
        return now > BEFORE_IF_WORD ? now : BEFORE_IF_WORD;
    if (e == 'A')
        return BEFORE_NON_WORD;
    if (strchr("BzZG", (int)e))
        return now; /* no character */
    return strchr("sWhvRtnrfea", (int)e) ? BEFORE_NON_WORD : BEFORE_ANY;
}

/* The atom is the literal character cp: its strings into alts, or *high
 * if it may match other non-ASCII characters; neither for LONG S and
 * KELVIN SIGN. */
static void literal_char(uint32_t cp, variants *alts, bool *high)
{
    if (non_ascii_fold(cp))
        return;
    if (!char_variants(cp, alts)) {
        alts->n = 0;
        *high = true;
    }
}

/* One branch: a sequence of atoms up to '|', ')' or the end. Its sets
 * are the two most selective of its literal runs and of its groups' sets
 * (the one twice if it has one): a match holds a literal of each. *at:
 * what holds before the branch, then after it. */
static cl_litsets parse_seq(cl_lit_parser *ps, before *at)
{
    variants run = {0}, alts;
    bool run_full = false; /* too many strings for another character */
    before now = *at, run_at = now;
    cl_litsets best = TOPS;
    const unsigned char *end = ps->end;
    while (!ps->abort && ps->p < end && *ps->p != '|' && *ps->p != ')') {
        unsigned c = *ps->p;
        cl_litsets atom = TOPS;
        alts.n = 0;        /* the atom is one of these strings */
        bool high = false; /* or a non-ASCII character of other bytes */
        before after = BEFORE_ANY;
        if (c == '(') {
            ps->p++;
            after = now;
            atom = parse_group(ps, &after);
        } else if (c == '[') {
            const unsigned char *open = ps->p;
            skip_class(ps);
            if (!ps->abort && !class_variants(open + 1, ps->p - 1, &alts, &high))
                alts.n = 0, high = false;
        } else if (c == '\\') {
            ps->p++;
            if (ps->p >= end) {
                ps->abort = true;
                break;
            }
            unsigned e = *ps->p;
            if (e >= 0x80) {
                literal_char(next_char(&ps->p, end), &alts, &high); /* an escaped literal */
            } else if (!is_alnum(e)) {
                ps->p++;
                literal_char(e, &alts, &high);
            } else if (e == 'd') {
                /* An ASCII digit, or another, of other bytes. */
                ps->p++;
                for (char d = '0'; d <= '9'; d++)
                    add_variant(&alts, &d, 1);
                high = true;
            } else if (strchr("DsSwWhHvVRXCbBAzZGtnrfea", (int)e)) {
                ps->p++;
                after = after_escape(e, now);
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
            literal_char(next_char(&ps->p, end), &alts, &high);
        } else {
            ps->p++;
            /* '.', '^' and '$' are no literal; others are */
            if (c == '^')
                after = BEFORE_NON_WORD; /* the line's start or a newline */
            else if (c == '$')
                after = now;
            else if (c != '.')
                literal_char(c, &alts, &high);
        }
        /* A non-ASCII character ends with no ASCII word byte. */
        if (alts.n || high)
            after = alts.n ? after_variants(&alts) : BEFORE_NON_WORD;
        if (ps->abort)
            break;
        unsigned min = 1;
        bool quantified = parse_quantifier(ps, &min);
        if (ps->abort)
            break;
        if (alts.n && !high && !quantified) {
            /* The run's strings so far serve alone when the next character
             * has too many variants: a run after them would be part of the
             * same word, and no rarer. */
            if (!run.n) {
                run = alts;
                run_at = now;
                run_full = false;
            } else if (!run_full) {
                run_full = !append_variants(&run, &alts);
            }
            now = after;
            continue;
        }
        consider(&best, variants_set(ps, &run, run_at));
        run.n = 0;
        if (alts.n || high) {
            atom.a = alts.n ? variants_set(ps, &alts, now) : TOP;
            atom.a = !high ? atom.a : atom.a.top ? HIGH : set_union(ps, atom.a, HIGH);
        }
        if (!quantified || min >= 1) {
            consider(&best, atom.a);
            consider(&best, atom.b);
        }
        now = quantified ? after_quantified(now, after, min) : after;
    }
    consider(&best, variants_set(ps, &run, run_at));
    if (best.b.top)
        best.b = best.a;
    *at = now;
    return ps->abort ? TOPS : best;
}

/* Whether a line holding x holds y too, as far as the prefixes the
 * prefilter looks for tell: y's is part of x's (ASCII case aside). */
static bool holds(const cl_lit *x, const cl_lit *y)
{
    uint32_t xn = x->len < KEPT_PREFIX ? x->len : KEPT_PREFIX, yn = y->len < KEPT_PREFIX ? y->len : KEPT_PREFIX;
    for (uint32_t i = 0; i + yn <= xn; i++) {
        uint32_t k = 0;
        while (k < yn && (x->s[i + k] | 0x20) == (y->s[k] | 0x20) &&
               (is_alnum((uint8_t)x->s[i + k]) || x->s[i + k] == y->s[k]))
            k++;
        if (k == yn)
            return true;
    }
    return false;
}

/* The pairs of a literal of a and one of b that a line holds at once if
 * it holds either of them. */
static size_t overlaps(const cl_litset *a, const cl_litset *b)
{
    size_t n = 0;
    for (uint32_t i = 0; i < a->n; i++)
        for (uint32_t j = 0; j < b->n; j++)
            n += holds(&a->v[i], &b->v[j]) || holds(&b->v[j], &a->v[i]);
    return n;
}

/* A match of an alternation holds a literal of the union of its
 * branches' first sets, and one of the union of their second (the first
 * again if each branch has one). Either of a branch's two sets may go
 * to either union: the one whose literals the other union holds less, so
 * that a line holding a literal of one branch's set alone seldom holds
 * one of each union. *at: what holds before it, then after it (the
 * weakest of its branches). */
static cl_litsets parse_alt(cl_lit_parser *ps, before *at)
{
    before start = *at;
    cl_litsets acc = parse_seq(ps, at);
    while (!ps->abort && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        before b = start;
        cl_litsets s = parse_seq(ps, &b);
        *at = b < *at ? b : *at;
        bool one = acc.b.v == acc.a.v && s.b.v == s.a.v;
        if (acc.b.v != acc.a.v && s.b.v != s.a.v &&
            overlaps(&s.a, &acc.b) + overlaps(&s.b, &acc.a) > overlaps(&s.a, &acc.a) + overlaps(&s.b, &acc.b)) {
            cl_litset t = s.a;
            s.a = s.b;
            s.b = t;
        }
        acc.a = set_union(ps, acc.a, s.a);
        acc.b = one ? acc.a : set_union(ps, acc.b, s.b);
    }
    return ps->abort ? TOPS : acc;
}

cl_litsets cl_pattern_sets(cl_lit_parser *ps, const char *pattern)
{
    ps->p = (const unsigned char *)pattern;
    ps->end = ps->p + strlen(pattern);
    ps->used = 0;
    ps->abort = false;
    before at = BEFORE_ANY;
    cl_litsets s = parse_alt(ps, &at);
    if (ps->abort || ps->p != ps->end)
        return TOPS;
    return s;
}

/* ---- literals at the first word character ----------------------------- */

/* A pattern "^\W*R" matches only where R matches at the line's first word
 * character, when R starts with one: so R's first literals, looked for
 * there alone, are far more selective than the same literals anywhere. */

/* A letter or digit, which \w matches in every version of PCRE2's UCP. */
static bool is_word_char(uint32_t cp)
{
    return uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N);
}

static cl_litset lead_seq(cl_lit_parser *ps, bool *high);

/* The literals of two ways to start; either may have none (but *high). */
static cl_litset lead_union(cl_lit_parser *ps, cl_litset a, cl_litset b)
{
    cl_litset u = a.top || b.top ? TOP : !a.n ? b : !b.n ? a : set_union(ps, a, b);
    ps->abort |= u.top;
    return u;
}

static cl_litset lead_alt(cl_lit_parser *ps, bool *high)
{
    cl_litset acc = lead_seq(ps, high);
    while (!ps->abort && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        acc = lead_union(ps, acc, lead_seq(ps, high));
    }
    return ps->abort ? TOP : acc;
}

/* The literals that a branch starts with: a run of literal characters
 * from a word character on, or a group whose branches all start so, and
 * if it is optional, with those that the rest starts with too. *high:
 * some branch starts with a non-ASCII letter or digit instead, which no
 * literal stands for. What follows is read by parse_seq, only to check
 * its syntax. */
static cl_litset lead_seq(cl_lit_parser *ps, bool *high)
{
    const unsigned char *end = ps->end;
    cl_litset head = {false, 0, NULL};
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
            return lead_union(ps, head, lead_seq(ps, high));
    } else if (c < HIGH_BYTE && cl_is_word_byte(c)) {
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
        head = rl ? run_set(ps, run, rl, BEFORE_ANY) : TOP;
        ps->abort |= head.top;
    } else if (c == '\\' && ps->p + 1 < end && ps->p[1] == 'd') {
        /* A digit: an ASCII one, or another, which no literal stands for. */
        static const cl_lit digits[] = {{"0", 1, false}, {"1", 1, false}, {"2", 1, false}, {"3", 1, false},
                                        {"4", 1, false}, {"5", 1, false}, {"6", 1, false}, {"7", 1, false},
                                        {"8", 1, false}, {"9", 1, false}};
        ps->p += 2;
        head = (cl_litset){false, sizeof digits / sizeof *digits, (cl_lit *)digits};
        *high = true;
        if (parse_quantifier(ps, &min) && min == 0)
            ps->abort = true;
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
    before rest = BEFORE_ANY;
    if (!ps->abort)
        parse_seq(ps, &rest);
    return ps->abort ? TOP : head;
}

/* For a pattern "^\W*R" or "(?i)^\W*R", R's first literals (lead_seq);
 * else TOP. A pattern "^R" is read alike: where R starts with a word
 * character, the first word character is the line's first byte. */
cl_litset cl_lead_pattern_set(cl_lit_parser *ps, const char *pattern, bool *high)
{
    static const char *const starts[] = {"^\\W*+", "^\\W*", "(?i)^\\W*+", "(?i)^\\W*", "^", "(?i)^"};
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
    cl_litset s = lead_seq(ps, high);
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
lead_kind cl_line_lead(const uint8_t *s, size_t n, size_t *at)
{
    for (size_t i = 0; i < n;) {
        if (s[i] < HIGH_BYTE) {
            if (cl_is_word_byte(s[i])) {
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
