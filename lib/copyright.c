/* The site's copyright notice ("© 2019 Site", "All rights reserved"):
 * the page's footer, where the main-content region ends. */
#include <string.h>

#include "score.h"

/* Four digits from 1000 to 2999 that the next character (lower case,
 * '\0' at the end) does not carry on as a word: a year. Plain ASCII
 * tests, not <ctype.h>, whose answers depend on the caller's locale. */
static bool is_year(const char *t, char next)
{
    if (t[0] != '1' && t[0] != '2')
        return false; /* most bytes: tested first */
    for (int i = 1; i < 4; i++) {
        if (t[i] < '0' || t[i] > '9')
            return false;
    }
    bool word_goes_on =
        (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || (unsigned char)next >= 0x80;
    return !word_goes_on;
}

/* A copyright notice, "© 2019 Site", "Copyright (c) 2005-2019 ...", "All
 * rights reserved" and the like: the page's footer, not a photo credit
 * ("© Reuters" names no year and reserves nothing). */
#define COPYRIGHT_MAX_WORDS 25
#define COPYRIGHT_MAX_BYTES 512

typedef struct phrase {
    const char *s;
    size_t n;
    size_t anchor; /* where the byte a reserved phrase is searched by is */
    char a, next;  /* that byte and the one after it */
} phrase;

/* A reserved phrase is written split before its anchor, a byte that
 * text seldom holds; phrases with the same anchor come together. */
#define ANCHORED(head, tail) {head tail, sizeof head tail - 1, sizeof head - 1, tail[0], tail[1]}
static const phrase reserved[] = {ANCHORED("all rights reser", "ved"),
                                  ANCHORED("alle rechte ", "vorbehalten"),
                                  ANCHORED("tous droits réser", "vés"),
                                  ANCHORED("todos los derechos reser", "vados"),
                                  ANCHORED("tutti i diritti riser", "vati"),
                                  ANCHORED("todos os direitos reser", "vados"),
                                  ANCHORED("alle rechten ", "voorbehouden"),
                                  ANCHORED("wszelkie prawa zastrze", "żone"),
                                  ANCHORED("", "все права защищены")};
#undef ANCHORED
#define PHRASE(text) {.s = text, .n = sizeof text - 1}
static const phrase marks[] = {PHRASE("\xC2\xA9"), PHRASE("(c)"), PHRASE("copyright")};
#undef PHRASE
#define COUNT(a) (sizeof a / sizeof *a)

static size_t shortest_reserved(void)
{
    size_t shortest = SIZE_MAX;
    for (size_t k = 0; k < COUNT(reserved); k++)
        shortest = reserved[k].n < shortest ? reserved[k].n : shortest;
    return shortest;
}

/* The line is searched for the anchors alone, and a phrase tried where
 * its own is. A line of ASCII is not searched for the anchors of other
 * characters (a byte of 'ż' or 'в'). */
static bool holds_reserved(const char *t, size_t n, bool ascii)
{
    for (size_t k = 0; k < COUNT(reserved); k++) {
        char a = reserved[k].a;
        if ((k > 0 && reserved[k - 1].a == a) || (ascii && (unsigned char)a >= 0x80))
            continue; /* searched for already, or not there */
        for (const char *at = memchr(t, a, n); at; at = memchr(at + 1, a, (size_t)(t + n - at - 1))) {
            size_t i = (size_t)(at - t);
            /* The byte after the anchor (every phrase has one) tells
             * most phrases apart before a whole compare. */
            char next = i + 1 < n ? at[1] : '\0';
            for (size_t j = k; j < COUNT(reserved) && reserved[j].a == a; j++) {
                const phrase *p = &reserved[j];
                if (next == p->next && i >= p->anchor && n - i + p->anchor >= p->n &&
                    memcmp(at - p->anchor, p->s, p->n) == 0)
                    return true;
            }
        }
    }
    return false;
}

/* A mark, then spaces, right before the year at y? A notice's marks
 * and spaces end so before its year, since no mark ends with a space or
 * starts with a digit: looking back from each year is enough. */
static bool mark_before(const char *t, size_t y)
{
    while (y > 0 && t[y - 1] == ' ')
        y--;
    for (size_t k = 0; k < COUNT(marks); k++) {
        if (y >= marks[k].n && memcmp(t + y - marks[k].n, marks[k].s, marks[k].n) == 0)
            return true;
    }
    return false;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The line in ASCII lower case, into t; returns where its first '1' or
 * '2' (a year's first digit) is, n if nowhere, and sets *ascii: whether
 * every byte is ASCII. Eight bytes a step, the last step over the line's
 * last eight: it writes a few bytes again, the same, and none of them is
 * a digit before the first. */
static size_t lower_copy(const char *src, size_t n, char *t, bool *ascii)
{
    size_t first = n;
    uint64_t any = 0; /* the bytes or'ed */
    if (n < 8) {
        for (size_t i = 0; i < n; i++) {
            if (first == n && (src[i] == '1' || src[i] == '2'))
                first = i;
            t[i] = ascii_lower(src[i]);
            any |= (uint8_t)src[i];
        }
        *ascii = !(any & 0x80);
        return first;
    }
    for (size_t i = 0; i < n; i += 8) {
        size_t at = i + 8 <= n ? i : n - 8;
        uint64_t v = cl_load8(src + at, 8), digits = cl_ascii_in(v, '1', '2');
        if (digits && first == n)
            first = at + (size_t)__builtin_ctzll(digits) / 8;
        any |= v;
        v |= cl_ascii_in(v, 'A', 'Z') >> 2; /* + 0x20 */
        memcpy(t + at, &v, 8);
    }
    *ascii = !(any & CL_EACH_BYTE(0x80));
    return first;
}

bool cl_is_copyright(const cl_page *pg, const cl_line *L)
{
    if (L->f.words > COPYRIGHT_MAX_WORDS || L->span.length > COPYRIGHT_MAX_BYTES)
        return false;
    size_t n = L->span.length;
    char t[COPYRIGHT_MAX_BYTES];
    bool ascii;
    size_t first_digit = lower_copy(pg->text + L->span.offset, n, t, &ascii);
    if (n >= shortest_reserved() && holds_reserved(t, n, ascii))
        return true;
    /* No year starts before the first of its first digits. */
    for (size_t y = first_digit; y + 4 <= n; y++) {
        if (is_year(t + y, y + 4 == n ? '\0' : t[y + 4]) && mark_before(t, y))
            return true;
    }
    return false;
}
