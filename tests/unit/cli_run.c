/* Running clean-text as a real process: see cli_run.h. */
#define _XOPEN_SOURCE 700

#include "cli_run.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* One suite runs at a time: the suites share these. */
static char base_dir[PATH_MAX]; /* made and removed once, by the parent */
static char test_dir[PATH_MAX]; /* one per test: captures and work/ */
static char work_dir[PATH_MAX]; /* the child's current directory */

/* ---- Folders and files ---------------------------------------------------- */

void format_path(char *dest, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(dest, PATH_MAX, format, args);
    va_end(args);
    ck_assert_msg(length >= 0 && length < PATH_MAX, "path too long");
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void make_base_dir(const char *name_prefix)
{
    const char *tmp = getenv("TMPDIR");
    format_path(base_dir, "%s/%s-XXXXXX", tmp != NULL ? tmp : "/tmp", name_prefix);
    ck_assert_ptr_nonnull(mkdtemp(base_dir));
}

void remove_base_dir(void)
{
    nftw(base_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void make_test_dirs(void)
{
    format_path(test_dir, "%s/test-XXXXXX", base_dir);
    ck_assert_ptr_nonnull(mkdtemp(test_dir));
    format_path(work_dir, "%s/work", test_dir);
    ck_assert_int_eq(mkdir(work_dir, 0755), 0);
}

const char *in_work(const char *name)
{
    static char slots[8][PATH_MAX];
    static unsigned next;
    char *path = slots[next++ % 8];
    format_path(path, "%s/%s", work_dir, name);
    return path;
}

void write_bytes(const char *path, const char *bytes, size_t length)
{
    FILE *file = fopen(path, "wb");
    ck_assert_msg(file != NULL, "cannot create %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(bytes, 1, length, file), length);
    ck_assert_int_eq(fclose(file), 0);
}

void write_work_file(const char *name, const char *text)
{
    write_bytes(in_work(name), text, strlen(text));
}

char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    size_t capacity = 1 << 16, used = 0;
    char *bytes = malloc(capacity);
    ck_assert_ptr_nonnull(bytes);
    size_t got;
    while ((got = fread(bytes + used, 1, capacity - used - 1, file)) > 0) {
        used += got;
        if (capacity - used == 1) {
            char *grown = realloc(bytes, capacity *= 2);
            ck_assert_ptr_nonnull(grown);
            bytes = grown;
        }
    }
    fclose(file);
    bytes[used] = '\0';
    if (length != NULL)
        *length = used;
    return bytes;
}

bool contains_bytes(const char *haystack, size_t haystack_length, const char *needle,
                    size_t needle_length)
{
    for (size_t i = 0; i + needle_length <= haystack_length; i++)
        if (memcmp(haystack + i, needle, needle_length) == 0)
            return true;
    return false;
}

/* ---- Running a process ---------------------------------------------------- */

const char *clean_text_path(void)
{
    static char resolved[PATH_MAX];
    const char *path = getenv("CLEAN_TEXT");
    ck_assert_msg(path != NULL && *path != '\0', "CLEAN_TEXT is not set");
    ck_assert_msg(realpath(path, resolved) != NULL, "CLEAN_TEXT=%s: %s", path,
                  strerror(errno));
    return resolved;
}

int wait_exit_status(pid_t pid)
{
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void redirect(const char *path, int flags, int target)
{
    int fd = open(path, flags, 0644);
    if (fd < 0 || dup2(fd, target) < 0)
        _exit(126);
    close(fd);
}

static _Noreturn void exec_child(const run_setup *setup, const char *out_path,
                                 const char *err_path, char *const argv[])
{
    if (chdir(setup->cwd != NULL ? setup->cwd : work_dir) != 0)
        _exit(126);
    redirect(setup->stdin_path != NULL ? setup->stdin_path : "/dev/null", O_RDONLY,
             STDIN_FILENO);
    redirect(out_path, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
    redirect(err_path, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
    /* The default disposition, whatever the runner set: a closed pipe must
     * behave as it does from a shell. */
    signal(SIGPIPE, SIG_DFL);
    execv(argv[0], argv);
    _exit(127);
}

run_result run_argv(const run_setup *setup, char *const argv[])
{
    static unsigned run_count;
    char out_path[PATH_MAX], err_path[PATH_MAX];
    unsigned run = run_count++;
    format_path(out_path, "%s/run-%u.out", test_dir, run);
    format_path(err_path, "%s/run-%u.err", test_dir, run);
    const char *stdout_path = setup->stdout_path != NULL ? setup->stdout_path : out_path;

    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        exec_child(setup, stdout_path, err_path, argv);

    run_result result = {.status = wait_exit_status(pid)};
    result.out = read_file(out_path, &result.out_length);
    if (result.out == NULL && setup->stdout_path != NULL)
        result.out = calloc(1, 1); /* stdout went elsewhere */
    result.err = read_file(err_path, NULL);
    ck_assert_ptr_nonnull(result.out);
    ck_assert_ptr_nonnull(result.err);
    return result;
}

void free_result(run_result *result)
{
    free(result->out);
    free(result->err);
}

void assert_status(const run_result *result, int status)
{
    ck_assert_msg(result->status == status, "exit status %d, expected %d; stderr: %s",
                  result->status, status, result->err);
}
