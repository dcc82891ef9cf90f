/*
 * --jsonl: one JSON object a line; the string in its text field is cleaned
 * and spliced back into the line's original bytes, so that every other
 * byte (key order, numbers of any size, escapes) is exactly as it came.
 *
 * yajl validates each line and tells, through the bytes it has consumed
 * when the key is reported, where the field's value starts; nothing
 * converts the rest of the record. Lines are read one at a time into the
 * job slots (see workers.c), so memory does not grow with the stream.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

typedef struct {
    record_job common; /* output: out when spliced, else line */
    dynbuf line;       /* the record as read, always ending in '\n' */
    dynbuf text;       /* the field's string, decoded */
    dynbuf out;        /* the record with the cleaned string spliced in */
} jsonl_job;

typedef struct {
    record_stream stream;
    FILE *input; /* NULL between two inputs */
    /* run_jsonl_file: its one input (NULL once opened) and name; else
     * given_name is NULL and the inputs come from settings->names. */
    FILE *given;
    const char *given_name;
    size_t line_number;
    char *read_buffer; /* READ_BUFFER bytes for each input opened here but
                        * stdin; NULL: stdio's own */
} jsonl_run;

/* stdio reads 4 KiB a call by default: a system call per few records. */
#define READ_BUFFER (1 << 20)

/* ---- Where the field's value is ---------------------------------------- */

typedef struct {
    yajl_handle handle;
    const char *field;
    size_t field_length;
    int depth;
    size_t value_search_from; /* just past the field's key; 0: not seen */
} field_finder;

static int enter_container(void *ctx)
{
    ((field_finder *)ctx)->depth++;
    return 1;
}

static int leave_container(void *ctx)
{
    ((field_finder *)ctx)->depth--;
    return 1;
}

/* Only keys of the top-level object count. A repeated key: the last one
 * wins, as it does for most JSON readers. */
static int on_map_key(void *ctx, const unsigned char *key, size_t length)
{
    field_finder *finder = ctx;
    if (finder->depth == 1 && length == finder->field_length &&
        memcmp(key, finder->field, length) == 0)
        finder->value_search_from = yajl_get_bytes_consumed(finder->handle);
    return 1;
}

/* No string or number callbacks: yajl then neither decodes strings nor
 * converts numbers, so big integers are no error and validation is all
 * it does besides reporting structure. */
static const yajl_callbacks finder_callbacks = {
    .yajl_start_map = enter_container,
    .yajl_end_map = leave_container,
    .yajl_start_array = enter_container,
    .yajl_end_array = leave_container,
    .yajl_map_key = on_map_key,
};

/* Why the line passes through unchanged, for its message. */
__attribute__((format(printf, 2, 3))) static void set_problem(jsonl_job *job,
                                                              const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    job->common.problem.length = 0;
    if (length < 0 || !dynbuf_reserve(&job->common.problem, (size_t)length + 1)) {
        dynbuf_set_string(&job->common.problem, strerror(ENOMEM));
        return;
    }
    va_start(args, format);
    vsnprintf(job->common.problem.bytes, (size_t)length + 1, format, args);
    va_end(args);
    job->common.problem.length = (size_t)length;
}

/* yajl's short message ("parse error: premature EOF"), without its '\n'. */
static void set_parse_problem(jsonl_job *job, yajl_handle handle)
{
    unsigned char *message = yajl_get_error(handle, 0, NULL, 0);
    char *text = (char *)message;
    text[strcspn(text, "\n")] = '\0';
    set_problem(job, "invalid JSON: %s", text);
    yajl_free_error(handle, message);
}

/* Parse the line; on success, the offset just past the field's key (0 when
 * the object has no such key). False, with the problem set, otherwise. */
static bool parse_record(const char *field, jsonl_job *job, size_t length,
                         size_t *value_search_from)
{
    field_finder finder = {.field = field, .field_length = strlen(field)};
    yajl_handle handle = yajl_alloc(&finder_callbacks, NULL, &finder);
    if (handle == NULL) {
        set_problem(job, "%s", strerror(ENOMEM));
        return false;
    }
    finder.handle = handle;
    const unsigned char *bytes = (const unsigned char *)job->line.bytes;
    bool ok = yajl_parse(handle, bytes, length) == yajl_status_ok &&
              yajl_complete_parse(handle) == yajl_status_ok;
    if (!ok)
        set_parse_problem(job, handle);
    yajl_free(handle);
    *value_search_from = finder.value_search_from;
    return ok;
}

