/* Stoplists: one hash table from lower-cased word to the set of languages
 * whose list holds it, so a page's language is guessed in one pass. */
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "internal.h"

typedef struct stop_entry {
    uint64_t hash;   /* 0: empty slot */
    uint32_t offset; /* of the word in the pool */
    uint32_t length;
    uint32_t mask;   /* index of the entry's language mask */
} stop_entry;

struct cl_stopindex {
    stop_entry *slots;
    size_t slot_mask;
    char *pool;
    size_t pool_len;
    uint64_t *masks; /* mask_words per entry */
    size_t mask_words, entries;
    size_t nlangs;
};

static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)w[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 29;
    return h ? h : 1;
}

static const stop_entry *find(const cl_stopindex *ix, const char *w, size_t n, uint64_t h)
{
    for (size_t i = h & ix->slot_mask;; i = (i + 1) & ix->slot_mask) {
        const stop_entry *e = &ix->slots[i];
        if (e->hash == 0 || (e->hash == h && e->length == n && memcmp(ix->pool + e->offset, w, n) == 0))
            return e;
    }
}

/* Calls fn for each lower-cased word of a stoplist text: one per line,
 * '#' starts a comment, words are normalised as the page's words are. */
static size_t each_word(const char *text, size_t length,
                        void (*fn)(void *ctx, const char *w, size_t n), void *ctx)
{
    size_t count = 0, start = 0;
    while (start < length) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        const char *hash = memchr(text + start, '#', end - start);
        size_t stop = hash ? (size_t)(hash - text) : end;
        cl_word_iter it;
        cl_words_init(&it, text + start, stop - start);
        /* A stoplist line is one word; a line the tokenizer splits
         * ("l'on") is entered as each of its words. */
        while (cl_words_next(&it)) {
            if (fn)
                fn(ctx, it.lower, it.lower_len);
            count++;
        }
        start = end + 1;
    }
    return count;
}

size_t cl_stoplist_word_count(const char *text, size_t length)
{
    return each_word(text, length, NULL, NULL);
}

typedef struct build_ctx {
    const cl_mem *m;
    cl_stopindex *ix;
    size_t lang;
    bool failed;
} build_ctx;

static void insert_word(void *vctx, const char *w, size_t n)
{
    build_ctx *b = vctx;
    cl_stopindex *ix = b->ix;
    if (b->failed)
        return;
    uint64_t h = word_hash(w, n);
    stop_entry *e = (stop_entry *)find(ix, w, n, h);
    if (e->hash == 0) {
        e->hash = h;
        e->offset = (uint32_t)ix->pool_len;
        e->length = (uint32_t)n;
        e->mask = (uint32_t)ix->entries++;
        memcpy(ix->pool + ix->pool_len, w, n);
        ix->pool_len += n;
    }
    ix->masks[(size_t)e->mask * ix->mask_words + b->lang / 64] |= 1ULL << (b->lang % 64);
}

cl_stopindex *cl_stopindex_new(const cl_mem *m, size_t nlangs, const cl_stopsource *src, size_t nsrc)
{
    size_t words = 0, bytes = 0;
    for (size_t i = 0; i < nsrc; i++) {
        words += cl_stoplist_word_count(src[i].text, src[i].length);
        bytes += src[i].length * 2; /* lower-casing may grow a word */
    }
    cl_stopindex *ix = cl_calloc(m, 1, sizeof *ix);
    if (!ix)
        return NULL;
    size_t slots = 16;
    while (slots < words * 2)
        slots *= 2;
    ix->slot_mask = slots - 1;
    ix->nlangs = nlangs;
    ix->mask_words = (nlangs + 63) / 64 ? (nlangs + 63) / 64 : 1;
    ix->slots = cl_calloc(m, slots, sizeof *ix->slots);
    ix->pool = cl_alloc(m, bytes + 1);
    ix->masks = cl_calloc(m, (words + 1) * ix->mask_words, sizeof *ix->masks);
    if (!ix->slots || !ix->pool || !ix->masks) {
        cl_stopindex_free(m, ix);
        return NULL;
    }
    build_ctx b = {m, ix, 0, false};
    for (size_t i = 0; i < nsrc; i++) {
        b.lang = src[i].lang;
        each_word(src[i].text, src[i].length, insert_word, &b);
    }
    return ix;
}

void cl_stopindex_free(const cl_mem *m, cl_stopindex *ix)
{
    if (!ix)
        return;
    cl_free(m, ix->slots);
    cl_free(m, ix->pool);
    cl_free(m, ix->masks);
    cl_free(m, ix);
}

bool cl_stopindex_has(const cl_stopindex *ix, const char *word, size_t len, size_t lang)
{
    const stop_entry *e = find(ix, word, len, word_hash(word, len));
    return e->hash && (ix->masks[(size_t)e->mask * ix->mask_words + lang / 64] >> (lang % 64) & 1);
}

void cl_stopindex_vote(const cl_stopindex *ix, const char *word, size_t len, uint32_t *votes)
{
    const stop_entry *e = find(ix, word, len, word_hash(word, len));
    if (!e->hash)
        return;
    const uint64_t *mask = ix->masks + (size_t)e->mask * ix->mask_words;
    for (size_t w = 0; w < ix->mask_words; w++) {
        for (uint64_t bits = mask[w]; bits; bits &= bits - 1)
            votes[w * 64 + (size_t)__builtin_ctzll(bits)]++;
    }
}

/* ---- languages ------------------------------------------------------ */

bool cl_builtin_languages(const cl_mem *m, cl_language **out, size_t *count)
{
    size_t n = cl_embedded_stoplists_count;
    cl_language *langs = cl_calloc(m, n, sizeof *langs);
    if (!langs)
        return false;
    for (size_t i = 0; i < n; i++) {
        langs[i].name = cl_strndup(m, cl_embedded_stoplists[i].name, strlen(cl_embedded_stoplists[i].name));
        if (!langs[i].name) {
            cl_languages_free(m, langs, n);
            return false;
        }
    }
    /* languages.tsv: "Name<TAB>code" lines; '-' or no line: no code. */
    const char *t = (const char *)cl_embedded_languages.data;
    size_t len = cl_embedded_languages.length, start = 0;
    while (start < len) {
        const char *nl = memchr(t + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *tab = memchr(t + start, '\t', end - start);
        if (t[start] != '#' && tab) {
            size_t name_len = (size_t)(tab - t) - start;
            const char *code = tab + 1;
            size_t code_len = (size_t)(t + end - code);
            while (code_len && (code[code_len - 1] == '\r' || code[code_len - 1] == ' '))
                code_len--;
            for (size_t i = 0; i < n; i++) {
                if (strlen(langs[i].name) == name_len && memcmp(langs[i].name, t + start, name_len) == 0 &&
                    code_len && !(code_len == 1 && code[0] == '-')) {
                    langs[i].code = cl_strndup(m, code, code_len);
                    if (!langs[i].code) {
                        cl_languages_free(m, langs, n);
                        return false;
                    }
                }
            }
        }
        start = end + 1;
    }
    *out = langs;
    *count = n;
    return true;
}

void cl_languages_free(const cl_mem *m, cl_language *langs, size_t count)
{
    if (!langs)
        return;
    for (size_t i = 0; i < count; i++) {
        cl_free(m, langs[i].name);
        cl_free(m, langs[i].code);
    }
    cl_free(m, langs);
}

long cl_language_find(const cl_language *langs, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcasecmp(langs[i].name, name) == 0 || (langs[i].code && strcasecmp(langs[i].code, name) == 0))
            return (long)i;
    }
    return -1;
}
