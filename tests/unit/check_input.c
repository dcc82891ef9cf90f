/* What the cleaner does with input that is not plain UTF-8 text: invalid
 * sequences in each mode, legacy encodings, binary files, a byte order
 * mark; and the misuse rules of the calls that set these up. */
#include "check_suites.h"
#include "describe_result.h"

#include <clean.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char french_page[] =
    "Accueil\n"
    "Partager sur Facebook\n"
    "\n"
    "La ville a inauguré mardi la nouvelle médiathèque du quartier\n"
    "\n"
    "Après trois ans de travaux, la médiathèque ouvre enfin ses portes aux habitants, qui "
    "pourront y emprunter des livres, des disques et des films, mais aussi y travailler "
    "dans le calme. « C'est un lieu où chacun doit se sentir chez soi », a déclaré la maire.\n"
    "\n"
    "Le bâtiment, dessiné par un architecte de la région, a été construit en bois et en "
    "pierre. Il a coûté près de douze millions d'euros, dont la moitié a été payée par "
    "l'État et la région, selon les chiffres présentés lors de l'inauguration.\n"
    "\n"
    "Les horaires d'ouverture ont été élargis : la médiathèque sera ouverte le dimanche "
    "après-midi, ce qui était une demande ancienne des associations du quartier.\n"
    "\n"
    "© 2024 Le Journal. Tous droits réservés.\n";

static clean_cleaner *cleaner_with(clean_error (*setup)(clean_options *, const void *), const void *arg)
{
    clean_options *o = clean_options_new();
    ck_assert_ptr_nonnull(o);
    if (setup)
        ck_assert_int_eq(setup(o, arg), CLEAN_OK);
    clean_cleaner *c = NULL;
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_OK);
    clean_options_free(o);
    return c;
}

static clean_error set_mode(clean_options *o, const void *mode)
{
    return clean_options_set_invalid_utf8(o, *(const clean_invalid_utf8 *)mode);
}

static clean_error set_encoding(clean_options *o, const void *name)
{
    return clean_options_set_encoding(o, name);
}

static clean_error set_skip_binary(clean_options *o, const void *unused)
{
    (void)unused;
    return clean_options_set_skip_binary(o, 1);
}

static clean_cleaner *cleaner_mode(clean_invalid_utf8 mode)
{
    return cleaner_with(set_mode, &mode);
}

static char *clean_describe(const clean_cleaner *c, const char *text, size_t length)
{
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, text, length, CLEAN_DETAILS, &r), CLEAN_OK);
    char *d = describe_result(r);
    clean_result_free(r);
    return d;
}

static char *clean_text(const clean_cleaner *c, const char *text, size_t length)
{
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, text, length, 0, &r), CLEAN_OK);
    char *t = strdup(clean_result_text(r));
    clean_result_free(r);
    return t;
}

/* ---- invalid UTF-8 ------------------------------------------------------ */

/* Three paragraphs of prose; the middle one holds a stray Latin-1 byte. */
static const char invalid_page[] =
    "The council met on Tuesday to discuss the new library, which opened after three years of work and "
    "now lends books, records and films to everyone who lives in the district.\n"
    "\n"
    "The building cost nearly twelve million euros, half of which was paid by the state and the region, "
    "according to the figures presented at the opening caf\xe9 reception on Monday.\n"
    "\n"
    "Opening hours have been extended so that the library will also be open on Sunday afternoons, which "
    "the local associations had been asking for since the project was first announced.\n";

START_TEST(invalid_pass_keeps_the_bytes)
{
    clean_cleaner *c = cleaner_mode(CLEAN_INVALID_PASS);
    char *t = clean_text(c, invalid_page, sizeof invalid_page - 1);
    ck_assert_ptr_nonnull(strstr(t, "caf\xe9 reception"));
    clean_cleaner_free(c);
    free(t);
}
END_TEST

START_TEST(invalid_replace_writes_u_fffd)
{
    clean_cleaner *c = cleaner_mode(CLEAN_INVALID_REPLACE);
    char *t = clean_text(c, invalid_page, sizeof invalid_page - 1);
    ck_assert_ptr_nonnull(strstr(t, "caf\xef\xbf\xbd reception"));
    ck_assert_ptr_null(strchr(t, '\xe9'));
    /* The same lines as in pass mode: only the byte differs. */
    clean_cleaner *pass = cleaner_mode(CLEAN_INVALID_PASS);
    char *p = clean_text(pass, invalid_page, sizeof invalid_page - 1);
    ck_assert_uint_eq(strlen(t), strlen(p) + 2);
    clean_cleaner_free(pass);
    clean_cleaner_free(c);
    free(p);
    free(t);
}
END_TEST

