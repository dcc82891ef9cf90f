/*
 * json_floor: the floor of `clean-text --jsonl` for the throughput
 * benchmark. It does what the CLI must do for each record before any
 * cleaning (read the line, validate it with yajl's event parser and find
 * the top-level keys, with the same callbacks as cli/jsonl.c) and writes
 * the line out unchanged. Cleaning cannot make a record stream faster than
 * this, so its speed against `wc -w` bounds the ratio clean-text can reach.
 *
 *   json_floor [FILE]    (standard input without FILE)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <yajl/yajl_parse.h>

typedef struct {
    int depth;
    size_t keys;
} counts;

static int enter_container(void *ctx)
{
    ((counts *)ctx)->depth++;
    return 1;
}

static int leave_container(void *ctx)
{
    ((counts *)ctx)->depth--;
    return 1;
}

static int on_map_key(void *ctx, const unsigned char *key, size_t length)
{
    (void)key;
    (void)length;
    counts *c = ctx;
    c->keys += c->depth == 1;
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_start_map = enter_container,
    .yajl_end_map = leave_container,
    .yajl_start_array = enter_container,
    .yajl_end_array = leave_container,
    .yajl_map_key = on_map_key,
};

int main(int argc, char **argv)
{
    FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    char *line = NULL;
    size_t capacity = 0, records = 0, invalid = 0;
    ssize_t got;
    counts c = {0, 0};
    while ((got = getline(&line, &capacity, in)) > 0) {
        yajl_handle handle = yajl_alloc(&callbacks, NULL, &c);
        if (!handle)
            return 2;
        c.depth = 0;
        if (yajl_parse(handle, (const unsigned char *)line, (size_t)got) != yajl_status_ok ||
            yajl_complete_parse(handle) != yajl_status_ok)
            invalid++;
        yajl_free(handle);
        records++;
        if (fwrite(line, 1, (size_t)got, stdout) != (size_t)got)
            return 2;
    }
    free(line);
    fprintf(stderr, "json_floor: %zu records, %zu invalid, %zu top-level keys\n", records, invalid, c.keys);
    return ferror(in) ? 2 : 0;
}
