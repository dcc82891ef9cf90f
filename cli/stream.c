/* What --jsonl and --warc share: records go to stdout, in order, through
 * stdio's buffer (a flush per record would cost a system call each). */
#include "cli.h"

bool put_record(const char *bytes, size_t length)
{
    if (fwrite(bytes, 1, length, stdout) == length)
        return true;
    flush_stdout(); /* reports the failure, unless the reader left */
    return false;
}

int stream_exit_status(bool failed, bool stdout_failed)
{
    if (!stdout_failed && !flush_stdout())
        stdout_failed = true;
    return failed || stdout_failed ? 1 : 0;
}
