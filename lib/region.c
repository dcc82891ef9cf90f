/* The main-content region: the stretch where good lines are dense (the
 * maximum-sum run of line weights, damped after an end-of-article
 * header, the page title breaking near-ties), extended over inline boxes
 * and announced lists, feature lists, tables and code examples, back over
 * a standfirst above the byline, ended at the site's copyright notice,
 * with the heavy runs on its topic between the headers after it, started
 * at the page title's repeat when headlines off its topic come before
 * that; and the fallback region of a page with nothing kept. */
#include <string.h>

#include "score.h"

/* Region weights. */
#define BAD_BASE 3.0
#define RULE_DROP_WEIGHT -5.0  /* captions, bylines: inline, not a boundary */
#define PHRASE_WEIGHT -1.0     /* a short line of running text: an item as often as chrome */
#define BLOCK_HEADER_WEIGHT -30.0
#define END_DAMPING 0.1
#define EXTEND_MAX_GAP 4       /* non-blank lines of boilerplate inside an article */
#define EXTEND_MIN_WORDS 15    /* content words of the prose that resumes after it */
#define EXTEND_MIN_OVERLAP 10  /* percent of them already in the article */
#define TOPIC_MIN_OVERLAP 15   /* percent of a paragraph's content words on the article's topic */
#define EXTEND_LOOK_WORDS 100  /* content words of it weighed: its opening tells */
#define LEAD_MIN_WORDS 8       /* content words of a standfirst above the byline */
#define LIST_MAX_LINES 200     /* lines a list announced by a colon may run */
#define LIST_ITEM_WORDS 25     /* a longer line (not bulleted) ends the list */
#define LIST_MAX_SKIPPED 2     /* non-item lines in a row that end the list */
#define FEATURE_HEADING_WORDS 4 /* a heading over a product's features */
#define FEATURE_MIN_ITEMS 3     /* features under it that make the list */
#define FEATURE_MAX_WORDS 20    /* of a feature: a phrase or a short sentence */
#define FEATURE_MIN_WORDS 8     /* content words of the list, to weigh it against the region */
#define CODE_HEADING_WORDS 3   /* a heading this short may announce a code example */
#define CODE_INTRO_WORDS 30    /* words of the sentence under it that introduces the code */
#define REGION_CANDIDATES 4    /* heaviest runs weighed against the page title */
#define TITLE_MIN_WORDS 3      /* content words the first line needs to count as a title */
#define TITLE_MIN_SHARED 2     /* of them in a run's first lines */
#define TITLE_MIN_WEIGHT 0.5   /* share of the heaviest run's weight a titled run needs */
#define TITLE_LOOK_LINES 6     /* good lines of a run compared with the title */
#define HEADLINE_RUN_WEIGHT 0.3
#define THREAD_CHROME_WEIGHT -1.0 /* a line between the posts of a thread */
#define THREAD_FIXTURE_WEIGHT -0.25 /* one the page repeats or a rule drops ("Reply", "Posts:") */
#define ISLAND_MIN_WEIGHT 60.0 /* a run past the end header that may be the page's: its weight, */
#define ISLAND_MIN_SHARE 0.5   /* and as a share of the article's */
#define ISLAND_MIN_WORDS 40    /* content words it needs to be weighed against the article */

/* A short line written as running text: two words or more, a stopword
 * among them and no capital past the first ("Split and partial
 * payments", "Works with WAL mode"). A product's features and a README's
 * points read so; menus and footers are title-cased ("Contact Us",
 * "Terms of Service") or repeated. */
static inline bool is_phrase(const cl_line *L)
{
    return L->cls == CLEAN_CLASS_SHORT && !L->repeated && !L->f.url && !L->f.link_markup && L->f.words >= 2 &&
           L->f.capitalised <= 1 && L->f.stopwords >= 1;
}

/* A link list between a thread's posts ("Sponsored Links") is chrome
 * there; one after them ("Similar threads") ends the thread. */
static inline bool between_posts(const cl_page *pg, size_t p)
{
    return pg->thread && p > pg->first_post && p < pg->last_post;
}