/* One U+FFFD per byte that starts no valid sequence: a truncated
 * sequence, an overlong, a surrogate, a stray continuation byte. */
START_TEST(invalid_replace_each_kind)
{
    static const char in[] = "Words \xe2\x82 then \xc0\xaf and \xed\xa0\x80 and \x80 end of this line of text here.\n";
    clean_cleaner *c = cleaner_mode(CLEAN_INVALID_REPLACE);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, in, sizeof in - 1, CLEAN_DETAILS, &r), CLEAN_OK);
    size_t length = 0;
    const char *rewritten = clean_result_input(r, &length);
    ck_assert_ptr_nonnull(rewritten);
    ck_assert_str_eq(rewritten, "Words \xef\xbf\xbd\xef\xbf\xbd then \xef\xbf\xbd\xef\xbf\xbd and "
                                "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and \xef\xbf\xbd end of this line of text "
                                "here.\n");
    ck_assert_uint_eq(length, strlen(rewritten));
    clean_result_free(r);
    clean_cleaner_free(c);
}
END_TEST

START_TEST(invalid_drop_line_drops_only_that_line)
{
    clean_cleaner *c = cleaner_mode(CLEAN_INVALID_DROP_LINE);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, invalid_page, sizeof invalid_page - 1, CLEAN_DETAILS, &r), CLEAN_OK);
    const char *t = clean_result_text(r);
    ck_assert_ptr_null(strstr(t, "twelve million"));
    ck_assert_ptr_nonnull(strstr(t, "The council met"));
    ck_assert_ptr_nonnull(strstr(t, "Opening hours"));
    const char *reason = NULL;
    int kept = 1;
    ck_assert_int_eq(clean_result_line(r, 2, NULL, NULL, &kept, NULL, NULL, &reason, NULL), CLEAN_OK);
    ck_assert_int_eq(kept, 0);
    ck_assert_str_eq(reason, "invalid-utf8");
    ck_assert_ptr_null(clean_result_input(r, NULL));
    clean_result_free(r);
    clean_cleaner_free(c);
}
END_TEST

START_TEST(invalid_error_and_strict_synonym)
{
    clean_cleaner *c = cleaner_mode(CLEAN_INVALID_ERROR);
    clean_result *r = (clean_result *)1;
    ck_assert_int_eq(clean_clean(c, invalid_page, sizeof invalid_page - 1, 0, &r), CLEAN_ERROR_INVALID_UTF8);
    ck_assert_ptr_null(r);
    /* Valid input is cleaned as usual. */
    ck_assert_int_eq(clean_clean(c, "ok\n", 3, 0, &r), CLEAN_OK);
    clean_result_free(r);
    clean_cleaner_free(c);

    clean_options *o = clean_options_new();
    ck_assert_int_eq(clean_options_set_strict_utf8(o, 1), CLEAN_OK);
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_OK);
    ck_assert_int_eq(clean_clean(c, "\xff", 1, 0, &r), CLEAN_ERROR_INVALID_UTF8);
    clean_cleaner_free(c);
    ck_assert_int_eq(clean_options_set_strict_utf8(o, 0), CLEAN_OK);
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_OK);
    ck_assert_int_eq(clean_clean(c, "\xff", 1, 0, &r), CLEAN_OK);
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
}
END_TEST

START_TEST(invalid_mode_out_of_range)
{
    clean_options *o = clean_options_new();
    ck_assert_int_eq(clean_options_set_invalid_utf8(o, (clean_invalid_utf8)4), CLEAN_ERROR_OUT_OF_RANGE);
    ck_assert_ptr_nonnull(strstr(clean_options_error(o), "pass, replace, drop-line or error"));
    ck_assert_int_eq(clean_options_set_invalid_utf8(o, (clean_invalid_utf8)-1), CLEAN_ERROR_OUT_OF_RANGE);
    ck_assert_int_eq(clean_options_set_invalid_utf8(NULL, CLEAN_INVALID_PASS), CLEAN_ERROR_NULL_ARGUMENT);
    clean_options_free(o);
}
END_TEST

