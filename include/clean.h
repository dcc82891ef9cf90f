/*
 * libclean: keep the main content of a raw page text dump.
 *
 * One page's text dump (one block per line, as a scraper saves it) goes in;
 * the lines that make up the main content (headline, paragraphs,
 * subheadings, lists) come out, byte for byte (but for the links'
 * addresses: clean_options_set_links), in input order. (A page
 * dumped run together, on a few very long lines, is cut into sentences,
 * and each kept one comes out on a line of its own.)
 *
 * Usage, in three steps:
 *   options (mutable, one thread)  ->  cleaner (immutable, share freely)
 *                                  ->  result (one per clean call)
 *
 *   clean_options *o = clean_options_new();
 *   clean_cleaner *c = NULL;
 *   if (clean_cleaner_new(o, &c) != CLEAN_OK) puts(clean_options_error(o));
 *   clean_result *r = NULL;
 *   if (clean_clean(c, buf, len, 0, &r) == CLEAN_OK)
 *       fwrite(clean_result_text(r, NULL), 1, clean_result_text_length(r), stdout);
 *   clean_result_free(r); clean_cleaner_free(c); clean_options_free(o);
 *
 * Conventions
 * - Every function that can fail returns a clean_error; CLEAN_OK is 0.
 *   clean_error_string() gives a fixed message per code; calls on options
 *   also leave a detailed message (file, line, problem) readable with
 *   clean_options_error().
 * - Every _free accepts NULL and does nothing with it.
 * - Strings passed in are copied; the library keeps no pointer to caller
 *   memory after a call returns. Pointers handed out stay owned by the
 *   object they come from and live as long as it does.
 * - Nothing is printed, nothing exits, there is no global mutable state.
 *   A cleaner is immutable once made: any number of threads may call
 *   clean_clean() on one cleaner at the same time. An options object or
 *   a result must not be used by two threads at once.
 * - Misuse: a NULL object or output pointer gives CLEAN_ERROR_NULL_ARGUMENT
 *   (the getters return 0, "" or NULL instead); a NULL buffer is fine with
 *   length 0. Freeing an object twice, using it after its free, or freeing
 *   a cleaner while another thread still cleans with it is undefined, as
 *   with free().
 * - Memory: all of it comes from one allocator, the C library's unless
 *   the options were made with clean_options_new_with_allocator(). Every
 *   failure to allocate is CLEAN_ERROR_OUT_OF_MEMORY, with everything the
 *   call had allocated freed again.
 */
#ifndef CLEAN_H
#define CLEAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CLEAN_STATIC_DEFINE)
#define CLEAN_EXPORT
#elif defined(_WIN32)
#ifdef CLEAN_BUILDING_LIBRARY
#define CLEAN_EXPORT __declspec(dllexport)
#else
#define CLEAN_EXPORT __declspec(dllimport)
#endif
#else
#define CLEAN_EXPORT __attribute__((visibility("default")))
#endif

#define CLEAN_VERSION_MAJOR 1
#define CLEAN_VERSION_MINOR 0
#define CLEAN_VERSION_PATCH 0
#define CLEAN_VERSION_STRING "1.0.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for compile-time comparisons. */
#define CLEAN_VERSION_NUMBER \
    (CLEAN_VERSION_MAJOR * 10000 + CLEAN_VERSION_MINOR * 100 + CLEAN_VERSION_PATCH)

/* Version of the library actually linked, as "1.0.0" and as a number. */
CLEAN_EXPORT const char *clean_version(void);
CLEAN_EXPORT int clean_version_number(void);

/* Error codes. The numbers are stable: new codes are only ever appended. */
typedef enum clean_error {
    CLEAN_OK = 0,
    CLEAN_ERROR_NULL_ARGUMENT = 1, /* a required pointer was NULL */
    CLEAN_ERROR_OUT_OF_MEMORY = 2,
    CLEAN_ERROR_INVALID_UTF8 = 3,  /* only with CLEAN_INVALID_ERROR */
    CLEAN_ERROR_RULE_SYNTAX = 4,   /* a rule file line or pattern is malformed */
    CLEAN_ERROR_UNKNOWN_LANGUAGE = 5,
    CLEAN_ERROR_BAD_STOPLIST = 6,  /* empty or unreadable stoplist */
    CLEAN_ERROR_UNKNOWN_RULE = 7,  /* disable names no rule the cleaner has */
    CLEAN_ERROR_OUT_OF_RANGE = 8,  /* an option value outside its bounds */
    CLEAN_ERROR_IO = 9,            /* a file given by path could not be read */
    CLEAN_ERROR_INDEX = 10,        /* a line index past the result's lines */
    CLEAN_ERROR_BINARY = 11,       /* only with clean_options_set_skip_binary */
    CLEAN_ERROR_UNKNOWN_ENCODING = 12, /* an encoding name iconv does not know */
    CLEAN_ERROR_TOO_LARGE = 13     /* a page of 2^32 - 1 or more non-blank lines */
} clean_error;

