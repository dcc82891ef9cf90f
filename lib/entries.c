/* Reference entries: a tool's or a library's reference lists its members
 * one under another, each a line or a few that name it as code
 * ("--vault-name (string)", "pub fn len(&self) -> usize", "builder()")
 * with its type and attributes ("Required: Yes", "Type: String"), over a
 * short sentence that describes it. Each such sentence alone reads as a
 * caption between short lines, which context drops, and the short lines
 * weigh against the region, which then ends at the first member. Runs of
 * them are content: the sentences are good, and their names and
 * attributes (their "Label: value" rows too) are rows of a table. Not on
 * threads, where a poster's name over a one-line post has that shape. */
#include <string.h>

#include "score.h"

#define ENTRY_MIN 3              /* entries named as code that make a reference */
#define ENTRY_PART_WORDS 12      /* words of a name, type or attribute line */
#define ENTRY_MAX_PARTS 12       /* such lines over one description, an example of a few included */
#define ENTRY_PLAIN_PARTS 3      /* of an entry that names nothing as code ("Panics") */
#define ENTRY_PLAIN_IN_ROW 2     /* such entries in a row that a reference may hold */
#define DESCRIPTION_MAX_WORDS 80
#define PLAIN_DESCRIPTION_WORDS 30 /* of one under plain parts: a footer's notice is longer */
#define TYPE_LINE_WORDS 4

/* A type's name, as references print it alone or after "Type:": of
 * these, the words that are common English too count in lower case
 * only ("list", not "List"). */
typedef struct type_name {
    const char *s;
    uint8_t n;
    bool any_case;
} type_name;
#define TYPE(s, any_case) {s, sizeof s - 1, any_case}
static const type_name type_names[] = {
    TYPE("string", true), TYPE("str", true),    TYPE("int", true),     TYPE("integer", true), TYPE("boolean", true),
    TYPE("bool", true),   TYPE("float", true),  TYPE("double", true),  TYPE("uuid", true),    TYPE("void", true),
    TYPE("bytes", true),  TYPE("dict", true),   TYPE("list", false),   TYPE("map", false),    TYPE("object", false),
    TYPE("array", false), TYPE("number", false), TYPE("long", false),  TYPE("char", false),   TYPE("enum", false)};
#undef TYPE
#define TYPE_NAME_MIN 3
#define TYPE_NAME_MAX 7

static bool is_type_name(const char *s, size_t n)
{
    if (n < TYPE_NAME_MIN || n > TYPE_NAME_MAX)
        return false;
    char lower[TYPE_NAME_MAX];
    bool was_lower = true;
    for (size_t i = 0; i < n; i++) {
        lower[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        was_lower = was_lower && lower[i] == s[i];
    }
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++) {
        const type_name *t = &type_names[i];
        if (t->n == n && t->s[0] == lower[0] && (t->any_case || was_lower) && memcmp(lower, t->s, n) == 0)
            return true;
    }
    return false;
}

/* The bytes names_code looks at: most lines hold none. */
static const bool code_mark[256] = {['('] = true, ['='] = true, ['<'] = true, ['-'] = true, [':'] = true};

/* Does the line name a member as code: a call ("maxAttempts()",
 * "fmt(&self", "on<K>(event"), "->" or "::", a generic type
 * ("Promise<void>"), an option ("--vault-name", "-v"), a parameter
 * ("elements=string"), or a type first or last on a short line ("string
 * / required", "Type: String", "(integer)", "bucket: string")? */
static bool names_code(const cl_page *pg, const cl_line *L)
{
    const char *s = pg->text + L->span.offset;
    size_t n = L->span.length, i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < n && s[i] == '-' && (s[i + 1] == '-' || (uint8_t)((s[i + 1] | 0x20) - 'a') < 26))
        return true;
    size_t lead = i;
    for (; i + 1 < n; i++) {
        uint8_t c = (uint8_t)s[i], next = (uint8_t)s[i + 1];
        if (!code_mark[c])
            continue;
        if ((c == '(' || c == '=' || c == '<') && i > 0) {
            bool after_word = cl_is_word_byte((uint8_t)s[i - 1]);
            if ((c == '(' && (after_word || s[i - 1] == '>')) || (c != '(' && after_word && cl_is_word_byte(next)))
                return true;
        } else if ((c == '-' && next == '>') || (c == ':' && next == ':')) {
            return true;
        }
    }
    if (L->f.words > TYPE_LINE_WORDS)
        return false;
    /* The first word, past a bracket, and the last, before one. */
    size_t first = lead, last = n;
    while (first < n && !cl_is_word_byte((uint8_t)s[first]))
        first++;
    while (last > first && !cl_is_word_byte((uint8_t)s[last - 1]))
        last--;
    size_t first_end = first, last_start = last;
    while (first_end < last && cl_is_word_byte((uint8_t)s[first_end]))
        first_end++;
    while (last_start > first && cl_is_word_byte((uint8_t)s[last_start - 1]))
        last_start--;
    return (first_end > first && is_type_name(s + first, first_end - first)) ||
           (last > last_start && is_type_name(s + last_start, last - last_start));
}

