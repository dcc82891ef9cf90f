/* The text to clean, from the bytes a caller hands over: conversion from
 * a legacy encoding (named, or guessed by uchardet), binary detection and
 * the invalid-UTF-8 modes. Each step is one pass over the input, with
 * buffers from the cleaner's allocator, so that a hostile page costs time
 * and memory in proportion to its size. */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uniconv.h>
#include <uchardet.h>
#include <unistr.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

/* ---- binary detection ----------------------------------------------- */

/* Bytes looked at: enough to see what a file is, the same cost for a
 * huge one. */
#define BINARY_SAMPLE 8192

/* A format is recognised when both parts match (the second is optional:
 * length 0), which lets a short or common first part (RIFF) be pinned
 * down by a second one (WEBP). */
typedef struct signature_part {
    size_t offset;
    const char *bytes;
    size_t length;
} signature_part;

typedef struct signature {
    signature_part first, second;
} signature;

#define PART(offset, text) {offset, text, sizeof text - 1}

static const signature signatures[] = {
    {PART(0, "\x89PNG\r\n\x1a\n"), {0, NULL, 0}},
    {PART(0, "GIF87a"), {0, NULL, 0}},
    {PART(0, "GIF89a"), {0, NULL, 0}},
    {PART(0, "\xff\xd8\xff"), {0, NULL, 0}},             /* JPEG */
    {PART(0, "RIFF"), PART(8, "WEBP")},
    {PART(0, "\x1f\x8b"), {0, NULL, 0}},                 /* gzip */
    {PART(0, "PK\x03\x04"), {0, NULL, 0}},               /* zip, docx, jar */
    {PART(0, "PK\x05\x06"), {0, NULL, 0}},               /* empty zip */
    {PART(0, "%PDF-"), {0, NULL, 0}},
    {PART(0, "BZh"), PART(4, "1AY&SY")},                 /* bzip2 block magic */
    {PART(0, "\xfd" "7zXZ\x00"), {0, NULL, 0}},          /* xz */
    {PART(0, "\x28\xb5\x2f\xfd"), {0, NULL, 0}},         /* zstd */
    {PART(0, "7z\xbc\xaf\x27\x1c"), {0, NULL, 0}},
    {PART(0, "\x7f" "ELF"), {0, NULL, 0}},
    {PART(0, "\x00" "asm"), {0, NULL, 0}},               /* WebAssembly */
    {PART(0, "SQLite format 3\x00"), {0, NULL, 0}},
};

static bool part_matches(const signature_part *p, const char *s, size_t n)
{
    return p->length == 0 || (n >= p->offset + p->length && memcmp(s + p->offset, p->bytes, p->length) == 0);
}

/* Control bytes that text does not hold: tab, line feed, vertical tab,
 * form feed, carriage return and escape (terminal colours) are left out;
 * and DEL. */
static bool is_binary_control(unsigned char c)
{
    return (c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1b) || c == 0x7f;
}

/* is_binary_control of eight bytes at once (SWAR), as 0x80 per byte. */
static uint64_t binary_controls(uint64_t v)
{
    uint64_t below_space = cl_ascii_in(v, 0, 0x1F), tab_to_cr = cl_ascii_in(v, '\t', '\r');
    return (below_space & ~tab_to_cr & ~cl_bytes_equal(v, 0x1b)) | cl_bytes_equal(v, 0x7f);
}

/* Whether some byte of eight is below a space or DEL: most eight bytes
 * of text hold none (or only a line feed), and this costs less than
 * binary_controls. A borrow only ever follows a byte that is one. */
static bool may_hold_control(uint64_t v)
{
    uint64_t below_space = (v - CL_EACH_BYTE(0x20)) & ~v, del = v ^ CL_EACH_BYTE(0x7F);
    return ((below_space | ((del - CL_EACH_BYTE(1)) & ~del)) & CL_EACH_BYTE(0x80)) != 0;
}

#ifdef __SSE2__
/* is_binary_control of sixteen bytes at once, a bit per byte: the SWAR
 * steps' work in a third of the instructions. */
