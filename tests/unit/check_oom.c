/* Allocation failure, tested the way SQLite tests it: the Nth allocation
 * fails, for every N from the first allocation of the options to the last
 * one of a full clean_clean() with CLEAN_DETAILS. Each run must end in
 * CLEAN_ERROR_OUT_OF_MEMORY, or, where the library could absorb the
 * failure (PCRE2 falls back from JIT to its interpreter), in a result
 * identical to the one without failures; it must leak nothing (a count of
 * live blocks in the test allocator) and crash nothing.
 *
 * Restarting the workload for each N would cost one cleaner build (tens
 * of milliseconds, mostly the stoplist index) per allocation, a minute in
 * all. Instead one run goes through the workload and, at each allocation,
 * forks: the child fails that allocation, runs the workload to its end and
 * exits with a verdict; the parent waits for it and goes on with the
 * allocation granted. Each N then costs a fork plus the (short) error path.
 * Both a single failure and a persistent one (every later allocation
 * failing too) are tried at each N. */
#include "check_suites.h"
#include "describe_result.h"

#include <clean.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the test allocator ------------------------------------------------ */

typedef enum { VERDICT_OOM, VERDICT_SAME, VERDICT_LEAK, VERDICT_WRONG_CODE, VERDICT_DIFFERENT, VERDICTS } verdict;

static const char *const verdict_names[VERDICTS] = {"out of memory", "same result", "leak", "wrong error code",
                                                    "different result"};

typedef struct probe_stats {
    long probes;
    long by_verdict[VERDICTS];
    long crashes;
    long first_bad; /* the allocation number of the first bad child, or 0 */
    int first_bad_status;
} probe_stats;

typedef struct test_alloc {
    long live;       /* blocks allocated and not freed yet */
    long count;      /* allocations so far: new blocks and resizes */
    long fail_at;    /* the allocation to fail (1-based); 0: none */
    bool persistent; /* every allocation after fail_at fails too */
    bool child;      /* a forked child: exits at the end of the workload */
    bool probing;    /* the parent: fork a child at every allocation */
    probe_stats stats;
} test_alloc;

static void probe(test_alloc *a, bool persistent)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        a->probing = false;
        a->child = true;
        a->fail_at = a->count;
        a->persistent = persistent;
        return;
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        a->stats.crashes++;
        if (!a->stats.first_bad)
            a->stats.first_bad = a->count;
        return;
    }
    a->stats.probes++;
    if (WIFEXITED(status) && WEXITSTATUS(status) < VERDICTS)
        a->stats.by_verdict[WEXITSTATUS(status)]++;
    else
        a->stats.crashes++;
    bool good = WIFEXITED(status) && WEXITSTATUS(status) <= VERDICT_SAME;
    if (!good && !a->stats.first_bad) {
        a->stats.first_bad = a->count;
        a->stats.first_bad_status = status;
    }
}

static void *test_allocator(void *ctx, void *ptr, size_t size)
{
    test_alloc *a = ctx;
    if (size == 0) {
        if (ptr)
            a->live--;
        free(ptr);
        return NULL;
    }
    a->count++;
    if (a->probing) {
        probe(a, false);
        if (a->probing)
            probe(a, true);
    }
    if (a->fail_at && (a->count == a->fail_at || (a->persistent && a->count > a->fail_at)))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        a->live++;
    return p;
}

/* ---- the workloads ------------------------------------------------------- */

