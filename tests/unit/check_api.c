/*
 * The public API (include/clean.h) as a caller sees it: lib/options.c,
 * lib/cleaner.c and lib/result.c. NULL arguments, error codes and
 * messages, languages, rules, stoplists, UTF-8 handling, the output
 * format, links in it, per-line details, determinism and use from several threads.
 */
#include "check_suites.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"

/* ---- Pages -------------------------------------------------------------- */

#include "check_pages.h"

/* PROSE_1, PROSE_2, LINE, PROSE_3, PROSE_4 with blank lines between: the
 * line under test is line 4 (0-based). */
#define PAGE_WITH(line) PROSE_1 "\n\n" PROSE_2 "\n\n" line "\n\n" PROSE_3 "\n\n" PROSE_4 "\n"
#define TEST_LINE 4

/* The output of PAGE_WITH(dropped line): the four paragraphs. */
#define FOUR_PARAGRAPHS PROSE_1 "\n\n" PROSE_2 "\n\n" PROSE_3 "\n\n" PROSE_4 "\n"

/* ---- Helpers ------------------------------------------------------------ */

static clean_options *new_options(void)
{
    clean_options *o = clean_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(clean_options_error(o), "");
    return o;
}

/* A cleaner from o, which must succeed. */
static clean_cleaner *new_cleaner(clean_options *o)
{
    clean_cleaner *c = NULL;
    clean_error e = clean_cleaner_new(o, &c);
    ck_assert_msg(e == CLEAN_OK, "clean_cleaner_new: %s (%s)", clean_error_string(e), clean_options_error(o));
    ck_assert_ptr_nonnull(c);
    return c;
}

/* A cleaner with the default options. */
static clean_cleaner *default_cleaner(void)
{
    clean_options *o = new_options();
    clean_cleaner *c = new_cleaner(o);
    clean_options_free(o);
    return c;
}

/* The default options' cleaner, made once per test case in the parent
 * process (making a cleaner indexes every stoplist, which takes a while);
 * the tests only read it. */
static clean_cleaner *shared;

static void shared_setup(void)
{
    shared = default_cleaner();
}

static void shared_teardown(void)
{
    clean_cleaner_free(shared);
    shared = NULL;
}

static clean_result *clean_bytes(const clean_cleaner *c, const char *input, size_t length, unsigned flags)
{
    clean_result *r = NULL;
    clean_error e = clean_clean(c, input, length, flags, &r);
    ck_assert_msg(e == CLEAN_OK, "clean_clean: %s", clean_error_string(e));
    ck_assert_ptr_nonnull(r);
    return r;
}

/* Checks that the result's text is exactly want (want_length bytes), and
 * NUL-terminated all the same. */
static void check_text_is(const clean_result *r, const char *want, size_t want_length)
{
    const char *got = clean_result_text(r);
    size_t got_length = clean_result_text_length(r);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(got_length == want_length && memcmp(got, want, want_length) == 0,
                  "output (%zu bytes):\n[%.*s]\nexpected (%zu bytes):\n[%.*s]", got_length, (int)got_length, got,
                  want_length, (int)want_length, want);
    ck_assert_int_eq(got[got_length], '\0');
}

/* Cleans input with c and checks the output. */
static void check_output(const clean_cleaner *c, const char *input, size_t length, const char *want,
                         size_t want_length)
{
    clean_result *r = clean_bytes(c, input, length, 0);
    check_text_is(r, want, want_length);
    clean_result_free(r);
}

#define CHECK_OUTPUT(c, input, want) check_output(c, input, sizeof input - 1, want, sizeof want - 1)

/* Cleans input with c and checks that each of kept (NULL-ended) is in
 * the output and none of dropped is: for pages whose other lines are
 * not what the test is about. */
static void check_keeps(const clean_cleaner *c, const char *input, size_t length, const char *const *kept,
                        const char *const *dropped)
{
    clean_result *r = clean_bytes(c, input, length, 0);
    const char *out = clean_result_text(r);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; kept[i]; i++)
        ck_assert_msg(strstr(out, kept[i]) != NULL, "not kept: [%s]\noutput:\n%s", kept[i], out);
    for (size_t i = 0; dropped[i]; i++)
        ck_assert_msg(strstr(out, dropped[i]) == NULL, "kept: [%s]\noutput:\n%s", dropped[i], out);
    clean_result_free(r);
}

#define CHECK_KEEPS(c, input, kept, dropped) check_keeps(c, input, sizeof input - 1, kept, dropped)

typedef struct verdict {
    char reason[160];
    int kept;
} verdict;

/* The reason and kept flag of line index of input. */
static verdict line_verdict(const clean_cleaner *c, const char *input, size_t index)
{
    clean_result *r = clean_bytes(c, input, strlen(input), CLEAN_DETAILS);
    verdict v = {"", -1};
    const char *reason = NULL;
    ck_assert_int_eq(clean_result_line(r, index, NULL, NULL, &v.kept, NULL, NULL, &reason, NULL), CLEAN_OK);
    ck_assert_ptr_nonnull(reason);
    snprintf(v.reason, sizeof v.reason, "%s", reason);
    clean_result_free(r);
    return v;
}

static void check_contains(const char *haystack, const char *needle)
{
    ck_assert_msg(strstr(haystack, needle) != NULL, "\"%s\" does not contain \"%s\"", haystack, needle);
}

/* ---- NULL arguments, _free(NULL), errors, version ----------------------- */

START_TEST(null_arguments)
{
    clean_options *o = new_options();
    const clean_cleaner *c = shared;

    ck_assert_int_eq(clean_options_set_language(NULL, "en"), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_set_language(o, NULL), CLEAN_ERROR_NULL_ARGUMENT);

    ck_assert_int_eq(clean_options_add_rules(NULL, "s", "r drop x", 8), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_rules(o, NULL, "r drop x", 8), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_rules(o, "s", NULL, 8), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_rules_file(NULL, "x.rules"), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_rules_file(o, NULL), CLEAN_ERROR_NULL_ARGUMENT);

    ck_assert_int_eq(clean_options_disable_rule(NULL, "byline"), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_disable_rule(o, NULL), CLEAN_ERROR_NULL_ARGUMENT);

    ck_assert_int_eq(clean_options_add_stoplist(NULL, "English", "s", "word", 4), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist(o, NULL, "s", "word", 4), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist(o, "English", NULL, "word", 4), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist(o, "English", "s", NULL, 4), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist_file(NULL, "English", "x.txt"), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist_file(o, NULL, "x.txt"), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_int_eq(clean_options_add_stoplist_file(o, "English", NULL), CLEAN_ERROR_NULL_ARGUMENT);

    ck_assert_int_eq(clean_options_set_strict_utf8(NULL, 1), CLEAN_ERROR_NULL_ARGUMENT);

    clean_cleaner *out = (clean_cleaner *)&out; /* anything but NULL */
    ck_assert_int_eq(clean_cleaner_new(NULL, &out), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(clean_cleaner_new(o, NULL), CLEAN_ERROR_NULL_ARGUMENT);

    clean_result *r = (clean_result *)&r;
    ck_assert_int_eq(clean_clean(NULL, "text", 4, 0, &r), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_ptr_null(r);
    r = (clean_result *)&r;
    ck_assert_int_eq(clean_clean(c, NULL, 4, 0, &r), CLEAN_ERROR_NULL_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(clean_clean(c, "text", 4, 0, NULL), CLEAN_ERROR_NULL_ARGUMENT);

    ck_assert_int_eq(clean_result_line(NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     CLEAN_ERROR_NULL_ARGUMENT);

    /* The options still work after all that. */
    ck_assert_int_eq(clean_options_set_language(o, "en"), CLEAN_OK);
    ck_assert_str_eq(clean_options_error(o), "");
    clean_options_free(o);
}
END_TEST

START_TEST(free_null)
{
    clean_options_free(NULL);
    clean_cleaner_free(NULL);
    clean_result_free(NULL);
}
END_TEST

START_TEST(error_strings)
{
    static const clean_error codes[] = {
        CLEAN_OK,
        CLEAN_ERROR_NULL_ARGUMENT,
        CLEAN_ERROR_OUT_OF_MEMORY,
        CLEAN_ERROR_INVALID_UTF8,
        CLEAN_ERROR_RULE_SYNTAX,
        CLEAN_ERROR_UNKNOWN_LANGUAGE,
        CLEAN_ERROR_BAD_STOPLIST,
        CLEAN_ERROR_UNKNOWN_RULE,
        CLEAN_ERROR_OUT_OF_RANGE,
        CLEAN_ERROR_IO,
        CLEAN_ERROR_INDEX,
        CLEAN_ERROR_BINARY,
        CLEAN_ERROR_UNKNOWN_ENCODING,
        CLEAN_ERROR_TOO_LARGE,
    };
    const size_t n = sizeof codes / sizeof *codes;
    /* The numbers are stable. */
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq((int)codes[i], (int)i);
    for (size_t i = 0; i < n; i++) {
        const char *a = clean_error_string(codes[i]);
        ck_assert_ptr_nonnull(a);
        ck_assert_msg(a[0] != '\0', "empty message for code %zu", i);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(a, clean_error_string(codes[j])) != 0, "codes %zu and %zu share \"%s\"", j, i, a);
    }
    /* Never NULL, even for a code that does not exist (yet). */
    const char *unknown = clean_error_string((clean_error)999);
    ck_assert_ptr_nonnull(unknown);
    ck_assert_msg(unknown[0] != '\0', "empty message for an unknown code");
}
END_TEST

START_TEST(version)
{
    ck_assert_str_eq(clean_version(), CLEAN_VERSION_STRING);
    ck_assert_int_eq(clean_version_number(), CLEAN_VERSION_NUMBER);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", CLEAN_VERSION_MAJOR, CLEAN_VERSION_MINOR, CLEAN_VERSION_PATCH);
    ck_assert_str_eq(clean_version(), expected);
    ck_assert_int_eq(CLEAN_VERSION_NUMBER,
                     CLEAN_VERSION_MAJOR * 10000 + CLEAN_VERSION_MINOR * 100 + CLEAN_VERSION_PATCH);
}
END_TEST

/* ---- Languages ---------------------------------------------------------- */

START_TEST(set_language_known)
{
    static const char *const ok[] = {"auto", "AUTO", "de", "German", "german", "GERMAN", "en", "English"};
    clean_options *o = new_options();
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        clean_error e = clean_options_set_language(o, ok[i]);
        ck_assert_msg(e == CLEAN_OK, "\"%s\": %s (%s)", ok[i], clean_error_string(e), clean_options_error(o));
    }
    /* The last one, "English", is what a cleaner then uses. */
    clean_cleaner *c = new_cleaner(o);
    clean_result *r = clean_bytes(c, "\n", 1, 0);
    ck_assert_str_eq(clean_result_language(r), "English");
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(set_language_fixes_result_language)
{
    /* A fixed language is used whatever the page looks like. */
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_language(o, "de"), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    clean_result *r = clean_bytes(c, FOUR_PARAGRAPHS, sizeof FOUR_PARAGRAPHS - 1, 0);
    ck_assert_str_eq(clean_result_language(r), "German");
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(set_language_unknown)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_language(o, "xx"), CLEAN_ERROR_UNKNOWN_LANGUAGE);
    check_contains(clean_options_error(o), "xx");
    ck_assert_int_eq(clean_options_set_language(o, "Klingonese"), CLEAN_ERROR_UNKNOWN_LANGUAGE);
    check_contains(clean_options_error(o), "Klingonese");
    ck_assert_int_eq(clean_options_set_language(o, ""), CLEAN_ERROR_UNKNOWN_LANGUAGE);
    /* The failed calls changed nothing: the cleaner still guesses. */
    clean_cleaner *c = new_cleaner(o);
    clean_result *r = clean_bytes(c, FOUR_PARAGRAPHS, sizeof FOUR_PARAGRAPHS - 1, 0);
    ck_assert_str_eq(clean_result_language(r), "English");
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(result_language_english)
{
    const clean_cleaner *c = shared;
    clean_result *r = clean_bytes(c, FOUR_PARAGRAPHS, sizeof FOUR_PARAGRAPHS - 1, 0);
    ck_assert_str_eq(clean_result_language(r), "English");
    clean_result_free(r);
    /* No stoplist fits a page without words. */
    r = clean_bytes(c, "12345 67890\n--- ***\n", 20, 0);
    ck_assert_str_eq(clean_result_language(r), "");
    clean_result_free(r);
}
END_TEST

/* Single letters and numbers do not vote: a run of list markers or
 * initials ("a e i o u y") made Spanish-like languages win. */
START_TEST(result_language_ignores_letters_and_numbers)
{
    static const char page[] =
        "Die Stadt hat am Dienstag beschlossen, dass die alte Bibliothek noch zehn Jahre offen bleiben soll, "
        "und die B\xC3\xBCrger sind froh dar\xC3\xBC" "ber, weil sie dort gerne lesen und lernen.\n"
        "Kategorien: a b c d e f g h i j k l m n o p q r s t u v w x y z a e i o u y a e i o u y a e i o u y "
        "a e i o u y a e i o u y 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 30 31\n";
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, 0);
    ck_assert_str_eq(clean_result_language(r), "German");
    clean_result_free(r);
}
END_TEST

/* The stopwords of the lines read while the language is guessed are
 * counted once it is known: each line's details are those that a cleaner
 * told the language gives, whether the guess ends inside a line (after
 * its 3000 words), or first lines of single letters (which do not vote)
 * hold more words than the guess keeps for the count, or more lines of no
 * words come first than it keeps the ends of, or a line holds more
 * distinct words than it keeps apart (they vote all the same). */
START_TEST(result_language_guessed_counts_stopwords_as_given)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_language(o, "en"), CLEAN_OK);
    clean_cleaner *english = new_cleaner(o);
    clean_options_free(o);
    enum { DISTINCT_WORDS = 2000 };
    char distinct[DISTINCT_WORDS * 6 + 1];
    for (int i = 0; i < DISTINCT_WORDS; i++)
        snprintf(distinct + i * 6, 7, "zq%c%c%c ", 'a' + i / 676, 'a' + i / 26 % 26, 'a' + i % 26);
    distinct[DISTINCT_WORDS * 6 - 1] = '\n';
    const struct {
        const char *line;
        int count;
    } before[] = {{"", 0},
                  {"a b c d e f g h i j k l m n o p q r s t u v w x y z\n", 1000},
                  {"-\n", 60000},
                  {distinct, 1}};
    enum { PROSE_COPIES = 30 };
    for (size_t b = 0; b < sizeof before / sizeof *before; b++) {
        size_t line_length = strlen(before[b].line);
        char *page = malloc((size_t)before[b].count * line_length + PROSE_COPIES * (sizeof FOUR_PARAGRAPHS - 1));
        ck_assert_ptr_nonnull(page);
        size_t n = 0;
        for (int i = 0; i < before[b].count; i++, n += line_length)
            memcpy(page + n, before[b].line, line_length);
        for (int i = 0; i < PROSE_COPIES; i++, n += sizeof FOUR_PARAGRAPHS - 1)
            memcpy(page + n, FOUR_PARAGRAPHS, sizeof FOUR_PARAGRAPHS - 1);
        clean_result *guessed = clean_bytes(shared, page, n, CLEAN_DETAILS);
        clean_result *given = clean_bytes(english, page, n, CLEAN_DETAILS);
        ck_assert_str_eq(clean_result_language(guessed), "English");
        size_t lines = clean_result_line_count(guessed);
        ck_assert_uint_eq(lines, clean_result_line_count(given));
        for (size_t i = 0; i < lines; i++) {
            int kept[2];
            double score[2];
            const char *features[2];
            ck_assert_int_eq(clean_result_line(guessed, i, NULL, NULL, &kept[0], NULL, &score[0], NULL, &features[0]),
                             CLEAN_OK);
            ck_assert_int_eq(clean_result_line(given, i, NULL, NULL, &kept[1], NULL, &score[1], NULL, &features[1]),
                             CLEAN_OK);
            ck_assert_msg(kept[0] == kept[1] && score[0] == score[1] && strcmp(features[0], features[1]) == 0,
                          "line %zu (after %d lines of \"%.5s\"): guessed %d %g %s, given %d %g %s", i,
                          before[b].count, before[b].line, kept[0], score[0], features[0], kept[1], score[1],
                          features[1]);
        }
        clean_result_free(guessed);
        clean_result_free(given);
        free(page);
    }
    clean_cleaner_free(english);
}
END_TEST

/* Chinese and Japanese are written without spaces: their stoplists hold
 * single characters (particles, pronouns), each of which counts as half a
 * word as the text's characters do. The guess finds the language, and a
 * line's stopwords are the same whether it was guessed or given. */
START_TEST(result_language_unspaced_scripts)
{
    static const struct {
        const char *code, *name, *text;
    } pages[] = {
        {"zh", "Chinese",
         "\xE5\xB8\x82\xE6\x94\xBF\xE5\xBA\x9C\xE5\x9C\xA8\xE5\x91\xA8\xE4\xBA\x8C\xE7\x9A\x84"
         "\xE4\xBC\x9A\xE8\xAE\xAE\xE4\xB8\x8A\xE5\x86\xB3\xE5\xAE\x9A\xEF\xBC\x8C\xE6\x97\xA7"
         "\xE7\x9A\x84\xE6\x9C\x89\xE8\xBD\xA8\xE7\x94\xB5\xE8\xBD\xA6\xE5\xB0\x86\xE5\x9C\xA8"
         "\xE6\x98\x8E\xE5\xB9\xB4\xE6\x98\xA5\xE5\xA4\xA9\xE6\x81\xA2\xE5\xA4\x8D\xE8\xBF\x90"
         "\xE8\xA1\x8C\xE3\x80\x82\n"},
        {"ja", "Japanese",
         "\xE5\xB8\x82\xE3\x81\xAF\xE7\x81\xAB\xE6\x9B\x9C\xE6\x97\xA5\xE3\x81\xAE\xE4\xBC\x9A"
         "\xE8\xAD\xB0\xE3\x81\xA7\xE3\x80\x81\xE5\x8F\xA4\xE3\x81\x84\xE8\xB7\xAF\xE9\x9D\xA2"
         "\xE9\x9B\xBB\xE8\xBB\x8A\xE3\x82\x92\xE6\x9D\xA5\xE5\xB9\xB4\xE3\x81\xAE\xE6\x98\xA5"
         "\xE3\x81\xAB\xE5\x86\x8D\xE3\x81\xB3\xE8\xB5\xB0\xE3\x82\x89\xE3\x81\x9B\xE3\x82\x8B"
         "\xE3\x81\x93\xE3\x81\xA8\xE3\x82\x92\xE6\xB1\xBA\xE3\x82\x81\xE3\x81\x9F\xE3\x80\x82\n"},
    };
    enum { COPIES = 40 };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        clean_options *o = new_options();
        ck_assert_int_eq(clean_options_set_language(o, pages[i].code), CLEAN_OK);
        clean_cleaner *given = new_cleaner(o);
        clean_options_free(o);
        size_t len = strlen(pages[i].text), n = 0;
        char page[COPIES * 128];
        ck_assert_uint_lt(len, 128);
        for (int k = 0; k < COPIES; k++, n += len)
            memcpy(page + n, pages[i].text, len);
        clean_result *r[2] = {clean_bytes(shared, page, n, CLEAN_DETAILS), clean_bytes(given, page, n, CLEAN_DETAILS)};
        ck_assert_str_eq(clean_result_language(r[0]), pages[i].name);
        for (size_t line = 0; line < COPIES; line++) {
            const char *features[2];
            for (int k = 0; k < 2; k++)
                ck_assert_int_eq(clean_result_line(r[k], line, NULL, NULL, NULL, NULL, NULL, NULL, &features[k]),
                                 CLEAN_OK);
            ck_assert_str_eq(features[0], features[1]);
            ck_assert_msg(strstr(features[0], "stop=0.") != NULL, "%s: %s", pages[i].name, features[0]);
        }
        clean_result_free(r[0]);
        clean_result_free(r[1]);
        clean_cleaner_free(given);
    }
}
END_TEST

