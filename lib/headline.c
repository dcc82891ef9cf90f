/* Headlines. Good lines in a row that are none of them sentences are a
 * list of other articles' headlines, which weighs less in the region;
 * the title-like line just before the article, on its topic, is the
 * article's own headline and stays. */

#include <string.h>

#include "score.h"

#define HEADLINE_LOOKBACK 4     /* lines looked at for the headline */
#define HEADLINE_REACH 12       /* lines looked back over, those passed over included */
#define HEADLINE_META_WORDS 6  /* shorter lines off the topic are passed over */
#define HEADLINE_RUN_LINES 4   /* good lines in a row, none a sentence, that make a list of headlines */
#define TITLE_COPY_REACH 40    /* lines looked back over for a copy of the page's title */
#define TITLE_COPY_MIN_WORDS 3 /* shorter copies may be a section's name ("Help - Forum") */
#define TITLE_COPY_EXTRA_WORDS 2 /* words of its part past the copy ("von NAME") */
#define TITLE_NAME_REACH 2     /* lines above the article of a name the title opens with */

static bool headline_like(const cl_line *L)
{
    return L->good && !cl_rule_dropped(L) && !L->f.ends_sentence && !L->f.ends_colon && !L->f.bullet &&
           L->f.words <= CL_HEADLINE_MAX_WORDS;
}

/* Good lines in a row that are none of them sentences (no final stop)
 * are a list of headlines (a menu of other articles, a teaser column):
 * each may be long enough to look like prose, but together they are not
 * the article, so they weigh less in the region. Lines that are not
 * good do not break the run (dates, labels between the headlines). */
void cl_mark_headline_runs(cl_page *pg, const cl_pos *idx, size_t n)
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

/* The article's opening: the words of its first kept lines. */
static void add_opening(const cl_page *pg, const cl_pos *idx, size_t n, size_t first, const cl_stopindex *ix,
                        cl_topic *topic)
{
    cl_topic_clear(topic);
    for (size_t p = first, seen = 0; p < n && seen < 4; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        /* A table's cells tell little of what the page is about (a
         * product's specifications above its description). */
        if (L->kept && !L->table) {
            cl_topic_add_line(topic, pg, L, ix);
            seen++;
        }
    }
}

/* Is L's copy kept below position from? Then L names a subheading (a
 * table of contents' entry), not the page. */
static bool named_again_below(const cl_page *pg, const cl_pos *idx, size_t n, size_t from, const cl_line *L)
{
    for (size_t p = from; p < n; p++) {
        const cl_line *K = &pg->lines[idx[p]];
        if (K->kept && K->f.hash == L->f.hash && K->f.words == L->f.words)
            return true;
    }
    return false;
}

/* The opening's words, read once a line is to be weighed against them
 * (*read says whether they are): on most pages none is. */
static void read_opening(const cl_page *pg, const cl_pos *idx, size_t n, size_t first, const cl_stopindex *ix,
                         cl_topic *topic, bool *read)
{
    if (!*read)
        add_opening(pg, idx, n, first, ix, topic);
    *read = true;
}

static void keep_as_headline(cl_line *L)
{
    L->kept = true;
    L->reason = "headline";
    L->reason_rule = NULL;
    cl_set_related(L, 0);
}

/* Does the page's first line, its title, open with L's text and a
 * separator after it ("put-object — CLI Reference")? */
static bool opens_title(const cl_page *pg, const cl_pos *idx, const cl_line *L)
{
    const cl_line *first = &pg->lines[idx[0]];
    const char *t = pg->text + first->span.offset, *s = pg->text + L->span.offset;
    size_t tn = first->span.length, n = L->span.length;
    while (tn > 0 && (*t == ' ' || *t == '\t'))
        t++, tn--;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    static const char *const separators[] = {" \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ", " | ", " \xC2\xB7 ", ": "};
    if (n == 0 || tn <= n || memcmp(t, s, n) != 0)
        return false;
    for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
        size_t k = strlen(separators[i]);
        if (tn - n >= k && memcmp(t + n, separators[i], k) == 0)
            return true;
    }
    return false;
}

/* Does a label of a word or two, L, name the page: are all its words in
 * the article's opening (topic) and in the page's first line, the title
 * a scraper dumps first ("Escopete - Wikipedia" / ... / "Escopete" /
 * "Escopete is a municipality ...")? A tag or a share button seldom is
 * both. */
