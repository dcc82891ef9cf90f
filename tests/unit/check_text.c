/*
 * lib/text.c: reading a page's lines (cl_lines_next: every line, blank
 * ones included; cl_split_lines: the non-blank ones) and decoding UTF-8
 * one code point at a time (cl_decode); the width a hard-wrapped page is
 * wrapped at (cl_find_wraps); the pieces of a paragraph a scraper broke
 * at its links (cl_find_fragments); the sentences of a page dumped run
 * together (cl_cut_run_together); links printed as their text
 * (cl_render_links).
 */
#include "check_suites.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- cl_split_lines ----------------------------------------------------- */

/* The expected span of one line. */
typedef struct expected_span {
    size_t offset, length;
    bool blank;
} expected_span;

/* Reads every line of text (length bytes) and checks that they are
 * exactly the expected ones, in order (blank: length 0). */
static void check_split(const char *text, size_t length, const expected_span *want, size_t want_count)
{
    cl_line_iter it;
    size_t count = 0, offset, trimmed;
    cl_lines_init(&it, text, length);
    while (cl_lines_next(&it, &offset, &trimmed)) {
        ck_assert_msg(count < want_count, "more than %zu lines", want_count);
        ck_assert_msg(offset == want[count].offset, "line %zu: offset %zu, expected %zu", count, offset,
                      want[count].offset);
        ck_assert_msg(trimmed == want[count].length, "line %zu: length %zu, expected %zu", count, trimmed,
                      want[count].length);
        ck_assert_msg((trimmed == 0) == want[count].blank, "line %zu: blank %d, expected %d", count,
                      (int)(trimmed == 0), (int)want[count].blank);
        count++;
    }
    ck_assert_uint_eq(count, want_count);
}

#define CHECK_SPLIT(literal, ...)                                                   \
    do {                                                                            \
        static const expected_span want_[] = {__VA_ARGS__};                         \
        check_split(literal, sizeof literal - 1, want_, sizeof want_ / sizeof *want_); \
    } while (0)

START_TEST(split_lf)
{
    CHECK_SPLIT("one\ntwo\nthree\n", {0, 3, false}, {4, 3, false}, {8, 5, false});
}
END_TEST

START_TEST(split_crlf)
{
    CHECK_SPLIT("one\r\ntwo\r\nthree\r\n", {0, 3, false}, {5, 3, false}, {10, 5, false});
}
END_TEST

START_TEST(split_cr)
{
    CHECK_SPLIT("one\rtwo\rthree\r", {0, 3, false}, {4, 3, false}, {8, 5, false});
}
END_TEST

START_TEST(split_mixed)
{
    /* "\n", "\r\n", "\r", none: four lines. */
    CHECK_SPLIT("a\nbb\r\nccc\rdddd", {0, 1, false}, {2, 2, false}, {6, 3, false}, {10, 4, false});
    /* "\n\r" is two line breaks, "\r\r\n" is two as well. */
    CHECK_SPLIT("a\n\rb", {0, 1, false}, {2, 0, true}, {3, 1, false});
    CHECK_SPLIT("a\r\r\nb", {0, 1, false}, {2, 0, true}, {4, 1, false});
}
END_TEST

START_TEST(split_no_final_newline)
{
    CHECK_SPLIT("only line", {0, 9, false});
    CHECK_SPLIT("first\nlast", {0, 5, false}, {6, 4, false});
}
END_TEST

START_TEST(split_empty_input)
{
    cl_span *spans = (cl_span *)&spans; /* anything but NULL */
    size_t count = cl_split_lines(&cl_default_mem, "", 0, &spans);
    ck_assert_uint_eq(count, 0);
    cl_free(&cl_default_mem, spans);
    cl_line_iter it;
    size_t offset, trimmed;
    cl_lines_init(&it, "", 0);
    ck_assert(!cl_lines_next(&it, &offset, &trimmed));
}
END_TEST

/* cl_split_lines keeps the non-blank lines and marks those that blank
 * lines separate from the line before; a byte order mark is skipped. */
