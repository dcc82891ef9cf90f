/* Markdown's frames: a fenced code block's fences ("```python" ... "```")
 * and a heading's underline ("Installation" over "------------"), as
 * Markdown converters and pandoc write them. They hold no words, and on
 * their own they read as separators, which would part a code example
 * from the prose that introduces it and a heading from its section: each
 * goes with the line above instead, decided with it as a wrapped line
 * is, and the lines between two fences are code (code.c). A pandoc div's
 * fences (":::", "::: {.admonition .note}", "::: highlight"), which
 * `pandoc -t markdown` prints around every block of a page's layout,
 * frame no content of their own: context looks past them as past blank
 * lines (score.c), and a wrapped paragraph never runs into one. */
#include <string.h>

#include "internal.h"

/* Up to three spaces of indentation, as Markdown allows: the offset of
 * the first other byte, or n when the line is indented by four or more
 * (a code block of its own). */
static size_t markup_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    return i < n && s[i] == ' ' ? n : i;
}

/* The length of a fence, three or more '`' or '~', that the line starts
 * with (*mark its byte), or 0. A backtick fence's info string holds no
 * backtick ("```js" opens one; "```x``` inline" does not). */
static size_t fence_length(const char *s, size_t n, char *mark)
{
    size_t i = markup_start(s, n), run = 0;
    if (i == n || (s[i] != '`' && s[i] != '~'))
        return 0;
    while (i + run < n && s[i + run] == s[i])
        run++;
    if (run < 3 || (s[i] == '`' && memchr(s + i + run, '`', n - i - run)))
        return 0;
    *mark = s[i];
    return run;
}

/* A closing fence: the opening's byte, at least as many, nothing after. */
static bool closes_fence(const char *s, size_t n, char mark, size_t opening)
{
    char m = 0;
    size_t run = fence_length(s, n, &m), start = markup_start(s, n);
    return run >= opening && m == mark && start + run == n;
}

/* A heading's underline: '=' or '-' alone, three or more. */
static bool underline(const char *s, size_t n)
{
    size_t i = markup_start(s, n);
    if (i == n || (s[i] != '=' && s[i] != '-') || n - i < 3)
        return false;
    for (size_t k = i; k < n; k++) {
        if (s[k] != s[i])
            return false;
    }
    return true;
}

/* A pandoc div's fence: three or more ':', then nothing, its attributes
 * in braces, or a class name. */
static bool div_fence(const char *s, size_t n)
{
    size_t i = markup_start(s, n), run = 0;
    while (i + run < n && s[i + run] == ':')
        run++;
    if (run < 3)
        return false;
    i += run;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '{') {
        const char *close = memchr(s + i, '}', n - i);
        if (!close)
            return false;
        i = (size_t)(close - s) + 1;
    } else {
        while (i < n && (s[i] == '-' || s[i] == '_' || s[i] == '.' || (unsigned char)((s[i] | 0x20) - 'a') < 26 ||
                         (unsigned char)(s[i] - '0') < 10))
            i++;
    }
    while (i < n && s[i] == ' ')
        i++;
    return i == n;
}

/* Can a frame start with c (indentation, a fence, an underline)? */
static bool may_frame(char c)
{
    return c == ' ' || c == '`' || c == '~' || c == '=' || c == '-' || c == ':';
}

void cl_unjoin_div_fences(const char *text, const cl_span *spans, size_t count, bool *joins)
{
    for (size_t i = 0; i < count; i++) {
        const char *s = text + spans[i].offset;
        if (spans[i].length == 0 || (s[0] != ':' && s[0] != ' ') || !div_fence(s, spans[i].length))
            continue;
        joins[i] = false;
        if (i > 0)
            joins[i - 1] = false;
    }
}

/* Line i goes with the line above, unless a line below already goes
 * with it (a wrapped or broken block it heads). */
static void goes_with_above(cl_page *pg, size_t i)
{
    if (i > 0 && (i + 1 == pg->count || !pg->lines[i + 1].continued))
        pg->lines[i].continued = true;
}

/* One pass: after a fence that is never closed, no line is taken for an
 * underline (it might be code), and none is read twice. */
void cl_find_markdown_frames(cl_page *pg)
{
    size_t open_at = 0, opening = 0;
    char mark = 0;
    for (size_t i = 0; i < pg->count; i++) {
        cl_line *L = &pg->lines[i];
        const char *s = pg->text + L->span.offset;
        size_t n = L->span.length;
        /* Most lines start with a letter, which no frame does. */
        if (n == 0 || !may_frame(s[0]))
            continue;
        if (!opening && !L->continued && div_fence(s, n)) {
            L->markup = true;
            continue;
        }
        if (opening) {
            if (!closes_fence(s, n, mark, opening))
                continue;
            /* A block closed: its fences frame it, its lines are code. */
            goes_with_above(pg, open_at);
            goes_with_above(pg, i);
            for (size_t k = open_at + 1; k < i; k++)
                pg->lines[k].fenced = true;
            opening = 0;
        } else if ((opening = fence_length(s, n, &mark))) {
            open_at = i;
        } else if (i > 0 && !L->span.blank_before && !pg->lines[i - 1].fenced && underline(s, n)) {
            goes_with_above(pg, i);
        }
    }
}

unsigned cl_markdown_heading(const cl_page *pg, size_t i)
{
    const cl_line *L = &pg->lines[i], *below = i + 1 < pg->count ? &pg->lines[i + 1] : NULL;
    if (L->f.heading || !below || !below->continued)
        return L->f.heading;
    const char *s = pg->text + below->span.offset;
    size_t n = below->span.length;
    return underline(s, n) ? (s[markup_start(s, n)] == '=' ? 1 : 2) : 0;
}
