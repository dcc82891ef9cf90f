/* The parts of --jsonl and --warc that do not depend on the format: the
 * write step and the run around the pipeline (see cli.h). */
#include "cli.h"

#include <inttypes.h>

void report_record_problem(record_stream *stream, const char *input_name, uint64_t number,
                           const char *problem)
{
    fprintf(stderr, "%s: %s%s%" PRIu64 ": %s\n", PROGRAM_NAME, input_label(input_name),
            stream->number_label, number, problem);
    stream->failed = true;
}

bool write_record_job(record_stream *stream, record_job *job)
{
    if (stream->stdout_failed)
        return false;
    if (job->problem.length > 0)
        report_record_problem(stream, job->name.bytes, job->number, job->problem.bytes);
    if (job->output != NULL) {
        if (!put_record(stream->output, job->output->bytes, job->output->length)) {
            stream->stdout_failed = true;
            return false;
        }
        job->counts.bytes_out = job->output->length;
    }
    meter_add(stream->settings->meter, &job->counts);
    return true;
}

void release_record_job(record_job *job)
{
    dynbuf_free(&job->name);
    dynbuf_free(&job->problem);
}

int run_record_stream(record_stream *stream, const pipeline *steps, void *run,
                      void (*close_open_input)(void *run))
{
    if (!run_pipeline(steps, run, stream->settings->threads))
        stream->failed = true;
    close_open_input(run);
    dynbuf_free(&stream->input_name);
    return stream_exit_status(stream->output, stream->failed, stream->stdout_failed);
}
