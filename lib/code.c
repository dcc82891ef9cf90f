/* Code: runs of lines that read as program text, a shell session or a
 * program's output, as a manual or a tutorial shows them. Their words
 * are no prose, so alone they score as boilerplate and drag down the
 * prose that introduces them ("This example prints:"); in a run they
 * are judged by the prose around them instead, as short lines are, and
 * the lines around them by the prose beyond them. */
#include <stddef.h>
#include <string.h>

#include "score.h"

#define CODE_MIN_LINES 2      /* code lines in a row that make a run */
#define CODE_MAX_BYTES 160    /* longer: minified script or a data blob, not an example */
#define CODE_PROSE_WORDS 8    /* a line this long that is full of stopwords is prose */
#define CODE_PROSE_STOP 0.4
#define CODE_MIN_SYMBOLS 4
#define BRIDGE_MAX_LINES 2    /* lines in a run that hold no code token ("return err", "else") */
#define BRIDGE_MAX_WORDS 3
#define BRIDGE_MAX_INDENTED 6 /* indented ones ("if i:", "return a[i]") */
#define CODE_LABEL_LINES 2    /* repeated labels over a code block ("js", "Copy to Clipboard") */
#define GUTTER_MIN_LINES 2    /* line numbers over a code block, "1" to "N", a line each */
#define GUTTER_MAX_DIGITS 4

/* What a byte is to code: a symbol that code is dense in, a bracket
 * that may stand alone, a byte that may follow a space in an operator
 * (" = ", " -> ", " // "). */
enum { SYMBOL = 1, BRACKET = 2, OPERATOR = 4 };
static const uint8_t code_bytes[256] = {
    ['('] = SYMBOL | BRACKET, [')'] = SYMBOL | BRACKET, ['['] = SYMBOL | BRACKET, [']'] = SYMBOL | BRACKET,
    ['{'] = SYMBOL | BRACKET, ['}'] = SYMBOL | BRACKET, [';'] = SYMBOL | BRACKET, [','] = BRACKET,
    [' '] = BRACKET | OPERATOR, ['<'] = SYMBOL, ['>'] = SYMBOL, ['\''] = SYMBOL, ['"'] = SYMBOL,
    ['\\'] = SYMBOL, ['='] = SYMBOL | OPERATOR, ['!'] = OPERATOR, ['-'] = OPERATOR, ['+'] = OPERATOR,
    [':'] = OPERATOR, ['&'] = OPERATOR, ['|'] = OPERATOR, ['/'] = OPERATOR, ['#'] = OPERATOR};

/* A byte of a name: a letter, a digit, '_'. */
static bool is_name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* prefix is not empty: its first byte tells most lines apart before its
 * length is counted and the rest compared. */
static bool starts_with(const char *s, size_t n, const char *prefix)
{
    if (n == 0 || s[0] != prefix[0])
        return false;
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* Python's "from package import name" at the start of the line. */
static bool imports_from(const char *s, size_t n)
{
    static const char from[] = "from ", import[] = " import ";
    if (!starts_with(s, n, from))
        return false;
    for (size_t i = sizeof from - 1; i + sizeof import - 1 <= n; i++) {
        if (s[i] == ' ')
            return starts_with(s + i, n - i, import);
    }
    return false;
}

/* An interpreter's or a shell's prompt, a comment's or a directive's
 * opening, an import (prose starts with a capital), at the start of the
 * line. Most lines start with a letter or a digit, as only the imports
 * among them do: the others are not looked for there. */
static bool opens_like_code(const char *s, size_t n)
{
    if (n > 0 && is_name_byte(s[0]))
        return starts_with(s, n, "import ") || imports_from(s, n);
    static const char *const openings[] = {">>> ", "$ ", "// ", "/*", "<!--", "#include", "#!/", "<?"};
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
        if (starts_with(s, n, openings[i]))
            return true;
    }
    return false;
}

/* An operator between spaces (" = ", " == ", " => "...) or a comment
 * after code ("  # ", " // ") at s[i], a space. */
