/* Scoring and context: every decision about keeping a line is made here.
 *
 * 1. own class: each line alone, from its features and the rules; teaser
 *    lines; post headers resolved by page kind (article or thread);
 * 2. repeats: dirty copies of other lines, titles of dropped captions,
 *    short lines the page repeats;
 * 3. blocks: a link-list header drops the list-like run under it, a box
 *    header (about the author) after some prose its first paragraph;
 * 4. context: short and uncertain lines take their neighbours' side;
 * 5. region: the main content is the stretch where good lines are dense
 *    (maximum-sum run, damped after an end-of-article header, runs of
 *    headlines that are not sentences weighing less, tables and teaser
 *    cards weighing nothing, the page title breaking near-ties), extended
 *    over inline boxes, announced lists and tables ("Label: value" rows,
 *    or cells between "|", tabs or runs of spaces), ended at the site's
 *    copyright notice, started at the page title's repeat when headlines
 *    off its topic come before that, so menus before it and lists after
 *    it go;
 * 6. headline: the title-like line just before the region stays;
 * 7. later copies of a kept line go; a page with nothing kept falls back
 *    to its best near-good run. */
#include <string.h>

#include "internal.h"

/* A position among the page's scored lines (the page holds fewer than
 * CL_MAX_LINES), and a class, in the per-line scratch arrays: narrow,
 * since a huge dump has millions of lines. */
typedef uint32_t cl_pos;
#define CL_POS_NONE UINT32_MAX
typedef uint8_t cl_class;

/* Own-class thresholds. */
#define SHORT_WORDS 5          /* fewer words: too short to judge alone */
#define GOOD_WORDS 12          /* at least this many words to be good alone */
#define GOOD_SCORE 0.45
#define NEAR_GOOD_SCORE 0.25
#define CONTEXT_WORDS 15       /* under this, a poor line is left to context */
#define REPEAT_MAX_WORDS 5     /* a line this short seen twice is a page fixture */
#define TEASER_LEAD_WORDS 6    /* title-cased words opening a teaser line */
#define TEASER_MAX_PAGE_CAPS 3 /* tenths of capitalised words in the page's prose */
#define LABEL_WORDS 3          /* a line this short at an edge is a label */
/* Repeats and blocks. */
#define CONTAIN_WINDOW 6       /* non-blank lines to look for a cleaner copy */
#define CONTAIN_MIN_BYTES 20
#define CONTAIN_MAX_WORDS 60
#define BLOCK_ITEM_WORDS 20    /* a block runs over lines up to this long */
#define BLOCK_SENTENCE_WORDS 5 /* a sentence this long ends a block */
#define BOX_MAX_LINES 3        /* lines under a box header that may hold its paragraph */
#define BOX_AFTER_WORDS 30     /* prose words before a box header: it is not the page's own heading */
/* Region weights. */
#define BAD_BASE 3.0
#define RULE_DROP_WEIGHT -5.0  /* captions, bylines: inline, not a boundary */
#define BLOCK_HEADER_WEIGHT -30.0
#define END_AFTER_WORDS 100    /* prose words before a block header ends the article */
#define PROSE_SCORE 0.7
#define END_DAMPING 0.1
#define THREAD_MIN_POSTS 2     /* post headers that can make a page a thread */
#define EXTEND_MAX_GAP 4       /* non-blank lines of boilerplate inside an article */
#define EXTEND_MIN_WORDS 15    /* content words of the prose that resumes after it */
#define EXTEND_MIN_OVERLAP 15  /* percent of them already in the article */
#define LIST_MAX_LINES 200     /* lines a list announced by a colon may run */
#define LIST_ITEM_WORDS 25     /* a longer line (not bulleted) ends the list */
#define LIST_MAX_SKIPPED 2     /* non-item lines in a row that end the list */
#define REGION_CANDIDATES 4    /* heaviest runs weighed against the page title */
#define TITLE_MIN_WORDS 3      /* content words the first line needs to count as a title */
#define TITLE_MIN_SHARED 2     /* of them in a run's first lines */
#define TITLE_MIN_WEIGHT 0.5   /* share of the heaviest run's weight a titled run needs */
#define TITLE_LOOK_LINES 6     /* good lines of a run compared with the title */
#define TABLE_MIN_ROWS 3       /* "Label: value" lines in a row that make a table */
#define TABLE_ROW_WORDS 15
#define TABLE_LABEL_WORDS 4    /* words before the colon */
#define TABLE_LABEL_BYTES 48
#define TABLE_HEADING_WORDS 3
#define TABLE_MIN_PIPES 2      /* "|" in a line that make it a row of cells */
#define TABLE_MAX_ROW_WORDS 40
#define HEADLINE_LOOKBACK 4
#define HEADLINE_MAX_WORDS 30
#define HEADLINE_META_WORDS 6  /* shorter lines off the topic are passed over */
#define HEADLINE_RUN_LINES 4   /* good lines in a row, none a sentence, that make a list of headlines */
#define HEADLINE_RUN_WEIGHT 0.3
/* Teaser cards. */
#define CARD_MAX_PERIOD 5      /* lines a card may have */
#define CARD_MIN_CARDS 3       /* cards in a row that make a run */
#define CARD_MAX_WORDS 100     /* a longer line is no card's: a card's summary is a sentence or two */
#define CARD_PROSE_WORDS 8     /* a sentence this long is a card's summary */
#define CARD_LONG_WORDS 25     /* a line this long is one, sentence or not */
#define CARD_TITLE_WORDS 5     /* shorter lines that are not summaries are a card's labels */
#define CARD_MIN_TOPIC 15      /* content words of a run that its topic is judged on */
#define CARD_MAX_OVERLAP 15    /* percent of them the article may share with cards off its topic */
#define CARD_EDGE_OVERLAP 30   /* percent of a good line's at the run's ends that make it the article's */

static bool rule_is(const cl_line *l, cl_action a)
{
    return l->action == a;
}

static bool rule_dropped(const cl_line *l)
{
    return l->action == CL_ACTION_DROP || l->action == CL_ACTION_BLOCK || l->action == CL_ACTION_POST ||
           l->action == CL_ACTION_BOX;
}

