/*
 * clean-text's batch and stream interfaces, run as real processes:
 * --files0-from, -j, --jsonl, --warc, --stats, --progress, and a record
 * stream generated on the fly whose peak memory must stay bounded.
 *
 * Most tests run a short sh script in their own work folder, with $CT
 * naming the built clean-text ($CLEAN_TEXT). The WARC tests use the
 * Common Crawl extract in ../shared/wet beside the source tree and are
 * skipped, with a message, when it is not there.
 */
#define _XOPEN_SOURCE 700

#include "check_suites.h"
#include "cli.h"
#include "cli_run.h"

#include <limits.h>
#include <nettle/sha1.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

/* Prose that any sane cleaner keeps, different from check_cli.c's. */
#define PROSE_1                                                                        \
    "The old harbour was rebuilt over three summers, and the fishermen who had "      \
    "moved their boats to the next town came back one by one once the new quay was " \
    "finished and the market hall on the water front opened its doors again."
#define PROSE_2                                                                        \
    "Visitors now walk along the sea wall in the evening, stopping at the small "     \
    "restaurants that serve the morning catch, and the town council hopes that the "  \
    "ferry to the islands will run every day from next spring onwards."
#define NAVIGATION "Home\nNews\nSport\nWeather\nContact us\n"

#define PAGE NAVIGATION "\n" PROSE_1 "\n\n" PROSE_2 "\n"

/* JSON-escaped, the '\n's as \n: for records built by hand. */
#define NAVIGATION_JSON "Home\\nNews\\nSport\\nWeather\\nContact us\\n"
#define PAGE_JSON NAVIGATION_JSON "\\n" PROSE_1 "\\n\\n" PROSE_2 "\\n"

/* ---- Running scripts ----------------------------------------------------------- */

/* sh -c SCRIPT in the work folder, $CT set, stdin empty, stdout and
 * stderr captured. */
__attribute__((format(printf, 1, 2))) static run_result run_script(const char *format, ...)
{
    char script[8192];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(script, sizeof script, format, args);
    va_end(args);
    ck_assert_msg(length >= 0 && (size_t)length < sizeof script, "script too long");
    /* Set in the test's own process, for the shell to inherit. */
    ck_assert_int_eq(setenv("CT", clean_text_path(), 1), 0);
    char *argv[] = {"/bin/sh", "-c", script, "sh", NULL}; /* "sh": $0, in its messages */
    return run_argv(&(run_setup){0}, argv);
}

/* ---- Checks ------------------------------------------------------------------ */

/* For the WARC checks, which look for header fields and lines. */
static bool contains_text(const char *haystack, size_t haystack_length, const char *needle)
{
    return contains_bytes(haystack, haystack_length, needle, strlen(needle));
}

static void assert_same_output(const run_result *a, const run_result *b)
{
    ck_assert_uint_eq(a->out_length, b->out_length);
    ck_assert_msg(memcmp(a->out, b->out, a->out_length) == 0, "outputs differ");
}

/* ---- Fixtures ----------------------------------------------------------------- */

static void make_stream_base_dir(void)
{
    make_base_dir("clean-stream");
}

/* ---- --files0-from ----------------------------------------------------------- */

/* Pages that differ, so that a swapped order shows. */
static void write_numbered_pages(int count)
{
    for (int i = 0; i < count; i++) {
        char name[32], text[2048];
        snprintf(name, sizeof name, "page-%02d.txt", i);
        snprintf(text, sizeof text, NAVIGATION "\nPage %d. " PROSE_1 "\n\n" PROSE_2 "\n", i);
        write_work_file(name, text);
    }
}

START_TEST(files0_from_takes_any_name)
{
    write_work_file("with space.txt", PAGE);
    write_work_file("with\nnewline.txt", PAGE);
    write_bytes(in_work("list"), "with space.txt\0with\nnewline.txt\0", 32);
    run_result r = run_script("\"$CT\" --files0-from=list -o out");
    assert_status(&r, 0);
    char *first = read_file(in_work("out/with space.txt"), NULL);
    char *second = read_file(in_work("out/with\nnewline.txt"), NULL);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(second);
    ck_assert_contains(first, PROSE_1);
    ck_assert_str_eq(first, second);
    free(first);
    free(second);
    free_result(&r);
}
END_TEST

START_TEST(files0_from_stdin_matches_operands)
{
    write_numbered_pages(5);
    run_result listed = run_script("printf 'page-%%02d.txt\\0' 0 1 2 3 4 | "
                                   "\"$CT\" --files0-from=-");
    run_result named = run_script("\"$CT\" page-00.txt page-01.txt page-02.txt "
                                  "page-03.txt page-04.txt");
    assert_status(&listed, 0);
    assert_status(&named, 0);
    ck_assert_uint_gt(named.out_length, 0);
    assert_same_output(&listed, &named);
    free_result(&listed);
    free_result(&named);
}
END_TEST