/* ---- encodings ---------------------------------------------------------- */

/* text in UTF-8 to the named encoding, by the C library's iconv. */
static char *to_encoding(const char *name, const char *text, size_t length, size_t *out_length)
{
    iconv_t cd = iconv_open(name, "UTF-8");
    ck_assert(cd != (iconv_t)-1);
    size_t cap = length * 4 + 16, left = cap;
    char *buf = malloc(cap), *in = (char *)text, *out = buf;
    ck_assert_int_ne((long)iconv(cd, &in, &length, &out, &left), -1L);
    iconv_close(cd);
    *out_length = cap - left;
    return buf;
}

/* A Latin-1 page cleaned with its encoding named scores line for line as
 * its UTF-8 twin: same text, same offsets, scores, classes and reasons. */
START_TEST(latin1_page_scores_like_its_utf8_twin)
{
    size_t length;
    char *latin1 = to_encoding("ISO-8859-1", french_page, sizeof french_page - 1, &length);
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    clean_cleaner *conv = cleaner_with(set_encoding, "ISO-8859-1");
    char *want = clean_describe(plain, french_page, sizeof french_page - 1);
    char *got = clean_describe(conv, latin1, length);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(want, "[French]"));
    /* Without the encoding the same bytes read otherwise: the test has a
     * difference to find. */
    char *raw = clean_describe(plain, latin1, length);
    ck_assert_str_ne(raw, want);
    /* The details refer to the converted text. */
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(conv, latin1, length, CLEAN_DETAILS, &r), CLEAN_OK);
    size_t converted_length = 0;
    const char *converted = clean_result_input(r, &converted_length);
    ck_assert_uint_eq(converted_length, sizeof french_page - 1);
    ck_assert_int_eq(memcmp(converted, french_page, converted_length), 0);
    clean_result_free(r);
    /* Without details the result keeps no copy. */
    ck_assert_int_eq(clean_clean(conv, latin1, length, 0, &r), CLEAN_OK);
    ck_assert_ptr_null(clean_result_input(r, &converted_length));
    ck_assert_uint_eq(converted_length, 0);
    clean_result_free(r);
    clean_cleaner_free(plain);
    clean_cleaner_free(conv);
    free(want);
    free(got);
    free(raw);
    free(latin1);
}
END_TEST

/* Every sample page in windows-1252 (curly quotes and dashes included). */
START_TEST(samples_in_windows_1252_score_as_in_utf8)
{
    static const char *const samples[] = {"clean-prose.txt", "news-byline-related-lists.txt",
                                          "news-icon-legend-captions.txt", "news-section-label-subheadings.txt",
                                          "news-tag-list.txt"};
    const char *dir = getenv("CLEAN_SOURCE_DIR");
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    clean_cleaner *conv = cleaner_with(set_encoding, "windows-1252");
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/samples/%s", dir ? dir : ".", samples[i]);
        FILE *f = fopen(path, "rb");
        ck_assert_msg(f != NULL, "cannot open %s (set CLEAN_SOURCE_DIR)", path);
        static char page[1 << 20];
        size_t n = fread(page, 1, sizeof page, f);
        fclose(f);
        size_t length;
        char *legacy = to_encoding("WINDOWS-1252", page, n, &length);
        char *want = clean_describe(plain, page, n);
        char *got = clean_describe(conv, legacy, length);
        ck_assert_msg(strcmp(got, want) == 0, "%s differs in windows-1252", samples[i]);
        free(want);
        free(got);
        free(legacy);
    }
    clean_cleaner_free(plain);
    clean_cleaner_free(conv);
}
END_TEST

START_TEST(utf16_with_its_encoding_is_text)
{
    size_t length;
    char *utf16 = to_encoding("UTF-16", french_page, sizeof french_page - 1, &length);
    ck_assert(clean_is_binary(utf16, length));
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    clean_cleaner *conv = cleaner_with(set_encoding, "UTF-16");
    char *want = clean_text(plain, french_page, sizeof french_page - 1);
    char *got = clean_text(conv, utf16, length);
    ck_assert_str_eq(got, want);
    clean_cleaner_free(plain);
    clean_cleaner_free(conv);
    free(want);
    free(got);
    free(utf16);
}
END_TEST