/* A header that ends what is above it: a link list's or a box's. */
static bool is_header(const cl_line *l)
{
    return l->action == CL_ACTION_BLOCK || l->action == CL_ACTION_BOX;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* A content score from the line's own features: long lines full of
 * stopwords that end like sentences score high; title-cased, numeric or
 * URL lines low. Roughly in [-1, 1]. */
static double own_score(const cl_features *f, double rule_score)
{
    double len = (double)f->words / (f->words + 8.0); /* saturates: 12 words 0.6, 40 words 0.83 */
    double stop = f->stop_density >= 0 ? clamp((f->stop_density - 0.2) * 4.0, -1, 1) : 0.2;
    double s = 0.5 * len + 0.35 * stop;
    if (f->ends_sentence)
        s += 0.25;
    if (f->alpha_words >= 4 && f->capitalised * 10 > f->alpha_words * 7)
        s -= 0.25;
    if (f->words && f->digit_words * 10 > f->words * 3)
        s -= 0.3;
    if (f->url)
        s -= f->words < 20 ? 0.6 : 0.1;
    if (f->chars && f->punct * 4 > f->chars)
        s -= 0.3;
    return s + rule_score;
}

static void classify(cl_line *l, const cl_ruleset *rs)
{
    const cl_features *f = &l->f;
    l->score = own_score(f, l->rule.score);
    l->action = l->rule.decisive >= 0 ? cl_rule_action(rs, l->rule.decisive) : CL_ACTION_NONE;
    if (l->rule.decisive >= 0) {
        l->reason = "rule";
        l->reason_rule = cl_rule_name(rs, l->rule.decisive);
        l->cls = rule_is(l, CL_ACTION_KEEP) ? CLEAN_CLASS_GOOD : CLEAN_CLASS_BAD;
        return;
    }
    if (l->rule.score_rule >= 0)
        l->reason_rule = cl_rule_name(rs, l->rule.score_rule);
    if (f->words == 0) {
        l->cls = CLEAN_CLASS_BAD, l->reason = "no-words";
    } else if (f->words >= GOOD_WORDS && l->score >= GOOD_SCORE) {
        l->cls = CLEAN_CLASS_GOOD, l->reason = "long-prose";
    } else if (f->words < SHORT_WORDS) {
        l->cls = CLEAN_CLASS_SHORT, l->reason = "short";
    } else if (l->score >= NEAR_GOOD_SCORE) {
        l->cls = CLEAN_CLASS_NEAR_GOOD, l->reason = "near-good";
    } else if (f->words < CONTEXT_WORDS) {
        l->cls = CLEAN_CLASS_SHORT, l->reason = "short-poor";
    } else {
        l->cls = CLEAN_CLASS_BAD, l->reason = "low-score";
    }
}

/* Teaser lists glue a title-cased headline to its summary on one line.
 * In languages that capitalise nouns every line looks like that, so the
 * test only runs where the page's prose is mostly lower case. */
static void mark_teasers(cl_page *pg, const cl_pos *idx, size_t n)
{
    uint64_t caps = 0, alpha = 0;
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->cls == CLEAN_CLASS_GOOD)
            caps += L->f.capitalised, alpha += L->f.alpha_words;
    }
    if (alpha == 0 || caps * 10 >= alpha * TEASER_MAX_PAGE_CAPS)
        return;
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->cls == CLEAN_CLASS_GOOD && L->rule.decisive < 0 && L->f.lead_capitalised >= TEASER_LEAD_WORDS) {
            L->cls = CLEAN_CLASS_NEAR_GOOD;
            L->teaser = true;
            L->reason = "teaser";
        }
    }
}

/* Post headers ("NAME says:", "12 replies") head the comments under an
 * article, but on a thread page (a forum, a Q&A) the posts are the
 * content. A page is a thread when it has several posts and, before the
 * first, neither an article's worth of prose nor a section header such
 * as "Comments". Post headers then only drop themselves; on an article
 * page they act as block headers. */
static bool resolve_post_headers(cl_page *pg, const cl_pos *idx, size_t n)
{
    size_t posts = 0;
    double prose_before = 0;
    bool header_before = false;
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (rule_is(L, CL_ACTION_POST))
            posts++;
        else if (posts == 0 && is_header(L))
            header_before = true;
        else if (posts == 0 && L->cls == CLEAN_CLASS_GOOD && L->score >= PROSE_SCORE)
            prose_before += L->f.words;
    }
    bool thread = posts >= THREAD_MIN_POSTS && !header_before && prose_before < END_AFTER_WORDS;
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (rule_is(L, CL_ACTION_POST))
            L->action = thread ? CL_ACTION_DROP : CL_ACTION_BLOCK;
    }
    return thread;
}

/* related: 0 or the other line's index + 1; past 32 bits (a page of
 * billions of lines) the explain view names no line rather than a wrong one. */
static void set_related(cl_line *l, size_t related)
{
    l->related = related <= UINT32_MAX ? (uint32_t)related : 0;
}

static void set_bad(cl_line *l, const char *reason, size_t related)
{
    l->cls = CLEAN_CLASS_BAD;
    l->reason = reason;
    l->reason_rule = NULL;
    set_related(l, related);
}

static const void *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || nn > hn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++) {
        const char *p = memchr(hay + i, needle[0], hn - nn - i + 1);
        if (!p)
            return NULL;
        i = (size_t)(p - hay);
        if (memcmp(p, needle, nn) == 0)
            return p;
    }
    return NULL;
}

/* Indices of the lines scored on their own (not a wrapped paragraph's
 * later lines), so "the next line" skips those. */
static size_t collect_scored(const cl_page *pg, cl_pos *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->count; i++) {
        if (!pg->lines[i].continued)
            idx[n++] = (cl_pos)i;
    }
    return n;
}

static bool same_words(const cl_line *a, const cl_line *b)
{
    return a->f.hash == b->f.hash && a->f.words == b->f.words;
}

/* first[p]: position of the first line with the same words as line p;
 * copies[first[p]]: how many lines have them. A hash table keeps this
 * linear on a page of a million identical lines. */
static bool link_copies(const cl_mem *m, const cl_page *pg, const cl_pos *idx, size_t n, cl_pos *first,
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
    return rule_dropped(B) && B->text_length > A->text_length && A->f.words <= 8 &&
           memcmp(pg->text + A->span.offset, pg->text + B->span.offset, A->text_length) == 0;
}

/* A line holding a nearby line plus a little more (a headline glued to a
 * breadcrumb) is the dirty copy; returns the cleaner line's position. */
