/* Stoplists: one hash table from lower-cased word to the set of languages
 * whose list holds it, so a page's language is guessed in one pass; and
 * one small table per language, which the per-word test of a page whose
 * language is known reads from cache rather than from the big table. */
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "internal.h"

/* A slot of either table: the word's hash (high half; 0: empty) and
 * where the word's entry is: in a language's table, its offset in the
 * pool; in the table of all words, the offset (in 4-byte units) of its
 * record, which holds the entry and then its languages, so that a guess
 * reads two cache lines per word. */
typedef struct stop_slot {
    uint32_t hash;
    uint32_t value;
} stop_slot;

/* Most words looked up are in no table: each table has a filter, a bit
 * per value of the hash's top bits, set for its words, that rejects
 * most of them from a few cache lines (a byte per slot: with slots under
 * half full, ~16-32 bits per word, 3-6% false positives) without
 * reading the table. */
#define FILTER_BITS_PER_SLOT 8

typedef struct stop_table {
    stop_slot *slots;
    size_t mask;
    uint64_t *filter;
    unsigned shift; /* of a hash, to its bit in the filter */
} stop_table;

struct cl_stopindex {
    stop_table voting; /* the slots hold the offsets of records */
    uint32_t *records; /* per word: its entry, padded to 4 bytes, then the
                          count of its languages and their numbers */
    size_t records_len;
    stop_slot *lang_slots; /* the tables of the languages, one after another */
    uint64_t *lang_filters; /* and their filters */
    stop_table *langs;     /* each language's table in lang_slots */
    uint8_t *pool; /* the entries of the words of all the lists */
    size_t pool_len;
    size_t nlangs;
    uint8_t *stems; /* per language: cl_language.stem_chars */
};

static bool may_hold(const stop_table *t, uint64_t h)
{
    uint64_t bit = h >> t->shift;
    return t->filter[bit / 64] >> (bit % 64) & 1;
}

static void filter_add(stop_table *t, uint64_t h)
{
    uint64_t bit = h >> t->shift;
    t->filter[bit / 64] |= 1ULL << (bit % 64);
}

static uint32_t slot_hash(uint64_t h)
{
    return (uint32_t)(h >> 32) | 1;
}

/* Stoplist words are short: a loop costs less than a call to memcmp,
 * which also makes its callers save their registers. */
static bool same_bytes(const uint8_t *a, const char *b, size_t n)
{
    size_t i = 0;
    while (i < n && a[i] == (uint8_t)b[i])
        i++;
    return i == n;
}

/* A word's entry: its whole hash, its length byte (which no word over
 * 255 bytes matches) and its bytes. A word of up to eight bytes is told
 * by its hash and length (cl_word_hash is one-to-one on those); only a
 * longer one is compared. */
#define ENTRY_HEAD 9

static size_t entry_length(const uint8_t *e)
{
    return e[8];
}

static const char *entry_word(const uint8_t *e)
{
    return (const char *)e + ENTRY_HEAD;
}

static void put_entry(uint8_t *e, const char *w, size_t n, uint64_t h)
{
    memcpy(e, &h, sizeof h);
    e[8] = (uint8_t)n;
    memcpy(e + ENTRY_HEAD, w, n);
}

static bool is_entry(const uint8_t *e, const char *w, size_t n, uint64_t h)
{
    uint64_t stored;
    memcpy(&stored, e, sizeof stored);
    return stored == h && e[8] == n && (n <= 8 || same_bytes(e + ENTRY_HEAD, w, n));
}

/* The slot holding the word, or the empty slot where it would go; a
 * slot's entry is at base + value * scale + skip. (Inline: a call per
 * word costs more than the lookup of a word not in the table.) */
static inline const stop_slot *find(const stop_table *t, const void *base, size_t scale, size_t skip, const char *w,
                                    size_t n, uint64_t h)
{
    uint32_t sh = slot_hash(h);
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        const stop_slot *s = &t->slots[i];
        if (s->hash == 0)
            return s;
        if (s->hash == sh) {
            if (is_entry((const uint8_t *)base + (size_t)s->value * scale + skip, w, n, h))
                return s;
        }
    }
}