static bool operator_at(const char *s, size_t n, size_t i)
{
    static const char *const operators[] = {" = ", " == ", " != ", " => ", " -> ", " += ", " := ", " && ", " || ",
                                            "  # ", " // "};
    for (size_t k = 0; k < sizeof operators / sizeof *operators; k++) {
        if (starts_with(s + i, n - i, operators[k]))
            return true;
    }
    return false;
}

/* The bytes of v (eight of the line from at, n long) that a code token
 * may be at: the ASCII bytes that are no letter or digit (code_bytes
 * has all its bytes among them), but a space only before one of those,
 * as every operator_at has it (or last, before the next eight). */
static uint64_t token_hooks(uint64_t v, size_t at, size_t n)
{
    uint64_t alnum = cl_ascii_in(v | CL_EACH_BYTE(0x20), 'a', 'z') | cl_ascii_in(v, '0', '9');
    uint64_t punct = ~(v | alnum) & CL_EACH_BYTE(0x80), space = cl_bytes_equal(v, ' ');
    uint64_t hooks = (punct & ~space) | (space & (punct >> 8 | 1ULL << 63));
    return n - at >= 8 ? hooks : hooks & ((1ULL << 8 * (n - at)) - 1);
}

/* One pass over the line: true if it holds a call ("name(" with no
 * space between, closed later), an operator (operator_at), a
 * name_with_underscores or a scope "::"; else *symbols gets the bytes
 * that code is dense in, *others the other bytes but spaces. Eight
 * bytes a step: letters, digits and most spaces are only counted. */
static bool holds_code_token(const char *s, size_t n, size_t *symbols, size_t *others)
{
    size_t dense = 0, spaces = 0;
    bool call_open = false;
    for (size_t at = 0; at < n; at += 8) {
        uint64_t v = cl_load8(s + at, n - at);
        spaces += cl_count_marked(cl_bytes_equal(v, ' '));
        for (uint64_t hooks = token_hooks(v, at, n); hooks; hooks &= hooks - 1) {
            size_t i = at + (size_t)__builtin_ctzll(hooks) / 8;
            char c = s[i];
            uint8_t kind = code_bytes[(uint8_t)c];
            if (!(kind & (SYMBOL | OPERATOR)))
                continue;
            dense += (kind & SYMBOL) != 0;
            if (i == 0)
                continue;
            char before = s[i - 1];
            if (c == ')' && call_open)
                return true;
            /* An assignment or a named argument ("retries=3,"); not an
             * HTML attribute, whose value is quoted. */
            if (c == '=' && is_name_byte(before) && i + 1 < n && is_name_byte(s[i + 1]))
                return true;
            if (c == '(' && is_name_byte(before))
                call_open = true;
            else if (c == ':' && before == ':' && i + 1 < n && is_name_byte(s[i + 1]))
                return true;
            else if (c == ' ' && i + 3 <= n && (code_bytes[(uint8_t)s[i + 1]] & OPERATOR) && operator_at(s, n, i))
                return true;
        }
    }
    *symbols = dense, *others = n - dense - spaces; /* a space is no symbol */
    return false;
}

/* Is the name from s to end a capitalised phrase joined by underscores
 * ("Council_tax", "Brackenford_City_Council"), as html2text prints a
 * link's words, rather than a name of code ("max_size", "MAX_SIZE",
 * "Py_DECREF")? Each of its words has a capital first, if any. */
static bool joined_phrase(const char *s, const char *end)
{
    if (*s < 'A' || *s > 'Z')
        return false;
    for (const char *c = s + 1; c < end; c++) {
        if (*c >= 'A' && *c <= 'Z' && c[-1] != '_')
            return false;
    }
    return true;
}

