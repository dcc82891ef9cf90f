/* Output gzip members, one per WARC record as Common Crawl writes them, so
 * that a reader can seek to any record and start inflating there. */
#include "cli.h"

#include <limits.h>
#include <zlib.h>

#define GZIP_WINDOW_BITS (15 + 16) /* the largest window, gzip framing */
#define GZIP_MEMORY_LEVEL 8        /* zlib's default */

static size_t at_most_uint(size_t n)
{
    return n < UINT_MAX ? n : UINT_MAX;
}

/* deflateBound's room takes the member in one go; avail_in and avail_out
 * are 32 bits wide, so a record past 4 GB goes in parts. */
static bool deflate_all(z_stream *stream, dynbuf *out, const char *bytes, size_t length)
{
    if (!dynbuf_reserve(out, deflateBound(stream, (uLong)length)))
        return false;
    stream->next_in = (Bytef *)bytes;
    stream->next_out = (Bytef *)out->bytes + out->length;
    size_t in_left = length, out_left = out->capacity - out->length;
    int status;
    do {
        uInt in_part = (uInt)at_most_uint(in_left), out_part = (uInt)at_most_uint(out_left);
        stream->avail_in = in_part;
        stream->avail_out = out_part;
        status = deflate(stream, in_part == in_left ? Z_FINISH : Z_NO_FLUSH);
        in_left -= in_part - stream->avail_in;
        out_left -= out_part - stream->avail_out;
    } while (status == Z_OK);
    out->length = (size_t)((char *)stream->next_out - out->bytes);
    return status == Z_STREAM_END;
}

bool gzip_member_append(dynbuf *out, const char *bytes, size_t length)
{
    z_stream stream = {0};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, GZIP_WINDOW_BITS,
                     GZIP_MEMORY_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    bool ok = deflate_all(&stream, out, bytes, length);
    deflateEnd(&stream);
    return ok;
}
