/* Growable byte buffers: the CLI's jobs keep theirs across records, so a
 * buffer grows to the largest record and is then reused as it is. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The first allocation; small records then fit without growing. */
#define DYNBUF_MIN_CAPACITY ((size_t)4096)

bool dynbuf_reserve(dynbuf *buf, size_t extra)
{
    if (extra <= buf->capacity - buf->length)
        return true;
    if (extra > SIZE_MAX - buf->length)
        return false;
    size_t needed = buf->length + extra;
    size_t capacity = buf->capacity > 0 ? buf->capacity : DYNBUF_MIN_CAPACITY;
    /* Doubling keeps appends amortised linear. */
    while (capacity < needed)
        capacity = capacity <= SIZE_MAX / 2 ? capacity * 2 : needed;
    char *bytes = realloc(buf->bytes, capacity);
    if (bytes == NULL)
        return false;
    buf->bytes = bytes;
    buf->capacity = capacity;
    return true;
}

bool dynbuf_append(dynbuf *buf, const void *bytes, size_t length)
{
    if (!dynbuf_reserve(buf, length))
        return false;
    if (length > 0)
        memcpy(buf->bytes + buf->length, bytes, length);
    buf->length += length;
    return true;
}

bool dynbuf_set_string(dynbuf *buf, const char *s)
{
    buf->length = 0;
    if (!dynbuf_append(buf, s, strlen(s) + 1))
        return false;
    buf->length--; /* the NUL stays after the string, outside its length */
    return true;
}

void dynbuf_free(dynbuf *buf)
{
    free(buf->bytes);
    *buf = (dynbuf){0};
}
