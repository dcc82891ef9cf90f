/*
 * Declarations shared by the files of clean-text: reporting, growable
 * buffers, the input name list, the ordered worker pipeline, the progress
 * and statistics meter, and the two record formats (JSON Lines, WARC).
 *
 * Everything here is command-line plumbing: reading, writing, threads and
 * messages. Every cleaning decision is libclean's.
 */
#ifndef CLEAN_TEXT_CLI_H
#define CLEAN_TEXT_CLI_H

#include <clean.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRAM_NAME "clean-text"

/* ---- Reporting (report.c) ---------------------------------------------- */

/* "clean-text: SUBJECT: problem" on stderr, one line. */
void report(const char *subject, const char *problem);
/* "clean-text: problem". */
void report_problem(const char *problem);
bool is_stdin_name(const char *name);
/* "stdin" for "-", else the name. */
const char *input_label(const char *name);
/* Flush stdout; false (reported unless the reader left) if it failed. */
bool flush_stdout(void);
/* The same for any output ("output" in the message when not stdout). */
bool flush_output(FILE *out);

/* ---- Growable byte buffers (dynbuf.c) ---------------------------------- */

typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
} dynbuf;

/* Room for `extra` more bytes after length; false when out of memory
 * (the buffer is left as it was). */
bool dynbuf_reserve(dynbuf *buf, size_t extra);
bool dynbuf_append(dynbuf *buf, const void *bytes, size_t length);
/* Replace the contents with the string s; a NUL follows it, outside the
 * length, so that bytes can be used as a C string. */
bool dynbuf_set_string(dynbuf *buf, const char *s);
void dynbuf_free(dynbuf *buf);

/* ---- Input names: operands or --files0-from (inputs.c) ------------------ */

typedef struct {
    char *const *operands; /* used when list is NULL */
    size_t operand_count;
    size_t next_operand;
    FILE *list; /* the --files0-from list, NUL-separated */
    const char *list_name;
    size_t list_entry; /* 1-based number of the last entry read */
    char *entry;
    size_t entry_capacity;
} input_names;

/* From the operands (none: standard input), or from the NUL-separated
 * list in files0_from when it is not NULL ("-": standard input). False,
 * reported, when the list cannot be opened. */
bool input_names_open(input_names *names, const char *files0_from,
                      char *const *operands, size_t operand_count);
/* The next name, valid until the next call; NULL at the end. A bad list
 * entry (empty name, "-" in a list read from stdin, a read error) is
 * reported and sets *failed. */
const char *input_names_next(input_names *names, bool *failed);
void input_names_close(input_names *names);
/* Total size of the inputs when every one of them is a regular file and
 * the names are known up front (operands); 0 when it cannot be known. */
uint64_t input_names_total_size(const input_names *names);

/* ---- Ordered worker pipeline (workers.c) ------------------------------- */

/* Jobs are slots of job_size bytes, zeroed once and then reused, so that
 * a job's buffers grow to the largest input and are not reallocated for
 * every record. read and write run on the calling thread, in input order;
 * process runs on a worker thread (or inline with one thread). */
typedef struct {
    size_t job_size;
    /* Fill the job with the next input; false at the end of the input. */
    bool (*read)(void *ctx, void *job);
    /* The expensive part; must touch nothing but the job and read-only
     * state in ctx. */
    void (*process)(void *ctx, void *job);
    /* Emit the job's output; false stops reading (jobs in flight are still
     * passed to write, to release what they hold). */
    bool (*write)(void *ctx, void *job);
    /* Free a slot's buffers at the end. */
    void (*release)(void *job);
    /* Jobs in flight per worker: a bound on memory (a slot keeps the
     * largest input it held), and room for pages of uneven cost, after a
     * slow one at the head, to keep the workers busy. */
    size_t slots_per_thread;
} pipeline;

/* Run the pipeline with `threads` workers; at most slots_per_thread ×
 * threads jobs are in flight. False, reported, when the slots cannot be
 * allocated. */
bool run_pipeline(const pipeline *steps, void *ctx, unsigned threads);

/* ---- Progress line and statistics (meter.c) ----------------------------- */

/* What one document contributed, gathered by the worker that cleaned it. */
typedef struct {
    uint64_t documents;
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t lines_kept;
    uint64_t lines_dropped;
} meter_counts;

typedef struct {
    bool progress;     /* show the progress line */
    bool stats;        /* print the totals at the end */
    bool on_terminal;  /* rewrite the progress line in place */
    const char *unit;  /* "files" or "records" */
    uint64_t units;    /* inputs (files) or records seen */
    uint64_t total_in; /* expected input bytes, 0 when unknown */
    meter_counts totals;
    double started;
    double last_shown;
} meter;

void meter_start(meter *m, bool progress, bool stats, const char *unit,
                 uint64_t total_in);