static char *read_sample(const char *name, size_t *length)
{
    const char *dir = getenv("CLEAN_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/data/samples/%s", dir ? dir : ".", name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (set CLEAN_SOURCE_DIR)", path);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *length = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    return buf;
}

typedef clean_error (*configure_fn)(clean_options *o);

/* options -> cleaner -> clean -> free, on the test allocator; the result
 * described in *text, or the first error. */
static clean_error workload(test_alloc *a, configure_fn configure, const char *page, size_t length, char **text)
{
    *text = NULL;
    clean_options *o = clean_options_new_with_allocator(test_allocator, a);
    clean_cleaner *c = NULL;
    clean_result *r = NULL;
    clean_error e = o ? CLEAN_OK : CLEAN_ERROR_OUT_OF_MEMORY;
    if (e == CLEAN_OK && configure)
        e = configure(o);
    if (e == CLEAN_OK)
        e = clean_cleaner_new(o, &c);
    if (e == CLEAN_OK)
        e = clean_clean(c, page, length, CLEAN_DETAILS, &r);
    if (e == CLEAN_OK)
        *text = describe_result(r);
    clean_result_free(r);
    clean_cleaner_free(c);
    clean_options_free(o);
    return e;
}

static clean_error with_user_data(clean_options *o)
{
    static const char rules[] = "# user rules\n"
                                "oom-test-drop drop max-words=3 ^(?i)oom\\s+test$\n"
                                "oom-test-score score=0.5 \\bprose\\b\n"
                                "oom-test-gone keep ^never$\n";
    static const char words[] = "der\ndie\ndas\nund\n";
    clean_error e = clean_options_add_rules(o, "oom.rules", rules, sizeof rules - 1);
    if (e == CLEAN_OK)
        e = clean_options_add_stoplist(o, "Oomish", "oom.txt", words, sizeof words - 1);
    if (e == CLEAN_OK)
        e = clean_options_disable_rule(o, "oom-test-gone");
    if (e == CLEAN_OK)
        e = clean_options_set_language(o, "en");
    if (e == CLEAN_OK)
        e = clean_options_set_invalid_utf8(o, CLEAN_INVALID_REPLACE);
    if (e == CLEAN_OK)
        e = clean_options_set_skip_binary(o, 1);
    return e;
}

static clean_error with_encoding(clean_options *o)
{
    return clean_options_set_encoding(o, "ISO-8859-1");
}

static void run_every_failure(configure_fn configure, const char *page, size_t length)
{
    /* The reference: no failure, nothing leaked. */
    test_alloc a = {0};
    char *expected = NULL;
    ck_assert_int_eq(workload(&a, configure, page, length, &expected), CLEAN_OK);
    ck_assert_int_eq(a.live, 0);
    long total = a.count;
    ck_assert_int_gt(total, 0);

    a = (test_alloc){.probing = true};
    char *got = NULL;
    clean_error e = workload(&a, configure, page, length, &got);
    if (a.child) {
        /* A child, back from the failed allocation: its verdict. */
        verdict v = a.live != 0                                  ? VERDICT_LEAK
                    : e == CLEAN_ERROR_OUT_OF_MEMORY             ? VERDICT_OOM
                    : e != CLEAN_OK                              ? VERDICT_WRONG_CODE
                    : strcmp(got ? got : "", expected) == 0 ? VERDICT_SAME
                                                                 : VERDICT_DIFFERENT;
        _exit((int)v);
    }
    ck_assert_int_eq(e, CLEAN_OK);
    ck_assert_str_eq(got, expected);
    ck_assert_int_eq(a.live, 0);
    ck_assert_int_eq(a.count, total);
    const probe_stats *s = &a.stats;
    ck_assert_msg(s->first_bad == 0 && s->crashes == 0,
                  "failing allocation %ld of %ld: %s (wait status 0x%x); %ld crashes, %ld leaks, %ld wrong codes, "
                  "%ld different results",
                  s->first_bad, total,
                  WIFEXITED(s->first_bad_status) && WEXITSTATUS(s->first_bad_status) < VERDICTS
                      ? verdict_names[WEXITSTATUS(s->first_bad_status)]
                      : "crash",
                  (unsigned)s->first_bad_status, s->crashes, s->by_verdict[VERDICT_LEAK],
                  s->by_verdict[VERDICT_WRONG_CODE], s->by_verdict[VERDICT_DIFFERENT]);
    ck_assert_int_eq(s->probes, 2 * total);
    ck_assert_int_gt(s->by_verdict[VERDICT_OOM], total);
    free(expected);
    free(got);
}

START_TEST(every_allocation_of_a_default_run)
{
    size_t length;
    char *page = read_sample("news-byline-related-lists.txt", &length);
    run_every_failure(NULL, page, length);
    free(page);
}
END_TEST

START_TEST(every_allocation_with_user_rules_and_replacement)
{
    size_t length;
    char *page = read_sample("news-section-label-subheadings.txt", &length);
    static const char stray[] = "\nA line with a stray \xff byte in it.\n";
    memcpy(page + length, stray, sizeof stray - 1);
    run_every_failure(with_user_data, page, length + sizeof stray - 1);
    free(page);
}
END_TEST

START_TEST(every_allocation_with_encoding_conversion)
{
    static const char latin1[] = "Le caf\xe9 est ferm\xe9 depuis la fin de l'\xe9t\xe9, et les habitu\xe9s "
                                 "se retrouvent d\xe9sormais sur la place du march\xe9.\n\nAccueil\n";
    run_every_failure(with_encoding, latin1, sizeof latin1 - 1);
}
END_TEST

/* The allocator is used for everything: with it, nothing is left when all
 * is freed, and a cleaner shares it with its results. */
START_TEST(allocator_balances)
{
    test_alloc a = {0};
    clean_options *o = clean_options_new_with_allocator(test_allocator, &a);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_gt(a.live, 0);
    clean_cleaner *c = NULL;
    ck_assert_int_eq(clean_cleaner_new(o, &c), CLEAN_OK);
    clean_options_free(o);
    long with_cleaner = a.live;
    clean_result *r = NULL;
    ck_assert_int_eq(clean_clean(c, "Some text.\n", 11, CLEAN_DETAILS, &r), CLEAN_OK);
    ck_assert_int_gt(a.live, with_cleaner);
    clean_result_free(r);
    ck_assert_int_eq(a.live, with_cleaner);
    clean_cleaner_free(c);
    ck_assert_int_eq(a.live, 0);
}
END_TEST

Suite *oom_suite(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("every-allocation");
    /* Thousands of forks; slower still under the sanitizers and Valgrind. */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, allocator_balances);
    tcase_add_test(tc, every_allocation_of_a_default_run);
    tcase_add_test(tc, every_allocation_with_user_rules_and_replacement);
    tcase_add_test(tc, every_allocation_with_encoding_conversion);
    suite_add_tcase(s, tc);
    return s;
}
