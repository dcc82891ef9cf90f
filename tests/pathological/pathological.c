/* Pathological inputs for clean-text: each is generated on the fly into a
 * scratch folder, cleaned under a time limit, and checked for its exit
 * status, its output's sanity and (optionally) its peak memory, which
 * must stay linear in the input.
 *
 *   pathological --clean-text PATH [--scale F] [--timeout SECONDS]
 *                [--seconds-per-mb F] [--check-memory] [--valgrind]
 *                [--only NAME]
 *
 * --scale shrinks every input (1 is full size: 100 MB lines, a million
 * lines; the sanitizer and Valgrind runs use a small fraction). A run
 * must end within --timeout and within 2 s plus --seconds-per-mb for
 * each MB of input: a rate, so that a quadratic case fails at any scale.
 * --valgrind runs clean-text under memcheck, whose errors and leaks
 * then fail the case (exit status 99).
 * Each built-in rule's own worst lines are rules_worst_case.c's. */
#define _GNU_SOURCE /* wait4 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MB ((size_t)1000 * 1000)

static struct {
    const char *clean_text;
    double scale;
    double timeout;
    double seconds_per_mb;
    bool check_memory;
    bool valgrind;
    const char *only;
    char work[4096];
} cfg = {NULL, 1.0, 60.0, 1.0, false, false, NULL, ""};

static int failures;

static void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "FAIL %s: ", name);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    failures++;
}

static size_t scaled(size_t n)
{
    size_t s = (size_t)((double)n * cfg.scale);
    return s ? s : 1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- writing inputs ------------------------------------------------------ */

static void repeat(FILE *f, const char *unit, size_t unit_length, size_t total)
{
    char buf[65536];
    size_t fill = 0;
    while (fill + unit_length <= sizeof buf && fill < total) {
        memcpy(buf + fill, unit, unit_length);
        fill += unit_length;
    }
    fill -= fill % unit_length;
    for (size_t written = 0; written < total;) {
        size_t n = total - written < fill ? total - written : fill;
        fwrite(buf, 1, n, f);
        written += n;
    }
}

static void repeat_str(FILE *f, const char *unit, size_t total)
{
    repeat(f, unit, strlen(unit), total);
}

static void lines_of(FILE *f, const char *line, size_t count)
{
    repeat_str(f, line, strlen(line) * count);
}

/* Pseudo-random bytes: deterministic, so that a failure reproduces. */
static void noise(FILE *f, size_t n)
{
    unsigned long x = 88172645463325252UL;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        fputc((int)(x & 0xff), f);
    }
}

static const char prose[] =
    "The council met on Tuesday to discuss the new library, which opened after three years of work and now lends "
    "books, records and films to everyone who lives in the district.\n";

/* ---- running clean-text ------------------------------------------------- */

typedef struct run {
    int status;     /* exit status, or 128 + signal */
    bool timed_out;
    double seconds;
    long max_rss_kb;
    size_t out_bytes;
    char err[512];  /* the start of stderr */
} run;

