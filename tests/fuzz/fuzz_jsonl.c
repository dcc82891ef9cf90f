/* libFuzzer target: clean-text's --jsonl reader (cli/jsonl.c and
 * cli/json_string.c), the whole input one JSON Lines stream read through
 * fmemopen, the records written to a memory stream; one thread, the text
 * field "text", statistics on (so that the line counts run too).
 *
 * What is checked, aborting when broken:
 *   - one record out for each line in (a last line without its '\n' gets
 *     one): the cleaned string is escaped, so it adds no line;
 *   - a line that is valid JSON is still valid JSON when written out, and
 *     a line that is not comes out byte for byte;
 *   - the status is 0 or 1. */
#include "fuzz_cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

static bool is_valid_json(const char *bytes, size_t length)
{
    yajl_handle h = yajl_alloc(NULL, NULL, NULL);
    check(h != NULL, "yajl_alloc");
    bool ok = yajl_parse(h, (const unsigned char *)bytes, length) == yajl_status_ok &&
              yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}

/* The next line of [*at, end), without its '\n'; false at the end. */
static bool next_line(const char **at, const char *end, const char **line, size_t *length)
{
    if (*at >= end)
        return false;
    const char *newline = memchr(*at, '\n', (size_t)(end - *at));
    *line = *at;
    *length = (size_t)((newline != NULL ? newline : end) - *at);
    *at = newline != NULL ? newline + 1 : end;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* fmemopen wants a buffer it may write to, and one byte at least. */
    char *copy = malloc(size + 1);
    check(copy != NULL, "malloc");
    memcpy(copy, data, size);
    FILE *in = fmemopen(copy, size > 0 ? size : 1, "r");
    check(in != NULL, "fmemopen");
    if (size == 0)
        fgetc(in); /* an empty input: at its end at once */
    char *out_bytes = NULL;
    size_t out_length = 0;
    FILE *out = open_memstream(&out_bytes, &out_length);
    check(out != NULL, "open_memstream");

    meter m;
    meter_start(&m, false, true, "records", 0);
    stream_settings settings = {.cleaner = the_cleaner(), .meter = &m, .threads = 1,
                                .field = "text"};
    int status = run_jsonl_file(&settings, in, "fuzz.jsonl", out);
    check(status == 0 || status == 1, "status 0 or 1");
    fclose(in);
    check(fclose(out) == 0, "output closed");

    const char *in_at = copy, *in_end = copy + size;
    const char *out_at = out_bytes, *out_end = out_bytes + out_length;
    const char *in_line, *out_line;
    size_t in_line_length, out_line_length;
    while (next_line(&in_at, in_end, &in_line, &in_line_length)) {
        check(next_line(&out_at, out_end, &out_line, &out_line_length), "a record per line");
        if (is_valid_json(in_line, in_line_length))
            check(is_valid_json(out_line, out_line_length), "valid JSON stays valid");
        else
            check(out_line_length == in_line_length &&
                      memcmp(out_line, in_line, in_line_length) == 0,
                  "a bad line passes through");
    }
    check(out_at == out_end, "no record more than lines");
    check(out_length == 0 || out_bytes[out_length - 1] == '\n', "records end in a newline");
    free(out_bytes);
    free(copy);
    return 0;
}
