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
    static const char *const reserved[] = {
        "all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
        "todos los derechos reservados", "tutti i diritti riservati", "todos os direitos reservados",
        "alle rechten voorbehouden", "wszelkie prawa zastrzeżone", "все права защищены"};
    static const char *const marks[] = {"\xC2\xA9", "(c)", "copyright"};
    if (L->f.words > COPYRIGHT_MAX_WORDS || L->span.length > COPYRIGHT_MAX_BYTES)
        return false;
    /* The line in ASCII lower case. */
    char t[COPYRIGHT_MAX_BYTES];
    size_t n = L->span.length;
    const char *src = pg->text + L->span.offset;
    for (size_t i = 0; i < n; i++)
        t[i] = src[i] >= 'A' && src[i] <= 'Z' ? (char)(src[i] + 32) : src[i];
    for (size_t k = 0; k < sizeof reserved / sizeof *reserved; k++) {
        if (cl_find_bytes(t, n, reserved[k], strlen(reserved[k])))
            return true;
    }
    /* A mark, then (after more marks and spaces) a year. */
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        for (const char *at = cl_find_bytes(t, n, marks[k], strlen(marks[k])); at;
             at = cl_find_bytes(at + 1, (size_t)(t + n - at - 1), marks[k], strlen(marks[k]))) {
            size_t j = (size_t)(at - t) + strlen(marks[k]);
            for (bool more = true; more;) {
                more = false;
                while (j < n && t[j] == ' ')
                    j++;
                for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
                    size_t len = strlen(marks[m]);
                    if (n - j >= len && memcmp(t + j, marks[m], len) == 0)
                        j += len, more = true;
                }
            }
            if (j + 4 <= n && is_year(t + j, j + 4 == n ? '\0' : t[j + 4]))
                return true;
        }
    }
    return false;
}
