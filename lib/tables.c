/* Tables: runs of "Label: value" rows (on one line or two), or of rows
 * of cells between "|", tabs or runs of spaces as converters print them.
 * Their rows are short and full of digits, yet content: they weigh
 * nothing in the region, stay where it holds them, and tables right
 * after it extend it. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "score.h"

#define TABLE_MIN_ROWS 3       /* "Label: value" lines in a row that make a table */
#define TABLE_ROW_WORDS 15
#define TABLE_LABEL_WORDS 4    /* words before the colon */
#define TABLE_LABEL_BYTES 48
#define TABLE_HEADING_WORDS 3
#define TABLE_MIN_PIPES 2      /* "|" in a line that make it a row of cells */
#define TABLE_NUMBER_CELLS 2   /* numbers ending a line that make it a row of cells */
#define TABLE_MAX_ROW_WORDS 40
#define TABLE_GAP_LINES 3      /* headings and buttons between a table and the article under it */
#define TABLE_GAP_WORDS 4
#define TABLE_HEADER_REACH 5   /* lines a section's header may stand above the article */
#define TABLE_MIN_HEADED_CELLS 2 /* lines under a header a rule names that make a table */
#define TABLE_SUBHEADINGS 2      /* headings over a group of a table's delimited rows */
#define TABLE_MIN_NAMED_CELLS 12 /* cells of such a table that is content on its own, */
#define TABLE_NAMED_NUMBERS 8    /* one in this many of them with numbers */
#define GRID_MIN_COLUMNS 3       /* a table printed a cell a line, under a header row */
#define GRID_MAX_COLUMNS 8
#define GRID_MIN_ROWS 3
#define GRID_LABEL_WORDS 3
#define GRID_NUMBER_WORDS 2      /* a number and its unit at most */
#define PAIR_MIN_ROWS 5          /* labels each over its value that make a table */

/* "Label: value" with a label of a few words: a row of a specification
 * table, a recipe's facts, an event's details. */
static bool is_key_value(const cl_page *pg, const cl_line *L)
{
    if (L->f.words > TABLE_ROW_WORDS || L->f.words < 2)
        return false;
    const char *t = pg->text + L->span.offset;
    size_t n = L->text_length < TABLE_LABEL_BYTES ? L->text_length : TABLE_LABEL_BYTES;
    const char *colon = memchr(t, ':', n);
    /* A link's "https://" is no label. */
    if (!colon || colon == t || (size_t)(colon - t) + 2 >= L->text_length || colon[1] == '/')
        return false;
    size_t spaces = 0;
    for (const char *c = t; c < colon; c++)
        spaces += *c == ' ';
    return spaces < TABLE_LABEL_WORDS;
}

/* Does the text hold a '|', a tab, two spaces in a row or a byte of a
 * box-drawing bar (0x94 or 0x95 after 0xE2), as every row of cells does?
 * Most lines hold none: eight bytes a step. */
static bool may_hold_cells(const char *s, size_t n)
{
    uint64_t space_before = 0; /* the last byte read was a space: 0x80 in the lowest byte */
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes a step where SSE2 is there, a bit per byte. */
    unsigned spaced = 0; /* the last byte read was a space: bit 0 */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i box = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8((char)0x95)); /* 0x94, 0x95 */
        __m128i bar = _mm_cmpeq_epi8(v, _mm_set1_epi8('|')), tab = _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'));
        __m128i marks = _mm_or_si128(_mm_or_si128(bar, tab), box);
        unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        if (_mm_movemask_epi8(marks) | (space & (space << 1 | spaced)))
            return true;
        spaced = space >> 15;
    }
    space_before = (uint64_t)spaced << 7;
#endif
    for (; i < n; i += 8) {
        uint64_t v = cl_load8(s + i, n - i), space = cl_bytes_equal(v, ' ');
        if (cl_bytes_equal(v, '|') | cl_bytes_equal(v, '\t') | cl_bytes_equal(v, 0x94) | cl_bytes_equal(v, 0x95) |
            (space & (space << 8 | space_before)))
            return true;
        space_before = space >> 56;
    }
    return false;
}

/* What a character of the box-drawing block (U+2500..U+257F, with which
 * w3m and links draw a table's borders) at t[i] is: BOX_BAR a vertical
 * bar between cells (│ ┃ ║), BOX_RULE any other, BOX_NONE no such. */
