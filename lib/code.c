/* Code: runs of lines that read as program text, a shell session or a
 * program's output, as a manual or a tutorial shows them. Their words
 * are no prose, so alone they score as boilerplate and drag down the
 * prose that introduces them ("This example prints:"); in a run they
 * are judged by the prose around them instead, as short lines are, and
 * the lines around them by the prose beyond them. */
#include <string.h>

#include "score.h"

#define CODE_MIN_LINES 2      /* code lines in a row that make a run */
#define CODE_MAX_BYTES 160    /* longer: minified script or a data blob, not an example */
#define CODE_PROSE_WORDS 8    /* a line this long that is full of stopwords is prose */
#define CODE_PROSE_STOP 0.4
#define CODE_MIN_SYMBOLS 4

static bool is_ident_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* An interpreter's or a shell's prompt, a comment's or a directive's
 * opening, at the start of the line. */
static bool opens_like_code(const char *s, size_t n)
{
    static const char *const openings[] = {">>> ", "$ ", "// ", "/*", "<!--", "#include", "#!/", "<?"};
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
        if (starts_with(s, n, openings[i]))
            return true;
    }
    return false;
}

/* A call ("name(" with no space between), an operator between spaces
 * (" = ", " == ", " => "...), a name_with_underscores, a scope "::" or
 * a comment after code ("  # ", " // "). */
static bool holds_code_token(const char *s, size_t n)
{
    static const char *const operators[] = {" = ", " == ", " != ", " => ", " -> ", " += ", " := ", " && ", " || ",
                                            "  # ", " // "};
    for (size_t i = 1; i < n; i++) {
        char c = s[i], before = s[i - 1];
        if (c == '(' && is_ident_byte(before) && memchr(s + i, ')', n - i))
            return true;
        if (c == '_' && is_ident_byte(before) && i + 1 < n && is_ident_byte(s[i + 1]))
            return true;
        if (c == ':' && before == ':' && i + 1 < n && is_ident_byte(s[i + 1]))
            return true;
        if (c == ' ' && i + 3 <= n && strchr("=!-+:&| /", s[i + 1])) {
            for (size_t k = 0; k < sizeof operators / sizeof *operators; k++) {
                if (starts_with(s + i, n - i, operators[k]))
                    return true;
            }
        }
    }
    return false;
}

/* A statement's or a block's end: "{", ";", "(", "[", ",", "):" and the
 * like close no sentence. */
static bool ends_like_code(const char *s, size_t n)
{
    char last = s[n - 1];
    return last == '{' || last == ';' || last == '(' || last == '[' || last == '\\' ||
           (last == ':' && n >= 2 && s[n - 2] == ')') || (last == ',' && n >= 2 && (s[n - 2] == ')' || s[n - 2] == '\''));
}

/* Brackets, braces, quotes, '=' and ';' make a fifth of a line's
 * characters (a tuple, a dictionary entry, a tag): prose with a
 * parenthesis or a quotation has far fewer. */
static bool dense_in_symbols(const char *s, size_t n)
{
    size_t symbols = 0, others = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr("()[]{}<>'\"=;\\", s[i]))
            symbols++;
        else if (s[i] != ' ')
            others++;
    }
    return symbols >= CODE_MIN_SYMBOLS && symbols * 4 >= others;
}

/* A bracket or a brace alone ("{", "}", "];", "});"): a block's start
 * or end. */
static bool only_brackets(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strchr("()[]{};, ", s[i]))
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

/* What a line is to a run of code. */
typedef enum code_kind { NOT_CODE, CODE, CODE_BRACKETS } code_kind;

static code_kind code_kind_of(const cl_page *pg, const cl_line *L)
{
    size_t n;
    const char *s = unindented(pg, L, &n);
    if (n == 0 || L->span.length > CODE_MAX_BYTES || L->block_item)
        return NOT_CODE;
    if (only_brackets(s, n))
        return CODE_BRACKETS;
    if (L->rule.decisive >= 0 || L->cls == CLEAN_CLASS_GOOD)
        return NOT_CODE;
    if (opens_like_code(s, n))
        return CODE;
    /* A question or a sentence that holds a formula ("(ρ = 1 g/cm³)?");
     * a feed's item, whose names and addresses hold underscores. */
    if (strchr(".?!", s[n - 1]) || L->f.url)
        return NOT_CODE;
    if (holds_code_token(s, n) || ends_like_code(s, n))
        return CODE;
    /* Symbols alone could be a quotation's: not in a sentence. */
    bool prose = L->f.words >= CODE_PROSE_WORDS && L->f.stop_density >= CODE_PROSE_STOP;
    return !prose && dense_in_symbols(s, n) ? CODE : NOT_CODE;
}

/* Marks the runs of CODE_MIN_LINES code lines or more, brackets alone
 * not counted, and leaves them to context. */
void cl_mark_code(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n;) {
        size_t q = p, lines = 0;
        code_kind kind;
        for (; q < n && (kind = code_kind_of(pg, &pg->lines[idx[q]])) != NOT_CODE; q++)
            lines += kind == CODE;
        for (size_t r = p; lines >= CODE_MIN_LINES && r < q; r++) {
            /* A bracket alone that a rule dropped as a separator is the
             * end of a block here. */
            cl_line *L = &pg->lines[idx[r]];
            L->code = true;
            L->action = CL_ACTION_NONE;
            L->cls = CLEAN_CLASS_SHORT;
            L->reason = "code";
            L->reason_rule = NULL;
            cl_set_related(L, 0);
        }
        p = q > p ? q : p + 1;
    }
}