static size_t cleaner_copy_nearby(const cl_page *pg, const cl_pos *idx, size_t n, size_t a)
{
    const cl_line *A = &pg->lines[idx[a]];
    size_t lo = a >= CONTAIN_WINDOW ? a - CONTAIN_WINDOW : 0;
    size_t hi = a + CONTAIN_WINDOW < n ? a + CONTAIN_WINDOW : n - 1;
    for (size_t b = lo; b <= hi; b++) {
        const cl_line *B = &pg->lines[idx[b]];
        size_t bl = B->text_length, al = A->text_length;
        if (b == a || bl < CONTAIN_MIN_BYTES || al <= bl || al > 2 * bl + 80)
            continue;
        if (find_bytes(pg->text + A->span.offset, al, pg->text + B->span.offset, bl))
            return b;
    }
    return SIZE_MAX;
}

static void mark_repeats(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                         const cl_pos *copies)
{
    for (size_t a = 0; a < n; a++) {
        cl_line *A = &pg->lines[idx[a]];
        if (A->rule.decisive >= 0)
            continue;
        size_t b;
        if (a + 1 < n && is_title_of_next(pg, A, &pg->lines[idx[a + 1]]))
            set_bad(A, "title-of-dropped-line", idx[a + 1] + 1);
        /* Long lines are prose, not copies; skipping them keeps this linear. */
        else if (A->f.words <= CONTAIN_MAX_WORDS && (b = cleaner_copy_nearby(pg, idx, n, a)) != SIZE_MAX)
            set_bad(A, "dirty-copy-of-line", idx[b] + 1);
        /* A short line the page repeats is a fixture ("Share", "Advertisement"). */
        else if (A->f.words <= REPEAT_MAX_WORDS && copies[first[a]] > 1)
            set_bad(A, "repeated-short-line", first[a] == a ? 0 : idx[first[a]] + 1);
    }
}

/* A block header drops the list-like run under it; a box header (about
 * the author) that follows some prose also drops the box's first
 * paragraph, within BOX_MAX_LINES lines. */
static void mark_blocks(cl_page *pg, const cl_pos *idx, size_t n)
{
    double prose_words = 0;
    for (size_t a = 0; a < n; a++) {
        cl_line *H = &pg->lines[idx[a]];
        if (!is_header(H)) {
            if (H->cls == CLEAN_CLASS_GOOD && H->score >= PROSE_SCORE && !rule_dropped(H))
                prose_words += H->f.words;
            continue;
        }
        bool box = rule_is(H, CL_ACTION_BOX) && prose_words >= BOX_AFTER_WORDS;
        size_t b;
        for (b = a + 1; b < n; b++) {
            cl_line *L = &pg->lines[idx[b]];
            if (rule_is(L, CL_ACTION_KEEP) || is_header(L))
                break;
            /* A list ends at the first sentence: link lists hold titles. */
            bool sentence = L->f.ends_sentence && L->f.words >= BLOCK_SENTENCE_WORDS &&
                            (L->cls == CLEAN_CLASS_GOOD || L->cls == CLEAN_CLASS_NEAR_GOOD);
            bool prose = sentence || (L->f.words > BLOCK_ITEM_WORDS && !L->f.bullet);
            if (box && b - a > BOX_MAX_LINES)
                box = false;
            if (prose && !box)
                break;
            L->cls = CLEAN_CLASS_BAD;
            L->reason = "block";
            L->block_item = true;
            L->reason_rule = H->reason_rule;
            set_related(L, idx[a] + 1);
            if (prose) {
                b++;
                break;
            }
        }
        a = b - 1;
    }
}

static bool counts_as_neighbour(clean_class c, bool with_near_good)
{
    return c == CLEAN_CLASS_GOOD || c == CLEAN_CLASS_BAD || (with_near_good && c == CLEAN_CLASS_NEAR_GOOD);
}

/* before[p] / after[p]: class of the nearest line before / after p that
 * is good or bad (or near-good, if asked); the page's edges count as bad.
 * Two sweeps keep context linear in the number of lines. */
static void nearest(const cl_class *cls, size_t n, bool with_near_good, cl_class *before,
                    cl_class *after)
{
    cl_class seen = CLEAN_CLASS_BAD;
    for (size_t p = 0; p < n; p++) {
        before[p] = seen;
        if (counts_as_neighbour(cls[p], with_near_good))
            seen = cls[p];
    }
    seen = CLEAN_CLASS_BAD;
    for (size_t p = n; p-- > 0;) {
        after[p] = seen;
        if (counts_as_neighbour(cls[p], with_near_good))
            seen = cls[p];
    }
}

/* jusText's context rules: short lines side with their good/bad
 * neighbours, near-good lines are good unless bad on both sides.
 * scratch holds 5 * n classes. */
static void apply_context(cl_page *pg, const cl_pos *idx, size_t n, cl_class *scratch)
{
    cl_class *cls = scratch, *prev = scratch + n, *next = scratch + 2 * n;
    cl_class *prev_ng = scratch + 3 * n, *next_ng = scratch + 4 * n;
    for (size_t p = 0; p < n; p++) {
        cls[p] = pg->lines[idx[p]].cls;
        pg->lines[idx[p]].good = cls[p] == CLEAN_CLASS_GOOD;
    }
    nearest(cls, n, false, prev, next);
    nearest(cls, n, true, prev_ng, next_ng);
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (cls[p] != CLEAN_CLASS_SHORT)
            continue;
        if (prev[p] == CLEAN_CLASS_GOOD && next[p] == CLEAN_CLASS_GOOD) {
            L->good = true, L->reason = "context:between-good";
        } else if (prev[p] == CLEAN_CLASS_BAD && next[p] == CLEAN_CLASS_BAD) {
            L->reason = "context:between-bad";
        } else if (L->f.words > LABEL_WORDS &&
                   ((prev[p] == CLEAN_CLASS_BAD && prev_ng[p] == CLEAN_CLASS_NEAR_GOOD) ||
                    (next[p] == CLEAN_CLASS_BAD && next_ng[p] == CLEAN_CLASS_NEAR_GOOD))) {
            /* A label of one or two words at the article's edge (a section
             * name) is not content; a longer line next to near-good is. */
            L->good = true, L->reason = "context:near-good-neighbour";
        } else {
            L->reason = "context:edge";
        }
    }
    /* Near-good lines see the short ones as now decided. */
    for (size_t p = 0; p < n; p++) {
        if (cls[p] == CLEAN_CLASS_SHORT)
            cls[p] = pg->lines[idx[p]].good ? CLEAN_CLASS_GOOD : CLEAN_CLASS_BAD;
    }
    nearest(cls, n, false, prev, next);
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (cls[p] != CLEAN_CLASS_NEAR_GOOD)
            continue;
        if (prev[p] == CLEAN_CLASS_BAD && next[p] == CLEAN_CLASS_BAD) {
            L->good = false, L->reason = "context:between-bad";
        } else {
            L->good = true, L->reason = "context:near-good";
        }
    }
}