/* A good line counts by its words, scaled by how prose-like it is, so a
 * long footer of numbers and addresses does not outweigh the article.
 * On a thread, each post comes with a dozen lines of chrome (author,
 * votes, date, "Reply", "Share"), thirty on a board that lists the
 * poster's profile: from the first post on they weigh little, so that
 * the posts, a line or two each, make one region; a section header
 * ("Related") still ends it. p is L's position. */
static inline double region_weight(const cl_page *pg, size_t p, const cl_line *L)
{
    if (cl_rule_is(L, CL_ACTION_BLOCK))
        return between_posts(pg, p) ? THREAD_CHROME_WEIGHT : BLOCK_HEADER_WEIGHT;
    if (pg->thread && p >= pg->first_post && !L->good && !cl_is_header(L))
        return L->repeated || cl_rule_dropped(L) ? THREAD_FIXTURE_WEIGHT : THREAD_CHROME_WEIGHT;
    if ((L->table >= CL_TABLE_CELLS || L->code || L->code_label) && !L->good)
        return 0;
    if (cl_rule_dropped(L))
        return RULE_DROP_WEIGHT;
    /* A short line of words and numbers ("Width: 80 cm", "Rain cover up
     * to 60 l") is a product's or a table's detail: no evidence either
     * way, where a menu's items count against the region. */
    if (L->cls == CLEAN_CLASS_SHORT && !L->good && L->f.digit_words > 0 && L->f.alpha_words >= L->f.digit_words &&
        !L->repeated)
        return 0;
    /* A feature list or a README's points count little against it. */
    if (is_phrase(L) && !L->good)
        return PHRASE_WEIGHT;
    double w = L->f.words < 100 ? L->f.words : 100;
    if (L->teaser || (L->card && L->good))
        return 0;
    if (L->headline_run)
        w *= HEADLINE_RUN_WEIGHT;
    return L->good ? w * cl_clamp(L->score, 0.2, 1.0) : -(BAD_BASE + w / 2);
}

/* A stretch of lines and its summed weight. */
typedef struct region {
    size_t lo, hi;
    double sum;
} region;

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
        double w = region_weight(pg, p, L);
        if (run <= 0) {
            offer_region(top, current);
            run = 0;
            current = (region){p, p, 0};
        }
        if (cl_is_header(L) && good_words >= CL_END_AFTER_WORDS && !between_posts(pg, p))
            damping = END_DAMPING;
        /* A copyright notice after an article's worth of prose is the
         * page's footer: the run ends there. Where none is open and the
         * line would not open one, that changes nothing: most lines of a
         * footer are not read. */
        if (good_words >= CL_END_AFTER_WORDS && (run > 0 || w > 0) && cl_is_copyright(pg, L)) {
            run = 0;
            continue;
        }
        if (cl_is_prose(L))
            good_words += L->f.words;
        run += w > 0 ? w * damping : w;
        if (run > current.sum)
            current.hi = p, current.sum = run;
    }
    offer_region(top, current);
}

/* Content words of the region's good lines that the page title holds. */
static size_t title_overlap(const cl_page *pg, const cl_pos *idx, const cl_topic *title, const cl_stopindex *ix,
                            region r)
{
    size_t shared = 0, total = 0;
    for (size_t p = r.lo > 0 ? r.lo : 1, seen = 0; p <= r.hi && seen < TITLE_LOOK_LINES; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !cl_rule_dropped(L)) {
            cl_topic_overlap(title, pg, L, ix, &shared, &total);
            seen++;
        }
    }
    return shared;
}

/* The article: the heaviest run, unless a run nearly as heavy is about
 * what the page's first line (the title a scraper dumps first) names and
 * the heaviest is not. */
