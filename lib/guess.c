/* The language guess of a page, made in the pass that features its
 * lines: their first words vote, and the stopwords and content words of
 * the lines featured before the language is known are found from a copy
 * of their words once it is, so that a line is read only once. (A
 * hard-wrapped paragraph is featured as one line: the words of its
 * lines, in order, since only white space lies between them.) */
#include <string.h>

#include "internal.h"

/* Words read to guess a page's language; enough to be sure, few enough
 * that a huge page costs no more than a normal one. */
#define GUESS_WORDS 3000
/* The best language must hold this share of the page's words. */
#define GUESS_MIN_SHARE 0.08
/* A page's words repeat ("the", "und"): each distinct one is looked up
 * once in the large voting table, with its count of votes, and once in
 * the page language's list. Room for the distinct words, and their
 * bytes, of 99.9% of the benchmark streams' pages (~1,300 words of the
 * first 3,000); a word past it votes alone, and no more lines are
 * recorded. Hash slots: a power of two, under half full. */
#define GUESS_DISTINCT 1536
#define GUESS_ARENA_BYTES (16 * 1024)
#define GUESS_SLOTS 4096
_Static_assert(GUESS_DISTINCT < GUESS_SLOTS / 2 && GUESS_ARENA_BYTES <= UINT16_MAX, "guess table sizes");
/* The lines read before the language is known, as their words' numbers
 * with an end mark per line: enough for 99.9% of the benchmark streams'
 * pages, and with the tables above under the 64 KB past which glibc's
 * free() may trim the heap (a system call per page); a page with more
 * words has its later lines read again. */
#define GUESS_RECORD 5120
#define GUESS_LINE_END UINT16_MAX
_Static_assert(GUESS_DISTINCT < GUESS_LINE_END, "word numbers are 16 bits");

/* Words are compared and copied eight bytes a step: the word buffer
 * has room past any word, and so has the arena (the bytes past a word,
 * the next word's or none yet, are masked off). */
#define STEP 8
_Static_assert(sizeof ((cl_word_iter *)0)->lower % STEP == 0, "the word buffer is whole steps");
/* What a word is to the lines recorded: not in them, in them; and once
 * the language is known, in them a stopword or a content word. */
enum { UNRECORDED, RECORDED, STOPWORD, CONTENT_WORD };

struct cl_guess {
    const clean_cleaner *c;
    size_t votes; /* voting words seen, at most GUESS_WORDS */
    size_t distinct, arena_len, record_len, recorded_lines;
    bool full; /* the current line did not fit, and no later line is kept either */
    uint16_t slots[GUESS_SLOTS]; /* word number + 1; 0: empty */
    cl_page_word words[GUESS_DISTINCT]; /* kind: what each is to the record */
    uint8_t arena[GUESS_ARENA_BYTES + STEP];
    /* The words of the lines read so far that cl_line_features looks up
     * in a stoplist: all but unspaced characters, numbers too (a stoplist word
     * longer than the word buffer, cut short, may be all digits). */
    uint16_t record[GUESS_RECORD];
    uint32_t lang_votes[];
};

cl_guess *cl_guess_new(const clean_cleaner *c)
{
    size_t langs = c->language_count;
    cl_guess *g = cl_alloc(&c->mem, sizeof *g + langs * sizeof *g->lang_votes);
    if (!g)
        return NULL;
    g->c = c;
    g->votes = g->distinct = g->arena_len = g->record_len = g->recorded_lines = 0;
    g->full = false;
    memset(g->slots, 0, sizeof g->slots);
    memset(g->lang_votes, 0, langs * sizeof *g->lang_votes);
    return g;
}

void cl_guess_free(const cl_mem *m, cl_guess *g)
{
    cl_free(m, g);
}

/* The first n bytes of a step (all of it from eight on), as a mask that
 * holds whatever the byte order. */
static uint64_t first_bytes(size_t n)
{
    static const uint8_t ones[2 * STEP] = {255, 255, 255, 255, 255, 255, 255, 255};
    uint64_t mask;
    memcpy(&mask, ones + STEP - (n < STEP ? n : STEP), sizeof mask);
    return mask;
}

static uint64_t load_step(const void *p)
{
    uint64_t v;
    memcpy(&v, p, STEP);
    return v;
}

/* Is word id the iterator's word? One of up to a step is told apart by
 * its hash and length (cl_word_hash is one-to-one on those); a longer
 * one is compared too, in whole steps, the last one masked. */
