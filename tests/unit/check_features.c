/*
 * lib/features.c (and the stopword index it reads from lib/stoplist.c):
 * words, unspaced scripts (CJK, Thai), capitals, sentence ends, bullets, URLs, stop density and
 * the repeat hash of one line.
 */
#include "check_suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "internal.h"

/* Features of a NUL-terminated line without a stoplist. */
static cl_features features_of(const char *line)
{
    cl_features f;
    cl_line_features(line, strlen(line), NULL, -1, NULL, NULL, &f);
    return f;
}

/* The lower-cased words of a line, each followed by '|'. */
static const char *words_of(const char *line, char *out, size_t size)
{
    cl_word_iter it;
    size_t n = 0;
    cl_words_init(&it, line, strlen(line));
    out[0] = '\0';
    while (cl_words_next(&it)) {
        ck_assert_msg(n + it.lower_len + 2 <= size, "word list of \"%s\" too long", line);
        memcpy(out + n, it.lower, it.lower_len);
        n += it.lower_len;
        out[n++] = '|';
        out[n] = '\0';
    }
    return out;
}

static void check_words(const char *line, const char *want)
{
    char got[256];
    ck_assert_msg(strcmp(words_of(line, got, sizeof got), want) == 0, "words of \"%s\": \"%s\", expected \"%s\"",
                  line, got, want);
}

static void check_word_count(const char *line, unsigned want)
{
    cl_features f = features_of(line);
    ck_assert_msg(f.words == want, "\"%s\": %u words, expected %u", line, (unsigned)f.words, want);
}

/* ---- Words -------------------------------------------------------------- */

START_TEST(words_ascii)
{
    check_word_count("Hello world", 2);
    check_word_count("  Hello,   world!  ", 2);
    check_word_count("one-two three_four", 4);
    check_word_count("", 0);
    check_word_count("... --- !!! ???", 0);
    check_words("Hello, World!", "hello|world|");
}
END_TEST

/* Runs of ASCII letters and digits are read eight bytes a step: words
 * ending on, before and after a step's end, every letter case, digits,
 * and bytes of 0x80 and more (a letter, or any byte) inside a step. */
START_TEST(words_ascii_steps)
{
    check_words("abcdefg ABCDEFGH abcdefghi", "abcdefg|abcdefgh|abcdefghi|");
    check_words("AZaz09@[`{/:AZ", "azaz09|az|");
    check_words("StraSSenBAHNstation\xc3\x9c ber", "strassenbahnstation\xc3\xbc|ber|");
    check_words("Wortlaut\xc3\xa4nderungen", "wortlaut\xc3\xa4nderungen|");
    check_words("ABCDEFG\xff" "12345678", "abcdefg|12345678|");
    check_words("1234567890123456 x", "1234567890123456|x|");
    cl_word_iter it;
    const char *digits = "1234567890123456";
    cl_words_init(&it, digits, strlen(digits));
    ck_assert(cl_words_next(&it));
    ck_assert(it.all_digits && !it.has_letter);
    const char *mixed = "12345678901234Z5";
    cl_words_init(&it, mixed, strlen(mixed));
    ck_assert(cl_words_next(&it));
    ck_assert(!it.all_digits && it.has_letter);
}
END_TEST

START_TEST(words_unicode_letters)
{
    check_words("Über die Straße", "über|die|straße|");
    check_words("Αθήνα είναι", "αθήνα|είναι|");
    check_words("Москва — столица", "москва|столица|");
    /* A combining mark stays inside its word: "naïve" with U+0308. */
    check_words("nai\xCC\x88ve idea", "nai\xCC\x88ve|idea|");
    check_word_count("Ça va très bien", 4);
}
END_TEST

/* The words of a line (no apostrophe in it) as the general decoder and
 * libunistring read them, each followed by '|': letters, marks and
 * decimal digits make words, Han, kana, Thai, Lao, Myanmar and Khmer
 * letters are words of their own (those of the last four with the marks
 * after them), lower-cased with uc_tolower. And its number of characters. */
static bool is_unspaced_char(ucs4_t cp)
{
    if (uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Nd))
        return false;
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x17DD) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static size_t reference_words(const char *line, size_t n, char *out)
{
    size_t chars = 0, o = 0;
    bool in_word = false, in_unspaced = false;
    uint32_t last = 0;
    for (size_t i = 0; i < n; chars++) {
        uint32_t cp;
        i += (size_t)cl_decode((const uint8_t *)line + i, n - i, &cp);
        bool part = uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_M | UC_CATEGORY_MASK_Nd);
        bool unspaced = part && is_unspaced_char(cp);
        /* Marks go on the letters of the alphabets below Han and kana. */
        if (in_unspaced && last < 0x3040 && unspaced && uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_M)) {
            o += (size_t)u8_uctomb((uint8_t *)out + o, uc_tolower(cp), 4);
            continue;
        }
        if (in_unspaced || (in_word && (!part || unspaced)))
            out[o++] = '|';
        in_word = part && !unspaced;
        in_unspaced = unspaced;
        last = cp;
        if (part)
            o += (size_t)u8_uctomb((uint8_t *)out + o, uc_tolower(cp), 4);
    }
    if (in_word || in_unspaced)
        out[o++] = '|';
    out[o] = '\0';
    return chars;
}

