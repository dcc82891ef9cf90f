/* What the fuzz targets of clean-text's readers (fuzz_jsonl.c,
 * fuzz_warc.c) share. Each target is one source file, so the helpers are
 * defined here, static, rather than in a library of their own. */
#ifndef FUZZ_CLI_H
#define FUZZ_CLI_H

#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

/* Abort, which the fuzzer reports as a crash, when a promise is broken. */
static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "broken promise: %s\n", what);
        abort();
    }
}

/* One cleaner with the default options, built on the first run and kept
 * for the rest (building it costs more than most runs). */
static const clean_cleaner *the_cleaner(void)
{
    static clean_cleaner *cleaner;
    if (cleaner == NULL) {
        clean_options *o = clean_options_new();
        check(o != NULL, "options");
        check(clean_cleaner_new(o, &cleaner) == CLEAN_OK && cleaner != NULL, "cleaner");
        clean_options_free(o);
    }
    return cleaner;
}

#endif /* FUZZ_CLI_H */