/* A good line counts by its words, scaled by how prose-like it is, so a
 * long footer of numbers and addresses does not outweigh the article. */
static double region_weight(const cl_line *L)
{
    if (rule_is(L, CL_ACTION_BLOCK))
        return BLOCK_HEADER_WEIGHT;
    if (L->table == CL_TABLE_CELLS && !L->good)
        return 0;
    if (rule_dropped(L))
        return RULE_DROP_WEIGHT;
    double w = L->f.words < 100 ? L->f.words : 100;
    if (L->teaser || (L->card && L->good))
        return 0;
    if (L->headline_run)
        w *= HEADLINE_RUN_WEIGHT;
    return L->good ? w * clamp(L->score, 0.2, 1.0) : -(BAD_BASE + w / 2);
}

static bool headline_like(const cl_line *L)
{
    return L->good && !rule_dropped(L) && !L->f.ends_sentence && !L->f.ends_colon && !L->f.bullet &&
           L->f.words <= HEADLINE_MAX_WORDS;
}

/* Good lines in a row that are none of them sentences (no final stop)
 * are a list of headlines (a menu of other articles, a teaser column):
 * each may be long enough to look like prose, but together they are not
 * the article, so they weigh less in the region. Lines that are not
 * good do not break the run (dates, labels between the headlines). */
static void mark_headline_runs(cl_page *pg, const cl_pos *idx, size_t n)
{
    size_t start = 0, count = 0;
    for (size_t p = 0; p <= n; p++) {
        const cl_line *L = p < n ? &pg->lines[idx[p]] : NULL;
        if (L && !L->good)
            continue;
        if (L && headline_like(L)) {
            if (count++ == 0)
                start = p;
            continue;
        }
        if (count >= HEADLINE_RUN_LINES) {
            for (size_t q = start; q < p; q++) {
                cl_line *H = &pg->lines[idx[q]];
                if (headline_like(H))
                    H->headline_run = true;
            }
        }
        count = 0;
    }
}

/* Content words (4+ bytes, not stopwords) of a line, hashed. */
static size_t content_words(const cl_page *pg, const cl_line *L, const cl_stopindex *ix, uint64_t *out,
                            size_t max)
{
    cl_word_iter it;
    size_t k = 0;
    cl_words_init(&it, pg->text + L->span.offset, L->text_length);
    while (k < max && cl_words_next(&it)) {
        if (!it.cjk && it.lower_len < 4)
            continue;
        if (pg->lang >= 0 && cl_stopindex_has(ix, it.lower, it.lower_len, it.hash, (size_t)pg->lang))
            continue;
        out[k++] = it.hash;
    }
    return k;
}

/* A set of content-word hashes: what the article is about. */
#define TOPIC_SLOTS 4096 /* a power of two; holds the first TOPIC_SLOTS / 2 words */
typedef struct topic_set {
    uint64_t slot[TOPIC_SLOTS];
    size_t count;
} topic_set;

static size_t topic_find(const topic_set *t, uint64_t h)
{
    size_t i = (size_t)h & (TOPIC_SLOTS - 1);
    while (t->slot[i] && t->slot[i] != h)
        i = (i + 1) & (TOPIC_SLOTS - 1);
    return i;
}

static void topic_add_line(topic_set *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix)
{
    uint64_t words[128];
    size_t nw = content_words(pg, L, ix, words, 128);
    for (size_t k = 0; k < nw && t->count < TOPIC_SLOTS / 2; k++) {
        uint64_t h = words[k] | 1; /* 0 marks an empty slot */
        size_t i = topic_find(t, h);
        if (!t->slot[i])
            t->slot[i] = h, t->count++;
    }
}

/* Content words of a line that the topic holds, and how many it has. */
static void topic_overlap(const topic_set *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                          size_t *shared, size_t *total)
{
    uint64_t words[128];
    size_t nw = content_words(pg, L, ix, words, 128);
    for (size_t k = 0; k < nw; k++)
        *shared += t->slot[topic_find(t, words[k] | 1)] != 0;
    *total += nw;
}

/* A stretch of lines and its summed weight. */
typedef struct region {
    size_t lo, hi;
    double sum;
} region;

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
static bool is_copyright(const cl_page *pg, const cl_line *L)
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
        if (find_bytes(t, n, reserved[k], strlen(reserved[k])))
            return true;
    }
    /* A mark, then (after more marks and spaces) a year. */
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        for (const char *at = find_bytes(t, n, marks[k], strlen(marks[k])); at;
             at = find_bytes(at + 1, (size_t)(t + n - at - 1), marks[k], strlen(marks[k]))) {
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

/* Keep the REGION_CANDIDATES heaviest, heaviest first. */
static void offer_region(region *top, region r)
{
    for (size_t i = 0; i < REGION_CANDIDATES; i++) {
        if (r.sum > top[i].sum) {
            region bumped = top[i];
            top[i] = r;
            r = bumped;
        }
    }
}

/* The maximum-sum runs of line weights (Kadane), the heaviest first; ties
 * keep the earliest. Once a block header (comments, related links)
 * follows a real article's worth of prose, what comes after it counts
 * for little: comment threads and teaser lists can be long, but they are
 * not the article. */
static void find_regions(const cl_page *pg, const cl_pos *idx, size_t n, region *top)
{
    double run = 0, good_words = 0, damping = 1;
    region current = {0, 0, 0};
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        double w = region_weight(L);
        if (run <= 0) {
            offer_region(top, current);
            run = 0;
            current = (region){p, p, 0};
        }
        if (is_header(L) && good_words >= END_AFTER_WORDS)
            damping = END_DAMPING;
        /* A copyright notice after an article's worth of prose is the
         * page's footer: the run ends there. */
        if (good_words >= END_AFTER_WORDS && L->copyright) {
            run = 0;
            continue;
        }
        if (L->cls == CLEAN_CLASS_GOOD && L->score >= PROSE_SCORE && !rule_dropped(L))
            good_words += L->f.words;
        run += w > 0 ? w * damping : w;
        if (run > current.sum)
            current.hi = p, current.sum = run;
    }
    offer_region(top, current);
}

/* Content words of the region's good lines that the page title holds. */
static size_t title_overlap(const cl_page *pg, const cl_pos *idx, const topic_set *title, const cl_stopindex *ix,
                            region r)
{
    size_t shared = 0, total = 0;
    for (size_t p = r.lo, seen = 0; p <= r.hi && seen < TITLE_LOOK_LINES; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !rule_dropped(L)) {
            topic_overlap(title, pg, L, ix, &shared, &total);
            seen++;
        }
    }
    return shared;
}

