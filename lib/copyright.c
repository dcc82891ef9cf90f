/* The site's copyright notice ("© 2019 Site", "All rights reserved"):
 * the page's footer, where the main-content region ends. */
#include <string.h>

#include "score.h"

/* Four digits from 1000 to 2999 that the next character (lower case,
 * '\0' at the end) does not carry on as a word: a year. Plain ASCII
 * tests, not <ctype.h>, whose answers depend on the caller's locale. */
static bool is_year(const char *t, char next)
{
    for (int i = 0; i < 4; i++) {
        if (t[i] < '0' || t[i] > '9')
            return false;
    }
    bool word_goes_on =
        (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || (unsigned char)next >= 0x80;
    return (t[0] == '1' || t[0] == '2') && !word_goes_on;
}

/* A copyright notice, "© 2019 Site", "Copyright (c) 2005-2019 ...", "All
 * rights reserved" and the like: the page's footer, not a photo credit
 * ("© Reuters" names no year and reserves nothing). */
#define COPYRIGHT_MAX_WORDS 25
#define COPYRIGHT_MAX_BYTES 512
bool cl_is_copyright(const cl_page *pg, const cl_line *L)
{
#define PHRASE(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } reserved[] = {PHRASE("all rights reserved"), PHRASE("alle rechte vorbehalten"),
                    PHRASE("tous droits réservés"), PHRASE("todos los derechos reservados"),
                    PHRASE("tutti i diritti riservati"), PHRASE("todos os direitos reservados"),
                    PHRASE("alle rechten voorbehouden"), PHRASE("wszelkie prawa zastrzeżone"),
                    PHRASE("все права защищены")},
      marks[] = {PHRASE("\xC2\xA9"), PHRASE("(c)"), PHRASE("copyright")};
#undef PHRASE
    if (L->f.words > COPYRIGHT_MAX_WORDS || L->span.length > COPYRIGHT_MAX_BYTES)
        return false;
    /* The line in ASCII lower case. */
    char t[COPYRIGHT_MAX_BYTES];
    size_t n = L->span.length;
    const char *src = pg->text + L->span.offset;
    for (size_t i = 0; i < n; i++)
        t[i] = src[i] >= 'A' && src[i] <= 'Z' ? (char)(src[i] + 32) : src[i];
    for (size_t k = 0; k < sizeof reserved / sizeof *reserved; k++) {
        if (cl_find_bytes(t, n, reserved[k].s, reserved[k].n))
            return true;
    }
    /* A mark, then (after more marks and spaces) a year. */
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        for (const char *at = cl_find_bytes(t, n, marks[k].s, marks[k].n); at;
             at = cl_find_bytes(at + 1, (size_t)(t + n - at - 1), marks[k].s, marks[k].n)) {
            size_t j = (size_t)(at - t) + marks[k].n;
            for (bool more = true; more;) {
                more = false;
                while (j < n && t[j] == ' ')
                    j++;
                for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
                    if (n - j >= marks[m].n && memcmp(t + j, marks[m].s, marks[m].n) == 0)
                        j += marks[m].n, more = true;
                }
            }
            if (j + 4 <= n && is_year(t + j, j + 4 == n ? '\0' : t[j + 4]))
                return true;
        }
    }
    return false;
}