static bool find_region(const cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *title,
                        size_t *lo_out, size_t *hi_out)
{
    region top[REGION_CANDIDATES] = {{0, 0, 0}};
    find_regions(pg, idx, n, top);
    if (top[0].sum <= 0)
        return false;
    size_t pick = 0;
    /* The runs come in order of weight: the title's words are read only
     * when a second run is nearly as heavy as the first. */
    if (top[1].sum >= top[0].sum * TITLE_MIN_WEIGHT) {
        cl_topic_clear(title);
        if (n > 0)
            cl_topic_add_line(title, pg, &pg->lines[idx[0]], ix);
        if (title->count >= TITLE_MIN_WORDS) {
            size_t best_shared = title_overlap(pg, idx, title, ix, top[0]);
            for (size_t i = 1; i < REGION_CANDIDATES && top[i].sum >= top[0].sum * TITLE_MIN_WEIGHT; i++) {
                size_t shared = title_overlap(pg, idx, title, ix, top[i]);
                if (shared >= TITLE_MIN_SHARED && shared > best_shared)
                    pick = i, best_shared = shared;
            }
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
        if (cl_is_copyright(pg, &pg->lines[idx[p]]))
            break;
        run += region_weight(pg, p, &pg->lines[idx[p]]);
        if (run > best)
            best = run, end = p;
    }
    return end;
}

/* The words of the good lines from lo to hi that no rule dropped. */
static void add_good_lines(const cl_page *pg, const cl_pos *idx, size_t lo, size_t hi, const cl_stopindex *ix,
                           cl_topic *topic)
{
    for (size_t p = lo; p <= hi; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !cl_rule_dropped(L))
            cl_topic_add_line(topic, pg, L, ix);
    }
}

/* An inline box (two "Related" headlines, an ad label) can end the
 * maximum-sum run early. When prose on the article's topic resumes right
 * after such a gap, the article goes on: extend the region over it. */
static size_t extend_region(const cl_page *pg, const cl_pos *idx, size_t n,
                            const cl_stopindex *ix, cl_topic *topic, size_t lo, size_t hi)
{
    /* The region's words are read when prose after a gap is to be
     * weighed against them, which on most pages it never is. */
    bool topic_read = false;
    for (;;) {
        /* The gap: lines up to the next good prose line; captions and
         * other lines a drop rule took are inline and do not count. */
        size_t start = hi + 1, gap = 0, block_items = 0;
        for (; start < n && gap <= EXTEND_MAX_GAP; start++) {
            const cl_line *L = &pg->lines[idx[start]];
            if (L->cls == CLEAN_CLASS_GOOD && L->good)
                break;
            /* The page's copyright notice ends the article. */
            if (cl_is_copyright(pg, L)) {
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
            /* A code example and the line announcing it are the
             * article's, not a gap in it. */
            gap += !cl_rule_is(L, CL_ACTION_DROP) && !L->code && !(L->f.ends_colon && L->cls == CLEAN_CLASS_NEAR_GOOD);
        }
        if (start >= n || gap > EXTEND_MAX_GAP)
            break;
        size_t end = positive_run_end(pg, idx, n, start), shared = 0, total = 0;
        if (end == SIZE_MAX)
            break;
        if (!topic_read) {
            cl_topic_clear(topic);
            add_good_lines(pg, idx, lo, hi, ix, topic);
            topic_read = true;
        }
        for (size_t p = start; p <= end && total < EXTEND_LOOK_WORDS; p++) {
            const cl_line *L = &pg->lines[idx[p]];
            if (L->good && L->cls == CLEAN_CLASS_GOOD)
                cl_topic_overlap(topic, pg, L, ix, &shared, &total);
        }
        if (total < EXTEND_MIN_WORDS || shared * 100 < total * EXTEND_MIN_OVERLAP)
            break;
        add_good_lines(pg, idx, start, end, ix, topic);
        hi = end;
    }
    return hi;
}

/* The article's standfirst can sit above its byline, date and share
 * buttons, which end the maximum-sum run: a paragraph of prose there, on
 * the article's topic and past at most EXTEND_MAX_GAP lines that no rule
 * dropped, opens the region. topic holds the region's words. */
static size_t extend_lead(const cl_page *pg, const cl_pos *idx, const cl_stopindex *ix, cl_topic *topic, size_t lo,
                          size_t hi)
{
    size_t p = lo, gap = 0;
    while (p-- > 0 && gap <= EXTEND_MAX_GAP) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->cls == CLEAN_CLASS_GOOD && L->good && !L->teaser && !L->card) {
            cl_topic_clear(topic);
            add_good_lines(pg, idx, lo, hi, ix, topic);
            size_t shared = 0, total = 0;
            cl_topic_overlap(topic, pg, L, ix, &shared, &total);
            return total >= LEAD_MIN_WORDS && shared * 100 >= total * TOPIC_MIN_OVERLAP ? p : lo;
        }
        /* Other good lines between: a list of headlines, not a byline. */
        if (L->good || cl_is_header(L) || cl_is_copyright(pg, L))
            break;
        gap += !cl_rule_is(L, CL_ACTION_DROP);
    }
    return lo;
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
    /* A Markdown subheading right after the region announces the bulleted
     * list under it too ("### In the box"): its bullets that are no links
     * are the list. */
    size_t from = hi;
    bool under_heading = false;
    if (!pg->lines[idx[hi]].f.ends_colon) {
        const cl_line *H = hi + 2 < n ? &pg->lines[idx[hi + 1]] : NULL;
        if (!H || cl_markdown_heading(pg, idx[hi + 1]) < 2 || cl_rule_dropped(H) || cl_is_header(H) ||
            !pg->lines[idx[hi + 2]].f.bullet)
            return hi;
        from = hi + 1, under_heading = true;
    }
    size_t end = from;
    unsigned last = 0; /* the number of the last numbered item */
    for (size_t p = from + 1; p < n && p - from <= LIST_MAX_LINES && p - end <= LIST_MAX_SKIPPED; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (cl_is_header(L) || cl_markdown_heading(pg, idx[p]) || (L->f.words > LIST_ITEM_WORDS && !L->f.bullet) ||
            (under_heading && (!L->f.bullet || L->f.link_markup)))
            break;
        /* The next number of a numbered list is an item however it scored. */
        unsigned num = item_number(pg, L);
        bool next = last && num == last + 1 && !cl_rule_dropped(L);
        if (!next && (cl_rule_dropped(L) || L->f.url || L->cls == CLEAN_CLASS_BAD))
            continue;
        if (num)
            last = num;
        if (!L->good)
            L->good = true, L->reason = "list-item";
        end = p;
    }
    if (!under_heading)
        return end;
    if (end == from)
        return hi;
    cl_line *H = &pg->lines[idx[from]];
    if (!H->good)
        H->good = true, H->reason = "list-heading";
    return end;
}