static void read_start(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static bool run_clean_text(const char *input, const char *const *options, run *r)
{
    char out[4200], err[4200];
    snprintf(out, sizeof out, "%s/out", cfg.work);
    snprintf(err, sizeof err, "%s/err", cfg.work);
    static const char *const memcheck[] = {"valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                                           "--errors-for-leak-kinds=definite,indirect"};
    const char *argv[24];
    size_t argc = 0;
    for (size_t i = 0; cfg.valgrind && i < sizeof memcheck / sizeof memcheck[0]; i++)
        argv[argc++] = memcheck[i];
    argv[argc++] = cfg.clean_text;
    for (; options && *options && argc < 22; options++)
        argv[argc++] = *options;
    argv[argc++] = input;
    argv[argc] = NULL;
    fflush(NULL);
    double start = now();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        if (!freopen("/dev/null", "rb", stdin) || !freopen(out, "wb", stdout) || !freopen(err, "wb", stderr))
            _exit(126);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    *r = (run){0};
    int status = 0;
    struct rusage usage;
    for (;;) {
        pid_t got = wait4(pid, &status, WNOHANG, &usage);
        if (got == pid)
            break;
        if (got < 0 && errno != EINTR)
            return false;
        if (now() - start > cfg.timeout && !r->timed_out) {
            r->timed_out = true;
            kill(pid, SIGKILL);
        }
        struct timespec pause = {0, 5 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    r->seconds = now() - start;
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->max_rss_kb = usage.ru_maxrss;
    struct stat st;
    r->out_bytes = stat(out, &st) == 0 ? (size_t)st.st_size : 0;
    read_start(err, r->err, sizeof r->err);
    return true;
}

/* ---- checking the output -------------------------------------------------- */

/* The output is lines, each ended by '\n', never two blank ones in a row
 * and none blank at the start. */
static const char *output_problem(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/out", cfg.work);
    FILE *f = fopen(path, "rb");
    if (!f)
        return "no output file";
    int c, prev = '\n', prev2 = 'x';
    bool any = false;
    const char *problem = NULL;
    while ((c = getc(f)) != EOF && !problem) {
        if (c == '\n' && prev == '\n' && (prev2 == '\n' || !any))
            problem = "blank line at the start or two in a row";
        prev2 = prev;
        prev = c;
        any = true;
    }
    fclose(f);
    if (!problem && any && prev != '\n')
        problem = "does not end in a newline";
    return problem;
}

typedef enum { EXPECT_CLEANED, EXPECT_EMPTY, EXPECT_BINARY, EXPECT_INVALID } expectation;

typedef struct hostile {
    const char *name;
    void (*generate)(FILE *f);
    const char *options[4];
    expectation expect;
    double out_factor; /* output bytes at most this times the input's */
} hostile;

/* Clean input and check the run; false when it failed. */
static bool check_case(const char *name, const char *input, const char *const *options, expectation expect,
                       double out_factor, size_t lines)
{
    int before = failures;
    struct stat st;
    if (stat(input, &st) != 0) {
        fail(name, "input not written");
        return false;
    }
    size_t in_bytes = (size_t)st.st_size;
    run r;
    if (!run_clean_text(input, options, &r)) {
        fail(name, "cannot run %s", cfg.clean_text);
        return false;
    }
    printf("%-34s %9.1f MB in %7.2f s, peak %7.1f MB, out %9zu bytes, status %d\n", name, (double)in_bytes / 1e6,
           r.seconds, (double)r.max_rss_kb / 1024, r.out_bytes, r.status);
    fflush(stdout);
    if (r.timed_out) {
        fail(name, "still running after %.0f s", cfg.timeout);
        return false;
    }
    double budget = 2 + cfg.seconds_per_mb * (double)in_bytes / 1e6;
    if (r.seconds > budget)
        fail(name, "took %.1f s, over %.1f s", r.seconds, budget);
    int want_status = expect == EXPECT_BINARY || expect == EXPECT_INVALID ? 1 : 0;
    if (r.status != want_status)
        fail(name, "exit status %d, expected %d; stderr: %s", r.status, want_status, r.err);
    if (expect == EXPECT_BINARY && !strstr(r.err, ": binary file, skipped\n"))
        fail(name, "no 'binary file, skipped' message: %s", r.err);
    if (expect == EXPECT_INVALID && !strstr(r.err, "not valid UTF-8"))
        fail(name, "no invalid UTF-8 message: %s", r.err);
    if (want_status == 0 && r.err[0])
        fail(name, "unexpected message: %s", r.err);
    if ((expect != EXPECT_CLEANED || want_status) && r.out_bytes != 0)
        fail(name, "%zu bytes of output, expected none", r.out_bytes);
    if ((double)r.out_bytes > out_factor * (double)in_bytes + 1)
        fail(name, "output of %zu bytes from %zu", r.out_bytes, in_bytes);
    const char *problem = output_problem();
    if (problem)
        fail(name, "output %s", problem);
    /* Linear memory: a few times the input, a few hundred bytes a line
     * (each line's features and decision), and the cleaner itself. */
    double limit_mb = (12.0 * (double)in_bytes + 400.0 * (double)lines) / (1024 * 1024) + 150;
    if (cfg.check_memory && (double)r.max_rss_kb / 1024 > limit_mb)
        fail(name, "peak memory %.0f MB, over %.0f MB", (double)r.max_rss_kb / 1024, limit_mb);
    return failures == before;
}

/* ---- the inputs ------------------------------------------------------------ */

static void gen_long_letters(FILE *f)
{
    repeat_str(f, "a", scaled(100 * MB));
    fputc('\n', f);
}

static void gen_long_parens(FILE *f)
{
    repeat_str(f, "(", scaled(100 * MB));
}

static void gen_long_slash_space(FILE *f)
{
    repeat_str(f, "/ ", scaled(100 * MB));
}

static void gen_long_brackets_words(FILE *f)
{
    repeat_str(f, "(a) [b] «c» ", scaled(100 * MB));
}

static void gen_word_repeated(FILE *f)
{
    repeat_str(f, "word ", scaled(50 * MB)); /* 10^7 times at full scale */
    fputc('\n', f);
}

static void gen_blank_lines(FILE *f)
{
    repeat_str(f, "\n", scaled(1000 * 1000));
}

static void gen_white_lines(FILE *f)
{
    lines_of(f, " \t \xc2\xa0\xe3\x80\x80\n", scaled(1000 * 1000));
}

static void gen_identical_lines(FILE *f)
{
    lines_of(f, "The same line of text is repeated here again.\n", scaled(1000 * 1000));
}

static void gen_identical_lines_100k(FILE *f)
{
    lines_of(f, "The same line of text is repeated here again.\n", scaled(100 * 1000));
}

static void gen_identical_prose(FILE *f)
{
    lines_of(f, prose, scaled(200 * 1000));
}

static void gen_lone_cr(FILE *f)
{
    repeat_str(f, "\r", scaled(1000 * 1000));
    lines_of(f, "A line that ends in a lone carriage return, as old Mac files do.\r", scaled(100 * 1000));
}

static void gen_cr_in_long_line(FILE *f)
{
    repeat_str(f, "word\rword\r\n\r\n\n\r", scaled(20 * MB));
}

static void gen_form_feeds(FILE *f)
{
    lines_of(f, "\f\n", scaled(100 * 1000));
    lines_of(f, "A paragraph\fwith form\ffeeds in it, as printed manuals have them between pages.\n",
             scaled(100 * 1000));
    repeat_str(f, "\f", scaled(10 * MB));
}

static void gen_zero_width(FILE *f)
{
    /* ZWSP, ZWNJ, ZWJ, word joiner, BOM as ZWNBSP, soft hyphen. */
    repeat_str(f, "\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf\xc2\xad", scaled(30 * MB));
    fputc('\n', f);
    lines_of(f, "Zero\xe2\x80\x8bwidth\xe2\x80\x8c characters\xe2\x80\x8d hide\xe2\x81\xa0 between the letters of "
                "this sentence, which is otherwise ordinary prose.\n",
             scaled(100 * 1000));
}

static void gen_bidi(FILE *f)
{
    /* LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM. */
    repeat_str(f, "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8"
                  "\xe2\x81\xa9\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c",
               scaled(30 * MB));
    fputc('\n', f);
    lines_of(f, "\xe2\x80\xaeThis line is reversed by an override and \xe2\x81\xa7\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8"
                "\xd8\xa7\xe2\x81\xa9 isolates a word, then goes on as ordinary prose.\n",
             scaled(100 * 1000));
}

static void gen_bom(FILE *f)
{
    fputs("\xef\xbb\xbf", f);
    lines_of(f, prose, scaled(1000));
    repeat_str(f, "\xef\xbb\xbf", scaled(3 * MB)); /* a line of byte order marks */
    fputc('\n', f);
}

static void gen_nul_in_text(FILE *f)
{
    /* A few NUL and control bytes: still text, cleaned. */
    for (size_t i = 0; i < scaled(100 * 1000); i++) {
        fwrite(prose, 1, 40, f);
        fputs(i % 50 == 0 ? "\x00" : " ", f);
        fwrite(prose + 40, 1, sizeof prose - 41, f);
    }
}

static void gen_nuls(FILE *f)
{
    repeat(f, "\0", 1, scaled(50 * MB));
}

static void gen_png(FILE *f)
{
    fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 1, 16, f);
    noise(f, scaled(10 * MB));
}

static void gen_gzip(FILE *f)
{
    fwrite("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 1, 10, f);
    noise(f, scaled(10 * MB));
}

static void gen_random(FILE *f)
{
    noise(f, scaled(10 * MB));
}

static void gen_invalid_bytes(FILE *f)
{
    repeat_str(f, "\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82", scaled(30 * MB));
    fputc('\n', f);
    lines_of(f, "caf\xe9 cr\xe8me br\xfbl\xe9" "e, a Latin-1 line among UTF-8 ones, with \xc3 a cut sequence.\n",
             scaled(100 * 1000));
}

static void gen_long_urls(FILE *f)
{
    repeat_str(f, "https://example.com/a/b?c=d&e=f#g www.example.org mail@example.net ", scaled(50 * MB));
    fputc('\n', f);
}

static void gen_cjk(FILE *f)
{
    repeat_str(f, "\xe4\xb8\xad\xe6\x96\x87\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x80\x82", scaled(60 * MB));
    fputc('\n', f);
}

static void gen_digits(FILE *f)
{
    repeat_str(f, "0123456789", scaled(50 * MB));
    fputc('\n', f);
}

static void gen_many_short_lines(FILE *f)
{
    static const char *const lines[] = {"(\n", "/\n", "|\n", "»\n", "•\n", "a\n", "1\n", "Home\n", "©\n", "-\n"};
    for (size_t i = 0; i < scaled(1000 * 1000); i++)
        fputs(lines[i % 10], f);
}

static void gen_long_prose_line(FILE *f)
{
    repeat(f, prose, sizeof prose - 2, scaled(100 * MB)); /* without its newline: one line */
    fputc('\n', f);
}

static const hostile cases[] = {
    {"line-100mb-letters", gen_long_letters, {NULL}, EXPECT_CLEANED, 1},
    {"line-100mb-parens", gen_long_parens, {NULL}, EXPECT_CLEANED, 1},
    {"line-100mb-slash-space", gen_long_slash_space, {NULL}, EXPECT_CLEANED, 1},
    {"line-100mb-brackets", gen_long_brackets_words, {NULL}, EXPECT_CLEANED, 1},
    {"line-100mb-prose", gen_long_prose_line, {NULL}, EXPECT_CLEANED, 1},
    {"word-repeated-10e7", gen_word_repeated, {NULL}, EXPECT_CLEANED, 1},
    {"blank-lines-10e6", gen_blank_lines, {NULL}, EXPECT_EMPTY, 0},
    {"white-space-lines-10e6", gen_white_lines, {NULL}, EXPECT_EMPTY, 0},
    {"identical-lines-10e6", gen_identical_lines, {NULL}, EXPECT_CLEANED, 1},
    {"identical-prose-lines", gen_identical_prose, {NULL}, EXPECT_CLEANED, 1},
    {"many-short-lines", gen_many_short_lines, {NULL}, EXPECT_CLEANED, 1},
    {"lone-cr", gen_lone_cr, {NULL}, EXPECT_CLEANED, 1},
    {"cr-mixed-endings", gen_cr_in_long_line, {NULL}, EXPECT_CLEANED, 1},
    {"form-feeds", gen_form_feeds, {NULL}, EXPECT_CLEANED, 1},
    {"zero-width", gen_zero_width, {NULL}, EXPECT_CLEANED, 1},
    {"bidi-controls", gen_bidi, {NULL}, EXPECT_CLEANED, 1},
    {"bom", gen_bom, {NULL}, EXPECT_CLEANED, 1},
    {"nul-in-text", gen_nul_in_text, {NULL}, EXPECT_CLEANED, 1},
    {"urls-50mb", gen_long_urls, {NULL}, EXPECT_CLEANED, 1},
    {"cjk-60mb", gen_cjk, {NULL}, EXPECT_CLEANED, 1},
    {"digits-50mb", gen_digits, {NULL}, EXPECT_CLEANED, 1},
    {"invalid-utf8-pass", gen_invalid_bytes, {NULL}, EXPECT_CLEANED, 1},
    {"invalid-utf8-replace", gen_invalid_bytes, {"--invalid=replace", NULL}, EXPECT_CLEANED, 3},
    {"invalid-utf8-drop-line", gen_invalid_bytes, {"--invalid=drop-line", NULL}, EXPECT_EMPTY, 0},
    {"invalid-utf8-error", gen_invalid_bytes, {"--invalid=error", NULL}, EXPECT_INVALID, 0},
    {"latin1-converted", gen_invalid_bytes, {"--from-encoding=ISO-8859-1", NULL}, EXPECT_CLEANED, 2},
    {"encoding-guessed", gen_invalid_bytes, {"--from-encoding=auto", NULL}, EXPECT_CLEANED, 2},
    {"explain-json-identical", gen_identical_lines_100k, {"--explain=json", NULL}, EXPECT_CLEANED, 40},
    {"binary-nuls", gen_nuls, {NULL}, EXPECT_BINARY, 0},
    {"binary-png", gen_png, {NULL}, EXPECT_BINARY, 0},
    {"binary-gzip", gen_gzip, {NULL}, EXPECT_BINARY, 0},
    {"binary-random", gen_random, {NULL}, EXPECT_BINARY, 0},
};

/* ---- main ------------------------------------------------------------------- */

static void cleanup(void)
{
    char path[4200];
    static const char *const files[] = {"input", "out", "err"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", cfg.work, files[i]);
        unlink(path);
    }
    rmdir(cfg.work);
}

static size_t count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t lines = 1, n;
    static char buf[1 << 16];
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++)
            lines += buf[i] == '\n' || buf[i] == '\r';
    }
    if (f)
        fclose(f);
    return lines;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--clean-text") && v)
            cfg.clean_text = v, i++;
        else if (!strcmp(a, "--scale") && v)
            cfg.scale = atof(v), i++;
        else if (!strcmp(a, "--timeout") && v)
            cfg.timeout = atof(v), i++;
        else if (!strcmp(a, "--seconds-per-mb") && v)
            cfg.seconds_per_mb = atof(v), i++;
        else if (!strcmp(a, "--only") && v)
            cfg.only = v, i++;
        else if (!strcmp(a, "--check-memory"))
            cfg.check_memory = true;
        else if (!strcmp(a, "--valgrind"))
            cfg.valgrind = true;
        else {
            fprintf(stderr, "usage: %s --clean-text PATH [--scale F] [--timeout S] [--seconds-per-mb F] "
                            "[--check-memory] [--valgrind] [--only NAME]\n", argv[0]);
            return 2;
        }
    }
    if (!cfg.clean_text || cfg.scale <= 0 || cfg.timeout <= 0) {
        fprintf(stderr, "%s: --clean-text is needed\n", argv[0]);
        return 2;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(cfg.work, sizeof cfg.work, "%s/pathological-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(cfg.work)) {
        perror("mkdtemp");
        return 2;
    }
    atexit(cleanup);
    char input[4200];
    snprintf(input, sizeof input, "%s/input", cfg.work);
    size_t ran = 0, failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cfg.only && !strstr(cases[i].name, cfg.only))
            continue;
        FILE *f = fopen(input, "wb");
        if (!f) {
            fail(cases[i].name, "cannot write %s", input);
            continue;
        }
        cases[i].generate(f);
        fclose(f);
        failed += !check_case(cases[i].name, input, cases[i].options, cases[i].expect, cases[i].out_factor,
                              count_lines(input));
        ran++;
    }
    printf("%zu passed, %zu failed\n", ran - failed, failed);
    return failed ? 1 : 0;
}
