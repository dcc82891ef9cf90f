/*
 * lib/score.c's steps, on pages built line by line: cl_mark_tables, which
 * looks at a few lines' row kinds and grows a run only around a row or
 * a rule line,
 * marks the runs that reading every line's kind in order finds; and
 * cl_mark_repeats finds the dirty copies that comparing every nearby pair
 * finds.
 */
#include "check_suites.h"

#include <stdio.h>
#include <string.h>

#include "score.h"

/* Lines of four kinds: no row, rows of cells of two shapes (two and
 * three "|"), which make two tables when they meet, and a rule line,
 * which goes on the tables beside it. */
static const char *const row_text[] = {"plain words here", "a | b | c", "a | b | c | d", "------ ------"};
#define KINDS 4
#define RULE 3
#define MAX_LINES 8

/* Does a line of kind k go on a run of rows of kind, next to a line of
 * kind edge: a row of that kind, or a rule line beside a row? */
static bool goes_on_run(int k, int kind, int edge)
{
    return k == kind || (k == RULE && edge != RULE);
}

/* What reading each line's kind in order finds: runs of one kind of row
 * and rule lines beside them, at least three long. */
static void expected_tables(const int *kinds, size_t n, bool *table)
{
    for (size_t p = 0; p < n; p++)
        table[p] = false;
    for (size_t p = 0; p < n; p++) {
        if (kinds[p] == 0 || kinds[p] == RULE)
            continue;
        size_t lo = p, hi = p + 1;
        while (lo > 0 && goes_on_run(kinds[lo - 1], kinds[p], kinds[lo]))
            lo--;
        while (hi < n && goes_on_run(kinds[hi], kinds[p], kinds[hi - 1]))
            hi++;
        for (size_t q = lo; hi - lo >= 3 && q < hi; q++)
            table[q] = true;
    }
}

/* Appends s as line i of a page (text so far: length bytes), of so many
 * words, decided by no rule; returns the text's new length. */
static size_t add_line(char *text, size_t length, cl_line *lines, cl_pos *idx, size_t i, const char *s,
                       uint32_t words)
{
    size_t len = strlen(s);
    memcpy(text + length, s, len);
    lines[i] = (cl_line){.span = {length, (uint32_t)len, false}, .text_length = (uint32_t)len};
    lines[i].f.words = words;
    lines[i].action = CL_ACTION_NONE;
    idx[i] = (cl_pos)i;
    length += len;
    text[length++] = '\n';
    return length;
}

/* Every sequence of n lines of the three kinds. */
static void check_all_sequences(size_t n)
{
    size_t sequences = 1;
    for (size_t i = 0; i < n; i++)
        sequences *= KINDS;
    for (size_t code = 0; code < sequences; code++) {
        int kinds[MAX_LINES];
        char text[MAX_LINES * 32];
        cl_line lines[MAX_LINES] = {0};
        cl_pos idx[MAX_LINES] = {0};
        size_t length = 0;
        for (size_t i = 0, c = code; i < n; i++, c /= KINDS) {
            kinds[i] = (int)(c % KINDS);
            length = add_line(text, length, lines, idx, i, row_text[kinds[i]], kinds[i] == RULE ? 0 : 3);
        }
        cl_page page = {text, length, lines, n, -1, NULL, false, 0, SIZE_MAX, 0};
        cl_mark_tables(&page, idx, n);
        bool want[MAX_LINES];
        expected_tables(kinds, n, want);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg((lines[i].table != CL_TABLE_NONE) == want[i], "%zu lines, sequence %zu: line %zu", n,
                          code, i);
    }
}

START_TEST(tables_found_at_every_offset)
{
    for (size_t n = 0; n <= MAX_LINES; n++)
        check_all_sequences(n);
}
END_TEST

/* A grid table as links prints one: its rule lines between the rows,
 * "|------+------|", have the rows' shape, and the whole grid is a table. */
START_TEST(tables_grid_with_crossings)
{
    static const char *const grid[] = {"+-------+-------+", "| a b c | d e f |", "|-------+-------|",
                                       "| g h i | j k l |", "|-------+-------|", "| m n o | p q r |",
                                       "+-------+-------+"};
    enum { N = sizeof grid / sizeof *grid };
    char text[N * 32];
    cl_line lines[N] = {0};
    cl_pos idx[N] = {0};
    size_t length = 0;
    for (size_t i = 0; i < N; i++)
        length = add_line(text, length, lines, idx, i, grid[i], grid[i][1] == '-' ? 0 : 6);
    cl_page page = {text, length, lines, N, -1, NULL, false, 0, SIZE_MAX, 0};
    cl_mark_tables(&page, idx, N);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(lines[i].table == CL_TABLE_CELLS, "line %zu", i);
}
END_TEST

