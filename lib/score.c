/* Scoring and context: every decision about keeping a line is made in
 * the steps cl_score_page runs, here and in the files named:
 *
 * 1. own class: each line alone, from its features and the rules; teaser
 *    lines; post headers resolved by page kind (article or thread:
 *    blocks.c);
 * 2. repeats (repeats.c): dirty copies of other lines, titles of dropped
 *    captions, short lines the page repeats;
 * 3. blocks (blocks.c): a link-list header drops the list-like run under
 *    it, a box header (about the author) after some prose its first
 *    paragraph; runs of code lines (code.c) are made short;
 * 4. context: short and uncertain lines take their neighbours' side;
 * 5. region (region.c): the main content is the stretch where good lines
 *    are dense (maximum-sum run, damped after an end-of-article header,
 *    runs of headlines that are not sentences weighing less (headline.c),
 *    tables (tables.c) and teaser cards (cards.c) weighing nothing, the
 *    page title breaking near-ties), extended over inline boxes,
 *    announced lists and tables ("Label: value" rows, or cells between
 *    "|", tabs or runs of spaces), ended at the site's copyright notice
 *    (copyright.c), started at the page title's repeat when headlines
 *    off its topic come before that (topics: topic.c), so menus before it
 *    and lists after it go;
 * 6. headline (headline.c): the title-like line just before the region
 *    stays;
 * 7. later copies of a kept line go (repeats.c); a page with nothing kept
 *    falls back to its best near-good run (region.c). */
#include "score.h"

/* Own-class thresholds. */
#define SHORT_WORDS 5          /* fewer words: too short to judge alone */
#define GOOD_WORDS 12          /* at least this many words to be good alone */
#define GOOD_SCORE 0.45
#define NEAR_GOOD_SCORE 0.25
#define CONTEXT_WORDS 15       /* under this, a poor line is left to context */
#define TEASER_LEAD_WORDS 6    /* title-cased words opening a teaser line */
#define TEASER_MAX_PAGE_CAPS 3 /* tenths of capitalised words in the page's prose */
#define LABEL_WORDS 3          /* a line this short at an edge is a label */
#define SENTENCE_RUN_LINES 3   /* near-good sentences in a row that make a paragraph */
#define SENTENCE_RUN_LABELS 2  /* short labels that may stand between two of them */
#define SENTENCE_RUN_STOP_DENSITY 0.2  /* a sentence's stopwords: "1 pc." is a table cell */
#define POST_STAMP_WORDS 6     /* a post's date or time over it on a thread */

/* A content score from the line's own features: long lines full of
 * stopwords that end like sentences score high; title-cased, numeric or
 * URL lines low. Roughly in [-1, 1]. */