START_TEST(split_keeps_non_blank_lines)
{
    static const char text[] = "\xEF\xBB\xBF\n  \ntext\nmore\n \t\n\nlast";
    static const cl_span want[] = {{7, 4, true}, {12, 4, false}, {21, 4, true}};
    cl_span *spans = NULL;
    size_t count = cl_split_lines(&cl_default_mem, text, sizeof text - 1, &spans);
    ck_assert_uint_eq(count, 3);
    for (size_t i = 0; i < count; i++) {
        ck_assert_uint_eq(spans[i].offset, want[i].offset);
        ck_assert_uint_eq(spans[i].length, want[i].length);
        ck_assert_int_eq(spans[i].blank_before, want[i].blank_before);
    }
    cl_free(&cl_default_mem, spans);
}
END_TEST

START_TEST(split_empty_lines)
{
    CHECK_SPLIT("a\n\nb\n", {0, 1, false}, {2, 0, true}, {3, 1, false});
    CHECK_SPLIT("\n\n", {0, 0, true}, {1, 0, true});
    CHECK_SPLIT("\r\n\r\n", {0, 0, true}, {2, 0, true});
    CHECK_SPLIT("\r\r", {0, 0, true}, {1, 0, true});
}
END_TEST

START_TEST(split_trailing_white_space)
{
    /* Spaces, a tab, U+00A0 and U+3000 after the text: all left out. */
    CHECK_SPLIT("word \t\xC2\xA0\xE3\x80\x80\nnext", {0, 4, false}, {12, 4, false});
    /* Other Unicode White_Space: U+2003 EM SPACE, U+202F, U+0085. */
    CHECK_SPLIT("ab\xE2\x80\x83\xE2\x80\xAF\xC2\x85", {0, 2, false});
    /* Vertical tab and form feed are white space too. */
    CHECK_SPLIT("ab\v\f", {0, 2, false});
    /* Trailing white space before "\r\n". */
    CHECK_SPLIT("ab \xC2\xA0\r\ncd\t\r\n", {0, 2, false}, {7, 2, false});
}
END_TEST

START_TEST(split_inner_and_leading_white_space_kept)
{
    /* Leading white space stays in the span, as does white space inside. */
    CHECK_SPLIT("  \tindented\n", {0, 11, false});
    CHECK_SPLIT("\xC2\xA0\xE3\x80\x80x", {0, 6, false});
    CHECK_SPLIT("a\xC2\xA0" "b  c ", {0, 7, false});
}
END_TEST

START_TEST(split_not_white_space)
{
    /* U+200B ZERO WIDTH SPACE is not White_Space; neither are U+FFFD
     * (from an invalid byte) and NUL. */
    CHECK_SPLIT("a\xE2\x80\x8B", {0, 4, false});
    CHECK_SPLIT("a \xFF", {0, 3, false});
    CHECK_SPLIT("a \xC2", {0, 3, false});
    {
        static const char text[] = "a\0";
        static const expected_span want[] = {{0, 2, false}};
        check_split(text, 2, want, 1);
    }
}
END_TEST

START_TEST(split_blank_flag)
{
    /* Lines of white space only are blank with length 0. */
    CHECK_SPLIT("text\n \t \xC2\xA0\xE3\x80\x80\nmore\n   \n", {0, 4, false}, {5, 0, true},
                {14, 4, false}, {19, 0, true});
    /* A single non-white-space byte is enough not to be blank. */
    CHECK_SPLIT("   .", {0, 4, false});
}
END_TEST

/* ---- cl_decode ---------------------------------------------------------- */

/* Decodes the n bytes at s and checks the code point and the length. */
static void check_decode(const char *s, size_t n, uint32_t want_cp, int want_len)
{
    uint32_t cp = 0x12345678;
    int len = cl_decode((const uint8_t *)s, n, &cp);
    ck_assert_msg(len == want_len && cp == want_cp,
                  "decoding %zu bytes starting 0x%02X: got U+%04X length %d, expected U+%04X length %d",
                  n, (unsigned)(uint8_t)s[0], (unsigned)cp, len, (unsigned)want_cp, want_len);
}

#define DECODE(literal, cp, len) check_decode(literal, sizeof literal - 1, cp, len)

START_TEST(decode_valid)
{
    DECODE("A", 0x41, 1);
    DECODE("\x7F", 0x7F, 1);
    check_decode("\0", 1, 0, 1);
    DECODE("\xC2\x80", 0x80, 2);
    DECODE("\xC3\xA9", 0xE9, 2);
    DECODE("\xDF\xBF", 0x7FF, 2);
    DECODE("\xE0\xA0\x80", 0x800, 3);
    DECODE("\xE2\x82\xAC", 0x20AC, 3);
    DECODE("\xED\x9F\xBF", 0xD7FF, 3);
    DECODE("\xEE\x80\x80", 0xE000, 3);
    DECODE("\xEF\xBF\xBF", 0xFFFF, 3);
    DECODE("\xF0\x90\x80\x80", 0x10000, 4);
    DECODE("\xF0\x9F\x98\x80", 0x1F600, 4);
    DECODE("\xF4\x8F\xBF\xBF", 0x10FFFF, 4);
    /* Only the first code point is read. */
    DECODE("\xC3\xA9xyz", 0xE9, 2);
    DECODE("ab", 'a', 1);
}
END_TEST