/* A short fixed message for a code ("out of memory"); never NULL. */
CLEAN_EXPORT const char *clean_error_string(clean_error code);

/* ---- Options -------------------------------------------------------- */

typedef struct clean_options clean_options;

/* Defaults: language "auto", built-in rules and stoplists, input taken as
 * UTF-8 with invalid sequences scored as U+FFFD and passed through, binary
 * input cleaned like any other. NULL only when out of memory. */
CLEAN_EXPORT clean_options *clean_options_new(void);
CLEAN_EXPORT void clean_options_free(clean_options *opts);

/* A realloc-like allocator: fn(ctx, NULL, n) allocates n > 0 bytes,
 * fn(ctx, p, n) resizes p (NULL on failure, p then still valid), fn(ctx,
 * p, 0) frees p (the return value is ignored). Blocks must be aligned for
 * any type, as malloc's are. */
typedef void *(*clean_allocator)(void *ctx, void *ptr, size_t size);

/* Options whose memory, and that of every cleaner made from them and of
 * every result of those cleaners, comes from fn. It is given at creation,
 * not set later, so that no object ever holds memory of two allocators.
 * fn and ctx must stay usable until the last of those objects is freed,
 * and fn must be safe to call from several threads at once when a cleaner
 * is shared between threads. fn NULL: the same as clean_options_new().
 * Not through fn: the executable memory of PCRE2's JIT (mapped by PCRE2)
 * the C library's iconv state of clean_options_set_encoding(), and the
 * state uchardet allocates while it guesses an encoding ("auto"). */
CLEAN_EXPORT clean_options *clean_options_new_with_allocator(clean_allocator fn, void *ctx);

/* Detailed message of the last failed call on these options, or of the
 * last failed clean_cleaner_new() with them; "" when none. Owned by opts. */
CLEAN_EXPORT const char *clean_options_error(const clean_options *opts);

/* The page language: "auto" (guess per page, the default), an ISO 639-1
 * code ("de") or a stoplist name ("German", any case). A language known
 * only from a stoplist added with clean_options_add_stoplist* must be
 * added first. CLEAN_ERROR_UNKNOWN_LANGUAGE names the known ones. */
CLEAN_EXPORT clean_error clean_options_set_language(clean_options *opts,
                                                    const char *language);

/* Add rules from a buffer in the rule-file format (see README and
 * data/rules/). source names the buffer in messages ("my.rules"). The text
 * is checked now: a bad line gives CLEAN_ERROR_RULE_SYNTAX with
 * "SOURCE:LINE: problem" in clean_options_error(). Later rules with the
 * name of an earlier one replace it. */
CLEAN_EXPORT clean_error clean_options_add_rules(clean_options *opts,
                                                 const char *source,
                                                 const char *text, size_t length);
/* The same, read from a file; CLEAN_ERROR_IO if it cannot be read. */
CLEAN_EXPORT clean_error clean_options_add_rules_file(clean_options *opts,
                                                      const char *path);

/* Turn off a rule (built-in or added) by name. An unknown name is an error
 * at clean_cleaner_new(), when every rule is known. */
CLEAN_EXPORT clean_error clean_options_disable_rule(clean_options *opts,
                                                    const char *name);

/* Add stopwords (one word a line, '#' comments) to a language: a known
 * language name or code extends its list; any other name (letters, '_')
 * makes a new language that the "auto" guess also considers. An input
 * without a single word is CLEAN_ERROR_BAD_STOPLIST. */
CLEAN_EXPORT clean_error clean_options_add_stoplist(clean_options *opts,
                                                    const char *language,
                                                    const char *source,
                                                    const char *text, size_t length);
CLEAN_EXPORT clean_error clean_options_add_stoplist_file(clean_options *opts,
                                                         const char *language,
                                                         const char *path);

/* What to do with bytes that are not valid UTF-8 (RFC 3629: a stray or
 * truncated sequence, an overlong form, a surrogate, past U+10FFFF; NUL
 * and control characters are valid). Each invalid byte reads as one
 * U+FFFD for scoring, whatever the mode. */
