/* Pages dumped run together: a scraper that joins a page's text with
 * spaces (BeautifulSoup's get_text(" "), ' '.join(stripped_strings))
 * leaves it on one line, or a few, and a line can only be kept or
 * dropped whole. On such a page each line is cut into its sentences,
 * at the separators of menus, breadcrumbs and lists (" | ", " · ", a
 * dash before a capital) and around runs of capitalised words that no
 * sentence has ("Home News Sport Weather Travel"), so that each piece
 * is judged on its own; a kept piece is written on a line of its own.
 * Other pages are left as they are. */
#include <string.h>
#include <unictype.h>

#include "internal.h"

/* A page runs together when its lines are this long on average, and one
 * at least is a long run: a page of paragraphs averages far less. */
#define RUN_MEAN_BYTES 800
#define RUN_MIN_BYTES 1000
/* Capitalised words in a row that make a menu's run, not a name; words
 * without letters (numbers, "&", "|") go on a run without counting. */
#define CAPS_RUN_WORDS 5
#define CAPS_RUN_LOOKAHEAD 64
#define CAPS_WORD_BYTES 64 /* a longer word ends a run, unread */

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static bool is_upper_ascii(uint8_t c)
{
    return c >= 'A' && c <= 'Z';
}

/* Bytes of a closing mark at s (n > 0 bytes left): a quote or a bracket
 * after a sentence's end ('"', ')', ”, ’, »), else 0. */
static size_t closing_mark(const uint8_t *s, size_t n)
{
    if (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']')
        return 1;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9D || s[2] == 0x99))
        return 3;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xBB)
        return 2;
    return 0;
}

/* Bytes of a full stop that needs no space after it (。！？) at s, or 0. */
static size_t wide_stop(const uint8_t *s, size_t n)
{
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x82)
        return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x81 || s[2] == 0x9F))
        return 3;
    return 0;
}

/* Is the '.' at s[at] an initial's or a short title's ("J.", "Mr.",
 * "U.S.") rather than a sentence's end? */
static bool abbreviation(const uint8_t *s, size_t start, size_t at)
{
    size_t w = at;
    while (w > start && !is_space(s[w - 1]))
        w--;
    if (memchr(s + w, '.', at - w))
        return true;
    return at - w <= 2 && at > w && is_upper_ascii(s[w]);
}

/* A separator between the items of a menu, a breadcrumb or a list, with
 * a space on each side: its bytes after the space before it, or 0. A
 * dash separates only before a capital ("... a flood - Rivers rise"),
 * as a list's items do and a dash in a sentence seldom does. */
static size_t separator(const uint8_t *s, size_t n)
{
    size_t len = 0;
    bool dash = false;
    if (s[0] == '|')
        len = 1;
    else if (s[0] == '-')
        len = 1, dash = true;
    else if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xB7 || s[1] == 0xBB)) /* · » */
        len = 2;
    else if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA2 || s[2] == 0x93)) /* • – */
        len = 3, dash = s[2] == 0x93;
    if (!len || len + 1 >= n || !is_space(s[len]))
        return 0;
    return !dash || is_upper_ascii(s[len + 1]) ? len : 0;
}

/* Does the word at s[i] start with a capital, or hold no letter at all
 * (1, 0)? -1: it starts with a small letter, or is too long for a menu's
 * (and is not read to its end: a page without spaces is read once).
 * *end: where it ends. */
static int capitalised_word(const uint8_t *s, size_t i, size_t n, size_t *end)
{
    size_t j = i;
    while (j < n && !is_space(s[j]))
        if (++j - i > CAPS_WORD_BYTES)
            return -1;
    *end = j;
    for (size_t k = i; k < j;) {
        uint32_t cp;
        k += (size_t)cl_decode(s + k, j - k, &cp);
        if (uc_is_alpha(cp))
            return uc_is_upper(cp) ? 1 : -1;
    }
    return 0;
}

/* The end of a run of CAPS_RUN_WORDS capitalised words or more that
 * starts at s[i], a word's start; 0 if there is none. A sentence's end
 * ends a run ("... at the Los Angeles Auto Show. Toyota is"). */