START_TEST(decode_truncated)
{
    /* The buffer ends inside the sequence. */
    DECODE("\xC3", 0xFFFD, 1);
    DECODE("\xE2\x82", 0xFFFD, 1);
    DECODE("\xE2", 0xFFFD, 1);
    DECODE("\xF0\x9F\x98", 0xFFFD, 1);
    /* The sequence is cut short by a byte that is not a continuation. */
    DECODE("\xC3" "A", 0xFFFD, 1);
    DECODE("\xE2\x82" "A", 0xFFFD, 1);
    DECODE("\xF0\x9F\x98" "A", 0xFFFD, 1);
    DECODE("\xE2\xC3\xA9", 0xFFFD, 1);
    /* n limits the read even when more bytes follow in memory. */
    check_decode("\xE2\x82\xAC", 2, 0xFFFD, 1);
}
END_TEST

START_TEST(decode_overlong)
{
    DECODE("\xC0\x80", 0xFFFD, 1);
    DECODE("\xC0\xAF", 0xFFFD, 1);
    DECODE("\xC1\xBF", 0xFFFD, 1);
    DECODE("\xE0\x80\x80", 0xFFFD, 1);
    DECODE("\xE0\x9F\xBF", 0xFFFD, 1);
    DECODE("\xF0\x80\x80\x80", 0xFFFD, 1);
    DECODE("\xF0\x8F\xBF\xBF", 0xFFFD, 1);
}
END_TEST

START_TEST(decode_surrogates)
{
    DECODE("\xED\xA0\x80", 0xFFFD, 1); /* U+D800 */
    DECODE("\xED\xAD\xBF", 0xFFFD, 1); /* U+DB7F */
    DECODE("\xED\xB0\x80", 0xFFFD, 1); /* U+DC00 */
    DECODE("\xED\xBF\xBF", 0xFFFD, 1); /* U+DFFF */
}
END_TEST

START_TEST(decode_above_max)
{
    DECODE("\xF4\x90\x80\x80", 0xFFFD, 1); /* U+110000 */
    DECODE("\xF4\xBF\xBF\xBF", 0xFFFD, 1);
    DECODE("\xF5\x80\x80\x80", 0xFFFD, 1);
    DECODE("\xF7\xBF\xBF\xBF", 0xFFFD, 1);
    DECODE("\xF8\x88\x80\x80\x80", 0xFFFD, 1);
    DECODE("\xFC\x84\x80\x80\x80\x80", 0xFFFD, 1);
    DECODE("\xFE", 0xFFFD, 1);
    DECODE("\xFF", 0xFFFD, 1);
}
END_TEST

START_TEST(decode_lone_continuation)
{
    DECODE("\x80", 0xFFFD, 1);
    DECODE("\xBF", 0xFFFD, 1);
    DECODE("\x80\x80\x80", 0xFFFD, 1);
    DECODE("\xA9" "A", 0xFFFD, 1);
}
END_TEST

/* Decoding a whole buffer of mixed valid and invalid bytes always moves
 * forward, consumes every byte exactly once and finds the valid code
 * points again after each invalid byte. */
START_TEST(decode_resynchronises)
{
    static const char text[] = "a\xC3\xA9\x80\xE2\x82\xC0\x80\xED\xA0\x80\xF4\x90\x80\x80\xF0\x9F\x98\x80z\xE2";
    /* 0x80 | E2 82 C0 80: four bytes | ED A0 80: three | F4 90 80 80: four */
    static const uint32_t want[] = {'a',    0xE9,   0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
                                    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
                                    0x1F600, 'z',   0xFFFD};
    const size_t n = sizeof text - 1;
    size_t pos = 0, k = 0;
    while (pos < n) {
        uint32_t cp;
        int len = cl_decode((const uint8_t *)text + pos, n - pos, &cp);
        ck_assert_int_ge(len, 1);
        ck_assert_int_le(len, 4);
        ck_assert_uint_lt(k, sizeof want / sizeof *want);
        ck_assert_msg(cp == want[k], "code point %zu at byte %zu: U+%04X, expected U+%04X", k, pos,
                      (unsigned)cp, (unsigned)want[k]);
        pos += (size_t)len;
        k++;
    }
    ck_assert_uint_eq(pos, n);
    ck_assert_uint_eq(k, sizeof want / sizeof *want);
}
END_TEST