typedef enum box_kind { BOX_NONE, BOX_BAR, BOX_RULE } box_kind;
static box_kind box_char(const char *t, size_t i, size_t n)
{
    const uint8_t *s = (const uint8_t *)t + i;
    if (i + 2 >= n || s[0] != 0xE2 || (s[1] != 0x94 && s[1] != 0x95) || s[2] < 0x80 || s[2] > 0xBF)
        return BOX_NONE;
    bool bar = (s[1] == 0x94 && (s[2] == 0x82 || s[2] == 0x83)) || (s[1] == 0x95 && s[2] == 0x91);
    return bar ? BOX_BAR : BOX_RULE;
}

/* The shape of a table row as converters print one: "| a | b |" (or
 * "│ a │ b │"), cells between tabs, or columns aligned with runs of
 * spaces (lynx, w3m), after the indentation and any list marker. Rows of one table share it;
 * 0: not such a row. */
static uint32_t row_shape(const cl_page *pg, const cl_line *L)
{
    const char *t = pg->text + L->span.offset;
    size_t i = 0, n = L->span.length;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    /* A list item's marker is no cell, nor the spaces after it
     * ("*   [Share](...)", as Markdown converters indent items). */
    if (cl_starts_with_bullet(t + i, n - i)) {
        while (i < n && t[i] != ' ' && t[i] != '\t')
            i++;
        while (i < n && (t[i] == ' ' || t[i] == '\t'))
            i++;
    }
    if (!may_hold_cells(t + i, n - i))
        return 0;
    /* In a rule line between rows, "|------+------|", a '+' is where a
     * bar crosses: it has the shape of the rows. */
    bool rule = L->f.words == 0;
    uint32_t pipes = 0, tabs = 0, gaps = 0;
    for (; i < n; i++) {
        pipes += t[i] == '|' || box_char(t, i, n) == BOX_BAR || (rule && t[i] == '+');
        tabs += t[i] == '\t';
        gaps += t[i] == ' ' && i + 1 < n && t[i + 1] == ' ' && t[i - 1] != ' ';
    }
    if (pipes >= TABLE_MIN_PIPES)
        return pipes;
    /* A row with an empty last cell loses its last tab to the dump's
     * trimming: rows of tabs are one shape, however many. */
    if (tabs)
        return 1u << 16;
    return gaps ? (2u << 16) + gaps : 0;
}

/* A rule line of a table of cells, as pandoc and database shells print
 * them under the header or around rows: "-------- -----", "+----+---+",
 * "====  ====", w3m's "├─────┼────┤" (a Markdown table's "|---|---|" has
 * the shape of its rows). */
static bool is_rule_line(const cl_page *pg, const cl_line *L)
{
    if (L->f.words > 0)
        return false;
    const char *t = pg->text + L->span.offset;
    size_t dashes = 0, n = L->span.length;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (box_char(t, i, n)) {
            dashes++, i += 2; /* a border: "├────┼────┤" */
        } else if (c == '-' || c == '=') {
            dashes++;
        } else if (c != ' ' && c != '\t' && c != '+' && c != '|' && c != ':') {
            return false;
        }
    }
    return dashes >= 3;
}

/* Is t[from, to) a number as a table's cell holds it: "412,880",
 * "-5.2", "+0.8", "33.9%", or a dash for none? */
static bool is_number_cell(const char *t, size_t from, size_t to)
{
    if (to - from == 1 && t[from] == '-')
        return true;
    if (to > from && t[to - 1] == '%')
        to--;
    if (from < to && (t[from] == '+' || t[from] == '-'))
        from++;
    /* Both ends are digits: "5," in "Nov. 5, 2019" is a date's day. */
    if (from == to || t[from] < '0' || t[from] > '9' || t[to - 1] < '0' || t[to - 1] > '9')
        return false;
    for (size_t i = from; i < to; i++) {
        if ((t[i] < '0' || t[i] > '9') && t[i] != '.' && t[i] != ',')
            return false;
    }
    return true;
}

/* Does the line end with TABLE_NUMBER_CELLS numbers or more, one space
 * apart ("Green Party 9 +5 178,655 14.7% +5.6")? Rows of a table whose
 * cells a dump joined with single spaces: results, standings, figures. */