/* The line pre, the bytes x, then post is read as reference_words reads
 * it: its words, their hashes and its number of characters. */
static void check_as_reference(const char *pre, const uint8_t *x, size_t x_len, const char *post)
{
    char line[32], want[64], got[64];
    size_t n = strlen(pre);
    memcpy(line, pre, n);
    memcpy(line + n, x, x_len);
    strcpy(line + n + x_len, post);
    n += x_len + strlen(post);
    size_t chars = reference_words(line, n, want);
    cl_word_iter it;
    size_t g = 0;
    cl_words_init(&it, line, n);
    while (cl_words_next(&it)) {
        if (it.hash != cl_word_hash(it.lower, it.lower_len))
            ck_abort_msg("hash of \"%s\"", it.lower);
        memcpy(got + g, it.lower, it.lower_len);
        g += it.lower_len;
        got[g++] = '|';
    }
    got[g] = '\0';
    cl_features f;
    cl_line_features(line, n, NULL, -1, NULL, NULL, &f);
    /* Checked without an assertion a time: each is a write to Check's pipe. */
    if (strcmp(got, want) != 0 || f.chars != chars)
        ck_abort_msg("%s + %02X %02X %02X + %s: \"%s\", %u characters, expected \"%s\", %zu", pre, x[0],
                     x_len > 1 ? x[1] : 0, x_len > 2 ? x[2] : 0, post, got, (unsigned)f.chars, want, chars);
}

/* Letters whose properties are known without libunistring (Latin-1,
 * Cyrillic, kana, Han, Hangul; Cyrillic read four a step) are read as
 * libunistring reads them: every character of the BMP at a word's start
 * (lower-cased and capitalised alike) and end, and after letters of each
 * of those kinds, at each place in a step. */
START_TEST(words_bmp_as_libunistring)
{
    static const char *const around[][2] = {
        {"", "a"}, {"", ""}, {"a", "b"}, {"\xC3\x89", "a"}, {"\xD0\x96", "\xD0\xB6"},
        {"\xD0\xB6\xD0\x81", "\xD0\xB6\xD0\xB6"}, {"\xD0\xB6\xD0\xB6\xD0\xB6", "a"}, {"\xED\x95\x9C", "\xD0\xB6"},
    };
    for (ucs4_t cp = 0x80; cp < 0x10000; cp++) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x2019) /* the apostrophe: words_apostrophes */
            continue;
        uint8_t x[4];
        int n = u8_uctomb(x, cp, 4);
        for (size_t k = 0; k < sizeof around / sizeof *around; k++)
            check_as_reference(around[k][0], x, (size_t)n, around[k][1]);
        cl_word_iter it;
        cl_words_init(&it, (const char *)x, (size_t)n);
        bool word = uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_M | UC_CATEGORY_MASK_Nd);
        if (cl_words_next(&it) != word)
            ck_abort_msg("U+%04X read as a word: %d", (unsigned)cp, (int)!word);
        if (word && (it.capitalised != uc_is_upper(cp) || it.unspaced != is_unspaced_char(cp) || it.has_letter == it.all_digits ||
                     it.all_digits != uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Nd)))
            ck_abort_msg("U+%04X: capitalised %d, unspaced %d, letter %d, digits %d", (unsigned)cp, (int)it.capitalised,
                         (int)it.unspaced, (int)it.has_letter, (int)it.all_digits);
    }
}
END_TEST

/* Invalid, overlong and truncated sequences of two and three bytes, in
 * and after Cyrillic and Hangul words, are read as the general decoder
 * reads them. */
START_TEST(words_bad_utf8_as_general_decoder)
{
    static const char *const around[][2] = {
        {"\xD0\xB6", "\xD0\xB6"}, {"\xD0\xB6\xD0\xB6", ""}, {"\xED\x95\x9C", "\xED\x95\x9C"}, {"", "\xD0\xB6"},
    };
    static const uint8_t thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xD0, 0xE0, 0xFF};
    for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
        for (unsigned second = 1; second <= 0xFF; second++) {
            if (second == '\'')
                continue;
            uint8_t x[3] = {(uint8_t)lead, (uint8_t)second};
            for (size_t k = 0; k < sizeof around / sizeof *around; k++) {
                check_as_reference(around[k][0], x, 2, around[k][1]);
                if (lead >= 0xE0 && lead <= 0xEF)
                    for (size_t t = 0; t < sizeof thirds / sizeof *thirds; t++) {
                        x[2] = thirds[t];
                        check_as_reference(around[k][0], x, x[2] ? 3 : 2, around[k][1]);
                    }
            }
        }
    }
}
END_TEST

/* Long words are truncated to fit the buffer a character at a time, as
 * their letters come: two-byte letters stop two bytes short, a letter of
 * one byte after them still fits. */
START_TEST(words_long_cyrillic_truncated)
{
    char line[200] = "", want[80] = "";
    for (int i = 0; i < 40; i++)
        strcat(line, "\xD0\x96");
    strcat(line, "a");
    for (int i = 0; i < 31; i++)
        strcat(want, "\xD0\xB6");
    strcat(want, "a|");
    check_words(line, want);
}
END_TEST

