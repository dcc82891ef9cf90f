/*
 * lib/prefilter.c: the rules' literal prefilter never skips a rule that
 * matches (case-less matches through LONG S and KELVIN SIGN included),
 * gives up on syntax it does not follow, and does skip rules on lines that
 * lack their literals; the case variants it looks for are all those that
 * PCRE2 matches.
 */
#include "check_suites.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "builtin.h"
#include "internal.h"
#include "literals.h"
#include "prefilter.h"

static const char *const patterns[] = {
    "(?i)kelvin",           /* 'k': matches U+212A */
    "(?i)stop",             /* 's': matches U+017F */
    "(?i)x(?-i)Yz",
    "abc(?=def)",
    "(?<=xyz)q",
    "[Kk]ing",
    "(?i)[-/.]x",
    "\\Qa|b\\E",            /* not followed: always tried */
    "(?x) a b # c",         /* extended mode: always tried */
    "a{,3}b",               /* meaning depends on the PCRE2 version */
    "x\\.y",
    "(?|ab|cd)",
    "(?'n'foo)bar",
    "(?P<n>foo)bar",
    "(?#comment)hello",
    "ab|",                  /* an empty branch: always tried */
    "(a|b)c?d+",
    "[^x]yz",
    "(?i)é",                /* a non-ASCII character: some byte >= 0x80 */
    "(?i)STRASSE",
    "foo\\bbar",
    "[>»›]{2}",
    "(?i)^\\W*(read more|weiterlesen)\\W*$",
    "(*UTF)abc",            /* verbs: always tried */
    "(a)\\1",               /* back references: always tried */
    "(?i)\xd0\xb2\xd0\xbe\xd1\x82 \xd1\x82\xd0\xb0\xd0\xba", /* "вот так": case variants beyond upper and lower */
    "(?i)stra\xc3\x9f" "e|\xcf\x83\xce\xbf\xcf\x86\xce\xaf\xce\xb1", /* "straße", "σοφία" */
    "\xc3\xa4[\xc3\xb6\xc3\xbc]x",   /* "ä[öü]x": case-less or not, all variants */
    "[\xc3\xa9-]+z|(?i)\xc2\xb5m",     /* "[é-]+z", "µm" */
    "\\d{4}",                /* an ASCII digit or any non-ASCII byte */
    "(?i)\xe7\x84\xa1\xe6\x96\xad\xe8\xbb\xa2\xe8\xbc\x89", /* "無断転載": no case, itself alone */
    "(?i)x\xe1\xbf\x93",      /* U+1FD3: no simple case, but folded with U+0390 */
};

static const char *const lines[] = {
    "Kelvin here", "\xe2\x84\xaa" "ELVIN", "STOP now", "\xc5\xbftop", "xYz", "XYz", "xyz", "abcdef", "abcd",
    "xyzq", "King", "king", "KING", "\xe2\x84\xaaing", "-x", "/X", ".x", "a|b", "a b", "ab", "aab", "b",
    "x.y", "xzy", "cd", "foobar", "FOOBAR", "hello", "", "acdd", "bd", "ayz", "\xc3\xa9", "\xc3\x89", "e",
    "stra\xc3\x9f" "e STRASSE", "foo bar", "\xc2\xbb\xc2\xbb", ">>", "-- Read more --", "READ MORE",
    "Weiterlesen", "aa", "abc", "plain words only",
    "\xd0\x92\xd0\x9e\xd0\xa2 \xd0\xa2\xd0\x90\xd0\x9a", "\xe1\xb2\x80\xe1\xb2\x82\xe1\xb2\x84 \xe1\xb2\x85\xd0\xb0\xd0\xba",
    "\xd0\xb2\xd0\xbe\xd1\x82", "STRA\xe1\xba\x9e" "E", "stra\xc3\x9f" "e", "\xce\xa3\xce\x9f\xce\xa6\xce\x8a\xce\x91",
    "\xcf\x82\xce\xbf\xcf\x95\xce\xaf\xce\xb1", "\xc3\x84\xc3\x96x", "\xc3\xa4\xc3\xbcx", "\xc3\xa4ox", "\xc3\xa9-z",
    "\xc3\x89z", "\xce\xbcm", "\xce\x9cM", "\xc2\xb5m", "-z", "2024", "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4",
    "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94", "12 34",
    "\xe8\xa8\x98\xe4\xba\x8b\xe3\x81\xae\xe7\x84\xa1\xe6\x96\xad\xe8\xbb\xa2\xe8\xbc\x89", "x\xe1\xbf\x93", "X\xce\x90",
};