static bool ends_with_numbers(const cl_page *pg, const cl_line *L)
{
    const char *t = pg->text + L->span.offset;
    size_t end = L->text_length, digits = 0;
    if (end == 0 || ((t[end - 1] < '0' || t[end - 1] > '9') && t[end - 1] != '%'))
        return false;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && t[start - 1] != ' ')
            start--;
        if (!is_number_cell(t, start, end))
            break;
        digits += end - start > 1 || t[start] != '-';
        if (start == 0)
            break;
        end = start - 1;
    }
    return digits >= TABLE_NUMBER_CELLS;
}

/* The row kind of a line: its delimited shape, TABLE_KEY_VALUE,
 * TABLE_RULE, TABLE_NUMBERS, or 0. */
#define TABLE_KEY_VALUE UINT32_MAX
#define TABLE_RULE (UINT32_MAX - 1)
#define TABLE_NUMBERS (3u << 16)
static uint32_t row_kind(const cl_page *pg, const cl_line *L)
{
    if (cl_rule_is(L, CL_ACTION_BLOCK) || cl_rule_is(L, CL_ACTION_BOX) || L->f.words > TABLE_MAX_ROW_WORDS)
        return 0;
    uint32_t shape = row_shape(pg, L);
    if (shape)
        return shape;
    if (is_rule_line(pg, L))
        return TABLE_RULE;
    if (cl_rule_dropped(L))
        return 0;
    return is_key_value(pg, L) ? TABLE_KEY_VALUE : ends_with_numbers(pg, L) ? TABLE_NUMBERS : 0;
}

static uint32_t kind_at(const cl_page *pg, const cl_pos *idx, size_t p)
{
    return row_kind(pg, &pg->lines[idx[p]]);
}

static bool is_cells(uint32_t kind)
{
    return kind && kind != TABLE_KEY_VALUE && kind != TABLE_RULE;
}

/* Does a line of kind k go on a run of kind, next to a line of kind
 * edge? A rule line goes on a table of cells, beside a row. */
static bool goes_on(uint32_t k, uint32_t kind, uint32_t edge)
{
    return k == kind || (k == TABLE_RULE && is_cells(kind) && edge != TABLE_RULE);
}

/* A table's header row: a few words, no number, no sentence, nothing a
 * rule knows. */
static bool is_header_row(const cl_line *L)
{
    return L->f.words >= 2 && L->f.words <= TABLE_ROW_WORDS && L->f.digit_words == 0 && !L->f.ends_sentence &&
           !cl_rule_dropped(L) && !cl_is_header(L);
}

/* Marks the run of kind around position p (a line of kind at_p) if it
 * is a table; returns the position after its last line that is no rule
 * line, or after p: the next run starts there at the earliest (the lines
 * on either side of a run are of another kind, but a rule line may go on
 * the tables above and below it). */
static size_t mark_run(cl_page *pg, const cl_pos *idx, size_t n, size_t p, uint32_t kind, uint32_t at_p)
{
    size_t lo = p, hi = p + 1, after_rows = p + 1;
    uint32_t k, edge = at_p;
    while (lo > 0 && goes_on(k = kind_at(pg, idx, lo - 1), kind, edge))
        lo--, edge = k;
    for (edge = at_p; hi < n && goes_on(k = kind_at(pg, idx, hi), kind, edge); edge = k)
        after_rows = k == TABLE_RULE ? after_rows : hi + 1, hi++;
    if (hi - lo < TABLE_MIN_ROWS)
        return after_rows;
    /* Rows of numbers have their header right above ("Party Votes Share"). */
    if (kind == TABLE_NUMBERS && lo > 0 && is_header_row(&pg->lines[idx[lo - 1]]))
        lo--;
    for (size_t q = lo; q < hi; q++)
        pg->lines[idx[q]].table = kind == TABLE_KEY_VALUE ? CL_TABLE_KEY_VALUE : CL_TABLE_CELLS;
    return after_rows;
}

/* A label of a few words that ends with a colon, on a line of its own
 * ("Obermaterial:"), and the value on the line under it: a row of a
 * specification table that a dump split in two. */
static bool is_label(const cl_line *L)
{
    return L->f.ends_colon && L->f.words <= TABLE_LABEL_WORDS && !L->table && !cl_rule_dropped(L) && !cl_is_header(L);
}

/* A line of one to most words that is no table's yet nor a header: what
 * a value under its label is at least. */