START_TEST(files0_from_empty_name_fails_alone)
{
    write_work_file("good.txt", PAGE);
    write_bytes(in_work("list"), "\0good.txt\0", 10);
    run_result r = run_script("\"$CT\" --files0-from=list");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: list:1: invalid zero-length file name");
    ck_assert_contains(r.out, PROSE_1);
    free_result(&r);
}
END_TEST

START_TEST(files0_from_with_operands_is_a_usage_error)
{
    write_work_file("good.txt", PAGE);
    write_bytes(in_work("list"), "good.txt\0", 9);
    run_result r = run_script("\"$CT\" --files0-from=list good.txt");
    assert_status(&r, 2);
    ck_assert_uint_eq(r.out_length, 0);
    free_result(&r);
}
END_TEST

/* ---- -j ------------------------------------------------------------------------ */

START_TEST(jobs_keep_the_file_order)
{
    write_numbered_pages(24);
    run_result one = run_script("\"$CT\" -j 1 page-*.txt");
    run_result two = run_script("\"$CT\" -j 2 page-*.txt");
    run_result five = run_script("\"$CT\" --jobs=5 page-*.txt");
    assert_status(&one, 0);
    assert_status(&two, 0);
    assert_status(&five, 0);
    ck_assert_msg(strstr(one.out, "Page 23. ") != NULL, "the last page is missing");
    assert_same_output(&one, &two);
    assert_same_output(&one, &five);
    free_result(&one);
    free_result(&two);
    free_result(&five);
}
END_TEST

START_TEST(jobs_write_the_same_files)
{
    write_numbered_pages(6);
    run_result r = run_script("\"$CT\" -j 3 -o out page-*.txt && \"$CT\" -o one page-*.txt "
                              "&& diff -r out one");
    assert_status(&r, 0);
    free_result(&r);
}
END_TEST

/* Records whose text differs, some of them bad, to catch any reordering
 * of records or of their messages. */
static void write_numbered_records(const char *name, int count)
{
    FILE *file = fopen(in_work(name), "w");
    ck_assert_ptr_nonnull(file);
    for (int i = 0; i < count; i++) {
        if (i % 17 == 5)
            fprintf(file, "{\"id\": %d, \"text\": [%d]}\n", i, i);
        else
            fprintf(file,
                    "{\"id\": %d, \"text\": \"" NAVIGATION_JSON "\\nRecord %d. " PROSE_1
                    "\\n\\n" PROSE_2 "\"}\n",
                    i, i);
    }
    ck_assert_int_eq(fclose(file), 0);
}

START_TEST(jobs_keep_the_record_order)
{
    write_numbered_records("in.jsonl", 300);
    run_result one = run_script("\"$CT\" --jsonl in.jsonl");
    run_result two = run_script("\"$CT\" --jsonl -j 2 in.jsonl");
    run_result four = run_script("\"$CT\" --jsonl -j 4 < in.jsonl");
    assert_status(&one, 1); /* the bad records */
    assert_status(&two, 1);
    assert_status(&four, 1);
    ck_assert_msg(strstr(one.out, "Record 299. ") != NULL, "the last record is missing");
    assert_same_output(&one, &two);
    assert_same_output(&one, &four);
    ck_assert_str_eq(one.err, two.err);
    free_result(&one);
    free_result(&two);
    free_result(&four);
}
END_TEST

/* The README's recipe for many cores or machines: GNU parallel --pipe
 * hands each process a chunk of whole records; -k keeps their order, so
 * the output is the one-process output. (CI installs parallel; without it
 * the test says so and checks nothing.) */
START_TEST(gnu_parallel_pipe_gives_the_same_records)
{
    if (system("command -v parallel >/dev/null 2>&1") != 0) {
        fprintf(stderr, "gnu_parallel_pipe_gives_the_same_records: GNU parallel not installed, not run\n");
        return;
    }
    write_numbered_records("in.jsonl", 300);
    run_result one = run_script("\"$CT\" --jsonl < in.jsonl");
    run_result many = run_script("parallel --will-cite --pipe -k -N 40 -j 2 \"$CT\" --jsonl < in.jsonl");
    assert_same_output(&one, &many);
    free_result(&one);
    free_result(&many);
}
END_TEST