typedef enum clean_invalid_utf8 {
    CLEAN_INVALID_PASS = 0,      /* the default: output keeps the bytes as they are */
    CLEAN_INVALID_REPLACE = 1,   /* output has U+FFFD (EF BF BD) for each invalid byte */
    CLEAN_INVALID_DROP_LINE = 2, /* a line holding one is scored, then never kept
                                    (reason "invalid-utf8") */
    CLEAN_INVALID_ERROR = 3      /* clean_clean() fails with CLEAN_ERROR_INVALID_UTF8 */
} clean_invalid_utf8;

/* CLEAN_ERROR_OUT_OF_RANGE for a mode not listed above. */
CLEAN_EXPORT clean_error clean_options_set_invalid_utf8(clean_options *opts,
                                                        clean_invalid_utf8 mode);

/* The 1.0 form of the above: non-zero is CLEAN_INVALID_ERROR, zero is
 * CLEAN_INVALID_PASS. */
CLEAN_EXPORT clean_error clean_options_set_strict_utf8(clean_options *opts, int strict);

/* Read every input as text in this character encoding ("ISO-8859-1",
 * "windows-1252", "Shift_JIS", "UTF-16": any name the C library's iconv
 * knows) and clean its conversion to UTF-8, so that a legacy page scores
 * as its UTF-8 twin does. Bytes invalid in that encoding become U+FFFD.
 * "auto" takes valid UTF-8 input as it is and has uchardet guess the
 * encoding of other input from its first 64 KB. A page whose valid UTF-8
 * characters outnumber its invalid bytes stays UTF-8 with invalid bytes,
 * as does one uchardet has no guess for; the invalid-UTF-8 mode applies
 * to both. NULL or "UTF-8" (the default) turns conversion off. An
 * unknown name is CLEAN_ERROR_UNKNOWN_ENCODING. The cleaned text is UTF-8, and line
 * offsets refer to the converted text (see clean_result_input()). */
CLEAN_EXPORT clean_error clean_options_set_encoding(clean_options *opts, const char *encoding);

/* Non-zero: clean_clean() fails with CLEAN_ERROR_BINARY on input that
 * clean_is_binary() calls binary (tested after any encoding conversion,
 * so that UTF-16 text with an encoding set is text). Zero, the 1.0
 * default: every input is cleaned, NUL and control bytes included. */
CLEAN_EXPORT clean_error clean_options_set_skip_binary(clean_options *opts, int skip);

/* How the cleaned text prints a kept line's links. Markdown converters
 * (html2text, pandoc, Jina Reader, Firecrawl) write a link as
 * "[text](target)", html-to-text prints its address in brackets after it
 * ("text [https://a.b/c]"), and lynx, elinks and w3m number each one
 * ("[12]text") and list the addresses at the page's end; the addresses
 * are no words of the article and break its sentences apart. Lines of
 * code are printed as they are in either mode. */
typedef enum clean_links {
    CLEAN_LINKS_TEXT = 0, /* the default: "[text](https://a.b/c)" as "text",
                             "![alt](src)" as "alt", html-to-text's
                             "text [/path]" as "text"; "[12]text" as "text"
                             when the page lists its links' addresses */
    CLEAN_LINKS_KEEP = 1  /* kept lines as they are in the input */
} clean_links;

/* CLEAN_ERROR_OUT_OF_RANGE for a mode not listed above. */
CLEAN_EXPORT clean_error clean_options_set_links(clean_options *opts, clean_links mode);

/* Is this clearly not text? 1 when the input starts with the signature of
 * a common binary format (PNG, GIF, JPEG, WebP, gzip, zip, PDF, bzip2, xz,
 * zstd, 7z, ELF, WebAssembly, SQLite), or when its first 8 KiB hold at
 * least 4 control bytes and at least one in 16 of their bytes is one.
 * Control bytes here are 0x00-0x1F and 0x7F except tab, line feed,
 * vertical tab, form feed, carriage return and escape: a page with a few
 * NUL or control bytes stays text; random or compressed data (about one
 * byte in ten) and UTF-16 (every other byte NUL) do not. Invalid UTF-8
 * alone never makes input binary: that is what Latin-1 pages look like.
 * 0 otherwise, and for length 0 (input may then be NULL). */
CLEAN_EXPORT int clean_is_binary(const char *input, size_t length);

/* ---- Cleaner -------------------------------------------------------- */

typedef struct clean_cleaner clean_cleaner;

/* Compile the options into a cleaner (rules JIT-compiled once, stoplists
 * indexed). opts is only read and may be freed or reused afterwards. On
 * failure *out is NULL and clean_options_error(opts) says why. */