static bool is_short_cell(const cl_line *L, size_t most_words)
{
    return L->f.words >= 1 && L->f.words <= most_words && !L->table && !cl_is_header(L);
}

static bool is_value(const cl_line *L)
{
    return is_short_cell(L, TABLE_ROW_WORDS) && !L->f.ends_colon && !cl_rule_dropped(L);
}

typedef bool line_test(const cl_line *L);

/* The end of the run of pairs from position p, each a line that is_key
 * takes over one that is_val takes: p itself where there is none. */
static size_t pairs_end(const cl_page *pg, const cl_pos *idx, size_t n, size_t p, line_test *is_key, line_test *is_val)
{
    while (p + 1 < n && is_key(&pg->lines[idx[p]]) && is_val(&pg->lines[idx[p + 1]]))
        p += 2;
    return p;
}

static void mark_key_values(cl_page *pg, const cl_pos *idx, size_t from, size_t to)
{
    for (size_t r = from; r < to; r++)
        pg->lines[idx[r]].table = CL_TABLE_KEY_VALUE;
}

/* Runs of at least TABLE_MIN_ROWS such pairs are tables of "Label: value"
 * rows too; but not on a thread where every label of the run stands over
 * each post: that is the poster's card ("Posts:", "Location:"). */
static void mark_split_rows(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p + 1 < n; p++) {
        size_t q = pairs_end(pg, idx, n, p, is_label, is_value);
        bool card = pg->thread;
        for (size_t r = p; r < q && card; r += 2)
            card = pg->lines[idx[r]].repeated;
        if ((q - p) / 2 >= TABLE_MIN_ROWS && !card)
            mark_key_values(pg, idx, p, q);
        p = q > p ? q - 1 : p;
    }
}

/* A row of a table printed a cell a line under its header: a few words,
 * no rule's boilerplate, no paragraph. */
static bool goes_on_cells(const cl_line *L)
{
    /* A symbol alone ("-", "+" around a servings count) goes on. */
    return L->f.words <= TABLE_MAX_ROW_WORDS && (L->f.words == 0 || !cl_rule_dropped(L)) &&
           L->cls != CLEAN_CLASS_GOOD;
}

/* Where a table's rows are delimited (innerText's tabs), a group of
 * lines set apart by a blank line goes on it only as subheadings over
 * rows ("Oppervlakten en inhoud", "Gebruiksoppervlakten", then rows): the
 * group at q, with no row in its first lines, is the page's next part. */
static bool leaves_rows(const cl_page *pg, const cl_pos *idx, size_t n, size_t q)
{
    if (!pg->lines[idx[q]].span.blank_before)
        return false;
    for (size_t r = q; r < n && r - q <= TABLE_SUBHEADINGS; r++) {
        if (r > q && pg->lines[idx[r]].span.blank_before)
            break;
        if (pg->lines[idx[r]].table == CL_TABLE_CELLS || is_cells(kind_at(pg, idx, r)))
            return false;
    }
    return true;
}

/* A header that a rule names ("Specifications", "Technische Daten") and
 * the cells under it, label and value each on a line of its own, as a
 * dump of <dt>/<dd> or <td> elements prints a product's specifications:
 * no delimiter tells the rows, the header does (a recipe's short list
 * of utensils under "Ustensiles" too). */
static void mark_headed_tables(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        if (!cl_rule_is(&pg->lines[idx[p]], CL_ACTION_TABLE))
            continue;
        size_t q = p + 1;
        bool delimited = false; /* the cells so far hold rows of tabs or bars */
        while (q < n && (pg->lines[idx[q]].table || goes_on_cells(&pg->lines[idx[q]])) &&
               !cl_rule_is(&pg->lines[idx[q]], CL_ACTION_TABLE) && !(delimited && leaves_rows(pg, idx, n, q))) {
            delimited |= pg->lines[idx[q]].table == CL_TABLE_CELLS;
            q++;
        }
        if (q - p - 1 >= TABLE_MIN_HEADED_CELLS) {
            for (size_t r = p; r < q; r++) {
                if (!pg->lines[idx[r]].table)
                    pg->lines[idx[r]].table = CL_TABLE_CELLS;
            }
        }
        p = q - 1;
    }
}

/* A header cell of a table printed a cell a line: a label of a few
 * words, no number ("Broche", "Min.", "Required"). */