START_TEST(bad_jobs_value_is_a_usage_error)
{
    run_result zero = run_script("\"$CT\" -j 0");
    run_result word = run_script("\"$CT\" --jobs=many");
    assert_status(&zero, 2);
    assert_status(&word, 2);
    ck_assert_contains(zero.err, "clean-text: -j: ");
    free_result(&zero);
    free_result(&word);
}
END_TEST

/* ---- --jsonl ----------------------------------------------------------------- */

/* The JSON string the CLI should write for text that holds no control
 * byte but '\n' and '\t'. */
static char *json_string_of(const char *text)
{
    char *json = malloc(2 * strlen(text) + 3), *p = json;
    ck_assert_ptr_nonnull(json);
    *p++ = '"';
    for (; *text != '\0'; text++) {
        if (*text == '\n' || *text == '\t' || *text == '"' || *text == '\\')
            *p++ = '\\';
        *p++ = *text == '\n' ? 'n' : *text == '\t' ? 't' : *text;
    }
    *p++ = '"';
    *p = '\0';
    return json;
}

/* Each byte JSON cannot hold as it is, at every offset of the eight-byte
 * steps the escaper reads and in the tail after them, among neighbours
 * that stay as they are (ASCII just around the escaped ranges, DEL and
 * bytes of UTF-8 sequences). */
START_TEST(json_escape_finds_each_special_byte_wherever_it_falls)
{
    static const struct {
        char byte;
        const char *escaped;
    } specials[] = {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\x01', "\\u0001"},
                    {'\x1f', "\\u001f"}, {'\0', "\\u0000"}};
    static const char neighbours[] = {' ', '!', '#', '[', ']', '\x7f', '\x80', '\xc3', '\xff'};
    enum { LENGTH = 21 };
    for (size_t s = 0; s < sizeof specials / sizeof *specials; s++) {
        for (size_t n = 0; n < sizeof neighbours; n++) {
            for (size_t at = 0; at < LENGTH; at++) {
                char text[LENGTH], expected[LENGTH + 16];
                memset(text, neighbours[n], LENGTH);
                text[at] = specials[s].byte;
                int length = snprintf(expected, sizeof expected, "\"%.*s%s%.*s\"", (int)at, text,
                                      specials[s].escaped, (int)(LENGTH - at - 1), text + at + 1);
                ck_assert_int_gt(length, 0);
                dynbuf out = {0};
                ck_assert(json_escape_append(&out, text, LENGTH));
                ck_assert_msg(out.length == (size_t)length && memcmp(out.bytes, expected, out.length) == 0,
                              "special %zu among neighbour %zu at %zu", s, n, at);
                dynbuf_free(&out);
            }
        }
    }
}
END_TEST

/* Each kind of escape, hex digits in either case, at every offset of the
 * eight-byte steps the decoder reads and in the tail after them, among
 * neighbours that stay as they are (ASCII and UTF-8 bytes). */
START_TEST(json_unescape_decodes_each_escape_wherever_it_falls)
{
    static const struct {
        const char *escape, *decoded;
    } escapes[] = {{"\\\"", "\""},
                   {"\\\\", "\\"},
                   {"\\/", "/"},
                   {"\\n", "\n"},
                   {"\\b", "\b"},
                   {"\\u0041", "A"},
                   {"\\u00e9", "\xc3\xa9"},
                   {"\\u00E9", "\xc3\xa9"},
                   {"\\u20aC", "\xe2\x82\xac"},
                   {"\\uFfFf", "\xef\xbf\xbf"},
                   {"\\ud83D\\uDE00", "\xf0\x9f\x98\x80"},
                   {"\\uDC00", "\xef\xbf\xbd"}};
    static const char neighbours[] = {' ', 'a', '[', ']', '\xc3', '\xff'};
    enum { LENGTH = 21 };
    for (size_t e = 0; e < sizeof escapes / sizeof *escapes; e++) {
        for (size_t n = 0; n < sizeof neighbours; n++) {
            for (size_t at = 0; at <= LENGTH; at++) {
                char token[LENGTH + 16], expected[LENGTH + 8];
                /* The neighbours around the escape, then the same decoded. */
                size_t escape_length = strlen(escapes[e].escape), decoded_length = strlen(escapes[e].decoded);
                memset(token, neighbours[n], at);
                memcpy(token + at, escapes[e].escape, escape_length);
                memset(token + at + escape_length, neighbours[n], LENGTH - at);
                memset(expected, neighbours[n], LENGTH);
                memmove(expected + at + decoded_length, expected + at, LENGTH - at);
                memcpy(expected + at, escapes[e].decoded, decoded_length);
                dynbuf out = {0};
                ck_assert(json_unescape_append(&out, token, LENGTH + escape_length));
                ck_assert_msg(out.length == LENGTH + decoded_length && memcmp(out.bytes, expected, out.length) == 0,
                              "escape %zu among neighbour %zu at %zu", e, n, at);
                dynbuf_free(&out);
            }
        }
    }
}
END_TEST