/* ---- cl_find_wraps ----------------------------------------------------- */

/* A page wrapped at 61 columns whose lines of that width are too few to
 * tell the width by themselves (2 in 100, as many as the lines a wrapper
 * leaves long may be): the width is still 61, and such a line joins the
 * next, whose first word would not have fitted after it. */
START_TEST(wrap_width_reaches_widest_lines)
{
    enum { LINES = 100, WIDE = 61 };
    static char text[LINES * (WIDE + 1)];
    cl_span spans[LINES];
    bool joins[LINES];
    size_t at = 0;
    for (size_t i = 0; i < LINES; i++) {
        uint32_t len = i == 40 || i == 70 ? WIDE : WIDE - 1 - (uint32_t)(i % 8);
        spans[i] = (cl_span){at, len, false};
        for (uint32_t k = 0; k < len; k++)
            text[at + k] = k % 7 == 6 ? ' ' : (char)('a' + k % 7); /* words of six letters */
        text[at + len - 1] = 'z';
        at += len;
        text[at++] = '\n';
    }
    ck_assert_uint_eq(cl_find_wraps(text, spans, LINES, joins), WIDE);
    ck_assert(joins[40]);
    ck_assert(joins[70]);
    ck_assert(joins[41]);
}
END_TEST

/* A page in a script written without spaces, wrapped at 45 characters:
 * a wrapped line goes on, but a short label ("補足", "supplement") is
 * not a full line because the next line's first character would have
 * fitted after it, whatever the length of the next line. */
START_TEST(wrap_unspaced_script_breaks_anywhere)
{
    enum { LINES = 20, WIDTH = 45 };
    static const char han[] = "\xE6\xB0\xB4"; /* 水, three bytes */
    static char text[LINES * (WIDTH * 3 + 1)];
    cl_span spans[LINES];
    bool joins[LINES];
    size_t at = 0;
    for (size_t i = 0; i < LINES; i++) {
        /* Paragraphs of three lines: two full, then a shorter one; line 9 is a label. */
        size_t chars = i == 9 ? 2 : i % 3 == 2 ? 20 : WIDTH;
        spans[i] = (cl_span){at, (uint32_t)(chars * 3), false};
        for (size_t k = 0; k < chars; k++, at += 3)
            memcpy(text + at, han, 3);
        text[at++] = '\n';
    }
    ck_assert_uint_eq(cl_find_wraps(text, spans, LINES, joins), WIDTH);
    ck_assert(joins[0] && joins[1] && !joins[2]);
    ck_assert(!joins[9]);
}
END_TEST

/* Han mixed with Latin words, wrapped at 72 columns as lynx, w3m and
 * pandoc count them (a Han character takes two): counted in characters
 * the full lines are 36 to 54 long, in columns all 72. */
START_TEST(wrap_counts_wide_characters_as_two_columns)
{
    enum { LINES = 24, WIDTH = 72 };
    static const char han[] = "\xE6\xB0\xB4"; /* 水 */
    static char text[LINES * (WIDTH * 3 + 1)];
    cl_span spans[LINES];
    bool joins[LINES];
    size_t at = 0;
    for (size_t i = 0; i < LINES; i++) {
        /* Paragraphs of three lines: two full ones, with 36, 30, 24 or 18
         * Han characters and Latin letters for the rest, then a short one. */
        size_t start = at, wide = 36 - 6 * (i % 4), cols = i % 3 == 2 ? 20 : WIDTH;
        for (size_t k = 0; k < wide && 2 * k < cols; k++, at += 3)
            memcpy(text + at, han, 3);
        for (size_t k = 2 * wide; k < cols; k++)
            text[at++] = k % 7 == 6 ? ' ' : 'a';
        spans[i] = (cl_span){start, (uint32_t)(at - start), false};
        text[at++] = '\n';
    }
    ck_assert_uint_eq(cl_find_wraps(text, spans, LINES, joins), WIDTH);
    ck_assert(joins[0] && joins[1] && !joins[2]);
    ck_assert(joins[3] && joins[4] && !joins[5]);
}
END_TEST

