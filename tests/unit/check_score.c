/*
 * lib/score.c's steps, on pages built line by line: cl_mark_tables, which
 * looks at a few lines' row kinds and grows a run only around a row,
 * marks the runs that reading every line's kind in order finds.
 */
#include "check_suites.h"

#include <stdio.h>
#include <string.h>

#include "score.h"

/* Lines of three kinds: no row, and rows of cells of two shapes (two
 * and three "|"), which make two tables when they meet. */
static const char *const row_text[] = {"plain words here", "a | b | c", "a | b | c | d"};
#define KINDS 3
#define MAX_LINES 10

/* What reading each line's kind in order finds: runs of one row kind, at
 * least three long. */
static void expected_tables(const int *kinds, size_t n, bool *table)
{
    for (size_t p = 0; p < n;) {
        size_t rows = 1;
        while (p + rows < n && kinds[p + rows] == kinds[p])
            rows++;
        for (size_t q = p; q < p + rows; q++)
            table[q] = kinds[p] != 0 && rows >= 3;
        p += rows;
    }
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
            size_t len = strlen(row_text[kinds[i]]);
            memcpy(text + length, row_text[kinds[i]], len);
            lines[i] = (cl_line){.span = {length, (uint32_t)len, false}, .text_length = (uint32_t)len};
            lines[i].f.words = 3;
            lines[i].action = CL_ACTION_NONE;
            idx[i] = (cl_pos)i;
            length += len;
            text[length++] = '\n';
        }
        cl_page page = {text, length, lines, n, -1, NULL};
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

Suite *score_suite(void)
{
    Suite *s = suite_create("score");
    TCase *tables = tcase_create("tables");
    tcase_add_test(tables, tables_found_at_every_offset);
    suite_add_tcase(s, tables);
    return s;
}