static bool is_grid_label(const cl_line *L)
{
    return L->f.words >= 1 && L->f.words <= GRID_LABEL_WORDS && L->f.digit_words == 0 && !L->table &&
           !cl_rule_dropped(L);
}

/* A cell under it: anything but a header a rule knows or a paragraph,
 * such as a post between its poster's name and its likes (a date a rule
 * drops is a cell). */
static bool is_grid_cell(const cl_line *L)
{
    return L->f.words <= TABLE_MAX_ROW_WORDS && L->cls != CLEAN_CLASS_GOOD && !L->table && !cl_is_header(L) &&
           !cl_rule_is(L, CL_ACTION_POST);
}

/* A cell that holds a number, and maybe its unit ("1", "3,3", "120 nA"). */
static bool is_grid_number(const cl_line *L)
{
    return L->f.words > 0 && L->f.words <= GRID_NUMBER_WORDS && L->f.digit_words > 0;
}

/* The rows of k cells from position at, under a header row of k labels,
 * or 0 when that is no table: at least GRID_MIN_ROWS rows, no blank line
 * inside a row (between rows maybe), whose columns each hold numbers
 * ("1", "3,3", "120 nA") or words, not both (an empty cell, "–", goes
 * with either), and a column of numbers, which a menu of links has not. */
static size_t grid_rows(const cl_page *pg, const cl_pos *idx, size_t n, size_t at, size_t k)
{
    uint32_t numbers = 0, words = 0; /* columns with a cell of each kind */
    size_t rows = 0;
    for (; at + k <= n; at += k, rows++) {
        uint32_t row_numbers = 0, row_words = 0;
        size_t j = 0;
        for (; j < k; j++) {
            const cl_line *L = &pg->lines[idx[at + j]];
            if (!is_grid_cell(L) || (j > 0 && L->span.blank_before))
                break;
            bool number = is_grid_number(L);
            row_numbers |= (uint32_t)number << j;
            row_words |= (uint32_t)(L->f.words > 0 && !number) << j;
        }
        /* Most runs of short lines have no number in their first row. */
        if (j < k || ((numbers | row_numbers) & (words | row_words)) || !(numbers | row_numbers))
            break;
        numbers |= row_numbers, words |= row_words;
    }
    return rows >= GRID_MIN_ROWS && (numbers & ~words) ? rows : 0;
}

static bool distinct_labels(const cl_page *pg, const cl_pos *idx, size_t p, size_t k)
{
    for (size_t j = 1; j < k; j++) {
        for (size_t i = 0; i < j; i++) {
            if (pg->lines[idx[p + i]].f.hash == pg->lines[idx[p + j]].f.hash)
                return false;
        }
    }
    return true;
}

/* The most cells a table under a header row at p may have, and that
 * row's width into *width: the header is GRID_MIN_COLUMNS labels or more,
 * each different, none after a blank line. The first row holds a number,
 * the first at number_at: the header is no wider than number_at - p and
 * more than half as wide. */
static size_t grid_cells(const cl_page *pg, const cl_pos *idx, size_t n, size_t p, size_t number_at,
                         size_t *width)
{
    size_t best = 0;
    for (size_t k = 1; k <= GRID_MAX_COLUMNS && k <= number_at - p && p + k * (GRID_MIN_ROWS + 1) <= n; k++) {
        const cl_line *L = &pg->lines[idx[p + k - 1]];
        if (!is_grid_label(L) || (k > 1 && L->span.blank_before))
            break;
        size_t rows = k >= GRID_MIN_COLUMNS && 2 * k > number_at - p ? grid_rows(pg, idx, n, p + k, k) : 0;
        if (rows * k > best && distinct_labels(pg, idx, p, k))
            best = rows * k, *width = k;
    }
    return best;
}

/* Tables whose every cell is a line ("Broche", "Nom", "Type", then "1",
 * "SDA", "E/S", ...), as a dump of a <table> without tabs prints them:
 * the header row's labels and the rows under it, at the width that takes
 * the most lines. A heading right above the header row would make a
 * table of as many rows, one cell off: the later start is the table.
 * Not on a thread, whose posts' chrome repeats as rows would (a poster,
 * a stamp, a post's number). */