/* A table drawn in a wrapped page (elinks, w3m, links): its rows and
 * borders reach the width too, but no wrapper broke them. */
START_TEST(wrap_leaves_drawn_tables)
{
    static const char *const rows[] = {"| Option | Default | Meaning |", "+--------+---------+---------+",
                                       "\xE2\x94\x82 total \xE2\x94\x82 3 \xE2\x94\x82",
                                       "\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80\xE2\x94\xBC"};
    enum { LINES = 40, WIDE = 61 };
    static char text[LINES * (WIDE + 1) + 64];
    cl_span spans[LINES];
    bool joins[LINES];
    size_t at = 0;
    for (size_t i = 0; i < LINES; i++) {
        /* Lines 20 to 23 start as table rows do, padded to the width. */
        uint32_t len = WIDE - (uint32_t)(i % 4);
        spans[i] = (cl_span){at, len, false};
        for (uint32_t k = 0; k < len; k++)
            text[at + k] = k % 7 == 6 ? ' ' : (char)('a' + k % 7);
        if (i >= 20 && i < 24)
            memcpy(text + at, rows[i - 20], strlen(rows[i - 20]));
        at += len;
        text[at++] = '\n';
    }
    ck_assert_uint_ne(cl_find_wraps(text, spans, LINES, joins), 0);
    ck_assert(joins[18]);
    for (size_t i = 19; i < 24; i++)
        ck_assert_msg(!joins[i], "line %zu joined", i);
}
END_TEST

/* A page wrapped at 61 columns that ends with a reference list of long
 * URLs (lynx, elinks): a URL no wrapper could break says nothing of the
 * width, even where there are more of them than a wrapper leaves long.
 * A numbered item's wrapped line takes the item's hanging indent. */
START_TEST(wrap_ignores_long_urls_and_takes_hanging_indents)
{
    enum { LINES = 60, WIDE = 61, URLS = 6 };
    static char text[LINES * 128];
    cl_span spans[LINES];
    bool joins[LINES];
    size_t at = 0;
    for (size_t i = 0; i < LINES; i++) {
        size_t start = at;
        if (i >= LINES - URLS) {
            at += (size_t)sprintf(text + at, "  %zu. https://example.com/news/region/a-long-article-slug-%zu.html#top", i, i);
        } else {
            /* Line 10 is a numbered item, line 11 its wrapped rest. */
            uint32_t len = i == 10 ? WIDE : i == 11 ? 30 : WIDE - (uint32_t)(i % 6);
            size_t first = 0;
            if (i == 10)
                first = (size_t)sprintf(text + at, "  2. ");
            else if (i == 11)
                first = (size_t)sprintf(text + at, "     ");
            for (size_t k = first; k < len; k++)
                text[at + k] = (k - first) % 7 == 6 ? ' ' : (char)('a' + (k - first) % 7);
            text[at + len - 1] = 'z';
            at += len;
        }
        spans[i] = (cl_span){start, (uint32_t)(at - start), false};
        text[at++] = '\n';
    }
    ck_assert_uint_eq(cl_find_wraps(text, spans, LINES, joins), WIDE);
    ck_assert(joins[10]);
    ck_assert(joins[0]);
}
END_TEST

/* ---- cl_find_fragments ------------------------------------------------- */

/* The joins cl_find_fragments finds on text: one '1' or '0' per line but
 * the last, in want ("1" where a line goes on the sentence above it). */
static void check_fragments(const char *text, const char *want)
{
    cl_span *spans = NULL;
    size_t count = cl_split_lines(&cl_default_mem, text, strlen(text), &spans);
    ck_assert_uint_eq(count, strlen(want) + 1);
    bool joins[64] = {false};
    ck_assert_uint_le(count, sizeof joins / sizeof *joins);
    cl_find_fragments(text, spans, count, joins);
    char got[64] = "";
    for (size_t i = 0; i + 1 < count; i++)
        got[i] = joins[i] ? '1' : '0';
    ck_assert_str_eq(got, want);
    free(spans);
}

/* A paragraph broken at its links and names: each piece goes on the one
 * above, whether it starts with a lower-case word, a comma or a full
 * stop, or is an element the sentence goes on after ("the" / "Rhine" /
 * "have"), a figure included ("in" / "2021" / "but"). The menu's items,
 * title, byline and the list of headlines around it stay lines of their
 * own, as do an address and a table's row. */