static size_t skip_json_space(const char *bytes, size_t i)
{
    while (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')
        i++;
    return i;
}

/* Find the field's string token: [*start, *end) with its quotes. */
static bool locate_field(const char *field, jsonl_job *job, size_t *start, size_t *end)
{
    const char *bytes = job->line.bytes;
    size_t length = job->line.length - 1; /* without the '\n' */
    size_t value_search_from = 0;
    if (!parse_record(field, job, length, &value_search_from))
        return false;
    if (bytes[skip_json_space(bytes, 0)] != '{') {
        set_problem(job, "not a JSON object");
        return false;
    }
    if (value_search_from == 0) {
        set_problem(job, "no \"%s\" field", field);
        return false;
    }
    /* Past the key come white space, ':', white space, then the value. */
    size_t i = skip_json_space(bytes, value_search_from);
    i = skip_json_space(bytes, i + 1);
    if (bytes[i] != '"') {
        set_problem(job, "the \"%s\" field is not a string", field);
        return false;
    }
    *start = i;
    /* The token is valid: it ends at the first quote after an even run of
     * backslashes (the opening quote ends any run). */
    const char *quote = bytes + i + 1;
    for (;;) {
        quote = memchr(quote, '"', (size_t)(bytes + length - quote));
        size_t backslashes = 0;
        while (quote[-1 - (ptrdiff_t)backslashes] == '\\')
            backslashes++;
        if (backslashes % 2 == 0)
            break;
        quote++;
    }
    *end = (size_t)(quote - bytes) + 1;
    return true;
}

/* ---- Cleaning one record ----------------------------------------------- */

static bool splice(jsonl_job *job, size_t start, size_t end, const clean_result *result)
{
    job->out.length = 0;
    return dynbuf_append(&job->out, job->line.bytes, start) &&
           json_escape_append(&job->out, clean_result_text(result),
                              clean_result_text_length(result)) &&
           dynbuf_append(&job->out, job->line.bytes + end, job->line.length - end);
}

static bool clean_record(const stream_settings *settings, jsonl_job *job, size_t start,
                         size_t end)
{
    job->text.length = 0;
    if (!json_unescape_append(&job->text, job->line.bytes + start + 1, end - start - 2)) {
        set_problem(job, "%s", strerror(ENOMEM));
        return false;
    }
    clean_result *result = NULL;
    clean_error code =
        clean_clean(settings->cleaner, job->text.bytes, job->text.length, 0, &result);
    bool ok = code == CLEAN_OK && splice(job, start, end, result);
    if (!ok)
        set_problem(job, "%s",
                    clean_error_string(code != CLEAN_OK ? code : CLEAN_ERROR_OUT_OF_MEMORY));
    else if (settings->meter->stats)
        meter_count_lines(job->text.bytes, job->text.length, clean_result_text(result),
                          clean_result_text_length(result), &job->common.counts);
    clean_result_free(result);
    return ok;
}

static bool is_blank_line(const dynbuf *line)
{
    return skip_json_space(line->bytes, 0) == line->length;
}

static void jsonl_process(void *ctx, void *slot)
{
    const jsonl_run *run = ctx;
    jsonl_job *job = slot;
    job->common.problem.length = 0;
    job->common.output = &job->line;
    /* Blank lines are no records: passed through, not reported. */
    if (is_blank_line(&job->line))
        return;
    size_t start, end;
    if (locate_field(run->stream.settings->field, job, &start, &end) &&
        clean_record(run->stream.settings, job, start, end)) {
        job->common.output = &job->out;
        job->common.counts.documents = 1;
    }
}

/* ---- Reading and writing, on the calling thread ------------------------- */

/* Before the first read of an input this run opened (main gives stdin
 * its buffer). */
static void use_read_buffer(jsonl_run *run)
{
    if (run->input == stdin)
        return;
    if (run->read_buffer == NULL)
        run->read_buffer = malloc(READ_BUFFER);
    if (run->read_buffer != NULL)
        setvbuf(run->input, run->read_buffer, _IOFBF, READ_BUFFER);
}

static bool open_next_input(jsonl_run *run)
{
    if (run->given_name != NULL) {
        if (run->given == NULL)
            return false;
        run->input = run->given;
        run->given = NULL;
        if (dynbuf_set_string(&run->stream.input_name, run->given_name)) {
            run->line_number = 0;
            return true;
        }
        report(input_label(run->given_name), strerror(ENOMEM));
        run->stream.failed = true;
        run->input = NULL;
        return false;
    }
    const char *name;
    input_names *names = run->stream.settings->names;
    while ((name = input_names_next(names, &run->stream.failed)) != NULL) {
        run->input = is_stdin_name(name) ? stdin : fopen(name, "re");
        if (run->input != NULL && dynbuf_set_string(&run->stream.input_name, name)) {
            use_read_buffer(run);
            run->line_number = 0;
            return true;
        }
        report(input_label(name), strerror(run->input != NULL ? ENOMEM : errno));
        run->stream.failed = true;
        if (run->input != NULL && run->input != stdin)
            fclose(run->input);
        run->input = NULL;
    }
    return false;
}

static void close_input(jsonl_run *run)
{
    if (ferror(run->input)) {
        report(input_label(run->stream.input_name.bytes), strerror(errno));
        run->stream.failed = true;
    }
    if (run->input != stdin && run->given_name == NULL) /* the caller's */
        fclose(run->input);
    run->input = NULL;
}

/* getline into the job's own buffer: it keeps its size for the next line. */
static bool read_line(jsonl_run *run, jsonl_job *job)
{
    ssize_t got = getline(&job->line.bytes, &job->line.capacity, run->input);
    if (got < 0)
        return false;
    job->line.length = (size_t)got;
    job->common.counts = (meter_counts){.bytes_in = (uint64_t)got};
    /* A last line without its '\n' gets one: records stay one a line when
     * inputs are concatenated. getline left room for its NUL there. */
    if (job->line.bytes[got - 1] != '\n')
        job->line.bytes[job->line.length++] = '\n';
    job->common.number = ++run->line_number;
    return true;
}

static bool jsonl_read(void *ctx, void *slot)
{
    jsonl_run *run = ctx;
    jsonl_job *job = slot;
    for (;;) {
        if (run->input == NULL && !open_next_input(run))
            return false;
        if (read_line(run, job)) {
            if (dynbuf_set_string(&job->common.name, run->stream.input_name.bytes))
                return true;
            report_problem(strerror(ENOMEM));
            run->stream.failed = true;
            return false;
        }
        close_input(run);
    }
}

static bool jsonl_write(void *ctx, void *slot)
{
    jsonl_run *run = ctx;
    jsonl_job *job = slot;
    return write_record_job(&run->stream, &job->common);
}

static void jsonl_release(void *slot)
{
    jsonl_job *job = slot;
    release_record_job(&job->common);
    dynbuf_free(&job->line);
    dynbuf_free(&job->text);
    dynbuf_free(&job->out);
}

static const pipeline jsonl_steps = {sizeof(jsonl_job), jsonl_read,    jsonl_process,
                                     jsonl_write,       jsonl_release, RECORD_SLOTS_PER_THREAD};

/* Left open when the output failed before the input ended. */
static void close_open_input(void *ctx)
{
    jsonl_run *run = ctx;
    if (run->input != NULL)
        close_input(run);
}

int run_jsonl(const stream_settings *settings)
{
    jsonl_run run = {
        .stream = {.settings = settings, .output = stdout, .number_label = ":"}};
    int status = run_record_stream(&run.stream, &jsonl_steps, &run, close_open_input);
    free(run.read_buffer); /* after its input's fclose */
    return status;
}

int run_jsonl_file(const stream_settings *settings, FILE *input, const char *name,
                   FILE *output)
{
    jsonl_run run = {
        .stream = {.settings = settings, .output = output, .number_label = ":"},
        .given = input,
        .given_name = name};
    return run_record_stream(&run.stream, &jsonl_steps, &run, close_open_input);
}
