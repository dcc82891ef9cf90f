/* libFuzzer target: the loaders of what a user hands the options, rule
 * files and stoplists. The input is given as a rule file and as a
 * stoplist; what loads is then used: the rules are compiled (as the
 * cleaner compiles them, JIT included) and matched against a few lines and
 * against the input's own lines, the stoplist is indexed and queried.
 * Loading may only succeed or fail with its own error and a message that
 * names the source (and, for rules, the line). Uses the library's
 * internals so that no cleaner (stoplists of every language) is built per
 * input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "broken promise: %s\n", what);
        abort();
    }
}

static const char *const sample_lines[] = {
    "By Jane Doe | 12 March 2024",
    "Related articles",
    "Home > News > World",
    "© 2024 Example News. All rights reserved.",
    "The council met on Tuesday to discuss the new library, which opened after three years.",
    "",
    "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
    "/ / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / / x",
    "caf\xe9 \xff\xfe invalid",
};

static void use_rules(const char *text, size_t length)
{
    const cl_mem *m = &cl_default_mem;
    cl_rule_def *defs = NULL;
    size_t count = 0, cap = 0;
    char msg[512];
    check(cl_rules_parse(m, "fuzz.rules", text, length, &defs, &count, &cap, msg, sizeof msg) == CLEAN_OK,
          "rules that loaded parse again");
    cl_ruleset *rs = NULL;
    clean_error e = cl_ruleset_new(m, defs, count, &rs, msg, sizeof msg);
    check(e == CLEAN_OK, "rules that loaded compile");
    cl_matcher *mt = cl_matcher_new(rs);
    check(mt != NULL, "matcher");
    cl_rule_match match;
    for (size_t i = 0; i < sizeof sample_lines / sizeof sample_lines[0]; i++) {
        for (uint32_t words = 0; words < 40; words += 13)
            check(cl_rules_match(rs, mt, sample_lines[i], strlen(sample_lines[i]), words, &match), "match");
    }
    /* The input's own lines, as hostile subjects for its own patterns. */
    for (size_t start = 0; start < length;) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        check(cl_rules_match(rs, mt, text + start, end - start, 3, &match), "match own line");
        check(match.decisive < (int)count && match.score_rule < (int)count, "rule index");
        start = end + 1;
    }
    cl_matcher_free(mt);
    cl_ruleset_free(rs);
}

static void use_stoplist(const char *text, size_t length)
{
    const cl_mem *m = &cl_default_mem;
    cl_stopsource src = {0, text, length};
    cl_stopindex *ix = cl_stopindex_new(m, 1, &src, 1);
    check(ix != NULL, "stop index");
    uint32_t votes[1] = {0};
    /* One word a line, '#' starts a comment: every word read is in,
     * but for numbers. */
    for (size_t start = 0, words = 0; start < length && words < 1000;) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        const char *hash = memchr(text + start, '#', end - start);
        cl_word_iter it;
        cl_words_init(&it, text + start, (hash ? (size_t)(hash - text) : end) - start);
        while (cl_words_next(&it) && words++ < 1000) {
            /* Numbers are left out of stoplists: they are in no language. */
            check(it.all_digits || cl_stopindex_has(ix, it.lower, it.lower_len, it.hash, 0),
                  "every word of a stoplist is in it");
            const cl_vote_word vote = {it.lower, it.lower_len, it.hash, 1};
            cl_stopindex_vote(ix, &vote, 1, votes);
        }
        start = end + 1;
    }
    cl_stopindex_free(m, ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    clean_options *o = clean_options_new();
    check(o != NULL, "options");
    clean_error e = clean_options_add_rules(o, "fuzz.rules", text, size);
    if (e == CLEAN_OK)
        use_rules(text, size);
    else
        check(e == CLEAN_ERROR_RULE_SYNTAX && strncmp(clean_options_error(o), "fuzz.rules:", 11) == 0,
              "a bad rule file is a syntax error naming the file and line");
    e = clean_options_add_stoplist(o, "Fuzzish", "fuzz.txt", text, size);
    if (e == CLEAN_OK)
        use_stoplist(text, size);
    else
        check(e == CLEAN_ERROR_BAD_STOPLIST && strncmp(clean_options_error(o), "fuzz.txt:", 9) == 0,
              "an empty stoplist is named");
    clean_options_free(o);
    return 0;
}