/* The article: the heaviest run, unless a run nearly as heavy is about
 * what the page's first line (the title a scraper dumps first) names and
 * the heaviest is not. */
static bool find_region(const cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, topic_set *title,
                        size_t *lo_out, size_t *hi_out)
{
    region top[REGION_CANDIDATES] = {{0, 0, 0}};
    find_regions(pg, idx, n, top);
    if (top[0].sum <= 0)
        return false;
    size_t pick = 0;
    memset(title, 0, sizeof *title);
    if (n > 0)
        topic_add_line(title, pg, &pg->lines[idx[0]], ix);
    if (title->count >= TITLE_MIN_WORDS) {
        size_t best_shared = title_overlap(pg, idx, title, ix, top[0]);
        for (size_t i = 1; i < REGION_CANDIDATES && top[i].sum >= top[0].sum * TITLE_MIN_WEIGHT; i++) {
            size_t shared = title_overlap(pg, idx, title, ix, top[i]);
            if (shared >= TITLE_MIN_SHARED && shared > best_shared)
                pick = i, best_shared = shared;
        }
    }
    *lo_out = top[pick].lo, *hi_out = top[pick].hi;
    return true;
}


/* The run after position `from` that a maximum-sum walk would take:
 * returns its last position, or SIZE_MAX when nothing there is positive. */
static size_t positive_run_end(const cl_page *pg, const cl_pos *idx, size_t n, size_t from)
{
    double run = 0, best = 0;
    size_t end = SIZE_MAX;
    for (size_t p = from; p < n && run >= 0; p++) {
        if (pg->lines[idx[p]].copyright)
            break;
        run += region_weight(&pg->lines[idx[p]]);
        if (run > best)
            best = run, end = p;
    }
    return end;
}

/* An inline box (two "Related" headlines, an ad label) can end the
 * maximum-sum run early. When prose on the article's topic resumes right
 * after such a gap, the article goes on: extend the region over it. */
static size_t extend_region(const cl_page *pg, const cl_pos *idx, size_t n,
                            const cl_stopindex *ix, topic_set *topic, size_t lo, size_t hi)
{
    memset(topic, 0, sizeof *topic);
    for (size_t p = lo; p <= hi; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !rule_dropped(L))
            topic_add_line(topic, pg, L, ix);
    }
    for (;;) {
        /* The gap: lines up to the next good prose line; captions and
         * other lines a drop rule took are inline and do not count. */
        size_t start = hi + 1, gap = 0, block_items = 0;
        for (; start < n && gap <= EXTEND_MAX_GAP; start++) {
            const cl_line *L = &pg->lines[idx[start]];
            if (L->cls == CLEAN_CLASS_GOOD && L->good)
                break;
            /* The page's copyright notice ends the article. */
            if (L->copyright) {
                gap = EXTEND_MAX_GAP + 1;
                break;
            }
            /* The titles a block header lists (two "Related" headlines)
             * are one piece of the gap, up to EXTEND_MAX_GAP of them;
             * sentences under a header (comments) each count. */
            bool item = L->block_item && !L->f.ends_sentence;
            block_items = item ? block_items + 1 : 0;
            if (item && block_items > 1 && block_items <= EXTEND_MAX_GAP)
                continue;
            gap += !rule_is(L, CL_ACTION_DROP);
        }
        if (start >= n || gap > EXTEND_MAX_GAP)
            break;
        size_t end = positive_run_end(pg, idx, n, start), shared = 0, total = 0;
        if (end == SIZE_MAX)
            break;
        for (size_t p = start; p <= end; p++) {
            const cl_line *L = &pg->lines[idx[p]];
            if (L->good && L->cls == CLEAN_CLASS_GOOD)
                topic_overlap(topic, pg, L, ix, &shared, &total);
        }
        if (total < EXTEND_MIN_WORDS || shared * 100 < total * EXTEND_MIN_OVERLAP)
            break;
        for (size_t p = start; p <= end; p++) {
            const cl_line *L = &pg->lines[idx[p]];
            if (L->good && !rule_dropped(L))
                topic_add_line(topic, pg, L, ix);
        }
        hi = end;
    }
    return hi;
}

/* The number of a numbered item ("3." "3)"), or 0. */
static unsigned item_number(const cl_page *pg, const cl_line *L)
{
    if (!L->f.bullet)
        return 0;
    const char *t = pg->text + L->span.offset;
    size_t i = 0, n = L->span.length;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    unsigned v = 0;
    for (; i < n && t[i] >= '0' && t[i] <= '9'; i++)
        v = v * 10 + (unsigned)(t[i] - '0');
    return v;
}

/* A region that ends announcing a list ("Here are the offers:") goes on
 * over the list: its items, numbered, bulleted or short, stay, and the
 * link or credit lines between them go without ending it; the next
 * number of a numbered list stays however it scored. Returns the list's
 * last position, or hi when there is no list. */
static size_t extend_list(cl_page *pg, const cl_pos *idx, size_t n, size_t hi)
{
    if (!pg->lines[idx[hi]].f.ends_colon)
        return hi;
    size_t end = hi;
    unsigned last = 0; /* the number of the last numbered item */
    for (size_t p = hi + 1; p < n && p - hi <= LIST_MAX_LINES && p - end <= LIST_MAX_SKIPPED; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (is_header(L) || (L->f.words > LIST_ITEM_WORDS && !L->f.bullet))
            break;
        /* The next number of a numbered list is an item however it scored. */
        unsigned num = item_number(pg, L);
        bool next = last && num == last + 1 && !rule_dropped(L);
        if (!next && (rule_dropped(L) || L->f.url || L->cls == CLEAN_CLASS_BAD))
            continue;
        if (num)
            last = num;
        if (!L->good)
            L->good = true, L->reason = "list-item";
        end = p;
    }
    return end;
}

/* "Label: value" with a label of a few words: a row of a specification
 * table, a recipe's facts, an event's details. */
static bool is_key_value(const cl_page *pg, const cl_line *L)
{
    if (L->f.words > TABLE_ROW_WORDS || L->f.words < 2)
        return false;
    const char *t = pg->text + L->span.offset;
    size_t n = L->text_length < TABLE_LABEL_BYTES ? L->text_length : TABLE_LABEL_BYTES;
    const char *colon = memchr(t, ':', n);
    if (!colon || colon == t || (size_t)(colon - t) + 2 >= L->text_length)
        return false;
    size_t spaces = 0;
    for (const char *c = t; c < colon; c++)
        spaces += *c == ' ';
    return spaces < TABLE_LABEL_WORDS;
}