CLEAN_EXPORT clean_error clean_cleaner_new(clean_options *opts, clean_cleaner **out);
CLEAN_EXPORT void clean_cleaner_free(clean_cleaner *cleaner);

/* ---- Cleaning ------------------------------------------------------- */

typedef struct clean_result clean_result;

/* Flags for clean_clean(). */
#define CLEAN_DETAILS 1u /* keep per-line details (score, label, reason) */

/* Clean one page. input may hold any bytes, NUL included; length 0 (input
 * may then be NULL) gives an empty result. On success *out is a new
 * result the caller frees with clean_result_free(); on failure *out is
 * NULL and the code says why (CLEAN_ERROR_NULL_ARGUMENT,
 * CLEAN_ERROR_OUT_OF_MEMORY, CLEAN_ERROR_INVALID_UTF8 with
 * CLEAN_INVALID_ERROR, CLEAN_ERROR_BINARY with skip_binary,
 * CLEAN_ERROR_TOO_LARGE for 2^32 - 1 or more non-blank lines, which
 * takes at least 8 GiB of input). flags: 0 or CLEAN_DETAILS. Time and
 * memory are linear in length; a line longer than 4 GiB is read as
 * several, cut at character boundaries. */
CLEAN_EXPORT clean_error clean_clean(const clean_cleaner *cleaner,
                                     const char *input, size_t length,
                                     unsigned flags, clean_result **out);
CLEAN_EXPORT void clean_result_free(clean_result *result);

/* The cleaned text: kept lines, each ending in '\n', one blank line where
 * the input had blank lines between two kept lines, trailing white space
 * and '\r' removed, links printed as clean_options_set_links() says (a
 * kept line that is only a link with no text, "[](#top)", is left out);
 * zero bytes when nothing is kept. Not NUL-terminated
 * in general (input may hold NUL); a terminating NUL follows it all the
 * same. Owned by the result. */
CLEAN_EXPORT const char *clean_result_text(const clean_result *result);
CLEAN_EXPORT size_t clean_result_text_length(const clean_result *result);

/* The language used for the page: the stoplist name ("English"), or ""
 * when no stoplist fitted. Owned by the cleaner. */
CLEAN_EXPORT const char *clean_result_language(const clean_result *result);

/* With CLEAN_DETAILS, when the cleaner rewrote the input before cleaning
 * it (clean_options_set_encoding, CLEAN_INVALID_REPLACE): the rewritten
 * UTF-8 text, which line offsets then refer to, with its length in
 * *length (length may be NULL); owned by the result. NULL (and 0) when
 * the offsets refer to the caller's input as given. */
CLEAN_EXPORT const char *clean_result_input(const clean_result *result, size_t *length);

/* ---- Per-line details (only with CLEAN_DETAILS; else 0 lines) -------- */

/* Lines of the input, counted as the text splits at "\n", "\r\n", "\r". */
CLEAN_EXPORT size_t clean_result_line_count(const clean_result *result);

/* What a line was taken for before context decided. */
typedef enum clean_class {
    CLEAN_CLASS_BLANK = 0,     /* empty or white space only */
    CLEAN_CLASS_BAD = 1,       /* boilerplate by its own features or a rule */
    CLEAN_CLASS_SHORT = 2,     /* too short to judge alone */
    CLEAN_CLASS_NEAR_GOOD = 3, /* uncertain */
    CLEAN_CLASS_GOOD = 4       /* content by its own features */
} clean_class;

/* Fixed lower-case names: "blank", "bad", "short", "near-good", "good". */
CLEAN_EXPORT const char *clean_class_name(clean_class cls);

/* Details of line `index` (0-based). Any pointer argument may be NULL
 * when that item is not wanted. offset/length: the line's bytes in the
 * input, line ending excluded (on a page dumped run together, whose
 * lines are cut into sentences, each sentence is a line here). kept: 1 if the line is in the output.
 * score: the line's own content score (higher is more content-like).
 * reason: the feature, context or rule that decided ("rule:byline",
 * "context:between-good", "outside-region", ...), owned by the result.
 * features: a compact "words=12 stop=0.41 ..." summary, owned by the
 * result. CLEAN_ERROR_INDEX when index >= clean_result_line_count(). */
CLEAN_EXPORT clean_error clean_result_line(const clean_result *result, size_t index,
                                           size_t *offset, size_t *length,
                                           int *kept, clean_class *cls,
                                           double *score, const char **reason,
                                           const char **features);

#ifdef __cplusplus
}
#endif

#endif /* CLEAN_H */
