/* Topic sets: the content words (4+ bytes, not stopwords) of some lines,
 * hashed, to tell whether other lines are about the same thing. The
 * region, the teaser cards, the page title and the headline are judged
 * by them. */
#include "score.h"

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

static size_t topic_find(const cl_topic *t, uint64_t h)
{
    size_t i = (size_t)h & (CL_TOPIC_SLOTS - 1);
    while (t->slot[i] && t->slot[i] != h)
        i = (i + 1) & (CL_TOPIC_SLOTS - 1);
    return i;
}

void cl_topic_add_line(cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix)
{
    uint64_t words[128];
    size_t nw = content_words(pg, L, ix, words, 128);
    for (size_t k = 0; k < nw && t->count < CL_TOPIC_SLOTS / 2; k++) {
        uint64_t h = words[k] | 1; /* 0 marks an empty slot */
        size_t i = topic_find(t, h);
        if (!t->slot[i])
            t->slot[i] = h, t->count++;
    }
}

/* Content words of a line that the topic holds, and how many it has. */
void cl_topic_overlap(const cl_topic *t, const cl_page *pg, const cl_line *L, const cl_stopindex *ix,
                      size_t *shared, size_t *total)
{
    uint64_t words[128];
    size_t nw = content_words(pg, L, ix, words, 128);
    for (size_t k = 0; k < nw; k++)
        *shared += t->slot[topic_find(t, words[k] | 1)] != 0;
    *total += nw;
}
