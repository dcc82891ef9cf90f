/* libFuzzer target: the cleaning API. The first two bytes choose the
 * options and the path through the API; the rest is the page.
 *
 *   byte 0: bit 0     CLEAN_DETAILS
 *           bits 1-2  invalid UTF-8 mode (pass, replace, drop-line, error)
 *           bit 3     skip binary input
 *           bits 4-5  encoding: none, auto (guessed), UTF-16, Shift_JIS
 *           bit 6     language "en" and a user rule file (score, keep,
 *                     drop and block rules overlapping the built-in
 *                     ones); else "auto" and the built-in rules only
 *   byte 1: bit 0     clean twice and compare: same input, same result
 *           bit 1     hand the page over in a buffer of its exact size
 *                     (no NUL after it), so that reads past its end show
 *           bit 2     links kept as they are (CLEAN_LINKS_KEEP), so that
 *                     every kept line is in the text byte for byte
 *
 * A cleaner takes tens of milliseconds to build (a fifth of a second under
 * ASan): the 64 of them, one per set of options, are built once each and
 * kept. Every result is checked against what the header promises; a
 * broken promise aborts. */
#define _GNU_SOURCE /* memmem */
#include <clean.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char user_rules[] = "fuzz-keep keep max-words=3 ^(?i)fuzz\\s+keep$\n"
                                 "fuzz-drop drop max-words=8 (?i)\\bfuzz(ed|ing)?\\b.*\\d{2,}$\n"
                                 "fuzz-block block max-words=4 ^(?i)more\\s+fuzz\\W*$\n"
                                 "fuzz-score score=-0.5 [|/»]\\s*\\w+\\s*[|/»]\n"
                                 "separator drop ^[-=_*#~. ]{3,}$\n";

static const char *const encodings[] = {NULL, "auto", "UTF-16", "SHIFT_JIS"};

/* Whether input is read as UTF-8 with these options: no encoding, or a
 * guess that may keep it so. */
static int maybe_utf8(unsigned options)
{
    const char *e = encodings[(options >> 4) & 3];
    return !e || strcmp(e, "auto") == 0;
}

/* Indexed by the option bits 1-6 and the links bit. */
static clean_cleaner *cleaners[128];

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "broken promise: %s\n", what);
        abort();
    }
}

static clean_cleaner *build(unsigned options, int keep_links)
{
    clean_options *o = clean_options_new();
    check(o != NULL, "options");
    check(clean_options_set_invalid_utf8(o, (clean_invalid_utf8)((options >> 1) & 3)) == CLEAN_OK, "invalid mode");
    check(clean_options_set_skip_binary(o, (options >> 3) & 1) == CLEAN_OK, "skip binary");
    check(clean_options_set_encoding(o, encodings[(options >> 4) & 3]) == CLEAN_OK, "encoding");
    check(clean_options_set_links(o, keep_links ? CLEAN_LINKS_KEEP : CLEAN_LINKS_TEXT) == CLEAN_OK, "links");
    if (options & 0x40) {
        check(clean_options_set_language(o, "en") == CLEAN_OK, "language");
        check(clean_options_add_rules(o, "fuzz.rules", user_rules, sizeof user_rules - 1) == CLEAN_OK, "rules");
    }
    clean_cleaner *c = NULL;
    check(clean_cleaner_new(o, &c) == CLEAN_OK && c != NULL, "cleaner");
    clean_options_free(o);
    return c;
}

static clean_cleaner *cleaner_for(unsigned options, int keep_links)
{
    /* Details (bit 0) are a flag of the call, not an option of the cleaner. */
    unsigned slot = ((options >> 1) & 63) | (keep_links ? 64 : 0);
    if (!cleaners[slot])
        cleaners[slot] = build(options, keep_links);
    return cleaners[slot];
}

/* What clean.h promises of a result. With links printed as their text,
 * a kept line is in the text as it is when it holds no '[', and the text
 * is no longer than the kept lines with a blank line after each. */
