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
/* The lines read before the language is known, each as the count of
 * its words and their numbers: enough for 99.9% of the benchmark
 * streams' pages, and with the tables above under the 64 KB past which
 * glibc's free() may trim the heap (a system call per page); a page with
 * more words has its later lines read again. */
#define GUESS_RECORD 5120
_Static_assert(GUESS_DISTINCT <= UINT16_MAX && GUESS_RECORD <= UINT16_MAX, "word numbers and counts are 16 bits");

/* Words are compared and copied eight bytes a step: the word buffer
 * has room past any word, and so has the arena (the bytes copied past a
 * word are the next word's place); a word longer than a step is
 * compared up to its last byte and no further. */
#define STEP 8
_Static_assert(sizeof ((cl_word_iter *)0)->lower % STEP == 0, "the word buffer is whole steps");
/* How a word's occurrences count while the page is read, so that a
 * word seen again is counted from its entry: whether it votes (while the
 * page's words do) and whether it is recorded (while there is room).
 * (Taken from its first occurrence: its bytes tell this unless they are
 * cut short, and a word longer than a step is counted from the
 * iterator.) */
enum { VOTING = 1, RECORDED = 2 };
/* A word's kind (cl_page_word.kind), bits that finish_line adds up: a
 * content word, as long enough to be one when it is added; a stopword
 * in its place once the page's language is known. */
enum { STOPWORD = 1, CONTENT_WORD = 2 };

struct cl_guess {
    const clean_cleaner *c;
    size_t votes; /* voting words seen, at most GUESS_WORDS */
    size_t distinct, arena_len, record_len, recorded_lines;
    /* The current line's count in the record, and the record's room for
     * its words: 0 once the line did not fit, and no later line is kept
     * either. */
    size_t line_start, record_room;
    uint16_t slots[GUESS_SLOTS]; /* word number; 0: empty */
    /* words[0] is no word (no byte: no word's length), which an empty
     * slot finds; kind: what each is to the record, and counts: how
     * its occurrences count. */
    cl_page_word words[GUESS_DISTINCT + 1];
    uint8_t counts[GUESS_DISTINCT + 1];
    uint8_t arena[GUESS_ARENA_BYTES + STEP];
    /* The words of the lines read so far that cl_line_features looks up
     * in a stoplist: all, unspaced characters (a Chinese or Japanese
     * stoplist holds some) and numbers too (a stoplist word longer than
     * the word buffer, cut short, may be all digits). */
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
    g->votes = g->distinct = g->arena_len = g->recorded_lines = g->line_start = 0;
    g->record_len = 1;
    g->record_room = GUESS_RECORD;
    memset(g->slots, 0, sizeof g->slots);
    g->words[0] = (cl_page_word){0, 0, 0, 0, 0};
    memset(g->lang_votes, 0, langs * sizeof *g->lang_votes);
    return g;
}

void cl_guess_free(const cl_mem *m, cl_guess *g)
{
    cl_free(m, g);
}

static uint64_t load_step(const void *p)
{
    uint64_t v;
    memcpy(&v, p, STEP);
    return v;
}

/* Is word id the iterator's word? One of up to a step is told apart by
 * its hash and length (cl_word_hash is one-to-one on those); a longer
 * one is compared too, in whole steps, the last one ending at its last
 * byte. */
static bool is_word(const cl_guess *g, size_t id, const cl_word_iter *it)
{
    const cl_page_word *w = &g->words[id];
    size_t n = it->lower_len;
    if (w->hash != it->hash || w->len != n)
        return false;
    if (n <= STEP)
        return true;
    const uint8_t *stored = g->arena + w->at;
    for (size_t i = 0; i + STEP < n; i += STEP) {
        if (load_step(stored + i) != load_step(it->lower + i))
            return false;
    }
    return load_step(stored + n - STEP) == load_step(it->lower + n - STEP);
}

/* Word id's place in the record, if there is room for it. */
static inline void record_word(cl_guess *g, size_t id)
{
    if (g->record_len < g->record_room)
        g->record[g->record_len++] = (uint16_t)id;
    else
        g->record_room = 0;
}

/* Word id's votes, and its place in the record if it is recorded. */
static inline void count_word(cl_guess *g, size_t id, size_t votes, bool recorded)
{
    g->words[id].votes += votes;
    g->votes += votes;
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
        g->votes++;
    }
    if (recorded)
        g->record_room = 0;
}

/* The iterator's word, new to the page, in its empty slot i: counted
 * from the iterator, and added if it counts. */
static inline void new_word(cl_guess *g, size_t i, const cl_word_iter *it)
{
    /* Numbers are in no language, and a single letter ("a", "i", "o",
     * an initial, a list marker) is in too many (an unspaced character
     * has three bytes or more). */
    size_t n = it->lower_len;
    unsigned counts = VOTING | RECORDED;
    if (__builtin_expect(it->all_digits | (n == 1), 0))
        counts = (!it->all_digits & (n != 1)) * VOTING | RECORDED;
    size_t votes = (size_t)(g->votes < GUESS_WORDS) & counts;
    bool recorded = (counts & RECORDED) && g->record_room;
    if (!votes && !recorded)
        return;
    if (g->distinct == GUESS_DISTINCT || g->arena_len + n > GUESS_ARENA_BYTES) {
        word_alone(g, it, votes, recorded);
        return;
    }
    size_t id = ++g->distinct;
    g->slots[i] = (uint16_t)id;
    g->words[id] = (cl_page_word){it->hash, (uint16_t)votes, (uint16_t)g->arena_len, (uint8_t)n,
                                  n >= CL_CONTENT_MIN_BYTES ? CONTENT_WORD : 0};
    g->counts[id] = (uint8_t)counts;
    /* (A word has a byte: its first step is copied without a test.) */
    uint8_t *bytes = g->arena + g->arena_len;
    size_t k = 0;
    do
        memcpy(bytes + k, it->lower + k, STEP);
    while ((k += STEP) < n);
    g->arena_len += n;
    g->votes += votes;
    if (recorded)
        record_word(g, id);
}