START_TEST(bytes_invalid_in_the_encoding_become_u_fffd)
{
    clean_cleaner *c = cleaner_with(set_encoding, "SHIFT_JIS");
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, "ab\x82\xff" "cd\n", 7, CLEAN_DETAILS, &r), CLEAN_OK);
    const char *converted = clean_result_input(r, NULL);
    ck_assert_ptr_nonnull(strstr(converted, "\xef\xbf\xbd"));
    ck_assert_ptr_nonnull(strstr(converted, "cd\n"));
    clean_result_free(r);
    clean_cleaner_free(c);
}
END_TEST

static const char chinese_page[] =
    "首页\n"
    "分享到微博\n"
    "\n"
    "城市图书馆新馆周二正式开放\n"
    "\n"
    "经过三年的建设，城市图书馆新馆周二正式向市民开放。新馆共有五层，藏书超过一百万册，"
    "设有儿童阅览区、自习室和多功能报告厅，市民可以在这里借阅图书、观看电影，也可以安静地学习。\n"
    "\n"
    "图书馆馆长在开馆仪式上表示，新馆将延长开放时间，周末和节假日照常开放，"
    "这是许多读者多年来的愿望。她说，图书馆应该是每个人都能感到自在的地方。\n"
    "\n"
    "版权所有 © 2024 城市日报\n";

/* "auto": a page in a legacy encoding, Latin or Chinese, is guessed and
 * cleaned line for line as its UTF-8 twin. */
START_TEST(auto_guesses_legacy_encodings)
{
    static const struct {
        const char *encoding, *page;
    } cases[] = {{"ISO-8859-1", french_page}, {"WINDOWS-1252", french_page}, {"GB18030", chinese_page}};
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    clean_cleaner *guess = cleaner_with(set_encoding, "auto");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t length, n = strlen(cases[i].page);
        char *legacy = to_encoding(cases[i].encoding, cases[i].page, n, &length);
        char *want = clean_describe(plain, cases[i].page, n);
        char *got = clean_describe(guess, legacy, length);
        char *raw = clean_describe(plain, legacy, length);
        ck_assert_msg(strcmp(got, want) == 0, "%s page not read as such", cases[i].encoding);
        ck_assert_str_ne(raw, want);
        free(want);
        free(got);
        free(raw);
        free(legacy);
    }
    clean_cleaner_free(plain);
    clean_cleaner_free(guess);
}
END_TEST

/* "auto" leaves UTF-8 alone: a valid page, and a page with a stray byte,
 * which passes through (or fails in the error mode) as without it. */
START_TEST(auto_leaves_utf8_as_it_is)
{
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    clean_cleaner *guess = cleaner_with(set_encoding, "auto");
    char *stray = strdup(french_page);
    char *e_acute = strstr(stray, "inauguré") + strlen("inaugur");
    e_acute[0] = '\xe9', e_acute[1] = ' '; /* Latin-1 é among UTF-8 */
    const char *pages[] = {french_page, chinese_page, stray};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char *want = clean_describe(plain, pages[i], strlen(pages[i]));
        char *got = clean_describe(guess, pages[i], strlen(pages[i]));
        ck_assert_str_eq(got, want);
        free(want);
        free(got);
    }
    clean_options *o = clean_options_new();
    ck_assert_int_eq(clean_options_set_encoding(o, "AUTO"), CLEAN_OK);
    ck_assert_int_eq(clean_options_set_invalid_utf8(o, CLEAN_INVALID_ERROR), CLEAN_OK);
    clean_cleaner *strict = NULL;
    ck_assert_int_eq(clean_cleaner_new(o, &strict), CLEAN_OK);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(strict, stray, strlen(stray), 0, &r), CLEAN_ERROR_INVALID_UTF8);
    ck_assert_int_eq(clean_clean(strict, french_page, strlen(french_page), 0, &r), CLEAN_OK);
    clean_result_free(r);
    clean_cleaner_free(strict);
    clean_options_free(o);
    clean_cleaner_free(plain);
    clean_cleaner_free(guess);
    free(stray);
}
END_TEST