static size_t caps_run_end(const uint8_t *s, size_t i, size_t n)
{
    size_t capitals = 0, run_end = 0;
    for (size_t words = 0; i < n && words < CAPS_RUN_LOOKAHEAD; words++) {
        size_t end;
        int kind = capitalised_word(s, i, n, &end);
        if (kind < 0 || (kind == 0 && capitals == 0))
            break;
        if (kind > 0) {
            capitals++;
            run_end = end;
        }
        uint8_t last = s[end - 1];
        if ((last == '.' && !abbreviation(s, i, end - 1)) || last == '!' || last == '?')
            break;
        for (i = end; i < n && is_space(s[i]); i++)
            ;
    }
    return capitals >= CAPS_RUN_WORDS ? run_end : 0;
}

/* Appends the piece [from, to) of the text, its trailing spaces left
 * out; false when out of memory. */
static bool add_piece(const cl_mem *m, const char *text, size_t from, size_t to, cl_span **out, size_t *count,
                      size_t *cap)
{
    while (to > from && is_space((uint8_t)text[to - 1]))
        to--;
    if (to == from)
        return true;
    if (*count == *cap && !cl_grow(m, (void **)out, cap, *count + 1, sizeof **out))
        return false;
    (*out)[(*count)++] = (cl_span){from, (uint32_t)(to - from), false};
    return true;
}

/* The pieces of one line into out; false when out of memory. */
static bool cut_line(const cl_mem *m, const char *text, cl_span line, cl_span **out, size_t *count, size_t *cap)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t end = line.offset + line.length, from = line.offset, first = *count;
    for (size_t i = from; i < end; i++) {
        size_t cut = 0, next = 0; /* the piece ends at cut, the next starts at next */
        size_t wide = s[i] >= 0x80 ? wide_stop(s + i, end - i) : 0;
        size_t run = (i == from || is_space(s[i - 1])) && !is_space(s[i]) ? caps_run_end(s, i, end) : 0;
        if (run) {
            /* The run is a piece of its own. */
            if (!add_piece(m, text, from, i, out, count, cap))
                return false;
            from = i;
            cut = next = run;
        } else if (wide) {
            cut = next = i + wide;
        } else if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
            size_t j = i + 1, mark;
            while (j < end && (mark = closing_mark(s + j, end - j)))
                j += mark;
            /* A sentence ends before a space and whatever is not a
             * lower-case ASCII letter (no "e.g. this", no "3.5"). */
            if (j < end && is_space(s[j]) && !(s[i] == '.' && abbreviation(s, from, i))) {
                size_t k = j;
                while (k < end && is_space(s[k]))
                    k++;
                if (k < end && !(s[k] >= 'a' && s[k] <= 'z'))
                    cut = j, next = k;
            }
        } else if (is_space(s[i]) && i + 1 < end) {
            size_t sep = separator(s + i + 1, end - i - 1);
            if (sep) {
                cut = i;
                next = i + 1 + sep;
            }
        }
        if (!cut)
            continue;
        while (next < end && is_space(s[next]))
            next++;
        if (!add_piece(m, text, from, cut, out, count, cap))
            return false;
        from = next;
        i = next - 1;
    }
    if (!add_piece(m, text, from, end, out, count, cap))
        return false;
    /* The line's blank lines before it go before its first piece. */
    if (*count > first)
        (*out)[first].blank_before = line.blank_before;
    return true;
}

size_t cl_cut_run_together(const cl_mem *m, const char *text, cl_span **spans, size_t count)
{
    size_t total = 0, longest = 0;
    for (size_t i = 0; i < count; i++) {
        total += (*spans)[i].length;
        longest = (*spans)[i].length > longest ? (*spans)[i].length : longest;
    }
    if (count == 0 || longest < RUN_MIN_BYTES || total / count < RUN_MEAN_BYTES)
        return count;
    cl_span *pieces = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < count; i++) {
        if (!cut_line(m, text, (*spans)[i], &pieces, &n, &cap)) {
            cl_free(m, pieces);
            return (size_t)-1;
        }
    }
    cl_free(m, *spans);
    *spans = pieces;
    return n;
}