START_TEST(words_apostrophes)
{
    /* An apostrophe (' or U+2019) between letters stays inside the word. */
    check_words("don't stop", "don't|stop|");
    check_words("Don\xE2\x80\x99t l\xE2\x80\x99homme", "don't|l'homme|");
    check_word_count("it's the people's choice", 4);
    /* At a word's edge it separates. */
    check_words("'quoted' words'", "quoted|words|");
    check_words("rock 'n' roll", "rock|n|roll|");
}
END_TEST

START_TEST(words_digits)
{
    cl_features f = features_of("In 2024 there were 3 cases and 12abc");
    ck_assert_uint_eq(f.words, 8);
    ck_assert_uint_eq(f.digit_words, 2);
    ck_assert_uint_eq(f.alpha_words, 6);
    /* Arabic-Indic digits are digits as well. */
    f = features_of("\xD9\xA1\xD9\xA2\xD9\xA3 items");
    ck_assert_uint_eq(f.words, 2);
    ck_assert_uint_eq(f.digit_words, 1);
    check_words("3.5 million", "3|5|million|");
}
END_TEST

START_TEST(words_unspaced_half)
{
    /* Each Han or kana character is a word of its own ... */
    check_words("東京都", "東|京|都|");
    check_words("カタカナ", "カ|タ|カ|ナ|");
    /* ... and counts as half a word. */
    cl_features f = features_of("東京都庁");
    ck_assert_uint_eq(f.unspaced_chars, 4);
    ck_assert_uint_eq(f.words, 2);
    f = features_of("東京 is big");
    ck_assert_uint_eq(f.unspaced_chars, 2);
    ck_assert_uint_eq(f.words, 3);
    f = features_of("日本語のテキストです");
    ck_assert_uint_eq(f.unspaced_chars, 10);
    ck_assert_uint_eq(f.words, 5);
    /* Thai is written without spaces between words too. */
    check_words("น้ำท่วม", "น้|ำ|ท่|ว|ม|");
    check_words("\xE3\x81\x8B\xE3\x82\x99", "\xE3\x81\x8B|\xE3\x82\x99|"); /* a kana, a combining mark */
    f = features_of("ฝนตกหนัก"); /* seven letters and a vowel mark */
    ck_assert_uint_eq(f.unspaced_chars, 7);
    ck_assert_uint_eq(f.words, 4);
    /* Han glued to Latin letters still splits. */
    check_words("abc東京", "abc|東|京|");
}
END_TEST

