/* Topic sets: the content words (4+ bytes, not stopwords) of some lines,
 * hashed, to tell whether other lines are about the same thing. The
 * region, the teaser cards, the page title and the headline are judged
 * by them. */
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

/* The line's content words, at *words: from the page's cache, or read
 * (into buf, of 128) and kept there while it has room. */
static size_t line_words(const cl_page *pg, const cl_line *L, const cl_stopindex *ix, uint64_t *buf,
                         const uint64_t **words)
{
    cl_word_cache *c = pg->word_cache;
    size_t line = (size_t)(L - pg->lines);
    if (c && c->at[line]) {
        const uint64_t *cached = c->words + c->at[line] - 1;
        *words = cached + 1;
        return (size_t)cached[0];
    }
    size_t n = content_words(pg, L, ix, buf, 128);
    *words = buf;
    if (c && c->used + n + 1 <= WORD_CACHE_MAX &&
        cl_grow(c->m, (void **)&c->words, &c->cap, c->used + n + 1, sizeof *c->words)) {
        c->words[c->used] = n;
        memcpy(c->words + c->used + 1, buf, n * sizeof *buf);
        c->at[line] = (uint32_t)c->used + 1;
        c->used += n + 1;
    }
    return n;
}

void cl_topic_clear(cl_topic *t)
{
    for (size_t k = 0; k < t->count; k++)
        t->slot[t->filled[k]] = 0;
    t->count = 0;
}

static size_t topic_find(const cl_topic *t, uint64_t h)
{
    size_t i = (size_t)h & (CL_TOPIC_SLOTS - 1);
    while (t->slot[i] && t->slot[i] != h)
        i = (i + 1) & (CL_TOPIC_SLOTS - 1);
    return i;
}

void cl_topic_add_line(cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix)
{
    if (t->count >= CL_TOPIC_SLOTS / 2)
        return; /* full: not worth reading the line */
    uint64_t buf[128];
    const uint64_t *words;
    size_t nw = line_words(pg, L, ix, buf, &words);
    for (size_t k = 0; k < nw && t->count < CL_TOPIC_SLOTS / 2; k++) {
        uint64_t h = words[k] | 1; /* 0 marks an empty slot */
        size_t i = topic_find(t, h);
        if (!t->slot[i]) {
            t->slot[i] = h;
            t->filled[t->count++] = (uint16_t)i;
        }
    }
}

/* Content words of a line that the topic holds, and how many it has. */
void cl_topic_overlap(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                      size_t *shared, size_t *total)
{
    uint64_t buf[128];
    const uint64_t *words;
    size_t nw = line_words(pg, L, ix, buf, &words);
    for (size_t k = 0; k < nw; k++)
        *shared += t->slot[topic_find(t, words[k] | 1)] != 0;
    *total += nw;
}
