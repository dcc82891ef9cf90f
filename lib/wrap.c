/* Hard-wrapped dumps: lynx, w3m and fold break every paragraph into lines
 * of at most some width. Scoring those lines one by one would judge
 * fragments, so consecutive lines that are one paragraph are joined into a
 * block first; the output still gives back the original lines. */
#include <string.h>
#include <uniwidth.h>

#include "internal.h"

#define WRAP_MIN_WIDTH 40
#define WRAP_MAX_WIDTH 160
#define WRAP_BAND 15          /* a wrapped line ends within this of the width */
#define WRAP_MIN_SHARE 5      /* percent of the page's lines near the width */
#define WRAP_MAX_OVER 2       /* percent of lines longer than the width */
#define WRAP_MIN_LINES 8      /* fewer lines: too little to tell */

/* Code points of UTF-8 text: the bytes that are not continuation bytes
 * (10xxxxxx), eight bytes a step. A count over cap is as good as any
 * (no wrap is wider), so the rest of a paragraph is not read; unless
 * *long_chars (when not NULL) is yet to be set where a character takes
 * three bytes or four, as every one of the East Asian wide scripts does. */
static size_t char_count(const char *s, size_t n, size_t cap, bool *long_chars)
{
    bool whole = long_chars && !*long_chars;
    size_t continuations = 0;
    uint64_t leads = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = cl_load8(s + i, n - i), cont = v & ~(v << 1) & CL_EACH_BYTE(0x80);
        continuations += cl_count_marked(cont);
        leads |= v & (v << 1) & (v << 2);
        if (!whole && i + 8 < n && i + 8 - continuations > cap)
            return i + 8 - continuations;
    }
    if (whole && (leads & CL_EACH_BYTE(0x80)))
        *long_chars = true;
    return n - continuations;
}

/* Columns of a character on a terminal: two for the East Asian wide
 * scripts (Han, kana and Hangul answered here, being most of them), none
 * for a combining mark; libunistring knows the rest. */
static size_t char_columns(uint32_t cp)
{
    if (cp < 0x300)
        return 1;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3040 && cp <= 0x30FF))
        return 2;
    int w = uc_width(cp, "UTF-8");
    return w > 0 ? (size_t)w : 0;
}

/* Columns the text takes on a terminal, as lynx, w3m and pandoc count
 * them, up to a count over cap. ASCII, most of most pages, eight bytes a
 * step, and the ASCII bytes before another at once. */
static size_t column_count(const char *s, size_t n, size_t cap)
{
    size_t width = 0;
    for (size_t i = 0; i < n && width <= cap;) {
        if (i + 8 <= n) {
            /* The ASCII bytes up to the next other one, a column each. */
            uint64_t high = cl_load8(s + i, 8) & CL_EACH_BYTE(0x80);
            size_t ascii = high ? (size_t)__builtin_ctzll(high) / 8 : 8;
            width += ascii, i += ascii;
            if (ascii == 8)
                continue;
        }
        uint32_t cp = (uint8_t)s[i];
        int len = cp < 0x80 ? 1 : cl_decode((const uint8_t *)s + i, n - i, &cp);
        width += char_columns(cp);
        i += len > 0 ? (size_t)len : 1;
    }
    return width;
}

/* The text's length as a wrapper counts it: in code points (Python's
 * textwrap, html2text) or in terminal columns; over cap, some count over
 * it. */
static size_t text_width(const char *s, size_t n, bool columns, size_t cap)
{
    return columns ? column_count(s, n, cap) : char_count(s, n, cap, NULL);
}