/* The record's text holds escapes of every kind: \" , \u00e9 (é), a
 * surrogate pair (U+1F600), \/ and \t; the cleaned text must be the file
 * cleaning of the same decoded bytes, and every other byte unchanged. */
START_TEST(jsonl_splices_the_cleaned_text)
{
    static const char prefix[] =
        "{\"id\": 12345678901234567890, \"title\": \"Caf\\u00e9 \\\"du port\\\"\\n\", "
        "\"nested\": {\"text\": 1}, \"text\" :  \"";
    static const char suffix[] = "\", \"tags\": [\"a\\/b\", -0.5e+10], \"z\": null}\n";
    static const char text_json[] =
        "Home\\nNews\\nSport\\nWeather\\nContact us\\n\\n"
        "Caf\\u00e9 \\\"du port\\\" \\ud83d\\ude00 and\\tmore: " PROSE_1 "\\n\\n" PROSE_2 "\\n";
    static const char text[] = NAVIGATION "\n"
                                          "Caf\xc3\xa9 \"du port\" \xf0\x9f\x98\x80 and\tmore: " PROSE_1
                                          "\n\n" PROSE_2 "\n";
    char record[4096];
    snprintf(record, sizeof record, "%s%s%s", prefix, text_json, suffix);
    write_work_file("in.jsonl", record);
    write_work_file("page.txt", text);

    run_result page = run_script("\"$CT\" page.txt");
    run_result r = run_script("\"$CT\" --jsonl in.jsonl");
    assert_status(&page, 0);
    assert_status(&r, 0);
    ck_assert_contains(page.out, PROSE_1);
    ck_assert(strstr(page.out, "Weather") == NULL);
    char *cleaned = json_string_of(page.out);
    char expected[8192];
    snprintf(expected, sizeof expected, "%.*s%s%s", (int)strlen(prefix) - 1, prefix, cleaned,
             suffix + 1);
    ck_assert_str_eq(r.out, expected);
    free(cleaned);
    free_result(&page);
    free_result(&r);
}
END_TEST

START_TEST(jsonl_lone_surrogates_become_replacement_characters)
{
    write_work_file("in.jsonl",
                    "{\"text\": \"" PROSE_1 " \\ud800 \\udc00 x\\ud83d\\n\\n" PROSE_2 "\"}\n");
    run_result r = run_script("\"$CT\" --jsonl in.jsonl");
    assert_status(&r, 0);
    ck_assert_contains(r.out, " \xef\xbf\xbd \xef\xbf\xbd x\xef\xbf\xbd\\n");
    free_result(&r);
}
END_TEST

START_TEST(jsonl_bad_lines_pass_through)
{
    static const char input[] = "{\"text\": \"unclosed\n"
                                "{\"title\": \"no text here\"}\n"
                                "{\"text\": 42, \"id\": 1}\n"
                                "[\"text\", \"an array\"]\n"
                                "\n"
                                "{\"text\": \"" PAGE_JSON "\"}\n"
                                "{\"text\": \"x\"} trailing\n";
    write_work_file("in.jsonl", input);
    run_result r = run_script("\"$CT\" --jsonl in.jsonl");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: in.jsonl:1: invalid JSON: ");
    ck_assert_contains(r.err, "clean-text: in.jsonl:2: no \"text\" field\n");
    ck_assert_contains(r.err, "clean-text: in.jsonl:3: the \"text\" field is not a string\n");
    ck_assert_contains(r.err, "clean-text: in.jsonl:4: not a JSON object\n");
    ck_assert_contains(r.err, "clean-text: in.jsonl:7: invalid JSON: ");
    ck_assert_msg(strstr(r.err, ":5:") == NULL && strstr(r.err, ":6:") == NULL, "%s", r.err);
    /* Lines 1-5 and 7 as they were; line 6 cleaned, navigation gone. */
    const char *line6 = strstr(input, "{\"text\": \"Home");
    const char *line7 = strstr(input, "{\"text\": \"x\"}");
    ck_assert_int_eq(strncmp(r.out, input, (size_t)(line6 - input)), 0);
    ck_assert_msg(strstr(r.out, line7) != NULL, "line 7 changed: %s", r.out);
    ck_assert(strstr(r.out, "Weather") == NULL);
    ck_assert_contains(r.out, PROSE_2);
    free_result(&r);
}
END_TEST