/* ---- Rules -------------------------------------------------------------- */

START_TEST(add_rules_syntax_error)
{
    clean_options *o = new_options();
    static const char bad[] = "good drop ^x$\n# a comment\nbroken\n";
    ck_assert_int_eq(clean_options_add_rules(o, "site.rules", bad, sizeof bad - 1), CLEAN_ERROR_RULE_SYNTAX);
    check_contains(clean_options_error(o), "site.rules:3:");
    static const char bad_pattern[] = "unbalanced drop ^(abc$\n";
    ck_assert_int_eq(clean_options_add_rules(o, "other.rules", bad_pattern, sizeof bad_pattern - 1),
                     CLEAN_ERROR_RULE_SYNTAX);
    check_contains(clean_options_error(o), "other.rules:1:");
    /* A rejected buffer is not kept: the options still make a cleaner. */
    clean_cleaner *c = new_cleaner(o);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

/* Writes text to a new file under /tmp; path gets its name. */
static void write_temp_file(char *path, size_t size, const char *text)
{
    snprintf(path, size, "/tmp/check_api_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    size_t n = strlen(text);
    ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
    ck_assert_int_eq(close(fd), 0);
}

START_TEST(add_rules_file)
{
    clean_options *o = new_options();
    const char *missing = "/nonexistent-dir-for-libclean-tests/missing.rules";
    ck_assert_int_eq(clean_options_add_rules_file(o, missing), CLEAN_ERROR_IO);
    check_contains(clean_options_error(o), missing);

    char path[64];
    write_temp_file(path, sizeof path, "ok drop ^x$\n\nnot-a-rule\n");
    clean_error e = clean_options_add_rules_file(o, path);
    char expected[96];
    snprintf(expected, sizeof expected, "%s:3:", path);
    char message[512];
    snprintf(message, sizeof message, "%s", clean_options_error(o));
    unlink(path);
    ck_assert_int_eq(e, CLEAN_ERROR_RULE_SYNTAX);
    check_contains(message, expected);

    /* A good file works: its rule decides the line. */
    write_temp_file(path, sizeof path, "from-file drop ^Weather forecast$\n");
    e = clean_options_add_rules_file(o, path);
    unlink(path);
    ck_assert_msg(e == CLEAN_OK, "%s", clean_options_error(o));
    clean_cleaner *c = new_cleaner(o);
    verdict v = line_verdict(c, PAGE_WITH("Weather forecast"), TEST_LINE);
    ck_assert_str_eq(v.reason, "rule:from-file");
    ck_assert_int_eq(v.kept, 0);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(disable_unknown_rule)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_disable_rule(o, "no-such-rule"), CLEAN_OK);
    clean_cleaner *c = (clean_cleaner *)&c;
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_ERROR_UNKNOWN_RULE);
    ck_assert_ptr_null(c);
    check_contains(clean_options_error(o), "no-such-rule");
    clean_options_free(o);
}
END_TEST