static bool is_word(const cl_guess *g, size_t id, const cl_word_iter *it)
{
    const cl_page_word *w = &g->words[id];
    size_t n = it->lower_len;
    if (w->hash != it->hash || w->len != n)
        return false;
    const uint8_t *stored = g->arena + w->at;
    size_t i = 0;
    for (; i + STEP < n; i += STEP) {
        if (load_step(stored + i) != load_step(it->lower + i))
            return false;
    }
    return n <= STEP || !((load_step(stored + i) ^ load_step(it->lower + i)) & first_bytes(n - i));
}

/* is_word of a word of up to a step (most are), without the loop. */
static bool is_short_word(const cl_guess *g, size_t id, const cl_word_iter *it)
{
    const cl_page_word *w = &g->words[id];
    return it->lower_len <= STEP && w->hash == it->hash && w->len == it->lower_len;
}

/* A new word in slot i, with its first votes: GUESS_DISTINCT when there
 * is no room for it. (A word has a byte: its first step is copied
 * without a test.) */
static inline size_t add_word(cl_guess *g, size_t i, const cl_word_iter *it, unsigned votes)
{
    size_t n = it->lower_len;
    if (g->distinct == GUESS_DISTINCT || g->arena_len + n > GUESS_ARENA_BYTES)
        return GUESS_DISTINCT;
    size_t id = g->distinct++;
    g->slots[i] = (uint16_t)(id + 1);
    g->words[id] = (cl_page_word){it->hash, (uint16_t)votes, (uint16_t)g->arena_len, (uint8_t)n, UNRECORDED};
    uint8_t *bytes = g->arena + g->arena_len;
    size_t k = 0;
    do
        memcpy(bytes + k, it->lower + k, STEP);
    while ((k += STEP) < n);
    g->arena_len += n;
    return id;
}

/* The number of the word, a new one the first time; GUESS_DISTINCT when
 * there is no room for it. */
static size_t word_number(cl_guess *g, const cl_word_iter *it)
{
    size_t i = (size_t)it->hash & (GUESS_SLOTS - 1);
    for (; g->slots[i]; i = (i + 1) & (GUESS_SLOTS - 1)) {
        if (is_word(g, g->slots[i] - 1u, it))
            return g->slots[i] - 1u;
    }
    return add_word(g, i, it, 0);
}

/* Word id's place in the record. */
static inline void record_word(cl_guess *g, size_t id)
{
    /* The word, and the room for its line's end mark. */
    if (g->record_len + 2 > GUESS_RECORD)
        g->full = true;
    else {
        g->record[g->record_len++] = (uint16_t)id;
        g->words[id].kind = RECORDED;
    }
}

/* Word id's vote, and its place in the record if it is recorded. */
static inline void count_word(cl_guess *g, size_t id, bool votes, bool recorded)
{
    g->words[id].votes += votes;
    if (recorded)
        record_word(g, id);
}

/* A word with no room in the table: it votes alone, and if recorded, no
 * more lines are. (Out of line, as it is rare: the callers then save no
 * registers.) */
__attribute__((noinline)) static void word_alone(cl_guess *g, const cl_word_iter *it, bool votes, bool recorded)
{
    if (votes) {
        const cl_vote_word w = {it->lower, it->lower_len, it->hash, 1};
        cl_stopindex_vote(g->c->stopwords, &w, 1, g->lang_votes);
    }
    if (recorded)
        g->full = true;
}

/* A word not in its first slot, or longer than a step. (Out of line:
 * the common case then saves fewer registers.) */
__attribute__((noinline)) static void other_word(cl_guess *g, const cl_word_iter *it, bool votes, bool recorded)
{
    size_t id = word_number(g, it);
    if (id < GUESS_DISTINCT)
        count_word(g, id, votes, recorded);
    else
        word_alone(g, it, votes, recorded);
}

/* A new word in its first slot, i. (Out of line, as other_word.) */
__attribute__((noinline)) static void new_word(cl_guess *g, size_t i, const cl_word_iter *it, bool votes, bool recorded)
{
    size_t id = add_word(g, i, it, votes);
    if (id == GUESS_DISTINCT)
        word_alone(g, it, votes, recorded);
    else if (recorded)
        record_word(g, id);
}