/* The shape of a table row as converters print one: "| a | b |", cells
 * between tabs, or columns aligned with runs of spaces (lynx, w3m),
 * after the indentation. Rows of one table share it; 0: not such a row. */
static uint32_t row_shape(const cl_page *pg, const cl_line *L)
{
    const char *t = pg->text + L->span.offset;
    size_t i = 0, n = L->span.length;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    uint32_t pipes = 0, tabs = 0, gaps = 0;
    for (; i < n; i++) {
        pipes += t[i] == '|';
        tabs += t[i] == '\t';
        gaps += t[i] == ' ' && i + 1 < n && t[i + 1] == ' ' && t[i - 1] != ' ';
    }
    if (pipes >= TABLE_MIN_PIPES)
        return pipes;
    if (tabs)
        return (1u << 16) + tabs;
    return gaps ? (2u << 16) + gaps : 0;
}

/* The row kind of a line: its delimited shape, or TABLE_KEY_VALUE, or 0. */
#define TABLE_KEY_VALUE UINT32_MAX
static uint32_t row_kind(const cl_page *pg, const cl_line *L)
{
    if (rule_is(L, CL_ACTION_BLOCK) || rule_is(L, CL_ACTION_BOX) || L->f.words > TABLE_MAX_ROW_WORDS)
        return 0;
    uint32_t shape = row_shape(pg, L);
    if (shape)
        return shape;
    return !rule_dropped(L) && is_key_value(pg, L) ? TABLE_KEY_VALUE : 0;
}

/* Runs of at least TABLE_MIN_ROWS rows of one kind are tables: their
 * rows, short and full of digits, are not boilerplate for that, so they
 * weigh nothing in the region (which crosses a table between two
 * paragraphs), and they stay where the region holds them, the rule
 * line of a delimited table ("|---|---|") included. */
static void mark_tables(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n;) {
        uint32_t kind = row_kind(pg, &pg->lines[idx[p]]);
        size_t rows = 1;
        while (kind && p + rows < n && row_kind(pg, &pg->lines[idx[p + rows]]) == kind)
            rows++;
        for (size_t q = p; kind && rows >= TABLE_MIN_ROWS && q < p + rows; q++)
            pg->lines[idx[q]].table = kind == TABLE_KEY_VALUE ? CL_TABLE_KEY_VALUE : CL_TABLE_CELLS;
        p += rows;
    }
}

/* A table's row is content, whichever rule or context said otherwise. */
static void keep_as_table_row(cl_line *L)
{
    L->good = true;
    L->reason = "table-row";
    L->reason_rule = NULL;
}

/* A table right after the region (a short heading, then its rows) is
 * the article's too: a product's specifications, a recipe's facts.
 * Returns the last row's position, or hi. */
static size_t extend_table(cl_page *pg, const cl_pos *idx, size_t n, size_t hi)
{
    size_t start = hi + 1;
    if (start < n && pg->lines[idx[start]].f.words <= TABLE_HEADING_WORDS &&
        !pg->lines[idx[start]].table && !rule_dropped(&pg->lines[idx[start]]))
        start++; /* the table's heading */
    size_t rows = 0;
    while (start + rows < n && pg->lines[idx[start + rows]].table)
        rows++;
    if (rows == 0)
        return hi;
    for (size_t p = hi + 1; p < start + rows; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (!L->good && (L->table || !rule_dropped(L)))
            keep_as_table_row(L);
    }
    return start + rows - 1;
}

/* The shape of a line as one of a teaser card's: its label lines (a
 * kicker, an author, a date), its title, its summary; CARD_NONE for
 * lines no card holds (long paragraphs, list items, table rows). */
enum { CARD_LABEL, CARD_TITLE, CARD_SUMMARY, CARD_NONE };

static cl_class card_kind(const cl_line *L)
{
    if (L->f.words > CARD_MAX_WORDS || L->f.bullet || L->table || is_header(L))
        return CARD_NONE;
    if ((L->f.ends_sentence && L->f.words >= CARD_PROSE_WORDS) || L->f.words >= CARD_LONG_WORDS)
        return CARD_SUMMARY;
    return L->f.words >= CARD_TITLE_WORDS ? CARD_TITLE : CARD_LABEL;
}

/* Does the card of p lines at b repeat the one at a: at most one
 * summary, some other line, and the shapes of the lines the same (all
 * but one, in cards of three lines or more; the summary at the same
 * place, if strict)? */
static bool card_repeats(const cl_class *kind, size_t a, size_t b, size_t p, bool strict)
{
    size_t diff = 0, summaries = 0;
    for (size_t j = 0; j < p; j++) {
        if (kind[b + j] == CARD_NONE)
            return false;
        if (strict && (kind[a + j] == CARD_SUMMARY) != (kind[b + j] == CARD_SUMMARY))
            return false;
        diff += kind[a + j] != kind[b + j];
        summaries += kind[b + j] == CARD_SUMMARY;
    }
    return (strict ? summaries == 1 : summaries <= 1) && diff <= (p >= 3 ? 1u : 0u);
}

/* A line of a card run that does not hold it to the article: one not
 * good, or whose words are mostly off the article's topic. */
static bool card_off_topic(const cl_page *pg, const cl_line *L, const cl_stopindex *ix, const topic_set *topic)
{
    if (!L->good || rule_dropped(L))
        return true;
    size_t shared = 0, total = 0;
    topic_overlap(topic, pg, L, ix, &shared, &total);
    return shared * 100 < total * CARD_EDGE_OVERLAP;
}

/* Does the run at lo go on from the article's prose just before it
 * (within CARD_MAX_PERIOD lines of from, where the run was found), with
 * no line from there to its first that is not good? Such a run is the
 * article's own list (its places, its questions), not a box beside it,
 * which comes after a header, a label or a share line. */
static bool card_run_continues(const cl_page *pg, const cl_pos *idx, const cl_class *in_run, size_t from,
                               size_t lo)
{
    size_t stop = from > CARD_MAX_PERIOD ? from - CARD_MAX_PERIOD : 0;
    for (size_t p = lo + 1; p-- > stop;) {
        const cl_line *L = &pg->lines[idx[p]];
        if (!L->good || rule_dropped(L))
            return false;
        if (!in_run[p] && L->cls == CLEAN_CLASS_GOOD && L->score >= PROSE_SCORE)
            return true;
    }
    return false;
}

