/* The language guess of a page, made in the pass that features its
 * lines: their first words vote, and the stopwords of the lines featured
 * before the language is known are counted from a copy of their words
 * once it is, so that a line is read only once. (A hard-wrapped
 * paragraph is featured as one line: the words of its lines, in order,
 * since only white space lies between them.) */
#include <string.h>

#include "internal.h"

/* Words read to guess a page's language; enough to be sure, few enough
 * that a huge page costs no more than a normal one. */
#define GUESS_WORDS 3000
/* The best language must hold this share of the page's words. */
#define GUESS_MIN_SHARE 0.08
/* Bits of the vote counters: each word votes at most once per language. */
#define GUESS_PLANES 12
_Static_assert((1 << GUESS_PLANES) > GUESS_WORDS, "vote counters overflow");
/* Room for the words of the lines read before the language is known:
 * enough for 99% of the benchmark streams' pages, and under the 64 KB
 * past which glibc's free() may trim the heap (a system call per page);
 * a page with more words, numbers or single letters has its later lines
 * read again. */
#define GUESS_RECORD_BYTES (48 * 1024)

struct cl_guess {
    const clean_cleaner *c;
    size_t votes; /* voting words seen, at most GUESS_WORDS */
    size_t pending;
    cl_vote_word batch[CL_VOTE_BATCH];
    /* The words of the lines read so far that cl_line_features looks up
     * in a stoplist: all but CJK characters, numbers too (a stoplist word
     * longer than the word buffer, cut short, may be all digits). Each is
     * a length byte, its hash (8 bytes) and its lower-cased bytes, and a
     * 0 byte (no word is empty) ends each line. full: the current line
     * did not fit, and no later line is kept either. */
    uint8_t record[GUESS_RECORD_BYTES];
    size_t record_len;
    size_t recorded_lines;
    bool full;
    uint64_t planes[]; /* GUESS_PLANES * cl_stopindex_mask_words */
};

cl_guess *cl_guess_new(const clean_cleaner *c)
{
    size_t planes = GUESS_PLANES * cl_stopindex_mask_words(c->stopwords);
    cl_guess *g = cl_alloc(&c->mem, sizeof *g + planes * sizeof *g->planes);
    if (!g)
        return NULL;
    g->c = c;
    g->votes = g->pending = g->record_len = g->recorded_lines = 0;
    g->full = false;
    memset(g->planes, 0, planes * sizeof *g->planes);
    return g;
}

void cl_guess_free(const cl_mem *m, cl_guess *g)
{
    cl_free(m, g);
}

void cl_guess_word(cl_guess *g, const cl_word_iter *it)
{
    /* Numbers are in no language, and a single letter ("a", "i", "o",
     * an initial, a list marker) is in too many. */
    if (g->votes < GUESS_WORDS && !it->all_digits && !(it->lower_len == 1 && !it->cjk)) {
        g->votes++;
        cl_vote_word *v = &g->batch[g->pending++];
        memcpy(v->word, it->lower, it->lower_len);
        v->len = it->lower_len;
        v->hash = it->hash;
        if (g->pending == CL_VOTE_BATCH) {
            cl_stopindex_vote_batch(g->c->stopwords, g->batch, g->pending, g->planes, GUESS_PLANES);
            g->pending = 0;
        }
    }
    if (it->cjk || g->full)
        return;
    /* The word, and the room for its line's end mark. */
    if (g->record_len + 1 + sizeof it->hash + it->lower_len + 1 > sizeof g->record) {
        g->full = true;
        return;
    }
    g->record[g->record_len++] = (uint8_t)it->lower_len;
    memcpy(g->record + g->record_len, &it->hash, sizeof it->hash);
    g->record_len += sizeof it->hash;
    memcpy(g->record + g->record_len, it->lower, it->lower_len);
    g->record_len += it->lower_len;
}

bool cl_guess_end_line(cl_guess *g)
{
    /* A line's words left room for its end mark; lines of no words
     * alone can fill the record. */
    if (g->record_len == sizeof g->record)
        g->full = true;
    if (!g->full) {
        g->record[g->record_len++] = 0;
        g->recorded_lines++;
    }
    return g->votes == GUESS_WORDS;
}

static long pick_language(cl_guess *g)
{
    const clean_cleaner *c = g->c;
    size_t mask_words = cl_stopindex_mask_words(c->stopwords);
    cl_stopindex_vote_batch(c->stopwords, g->batch, g->pending, g->planes, GUESS_PLANES);
    g->pending = 0;
    long best = -1;
    uint32_t best_votes = 0;
    for (size_t l = 0; l < c->language_count; l++) {
        uint32_t votes = 0;
        for (size_t b = 0; b < GUESS_PLANES; b++)
            votes |= (uint32_t)(g->planes[b * mask_words + l / 64] >> (l % 64) & 1) << b;
        if (best < 0 || votes > best_votes) {
            best = (long)l;
            best_votes = votes;
        }
    }
    if (best >= 0 && (best_votes == 0 || (double)best_votes < GUESS_MIN_SHARE * (double)g->votes))
        best = -1;
    return best;
}

long cl_guess_finish(cl_guess *g, cl_page *page, size_t end)
{
    long lang = pick_language(g);
    if (lang < 0)
        return lang; /* the lines have no stopwords, as they were read */
    const cl_stopindex *ix = g->c->stopwords;
    const uint8_t *w = g->record;
    size_t line = 0;
    for (size_t i = 0; i < end; i++) {
        cl_line *l = &page->lines[i];
        if (l->continued)
            continue;
        if (line++ >= g->recorded_lines) {
            cl_line_features(page->text + l->span.offset, l->text_length, ix, lang, NULL, &l->f);
            continue;
        }
        uint32_t stopwords = 0;
        uint64_t hash;
        for (; *w; w += 1 + sizeof hash + *w) {
            memcpy(&hash, w + 1, sizeof hash);
            stopwords += cl_stopindex_has(ix, (const char *)w + 1 + sizeof hash, *w, hash, (size_t)lang);
        }
        w++;
        cl_features_set_stopwords(&l->f, stopwords, lang);
    }
    return lang;
}
