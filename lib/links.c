/* Links in the cleaned text: a reader of a Markdown dump reads a link as
 * its text, and one of a lynx dump without the number lynx prints before
 * it, so the cleaned text does too unless the caller keeps the markup
 * (CLEAN_LINKS_KEEP). The addresses are no words of the article, and
 * between its words they break its sentences apart. */
#include <string.h>

#include "internal.h"

static bool is_digit(uint8_t c)
{
    return (uint8_t)(c - '0') < 10;
}

/* Past the "(target)" that starts at s[i] ('('), or 0 when there is none
 * or it reads as no address (an index and a call in code, "f[0](x)"):
 * an address has a scheme, a path, an anchor or a domain's dot, and no
 * space but before a title ("(/a "Title")"); its parentheses nest once,
 * as a wiki's do ("/wiki/Mercury_(planet)"). */
static size_t target_end(const uint8_t *s, size_t n, size_t i)
{
    size_t j = i + 1;
    int depth = 0;
    bool address = false;
    for (; j < n && s[j] > ' '; j++) {
        if (s[j] == '(') {
            if (++depth > 1)
                return 0;
        } else if (s[j] == ')') {
            if (depth-- == 0)
                break;
        } else if (s[j] == ':' || s[j] == '/' || s[j] == '#' || s[j] == '.' || s[j] == '?') {
            address = true;
        }
    }
    if (!address)
        return 0;
    if (j + 1 < n && s[j] == ' ' && s[j + 1] == '"') {
        const uint8_t *quote = memchr(s + j + 2, '"', n - j - 2);
        j = quote ? (size_t)(quote - s) + 1 : n;
    }
    return j < n && s[j] == ')' ? j + 1 : 0;
}

/* Past lynx's reference number at s[i] ('['), "[12]Home", or 0: up to
 * five digits right before a link's text, which may be a note's number
 * ("Carrow.^[29][1]"). A number before a space is the page's own text. */
static size_t reference_end(const uint8_t *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && j - i <= 5 && is_digit(s[j]))
        j++;
    if (j == i + 1 || j + 1 >= n || s[j] != ']')
        return 0;
    uint8_t next = s[j + 1];
    return next > ' ' && next != ']' ? j + 1 : 0;
}

/* Past an address that html-to-text prints in brackets after a link's
 * text or alone for an image ("Compost [/category/compost/]",
 * "[https://x.org/a.jpg]"), at s[i] ('['), or 0: a path, an anchor or
 * an address with a scheme, with no space, after a blank or at the
 * line's start, and not a Markdown link's text ("[https://a.b](...)"). */
static size_t bracketed_address_end(const uint8_t *s, size_t n, size_t i)
{
    if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')
        return 0;
    size_t j = i + 1;
    bool address = j < n && (s[j] == '/' || s[j] == '#');
    while (j < n && s[j] > ' ' && s[j] != ']' && s[j] != '[') {
        if (s[j] == ':' && !address) {
            static const char mailto[] = "mailto";
            bool web = j + 2 < n && s[j + 1] == '/' && s[j + 2] == '/' && j > i + 1;
            address = web || (j - i - 1 == sizeof mailto - 1 && !memcmp(s + i + 1, mailto, sizeof mailto - 1));
        }
        j++;
    }
    return address && j < n && s[j] == ']' && (j + 1 == n || s[j + 1] != '(') ? j + 1 : 0;
}

/* Links nest at most this deep: an image in a link, "[![alt](src)](href)". */
#define MAX_OPEN 8

size_t cl_render_links(const char *line, size_t n, bool references, char *out)
{
    const uint8_t *s = (const uint8_t *)line;
    size_t open[MAX_OPEN]; /* in out: the '[' of each link text still open */
    size_t depth = 0, k = 0;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c == '[') {
            size_t past = references ? reference_end(s, n, i) : 0;
            if (past) {
                i = past;
                continue;
            }
            past = bracketed_address_end(s, n, i);
            if (past) {
                /* The blank that set it apart goes with it. */
                if (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\t'))
                    k--;
                else if (past < n && s[past] == ' ')
                    past++;
                i = past;
                continue;
            }
            /* Not a word's bracket: "a[i]" indexes. */
            if (depth < MAX_OPEN && (i == 0 || !cl_is_word_byte(s[i - 1])))
                open[depth++] = k;
        } else if (c == ']' && depth > 0) {
            size_t at = open[--depth];
            size_t past = i + 1 < n && s[i + 1] == '(' ? target_end(s, n, i + 1) : 0;
            if (past) {
                /* The text stays, without its brackets; an image's '!' goes too. */
                bool image = at > 0 && out[at - 1] == '!';
                size_t from = image ? at - 1 : at;
                memmove(out + from, out + at + 1, k - at - 1);
                k -= at + 1 - from;
                i = past;
                continue;
            }
        }
        out[k++] = (char)c;
        i++;
    }
    while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\t'))
        k--;
    return k;
}

/* A line of the list of the page's links that lynx and elinks print,
 * "  12. https://…", or w3m, "[12] https://…". */
static bool lists_address(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && line[i] == ' ')
        i++;
    bool bracketed = i < n && line[i] == '[';
    size_t digits = i += bracketed;
    while (i < n && is_digit((uint8_t)line[i]))
        i++;
    if (i == digits || i + 2 >= n || line[i] != (bracketed ? ']' : '.') || line[i + 1] != ' ')
        return false;
    for (i += 2; i < n && line[i] == ' '; i++)
        ;
    size_t scheme = i;
    while (i < n && (uint8_t)((line[i] | 0x20) - 'a') < 26)
        i++;
    if (i == scheme || i >= n || line[i] != ':')
        return false;
    return (i + 2 < n && line[i + 1] == '/' && line[i + 2] == '/') || (i - scheme == 6 && !memcmp(line + scheme, "mailto", 6));
}

bool cl_page_numbers_links(const cl_page *pg)
{
    /* The list is at the page's end: read from there. */
    for (size_t i = pg->count; i-- > 0;) {
        const cl_line *l = &pg->lines[i];
        if (lists_address(pg->text + l->span.offset, l->span.length))
            return true;
    }
    return false;
}