START_TEST(words_long_word_truncated)
{
    /* The lower-cased copy is truncated to fit, never overflows. */
    char line[300];
    memset(line, 'A', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    cl_word_iter it;
    cl_words_init(&it, line, strlen(line));
    ck_assert(cl_words_next(&it));
    ck_assert_uint_lt(it.lower_len, sizeof it.lower);
    ck_assert_uint_gt(it.lower_len, 0);
    ck_assert_int_eq(it.lower[0], 'a');
    ck_assert_int_eq(it.lower[it.lower_len], '\0');
    ck_assert(!cl_words_next(&it));
}
END_TEST

START_TEST(capitalised_words)
{
    cl_features f = features_of("The Quick brown Fox jumps");
    ck_assert_uint_eq(f.capitalised, 3);
    ck_assert_uint_eq(f.alpha_words, 5);
    f = features_of("Édouard und Ølberg in ÉCOLE");
    ck_assert_uint_eq(f.capitalised, 3);
    f = features_of("iPhone 12 and eBay");
    ck_assert_uint_eq(f.capitalised, 0);
    /* Digits are not capitals; CJK characters are not counted. */
    f = features_of("2024 東京 Tokyo");
    ck_assert_uint_eq(f.capitalised, 1);
}
END_TEST

/* The title-cased words a line starts with, as a headline glued to its
 * summary does: short lower-case words go on, a number counts once. */
START_TEST(lead_capitalised_words)
{
    ck_assert_uint_eq(features_of("Council Approves Budget for the Harbour District after a vote").lead_capitalised,
                      5);
    ck_assert_uint_eq(features_of("Storm Closes 3 Schools, residents say").lead_capitalised, 4);
    /* "6,7" and "1 968" are one number each. */
    ck_assert_uint_eq(features_of("Novira Eksen 14 Pro, 6,7 inç AMOLED ekranı").lead_capitalised, 5);
    ck_assert_uint_eq(features_of("Motor 1 968 kubik, Diesel").lead_capitalised, 2);
}
END_TEST

/* ---- Sentence ends ------------------------------------------------------ */

static void check_ends(const char *line, bool want)
{
    cl_features f = features_of(line);
    ck_assert_msg(f.ends_sentence == want, "\"%s\": ends_sentence %d, expected %d", line, (int)f.ends_sentence,
                  (int)want);
}

START_TEST(ends_sentence_marks)
{
    check_ends("He left.", true);
    check_ends("Did he leave?", true);
    check_ends("He left!", true);
    check_ends("He left\xE2\x80\xA6", true);          /* … */
    check_ends("彼は行った。", true);                  /* 。 */
    check_ends("No end here", false);
    check_ends("What follows:", false);              /* a colon announces */
    check_ends("", false);
    check_ends(".", true);
}
END_TEST

START_TEST(ends_sentence_closing_quotes)
{
    check_ends("He said \xE2\x80\x9Cyes.\xE2\x80\x9D", true);    /* ” */
    check_ends("Il a dit \xC2\xAByes.\xC2\xBB", true);           /* » */
    check_ends("He said (\"yes.\")", true);                       /* ") */
    check_ends("He said \"yes.\"", true);
    check_ends("(He left.)", true);
    check_ends("He said \xE2\x80\x98yes.\xE2\x80\x99", true);    /* ’ */
    check_ends("「行った。」", true);                              /* 」 */
    /* Closing marks without a sentence mark before them. */
    check_ends("He said \xE2\x80\x9Cyes\xE2\x80\x9D", false);
    check_ends("(see below)", false);
    check_ends("\"\"", false);
    check_ends(")", false);
}
END_TEST

/* ---- Bullets ------------------------------------------------------------ */

static void check_bullet(const char *line, bool want)
{
    cl_features f = features_of(line);
    ck_assert_msg(f.bullet == want, "\"%s\": bullet %d, expected %d", line, (int)f.bullet, (int)want);
}

START_TEST(bullets)
{
    check_bullet("- first item", true);
    check_bullet("\xE2\x80\xA2 second item", true); /* • */
    check_bullet("* third item", true);
    check_bullet("1. numbered item", true);
    check_bullet("12) numbered item", true);
    check_bullet("  - indented item", true);
    check_bullet("\t\xE2\x80\xA2 tabbed item", true);
    check_bullet("-not a bullet", false);
    check_bullet("*emphasis*", false);
    check_bullet("1.5 million people", false);
    check_bullet("2024. A year", false);
    check_bullet("Plain line", false);
    check_bullet("-", false);
    check_bullet("1.", false);
    check_bullet("A - B", false);
    check_bullet("a) a letter is no marker", false);
}
END_TEST

/* ---- Markdown headings -------------------------------------------------- */

START_TEST(markdown_headings)
{
    static const struct {
        const char *line;
        unsigned level;
    } cases[] = {
        {"# Council votes to keep the library", 1},
        {"## What the vote means", 2},
        {"###### Sixth level", 6},
        {"   ### Indented by three", 3},
        {"#\tTabbed", 1},
        {"####### Seven marks are no heading", 0},
        {"    # Indented by four is code", 0},
        {"#hashtag", 0},
        {"#", 0},
        {"# ", 0},
        {"C# is a language", 0},
        {"Plain line", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cl_features f = features_of(cases[i].line);
        ck_assert_msg(f.heading == cases[i].level, "\"%s\": heading %u, expected %u", cases[i].line,
                      (unsigned)f.heading, cases[i].level);
    }
}
END_TEST

/* ---- URLs --------------------------------------------------------------- */

static void check_url(const char *line, bool want)
{
    cl_features f = features_of(line);
    ck_assert_msg(f.url == want, "\"%s\": url %d, expected %d", line, (int)f.url, (int)want);
}

START_TEST(urls)
{
    /* Marks at the line's start and end. */
    check_url("https://x", true);
    check_url("www.x", true);
    check_url("x.html", true);
    check_url("x.com/", true);
    check_url("x.com", false);
    check_url("http:/", false);
    check_url("ww.", false);
    check_url("\xC3\xA9http://x", true);
    check_url("a.b.c: http:", false);
    check_url("Read more at https://example.org/story", true);
    check_url("http://example.org", true);
    check_url("visit www.example.net today", true);
    check_url("example.com/path/to/page", true);
    check_url("see page.html", true);
    check_url("Write to jane.doe@example.org for details", true);
    check_url("No links in this sentence.", false);
    check_url("Meet me @ the station.", false);
    check_url("user@localhost", false);
    check_url("@handle", false);
    check_url("The www is big", false);
}
END_TEST

/* The links whose markup the word reader passed over in the line. */
static uint32_t links_of(const char *line)
{
    cl_word_iter it;
    cl_words_init(&it, line, strlen(line));
    while (cl_words_next(&it))
        ;
    return it.links;
}

/* A Markdown link's target is not words of the line, nor an address it
 * shows; its text is. Brackets that are no link leave the line as is. */
START_TEST(markdown_link_targets)
{
    char words[256];
    const char *line = "Read [the report](https://example.com/a/b.html \"The report\") today.";
    cl_features f = features_of(line);
    ck_assert_str_eq(words_of(line, words, sizeof words), "read|the|report|today|");
    ck_assert_uint_eq(f.words, 4);
    ck_assert(f.link_markup);
    ck_assert_uint_eq(links_of(line), 1);
    ck_assert(!f.url);
    check_url("[Home](/) [World](/world) and www.example.com", true);
    ck_assert_uint_eq(links_of("[Home](/) [World](/world) and www.example.com"), 2);
    ck_assert_uint_eq(links_of("f(x) = [a] (b) [c](d e)"), 0);
    ck_assert(!features_of("f(x) = [a] (b) [c](d e)").link_markup);

    char view[128];
    const char *menu = "* [Home](/) | [World](https://example.com/world \"World news\")";
    size_t n = cl_link_text(menu, strlen(menu), view);
    ck_assert_str_eq((view[n] = '\0', view), "* [Home] | [World]");
    const char *plain = "f(x) = [a] (b) [c](d e) ]( ]( [12345] [x1] [";
    n = cl_link_text(plain, strlen(plain), view);
    ck_assert_str_eq((view[n] = '\0', view), plain);

    /* Reference numbers, as lynx prints them before a link's text and a
     * wiki after a sentence. */
    const char *lynx = "   [35]Comments on [36]the report, in 1578.[1]";
    ck_assert_str_eq(words_of(lynx, words, sizeof words), "comments|on|the|report|in|1578|");
    ck_assert_uint_eq(links_of(lynx), 3);
    n = cl_link_text(lynx, strlen(lynx), view);
    ck_assert_str_eq((view[n] = '\0', view), "   Comments on the report, in 1578.");
    /* A note's number first on the line is one; a number in brackets
     * between spaces is none: a program's output. */
    ck_assert_uint_eq(links_of("  [2] Joint Commission"), 1);
    const char *output = "<Response [200]> and [3] items";
    ck_assert_uint_eq(links_of(output), 0);
    n = cl_link_text(output, strlen(output), view);
    ck_assert_str_eq((view[n] = '\0', view), output);
}
END_TEST

/* ---- Stopwords ---------------------------------------------------------- */

static const char stop_english[] = "# tiny English list\nthe\nof\nAND\n\nits\n";
static const char stop_german[] = "der\ndie\ndas\nund\n";

static cl_stopindex *tiny_index(void)
{
    const cl_stopsource src[] = {
        {0, stop_english, sizeof stop_english - 1},
        {1, stop_german, sizeof stop_german - 1},
    };
    cl_stopindex *ix = cl_stopindex_new(&cl_default_mem, 2, src, 2);
    ck_assert_ptr_nonnull(ix);
    return ix;
}

/* The votes of language lang for the words. */
static uint32_t votes_for(const cl_stopindex *ix, const char *const *words, size_t count, size_t lang)
{
    cl_vote_word batch[8];
    uint32_t votes[2] = {0, 0};
    ck_assert_uint_le(count, 8);
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(words[i]);
        batch[i] = (cl_vote_word){words[i], len, cl_word_hash(words[i], len), 1};
    }
    cl_stopindex_vote(ix, batch, count, votes);
    return votes[lang];
}

START_TEST(stoplist_word_count)
{
    ck_assert_uint_eq(cl_stoplist_word_count(stop_english, sizeof stop_english - 1), 4);
    ck_assert_uint_eq(cl_stoplist_word_count("", 0), 0);
    ck_assert_uint_eq(cl_stoplist_word_count("# only a comment\n\n  \n", 21), 0);
}
END_TEST

START_TEST(stopindex_lookup)
{
    cl_stopindex *ix = tiny_index();
    ck_assert(cl_stopindex_has(ix, "the", 3, cl_word_hash("the", 3), 0));
    ck_assert(cl_stopindex_has(ix, "and", 3, cl_word_hash("and", 3), 0)); /* listed as "AND" */
    ck_assert(!cl_stopindex_has(ix, "the", 3, cl_word_hash("the", 3), 1));
    ck_assert(cl_stopindex_has(ix, "und", 3, cl_word_hash("und", 3), 1));
    ck_assert(!cl_stopindex_has(ix, "und", 3, cl_word_hash("und", 3), 0));
    ck_assert(!cl_stopindex_has(ix, "tiny", 4, cl_word_hash("tiny", 4), 0)); /* from the comment */
    ck_assert(!cl_stopindex_has(ix, "city", 4, cl_word_hash("city", 4), 0));
    static const char *const words[] = {"the", "die", "das", "city"};
    ck_assert_uint_eq(votes_for(ix, words, 4, 0), 1);
    ck_assert_uint_eq(votes_for(ix, words, 4, 1), 2);
    /* A word read several times votes once, with its count. */
    const cl_vote_word repeated = {"und", 3, cl_word_hash("und", 3), 5};
    uint32_t votes[2] = {1, 1};
    cl_stopindex_vote(ix, &repeated, 1, votes);
    ck_assert_uint_eq(votes[0], 1);
    ck_assert_uint_eq(votes[1], 6);
    cl_stopindex_free(&cl_default_mem, ix);
}
END_TEST

/* Only the top of each list votes (its tail holds other languages'
 * words), and only its plain entries (a lower-case word alone on its
 * line, not a name or a fragment); numbers are in no list ("30-an" is
 * the word "an"). */
START_TEST(stopindex_votes_from_list_tops)
{
    size_t size = 16 * (CL_VOTING_WORDS + 2);
    char *first = malloc(size);
    ck_assert_ptr_nonnull(first);
    size_t used = (size_t)snprintf(first, size, "30-an\nTownship\n(texas),\n");
    for (size_t i = 0; i < CL_VOTING_WORDS; i++)
        used += (size_t)snprintf(first + used, size - used, "w%zu\n", i);
    used += (size_t)snprintf(first + used, size - used, "zebra\n");
    static const char second[] = "zebra\n";
    const cl_stopsource src[] = {{0, first, used}, {1, second, sizeof second - 1}};
    cl_stopindex *ix = cl_stopindex_new(&cl_default_mem, 2, src, 2);
    ck_assert_ptr_nonnull(ix);
    ck_assert(cl_stopindex_has(ix, "zebra", 5, cl_word_hash("zebra", 5), 0));
    ck_assert(cl_stopindex_has(ix, "an", 2, cl_word_hash("an", 2), 0));
    ck_assert(!cl_stopindex_has(ix, "30", 2, cl_word_hash("30", 2), 0));
    ck_assert(cl_stopindex_has(ix, "township", 8, cl_word_hash("township", 8), 0));
    static const char *const zebra[] = {"zebra"}, *const w0[] = {"w0"},
                             *const fragments[] = {"an", "township", "texas"};
    ck_assert_uint_eq(votes_for(ix, zebra, 1, 0), 0);
    ck_assert_uint_eq(votes_for(ix, zebra, 1, 1), 1);
    ck_assert_uint_eq(votes_for(ix, w0, 1, 0), 1);
    ck_assert_uint_eq(votes_for(ix, fragments, 3, 0), 0);
    cl_stopindex_free(&cl_default_mem, ix);
    free(first);
}
END_TEST

/* Words of four or more bytes and CJK characters, in order, the page
 * language's stopwords left out: the first CL_LINE_WORDS of them. */
START_TEST(content_words)
{
    static const char list[] = "their\nthe\n";
    const cl_stopsource src[] = {{0, list, sizeof list - 1}};
    cl_stopindex *ix = cl_stopindex_new(&cl_default_mem, 1, src, 1);
    ck_assert_ptr_nonnull(ix);
    const char *line = "Their CITY, the people of \xE6\x97\xA5\xE6\x9C\xAC and co";
    uint64_t content[CL_LINE_WORDS];
    cl_features f;
    ck_assert_uint_eq(cl_line_features(line, strlen(line), ix, 0, NULL, content, &f), 4);
    ck_assert_uint_eq(content[0], cl_word_hash("city", 4));
    ck_assert_uint_eq(content[1], cl_word_hash("people", 6));
    ck_assert_uint_eq(content[2], cl_word_hash("\xE6\x97\xA5", 3));
    ck_assert_uint_eq(content[3], cl_word_hash("\xE6\x9C\xAC", 3));
    /* No language: no stopwords. */
    ck_assert_uint_eq(cl_line_features(line, strlen(line), ix, -1, NULL, content, &f), 5);
    ck_assert_uint_eq(content[0], cl_word_hash("their", 5));
    char many[5 * (CL_LINE_WORDS + 10) + 1] = "";
    for (size_t k = 0; k < CL_LINE_WORDS + 10; k++)
        strcat(many, "word ");
    ck_assert_uint_eq(cl_line_features(many, strlen(many), ix, 0, NULL, content, &f), CL_LINE_WORDS);
    cl_stopindex_free(&cl_default_mem, ix);
}
END_TEST

/* In an inflected language's topic sets, the forms of a word are one:
 * its first stem characters ("Байкал", "Байкала" and "Байкале"), while
 * other languages compare whole words. */
START_TEST(content_words_stemmed)
{
    static const char list[] = "\xD0\xB2\n"; /* "в" */
    const cl_stopsource src[] = {{0, list, sizeof list - 1}, {1, list, sizeof list - 1}};
    cl_stopindex *ix = cl_stopindex_new(&cl_default_mem, 2, src, 2);
    ck_assert_ptr_nonnull(ix);
    cl_stopindex_set_stem(ix, 0, 6);
    const char *line = "\xD0\x91\xD0\xB0\xD0\xB9\xD0\xBA\xD0\xB0\xD0\xBB "                 /* Байкал */
                       "\xD0\x91\xD0\xB0\xD0\xB9\xD0\xBA\xD0\xB0\xD0\xBB\xD0\xB0 "         /* Байкала */
                       "\xD0\xB2 \xD0\x91\xD0\xB0\xD0\xB9\xD0\xBA\xD0\xB0\xD0\xBB\xD0\xB5"; /* в Байкале */
    uint64_t content[CL_LINE_WORDS];
    cl_features f;
    ck_assert_uint_eq(cl_line_features(line, strlen(line), ix, 0, NULL, content, &f), 3);
    ck_assert_uint_eq(content[0], content[1]);
    ck_assert_uint_eq(content[1], content[2]);
    ck_assert_uint_eq(cl_line_features(line, strlen(line), ix, 1, NULL, content, &f), 3);
    ck_assert_uint_ne(content[0], content[1]);
    ck_assert_uint_ne(content[1], content[2]);
    /* A word no longer than the stem is hashed whole, as elsewhere. */
    ck_assert_uint_eq(cl_topic_hash("miasto", 6, cl_word_hash("miasto", 6), 6), cl_word_hash("miasto", 6));
    ck_assert_uint_eq(cl_topic_hash("miastach", 8, cl_word_hash("miastach", 8), 6), cl_word_hash("miasta", 6));
    cl_stopindex_free(&cl_default_mem, ix);
}
END_TEST

/* languages.tsv gives the inflected languages their stems. */
START_TEST(builtin_language_stems)
{
    cl_language *langs;
    size_t n;
    ck_assert(cl_builtin_languages(&cl_default_mem, &langs, &n));
    long ru = cl_language_find(langs, n, "ru"), en = cl_language_find(langs, n, "en");
    ck_assert(ru >= 0 && en >= 0);
    ck_assert_uint_eq(langs[ru].stem_chars, 6);
    ck_assert_uint_eq(langs[en].stem_chars, 0);
    ck_assert_str_eq(langs[ru].code, "ru");
    cl_languages_free(&cl_default_mem, langs, n);
}
END_TEST

START_TEST(stop_density)
{
    cl_stopindex *ix = tiny_index();
    const char *line = "The history of the city and its people";
    cl_features f;
    cl_line_features(line, strlen(line), ix, 0, NULL, NULL, &f);
    ck_assert_uint_eq(f.words, 8);
    ck_assert_uint_eq(f.stopwords, 5);
    ck_assert_float_eq_tol(f.stop_density, 5.0f / 8.0f, 1e-6f);
    /* Another language's list: no stopwords. */
    cl_line_features(line, strlen(line), ix, 1, NULL, NULL, &f);
    ck_assert_uint_eq(f.stopwords, 0);
    ck_assert_float_eq_tol(f.stop_density, 0.0f, 1e-6f);
    /* No language: -1. */
    cl_line_features(line, strlen(line), ix, -1, NULL, NULL, &f);
    ck_assert_uint_eq(f.stopwords, 0);
    ck_assert_float_eq_tol(f.stop_density, -1.0f, 1e-6f);
    /* German words in the German list, case-insensitively. */
    line = "Der Hund und die Katze";
    cl_line_features(line, strlen(line), ix, 1, NULL, NULL, &f);
    ck_assert_uint_eq(f.stopwords, 3);
    ck_assert_float_eq_tol(f.stop_density, 3.0f / 5.0f, 1e-6f);
    /* A line without words has no density. */
    line = "--- !!! ---";
    cl_line_features(line, strlen(line), ix, 0, NULL, NULL, &f);
    ck_assert_float_eq_tol(f.stop_density, -1.0f, 1e-6f);
    cl_stopindex_free(&cl_default_mem, ix);
}
END_TEST

/* ---- Repeat hash -------------------------------------------------------- */

START_TEST(hash_ignores_case_and_punctuation)
{
    cl_features a = features_of("Read more: Top stories of the day");
    cl_features b = features_of("read MORE top   stories, of the day!");
    cl_features c = features_of("  READ more -- top stories of the day ...");
    ck_assert_uint_eq(a.hash, b.hash);
    ck_assert_uint_eq(a.hash, c.hash);
    ck_assert_uint_eq(a.words, b.words);
    /* Different words, or the same words in another order, differ. */
    cl_features d = features_of("Read more: Top stories of the week");
    cl_features e = features_of("Top stories of the day: read more");
    cl_features g = features_of("Readmore top stories of the day");
    ck_assert_uint_ne(a.hash, d.hash);
    ck_assert_uint_ne(a.hash, e.hash);
    ck_assert_uint_ne(a.hash, g.hash);
}
END_TEST

START_TEST(chars_and_punct)
{
    cl_features f = features_of("a, b! \xC3\xA9\xE2\x80\xA6");
    ck_assert_uint_eq(f.chars, 8);
    ck_assert_uint_eq(f.punct, 3); /* ',', '!', '…' */
    /* An invalid byte counts as one character. */
    f = features_of("ab\xFF");
    ck_assert_uint_eq(f.chars, 3);
    /* The word iterator counts them on its way: between words, before the
     * first and after the last, and apostrophes inside words. */
    f = features_of("(don't) l\xE2\x80\x99homme \xE2\x80\x94 \xC2\xAB\xD0\x9C\xD0\xB8\xD1\x80\xC2\xBB 5%");
    ck_assert_uint_eq(f.chars, 26);
    ck_assert_uint_eq(f.punct, 8); /* ( ' ) ’ — « » % */
    /* Invalid and truncated sequences, in and between words. */
    f = features_of("\xE4\xB8x\xED\xA0\x80y\xF0\x9F\x98\x80.\xC3");
    ck_assert_uint_eq(f.chars, 10);
    ck_assert_uint_eq(f.punct, 8); /* six U+FFFD, the emoji and '.' */
}
END_TEST

/* Every word's hash is cl_word_hash of its lower-cased copy, whichever way
 * the word was read (one eight-byte step, several, byte by byte at the
 * end of the line, around apostrophes and non-ASCII letters, truncated). */
START_TEST(word_hashes)
{
    static const char *const lines[] = {
        "a ab abcdefg abcdefgh abcdefghi ABCDEFGHIJKLMNOP abcdefghijklmnopq",
        "township",
        "0123456789abcdef",
        "x 0123456789abcdef",
        "Don't l\xE2\x80\x99homme STRA\xC3\x9F" "E Stra\xC3\x9F" "enbahnhaltestelle",
        "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE6\x9D\xB1\xE4\xBA\xAC abc\xE6\x9D\xB1",
        "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9\xC3\xA9\xC3\xA9 b",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xE6\x97\xA5 b",
        "abcdefgh abcdefgh", /* eight bytes, then a space or the end */
        "abcdefghijklmno abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789x",
        "abcdefghijk'lm abcdefgh'ij abcdefghij' abcdefgh\xC3\xBC abcdefghijklm\xC3\xBC",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        cl_word_iter it;
        cl_words_init(&it, lines[i], strlen(lines[i]));
        while (cl_words_next(&it)) {
            ck_assert_uint_lt(it.lower_len, sizeof it.lower);
            ck_assert_int_eq(it.lower[it.lower_len], '\0');
            ck_assert_msg(it.hash == cl_word_hash(it.lower, it.lower_len), "hash of \"%s\" in \"%s\"", it.lower,
                          lines[i]);
        }
    }
    check_words("township", "township|");
    check_words("0123456789abcdef.", "0123456789abcdef|");
    check_words("Abcdefghijklmnop", "abcdefghijklmnop|");
}
END_TEST

static int compare_hashes(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* A word of at most eight bytes is told apart by its hash and length
 * alone (the page's language guess compares no bytes for it): the hash
 * is one-to-one on such words. Checked on every word of one or two
 * bytes, every one of three letters or digits, and every change of a
 * byte of an eight-byte word. */
START_TEST(short_word_hashes_differ)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t cap = 255 + 255 * 255 + 36 * 36 * 36 + 1 + 8 * 254, n = 0;
    uint64_t *hashes = malloc(cap * sizeof *hashes);
    ck_assert_ptr_nonnull(hashes);
    char w[8];
    for (int a = 1; a < 256; a++) {
        w[0] = (char)a;
        hashes[n++] = cl_word_hash(w, 1);
        for (int b = 1; b < 256; b++) {
            w[1] = (char)b;
            hashes[n++] = cl_word_hash(w, 2);
        }
    }
    for (size_t i = 0; i < 36 * 36 * 36; i++) {
        w[0] = alnum[i % 36], w[1] = alnum[i / 36 % 36], w[2] = alnum[i / 36 / 36];
        hashes[n++] = cl_word_hash(w, 3);
    }
    hashes[n++] = cl_word_hash("abcdefgh", 8);
    for (size_t at = 0; at < 8; at++) {
        for (int c = 1; c < 256; c++) {
            memcpy(w, "abcdefgh", 8);
            if (c == w[at])
                continue;
            w[at] = (char)c;
            hashes[n++] = cl_word_hash(w, 8);
        }
    }
    ck_assert_uint_eq(n, cap);
    qsort(hashes, n, sizeof *hashes, compare_hashes);
    for (size_t i = 1; i < n; i++) {
        if (hashes[i] == hashes[i - 1])
            ck_abort_msg("two short words share a hash");
    }
    free(hashes);
}
END_TEST

Suite *features_suite(void)
{
    Suite *s = suite_create("features");

    TCase *words = tcase_create("words");
    tcase_add_test(words, words_ascii);
    tcase_add_test(words, words_ascii_steps);
    tcase_add_test(words, words_unicode_letters);
    tcase_add_test(words, words_bmp_as_libunistring);
    tcase_add_test(words, words_bad_utf8_as_general_decoder);
    tcase_add_test(words, words_long_cyrillic_truncated);
    tcase_add_test(words, words_apostrophes);
    tcase_add_test(words, words_digits);
    tcase_add_test(words, words_unspaced_half);
    tcase_add_test(words, words_long_word_truncated);
    tcase_add_test(words, capitalised_words);
    tcase_add_test(words, lead_capitalised_words);
    tcase_add_test(words, word_hashes);
    tcase_add_test(words, short_word_hashes_differ);
    suite_add_tcase(s, words);

    TCase *shape = tcase_create("shape");
    tcase_add_test(shape, ends_sentence_marks);
    tcase_add_test(shape, ends_sentence_closing_quotes);
    tcase_add_test(shape, bullets);
    tcase_add_test(shape, markdown_headings);
    tcase_add_test(shape, urls);
    tcase_add_test(shape, markdown_link_targets);
    tcase_add_test(shape, chars_and_punct);
    suite_add_tcase(s, shape);

    TCase *stop = tcase_create("stopwords");
    tcase_add_test(stop, stoplist_word_count);
    tcase_add_test(stop, stopindex_lookup);
    tcase_add_test(stop, stopindex_votes_from_list_tops);
    tcase_add_test(stop, stop_density);
    tcase_add_test(stop, content_words);
    tcase_add_test(stop, content_words_stemmed);
    tcase_add_test(stop, builtin_language_stems);
    tcase_add_test(stop, hash_ignores_case_and_punctuation);
    suite_add_tcase(s, stop);

    return s;
}