/* A table printed a cell a line under a header a rule names: the cells
 * under it are rows up to a line a rule drops or a paragraph, and only
 * when there are two of them or more. */
static void check_headed_table(size_t cells, int stop, bool want)
{
    enum { MAX = 24 };
    char text[MAX * 32];
    cl_line lines[MAX] = {0};
    cl_pos idx[MAX] = {0};
    size_t length = 0, n = 0;
    length = add_line(text, length, lines, idx, n, "Specifications", 1);
    lines[n++].action = CL_ACTION_TABLE;
    for (size_t i = 0; i < cells; i++)
        length = add_line(text, length, lines, idx, n++, i % 2 ? "64.5 inches" : "Screen Size", 2);
    length = add_line(text, length, lines, idx, n, "Customer reviews", 2);
    lines[n].action = (cl_action)stop;
    lines[n++].cls = stop == CL_ACTION_NONE ? CLEAN_CLASS_GOOD : CLEAN_CLASS_BAD;
    length = add_line(text, length, lines, idx, n++, "Screen Size", 2);
    cl_page page = {text, length, lines, n, -1, NULL, false, 0, SIZE_MAX, 0};
    cl_mark_tables(&page, idx, n);
    for (size_t i = 0; i <= cells; i++)
        ck_assert_msg((lines[i].table != CL_TABLE_NONE) == want, "%zu cells: line %zu", cells, i);
    ck_assert_msg(lines[n - 2].table == CL_TABLE_NONE && lines[n - 1].table == CL_TABLE_NONE,
                  "%zu cells: the table went past its end", cells);
}

START_TEST(tables_under_a_header)
{
    check_headed_table(6, CL_ACTION_DROP, true);
    check_headed_table(12, CL_ACTION_COMMENTS, true);
    check_headed_table(8, CL_ACTION_NONE, true); /* a paragraph ends it */
    check_headed_table(2, CL_ACTION_DROP, true);
    check_headed_table(1, CL_ACTION_DROP, false);
}
END_TEST

/* innerText prints a table's rows with tabs, its groups set apart by
 * blank lines under a heading or two: the table goes on over them, and
 * ends at the first group with no row at its head ("Kenmerken melden",
 * then the page's map and contact boxes). */
START_TEST(tables_delimited_rows_end_at_a_group)
{
    static const struct {
        const char *text;
        uint32_t words;
        bool blank_before, in_table;
    } page[] = {{"Kenmerken", 1, false, true},           {"Overdracht", 1, true, true},
                {"Status\tBeschikbaar", 2, false, true},  {"Bouwjaar\t1908", 2, false, true},
                {"Soort\tBestaande bouw", 3, false, true}, {"Oppervlakten en inhoud", 3, true, true},
                {"Gebruiksoppervlakten", 1, false, true}, {"Wonen\t78 m2", 3, false, true},
                {"Inhoud\t262 m3", 3, false, true},      {"Kenmerken melden", 2, true, false},
                {"Plattegrond", 1, true, false},          {"Bekijk in 3D", 3, false, false}};
    enum { N = sizeof page / sizeof *page };
    char text[N * 32];
    cl_line lines[N] = {0};
    cl_pos idx[N] = {0};
    size_t length = 0;
    for (size_t i = 0; i < N; i++) {
        length = add_line(text, length, lines, idx, i, page[i].text, page[i].words);
        lines[i].span.blank_before = page[i].blank_before;
    }
    lines[0].action = CL_ACTION_TABLE;
    cl_page pg = {text, length, lines, N, -1, NULL, false, 0, SIZE_MAX, 0};
    cl_mark_tables(&pg, idx, N);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg((lines[i].table != CL_TABLE_NONE) == page[i].in_table, "line %zu: %s", i, page[i].text);
}
END_TEST

/* Marks the tables of a page of n lines (of words words each, up to 4)
 * and checks that each is a row of kind want, or of none if want is
 * CL_TABLE_NONE. */
