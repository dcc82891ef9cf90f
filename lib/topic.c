/* Topic sets: the content words (internal.h) of some lines, to tell
 * whether other lines are about the same thing. The region, the teaser
 * cards, the page title and the headline are judged by them. */
#include <string.h>

#include "score.h"

/* Hashes a page's cache keeps: past them, lines are read again. */
#define WORD_CACHE_MAX ((size_t)1 << 18)

struct cl_word_cache {
    const cl_mem *m;
    uint32_t *at;    /* per line: 1 + where its count and hashes start in words; 0: not read */
    uint64_t *words; /* per line read: its count, then its hashes */
    size_t used, cap;
};

cl_word_cache *cl_word_cache_new(const cl_mem *m, size_t lines)
{
    cl_word_cache *c = cl_calloc(m, 1, sizeof *c);
    if (!c)
        return NULL;
    c->m = m;
    c->at = cl_calloc(m, lines ? lines : 1, sizeof *c->at);
    if (!c->at) {
        cl_free(m, c);
        return NULL;
    }
    return c;
}

void cl_word_cache_free(cl_word_cache *c)
{
    if (!c)
        return;
    const cl_mem *m = c->m;
    cl_free(m, c->at);
    cl_free(m, c->words);
    cl_free(m, c);
}

uint64_t *cl_word_cache_room(cl_word_cache *c)
{
    if (!c)
        return NULL;
    size_t need = c->used + 1 + CL_LINE_WORDS; /* the count, then the words */
    if (need > WORD_CACHE_MAX)
        return NULL;
    if (need > c->cap && !cl_grow(c->m, (void **)&c->words, &c->cap, need, sizeof *c->words))
        return NULL;
    return c->words + c->used + 1;
}

void cl_word_cache_keep(cl_word_cache *c, size_t line, size_t n)
{
    c->words[c->used] = n;
    c->at[line] = (uint32_t)c->used + 1;
    c->used += n + 1;
}

/* The next content word of the line it reads. */
static bool next_content_word(cl_word_iter *it, const cl_page *pg, const cl_stopindex *ix)
{
    while (cl_words_next(it)) {
        if (!cl_may_be_content(it))
            continue;
        if (pg->lang >= 0 && cl_stopindex_has(ix, it->lower, it->lower_len, it->hash, (size_t)pg->lang))
            continue;
        return true;
    }
    return false;
}

/* The line's content words in the page's cache (*n of them), or NULL. */
static const uint64_t *cached_words(const cl_page *pg, const cl_line *L, size_t *n)
{
    cl_word_cache *c = pg->word_cache;
    size_t line = (size_t)(L - pg->lines);
    if (!c || !c->at[line])
        return NULL;
    const uint64_t *cached = c->words + c->at[line] - 1;
    *n = (size_t)cached[0];
    return cached + 1;
}

/* The line's content words, at *words: from the page's cache, or read
 * and kept there while it has room (else in buf, of CL_LINE_WORDS). */
static size_t line_words(const cl_page *pg, const cl_line *L, const cl_stopindex *ix, uint64_t *buf,
                         const uint64_t **words)
{
    size_t n;
    if ((*words = cached_words(pg, L, &n)))
        return n;
    uint64_t *room = cl_word_cache_room(pg->word_cache), *out = room ? room : buf;
    cl_word_iter it;
    cl_words_init(&it, pg->text + L->span.offset, L->text_length);
    unsigned stem = cl_stopindex_stem(ix, pg->lang);
    for (n = 0; n < CL_LINE_WORDS && next_content_word(&it, pg, ix); n++)
        out[n] = cl_topic_hash(it.lower, it.lower_len, it.hash, stem);
    if (room)
        cl_word_cache_keep(pg->word_cache, (size_t)(L - pg->lines), n);
    *words = out;
    return n;
}

void cl_topic_init(cl_topic *t)
{
    t->count = 0;
    t->cap = CL_TOPIC_MIN_SLOTS;
    memset(t->slot, 0, t->cap * sizeof *t->slot);
}

void cl_topic_clear(cl_topic *t)
{
    for (size_t k = 0; k < t->count; k++)
        t->slot[t->filled[k]] = 0;
    t->count = 0;
}

static size_t topic_find(const cl_topic *t, uint64_t h)
{
    size_t i = (size_t)h & (t->cap - 1);
    while (t->slot[i] && t->slot[i] != h)
        i = (i + 1) & (t->cap - 1);
    return i;
}

static void topic_put(cl_topic *t, uint64_t h)
{
    size_t i = topic_find(t, h);
    if (!t->slot[i]) {
        t->slot[i] = h;
        t->filled[t->count++] = (uint16_t)i;
    }
}

/* Twice the slots, for a set half full. */
static void topic_grow(cl_topic *t)
{
    uint64_t words[CL_TOPIC_SLOTS / 4];
    size_t count = t->count;
    for (size_t k = 0; k < count; k++) {
        words[k] = t->slot[t->filled[k]];
        t->slot[t->filled[k]] = 0;
    }
    memset(t->slot + t->cap, 0, t->cap * sizeof *t->slot);
    t->cap *= 2;
    t->count = 0;
    for (size_t k = 0; k < count; k++)
        topic_put(t, words[k]);
}

void cl_topic_add_line(cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix)
{
    if (t->count >= CL_TOPIC_SLOTS / 2)
        return; /* full: not worth reading the line */
    uint64_t buf[CL_LINE_WORDS];
    const uint64_t *words;
    size_t nw = line_words(pg, L, ix, buf, &words);
    for (size_t k = 0; k < nw && t->count < CL_TOPIC_SLOTS / 2; k++) {
        if (t->count == t->cap / 2)
            topic_grow(t);
        topic_put(t, words[k] | 1); /* 0 marks an empty slot */
    }
}

static bool topic_has(const cl_topic *t, uint64_t word)
{
    return t->slot[topic_find(t, word | 1)] != 0;
}

/* Content words of a line that the topic holds, and how many it has. */
void cl_topic_overlap(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                      size_t *shared, size_t *total)
{
    uint64_t buf[CL_LINE_WORDS];
    const uint64_t *words;
    size_t nw = line_words(pg, L, ix, buf, &words);
    for (size_t k = 0; k < nw; k++)
        *shared += topic_has(t, words[k]);
    *total += nw;
}

bool cl_topic_holds_line(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                         size_t *count)
{
    size_t n;
    const uint64_t *words = cached_words(pg, L, &n);
    if (words) {
        for (size_t k = 0; k < n; k++) {
            if (!topic_has(t, words[k]))
                return false;
        }
        *count = n;
        return true;
    }
    /* Read up to the first word the set lacks, often the line's first. */
    cl_word_iter it;
    cl_words_init(&it, pg->text + L->span.offset, L->text_length);
    unsigned stem = cl_stopindex_stem(ix, pg->lang);
    for (n = 0; n < CL_LINE_WORDS && next_content_word(&it, pg, ix); n++) {
        if (!topic_has(t, cl_topic_hash(it.lower, it.lower_len, it.hash, stem)))
            return false;
    }
    *count = n;
    return true;
}
