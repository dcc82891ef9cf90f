/* Paragraphs in pieces: a scraper that ends a line at every tag (as
 * BeautifulSoup's get_text("\n") does) puts each link or bold name of a
 * paragraph on a line of its own, "The report, published by" / "Reuters"
 * / ", says ...". Scored one by one, the pieces are short lines and go;
 * lines that are one sentence are joined first, as a wrapped paragraph's
 * lines are (wrap.c): a piece that starts with a mark or a lower-case word
 * goes on the one before, and so does a short element between two
 * pieces. Only on a page with many such pieces: a menu's items and a
 * title, a byline and a date, each a block of its own, stay apart. */
#include <string.h>
#include <unictype.h>

#include "internal.h"

#define PROSE_PIECE_WORDS 6  /* a piece this long is part of a sentence, not an item of a menu */
#define INLINE_WORDS 4       /* a link's text or a name set apart inside a sentence */
#define FRAGMENT_MIN_JOINS 4 /* pieces that go on a sentence a page needs to be taken as split */
#define FRAGMENT_MIN_SHARE 2 /* percent of its lines they must be as well */

/* Words of the line, counted up to at most max: runs of non-space that
 * start with a letter (or a character past ASCII), so that a menu's
 * "|" and a post's "4 hours ago" do not make it prose. */
static size_t words_up_to(const char *s, size_t n, size_t max)
{
    size_t words = 0;
    for (size_t i = 0; i < n && words < max;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        words += c >= 0x80 || (uint8_t)((c | 0x20) - 'a') < 26;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
    }
    return words;
}

/* The line's first character after its indentation (0 if none), and
 * where it is. */
static uint32_t first_char(const char *line, size_t n, size_t *at)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    *at = i;
    uint32_t cp = 0;
    if (i < n)
        cl_decode((const uint8_t *)line + i, n - i, &cp);
    return cp;
}

/* Is first, the first character of rest, a mark that goes on a sentence
 * (a comma, a full stop, a closing bracket or quote), which no block
 * starts with? An ellipsis ("... more") does start some. */
static bool goes_on_sentence(uint32_t first, const char *rest, size_t n)
{
    switch (first) {
    case '.':
        return !(n > 1 && rest[1] == '.');
    case ',': case ';': case ':': case '!': case '?': case ')': case ']':
    case 0x201D: case 0x2019: case 0x00BB:                             /* ” ’ » */
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF1A: /* 、。，；： */
    case 0xFF01: case 0xFF1F: case 0xFF09: case 0x300D: case 0x300F: /* ！？）」』 */
        return true;
    default:
        return false;
    }
}

/* Is the first token of s (no indentation) a word, letters only (an
 * address, a handle or a file name that happens to start in lower case
 * is not)? Marks may close it. */
static bool opens_with_word(const char *s, size_t n)
{
    size_t end = 0;
    while (end < n && s[end] != ' ' && s[end] != '\t')
        end++;
    while (end > 0 && memchr(",.;:!?", s[end - 1], 6))
        end--;
    for (size_t i = 0; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '\'' || c == '-'))
            return false;
    }
    return true;
}

/* Does b go on the sentence a leaves open? */
static bool continues(const char *a, size_t na, const char *b, size_t nb, bool page_split)
{
    size_t at;
    uint32_t first = first_char(b, nb, &at);
    if (goes_on_sentence(first, b + at, nb - at))
        return true;
    /* A capital or a figure goes on a sentence only after a comma. */
    bool lower = cl_is_lower_initial(first);
    if (na == 0 || (!lower && a[na - 1] != ','))
        return false;
    if (cl_ends_like_paragraph(a, na))
        return false;
    if (a[na - 1] == ',')
        return true;
    /* A lower-case word after a word: a sentence's next piece (a
     * table's row ends in a figure, a link's address is not a word; on
     * a split page a figure may be a link's text, "approved in" / "2021"
     * / "but").
     * Until the page is known to be split, only where either side is
     * long enough to be prose: a lower-case menu ("world" / "business")
     * has short items on both. */
    uint32_t last = cl_final_mark(a, na);
    if (!opens_with_word(b + at, nb - at) || !(uc_is_alpha(last) || (page_split && uc_is_digit(last))))
        return false;
    return page_split || words_up_to(a, na, PROSE_PIECE_WORDS) >= PROSE_PIECE_WORDS ||
           words_up_to(b, nb, PROSE_PIECE_WORDS) >= PROSE_PIECE_WORDS;
}

/* Is the line left open in the middle of a sentence: after a comma or a
 * lower-case word ("according to the"), where a title, a name or a
 * date, which end in capitals or figures, are not? */
static bool left_open(const char *line, size_t n)
{
    if (n == 0 || cl_ends_like_paragraph(line, n))
        return false;
    if (line[n - 1] == ',')
        return true;
    size_t start = n;
    while (start > 0 && line[start - 1] != ' ' && line[start - 1] != '\t')
        start--;
    return cl_starts_lower(line + start, n - start);
}

/* Does line b go on line a's sentence, being no list item, nor code after
 * code? */
static bool goes_on_into(const char *text, const cl_span *a, const cl_span *b, bool page_split)
{
    return continues(text + a->offset, a->length, text + b->offset, b->length, page_split) &&
           !cl_starts_with_bullet(text + b->offset, b->length) &&
           !(cl_looks_like_code(text + a->offset, a->length) && cl_looks_like_code(text + b->offset, b->length));
}

/* Inline in the loops over a page's lines, which most lines leave at the
 * first test. */
static inline bool joinable(const char *text, const cl_span *a, const cl_span *b, bool page_split)
{
    /* Most lines start with a capital or a figure, which go on a
     * sentence only after a comma: told from two bytes. */
    unsigned char first = (unsigned char)text[b->offset];
    bool capital_or_figure = (uint8_t)(first - 'A') < 26 || (uint8_t)(first - '0') < 10;
    if (b->blank_before || (capital_or_figure && (a->length == 0 || text[a->offset + a->length - 1] != ',')))
        return false;
    return goes_on_into(text, a, b, page_split);
}

void cl_find_fragments(const char *text, const cl_span *lines, size_t count, bool *joins)
{
    /* A page or two in twenty has a few lines like that anyway, a
     * caption's credit or a form's label: only a page with many of them
     * was split at its tags. In a hard-wrapped page, its paragraphs'
     * lines, joined already, do not count. */
    size_t found = 0;
    for (size_t i = 0; i + 1 < count; i++)
        found += !joins[i] && joinable(text, &lines[i], &lines[i + 1], false);
    if (found < FRAGMENT_MIN_JOINS || found * 100 < count * FRAGMENT_MIN_SHARE)
        return;
    for (size_t i = 0; i + 1 < count; i++)
        joins[i] |= joinable(text, &lines[i], &lines[i + 1], true);
    /* An inline element that the sentence goes on after ("published
     * by" / "Reuters" / ", says") goes on the piece before it too, when
     * that one is left open. From the end, so that elements in a row
     * ("by the" / "Federal" / "Office") join whole. */
    for (size_t c = count; c-- > 2;) {
        const cl_span *a = &lines[c - 2], *b = &lines[c - 1];
        if (joins[c - 1] && !joins[c - 2] && !b->blank_before && left_open(text + a->offset, a->length) &&
            words_up_to(text + b->offset, b->length, INLINE_WORDS + 1) <= INLINE_WORDS)
            joins[c - 2] = true;
    }
}