START_TEST(fragments_join_a_sentence_split_at_links)
{
    check_fragments("Home\n"
                    "News\n"
                    "Drought pushes barges to carry half loads\n"
                    "By\n"
                    "Maria Keller\n"
                    "Barge operators on the\n"
                    "Rhine\n"
                    "have cut their loads after the level at\n"
                    "Kaub\n"
                    "fell below eighty centimetres this week, said the\n"
                    "Waterways Administration\n"
                    ".\n"
                    "Thomas Brandt\n"
                    ", who runs twelve barges, agreed.\n"
                    "A project approved in\n"
                    "2021\n"
                    "but not finished yet.\n"
                    "Related stories about shipping on the river\n"
                    "https://example.com/rhine\n"
                    "Diesel 32,23 Mio. t 32,28 Mio. t 0,1 %\n"
                    "davon schwefelarm 13,66 Mio. t\n",
                    /* Home..Keller apart; "on the" .. "."; Brandt, who; approved .. yet; the rest apart */
                    "00000" "111111" "0" "1" "0" "11" "0000");
}
END_TEST

/* The same kinds of line in a page that has only three of them (a
 * credit, a form's label, a note), among lines that each stand alone:
 * the page was not split at its tags, and no line joins. */
START_TEST(fragments_need_a_split_page)
{
    check_fragments("Drought pushes barges to carry half loads\n"
                    "Photo taken by a reader on the bank of the\n"
                    "river, who sent it to us.\n"
                    "Barge operators have cut their loads by half this week.\n"
                    "Notify me of\n"
                    "new comments by email and of new posts\n"
                    "Water levels are measured at the gauge of\n"
                    "www.example.com.\n"
                    "Gauges of the lower river are read each hour\n"
                    "at Kaub, Koblenz and Cologne.\n"
                    "The gauge at Kaub is watched closely by traders.\n"
                    "Freight rates have doubled since the start of the month.\n"
                    "Forecasters expect little rain over the next two weeks.\n"
                    "Industry groups have asked for the river to be dredged.\n"
                    "Most read\n",
                    "00000000000000");
}
END_TEST

/* Georgian's letters are lower case to Unicode, but every Georgian
 * line starts with one: a menu, headlines and a list of news, none of
 * them ending in a full stop, are no sentence split at its links. */
START_TEST(fragments_georgian_lines_start_blocks)
{
    check_fragments("მთავარი\n"
                    "კულტურა\n"
                    "გურჯაანში ქვევრის დამზადების სკოლა ახალ შენობაში გადავიდა\n"
                    "სკოლაში ოცდაათი მოსწავლე სწავლობს ქვევრის დამზადებას და მოვლას\n"
                    "ბოლო ამბები\n"
                    "თბილისის მეტროში ახალი ვაგონები ჩაუშვეს ორ ხაზზე ერთდროულად\n"
                    "ეროვნულმა ბანკმა რეფინანსირების განაკვეთი უცვლელი დატოვა ამ თვეში\n"
                    "სპორტი\n",
                    "0000000");
}
END_TEST

/* On a split page, two statements of code in a row stay apart, though
 * one ends in a comma, a lower-case word or is a bracket alone
 * ("policy = Policy(" / "    attempts=4," / ")"). */
START_TEST(fragments_leave_code_apart)
{
    check_fragments("The retry helper in\n"
                    "tarpit\n"
                    "waits a little longer after each failure, as the\n"
                    "user guide\n"
                    "explains in its section on\n"
                    "backoff\n"
                    ".\n"
                    "Lena Brandt\n"
                    ", who maintains it, agreed.\n"
                    "policy = Policy(\n"
                    "    attempts=4,\n"
                    "    delay=0.5,\n"
                    ")\n"
                    "import logging\n"
                    "import requests\n",
                    "111111" "0" "1" "0" "000" "0" "0");
}
END_TEST

/* ---- cl_cut_run_together ------------------------------------------------ */

/* The pieces of text as cl_cut_run_together cuts its lines, each followed
 * by '|', into out. */
static void cut_pieces(const char *text, char *out, size_t room)
{
    cl_span *spans = NULL;
    size_t n = cl_split_lines(&cl_default_mem, text, strlen(text), &spans);
    n = cl_cut_run_together(&cl_default_mem, text, &spans, n);
    ck_assert_uint_ne(n, (size_t)-1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(o + spans[i].length + 2, room);
        memcpy(out + o, text + spans[i].offset, spans[i].length);
        o += spans[i].length;
        out[o++] = '|';
    }
    out[o] = '\0';
    cl_free(&cl_default_mem, spans);
}

