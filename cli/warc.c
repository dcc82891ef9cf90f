/*
 * --warc: WARC records in, WARC records out. A conversion record (the text
 * of a page, as in Common Crawl's WET files) gets its block cleaned, a new
 * Content-Length and a new WARC-Block-Digest; every other record is
 * written byte for byte. Inputs may be plain or gzipped (zlib tells by the
 * magic bytes, and reads the one-member-per-record files as one stream);
 * the records of a gzipped input are written as one gzip member each.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

/* A header bigger than this is no WARC header: the input is something
 * else, and reading on would only fill memory. */
#define MAX_HEADER_LENGTH ((size_t)1 << 20)
#define RECORD_TRAILER "\r\n\r\n"
#define RECORD_TRAILER_LENGTH 4
#define INFLATE_BUFFER_SIZE (128u * 1024)
#define LINE_ROOM ((size_t)4096) /* header bytes read at once */
#define READ_STEP ((size_t)1 << 20) /* block bytes read (and room made) at once */

typedef struct {
    record_job common; /* output: record, out or gz */
    dynbuf record;     /* as read (inflated): header, block, trailer */
    size_t header_length; /* through the empty line */
    size_t block_length;
    bool compress; /* the input was gzipped: write a gzip member */
    dynbuf out; /* a rewritten conversion record */
    dynbuf gz;  /* the record to write, compressed */
} warc_job;

typedef struct {
    record_stream stream;
    gzFile input; /* NULL between two inputs */
    /* run_warc_fd: its one input (-1 once opened) and name; else
     * given_name is NULL and the inputs come from settings->names. */
    int given_fd;
    const char *given_name;
    bool compressed;
    uint64_t record_number;
} warc_run;

/* ---- Header fields -------------------------------------------------------- */

/* Does the header line start with the field NAME (any case) and a ':'? */
static bool is_field(const char *line, size_t length, const char *name)
{
    size_t name_length = strlen(name);
    return length > name_length && line[name_length] == ':' &&
           strncasecmp(line, name, name_length) == 0;
}

static size_t line_length_at(const char *bytes, size_t from, size_t end)
{
    const char *newline = memchr(bytes + from, '\n', end - from);
    return newline != NULL ? (size_t)(newline - (bytes + from)) + 1 : end - from;
}

/* The value of field NAME in the header, spaces and line end trimmed. */
static bool find_field(const warc_job *job, const char *name, const char **value,
                       size_t *value_length)
{
    const char *header = job->record.bytes;
    for (size_t at = 0, length; at < job->header_length; at += length) {
        length = line_length_at(header, at, job->header_length);
        if (!is_field(header + at, length, name))
            continue;
        const char *start = header + at + strlen(name) + 1;
        const char *end = header + at + length;
        while (start < end && (*start == ' ' || *start == '\t'))
            start++;
        while (end > start && strchr(" \t\r\n", end[-1]) != NULL)
            end--;
        *value = start;
        *value_length = (size_t)(end - start);
        return true;
    }
    return false;
}

static bool parse_length(const char *digits, size_t count, size_t *length)
{
    size_t value = 0;
    for (size_t i = 0; i < count; i++) {
        if (digits[i] < '0' || digits[i] > '9' || value > (SIZE_MAX - 9) / 10)
            return false;
        value = value * 10 + (size_t)(digits[i] - '0');
    }
    *length = value;
    return count > 0;
}

static bool is_conversion(const warc_job *job)
{
    const char *type;
    size_t length;
    return find_field(job, "WARC-Type", &type, &length) &&
           length == strlen("conversion") && memcmp(type, "conversion", length) == 0;
}

/* ---- Rewriting a conversion record --------------------------------------- */