/* A word not in its first slot, or longer than a step: found or added
 * further on. (Out of line: the common cases then save fewer
 * registers.) */
__attribute__((noinline)) static void other_word(cl_guess *g, const cl_word_iter *it)
{
    size_t i = (size_t)it->hash & (GUESS_SLOTS - 1);
    for (; g->slots[i]; i = (i + 1) & (GUESS_SLOTS - 1)) {
        size_t id = g->slots[i];
        if (is_word(g, id, it)) {
            /* Counted from the iterator: a word cut short is told by
             * its first bytes alone. */
            bool votes = !it->all_digits && it->lower_len != 1 && g->votes < GUESS_WORDS;
            count_word(g, id, votes, true);
            return;
        }
    }
    new_word(g, i, it);
}

void cl_guess_word(cl_guess *g, const cl_word_iter *it)
{
    /* A word of up to a step in its first slot (most): its entry says
     * how it counts; a new word's slot is empty. */
    size_t i = (size_t)it->hash & (GUESS_SLOTS - 1), id = g->slots[i];
    const cl_page_word *w = &g->words[id];
    if (w->hash == it->hash && w->len == it->lower_len && it->lower_len <= STEP)
        count_word(g, id, (size_t)(g->votes < GUESS_WORDS) & g->counts[id], g->counts[id] & RECORDED);
    else if (!id)
        new_word(g, i, it);
    else
        other_word(g, it);
}

bool cl_guess_end_line(cl_guess *g)
{
    /* The line is kept if its words fit, and the next line's count is
     * given its place if there is one. */
    if (g->record_room) {
        g->record[g->line_start] = (uint16_t)(g->record_len - g->line_start - 1);
        g->recorded_lines++;
        if (g->record_len < GUESS_RECORD)
            g->line_start = g->record_len++;
        else
            g->record_room = 0;
    }
    return g->votes == GUESS_WORDS;
}

static long pick_language(cl_guess *g)
{
    const clean_cleaner *c = g->c;
    cl_stopindex_vote_page(c->stopwords, g->arena, g->words + 1, g->distinct, g->lang_votes);
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

/* The words that are stopwords of the language (none when lang < 0) in
 * place of content words, and the content words' hashes their topic
 * words' if the language has a stem (the guess is over: no word is
 * looked up again). */
static void sort_words(cl_guess *g, long lang)
{
    const cl_stopindex *ix = g->c->stopwords;
    if (lang >= 0) {
        uint32_t stopwords[GUESS_DISTINCT];
        size_t count = cl_stopindex_has_page(ix, (size_t)lang, g->arena, g->words + 1, g->distinct, stopwords);
        for (size_t k = 0; k < count; k++)
            g->words[stopwords[k] + 1].kind = STOPWORD;
    }
    /* Without a stem a word is its own topic word. */
    unsigned stem = cl_stopindex_stem(ix, lang);
    for (size_t id = 1; stem && id <= g->distinct; id++) {
        cl_page_word *w = &g->words[id];
        if (w->kind == CONTENT_WORD)
            w->hash = cl_topic_hash((const char *)g->arena + w->at, w->len, w->hash, stem);
    }
}

/* A recorded line's stopwords, and its content words kept in the page's
 * cache unless it has unspaced characters (the content words of those
 * lines are read when asked for, as topic.c does). Returns the next
 * line's record. */
static const uint16_t *finish_line(const cl_guess *g, const uint16_t *w, cl_page *page, size_t i, long lang)
{
    cl_line *l = &page->lines[i];
    uint64_t *room = l->f.unspaced_chars ? NULL : cl_word_cache_room(page->word_cache);
    size_t count = *w++, most = room ? CL_LINE_WORDS : 0, n = 0, k = 0;
    uint32_t stopwords = 0;
    /* Every word is written, and kept if a content word: a branch on
     * the kind would be mispredicted. The first CL_LINE_WORDS have room
     * without a test. */
    for (size_t unchecked = count < most ? count : most; k < unchecked; k++) {
        const cl_page_word *word = &g->words[w[k]];
        size_t kind = word->kind;
        stopwords += kind & STOPWORD;
        room[n] = word->hash;
        n += kind / CONTENT_WORD;
    }
    for (; k < count; k++) {
        const cl_page_word *word = &g->words[w[k]];
        stopwords += word->kind & STOPWORD;
        if (n < most) {
            room[n] = word->hash;
            n += word->kind >> 1;
        }
    }
    cl_features_set_stopwords(&l->f, stopwords, lang);
    if (room)
        cl_word_cache_keep(page->word_cache, i, n);
    return w + count;
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
