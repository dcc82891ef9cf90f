/*
 * JSON string tokens to bytes and back, for the one field --jsonl cleans.
 * yajl has validated the token (escapes, UTF-8) by the time it gets here;
 * decoding it here rather than through yajl's string callback is what
 * lets a lone surrogate become U+FFFD instead of bytes that are not UTF-8.
 */
#include "cli.h"

#include <string.h>

#define REPLACEMENT_CHARACTER 0xfffdu

/* A hex digit's value; yajl has checked it is one. ('0'-'9' are 0x3N,
 * 'A'-'F' and 'a'-'f' are 0x4N and 0x6N with N from 1.) */
static unsigned hex_value(char c)
{
    return ((unsigned)c & 0xf) + 9 * ((unsigned)c >> 6 & 1);
}

/* The four hex digits after "\u" at p. */
static unsigned hex4(const char *p)
{
    return hex_value(p[0]) << 12 | hex_value(p[1]) << 8 | hex_value(p[2]) << 4 |
           hex_value(p[3]);
}

/* Writes code_point's UTF-8 form at p; returns the end. */
static char *put_utf8(char *p, unsigned code_point)
{
    if (code_point < 0x80) {
        *p++ = (char)code_point;
    } else if (code_point < 0x800) {
        *p++ = (char)(0xc0 | code_point >> 6);
        *p++ = (char)(0x80 | (code_point & 0x3f));
    } else if (code_point < 0x10000) {
        *p++ = (char)(0xe0 | code_point >> 12);
        *p++ = (char)(0x80 | (code_point >> 6 & 0x3f));
        *p++ = (char)(0x80 | (code_point & 0x3f));
    } else {
        *p++ = (char)(0xf0 | code_point >> 18);
        *p++ = (char)(0x80 | (code_point >> 12 & 0x3f));
        *p++ = (char)(0x80 | (code_point >> 6 & 0x3f));
        *p++ = (char)(0x80 | (code_point & 0x3f));
    }
    return p;
}

/* The code point of the \uXXXX escape at token[*i] (just past the "\u"),
 * joined with a following low surrogate escape when it is a high one;
 * *i moves past what was used. */
static unsigned decode_unicode_escape(const char *token, size_t length, size_t *i)
{
    unsigned unit = hex4(token + *i);
    *i += 4;
    if (unit >= 0xdc00 && unit <= 0xdfff)
        return REPLACEMENT_CHARACTER; /* a low surrogate with no high one */
    if (unit < 0xd800 || unit > 0xdbff)
        return unit;
    if (*i + 6 <= length && token[*i] == '\\' && token[*i + 1] == 'u') {
        unsigned low = hex4(token + *i + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
            *i += 6;
            return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        }
    }
    return REPLACEMENT_CHARACTER; /* a high surrogate with no low one */
}

static char simple_escape_value(char c)
{
    switch (c) {
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    default: /* '"', '\\', '/' stand for themselves */
        return c;
    }
}

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* Eight bytes of text from p, p[0] in the lowest byte. */
static uint64_t load_le64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* The high bit of each byte of v equal to c. A false hit can only follow
 * a true one in the same word (the borrow), so the lowest hit is exact. */
static uint64_t bytes_equal(uint64_t v, unsigned char c)
{
    uint64_t x = v ^ (ONES * c);
    return (x - ONES) & ~x & HIGHS;
}

/* The first backslash at or after i, or length. Eight bytes a step: the
 * runs between escapes are short, shorter than a call to memchr is worth. */
static size_t next_backslash(const char *token, size_t length, size_t i)
{
    for (; i + 8 <= length; i += 8) {
        uint64_t hits = bytes_equal(load_le64(token + i), '\\');
        if (hits != 0)
            return i + (size_t)__builtin_ctzll(hits) / 8;
    }
    while (i < length && token[i] != '\\')
        i++;
    return i;
}

bool json_unescape_append(dynbuf *out, const char *token, size_t length)
{
    if (length == 0)
        return true; /* (out may have no bytes yet to point into) */
    if (!dynbuf_reserve(out, length)) /* the decoded text is never longer */
        return false;
    char *p = out->bytes + out->length;
    for (size_t i = 0; i < length;) {
        size_t backslash = next_backslash(token, length, i);
        memcpy(p, token + i, backslash - i);
        p += backslash - i;
        if (backslash == length)
            break;
        char kind = token[backslash + 1];
        i = backslash + 2;
        if (kind == 'u')
            p = put_utf8(p, decode_unicode_escape(token, length, &i));
        else
            *p++ = simple_escape_value(kind);
    }
    out->length = (size_t)(p - out->bytes);
    return true;
}

/* The escape of each byte that cannot appear as it is in a JSON string;
 * NULL for the bytes that can. */
static const char *const escapes[256] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006",
    "\\u0007", "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",
    "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014",
    "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b",
    "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ['"'] = "\\\"",
    ['\\'] = "\\\\"};

/* The first byte at or after i that needs an escape, or length. Eight
 * bytes a step: most text has one such byte (its '\n') per line. */
static size_t next_to_escape(const char *text, size_t length, size_t i)
{
    for (; i + 8 <= length; i += 8) {
        uint64_t v = load_le64(text + i);
        /* Bytes below 0x20 (the borrow argument of bytes_equal holds). */
        uint64_t hits = ((v - ONES * 0x20) & ~v & HIGHS) | bytes_equal(v, '"') | bytes_equal(v, '\\');
        if (hits != 0)
            return i + (size_t)__builtin_ctzll(hits) / 8;
    }
    while (i < length && escapes[(unsigned char)text[i]] == NULL)
        i++;
    return i;
}

/* The length of text once escaped, quotes excluded. */
static size_t escaped_length(const char *text, size_t length)
{
    size_t total = length;
    for (size_t i = next_to_escape(text, length, 0); i < length; i = next_to_escape(text, length, i + 1))
        total += strlen(escapes[(unsigned char)text[i]]) - 1;
    return total;
}

bool json_escape_append(dynbuf *out, const char *text, size_t length)
{
    /* Measured first, so that the buffer grows once, to the exact size. */
    size_t needed = escaped_length(text, length);
    if (needed > SIZE_MAX - 2 || !dynbuf_reserve(out, needed + 2))
        return false;
    char *p = out->bytes + out->length;
    *p++ = '"';
    for (size_t i = 0; i < length;) {
        size_t special = next_to_escape(text, length, i);
        memcpy(p, text + i, special - i);
        p += special - i;
        if (special == length)
            break;
        const char *escape = escapes[(unsigned char)text[special]];
        size_t escape_length = strlen(escape);
        memcpy(p, escape, escape_length);
        p += escape_length;
        i = special + 1;
    }
    *p++ = '"';
    out->length = (size_t)(p - out->bytes);
    return true;
}
