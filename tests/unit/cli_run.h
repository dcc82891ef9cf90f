/* Running clean-text as a real process, for the suites that do so
 * (check_cli.c, check_stream.c): a temp folder per suite and one per
 * test, files in the test's work folder, and a child's exit status and
 * captured output.
 *
 * $CLEAN_TEXT names the built binary. The suite's folder is made and
 * removed once, by the parent (an unchecked fixture), so that it goes
 * whatever the tests did; each test gets its own folder in it (a checked
 * fixture), holding the captures and work/, the child's current folder. */
#ifndef CLI_RUN_H
#define CLI_RUN_H

#include <check.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

/* ---- Folders and files ---------------------------------------------------- */

/* The suite's folder under $TMPDIR (or /tmp): name_prefix-XXXXXX. */
void make_base_dir(const char *name_prefix);
void remove_base_dir(void);
/* The test's folder and its work/, empty. */
void make_test_dirs(void);

/* snprintf into a PATH_MAX buffer, failing the test rather than
 * truncating a path. */
__attribute__((format(printf, 2, 3))) void format_path(char *dest, const char *format, ...);

/* path inside the test's work folder; the result lives until the eighth
 * call after, enough for the few paths one test needs. */
const char *in_work(const char *name);
void write_bytes(const char *path, const char *bytes, size_t length);
void write_work_file(const char *name, const char *text);
/* The whole file, NUL-terminated for string checks; NULL if it cannot be
 * read. */
char *read_file(const char *path, size_t *length);
bool contains_bytes(const char *haystack, size_t haystack_length, const char *needle,
                    size_t needle_length);

/* ---- Running a process ---------------------------------------------------- */

typedef struct {
    int status; /* exit status, or 128 + the signal that ended it */
    char *out;  /* captured stdout, NUL-terminated */
    size_t out_length;
    char *err; /* captured stderr */
} run_result;

typedef struct {
    const char *cwd;         /* NULL: the work folder */
    const char *stdin_path;  /* NULL: /dev/null */
    const char *stdout_path; /* NULL: captured */
} run_setup;

/* $CLEAN_TEXT, made absolute: the child runs in another folder. */
const char *clean_text_path(void);
/* Wait for the child: its exit status, or 128 + the signal that ended it. */
int wait_exit_status(pid_t pid);
/* argv[0] (a path) with argv under setup, SIGPIPE at its default. */
run_result run_argv(const run_setup *setup, char *const argv[]);
void free_result(run_result *result);

#define ck_assert_contains(haystack, needle)                                       \
    ck_assert_msg(strstr((haystack), (needle)) != NULL, "'%s' not found in '%s'", \
                  (needle), (haystack))

void assert_status(const run_result *result, int status);

#endif /* CLI_RUN_H */
