/* What --jsonl and --warc share: records go to the output (stdout), in
 * order, through stdio's buffer (a flush per record would cost a system
 * call each). */
#include "cli.h"

bool put_record(FILE *out, const char *bytes, size_t length)
{
    if (fwrite(bytes, 1, length, out) == length)
        return true;
    flush_output(out); /* reports the failure, unless the reader left */
    return false;
}

int stream_exit_status(FILE *out, bool failed, bool output_failed)
{
    if (!output_failed && !flush_output(out))
        output_failed = true;
    return failed || output_failed ? 1 : 0;
}