/* A record's 4-byte units: its entry's, and its count's and languages'. */
static size_t entry_units(size_t n)
{
    return (ENTRY_HEAD + n + 3) / 4;
}

static size_t record_units(size_t n, size_t langs)
{
    return entry_units(n) + 1 + langs;
}

/* Calls fn for each lower-cased word of a stoplist text (the iterator
 * on it, whose hash serves the tables): one per line, '#' starts a
 * comment, words are normalised as the page's words are.
 * plain: the line is that word as it stands, lower case with nothing
 * around it, as a stoplist's entries are; the lists also hold names and
 * fragments ("(Texas),", "Township") that their sources picked up. */
static size_t each_word(const char *text, size_t length,
                        bool (*fn)(void *ctx, const cl_word_iter *it, bool plain), void *ctx)
{
    size_t count = 0, start = 0;
    /* The next '#' from the line on, looked for again once passed:
     * comments are rare. */
    const char *hash = memchr(text, '#', length);
    while (start < length) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        if (hash && hash < text + start)
            hash = memchr(text + start, '#', length - start);
        size_t stop = hash && hash < text + end ? (size_t)(hash - text) : end;
        size_t first = start, last = stop;
        while (first < last && (text[first] == ' ' || text[first] == '\t'))
            first++;
        while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r'))
            last--;
        cl_word_iter it;
        cl_words_init(&it, text + start, stop - start);
        /* A stoplist line is one word; a line the tokenizer splits
         * ("l'on") is entered as each of its words, but for numbers
         * ("30-an" gives "an"): they belong to no language. */
        while (cl_words_next(&it)) {
            if (it.all_digits)
                continue;
            bool plain = last - first == it.lower_len && memcmp(text + first, it.lower, it.lower_len) == 0;
            if (fn && !fn(ctx, &it, plain))
                return count;
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

/* The words of the sources, in order, before the tables are sized. */
typedef struct stop_word {
    uint64_t hash;
    uint32_t offset; /* of its entry in the pool */
    uint32_t lang;
    bool votes;      /* a plain entry among the first of its list: it votes for the language */
} stop_word;

typedef struct build_ctx {
    const cl_mem *m;
    cl_stopindex *ix;
    stop_word *words;
    size_t count, cap, pool_cap;
    size_t lang, rank; /* of the source being read, and of its next word */
    bool failed;
} build_ctx;

/* (An entry's length is a byte: the word iterator truncates words.) */
_Static_assert(sizeof ((cl_word_iter *)0)->lower <= 255, "a word's length is a byte");

static bool collect_word(void *vctx, const cl_word_iter *it, bool plain)
{
    build_ctx *b = vctx;
    cl_stopindex *ix = b->ix;
    size_t n = it->lower_len;
    /* (The room is tested here: a call per word costs more.) */
    if ((b->count == b->cap && !cl_grow(b->m, (void **)&b->words, &b->cap, b->count + 1, sizeof *b->words)) ||
        (ix->pool_len + ENTRY_HEAD + n > b->pool_cap &&
         !cl_grow(b->m, (void **)&ix->pool, &b->pool_cap, ix->pool_len + ENTRY_HEAD + n, 1)) ||
        ix->pool_len > UINT32_MAX - ENTRY_HEAD - 255) {
        b->failed = true;
        return false;
    }
    b->words[b->count++] =
        (stop_word){it->hash, (uint32_t)ix->pool_len, (uint32_t)b->lang, plain && b->rank < CL_VOTING_WORDS};
    b->rank++;
    put_entry(ix->pool + ix->pool_len, it->lower, n, it->hash);
    ix->pool_len += ENTRY_HEAD + n;
    return true;
}

static size_t table_size(size_t words)
{
    size_t slots = 16;
    while (slots < words * 2)
        slots *= 2;
    return slots;
}

static size_t filter_words(size_t slots)
{
    return slots * FILTER_BITS_PER_SLOT / 64;
}

/* The table of so many slots (table_size) in the given room. */
static stop_table make_table(stop_slot *slots, size_t count, uint64_t *filter)
{
    unsigned bits = 0;
    while ((size_t)1 << bits < count * FILTER_BITS_PER_SLOT)
        bits++;
    return (stop_table){slots, count - 1, filter, 64 - bits};
}

cl_stopindex *cl_stopindex_new(const cl_mem *m, size_t nlangs, const cl_stopsource *src, size_t nsrc)
{
    cl_stopindex *ix = cl_calloc(m, 1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->nlangs = nlangs;
    ix->stems = cl_calloc(m, nlangs ? nlangs : 1, 1);
    if (!ix->stems) {
        cl_free(m, ix);
        return NULL;
    }
    build_ctx b = {m, ix, NULL, 0, 0, 0, 0, 0, false};
    for (size_t i = 0; i < nsrc && !b.failed; i++) {
        b.lang = src[i].lang;
        b.rank = 0;
        each_word(src[i].text, src[i].length, collect_word, &b);
    }
    size_t *per_lang = NULL, mask_words = 0, filled = 0;
    uint64_t *masks = NULL;
    size_t *filled_slots = NULL;
    if (!b.failed) {
        /* The table holds the voting words only. */
        size_t voting = 0;
        for (size_t i = 0; i < b.count; i++)
            voting += b.words[i].votes;
        size_t slots = table_size(voting);
        mask_words = (nlangs + 63) / 64 ? (nlangs + 63) / 64 : 1;
        ix->voting = make_table(cl_calloc(m, slots, sizeof *ix->voting.slots), slots,
                                cl_calloc(m, filter_words(slots), sizeof *ix->voting.filter));
        masks = slots <= SIZE_MAX / 8 / mask_words ? cl_calloc(m, slots * mask_words, sizeof *masks) : NULL;
        filled_slots = cl_calloc(m, voting ? voting : 1, sizeof *filled_slots);
        ix->langs = cl_calloc(m, nlangs ? nlangs : 1, sizeof *ix->langs);
        per_lang = cl_calloc(m, nlangs ? nlangs : 1, sizeof *per_lang);
        b.failed = !ix->voting.slots || !ix->voting.filter || !masks || !filled_slots || !ix->langs || !per_lang;
    }
    if (!b.failed) {
        /* The voting words' languages, as bits per slot while the words
         * are in the pool; then their records, which list them. */
        for (size_t i = 0; i < b.count; i++) {
            const stop_word *w = &b.words[i];
            if (w->lang < nlangs)
                per_lang[w->lang]++;
            if (!w->votes)
                continue;
            const uint8_t *e = ix->pool + w->offset;
            stop_slot *s = (stop_slot *)find(&ix->voting, ix->pool, 1, 0, entry_word(e), entry_length(e), w->hash);
            if (s->hash == 0) {
                filter_add(&ix->voting, w->hash);
                *s = (stop_slot){slot_hash(w->hash), w->offset};
                filled_slots[filled++] = (size_t)(s - ix->voting.slots);
            }
            masks[(size_t)(s - ix->voting.slots) * mask_words + w->lang / 64] |= 1ULL << (w->lang % 64);
        }
        size_t room = 1;
        for (size_t f = 0; f < filled; f++) {
            size_t i = filled_slots[f];
            room += record_units(entry_length(ix->pool + ix->voting.slots[i].value), 0);
            for (size_t k = 0; k < mask_words; k++)
                room += (size_t)__builtin_popcountll(masks[i * mask_words + k]);
        }
        ix->records = room <= UINT32_MAX ? cl_calloc(m, room, sizeof *ix->records) : NULL;
        b.failed = !ix->records;
        for (size_t f = 0; f < filled && !b.failed; f++) {
            size_t i = filled_slots[f];
            stop_slot *s = &ix->voting.slots[i];
            const uint8_t *e = ix->pool + s->value;
            size_t n = entry_length(e);
            uint32_t *record = ix->records + ix->records_len, *langs = record + entry_units(n);
            memcpy(record, e, ENTRY_HEAD + n);
            langs[0] = 0;
            for (size_t k = 0; k < mask_words; k++) {
                for (uint64_t bits = masks[i * mask_words + k]; bits; bits &= bits - 1)
                    langs[++langs[0]] = (uint32_t)(k * 64 + (unsigned)__builtin_ctzll(bits));
            }
            s->value = (uint32_t)ix->records_len;
            ix->records_len += record_units(n, langs[0]);
        }
    }
    if (!b.failed) {
        size_t total = 0;
        for (size_t l = 0; l < nlangs; l++)
            total += table_size(per_lang[l]);
        ix->lang_slots = cl_calloc(m, total ? total : 1, sizeof *ix->lang_slots);
        ix->lang_filters = cl_calloc(m, filter_words(total ? total : 16), sizeof *ix->lang_filters);
        b.failed = !ix->lang_slots || !ix->lang_filters;
        for (size_t l = 0, first = 0; l < nlangs && !b.failed; l++) {
            size_t slots = table_size(per_lang[l]);
            ix->langs[l] = make_table(ix->lang_slots + first, slots, ix->lang_filters + filter_words(first));
            first += slots;
        }
    }
    if (!b.failed) {
        for (size_t i = 0; i < b.count; i++) {
            const stop_word *w = &b.words[i];
            if (w->lang >= nlangs)
                continue;
            stop_table *t = &ix->langs[w->lang];
            const uint8_t *e = ix->pool + w->offset;
            stop_slot *s = (stop_slot *)find(t, ix->pool, 1, 0, entry_word(e), entry_length(e), w->hash);
            if (s->hash == 0) {
                filter_add(t, w->hash);
                *s = (stop_slot){slot_hash(w->hash), w->offset};
            }
        }
    }
    cl_free(m, masks);
    cl_free(m, filled_slots);
    cl_free(m, per_lang);
    cl_free(m, b.words);
    if (b.failed) {
        cl_stopindex_free(m, ix);
        return NULL;
    }
    return ix;
}

void cl_stopindex_free(const cl_mem *m, cl_stopindex *ix)
{
    if (!ix)
        return;
    cl_free(m, ix->voting.slots);
    cl_free(m, ix->voting.filter);
    cl_free(m, ix->records);
    cl_free(m, ix->lang_slots);
    cl_free(m, ix->lang_filters);
    cl_free(m, ix->langs);
    cl_free(m, ix->pool);
    cl_free(m, ix->stems);
    cl_free(m, ix);
}

void cl_stopindex_set_stem(cl_stopindex *ix, size_t lang, unsigned chars)
{
    ix->stems[lang] = (uint8_t)(chars < UINT8_MAX ? chars : UINT8_MAX);
}

unsigned cl_stopindex_stem(const cl_stopindex *ix, long lang)
{
    return lang >= 0 ? ix->stems[lang] : 0;
}

/* Does language lang's table hold a word that its filter passes? (Out
 * of line: the words the filter passes over then cost no saved
 * registers.) */
__attribute__((noinline)) static bool lang_holds(const cl_stopindex *ix, const char *word, size_t len, uint64_t hash,
                                                 size_t lang)
{
    return find(&ix->langs[lang], ix->pool, 1, 0, word, len, hash)->hash != 0;
}

bool cl_stopindex_has(const cl_stopindex *ix, const char *word, size_t len, uint64_t hash, size_t lang)
{
    return lang < ix->nlangs && may_hold(&ix->langs[lang], hash) && lang_holds(ix, word, len, hash, lang);
}

size_t cl_stopindex_has_page(const cl_stopindex *ix, size_t lang, const uint8_t *arena, const cl_page_word *words,
                             size_t count, uint32_t *found)
{
    if (lang >= ix->nlangs)
        return 0;
    /* (Copies, which the stores to found cannot change.) */
    const stop_table t = ix->langs[lang];
    const uint8_t *pool = ix->pool;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        const cl_page_word *w = &words[i];
        found[n] = (uint32_t)i;
        n += may_hold(&t, w->hash) && find(&t, pool, 1, 0, (const char *)arena + w->at, w->len, w->hash)->hash != 0;
    }
    return n;
}

/* The voting table is larger than the cache: each word that passes the
 * filter has its slot fetched this many words before its lookup, and
 * then its record (if the slot is the word's) half as many, so that the
 * loads of several words are under way together. */
#define SLOT_AHEAD 16
#define RECORD_AHEAD 8
/* Words filtered at a time. */
#define VOTE_BATCH 64

static const stop_slot *vote_slot(const cl_stopindex *ix, const cl_vote_word *w)
{
    return &ix->voting.slots[w->hash & ix->voting.mask];
}

/* The votes of words that passed the filter. */
static void vote_words(const cl_stopindex *ix, const cl_vote_word *words, size_t count, uint32_t *votes)
{
    for (size_t i = 0; i < count && i < SLOT_AHEAD; i++)
        __builtin_prefetch(vote_slot(ix, &words[i]));
    for (size_t i = 0; i < count; i++) {
        if (i + SLOT_AHEAD < count)
            __builtin_prefetch(vote_slot(ix, &words[i + SLOT_AHEAD]));
        if (i + RECORD_AHEAD < count) {
            const stop_slot *s = vote_slot(ix, &words[i + RECORD_AHEAD]);
            if (s->hash == slot_hash(words[i + RECORD_AHEAD].hash))
                __builtin_prefetch(ix->records + s->value);
        }
        const cl_vote_word *w = &words[i];
        const stop_slot *s = find(&ix->voting, ix->records, 4, 0, w->word, w->len, w->hash);
        if (!s->hash)
            continue;
        const uint32_t *langs = ix->records + s->value + entry_units(w->len), *end = langs + 1 + langs[0];
        uint32_t count = w->count;
        while (++langs < end)
            votes[*langs] += count;
    }
}

void cl_stopindex_vote(const cl_stopindex *ix, const cl_vote_word *words, size_t count, uint32_t *votes)
{
    cl_vote_word passed[VOTE_BATCH];
    for (size_t first = 0; first < count; first += VOTE_BATCH) {
        size_t n = 0;
        for (size_t i = first; i < count && i < first + VOTE_BATCH; i++) {
            passed[n] = words[i];
            n += may_hold(&ix->voting, words[i].hash);
        }
        vote_words(ix, passed, n, votes);
    }
}

void cl_stopindex_vote_page(const cl_stopindex *ix, const uint8_t *arena, const cl_page_word *words, size_t count,
                            uint32_t *votes)
{
    cl_vote_word passed[VOTE_BATCH], *next = passed;
    /* (A copy, which the stores to passed cannot change.) */
    const stop_table voting = ix->voting;
    for (const cl_page_word *w = words, *end = words + count; w < end; w++) {
        if (!w->votes || !may_hold(&voting, w->hash))
            continue;
        *next++ = (cl_vote_word){(const char *)arena + w->at, w->len, w->hash, w->votes};
        if (next == passed + VOTE_BATCH) {
            vote_words(ix, passed, VOTE_BATCH, votes);
            next = passed;
        }
    }
    vote_words(ix, passed, (size_t)(next - passed), votes);
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
    /* languages.tsv: "Name<TAB>code[<TAB>stem]" lines; '-' or no line: no
     * code; no stem: 0. */
    const char *t = (const char *)cl_embedded_languages.data;
    size_t len = cl_embedded_languages.length, start = 0;
    while (start < len) {
        const char *nl = memchr(t + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *tab = memchr(t + start, '\t', end - start);
        if (t[start] != '#' && tab) {
            size_t name_len = (size_t)(tab - t) - start;
            const char *code = tab + 1, *stem = memchr(code, '\t', (size_t)(t + end - code));
            size_t code_len = (size_t)((stem ? stem : t + end) - code);
            while (code_len && (code[code_len - 1] == '\r' || code[code_len - 1] == ' '))
                code_len--;
            for (size_t i = 0; i < n; i++) {
                if (strlen(langs[i].name) != name_len || memcmp(langs[i].name, t + start, name_len) != 0)
                    continue;
                for (const char *d = stem ? stem + 1 : t + end; d < t + end && *d >= '0' && *d <= '9'; d++)
                    langs[i].stem_chars = langs[i].stem_chars * 10 + (unsigned)(*d - '0');
                if (code_len && !(code_len == 1 && code[0] == '-')) {
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