/* A name_with_underscores: '_' between name bytes. */
static bool holds_snake_case(const char *s, size_t n)
{
    for (const char *u = memchr(s, '_', n); u; u = memchr(u + 1, '_', n - (size_t)(u + 1 - s))) {
        if (!(u > s && u + 1 < s + n && is_name_byte(u[-1]) && is_name_byte(u[1])))
            continue;
        const char *start = u, *end = u;
        while (start > s && is_name_byte(start[-1]))
            start--;
        while (end < s + n && is_name_byte(*end))
            end++;
        if (!joined_phrase(start, end))
            return true;
        if (end == s + n)
            break;
        u = end;
    }
    return false;
}

/* A Python class header without bases ("class Config:"), which a page
 * may repeat over each of its examples: code, not a label ("class of
 * 2024:" has more words). */
static bool declares_class(const char *s, size_t n)
{
    static const char keyword[] = "class ";
    if (s[n - 1] != ':' || !starts_with(s, n, keyword) || n <= sizeof keyword)
        return false;
    return memchr(s + sizeof keyword - 1, ' ', n - sizeof keyword) == NULL;
}

/* A statement's or a block's end: "{", ";", "(", "[", ",", "):" and the
 * like close no sentence. */
static bool ends_like_code(const char *s, size_t n)
{
    char last = s[n - 1];
    return last == '{' || last == ';' || last == '(' || last == '[' || last == '\\' ||
           (last == ':' && n >= 2 && s[n - 2] == ')') || (last == ',' && n >= 2 && (s[n - 2] == ')' || s[n - 2] == '\'')) ||
           declares_class(s, n);
}

/* A bracket or a brace alone ("{", "}", "];", "});"): a block's start
 * or end. */
static bool only_brackets(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!(code_bytes[(uint8_t)s[i]] & BRACKET))
            return false;
    }
    return true;
}

/* The line's text without its indentation. */
static const char *unindented(const cl_page *pg, const cl_line *L, size_t *n)
{
    const char *s = pg->text + L->span.offset;
    *n = L->span.length;
    while (*n > 0 && (*s == ' ' || *s == '\t'))
        s++, (*n)--;
    return s;
}

bool cl_looks_like_code(const char *line, size_t length)
{
    size_t i = 0, symbols, others;
    while (i < length && (line[i] == ' ' || line[i] == '\t'))
        i++;
    const char *s = line + i;
    size_t n = length - i;
    return n > 0 && (opens_like_code(s, n) || ends_like_code(s, n) || only_brackets(s, n) ||
                     holds_code_token(s, n, &symbols, &others) || holds_snake_case(s, n));
}

/* What a line is to a run of code. */
typedef enum code_kind { NOT_CODE, CODE, CODE_BRACKETS } code_kind;

/* code_kind_of a line that may be code, from its text. */
static code_kind code_kind_of_text(const cl_page *pg, const cl_line *L)
{
    size_t n, symbols, others;
    const char *s = unindented(pg, L, &n);
    /* Most others hold no ASCII punctuation at all (but an import's,
     * "import numpy as np"). */
    if (n == 0 || (L->f.punct == 0 && !opens_like_code(s, n)))
        return NOT_CODE;
    /* A bracket alone that a rule dropped as a separator is the end of
     * a block here (a keep rule's line is good, and stays). */
    if (only_brackets(s, n))
        return CODE_BRACKETS;
    if (L->rule.decisive >= 0)
        return NOT_CODE;
    if (opens_like_code(s, n))
        return CODE;
    /* A question or a sentence that holds a formula ("(ρ = 1 g/cm³)?");
     * a feed's item, whose names and addresses hold underscores. */
    char last = s[n - 1];
    if (last == '.' || last == '?' || last == '!' || L->f.url)
        return NOT_CODE;
    if (ends_like_code(s, n) || holds_code_token(s, n, &symbols, &others) || holds_snake_case(s, n))
        return CODE;
    /* Symbols alone could be a quotation's: not in a sentence. */
    bool prose = L->f.words >= CODE_PROSE_WORDS && L->f.stop_density >= CODE_PROSE_STOP;
    return !prose && symbols >= CODE_MIN_SYMBOLS && symbols * 4 >= others ? CODE : NOT_CODE;
}

/* Inline in the loops over a page's lines, most of which its first
 * tests tell. */