START_TEST(jsonl_field_names_the_text)
{
    write_work_file("in.jsonl", "{\"text\": \"Weather\", \"body\": \"" PAGE_JSON "\"}");
    static const char prefix[] = "{\"text\": \"Weather\", \"body\": \"";
    run_result r = run_script("\"$CT\" --jsonl --field=body in.jsonl");
    assert_status(&r, 0);
    ck_assert_msg(strncmp(r.out, prefix, strlen(prefix)) == 0 &&
                      strncmp(r.out + strlen(prefix), PROSE_1, 40) == 0,
                  "%s", r.out);
    /* The last line had no '\n': the record gets one. */
    ck_assert_uint_eq(r.out[r.out_length - 1], '\n');
    ck_assert(strstr(r.out, "Contact us") == NULL);
    free_result(&r);
}
END_TEST

START_TEST(jsonl_with_output_dir_is_a_usage_error)
{
    run_result r = run_script("\"$CT\" --jsonl -o out x.jsonl");
    assert_status(&r, 2);
    free_result(&r);
}
END_TEST

/* ---- --stats and --progress --------------------------------------------------- */

START_TEST(stats_give_the_totals)
{
    write_numbered_pages(3);
    run_result r = run_script("\"$CT\" --stats page-*.txt");
    assert_status(&r, 0);
    char expected[256];
    /* Each page: 5 navigation lines and 2 paragraphs, not blank. */
    snprintf(expected, sizeof expected, "clean-text: 3 documents, %zu bytes in, %zu bytes out, ",
             3 * strlen(NAVIGATION "\nPage 0. " PROSE_1 "\n\n" PROSE_2 "\n"), r.out_length);
    ck_assert_contains(r.err, expected);
    ck_assert_contains(r.err, " lines kept, ");
    ck_assert_contains(r.err, " lines dropped, ");
    free_result(&r);
}
END_TEST

START_TEST(stats_count_records)
{
    write_numbered_records("in.jsonl", 34);
    run_result r = run_script("\"$CT\" --jsonl --stats in.jsonl");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: 32 documents, ");
    free_result(&r);
}
END_TEST

START_TEST(progress_leaves_the_output_alone)
{
    write_numbered_pages(4);
    write_numbered_records("in.jsonl", 40);
    run_result plain = run_script("\"$CT\" page-*.txt");
    run_result shown = run_script("\"$CT\" --progress page-*.txt");
    run_result records = run_script("\"$CT\" --progress --jsonl in.jsonl");
    assert_status(&shown, 0);
    assert_same_output(&plain, &shown);
    ck_assert_contains(shown.err, "clean-text: 4 files, ");
    ck_assert_contains(shown.err, " MB/s");
    ck_assert_contains(records.err, "clean-text: 40 records, ");
    free_result(&plain);
    free_result(&shown);
    free_result(&records);
}
END_TEST

START_TEST(fsync_writes_the_same_files)
{
    write_numbered_pages(2);
    run_result r = run_script("\"$CT\" --fsync -o out page-*.txt && \"$CT\" -o plain page-*.txt"
                              " && diff -r out plain");
    assert_status(&r, 0);
    free_result(&r);
}
END_TEST

/* ---- --warc ---------------------------------------------------------------------- */

/* ../shared/wet/NAME beside the source tree, or NULL when it is not there. */
static const char *shared_wet(const char *name)
{
    static char path[PATH_MAX];
    const char *source = getenv("CLEAN_SOURCE_DIR");
    ck_assert_msg(source != NULL, "CLEAN_SOURCE_DIR is not set");
    format_path(path, "%s/../shared/wet/%s", source, name);
    if (access(path, R_OK) == 0)
        return path;
    fprintf(stderr, "check_stream: %s is missing, WARC test skipped\n", path);
    return NULL;
}

typedef struct {
    const char *header; /* through the empty line */
    size_t header_length;
    const char *block;
    size_t block_length;
} warc_record;

/* The record at *at, which then moves past it and its two CRLF. */
static warc_record next_record(const char *bytes, size_t length, size_t *at)
{
    warc_record record = {.header = bytes + *at};
    const char *end = strstr(record.header, "\r\n\r\n");
    ck_assert_ptr_nonnull(end);
    record.header_length = (size_t)(end + 4 - record.header);
    const char *field = strstr(record.header, "Content-Length: ");
    if (field == NULL || field > end) /* as the test's own record spells it */
        field = strstr(record.header, "content-length: ");
    ck_assert_msg(field != NULL && field < end, "no Content-Length");
    record.block_length = strtoul(field + 16, NULL, 10);
    record.block = end + 4;
    *at += record.header_length + record.block_length + 4;
    ck_assert_uint_le(*at, length);
    ck_assert_int_eq(memcmp(bytes + *at - 4, "\r\n\r\n", 4), 0);
    return record;
}