/* A sentence that describes a member, what context reads as a caption.
 * (The site's copyright notice under the last one is none: that is
 * asked only of a sentence that would go on a reference, which few do.) */
static bool is_description(const cl_line *L)
{
    return L->f.ends_sentence && L->f.words >= 2 && L->f.words <= DESCRIPTION_MAX_WORDS && L->cls >= CLEAN_CLASS_SHORT &&
           !cl_rule_dropped(L) && !L->table && !L->code;
}

/* A line of a member's name, type or attributes (a table's row may end
 * a sentence: "Length Constraints: Maximum length of 256."), or a
 * symbol between members ("[−]"); no header, which ends the list. */
static bool is_entry_part(const cl_line *L)
{
    return L->f.words <= ENTRY_PART_WORDS && (!L->f.ends_sentence || L->table) && !cl_is_header(L);
}

/* The reference from position lo to hi: its descriptions are good, its
 * other lines rows of a table, which the region holds when it holds
 * them, but for the symbols and chrome that rules drop ("[−]"). */
static void mark_reference(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi)
{
    for (size_t p = lo; p <= hi; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (is_description(L)) {
            if (!L->good) {
                L->good = true;
                L->reason = "reference-entry";
                L->reason_rule = NULL;
                cl_set_related(L, 0);
            }
        } else if (!L->table || L->table == CL_TABLE_KEY_VALUE) {
            /* A member's "Required: Yes" repeats under each: no copy. */
            L->table = CL_TABLE_ENTRY;
        }
    }
}

/* Does a line from position from up to to name a member as code? */
static bool parts_name_code(const cl_page *pg, const cl_pos *idx, size_t from, size_t to)
{
    for (size_t p = from; p < to; p++)
        if (names_code(pg, &pg->lines[idx[p]]))
            return true;
    return false;
}

/* One pass: parts gather over each description; a description with a
 * part named as code is an entry, one with no parts goes on the one
 * before (a second sentence), one with a few plain parts ("Panics") goes
 * on a reference already open. A run of ENTRY_MIN entries named as code
 * or more is a reference. The parts are read for code only under a
 * description, each once. */
void cl_mark_entries(cl_page *pg, const cl_pos *idx, size_t n)
{
    if (pg->thread)
        return;
    size_t run_lo = SIZE_MAX, run_hi = 0, coded = 0, plain_in_row = 0;
    size_t parts_from = 0, parts = 0;
    for (size_t p = 0; p <= n; p++) {
        const cl_line *L = p < n ? &pg->lines[idx[p]] : NULL;
        bool open = run_lo != SIZE_MAX, ends_run = true;
        if (L && is_description(L)) {
            /* The site's notice ends the run, as any line that is no part. */
            bool notice = (parts > 0 || open) && cl_is_copyright(pg, L);
            if (!notice && parts > 0 && parts_name_code(pg, idx, parts_from, p)) {
                run_lo = open ? run_lo : parts_from;
                run_hi = p, coded++, plain_in_row = 0, ends_run = false;
            } else if (!notice && open &&
                       (parts == 0 || (parts <= ENTRY_PLAIN_PARTS && plain_in_row < ENTRY_PLAIN_IN_ROW &&
                                       L->f.words <= PLAIN_DESCRIPTION_WORDS))) {
                run_hi = p, plain_in_row += parts > 0, ends_run = false;
            }
            if (!ends_run) {
                parts_from = p + 1, parts = 0;
                continue;
            }
        } else if (L && is_entry_part(L) && parts < ENTRY_MAX_PARTS) {
            parts++;
            continue;
        }
        /* Neither part nor entry: the run, if any, ends before here. */
        if (open && coded >= ENTRY_MIN)
            mark_reference(pg, idx, run_lo, run_hi);
        run_lo = SIZE_MAX, coded = 0, plain_in_row = 0;
        bool starts_parts = L && is_entry_part(L);
        parts_from = starts_parts ? p : p + 1, parts = starts_parts;
    }
}
