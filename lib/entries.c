/* Reference entries: a tool's or a library's reference lists its members
 * one under another, each a line or a few that name it as code
 * ("--vault-name (string)", "pub fn len(&self) -> usize", "builder()")
 * with its type and attributes ("Required: Yes", "Type: String"), over a
 * short sentence that describes it. Each such sentence alone reads as a
 * caption between short lines, which context drops, and the short lines
 * weigh against the region, which then ends at the first member. Runs of
 * them are content: the sentences are good, and their names and
 * attributes are rows of a table (their "Label: value" rows too). Not on threads, where a poster's name
 * over a one-line post has the same shape. */
#include <string.h>
#include <strings.h>

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
static const char *const type_names[] = {"string", "str", "int", "integer", "boolean", "bool", "float",
                                         "double", "uuid", "void", "bytes", "dict"};
static const char *const lower_type_names[] = {"list", "map", "object", "array", "number", "long", "char", "enum"};

static bool is_type_name(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
        if (strlen(type_names[i]) == n && strncasecmp(s, type_names[i], n) == 0)
            return true;
    for (size_t i = 0; i < sizeof lower_type_names / sizeof *lower_type_names; i++)
        if (strlen(lower_type_names[i]) == n && memcmp(s, lower_type_names[i], n) == 0)
            return true;
    return false;
}

/* Does the line name a member as code: a call ("maxAttempts()",
 * "fmt(&self", "on<K>(event"), "->" or "::", a generic type
 * ("Promise<void>"), an option ("--vault-name", "-v"), a parameter
 * ("elements=string"), or a type on a short line ("string / required",
 * "Type: String", "(integer)")? */
static bool names_code(const cl_page *pg, const cl_line *L)
{
    const char *s = pg->text + L->span.offset;
    size_t n = L->span.length, i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < n && s[i] == '-' && (s[i + 1] == '-' || (uint8_t)((s[i + 1] | 0x20) - 'a') < 26))
        return true;
    bool short_line = L->f.words <= TYPE_LINE_WORDS;
    for (size_t word = SIZE_MAX; i < n; i++) {
        uint8_t c = (uint8_t)s[i], next = i + 1 < n ? (uint8_t)s[i + 1] : 0;
        bool after_word = i > 0 && cl_is_word_byte((uint8_t)s[i - 1]);
        if ((c == '(' && (after_word || (i > 0 && s[i - 1] == '>'))) || (c == '-' && next == '>') ||
            (c == ':' && next == ':') || ((c == '=' || c == '<') && after_word && cl_is_word_byte(next)))
            return true;
        if (cl_is_word_byte(c)) {
            word = word == SIZE_MAX ? i : word;
            if (!cl_is_word_byte(next) && short_line && is_type_name(s + word, i + 1 - word))
                return true;
        }
        word = cl_is_word_byte(c) ? word : SIZE_MAX;
    }
    return false;
}

/* A sentence that describes a member, what context reads as a caption;
 * not the site's copyright notice under the last one. */
static bool is_description(const cl_page *pg, const cl_line *L)
{
    return L->f.ends_sentence && L->f.words >= 2 && L->f.words <= DESCRIPTION_MAX_WORDS && L->cls >= CLEAN_CLASS_SHORT &&
           !cl_rule_dropped(L) && !L->table && !L->code && !cl_is_copyright(pg, L);
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
        if (is_description(pg, L)) {
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

/* One pass: parts gather over each description; a description with a
 * part named as code is an entry, one with no parts goes on the one
 * before (a second sentence), one with a few plain parts ("Panics") goes
 * on a reference already open. A run of ENTRY_MIN entries named as code
 * or more is a reference. */
void cl_mark_entries(cl_page *pg, const cl_pos *idx, size_t n)
{
    if (pg->thread)
        return;
    size_t run_lo = SIZE_MAX, run_hi = 0, coded = 0, plain_in_row = 0;
    size_t parts_from = 0, parts = 0;
    bool parts_coded = false;
    for (size_t p = 0; p <= n; p++) {
        const cl_line *L = p < n ? &pg->lines[idx[p]] : NULL;
        bool open = run_lo != SIZE_MAX, ends_run = true;
        if (L && is_description(pg, L)) {
            if (parts_coded && parts <= ENTRY_MAX_PARTS) {
                run_lo = open ? run_lo : parts_from;
                run_hi = p, coded++, plain_in_row = 0, ends_run = false;
            } else if (open && (parts == 0 || (parts <= ENTRY_PLAIN_PARTS && plain_in_row < ENTRY_PLAIN_IN_ROW &&
                                               L->f.words <= PLAIN_DESCRIPTION_WORDS))) {
                run_hi = p, plain_in_row += parts > 0, ends_run = false;
            }
            if (!ends_run) {
                parts_from = p + 1, parts = 0, parts_coded = false;
                continue;
            }
        } else if (L && is_entry_part(L) && parts < ENTRY_MAX_PARTS) {
            parts_coded = parts_coded || names_code(pg, L);
            parts++;
            continue;
        }
        /* Neither part nor entry: the run, if any, ends before here. */
        if (open && coded >= ENTRY_MIN)
            mark_reference(pg, idx, run_lo, run_hi);
        run_lo = SIZE_MAX, coded = 0, plain_in_row = 0;
        bool starts_parts = L && is_entry_part(L);
        parts_from = starts_parts ? p : p + 1, parts = starts_parts;
        parts_coded = starts_parts && names_code(pg, L);
    }
}
