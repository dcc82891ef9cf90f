/* Copies of lines. Lines with the same words are linked (by a hash
 * table, to stay linear); a line holding a nearby line plus a little
 * more is the dirty copy, the title of a dropped caption goes with it, a
 * short line the page repeats is a fixture (but not a subheading that a
 * table of contents names, before the text or after it, nor a label
 * ending in a colon or the value under one, nor one that labels the
 * page's own text at every copy); and of the kept lines with the same
 * words only the first stays. */
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "score.h"

#define REPEAT_MAX_WORDS 5     /* a line this short seen twice is a page fixture */
#define CONTAIN_WINDOW 6       /* non-blank lines to look for a cleaner copy */
#define CONTAIN_MIN_BYTES 20
#define CONTAIN_MAX_WORDS 60
#define TOC_REACH 400          /* lines looked through for a listed heading's neighbour */
#define LABEL_MAX_GAP 30       /* lines between two copies of a label over the page's text */

static void set_bad(cl_line *l, const char *reason, size_t related)
{
    l->cls = CLEAN_CLASS_BAD;
    l->reason = reason;
    l->reason_rule = NULL;
    cl_set_related(l, related);
}

/* The first occurrence of needle in hay, or NULL. Where its first byte
 * is, its last tells most places apart before a whole compare. */
static const void *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || nn > hn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++) {
        const char *p = memchr(hay + i, needle[0], hn - nn - i + 1);
        if (!p)
            return NULL;
        i = (size_t)(p - hay);
        if (p[nn - 1] == needle[nn - 1] && memcmp(p, needle, nn) == 0)
            return p;
    }
    return NULL;
}

static bool same_words(const cl_line *a, const cl_line *b)
{
    return a->f.hash == b->f.hash && a->f.words == b->f.words;
}

/* first[p]: position of the first line with the same words as line p;
 * copies[first[p]]: how many lines have them. A hash table keeps this
 * linear on a page of a million identical lines. */
bool cl_link_copies(const cl_mem *m, const cl_page *pg, const cl_pos *idx, size_t n, cl_pos *first,
                    cl_pos *copies)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    cl_pos *slots = cl_alloc(m, cap * sizeof *slots);
    if (!slots)
        return false;
    memset(slots, 0xFF, cap * sizeof *slots); /* every slot CL_POS_NONE */
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        size_t i = (size_t)(L->f.hash ^ (L->f.words * 0x9E3779B97F4A7C15ULL)) & (cap - 1);
        while (slots[i] != CL_POS_NONE && !same_words(&pg->lines[idx[slots[i]]], L))
            i = (i + 1) & (cap - 1);
        if (slots[i] == CL_POS_NONE)
            slots[i] = (cl_pos)p;
        first[p] = slots[i];
        copies[p] = 0;
        copies[first[p]]++;
    }
    cl_free(m, slots);
    return true;
}

/* The title of a dropped line (a caption's name line) goes with it. */
static bool is_title_of_next(const cl_page *pg, const cl_line *A, const cl_line *B)
{
    return cl_rule_dropped(B) && B->text_length > A->text_length && A->f.words <= 8 &&
           memcmp(pg->text + A->span.offset, pg->text + B->span.offset, A->text_length) == 0;
}

/* The lengths of the lines about the one looked at, by position: each
 * twice, so that the window of them lies in one run of the array. */
#define RING 16
_Static_assert(2 * CONTAIN_WINDOW + 1 <= RING, "the window fits in the ring");
typedef struct length_ring {
    uint32_t length[2 * RING];
} length_ring;

static void ring_put(length_ring *r, const cl_page *pg, const cl_pos *idx, size_t p)
{
    r->length[p % RING] = r->length[p % RING + RING] = pg->lines[idx[p]].text_length;
}

/* Bit k: the line at lo + k (k < count) is of length shortest to
 * al - 1 (one unsigned compare: bl - shortest < al - shortest). */
static unsigned lengths_between(const length_ring *r, size_t lo, size_t count, uint32_t shortest, uint32_t al)
{
    const uint32_t *length = r->length + lo % RING;
    unsigned bits = 0;
#ifdef __SSE2__
    /* Four at a time, the signed compare made unsigned by the sign bit
     * flipped on both sides. */
    const __m128i sign = _mm_set1_epi32(INT32_MIN), low = _mm_set1_epi32((int)shortest);
    const __m128i span = _mm_xor_si128(_mm_set1_epi32((int)(al - shortest)), sign);
    for (size_t k = 0; k < RING; k += 4) {
        __m128i from_low = _mm_xor_si128(_mm_sub_epi32(_mm_loadu_si128((const __m128i *)(length + k)), low), sign);
        bits |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(from_low, span))) << k;
    }
    return bits & ((1u << count) - 1);