/* A feature of a product, or a point of a list, under a heading: a
 * phrase or a short sentence in running text (a stopword, few capitals),
 * not a line the page repeats, a link or a rule's chrome. */
static bool is_feature(const cl_line *L)
{
    return L->f.words >= 3 && L->f.words <= FEATURE_MAX_WORDS && !L->repeated && !L->f.url && !L->f.link_markup &&
           !cl_rule_dropped(L) && !cl_is_header(L) &&
           (L->cls == CLEAN_CLASS_NEAR_GOOD || L->cls == CLEAN_CLASS_SHORT) && L->f.stopwords >= 1 &&
           L->f.capitalised <= 2;
}

/* A description that ends the region may go on with a short heading and
 * the list under it, its features ("Cechy gry", then "Ręcznie malowana
 * wyspa pełna zakamarków ..."), when the list speaks of what the region
 * does (its content words, which topic is set to): a list of other
 * stories does not. Returns the last item's position, or hi. */
static size_t extend_features(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic,
                              size_t lo, size_t hi)
{
    if (hi + 1 + FEATURE_MIN_ITEMS >= n)
        return hi;
    cl_line *H = &pg->lines[idx[hi + 1]];
    if (H->f.words == 0 || H->f.words > FEATURE_HEADING_WORDS || H->f.ends_sentence || cl_rule_dropped(H) ||
        cl_is_header(H) || H->repeated)
        return hi;
    size_t end = hi + 1;
    while (end + 1 < n && is_feature(&pg->lines[idx[end + 1]]))
        end++;
    if (end - hi - 1 < FEATURE_MIN_ITEMS)
        return hi;
    cl_topic_clear(topic);
    add_good_lines(pg, idx, lo, hi, ix, topic);
    size_t shared = 0, total = 0;
    for (size_t p = hi + 2; p <= end; p++)
        cl_topic_overlap(topic, pg, &pg->lines[idx[p]], ix, &shared, &total);
    if (total < FEATURE_MIN_WORDS || shared * 100 < total * EXTEND_MIN_OVERLAP)
        return hi;
    for (size_t p = hi + 1; p <= end; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (!L->good)
            L->good = true, L->reason = p == hi + 1 ? "list-heading" : "list-item";
    }
    return end;
}