/* "sha1:" and the base32 SHA-1 of the block, as the record should say. */
static void block_digest(const warc_record *record, char out[38])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    struct sha1_ctx ctx;
    uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, record->block_length, (const uint8_t *)record->block);
    sha1_digest(&ctx, sizeof digest, digest);
    strcpy(out, "sha1:");
    for (int bit = 0; bit < 160; bit += 5) {
        int byte = bit / 8, shift = bit % 8;
        unsigned window = (unsigned)digest[byte] << 8 | (byte + 1 < 20 ? digest[byte + 1] : 0);
        out[5 + bit / 5] = alphabet[(window >> (11 - shift)) & 31];
    }
    out[37] = '\0';
}

static void assert_digest(const warc_record *record)
{
    char digest[38], expected[64];
    block_digest(record, digest);
    snprintf(expected, sizeof expected, "WARC-Block-Digest: %s\r\n", digest);
    ck_assert_msg(contains_text(record->header, record->header_length, expected),
                  "%s not in %.*s", expected, (int)record->header_length, record->header);
}

/* Inflate every gzip member; the member count in *members. */
static char *gunzip_members(const char *bytes, size_t length, size_t *out_length,
                            int *members)
{
    size_t capacity = 1 << 20;
    char *out = malloc(capacity + 1); /* and a NUL, for string searches */
    ck_assert_ptr_nonnull(out);
    z_stream stream = {0};
    ck_assert_int_eq(inflateInit2(&stream, 15 + 16), Z_OK);
    stream.next_in = (Bytef *)bytes;
    stream.avail_in = (uInt)length;
    stream.next_out = (Bytef *)out;
    stream.avail_out = (uInt)capacity;
    *members = 0;
    while (stream.avail_in > 0) {
        int status = inflate(&stream, Z_NO_FLUSH);
        ck_assert_msg(status == Z_OK || status == Z_STREAM_END, "inflate: %d", status);
        if (status == Z_STREAM_END) {
            ++*members;
            ck_assert_int_eq(inflateReset(&stream), Z_OK);
        }
        ck_assert_uint_gt(stream.avail_out, 0);
    }
    *out_length = capacity - stream.avail_out;
    out[*out_length] = '\0';
    inflateEnd(&stream);
    return out;
}

/* The input and output of one WARC run, both inflated. */
static void assert_cleaned_wet(const char *in, size_t in_length, const char *out,
                               size_t out_length)
{
    size_t in_at = 0, out_at = 0;
    next_record(in, in_length, &in_at);
    warc_record out_info = next_record(out, out_length, &out_at);
    /* The warcinfo record, byte for byte. */
    ck_assert_uint_eq(out_at, in_at);
    ck_assert_int_eq(memcmp(in, out, in_at), 0);
    ck_assert(contains_text(out_info.header, out_info.header_length, "WARC-Type: warcinfo"));

    warc_record in_page = next_record(in, in_length, &in_at);
    warc_record out_page = next_record(out, out_length, &out_at);
    ck_assert_uint_eq(out_at, out_length);
    ck_assert(contains_text(out_page.header, out_page.header_length, "WARC-Type: conversion"));
    ck_assert(contains_text(out_page.header, out_page.header_length,
                             "WARC-Target-URI: https://an.wikipedia.org/wiki/Escopete\r\n"));
    /* The navigation menus are gone, the article stays. */
    ck_assert(contains_text(in_page.block, in_page.block_length, "Men\xc3\xba principal\n"));
    ck_assert(!contains_text(out_page.block, out_page.block_length, "Men\xc3\xba principal"));
    ck_assert(!contains_text(out_page.block, out_page.block_length, "Zaguers cambeos"));
    ck_assert(contains_text(out_page.block, out_page.block_length,
                             "Escopete ye un municipio d'a provincia de Guadalachara"));
    ck_assert_uint_lt(out_page.block_length, in_page.block_length);
    assert_digest(&out_page);
}

START_TEST(warc_plain_is_cleaned)
{
    const char *path = shared_wet("whirlwind.warc.wet");
    if (path == NULL)
        return;
    size_t in_length;
    char *in = read_file(path, &in_length);
    run_result r = run_script("\"$CT\" --warc '%s'", path);
    assert_status(&r, 0);
    ck_assert_str_eq(r.err, "");
    assert_cleaned_wet(in, in_length, r.out, r.out_length);
    free(in);
    free_result(&r);
}
END_TEST