/* Teaser lists printed as cards: a fixed sequence of a few lines
 * (headline, author, date, summary) repeated. Each summary is a sentence
 * and survives alone; the run's shape gives them away. Shapes repeat in
 * content too (a list, an interview, a forum's posts, a product
 * listing), so a run only goes when the page has an article of its own
 * outside the runs and the run's words are off that article's topic:
 * each card is about another page. Its good lines then weigh nothing in
 * the region, which stops at the run's edge. */
static void mark_cards(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, topic_set *topic,
                       cl_class *kind, cl_class *in_run)
{
    for (size_t p = 0; p < n; p++) {
        kind[p] = card_kind(&pg->lines[idx[p]]);
        in_run[p] = 0;
    }
    for (size_t period = 2; period <= CARD_MAX_PERIOD; period++) {
        for (size_t s = 0; s + CARD_MIN_CARDS * period <= n; s++) {
            /* A card opens with its headline or a label, not its summary. */
            if (in_run[s] || kind[s] == CARD_SUMMARY || kind[s] == CARD_NONE)
                continue;
            size_t k = 1;
            while (s + (k + 1) * period <= n &&
                   card_repeats(kind, s + (k - 1) * period, s + k * period, period, true))
                k++;
            if (k < CARD_MIN_CARDS)
                continue;
            /* Cards that differ a little from the run's first or last
             * one (a headline that is a question, a card without its
             * summary) extend it. */
            size_t lo = s, hi = s + k * period; /* [lo, hi) */
            while (lo >= period && !in_run[lo - period] && card_repeats(kind, s, lo - period, period, false))
                lo -= period;
            while (hi + period <= n && card_repeats(kind, s + (k - 1) * period, hi, period, false))
                hi += period;
            /* A card cut short at either end (its label lines) goes too. */
            for (size_t j = 1; j < period && lo > 0 && kind[lo - 1] < CARD_SUMMARY &&
                               kind[lo - 1] == kind[lo - 1 + period];
                 j++)
                lo--;
            for (size_t j = 1; j < period && hi < n && kind[hi] < CARD_SUMMARY && kind[hi] == kind[hi - period]; j++)
                hi++;
            for (size_t p = lo; p < hi; p++)
                in_run[p] = 1;
            s = hi - 1;
        }
    }
    /* The article: good prose outside the runs. */
    memset(topic, 0, sizeof *topic);
    double article_words = 0;
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (!in_run[p] && L->cls == CLEAN_CLASS_GOOD && L->score >= PROSE_SCORE && !rule_dropped(L)) {
            article_words += L->f.words;
            topic_add_line(topic, pg, L, ix);
        }
    }
    if (article_words < END_AFTER_WORDS)
        return;
    for (size_t lo = 0; lo < n;) {
        if (!in_run[lo]) {
            lo++;
            continue;
        }
        /* Runs a deviant card or two apart (a headline that is a
         * question, a card without its label) are one list. */
        size_t hi = lo;
        for (; hi < n; hi++) {
            if (!in_run[hi]) {
                size_t next = hi;
                while (next < n && next - hi < 2 * CARD_MAX_PERIOD && !in_run[next])
                    next++;
                if (next == n || !in_run[next])
                    break;
            }
        }
        size_t from = lo, end = hi, shared = 0, total = 0;
        /* At its ends, a paragraph on the article's topic is the
         * article's (a last section shaped like a card). */
        while (lo < hi && !card_off_topic(pg, &pg->lines[idx[lo]], ix, topic))
            lo++;
        while (hi > lo && !card_off_topic(pg, &pg->lines[idx[hi - 1]], ix, topic))
            hi--;
        for (size_t p = lo; p < hi; p++) {
            const cl_line *L = &pg->lines[idx[p]];
            if (L->good && !rule_dropped(L))
                topic_overlap(topic, pg, L, ix, &shared, &total);
        }
        if (total >= CARD_MIN_TOPIC && shared * 100 < total * CARD_MAX_OVERLAP &&
            !card_run_continues(pg, idx, in_run, from, lo)) {
            for (size_t p = lo; p < hi; p++)
                pg->lines[idx[p]].card = true;
        }
        lo = end;
    }
}

/* Inside the article, a table's rows stay, whatever context made of
 * them one by one. */
static void keep_tables_inside(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi)
{
    for (size_t p = lo; p <= hi; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->table && !L->good)
            keep_as_table_row(L);
    }
}

/* A region may open with a list of other articles' headlines or teasers
 * (a menu, a "latest news" column) before the article, whose headline
 * repeats the page's title (the first line). When a line of the region
 * holds only title words, most of the title's, an article's worth of
 * prose follows it and what comes before it is off that prose's topic,
 * the article starts there. title is scratch. */
static size_t start_at_title(const cl_page *pg, const cl_pos *idx, const cl_stopindex *ix, topic_set *title,
                             size_t lo, size_t hi)
{
    memset(title, 0, sizeof *title);
    topic_add_line(title, pg, &pg->lines[idx[0]], ix);
    size_t title_words = title->count, at = lo;
    if (title_words < TITLE_MIN_WORDS)
        return lo;
    for (size_t p = lo > 0 ? lo : 1; p <= hi && at == lo; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        size_t shared = 0, total = 0;
        if (!L->good || rule_dropped(L) || L->f.words > HEADLINE_MAX_WORDS)
            continue;
        topic_overlap(title, pg, L, ix, &shared, &total);
        if (shared == total && shared >= TITLE_MIN_WORDS && shared * 2 >= title_words)
            at = p;
    }
    if (at == lo)
        return lo;
    memset(title, 0, sizeof *title);
    double after_words = 0;
    for (size_t p = at + 1; p <= hi; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !rule_dropped(L)) {
            topic_add_line(title, pg, L, ix);
            if (L->cls == CLEAN_CLASS_GOOD && L->score >= PROSE_SCORE)
                after_words += L->f.words;
        }
    }
    if (after_words < END_AFTER_WORDS)
        return lo;
    size_t shared = 0, total = 0;
    for (size_t p = lo; p < at; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !rule_dropped(L))
            topic_overlap(title, pg, L, ix, &shared, &total);
    }
    return shared * 100 < total * EXTEND_MIN_OVERLAP ? at : lo;
}

