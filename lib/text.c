/* Text decoding and lines: where a line starts and ends, what is white
 * space, and how invalid UTF-8 is read (as U+FFFD, one byte at a time). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <unictype.h>

#include "internal.h"

static bool is_white_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return uc_is_property_white_space(cp);
}

/* Bytes of the line up to and including its last non-white-space
 * character. Leading white space stays: output is the input's bytes.
 * Read backwards from the end, with the characters that decoding from
 * the start would find: a lead byte always starts a decode there (no
 * sequence covers it), and a trailing byte that does not complete the
 * sequence of the lead byte before it is one U+FFFD, not white space. */
static size_t trim_white_space(const uint8_t *s, size_t n)
{
    size_t end = n;
    while (end > 0) {
        uint8_t c = s[end - 1];
        if (c < 0x80) {
            if (!(c == ' ' || (c >= '\t' && c <= '\r')))
                return end;
            end--;
            continue;
        }
        size_t start = end - 1;
        while (start > 0 && end - start < 4 && (s[start] & 0xC0) == 0x80)
            start--;
        if ((s[start] & 0xC0) != 0xC0)
            return end; /* a stray continuation byte */
        uint32_t cp;
        if ((size_t)cl_decode(s + start, end - start, &cp) != end - start || !is_white_space(cp))
            return end;
        end = start;
    }
    return 0;
}

/* Most lines end with a printable ASCII character, and most others are
 * empty: nothing to trim, and no call to find that out. */
static inline size_t trimmed_length(const uint8_t *s, size_t n)
{
    if (n == 0)
        return 0;
    return s[n - 1] > ' ' && s[n - 1] < 0x80 ? n : trim_white_space(s, n);
}

/* The first b at or after from, or length. */
static inline size_t next_byte(const char *text, size_t length, size_t from, char b)
{
#ifdef __SSE2__
    /* Most lines are short: their end is in the next sixteen bytes,
     * found without a call. */
    if (from + 16 <= length) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + from));
        unsigned found = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b)));
        if (found)
            return from + (size_t)__builtin_ctz(found);
        from += 16;
    }
#endif
    const char *p = from < length ? memchr(text + from, b, length - from) : NULL;
    return p ? (size_t)(p - text) : length;
}

void cl_lines_init(cl_line_iter *it, const char *text, size_t length)
{
    /* A byte order mark says how the file is encoded; it is no part of
     * the first line's text, nor of the output. */
    size_t start = length >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    *it = (cl_line_iter){text, length, start, next_byte(text, length, start, '\n'),
                         next_byte(text, length, start, '\r')};
}

/* Inlined in cl_split_lines, which reads a page's every line. */
static inline __attribute__((always_inline)) bool next_line(cl_line_iter *it, size_t *offset, size_t *trimmed)
{
    const char *text = it->text;
    size_t start = it->pos, length = it->length;
    if (start >= length)
        return false;
    /* Each byte is searched for again only once past it: most pages hold
     * no '\r' (one search tells), and a file of lone '\r' breaks is not
     * scanned to its end for a '\n' at every line. */
    if (it->nl < start) /* an empty line's '\n' is at its start: no search */
        it->nl = text[start] == '\n' ? start : next_byte(text, length, start, '\n');
    if (it->cr < start)
        it->cr = next_byte(text, length, start, '\r');
    size_t end = it->cr < it->nl ? it->cr : it->nl;
    *offset = start;
    *trimmed = trimmed_length((const uint8_t *)text + start, end - start);
    start = end;
    if (start < length && text[start] == '\r')
        start++;
    if (start < length && text[start] == '\n' && (start == end || text[end] == '\r'))
        start++;
    it->pos = start;
    return true;
}

bool cl_lines_next(cl_line_iter *it, size_t *offset, size_t *trimmed)
{
    return next_line(it, offset, trimmed);
}

/* Where a line longer than a span can hold is cut: at a character
 * boundary, so that valid UTF-8 stays valid on both sides. */
static size_t longest_piece(const char *text, size_t length)
{
    size_t cut = length < CL_SPAN_MAX ? length : CL_SPAN_MAX;
    while (cut < length && cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    return cut ? cut : length;
}

size_t cl_split_lines(const cl_mem *m, const char *text, size_t length, cl_span **out)
{
    cl_span *spans = NULL;
    size_t count = 0, cap = 0, offset, trimmed;
    bool blank_before = false;
    cl_line_iter it;
    *out = NULL;
    cl_lines_init(&it, text, length);
    /* Room at once for lines of 48 bytes on average (with their breaks),
     * rather than for eight, doubled every few hundred lines of a page. */
    if (!cl_grow(m, (void **)&spans, &cap, length / 48 + 8, sizeof *spans))
        return (size_t)-1;
    while (next_line(&it, &offset, &trimmed)) {
        if (trimmed == 0) {
            blank_before = true;
            continue;
        }
        while (trimmed > 0) {
            size_t piece = longest_piece(text + offset, trimmed);
            if (count == cap && !cl_grow(m, (void **)&spans, &cap, count + 1, sizeof *spans)) {
                cl_free(m, spans);
                return (size_t)-1;
            }
            spans[count++] = (cl_span){offset, (uint32_t)piece, blank_before};
            blank_before = false;
            offset += piece;
            trimmed -= piece;
        }
    }
    *out = spans;
    return count;
}