static unsigned binary_controls16(const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i below_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    __m128i from_tab = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
    __m128i tab_to_cr = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, _mm_set1_epi8('\r' - '\t')), from_tab);
    __m128i text_controls = _mm_or_si128(tab_to_cr, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x1b)));
    __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(text_controls, below_space), del));
}
#endif

int clean_is_binary(const char *input, size_t length)
{
    if (!input || length == 0)
        return 0;
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
        if (part_matches(&signatures[i].first, input, length) && part_matches(&signatures[i].second, input, length))
            return 1;
    }
    size_t sample = length < BINARY_SAMPLE ? length : BINARY_SAMPLE, controls = 0, i = 0;
#ifdef __SSE2__
    for (; i + 16 <= sample; i += 16) {
        unsigned marked = binary_controls16(input + i);
        if (marked)
            controls += (size_t)__builtin_popcount(marked);
    }
#endif
    for (; i + 8 <= sample; i += 8) {
        uint64_t v = cl_load8(input + i, 8);
        if (may_hold_control(v))
            controls += cl_count_marked(binary_controls(v));
    }
    for (; i < sample; i++)
        controls += is_binary_control((unsigned char)input[i]);
    /* Random and compressed data has about one such byte in ten, UTF-16
     * one in two; a text page a handful at most. */
    return controls >= 4 && controls * 16 >= sample;
}

/* ---- encoding conversion -------------------------------------------- */