#else
    for (size_t k = 0; k < count; k++)
        bits |= (unsigned)(length[k] - shortest < al - shortest) << k;
    return bits;
#endif
}

/* A line under an announcement ("NAME wrote:", "Quote:"), as a reply
 * quotes a sentence of an earlier post: the post is the original, not
 * a dirty copy of the quote. */
static bool under_announcement(const cl_page *pg, const cl_pos *idx, size_t b)
{
    const cl_line *above = &pg->lines[idx[b - 1]];
    return above->f.ends_colon || cl_rule_is(above, CL_ACTION_POST);
}

/* A line holding a nearby line plus a little more (a headline glued to a
 * breadcrumb) is the dirty copy, unless it is prose that a later line
 * quotes; returns the cleaner line's position.
 * lengths: the ring of the lines from a - CONTAIN_WINDOW to
 * a + CONTAIN_WINDOW. */
static size_t cleaner_copy_nearby(const cl_page *pg, const cl_pos *idx, size_t n, size_t a, const length_ring *lengths)
{
    const cl_line *A = &pg->lines[idx[a]];
    size_t al = A->text_length;
    if (al <= CONTAIN_MIN_BYTES)
        return SIZE_MAX; /* holds no line of CONTAIN_MIN_BYTES and more */
    /* The cleaner line is shorter (so not A), of CONTAIN_MIN_BYTES or more,
     * and A holds at most twice it and 80 bytes: lengths from shortest to
     * al - 1. Most neighbours are not: their lengths are compared at once. */
    size_t half = al > 80 ? (al - 79) / 2 : 0, shortest = half > CONTAIN_MIN_BYTES ? half : CONTAIN_MIN_BYTES;
    size_t lo = a >= CONTAIN_WINDOW ? a - CONTAIN_WINDOW : 0;
    size_t hi = a + CONTAIN_WINDOW < n ? a + CONTAIN_WINDOW : n - 1;
    for (unsigned bits = lengths_between(lengths, lo, hi - lo + 1, (uint32_t)shortest, (uint32_t)al); bits;
         bits &= bits - 1) {
        size_t b = lo + (unsigned)__builtin_ctz(bits);
        const cl_line *B = &pg->lines[idx[b]];
        if (b > a && A->cls == CLEAN_CLASS_GOOD && under_announcement(pg, idx, b))
            continue;
        if (find_bytes(pg->text + A->span.offset, al, pg->text + B->span.offset, B->text_length))
            return b;
    }
    return SIZE_MAX;
}

/* A sentence or an announcement ("...:") of at least fair prose. */
static bool opens_prose(const cl_line *L)
{
    return (L->cls == CLEAN_CLASS_GOOD || L->cls == CLEAN_CLASS_NEAR_GOOD) && (L->f.ends_sentence || L->f.ends_colon);
}

/* A subheading that the page's table of contents (or menu) names first:
 * its one earlier copy sits in a list, the line after it opens prose. */
static bool heading_named_before(const cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                                 const cl_pos *copies, size_t a)
{
    size_t f = first[a];
    return f != a && copies[f] == 2 && a + 1 < n && opens_prose(&pg->lines[idx[a + 1]]) &&
           (f + 1 >= n || !opens_prose(&pg->lines[idx[f + 1]]));
}

/* A Markdown heading over prose ("## Retry policies") is a subheading,
 * however often the page's menu and contents name it. */
static bool markdown_subheading(const cl_page *pg, const cl_pos *idx, size_t n, size_t a)
{
    return pg->lines[idx[a]].f.heading && a + 1 < n && opens_prose(&pg->lines[idx[a + 1]]);
}

/* The position of the second line with the words of first-copy f, looked
 * for from `from` on, step +1 or -1, up to TOC_REACH lines and not past
 * `end`; SIZE_MAX if not there. Outwards from the heading: a menu's
 * neighbouring items are found at once. */
static size_t second_copy(const cl_pos *first, size_t f, size_t from, size_t end, int step)
{
    for (size_t p = from, k = 0; p != end && k < TOC_REACH; p += (size_t)(ptrdiff_t)step, k++) {
        if (first[p] == f && p != f)
            return p;
    }
    return SIZE_MAX;
}