static size_t indent_of(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Does the line start (after its indentation) as a drawn table's row or
 * border does, with '|', '+' or a box-drawing bar (U+2500 to U+257F)?
 * Its lines are rows, which a wrapper never breaks. */
static bool starts_like_table(const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    if (i >= n)
        return false;
    unsigned char c = (unsigned char)s[i];
    return c == '|' || c == '+' ||
           (c == 0xE2 && i + 1 < n && ((unsigned char)s[i + 1] == 0x94 || (unsigned char)s[i + 1] == 0x95));
}

/* Where a list item's text starts ("  2. Füllen", "* Item"): the
 * hanging indent of its wrapped lines. SIZE_MAX for a line that is no
 * list item. */
static size_t item_text_start(const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    if (!cl_starts_with_bullet(s + i, n - i))
        return SIZE_MAX;
    while (i < n && s[i] != ' ' && s[i] != '\t')
        i++;
    return i + indent_of(s + i, n - i);
}

/* Does any of the eight bytes of v end a word (a space or a tab) or
 * belong to a character beyond ASCII? */
static bool stops_long_word(uint64_t v)
{
    return (cl_bytes_equal(v, ' ') | cl_bytes_equal(v, '\t') | (v & CL_EACH_BYTE(0x80))) != 0;
}

/* Does the line's length say nothing of the width the text is wrapped
 * at? A drawn table is as wide as its columns make it, and a word longer
 * than any width (a reference list's URL, in ASCII) stands on its own
 * line as it is. A rule drawn across the text ("------") is as wide as
 * the text. */
static bool says_nothing_of_width(const char *s, size_t n)
{
    if (starts_like_table(s, n))
        return true;
    /* Most lines end in a short word, or one not in ASCII: a space, a tab
     * or a byte of another script among the last sixteen tells. */
    if (n <= WRAP_MIN_WIDTH || stops_long_word(cl_load8(s + n - 8, 8)) || stops_long_word(cl_load8(s + n - 16, 8)))
        return false;
    size_t i = n; /* the last word's start */
    bool letters = false;
    while (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t' && n - i <= WRAP_MIN_WIDTH) {
        unsigned char c = (unsigned char)s[--i];
        if (c >= 0x80)
            return false; /* a script written without spaces breaks anywhere */
        letters = letters || (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10;
    }
    return n - i > WRAP_MIN_WIDTH && letters;
}

/* Width of the first word of a line (after its indentation): in a
 * script written without spaces, a line may be broken after any letter. */
static size_t first_word_width(const char *s, size_t n, bool columns, size_t cap)
{
    size_t i = indent_of(s, n), start = i;
    uint32_t cp = 0;
    if (i < n && (uint8_t)s[i] >= 0x80 && cl_decode((const uint8_t *)s + i, n - i, &cp) && cl_is_unspaced(cp))
        return columns ? char_columns(cp) : 1;
    while (i < n && s[i] != ' ' && s[i] != '\t')
        i++;
    return text_width(s + start, i - start, columns, cap);
}

/* The width the page is wrapped at, or 0: the smallest width that hardly
 * any line exceeds and that many lines come close to, widened over the
 * lengths right above it that lines have (the few lines it lets exceed it
 * are those never wrapped, such as addresses, not its widest wrapped
 * ones). *near: how many lines end close to it. Counting characters,
 * *long_chars is set as char_count sets it. */
static size_t wrap_width(const char *text, const cl_span *lines, size_t count, bool columns, size_t *near_lines,
                         bool *long_chars)
{
    size_t hist[WRAP_MAX_WIDTH + 2] = {0}, total = count, wide = 0;
    if (total < WRAP_MIN_LINES)
        return 0;
    for (size_t i = 0; i < count; i++) {
        /* Lines of WRAP_MIN_WIDTH - WRAP_BAND characters or fewer count
         * alike, and a character takes one to four bytes: a line that
         * short, or one wide in any case, is not counted. */
        size_t n = lines[i].length;
        bool exact = n > WRAP_MIN_WIDTH - WRAP_BAND && n <= 4 * WRAP_MAX_WIDTH;
        const char *s = text + lines[i].offset;
        if (exact && says_nothing_of_width(s, n)) {
            total--;
            continue;
        }
        size_t c = !exact    ? n
                   : columns ? column_count(s, n, WRAP_MAX_WIDTH)
                             : char_count(s, n, WRAP_MAX_WIDTH, long_chars);
        /* Too many lines wider than any width: most pages, which are not
         * wrapped, are told so after a few of their paragraphs. */
        if (c > WRAP_MAX_WIDTH && ++wide * 100 > total * WRAP_MAX_OVER)
            return 0;
        hist[c > WRAP_MAX_WIDTH ? WRAP_MAX_WIDTH + 1 : c]++;
    }
    size_t over = total; /* lines longer than w */
    for (size_t c = 0; c <= WRAP_MIN_WIDTH - WRAP_BAND; c++)
        over -= hist[c];
    size_t near = 0;     /* lines in (w - WRAP_BAND, w] */
    for (size_t c = WRAP_MIN_WIDTH - WRAP_BAND + 1; c < WRAP_MIN_WIDTH; c++)
        near += hist[c];
    over -= near;
    for (size_t w = WRAP_MIN_WIDTH; w <= WRAP_MAX_WIDTH; w++) {
        near += hist[w];
        over -= hist[w];
        if (over * 100 <= total * WRAP_MAX_OVER && near * 100 >= total * WRAP_MIN_SHARE) {
            *near_lines = near;
            while (w < WRAP_MAX_WIDTH && hist[w + 1])
                w++;
            return w;
        }
        near -= hist[w - WRAP_BAND + 1];
    }
    return 0;
}

size_t cl_find_wraps(const char *text, const cl_span *lines, size_t count, bool *joins)
{
    memset(joins, 0, count * sizeof *joins);
    /* Of the two ways to count, the one that more lines fill. */
    size_t near_chars = 0, near_columns = 0;
    bool long_chars = false;
    size_t width = wrap_width(text, lines, count, false, &near_chars, &long_chars);
    /* Counted in columns, only lines with the long characters of the
     * wide scripts can differ. */
    size_t width_columns = long_chars ? wrap_width(text, lines, count, true, &near_columns, NULL) : 0;
    bool columns = near_columns > near_chars;
    width = columns ? width_columns : width;
    if (!width)
        return 0;
    for (size_t i = 0; i + 1 < count; i++) {
        const cl_span *a = &lines[i], *b = &lines[i + 1];
        if (b->blank_before)
            continue;
        const char *sa = text + a->offset, *sb = text + b->offset;
        size_t len = text_width(sa, a->length, columns, width);
        /* The next line's first word would not have fitted after this
         * one (which itself fits: a wider line was never wrapped): the
         * break may be the wrapper's, not the author's. Where the
         * line also ends like a paragraph and the next starts like one,
         * the author's break is as likely, and keeping two blocks apart
         * costs less than gluing a caption to a paragraph. */
        bool full = len <= width && len + 1 + first_word_width(sb, b->length, columns, width) > width;
        size_t indent = indent_of(sb, b->length);
        bool same_indent = indent <= indent_of(sa, a->length) + 1 || indent == item_text_start(sa, a->length);
        bool paragraph_break = cl_ends_like_paragraph(sa, a->length) && !cl_starts_lower(sb, b->length);
        joins[i] = full && same_indent && !paragraph_break && !cl_starts_with_bullet(sb, b->length) &&
                   !starts_like_table(sa, a->length) && !starts_like_table(sb, b->length);
    }
    return width;
}