static bool names_page(const cl_page *pg, const cl_pos *idx, const cl_stopindex *ix, const cl_topic *topic,
                       const cl_line *L)
{
    if (L->cls == CLEAN_CLASS_BAD || L->f.alpha_words == 0 || L->f.capitalised < L->f.alpha_words)
        return false;
    size_t shared = 0, total = 0;
    cl_topic_overlap(topic, pg, L, ix, &shared, &total);
    if (total == 0 || shared < total)
        return false;
    /* Its words, at most a few, looked for in the first line. */
    uint64_t want[4];
    size_t wanted = 0, found = 0;
    cl_word_iter it;
    cl_words_init(&it, pg->text + L->span.offset, L->text_length);
    while (cl_words_next(&it) && wanted < 4)
        want[wanted++] = it.hash;
    const cl_line *first = &pg->lines[idx[0]];
    cl_words_init(&it, pg->text + first->span.offset, first->text_length);
    while (found < wanted && cl_words_next(&it)) {
        for (size_t k = found; k < wanted; k++) {
            if (want[k] == it.hash) {
                want[k] = want[found], want[found++] = it.hash;
                break;
            }
        }
    }
    return wanted > 0 && found == wanted;
}

/* Past the spaces and tabs from s[i] on. */
static size_t skip_blanks(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Is L a copy of the title that a scraper dumps first, or of its first
 * part ("Headline - Section - Site", "Headline | Site")? The page's
 * <h1> mostly is, wherever the menus and tags put it. */
static bool copies_title(const cl_page *pg, const cl_pos *idx, const cl_line *L)
{
    static const char *const separators[] = {"-", "|", ":", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7", "\xC2\xBB"};
    const cl_line *T = &pg->lines[idx[0]];
    const char *t = pg->text + T->span.offset, *s = pg->text + L->span.offset;
    size_t tn = T->span.length, sn = L->span.length;
    size_t ti = skip_blanks(t, 0, tn), si = skip_blanks(s, 0, sn), len = sn - si;
    if (L->f.words < TITLE_COPY_MIN_WORDS || L->f.words > CL_HEADLINE_MAX_WORDS || len > tn - ti ||
        memcmp(t + ti, s + si, len) != 0)
        return false;
    size_t rest = ti + len;
    if (rest == tn)
        return true;
    if (t[rest] != ' ')
        return false;
    /* The part may name the author after the headline ("Headline von
     * NAME | Site", "Headline by NAME - Site"): a few words more. */
    for (size_t extra = 0;; extra++) {
        rest = skip_blanks(t, rest, tn);
        if (rest == tn)
            return extra > 0;
        for (size_t k = 0; k < sizeof separators / sizeof *separators; k++) {
            size_t sep = strlen(separators[k]);
            if (tn - rest > sep && memcmp(t + rest, separators[k], sep) == 0 && t[rest + sep] == ' ')
                return true;
        }
        if (extra == TITLE_COPY_EXTRA_WORDS)
            return false;
        while (rest < tn && t[rest] != ' ' && t[rest] != '\t')
            rest++;
    }
}

/* Failing a title-like line right above the article, the nearest copy
 * of the page's title further up (a forum puts its category and tags
 * between the two), if on the article's topic: a title that starts with
 * the site's name is no headline. */
static cl_line *title_copy_above(cl_page *pg, const cl_pos *idx, size_t n, size_t first, const cl_stopindex *ix,
                                 cl_topic *topic, bool *topic_read)
{
    for (size_t p = first; p-- > 1 && first - p <= TITLE_COPY_REACH;) {
        cl_line *L = &pg->lines[idx[p]];
        if (!copies_title(pg, idx, L))
            continue;
        read_opening(pg, idx, n, first, ix, topic, topic_read);
        size_t shared = 0, total = 0;
        cl_topic_overlap(topic, pg, L, ix, &shared, &total);
        return shared > 0 ? L : NULL;
    }
    return NULL;
}

/* The title-like line just before the first kept line, if it shares
 * words with the article's opening; failing that, a label of a word or
 * two there that names the page. */
void cl_keep_headline(cl_page *pg, const cl_pos *idx, size_t n,
                      const cl_stopindex *ix, cl_topic *topic)
{
    size_t first;
    for (first = 0; first < n && !pg->lines[idx[first]].kept; first++)
        ;
    if (first == n || first == 0)
        return;
    bool topic_read = false;
    /* Counters (votes, scores: lines mostly of numbers), facts ("Prep
     * time: 10 mins"), labels of a word or two (a forum's category and
     * tags, a user's name; one that names the page is kept if no longer
     * title is found), lines a rule dropped (bylines, dates, a shop's
     * buttons) and lines of links ("Category: [Grinders](...)") may
     * stand between the headline and the article: they are passed over,
     * within reach. */
    cl_line *label = NULL;
    for (size_t p = first, looked = 0; p-- > 0 && first - p <= HEADLINE_REACH && looked < HEADLINE_LOOKBACK;) {
        cl_line *L = &pg->lines[idx[p]];
        if (cl_is_header(L))
            break;
        if (L->f.digit_words * 2 >= L->f.words || cl_rule_dropped(L) || L->table == CL_TABLE_KEY_VALUE ||
            L->f.link_markup)
            continue;
        /* A Markdown dump marks the page's <h1>: right above the
         * article, or further up on its topic, it is the headline. */
        if (cl_markdown_heading(pg, idx[p]) == 1 && L->f.words <= CL_HEADLINE_MAX_WORDS) {
            size_t shared = 0, total = 0;
            if (looked > 0) {
                read_opening(pg, idx, n, first, ix, topic, &topic_read);
                cl_topic_overlap(topic, pg, L, ix, &shared, &total);
            }
            if (looked == 0 || shared > 0) {
                keep_as_headline(L);
                return;
            }
        }
        /* (The first line, the title itself, is no label under it.) */
        if (L->f.words <= 2) {
            if (!label && p > 0) {
                read_opening(pg, idx, n, first, ix, topic, &topic_read);
                /* So does a name the title opens with, whatever its case,
                 * right over the article (a command's, "put-object", over
                 * its reference; a menu's item names the page further up). */
                if (names_page(pg, idx, ix, topic, L) ||
                    (first - p <= TITLE_NAME_REACH && L->cls != CLEAN_CLASS_BAD && opens_title(pg, idx, L)))
                    label = L;
            }
            continue;
        }
        looked++;
        /* A title the page repeats (its menu or table of contents names
         * the page) is still the title. */
        bool repeated = L->repeated;
        if (L->f.words > CL_HEADLINE_MAX_WORDS || L->f.url || (L->cls == CLEAN_CLASS_BAD && !repeated))
            break;
        if (repeated && named_again_below(pg, idx, n, first, L))
            continue;
        read_opening(pg, idx, n, first, ix, topic, &topic_read);
        size_t shared = 0, total = 0;
        cl_topic_overlap(topic, pg, L, ix, &shared, &total);
        /* A line in a script whose words tell no topic (Thai, Khmer: no
         * content words) is the headline if it is the first title-like
         * line. */
        bool untold = total == 0 && L->f.unspaced_chars > 0;
        if (shared >= 2 || (total > 0 && shared == total) || (untold && looked == 1)) {
            keep_as_headline(L);
            return;
        }
        /* A short line off the topic is metadata (a date, a byline the
         * rules did not know); the headline may be above it. */
        if (L->f.words > HEADLINE_META_WORDS)
            break;
    }
    cl_line *title = title_copy_above(pg, idx, n, first, ix, topic, &topic_read);
    if (title || label)
        keep_as_headline(title ? title : label);
}

/* Is L a heading in capitals, as html-to-text prints every <h1> to <h6>
 * ("SPECIFICATIONS"): two letters or more, none of them small, between
 * blank lines? */
static bool capitals_heading(const cl_page *pg, const cl_line *L, const cl_line *next)
{
    if (!L->span.blank_before || !next->span.blank_before || L->f.words > CL_HEADLINE_MAX_WORDS)
        return false;
    const char *s = pg->text + L->span.offset;
    size_t capitals = 0;
    for (size_t i = 0; i < L->span.length; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return false;
        capitals += s[i] >= 'A' && s[i] <= 'Z';
    }
    return capitals >= 2;
}

/* A heading right above a kept line heads its section ("## Description"
 * over a product's text), even where context took it for a label at the
 * article's edge: a Markdown heading, or one in capitals below some of
 * the article (above it, capitals are a section's label, "POLITICS");
 * not one that the page repeats or that is mostly numbers (a date). */
void cl_keep_section_headings(cl_page *pg, const cl_pos *idx, size_t n)
{
    bool article_above = false;
    for (size_t p = 0; p + 1 < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        bool below_article = article_above;
        article_above = article_above || L->kept;
        /* Most lines are no heading: "# ", an underline below or capitals. */
        if (!L->f.heading && !pg->lines[idx[p] + 1].continued && !(below_article && L->f.capitalised))
            continue;
        const cl_line *next = &pg->lines[idx[p + 1]];
        if (L->kept || cl_rule_dropped(L) || L->repeated || L->f.digit_words * 2 >= L->f.words || !next->kept ||
            !(cl_markdown_heading(pg, idx[p]) || (below_article && capitals_heading(pg, L, next))))
            continue;
        L->kept = true;
        L->reason = "heading";
        L->reason_rule = NULL;
        cl_set_related(L, 0);
    }
}