/* Some line between positions lo and hi (exclusive) that the page says
 * once. */
static bool content_between(const cl_pos *copies, const cl_pos *first, size_t lo, size_t hi)
{
    for (size_t p = lo + 1; p < hi; p++) {
        if (copies[first[p]] == 1)
            return true;
    }
    return false;
}

/* Is g, next to a table of contents' entry, another heading the page
 * names twice, whose second copy is on the `after` side of a, with text
 * of the page's own between? */
static bool listed_neighbour(const cl_pos *first, const cl_pos *copies, size_t n, size_t g, size_t a, bool after)
{
    if (first[g] != g || copies[g] != 2)
        return false;
    size_t s = after ? second_copy(first, g, a + 1, n, 1) : second_copy(first, g, a - 1, g, -1);
    return s != SIZE_MAX && (after ? content_between(copies, first, a, s) : content_between(copies, first, s, a));
}

/* A section heading that a table of contents lists, with the headings
 * next to it: an entry beside its first copy is another heading the page
 * names twice, whose second copy is on the same side of this one with
 * the page's own text between ("In this article: Syntax, Parameters,
 * Examples"). A menu repeated in the footer keeps its items together,
 * and they stay fixtures. */
static bool heading_in_contents(const cl_pos *first, const cl_pos *copies, size_t n, size_t a)
{
    size_t f = first[a];
    if (f == a || copies[f] != 2)
        return false;
    return (f + 1 < a && listed_neighbour(first, copies, n, f + 1, a, true)) ||
           (f > 0 && listed_neighbour(first, copies, n, f - 1, a, false));
}

/* A section heading that a table of contents after the article lists
 * (the TOC of a docs page, laid out after the text): the page names it
 * twice, first here, and an entry beside its second copy is another
 * heading named twice whose first copy is in the text too, with text of
 * the page's own between the two headings; and prose opens under it. */
static bool heading_listed_after(const cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                                 const cl_pos *copies, size_t a)
{
    if (first[a] != a || copies[a] != 2 || a + 1 >= n || !opens_prose(&pg->lines[idx[a + 1]]))
        return false;
    size_t s = second_copy(first, a, a + 1, n, 1);
    if (s == SIZE_MAX)
        return false;
    for (size_t g = s - 1; g <= s + 1 && g < n; g += 2) {
        size_t h = first[g];
        if (h != g && h != a && copies[h] == 2 && h < s &&
            (h > a ? content_between(copies, first, a, h) : content_between(copies, first, h, a)))
            return true;
    }
    return false;
}

/* A line the page prints once and no rule decides. */
static bool printed_once(const cl_page *pg, const cl_pos *idx, const cl_pos *first, const cl_pos *copies, size_t p)
{
    return copies[first[p]] == 1 && pg->lines[idx[p]].rule.decisive < 0;
}

/* Does the short line first at position g, which the page repeats, label
 * the page's own text at every copy: a changelog's "Added" and "Fixed"
 * over each release's items, a reference's "Type: string" over each
 * option's default, a table's "On" and "Off" cells? Under each copy
 * comes a line the page prints once; no copy follows a paragraph (a
 * button under each post or teaser trails it: "Reply", a share bar);
 * the copies stand close, with some of the page's text between each
 * two (a menu printed again in the breadcrumbs or footer has none);
 * and the line holds a letter (a count repeated is no label). */
static bool labels_text(const cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, const cl_pos *copies,
                        size_t g)
{
    if (pg->lines[idx[g]].f.alpha_words == 0)
        return false;
    bool text_between = true; /* since the last copy, a good or near-good line */
    for (size_t p = g, last = g, seen = 0; p < n && p - last <= LABEL_MAX_GAP; p++) {
        if (first[p] != g) {
            cl_class c = pg->lines[idx[p]].cls;
            text_between |= c == CLEAN_CLASS_GOOD || c == CLEAN_CLASS_NEAR_GOOD;
            continue;
        }
        if (!text_between || p + 1 >= n || !printed_once(pg, idx, first, copies, p + 1) ||
            (p > 0 && cl_is_prose(&pg->lines[idx[p - 1]])))
            return false;
        if (++seen == copies[g])
            return true;
        last = p, text_between = false;
    }
    return false;
}

/* A label of the page's items ending in a colon over the line after it,
 * which is its value ("Type:" over "String", "Required:" over "False"):
 * a value the page repeats under each of its items is no fixture. (A
 * heading over a teaser, "Now on the front page:", is printed once.) */