static double own_score(const cl_features *f, double rule_score)
{
    double len = (double)f->words / (f->words + 8.0); /* saturates: 12 words 0.6, 40 words 0.83 */
    double stop = f->stop_density >= 0 ? cl_clamp((f->stop_density - 0.2) * 4.0, -1, 1) : 0.2;
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
    /* Markup a rule names goes as a dropped line does, and context looks
     * past it. */
    if (cl_rule_is(l, CL_ACTION_MARKUP))
        l->action = CL_ACTION_DROP, l->markup = true;
    if (l->rule.decisive >= 0) {
        l->reason = "rule";
        l->reason_rule = cl_rule_name(rs, l->rule.decisive);
        /* A table's header is a heading: the table decides it. */
        l->cls = cl_rule_is(l, CL_ACTION_KEEP)    ? CLEAN_CLASS_GOOD
                 : cl_rule_is(l, CL_ACTION_TABLE) ? CLEAN_CLASS_SHORT
                                                  : CLEAN_CLASS_BAD;
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
 * test only runs where the page's prose is mostly lower case: caps of
 * alpha words of the good lines are capitalised. */
static void mark_teasers(cl_page *pg, const cl_pos *idx, size_t n, uint64_t caps, uint64_t alpha)
{
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

/* A list of sentences, one a line with nothing between (a changelog's
 * items, an FAQ's short answer), reads as a paragraph cut at its full
 * stops: each line is good, though too short to be alone. Menus and
 * teaser lists end no sentences, a table's cells have no stopwords, and
 * questions and calls one after another are a list of links ("Related
 * questions") or prompts. */
static bool sentence_line(const cl_line *L)
{
    return L->cls == CLEAN_CLASS_NEAR_GOOD && L->f.ends_sentence && !L->f.ends_ask && L->f.words >= SHORT_WORDS &&
           L->f.stop_density >= SENTENCE_RUN_STOP_DENSITY;
}

/* A label between two of them: a term over its definition (under its
 * initial), a changelog's "Fixed" over its items. */
static bool sentence_label(const cl_line *L)
{
    return L->cls == CLEAN_CLASS_SHORT && L->f.words <= LABEL_WORDS && L->rule.decisive < 0;
}

static void mark_sentence_runs(cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t a = 0; a < n; a++) {
        if (!sentence_line(&pg->lines[idx[a]]))
            continue;
        size_t b = a + 1, sentences = 1;
        for (;;) {
            size_t next = b;
            while (next < n && next - b < SENTENCE_RUN_LABELS && sentence_label(&pg->lines[idx[next]]))
                next++;
            if (next >= n || !sentence_line(&pg->lines[idx[next]]))
                break;
            b = next + 1, sentences++;
        }
        for (size_t p = a; sentences >= SENTENCE_RUN_LINES && p < b; p++) {
            if (pg->lines[idx[p]].cls == CLEAN_CLASS_NEAR_GOOD)
                pg->lines[idx[p]].cls = CLEAN_CLASS_GOOD, pg->lines[idx[p]].reason = "sentence-run";
        }
        a = b - 1;
    }
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

static bool counts_as_neighbour(clean_class c, bool with_near_good)
{
    return c == CLEAN_CLASS_GOOD || c == CLEAN_CLASS_BAD || (with_near_good && c == CLEAN_CLASS_NEAR_GOOD);
}

/* A line of ASCII punctuation that a rule drops ("|", "---|---",
 * "* * *", "[+]", "...") is markup, a table's or a converter's, between
 * the page's blocks, and so are a pandoc div's fence (markdown.c) and a
 * markup rule's line ("[edit]"): context looks past it, as past a blank
 * line, while the region still counts it as the edge of a block of the
 * page's layout. (A symbol or an emoji alone is an icon of the page's
 * chrome.) */
static bool is_markup_line(const cl_page *pg, const cl_line *L)
{
    if (L->markup)
        return true;
    if (L->f.words > 0 || !cl_rule_dropped(L))
        return false;
    const unsigned char *t = (const unsigned char *)pg->text + L->span.offset;
    for (size_t i = 0; i < L->span.length; i++) {
        if (t[i] == 0 || t[i] >= 0x80)
            return false;
    }
    return true;
}

/* Copies the lines' classes to cls (a markup line's as blank), sets
 * good on the good ones, and
 * next[p] / next_ng[p]: the class of the nearest line after p that is
 * good or bad / good, bad or near-good; the page's end counts as bad. */
static void classes_after(cl_page *pg, const cl_pos *idx, size_t n, cl_class *cls, cl_class *next,
                          cl_class *next_ng)
{
    cl_class seen = CLEAN_CLASS_BAD, seen_ng = CLEAN_CLASS_BAD;
    for (size_t p = n; p-- > 0;) {
        cl_line *L = &pg->lines[idx[p]];
        cl_class c = is_markup_line(pg, L) ? CLEAN_CLASS_BLANK : (cl_class)L->cls;
        if (L->markup && L->rule.decisive < 0)
            L->reason = "markup";
        cls[p] = c;
        L->good = c == CLEAN_CLASS_GOOD;
        next[p] = seen, next_ng[p] = seen_ng;
        seen = counts_as_neighbour(c, false) ? c : seen;
        seen_ng = counts_as_neighbour(c, true) ? c : seen_ng;
    }
}

/* A short line sides with its good/bad neighbours; a code line too
 * (its reason says so). */
static void decide_short(cl_line *L, cl_class prev, cl_class next, cl_class prev_ng, cl_class next_ng)
{
    static const char *const reasons[2][4] = {
        {"context:between-good", "context:between-bad", "context:near-good-neighbour", "context:edge"},
        {"code:between-good", "code:between-bad", "code:near-good-neighbour", "code:edge"}};
    const char *const *reason = reasons[L->code];
    if (prev == CLEAN_CLASS_GOOD && next == CLEAN_CLASS_GOOD) {
        L->good = true, L->reason = reason[0];
    } else if (prev == CLEAN_CLASS_BAD && next == CLEAN_CLASS_BAD) {
        L->reason = reason[1];
    } else if ((L->code || L->f.words > LABEL_WORDS) &&
               ((prev == CLEAN_CLASS_BAD && prev_ng == CLEAN_CLASS_NEAR_GOOD) ||
                (next == CLEAN_CLASS_BAD && next_ng == CLEAN_CLASS_NEAR_GOOD))) {
        /* A label of one or two words at the article's edge (a section
         * name) is not content; a longer line next to near-good is, and
         * so is every line of a code run ("}", "build();"), which goes
         * whole. */
        L->good = true, L->reason = reason[2];
    } else {
        L->reason = reason[3];
    }
}

/* A line of one number: a post's vote count ("37"), or its number. */
static bool is_vote_count(const cl_line *L)
{
    return L->f.words == 1 && L->f.digit_words == 1;
}

/* A post's date or time as a thread repeats it over each post ("4. März",
 * "3 weeks ago"): a short line with a number that the page repeats; or
 * the post's number, "#12", as boards print it beside the date. */
static bool is_post_stamp(const cl_page *pg, const cl_line *L)
{
    if (L->f.digit_words > 0 && L->f.words <= POST_STAMP_WORDS && L->repeated)
        return true;
    return is_vote_count(L) && pg->text[L->span.offset] == '#';
}

/* On a thread, is position p the start of a post, right under its stamp,
 * or under its stamp and its votes ("8 hours ago", "37")? */
static bool under_post_stamp(const cl_page *pg, const cl_pos *idx, size_t p)
{
    if (!pg->thread || p <= pg->first_post)
        return false;
    const cl_line *above = &pg->lines[idx[p - 1]];
    return is_post_stamp(pg, above) ||
           (p > pg->first_post + 1 && is_vote_count(above) && is_post_stamp(pg, &pg->lines[idx[p - 2]]));
}

/* The near-good lines from "from" to "to", between the same two lines
 * that are good or bad (the short ones decided), are good unless both
 * of those are bad. */
static void decide_near_good(cl_page *pg, const cl_pos *idx, const cl_class *cls, size_t from, size_t to,
                             bool between_bad)
{
    /* On a thread, a short post under its date is a post, whatever
     * buttons follow it; under a signature's rule or a comments header
     * it is none. */
    bool post = between_bad && under_post_stamp(pg, idx, from);
    for (size_t q = from; q < to; q++) {
        cl_line *L = &pg->lines[idx[q]];
        if (cls[q] != CLEAN_CLASS_NEAR_GOOD)
            continue;
        L->good = !between_bad || post;
        L->reason = between_bad && !post ? "context:between-bad" : "context:near-good";
    }
}

/* jusText's context rules: short lines side with their good/bad
 * neighbours, then near-good lines are good unless bad on both sides,
 * the short ones counted as decided. One sweep does both: a short line's
 * neighbours after it are known from the start (next, next_ng), and the
 * near-good lines wait for the next decided line. scratch holds 3 * n
 * classes. */
static void apply_context(cl_page *pg, const cl_pos *idx, size_t n, cl_class *scratch)
{
    cl_class *cls = scratch, *next = scratch + n, *next_ng = scratch + 2 * n;
    classes_after(pg, idx, n, cls, next, next_ng);
    cl_class prev = CLEAN_CLASS_BAD, prev_ng = CLEAN_CLASS_BAD;
    cl_class decided = CLEAN_CLASS_BAD; /* the last good or bad line, short ones decided */
    size_t waiting = 0;                 /* the first line after it */
    for (size_t p = 0; p < n; p++) {
        cl_class c = cls[p];
        if (c == CLEAN_CLASS_SHORT) {
            cl_line *L = &pg->lines[idx[p]];
            decide_short(L, prev, next[p], prev_ng, next_ng[p]);
            /* A one-line post, "Thanks, that worked!", however short:
             * a sentence under its stamp (a poster's name is none). */
            if (!L->good && L->f.ends_sentence && under_post_stamp(pg, idx, p))
                L->good = true, L->reason = "context:post";
            c = L->good ? CLEAN_CLASS_GOOD : CLEAN_CLASS_BAD;
        } else {
            prev = counts_as_neighbour(c, false) ? c : prev;
            prev_ng = counts_as_neighbour(c, true) ? c : prev_ng;
        }
        if (counts_as_neighbour(c, false)) {
            decide_near_good(pg, idx, cls, waiting, p, decided == CLEAN_CLASS_BAD && c == CLEAN_CLASS_BAD);
            decided = c, waiting = p + 1;
        }
    }
    decide_near_good(pg, idx, cls, waiting, n, decided == CLEAN_CLASS_BAD);
}

static bool any_kept(const cl_page *pg, const cl_pos *idx, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        if (pg->lines[idx[p]].kept)
            return true;
    }
    return false;
}

bool cl_score_page(const cl_mem *m, cl_page *pg, const cl_ruleset *rs, const cl_stopindex *ix)
{
    size_t lines = pg->count ? pg->count : 1;
    /* Scratch that each step sets before it reads it: not cleared. The
     * sizes cannot overflow, lines being fewer than CL_MAX_LINES. */
    cl_pos *idx = cl_alloc(m, lines * 3 * sizeof *idx); /* scored lines, first copy, copies */
    cl_class *cls = cl_alloc(m, lines * 3 * sizeof *cls);
    cl_topic *topic = cl_alloc(m, sizeof *topic);
    size_t n = 0;
    bool ok = idx && cls && topic;
    if (ok) {
        cl_topic_init(topic);
        n = collect_scored(pg, idx);
        ok = cl_link_copies(m, pg, idx, n, idx + pg->count, idx + 2 * pg->count);
    }
    if (ok) {
        cl_pos *first = idx + pg->count, *copies = idx + 2 * pg->count;
        uint64_t caps = 0, alpha = 0;
        for (size_t p = 0; p < n; p++) {
            cl_line *L = &pg->lines[idx[p]];
            classify(L, rs);
            if (L->cls == CLEAN_CLASS_GOOD)
                caps += L->f.capitalised, alpha += L->f.alpha_words;
        }
        mark_teasers(pg, idx, n, caps, alpha);
        mark_sentence_runs(pg, idx, n);
        cl_mark_repeats(pg, idx, n, first, copies, cls);
        cl_resolve_post_headers(pg, idx, n, first, copies);
        cl_mark_blocks(pg, idx, n);
        size_t code_labels = cl_mark_code(pg, idx, n);
        apply_context(pg, idx, n, cls);
        if (code_labels)
            cl_drop_code_labels(pg, idx, n);
        cl_mark_headline_runs(pg, idx, n);
        cl_mark_tables(pg, idx, n);
        cl_mark_entries(pg, idx, n);
        if (!pg->thread)
            cl_mark_cards(pg, idx, n, ix, topic, cls, cls + n, first, copies);
        cl_mark_region(pg, idx, n, ix, topic);
        for (size_t p = 0; p < n; p++) {
            cl_line *L = &pg->lines[idx[p]];
            if (cl_rule_is(L, CL_ACTION_KEEP)) {
                L->kept = true;
            } else if (L->good && !L->in_region) {
                L->reason = L->card ? "teaser-card" : "outside-region";
                L->reason_rule = NULL;
            } else {
                L->kept = L->good && L->in_region;
            }
        }
        cl_keep_named_tables(pg, idx, n);
        cl_keep_headline(pg, idx, n, ix, topic);
        cl_keep_section_headings(pg, idx, n);
        cl_drop_later_copies(pg, idx, n, first, copies);
        if (!any_kept(pg, idx, n))
            cl_keep_fallback_region(pg, idx, n, ix, topic, first, copies);
    }
    cl_free(m, idx);
    cl_free(m, cls);
    cl_free(m, topic);
    return ok;
}
