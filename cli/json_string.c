/*
 * JSON string tokens to bytes and back, for the one field --jsonl cleans.
 * yajl has validated the token (escapes, UTF-8) by the time it gets here;
 * decoding it here rather than through yajl's string callback is what
 * lets a lone surrogate become U+FFFD instead of bytes that are not UTF-8.
 */
#include "cli.h"

#include <string.h>

#define REPLACEMENT_CHARACTER 0xfffdu

static unsigned hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    return (unsigned)(c - 'A' + 10);
}

/* The four hex digits after "\u" at p. */
static unsigned hex4(const char *p)
{
    return hex_value(p[0]) << 12 | hex_value(p[1]) << 8 | hex_value(p[2]) << 4 |
           hex_value(p[3]);
}

static bool append_utf8(dynbuf *out, unsigned code_point)
{
    char bytes[4];
    size_t length;
    if (code_point < 0x80) {
        bytes[0] = (char)code_point;
        length = 1;
    } else if (code_point < 0x800) {
        bytes[0] = (char)(0xc0 | code_point >> 6);
        bytes[1] = (char)(0x80 | (code_point & 0x3f));
        length = 2;
    } else if (code_point < 0x10000) {
        bytes[0] = (char)(0xe0 | code_point >> 12);
        bytes[1] = (char)(0x80 | (code_point >> 6 & 0x3f));
        bytes[2] = (char)(0x80 | (code_point & 0x3f));
        length = 3;
    } else {
        bytes[0] = (char)(0xf0 | code_point >> 18);
        bytes[1] = (char)(0x80 | (code_point >> 12 & 0x3f));
        bytes[2] = (char)(0x80 | (code_point >> 6 & 0x3f));
        bytes[3] = (char)(0x80 | (code_point & 0x3f));
        length = 4;
    }
    return dynbuf_append(out, bytes, length);
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

bool json_unescape_append(dynbuf *out, const char *token, size_t length)
{
    if (!dynbuf_reserve(out, length)) /* the decoded text is never longer */
        return false;
    size_t i = 0;
    while (i < length) {
        const char *backslash = memchr(token + i, '\\', length - i);
        size_t run = backslash != NULL ? (size_t)(backslash - token) - i : length - i;
        dynbuf_append(out, token + i, run); /* reserved above */
        i += run;
        if (i == length)
            break;
        char kind = token[i + 1];
        i += 2;
        bool ok = kind == 'u' ? append_utf8(out, decode_unicode_escape(token, length, &i))
                              : dynbuf_append(out, (char[]){simple_escape_value(kind)}, 1);
        if (!ok)
            return false;
    }
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
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (; i + 8 <= length; i += 8) {
        uint64_t v;
        memcpy(&v, text + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap64(v); /* text[i] in the lowest byte */
#endif
        /* High bit of each byte below 0x20, or equal to '"' or '\\'. A
         * false hit can only follow a true one in the same word (the
         * borrow), so the lowest hit is exact. */
        uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
        uint64_t hits = ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                        ((backslash - ones) & ~backslash);
        hits &= highs;
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