static void mark_region(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix,
                        topic_set *topic)
{
    size_t lo, hi;
    if (!find_region(pg, idx, n, ix, topic, &lo, &hi))
        return;
    /* A teaser weighs nothing, so the run starts after one; but a single
     * one right before the article is its lead paragraph opening with a
     * dateline ("HANOI, Vietnam (AP) — U.S. Defense Secretary ..."). */
    if (lo > 0 && pg->lines[idx[lo - 1]].teaser && pg->lines[idx[lo - 1]].good &&
        (lo < 2 || !pg->lines[idx[lo - 2]].teaser))
        lo--;
    hi = extend_region(pg, idx, n, ix, topic, lo, hi);
    lo = start_at_title(pg, idx, ix, topic, lo, hi);
    size_t list_end = extend_list(pg, idx, n, hi);
    if (list_end == hi)
        list_end = extend_table(pg, idx, n, hi);
    if (list_end > hi) {
        hi = list_end;
    } else {
        /* Otherwise the article ends with its last line that is content on
         * its own merits: short lines trailing it are sign-offs, prompts
         * and labels far more often than content. */
        while (hi > lo && pg->lines[idx[hi]].cls == CLEAN_CLASS_SHORT)
            hi--;
    }
    for (size_t p = lo; p <= hi; p++)
        pg->lines[idx[p]].in_region = true;
    keep_tables_inside(pg, idx, lo, hi);
}


/* The title-like line just before the first kept line, if it shares
 * words with the article's opening. */
static void keep_headline(cl_page *pg, const cl_pos *idx, size_t n,
                          const cl_stopindex *ix, topic_set *topic)
{
    size_t first;
    for (first = 0; first < n && !pg->lines[idx[first]].kept; first++)
        ;
    if (first == n || first == 0)
        return;
    memset(topic, 0, sizeof *topic);
    for (size_t p = first, seen = 0; p < n && seen < 4; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->kept) {
            topic_add_line(topic, pg, L, ix);
            seen++;
        }
    }
    for (size_t p = first, looked = 0; p-- > 0 && looked < HEADLINE_LOOKBACK; looked++) {
        cl_line *L = &pg->lines[idx[p]];
        if (is_header(L))
            return;
        if (rule_dropped(L) || L->f.words <= 2 || L->f.digit_words * 2 >= L->f.words)
            continue;
        if (L->f.words > HEADLINE_MAX_WORDS || L->f.url || L->cls == CLEAN_CLASS_BAD)
            return;
        size_t shared = 0, total = 0;
        topic_overlap(topic, pg, L, ix, &shared, &total);
        if (shared >= 2 || (total > 0 && shared == total)) {
            L->kept = true;
            L->reason = "headline";
            L->reason_rule = NULL;
            return;
        }
        /* A short line off the topic is metadata (a date, a byline the
         * rules did not know); the headline may be above it. */
        if (L->f.words > HEADLINE_META_WORDS)
            return;
    }
}

/* Of several kept lines with the same words, the first stays. first_kept
 * is scratch indexed like first[]. */
static void drop_later_copies(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                              cl_pos *first_kept)
{
    for (size_t p = 0; p < n; p++)
        first_kept[p] = CL_POS_NONE;
    for (size_t p = 0; p < n; p++) {
        cl_line *A = &pg->lines[idx[p]];
        if (!A->kept)
            continue;
        if (first_kept[first[p]] == CL_POS_NONE) {
            first_kept[first[p]] = (cl_pos)p;
            continue;
        }
        A->kept = false;
        A->reason = "copy-of-line";
        A->reason_rule = NULL;
        set_related(A, idx[first_kept[first[p]]] + 1);
    }
}

static bool any_kept(const cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        if (pg->lines[idx[p]].kept)
            return true;
    }
    return false;
}

/* Nothing was confident enough, but an empty output loses a page that
 * may well have content: take the best run of lines that are at least
 * near-good on their own, and say so in the reason. */
static void keep_fallback_region(cl_page *pg, const cl_pos *idx, size_t n,
                                 const cl_stopindex *ix, topic_set *topic, const cl_pos *first, cl_pos *scratch)
{
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        L->in_region = false;
        L->good = !rule_dropped(L) && (L->cls == CLEAN_CLASS_GOOD || L->cls == CLEAN_CLASS_NEAR_GOOD);
    }
    mark_region(pg, idx, n, ix, topic);
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->good && L->in_region) {
            L->kept = true;
            L->reason = "fallback-region";
            L->reason_rule = NULL;
        }
    }
    drop_later_copies(pg, idx, n, first, scratch);
}

bool cl_score_page(const cl_mem *m, cl_page *pg, const cl_ruleset *rs, const cl_stopindex *ix)
{
    size_t lines = pg->count ? pg->count : 1;
    cl_pos *idx = cl_calloc(m, lines, 3 * sizeof *idx); /* scored lines, first copy, copies */
    cl_class *cls = cl_calloc(m, lines, 5 * sizeof *cls);
    topic_set *topic = cl_alloc(m, sizeof *topic);
    size_t n = 0;
    bool ok = idx && cls && topic;
    if (ok) {
        n = collect_scored(pg, idx);
        ok = link_copies(m, pg, idx, n, idx + pg->count, idx + 2 * pg->count);
    }
    if (ok) {
        cl_pos *first = idx + pg->count, *copies = idx + 2 * pg->count;
        for (size_t p = 0; p < n; p++)
            classify(&pg->lines[idx[p]], rs);
        bool thread = resolve_post_headers(pg, idx, n);
        mark_teasers(pg, idx, n);
        mark_repeats(pg, idx, n, first, copies);
        mark_blocks(pg, idx, n);
        apply_context(pg, idx, n, cls);
        mark_headline_runs(pg, idx, n);
        mark_tables(pg, idx, n);
        if (!thread)
            mark_cards(pg, idx, n, ix, topic, cls, cls + n);
        for (size_t p = 0; p < n; p++)
            pg->lines[idx[p]].copyright = is_copyright(pg, &pg->lines[idx[p]]);
        mark_region(pg, idx, n, ix, topic);
        for (size_t p = 0; p < n; p++) {
            cl_line *L = &pg->lines[idx[p]];
            if (rule_is(L, CL_ACTION_KEEP)) {
                L->kept = true;
            } else if (L->good && !L->in_region) {
                L->reason = L->card ? "teaser-card" : "outside-region";
                L->reason_rule = NULL;
            } else {
                L->kept = L->good && L->in_region;
            }
        }
        keep_headline(pg, idx, n, ix, topic);
        drop_later_copies(pg, idx, n, first, copies);
        if (!any_kept(pg, idx, n))
            keep_fallback_region(pg, idx, n, ix, topic, first, copies);
    }
    cl_free(m, idx);
    cl_free(m, cls);
    cl_free(m, topic);
    return ok;
}