void cl_guess_word(cl_guess *g, const cl_word_iter *it)
{
    /* Numbers are in no language, and a single letter ("a", "i", "o",
     * an initial, a list marker) is in too many. */
    bool votes = g->votes < GUESS_WORDS && !it->all_digits && !(it->lower_len == 1 && !it->unspaced);
    bool recorded = !it->unspaced && !g->full;
    if (!votes && !recorded)
        return;
    g->votes += votes;
    size_t i = (size_t)it->hash & (GUESS_SLOTS - 1), first = g->slots[i];
    if (first && is_short_word(g, first - 1, it))
        count_word(g, first - 1, votes, recorded);
    else if (!first)
        new_word(g, i, it, votes, recorded);
    else
        other_word(g, it, votes, recorded);
}

bool cl_guess_end_line(cl_guess *g)
{
    /* A line's words left room for its end mark; lines of no words
     * alone can fill the record. */
    if (g->record_len == GUESS_RECORD)
        g->full = true;
    if (!g->full) {
        g->record[g->record_len++] = GUESS_LINE_END;
        g->recorded_lines++;
    }
    return g->votes == GUESS_WORDS;
}

static long pick_language(cl_guess *g)
{
    const clean_cleaner *c = g->c;
    cl_stopindex_vote_page(c->stopwords, g->arena, g->words, g->distinct, g->lang_votes);
    long best = -1;
    uint32_t best_votes = 0;
    for (size_t l = 0; l < c->language_count; l++) {
        uint32_t votes = g->lang_votes[l];
        if (best < 0 || votes > best_votes) {
            best = (long)l;
            best_votes = votes;
        }
    }
    if (best >= 0 && (best_votes == 0 || (double)best_votes < GUESS_MIN_SHARE * (double)g->votes))
        best = -1;
    return best;
}

/* The recorded words that are stopwords of the language (none when
 * lang < 0), and those that are content words, whose hash becomes their
 * topic word's (the guess is over: no word is looked up again). */
static void sort_words(cl_guess *g, long lang)
{
    const cl_stopindex *ix = g->c->stopwords;
    bool stopword[GUESS_DISTINCT];
    if (lang >= 0)
        cl_stopindex_has_page(ix, (size_t)lang, g->arena, g->words, g->distinct, stopword);
    /* Without a stem a word is its own topic word. */
    unsigned stem = cl_stopindex_stem(ix, lang);
    for (size_t id = 0; id < g->distinct; id++) {
        cl_page_word *w = &g->words[id];
        if (w->kind != RECORDED)
            continue;
        if (lang >= 0 && stopword[id])
            w->kind = STOPWORD;
        else if (w->len >= CL_CONTENT_MIN_BYTES) {
            w->kind = CONTENT_WORD;
            if (stem)
                w->hash = cl_topic_hash((const char *)g->arena + w->at, w->len, w->hash, stem);
        }
    }
}

/* A recorded line's stopwords, and its content words kept in the page's
 * cache unless it has unspaced characters, which are not recorded (those are
 * read when asked for). Returns the next line's record. */
static const uint16_t *finish_line(const cl_guess *g, const uint16_t *w, cl_page *page, size_t i, long lang)
{
    cl_line *l = &page->lines[i];
    uint64_t *room = l->f.unspaced_chars ? NULL : cl_word_cache_room(page->word_cache);
    size_t n = 0, most = room ? CL_LINE_WORDS : 0;
    uint32_t stopwords = 0;
    /* Every word is written, and kept if a content word: a branch on
     * the kind would be mispredicted. */
    for (; *w != GUESS_LINE_END; w++) {
        const cl_page_word *word = &g->words[*w];
        stopwords += word->kind == STOPWORD;
        if (n < most) {
            room[n] = word->hash;
            n += word->kind == CONTENT_WORD;
        }
    }
    cl_features_set_stopwords(&l->f, stopwords, lang);
    if (room)
        cl_word_cache_keep(page->word_cache, i, n);
    return w + 1;
}

long cl_guess_finish(cl_guess *g, cl_page *page, size_t end)
{
    long lang = pick_language(g);
    sort_words(g, lang);
    const cl_stopindex *ix = g->c->stopwords;
    const uint16_t *w = g->record;
    size_t line = 0;
    for (size_t i = 0; i < end; i++) {
        cl_line *l = &page->lines[i];
        if (l->continued)
            continue;
        if (line++ < g->recorded_lines) {
            w = finish_line(g, w, page, i, lang);
        } else if (lang >= 0) { /* (with none, the lines are as they were read) */
            uint64_t *room = cl_word_cache_room(page->word_cache);
            size_t n = cl_line_features(page->text + l->span.offset, l->text_length, ix, lang, NULL, room, &l->f);
            if (room)
                cl_word_cache_keep(page->word_cache, i, n);
        }
    }
    return lang;
}