/* "Name: value" and the line's own ending, the name spelled as it was. */
static bool append_field(dynbuf *out, const char *line, size_t line_length,
                         const char *name, const char *value)
{
    bool crlf = line_length >= 2 && line[line_length - 2] == '\r';
    return dynbuf_append(out, line, strlen(name) + 1) && dynbuf_append(out, " ", 1) &&
           dynbuf_append(out, value, strlen(value)) &&
           dynbuf_append(out, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
}

/* The header with the new length and digests; a digest the record did not
 * have is added before the empty line that ends the header. */
static bool rewrite_header(warc_job *job, size_t text_length, const char *digest)
{
    char length_value[24];
    snprintf(length_value, sizeof length_value, "%zu", text_length);
    const char *header = job->record.bytes;
    bool has_block_digest = false, ok = true;
    for (size_t at = 0, length; ok && at < job->header_length; at += length) {
        const char *line = header + at;
        length = line_length_at(header, at, job->header_length);
        if (is_field(line, length, "Content-Length")) {
            ok = append_field(&job->out, line, length, "Content-Length", length_value);
        } else if (is_field(line, length, "WARC-Block-Digest")) {
            has_block_digest = true;
            ok = append_field(&job->out, line, length, "WARC-Block-Digest", digest);
        } else if (is_field(line, length, "WARC-Payload-Digest")) {
            /* The payload of a text conversion is its whole block. */
            ok = append_field(&job->out, line, length, "WARC-Payload-Digest", digest);
        } else {
            /* The empty line: a missing digest goes just before it, in a
             * line made as if the record had had one. */
            if (at + length == job->header_length && !has_block_digest)
                ok = append_field(&job->out, "WARC-Block-Digest:\r\n", 20,
                                  "WARC-Block-Digest", digest);
            ok = ok && dynbuf_append(&job->out, line, length);
        }
    }
    return ok;
}

static bool rewrite_conversion(const clean_result *result, warc_job *job)
{
    const char *text = clean_result_text(result);
    size_t length = clean_result_text_length(result);
    char digest[5 + SHA1_BASE32_SIZE] = "sha1:";
    sha1_base32(text, length, digest + 5);
    job->out.length = 0;
    return rewrite_header(job, length, digest) && dynbuf_append(&job->out, text, length) &&
           dynbuf_append(&job->out, RECORD_TRAILER, RECORD_TRAILER_LENGTH);
}

static void clean_conversion(const stream_settings *settings, warc_job *job)
{
    const char *block = job->record.bytes + job->header_length;
    clean_result *result = NULL;
    clean_error code = clean_clean(settings->cleaner, block, job->block_length, 0, &result);
    if (code == CLEAN_OK && rewrite_conversion(result, job)) {
        job->common.output = &job->out;
        job->common.counts.documents = 1;
        if (settings->meter->stats)
            meter_count_lines(block, job->block_length, clean_result_text(result),
                              clean_result_text_length(result), &job->common.counts);
    } else {
        /* The record goes out as it came, and the run fails. */
        code = code != CLEAN_OK ? code : CLEAN_ERROR_OUT_OF_MEMORY;
        dynbuf_set_string(&job->common.problem, clean_error_string(code));
    }
    clean_result_free(result);
}

static void warc_process(void *ctx, void *slot)
{
    const warc_run *run = ctx;
    warc_job *job = slot;
    job->common.problem.length = 0;
    job->common.output = &job->record;
    if (is_conversion(job))
        clean_conversion(run->stream.settings, job);
    if (job->compress) {
        const dynbuf *plain = job->common.output;
        job->gz.length = 0;
        bool compressed = gzip_member_append(&job->gz, plain->bytes, plain->length);
        job->common.output = compressed ? &job->gz : NULL;
        if (!compressed)
            dynbuf_set_string(&job->common.problem, strerror(ENOMEM));
    }
}

/* ---- Reading records, on the calling thread ------------------------------- */

/* Why reading stopped inside a record. zlib's own messages name the file
 * as "<fd:N>", so its codes are put in words here. */
static const char *read_problem(gzFile input)
{
    int code = Z_OK;
    gzerror(input, &code);
    switch (code) {
    case Z_ERRNO:
        return strerror(errno);
    case Z_MEM_ERROR:
        return strerror(ENOMEM);
    case Z_DATA_ERROR:
        return "damaged gzip data";
    default: /* Z_OK at a plain end, Z_BUF_ERROR inside a gzip member */
        return "truncated record";
    }
}

/* Append one line, through its '\n'. 1: a line; 0: the end of the input
 * before any byte; -1: a read error or an end inside the line.
 *
 * gzgets ends what it read with a NUL, and the line may hold NULs of its
 * own (strlen would drop what follows them, and see nothing at all when
 * the line starts with one): the room is filled with '\n' first, so that
 * gzgets' NUL is the last one in it. The room is kept small, as it is
 * filled for every line while the buffer may be a large record's. */
static int read_line(gzFile input, dynbuf *buf)
{
    size_t start = buf->length;
    for (;;) {
        if (!dynbuf_reserve(buf, LINE_ROOM))
            return -1;
        char *at = buf->bytes + buf->length;
        memset(at, '\n', LINE_ROOM);
        if (gzgets(input, at, (int)LINE_ROOM) == NULL)
            return buf->length == start && gzeof(input) ? 0 : -1;
        size_t got = LINE_ROOM - 1;
        while (got > 0 && at[got] != '\0')
            got--;
        buf->length += got;
        if (buf->length > start && buf->bytes[buf->length - 1] == '\n')
            return 1;
        if (buf->length - start > MAX_HEADER_LENGTH)
            return -1;
    }
}

/* Append exactly length bytes; NULL or the problem. The room grows with
 * what arrives, READ_STEP at a time (the buffer doubling), not with what
 * the header claims: a truncated or damaged input may announce any
 * Content-Length, and 70 bytes must not ask for 100 GB. */
static const char *read_exactly(gzFile input, dynbuf *buf, size_t length)
{
    while (length > 0) {
        size_t step = length < READ_STEP ? length : READ_STEP;
        if (!dynbuf_reserve(buf, step))
            return strerror(ENOMEM);
        int got = gzread(input, buf->bytes + buf->length, (unsigned)step);
        if (got <= 0)
            return read_problem(input);
        buf->length += (size_t)got;
        length -= (size_t)got;
    }
    return NULL;
}

static bool is_empty_line(const char *line, size_t length)
{
    return (length == 1 && line[0] == '\n') || (length == 2 && memcmp(line, "\r\n", 2) == 0);
}

static const char *line_problem(gzFile input, const warc_job *job)
{
    return job->record.length > MAX_HEADER_LENGTH ? "header too long" : read_problem(input);
}

/* The header lines after the first, through the empty line. */
static const char *read_header_rest(gzFile input, warc_job *job)
{
    if (strncmp(job->record.bytes, "WARC/", 5) != 0)
        return "not a WARC record";
    for (;;) {
        size_t line_start = job->record.length;
        if (read_line(input, &job->record) <= 0)
            return line_problem(input, job);
        if (is_empty_line(job->record.bytes + line_start, job->record.length - line_start))
            break;
        if (job->record.length > MAX_HEADER_LENGTH)
            return "header too long";
    }
    job->header_length = job->record.length;
    return NULL;
}

/* The rest of the record after its header: block and trailer. */
static const char *read_block(gzFile input, warc_job *job)
{
    const char *value;
    size_t value_length;
    if (!find_field(job, "Content-Length", &value, &value_length) ||
        !parse_length(value, value_length, &job->block_length))
        return "no valid Content-Length";
    if (job->block_length > SIZE_MAX - RECORD_TRAILER_LENGTH - job->record.length)
        return "Content-Length too large";
    const char *problem =
        read_exactly(input, &job->record, job->block_length + RECORD_TRAILER_LENGTH);
    if (problem != NULL)
        return problem;
    const char *trailer = job->record.bytes + job->record.length - RECORD_TRAILER_LENGTH;
    if (memcmp(trailer, RECORD_TRAILER, RECORD_TRAILER_LENGTH) != 0)
        return "block not followed by two CRLF";
    return NULL;
}

/* 1: a record read; 0: the input ended; -1: a bad record, *problem says
 * why. */
static int read_record(gzFile input, warc_job *job, const char **problem)
{
    job->record.length = 0;
    int status = read_line(input, &job->record);
    if (status == 0)
        return 0;
    *problem = status < 0 ? line_problem(input, job) : read_header_rest(input, job);
    if (*problem == NULL)
        *problem = read_block(input, job);
    return *problem == NULL ? 1 : -1;
}

/* The next input's name, or NULL at the end. */
static const char *next_input_name(warc_run *run)
{
    if (run->given_name == NULL)
        return input_names_next(run->stream.settings->names, &run->stream.failed);
    if (run->given_fd < 0)
        return NULL;
    return run->given_name;
}

static bool open_next_input(warc_run *run)
{
    const char *name;
    while ((name = next_input_name(run)) != NULL) {
        /* gzclose closes the descriptor: standard input (and the caller's
         * descriptor) is read through a duplicate of it. */
        int fd = run->given_name != NULL ? dup(run->given_fd)
                 : is_stdin_name(name)   ? dup(STDIN_FILENO)
                                         : open(name, O_RDONLY | O_CLOEXEC);
        run->given_fd = -1;
        run->input = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (run->input != NULL && dynbuf_set_string(&run->stream.input_name, name)) {
            gzbuffer(run->input, INFLATE_BUFFER_SIZE);
            /* Reads the first bytes: gzip's magic, or a plain file. */
            run->compressed = !gzdirect(run->input);
            run->record_number = 0;
            return true;
        }
        report(input_label(name), strerror(fd < 0 ? errno : ENOMEM));
        run->stream.failed = true;
        if (run->input != NULL)
            gzclose(run->input);
        else if (fd >= 0)
            close(fd);
        run->input = NULL;
    }
    return false;
}

static void close_input(warc_run *run)
{
    gzclose(run->input);
    run->input = NULL;
}

static bool warc_read(void *ctx, void *slot)
{
    warc_run *run = ctx;
    warc_job *job = slot;
    for (;;) {
        if (run->input == NULL && !open_next_input(run))
            return false;
        z_off_t before = gzoffset(run->input);
        const char *problem = NULL;
        int status = read_record(run->input, job, &problem);
        if (status > 0 &&
            dynbuf_set_string(&job->common.name, run->stream.input_name.bytes)) {
            job->common.number = ++run->record_number;
            job->compress = run->compressed;
            /* Bytes as stored, so that progress matches the files' sizes;
             * a pipe has no offset, and counts the inflated bytes. */
            z_off_t after = gzoffset(run->input);
            uint64_t bytes_in = run->compressed && before >= 0 && after >= before
                                    ? (uint64_t)(after - before)
                                    : job->record.length;
            job->common.counts = (meter_counts){.bytes_in = bytes_in};
            return true;
        }
        if (status != 0)
            report_record_problem(&run->stream, run->stream.input_name.bytes,
                                  run->record_number + 1,
                                  problem != NULL ? problem : strerror(ENOMEM));
        close_input(run);
    }
}

/* ---- Writing, in input order ----------------------------------------------- */

static bool warc_write(void *ctx, void *slot)
{
    warc_run *run = ctx;
    warc_job *job = slot;
    return write_record_job(&run->stream, &job->common);
}

static void warc_release(void *slot)
{
    warc_job *job = slot;
    release_record_job(&job->common);
    dynbuf_free(&job->record);
    dynbuf_free(&job->out);
    dynbuf_free(&job->gz);
}

static const pipeline warc_steps = {sizeof(warc_job), warc_read,    warc_process,
                                    warc_write,       warc_release, RECORD_SLOTS_PER_THREAD};

/* Left open when the output failed before the input ended. */
static void close_open_input(void *ctx)
{
    warc_run *run = ctx;
    if (run->input != NULL)
        close_input(run);
}

int run_warc(const stream_settings *settings)
{
    warc_run run = {
        .stream = {.settings = settings, .output = stdout, .number_label = ": record "},
        .given_fd = -1};
    return run_record_stream(&run.stream, &warc_steps, &run, close_open_input);
}

int run_warc_fd(const stream_settings *settings, int fd, const char *name, FILE *output)
{
    warc_run run = {
        .stream = {.settings = settings, .output = output, .number_label = ": record "},
        .given_fd = fd,
        .given_name = name};
    return run_record_stream(&run.stream, &warc_steps, &run, close_open_input);
}