static void mark_cell_grids(cl_page *pg, const cl_pos *idx, size_t n)
{
    if (pg->thread)
        return;
    size_t number_at = 0; /* the first number cell at or after it was looked for from */
    for (size_t p = 0; p + GRID_MIN_COLUMNS * (GRID_MIN_ROWS + 1) <= n; p++) {
        if (number_at < p + GRID_MIN_COLUMNS) {
            number_at = p + GRID_MIN_COLUMNS;
            while (number_at < n && !is_grid_number(&pg->lines[idx[number_at]]))
                number_at++;
        }
        if (number_at >= n)
            break;
        if (number_at - p >= 2 * GRID_MAX_COLUMNS)
            continue;
        size_t width = 0, best = grid_cells(pg, idx, n, p, number_at, &width), later, later_width = 0;
        if (!best)
            continue;
        while (p + 1 < n && (later = grid_cells(pg, idx, n, p + 1, number_at, &later_width)) >= best)
            p++, best = later, width = later_width;
        for (size_t q = p; q < p + width + best; q++)
            pg->lines[idx[q]].table = CL_TABLE_CELLS;
        p += width + best - 1;
    }
}

/* A value under a label with no colon ("Kilómetros", then "48.300 km"):
 * a few words, right under it. */
static bool is_pair_value(const cl_line *L)
{
    return is_short_cell(L, TABLE_LABEL_WORDS * 2) && L->cls != CLEAN_CLASS_GOOD && !L->span.blank_before;
}

/* Runs of PAIR_MIN_ROWS labels each over its value, half the values or
 * more with a number but at most a third a bare number (as ratings and
 * tabs' counts are: "Rooms", "4.6"), as a dump of a <dl> prints a car's
 * or a device's data ("Kilómetros", "48.300 km"); not on a thread, where
 * the poster's card is such a run. */
static void mark_label_pairs(cl_page *pg, const cl_pos *idx, size_t n)
{
    if (pg->thread)
        return;
    /* A run of pairs is read once, and its tails are weighed from the
     * counts (its first pairs may be a heading and a menu). */
    size_t read_until[2] = {0, 0}; /* by the parity of a run's first line */
    for (size_t p = 0; p + 1 < n; p++) {
        if (p < read_until[p & 1])
            continue;
        size_t q = pairs_end(pg, idx, n, p, is_grid_label, is_pair_value), numbers = 0, bare = 0;
        for (size_t r = p + 1; r < q; r += 2) {
            const cl_line *V = &pg->lines[idx[r]];
            numbers += V->f.digit_words > 0;
            bare += V->f.digit_words == V->f.words;
        }
        read_until[p & 1] = q;
        for (size_t from = p; from + 2 * PAIR_MIN_ROWS <= q; from += 2) {
            size_t pairs = (q - from) / 2;
            if (2 * numbers >= pairs && 3 * bare <= pairs) {
                mark_key_values(pg, idx, from, q);
                break;
            }
            const cl_line *V = &pg->lines[idx[from + 1]];
            numbers -= V->f.digit_words > 0;
            bare -= V->f.digit_words == V->f.words;
        }
    }
}

/* Runs of at least TABLE_MIN_ROWS rows of one kind are tables: their
 * rows, short and full of digits, are not boilerplate for that, so they
 * weigh nothing in the region (which crosses a table between two
 * paragraphs), and they stay where the region holds them, the rule
 * line of a delimited table ("|---|---|", "------ ----") included. */
void cl_mark_tables(cl_page *pg, const cl_pos *idx, size_t n)
{
    /* Such a run holds a line at every TABLE_MIN_ROWS-th position: the
     * kinds of those lines are worked out, and a run looked for only
     * around one that is a row. Most lines are no row, and a kind reads
     * the whole line. */
    for (size_t p = TABLE_MIN_ROWS - 1; p < n; p += TABLE_MIN_ROWS) {
        uint32_t kind = kind_at(pg, idx, p);
        size_t hi = p + 1;
        if (is_cells(kind) || kind == TABLE_KEY_VALUE) {
            hi = mark_run(pg, idx, n, p, kind, kind);
        } else if (kind == TABLE_RULE) {
            /* A rule line goes on the tables of the rows beside it. */
            uint32_t above = kind_at(pg, idx, p - 1), below = p + 1 < n ? kind_at(pg, idx, p + 1) : 0;
            if (is_cells(above))
                hi = mark_run(pg, idx, n, p, above, kind);
            if (is_cells(below) && below != above)
                hi = mark_run(pg, idx, n, p, below, kind);
        }
        /* On from the last such position before hi. */
        p = hi - 1 - (hi - 1 - (TABLE_MIN_ROWS - 1)) % TABLE_MIN_ROWS;
    }
    mark_split_rows(pg, idx, n);
    mark_headed_tables(pg, idx, n);
    mark_cell_grids(pg, idx, n);
    mark_label_pairs(pg, idx, n);
}