static pcre2_code *compile(const char *pattern)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
    ck_assert_msg(code != NULL, "pattern %s", pattern);
    return code;
}

static bool bit(const uint64_t *bits, size_t i)
{
    return bits[i / 64] >> (i % 64) & 1;
}

/* Every line that a pattern matches has the pattern's bit set. */
static void check_never_skips(const cl_rule_def *defs, size_t count, const char *const *text, size_t nlines,
                              size_t *skipped)
{
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, count, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t *bits = calloc(cl_prefilter_words(pf), sizeof *bits);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_code **codes = calloc(count, sizeof *codes);
    for (size_t i = 0; i < count; i++)
        codes[i] = compile(defs[i].pattern);
    for (size_t l = 0; l < nlines; l++) {
        size_t n = strlen(text[l]);
        cl_prefilter_scan(pf, text[l], n, bits);
        for (size_t i = 0; i < count; i++) {
            int rc = pcre2_match(codes[i], (PCRE2_SPTR)text[l], n, 0, 0, md, NULL);
            ck_assert_msg(rc < 0 || bit(bits, i), "pattern %s matches '%s' but was skipped", defs[i].pattern,
                          text[l]);
            *skipped += !bit(bits, i);
        }
    }
    for (size_t i = 0; i < count; i++)
        pcre2_code_free(codes[i]);
    free(codes);
    pcre2_match_data_free(md);
    free(bits);
    cl_prefilter_free(&cl_default_mem, pf);
}

START_TEST(prefilter_tricky_patterns)
{
    size_t count = sizeof patterns / sizeof *patterns, skipped = 0;
    cl_rule_def *defs = calloc(count, sizeof *defs);
    for (size_t i = 0; i < count; i++)
        defs[i].pattern = (char *)patterns[i];
    check_never_skips(defs, count, lines, sizeof lines / sizeof *lines, &skipped);
    ck_assert_uint_gt(skipped, 0);
    free(defs);
}
END_TEST