START_TEST(unknown_encoding_is_named)
{
    clean_options *o = clean_options_new();
    ck_assert_int_eq(clean_options_set_encoding(o, "NO-SUCH-CHARSET-42"), CLEAN_ERROR_UNKNOWN_ENCODING);
    ck_assert_ptr_nonnull(strstr(clean_options_error(o), "'NO-SUCH-CHARSET-42'"));
    ck_assert_str_eq(clean_error_string(CLEAN_ERROR_UNKNOWN_ENCODING), "unknown encoding");
    /* UTF-8 and NULL turn conversion off; the invalid mode applies again. */
    ck_assert_int_eq(clean_options_set_encoding(o, "ISO-8859-1"), CLEAN_OK);
    ck_assert_int_eq(clean_options_set_encoding(o, "utf-8"), CLEAN_OK);
    ck_assert_int_eq(clean_options_set_invalid_utf8(o, CLEAN_INVALID_ERROR), CLEAN_OK);
    clean_cleaner *c = NULL;
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_OK);
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, "\xe9", 1, 0, &r), CLEAN_ERROR_INVALID_UTF8);
    clean_cleaner_free(c);
    ck_assert_int_eq(clean_options_set_encoding(o, NULL), CLEAN_OK);
    ck_assert_int_eq(clean_options_set_encoding(NULL, "UTF-8"), CLEAN_ERROR_NULL_ARGUMENT);
    clean_options_free(o);
}
END_TEST

/* ---- binary ------------------------------------------------------------- */

START_TEST(binary_signatures)
{
    static const struct {
        const char *bytes;
        size_t length;
    } files[] = {
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16},
        {"GIF89a\x01\0\x01\0", 10},
        {"\xff\xd8\xff\xe0\0\x10JFIF", 10},
        {"RIFF\x24\0\0\0WEBPVP8 ", 16},
        {"\x1f\x8b\x08\0\0\0\0\0", 8},
        {"PK\x03\x04\x14\0", 6},
        {"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15},
        {"BZh91AY&SY", 10},
        {"\xfd" "7zXZ\0\0", 8},
        {"\x28\xb5\x2f\xfd\x04\x58", 6},
        {"\x7f" "ELF\x02\x01\x01", 7},
        {"SQLite format 3\0", 16},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        ck_assert_msg(clean_is_binary(files[i].bytes, files[i].length), "file %zu is binary", i);
}
END_TEST

START_TEST(binary_by_control_bytes)
{
    /* Pseudo-random bytes, as compressed data looks. */
    char noise[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 16);
    }
    ck_assert(clean_is_binary(noise, sizeof noise));
    /* Text with a few NUL and control bytes stays text. */
    static const char text[] = "A page with a NUL \0 here, a bell \a there, and a form feed \f between "
                               "paragraphs; colours \x1b[1m too. Mostly it is prose, as pages are.\n";
    ck_assert(!clean_is_binary(text, sizeof text - 1));
    ck_assert(!clean_is_binary(french_page, sizeof french_page - 1));
    ck_assert(!clean_is_binary(invalid_page, sizeof invalid_page - 1));
    /* Three control bytes never make a file binary, four in a short one do. */
    ck_assert(!clean_is_binary("\x01\x02\x03", 3));
    ck_assert(clean_is_binary("\x01\x02\x03\x04", 4));
    ck_assert(!clean_is_binary("BZh9 is not bzip2", 17));
    ck_assert(!clean_is_binary(NULL, 0));
    ck_assert(!clean_is_binary("", 0));
}
END_TEST

/* Every byte value, four times in a short sample (where four control
 * bytes make it binary), at offsets that fall in every lane of an
 * eight-byte step and in the tail after the steps, among text bytes that
 * are no control: letters alone, or with line feed, tab and UTF-8. */
START_TEST(binary_control_bytes_are_each_counted)
{
    static const char *const fillers[] = {"abcdefgh", "ab\n\xc3\xa9 \tZ"};
    for (unsigned b = 0; b < 256; b++) {
        int control = (b < 0x20 && !(b >= '\t' && b <= '\r') && b != 0x1b) || b == 0x7f;
        for (size_t lane = 0; lane < 16; lane++) {
            char sample[45];
            for (size_t i = 0; i < sizeof sample; i++)
                sample[i] = fillers[lane / 8][i % 8];
            const size_t at[] = {lane % 8, 8 + (lane + 3) % 8, 16 + (lane + 5) % 8, 40 + lane % 5};
            for (size_t k = 0; k < sizeof at / sizeof *at; k++)
                sample[at[k]] = (char)b;
            ck_assert_msg(clean_is_binary(sample, sizeof sample) == control, "byte 0x%02x, lane %zu", b, lane);
        }
    }
}
END_TEST

