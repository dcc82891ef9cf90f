/* libFuzzer target: clean-text's --warc reader (cli/warc.c, cli/gzip.c,
 * cli/digest.c), the whole input one WARC file, plain or gzipped, handed
 * over through a memfd (zlib reads a descriptor), the records written to a
 * memory stream; one thread, statistics on.
 *
 * What is checked, aborting when broken:
 *   - the status is 0 or 1;
 *   - what a run that succeeded writes is WARC again: read back, it gives
 *     status 0 too (new Content-Length and digest, gzip members whole). */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz_cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* One descriptor for every run, refilled: the reader reads a duplicate. */
static int input_fd(const void *bytes, size_t length)
{
    static int fd = -1;
    if (fd < 0)
        fd = memfd_create("fuzz-warc", MFD_CLOEXEC);
    check(fd >= 0, "memfd_create");
    check(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "memfd reset");
    for (size_t done = 0; done < length;) {
        ssize_t wrote = write(fd, (const char *)bytes + done, length - done);
        check(wrote > 0, "memfd write");
        done += (size_t)wrote;
    }
    check(lseek(fd, 0, SEEK_SET) == 0, "memfd rewind");
    return fd;
}

/* Run the reader on bytes; its status, the records in *out (malloc'd). */
static int run(const void *bytes, size_t length, char **out, size_t *out_length)
{
    FILE *output = open_memstream(out, out_length);
    check(output != NULL, "open_memstream");
    meter m;
    meter_start(&m, false, true, "records", 0);
    stream_settings settings = {.cleaner = the_cleaner(), .meter = &m, .threads = 1};
    int status = run_warc_fd(&settings, input_fd(bytes, length), "fuzz.warc", output);
    check(fclose(output) == 0, "output closed");
    check(status == 0 || status == 1, "status 0 or 1");
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL, *again = NULL;
    size_t out_length = 0, again_length = 0;
    if (run(data, size, &out, &out_length) == 0)
        check(run(out, out_length, &again, &again_length) == 0, "the output reads back");
    free(out);
    free(again);
    return 0;
}
