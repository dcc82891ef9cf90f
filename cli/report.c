/* Messages and the flush of an output: shared by clean-text's main and the
 * record readers (and so by the fuzz targets that drive the readers). */
#include "cli.h"

#include <errno.h>
#include <string.h>

/* Every message is one line: "clean-text: SUBJECT: problem", or
 * "clean-text: problem" when it concerns no file or option. */
void report(const char *subject, const char *problem)
{
    fprintf(stderr, "%s: %s: %s\n", PROGRAM_NAME, subject, problem);
}

void report_problem(const char *problem)
{
    fprintf(stderr, "%s: %s\n", PROGRAM_NAME, problem);
}

bool is_stdin_name(const char *name)
{
    return strcmp(name, "-") == 0;
}

/* How messages name an input: standard input reads better as "stdin",
 * the way a failed write names "stdout". */
const char *input_label(const char *name)
{
    return is_stdin_name(name) ? "stdin" : name;
}

/* Flushing after each input both keeps outputs in input order with the
 * messages and catches a full disk or a closed pipe at once. A reader
 * that closed the pipe wants no more output: with SIGPIPE at its default
 * the write already ended us, as it ends cat; when the parent ignores
 * SIGPIPE the write fails with EPIPE and we stop just as quietly. */
bool flush_output(FILE *out)
{
    if (fflush(out) == 0 && !ferror(out))
        return true;
    if (errno != EPIPE)
        report(out == stdout ? "stdout" : "output", strerror(errno));
    return false;
}

bool flush_stdout(void)
{
    return flush_output(stdout);
}