bool cl_encoding_known(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* To UTF-8 through libunistring, into a buffer of ours: three bytes per
 * input byte hold any single-byte charset, UTF-16 and the CJK encodings.
 * A conversion that needs more comes back in libunistring's own
 * (malloc'd) buffer and is moved into ours. */
static clean_error convert(const clean_cleaner *c, const char *encoding, const char *input, size_t length,
                           cl_input *out)
{
    const cl_mem *m = &c->mem;
    if (length > (SIZE_MAX - 16) / 3)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    size_t capacity = length * 3 + 16, got = capacity;
    uint8_t *buf = cl_alloc(m, capacity);
    if (!buf)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    uint8_t *r = u8_conv_from_encoding(encoding, iconveh_replacement_character, input, length, NULL, buf, &got);
    if (!r) {
        /* The name was checked when it was set, and invalid bytes become
         * U+FFFD: what is left is a lack of memory. */
        cl_free(m, buf);
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    if (r != buf) {
        uint8_t *mine = cl_realloc(m, buf, got + 1);
        if (mine)
            memcpy(mine, r, got);
        free(r);
        if (!mine) {
            cl_free(m, buf);
            return CLEAN_ERROR_OUT_OF_MEMORY;
        }
        buf = mine;
    } else if (got + 1 < capacity) {
        /* Give back the slack; a failed shrink keeps the larger block. */
        uint8_t *smaller = cl_realloc(m, buf, got + 1);
        if (smaller)
            buf = smaller;
    }
    buf[got] = '\0';
    *out = (cl_input){(const char *)buf, got, (char *)buf};
    return CLEAN_OK;
}

/* ---- encoding detection --------------------------------------------- */

/* Bytes looked at: uchardet's guess settles within a few pages of text,
 * and a huge input costs no more than a small one. */
#define DETECT_SAMPLE 65536
#define ENCODING_NAME_MAX 64

/* Whether the sample reads as UTF-8 with some bad bytes rather than as
 * another encoding: its valid multi-byte characters outnumber the bytes
 * that start no valid sequence. A UTF-8 page with a stray byte or a
 * truncated character stays UTF-8; in a Latin-1 or GBK page almost no
 * high byte starts a valid sequence. */
static bool mostly_utf8(const uint8_t *s, size_t n)
{
    size_t valid = 0, invalid = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        ucs4_t uc;
        int len = u8_mbtoucr(&uc, s + i, n - i);
        if (len > 0) {
            valid++;
            i += (size_t)len;
        } else {
            invalid++;
            i++;
        }
    }
    return valid > invalid;
}

/* The encoding uchardet guesses for a page that is not UTF-8, into name;
 * "" when there is no guess to act on (it is UTF-8 with invalid bytes,
 * plain ASCII, or a charset iconv does not know). */
static clean_error guess_encoding(const char *input, size_t length, char *name)
{
    name[0] = '\0';
    size_t sample = length < DETECT_SAMPLE ? length : DETECT_SAMPLE;
    if (!u8_check((const uint8_t *)input, length) || mostly_utf8((const uint8_t *)input, sample))
        return CLEAN_OK;
    uchardet_t detector = uchardet_new();
    if (!detector)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    clean_error e = CLEAN_OK;
    if (uchardet_handle_data(detector, input, sample) != 0) {
        e = CLEAN_ERROR_OUT_OF_MEMORY;
    } else {
        uchardet_data_end(detector);
        const char *charset = uchardet_get_charset(detector);
        if (charset && strlen(charset) < ENCODING_NAME_MAX && strcasecmp(charset, "UTF-8") != 0 &&
            strcasecmp(charset, "ASCII") != 0 && cl_encoding_known(charset))
            strcpy(name, charset);
    }
    uchardet_delete(detector);
    return e;
}

/* ---- invalid UTF-8 -------------------------------------------------- */

/* Each byte that starts no valid sequence becomes U+FFFD, the same unit
 * that scoring reads it as (cl_decode). */
static clean_error replace_invalid(const cl_mem *m, const char *input, size_t length, cl_input *out)
{
    const uint8_t *s = (const uint8_t *)input, *end = s + length;
    size_t invalid = 0;
    for (const uint8_t *p = u8_check(s, length); p; p = u8_check(p + 1, (size_t)(end - p - 1)))
        invalid++;
    if (invalid == 0)
        return CLEAN_OK;
    if (invalid > (SIZE_MAX - length - 1) / 2)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    char *buf = cl_alloc(m, length + 2 * invalid + 1), *w = buf;
    if (!buf)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    const uint8_t *from = s;
    for (const uint8_t *p = u8_check(s, length); p; p = u8_check(from, (size_t)(end - from))) {
        memcpy(w, from, (size_t)(p - from));
        w += p - from;
        memcpy(w, "\xef\xbf\xbd", 3);
        w += 3;
        from = p + 1;
    }
    memcpy(w, from, (size_t)(end - from));
    w += end - from;
    *w = '\0';
    *out = (cl_input){buf, (size_t)(w - buf), buf};
    return CLEAN_OK;
}

clean_error cl_input_prepare(const clean_cleaner *c, const char *input, size_t length, cl_input *out)
{
    *out = (cl_input){input ? input : "", length, NULL};
    clean_error e = CLEAN_OK;
    char guessed[ENCODING_NAME_MAX];
    const char *encoding = c->encoding;
    if (c->detect_encoding && length) {
        e = guess_encoding(out->text, length, guessed);
        encoding = guessed[0] ? guessed : NULL;
    }
    if (e == CLEAN_OK && encoding && length)
        e = convert(c, encoding, input, length, out);
    if (e == CLEAN_OK && c->skip_binary && clean_is_binary(out->text, out->length))
        e = CLEAN_ERROR_BINARY;
    /* A converted text is valid UTF-8 already: the modes only see input
     * taken as UTF-8. */
    if (e == CLEAN_OK && !out->owned) {
        if (c->invalid == CLEAN_INVALID_ERROR && u8_check((const uint8_t *)out->text, length))
            e = CLEAN_ERROR_INVALID_UTF8;
        else if (c->invalid == CLEAN_INVALID_REPLACE)
            e = replace_invalid(&c->mem, out->text, length, out);
    }
    if (e != CLEAN_OK) {
        cl_free(&c->mem, out->owned);
        out->owned = NULL;
    }
    return e;
}

void cl_input_drop_invalid_lines(cl_page *page)
{
    for (size_t i = 0; i < page->count; i++) {
        cl_line *l = &page->lines[i];
        if (!u8_check((const uint8_t *)page->text + l->span.offset, l->span.length))
            continue;
        l->kept = false;
        l->reason = "invalid-utf8";
        l->reason_rule = NULL;
        l->related = 0;
    }
}
