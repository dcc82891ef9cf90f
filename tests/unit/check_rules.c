/*
 * lib/rules.c and data/rules: the rule-file parser, matching, and what the
 * built-in rules do to real-looking lines inside real-looking pages.
 */
#include "check_suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "internal.h"

/* ---- Pages -------------------------------------------------------------- */

/* Two paragraphs before and two after the line under test keep the
 * region around it. */
#include "check_pages.h"

#define PAGE_HEAD PROSE_1 "\n\n" PROSE_2 "\n\n"
#define PAGE_TAIL "\n\n" PROSE_3 "\n\n" PROSE_4 "\n"
#define TEST_LINE 4

static char *page_with(const char *middle, size_t middle_length, size_t *length)
{
    static const char head[] = PAGE_HEAD, tail[] = PAGE_TAIL;
    size_t n = sizeof head - 1 + middle_length + sizeof tail - 1;
    char *page = malloc(n + 1);
    ck_assert_ptr_nonnull(page);
    memcpy(page, head, sizeof head - 1);
    memcpy(page + sizeof head - 1, middle, middle_length);
    memcpy(page + sizeof head - 1 + middle_length, tail, sizeof tail);
    *length = n;
    return page;
}

/* What the cleaner decided for one line. */
typedef struct verdict {
    char reason[160];
    int kept;
} verdict;

/* Cleans PAGE_HEAD middle PAGE_TAIL and returns the verdict of line index. */
static verdict line_verdict(const clean_cleaner *c, const char *middle, size_t index)
{
    size_t length;
    char *page = page_with(middle, strlen(middle), &length);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, page, length, CLEAN_DETAILS, &r), CLEAN_OK);
    verdict v = {"", 0};
    const char *reason = NULL;
    ck_assert_int_eq(clean_result_line(r, index, NULL, NULL, &v.kept, NULL, NULL, &reason, NULL), CLEAN_OK);
    ck_assert_ptr_nonnull(reason);
    snprintf(v.reason, sizeof v.reason, "%s", reason);
    clean_result_free(r);
    free(page);
    return v;
}

/* The default options' cleaner, made once per test case (in the parent
 * process: making one indexes every stoplist, which takes a while). */
static clean_cleaner *builtin;

static void builtin_setup(void)
{
    clean_options *o = clean_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(clean_cleaner_new(o, &builtin), CLEAN_OK);
    clean_options_free(o);
}

static void builtin_teardown(void)
{
    clean_cleaner_free(builtin);
    builtin = NULL;
}

/* The line is dropped, and by rule NAME. */
static void check_dropped_by(const char *line, const char *name)
{
    verdict v = line_verdict(builtin, line, TEST_LINE);
    char want[160];
    snprintf(want, sizeof want, "rule:%s", name);
    ck_assert_msg(strcmp(v.reason, want) == 0, "\"%s\": reason \"%s\", expected \"%s\"", line, v.reason, want);
    ck_assert_msg(!v.kept, "\"%s\" was kept", line);
}

/* Rule NAME did not decide the line (whatever else did). */
static void check_not_by(const char *line, const char *name)
{
    verdict v = line_verdict(builtin, line, TEST_LINE);
    char unwanted[160];
    snprintf(unwanted, sizeof unwanted, "rule:%s", name);
    ck_assert_msg(strcmp(v.reason, unwanted) != 0, "\"%s\" was decided by %s", line, unwanted);
}

/* The line is kept, and by rule NAME. */
static void check_kept_by(const char *line, const char *name)
{
    verdict v = line_verdict(builtin, line, TEST_LINE);
    char want[160];
    snprintf(want, sizeof want, "rule:%s", name);
    ck_assert_msg(strcmp(v.reason, want) == 0, "\"%s\": reason \"%s\", expected \"%s\"", line, v.reason, want);
    ck_assert_msg(v.kept, "\"%s\" was dropped", line);
}

/* A prose line NAME must leave alone: kept, and not for the rule. */
static void check_prose_kept(const char *line, const char *name)
{
    verdict v = line_verdict(builtin, line, TEST_LINE);
    char unwanted[160];
    snprintf(unwanted, sizeof unwanted, "rule:%s", name);
    ck_assert_msg(strcmp(v.reason, unwanted) != 0, "\"%s\" was decided by %s", line, unwanted);
    ck_assert_msg(v.kept, "prose \"%s\" was dropped (%s)", line, v.reason);
}

/* ---- Parsing ------------------------------------------------------------ */

typedef struct parsed {
    cl_rule_def *defs;
    size_t count, cap;
    char msg[512];
    clean_error code;
} parsed;

static void parse_more(parsed *p, const char *source, const char *text)
{
    p->msg[0] = '\0';
    p->code = cl_rules_parse(&cl_default_mem, source, text, strlen(text), &p->defs, &p->count, &p->cap, p->msg,
                             sizeof p->msg);
}

static parsed parse(const char *source, const char *text)
{
    parsed p = {NULL, 0, 0, "", CLEAN_OK};
    parse_more(&p, source, text);
    return p;
}

static void parsed_free(parsed *p)
{
    cl_rule_defs_free(&cl_default_mem, p->defs, p->count);
    cl_free(&cl_default_mem, p->defs);
    p->defs = NULL;
    p->count = p->cap = 0;
}

/* text is a syntax error on line `line` of source "test.rules". */
static void check_syntax_error(const char *text, unsigned line)
{
    parsed p = parse("test.rules", text);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "test.rules:%u: ", line);
    ck_assert_msg(p.code == CLEAN_ERROR_RULE_SYNTAX, "\"%s\": code %d, expected CLEAN_ERROR_RULE_SYNTAX", text,
                  (int)p.code);
    ck_assert_msg(strncmp(p.msg, prefix, strlen(prefix)) == 0, "\"%s\": message \"%s\" does not start with \"%s\"",
                  text, p.msg, prefix);
    ck_assert_msg(strlen(p.msg) > strlen(prefix), "\"%s\": no problem after \"%s\"", text, prefix);
    parsed_free(&p);
}