static void check_result(const clean_result *r, const char *page, size_t length, unsigned flags, int keep_links)
{
    const char *text = clean_result_text(r);
    size_t text_length = clean_result_text_length(r);
    check(text != NULL && text[text_length] == '\0', "text NUL-terminated");
    check(text_length == 0 || text[text_length - 1] == '\n', "text ends in a newline");
    check(clean_result_language(r) != NULL, "language");
    size_t source_length = 0;
    const char *source = clean_result_input(r, &source_length);
    if (!source) {
        source = page;
        source_length = length;
    }
    size_t lines = clean_result_line_count(r);
    check((flags & CLEAN_DETAILS) || lines == 0, "no lines without details");
    size_t kept_bytes = 0, previous_end = 0;
    for (size_t i = 0; i < lines; i++) {
        size_t offset, line_length;
        int kept;
        clean_class cls;
        double score;
        const char *reason, *features;
        check(clean_result_line(r, i, &offset, &line_length, &kept, &cls, &score, &reason, &features) == CLEAN_OK,
              "line");
        check(offset >= previous_end && offset + line_length <= source_length, "line inside the input, in order");
        check(reason != NULL && features != NULL && cls <= CLEAN_CLASS_GOOD, "line details");
        previous_end = offset + line_length;
        if (kept) {
            check(line_length > 0, "a kept line is not blank");
            check((!keep_links && memchr(source + offset, '[', line_length)) ||
                      memmem(text, text_length, source + offset, line_length) != NULL,
                  "kept line in the text");
            kept_bytes += line_length + 1;
        }
    }
    check(lines == 0 || !keep_links || kept_bytes <= text_length, "kept lines make the text");
    check(lines == 0 || text_length <= 2 * kept_bytes, "the text is made of kept lines");
    check(clean_result_line(r, lines, NULL, NULL, NULL, NULL, NULL, NULL, NULL) == CLEAN_ERROR_INDEX, "index");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned options = data[0], path = data[1];
    unsigned flags = options & 1 ? CLEAN_DETAILS : 0;
    size_t length = size - 2;
    /* libFuzzer's buffer is exactly the input; with bit 1 of path clear the
     * page gets a NUL after it, as a C string would. */
    char *page = malloc(length + 1);
    check(page != NULL, "malloc");
    memcpy(page, data + 2, length);
    if (!(path & 2))
        page[length] = '\0';
    else
        page = realloc(page, length ? length : 1);
    int keep_links = (path & 4) != 0;
    clean_cleaner *c = cleaner_for(options, keep_links);
    clean_result *r = NULL;
    clean_error e = clean_clean(c, length ? page : NULL, length, flags, &r);
    if (e == CLEAN_OK) {
        check(r != NULL, "result");
        check_result(r, page, length, flags, keep_links);
        if (path & 1) {
            clean_result *again = NULL;
            check(clean_clean(c, page, length, flags, &again) == CLEAN_OK, "second run");
            check(clean_result_text_length(again) == clean_result_text_length(r) &&
                      memcmp(clean_result_text(again), clean_result_text(r), clean_result_text_length(r)) == 0,
                  "same input, same text");
            clean_result_free(again);
        }
    } else {
        check(r == NULL, "no result on failure");
        check(e == CLEAN_ERROR_INVALID_UTF8 || e == CLEAN_ERROR_BINARY, "only input errors");
        check(e != CLEAN_ERROR_INVALID_UTF8 || (((options >> 1) & 3) == CLEAN_INVALID_ERROR && maybe_utf8(options)),
              "invalid UTF-8 only in error mode");
        check(e != CLEAN_ERROR_BINARY || ((options & 8) && (encodings[(options >> 4) & 3] || clean_is_binary(page, length))),
              "binary only when asked and binary");
    }
    clean_result_free(r);
    free(page);
    return 0;
}