START_TEST(skip_binary_option)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    clean_result *r = (clean_result *)1;
    clean_cleaner *skip = cleaner_with(set_skip_binary, NULL);
    ck_assert_int_eq(clean_clean(skip, png, sizeof png - 1, 0, &r), CLEAN_ERROR_BINARY);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(clean_error_string(CLEAN_ERROR_BINARY), "binary file");
    ck_assert_int_eq(clean_clean(skip, french_page, sizeof french_page - 1, 0, &r), CLEAN_OK);
    clean_result_free(r);
    clean_cleaner_free(skip);
    /* The 1.0 default cleans it like any other input. */
    clean_cleaner *plain = cleaner_with(NULL, NULL);
    ck_assert_int_eq(clean_clean(plain, png, sizeof png - 1, 0, &r), CLEAN_OK);
    clean_result_free(r);
    clean_cleaner_free(plain);
    ck_assert_int_eq(clean_options_set_skip_binary(NULL, 1), CLEAN_ERROR_NULL_ARGUMENT);
}
END_TEST

/* ---- byte order mark and misuse ---------------------------------------- */

START_TEST(bom_is_not_text)
{
    size_t n = sizeof french_page - 1;
    char *with_bom = malloc(n + 3);
    memcpy(with_bom, "\xef\xbb\xbf", 3);
    memcpy(with_bom + 3, french_page, n);
    clean_cleaner *c = cleaner_with(NULL, NULL);
    char *want = clean_text(c, french_page, n);
    char *got = clean_text(c, with_bom, n + 3);
    ck_assert_str_eq(got, want);
    char *only = clean_text(c, "\xef\xbb\xbf", 3);
    ck_assert_str_eq(only, "");
    clean_cleaner_free(c);
    free(only);
    free(want);
    free(got);
    free(with_bom);
}
END_TEST

START_TEST(misuse_of_the_new_calls)
{
    ck_assert_ptr_null(clean_result_input(NULL, NULL));
    size_t length = 7;
    ck_assert_ptr_null(clean_result_input(NULL, &length));
    ck_assert_uint_eq(length, 0);
    /* No allocator: the C library's. */
    clean_options *o = clean_options_new_with_allocator(NULL, NULL);
    ck_assert_ptr_nonnull(o);
    clean_options_free(o);
    clean_options_free(NULL);
    clean_cleaner_free(NULL);
    clean_result_free(NULL);
}
END_TEST

Suite *input_suite(void)
{
    Suite *s = suite_create("input");
    TCase *invalid = tcase_create("invalid-utf8");
    tcase_add_test(invalid, invalid_pass_keeps_the_bytes);
    tcase_add_test(invalid, invalid_replace_writes_u_fffd);
    tcase_add_test(invalid, invalid_replace_each_kind);
    tcase_add_test(invalid, invalid_drop_line_drops_only_that_line);
    tcase_add_test(invalid, invalid_error_and_strict_synonym);
    tcase_add_test(invalid, invalid_mode_out_of_range);
    suite_add_tcase(s, invalid);
    TCase *encoding = tcase_create("encoding");
    tcase_add_test(encoding, latin1_page_scores_like_its_utf8_twin);
    tcase_add_test(encoding, samples_in_windows_1252_score_as_in_utf8);
    tcase_add_test(encoding, utf16_with_its_encoding_is_text);
    tcase_add_test(encoding, bytes_invalid_in_the_encoding_become_u_fffd);
    tcase_add_test(encoding, unknown_encoding_is_named);
    tcase_add_test(encoding, auto_guesses_legacy_encodings);
    tcase_add_test(encoding, auto_leaves_utf8_as_it_is);
    suite_add_tcase(s, encoding);
    TCase *binary = tcase_create("binary");
    tcase_add_test(binary, binary_signatures);
    tcase_add_test(binary, binary_by_control_bytes);
    tcase_add_test(binary, binary_control_bytes_are_each_counted);
    tcase_add_test(binary, skip_binary_option);
    suite_add_tcase(s, binary);
    TCase *misc = tcase_create("misc");
    tcase_add_test(misc, bom_is_not_text);
    tcase_add_test(misc, misuse_of_the_new_calls);
    suite_add_tcase(s, misc);
    return s;
}
