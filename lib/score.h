/* What the files of the scoring stage share. cl_score_page (score.c) runs
 * the steps, each in a file named for what it decides: blocks.c,
 * code.c, repeats.c, headline.c, tables.c, entries.c, cards.c, copyright.c and region.c,
 * with topic.c's content-word sets. Internal to the library, like
 * internal.h. */
#ifndef CLEAN_SCORE_H
#define CLEAN_SCORE_H

#include "internal.h"

/* A position among the page's scored lines (the page holds fewer than
 * CL_MAX_LINES), and a class, in the per-line scratch arrays: narrow,
 * since a huge dump has millions of lines. */
typedef uint32_t cl_pos;
#define CL_POS_NONE UINT32_MAX
typedef uint8_t cl_class;

/* Thresholds that more than one step reads. */
#define CL_END_AFTER_WORDS 100 /* prose words before a block header ends the article */
#define CL_PROSE_SCORE 0.7
#define CL_HEADLINE_MAX_WORDS 30

/* ---- a line's rule and decision ------------------------------------- */

static inline bool cl_rule_is(const cl_line *l, cl_action a)
{
    return l->action == a;
}

static inline bool cl_rule_dropped(const cl_line *l)
{
    return l->action == CL_ACTION_DROP || l->action == CL_ACTION_BLOCK || l->action == CL_ACTION_POST ||
           l->action == CL_ACTION_BOX || l->action == CL_ACTION_COMMENTS;
}

/* A line of the article's prose, as the steps count it: good, scored well
 * on its own, and no rule's chrome. */
static inline bool cl_is_prose(const cl_line *l)
{
    return l->cls == CLEAN_CLASS_GOOD && l->score >= CL_PROSE_SCORE && !cl_rule_dropped(l);
}

/* A header that ends what is above it: a link list's or a box's. */
static inline bool cl_is_header(const cl_line *l)
{
    return l->action == CL_ACTION_BLOCK || l->action == CL_ACTION_BOX;
}

static inline double cl_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* related: 0 or the other line's index + 1; past 32 bits (a page of
 * billions of lines) the explain view names no line rather than a wrong one. */
static inline void cl_set_related(cl_line *l, size_t related)
{
    l->related = related <= UINT32_MAX ? (uint32_t)related : 0;
}

/* ---- topic.c: what the article is about ----------------------------- */

/* A set of content-word hashes: what the article is about. Its table
 * grows as words come, so that a page's few words clear and probe a few
 * slots, not all of them. */
#define CL_TOPIC_SLOTS 4096 /* a power of two; holds the first CL_TOPIC_SLOTS / 2 words */
#define CL_TOPIC_MIN_SLOTS 1024
typedef struct cl_topic {
    uint64_t slot[CL_TOPIC_SLOTS]; /* the first cap in use, 0 where empty */
    uint16_t filled[CL_TOPIC_SLOTS / 2]; /* the slots in use, to empty them */
    size_t count, cap;
} cl_topic;

/* An empty set in uninitialised memory. */
void cl_topic_init(cl_topic *t);
/* Empties a set. */
void cl_topic_clear(cl_topic *t);

void cl_topic_add_line(cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix);
/* Adds the line's content words that t holds to *shared, all of them to *total. */
void cl_topic_overlap(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                      size_t *shared, size_t *total);
/* Does t hold every content word of the line? If so, *count: how many it has. */
bool cl_topic_holds_line(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                         size_t *count);

/* ---- blocks.c: post, link-list and box headers ---------------------- */

/* Decides whether the page is a thread (pg->thread): there post headers
 * drop themselves, on an article page they head blocks. */
void cl_resolve_post_headers(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, const cl_pos *copies);
void cl_mark_blocks(cl_page *pg, const cl_pos *idx, size_t n);

/* ---- code.c: runs of code lines ------------------------------------ */

/* Marks the runs of code lines (code) and makes them short: context
 * decides them, and skips them when it decides the lines around.
 * Returns how many labels over code blocks it marked. */
size_t cl_mark_code(cl_page *pg, const cl_pos *idx, size_t n);
/* After context: the labels over code blocks (marked by cl_mark_code) go. */
void cl_drop_code_labels(cl_page *pg, const cl_pos *idx, size_t n);
/* The runs of code between lines of the region lo..hi are the article's. */
void cl_keep_code_inside(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi);

/* ---- repeats.c: copies of lines ------------------------------------- */

bool cl_link_copies(const cl_mem *m, const cl_page *pg, const cl_pos *idx, size_t n, cl_pos *first,
                    cl_pos *copies);
void cl_mark_repeats(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, const cl_pos *copies,
                     uint8_t *scratch);
void cl_drop_later_copies(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, cl_pos *first_kept);

/* ---- headline.c: runs of headlines, the article's headline ---------- */

void cl_mark_headline_runs(cl_page *pg, const cl_pos *idx, size_t n);
void cl_keep_headline(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic);
/* Keeps the Markdown headings right above a kept line. */
void cl_keep_section_headings(cl_page *pg, const cl_pos *idx, size_t n);

/* ---- tables.c: rows of tables --------------------------------------- */

void cl_mark_tables(cl_page *pg, const cl_pos *idx, size_t n);
size_t cl_extend_table(cl_page *pg, const cl_pos *idx, size_t n, size_t hi);
size_t cl_extend_table_above(cl_page *pg, const cl_pos *idx, size_t n, size_t lo);
void cl_keep_named_tables(cl_page *pg, const cl_pos *idx, size_t n);
void cl_keep_tables_inside(cl_page *pg, const cl_pos *idx, size_t lo, size_t hi);

/* ---- entries.c: a reference's members ------------------------------- */
/* After context: runs of members, each named as code over a sentence
 * that describes it; the sentences good, the rest CL_TABLE_ENTRY. */
void cl_mark_entries(cl_page *pg, const cl_pos *idx, size_t n);
/* ---- cards.c: teaser cards ------------------------------------------ */

/* kind and in_run: scratch of n classes each. */
void cl_mark_cards(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic,
                   cl_class *kind, cl_class *in_run,
                   const cl_pos *first, const cl_pos *copies);

/* ---- copyright.c: the page's footer --------------------------------- */

bool cl_is_copyright(const cl_page *pg, const cl_line *L);

/* ---- region.c: the main content ------------------------------------- */

/* Sets in_region on the main content's lines. */
void cl_mark_region(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic);
void cl_keep_fallback_region(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic,
                             const cl_pos *first, cl_pos *scratch);

#endif
