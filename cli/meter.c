/*
 * --progress and --stats. The progress line is redrawn in place on a
 * terminal and printed as plain lines elsewhere (a log file), at most once
 * a second either way, so that it costs nothing next to the cleaning.
 */
#include "cli.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_INTERVAL 1.0 /* seconds between two progress lines */
#define MEGABYTE 1e6

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void meter_start(meter *m, bool progress, bool stats, const char *unit,
                 uint64_t total_in)
{
    *m = (meter){.progress = progress, .stats = stats, .unit = unit,
                 .total_in = total_in, .on_terminal = isatty(fileno(stderr))};
    m->started = m->last_shown = now();
}

static void show_progress(meter *m, double at)
{
    double elapsed = at - m->started;
    double megabytes = (double)m->totals.bytes_in / MEGABYTE;
    double rate = elapsed > 0 ? megabytes / elapsed : 0;
    /* "\r" and clear to the end of the line: the next one replaces it. */
    fprintf(stderr, "%s%s: %" PRIu64 " %s, %.1f MB, %.1f MB/s", m->on_terminal ? "\r" : "",
            PROGRAM_NAME, m->units, m->unit, megabytes, rate);
    if (m->total_in > 0 && rate > 0 && m->totals.bytes_in <= m->total_in) {
        double remaining = (double)(m->total_in - m->totals.bytes_in) / MEGABYTE / rate;
        unsigned long seconds = (unsigned long)(remaining + 0.5);
        fprintf(stderr, ", ETA %lu:%02lu:%02lu", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
    }
    fputs(m->on_terminal ? "\033[K" : "\n", stderr);
    m->last_shown = at;
}

void meter_add(meter *m, const meter_counts *counts)
{
    m->units++;
    m->totals.documents += counts->documents;
    m->totals.bytes_in += counts->bytes_in;
    m->totals.bytes_out += counts->bytes_out;
    m->totals.lines_kept += counts->lines_kept;
    m->totals.lines_dropped += counts->lines_dropped;
    if (m->progress) {
        double at = now();
        if (at - m->last_shown >= PROGRESS_INTERVAL)
            show_progress(m, at);
    }
}

void meter_finish(meter *m)
{
    double at = now();
    if (m->progress) {
        show_progress(m, at);
        if (m->on_terminal)
            fputc('\n', stderr);
    }
    if (m->stats)
        fprintf(stderr,
                "%s: %" PRIu64 " documents, %" PRIu64 " bytes in, %" PRIu64
                " bytes out, %" PRIu64 " lines kept, %" PRIu64 " lines dropped, %.3f s\n",
                PROGRAM_NAME, m->totals.documents, m->totals.bytes_in, m->totals.bytes_out,
                m->totals.lines_kept, m->totals.lines_dropped, at - m->started);
}

/* ASCII white space only: cheap, and what the dumps' blank lines hold. */
static bool is_blank(const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (strchr(" \t\r\v\f", line[i]) == NULL || line[i] == '\0')
            return false;
    return true;
}

static uint64_t count_non_blank_lines(const char *text, size_t length)
{
    uint64_t count = 0;
    if (length == 0) /* text may be NULL then (--jsonl's empty string) */
        return 0;
    const char *end = text + length;
    while (text < end) {
        const char *newline = memchr(text, '\n', (size_t)(end - text));
        const char *line_end = newline != NULL ? newline : end;
        count += !is_blank(text, (size_t)(line_end - text));
        text = line_end + (newline != NULL);
    }
    return count;
}

void meter_count_lines(const char *input, size_t input_length, const char *output,
                       size_t output_length, meter_counts *counts)
{
    uint64_t lines_in = count_non_blank_lines(input, input_length);
    uint64_t kept = count_non_blank_lines(output, output_length);
    counts->lines_kept = kept;
    counts->lines_dropped = lines_in > kept ? lines_in - kept : 0;
}