START_TEST(disable_builtin_rule)
{
    const char *page = PAGE_WITH("By Press Association");
    verdict v = line_verdict(shared, page, TEST_LINE);
    ck_assert_str_eq(v.reason, "rule:byline");
    ck_assert_int_eq(v.kept, 0);

    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_disable_rule(o, "byline"), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    v = line_verdict(c, page, TEST_LINE);
    ck_assert_msg(strcmp(v.reason, "rule:byline") != 0, "disabled rule byline still decided the line");
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(disable_added_rule)
{
    clean_options *o = new_options();
    static const char rules[] = "weather drop ^Weather forecast$\n";
    ck_assert_int_eq(clean_options_add_rules(o, "w.rules", rules, sizeof rules - 1), CLEAN_OK);
    ck_assert_int_eq(clean_options_disable_rule(o, "weather"), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    verdict v = line_verdict(c, PAGE_WITH("Weather forecast"), TEST_LINE);
    ck_assert_msg(strcmp(v.reason, "rule:weather") != 0, "disabled rule weather still decided the line");
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

/* A line the built-in rules leave alone but that is dropped for its own
 * features (numbers, capitals, no stopwords). */
#define TICKER "DAX 18,245.10 +0.4% FTSE 8,102.30 -0.2% CAC 7,560.12 +0.1% Dow 39,118.86 +0.3% Nikkei 40,369.44 -0.5%"

START_TEST(keep_rule_beats_features)
{
    const char *page = PAGE_WITH(TICKER);
    verdict v = line_verdict(shared, page, TEST_LINE);
    ck_assert_msg(v.kept == 0, "the ticker line was kept (%s)", v.reason);
    ck_assert_msg(strncmp(v.reason, "rule:", 5) != 0, "a rule decided the ticker line (%s)", v.reason);

    clean_options *o = new_options();
    static const char rules[] = "ticker keep ^DAX \\d\n";
    ck_assert_int_eq(clean_options_add_rules(o, "keep.rules", rules, sizeof rules - 1), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    v = line_verdict(c, page, TEST_LINE);
    ck_assert_str_eq(v.reason, "rule:ticker");
    ck_assert_int_eq(v.kept, 1);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(keep_rule_beats_builtin_drop_rule)
{
    /* README: keep means "the line is content, whatever else says"; a
     * user keep rule must win over a built-in drop rule of another name. */
    clean_options *o = new_options();
    static const char rules[] = "agency-credit keep ^By Press Association$\n";
    ck_assert_int_eq(clean_options_add_rules(o, "keep.rules", rules, sizeof rules - 1), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    verdict v = line_verdict(c, PAGE_WITH("By Press Association"), TEST_LINE);
    ck_assert_msg(v.kept == 1, "the line was dropped (%s) despite a keep rule", v.reason);
    ck_assert_str_eq(v.reason, "rule:agency-credit");
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(user_rule_overrides_builtin)
{
    clean_options *o = new_options();
    static const char rules[] = "byline drop ^By Thursday\\b\n";
    ck_assert_int_eq(clean_options_add_rules(o, "override.rules", rules, sizeof rules - 1), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    /* The new byline rule decides a line the built-in one left alone ... */
    verdict v = line_verdict(c, PAGE_WITH("By Thursday, officials had agreed to the plan and the talks went on."),
                             TEST_LINE);
    ck_assert_str_eq(v.reason, "rule:byline");
    ck_assert_int_eq(v.kept, 0);
    /* ... and the built-in pattern is gone. */
    v = line_verdict(c, PAGE_WITH("By Press Association"), TEST_LINE);
    ck_assert_msg(strcmp(v.reason, "rule:byline") != 0, "the replaced byline pattern still matched");
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(rules_text_is_copied)
{
    /* The library keeps no pointer to the caller's buffer. */
    clean_options *o = new_options();
    char rules[] = "weather drop ^Weather forecast$\n";
    ck_assert_int_eq(clean_options_add_rules(o, "w.rules", rules, sizeof rules - 1), CLEAN_OK);
    memset(rules, '#', sizeof rules - 1);
    clean_cleaner *c = new_cleaner(o);
    clean_options_free(o); /* the cleaner outlives its options */
    verdict v = line_verdict(c, PAGE_WITH("Weather forecast"), TEST_LINE);
    ck_assert_str_eq(v.reason, "rule:weather");
    clean_cleaner_free(c);
}
END_TEST

/* ---- Stoplists ---------------------------------------------------------- */

START_TEST(add_stoplist_empty)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_add_stoplist(o, "English", "empty.txt", "", 0), CLEAN_ERROR_BAD_STOPLIST);
    check_contains(clean_options_error(o), "empty.txt");
    static const char comments[] = "# nothing but comments\n\n   \n# and blank lines\n";
    ck_assert_int_eq(clean_options_add_stoplist(o, "English", "c", comments, sizeof comments - 1),
                     CLEAN_ERROR_BAD_STOPLIST);
    ck_assert_int_eq(clean_options_add_stoplist(o, "Zorbish", "z", "", 0), CLEAN_ERROR_BAD_STOPLIST);
    /* The empty new language was not added. */
    ck_assert_int_eq(clean_options_set_language(o, "Zorbish"), CLEAN_ERROR_UNKNOWN_LANGUAGE);
    /* A missing file is a bad stoplist too. */
    ck_assert_int_eq(clean_options_add_stoplist_file(o, "English", "/nonexistent-dir-for-libclean-tests/x.txt"),
                     CLEAN_ERROR_BAD_STOPLIST);
    clean_options_free(o);
}
END_TEST

START_TEST(add_stoplist_bad_language_name)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_add_stoplist(o, "not a name!", "s", "word\n", 5),
                     CLEAN_ERROR_UNKNOWN_LANGUAGE);
    clean_options_free(o);
}
END_TEST

/* Words of an invented language, in no built-in stoplist. */
static const char zorbish_stopwords[] = "# Zorbish\nzorp\nquibbe\nflenna\ndraxu\nmulvo\n";
#define ZORBISH_PAGE                                                                 \
    "Zorp quibbe flenna draxu mulvo tarrak zorp vennet quibbe olvar flenna draxu "  \
    "mulvo brenn zorp quibbe yastra flenna."

START_TEST(add_stoplist_new_language)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_language(o, "Zorbish"), CLEAN_ERROR_UNKNOWN_LANGUAGE);
    ck_assert_int_eq(
        clean_options_add_stoplist(o, "Zorbish", "zorbish.txt", zorbish_stopwords, sizeof zorbish_stopwords - 1),
        CLEAN_OK);
    /* "auto" considers the new language ... */
    clean_cleaner *c = new_cleaner(o);
    clean_result *r = clean_bytes(c, ZORBISH_PAGE "\n", sizeof ZORBISH_PAGE, 0);
    ck_assert_str_eq(clean_result_language(r), "Zorbish");
    clean_result_free(r);
    clean_cleaner_free(c);
    /* ... and it can be set by name, in any case. */
    ck_assert_int_eq(clean_options_set_language(o, "zorbish"), CLEAN_OK);
    c = new_cleaner(o);
    r = clean_bytes(c, FOUR_PARAGRAPHS, sizeof FOUR_PARAGRAPHS - 1, 0);
    ck_assert_str_eq(clean_result_language(r), "Zorbish");
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(add_stoplist_extends_known_language)
{
    /* Extending German by its code keeps the language name. */
    clean_options *o = new_options();
    ck_assert_int_eq(
        clean_options_add_stoplist(o, "de", "extra.txt", zorbish_stopwords, sizeof zorbish_stopwords - 1),
        CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    clean_result *r = clean_bytes(c, ZORBISH_PAGE "\n", sizeof ZORBISH_PAGE, 0);
    ck_assert_str_eq(clean_result_language(r), "German");
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

/* ---- UTF-8 -------------------------------------------------------------- */

START_TEST(strict_utf8_rejects_invalid)
{
    static const char *const bad[] = {
        PAGE_WITH("Caf\xE9 au lait"),
        PAGE_WITH("\xFF"),
        PAGE_WITH("overlong \xC0\x80"),
        PAGE_WITH("surrogate \xED\xA0\x80"),
        PAGE_WITH("too big \xF4\x90\x80\x80"),
        PROSE_1 "\n\xE2\x82", /* truncated at the end */
    };
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_strict_utf8(o, 1), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clean_result *r = (clean_result *)&r;
        ck_assert_msg(clean_clean(c, bad[i], strlen(bad[i]), 0, &r) == CLEAN_ERROR_INVALID_UTF8, "input %zu", i);
        ck_assert_ptr_null(r);
    }
    /* Valid input is cleaned as usual. */
    CHECK_OUTPUT(c, PAGE_WITH("By Press Association"), FOUR_PARAGRAPHS);
    CHECK_OUTPUT(c, PAGE_WITH("By Fran\xC3\xA7ois M\xC3\xBCller"), FOUR_PARAGRAPHS);
    clean_cleaner_free(c);
    clean_options_free(o);
    /* Not strict (the default): the same inputs pass. */
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clean_result *r = clean_bytes(shared, bad[i], strlen(bad[i]), 0);
        clean_result_free(r);
    }
}
END_TEST

#define LATIN1_PROSE                                                                   \
    "The caf\xE9 on the corner of the square, which has served coffee to the people " \
    "of the town since 1921, will close at the end of the month \xFF because the "     \
    "owners have decided to retire after many long years of hard work."

START_TEST(default_mode_passes_invalid_bytes)
{
    const clean_cleaner *c = shared;
    static const char page[] = PROSE_1 "\n\n" LATIN1_PROSE "\n\n" PROSE_2 "\n";
    CHECK_OUTPUT(c, page, page);
}
END_TEST

START_TEST(nul_bytes_pass_through)
{
    const clean_cleaner *c = shared;
    static const char page[] = PROSE_1 "\n\nThe plan \0 was approved by the council after a long debate about the cost "
                                       "of the new lines and the roads.\n\n" PROSE_2 "\n";
    CHECK_OUTPUT(c, page, page);
}
END_TEST

/* ---- Output format ------------------------------------------------------ */

START_TEST(empty_input)
{
    const clean_cleaner *c = shared;
    clean_result *r = clean_bytes(c, NULL, 0, CLEAN_DETAILS);
    ck_assert_uint_eq(clean_result_text_length(r), 0);
    ck_assert_str_eq(clean_result_text(r), "");
    ck_assert_uint_eq(clean_result_line_count(r), 0);
    ck_assert_int_eq(clean_result_line(r, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CLEAN_ERROR_INDEX);
    clean_result_free(r);
    r = clean_bytes(c, "", 0, 0);
    ck_assert_uint_eq(clean_result_text_length(r), 0);
    ck_assert_str_eq(clean_result_text(r), "");
    clean_result_free(r);
    /* Nothing kept: zero bytes too. */
    r = clean_bytes(c, "Menu\n\n\n---\n", 11, 0);
    ck_assert_uint_eq(clean_result_text_length(r), 0);
    ck_assert_str_eq(clean_result_text(r), "");
    clean_result_free(r);
}
END_TEST

START_TEST(output_crlf_and_cr)
{
    const clean_cleaner *c = shared;
    CHECK_OUTPUT(c, PROSE_1 "\r\n\r\n" PROSE_2 "\r\n" PROSE_3 "\r\n", PROSE_1 "\n\n" PROSE_2 "\n" PROSE_3 "\n");
    CHECK_OUTPUT(c, PROSE_1 "\r\r" PROSE_2 "\r" PROSE_3 "\r", PROSE_1 "\n\n" PROSE_2 "\n" PROSE_3 "\n");
}
END_TEST

START_TEST(output_no_final_newline)
{
    const clean_cleaner *c = shared;
    CHECK_OUTPUT(c, PROSE_1 "\n\n" PROSE_2, PROSE_1 "\n\n" PROSE_2 "\n");
}
END_TEST

START_TEST(output_trailing_white_space)
{
    const clean_cleaner *c = shared;
    CHECK_OUTPUT(c, PROSE_1 "   \t\n\n" PROSE_2 "\xC2\xA0\xC2\xA0 \xE3\x80\x80\r\n\n" PROSE_3 " \n",
                 PROSE_1 "\n\n" PROSE_2 "\n\n" PROSE_3 "\n");
    /* Leading white space stays. */
    CHECK_OUTPUT(c, "  " PROSE_1 "\n\n\t" PROSE_2 "\n", "  " PROSE_1 "\n\n\t" PROSE_2 "\n");
}
END_TEST

START_TEST(output_blank_lines)
{
    const clean_cleaner *c = shared;
    /* Several blank (or white-space) lines between kept lines: one. */
    CHECK_OUTPUT(c, PROSE_1 "\n\n\n\n" PROSE_2 "\n \t\n\xC2\xA0\n" PROSE_3 "\n",
                 PROSE_1 "\n\n" PROSE_2 "\n\n" PROSE_3 "\n");
    /* None between: none. */
    CHECK_OUTPUT(c, PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n", PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n");
    /* Nothing before the first kept line, nothing after the last. */
    CHECK_OUTPUT(c, "\n\n  \n" PROSE_1 "\n\n" PROSE_2 "\n\n\n", PROSE_1 "\n\n" PROSE_2 "\n");
    CHECK_OUTPUT(c, "Menu\n\n" PROSE_1 "\n\n" PROSE_2 "\n\nMenu\n", PROSE_1 "\n\n" PROSE_2 "\n");
    /* A dropped line with blank lines around it leaves one blank line ... */
    CHECK_OUTPUT(c, PAGE_WITH("By Press Association"), FOUR_PARAGRAPHS);
    /* ... and without blank lines around it, none. */
    CHECK_OUTPUT(c, PROSE_1 "\n" PROSE_2 "\nBy Press Association\n" PROSE_3 "\n",
                 PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n");
}
END_TEST

/* A table between two paragraphs, printed with "|" between cells as
 * table-aware converters do: its rows are short and full of digits and
 * its rule line is punctuation only, but all are the article's, and the
 * short paragraph after the table stays too. */
START_TEST(output_table_between_paragraphs)
{
    const clean_cleaner *c = shared;
#define TABLE "| Year | Passengers | Trams |\n| --- | --- | --- |\n| 2022 | 120,000 | 14 |\n" \
              "| 2023 | 135,000 | 16 |\n| 2024 | 141,000 | 18 |\n"
#define AFTER "Residents who use the trams every day said they were pleased with the plan.\n"
    CHECK_OUTPUT(c, "Home\nNews\n" PROSE_1 "\n" TABLE AFTER "Share\n", PROSE_1 "\n" TABLE AFTER);
#undef TABLE
#undef AFTER
}
END_TEST

/* A reference page: its contents list the section headings, so the page
 * says each twice, and a label over each code block ("js", "Copy")
 * repeats too. The headings stay with their sections; the labels go, and
 * the code under them is judged by the prose around it. */
START_TEST(output_sections_listed_in_contents)
{
    const clean_cleaner *c = shared;
#define BODY PROSE_1 "\nSyntax\ntimeout(time)\nParameters\ntime\n" PROSE_2 "\nExamples\n"
#define CODE_A "const a = timeout(5);\nawait run(a);\n"
    CHECK_OUTPUT(c,
                 "Home\nIn this article\nSyntax\nParameters\nExamples\n" BODY "js\nCopy\n" CODE_A PROSE_3
                 "\njs\nCopy\nconst b = timeout(2);\nawait run(b);\n" PROSE_4 "\nShare\n",
                 BODY CODE_A PROSE_3 "\nconst b = timeout(2);\nawait run(b);\n" PROSE_4 "\n");
#undef BODY
#undef CODE_A
}
END_TEST

/* A product page's details between its description and the rest: a
 * table of measurements, short lines of words and numbers, a box of
 * download links. Lines of data are no evidence of boilerplate: the
 * description and the paragraph after the details both stay. */
START_TEST(output_details_between_paragraphs)
{
    const clean_cleaner *c = shared;
    static const char page[] = "Home\n" PROSE_1 "\nMeasurements\nWidth: 80 cm\nDepth: 30 cm\nHeight: 202 cm\n"
                               "Packaging\nPackage(s): 2\nWeight: 32.74 kg\nAssembly and documents\n"
                               "Assembly instructions\nDownload PDF\nProduct manual\nDownload PDF\nMaterials\n"
                               "Side panel: Particleboard, Oak veneer, Solid oak\n"
                               "Back panel: Fiberboard, 2 layers of paper foil\n" PROSE_2 "\nReviews\n";
    static const size_t kept[] = {1, 3, 4, 5, 17};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        ck_assert_msg(line_verdict(c, page, kept[i]).kept, "line %zu dropped", kept[i]);
}
END_TEST

/* Items of a Markdown list indented after their marker ("*   [Birds](...)",
 * as Jina Reader writes them) are no table's cells. */
START_TEST(output_indented_list_is_no_table)
{
    const clean_cleaner *c = shared;
    static const char page[] = PROSE_1 "\n" PROSE_2 "\n*   [Birds](https://example.com/tags/birds)\n"
                               "*   [Migration](https://example.com/tags/migration)\n"
                               "*   [Light pollution](https://example.com/tags/light)\n"
                               "*   [Night sky](https://example.com/tags/night)\nContact us\n";
    for (size_t i = 2; i <= 5; i++) {
        verdict v = line_verdict(c, page, i);
        ck_assert_msg(strcmp(v.reason, "table-row") != 0, "line %zu read as a table row", i);
        ck_assert_int_eq(v.kept, 0);
    }
}
END_TEST

/* Code between paragraphs (a manual's example): its lines are no prose,
 * but in a run they are the article's where prose surrounds them, and so
 * is the line that introduces them; a bracket alone, which the separator
 * rule drops elsewhere, is the end of a block here. A script after the
 * article's end, a run at its edge, goes; one line of code is no run and
 * is judged alone. */
START_TEST(output_code_between_paragraphs)
{
    const clean_cleaner *c = shared;
#define INTRO "Run the example:\n"
#define CODE "int main(void)\n{\n    int n = count_trams(\"east\");\n    printf(\"%d\\n\", n);\n}\n"
#define SCRIPT "window.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\n"
    CHECK_OUTPUT(c, "Home\n" PROSE_1 "\n" INTRO CODE PROSE_2 "\nShare\n", PROSE_1 "\n" INTRO CODE PROSE_2 "\n");
    CHECK_OUTPUT(c, "Home\n" PROSE_1 "\n" PROSE_2 "\n" SCRIPT "Privacy\n", PROSE_1 "\n" PROSE_2 "\n");
    /* An example that ends the article stays, whole. */
    CHECK_OUTPUT(c, "Home\n" PROSE_1 "\n" PROSE_2 "\n" INTRO CODE "Privacy\nContact\n", PROSE_1 "\n" PROSE_2 "\n" INTRO CODE);
    verdict v = line_verdict(c, PROSE_1 "\n" CODE PROSE_2 "\n", 2);
    ck_assert_str_eq(v.reason, "code:between-good");
    ck_assert_int_eq(v.kept, 1);
    v = line_verdict(c, PROSE_1 "\n" PROSE_2 "\n}\n", 2);
    ck_assert_str_eq(v.reason, "rule:separator");
    /* A user's keep rule on a bracket stands. */
    clean_options *o = new_options();
    static const char rules[] = "brace keep ^\\}$\n";
    ck_assert_int_eq(clean_options_add_rules(o, "keep.rules", rules, sizeof rules - 1), CLEAN_OK);
    clean_cleaner *kc = new_cleaner(o);
    v = line_verdict(kc, PROSE_1 "\n" CODE PROSE_2 "\n", 5);
    ck_assert_str_eq(v.reason, "rule:brace");
    ck_assert_int_eq(v.kept, 1);
    clean_cleaner_free(kc);
    clean_options_free(o);
    /* Statements of bare words inside a run, which code repeats
     * ("return err"), are code too, not the page's fixtures. */
#define GO "tx, err := pool.Begin(ctx)\nif err != nil {\n    return err\n}\ndefer tx.Rollback(ctx)\n" \
           "if err := tx.Commit(ctx); err != nil {\n    return err\n}\nreturn nil\n"
    CHECK_OUTPUT(c, "Home\n" PROSE_1 "\n" INTRO GO PROSE_2 "\nShare\n", PROSE_1 "\n" INTRO GO PROSE_2 "\n");
#undef GO
    /* A run of two, at either parity of position. */
    for (size_t lead = 0; lead < 2; lead++) {
        char page[2048];
        snprintf(page, sizeof page, "%s" PROSE_1 "\n$ make\n$ make install\n" PROSE_2 "\n", lead ? "Menu\n" : "");
        for (size_t k = 1; k <= 2; k++) {
            v = line_verdict(c, page, lead + k);
            ck_assert_str_eq(v.reason, "code:between-good");
            ck_assert_int_eq(v.kept, 1);
        }
    }
#undef INTRO
#undef CODE
#undef SCRIPT
}
END_TEST

/* The page's title just before the article is its headline even when
 * the page's menu names it too (a repeated short line is a fixture
 * otherwise); the menu's copy goes. */
START_TEST(output_headline_repeated_in_menu)
{
    const clean_cleaner *c = shared;
#define MENU "Home\nNews\nOld tram lines restored\nSport\nWeather\n"
    CHECK_OUTPUT(c, MENU "Old tram lines restored\n" PROSE_1 "\n" PROSE_2 "\n",
                 "Old tram lines restored\n" PROSE_1 "\n" PROSE_2 "\n");
#undef MENU
}
END_TEST

/* A title of one or two words ("Trams", an encyclopedia's or a blog's
 * heading) stays when it names the page: the page's first line (its
 * <title>) and the article's opening both hold it. A label that only the
 * opening holds ("Committee", a category) or that only the title holds
 * goes, and a longer title above it still wins. */
START_TEST(output_short_title_naming_the_page)
{
    const clean_cleaner *c = shared;
#define OPENING "Trams are back: " PROSE_1
    CHECK_OUTPUT(c, "Trams - City Wiki\nHome\nLog in\nTrams\n" OPENING "\n" PROSE_2 "\n",
                 "Trams\n" OPENING "\n" PROSE_2 "\n");
    CHECK_OUTPUT(c, "City News\nHome\nLog in\nCommittee\n" OPENING "\n" PROSE_2 "\n",
                 OPENING "\n" PROSE_2 "\n");
    CHECK_OUTPUT(c, "Trams - City Wiki\nHome\nLog in\nBuses\n" OPENING "\n" PROSE_2 "\n",
                 OPENING "\n" PROSE_2 "\n");
    CHECK_OUTPUT(c, "Trams - City Wiki\nThe old tram lines will be restored\nTrams\n" OPENING "\n" PROSE_2 "\n",
                 "The old tram lines will be restored\n" OPENING "\n" PROSE_2 "\n");
#undef OPENING
}
END_TEST

/* Markdown's frames go with the lines they frame: a code block's fences
 * with its code, which stays between the prose around it, one line
 * alone too, and a heading's underline with its heading. A fence that
 * is never closed frames nothing: it is a separator. */
START_TEST(output_markdown_frames)
{
    const clean_cleaner *c = shared;
#define FENCED "Install it with pip:\n```bash\npip install trams\n```\n"
    CHECK_OUTPUT(c, "Home\nLog in\n" PROSE_1 "\n" FENCED PROSE_2 "\n", PROSE_1 "\n" FENCED PROSE_2 "\n");
    CHECK_OUTPUT(c, PROSE_1 "\n```\n" PROSE_2 "\n", PROSE_1 "\n" PROSE_2 "\n");
#define SECTION PROSE_1 "\nNext steps\n----------\n" PROSE_2 "\n"
    CHECK_OUTPUT(c, "Home\nLog in\n" SECTION, SECTION);
#undef FENCED
#undef SECTION
}
END_TEST

/* A label that announces what follows and heads each of the page's items
 * ("Parameters:") is no fixture, though the page repeats it; a short line
 * the page repeats without a colon is. */
START_TEST(output_repeated_labels)
{
    const clean_cleaner *c = shared;
#define ITEMS PROSE_1 "\nParameters:\n" PROSE_2 "\nParameters:\n" PROSE_3 "\n"
    CHECK_OUTPUT(c, "Home\n" ITEMS, ITEMS);
    CHECK_OUTPUT(c, PROSE_1 "\nAdvertisement\n" PROSE_2 "\nAdvertisement\n" PROSE_3 "\n",
                 PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n");
#undef ITEMS
}
END_TEST

/* Short lines the page repeats over its own text at every copy (a
 * changelog's "Added" and "Fixed" over each release's items) label it:
 * they and the items stay. A line repeated under each paragraph trails
 * it, as a post's buttons do: it goes. */
START_TEST(output_labels_over_text)
{
    const clean_cleaner *c = shared;
#define RELEASES PROSE_1 "\nVersion 1.2.0\nAdded\nExport to CSV from the reports page\nDark mode for the editor\n" \
                 "Fixed\nCrash when a project has no name\nVersion 1.1.0\nAdded\n"                               \
                 "Import from spreadsheets with many sheets\nFixed\nSlow start on large projects\n" PROSE_2 "\n"
    CHECK_OUTPUT(c, "Docs\nBlog\n" RELEASES "Docs\nBlog\n", RELEASES);
#undef RELEASES
    CHECK_OUTPUT(c, PROSE_1 "\nMark as useful\n" PROSE_2 "\nMark as useful\n" PROSE_3 "\n",
                 PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n");
}
END_TEST

/* A product page's sections, each a sentence over a list of features
 * written as running text ("Split and partial payments"): the items
 * count little against the region, so every section's sentence is the
 * page's, not the last one alone. The menu and footer, title-cased, go. */
START_TEST(output_feature_sections)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Home\nPricing\nCustomers\nLog In\nReceipts\n"
        "Forward an email or a photo and the app reads the supplier, the date and each line.\n"
        "Inbox for each company\nApps for phones and tablets\nDuplicates caught on arrival\n"
        "Totals in any currency\nSplit and partial payments\nLearn more \u2192\nMonth-end close\n"
        "A checklist fills itself in as the month goes, and accruals are posted on schedule.\n"
        "Owners and due dates\nJournals that repeat\nAlerts on large variances\n"
        "Assets and their depreciation\nLocks on closed months\nLearn more \u2192\nApprovals\n"
        "Bills and expenses go to the right person, with limits for each team and supplier.\n"
        "Flows with several steps\nNotes in your team chat\nA trail of every change\n"
        "Start Free Trial\nAbout Us\nCareers\nContact\n";
    static const char *const kept[] = {"Forward an email or a photo",
                                       "A checklist fills itself in",
                                       "Bills and expenses go to the right person",
                                       NULL};
    static const char *const dropped[] = {"Pricing", "Careers", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A reply that quotes one sentence of the opening post (under "NAME
 * wrote:") leaves the post whole: the post is the original, not a dirty
 * copy of the quote. */
START_TEST(output_quoted_post_kept)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Forum\nMembers\nSign in\nGarden pond turns green every June\n"
        "Every year around the start of June my small garden pond turns a thick pea green within about a week. "
        "It holds roughly two thousand litres and gets sun from late morning until the evening.\n"
        "The fish seem fine and the plants are growing well. Is there anything else I could try before buying "
        "an ultraviolet clarifier?\nReply\nQuote\nJonas Berg\nOn 4 June 2024, Maria Lind wrote:\n"
        "Is there anything else I could try before buying an ultraviolet clarifier?\n"
        "Green water is free floating algae, and with that much sun it is almost impossible to avoid without "
        "more plants. Try to cover at least half of the surface with lilies so the water gets shade.\n"
        "Reply\nQuote\nMaria Lind\nOn 5 June 2024, Jonas Berg wrote:\n"
        "Try to cover at least half of the surface with lilies so the water gets shade.\n"
        "Thank you, that makes sense. There are only two small lilies at the moment, so I will add some more "
        "this weekend and report back in a few weeks.\nReply\nQuote\nAbout\nPrivacy\n";
    static const char *const kept[] = {"The fish seem fine and the plants are growing well. Is there",
                                       "Thank you, that makes sense.",
                                       NULL};
    static const char *const dropped[] = {"wrote:", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A thread whose opening post runs to a hundred-odd words is still a
 * thread: its posts under "NAME wrote:" are the content, down to the
 * last reply, and only the post headers go. */
START_TEST(output_thread_long_opening_post)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Groups\n"
        "Conversations\n"
        "Sign in\n"
        "Loop antenna nulls vanish after dark\n"
        "Henrik Aasland\n"
        "Nov 14, 2008, 4:17 PM\n"
        "I built a one metre square shielded loop for the medium wave broadcast band last month, tuned with "
        "a variable capacitor. During the day it works exactly as the books promise: I can put the local "
        "station almost completely in the null and pull out a weak one forty kilohertz away.\n"
        "After sunset the null just goes away. Rotating the loop changes the level by maybe six decibels at "
        "most, instead of thirty or more in daylight. Same antenna, same position, nothing touched, and the "
        "weather was dry all week.\n"
        "Is the loop broken in some way I cannot see in daytime, or is this expected? I would rather know "
        "before I take the whole thing apart again this weekend.\n"
        "Dick Palmiter\n"
        "Nov 14, 2008, 6:02 PM\n"
        "On Fri, 14 Nov 2008, Henrik Aasland wrote:\n"
        "> After sunset the null just goes away.\n"
        "Nothing wrong with your loop. In daytime you are receiving the station by ground wave only, and the "
        "loop null works on that. At night the same station also arrives by sky wave, from a high angle, and "
        "a small loop cannot null it.\n"
        "Henrik Aasland\n"
        "Nov 15, 2008, 3:30 AM\n"
        "On Fri, 14 Nov 2008, Dick Palmiter wrote:\n"
        "> At night the same station also arrives by sky wave.\n"
        "That explains it. I moved the shield gap to the top anyway and the daytime null is even deeper now. "
        "Thanks for the clear answer.\n"
        "About\n"
        "Help\n";
    static const char *const kept[] = {"I built a one metre square shielded loop",
                                       "Nothing wrong with your loop.",
                                       "That explains it.",
                                       NULL};
    static const char *const dropped[] = {"wrote:", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A Q&A page under its network's banner ("... is a question and answer
 * site for ...", two lines of prose) and a menu with "Tags" in it: the
 * banner is chrome, so the menu's header follows no prose and the page
 * is a thread, whose answers are kept. */
START_TEST(output_qa_under_network_banner)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Why does my wet caramel turn grainy? - Cooking\n"
        "Skip to main content\n"
        "The network consists of 174 Q&A communities where people ask questions, share knowledge, and build "
        "their careers.\n"
        "Log in\n"
        "Sign up\n"
        "Cooking Questions & Answers is a question and answer site for professional and amateur chefs. It only "
        "takes a minute to sign up.\n"
        "Home\n"
        "Questions\n"
        "Tags\n"
        "Users\n"
        "Why does my wet caramel turn grainy?\n"
        "Asked 2 years, 1 month ago\n"
        "Modified 1 year, 11 months ago\n"
        "I make a wet caramel for a sauce: white sugar and water in a steel saucepan over medium heat. Halfway "
        "through, the syrup turns cloudy and then sets into a sandy mass.\n"
        "What is going on, and how do I stop it from happening?\n"
        "Share\n"
        "asked Feb 2, 2022 at 21:47\n"
        "Corin Atwell\n"
        "3 Answers\n"
        "answered Feb 2, 2022 at 22:20\n"
        "What you are seeing is crystallisation. Stirring is the main culprit here: the spatula picks up "
        "crystals from the pan walls and drops them back into the syrup, which seeds the rest.\n"
        "Share\n"
        "answered Feb 3, 2022 at 8:51\n"
        "One more seed source worth checking is the pan itself. If it has any scratches or burnt sugar "
        "left in it, clean it well before you start the next batch.\n"
        "Share\n"
        "answered Mar 21, 2022 at 17:40\n"
        "If all else fails, try a dry caramel: melt the sugar on its own with no water at all, a thin layer "
        "at a time, and swirl the pan instead of stirring.\n"
        "Share\n"
        "Your Answer\n";
    static const char *const kept[] = {"I make a wet caramel", "What you are seeing is crystallisation.",
                                       "One more seed source", "If all else fails", NULL};
    static const char *const dropped[] = {"question and answer site", "Q&A communities", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A reference's parameters, each with the same labels over its values
 * ("Type:" over "String", "Required:" over "False"): a value repeated
 * under a label the page repeats is no fixture, so the run of
 * parameters goes on past the first one. */
START_TEST(output_repeated_label_values)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "New-StorageSnapshot (Storage) | Docs\n"
        "Skip to main content\n"
        "Docs\n"
        "Sign in\n"
        "Storage module\n"
        "Get-StorageSnapshot\n"
        "New-StorageSnapshot\n"
        "Remove-StorageSnapshot\n"
        "New-StorageSnapshot\n"
        "Reference\n"
        "Creates a consistent snapshot of a storage volume.\n"
        "Syntax\n"
        "New-StorageSnapshot [-VolumeName] <String> [-Name <String>] [-AsJob]\n"
        "Description\n"
        "The New-StorageSnapshot cmdlet creates a snapshot of a storage volume. The snapshot captures the state of every block at the moment the command runs, and it can be restored later.\n"
        "By default the snapshot is crash-consistent: writes that are still in flight are not included, which is enough for most file servers but not for databases.\n"
        "Parameters\n"
        "-AsJob\n"
        "Runs the cmdlet as a background job. Use Receive-Job to get the results when the job has finished.\n"
        "Type:\n"
        "SwitchParameter\n"
        "Position:\n"
        "Named\n"
        "Default value:\n"
        "False\n"
        "Required:\n"
        "False\n"
        "-Name\n"
        "The name of the snapshot. When it is left out, the name is made of the volume name and the date.\n"
        "Type:\n"
        "String\n"
        "Position:\n"
        "Named\n"
        "Default value:\n"
        "None\n"
        "Required:\n"
        "False\n"
        "-VolumeName\n"
        "The volume to take a snapshot of. The name is the one that Get-StorageVolume returns for the volume.\n"
        "Type:\n"
        "String\n"
        "Position:\n"
        "0\n"
        "Default value:\n"
        "None\n"
        "Required:\n"
        "True\n"
        "Feedback\n"
        "Was this page helpful?\n"
        "Yes\n"
        "No\n"
        "Privacy\n"
        "Terms of use\n";
    static const char *const kept[] = {"-Name\nThe name of the snapshot.", "Position:\nNamed\nDefault value:\nNone",
                                       "-VolumeName\nThe volume", "Required:\nTrue", NULL};
    static const char *const dropped[] = {"Was this page helpful?", "Terms of use", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A wiki prints a link to edit each section under its heading ("[edit]",
 * a line the page repeats): context looks past it as past a blank line,
 * so the headings stay with their sections and the region runs on over
 * short sections. */
START_TEST(output_wiki_edit_links)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Tables - Help - Game Wiki\n"
        "Main page\n"
        "Recent changes\n"
        "Random page\n"
        "Help:Tables\n"
        "Tables are used for component lists, scoring charts and the overviews of how many players a game "
        "takes.\n"
        "Basic syntax\n"
        "[edit]\n"
        "A table starts with an opening brace and a bar, and each row starts with a bar and a dash.\n"
        "Captions\n"
        "[edit]\n"
        "A caption goes on a line of its own right after the start of the table.\n"
        "Sorting\n"
        "[edit]\n"
        "Add the sortable class and readers get arrows in the header cells.\n"
        "Merging cells\n"
        "[edit]\n"
        "A cell that spans two columns pushes the rest of its row to the right, so count the cells of each "
        "row after merging.\n"
        "Privacy policy\n"
        "About the wiki\n";
    static const char *const kept[] = {"Basic syntax\nA table starts", "Captions\nA caption goes",
                                       "Sorting\nAdd the sortable class", "Merging cells\nA cell that spans",
                                       NULL};
    static const char *const dropped[] = {"[edit]", "Privacy policy", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

#define BOARD_POST(name, joined, number, body)                                                             \
    name "\nMember\nJoined\n" joined "\nMessages\n1,204\nReaction score\n2,311\n12 Jan 2024\n#" number "\n" body \
         "\nReport\nLike\nQuote\nReply\n"

/* A board's one-line replies, "Finally!!!", are posts: a sentence right
 * under the post's number, however short; the poster's name under a
 * stamp is none. */
START_TEST(output_one_line_posts)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Left back signs for four years | Fan Forum\n"
        "Forums\nWhat's new\nMembers\nLog in\nRegister\n"
        "Left back signs for four years\n" BOARD_POST(
            "carlos_m", "3 Aug 2012", "1",
            "The club has just announced it: the new left back signs a four-year contract and will wear "
            "number three next season.\nHe played nineteen games for his old club this season, with one "
            "goal and four assists, and he is only twenty-two.") BOARD_POST("paco_b", "20 Mar 2016", "2", "Finally!!!")
            BOARD_POST("nando78", "2 Sep 2019", "3", "Good signing, he has a good left foot and crosses well.")
                BOARD_POST("lucia_a", "11 Feb 2015", "4", "Welcome, Iker.") BOARD_POST(
                    "el_bombo", "7 May 2010", "5",
                    "One and a half million for a full back who was playing in the third division a year "
                    "ago seems a lot to me, but if he stays fit he will be worth it by the end of the "
                    "season.") "Similar threads\nTransfer rumours\n";
    static const char *const kept[] = {"will wear number three", "Finally!!!", "crosses well.", "Welcome, Iker.",
                                       NULL};
    static const char *const dropped[] = {"paco_b", "lucia_a", "Report", "#2", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A thread whose posts no rule heads (new Reddit): replies under the
 * same chrome ("Upvote", "Reply", a stamp) make it one, though its
 * opening post starts with a greeting on a line of its own and the
 * "More posts" teasers under it carry counts of their comments. */
START_TEST(output_thread_without_post_headers)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "r/bikewrench\n"
        "Skip to main content\n"
        "Log In\n"
        "Avatar of r/bikewrench\n"
        "r/bikewrench\n"
        "\u2022\n"
        "8 hr. ago\n"
        "pedal_hb\n"
        "Join\n"
        "Question\n"
        "Brake pads squeal only when the rims are wet\n"
        "Hi all,\n"
        "my hybrid has rim brakes with the pads that came with it, about two thousand miles on them. "
        "Since autumn they squeal loudly as soon as the rims get wet, and in the dry they are silent and "
        "stop fine.\n"
        "I cleaned the rims with alcohol and sanded the pads a little, but the noise came back after the "
        "first rainy ride. Should I just buy new pads, or is there something else worth checking first?\n"
        "312\n"
        "Upvote\n"
        "Downvote\n"
        "87\n"
        "Share\n"
        "Avatar of wrench_anna\n"
        "wrench_anna\n"
        "\u2022\n"
        "8 hr. ago\n"
        "Toe the pads in so that the front edge touches the rim first. Wet squeal is almost always the "
        "pad vibrating, and a millimetre of toe-in stops it on most brakes.\n"
        "143\n"
        "Upvote\n"
        "Downvote\n"
        "Reply\n"
        "Share\n"
        "Avatar of pedal_hb\n"
        "pedal_hb\n"
        "\u2022\n"
        "7 hr. ago\n"
        "How do I set the toe-in without a special tool? The manual only says to align the pads.\n"
        "27\n"
        "Upvote\n"
        "Downvote\n"
        "Reply\n"
        "Share\n"
        "Avatar of wrench_anna\n"
        "wrench_anna\n"
        "\u2022\n"
        "7 hr. ago\n"
        "Put a folded business card behind the rear end of each pad, squeeze the lever and tighten the "
        "bolt while you hold it.\n"
        "64\n"
        "Upvote\n"
        "Downvote\n"
        "Reply\n"
        "Share\n"
        "Avatar of old_spokes\n"
        "old_spokes\n"
        "\u2022\n"
        "6 hr. ago\n"
        "Also check the pad compound. Some cheap pads harden after a winter and squeal whatever you do, "
        "and a fresh pair costs less than an hour of fiddling.\n"
        "12\n"
        "Upvote\n"
        "Downvote\n"
        "Reply\n"
        "Share\n"
        "More posts you may like\n"
        "r/bikewrench\n"
        "Chain skips on the smallest cog after a new cassette\n"
        "41 upvotes \u00b7 23 comments\n"
        "r/cycling\n"
        "Best tyres for winter commuting on gravel paths\n"
        "188 upvotes \u00b7 140 comments\n";
    static const char *const kept[] = {"my hybrid has rim brakes",
                                       "Put a folded business card",
                                       "Also check the pad compound.",
                                       NULL};
    static const char *const dropped[] = {"Chain skips", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* A table as html2text prints it when its cells hold paragraphs: a "|"
 * line between each two cells and a "---|---" rule under the header.
 * The bars are markup, not boilerplate beside the cells: the cells are
 * judged by the prose around the table, and the bars go. */
START_TEST(output_table_cells_between_bars)
{
    const clean_cleaner *c = shared;
    static const char page[] =
        "Retries and backoff - tidewire docs\n"
        "Home\n"
        "Guides\n"
        "API\n"
        "Search\n"
        "Retries and backoff\n"
        "Network calls fail. A load balancer drops a connection, a server answers with an error while it "
        "restarts, or a name lookup takes a second too long, and the client can retry these requests for "
        "you.\n"
        "The RetryPolicy class\n"
        "Describes when and how often a failed request is sent again.\n"
        "Parameter\n"
        "|\n"
        "Default\n"
        "|\n"
        "Meaning\n"
        "---|---|---\n"
        "attempts\n"
        "|\n"
        "3\n"
        "|\n"
        "Total number of tries, including the first one.\n"
        "backoff\n"
        "|\n"
        "0.25\n"
        "|\n"
        "Base delay in seconds before the second try, doubled for each try after it.\n"
        "jitter\n"
        "|\n"
        "True\n"
        "|\n"
        "Whether a random share of the delay is added, so that many clients do not retry at once.\n"
        "All three can be changed for a single request too: pass a policy of its own to the request "
        "method, and the session's policy is left as it was for every other call.\n"
        "Previous\n"
        "Next\n"
        "\u00a9 2024 Tidewire contributors\n";
    static const char *const kept[] = {"\nattempts\n3\nTotal number of tries", "\nbackoff\n0.25\nBase delay", NULL};
    static const char *const dropped[] = {"|", "Previous", NULL};
    CHECK_KEEPS(c, page, kept, dropped);
}
END_TEST

/* Subheadings that the page's table of contents names first are
 * subheadings, not fixtures the page repeats: they stay between the
 * paragraphs; the contents' copies go. A menu item the page repeats in
 * its footer is still a fixture. */
START_TEST(output_subheadings_named_in_contents)
{
    const clean_cleaner *c = shared;
#define CONTENTS "Home\nContents\nThe vote\nWhat residents said\nNext steps\nContact\n"
#define BODY PROSE_1 "\nWhat residents said\n" PROSE_2 "\nNext steps\n" PROSE_3 "\n"
    CHECK_OUTPUT(c, CONTENTS BODY "Contact\n", BODY);
#undef CONTENTS
#undef BODY
}
END_TEST

/* A blog's meta line that counts the comments above the article ("4
 * comments") heads no post: the page is an article, whose comments go,
 * not a thread; the line itself goes, and the title under it stays. */
START_TEST(output_comment_count_above_article)
{
    const clean_cleaner *c = shared;
#define COMMENTS "Jane says:\nI took the tram every day when I was a student and I would love to see it back on " \
                 "the old route.\nTom says:\nThe buses on that route are always late, so this is good news for " \
                 "everyone who lives on the eastern side.\n"
#define ARTICLE PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n"
    CHECK_OUTPUT(c, "Home\nMarch 3, 2024 4 comments\nOld tram lines to be restored\n" ARTICLE COMMENTS,
                 "Old tram lines to be restored\n" ARTICLE);
#undef ARTICLE
#undef COMMENTS
}
END_TEST

/* A box header (action box) after the article drops the box's first
 * paragraph, the author's bio, which is a sentence; as a page's own
 * heading, with no prose above it, it drops only itself. */
START_TEST(output_author_box)
{
    const clean_cleaner *c = shared;
#define BIO "Jane Smith has written about transport and city planning for the paper since 2010, and she " \
            "lives near the old tram depot.\n"
    CHECK_OUTPUT(c, PROSE_1 "\n" PROSE_2 "\nAbout the author\n" BIO, PROSE_1 "\n" PROSE_2 "\n");
    CHECK_OUTPUT(c, "About Acme\n" PROSE_1 "\n" BIO PROSE_2 "\n", PROSE_1 "\n" BIO PROSE_2 "\n");
#undef BIO
}
END_TEST

/* Teaser cards after the article (headline, author, date, a one-sentence
 * summary, repeated), each about another story: every summary is a
 * sentence, but the run's repeated shape gives the cards away. */
START_TEST(output_teaser_cards_after_article)
{
    const clean_cleaner *c = shared;
#define ARTICLE PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n"
    CHECK_OUTPUT(c,
                 ARTICLE "Photo: Reuters\n"
                         "Farmers Brace for a Long Dry Summer in the South\nAnna Berg\nMay 6, 2024\n"
                         "Wells are running low across the southern valleys, and growers say they fear for their "
                         "orchards and their vines this year.\n"
                         "New Stadium Opens to Record Crowds on Saturday\nTom Hale\nMay 5, 2024\n"
                         "More than sixty thousand fans watched the first match in the gleaming arena downtown, "
                         "which cost far more than planned.\n"
                         "Museum Returns Stolen Paintings to Their Owners\nLisa Koch\nMay 4, 2024\n"
                         "Three canvases taken in a burglary decades ago were handed back to the family of the "
                         "collector at a small ceremony.\n"
                         "Scientists Find a New Species of Frog\nMark Olsen\nMay 3, 2024\n"
                         "The tiny amphibian, no bigger than a fingernail, was discovered in a remote forest after "
                         "years of patient searching.\n",
                 ARTICLE);
#undef ARTICLE
}
END_TEST

/* Headlines of other stories above the article, inside the dense run:
 * the article starts where the page title (the dump's first line)
 * comes again. */
START_TEST(output_article_starts_at_title_repeat)
{
    const clean_cleaner *c = shared;
#define HEADLINE "Committee Backs Plan to Restore the Old Tram Lines\n"
#define ARTICLE PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n"
    CHECK_OUTPUT(c,
                 "Committee Backs Plan to Restore the Old Tram Lines | City News\nHome\n"
                 "Farmers across the southern valleys brace for another long and very dry summer this year\n"
                 "Record crowds fill the new stadium downtown for the opening match of the football season\n"
                 "Museum hands three paintings stolen decades ago back to the family of their owner\n"
                 "Scientists find a tiny new species of frog in a remote forest after years of searching\n"
                 HEADLINE ARTICLE,
                 HEADLINE ARTICLE);
#undef HEADLINE
#undef ARTICLE
}
END_TEST

/* Two inline "Related" boxes of two headlines each do not end the
 * article when prose on its topic resumes after them. */
START_TEST(output_article_goes_on_after_inline_boxes)
{
    const clean_cleaner *c = shared;
#define RESUMED                                                                                             \
    "Residents at the meeting said the restored tram lines would make public transport in the city far " \
    "better, and the committee agreed to study the old tram routes, the depots, the bridges and the "    \
    "stations before the housing estates on the eastern riverside are finished and the first passengers " \
    "travel.\n"
    CHECK_OUTPUT(c,
                 PROSE_1 "\n" PROSE_2 "\nRelated\nBus drivers vote to strike over pay next month\n"
                         "New cycle lanes planned for the ring road\nRelated\n"
                         "Parking fees to rise in the city centre in spring\n"
                         "Rail station to close for repairs over Easter\n" RESUMED,
                 PROSE_1 "\n" PROSE_2 "\n" RESUMED);
#undef RESUMED
}
END_TEST

/* The site's copyright notice ends the article: on-topic prose after it
 * (a footer's blurb, another page's teaser) is not the article's. */
START_TEST(output_copyright_notice_ends_article)
{
    const clean_cleaner *c = shared;
#define ARTICLE PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n"
    CHECK_OUTPUT(c,
                 ARTICLE "\xC2\xA9 2024 City News\n"
                         "Residents at the meeting said the restored tram lines would make public transport in the "
                         "city far better, and the committee agreed to study the old tram routes before the "
                         "housing estates are finished.\n",
                 ARTICLE);
#undef ARTICLE
}
END_TEST

/* Notices in each form the footer test knows end the article; a credit
 * or a mark without a year does not. */
START_TEST(output_copyright_notice_forms)
{
    const clean_cleaner *c = shared;
    static const char after[] = "Residents at the meeting said the restored tram lines would make public transport "
                                "in the city far better, and the committee agreed to study the old tram routes "
                                "before the housing estates are finished.";
    static const struct {
        const char *line;
        int notice;
    } cases[] = {
        {"All Rights Reserved.", 1},
        {"City News. ALLE RECHTE VORBEHALTEN", 1},
        {"Tous droits r\xC3\xA9serv\xC3\xA9s", 1},
        {"Todos los derechos reservados", 1},
        {"Tutti i diritti riservati", 1},
        {"Todos os direitos reservados", 1},
        {"Alle rechten voorbehouden", 1},
        {"Wszelkie prawa zastrze\xC5\xBC" "one", 1},
        {"\xD0\x92\xD1\x81\xD0\xB5 \xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB0 "
         "\xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x89\xD0\xB5\xD0\xBD\xD1\x8B",
         0}, /* "Все": upper case outside ASCII is not folded */
        {"\xD0\xB2\xD1\x81\xD0\xB5 \xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB0 "
         "\xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x89\xD0\xB5\xD0\xBD\xD1\x8B",
         1},
        {"\xC2\xA9 2024 City News", 1},
        {"\xC2\xA9" "2024", 1},
        {"Copyright (c) 2005-2019 City News", 1},
        {"COPYRIGHT \xC2\xA9 (C)  1999 City News", 1},
        {"copyright2019 City News", 1},
        {"COPYRIGHT 2019", 1},                   /* the year in the last eight bytes alone */
        {"No. 1 \xC2\xA9 2019 City News", 1}, /* a digit before the year's */
        {"\xC2\xA9 Reuters", 0},
        {"Copyright City News 2019", 0},
        {"\xC2\xA9 20245 City News", 0},
        {"\xC2\xA9 3024 City News", 0},
        {"All rights", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char input[2048];
        int n = snprintf(input, sizeof input, "%s\n%s\n%s\n%s\n%s\n", PROSE_1, PROSE_2, PROSE_3, cases[i].line,
                         after);
        ck_assert(n > 0 && (size_t)n < sizeof input);
        clean_result *r = clean_bytes(c, input, (size_t)n, 0);
        int ended = strstr(clean_result_text(r), after) == NULL;
        ck_assert_msg(ended == cases[i].notice, "case %zu (%s): article %s", i, cases[i].line,
                      ended ? "ended" : "went on");
        clean_result_free(r);
    }
}
END_TEST

/* Rows of cells after the article stay with it, wherever in a row its
 * cells' "|", tab or two spaces are; rows of single spaces are no table. */
START_TEST(output_cell_rows_after_article)
{
    const clean_cleaner *c = shared;
    static const struct {
        const char *rows; /* three rows of one shape */
        int table;
    } cases[] = {
        {"Ab  12  red\nCd  31  tan\nEf  45  yel\n", 1},
        {"Abcdef  12  red\nCdefgh  31  tan\nEfghij  45  yel\n", 1},
        {"Abcdefg  12 red\nCdefghi  31 tan\nEfghijk  45 yel\n", 1},
        {"Abcdefgh  12  red\nCdefghij  31  tan\nEfghijkl  45  yel\n", 1},
        {"   Abcdefghijklmn 12  red\n   Cdefghijklmnop 31  tan\n   Efghijklmnopqr 45  yel\n", 1},
        {"Abcdefgh|12|\nCdefghij|31|\nEfghijkl|45|\n", 1},
        {"Abcdefghijklmnop\t12 red\nCdefghijklmnopqr\t31 tan\nEfghijklmnopqrst\t45 yel\n", 1},
        {"Abcdefg 12 red\nCdefghi 31 tan\nEfghijk 45 yel\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char input[2048];
        int n = snprintf(input, sizeof input, "%s\n%s\n%s", PROSE_1, PROSE_2, cases[i].rows);
        ck_assert(n > 0 && (size_t)n < sizeof input);
        clean_result *r = clean_bytes(c, input, (size_t)n, 0);
        int kept = strstr(clean_result_text(r), cases[i].rows) != NULL;
        ck_assert_msg(kept == cases[i].table, "case %zu: rows %s", i, kept ? "kept" : "dropped");
        clean_result_free(r);
    }
}
END_TEST

/* Rows after two paragraphs of prose and before a footer: is probe, a
 * piece of them, in the output as table says? */
typedef struct rows_case {
    const char *rows;
    const char *probe;
    int table;
} rows_case;

static void check_rows_after_article(const clean_cleaner *c, const rows_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char input[2048];
        int n = snprintf(input, sizeof input, "%s\n%s\n%s\nFooter links and more\n", PROSE_1, PROSE_2,
                         cases[i].rows);
        ck_assert(n > 0 && (size_t)n < sizeof input);
        clean_result *r = clean_bytes(c, input, (size_t)n, 0);
        int kept = strstr(clean_result_text(r), cases[i].probe) != NULL;
        ck_assert_msg(kept == cases[i].table, "case %zu: rows %s\n%s", i, kept ? "kept" : "dropped",
                      clean_result_text(r));
        clean_result_free(r);
    }
}

/* A table dumped a cell a line under its header row of labels: kept
 * after the article when a column holds numbers in every row; a menu of
 * the same shape, with words where a number was, is no table. */
START_TEST(output_table_a_cell_a_line)
{
    static const char grid[] = "Pin\nName\nType\nDescription\n"
                               "1\nSDA\nI/O\nSerial data, open drain\n"
                               "2\nADDR\nI\nAddress select: GND or VDD\n"
                               "3\nALERT\nO\nAlert output, active low\n"
                               "4\nSCL\nI\nSerial clock\n";
    static const char menu[] = "Pin\nName\nType\nDescription\n"
                               "Home\nSDA\nI/O\nSerial data, open drain\n"
                               "News\nADDR\nI\nAddress select: GND or VDD\n"
                               "Shop\nALERT\nO\nAlert output, active low\n"
                               "Help\nSCL\nI\nSerial clock\n";
    static const rows_case cases[] = {{grid, "SDA\nI/O\nSerial data", 1}, {menu, "SDA\nI/O\nSerial data", 0}};
    check_rows_after_article(shared, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* A car's data dumped a label a line over its value, no colon between:
 * kept after the description; a hotel's ratings in the same shape, each
 * value a bare number, are no such table. */
START_TEST(output_label_value_pairs)
{
    static const char data[] = "Year\n2021\nMileage\n48,300 km\nFuel\nPetrol hybrid\nGearbox\nAutomatic\n"
                               "Power\n150 hp (110 kW)\nEngine size\n1,498 cc\nConsumption\n5.6 l/100 km\n";
    static const char ratings[] = "Location\n4.9\nRooms\n4.6\nValue\n4.3\nCleanliness\n4.7\n"
                                  "Service\n4.5\nSleep quality\n4.4\nCheck-in\n4.8\n";
    static const rows_case cases[] = {{data, "Mileage\n48,300 km\nFuel", 1}, {ratings, "Rooms\n4.6\nValue", 0}};
    check_rows_after_article(shared, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* A reference's members, each named as code over the sentence that
 * describes it, with its attributes: kept whole after the article; the
 * same shape with plain names (a menu's items and their blurbs) is no
 * reference, and its names go. */
START_TEST(output_reference_entries)
{
    static const char members[] = "--project-id (string)\nThe ID of the project that will own the vault.\n"
                                  "Required: Yes\n--vault-name (string)\nA name for the vault.\nRequired: Yes\n"
                                  "--region (string)\nThe region to send the request to.\n"
                                  "--profile (string)\nUse a named profile from the credentials file.\n";
    static const char items[] = "Project\nThe ID of the project that will own the vault.\n"
                                "Required: Yes\nVault name\nA name for the vault.\nRequired: Yes\n"
                                "Region\nThe region to send the request to.\n"
                                "Profile\nUse a named profile from the credentials file.\n";
    static const rows_case cases[] = {
        {members, "Required: Yes\n--vault-name (string)\nA name for the vault.\nRequired: Yes\n--region (string)", 1},
        {items, "Vault name\nA name", 0},
    };
    check_rows_after_article(shared, cases, sizeof cases / sizeof *cases);
    /* The explain view names the step. */
    static const char page[] = PROSE_1 "\n" PROSE_2 "\n--project-id (string)\nThe ID of the project.\n"
                               "--vault-name (string)\nA name for the vault.\n--region (string)\nThe region to use.\n";
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, CLEAN_DETAILS);
    const char *reason = NULL;
    int kept = 0;
    ck_assert_int_eq(clean_result_line(r, 4, NULL, NULL, &kept, NULL, NULL, &reason, NULL), CLEAN_OK);
    ck_assert_int_eq(kept, 1);
    ck_assert_str_eq(reason, "reference-entry");
    clean_result_free(r);
}
END_TEST

/* A shell command's lines, the last one too ("--period 180" goes on the
 * line that ends in a backslash), are code; the button a page prints
 * under each block ("Copy") goes, and context judges the prose after it
 * as if the button were not there. */
START_TEST(output_code_button_below)
{
    static const char page[] = PROSE_1 "\nTurn rotation on for the key with the command below.\n"
                               "$ vault enable-rotation \\\n    --key-id 5c1d3e92 \\\n    --period 180\nCopy\n"
                               "To check it, ask for the key status:\n"
                               "$ vault key-status \\\n    --output json\nCopy\n"
                               "To turn it off again later, disable it:\n"
                               "$ vault disable-rotation \\\n    --key-id 5c1d3e92\nCopy\n" PROSE_2 "\n";
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, 0);
    const char *text = clean_result_text(r);
    ck_assert_msg(strstr(text, "    --key-id 5c1d3e92 \\\n    --period 180\nTo check it, ask for the key status:\n") !=
                      NULL,
                  "%s", text);
    ck_assert_msg(strstr(text, "Copy") == NULL, "%s", text);
    clean_result_free(r);
}
END_TEST

/* Cleans the page: `kept` is in its output, gone and also_gone are not. */
static void check_kept_and_gone(const char *page, const char *kept, const char *gone, const char *also_gone)
{
    clean_result *r = clean_bytes(shared, page, strlen(page), 0);
    const char *text = clean_result_text(r);
    ck_assert_msg(strstr(text, kept) != NULL, "%s", text);
    ck_assert_msg(strstr(text, gone) == NULL && strstr(text, also_gone) == NULL, "%s", text);
    clean_result_free(r);
}

/* Cleans each of two pages: probes[i] is in the first's output and not
 * in the second's, and `never` in neither. */
static void check_kept_in_first_only(const char *const *pages, const char *const *probes, const char *never)
{
    for (size_t i = 0; i < 2; i++) {
        clean_result *r = clean_bytes(shared, pages[i], strlen(pages[i]), 0);
        const char *text = clean_result_text(r);
        int kept = strstr(text, probes[i]) != NULL;
        ck_assert_msg(kept == (i == 0), "page %zu: %s %s:\n%s", i, probes[i], kept ? "kept" : "dropped", text);
        ck_assert_msg(strstr(text, never) == NULL, "page %zu:\n%s", i, text);
        clean_result_free(r);
    }
}

/* A product's specifications under a header a rule names, a dozen cells
 * or more, stay far from the description when an eighth of them hold
 * numbers, though most are words ("Over-ear", "Yes"); a menu under such a
 * header, with no number, goes. */
START_TEST(output_named_table_of_words)
{
    static const char *const probes[] = {"Type\nOver-ear\nColour\nSlate", "Type\nOver-ear\nColour\nSlate"};
#define SPECS "Specifications\nBrand\nCorvane\nType\nOver-ear\nColour\nSlate\nWireless\nYes\nFoldable\nYes\n"
#define PAGE_END "Add to basket\nAdd to wish list\nDelivery and returns\nAsk a question\nShare\n" PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\n"
    static const char *const pages[] = {
        SPECS "Driver size\n40 mm\nWeight\n254 g\nWarranty\nTwo years\n" PAGE_END,
        SPECS "Driver\nDynamic\nWeight\nLight\nWarranty\nTwo years\n" PAGE_END,
    };
    check_kept_in_first_only(pages, probes, "Add to basket");
#undef SPECS
#undef PAGE_END
}
END_TEST

/* A number of comments printed by the byline (a link that jumps to
 * them) and again over the comments: the second copy heads them, and
 * they go. */
START_TEST(output_comment_count_twice)
{
    static const char page[] = "Harbour pipeline bursts, island without water\nBy Ana Horvat\n34 comments\n" PROSE_1
                               "\n" PROSE_2 "\n" PROSE_3 "\n34 comments\njure_v\n2 hours ago\n"
                               "Every summer the same story with this old pipe, and every summer the bill goes up "
                               "while nothing is repaired.\nmarina88\n1 hour ago\n"
                               "The guests in our flat keep asking whether they may fill the pool, and the answer "
                               "is still no.\n";
    check_kept_and_gone(page, PROSE_3, "Every summer", "guests");
}
END_TEST

/* A link list's box inside an article ends at the first sentence under
 * it, one that announces a list too; the article goes on past the box,
 * and past a code example after it that a line announces. */
START_TEST(output_box_ends_at_announcement)
{
    static const char news[] = PROSE_1 "\n" PROSE_2 "\nMore on this topic\nHeat pump sales fall by a third\n"
                               "Why the heating trade hopes for renovations\nAnalysts cut their targets\n"
                               "Several analysts cut their price targets after the statement. Their reactions:\n"
                               "Lindemeyer Bank: target cut from 32 to 24 euros, rated hold\n"
                               "Nordkap Research: target cut from 28 to 21 euros, still a buy\n" PROSE_3 "\n" PROSE_4
                               "\n";
    static const char docs[] = PROSE_1 "\nSee also:\nEDIT_DISTANCE for the number of edits\nExamples\n"
                               "The following example compares two spellings of a supplier name:\n"
                               "SELECT EDIT_DISTANCE_RATIO('Hartley', 'Hartly') AS score\n  FROM DUAL;\n"
                               "     SCORE\n----------\n        88\n" PROSE_3 "\n" PROSE_4 "\n";
    static const struct {
        const char *page, *kept;
    } cases[] = {{news, "Their reactions:\nLindemeyer Bank: target cut from 32 to 24 euros, rated hold\n"},
                 {docs, PROSE_1 "\nThe following example compares two spellings of a supplier name:\n"}};
    for (size_t i = 0; i < 2; i++) {
        clean_result *r = clean_bytes(shared, cases[i].page, strlen(cases[i].page), 0);
        const char *text = clean_result_text(r);
        ck_assert_msg(strstr(text, cases[i].kept) != NULL && strstr(text, PROSE_4) != NULL, "case %zu:\n%s", i, text);
        ck_assert_msg(strstr(text, "Heat pump sales") == NULL, "case %zu:\n%s", i, text);
        clean_result_free(r);
    }
}
END_TEST

/* A link list of other stories, each title over its one-sentence
 * teaser, goes whole under its header: the first teaser does not end it. */
START_TEST(output_teaser_list_after_header)
{
    static const char page[] = PROSE_1 "\n" PROSE_2 "\n" PROSE_3 "\nMore from City and Transport\n"
                               "Council delays vote on the eastern tram line budget\n"
                               "The members of the council will vote on the cost of the tram lines in May.\n"
                               "Residents ask for more buses during the morning rush\n"
                               "The committee heard that crowded buses keep residents away from the centre.\n"
                               "Shop owners fear months of building work on the old route\n"
                               "The mayor promised that the streets along the tram route would stay open.\n";
    check_kept_and_gone(page, PROSE_3, "vote on the cost", "mayor promised that the streets along");
}
END_TEST

/* An ad's link list between a thread's posts ("Sponsored Links") is
 * chrome there: the posts after it stay. */
START_TEST(output_ad_list_between_posts)
{
#define POST(name, text)                                                                                    \
    "Old 03-11-2024, 08:40 PM\n#4 (permalink)\n" name "\nJunior Member\nJoin Date: Nov 2019\n"                   \
    "Location: Duluth, MN\nPosts: 48\n" text "\nReply With Quote\nThanks\n\n"
    static const char page[] =
        "Bathroom fan drips water in winter\n"
        POST("drywall_dan", "Every time it gets below freezing we get water dripping out of the bathroom fan grille, "
                            "and the ceiling around it is starting to stain. Is this a duct problem or a fan problem?")
        POST("skotty", "Classic condensation. Warm moist air hits a cold uninsulated duct in the attic and the water "
                       "runs back down into the fan housing, so insulate the duct and make it short.")
        POST("karen", "Check the roof cap damper actually opens as well, because a stuck flap keeps the moist air "
                      "in the duct and makes everything worse in a cold spell.")
        POST("north_shore", "Also run the fan for twenty minutes after the shower instead of five, since a timer "
                            "switch costs very little and the duct dries out before the night gets cold again. "
                            "We did that in our old house and the dripping stopped within a week of the change.")
        "Sponsored Links\nLicensed Roofers Near You, Get 3 Quotes Free\n\n"
        POST("skotty", "Gable is fine, just do not end the duct right next to a soffit vent or you will suck the "
                       "moist air straight back into the attic through the vent.")
        POST("drywall_dan", "Went up with a flashlight and the flap on the roof cap was frozen half shut, so I will "
                            "move the outlet to the gable wall this weekend and report back.")
        "Similar Threads\nBathroom fan noise after install\nAttic ventilation question\n";
#undef POST
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, 0);
    const char *text = clean_result_text(r);
    ck_assert_msg(strstr(text, "Gable is fine") != NULL && strstr(text, "Went up with a flashlight") != NULL, "%s",
                  text);
    ck_assert_msg(strstr(text, "Licensed Roofers") == NULL && strstr(text, "Attic ventilation question") == NULL, "%s",
                  text);
    clean_result_free(r);
}
END_TEST

/* On a thread, a one-line reply under its stamp and its votes ("8 hours
 * ago", "19") is a post. */
START_TEST(output_short_reply_under_votes)
{
#define POST(user, ago, votes, text) user "\nJoin Date: Nov 2019\nPosts: 48\n" ago "\n" votes "\n" text "\nreply\n\n"
    static const char page[] =
        "Creak from the seatpost when standing, where to start?\n"
        POST("gravelgrind", "9 hours ago", "141",
             "My bike creaks every time I stand up on the pedals, and only then. I have checked the pedals and the "
             "saddle already, what else could it be?")
        POST("spokewrench", "8 hours ago", "37",
             "Classic. Creaks travel through the frame, so grease the seatpost and the saddle rails before anything "
             "else.")
        POST("tubeless_tam", "8 hours ago", "19", "Good call.")
        POST("cadence95", "7 hours ago", "12",
             "Same here, it was the seatpost on mine and a little grease fixed it for a whole year of riding.")
        POST("gravelgrind", "6 hours ago", "26",
             "Greased the seatpost and the rails and it is silent now, thank you all for the help with this.");
#undef POST
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, 0);
    const char *text = clean_result_text(r);
    ck_assert_msg(strstr(text, "\nGood call.\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "hours ago") == NULL && strstr(text, "reply") == NULL, "%s", text);
    clean_result_free(r);
}
END_TEST

/* A short heading and the features under it that speak of what the
 * description does stay after it; a list of other stories under a
 * heading, sharing none of its words, goes. */
START_TEST(output_features_after_description)
{
#define DESCRIPTION                                                                                             \
    "Last Lantern is a narrative adventure game set on a rocky island off the coast, where the old lighthouse " \
    "is going dark.\nAs the keeper's daughter you repair the lighthouse by day, gather wood and food on the "   \
    "island, and at night keep the lantern burning against the storms that sweep the coast.\n"
#define PAGE_END "Add to basket\nAdd to wish list\nShare\nTweet\nPin it\n"
    static const char *const pages[] = {
        DESCRIPTION "Game features\nA hand-painted island full of hidden caves\n"
                    "Storms that change how the lighthouse is kept\nRepair the lantern with what the island gives\n" PAGE_END,
        DESCRIPTION "Latest news\nCouncil approves the budget for schools\nPolice close the ring road for repairs\n"
                    "Weather service warns of rain in the valleys\n" PAGE_END,
    };
#undef DESCRIPTION
#undef PAGE_END
    static const char *const probes[] = {"A hand-painted island", "Police close the ring road"};
    check_kept_in_first_only(pages, probes, "Add to basket");
}
END_TEST

/* A wiki article's sections, each heading (named in the contents above)
 * over its "[edit]" link and one paragraph, are the article, though they
 * have the shape of teaser cards and are off the lead's words. */
START_TEST(output_sections_not_cards)
{
#define SECTION(h, text) h "\n[edit]\n" text "\n"
    static const char page[] =
        "Old bridge - Free Encyclopedia\nContents\nHistory\nConstruction\nCollapse\nRestoration\nDescription\n" PROSE_1
        "\n" PROSE_2 "\n" PROSE_3 "\n"
        SECTION("History", "The bridge was ordered in 1331 by the guild of carters, who paid a mason from Siena to span "
                           "the gorge with three stone arches.")
        SECTION("Construction", "Work went on for seven summers because floods washed away the wooden centring twice "
                                "before the keystones were set.")
        SECTION("Collapse", "In the autumn flood of 1799 the arch nearest the left bank fell, and a timber deck carried "
                            "the road for thirty winters.")
        SECTION("Restoration", "Masons rebuilt the fallen arch in stone between 1834 and 1836, and engineers "
                               "strengthened the piers again in 1994.")
        SECTION("Description", "Three round arches of unequal span rest on piers with pointed cutwaters, and a small "
                               "shrine stands on the central pier.")
        "References\nCategories: Bridges\n";
#undef SECTION
    check_kept_and_gone(page, "Collapse\nIn the autumn flood of 1799", "[edit]", "Categories: Bridges");
}
END_TEST

/* A heading longer than a page's fixtures, named first in a table of
 * contents, stays where it heads its section; the contents' copy goes. */
START_TEST(output_heading_after_contents)
{
#define HEADING_A "What the council decided about the old tram lines this week"
#define HEADING_B "How the residents who spoke at the meeting would use the trams"
    static const char page[] = PROSE_1 "\nContents\n" HEADING_A "\n" HEADING_B "\n\n" HEADING_A "\n" PROSE_2
                               "\n" HEADING_B "\n" PROSE_3 "\n" PROSE_4 "\n";
    clean_result *r = clean_bytes(shared, page, sizeof page - 1, 0);
    const char *text = clean_result_text(r);
    ck_assert_msg(strstr(text, HEADING_A "\n" PROSE_2 "\n" HEADING_B "\n" PROSE_3) != NULL, "%s", text);
    ck_assert_msg(strstr(text, HEADING_A "\n" HEADING_B) == NULL, "%s", text);
    clean_result_free(r);
#undef HEADING_A
#undef HEADING_B
}
END_TEST

/* ---- Per-line details --------------------------------------------------- */

START_TEST(line_count)
{
    const clean_cleaner *c = shared;
    static const struct {
        const char *text;
        size_t lines;
    } cases[] = {
        {"one", 1},          {"one\n", 1},         {"one\n\n", 2},   {"a\nb\r\nc\rd", 4},
        {"a\nb\r\nc\rd\n", 4}, {"\n\n\n", 3},       {"\r\n", 1},      {"a\n\rb", 3},
        {PAGE_WITH("x"), 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clean_result *r = clean_bytes(c, cases[i].text, strlen(cases[i].text), CLEAN_DETAILS);
        ck_assert_msg(clean_result_line_count(r) == cases[i].lines, "case %zu: %zu lines, expected %zu", i,
                      clean_result_line_count(r), cases[i].lines);
        clean_result_free(r);
        r = clean_bytes(c, cases[i].text, strlen(cases[i].text), 0);
        ck_assert_uint_eq(clean_result_line_count(r), 0);
        ck_assert_int_eq(clean_result_line(r, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CLEAN_ERROR_INDEX);
        clean_result_free(r);
    }
}
END_TEST

START_TEST(line_details)
{
    static const char input[] =
        PROSE_1 "  \r\n\r\nBy Press Association\n \xC2\xA0\n" PROSE_2 "\r" PROSE_3 "\n\n" PROSE_1;
    static const struct {
        const char *text; /* the line without its trailing white space */
        int kept;
        clean_class cls;
        const char *reason; /* NULL: not checked */
    } want[] = {
        {PROSE_1, 1, CLEAN_CLASS_GOOD, NULL},
        {"", 0, CLEAN_CLASS_BLANK, "blank"},
        {"By Press Association", 0, CLEAN_CLASS_BAD, "rule:byline"},
        {"", 0, CLEAN_CLASS_BLANK, "blank"},
        {PROSE_2, 1, CLEAN_CLASS_GOOD, NULL},
        {PROSE_3, 1, CLEAN_CLASS_GOOD, NULL},
        {"", 0, CLEAN_CLASS_BLANK, "blank"},
        /* A reason names its other line by its input line number. */
        {PROSE_1, 0, CLEAN_CLASS_GOOD, "copy-of-line:1"},
    };
    const clean_cleaner *c = shared;
    clean_result *r = clean_bytes(c, input, sizeof input - 1, CLEAN_DETAILS);
    const size_t n = sizeof want / sizeof *want;
    ck_assert_uint_eq(clean_result_line_count(r), n);
    size_t expected_offset = 0;
    for (size_t i = 0; i < n; i++) {
        size_t offset = 99, length = 99;
        int kept = -1;
        clean_class cls = (clean_class)-1;
        double score = -1e9;
        const char *reason = NULL, *features = NULL;
        ck_assert_int_eq(clean_result_line(r, i, &offset, &length, &kept, &cls, &score, &reason, &features),
                         CLEAN_OK);
        /* Blank lines start where the input's line starts, too. */
        if (want[i].text[0]) {
            const char *found = strstr(input + expected_offset, want[i].text);
            ck_assert_ptr_nonnull(found);
            expected_offset = (size_t)(found - input);
        } else {
            while (input[expected_offset] != '\n' && input[expected_offset] != '\r')
                expected_offset++;
            expected_offset += input[expected_offset] == '\r' && input[expected_offset + 1] == '\n' ? 2 : 1;
        }
        ck_assert_msg(offset == expected_offset, "line %zu: offset %zu, expected %zu", i, offset, expected_offset);
        ck_assert_msg(length == strlen(want[i].text), "line %zu: length %zu, expected %zu", i, length,
                      strlen(want[i].text));
        ck_assert_msg(memcmp(input + offset, want[i].text, length) == 0, "line %zu: bytes differ", i);
        ck_assert_msg(kept == want[i].kept, "line %zu: kept %d (%s)", i, kept, reason);
        ck_assert_msg(cls == want[i].cls, "line %zu: class %s, expected %s", i, clean_class_name(cls),
                      clean_class_name(want[i].cls));
        ck_assert_ptr_nonnull(reason);
        ck_assert_ptr_nonnull(features);
        ck_assert_msg(reason[0] != '\0', "line %zu: empty reason", i);
        if (want[i].reason)
            ck_assert_str_eq(reason, want[i].reason);
        if (cls != CLEAN_CLASS_BLANK) {
            check_contains(features, "words=");
            ck_assert_msg(score > -1e8, "line %zu: score not set", i);
        }
        expected_offset += length;
    }
    /* Prose scores higher than a byline. */
    double prose_score, byline_score;
    ck_assert_int_eq(clean_result_line(r, 0, NULL, NULL, NULL, NULL, &prose_score, NULL, NULL), CLEAN_OK);
    ck_assert_int_eq(clean_result_line(r, 2, NULL, NULL, NULL, NULL, &byline_score, NULL, NULL), CLEAN_OK);
    ck_assert_double_gt(prose_score, byline_score);
    /* Every out pointer may be NULL. */
    ck_assert_int_eq(clean_result_line(r, n - 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CLEAN_OK);
    /* Past the end. */
    ck_assert_int_eq(clean_result_line(r, n, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CLEAN_ERROR_INDEX);
    ck_assert_int_eq(clean_result_line(r, (size_t)-1, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CLEAN_ERROR_INDEX);
    clean_result_free(r);
}
END_TEST

START_TEST(class_names)
{
    ck_assert_str_eq(clean_class_name(CLEAN_CLASS_BLANK), "blank");
    ck_assert_str_eq(clean_class_name(CLEAN_CLASS_BAD), "bad");
    ck_assert_str_eq(clean_class_name(CLEAN_CLASS_SHORT), "short");
    ck_assert_str_eq(clean_class_name(CLEAN_CLASS_NEAR_GOOD), "near-good");
    ck_assert_str_eq(clean_class_name(CLEAN_CLASS_GOOD), "good");
    ck_assert_int_eq(CLEAN_CLASS_BLANK, 0);
    ck_assert_int_eq(CLEAN_CLASS_GOOD, 4);
}
END_TEST

/* ---- Determinism and threads -------------------------------------------- */

/* A page with some of everything: boilerplate, a list, prose. */
static const char busy_page[] = "Skip to main content\n"
                                "Home > City > Transport\n"
                                "Menu\n\n"
                                "Trams to return to the city centre\n"
                                "By Press Association\n"
                                "Date:2025-04-06 15:38:02\n\n" PROSE_1 "\n\n" PROSE_2 "\n\n"
                                "Jens Stoltenberg (Olafur Steinar Rye Gestsson/Ritzau Scanpix/AP)\n\n" PROSE_3
                                "\n\n" PROSE_4 "\n\n"
                                "Related\n"
                                "- Council approves new budget for schools\n"
                                "- Storm damage closes the coastal road\n\n"
                                "Sign up for our daily newsletter to get the best stories in your inbox.\n"
                                "\xC2\xA9 2025 Example Media. All rights reserved.\n";

/* The text and every line's reason, as one string (malloc'd). */
static char *transcript(const clean_cleaner *c, const char *input, size_t length, size_t *out_length)
{
    clean_result *r = NULL;
    if (clean_clean(c, input, length, CLEAN_DETAILS, &r) != CLEAN_OK)
        return NULL;
    size_t n = clean_result_text_length(r), cap = n + 1;
    for (size_t i = 0; i < clean_result_line_count(r); i++) {
        const char *reason = "", *features = "";
        clean_result_line(r, i, NULL, NULL, NULL, NULL, NULL, &reason, &features);
        cap += strlen(reason) + strlen(features) + 2;
    }
    char *s = malloc(cap);
    if (!s) {
        clean_result_free(r);
        return NULL;
    }
    memcpy(s, clean_result_text(r), n);
    for (size_t i = 0; i < clean_result_line_count(r); i++) {
        const char *reason = "", *features = "";
        int kept = 0;
        clean_result_line(r, i, NULL, NULL, &kept, NULL, NULL, &reason, &features);
        n += (size_t)snprintf(s + n, cap - n, "%s%c%s\n", reason, kept ? '+' : '-', features);
    }
    *out_length = n;
    clean_result_free(r);
    return s;
}

START_TEST(deterministic)
{
    const clean_cleaner *c = shared;
    size_t la, lb;
    char *a = transcript(c, busy_page, sizeof busy_page - 1, &la);
    char *b = transcript(c, busy_page, sizeof busy_page - 1, &lb);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    /* A second cleaner from the same options agrees as well. */
    clean_cleaner *c2 = default_cleaner();
    size_t lc;
    char *t = transcript(c2, busy_page, sizeof busy_page - 1, &lc);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(la, lc);
    ck_assert_int_eq(memcmp(a, t, la), 0);
    /* And the page is a fair test: the prose kept, the boilerplate not. */
    clean_result *r = clean_bytes(c, busy_page, sizeof busy_page - 1, 0);
    const char *text = clean_result_text(r);
    static const char *const kept[] = {PROSE_1, PROSE_2, PROSE_3, PROSE_4};
    static const char *const dropped[] = {"Skip to", "Home >", "Menu", "Press Association", "2025-04-06",
                                          "Scanpix", "Related", "Council approves", "newsletter", "rights"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        ck_assert_msg(strstr(text, kept[i]) != NULL, "paragraph %zu dropped", i + 1);
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        ck_assert_msg(strstr(text, dropped[i]) == NULL, "\"%s\" kept", dropped[i]);
    clean_result_free(r);
    free(a);
    free(b);
    free(t);
    clean_cleaner_free(c2);
}
END_TEST

#define THREADS 4
#define ROUNDS 25

typedef struct worker {
    pthread_t thread;
    const clean_cleaner *cleaner;
    const char *expected;
    size_t expected_length;
    int mismatches;
    int failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        size_t length;
        char *s = transcript(w->cleaner, busy_page, sizeof busy_page - 1, &length);
        if (!s)
            w->failures++;
        else if (length != w->expected_length || memcmp(s, w->expected, length) != 0)
            w->mismatches++;
        free(s);
    }
    return NULL;
}

START_TEST(threads_share_one_cleaner)
{
    const clean_cleaner *c = shared;
    size_t length;
    char *expected = transcript(c, busy_page, sizeof busy_page - 1, &length);
    ck_assert_ptr_nonnull(expected);
    worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){.cleaner = c, .expected = expected, .expected_length = length};
        ck_assert_int_eq(pthread_create(&workers[i].thread, NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(workers[i].thread, NULL), 0);
    for (int i = 0; i < THREADS; i++) {
        ck_assert_msg(workers[i].failures == 0, "thread %d: %d failed calls", i, workers[i].failures);
        ck_assert_msg(workers[i].mismatches == 0, "thread %d: %d different results", i, workers[i].mismatches);
    }
    free(expected);
}
END_TEST

/* ---- Links ---------------------------------------------------------------- */

static const char markdown_page[] =
    "Title: Tram line to reach the airport\n"
    "\n"
    "*   [Home](https://news.example/)\n"
    "*   [Local](https://news.example/local)\n"
    "\n"
    "# Tram line to reach the airport\n"
    "\n"
    "The council approved the extension of the tram line to the airport on Monday, after two years of "
    "talks with the [regional transport authority](https://transport.example/about) and the airport's owners.\n"
    "\n"
    "Construction is expected to start in the spring and to take about two years. The council said it "
    "would publish a detailed timetable [on its website](https://council.example/trams) next month.\n"
    "\n"
    "```\n"
    "route = stops[0](airport.terminal)\n"
    "```\n";

/* Markdown links print as their text by default, and as they are with
 * CLEAN_LINKS_KEEP; a line of code is printed as it is in both modes. */
START_TEST(output_links_as_text)
{
    static const char *const kept[] = {"talks with the regional transport authority and the airport's owners.",
                                       "publish a detailed timetable on its website next month.", NULL};
    static const char *const dropped[] = {"https://", "](", NULL};
    CHECK_KEEPS(shared, markdown_page, kept, dropped);

    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_links(o, CLEAN_LINKS_KEEP), CLEAN_OK);
    clean_cleaner *c = new_cleaner(o);
    static const char *const kept_as_is[] = {
        "[regional transport authority](https://transport.example/about)",
        "[on its website](https://council.example/trams) next month.", NULL};
    static const char *const none[] = {NULL};
    CHECK_KEEPS(c, markdown_page, kept_as_is, none);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

#define LYNX_ARTICLE                                                                                    \
    "   [1]Home [2]News [3]Sport\n"                                                                     \
    "\n"                                                                                                \
    "Historic lido to reopen after restoration\n"                                                     \
    "\n"                                                                                                \
    "   The seafront lido that has been closed for almost thirty years is set to reopen this summer "  \
    "after a restoration paid for by the [4]town council and a lottery grant, the trust said.\n"      \
    "\n"                                                                                                \
    "   Swimmers will have to book a slot in advance, and the pool will close when the sea is too "     \
    "rough to refill it, a condition of the [5]planning permission granted last year.\n"

/* lynx's "[4]" numbers go where the page lists its links' addresses,
 * and stay where it does not: there they may be the page's own text. */
START_TEST(output_lynx_numbers_need_their_list)
{
    static const char listed[] = LYNX_ARTICLE "\n"
                                              "References\n"
                                              "\n"
                                              "   1. https://news.example/\n"
                                              "   4. https://news.example/council\n";
    static const char *const kept[] = {"paid for by the town council and", "condition of the planning permission",
                                       NULL};
    static const char *const dropped[] = {"[4]", "[5]", NULL};
    CHECK_KEEPS(shared, listed, kept, dropped);

    /* w3m lists them as "[4] https://..." */
    static const char listed_by_w3m[] = LYNX_ARTICLE "\n"
                                                     "References:\n"
                                                     "\n"
                                                     "[1] https://news.example/\n"
                                                     "[4] https://news.example/council\n";
    CHECK_KEEPS(shared, listed_by_w3m, kept, dropped);

    static const char unlisted[] = LYNX_ARTICLE;
    static const char *const kept_numbers[] = {"paid for by the [4]town council", NULL};
    static const char *const none[] = {NULL};
    CHECK_KEEPS(shared, unlisted, kept_numbers, none);
}
END_TEST

START_TEST(links_mode_out_of_range)
{
    clean_options *o = new_options();
    ck_assert_int_eq(clean_options_set_links(o, (clean_links)2), CLEAN_ERROR_OUT_OF_RANGE);
    ck_assert_ptr_nonnull(strstr(clean_options_error(o), "text or keep"));
    ck_assert_int_eq(clean_options_set_links(o, (clean_links)-1), CLEAN_ERROR_OUT_OF_RANGE);
    ck_assert_int_eq(clean_options_set_links(o, CLEAN_LINKS_TEXT), CLEAN_OK);
    ck_assert_str_eq(clean_options_error(o), "");
    ck_assert_int_eq(clean_options_set_links(NULL, CLEAN_LINKS_KEEP), CLEAN_ERROR_NULL_ARGUMENT);
    clean_options_free(o);
}
END_TEST

Suite *api_suite(void)
{
    Suite *s = suite_create("api");

    TCase *basics = tcase_create("basics");
    tcase_add_unchecked_fixture(basics, shared_setup, shared_teardown);
    tcase_add_test(basics, null_arguments);
    tcase_add_test(basics, free_null);
    tcase_add_test(basics, error_strings);
    tcase_add_test(basics, version);
    suite_add_tcase(s, basics);

    TCase *languages = tcase_create("languages");
    tcase_add_unchecked_fixture(languages, shared_setup, shared_teardown);
    tcase_add_test(languages, set_language_known);
    tcase_add_test(languages, set_language_fixes_result_language);
    tcase_add_test(languages, set_language_unknown);
    tcase_add_test(languages, result_language_english);
    tcase_add_test(languages, result_language_ignores_letters_and_numbers);
    tcase_add_test(languages, result_language_guessed_counts_stopwords_as_given);
    tcase_add_test(languages, result_language_unspaced_scripts);
    tcase_add_test(languages, add_stoplist_empty);
    tcase_add_test(languages, add_stoplist_bad_language_name);
    tcase_add_test(languages, add_stoplist_new_language);
    tcase_add_test(languages, add_stoplist_extends_known_language);
    suite_add_tcase(s, languages);

    TCase *rules = tcase_create("rules");
    tcase_add_unchecked_fixture(rules, shared_setup, shared_teardown);
    tcase_add_test(rules, add_rules_syntax_error);
    tcase_add_test(rules, add_rules_file);
    tcase_add_test(rules, disable_unknown_rule);
    tcase_add_test(rules, disable_builtin_rule);
    tcase_add_test(rules, disable_added_rule);
    tcase_add_test(rules, keep_rule_beats_features);
    tcase_add_test(rules, keep_rule_beats_builtin_drop_rule);
    tcase_add_test(rules, user_rule_overrides_builtin);
    tcase_add_test(rules, rules_text_is_copied);
    suite_add_tcase(s, rules);

    TCase *utf8 = tcase_create("utf8");
    tcase_add_unchecked_fixture(utf8, shared_setup, shared_teardown);
    tcase_add_test(utf8, strict_utf8_rejects_invalid);
    tcase_add_test(utf8, default_mode_passes_invalid_bytes);
    tcase_add_test(utf8, nul_bytes_pass_through);
    suite_add_tcase(s, utf8);

    TCase *output = tcase_create("output");
    tcase_add_unchecked_fixture(output, shared_setup, shared_teardown);
    tcase_add_test(output, empty_input);
    tcase_add_test(output, output_crlf_and_cr);
    tcase_add_test(output, output_no_final_newline);
    tcase_add_test(output, output_trailing_white_space);
    tcase_add_test(output, output_blank_lines);
    tcase_add_test(output, output_table_between_paragraphs);
    tcase_add_test(output, output_code_between_paragraphs);
    tcase_add_test(output, output_details_between_paragraphs);
    tcase_add_test(output, output_sections_listed_in_contents);
    tcase_add_test(output, output_indented_list_is_no_table);
    tcase_add_test(output, output_headline_repeated_in_menu);
    tcase_add_test(output, output_short_title_naming_the_page);
    tcase_add_test(output, output_markdown_frames);
    tcase_add_test(output, output_repeated_labels);
    tcase_add_test(output, output_labels_over_text);
    tcase_add_test(output, output_feature_sections);
    tcase_add_test(output, output_quoted_post_kept);
    tcase_add_test(output, output_thread_long_opening_post);
    tcase_add_test(output, output_qa_under_network_banner);
    tcase_add_test(output, output_repeated_label_values);
    tcase_add_test(output, output_wiki_edit_links);
    tcase_add_test(output, output_thread_without_post_headers);
    tcase_add_test(output, output_one_line_posts);
    tcase_add_test(output, output_table_cells_between_bars);
    tcase_add_test(output, output_comment_count_above_article);
    tcase_add_test(output, output_subheadings_named_in_contents);
    tcase_add_test(output, output_author_box);
    tcase_add_test(output, output_teaser_cards_after_article);
    tcase_add_test(output, output_article_starts_at_title_repeat);
    tcase_add_test(output, output_article_goes_on_after_inline_boxes);
    tcase_add_test(output, output_copyright_notice_ends_article);
    tcase_add_test(output, output_copyright_notice_forms);
    tcase_add_test(output, output_cell_rows_after_article);
    tcase_add_test(output, output_table_a_cell_a_line);
    tcase_add_test(output, output_label_value_pairs);
    tcase_add_test(output, output_reference_entries);
    tcase_add_test(output, output_code_button_below);
    tcase_add_test(output, output_heading_after_contents);
    tcase_add_test(output, output_comment_count_twice);
    tcase_add_test(output, output_box_ends_at_announcement);
    tcase_add_test(output, output_teaser_list_after_header);
    tcase_add_test(output, output_ad_list_between_posts);
    tcase_add_test(output, output_short_reply_under_votes);
    tcase_add_test(output, output_features_after_description);
    tcase_add_test(output, output_sections_not_cards);
    tcase_add_test(output, output_named_table_of_words);
    tcase_add_test(output, line_count);
    tcase_add_test(output, line_details);
    tcase_add_test(output, class_names);
    suite_add_tcase(s, output);

    TCase *links = tcase_create("links");
    tcase_add_unchecked_fixture(links, shared_setup, shared_teardown);
    tcase_add_test(links, output_links_as_text);
    tcase_add_test(links, output_lynx_numbers_need_their_list);
    tcase_add_test(links, links_mode_out_of_range);
    suite_add_tcase(s, links);

    TCase *concurrency = tcase_create("concurrency");
    tcase_add_unchecked_fixture(concurrency, shared_setup, shared_teardown);
    tcase_add_test(concurrency, deterministic);
    tcase_add_test(concurrency, threads_share_one_cleaner);
    suite_add_tcase(s, concurrency);

    return s;
}