static inline code_kind code_kind_of(const cl_page *pg, const cl_line *L)
{
    if (L->fenced)
        return CODE;
    /* Most lines are prose or too long: told by their features. */
    if (L->cls == CLEAN_CLASS_GOOD || L->span.length > CODE_MAX_BYTES || L->block_item)
        return NOT_CODE;
    return code_kind_of_text(pg, L);
}

/* Is the line indented (a statement inside a function or a loop)? */
static bool indented(const cl_page *pg, const cl_line *L)
{
    const char *s = pg->text + L->span.offset;
    return L->span.length > 0 && (s[0] == ' ' || s[0] == '\t');
}

/* A short line inside a run that shows no code of its own: a statement
 * of bare words ("return err", "raise ValueError", "else"), which the
 * page may repeat, as code does; indented, a block's opening ("if i:")
 * or a docstring too, where a label announcing a list is not. */
static bool may_bridge(const cl_page *pg, const cl_line *L)
{
    if (L->cls == CLEAN_CLASS_GOOD || L->rule.decisive >= 0 || L->f.ends_sentence)
        return false;
    if (indented(pg, L))
        return L->f.words < CODE_PROSE_WORDS;
    return L->f.words <= BRIDGE_MAX_WORDS && !L->f.ends_colon;
}

/* The next code line from p on in direction step (+1 or -1), across at
 * most BRIDGE_MAX_LINES lines that may bridge, BRIDGE_MAX_INDENTED if
 * they are indented; SIZE_MAX if there is none. */
static size_t across_bridge(const cl_page *pg, const cl_pos *idx, size_t n, size_t p, int step)
{
    for (size_t k = 0, plain = 0; k <= BRIDGE_MAX_INDENTED && plain <= BRIDGE_MAX_LINES && p < n;
         k++, p += (size_t)(ptrdiff_t)step) {
        const cl_line *L = &pg->lines[idx[p]];
        if (code_kind_of(pg, L) != NOT_CODE)
            return p;
        if (!may_bridge(pg, L))
            break;
        plain += !indented(pg, L);
    }
    return SIZE_MAX;
}

/* A code line is left to context, whatever its class or rule. */
static void leave_to_context(cl_line *L)
{
    L->code = true;
    L->action = CL_ACTION_NONE;
    L->cls = CLEAN_CLASS_SHORT;
    L->reason = "code";
    L->reason_rule = NULL;
    cl_set_related(L, 0);
}

static void mark_label(cl_line *L)
{
    L->code_label = true;
    L->cls = CLEAN_CLASS_NEAR_GOOD;
}

/* The number on a line of digits alone, 0 if none (or too long). */
static unsigned line_number(const cl_page *pg, const cl_line *L)
{
    size_t n;
    const char *s = unindented(pg, L, &n);
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= GUTTER_MAX_DIGITS)
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return v;
}

/* A label the page repeats over (or under) each of its code blocks. */
static bool is_repeated_label(const cl_line *L)
{
    return L->repeated && !L->code && L->f.words <= BRIDGE_MAX_WORDS;
}

/* The labels over a code block stand between the code and the prose
 * that introduces it: the column of its line numbers that some sites
 * print ("1" to "10", a line each, as a dump reads the gutter first),
 * and above that the labels a page repeats over each of its blocks
 * ("js", "Copy to Clipboard"). Context looks past them (they are neither
 * of its neighbours), and they go (cl_drop_code_labels). Returns how
 * many it marked. */
static size_t mark_labels_above(cl_page *pg, const cl_pos *idx, size_t lo)
{
    size_t marked = 0;
    unsigned last = lo > 0 ? line_number(pg, &pg->lines[idx[lo - 1]]) : 0;
    if (last >= GUTTER_MIN_LINES && last <= lo) {
        unsigned k = 0;
        while (k < last && line_number(pg, &pg->lines[idx[lo - 1 - k]]) == last - k)
            k++;
        if (k == last) {
            for (; marked < k; marked++)
                mark_label(&pg->lines[idx[lo - 1 - marked]]);
            lo -= k;
        }
    }
    for (size_t p = lo, k = 0; p-- > 0 && k < CODE_LABEL_LINES && is_repeated_label(&pg->lines[idx[p]]);
         k++, marked++)
        mark_label(&pg->lines[idx[p]]);
    return marked;
}