START_TEST(warc_gzip_is_cleaned_member_by_member)
{
    const char *path = shared_wet("whirlwind.warc.wet.gz");
    if (path == NULL)
        return;
    size_t gz_length, in_length, out_length;
    int in_members, out_members;
    char *gz = read_file(path, &gz_length);
    char *in = gunzip_members(gz, gz_length, &in_length, &in_members);
    /* From a pipe: the gzip is found by its bytes, not by a name. */
    run_result r = run_script("\"$CT\" --warc -j 2 < '%s'", path);
    assert_status(&r, 0);
    char *out = gunzip_members(r.out, r.out_length, &out_length, &out_members);
    ck_assert_int_eq(in_members, 2);
    ck_assert_int_eq(out_members, 2);
    assert_cleaned_wet(in, in_length, out, out_length);
    free(gz);
    free(in);
    free(out);
    free_result(&r);
}
END_TEST

/* A record of our own: no digest to start with, and a resource record
 * after it that must come through untouched. */
START_TEST(warc_digest_is_added_when_missing)
{
    static const char resource[] = "WARC/1.0\r\nWARC-Type: resource\r\n"
                                   "Content-Length: 8\r\n\r\nWeather\n\r\n\r\n";
    char warc[4096];
    int length = snprintf(warc, sizeof warc,
                          "WARC/1.0\r\nWARC-Type: conversion\r\ncontent-length: %zu\r\n\r\n"
                          "%s\r\n\r\n%s",
                          strlen(PAGE), PAGE, resource);
    write_bytes(in_work("own.warc"), warc, (size_t)length);
    run_result r = run_script("\"$CT\" --warc own.warc");
    assert_status(&r, 0);
    size_t at = 0;
    warc_record page = next_record(r.out, r.out_length, &at);
    static const char start[] = "WARC/1.0\r\nWARC-Type: conversion\r\ncontent-length: ";
    ck_assert_msg(strncmp(r.out, start, strlen(start)) == 0, "%s", r.out);
    ck_assert(contains_text(page.block, page.block_length, PROSE_2));
    ck_assert(!contains_text(page.block, page.block_length, "Weather"));
    assert_digest(&page);
    ck_assert_str_eq(r.out + at, resource);
    free_result(&r);
}
END_TEST

START_TEST(warc_bad_record_is_reported)
{
    write_work_file("bad.warc", "WARC/1.0\r\nWARC-Type: resource\r\n\r\nno length\r\n\r\n");
    write_work_file("html.warc", "<html>\r\n\r\n");
    run_result r = run_script("\"$CT\" --warc bad.warc html.warc");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: bad.warc: record 1: no valid Content-Length\n");
    ck_assert_contains(r.err, "clean-text: html.warc: record 1: not a WARC record\n");
    free_result(&r);
}
END_TEST

/* ---- Bounded memory on a long stream ----------------------------------------- */

/* Megabytes of JSON Lines the test streams: $CLEAN_STREAM_MB, or 200. The
 * sanitizers' shadow memory says nothing of clean-text's own, and slows it
 * tenfold: there the stream only has to come through whole. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif
#define STREAM_MB_DEFAULT (SANITIZED ? 4 : 200)
#define PEAK_RSS_LIMIT_KB (64 * 1024)

/* Record number id; the length it has, as snprintf tells. */
static int format_record(char *buffer, size_t size, unsigned long id)
{
    static const char text[] = PAGE_JSON PAGE_JSON PAGE_JSON PAGE_JSON;
    return snprintf(buffer, size, "{\"id\": %lu, \"text\": \"%lu. %s\"}\n", id, id, text);
}

/* Records up to megabytes of them; the number of records written. */
static size_t write_records(FILE *out, size_t megabytes)
{
    char record[8192];
    size_t written = 0, id = 0;
    for (; written < megabytes * 1000000; id++) {
        int length = format_record(record, sizeof record, id);
        if (out != NULL && fwrite(record, 1, (size_t)length, out) != (size_t)length)
            _exit(1);
        written += (size_t)length;
    }
    return id;
}

static _Noreturn void generate_records(int fd, size_t megabytes)
{
    FILE *out = fdopen(fd, "w");
    if (out == NULL)
        _exit(1);
    write_records(out, megabytes);
    _exit(fclose(out) == 0 ? 0 : 1);
}

static size_t stream_megabytes(void)
{
    const char *value = getenv("CLEAN_STREAM_MB");
    return value != NULL ? strtoul(value, NULL, 10) : STREAM_MB_DEFAULT;
}