/* Add one unit's counts; shows the progress line at most once a second. */
void meter_add(meter *m, const meter_counts *counts);
/* The last progress line and the statistics, as asked for. */
void meter_finish(meter *m);
/* Lines kept and dropped for a page: non-blank lines of the input against
 * the (non-empty) lines of the cleaned text; blank lines are neither. */
void meter_count_lines(const char *input, size_t input_length, const char *output,
                       size_t output_length, meter_counts *counts);

/* ---- Record streams (jsonl.c, warc.c) ----------------------------------- */

typedef struct {
    const clean_cleaner *cleaner;
    input_names *names;
    meter *meter;
    unsigned threads;
    const char *field; /* --jsonl: the text field's name */
} stream_settings;

/* Clean a stream of JSON Lines or of WARC records to stdout; the exit
 * status (0, or 1 when a record, an input or the output failed). */
int run_jsonl(const stream_settings *settings);
int run_warc(const stream_settings *settings);

/* The same on one input that is already open instead of settings->names
 * (unused), the records written to output: what the fuzz targets drive
 * with a buffer in memory (fmemopen, memfd_create). The input is named
 * `name` in messages; the caller keeps it (run_warc_fd reads a duplicate
 * of fd, from its current offset) and the output, which is flushed. */
int run_jsonl_file(const stream_settings *settings, FILE *input, const char *name,
                   FILE *output);
int run_warc_fd(const stream_settings *settings, int fd, const char *name, FILE *output);

/* Write a record to out; false when the output failed (reported, unless
 * the reader left). */
bool put_record(FILE *out, const char *bytes, size_t length);
/* The end of a stream: out flushed; 1 when anything failed. */
int stream_exit_status(FILE *out, bool failed, bool output_failed);

/* ---- What the two record formats run alike (record_stream.c) ------------- */

/* Records are small next to whole files, and pages vary in cost: with a
 * ring of two slots per worker, workers done with the jobs after a slow
 * head one wait for it (at -j 2 on the dev stream, 8 slots a worker make a
 * third of the futex calls of 2). */
#define RECORD_SLOTS_PER_THREAD 8

/* The state of a run that does not depend on the format: jsonl.c's and
 * warc.c's runs hold it as their member `stream`. */
typedef struct {
    const stream_settings *settings;
    dynbuf input_name; /* the input being read */
    FILE *output;      /* stdout, or the one given to run_jsonl_file, run_warc_fd */
    /* Before a job's number in its messages: ":" for a line, ": record "
     * for a record. */
    const char *number_label;
    bool failed;
    bool stdout_failed;
} record_stream;

/* What the write step takes from a job: jsonl.c's and warc.c's jobs hold
 * it as their member `common`. */
typedef struct {
    dynbuf name;          /* its input, for messages */
    uint64_t number;      /* of its line or record in that input, from 1 */
    dynbuf problem;       /* why it failed or passes through; empty if nothing */
    const dynbuf *output; /* what to write; NULL: nothing */
    meter_counts counts;
} record_job;

/* "clean-text: INPUT<number_label>NUMBER: problem" on stderr; the run
 * fails. */
void report_record_problem(record_stream *stream, const char *input_name, uint64_t number,
                           const char *problem);
/* The write step, in input order: the job's problem reported, its output
 * written and its counts metered. False once the output has failed, which
 * stops the reading. */
bool write_record_job(record_stream *stream, record_job *job);
void release_record_job(record_job *job);
/* Run steps on run (whose member `stream` is stream) to the end of the
 * inputs or of the output; close_open_input(run) then closes the input
 * that a failed output left open, if any. The exit status. */
int run_record_stream(record_stream *stream, const pipeline *steps, void *run,
                      void (*close_open_input)(void *run));

/* ---- JSON strings (json_string.c) ---------------------------------------- */

/* Append the bytes that the JSON string token's contents (the text between
 * the quotes, already validated by the parser) stand for: escapes decoded,
 * \uXXXX as UTF-8, surrogate pairs joined, a lone surrogate as U+FFFD. */
bool json_unescape_append(dynbuf *out, const char *token, size_t length);
/* Append text as a JSON string token, quotes included. The text must be
 * valid UTF-8 (it is: it was decoded from a validated JSON string). */
bool json_escape_append(dynbuf *out, const char *text, size_t length);

/* ---- WARC helpers (digest.c, gzip.c) ------------------------------------ */

#define SHA1_BASE32_SIZE 33 /* 32 base32 digits and a NUL */

/* The SHA-1 of bytes in base32, as WARC-Block-Digest has it after "sha1:". */
void sha1_base32(const char *bytes, size_t length, char out[SHA1_BASE32_SIZE]);
/* Append bytes compressed as one complete gzip member; false when out of
 * memory. */
bool gzip_member_append(dynbuf *out, const char *bytes, size_t length);

/* ---- Durability (durable.c) ------------------------------------------------ */

/* fsync the folder that holds path, so that a rename into it survives a
 * power loss; false with errno set. */
bool sync_parent_dir(const char *path);

#endif /* CLEAN_TEXT_CLI_H */
