/* Internal types and functions shared by the library's files. Nothing here
 * is exported: the shared library hides every symbol not in clean.h. */
#ifndef CLEAN_INTERNAL_H
#define CLEAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clean.h"

/* ---- alloc.c: every allocation goes through one function ------------ */

/* A realloc-like allocator (clean_allocator): size 0 frees ptr. One
 * function with a context, so that the caller's allocator reaches every
 * call site by the same path as the default one. */
typedef struct cl_mem {
    void *(*fn)(void *ctx, void *ptr, size_t size);
    void *ctx;
} cl_mem;

extern const cl_mem cl_default_mem;

void *cl_alloc(const cl_mem *m, size_t size);
void *cl_calloc(const cl_mem *m, size_t count, size_t size);
void *cl_realloc(const cl_mem *m, void *ptr, size_t size);
void cl_free(const cl_mem *m, void *ptr);
char *cl_strndup(const cl_mem *m, const char *s, size_t n);
/* Grow *array (of *cap elements of elem_size) to hold at least need. */
bool cl_grow(const cl_mem *m, void **array, size_t *cap, size_t need, size_t elem_size);

/* A growable byte buffer, always NUL-terminated when data != NULL. */
typedef struct cl_buf {
    char *data;
    size_t length, capacity;
} cl_buf;

