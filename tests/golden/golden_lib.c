/* Golden test of the library: clean every SAMPLES_DIR/NAME.txt that has a
 * GOLDEN_DIR/NAME.txt with default options through the public API and
 * compare the text byte for byte.
 *
 *   golden_lib SAMPLES_DIR GOLDEN_DIR
 *
 * Prints one line per case and a final "N passed, N failed"; exits non-zero
 * when a case fails or when there is no case at all. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    char *data = malloc(cap);
    while (data) {
        if (len == cap) {
            char *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                free(data);
                data = NULL;
            }
            break;
        }
    }
    fclose(f);
    *length = len;
    return data;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Line (1-based) and column (1-based) of byte offset `at` in text. */
static void position(const char *text, size_t at, size_t *line, size_t *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            ++*line;
            *column = 1;
        } else {
            ++*column;
        }
    }
}

/* 0 on a match; otherwise prints why on one line and returns 1. */
static int run_case(const clean_cleaner *cleaner, const char *name,
                    const char *sample_path, const char *golden_path)
{
    size_t in_len = 0, want_len = 0;
    char *input = read_file(sample_path, &in_len);
    if (!input) {
        printf("FAIL %s: cannot read %s: %s\n", name, sample_path, strerror(errno));
        return 1;
    }
    char *want = read_file(golden_path, &want_len);
    if (!want) {
        printf("FAIL %s: cannot read %s: %s\n", name, golden_path, strerror(errno));
        free(input);
        return 1;
    }

    int failed = 1;
    clean_result *result = NULL;
    clean_error err = clean_clean(cleaner, input, in_len, 0, &result);
    if (err != CLEAN_OK) {
        printf("FAIL %s: clean_clean: %s\n", name, clean_error_string(err));
    } else {
        const char *got = clean_result_text(result);
        size_t got_len = clean_result_text_length(result);
        size_t common = got_len < want_len ? got_len : want_len;
        size_t at = 0;
        while (at < common && got[at] == want[at])
            at++;
        if (at == common && got_len == want_len) {
            printf("ok   %s (%zu -> %zu bytes, language \"%s\")\n", name, in_len,
                   got_len, clean_result_language(result));
            failed = 0;
        } else {
            size_t line, column;
            position(want, at, &line, &column);
            printf("FAIL %s: output differs from the expected text at byte %zu "
                   "(line %zu, column %zu); got %zu bytes, expected %zu\n",
                   name, at, line, column, got_len, want_len);
        }
    }
    clean_result_free(result);
    free(want);
    free(input);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SAMPLES_DIR GOLDEN_DIR\n", argv[0]);
        return 2;
    }
    const char *samples_dir = argv[1], *golden_dir = argv[2];

    /* Sample names (NAME.txt) in a stable order. */
    DIR *dir = opendir(samples_dir);
    if (!dir) {
        fprintf(stderr, "cannot open %s: %s\n", samples_dir, strerror(errno));
        return 2;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n <= 4 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char **bigger = realloc(names, cap * sizeof *names);
            if (!bigger) {
                fputs("out of memory\n", stderr);
                return 2;
            }
            names = bigger;
        }
        names[count] = malloc(n + 1);
        if (!names[count]) {
            fputs("out of memory\n", stderr);
            return 2;
        }
        memcpy(names[count++], e->d_name, n + 1);
    }
    closedir(dir);
    if (count)
        qsort(names, count, sizeof *names, by_name);

    clean_options *opts = clean_options_new();
    clean_cleaner *cleaner = NULL;
    if (!opts) {
        fputs("clean_options_new: out of memory\n", stderr);
        return 2;
    }
    clean_error err = clean_cleaner_new(opts, &cleaner);
    if (err != CLEAN_OK) {
        fprintf(stderr, "clean_cleaner_new: %s: %s\n", clean_error_string(err),
                clean_options_error(opts));
        clean_options_free(opts);
        return 2;
    }

    int passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        char *sample = join(samples_dir, names[i]);
        char *golden = join(golden_dir, names[i]);
        if (!sample || !golden) {
            fputs("out of memory\n", stderr);
            return 2;
        }
        FILE *probe = fopen(golden, "rb");
        if (probe) {
            fclose(probe);
            char *name = names[i];
            name[strlen(name) - 4] = '\0';
            if (run_case(cleaner, name, sample, golden))
                failed++;
            else
                passed++;
        }
        free(sample);
        free(golden);
        free(names[i]);
    }
    free(names);
    clean_cleaner_free(cleaner);
    clean_options_free(opts);

    if (passed + failed == 0)
        printf("no case: no sample in %s has an expected output in %s\n",
               samples_dir, golden_dir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed || passed + failed == 0 ? 1 : 0;
}