/* A short heading over code or over the sentence that introduces it
 * ("Example", "Python3"). */
static bool code_heading(const cl_line *L)
{
    return L->cls == CLEAN_CLASS_SHORT && L->f.words <= CODE_HEADING_WORDS && !L->repeated && !L->f.ends_sentence;
}

/* A code example that ends the article, after a line announcing it
 * ("Run the example:"), a short heading ("Example") or a sentence under
 * one, or whose first lines the region already holds, is the article's:
 * the region goes on over the whole run of code (code right after the
 * article, unannounced, is more often a page's script).
 * Returns the run's last position, or hi when none follows. */

static size_t extend_code(cl_page *pg, const cl_pos *idx, size_t n, size_t hi)
{
    size_t p = hi + 1;
    const cl_line *last = &pg->lines[idx[hi]];
    /* The region's last line, a sentence under such a heading ("Examples"
     * / "The following example uploads a report."), announces the code
     * right after it. */
    bool introduced = hi > 0 && last->f.ends_sentence && last->f.words <= CODE_INTRO_WORDS &&
                      code_heading(&pg->lines[idx[hi - 1]]);
    if (!last->code && !introduced) {
        if (p >= n)
            return hi;
        const cl_line *A = &pg->lines[idx[p]];
        /* "Run the example:", or a heading over the code. */
        if (!(A->f.ends_colon || code_heading(A)) || A->code || cl_rule_dropped(A) || A->cls == CLEAN_CLASS_BAD)
            return hi;
        p++;
    }
    if (p >= n || !pg->lines[idx[p]].code)
        return hi;
    while (p + 1 < n && pg->lines[idx[p + 1]].code)
        p++;
    for (size_t q = hi + 1; q <= p; q++) {
        cl_line *L = &pg->lines[idx[q]];
        if (!L->good)
            L->good = true, L->reason = "code-example";
    }
    return p;
}

/* A region may open with a list of other articles' headlines or teasers
 * (a menu, a "latest news" column) before the article, whose headline
 * repeats the page's title (the first line). When a line of the region
 * holds only title words, most of the title's, an article's worth of
 * prose follows it and what comes before it is off that prose's topic,
 * the article starts there. title is scratch. */
static size_t start_at_title(const cl_page *pg, const cl_pos *idx, const cl_stopindex *ix, cl_topic *title,
                             size_t lo, size_t hi)
{
    cl_topic_clear(title);
    cl_topic_add_line(title, pg, &pg->lines[idx[0]], ix);
    size_t title_words = title->count, at = lo;
    if (title_words < TITLE_MIN_WORDS)
        return lo;
    for (size_t p = lo > 0 ? lo : 1; p <= hi && at == lo; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        size_t words;
        if (!L->good || cl_rule_dropped(L) || L->f.words > CL_HEADLINE_MAX_WORDS)
            continue;
        if (cl_topic_holds_line(title, pg, L, ix, &words) && words >= TITLE_MIN_WORDS && words * 2 >= title_words)
            at = p;
    }
    if (at == lo)
        return lo;
    cl_topic_clear(title);
    double after_words = 0;
    for (size_t p = at + 1; p <= hi; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !cl_rule_dropped(L)) {
            cl_topic_add_line(title, pg, L, ix);
            if (cl_is_prose(L))
                after_words += L->f.words;
        }
    }
    if (after_words < CL_END_AFTER_WORDS)
        return lo;
    size_t shared = 0, total = 0;
    for (size_t p = lo; p < at; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (L->good && !cl_rule_dropped(L))
            cl_topic_overlap(title, pg, L, ix, &shared, &total);
    }
    return shared * 100 < total * TOPIC_MIN_OVERLAP ? at : lo;
}

/* The heaviest run of lines from `from` up to the next header or
 * copyright notice (*end: where it stopped). */