START_TEST(parse_well_formed)
{
    parsed p = parse("my.rules", "short-label  drop max-words=5 min-words=2   ^(?i)foo bar$\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 1);
    ck_assert_str_eq(p.defs[0].name, "short-label");
    ck_assert_int_eq(p.defs[0].action, CL_ACTION_DROP);
    ck_assert_uint_eq(p.defs[0].max_words, 5);
    ck_assert_uint_eq(p.defs[0].min_words, 2);
    ck_assert_str_eq(p.defs[0].pattern, "^(?i)foo bar$");
    ck_assert_str_eq(p.defs[0].source, "my.rules");
    ck_assert_uint_eq(p.defs[0].line, 1);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_actions)
{
    parsed p = parse("a.rules", "k keep ^k$\nb block ^b$\ns score=-0.5 ^s$\nt score=2 ^t$\nm markup ^m$\nd drop ^d$");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 6);
    ck_assert_int_eq(p.defs[0].action, CL_ACTION_KEEP);
    ck_assert_int_eq(p.defs[1].action, CL_ACTION_BLOCK);
    ck_assert_int_eq(p.defs[2].action, CL_ACTION_SCORE);
    ck_assert_double_eq_tol(p.defs[2].value, -0.5, 1e-12);
    ck_assert_int_eq(p.defs[3].action, CL_ACTION_SCORE);
    ck_assert_double_eq_tol(p.defs[3].value, 2.0, 1e-12);
    ck_assert_int_eq(p.defs[4].action, CL_ACTION_MARKUP);
    ck_assert_int_eq(p.defs[5].action, CL_ACTION_DROP);
    ck_assert_str_eq(p.defs[5].pattern, "^d$"); /* last line without '\n' */
    ck_assert_uint_eq(p.defs[0].max_words, CL_ANY_WORDS);
    ck_assert_uint_eq(p.defs[0].min_words, 0);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_trims_line_ends)
{
    /* "\r\n" line ends and trailing blanks are no part of the pattern;
     * blanks inside the pattern are. */
    parsed p = parse("crlf.rules", "one drop ^a b$  \t\r\n\tindented   keep   x  y\r\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 2);
    ck_assert_str_eq(p.defs[0].pattern, "^a b$");
    ck_assert_str_eq(p.defs[1].name, "indented");
    ck_assert_str_eq(p.defs[1].pattern, "x  y");
    ck_assert_uint_eq(p.defs[1].line, 2);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_skips_comments_and_blank_lines)
{
    parsed p = parse("c.rules", "# a comment\n\n   \n\t# an indented comment\nfirst drop ^x$\n\n#last drop ^y$\n"
                                "second keep ^z$\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 2);
    ck_assert_str_eq(p.defs[0].name, "first");
    ck_assert_uint_eq(p.defs[0].line, 5);
    ck_assert_str_eq(p.defs[1].name, "second");
    ck_assert_uint_eq(p.defs[1].line, 8);
    parsed_free(&p);
    /* Nothing but comments: no rules, no error. */
    p = parse("c.rules", "# nothing here\n\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 0);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_missing_action)
{
    check_syntax_error("lonely\n", 1);
    check_syntax_error("# comment\n\nlonely   \n", 3);
    check_syntax_error("ok drop ^x$\nlonely\t\r\n", 2);
}
END_TEST

START_TEST(parse_unknown_action)
{
    check_syntax_error("r1 delete ^x$\n", 1);
    check_syntax_error("r1 DROP ^x$\n", 1);
    check_syntax_error("r1 dropx ^x$\n", 1);
    check_syntax_error("r1 score=abc ^x$\n", 1);
    check_syntax_error("r1 score=11 ^x$\n", 1);
    check_syntax_error("r1 score= ^x$\n", 1);
    check_syntax_error("ok keep ^y$\nr1 max-words=3 ^x$\n", 2);
    parsed p = parse("test.rules", "r1 delete ^x$\n");
    ck_assert_msg(strstr(p.msg, "delete") != NULL, "message \"%s\" does not name the action", p.msg);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_bad_name)
{
    check_syntax_error("bad/name drop ^x$\n", 1);
    check_syntax_error("bad$name drop ^x$\n", 1);
    check_syntax_error("na\xC3\xAFve drop ^x$\n", 1);
    check_syntax_error("ok drop ^x$\nrule:one drop ^x$\n", 2);
    /* The allowed characters are fine. */
    parsed p = parse("n.rules", "A-z_0.9 drop ^x$\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_str_eq(p.defs[0].name, "A-z_0.9");
    parsed_free(&p);
}
END_TEST

START_TEST(parse_bad_pattern)
{
    check_syntax_error("r1 drop (abc\n", 1);
    check_syntax_error("r1 drop abc)\n", 1);
    check_syntax_error("r1 drop [abc\n", 1);
    check_syntax_error("r1 drop max-words=3 a{2,1}\n", 1);
    check_syntax_error("ok drop ^x$\n\nr2 keep \\p{NoSuchProperty}\n", 3);
    parsed p = parse("test.rules", "r1 drop (abc\n");
    ck_assert_msg(strstr(p.msg, "pattern") != NULL, "message \"%s\" does not mention the pattern", p.msg);
    parsed_free(&p);
}
END_TEST

START_TEST(parse_missing_pattern)
{
    check_syntax_error("r1 drop\n", 1);
    check_syntax_error("r1 drop max-words=3\n", 1);
    check_syntax_error("r1 keep   \t \n", 1);
}
END_TEST

START_TEST(parse_bad_max_words)
{
    check_syntax_error("r1 drop max-words=abc ^x$\n", 1);
    check_syntax_error("r1 drop max-words=12x ^x$\n", 1);
    check_syntax_error("r1 drop max-words=-1 ^x$\n", 1);
    check_syntax_error("r1 drop max-words=99999999999 ^x$\n", 1);
    check_syntax_error("r1 drop min-words=1.5 ^x$\n", 1);
    check_syntax_error("r1 drop max-words=3 min-words=x ^x$\n", 1);
}
END_TEST

START_TEST(parse_empty_max_words)
{
    /* "max-words=" without a number is a malformed bound, not the start of
     * the pattern "max-words= ^x$". */
    check_syntax_error("r1 drop max-words= ^x$\n", 1);
}
END_TEST

START_TEST(parse_replaces_same_name)
{
    parsed p = parse("r.rules", "dup drop ^first$\nother keep ^other$\ndup keep max-words=4 ^second$\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 2);
    ck_assert_str_eq(p.defs[0].name, "dup");
    ck_assert_str_eq(p.defs[0].pattern, "^second$");
    ck_assert_int_eq(p.defs[0].action, CL_ACTION_KEEP);
    ck_assert_uint_eq(p.defs[0].max_words, 4);
    ck_assert_uint_eq(p.defs[0].line, 3);
    ck_assert_str_eq(p.defs[1].name, "other");
    /* Across calls too: a later source replaces the earlier rule. */
    parse_more(&p, "later.rules", "other drop ^again$\nnew drop ^new$\n");
    ck_assert_int_eq(p.code, CLEAN_OK);
    ck_assert_uint_eq(p.count, 3);
    ck_assert_str_eq(p.defs[1].name, "other");
    ck_assert_str_eq(p.defs[1].pattern, "^again$");
    ck_assert_str_eq(p.defs[1].source, "later.rules");
    ck_assert_int_eq(p.defs[1].action, CL_ACTION_DROP);
    ck_assert_str_eq(p.defs[2].name, "new");
    parsed_free(&p);
}
END_TEST

START_TEST(parse_builtin_files)
{
    /* Every embedded rule file parses and compiles. */
    ck_assert_uint_gt(cl_embedded_rules_count, 0);
    for (size_t i = 0; i < cl_embedded_rules_count; i++) {
        parsed p = {NULL, 0, 0, "", CLEAN_OK};
        p.code = cl_rules_parse(&cl_default_mem, cl_embedded_rules[i].name, (const char *)cl_embedded_rules[i].data,
                                cl_embedded_rules[i].length, &p.defs, &p.count, &p.cap, p.msg, sizeof p.msg);
        ck_assert_msg(p.code == CLEAN_OK, "%s: %s", cl_embedded_rules[i].name, p.msg);
        ck_assert_msg(p.count > 0, "%s holds no rules", cl_embedded_rules[i].name);
        cl_ruleset *rs = NULL;
        ck_assert_int_eq(cl_ruleset_new(&cl_default_mem, p.defs, p.count, &rs, p.msg, sizeof p.msg), CLEAN_OK);
        cl_ruleset_free(rs);
    }
}
END_TEST

/* ---- Matching ----------------------------------------------------------- */

static cl_ruleset *ruleset_of(const char *text)
{
    parsed p = parse("m.rules", text);
    ck_assert_msg(p.code == CLEAN_OK, "%s", p.msg);
    cl_ruleset *rs = NULL;
    ck_assert_int_eq(cl_ruleset_new(&cl_default_mem, p.defs, p.count, &rs, p.msg, sizeof p.msg), CLEAN_OK);
    return rs;
}

static cl_rule_match match(const cl_ruleset *rs, const char *line, uint32_t words)
{
    cl_matcher *mt = cl_matcher_new(rs);
    ck_assert_ptr_nonnull(mt);
    cl_rule_match m;
    cl_rules_match(rs, mt, line, strlen(line), words, &m);
    cl_matcher_free(mt);
    return m;
}

START_TEST(match_word_bounds_and_order)
{
    cl_ruleset *rs = ruleset_of("few drop max-words=3 ^Hello\n"
                                "many keep min-words=5 ^Hello\n"
                                "any block ^Hello\n"
                                "up score=0.5 world\n"
                                "down score=-0.25 (?i)HELLO\n");
    cl_rule_match m = match(rs, "Hello world", 2);
    ck_assert_int_eq(m.decisive, 0);
    ck_assert_str_eq(cl_rule_name(rs, m.decisive), "few");
    ck_assert_int_eq(cl_rule_action(rs, m.decisive), CL_ACTION_DROP);
    ck_assert_double_eq_tol(m.score, 0.25, 1e-12);
    ck_assert_int_eq(m.score_rule, 3);
    m = match(rs, "Hello there my old friend", 5);
    ck_assert_str_eq(cl_rule_name(rs, m.decisive), "many");
    ck_assert_double_eq_tol(m.score, -0.25, 1e-12);
    ck_assert_int_eq(m.score_rule, 4);
    m = match(rs, "Hello dear old world", 4);
    ck_assert_str_eq(cl_rule_name(rs, m.decisive), "any");
    ck_assert_int_eq(cl_rule_action(rs, m.decisive), CL_ACTION_BLOCK);
    m = match(rs, "Goodbye", 1);
    ck_assert_int_eq(m.decisive, -1);
    ck_assert_int_eq(m.score_rule, -1);
    ck_assert_double_eq_tol(m.score, 0.0, 1e-12);
    cl_ruleset_free(rs);
}
END_TEST

/* max-words=0: lines of no words only; bounds split the word counts into
 * bands, and a line longer than every bound still meets the unbounded
 * rules and only them. */
START_TEST(match_word_bands)
{
    cl_ruleset *rs = ruleset_of("symbols drop max-words=0 ^[-*]+$\n"
                                "middle drop min-words=3 max-words=4 (?i)middle\n"
                                "label drop max-words=2 (?i)^label\n"
                                "anywhere score=1 (?i)stop\n");
    ck_assert_str_eq(cl_rule_name(rs, match(rs, "-*-", 0).decisive), "symbols");
    ck_assert_int_eq(match(rs, "-*-", 1).decisive, -1);
    ck_assert_str_eq(cl_rule_name(rs, match(rs, "Label here", 2).decisive), "label");
    ck_assert_int_eq(match(rs, "Label here", 3).decisive, -1);
    ck_assert_int_eq(match(rs, "the middle one", 2).decisive, -1);
    ck_assert_str_eq(cl_rule_name(rs, match(rs, "the middle one", 3).decisive), "middle");
    ck_assert_str_eq(cl_rule_name(rs, match(rs, "the middle one", 4).decisive), "middle");
    ck_assert_int_eq(match(rs, "the middle one", 5).decisive, -1);
    cl_rule_match m = match(rs, "Label the middle: STOP", 1000);
    ck_assert_int_eq(m.decisive, -1);
    ck_assert_double_eq_tol(m.score, 1.0, 1e-12);
    /* 's' matches LONG S in a case-less pattern: the prefilter must not
     * skip the rule on a line that spells it so. */
    ck_assert_double_eq_tol(match(rs, "\xc5\xbftop", 1000).score, 1.0, 1e-12);
    ck_assert_double_eq_tol(match(rs, "top", 1000).score, 0.0, 1e-12);
    cl_ruleset_free(rs);
}
END_TEST

/* Bands past the word counts looked up in a table are searched for, and
 * a band no rule admits matches nothing. */
START_TEST(match_word_bands_of_long_lines)
{
    cl_ruleset *rs = ruleset_of("wide drop min-words=70 max-words=80 (?i)wide\n"
                                "wider drop min-words=100 (?i)wide\n");
    static const struct {
        uint32_t words;
        const char *rule; /* NULL: none */
    } cases[] = {{0, NULL},    {63, NULL}, {64, NULL}, {69, NULL},      {70, "wide"},
                 {80, "wide"}, {81, NULL}, {99, NULL}, {100, "wider"}, {5000, "wider"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int decisive = match(rs, "A wide line", cases[i].words).decisive;
        if (cases[i].rule)
            ck_assert_str_eq(cl_rule_name(rs, decisive), cases[i].rule);
        else
            ck_assert_int_eq(decisive, -1);
    }
    cl_ruleset_free(rs);
}
END_TEST

START_TEST(match_invalid_utf8_line)
{
    /* Invalid bytes in a line neither crash the match nor hide the valid
     * text around them. */
    cl_ruleset *rs = ruleset_of("start drop ^caf\nend keep max-words=9 \\bend$\n");
    cl_rule_match m = match(rs, "caf\xE9 \xFF\xC0\x80 fin", 3);
    ck_assert_int_eq(m.decisive, 0);
    /* Both match: keep wins over drop. */
    m = match(rs, "caf\xE9 \xFF\xC0\x80 end", 3);
    ck_assert_int_eq(m.decisive, 1);
    m = match(rs, "\xFF\xFE\xED\xA0\x80 the end", 3);
    ck_assert_int_eq(m.decisive, 1);
    m = match(rs, "\xFF\xFE\xED\xA0\x80", 0);
    ck_assert_int_eq(m.decisive, -1);
    cl_ruleset_free(rs);
}
END_TEST

/* ---- Built-in rules in pages --------------------------------------------- */

START_TEST(builtin_byline)
{
    check_dropped_by("By Press Association", "byline");
    check_dropped_by("By Jane Doe and John Smith", "byline");
    check_prose_kept("By Thursday, officials had agreed to the plan and the talks went on.", "byline");
    check_not_by("By Thursday, officials agreed.", "byline");
}
END_TEST

/* The chrome of Chinese, Japanese and Korean news pages: editor and
 * source labels, reporter lines, photo sources, reprint notices, inline
 * related links and prompts to follow the site's accounts. A sentence
 * that names an editor or a source in passing is no label. */
/* "Read also:" and a headline on one line, in the languages of the
 * rule; a sentence that says "read also" in passing stays. */
START_TEST(builtin_inline_related)
{
    check_dropped_by("Baca juga: Sampah di Gunung Rinjani Capai 3 Ton", "inline-related");
    check_dropped_by("Xem thêm: Hà Nội sẽ có 1.000 xe đạp công cộng", "inline-related");
    check_dropped_by("Läs också: Viltolyckorna ökar i Sörmland", "inline-related");
    check_dropped_by("   Läs mer: [25]Parkeringsavgiften i centrum höjs från 1 juli", "inline-related");
    check_dropped_by("Mest läst", "related-header-intl");
    check_dropped_by("Har du ett tips? Tipsa oss här eller ring 0123-456 78.", "news-tip-prompt");
    check_dropped_by("Norrbacka Tidning och våra partner använder kakor (cookies) för att webbplatsen ska fungera.",
                     "cookie-consent");
    check_dropped_by("Få de viktigste nyhetene fra Nordvik og øyene rett i innboksen hver morgen.", "newsletter");
    check_dropped_by("Meld deg på nyhetsbrevet", "newsletter");
    check_dropped_by("Нашли ошибку? Выделите её и нажмите Ctrl+Enter.", "typo-report");
    check_dropped_by("Words by Rachel Odum | 12 January 2025 | 3 minute read", "byline");
    check_dropped_by("Medical Disclaimer: The content on this page is for informational purposes only.", "disclaimer");
    check_dropped_by("Independent local news costs money. If you value our reporting, please consider a one-off "
                     "or monthly contribution.",
                     "support-prompt");
    check_prose_kept("If you value our reporting on the harbour, you will want to read the council's reply, which "
                     "came out on Friday and runs to forty pages of figures.",
                     "support-prompt");
    check_dropped_by("Found a typo? Select it and press Ctrl+Enter to let us know.", "typo-report");
    check_dropped_by("Подписывайтесь на канал «Камского вестника» в мессенджере — там все главные новости.",
                     "social-follow");
    check_dropped_by("Читайте також: У Львові стартує книжкова толока", "inline-related");
    check_dropped_by("Čtěte také: Brno chystá opravu tramvajové trati", "inline-related");
    check_dropped_by("Διαβάστε επίσης: Πότε ξεκινά η επέκταση του μετρό", "inline-related");
    check_dropped_by("ये भी पढ़ें: शहर के तालाब का जलस्तर बढ़ा", "inline-related");
    check_dropped_by("קראו גם: התחזית לימים הקרובים", "inline-related");
    /* Catalan, Persian, Urdu, Tamil, Swahili and Lithuanian. */
    check_dropped_by("Llegeix també: El Priorat perd un 12% de superfície de vinya", "inline-related");
    check_dropped_by("بیشتر بخوانید: کاهش بارش‌ها در استان اصفهان", "inline-related");
    check_dropped_by("یہ بھی پڑھیں: اندرون شہر کی تاریخی عمارتیں", "inline-related");
    check_dropped_by("இதையும் படிங்க: டெல்டா மாவட்டங்களில் மழை", "inline-related");
    check_dropped_by("SOMA ZAIDI: Wavuvi walalamikia kupungua kwa samaki", "inline-related");
    check_dropped_by("Taip pat skaitykite: Kaip išsirinkti bulves cepelinams", "inline-related");
    check_prose_kept("Baca juga laporan lengkapnya di halaman berikut, kata juru bicara dinas pariwisata kepada "
                     "wartawan pada hari Senin.",
                     "inline-related");
}
END_TEST

START_TEST(builtin_cjk_chrome)
{
    check_dropped_by("责任编辑：刘晓宁 SN225", "editor-line-cjk");
    check_dropped_by("原标题：杭州地铁周末“加班”：10条线路延长运营至次日凌晨1点", "editor-line-cjk");
    check_dropped_by("作者： 记者王敬照 编辑： 王华军", "editor-line-cjk");
    check_not_by("记者从杭州地铁集团获悉，10条线路将在周末延长运营。", "editor-line-cjk");
    check_dropped_by("윤소라 기자", "byline-ko");
    check_dropped_by("윤소라 기자 sora@yna.co.kr", "byline-ko");
    check_not_by("기자회견은 오후 세 시에 열렸다.", "byline-ko");
    check_dropped_by("图为杭州地铁1号线列车。图片来源：杭州地铁集团", "caption-cjk");
    check_dropped_by("图为杭州地铁1号线列车。", "caption-cjk-lead");
    check_dropped_by("경북 울진 산불 피해 현장 [산림청 제공. 재판매 및 DB 금지]", "caption-cjk");
    check_dropped_by("산불 진화하는 헬기 [연합뉴스 자료사진]", "caption-cjk");
    check_dropped_by("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "reprint-notice-cjk");
    check_dropped_by("記事の無断転載を禁じます", "reprint-notice-cjk");
    check_dropped_by("相关阅读：杭州公交开通5条夜间线路 覆盖主要商圈", "inline-related-cjk");
    check_dropped_by("관련기사: 봄철 산불 위험 최고조", "inline-related-cjk");
    check_dropped_by("更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）", "follow-prompt-cjk");
    check_dropped_by("新浪新闻公众号", "follow-prompt-cjk");
    check_not_by("市民可以通过扫描站内的二维码查询末班车时间，也可以拨打服务热线。地铁集团表示，这项服务将持续到年底。"
                 "今后还会增加更多线路的信息，方便乘客出行，尤其是在周末和节假日的夜间时段。"
                 "工作人员提醒，乘客应提前规划行程，留意车站广播和站内显示屏上的通知，避免错过末班车。"
                 "如有疑问，可以咨询车站工作人员或者通过官方网站查询相关信息。",
                 "follow-prompt-cjk");
}
END_TEST

START_TEST(builtin_byline_name_action)
{
    check_dropped_by("Jane Doe View profile", "byline-name-action");
    check_dropped_by("Maria Garcia Follow", "byline-name-action");
    check_not_by("Jane Doe Views", "byline-name-action");
    check_not_by("Jane Doe will follow", "byline-name-action");
}
END_TEST

START_TEST(builtin_dateline_iso)
{
    check_dropped_by("Date:2025-04-06 15:38:02", "dateline-iso");
    check_dropped_by("Published: 2024-11-30", "dateline-iso");
    check_not_by("Version 2025-04-06 notes", "dateline-iso");
    check_prose_kept("The new law, which came into force on 2025-04-06, changed the rules for tenants across "
                     "the whole country and for their landlords.",
                     "dateline-iso");
}
END_TEST

START_TEST(builtin_breadcrumb)
{
    check_dropped_by("Home > Finance > Markets", "breadcrumb");
    check_dropped_by("Home / News / World", "breadcrumb");
    check_prose_kept("Home owners in the region say prices have risen again this year, and many of them worry "
                     "about the cost of repairs.",
                     "breadcrumb");
    check_dropped_by("Shop › Kitchen › Knives & Scissors", "breadcrumb-chain");
    check_dropped_by("Docs > Guides > Deploying", "breadcrumb-chain");
    /* A help page's instruction names a path in the app's menus: a
     * sentence, not the page's breadcrumbs. */
    check_not_by("Open the app and go to Settings › Hardware › Scanners.", "breadcrumb-chain");
    check_not_by("Under Settings > Privacy > Location you can change:", "breadcrumb-chain");
    /* Code's arrows and generics are no path. */
    static const char *const code[] = {"pub fn iter(&self) -> Iter<'_, T>", "Err(Full(v)) => assert_eq!(v, 2),",
                                       "fn map(self) -> Option<U> -> Result"};
    for (size_t i = 0; i < sizeof code / sizeof *code; i++) {
        verdict v = line_verdict(builtin, code[i], TEST_LINE);
        ck_assert_msg(strcmp(v.reason, "rule:breadcrumb-chain") != 0, "\"%s\" read as a path", code[i]);
    }
}
END_TEST

START_TEST(builtin_separator)
{
    check_dropped_by("___", "separator");
    check_dropped_by("* * *", "separator");
    check_not_by("--- Note ---", "separator");
}
END_TEST

START_TEST(builtin_icon_legend)
{
    /* A run of legends on one line, and one legend on a short line of its own. */
    check_dropped_by("Calendar An icon of a desk calendar. Cancel An icon of a circle with a diagonal line across.",
                     "icon-legend");
    check_dropped_by("An icon of a paper plane", "icon-legend-line");
    check_prose_kept("The icon on the screen shows how much battery the phone has left before it shuts down "
                     "for the night.",
                     "icon-legend");
}
END_TEST

START_TEST(builtin_icon_legend_prose)
{
    /* Prose that uses the phrase is not an icon's legend. */
    check_prose_kept("After the war she became an icon of the resistance, and her speeches were read aloud in "
                     "schools across the country for decades.",
                     "icon-legend");
}
END_TEST

START_TEST(builtin_rating)
{
    check_dropped_by("veryGood! (61)", "rating");
    check_dropped_by("Helpful (12)", "rating");
    check_not_by("Very good results (2024)", "rating");
    check_not_by("Good (and bad) news for savers", "rating");
}
END_TEST

START_TEST(builtin_image_markup)
{
    check_dropped_by("![The old library on Market Street](https://example.com/img/library.jpg)", "image-markup");
    check_dropped_by("[![Logo](/logo.png)](https://example.com/)", "image-markup");
    check_dropped_by("* ![](photo.jpg \"A title\")", "image-markup");
    /* A paragraph with an image inside it is not an image line. */
    check_prose_kept("The council published a map ![map](map.png) of the new lines, which will be built over "
                     "the next five years in three stages.",
                     "image-markup");
}
END_TEST

/* Rules read a line of a Markdown or lynx dump as its reader sees it,
 * without its links' targets or reference numbers: a header or a byline
 * that is a link is still one, and an address in a link's target does
 * not make a line a URL. */
START_TEST(builtin_rules_read_link_text)
{
    check_dropped_by("[Related stories](https://example.com/related)", "related-header");
    check_dropped_by("### Similar threads", "related-header");
    check_dropped_by("Similar topics", "related-header");
    check_not_by("Similar threads are merged by the moderators.", "related-header");
    check_dropped_by("See also", "related-header");
    check_not_by("SEE ALSO", "related-header");
    check_dropped_by("Did you find this page useful? Do you have a suggestion to improve the documentation? Give us "
                     "feedback.",
                     "feedback-prompt");
    check_dropped_by("このページは役に立ちましたか？", "feedback-prompt-cjk");
    check_dropped_by("该文章对您有帮助吗？", "feedback-prompt-cjk");
    check_not_by("この機能は導入時の設定作業に役に立ちました。", "feedback-prompt-cjk");
    check_dropped_by("Dirk-Jan, BramvdL en 3 anderen vinden dit leuk", "post-likes");
    check_dropped_by("Anna, Tom and 2 others like this", "post-likes");
    check_dropped_by("   Henk_installatie en BramvdL vinden dit leuk", "post-likes");
    check_not_by("Nobody I know likes this new timetable, and the council has been told so.", "post-likes");
    check_not_by("With a loop it would look like this:", "post-likes");
    check_dropped_by("Advertentie", "advert-label");
    check_dropped_by("vincent-b Propriétaire a commenté il y a 3 semaines", "comment-stamp-intl");
    check_dropped_by("jeanmarc-k a commenté il y a 2 jours", "comment-stamp-intl");
    check_not_by("Le ministre a commenté le rapport devant les députés hier soir.", "comment-stamp-intl");
    check_dropped_by("claire-schaller a ajouté les étiquettes bug régional il y a 3 semaines", "issue-event");
    check_dropped_by("vincent-b a fermé ce ticket via le commit 8c41e0b il y a 5 jours", "issue-event");
    check_dropped_by("COLOPHON", "man-colophon");
    check_dropped_by("COLOPHON         top", "man-colophon");
    check_not_by("Colophon", "man-colophon");
    check_dropped_by("Meer nieuws uit Heukelveen", "related-header-nl");
    check_dropped_by("Související", "related-header-intl");
    check_dropped_by("Mohlo by vás zajímat", "related-header-intl");
    check_dropped_by("Pro\xC4\x8Ditajte jo\xC5\xA1", "related-header-intl");
    check_dropped_by("Preberite tudi", "related-header-intl");
    check_dropped_by("Komentari (34)", "comments-header");
    check_dropped_by("12 komentara", "comments-header");
    check_dropped_by("Mais artigos de Inês Carvalhal Brito", "related-header-pt");
    check_dropped_by("   [35]Comments", "comments-header");
    check_dropped_by("#### Discussion about this post", "comments-header");
    check_dropped_by("  Discussion (2)", "comments-header");
    check_not_by("Discussion", "comments-header"); /* a paper's section */
    check_dropped_by("23 Responses", "comments-responses");
    check_dropped_by("Responses (23)", "comments-responses");
    check_not_by("Responses", "comments-header"); /* an API reference's section */
    check_not_by("Responses", "comments-responses");
    check_dropped_by("Коментарі", "comments-header");
    check_dropped_by("42 příspěvků", "comments-header");
    check_not_by("Diskuse", "comments-header"); /* a Czech paper's section */
    check_dropped_by("12 kommentarer", "comments-header");
    check_dropped_by("Σχόλια (4)", "comments-header");
    check_dropped_by("## [Most read](https://example.com/most-read \"Most read\")", "related-header");
    check_dropped_by("By [Jane Miller](https://example.com/authors/jane) | March 3, 2024", "byline-link");
    check_dropped_by("By [Jane Miller](https://example.com/jane) and [Tom Berg](https://example.com/tom)",
                     "byline-link");
    check_prose_kept("The council will publish [a detailed timetable](https://example.com/council/timetable.html) "
                     "for the works on its website next month.",
                     "related-header");
}
END_TEST

/* A comment's stamp where posters go by handle heads a post, and an
 * issue tracker's events between comments go; an article's dateline of
 * the same shape is no post. */
START_TEST(builtin_comment_stamp)
{
    check_dropped_by("jdoe 4 hours ago | parent | next [–]", "comment-stamp");
    check_dropped_by("mkline commented on Mar 3, 2024", "comment-stamp");
    check_dropped_by("old_hand replied 2 days ago", "comment-stamp");
    check_dropped_by("commented on Mar 4, 2024", "comment-stamp-bare");
    check_dropped_by("replied on 4 March 2024", "comment-stamp-bare");
    check_dropped_by("opened on Mar 4, 2024", "comment-stamp-bare");
    check_dropped_by("commented", "comment-stamp-bare"); /* between the handle and the date */
    check_not_by("opened", "comment-stamp-bare");
    check_dropped_by("Not the answer you're looking for? Browse other questions tagged baking sourdough or ask your "
                     "own question.",
                     "qa-prompt");
    check_dropped_by("Not the answer you’re looking for? Browse other questions tagged", "qa-prompt");
    check_dropped_by("You must log in to answer this question.", "qa-prompt");
    check_dropped_by("Your Answer", "qa-prompt");
    check_dropped_by("Thanks for contributing an answer to Stack Overflow!", "qa-prompt");
    check_dropped_by("Making statements based on opinion; back them up with references or personal experience.",
                     "qa-prompt");
    check_dropped_by("Sign up using Email and Password", "qa-prompt");
    check_dropped_by("But avoid …", "qa-prompt");
    check_dropped_by("Beta Was this translation helpful? Give feedback.", "qa-prompt");
    check_dropped_by("If the answer is helpful, please click \"Accept Answer\" and kindly upvote it.", "qa-prompt");
    check_dropped_by("Close", "menu-words");
    check_dropped_by("» Log in", "menu-words");
    check_not_by("close()", "menu-words"); /* a method in a reference's list */
    check_dropped_by("Link copied to clipboard", "clipboard");
    check_dropped_by("Copied!", "clipboard");
    check_not_by("Copy", "clipboard"); /* a code block's button: code.c's */
    check_not_by("The files copied to the clipboard keep their names.", "clipboard");
    check_dropped_by("[edit]", "edit-link");
    check_dropped_by("[Bearbeiten | Quelltext bearbeiten]", "edit-link");
    check_dropped_by("[modifier | modifier le code]", "edit-link");
    check_dropped_by("[source]", "edit-link");
    check_not_by("[citation needed]", "edit-link");
    check_not_by("Edit the source file, then run the build again.", "edit-link");
    check_dropped_by("Cooking Questions & Answers is a question and answer site for professional and amateur chefs. "
                     "It only takes a minute to sign up.",
                     "qa-site-banner");
    check_dropped_by("The network consists of 174 Q&A communities where people ask questions, share knowledge, and "
                     "build their careers.",
                     "qa-site-banner");
    check_not_by("The forum is a question of trust: it only works when members answer each other.", "qa-site-banner");
    check_not_by("But avoid the second form: it copies the whole list on every call.", "qa-prompt");
    check_not_by("Your answer depends on the flour: a whole wheat starter rises faster than a white one.", "qa-prompt");
    check_dropped_by("This topic was automatically closed 7 days after the last reply. New replies are no longer allowed.",
                     "thread-closed");
    check_dropped_by("This thread has been locked by the moderators.", "thread-closed");
    check_dropped_by("Dieses Thema wurde automatisch 7 Tage nach der letzten Antwort geschlossen.", "thread-closed");
    check_not_by("The topic was closed to the press, so the council met in private.", "thread-closed");
    check_dropped_by("tpark added the bug label on Mar 4, 2024", "issue-event");
    check_dropped_by("mkline closed this as completed in #1290", "issue-event");
    check_dropped_by("Puntuación de reacción", "forum-user-label");
    check_dropped_by("Reaktionspunkte", "forum-user-label");
    /* A mailing-list archive's message headers. */
    check_dropped_by("From: Jonas Everett <jonas.everett@fjordline-logistics.example>", "mail-from");
    check_dropped_by("From: jonas at fjordline.example (Jonas Everett)", "mail-from");
    check_not_by("From: Hull", "mail-from");
    check_not_by("From: Paris to Lyon in two hours", "mail-from");
    check_dropped_by("To: quill-general@lists.quilldb.example", "mail-header");
    check_dropped_by("Reply-to: corvid-user@lists.corvidlinux.org", "mail-header");
    check_dropped_by("Date: Tue, 05 Mar 2024 09:14:22 +0100", "mail-header");
    check_dropped_by("Date: Tue Mar  5 09:14:22 CET 2024", "mail-header");
    check_dropped_by("Message-id: <87h6hs0x1.fsf@quilldb.example>", "mail-header");
    check_dropped_by("In-Reply-To: <CAK3e9Lm2@mail.fjordline.example>", "mail-header");
    check_dropped_by("References:", "mail-header");
    check_dropped_by("Subject: autovacuum never gets to my append-only table", "mail-header");
    check_not_by("To: the residents of the old town", "mail-header");
    check_not_by("Date: 12 May 2025, doors open at 7 pm", "mail-header");
    check_not_by("Date: Sat, 12 May 2025 19:30", "mail-header");
    check_not_by("Dates: 12 to 14 May", "mail-header");
    check_not_by("Published 22 hours ago", "comment-stamp");
    check_not_by("Updated 3 hours ago", "comment-stamp");
    check_prose_kept("Residents commented on the plan for weeks before the council voted on it, and most of them "
                     "asked for more trams on the eastern routes.",
                     "comment-stamp");
}
END_TEST

START_TEST(builtin_caption_credit)
{
    check_dropped_by("Jens Stoltenberg (Olafur Steinar Rye Gestsson/Ritzau Scanpix/AP)", "caption-credit");
    check_dropped_by("(AP Photo/Carolyn Kaster, File)", "caption-credit");
    check_dropped_by("Rescue workers search the rubble in the old town on Monday. (Photo: John Smith/Reuters)",
                     "caption-credit");
    check_not_by("The report was published by the agency on Monday (AP)", "caption-credit");
    check_prose_kept("The minister (who spoke to reporters from AP and Reuters on Monday) said that the plan "
                     "would be put to a vote next month.",
                     "caption-credit");
}
END_TEST

START_TEST(builtin_follow_with_url)
{
    check_dropped_by("Follow her on Twitter at https://twitter.com/example", "follow-with-url");
    check_dropped_by("Read the full report at www.example.org/report", "follow-with-url");
    check_prose_kept("Follow the river north for two miles and you will reach the old mill at the edge of the "
                     "town.",
                     "follow-with-url");
}
END_TEST

START_TEST(builtin_social_embed)
{
    check_dropped_by("View this post on Instagram", "social-embed");
    check_dropped_by("A post shared by The Velvet Hours (@velvethours)", "social-embed");
    check_dropped_by("This content is imported from Instagram. You may be able to find the same content in another "
                     "format, or you may be able to find more information, at their web site.",
                     "social-embed");
    check_prose_kept("A post shared by thousands of fans on the night of the concert said the band had never sounded "
                     "better, and the promoters said they would add two more dates in the autumn.",
                     "social-embed");
}
END_TEST

/* Prompts of a publisher's pages: share buttons as WordPress prints them,
 * a link's "(opens in new window)", republishing and donation boxes, a
 * byline's "More by". */
START_TEST(builtin_publisher_prompts)
{
    check_dropped_by("Click to share on Facebook (Opens in new window)", "share-prompt");
    check_dropped_by("Listen to the episode on our podcast page (opens in a new tab)", "new-window-label");
    check_dropped_by("Republish this story", "republish-prompt");
    check_dropped_by("This article is licensed under Creative Commons. You may republish it for free.",
                     "republish-prompt");
    check_dropped_by("Support local journalism", "donate-prompt");
    check_dropped_by("Підтримайте незалежну журналістику", "donate-prompt");
    check_dropped_by("Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися про головні новини Львова.",
                     "social-follow");
    /* A sign-up's fine print is long, a hard-wrapped paragraph of it longer. */
    check_dropped_by("We use your sign-up to provide content in ways you've consented to and to improve our "
                     "understanding of you. This may include adverts from us and 3rd parties based on our "
                     "understanding. You can unsubscribe at any time. More info",
                     "newsletter-fine-print");
    check_dropped_by("By submitting your information you agree to the Terms & Conditions and Privacy Policy and "
                     "are aged 16 or over.",
                     "newsletter-fine-print");
    check_dropped_by("Thanks for reading The Kitchen Table Economist! Subscribe for free to receive new posts and "
                     "support my work.",
                     "subscribe-posts");
    check_prose_kept("Print newspapers have lost most of their readers in the past two decades, and many towns now "
                     "have no local paper at all.",
                     "share-prompt");
    check_dropped_by("Source: Reuters", "credit-line");
    check_not_by("source = \"posts\"", "credit-line"); /* a line of code */
    check_dropped_by("Quelle: dpa", "credit-line");
    check_dropped_by("Harwick University (c) 2024", "legal-footer");
    check_dropped_by("Stadtwerke Essen © 2024", "legal-footer");
    /* A grade, not a copyright sign. */
    check_not_by("Grade 4 (C) or above in English Language and Mathematics.", "legal-footer");
    check_dropped_by("(crédito: Minervino Júnior/CB/D.A Press)", "credit-line");
    /* A word, not a label: a product's claim, a French question. */
    check_not_by("Source of fibre", "credit-line");
    check_not_by("Quelle alim pour une config Ryzen 7 ?", "credit-line");
    check_dropped_by("We use some essential cookies to make this website work.", "cookie-consent");
    check_dropped_by("Vi använder kakor (cookies) för att webbplatsen ska fungera.", "cookie-consent");
    check_dropped_by("Wij gebruiken cookies om de website te verbeteren.", "cookie-consent");
    check_dropped_by("Dit forum gebruikt cookies om de inhoud te personaliseren.", "cookie-consent");
    check_dropped_by("The opinions expressed here are the author's own.", "disclaimer");
    check_dropped_by("Os artigos de opinião publicados no Jornal da Foz vinculam apenas os seus autores.", "disclaimer");
    check_prose_kept("The authors say the opinions of residents were collected over two years in a dozen public "
                     "meetings across the district.",
                     "disclaimer");
    check_dropped_by("Ce site utilise des cookies pour mesurer son audience.", "cookie-consent");
    check_dropped_by("Questo sito utilizza cookie tecnici e di profilazione.", "cookie-consent");
    check_dropped_by("\xE5\xBD\x93\xE3\x82\xB5\xE3\x82\xA4\xE3\x83\x88\xE3\x81\xA7\xE3\x81\xAF"
                     "\xE3\x82\xAF\xE3\x83\x83\xE3\x82\xAD\xE3\x83\xBC\xE3\x82\x92\xE4\xBD\xBF"
                     "\xE7\x94\xA8\xE3\x81\x97\xE3\x81\xA6\xE3\x81\x84\xE3\x81\xBE\xE3\x81\x99"
                     "\xE3\x80\x82",
                     "cookie-consent-cjk"); /* 当サイトではクッキーを使用しています。 */
    check_dropped_by("\xE6\x9C\xAC\xE7\xBD\x91\xE7\xAB\x99\xE4\xBD\xBF\xE7\x94\xA8 Cookie "
                     "\xE6\x9D\xA5\xE6\x94\xB9\xE5\x96\x84\xE6\x82\xA8\xE7\x9A\x84\xE4\xBD\x93"
                     "\xE9\xAA\x8C\xE3\x80\x82",
                     "cookie-consent-cjk"); /* 本网站使用 Cookie 来改善您的体验。 */
    check_dropped_by("We'd like to set additional cookies to understand how you use the website and", "cookie-consent");
    check_prose_kept("Bakers in the town say they use some of the cookies left over from the fair for a charity "
                     "breakfast.",
                     "cookie-consent");
    check_dropped_by("Jetzt weiterlesen mit SPIEGEL+", "paywall-prompt");
    check_dropped_by("Jederzeit kündbar", "newsletter-fine-print");
    check_dropped_by("Das Abo ist jederzeit kündbar.", "newsletter-fine-print");
    check_dropped_by("Sie haben bereits ein Digital-Abonnement? Hier anmelden", "paywall-prompt");
    check_dropped_by("Cet article est réservé aux abonnés.", "paywall-prompt");
    check_dropped_by("Je leest nu gratis 3 van de 5 artikelen deze maand. Word abonnee voor onbeperkt toegang.",
                     "paywall-prompt");
    check_dropped_by("Heb jij een tip voor de redactie? Stuur een bericht via WhatsApp naar 06-00112233.",
                     "news-tip-prompt");
    check_dropped_by("Got a news tip? Email our newsroom at tips@example.com", "news-tip-prompt");
    check_prose_kept("Have a tip for keeping tomatoes from splitting in the rain? Gardeners at the allotment say "
                     "a layer of straw helps more than anything else.",
                     "news-tip-prompt");
    check_dropped_by("You've read all your free articles this month.", "paywall-prompt");
    check_prose_kept("Der Vertrag ist jederzeit kündbar, sagt die Verbraucherzentrale, doch viele Kunden wissen das "
                     "nicht.",
                     "paywall-prompt");
    check_prose_kept("Local newsrooms say they rely on readers for most of their income now, after advertising "
                     "moved to the large platforms.",
                     "donate-prompt");
}
END_TEST

START_TEST(builtin_browser_notice)
{
    check_dropped_by("JavaScript is disabled. For a better experience, please enable JavaScript in your browser "
                     "before proceeding.",
                     "browser-notice");
    check_dropped_by("You are using an out of date browser. It may not display this or other websites correctly.",
                     "browser-notice");
    check_dropped_by("Bitte aktiviere JavaScript, um die Kommentare zu sehen.", "browser-notice");
    check_prose_kept("The developers said the new version of the library no longer needs JavaScript on the "
                     "server, which cut the time a page takes to load by half in their tests.",
                     "browser-notice");
}
END_TEST

/* A forum's profile label on a line of its own, its value on the next. */
/* The header of an author's box, in the languages its sites write it. */
START_TEST(builtin_about_header)
{
    check_dropped_by("About the author", "about-header");
    check_dropped_by("Sobre la firma", "about-header");
    check_dropped_by("Sull'autore", "about-header");
    check_dropped_by("\xD0\x9E\xD0\xB1 \xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80\xD0\xB5", "about-header"); /* Об авторе */
    check_not_by("About the author of the report, the committee said little in its statement on Friday.", "about-header");
    /* A shop's section about its product is the content. */
    check_not_by("ABOUT THIS GAME", "about-header");
    check_not_by("About this app", "about-header");
    check_dropped_by("About Jane Doe", "about-header");
}
END_TEST

/* "Recommended:" labels a value (system requirements); "Recommended"
 * alone heads a list of links. */
START_TEST(builtin_recommended_label)
{
    check_dropped_by("Recommended for you", "related-header");
    check_not_by("RECOMMENDED:", "related-header");
}
END_TEST

/* A table's header names it in the reason of the line, whatever context
 * then decided (it is scored as a short line). */
static void check_table_header(const char *line, const char *name, bool want)
{
    verdict v = line_verdict(builtin, line, TEST_LINE);
    char suffix[160];
    snprintf(suffix, sizeof suffix, ":%s", name);
    size_t n = strlen(v.reason), k = strlen(suffix);
    bool named = n >= k && strcmp(v.reason + n - k, suffix) == 0;
    ck_assert_msg(named == want, "\"%s\": reason \"%s\"", line, v.reason);
}

/* Shops head their specifications so in many languages ("规格与包装" is
 * JD's tab and section); a sentence about them is no header. */
/* The delivery and returns box of a shop, in the forms shops print it;
 * a sentence about delivery in an article is no box. */
START_TEST(builtin_delivery_notes)
{
    check_dropped_by("Next Day Delivery: £5.99, order before 9pm Sunday to Thursday", "delivery-note");
    check_dropped_by("Click & Collect from over 40 stores: Free", "delivery-note");
    check_dropped_by("Shipped within 2 business days from Shinjuku, Tokyo", "delivery-note");
    check_dropped_by("Returns accepted within 14 days of delivery", "delivery-note");
    check_dropped_by("Frete grátis para Sudeste em compras acima de R$ 79", "delivery-note");
    check_dropped_by("Devolução grátis em até 7 dias", "delivery-note");
    check_dropped_by("Retours gratuits sous 30 jours", "delivery-note");
    check_prose_kept("Shipping firms say next-day delivery will cost more this winter, as fuel and wages rise "
                     "faster than parcel volumes.",
                     "delivery-note");
}
END_TEST

START_TEST(builtin_spec_headers)
{
    static const char *const headers[] = {"规格与包装", "商品参数", "基本仕様", "スペック表", "주요 사양",
                                          "Technische Daten", "Specificații", "Műszaki adatok", "Tekniset tiedot",
                                          "Τεχνικά χαρακτηριστικά", "Thông số kỹ thuật", "Dati tecnici",
                                          "Données techniques", "Datos técnicos", "Technické údaje", "Equipaggiamento",
                                          "Measurements", "Product dimensions", "Abmessungen", "Dimensioni", "Wymiary"};
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++)
        check_table_header(headers[i], "spec-header", true);
    check_table_header("スペック情報の誤りを報告する", "spec-header", false);
    check_table_header("商品詳細", "spec-header-cjk", true);
    check_table_header("書誌情報", "spec-header-cjk", true);
    check_table_header("상품 정보", "spec-header-cjk", true);
}
END_TEST

/* The reviews' header that ends a product's content, in more languages. */
START_TEST(builtin_reviews_headers)
{
    check_dropped_by("Review-uri clienți", "reviews-header");
    check_dropped_by("Kundrecensioner", "reviews-header");
    check_dropped_by("Отзывы покупателей", "reviews-header");
    check_dropped_by("What our guests say", "testimonials-header");
    check_dropped_by("Ce que disent nos clients", "testimonials-header");
    check_dropped_by("Guest reviews", "reviews-header");
    check_dropped_by("カスタマーレビュー", "reviews-header");
    check_not_by("Отзывы покупателей о доставке в регионы", "reviews-header");
}
END_TEST

/* A Russian Q&A board's stamps, buttons and prompts. */
START_TEST(builtin_qa_chrome_ru)
{
    check_dropped_by("Вопрос задан 14 февр.", "qa-post-stamp");
    check_dropped_by("Ответ написан 15 февр.", "qa-post-stamp");
    check_dropped_by("Комментировать Нравится 6 Пожаловаться", "post-links");
    check_dropped_by("Похожие вопросы", "related-header-ru");
    check_dropped_by("Войдите, чтобы написать ответ", "qa-prompt");
    check_not_by("Нравится ли вам этот ответ, решать вам.", "post-links");
}
END_TEST

/* Stack Exchange's answer form in its Portuguese, Spanish and Russian
 * sites; an answer that tells the asker what to avoid is no prompt. */
START_TEST(builtin_qa_answer_form_translated)
{
    check_dropped_by("Obrigado por contribuir com o Stack Overflow em Português!", "qa-prompt");
    check_dropped_by("Certifique-se de responder à pergunta. Forneça detalhes e compartilhe sua pesquisa!", "qa-prompt");
    check_dropped_by("Fazer declarações baseadas em opiniões; aponte referências ou experiências anteriores.", "qa-prompt");
    check_dropped_by("Não é a resposta que você está procurando? Pesquise outras perguntas com a tag python pandas.",
                     "qa-prompt");
    check_dropped_by("¡Gracias por contribuir en Stack Overflow en español con una respuesta!", "qa-prompt");
    check_dropped_by("Al hacer clic en “Publica tu respuesta”, aceptas nuestros términos de servicio.", "qa-prompt");
    check_dropped_by("Спасибо за ваш ответ на Stack Overflow на русском!", "qa-prompt");
    check_dropped_by("Всё ещё ищете ответ? Посмотрите другие вопросы с метками python.", "qa-prompt");
    check_prose_kept("Mas evite usar apply aqui, porque ele percorre o DataFrame linha por linha e fica muito lento.",
                     "qa-prompt");
}
END_TEST

/* A product's JSON-LD, which a dump of textContent prints as a line. */
START_TEST(builtin_structured_data)
{
    check_dropped_by("{\"@context\":\"https://schema.org\",\"@type\":\"Product\",\"name\":\"Hochtour GTX\"}",
                     "structured-data");
    check_not_by("{\"name\": \"Hochtour GTX\", \"size\": 45}", "structured-data");
}
END_TEST

/* MediaWiki's tagline, last-edit and licence lines, in a few languages;
 * an article about the encyclopedia keeps its sentences. */
START_TEST(builtin_wiki_chrome)
{
    check_dropped_by("From Wikipedia, the free encyclopedia", "wiki-chrome");
    check_dropped_by("Aus Wikipedia, der freien Enzyklopädie", "wiki-chrome");
    check_dropped_by("This page was last edited on 6 April 2025, at 13:30 (UTC).", "wiki-chrome");
    check_dropped_by("Diese Seite wurde zuletzt am 3. Mai 2025 um 10:12 Uhr bearbeitet.", "wiki-chrome");
    check_dropped_by("Text is available under the Creative Commons Attribution-ShareAlike 4.0 License; additional "
                     "terms may apply.",
                     "wiki-chrome");
    check_prose_kept("Wikipedia, the free encyclopedia that anyone can edit, was blocked in the country for nearly "
                     "three years before the court ruled.",
                     "wiki-chrome");
}
END_TEST

/* A Chinese board's post stamp heads a post. */
START_TEST(builtin_post_stamp_cjk)
{
    check_dropped_by("发表于 2024-1-6 21:55:40", "post-stamp-cjk");
    check_dropped_by("發表於 2023/12/30 08:15", "post-stamp-cjk");
    check_not_by("这篇文章发表于2024年的一本杂志上，作者是一位有二十年经验的硬盘工程师，他在文中详细比较了几种硬盘的噪音和寿命。", "post-stamp-cjk");
}
END_TEST

/* A text board's or an image board's post line heads a post; a dated
 * line without the poster's ID or the post's number does not. */
START_TEST(builtin_board_post_line)
{
    check_dropped_by("3 名無しさん＠お腹いっぱい。 (ｽﾌﾟｯｯ Sd12-7LkP) 2024/03/02(土) 19:20:11.02 ID:u9YbN2cTd",
                     "board-post-line");
    check_dropped_by("12 名前：名無しさん [sage] 投稿日：2023/11/05(日) 08:15:44.10 ID:Qw3eRt5y0", "board-post-line");
    check_dropped_by("Anonymous 03/02/24(Sat)18:41:07 No.4410021", "board-post-line");
    check_not_by("2024/03/02(土) 18:41 配信", "board-post-line");
    check_not_by("会場は2024/03/02(土) 18:00開場、19:00開演です。", "board-post-line");
}
END_TEST

/* A documentation generator's headings carry a permalink sign. */
START_TEST(builtin_anchored_heading)
{
    check_kept_by("Constants ¶", "anchored-heading");
    check_kept_by("func (*Buffer[T]) Cap ¶", "anchored-heading");
    check_kept_by("Installation¶", "anchored-heading");
    check_not_by("The sign ¶ marks a paragraph in old manuscripts.", "anchored-heading");
}
END_TEST

/* "Was this page helpful?" widgets, in the wordings and languages
 * docs and public sites use. */
START_TEST(builtin_feedback_prompt)
{
    check_dropped_by("Was this page useful? Yes No", "feedback-prompt");
    check_dropped_by("Did this page help you?", "feedback-prompt");
    check_dropped_by("Was this review helpful? Yes (14) No (1)", "feedback-prompt");
    check_dropped_by("¿Te ha resultado útil esta información? Sí No", "feedback-prompt");
    check_dropped_by("Cette page vous a-t-elle été utile ?", "feedback-prompt");
    check_dropped_by("War diese Seite hilfreich?", "feedback-prompt");
    check_not_by("The survey asked whether this page was useful to new users.", "feedback-prompt");
}
END_TEST

START_TEST(builtin_forum_user_label)
{
    check_dropped_by("Joined", "forum-user-label");
    check_dropped_by("Reaction score", "forum-user-label");
    check_dropped_by("Dabei seit:", "forum-user-label");
    check_dropped_by("P\xC5\x99\xC3\xADsp\xC4\x9Bvek od MartinD\xC3\xADlna \xC2\xBB \xC4\x8Dtv 14. b\xC5\x99"
                     "e 2024 20:05",
                     "forum-post-by"); /* Příspěvek od MartinDílna » čtv 14. bře 2024 20:05 */
    check_dropped_by("Post autor: kasia_r \xC2\xBB 12 mar 2024, 10:15", "forum-post-by");
    check_dropped_by("P\xC5\x99\xC3\xADsp\xC4\x9Bvky: 8904", "forum-user-info");
    check_dropped_by("Registrov\xC3\xA1n: \xC3\xBAte 10. led 2012 21:05", "forum-user-info");
    check_dropped_by("Last edited by Radek on Fri Mar 15, 2024 8:12 am, edited 1 time in total.", "post-edit-note");
    check_dropped_by("Zuletzt bearbeitet von holger am 3. M\xC3\xA4rz 2024, 10:12", "post-edit-note");
    check_prose_kept("The last edited by hand version of the map was drawn in 1911, before the survey office "
                     "moved to the new building by the river.",
                     "post-edit-note");
    check_dropped_by("Fecha de ingreso", "forum-user-label");
    check_dropped_by("Data registrazione", "forum-user-label");
    check_dropped_by("Lid geworden", "forum-user-label");
    check_dropped_by("Waarderingsscore", "forum-user-label");
}
END_TEST

/* phpBB's post header and user box, and a quote's header, in the
 * languages of its translations. */
START_TEST(builtin_phpbb_post_chrome)
{
    check_dropped_by("Posted: Mon Mar 04, 2024 7:22 pm    Post subject: Reel wobble", "forum-post-header");
    check_dropped_by("Добавлено: Пн Мар 04, 2024 19:22    Заголовок сообщения: Люфт ручки", "forum-post-header");
    check_dropped_by("Verfasst am: Mo 04.03.2024 19:22    Titel: Rolle", "forum-post-header");
    check_dropped_by("Зарегистрирован: 12.05.2011", "forum-user-info");
    check_dropped_by("Сообщения: 1843", "forum-user-info");
    check_dropped_by("Сообщений: 7814", "forum-user-info");
    check_dropped_by("Репутация: 612", "forum-user-info");
    check_dropped_by("Карась писал(а):", "comment-author");
    check_dropped_by("Anders_Lindh sa:", "comment-author");
    check_dropped_by("Ana Ribeiro escreveu:", "comment-author");
    check_dropped_by("pvdberg schreef:", "comment-author");
    check_not_by("Det var vad hon sa", "comment-author");
    check_dropped_by("Responder Con Cita", "post-links");
    check_dropped_by("Klicka för att expandera...", "post-links");
    check_dropped_by("Zum Erweitern klicken...", "post-links");
    check_dropped_by("asked Mar 4, 2024 at 19:10", "qa-post-stamp");
    check_dropped_by("perguntada 5/02/2021 às 19:10", "qa-post-stamp");
    check_dropped_by("respondida há 3 horas", "qa-post-stamp");
    check_dropped_by("Respondido el 3 de abril de 2026", "qa-post-stamp");
    check_dropped_by("Geantwoord op 4 april 2026", "qa-post-stamp");
    check_dropped_by("posée 14 mars 2022 à 19:02", "qa-post-stamp");
    check_dropped_by("répondue 20 juin 2023 à 12:31", "qa-post-stamp");
    check_not_by("Publicado el 3 de abril de 2026", "qa-post-stamp");
    check_not_by("Asked about the plan, the mayor said the council would vote in May.", "qa-post-stamp");
    check_dropped_by("[–]pallet_of_drives MOD 214 points 6 hours ago", "comment-points");
    check_dropped_by("[–]kestrel_ops[S] 37 points 6 hours ago", "comment-points");
    check_dropped_by("crumbshot_carl [score hidden] 2 hours ago", "comment-points");
    check_not_by("The team scored 214 points 6 hours ago in the final.", "comment-points");
    /* A blog's date line is no post's header. */
    check_not_by("Posted: March 4, 2024", "forum-post-header");
    check_prose_kept("Posted: the council's letter arrived on Monday, and its subject was the new tram line "
                     "through the old town.",
                     "forum-post-header");
}
END_TEST

/* MIDDLE (a header and three list lines) at TEST_LINE: the header goes by
 * rule NAME and each list line by its block. */
static void check_block(const char *middle, const char *name)
{
    size_t length;
    char *page = page_with(middle, strlen(middle), &length);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(builtin, page, length, CLEAN_DETAILS, &r), CLEAN_OK);
    const char *reason;
    int kept;
    char want[64];
    ck_assert_int_eq(clean_result_line(r, TEST_LINE, NULL, NULL, &kept, NULL, NULL, &reason, NULL), CLEAN_OK);
    snprintf(want, sizeof want, "rule:%s", name);
    ck_assert_str_eq(reason, want);
    ck_assert_int_eq(kept, 0);
    snprintf(want, sizeof want, "block:%s:%d", name, TEST_LINE + 1);
    for (size_t i = TEST_LINE + 1; i <= TEST_LINE + 3; i++) {
        ck_assert_int_eq(clean_result_line(r, i, NULL, NULL, &kept, NULL, NULL, &reason, NULL), CLEAN_OK);
        ck_assert_msg(strcmp(reason, want) == 0, "line %zu: reason \"%s\", expected \"%s\"", i, reason, want);
        ck_assert_msg(!kept, "list line %zu kept", i);
    }
    clean_result_free(r);
    free(page);
}

START_TEST(builtin_related_block)
{
    /* The header and the bulleted headlines under it all go; the prose
     * after the list stays. */
    check_block("Related\n"
                "- Council approves new budget for schools\n"
                "- Storm damage closes the coastal road\n"
                "- Local team wins the regional cup final",
                "related-header");
    check_prose_kept("Related costs rose sharply in the spring, as the price of steel and concrete went up "
                     "again.",
                     "related-header");
    check_dropped_by("### Related reviews", "related-header");
    check_dropped_by("Related products", "related-header");
    check_block("More by Dana Okafor\n- Council approves new budget for schools\n- Storm damage closes the coastal road\n"
                "- Local team wins the regional cup final",
                "related-header");
    /* Japanese, Chinese and Korean pages name their lists too. */
    check_block("関連記事\n* 敦賀駅の乗り換え「不便」６割\n* 恐竜博物館、入館者数が過去最多\n* えちぜん鉄道、新型車両を導入へ",
                "related-header-cjk");
    check_block("많이 본 뉴스\n1. 서울 아파트값 3주 연속 상승\n2. 내일 전국에 비\n3. 프로야구 개막전 매진", "related-header-cjk");
    check_block("相关新闻\n城市图书馆新馆开放\n地铁三号线年底通车\n春季花展本周末开幕", "related-header-cjk");
    check_block("関連する質問\n退去立ち会いでサインしてしまいました\n敷金が返ってこないときの相談先\n更新料を払わずに退去できますか",
                "related-header-cjk");
    check_dropped_by("あわせて知りたい", "related-header-cjk");
    check_dropped_by("急上昇のQ&A", "related-header-cjk");
    /* The languages the other rules leave out. */
    check_block("Notícies relacionades\n- La DOQ aprova una nova categoria\n- Els cellers alerten de la falta de mà d'obra\n"
                "- Gratallops obre un alberg",
                "related-header-intl");
    check_block("اخبار مرتبط\n- کاهش بارش‌ها در اصفهان\n- افتتاح موزه جدید\n- بازگشایی مدارس", "related-header-intl2");
    check_block("Relaterte tråder\n- Drenering rundt grunnmur\n- Fukt i kjeller om sommeren\n- Radon i nytt hus",
                "related-header-intl");
    check_prose_kept("Relaterte artikler om drenering har vi skrevet mange av, men denne gangen ser vi nærmere på "
                     "fukt i gamle murhus.",
                     "related-header-intl");
}
END_TEST

START_TEST(builtin_tags_block)
{
    check_block("References\nSmith, J. (2019). Tides.\nGoogle Scholar\nLee, K. (2020). Marshes.", "references-header");
    check_block("Einzelnachweise\nDeutsche Bahn: Chronik\nStadt Essen: Brücken\nArchiv, abgerufen am 3. Mai", "references-header");
    check_prose_kept("References to the old bridge appear in letters from 1840, when the town first asked for a new "
                     "crossing.",
                     "references-header");
    check_block("Tags:\nPolitics\nPublic transport\nCity council", "tags-header");
    check_block("Arxivat a:\nPriorat\nVi\nAgricultura", "tags-header");
    check_block("Mada:\nKilimo\nZanzibar\nUchumi wa buluu", "tags-header");
    check_block("برچسب‌ها\nمحیط زیست\nاصفهان\nکشاورزی", "tags-header");
    check_prose_kept("Tags are small labels that shops put on their goods so that customers can see the price "
                     "at once.",
                     "tags-header");
}
END_TEST

START_TEST(builtin_product_list_block)
{
    /* On a shop page the lists of other products go; prose about
     * customers who bought something stays. */
    check_block("Customers who bought this item also bought\n"
                "Acme Grinder Pro\n"
                "$39.99\n"
                "Acme Filter Pack",
                "product-list-header");
    check_block("Ähnliche Produkte\nKaffeemühle Classic\n29,99 €\nFilterpapier 100 Stück", "product-list-header");
    /* The reviews end the product's content, as comments end an article. */
    check_block("Customer reviews\n4.5 out of 5\nHelen P.\nVerified Purchase", "reviews-header");
    check_block("Kundenrezensionen\n4,6 von 5\nMarkus K.\nVerifizierter Kauf", "reviews-header");
    check_prose_kept("Customer reviews of the first model were mixed, so the maker rebuilt the hopper and the "
                     "crank for the second.",
                     "reviews-header");
    check_prose_kept("Customers who bought the first model also bought spare filters, so the maker now puts two "
                     "in every box.",
                     "product-list-header");
    check_dropped_by("£899.00", "price");
    check_dropped_by("4 299,00 zł", "price");
    check_dropped_by("ab 19,99 €", "price");
    check_not_by("2 x USB-C (Thunderbolt 4)", "price");
    check_not_by("16 GB", "price");
}
END_TEST

START_TEST(builtin_newsletter)
{
    check_dropped_by("Sign up for our daily newsletter to get the best stories in your inbox.", "newsletter");
    check_dropped_by("Enter your email address", "newsletter");
    check_prose_kept("The newsletter was first printed in 1990 by a group of local teachers who wanted to share "
                     "news with parents.",
                     "newsletter");
}
END_TEST

/* ---- Pathological lines --------------------------------------------------- */

#define HUGE 100000

/* A line of `count` copies of unit, then tail; NUL-terminated. */
static char *repeat(const char *unit, size_t count, const char *tail, size_t *length)
{
    size_t ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(ul * count + tl + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * ul, unit, ul);
    memcpy(s + ul * count, tail, tl + 1);
    *length = ul * count + tl;
    return s;
}

/* About 100 KB each, shaped to make backtracking patterns work hard. */
static const struct {
    const char *unit, *tail;
} hostile[] = {
    {"a", ""},
    {"By ", "x"},
    {"By Ab ", "!"},
    {"(", ""},
    {"/ ", ""},
    {" ", "x"},         /* spaces, then one letter */
    {"(AP ", "/"},      /* captions without their ")" */
    {"Home > ", "x"},
    {"a > ", ""},
    {"Ab (1) ", "x"},
    {"1", ""},
    {"2024-", ""},
    {"\xC3\xA9", ""},
    {"\xFF", ""},       /* invalid UTF-8 */
    {"- ", ""},
    {"Follow ", "http"},
    {"Related ", ""},
    {"\xC2\xA0x", ""},
    {".", "a"},
    {"an icon ", ""},
};

/* Short lines after the page: enough that a page with a hostile line
 * does not run together (sentences.c), so that the rules meet the whole
 * line. */
#define FILLER_LINES 200
static const char filler[] = "Contact us\n";

/* Cleans pages with each hostile line in the middle, and each line alone,
 * a page run together that is cut into pieces; every call must return
 * (quickly: Check's timeout fails the test otherwise). */
static void clean_hostile_pages(const clean_cleaner *c)
{
    for (size_t h = 0; h < sizeof hostile / sizeof *hostile; h++) {
        size_t unit = strlen(hostile[h].unit), line_length, length;
        char *line = repeat(hostile[h].unit, HUGE / unit, hostile[h].tail, &line_length);
        char *page = page_with(line, line_length, &length);
        page = realloc(page, length + FILLER_LINES * (sizeof filler - 1) + 1);
        ck_assert_ptr_nonnull(page);
        for (size_t k = 0; k < FILLER_LINES; k++, length += sizeof filler - 1)
            memcpy(page + length, filler, sizeof filler);
        clean_result *r = NULL;
        ck_assert_msg(clean_clean(c, page, length, CLEAN_DETAILS, &r) == CLEAN_OK, "line of \"%s\"",
                      hostile[h].unit);
        ck_assert_uint_eq(clean_result_line_count(r), 9 + FILLER_LINES);
        clean_result_free(r);
        ck_assert_msg(clean_clean(c, line, line_length, CLEAN_DETAILS, &r) == CLEAN_OK, "line of \"%s\" alone",
                      hostile[h].unit);
        ck_assert_uint_ge(clean_result_line_count(r), 1);
        clean_result_free(r);
        free(page);
        free(line);
    }
}

START_TEST(pathological_builtin_bounds)
{
    /* The built-in rules as they are, bounds and all. */
    clean_hostile_pages(builtin);
}
END_TEST

/* Loop test, one per built-in rule file: the file's rules re-added under
 * their own names without max-words/min-words, so that every pattern of
 * the file is tried on every hostile line. */
START_TEST(pathological_unbounded)
{
    const cl_embedded_file *file = &cl_embedded_rules[_i];
    parsed p = {NULL, 0, 0, "", CLEAN_OK};
    p.code = cl_rules_parse(&cl_default_mem, file->name, (const char *)file->data, file->length, &p.defs, &p.count,
                            &p.cap, p.msg, sizeof p.msg);
    ck_assert_msg(p.code == CLEAN_OK, "%s", p.msg);
    size_t cap = 1, used = 0;
    for (size_t i = 0; i < p.count; i++)
        cap += strlen(p.defs[i].name) + strlen(p.defs[i].pattern) + 64;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < p.count; i++) {
        const cl_rule_def *d = &p.defs[i];
        char action[40];
        switch (d->action) {
        case CL_ACTION_DROP: snprintf(action, sizeof action, "drop"); break;
        case CL_ACTION_KEEP: snprintf(action, sizeof action, "keep"); break;
        case CL_ACTION_BLOCK: snprintf(action, sizeof action, "block"); break;
        case CL_ACTION_SCORE: snprintf(action, sizeof action, "score=%g", d->value); break;
        case CL_ACTION_POST: snprintf(action, sizeof action, "post"); break;
        case CL_ACTION_BOX: snprintf(action, sizeof action, "box"); break;
        case CL_ACTION_COMMENTS: snprintf(action, sizeof action, "comments"); break;
        case CL_ACTION_TABLE: snprintf(action, sizeof action, "table"); break;
        case CL_ACTION_MARKUP: snprintf(action, sizeof action, "markup"); break;
        case CL_ACTION_NONE: ck_abort_msg("%s: a parsed rule has no action", d->name); break;
        }
        used += (size_t)snprintf(text + used, cap - used, "%s %s %s\n", d->name, action, d->pattern);
        ck_assert_uint_lt(used, cap);
    }
    clean_options *o = clean_options_new();
    ck_assert_ptr_nonnull(o);
    char source[160];
    snprintf(source, sizeof source, "unbounded-%s.rules", file->name);
    ck_assert_msg(clean_options_add_rules(o, source, text, used) == CLEAN_OK, "%s", clean_options_error(o));
    clean_cleaner *c = NULL;
    ck_assert_msg(clean_cleaner_new(o, &c) == CLEAN_OK, "%s", clean_options_error(o));
    clean_hostile_pages(c);
    clean_cleaner_free(c);
    clean_options_free(o);
    free(text);
    parsed_free(&p);
}
END_TEST

Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");

    TCase *parsing = tcase_create("parse");
    tcase_add_test(parsing, parse_well_formed);
    tcase_add_test(parsing, parse_actions);
    tcase_add_test(parsing, parse_trims_line_ends);
    tcase_add_test(parsing, parse_skips_comments_and_blank_lines);
    tcase_add_test(parsing, parse_missing_action);
    tcase_add_test(parsing, parse_unknown_action);
    tcase_add_test(parsing, parse_bad_name);
    tcase_add_test(parsing, parse_bad_pattern);
    tcase_add_test(parsing, parse_missing_pattern);
    tcase_add_test(parsing, parse_bad_max_words);
    tcase_add_test(parsing, parse_empty_max_words);
    tcase_add_test(parsing, parse_replaces_same_name);
    tcase_add_test(parsing, parse_builtin_files);
    suite_add_tcase(s, parsing);

    TCase *matching = tcase_create("match");
    tcase_add_test(matching, match_word_bounds_and_order);
    tcase_add_test(matching, match_word_bands);
    tcase_add_test(matching, match_word_bands_of_long_lines);
    tcase_add_test(matching, match_invalid_utf8_line);
    suite_add_tcase(s, matching);

    TCase *pages = tcase_create("builtin");
    tcase_add_unchecked_fixture(pages, builtin_setup, builtin_teardown);
    tcase_add_test(pages, builtin_byline);
    tcase_add_test(pages, builtin_inline_related);
    tcase_add_test(pages, builtin_cjk_chrome);
    tcase_add_test(pages, builtin_byline_name_action);
    tcase_add_test(pages, builtin_dateline_iso);
    tcase_add_test(pages, builtin_breadcrumb);
    tcase_add_test(pages, builtin_separator);
    tcase_add_test(pages, builtin_icon_legend);
    tcase_add_test(pages, builtin_icon_legend_prose);
    tcase_add_test(pages, builtin_rating);
    tcase_add_test(pages, builtin_caption_credit);
    tcase_add_test(pages, builtin_follow_with_url);
    tcase_add_test(pages, builtin_social_embed);
    tcase_add_test(pages, builtin_browser_notice);
    tcase_add_test(pages, builtin_publisher_prompts);
    tcase_add_test(pages, builtin_forum_user_label);
    tcase_add_test(pages, builtin_anchored_heading);
    tcase_add_test(pages, builtin_feedback_prompt);
    tcase_add_test(pages, builtin_phpbb_post_chrome);
    tcase_add_test(pages, builtin_post_stamp_cjk);
    tcase_add_test(pages, builtin_board_post_line);
    tcase_add_test(pages, builtin_about_header);
    tcase_add_test(pages, builtin_recommended_label);
    tcase_add_test(pages, builtin_delivery_notes);
    tcase_add_test(pages, builtin_spec_headers);
    tcase_add_test(pages, builtin_reviews_headers);
    tcase_add_test(pages, builtin_qa_answer_form_translated);
    tcase_add_test(pages, builtin_structured_data);
    tcase_add_test(pages, builtin_wiki_chrome);
    tcase_add_test(pages, builtin_qa_chrome_ru);
    tcase_add_test(pages, builtin_related_block);
    tcase_add_test(pages, builtin_tags_block);
    tcase_add_test(pages, builtin_product_list_block);
    tcase_add_test(pages, builtin_image_markup);
    tcase_add_test(pages, builtin_rules_read_link_text);
    tcase_add_test(pages, builtin_comment_stamp);
    tcase_add_test(pages, builtin_newsletter);
    suite_add_tcase(s, pages);

    TCase *hostile_lines = tcase_create("pathological");
    tcase_add_unchecked_fixture(hostile_lines, builtin_setup, builtin_teardown);
    tcase_add_test(hostile_lines, pathological_builtin_bounds);
    tcase_add_loop_test(hostile_lines, pathological_unbounded, 0, (int)cl_embedded_rules_count);
    suite_add_tcase(s, hostile_lines);

    return s;
}
