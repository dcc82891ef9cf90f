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
 * whether the pattern is case-less or not. Of the non-ASCII characters,
 * only symbols and punctuation without case are literals: any other
 * may match a character of other bytes. */
#include <string.h>
#include <unicase.h>
#include <unictype.h>

#include "literals.h"

/* ---- literal sets ---------------------------------------------------- */

#define MAX_SET 512        /* strings in one set; more: no set */
#define MAX_RUN 64         /* bytes of one literal string */
#define MAX_CLASS 16       /* characters of a class; more: no set */

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

static bool is_word_byte(unsigned c)
{
    return is_alnum(c) || c == '_';
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
 * digit less, punctuation little. Which words are common is unknown
 * here, so a literal's length counts most. */
static double byte_weight(uint8_t b)
{
    if (b == ' ')
        return 0.7;
    if (b >= HIGH_BYTE)
        return 0.05;
    return is_alnum(b) ? 0.07 : 0.01;
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
    v->word_start = b == BEFORE_NON_WORD || (b == BEFORE_IF_WORD && is_word_byte((uint8_t)run[0]));
    return (cl_litset){false, 1, v};
}

/* LONG S or KELVIN SIGN, which a case-less 's' or 'k' matches. */
static bool non_ascii_fold(uint32_t cp)
{
    return cp == 0x17F || cp == 0x212A;
}

/* The set of the non-ASCII character at *pp (skipped): its UTF-8 form if
 * it is a symbol or punctuation without case, which matches only itself;
 * else HIGH, or TOP for LONG S and KELVIN SIGN. */
static cl_litset non_ascii(cl_lit_parser *ps, const unsigned char **pp, const unsigned char *end, before b)
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
        return run_set(ps, (const char *)start, (size_t)(p - start), b);
    return HIGH;
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

/* The set of a class of a few literal characters ("[-/.]", "[>»›]"):
 * each one's (see non_ascii); p to end: between the brackets. Negated
 * classes, ranges, escapes of classes and anything else: TOP. The class
 * stands after a point where b holds. */
static cl_litset class_set(cl_lit_parser *ps, const unsigned char *p, const unsigned char *end, before b)
{
    cl_litset set = {false, 0, NULL};
    size_t n = 0;
    bool high = false;
    if (p < end && *p == '^')
        return TOP;
    for (bool first = true; p < end; first = false) {
        unsigned c = *p;
        cl_litset one;
        if ((c == '-' && !first && p + 1 < end) || c == '[')
            return TOP;
        if (c >= 0x80) {
            one = non_ascii(ps, &p, end, b);
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
            one = run_set(ps, &lower, 1, b);
        }
        if (one.top || ++n > MAX_CLASS)
            return TOP;
        set = set.n ? set_union(ps, set, one) : one;
    }
    if (high)
        set = set.n ? set_union(ps, set, HIGH) : HIGH;
    return set.n ? set : TOP;
}

/* Whether a character of the set of one class ends with no ASCII word
 * byte. */
static bool non_word_class(const cl_litset *s)
{
    for (uint32_t i = 0; !s->top && i < s->n; i++)
        if (is_word_byte((uint8_t)s->v[i].s[0]))
            return false;
    return !s->top;
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

/* One branch: a sequence of atoms up to '|', ')' or the end. Its sets
 * are the two most selective of its literal runs and of its groups' sets
 * (the one twice if it has one): a match holds a literal of each. *at:
 * what holds before the branch, then after it. */
static cl_litsets parse_seq(cl_lit_parser *ps, before *at)
{
    char run[MAX_RUN];
    size_t rl = 0;
    before now = *at, run_at = now;
    cl_litsets best = TOPS;
    const unsigned char *end = ps->end;
    while (!ps->abort && ps->p < end && *ps->p != '|' && *ps->p != ')') {
        unsigned c = *ps->p;
        cl_litsets atom = TOPS;
        int ch = -1; /* the atom is this ASCII character */
        before after = BEFORE_ANY;
        if (c == '(') {
            ps->p++;
            after = now;
            atom = parse_group(ps, &after);
        } else if (c == '[') {
            const unsigned char *open = ps->p;
            skip_class(ps);
            if (!ps->abort)
                atom.a = class_set(ps, open + 1, ps->p - 1, now);
            after = non_word_class(&atom.a) ? BEFORE_NON_WORD : BEFORE_ANY;
        } else if (c == '\\') {
            ps->p++;
            if (ps->p >= end) {
                ps->abort = true;
                break;
            }
            unsigned e = *ps->p;
            if (e >= 0x80) {
                atom.a = non_ascii(ps, &ps->p, end, now); /* an escaped literal */
                after = atom.a.top ? BEFORE_ANY : BEFORE_NON_WORD;
            } else if (!is_alnum(e)) {
                ps->p++;
                ch = (int)e;
            } else if (strchr("dDsSwWhHvVRXCbBAzZGtnrfea", (int)e)) {
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
            atom.a = non_ascii(ps, &ps->p, end, now);
            after = atom.a.top ? BEFORE_ANY : BEFORE_NON_WORD;
        } else {
            ps->p++;
            /* '.', '^' and '$' are no literal; others are */
            if (c == '^')
                after = BEFORE_NON_WORD; /* the line's start or a newline */
            else if (c == '$')
                after = now;
            else if (c != '.')
                ch = (int)c;
        }
        if (ch >= 0)
            after = is_word_byte((unsigned)ch) ? BEFORE_ANY : BEFORE_NON_WORD;
        if (ps->abort)
            break;
        unsigned min = 1;
        bool quantified = parse_quantifier(ps, &min);
        if (ps->abort)
            break;
        if (ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        if (ch >= 0 && !quantified && rl < sizeof run) {
            if (!rl)
                run_at = now;
            run[rl++] = (char)ch;
            now = after;
            continue;
        }
        consider(&best, run_set(ps, run, rl, run_at));
        rl = 0;
        if (!quantified || min >= 1) {
            consider(&best, atom.a);
            consider(&best, atom.b);
        }
        now = quantified ? after_quantified(now, after, min) : after;
    }
    consider(&best, run_set(ps, run, rl, run_at));
    if (best.b.top)
        best.b = best.a;
    *at = now;
    return ps->abort ? TOPS : best;
}

/* A match of an alternation holds a literal of the union of its
 * branches' first sets, and one of the union of their second (the first
 * again if each branch has one). *at: what holds before it, then after
 * it (the weakest of its branches). */
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

static cl_litset lead_alt(cl_lit_parser *ps, bool *high)
{
    cl_litset acc = lead_seq(ps, high);
    while (!ps->abort && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        cl_litset s = lead_seq(ps, high);
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