START_TEST(prefilter_gives_up_on_unknown_syntax)
{
    static const char *const always[] = {"\\Qa|b\\E", "(?x) a b # c", "a{,3}b", "ab|", "(*UTF)abc", "(a)\\1",
                                         "[a-z]+", "\\w\\d?"};
    size_t count = sizeof always / sizeof *always;
    cl_rule_def defs[sizeof always / sizeof *always] = {{0}};
    for (size_t i = 0; i < count; i++)
        defs[i].pattern = (char *)always[i];
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, count, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    cl_prefilter_scan(pf, "", 0, bits);
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(bit(bits, i), "pattern %s should always be tried", always[i]);
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

/* The built-in rules, parsed; *count of them. */
static cl_rule_def *builtin_rules(size_t *count)
{
    cl_rule_def *defs = NULL;
    size_t cap = 0;
    char msg[256];
    *count = 0;
    for (size_t i = 0; i < cl_embedded_rules_count; i++)
        ck_assert_int_eq(cl_rules_parse(&cl_default_mem, "builtin", (const char *)cl_embedded_rules[i].data,
                                        cl_embedded_rules[i].length, &defs, count, &cap, msg, sizeof msg),
                         CLEAN_OK);
    return defs;
}

/* The built-in rules on lines they match, as they are and in capitals. */
START_TEST(prefilter_builtin_rules)
{
    size_t count;
    cl_rule_def *defs = builtin_rules(&count);
    static const char *const samples[] = {
        "By John Smith", "BY JOHN SMITH", "Published: 2024-01-05", "Related articles", "RELATED ARTICLES",
        "Sign up for our newsletter", "We use cookies to improve your experience", "Home > News > World",
        "Home \xc2\xbb News \xc2\xbb World", "\xc2\xa9 2024 Example Inc. All rights reserved.", "Share on Facebook",
        "\xd0\xa7\xd0\xb8\xd1\x82\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5 \xd1\x82\xd0\xb0\xd0\xba\xd0\xb6\xd0\xb5",
        "Lesen Sie auch: Der Stadtrat tagt", "12 Kommentare", "Foto: dpa", "---", "Advertisement",
        "The committee met on Tuesday to discuss the future of public transport in the city.",
    };
    size_t skipped = 0;
    check_never_skips(defs, count, samples, sizeof samples / sizeof *samples, &skipped);
    ck_assert_uint_gt(skipped, count); /* prose skips most rules */
    cl_rule_defs_free(&cl_default_mem, defs, count);
    free(defs);
}
END_TEST

/* A built-in rule whose pattern the literal parser cannot hold (a
 * case-less set grown past its bound, syntax it does not follow) still
 * matches, but is tried on many more lines, at a cost no output shows:
 * only the rules named here, which have no literal to require, may lack a
 * set. */
START_TEST(prefilter_builtin_rules_keep_literals)
{
    static const char *const literal_free[] = {"separator", NULL}; /* lines of no words */
    size_t count;
    cl_rule_def *defs = builtin_rules(&count);
    cl_lit_parser ps = {.cap = ARENA_BYTES, .arena = malloc(ARENA_BYTES)};
    ck_assert_ptr_nonnull(ps.arena);
    for (size_t i = 0; i < count; i++) {
        bool allowed = false;
        for (size_t k = 0; literal_free[k]; k++)
            allowed |= strcmp(defs[i].name, literal_free[k]) == 0;
        cl_litsets sets = cl_pattern_sets(&ps, defs[i].pattern);
        ck_assert_msg(sets.a.top == allowed, "built-in rule %s %s", defs[i].name,
                      allowed ? "has literals now: take it off the list" : "has no literal set");
    }
    free(ps.arena);
    cl_rule_defs_free(&cl_default_mem, defs, count);
    free(defs);
}
END_TEST

/* Patterns anchored at the first word character ("^\\W*"), whose first
 * literals count there alone, and caseless symbols, which are literals. */
static const char *const lead_patterns[] = {
    "(?i)^\\W*(menu|m\xc3\xa1s|log ?in|\xc3\xbc" "ber uns)\\W*$",
    "^\\W*+(?:(?i:about|o)\\s+\\p{Lu}|_x|9 lives)",
    "^\\W*(?i:kelvin|stop)",
    "^\\W*(ab)?c",           /* an optional start: not anchored */
    "^\\W*\\d+ comments",       /* a digit first, any digit */
    "^(?i:by|von)\\s+\\w",        /* at the line's first byte */
    "^\\W*menu|footer",       /* a branch outside: not anchored */
    "\\S\\s*[\xe2\x86\x92\xe2\x87\x92]\\s*$",
    "(?i)(\xc2\xa9|\\(c\\))\\s*\\d{4}",
    "(?i)^\\W*(?:(?:share|post)\\s+)?(?:(?:on|\xd0\xbd\xd0\xb0)\\s+)?(?:x|mail)\\W*$", /* optional starts */
    "^\\W*(\\d+ )?(comments|\xd0\xbe\xd1\x82\xd0\xb7\xd1\x8b\xd0\xb2\xd1\x8b)", /* "отзывы" */
};

static const char *const lead_lines[] = {
    "menu", "\xc2\xbb MENU", "\xe2\x80\xa2 M\xc3\xa1s", "M\xc3\x81S", "the menu", "-- login --", "LOG IN",
    "\xc3\x9c" "BER UNS", "\xc2\xab\xc3\xbc" "ber uns\xc2\xbb", "About Us", "O Brother", "o brother", "_x",
    "9 Lives", "\xe2\x84\xaa" "elvin", "\xc5\xbf" "top", "\xcc\x81" "about Us", "\xef\xbb\xbf" "menu",
    "abc", "c", "ac", "12 comments", "footer menu", "Next \xe2\x86\x92", "Next \xe2\x87\x92 ", "Next \xe2\x86\x90",
    "\xc2\xa9 2024", "(C) 2024", "\xd9\xa1\xd9\xa2 comments", "Share on X", "post mail", "ON MAIL", "x", "- Mail -",
    "\xd0\x9d\xd0\x90 x", "\xd0\xbd\xd0\xb0 mail", "share x", "the mail", "Share the mail", "12 comments", "comments",
    "\xd0\x9e\xd0\xa2\xd0\x97\xd0\xab\xd0\x92\xd0\xab", "3 \xd0\xbe\xd1\x82\xd0\xb7\xd1\x8b\xd0\xb2\xd1\x8b", "no comments", "- 7 comments", "By Jo", "VON X", "a by b", "caf\xc3\xa9 menu", "\xd0\xbc\xd0\xb5\xd0\xbd\xd1\x8e", "", "!!!",
};

/* A literal in a script without case is looked for as itself: a line
 * of other non-ASCII text does not make its pattern a candidate. */
START_TEST(prefilter_caseless_scripts)
{
    cl_rule_def defs[1] = {{0}};
    defs[0].pattern = (char *)"(?i)\xe7\x84\xa1\xe6\x96\xad\xe8\xbb\xa2\xe8\xbc\x89"; /* 無断転載 */
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, 1, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    const char *other = "\xe2\x80\x9c" "Caf\xc3\xa9\xe2\x80\x9d \xe2\x80\x94 \xe6\x9d\xb1\xe4\xba\xac"; /* “Café” — 東京 */
    cl_prefilter_scan(pf, other, strlen(other), bits);
    ck_assert(!bit(bits, 0));
    const char *line = "\xe8\xa8\x98\xe4\xba\x8b\xe3\x81\xae\xe7\x84\xa1\xe6\x96\xad\xe8\xbb\xa2\xe8\xbc\x89"; /* 記事の無断転載 */
    cl_prefilter_scan(pf, line, strlen(line), bits);
    ck_assert(bit(bits, 0));
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

START_TEST(prefilter_lead_literals_and_symbols)
{
    size_t count = sizeof lead_patterns / sizeof *lead_patterns, skipped = 0;
    cl_rule_def defs[sizeof lead_patterns / sizeof *lead_patterns] = {{0}};
    for (size_t i = 0; i < count; i++)
        defs[i].pattern = (char *)lead_patterns[i];
    check_never_skips(defs, count, lead_lines, sizeof lead_lines / sizeof *lead_lines, &skipped);
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, count, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    /* The literal is in the line, but not at its first word character. */
    cl_prefilter_scan(pf, "the menu", 8, bits);
    ck_assert(!bit(bits, 0));
    /* Non-ASCII text, but not the arrows or the copyright sign. */
    cl_prefilter_scan(pf, "caf\xc3\xa9 \xe2\x80\x94 2024", 12, bits);
    ck_assert(!bit(bits, 7) && !bit(bits, 8));
    /* Not a digit first; the literal, but not first. */
    cl_prefilter_scan(pf, "no comments", 11, bits);
    ck_assert(!bit(bits, 4));
    cl_prefilter_scan(pf, "a by b", 6, bits);
    ck_assert(!bit(bits, 5));
    /* Not at the first word character, after optional starts or none. */
    cl_prefilter_scan(pf, "the mail", 8, bits);
    ck_assert(!bit(bits, 9));
    cl_prefilter_scan(pf, "no comments", 11, bits);
    ck_assert(!bit(bits, 10));
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

/* A pattern that needs two things needs a literal of each: the two
 * sets of each branch of an alternation are united apart. */
START_TEST(prefilter_two_sets)
{
    static const char *const pats[] = {"(?i)\\bnewsletters?\\b.{0,80}\\b(subscribe|sign up)",
                                       "(?i)(foo|bar)\\s*:\\s*(baz|qux)|zip.*zap"};
    static const char *const text[] = {"Newsletter", "subscribe", "Newsletter: subscribe", "sign up for the newsletter",
                                       "foo: qux", "foo:", "qux", "zip zap", "zip", "zap: foo", "bar baz"};
    cl_rule_def defs[2] = {{0}};
    size_t skipped = 0;
    for (size_t i = 0; i < 2; i++)
        defs[i].pattern = (char *)pats[i];
    check_never_skips(defs, 2, text, sizeof text / sizeof *text, &skipped);
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, 2, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    static const char *const one_only[] = {"Newsletter", "subscribe", "foo:", "qux", "zip"};
    for (size_t l = 0; l < sizeof one_only / sizeof *one_only; l++) {
        cl_prefilter_scan(pf, one_only[l], strlen(one_only[l]), bits);
        ck_assert_msg(!bits[0], "'%s' should have no candidate", one_only[l]);
    }
    cl_prefilter_scan(pf, "zap: foo", 8, bits);
    ck_assert_uint_eq(bits[0], 2); /* "zap" and ":": a superset is fine */
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

/* Literals after \\b, ^, \\s, or a non-word character count at word starts
 * alone: at the line's start, after a space, punctuation or a non-ASCII
 * byte (which may end a character that is no word character), not within
 * an ASCII word. Others count anywhere. */
START_TEST(prefilter_word_starts)
{
    static const char *const pats[] = {
        "(?i)\\bnewsletter\\b", "(?:^|\\s)signup", "[-/]download", "mail", "(?i)\\bkelvin",
        "(?:\\bab|x?cd)ef",     /* \b in a branch; an optional atom before: anywhere */
    };
    enum { count = sizeof pats / sizeof *pats };
    static const char *const starts[] = {"newsletter", "our Newsletter", "(newsletter)", "caf\xc3\xa9newsletter",
                                         "\xcc\x81newsletter"};
    static const char *const text[] = {"newsletter", "xnewsletter", "_newsletter", "9newsletter", "signup",
                                       "a signup", "asignup", "a-download", "adownload", "email",
                                       "\xe2\x84\xaa" "elvin", "the kelvin", "akelvin", "abef", "xabef",
                                       "zcdef", "cdef", "caf\xc3\xa9newsletter"};
    cl_rule_def defs[count] = {{0}};
    size_t skipped = 0;
    for (size_t i = 0; i < count; i++)
        defs[i].pattern = (char *)pats[i];
    check_never_skips(defs, count, text, sizeof text / sizeof *text, &skipped);
    /* At each place of a line scanned as two halves: across the middle,
     * and first in the second half. */
    char padded[60][65];
    const char *ptrs[60];
    for (size_t at = 0; at < 60; at++) {
        memset(padded[at], ' ', 64);
        memcpy(padded[at] + (at < 54 ? at : 54), at % 2 ? "xx-mail-xx" : "newsletter", 10);
        padded[at][64] = '\0';
        ptrs[at] = padded[at];
    }
    check_never_skips(defs, count, ptrs, 60, &skipped);
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, count, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    for (size_t l = 0; l < sizeof starts / sizeof *starts; l++) {
        cl_prefilter_scan(pf, starts[l], strlen(starts[l]), bits);
        ck_assert_msg(bit(bits, 0), "'%s' should be a candidate", starts[l]);
    }
    static const struct {
        const char *line;
        size_t rule;
        bool candidate;
    } cases[] = {
        {"xnewsletter", 0, false}, {"_newsletter", 0, false}, {"9newsletter", 0, false}, {"asignup", 1, false},
        {"a signup", 1, true},     {"adownload", 2, false},   {"a/download", 2, true},   {"email", 3, true},
        {"akelvin", 4, false},     {"xabef", 5, false},       {"zcdef", 5, true},        {"xcdef", 5, true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        cl_prefilter_scan(pf, cases[k].line, strlen(cases[k].line), bits);
        ck_assert_msg(bit(bits, cases[k].rule) == cases[k].candidate, "'%s': rule %zu", cases[k].line,
                      cases[k].rule);
    }
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

/* The scan's two roots, at a word start and within a word: at each place
 * of lines of each length (across the middle of those scanned as two
 * halves, and at their end), a literal at word starts alone is found
 * after a space but not within a word, one that starts with punctuation
 * or counts anywhere is found within a word too, and one that the line
 * cuts off before KEPT_PREFIX bytes (all that the scan looks for) is not
 * found. */
START_TEST(prefilter_roots_everywhere)
{
    static const char *const pats[] = {"(?i)\\bnewsletter", "-mail", "(?i)inbox"};
    static const struct {
        const char *piece;
        bool candidate[3];
    } pieces[] = {
        {" Newsletter", {true, false, false}},  {"xnewsletter", {false, false, false}},
        {"9newsletter", {false, false, false}}, {"a-mail", {false, true, false}},
        {"zINBOX", {false, false, true}},       {" newslet", {false, false, false}},
        {"x-mai", {false, false, false}},       {"_inbo", {false, false, false}},
    };
    static const char filler[] = "q 7_zq";
    cl_rule_def defs[3] = {{0}};
    for (size_t i = 0; i < 3; i++)
        defs[i].pattern = (char *)pats[i];
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, 3, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    char line[96];
    for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
        size_t plen = strlen(pieces[p].piece);
        for (size_t len = plen; len < sizeof line; len++) {
            for (size_t at = 0; at + plen <= len; at++) {
                for (size_t k = 0; k < len; k++)
                    line[k] = filler[k % (sizeof filler - 1)];
                memcpy(line + at, pieces[p].piece, plen);
                cl_prefilter_scan(pf, line, len, bits);
                for (size_t r = 0; r < 3; r++)
                    ck_assert_msg(bit(bits, r) == pieces[p].candidate[r], "'%.*s': rule %zu", (int)len, line, r);
            }
        }
    }
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

/* Appends piece (len bytes) at line + *n, below cap, each character in
 * a case variant that seed picks (ASCII ones in either case). */
static void put_piece(char *line, size_t *n, size_t cap, const char *piece, size_t len, uint64_t seed)
{
    for (size_t k = 0; k < len && *n + 4 <= cap;) {
        uint32_t cp, v[MAX_CASES];
        int l = cl_decode((const uint8_t *)piece + k, len - k, &cp);
        size_t nv = cp < CASE_KNOWN ? cl_case_variants(cp, v) : 0;
        if (nv)
            *n += (size_t)u8_uctomb((uint8_t *)line + *n, v[(seed >> k % 40) % nv], 4);
        else
            for (int b = 0; b < l; b++)
                line[(*n)++] = piece[k + (size_t)b];
        k += (size_t)l;
    }
}

/* A differential test: lines of words of the rules' own patterns (their
 * letters in any of their case variants), and of random bytes and
 * characters, long and short (a long line is scanned as two halves); a
 * rule PCRE2 matches on one is never skipped. */
START_TEST(prefilter_random_lines)
{
    size_t count;
    cl_rule_def *defs = builtin_rules(&count);
    static const char *const bytes[] = {" ", " ", " ", "-", ":", "/", ".", ",", "(", ")", "|", "_", "7", "x",
                                        "\xc3\xa9", "\xc2\xbb", "\xc2\xa9", "\xe2\x86\x92", "\xe2\x84\xaa",
                                        "\xcc\x81", "\n", "\t", "\xff", "2024", "05", "9", "\xe1\xb2\x82",
                                        "\xe1\xb2\x84", "\xe1\xba\x9e", "\xcf\x82", "\xe2\x80\x99"};
    enum { nlines = 1500, max_line = 400 };
    char **text = calloc(nlines, sizeof *text);
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (size_t l = 0; l < nlines; l++) {
        char *line = text[l] = calloc(max_line + 80, 1);
        size_t n = 0, want = l % 3 ? 10 + l % 50 : l % max_line;
        while (n < want) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            const char *piece;
            size_t len;
            if (seed % 3) {
                /* a run of letters and spaces out of some pattern */
                const char *p = defs[seed / 3 % count].pattern;
                size_t plen = strlen(p), at = (size_t)(seed >> 20) % plen;
                for (len = 0; at + len < plen && len < 24 &&
                              (p[at + len] == ' ' || (uint8_t)p[at + len] >= 0x80 ||
                               ((p[at + len] | 0x20) >= 'a' && (p[at + len] | 0x20) <= 'z'));
                     len++)
                    ;
                piece = p + at;
            } else {
                piece = bytes[seed / 3 % (sizeof bytes / sizeof *bytes)];
                len = strlen(piece);
            }
            put_piece(line, &n, max_line + 64, piece, len, seed >> 24);
        }
    }
    size_t skipped = 0;
    check_never_skips(defs, count, (const char *const *)text, nlines, &skipped);
    ck_assert_uint_gt(skipped, 0);
    for (size_t l = 0; l < nlines; l++)
        free(text[l]);
    free(text);
    cl_rule_defs_free(&cl_default_mem, defs, count);
    free(defs);
}
END_TEST

/* The character of s (n bytes) where pattern first matches; -1 if none. */
static long first_match(const char *pattern, const uint8_t *s, size_t n)
{
    pcre2_code *code = compile(pattern);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    uint32_t cp = 0;
    if (pcre2_match(code, s, n, 0, 0, md, NULL) >= 0) {
        size_t at = pcre2_get_ovector_pointer(md)[0];
        cl_decode(s + at, n - at, &cp);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return cp ? (long)cp : -1;
}

/* The case variants of each character below CASE_KNOWN hold every one
 * that a case-less PCRE2 pattern of it matches: no other character of
 * Unicode matches a class of them all, and of the variants of them all,
 * only its own match it. Each set of characters is one subject. */
START_TEST(prefilter_case_variants)
{
    enum { first = 0x80, count = CASE_KNOWN - first, chars = 0x110000 };
    static uint32_t cases[count][MAX_CASES];
    static size_t ncases[count];
    static bool variant[chars];
    static char class[8 + 4 * count] = "(?i)[";
    size_t at = strlen(class);
    for (uint32_t cp = first; cp < CASE_KNOWN; cp++) {
        size_t n = ncases[cp - first] = cl_case_variants(cp, cases[cp - first]);
        ck_assert_msg(n > 0, "U+%04X: too many variants", (unsigned)cp);
        for (size_t i = 0; i < n; i++)
            variant[cases[cp - first][i]] = true;
        at += (size_t)u8_uctomb((uint8_t *)class + at, cp, 4);
    }
    strcpy(class + at, "]");
    static uint32_t variants[count * MAX_CASES];
    size_t nvariants = 0, n = 0;
    uint8_t *subject = malloc(4 * chars);
    for (uint32_t cp = 1; cp < chars; cp++) {
        int len = variant[cp] ? 0 : u8_uctomb(subject + n, cp, 4); /* none for surrogates */
        n += len > 0 ? (size_t)len : 0;
        if (variant[cp])
            variants[nvariants++] = cp;
    }
    long other = first_match(class, subject, n);
    ck_assert_msg(other < 0, "U+%04lX matches a character below CASE_KNOWN, not its variant", (unsigned long)other);
    for (uint32_t cp = first; cp < CASE_KNOWN; cp++) {
        char pattern[16] = "(?i)";
        pattern[4 + u8_uctomb((uint8_t *)pattern + 4, cp, 4)] = '\0';
        n = 0;
        for (size_t k = 0; k < nvariants; k++) {
            bool own = false;
            for (size_t i = 0; i < ncases[cp - first]; i++)
                own |= cases[cp - first][i] == variants[k];
            n += own ? 0 : (size_t)u8_uctomb(subject + n, variants[k], 4);
        }
        other = first_match(pattern, subject, n);
        ck_assert_msg(other < 0, "U+%04X matches U+%04lX, not among its variants", (unsigned)cp, (unsigned long)other);
    }
    free(subject);
}
END_TEST

/* More one-byte literals than a scan has bits for share the last. */
START_TEST(prefilter_many_single_bytes)
{
    char pats[100][2], text[100][2];
    const char *ptrs[100];
    cl_rule_def defs[100] = {{0}};
    size_t count = 0, skipped = 0;
    for (unsigned c = 1; c < 128; c++) {
        if (strchr("\\^$.|?*+()[]{}#", (int)c) || (c >= 'A' && c <= 'Z'))
            continue;
        pats[count][0] = text[count][0] = (char)c;
        pats[count][1] = text[count][1] = '\0';
        defs[count].pattern = pats[count];
        ptrs[count] = text[count];
        count++;
    }
    ck_assert_uint_gt(count, 64);
    check_never_skips(defs, count, ptrs, count, &skipped);
    ck_assert_uint_gt(skipped, 0);
}
END_TEST

/* A prefilter over a subset of the rules never names the others, whether
 * they have literals or are always tried. */
/* Rules whose literals hold more bytes than the automaton has states, but
 * share their prefixes, all fit: none is tried on a line without its
 * literals, and each is a candidate on a line with one. */
START_TEST(prefilter_shared_prefixes_fit)
{
    enum { RULES = 500, ALTERNATIVES = 5 }; /* 20,000 literal bytes */
    static char pats[RULES][ALTERNATIVES * 9];
    static cl_rule_def defs[RULES];
    for (size_t i = 0; i < RULES; i++) {
        char *p = pats[i];
        for (size_t k = 0; k < ALTERNATIVES; k++)
            p += sprintf(p, "%szqxw%c%c%c%c", k ? "|" : "", 'a' + (int)(i / 676), 'a' + (int)(i / 26 % 26),
                         'a' + (int)(i % 26), 'a' + (int)k);
        defs[i].pattern = pats[i];
    }
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, RULES, NULL);
    ck_assert_ptr_nonnull(pf);
    uint64_t *bits = calloc(cl_prefilter_words(pf), sizeof *bits);
    ck_assert_ptr_nonnull(bits);
    static const char none[] = "zqxw is no literal of any rule";
    cl_prefilter_scan(pf, none, sizeof none - 1, bits);
    for (size_t i = 0; i < RULES; i++)
        ck_assert_msg(!bit(bits, i), "rule %zu tried without its literals", i);
    char line[64];
    for (size_t i = 0; i < RULES; i += 37) {
        int n = snprintf(line, sizeof line, "see ZQXW%.4s here", pats[i] + 4);
        cl_prefilter_scan(pf, line, (size_t)n, bits);
        for (size_t j = 0; j < RULES; j++)
            ck_assert_msg(bit(bits, j) == (j == i), "rule %zu on the line of rule %zu", j, i);
    }
    free(bits);
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

START_TEST(prefilter_subset)
{
    static const char *const pats[] = {"(?i)alpha", "beta", "(a)\\1", "[a-z]+"};
    cl_rule_def defs[4] = {{0}};
    for (size_t i = 0; i < 4; i++)
        defs[i].pattern = (char *)pats[i];
    const uint64_t subset = 1u << 1 | 1u << 3;
    cl_prefilter *pf = cl_prefilter_new(&cl_default_mem, defs, 4, &subset);
    ck_assert_ptr_nonnull(pf);
    uint64_t bits[2];
    cl_prefilter_scan(pf, "ALPHA beta aa", 13, bits);
    ck_assert_uint_eq(bits[0], subset);
    cl_prefilter_scan(pf, "alpha", 5, bits);
    ck_assert_uint_eq(bits[0], 1u << 3);
    cl_prefilter_free(&cl_default_mem, pf);
}
END_TEST

Suite *prefilter_suite(void)
{
    Suite *s = suite_create("prefilter");
    TCase *tc = tcase_create("prefilter");
    tcase_add_test(tc, prefilter_tricky_patterns);
    tcase_add_test(tc, prefilter_gives_up_on_unknown_syntax);
    tcase_add_test(tc, prefilter_builtin_rules);
    tcase_add_test(tc, prefilter_builtin_rules_keep_literals);
    tcase_add_test(tc, prefilter_subset);
    tcase_add_test(tc, prefilter_shared_prefixes_fit);
    tcase_add_test(tc, prefilter_lead_literals_and_symbols);
    tcase_add_test(tc, prefilter_caseless_scripts);
    tcase_add_test(tc, prefilter_many_single_bytes);
    tcase_add_test(tc, prefilter_two_sets);
    tcase_add_test(tc, prefilter_word_starts);
    tcase_add_test(tc, prefilter_roots_everywhere);
    tcase_add_test(tc, prefilter_random_lines);
    tcase_add_test(tc, prefilter_case_variants);
    suite_add_tcase(s, tc);
    return s;
}