static void check_table_rows(const char *const *page_lines, size_t n, uint32_t words, int want)
{
    char text[512];
    cl_line lines[4] = {0};
    cl_pos idx[4] = {0};
    size_t length = 0;
    for (size_t i = 0; i < n; i++)
        length = add_line(text, length, lines, idx, i, page_lines[i], words);
    cl_page page = {text, length, lines, n, -1, NULL, false, 0, SIZE_MAX, 0};
    cl_mark_tables(&page, idx, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(lines[i].table == want, "line %zu: %s", i, page_lines[i]);
}

/* Lines of Markdown links hold a colon ("https:") but are no
 * "Label: value" rows; lines of labels are. */
START_TEST(tables_not_of_links)
{
    static const char *const links[] = {"[Aidan Gantenbein 100 backstroke](https://example.com/52992)",
                                        "[Miguel Bernal North Diving](https://example.com/11659)",
                                        "[Ben Patton Trinity](https://example.com/67238)"};
    static const char *const rows[] = {"Weight: 980 g", "Volume: 28 litres", "Colour: Moss green"};
    check_table_rows(links, 3, 5, CL_TABLE_NONE);
    check_table_rows(rows, 3, 3, CL_TABLE_KEY_VALUE);
}
END_TEST

/* Rows whose cells a dump joined with single spaces end with numbers
 * ("Green Party 9 +5 178,655 14.7% +5.6"); lines that end with a date
 * ("Oct. 16, 2019") or one number do not make a table. */
START_TEST(tables_of_numbers_joined_by_spaces)
{
    static const char *const rows[] = {"Centre Alliance 26 -7 412,880 33.9% -5.2", "Green Party 9 +5 178,655 14.7% +5.6",
                                       "Others 0 - 51,307 4.2% -1.7", "Northern districts 63.2% 65.9%"};
    static const char *const others[] = {"Federal Reserve Board, Beige Book, Oct. 16, 2019",
                                         "Email interview with Mary E. Lovely, Nov. 5, 2019",
                                         "The bridge opened in 1932", "Tarrow Vale Westmarch First 901"};
    check_table_rows(rows, 4, 6, CL_TABLE_CELLS);
    check_table_rows(others, 4, 6, CL_TABLE_NONE);
}
END_TEST

/* Dirty copies on random pages: lines of a two-letter alphabet (so that
 * one often holds another), of lengths around the bounds (20 bytes, twice
 * plus 80), some made of a nearby line with a few bytes around it. */
#define COPY_PAGES 3000
#define COPY_MAX_LINES 24
#define COPY_MAX_BYTES 200

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static bool holds(const char *hay, size_t hn, const char *needle, size_t nn)
{
    for (size_t i = 0; i + nn <= hn; i++) {
        if (memcmp(hay + i, needle, nn) == 0)
            return true;
    }
    return false;
}

/* The line within 6 positions, first in order, of 20 bytes or more, that
 * the line holds and that is shorter but more than half the line less 80
 * bytes; 0 if none, else its index + 1. */
static uint32_t expected_copy(const cl_line *lines, const char *text, size_t n, size_t a)
{
    const cl_line *A = &lines[a];
    for (size_t b = a >= 6 ? a - 6 : 0; b <= a + 6 && b < n; b++) {
        size_t al = A->text_length, bl = lines[b].text_length;
        if (b != a && bl >= 20 && al > bl && al <= 2 * bl + 80 &&
            holds(text + A->span.offset, al, text + lines[b].span.offset, bl))
            return (uint32_t)b + 1;
    }
    return 0;
}

START_TEST(dirty_copies_as_every_pair_finds)
{
    static char text[COPY_MAX_LINES * (COPY_MAX_BYTES + 1)];
    uint32_t state = 7;
    for (int page = 0; page < COPY_PAGES; page++) {
        size_t n = 1 + next_random(&state) % COPY_MAX_LINES, length = 0;
        cl_line lines[COPY_MAX_LINES] = {0};
        cl_pos idx[COPY_MAX_LINES], first[COPY_MAX_LINES], copies[COPY_MAX_LINES];
        uint8_t scratch[COPY_MAX_LINES];
        for (size_t i = 0; i < n; i++) {
            size_t len = next_random(&state) % 4 == 0 ? 15 + next_random(&state) % 12
                                                       : next_random(&state) % COPY_MAX_BYTES;
            char *line = text + length;
            for (size_t k = 0; k < len; k++)
                line[k] = "ab"[next_random(&state) % 2];
            size_t b = i - next_random(&state) % 7; /* a copy of a line before, with bytes around */
            if (i > 0 && b < i && next_random(&state) % 2 && lines[b].text_length + 8 <= COPY_MAX_BYTES) {
                size_t before = next_random(&state) % 5, bl = lines[b].text_length;
                memcpy(line + before, text + lines[b].span.offset, bl);
                len = before + bl + next_random(&state) % 4;
            }
            lines[i] = (cl_line){.span = {length, (uint32_t)len, false}, .text_length = (uint32_t)len};
            lines[i].f.words = 10;
            lines[i].rule.decisive = -1;
            lines[i].action = CL_ACTION_NONE;
            idx[i] = first[i] = (cl_pos)i;
            copies[i] = 1;
            length += len;
            text[length++] = '\n';
        }
        cl_page pg = {text, length, lines, n, -1, NULL, false, 0, SIZE_MAX, 0};
        cl_mark_repeats(&pg, idx, n, first, copies, scratch);
        for (size_t a = 0; a < n; a++) {
            uint32_t want = lines[a].text_length > 20 ? expected_copy(lines, text, n, a) : 0;
            ck_assert_msg(lines[a].related == want, "page %d, line %zu: related %u, expected %u", page, a,
                          lines[a].related, want);
            ck_assert(want == 0 || strcmp(lines[a].reason, "dirty-copy-of-line") == 0);
        }
    }
}
END_TEST

/* What reads as code on its own (lib/code.c), and what only looks like
 * it: a link's words joined by underscores as html2text prints them, a
 * phrase that starts with a keyword. */
START_TEST(code_lines_told_from_lookalikes)
{
    static const char *const code[] = {"max_size = 3", "Py_DECREF(obj);", "from quiver import Client, RetryPolicy",
                                       "class Config:", "import numpy as np", "    retry_on={502, 503},"};
    static const char *const not_code[] = {"    * Bins_and_recycling", "Skip_to_main_content  Brackenford_City_Council",
                                           "class of 2024:", "from the start to the end", "Who_can_apply"};
    for (size_t i = 0; i < sizeof code / sizeof *code; i++)
        ck_assert_msg(cl_looks_like_code(code[i], strlen(code[i])), "not taken for code: %s", code[i]);
    for (size_t i = 0; i < sizeof not_code / sizeof *not_code; i++)
        ck_assert_msg(!cl_looks_like_code(not_code[i], strlen(not_code[i])), "taken for code: %s", not_code[i]);
}
END_TEST

/* A thread whose posts no rule heads, each under its poster's card
 * ("Forum level") and over its stamp: the card over the first post is
 * the chrome the replies repeat, however many page links (more than the
 * chrome it keeps) stand above it. */
START_TEST(thread_card_under_page_links)
{
    enum { NAV = 10, POSTS = 5, MAX = 1 + NAV + POSTS * 8 };
    char text[MAX * 32];
    cl_line lines[MAX] = {0};
    cl_pos idx[MAX], first[MAX], copies[MAX];
    size_t length = 0, n = 0;
    length = add_line(text, length, lines, idx, n, "Winter range of my bike halved", 6);
    lines[n].cls = CLEAN_CLASS_GOOD, lines[n++].score = 0.9;
    for (size_t i = 0; i < NAV; i++) {
        length = add_line(text, length, lines, idx, n, "page", 1);
        lines[n].repeated = true, lines[n++].f.hash = 100 + i;
    }
    for (size_t post = 0; post < POSTS; post++) {
        static const char *const card[] = {"rider", "Forum level", "Lv.7"};
        for (size_t i = 0; i < 3; i++) {
            length = add_line(text, length, lines, idx, n, card[i], 1);
            lines[n].repeated = i == 1, lines[n].f.digit_words = i == 2, lines[n++].f.hash = 200 + i;
        }
        length = add_line(text, length, lines, idx, n, "The range came back once the bike stood in a warm garage.", 12);
        lines[n].cls = CLEAN_CLASS_GOOD, lines[n].score = 0.9, lines[n++].f.hash = 300 + post;
        static const char *const tail[] = {"Sent from the app", "#1", "2024-03-11 19:42", "Reply"};
        for (size_t i = 0; i < 4; i++) {
            length = add_line(text, length, lines, idx, n, tail[i], 2);
            lines[n].repeated = i == 0 || i == 3, lines[n].f.digit_words = i == 1 || i == 2;
            lines[n++].f.hash = 400 + i;
        }
    }
    for (size_t i = 0; i < n; i++)
        first[i] = (cl_pos)i, copies[i] = 1;
    cl_page page = {text, length, lines, n, -1, NULL, false, 0, SIZE_MAX, 0};
    cl_resolve_post_headers(&page, idx, n, first, copies);
    ck_assert(page.thread);
}
END_TEST

Suite *score_suite(void)
{
    Suite *s = suite_create("score");
    TCase *tables = tcase_create("tables");
    tcase_add_test(tables, tables_found_at_every_offset);
    tcase_add_test(tables, tables_grid_with_crossings);
    tcase_add_test(tables, tables_under_a_header);
    tcase_add_test(tables, tables_delimited_rows_end_at_a_group);
    tcase_add_test(tables, tables_not_of_links);
    tcase_add_test(tables, tables_of_numbers_joined_by_spaces);
    suite_add_tcase(s, tables);
    TCase *copies = tcase_create("copies");
    tcase_add_test(copies, dirty_copies_as_every_pair_finds);
    suite_add_tcase(s, copies);
    TCase *code = tcase_create("code");
    tcase_add_test(code, code_lines_told_from_lookalikes);
    suite_add_tcase(s, code);
    TCase *threads = tcase_create("threads");
    tcase_add_test(threads, thread_card_under_page_links);
    suite_add_tcase(s, threads);
    return s;
}