void cl_drop_code_labels(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->code_label) {
            L->cls = CLEAN_CLASS_BAD;
            L->good = false;
            L->reason = "code-label";
            L->reason_rule = NULL;
            cl_set_related(L, 0);
        }
    }
}

/* Some pages print a code block's button under it ("Copy"), where a
 * statement the run left out may stand too ("try:"). */
static bool is_label_below(const cl_page *pg, const cl_line *L)
{
    return is_repeated_label(L) && !L->f.ends_colon &&
           !cl_looks_like_code(pg->text + L->span.offset, L->span.length);
}

/* Does the line end in a backslash, which continues it on the next? */
static bool continues_below(const cl_page *pg, const cl_line *L)
{
    return L->span.length > 0 && pg->text[L->span.offset + L->span.length - 1] == '\\';
}

/* Does a line from lo to hi (exclusive) hold a space past its
 * indentation? A run of lines that are each one token is a list of names
 * ("photo_1.jpg", "dp3_1_en"), no code. */
static bool holds_statement(const cl_page *pg, const cl_pos *idx, size_t lo, size_t hi)
{
    for (size_t p = lo; p < hi; p++) {
        size_t n;
        const char *s = unindented(pg, &pg->lines[idx[p]], &n);
        if (memchr(s, ' ', n) || memchr(s, '\t', n))
            return true;
    }
    return false;
}

/* Marks the runs of CODE_MIN_LINES code lines or more, brackets alone
 * and the short lines they bridge not counted, and leaves them to
 * context. A run of two or more holds a line at an odd position: only
 * those are read until one is code. */
_Static_assert(CODE_MIN_LINES == 2, "runs found from every other line");
size_t cl_mark_code(cl_page *pg, const cl_pos *idx, size_t n)
{
    size_t labels = 0;
    /* A Markdown dump says which lines are code: one alone is too. */
    for (size_t p = 0; p < n; p++) {
        if (pg->lines[idx[p]].fenced)
            leave_to_context(&pg->lines[idx[p]]);
    }
    for (size_t p = 1; p < n; p += 2) {
        code_kind kind = code_kind_of(pg, &pg->lines[idx[p]]);
        if (kind == NOT_CODE)
            continue;
        size_t lo = p, hi = p + 1, lines = kind == CODE, next;
        for (; lo > 0 && (next = across_bridge(pg, idx, n, lo - 1, -1)) != SIZE_MAX; lo = next)
            lines += code_kind_of(pg, &pg->lines[idx[next]]) == CODE;
        for (; hi < n && (next = across_bridge(pg, idx, n, hi, 1)) != SIZE_MAX; hi = next + 1)
            lines += code_kind_of(pg, &pg->lines[idx[next]]) == CODE;
        /* A shell command's last line goes on the one it continues ("\"). */
        while (hi < n && continues_below(pg, &pg->lines[idx[hi - 1]]))
            hi++;
        if (lines >= CODE_MIN_LINES && holds_statement(pg, idx, lo, hi)) {
            for (size_t r = lo; r < hi; r++)
                leave_to_context(&pg->lines[idx[r]]);
            labels += mark_labels_above(pg, idx, lo);
            if (hi < n && is_label_below(pg, &pg->lines[idx[hi]]))
                mark_label(&pg->lines[idx[hi]]), labels++;
        }
        p = hi - (hi - p) % 2; /* the next odd position is past the run */
    }
    return labels;
}

/* A code example between two lines of the article is the article's, its
 * statements of bare words too, whatever context made of them. */
void cl_keep_code_inside(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi)
{
    for (size_t p = lo + 1; p < hi; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->code && !L->good)
            L->good = true, L->reason = "code-example";
    }
}
