/* Teaser cards: a fixed sequence of a few lines (headline, author, date,
 * summary) repeated, each card about another page. A run of them off the
 * article's topic weighs nothing in the region. */
#include <string.h>

#include "score.h"

#define CARD_MAX_PERIOD 5      /* lines a card may have */
#define CARD_MIN_CARDS 3       /* cards in a row that make a run */
#define CARD_MAX_WORDS 100     /* a longer line is no card's: a card's summary is a sentence or two */
#define CARD_PROSE_WORDS 8     /* a sentence this long is a card's summary */
#define CARD_LONG_WORDS 25     /* a line this long is one, sentence or not */
#define CARD_TITLE_WORDS 5     /* shorter lines that are not summaries are a card's labels */
#define CARD_MIN_TOPIC 15      /* content words of a run that its topic is judged on */
#define CARD_MAX_OVERLAP 15    /* percent of them the article may share with cards off its topic */
#define CARD_EDGE_OVERLAP 30   /* percent of a good line's at the run's ends that make it the article's */

/* The shape of a line as one of a teaser card's: its label lines (a
 * kicker, an author, a date), its title, its summary; CARD_NONE for
 * lines no card holds (long paragraphs, list items, table rows). */
enum { CARD_LABEL, CARD_TITLE, CARD_SUMMARY, CARD_NONE };

static cl_class card_kind(const cl_line *L)
{
    if (L->f.words > CARD_MAX_WORDS || L->f.bullet || L->table || cl_is_header(L))
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
static bool card_off_topic(const cl_page *pg, const cl_line *L, const cl_stopindex *ix, const cl_topic *topic)
{
    if (!L->good || cl_rule_dropped(L))
        return true;
    size_t shared = 0, total = 0;
    cl_topic_overlap(topic, pg, L, ix, &shared, &total);
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
        if (!L->good || cl_rule_dropped(L))
            return false;
        if (!in_run[p] && cl_is_prose(L))
            return true;
    }
    return false;
}

/* Are the run's short lines from lo to hi, three in four of them, a table
 * of contents' entries, each printed above the run too ("Storia",
 * "Costruzione"; a wiki's "[edit]" links beside them a rule drops)? Then
 * the run is an article's sections, each heading over its paragraph; a
 * card's kicker repeats within its list ("Politik" over several cards)
 * or stands nowhere else. */
static bool headings_in_contents(const cl_page *pg, const cl_pos *idx, const cl_class *kind, const cl_pos *first,
                                 const cl_pos *copies, size_t lo, size_t hi)
{
    size_t labels = 0, headings = 0;
    for (size_t p = lo; p < hi; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (kind[p] != CARD_LABEL || L->f.words == 0 || cl_rule_dropped(L))
            continue;
        labels++;
        /* Printed more than once, the first copy before the run. */
        headings += copies[first[p]] >= 2 && first[p] < lo;
    }
    return headings >= CARD_MIN_CARDS && 4 * headings >= 3 * labels;
}

/* Teaser lists printed as cards: a fixed sequence of a few lines
 * (headline, author, date, summary) repeated. Each summary is a sentence
 * and survives alone; the run's shape gives them away. Shapes repeat in
 * content too (a list, an interview, a forum's posts, a product
 * listing), so a run only goes when the page has an article of its own
 * outside the runs and the run's words are off that article's topic:
 * each card is about another page. Its good lines then weigh nothing in
 * the region, which stops at the run's edge. */
void cl_mark_cards(cl_page *pg, const cl_pos *idx, size_t n, const cl_stopindex *ix, cl_topic *topic,
                   cl_class *kind, cl_class *in_run, const cl_pos *first, const cl_pos *copies)
{
    for (size_t p = 0; p < n; p++) {
        kind[p] = card_kind(&pg->lines[idx[p]]);
        in_run[p] = 0;
    }
    bool runs = false;
    for (size_t period = 2; period <= CARD_MAX_PERIOD; period++) {
        size_t summary = 0; /* the first summary at or after s, or n */
        for (size_t s = 0; s + CARD_MIN_CARDS * period <= n; s++) {
            /* A card opens with its headline or a label, not its summary. */
            if (in_run[s] || kind[s] == CARD_SUMMARY || kind[s] == CARD_NONE)
                continue;
            /* The cards of a run hold one summary each (card_repeats,
             * strict): a card without one starts none. */
            summary = summary > s ? summary : s;
            while (summary < n && kind[summary] != CARD_SUMMARY)
                summary++;
            if (summary >= s + period) {
                s = summary - period; /* nor can one start before summary - period + 1 */
                continue;
            }
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
            runs = true;
            s = hi - 1;
        }
    }
    if (!runs)
        return; /* no words need reading */
    /* The article: good prose outside the runs. */
    cl_topic_clear(topic);
    double article_words = 0;
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (!in_run[p] && cl_is_prose(L)) {
            article_words += L->f.words;
            cl_topic_add_line(topic, pg, L, ix);
        }
    }
    if (article_words < CL_END_AFTER_WORDS)
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
            if (L->good && !cl_rule_dropped(L))
                cl_topic_overlap(topic, pg, L, ix, &shared, &total);
        }
        if (total >= CARD_MIN_TOPIC && shared * 100 < total * CARD_MAX_OVERLAP &&
            !card_run_continues(pg, idx, in_run, from, lo) &&
            !headings_in_contents(pg, idx, kind, first, copies, from, end)) {
            for (size_t p = lo; p < hi; p++)
                pg->lines[idx[p]].card = true;
        }
        lo = end;
    }
}