/* got == want, or where they first differ (the pages are too long for
 * one message). */
static void check_same_pieces(const char *got, const char *want)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i])
        i++;
    size_t from = i > 40 ? i - 40 : 0;
    ck_assert_msg(got[i] == want[i], "at %zu: \"%.80s\", expected \"%.80s\"", i, got + from, want + from);
}

/* A page on one line: cut at sentence ends (not after an initial, a short
 * title or inside "U.S."; not before a small letter), at a menu's
 * separators and a list's dashes (a dash before a small letter is a
 * sentence's) and around a run of capitalised words; the long prose is
 * repeated past the page's size that makes it run together. */
START_TEST(run_together_cut_into_sentences)
{
    static const char prose[] =
        "Mr. Reyes met J. Smith in the U.S. capital, e.g. on Monday. Why? \xE2\x80\x9CNo idea,\xE2\x80\x9D he said. ";
    static const char want_prose[] =
        "Mr. Reyes met J. Smith in the U.S. capital, e.g. on Monday.|Why?|\xE2\x80\x9CNo idea,\xE2\x80\x9D he "
        "said.|";
    char text[4096], want[4096], got[4096];
    strcpy(text, "Home | News \xC2\xB7 Sport storm warning. Weather Travel Money Culture Contact storm closes roads - "
                 "Rivers rise - and fall. ");
    strcpy(want, "Home|News|Sport storm warning.|Weather Travel Money Culture Contact|storm closes roads|Rivers rise - and "
                 "fall.|");
    while (strlen(text) + sizeof prose < 2600) {
        strcat(text, prose);
        strcat(want, want_prose);
    }
    strcat(text, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x82\xE5\xA4\xA7\xE9\x98\xAA\n");
    strcat(want, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x82|\xE5\xA4\xA7\xE9\x98\xAA|");
    cut_pieces(text, got, sizeof got);
    check_same_pieces(got, want);
}
END_TEST

/* A page of lines, one of them long, is not run together: nothing is cut. */
START_TEST(run_together_needs_long_lines)
{
    char text[4096] = "Home\nNews\nSport\nStorm closes coastal roads\n", want[4096] = "Home|News|Sport|Storm closes coastal roads|";
    size_t start = strlen(text);
    while (strlen(text) < 2600)
        strcat(text, "Rain fell all night. The river rose. ");
    text[strlen(text) - 1] = '\n';
    strncat(want, text + start, strlen(text) - start - 1);
    strcat(want, "|");
    strcat(text, "Contact us\n");
    strcat(want, "Contact us|");
    char got[4096];
    cut_pieces(text, got, sizeof got);
    check_same_pieces(got, want);
}
END_TEST

/* ---- cl_render_links ------------------------------------------------------ */

/* line as the cleaned text prints it, with or without lynx's numbers. */
static void check_rendered(const char *line, bool references, const char *want)
{
    size_t n = strlen(line);
    char *out = malloc(n + 1);
    ck_assert_ptr_nonnull(out);
    size_t k = cl_render_links(line, n, references, out);
    ck_assert_uint_le(k, n);
    out[k] = '\0';
    ck_assert_str_eq(out, want);
    free(out);
}

START_TEST(links_markdown_as_text)
{
    check_rendered("said [on Monday](https://example.com/a) and [more](/b).", false, "said on Monday and more.");
    check_rendered("[Home](/) | [News](news.html \"All the news\")", false, "Home | News");
    check_rendered("see [Mercury](/wiki/Mercury_(planet)) now", false, "see Mercury now");
    check_rendered("Email: [a@b.org](mailto:a@b.org)", false, "Email: a@b.org");
    /* An image reads as its description, in a link too. */
    check_rendered("![A tram](https://x.org/t.jpg) Photo", false, "A tram Photo");
    check_rendered("[![Logo](/logo.png)](/) Start", false, "Logo Start");
    /* An anchor with no text leaves nothing, nor a blank at the end. */
    check_rendered("[](https://crates.io/x#usage)Usage", false, "Usage");
    check_rendered("Usage [](#usage)", false, "Usage");
}
END_TEST

START_TEST(links_leave_what_is_no_link)
{
    /* An index and a call, a target that is no address, brackets alone. */
    check_rendered("handlers[0](event.target)", false, "handlers[0](event.target)");
    check_rendered("[Menu] (open) and [x](y)", false, "[Menu] (open) and [x](y)");
    check_rendered("[unclosed](https://x.org", false, "[unclosed](https://x.org");
    check_rendered("a [spaced](https://x.org/a b) target", false, "a [spaced](https://x.org/a b) target");
    check_rendered("]]](/x) [[[", false, "]]](/x) [[[");
    /* lynx's numbers go only when the page lists its links' addresses. */
    check_rendered("[12]Home", false, "[12]Home");
}
END_TEST

/* html-to-text prints a link's address in brackets after its text, and
 * an image's alone. */
START_TEST(links_bracketed_addresses)
{
    check_rendered("Etiquetas: balcón [/tag/balcon/], tomates [/tag/tomates/]", false, "Etiquetas: balcón, tomates");
    check_rendered("[/wp-content/a.jpg] El balcón en junio", false, "El balcón en junio");
    check_rendered("see [https://x.org/a?b=c] and [mailto:a@b.org]", false, "see and");
    check_rendered("Top [#top]", false, "Top");
    /* No address, or no blank before it, or a Markdown link's text. */
    check_rendered("[Note: see below] [http:x] a[/x/]", false, "[Note: see below] [http:x] a[/x/]");
    check_rendered("[https://a.org/b](https://a.org/b)", false, "https://a.org/b");
}
END_TEST

START_TEST(links_lynx_numbers)
{
    check_rendered("   [12]Home [13]News", true, "   Home News");
    check_rendered("after [28]Lake Carrow.^[29][1] The lake", true, "after Lake Carrow.^[1] The lake");
    /* A number before a space, or at the end, is the page's own text. */
    check_rendered("[6] Source: the council", true, "[6] Source: the council");
    check_rendered("in 1578.[1]", true, "in 1578.[1]");
    check_rendered("[123456]x", true, "[123456]x");
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");

    TCase *split = tcase_create("split_lines");
    tcase_add_test(split, split_lf);
    tcase_add_test(split, split_crlf);
    tcase_add_test(split, split_cr);
    tcase_add_test(split, split_mixed);
    tcase_add_test(split, split_no_final_newline);
    tcase_add_test(split, split_empty_input);
    tcase_add_test(split, split_keeps_non_blank_lines);
    tcase_add_test(split, split_empty_lines);
    tcase_add_test(split, split_trailing_white_space);
    tcase_add_test(split, split_inner_and_leading_white_space_kept);
    tcase_add_test(split, split_not_white_space);
    tcase_add_test(split, split_blank_flag);
    tcase_add_test(split, run_together_cut_into_sentences);
    tcase_add_test(split, run_together_needs_long_lines);
    suite_add_tcase(s, split);

    TCase *decode = tcase_create("decode");
    tcase_add_test(decode, decode_valid);
    tcase_add_test(decode, decode_truncated);
    tcase_add_test(decode, decode_overlong);
    tcase_add_test(decode, decode_surrogates);
    tcase_add_test(decode, decode_above_max);
    tcase_add_test(decode, decode_lone_continuation);
    tcase_add_test(decode, decode_resynchronises);
    suite_add_tcase(s, decode);

    TCase *wraps = tcase_create("wraps");
    tcase_add_test(wraps, wrap_width_reaches_widest_lines);
    tcase_add_test(wraps, wrap_unspaced_script_breaks_anywhere);
    tcase_add_test(wraps, wrap_counts_wide_characters_as_two_columns);
    tcase_add_test(wraps, wrap_leaves_drawn_tables);
    tcase_add_test(wraps, wrap_ignores_long_urls_and_takes_hanging_indents);
    tcase_add_test(wraps, fragments_join_a_sentence_split_at_links);
    tcase_add_test(wraps, fragments_need_a_split_page);
    tcase_add_test(wraps, fragments_leave_code_apart);
    tcase_add_test(wraps, fragments_georgian_lines_start_blocks);
    suite_add_tcase(s, wraps);

    TCase *links = tcase_create("links");
    tcase_add_test(links, links_markdown_as_text);
    tcase_add_test(links, links_leave_what_is_no_link);
    tcase_add_test(links, links_bracketed_addresses);
    tcase_add_test(links, links_lynx_numbers);
    suite_add_tcase(s, links);

    return s;
}