static bool is_value_label(const cl_line *L)
{
    return L->label && L->f.ends_colon && L->f.digit_words == 0;
}

/* scratch holds n bytes. */
void cl_mark_repeats(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, const cl_pos *copies,
                     uint8_t *scratch)
{
    /* Whether each repeated short line labels text, at its first copy:
     * each group is read once, up to LABEL_MAX_GAP lines past a copy. */
    uint8_t *labels = scratch;
    for (size_t p = 0; p < n; p++)
        labels[p] = first[p] == p && copies[p] > 1 && pg->lines[idx[p]].f.words <= REPEAT_MAX_WORDS &&
                    labels_text(pg, idx, n, first, copies, p);

    length_ring lengths = {{0}};
    for (size_t p = 0; p < CONTAIN_WINDOW && p < n; p++)
        ring_put(&lengths, pg, idx, p);
    for (size_t a = 0; a < n; a++) {
        if (a + CONTAIN_WINDOW < n)
            ring_put(&lengths, pg, idx, a + CONTAIN_WINDOW);
        cl_line *A = &pg->lines[idx[a]];
        if (A->rule.decisive >= 0)
            continue;
        size_t b;
        if (a + 1 < n && is_title_of_next(pg, A, &pg->lines[idx[a + 1]]))
            set_bad(A, "title-of-dropped-line", idx[a + 1] + 1);
        /* Long lines are prose, not copies; skipping them keeps this linear. */
        else if (A->f.words <= CONTAIN_MAX_WORDS && (b = cleaner_copy_nearby(pg, idx, n, a, &lengths)) != SIZE_MAX)
            set_bad(A, "dirty-copy-of-line", idx[b] + 1);
        /* A short line the page repeats is a fixture ("Share", "Advertisement"). */
        else if (A->f.words <= REPEAT_MAX_WORDS && copies[first[a]] > 1 &&
                 !markdown_subheading(pg, idx, n, a) &&
                 !heading_named_before(pg, idx, n, first, copies, a) &&
                 !heading_in_contents(first, copies, n, a) && !heading_listed_after(pg, idx, n, first, copies, a)) {
            A->repeated = true;
            /* A label that announces what follows ("Parameters:",
             * "Ingredients:") heads each of the page's items, and one
             * that labels the page's text at every copy ("Fixed", "Type:
             * string") stands in it: no fixture, it is judged as any
             * line. */
            A->label = A->f.ends_colon || labels[first[a]] || (a > 0 && is_value_label(&pg->lines[idx[a - 1]]));
            if (!A->label)
                set_bad(A, "repeated-short-line", first[a] == a ? 0 : idx[first[a]] + 1);
        }
    }
}

/* Does the line at p head prose, as a heading does and an entry of a
 * table of contents (a list of headings) does not? */
static bool heads_prose(const cl_page *pg, const cl_pos *idx, size_t n, size_t p)
{
    return p + 1 < n && opens_prose(&pg->lines[idx[p + 1]]);
}

static void drop_copy(cl_line *A, size_t kept_line)
{
    A->kept = false;
    A->reason = "copy-of-line";
    A->reason_rule = NULL;
    cl_set_related(A, kept_line + 1);
}

/* Of several kept lines with the same words, the first stays, unless a
 * later one heads prose where the first does not: a heading named first
 * in a table of contents stays where it heads its section. first_kept
 * is scratch indexed like first[]. */
void cl_drop_later_copies(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                          cl_pos *first_kept)
{
    for (size_t p = 0; p < n; p++)
        first_kept[p] = CL_POS_NONE;
    for (size_t p = 0; p < n; p++) {
        cl_line *A = &pg->lines[idx[p]];
        /* Code and tables of cells repeat themselves ("}", a call shown
         * twice, a timetable's rows, a rule line under an empty header),
         * and so do the labels of a page's items ("Parameters:",
         * "Fixed"): that is no copy. */
        if (!A->kept || A->code || A->table >= CL_TABLE_CELLS || A->label)
            continue;
        size_t q = first_kept[first[p]];
        if (q == CL_POS_NONE) {
            first_kept[first[p]] = (cl_pos)p;
        } else if (heads_prose(pg, idx, n, p) && !heads_prose(pg, idx, n, q)) {
            drop_copy(&pg->lines[idx[q]], idx[p]);
            first_kept[first[p]] = (cl_pos)p;
        } else {
            drop_copy(A, idx[q]);
        }
    }
}