bool cl_buf_append(const cl_mem *m, cl_buf *b, const void *bytes, size_t n);
bool cl_buf_printf(const cl_mem *m, cl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- text.c: lines and UTF-8 decoding ------------------------------- */

/* A non-blank line. Blank lines (nothing but white space) are not kept:
 * a huge dump holds millions of lines, and all a blank one says is that
 * the next line starts a new block. */
typedef struct cl_span {
    size_t offset;     /* first byte of the line in the input */
    uint32_t length;   /* bytes up to the last non-white-space character */
    bool blank_before; /* blank lines separate it from the line before */
} cl_span;

/* Lines a page may have: scoring indexes them in 32 bits. */
#define CL_MAX_LINES ((size_t)UINT32_MAX)

/* A line longer than this is read as several (cut at a character
 * boundary), so that a length fits in 32 bits. */
#define CL_SPAN_MAX ((size_t)UINT32_MAX)

/* Every line of the input, blank ones included, in order: offset of its
 * first byte and its length without trailing Unicode White_Space. A
 * leading byte order mark is skipped. */
typedef struct cl_line_iter {
    const char *text;
    size_t length, pos;
    size_t nl, cr; /* the first '\n' and '\r' at or after pos, length if none */
} cl_line_iter;

void cl_lines_init(cl_line_iter *it, const char *text, size_t length);
bool cl_lines_next(cl_line_iter *it, size_t *offset, size_t *trimmed);

/* The non-blank lines, split at "\n", "\r\n" and "\r". Returns the
 * count, or (size_t)-1 when out of memory. */
size_t cl_split_lines(const cl_mem *m, const char *text, size_t length, cl_span **out);
/* On a page dumped run together (a few very long lines), the lines cut
 * into sentences and menu items, in place of *spans (sentences.c).
 * Returns the new count, or (size_t)-1 when out of memory (*spans
 * unchanged). */
size_t cl_cut_run_together(const cl_mem *m, const char *text, cl_span **spans, size_t count);

/* Decode one code point at s (n > 0 bytes left); invalid sequences give
 * U+FFFD and consume one byte, so decoding always advances. Inline: the
 * tokenizer decodes every non-ASCII character. */
static inline int cl_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint8_t c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t min, v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if ((size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

/* The eight-byte loads here and in features.c, guess.c, copyright.c,
 * tables.c and wrap.c take the first byte as the lowest; no big-endian
 * host has tested them yet. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "libclean supports little-endian hosts only"
#endif

/* An ASCII letter, digit or '_': what PCRE2's \b and \w take a word byte
 * to be, which the prefilter, the literals it looks for and the link
 * reader must agree on. */
static inline bool cl_is_word_byte(uint8_t c)
{
    return (uint8_t)((c | 0x20) - 'a') < 26 || (uint8_t)(c - '0') < 10 || c == '_';
}

/* Eight bytes at a time (SWAR): a word of eight bytes, little-endian (the
 * first byte the lowest), with 0x80 in each byte equal to b, exactly (no
 * borrow runs into the next byte). */
#define CL_EACH_BYTE(b) (0x0101010101010101ULL * (b))
static inline uint64_t cl_bytes_equal(uint64_t v, uint8_t b)
{
    uint64_t x = v ^ CL_EACH_BYTE(b);
    return ~(((x & CL_EACH_BYTE(0x7F)) + CL_EACH_BYTE(0x7F)) | x) & CL_EACH_BYTE(0x80);
}

/* 0x80 in each byte that is ASCII and from lo to hi (lo <= hi < 0x80),
 * exactly: the sums run on seven bits, so no carry crosses a byte. */
static inline uint64_t cl_ascii_in(uint64_t v, uint8_t lo, uint8_t hi)
{
    uint64_t low7 = v & CL_EACH_BYTE(0x7F);
    return (low7 + CL_EACH_BYTE(0x80 - lo)) & ~(low7 + CL_EACH_BYTE(0x7F - hi)) & ~v & CL_EACH_BYTE(0x80);
}

/* The number of bytes of a SWAR mask (0x80 or 0 in each byte), with a
 * multiply: x86-64's baseline has no popcount instruction. */
static inline unsigned cl_count_marked(uint64_t mask)
{
    return (unsigned)((mask >> 7) * CL_EACH_BYTE(1) >> 56);
}

/* The eight bytes at s, or the n < 8 there followed by zero bytes. */
static inline uint64_t cl_load8(const char *s, size_t n)
{
    uint64_t v = 0;
    if (n >= 8) {
        memcpy(&v, s, 8);
        return v;
    }
    for (size_t k = 0; k < n; k++)
        v |= (uint64_t)(uint8_t)s[k] << (8 * k);
    return v;
}

/* ---- wrap.c: hard-wrapped paragraphs -------------------------------- */

/* joins[i] (for each of count lines): line i + 1 continues line i's
 * paragraph because the page is hard-wrapped (lynx, w3m, fold). Returns
 * the wrap width found, or 0 (then no line joins). */
size_t cl_find_wraps(const char *text, const cl_span *lines, size_t count, bool *joins);

/* ---- fragments.c: paragraphs split at inline elements -------------- */

/* Sets joins[i] where line i + 1 goes on the sentence line i leaves open
 * (a link or a name the scraper set on a line of its own); the joins
 * already set (cl_find_wraps) stay, and are not taken as evidence. */
void cl_find_fragments(const char *text, const cl_span *lines, size_t count, bool *joins);

/* ---- stoplist.c: stopword index and language guess ------------------ */

typedef struct cl_language {
    char *name;  /* stoplist name: "English" */
    char *code;  /* ISO 639-1 code or NULL */
    unsigned stem_chars; /* the characters of a content word that topic sets
                            compare (an inflected language), or 0: all */
} cl_language;

typedef struct cl_stopindex cl_stopindex;

/* A stoplist source: words for the language at index lang. */
typedef struct cl_stopsource {
    size_t lang;
    const char *text;
    size_t length;
} cl_stopsource;

/* Parse the embedded languages.tsv into names, codes and stems (built-in order). */
bool cl_builtin_languages(const cl_mem *m, cl_language **out, size_t *count);
void cl_languages_free(const cl_mem *m, cl_language *langs, size_t count);
/* Index of the language named by code or name (any case), or -1. */
long cl_language_find(const cl_language *langs, size_t count, const char *name);

/* Words of each stoplist, from its top, that vote when a page's language
 * is guessed: lists are in order of frequency, and their tails hold the
 * words of other languages that their sources quote ("the" is in sixty
 * of them), which would make a long list win any page. */
#ifndef CL_VOTING_WORDS
#define CL_VOTING_WORDS 400
#endif

cl_stopindex *cl_stopindex_new(const cl_mem *m, size_t nlangs, const cl_stopsource *src,
                               size_t nsrc);
void cl_stopindex_free(const cl_mem *m, cl_stopindex *ix);
/* Does the lower-cased word (hash: its cl_word_hash) belong to language
 * lang's stoplist? */
bool cl_stopindex_has(const cl_stopindex *ix, const char *word, size_t len, uint64_t hash, size_t lang);
/* Language lang's words are compared by their first chars characters in
 * topic sets (cl_language.stem_chars); 0, the default: whole. */
void cl_stopindex_set_stem(cl_stopindex *ix, size_t lang, unsigned chars);
unsigned cl_stopindex_stem(const cl_stopindex *ix, long lang);
/* Add each word's count to votes[l] for each language l the word votes
 * for (a plain entry among the first CL_VOTING_WORDS of l's list); the
 * more words at once, the more their loads overlap in memory. */
typedef struct cl_vote_word {
    const char *word;
    size_t len;
    uint64_t hash; /* cl_word_hash of word */
    uint32_t count;
} cl_vote_word;
void cl_stopindex_vote(const cl_stopindex *ix, const cl_vote_word *words, size_t count, uint32_t *votes);
/* A distinct word of a page, as the language guess keeps it: its bytes
 * in the guess's arena. */
typedef struct cl_page_word {
    uint64_t hash;  /* cl_word_hash of the word */
    uint16_t votes; /* its occurrences that voted */
    uint16_t at;    /* its bytes: arena + at */
    uint8_t len;
    uint8_t kind;   /* the guess's own */
} cl_page_word;
/* cl_stopindex_vote of the words, each with its votes (0: none): only
 * the few in the table are copied. */
void cl_stopindex_vote_page(const cl_stopindex *ix, const uint8_t *arena, const cl_page_word *words, size_t count,
                            uint32_t *votes);
/* The numbers i of the words[i] that cl_stopindex_has finds, in order,
 * into found (room for count); returns how many. */
size_t cl_stopindex_has_page(const cl_stopindex *ix, size_t lang, const uint8_t *arena, const cl_page_word *words,
                             size_t count, uint32_t *found);
/* Number of words in a stoplist text (to reject empty ones). */
size_t cl_stoplist_word_count(const char *text, size_t length);

/* ---- features.c: what a line looks like ----------------------------- */

/* A letter (or mark) of a script written without spaces between words:
 * Han, kana, Thai, Lao, Myanmar, Khmer, not their digits. Each is a word
 * of its own with the marks that follow it (Thai vowels and tones),
 * counted as half a word (a word of these is one to a few letters). */
static inline __attribute__((always_inline)) bool cl_is_unspaced(uint32_t cp)
{
    if (cp < 0x0E01) /* Latin, Greek, Cyrillic, Arabic, Indic... */
        return false;
    if (cp < 0x3040) {
        bool digit = (cp >= 0x0E50 && cp <= 0x0E59) || (cp >= 0x0ED0 && cp <= 0x0ED9) ||
                     (cp >= 0x1040 && cp <= 0x1049) || (cp >= 0x1090 && cp <= 0x1099);
        return !digit && ((cp >= 0x0E01 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
                          (cp >= 0x1780 && cp <= 0x17DD));
    }
    return cp <= 0x30FF || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Words are runs of letters, marks and digits (an apostrophe between
 * letters stays inside); each Han or kana character is a word of its own,
 * since those scripts do not separate words by spaces. */
typedef struct cl_word_iter {
    const uint8_t *s;
    size_t n, pos;
    char lower[64]; /* the current word, lower-cased, truncated to fit */
    size_t lower_len;
    uint64_t hash;     /* cl_word_hash of lower: one hash serves every lookup */
    bool unspaced;     /* the word is one character of a script written without spaces (cl_is_unspaced) */
    bool capitalised;  /* first character is an upper-case letter */
    bool has_letter;
    bool all_digits;
    /* Counted on the way, for cl_line_features (which would otherwise
     * read the line twice): of the characters passed so far, the bytes
     * after the first of each, the punctuation and symbols, and whether a
     * '.' or ':' among them is part of a web address; the links'
     * markup passed over, Markdown targets ("[text](target)") and
     * reference numbers ("[12]Home"). */
    size_t continuation;
    uint32_t punct;
    uint32_t links;
    bool url;
} cl_word_iter;

void cl_words_init(cl_word_iter *it, const char *s, size_t n);
bool cl_words_next(cl_word_iter *it);
/* The hash of a lower-cased word, as the stoplist tables and the line
 * hashes use it. On words of at most eight bytes it is one-to-one (the
 * language guess tells those apart by hash and length). */
uint64_t cl_word_hash(const char *w, size_t n);
/* A content word as topic sets hold it, from its lower-cased bytes and
 * their cl_word_hash: its first stem_chars characters (0: all), so that
 * the forms of a word of an inflected language ("Байкал", "Байкала",
 * "Байкале") are one topic word. */
uint64_t cl_topic_hash(const char *lower, size_t length, uint64_t hash, unsigned stem_chars);

typedef struct cl_features {
    uint64_t hash;       /* of the lower-cased words, for repeats */
    uint32_t words;      /* words, unspaced (CJK, Thai...) characters counted as half a word */
    uint32_t chars;      /* code points */
    uint32_t stopwords;  /* words in the page language's stoplist */
    uint32_t capitalised, alpha_words, digit_words, unspaced_chars;
    uint32_t punct;      /* punctuation and symbol characters */
    float stop_density;  /* stopwords / words, or -1 with no language */
    uint16_t lead_capitalised; /* title-cased words the line starts with (at most 65535) */
    bool ends_sentence : 1;  /* . ! ? … 。 etc., before closing quotes/brackets */
    bool ends_colon : 1;     /* announces a list or a quote */
    bool ends_ask : 1;       /* ends with ? or ! (or their full-width forms): a question or a call */
    bool bullet : 1;         /* starts with a list marker */
    bool url : 1;            /* holds a URL, a www. name or an e-mail address */
    bool link_markup : 1;    /* holds links marked up, "[text](target)" or "[12]text" */
    uint8_t heading : 3;     /* a Markdown heading's level ("# Title": 1), 0 if none */
} cl_features;

/* The line's last character before any closing quotes or brackets, or 0;
 * and whether a character ends a sentence (. ! ? … 。 and : ;). */
uint32_t cl_final_mark(const char *line, size_t length);
bool cl_is_sentence_end(uint32_t cp);

/* Does the line end where a paragraph could: a sentence or a colon (not a
 * comma inside quotes), or a closing bracket, as captions and credits do? */
bool cl_ends_like_paragraph(const char *line, size_t length);

/* Is cp a small letter that no sentence starts with (in a script that
 * capitalises)? Does the line's first character, after its indentation,
 * make one? */
bool cl_is_lower_initial(uint32_t cp);
bool cl_starts_lower(const char *line, size_t length);

/* The line as its reader sees it, into out (room for n bytes): each
 * Markdown link's target and each reference number left out,
 * "[Related](/related)" read as "[Related]" and "[35]Comments" as
 * "Comments". Returns its length. */
size_t cl_link_text(const char *line, size_t n, char *out);

/* Does the line (without its indentation) read as a statement of code
 * on its own: a call, an operator, an assignment, a name_with_underscores,
 * a prompt, an import, a block's end or a bracket alone? (code.c) */
bool cl_looks_like_code(const char *line, size_t length);

/* Does the line start with a list marker ("- ", "* ", "• ", "1. ")? */
bool cl_starts_with_bullet(const char *line, size_t length);

/* The level of a Markdown heading ("# Title": 1, "### Title": 3), as
 * Markdown converters write a page's <h1>..<h6>; 0 for any other line. */
unsigned cl_heading_level(const char *line, size_t length);

/* A line's content words, which tell what it is about (topic.c): the
 * hashes of its words of CL_CONTENT_MIN_BYTES or more and of its Han and
 * kana characters, each of which means something (a Thai or Khmer
 * letter does not, and their words are not told apart: none of theirs),
 * stopwords of the page language left out, the first CL_LINE_WORDS of
 * them in order. */
#define CL_CONTENT_MIN_BYTES 4
#define CL_LINE_WORDS 128
static inline bool cl_may_be_content(const cl_word_iter *it)
{
    /* Han and kana are U+3040 and up: UTF-8 from E3 on; the unspaced
     * alphabets are below. */
    return it->unspaced ? (uint8_t)it->lower[0] >= 0xE3 : it->lower_len >= CL_CONTENT_MIN_BYTES;
}

/* lang < 0: no stoplist (density -1). guess: the page's language guess
 * (guess.c) while it is open, which each word is given to (the stoplist,
 * lang and content are then unread); or NULL.
 * content: room for the line's content words, which are set there (and
 * their number returned); or NULL (while the language is guessed they
 * are not known). */
typedef struct cl_guess cl_guess;
size_t cl_line_features(const char *line, size_t length, const cl_stopindex *ix, long lang, cl_guess *guess,
                        uint64_t *content, cl_features *f);
/* Set the line's stopwords, found among its words in language lang's
 * stoplist, and their density (words and unspaced_chars set). */
void cl_features_set_stopwords(cl_features *f, uint32_t stopwords, long lang);

/* ---- rules.c: named PCRE2 patterns with actions --------------------- */

typedef enum cl_action {
    CL_ACTION_DROP,
    CL_ACTION_KEEP,
    CL_ACTION_BLOCK, /* drop the line and the list-like run that follows */
    CL_ACTION_SCORE, /* add value to the line's score */
    CL_ACTION_POST,  /* a post's header: block on an article page, drop on a thread */
    CL_ACTION_BOX,   /* a box's header (about the author): block, and after an article its first paragraph */
    CL_ACTION_COMMENTS, /* announces the comments ("4 comments"): as post, but heads no post itself */
    CL_ACTION_TABLE, /* heads a table printed a cell a line (a product's specifications) */
    CL_ACTION_MARKUP, /* markup between the page's blocks ("[edit]"): drop, read as a blank line (rules only) */
    CL_ACTION_NONE   /* no rule decided (cl_line.action only) */
} cl_action;

#define CL_ANY_WORDS UINT32_MAX
typedef struct cl_rule_def {
    char *name;
    char *pattern;
    char *source; /* file or buffer name, for messages */
    unsigned line;
    cl_action action;
    double value;
    uint32_t max_words; /* CL_ANY_WORDS: no bound */
    uint32_t min_words;
} cl_rule_def;

/* Parse a rule file; definitions are appended to *defs. On a syntax error
 * returns CLEAN_ERROR_RULE_SYNTAX with "SOURCE:LINE: problem" in msg. */
clean_error cl_rules_parse(const cl_mem *m, const char *source, const char *text,
                           size_t length, cl_rule_def **defs, size_t *count, size_t *cap,
                           char *msg, size_t msgsize);
void cl_rule_defs_free(const cl_mem *m, cl_rule_def *defs, size_t count);

typedef struct cl_ruleset cl_ruleset;

/* Compile the definitions (JIT where available); takes ownership of the
 * defs array and its strings, whatever the outcome. */
clean_error cl_ruleset_new(const cl_mem *m, cl_rule_def *defs, size_t count,
                           cl_ruleset **out, char *msg, size_t msgsize);
void cl_ruleset_free(cl_ruleset *rs);

typedef struct cl_rule_match {
    float score;      /* sum of the matched score rules */
    int decisive;     /* index of the first drop/keep/block rule matched, or -1 */
    int score_rule;   /* the first score rule matched, or -1 (for the reason) */
} cl_rule_match;

typedef struct cl_matcher cl_matcher; /* per-call scratch (match data) */
cl_matcher *cl_matcher_new(const cl_ruleset *rs);
void cl_matcher_free(cl_matcher *mt);
/* The longest line the rule is tried on (SIZE_MAX: no bound). */
size_t cl_rule_max_length(const cl_rule_def *d);
/* False when PCRE2 ran out of memory (the interpreter's backtracking
 * frames; out is then incomplete). A match stopped by a limit is no
 * match, not an error. */
bool cl_rules_match(const cl_ruleset *rs, cl_matcher *mt, const char *line, size_t length,
                    uint32_t words, cl_rule_match *out);
const char *cl_rule_name(const cl_ruleset *rs, int index);
cl_action cl_rule_action(const cl_ruleset *rs, int index);

/* ---- score.c and its steps (score.h): classes, context, region ------ */

typedef enum cl_table {
    CL_TABLE_NONE,
    CL_TABLE_KEY_VALUE, /* "Label: value" rows */
    CL_TABLE_CELLS,     /* cells between "|" or tabs, as converters print tables, or a cell a line */
    CL_TABLE_ENTRY      /* a member's name, type or attributes in a reference (entries.c) */
} cl_table;

/* One per non-blank input line (a 100 MB dump has millions): the fields
 * are narrow and in an order that leaves no padding but at the end. */
typedef struct cl_line {
    cl_span span;         /* the input line */
    uint32_t text_length; /* bytes from span.offset that are scored: the line,
                             or its whole paragraph when the dump is hard-wrapped */
    uint32_t related;     /* the other line of a repeat reason, index + 1, 0 if none */
    cl_features f;
    cl_rule_match rule;
    float score;
    const char *reason;      /* static text or a rule name (owned by the ruleset) */
    const char *reason_rule; /* rule name appended to reason, or NULL */
    /* Bit fields: a huge dump has millions of lines. */
    unsigned action : 4;     /* cl_action: what the deciding rule does on this page */
    unsigned cls : 3;        /* clean_class: own class, before context */
    unsigned table : 2;      /* cl_table: the line is a row of a table, and of which kind */
    bool continued : 1;      /* a wrapped paragraph's later line: decided with its first */
    bool good : 1;           /* the decision after context */
    bool kept : 1;
    bool in_region : 1;
    bool teaser : 1;         /* headline glued to a summary, as in teaser lists */
    bool headline_run : 1;   /* one of a run of good lines that are all headlines */
    bool card : 1;           /* one of a run of teaser cards off the article's topic */
    bool block_item : 1;     /* in the list under a block header */
    bool repeated : 1;       /* a short line the page repeats: a fixture, or the title its menu names */
    bool label : 1;          /* a repeated one that labels the page's items ("Parameters:", "Fixed"): no fixture */
    bool code : 1;           /* one of a run of code lines, left to context */
    bool fenced : 1;         /* between a Markdown code block's fences */
    bool markup : 1;         /* a pandoc div's fence (":::") or a markup rule's line: read as blank */
    bool code_label : 1;     /* a label the page repeats over its code ("js", "Copy"): no neighbour */
} cl_line;
_Static_assert(CL_ACTION_NONE < 16 && CLEAN_CLASS_GOOD < 8 && CL_TABLE_ENTRY < 4, "cl_line bit fields too narrow");

typedef struct cl_word_cache cl_word_cache;
typedef struct cl_page {
    const char *text;
    size_t length;
    cl_line *lines; /* the non-blank lines */
    size_t count;
    long lang;
    cl_word_cache *word_cache; /* the lines' content words (topic.c); NULL: none */
    bool thread;        /* a forum or Q&A thread, whose posts are the content (blocks.c) */
    size_t first_post;  /* on a thread, the position of its first post header */
    size_t comments_at; /* on an article, the position of the header of its comments, or SIZE_MAX */
    size_t last_post;   /* on a thread, the position of its last post header */
} cl_page;

/* The content words of a page's lines, kept (up to a bound) as the lines
 * are featured, or as the scoring steps, which ask for the same lines'
 * words several times, read a line that has none kept. */
cl_word_cache *cl_word_cache_new(const cl_mem *m, size_t lines);
void cl_word_cache_free(cl_word_cache *c);
/* Room for a line's content words in the cache (c may be NULL), or NULL
 * when it has none left. */
uint64_t *cl_word_cache_room(cl_word_cache *c);
/* Keeps the n content words set in the room as line's. */
void cl_word_cache_keep(cl_word_cache *c, size_t line, size_t n);

/* A pandoc div's fence (":::", "::: {.note}") joins no line: clears
 * joins (index i: line i goes on in line i + 1) on both sides of each. */
void cl_unjoin_div_fences(const char *text, const cl_span *spans, size_t count, bool *joins);
/* Markdown's code fences and heading underlines go with the line above
 * them (continued), the lines between two fences are fenced, and a
 * pandoc div's fences are markup. */
void cl_find_markdown_frames(cl_page *page);
/* Line i's Markdown heading level, "# Title" or a title over an
 * underline ("===": 1, "---": 2); 0 if it is none. */
unsigned cl_markdown_heading(const cl_page *page, size_t i);

/* ---- links.c: links in the cleaned text ---------------------------- */

typedef struct cl_links {
    bool render;     /* CLEAN_LINKS_TEXT */
    bool looked;     /* whether references is known yet */
    bool references; /* the page lists its links' addresses: "[12]" numbers them */
} cl_links;

/* The line as the cleaned text prints it, into out (room for n bytes):
 * "[text](target)" as "text", "![alt](src)" as "alt", html-to-text's
 * "text [/path]" as "text", and with references, lynx's "[12]Home" as
 * "Home"; trailing blanks trimmed. Returns its length. */
size_t cl_render_links(const char *line, size_t n, bool references, char *out);
/* Does the page list its links' addresses, as lynx and elinks do under
 * "References" ("  12. https://...") and w3m ("[12] https://...")? */
bool cl_page_numbers_links(const cl_page *pg);

/* Decide every line of the page; false when out of memory. */
bool cl_score_page(const cl_mem *m, cl_page *page, const cl_ruleset *rs, const cl_stopindex *ix);

/* ---- options.c and cleaner.c: the public objects -------------------- */

/* A named text given to the options: a rule file or a stoplist. */
typedef struct cl_source {
    char *name;     /* file name or the caller's label, for messages */
    char *language; /* stoplists only: the language it extends or adds */
    char *text;
    size_t length;
} cl_source;

struct clean_options {
    cl_mem mem;
    char *language; /* "auto" or a name or code */
    cl_source *rules;
    size_t rule_count, rule_cap;
    char **disabled;
    size_t disabled_count, disabled_cap;
    cl_source *stoplists;
    size_t stoplist_count, stoplist_cap;
    cl_language *languages; /* built-in ones, for validation */
    size_t language_count;
    clean_invalid_utf8 invalid;
    char *encoding; /* NULL: input is UTF-8; "auto": guessed */
    bool skip_binary;
    clean_links links;
    char error[512];
};

struct clean_cleaner {
    cl_mem mem;
    cl_language *languages; /* built-in, then user-added */
    size_t language_count;
    long language;          /* -1: guess per page */
    cl_stopindex *stopwords;
    cl_ruleset *rules;
    clean_invalid_utf8 invalid;
    char *encoding;       /* NULL: input is UTF-8 (or guessed) */
    bool detect_encoding; /* "auto": guess the encoding of input not UTF-8 */
    bool skip_binary;
    clean_links links;
};

/* Set opts->error from a format; returns code for tail calls. */
clean_error cl_options_fail(clean_options *opts, clean_error code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- guess.c: the page's language, from its first words ------------- */

/* The guess of a page whose lines are featured in order (NULL when out
 * of memory); cl_line_features gives it their words. */
cl_guess *cl_guess_new(const clean_cleaner *c);
void cl_guess_free(const cl_mem *m, cl_guess *g);
/* A word of the line being featured. */
void cl_guess_word(cl_guess *g, const cl_word_iter *it);
/* The line's words are all given: true when the guess has read enough. */
bool cl_guess_end_line(cl_guess *g);
/* The page's language (-1 when no stoplist fits), once the lines before
 * line end are featured; sets their stopwords. */
long cl_guess_finish(cl_guess *g, cl_page *page, size_t end);

/* ---- input.c: the text to clean, from the bytes given ---------------- */

typedef struct cl_input {
    const char *text; /* the input, or owned when the cleaner rewrote it */
    size_t length;
    char *owned;      /* NULL, or text: to free (or hand to the result) */
} cl_input;

/* Convert (encoding), check (binary, CLEAN_INVALID_ERROR) and rewrite
 * (CLEAN_INVALID_REPLACE) the input as the cleaner's options ask. */
clean_error cl_input_prepare(const clean_cleaner *c, const char *input, size_t length,
                             cl_input *out);
/* CLEAN_INVALID_DROP_LINE: unkeep every line holding invalid UTF-8. */
void cl_input_drop_invalid_lines(cl_page *page);
/* Does the iconv of the C library know this encoding? */
bool cl_encoding_known(const char *name);

/* ---- result.c ------------------------------------------------------- */

/* The result takes ownership of input->owned (kept with CLEAN_DETAILS,
 * freed otherwise), whatever the outcome. */
clean_error cl_result_build(const clean_cleaner *c, const cl_page *page, cl_input *input,
                            unsigned flags, clean_result **out);

#endif
