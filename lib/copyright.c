/* The site's copyright notice ("© 2019 Site", "All rights reserved"):
 * the page's footer, where the main-content region ends. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "score.h"

/* Four digits from 1000 to 2999 that the next character (lower case,
 * '\0' at the end) does not carry on as a word: a year. Plain ASCII
 * tests, not <ctype.h>, whose answers depend on the caller's locale. */
static bool is_year(const char *t, char next)
{
    if (t[0] != '1' && t[0] != '2')
        return false;
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
#define COPYRIGHT_MIN_BYTES 6 /* "©2019": the shortest mark and a year */

typedef struct phrase {
    const char *s;
    size_t n;
    size_t anchor; /* where the byte a reserved phrase is searched by is */
    char a, next;  /* that byte and the one after it */
} phrase;

/* A reserved phrase is written split before its anchor, a byte that
 * text seldom holds. */
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

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Do the k bytes at s, in ASCII lower case, spell what? */
static bool spells(const char *s, const char *what, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        if (ascii_lower(s[i]) != what[i])
            return false;
    }
    return true;
}

/* Does a reserved phrase have its anchor at t[i]? The byte after the
 * anchor (every phrase has one) tells most phrases apart before a whole
 * compare. */
static bool reserved_at(const char *t, size_t n, size_t i)
{
    char a = ascii_lower(t[i]), next = i + 1 < n ? ascii_lower(t[i + 1]) : '\0';
    for (size_t k = 0; k < COUNT(reserved); k++) {
        const phrase *p = &reserved[k];
        if (p->next == next && p->a == a && i >= p->anchor && n - i + p->anchor >= p->n &&
            spells(t + i - p->anchor, p->s, p->n))
            return true;
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
        if (y >= marks[k].n && spells(t + y - marks[k].n, marks[k].s, marks[k].n))
            return true;
    }
    return false;
}

/* A notice's year (is_year, a mark before it) or reserved phrase where
 * t[i] is a '1', '2' or an anchor? */
static bool notice_at(const char *t, size_t n, size_t i)
{
    if (t[i] == '1' || t[i] == '2')
        return i + 4 <= n && is_year(t + i, i + 4 == n ? '\0' : ascii_lower(t[i + 4])) && mark_before(t, i);
    /* The lead bytes of 'ż' and 'в' start half the letters of Polish and
     * Russian text: their second byte tells first. */
    if ((unsigned char)t[i] >= 0x80 && (i + 1 >= n || (t[i + 1] != (char)0xBC && t[i + 1] != (char)0xB2)))
        return false;
    return reserved_at(t, n, i);
}

#ifdef __SSE2__
/* The bytes of sixteen at s that a notice hangs on, a bit per byte. */
static unsigned hooks16(const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i digit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('1')), _mm_cmpeq_epi8(v, _mm_set1_epi8('2')));
    __m128i vee = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('v'));
    __m128i z_lead = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC5)); /* 'ż' */
    __m128i ve_lead = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0)); /* 'в' */
    __m128i lead = _mm_or_si128(z_lead, ve_lead);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, vee), lead));
}
#endif

/* The line is read for the bytes a notice hangs on: a year's first digit
 * and the anchors ('v' in either case; the first bytes of 'ż' and 'в'),
 * which most lines hold few of, and each is tried where it is. Sixteen
 * bytes a step where SSE2 is there, else eight; the last step is over
 * the line's last bytes, those read before left out. */
static bool holds_notice(const char *t, size_t n)
{
#ifdef __SSE2__
    if (n >= 16) {
        for (size_t i = 0; i < n; i += 16) {
            size_t at = i + 16 <= n ? i : n - 16;
            for (unsigned hooks = hooks16(t + at) & ~0u << (i - at); hooks; hooks &= hooks - 1) {
                if (notice_at(t, n, at + (size_t)__builtin_ctz(hooks)))
                    return true;
            }
        }
        return false;
    }
#endif
    for (size_t i = 0; i < n; i += 8) {
        size_t at = i + 8 <= n || n < 8 ? i : n - 8;
        uint64_t v = cl_load8(t + at, n - at);
        uint64_t hooks = cl_ascii_in(v, '1', '2') | cl_bytes_equal(v | CL_EACH_BYTE(0x20), 'v');
        if (v & CL_EACH_BYTE(0x80))
            hooks |= cl_bytes_equal(v, 0xC5) | cl_bytes_equal(v, 0xD0);
        hooks &= ~0ULL << 8 * (i - at);
        for (; hooks; hooks &= hooks - 1) {
            if (notice_at(t, n, at + (size_t)__builtin_ctzll(hooks) / 8))
                return true;
        }
    }
    return false;
}

bool cl_is_copyright(const cl_page *pg, const cl_line *L)
{
    if (L->f.words > COPYRIGHT_MAX_WORDS || L->span.length > COPYRIGHT_MAX_BYTES ||
        L->span.length < COPYRIGHT_MIN_BYTES)
        return false;
    return holds_notice(pg->text + L->span.offset, L->span.length);
}