/* A table's row, or its heading, is content, whichever rule or context
 * said otherwise. */
static void keep_with_table(const cl_page *pg, cl_line *L, const char *reason)
{
    /* A symbol alone in a table printed a cell a line is a button ("-"
     * and "+" around a servings count): it only holds the rows together. */
    if (L->f.words == 0 && !is_rule_line(pg, L) && !row_shape(pg, L))
        return;
    L->good = true;
    L->reason = reason;
    L->reason_rule = NULL;
    cl_set_related(L, 0);
}

/* Is L a table's heading, a few words no rule dropped? */
static bool table_heading(const cl_line *L)
{
    return L->f.words <= TABLE_HEADING_WORDS && !L->table && !cl_rule_dropped(L);
}

/* Tables right after the region (each a short heading, then its rows,
 * maybe past an ad's label; a count, "Citations (11)", heads another
 * list) are the article's too: a product's specifications, a recipe's
 * facts, a league table. Returns the last row's position, or hi. */
size_t cl_extend_table(cl_page *pg, const cl_pos *idx, size_t n, size_t hi)
{
    for (;;) {
        size_t start = hi + 1, headings = 0;
        for (; start < n && start - hi <= TABLE_GAP_LINES; start++) {
            const cl_line *L = &pg->lines[idx[start]];
            bool ad_label = cl_rule_dropped(L) && !cl_is_header(L) && L->f.words <= TABLE_HEADING_WORDS &&
                            L->f.digit_words == 0;
            if (L->table || (!ad_label && (!table_heading(L) || headings++)))
                break;
        }
        size_t rows = 0;
        while (start + rows < n && pg->lines[idx[start + rows]].table)
            rows++;
        if (rows == 0)
            return hi;
        for (size_t p = hi + 1; p < start + rows; p++) {
            cl_line *L = &pg->lines[idx[p]];
            if (!L->good && (L->table || !cl_rule_dropped(L)))
                keep_with_table(pg, L, L->table ? "table-row" : "table-heading");
        }
        hi = start + rows - 1;
    }
}

/* Is L a line that may stand between a table and the article under it:
 * a heading, a label, a button or an ad's label that a rule drops, no
 * header of a box? */
static bool between_table_and_article(const cl_line *L)
{
    return (L->f.words <= TABLE_GAP_WORDS || cl_rule_dropped(L)) && !L->table && !cl_is_header(L) &&
           L->cls != CLEAN_CLASS_GOOD;
}

/* Is the table ending at position end one that a rule's header names,
 * made of "Label: value" rows, of a dozen rows of data (a quarter with
 * numbers: a timetable, where a menu laid out as a table has none), or
 * of rows that all hold numbers but a header (results, standings)?
 * Its first line's position in *start: the header's when one stands
 * right above its rows. */
static bool named_table_above(const cl_page *pg, const cl_pos *idx, size_t n, size_t end, size_t *start)
{
    size_t p = end, rows = 0, numbers = 0;
    /* The article may start inside the table: its rows there count. */
    for (size_t q = end + 1; q < n && pg->lines[idx[q]].table; q++)
        rows += pg->lines[idx[q]].f.words > 0, numbers += pg->lines[idx[q]].f.digit_words > 0;
    for (;; p--) {
        const cl_line *L = &pg->lines[idx[p]];
        rows += L->f.words > 0, numbers += L->f.digit_words > 0;
        if (p == 0 || !pg->lines[idx[p - 1]].table || cl_rule_is(L, CL_ACTION_TABLE))
            break;
    }
    *start = p;
    const cl_line *first = &pg->lines[idx[p]];
    if (p > 0 && cl_rule_is(&pg->lines[idx[p - 1]], CL_ACTION_TABLE))
        (*start)--;
    return *start < p || cl_rule_is(first, CL_ACTION_TABLE) || first->table == CL_TABLE_KEY_VALUE ||
           (rows >= TABLE_MIN_NAMED_CELLS && numbers * 4 >= rows) ||
           (numbers >= TABLE_MIN_ROWS && numbers + 1 >= rows);
}