static region heaviest_run_before_header(const cl_page *pg, const cl_pos *idx, size_t n, size_t from, size_t *end)
{
    region best = {from, from, 0}, current = best;
    double run = 0;
    size_t p = from;
    for (; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (cl_is_header(L) || cl_is_copyright(pg, L))
            break;
        if (run <= 0)
            run = 0, current = (region){p, p, 0};
        run += region_weight(pg, p, L);
        if (run > current.sum)
            current.hi = p, current.sum = run;
        if (current.sum > best.sum)
            best = current;
    }
    *end = p;
    return best;
}

/* After the article's end header, a run of prose between two headers that
 * weighs half as much as the article and is on its topic (a product's
 * description below a carousel, a reference page's details below a "See
 * also" list) is the page's too. Comments and threads stop the search. */
static void keep_islands(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic,
                         size_t lo, size_t hi)
{
    double article = 0;
    for (size_t p = lo; p <= hi; p++)
        article += region_weight(pg, p, &pg->lines[idx[p]]);
    bool topic_read = false;
    size_t p = hi + 1;
    while (p < n && !cl_is_header(&pg->lines[idx[p]]))
        p++;
    while (p < n && p < pg->comments_at && cl_is_header(&pg->lines[idx[p]])) {
        size_t end;
        region island = heaviest_run_before_header(pg, idx, n, p + 1, &end);
        p = end;
        if (island.sum < ISLAND_MIN_WEIGHT || island.sum < article * ISLAND_MIN_SHARE)
            continue;
        if (!topic_read) {
            cl_topic_clear(topic);
            add_good_lines(pg, idx, lo, hi, ix, topic);
            topic_read = true;
        }
        size_t shared = 0, total = 0;
        for (size_t q = island.lo; q <= island.hi; q++) {
            const cl_line *L = &pg->lines[idx[q]];
            if (L->good && L->cls == CLEAN_CLASS_GOOD)
                cl_topic_overlap(topic, pg, L, ix, &shared, &total);
        }
        if (total < ISLAND_MIN_WORDS || shared * 100 < total * TOPIC_MIN_OVERLAP)
            continue;
        while (island.hi > island.lo && pg->lines[idx[island.hi]].cls == CLEAN_CLASS_SHORT)
            island.hi--;
        for (size_t q = island.lo; q <= island.hi; q++)
            pg->lines[idx[q]].in_region = true;
    }
}

void cl_mark_region(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix,
                    cl_topic *topic)
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
    lo = extend_lead(pg, idx, ix, topic, lo, hi);
    lo = start_at_title(pg, idx, ix, topic, lo, hi);
    size_t tables_from = cl_extend_table_above(pg, idx, n, lo);
    /* The standfirst may sit above those tables (a recipe's summary
     * above its ingredients). */
    if (tables_from < lo)
        lo = extend_lead(pg, idx, ix, topic, tables_from, hi);
    size_t list_end = extend_list(pg, idx, n, hi);
    if (list_end == hi)
        list_end = cl_extend_table(pg, idx, n, extend_features(pg, idx, n, ix, topic, lo, hi));
    if (list_end == hi)
        list_end = extend_code(pg, idx, n, hi);
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
    keep_islands(pg, idx, n, ix, topic, lo, hi);
    cl_keep_tables_inside(pg, idx, lo, hi);
    cl_keep_code_inside(pg, idx, lo, hi);
}

/* Nothing was confident enough, but an empty output loses a page that
 * may well have content: take the best run of lines that are at least
 * near-good on their own, and say so in the reason. */
void cl_keep_fallback_region(cl_page *pg, const cl_pos *idx, size_t n,
                             const cl_stopindex *ix, cl_topic *topic, const cl_pos *first, cl_pos *scratch)
{
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        L->in_region = false;
        L->good = !cl_rule_dropped(L) && (L->cls == CLEAN_CLASS_GOOD || L->cls == CLEAN_CLASS_NEAR_GOOD);
    }
    cl_mark_region(pg, idx, n, ix, topic);
    for (size_t p = 0; p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (L->good && L->in_region) {
            L->kept = true;
            L->reason = "fallback-region";
            L->reason_rule = NULL;
        }
    }
    cl_drop_later_copies(pg, idx, n, first, scratch);
}