/* Count the lines clean-text writes, until it closes its output. */
static size_t count_lines(int fd)
{
    char buffer[1 << 16];
    size_t lines = 0;
    ssize_t got;
    while ((got = read(fd, buffer, sizeof buffer)) > 0)
        for (char *p = buffer; (p = memchr(p, '\n', (size_t)(buffer + got - p))) != NULL; p++)
            lines++;
    return lines;
}

START_TEST(long_stream_keeps_memory_bounded)
{
    size_t megabytes = stream_megabytes();
    int to_clean[2], from_clean[2];
    ck_assert_int_eq(pipe(to_clean), 0);
    ck_assert_int_eq(pipe(from_clean), 0);
    pid_t generator = fork();
    ck_assert_int_ge(generator, 0);
    if (generator == 0) {
        close(to_clean[0]);
        close(from_clean[0]);
        close(from_clean[1]);
        generate_records(to_clean[1], megabytes);
    }
    pid_t cleaner = fork();
    ck_assert_int_ge(cleaner, 0);
    if (cleaner == 0) {
        if (dup2(to_clean[0], STDIN_FILENO) < 0 || dup2(from_clean[1], STDOUT_FILENO) < 0)
            _exit(126);
        close(to_clean[0]);
        close(to_clean[1]);
        close(from_clean[0]);
        close(from_clean[1]);
        execl(clean_text_path(), "clean-text", "--jsonl", "-j", "2", (char *)NULL);
        _exit(127);
    }
    close(to_clean[0]);
    close(to_clean[1]);
    close(from_clean[1]);
    size_t lines = count_lines(from_clean[0]);
    close(from_clean[0]);
    ck_assert_int_eq(wait_exit_status(generator), 0);
    ck_assert_int_eq(wait_exit_status(cleaner), 0);
    ck_assert_uint_eq(lines, write_records(NULL, megabytes)); /* counted, not written */

    struct rusage usage;
    ck_assert_int_eq(getrusage(RUSAGE_CHILDREN, &usage), 0);
    fprintf(stderr, "check_stream: %zu MB of JSON Lines, peak RSS %ld KB\n", megabytes,
            usage.ru_maxrss);
    if (!SANITIZED)
        ck_assert_int_lt(usage.ru_maxrss, PEAK_RSS_LIMIT_KB);
}
END_TEST

Suite *stream_suite(void)
{
    Suite *suite = suite_create("stream");
    TCase *tc = tcase_create("batch and stream");
    tcase_add_unchecked_fixture(tc, make_stream_base_dir, remove_base_dir);
    tcase_add_checked_fixture(tc, make_test_dirs, NULL);
    tcase_add_test(tc, files0_from_takes_any_name);
    tcase_add_test(tc, files0_from_stdin_matches_operands);
    tcase_add_test(tc, files0_from_empty_name_fails_alone);
    tcase_add_test(tc, files0_from_with_operands_is_a_usage_error);
    tcase_add_test(tc, jobs_keep_the_file_order);
    tcase_add_test(tc, jobs_write_the_same_files);
    tcase_add_test(tc, jobs_keep_the_record_order);
    tcase_add_test(tc, gnu_parallel_pipe_gives_the_same_records);
    tcase_add_test(tc, bad_jobs_value_is_a_usage_error);
    tcase_add_test(tc, json_escape_finds_each_special_byte_wherever_it_falls);
    tcase_add_test(tc, json_unescape_decodes_each_escape_wherever_it_falls);
    tcase_add_test(tc, jsonl_splices_the_cleaned_text);
    tcase_add_test(tc, jsonl_lone_surrogates_become_replacement_characters);
    tcase_add_test(tc, jsonl_bad_lines_pass_through);
    tcase_add_test(tc, jsonl_field_names_the_text);
    tcase_add_test(tc, jsonl_with_output_dir_is_a_usage_error);
    tcase_add_test(tc, stats_give_the_totals);
    tcase_add_test(tc, stats_count_records);
    tcase_add_test(tc, progress_leaves_the_output_alone);
    tcase_add_test(tc, fsync_writes_the_same_files);
    tcase_add_test(tc, warc_plain_is_cleaned);
    tcase_add_test(tc, warc_gzip_is_cleaned_member_by_member);
    tcase_add_test(tc, warc_digest_is_added_when_missing);
    tcase_add_test(tc, warc_bad_record_is_reported);
    suite_add_tcase(suite, tc);

    /* Its own case: minutes of time allowed for a long stream. */
    TCase *memory = tcase_create("bounded memory");
    tcase_set_timeout(memory, 600);
    tcase_add_test(memory, long_stream_keeps_memory_bounded);
    suite_add_tcase(suite, memory);
    return suite;
}