/* Tables just above the article (each a few lines at most above the
 * next), named by a header or made of "Label: value" rows, are the
 * article's too: a recipe's ingredients above its steps, a product's
 * specifications above its description. A header that names a section
 * right above the article starts it ("Zubereitung" over the steps).
 * Returns the new first position. */
size_t cl_extend_table_above(cl_page *pg, const cl_pos *idx, size_t n, size_t lo)
{
    for (size_t p = lo, gap = 0; p-- > 0 && gap <= TABLE_HEADER_REACH;) {
        const cl_line *L = &pg->lines[idx[p]];
        /* Under the header, facts ("Arbeitszeit ca. 20 Minuten"). */
        if (L->f.words > TABLE_ROW_WORDS || L->table || cl_is_header(L) || L->cls == CLEAN_CLASS_GOOD)
            break;
        gap++;
        if (cl_rule_is(L, CL_ACTION_TABLE)) {
            lo = p;
            break;
        }
    }
    for (;;) {
        size_t p = lo, gap = 0;
        while (p > 0 && gap < TABLE_GAP_LINES && !pg->lines[idx[p - 1]].table &&
               between_table_and_article(&pg->lines[idx[p - 1]]))
            p--, gap++;
        size_t start;
        if (p == 0 || !pg->lines[idx[p - 1]].table || !named_table_above(pg, idx, n, p - 1, &start))
            return lo;
        for (size_t q = start; q < lo; q++) {
            cl_line *T = &pg->lines[idx[q]];
            if ((T->table || cl_rule_is(T, CL_ACTION_TABLE)) && !T->good)
                keep_with_table(pg, T, T->table ? "table-row" : "table-heading");
        }
        lo = start;
    }
}

/* A table under a header a rule names, of a dozen cells or more, an
 * eighth of them with numbers (values, amounts: a menu under
 * "Nutrition" has none; a device's specifications are mostly words,
 * "Over-ear", "Yes"), is content wherever it stands before the comments:
 * a product page may have no prose beside its specifications. */
void cl_keep_named_tables(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n && p < pg->comments_at; p++) {
        if (!cl_rule_is(&pg->lines[idx[p]], CL_ACTION_TABLE) || !pg->lines[idx[p]].table)
            continue;
        size_t end = p + 1, numbers = 0;
        for (; end < n && pg->lines[idx[end]].table && !cl_rule_is(&pg->lines[idx[end]], CL_ACTION_TABLE); end++)
            numbers += pg->lines[idx[end]].f.digit_words > 0;
        if (end - p - 1 >= TABLE_MIN_NAMED_CELLS && numbers * TABLE_NAMED_NUMBERS >= end - p - 1) {
            for (size_t q = p; q < end; q++) {
                cl_line *L = &pg->lines[idx[q]];
                if (!L->kept) {
                    keep_with_table(pg, L, q == p ? "table-heading" : "table-row");
                    L->kept = L->good;
                }
            }
        }
        p = end - 1;
    }
}

/* Inside the article, a table's rows stay, whatever context made of
 * them one by one, and so does a short heading right above them (a
 * Markdown table's "|---|" rule reads as no words, which context takes
 * for boilerplate after the heading). */
void cl_keep_tables_inside(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi)
{
    for (size_t p = lo; p <= hi; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->good)
            continue;
        /* A section's header that a rule names ("Zubereitung") is a
         * subheading, with a table under it or not. */
        if (cl_rule_is(L, CL_ACTION_TABLE) && !L->table) {
            keep_with_table(pg, L, "table-heading");
            continue;
        }
        if (!L->table)
            continue;
        /* A reference's members keep their names, not the chrome that
         * rules drop between them ("[−]"). */
        if (L->table == CL_TABLE_ENTRY) {
            if (!cl_rule_dropped(L))
                keep_with_table(pg, L, "reference-entry");
            continue;
        }
        keep_with_table(pg, L, "table-row");
        cl_line *above = p > lo ? &pg->lines[idx[p - 1]] : NULL;
        if (above && !above->good && table_heading(above))
            keep_with_table(pg, above, "table-heading");
    }
}
