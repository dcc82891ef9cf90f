/*
 * The clean-text CLI, run as a real process: exit statuses, messages,
 * the -o path mapping, stdin/stdout and --explain.
 *
 * The processes run through cli_run.c, shared with check_stream.c: each
 * test in a folder of its own, under one that the parent removes at the
 * end, whatever the tests did.
 */
#define _XOPEN_SOURCE 700

#include "check_suites.h"
#include "cli_run.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Long English prose that any sane cleaner keeps. */
#define PARAGRAPH_1                                                                  \
    "The committee met on Tuesday to discuss the future of public transport in "     \
    "the city, and after a long debate its members agreed that the old tram lines " \
    "should be restored before the new housing estates on the eastern side of the " \
    "river are finished next year."
#define PARAGRAPH_2                                                                  \
    "Many residents who spoke at the meeting said that they would use the trams "   \
    "every day if the service ran often enough, because the buses are slow and "    \
    "crowded during the morning rush and the roads into the centre are blocked by " \
    "traffic for most of the day."
#define PARAGRAPH_3                                                                  \
    "The council will now ask engineers to estimate the cost of the work, and a "   \
    "final decision is expected in the spring, when the budget for the next five "  \
    "years has to be approved by a majority of the members who were elected in "    \
    "the last local elections."

#define GOOD_TEXT PARAGRAPH_1 "\n\n" PARAGRAPH_2 "\n\n" PARAGRAPH_3 "\n"

#define EXPLAIN_HEADER "line\toffset\tlabel\tclass\tscore\treason\tfeatures\ttext\n"

/* ---- Work files --------------------------------------------------------- */

static void make_work_dir(const char *name)
{
    ck_assert_int_eq(mkdir(in_work(name), 0755), 0);
}

static bool work_file_exists(const char *name)
{
    return access(in_work(name), F_OK) == 0;
}

/* ---- Running the CLI ------------------------------------------------------ */

/* clean-text with args (NULL-terminated) under setup. */
static run_result run_cli_with(const run_setup *setup, const char *const *args)
{
    char *argv[64] = {(char *)clean_text_path()};
    size_t count = 1;
    for (; args[count - 1] != NULL; count++) {
        ck_assert_uint_lt(count, 63);
        argv[count] = (char *)args[count - 1];
    }
    argv[count] = NULL;
    return run_argv(setup, argv);
}

#define RUN(...) run_cli_with(&(run_setup){0}, (const char *[]){__VA_ARGS__, NULL})
#define RUN_WITH(setup, ...) run_cli_with(&(setup), (const char *[]){__VA_ARGS__, NULL})

/* A shell line run with $0 set to clean-text, in the work folder. */
static run_result run_shell(const char *script)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, (char *)clean_text_path(), NULL};
    return run_argv(&(run_setup){0}, argv);
}

/* ---- Fixtures ------------------------------------------------------------- */

static void make_cli_base_dir(void)
{
    make_base_dir("clean-cli");
}

/* ---- Plain cleaning -------------------------------------------------------- */

START_TEST(good_file_is_cleaned)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("good.txt");
    assert_status(&r, 0);
    ck_assert_contains(r.out, PARAGRAPH_1);
    ck_assert_str_eq(r.err, "");
    free_result(&r);
}
END_TEST

START_TEST(empty_file_gives_empty_output)
{
    write_work_file("empty.txt", "");
    run_result r = RUN("empty.txt");
    assert_status(&r, 0);
    ck_assert_uint_eq(r.out_length, 0);
    ck_assert_str_eq(r.err, "");
    free_result(&r);
}
END_TEST

START_TEST(invalid_utf8_and_nul_bytes_pass_through)
{
    static const char odd_line[] =
        "Last week the caf\xe9 owner \xff\xfe told us that the \0 new square in front of "
        "the old station had brought many more visitors to the street, and that most "
        "of them stayed for lunch before they went on to the museum by the river.";
    size_t odd_length = sizeof odd_line - 1;
    char input[2048];
    size_t length = 0;
    memcpy(input, PARAGRAPH_1 "\n\n", strlen(PARAGRAPH_1) + 2);
    length += strlen(PARAGRAPH_1) + 2;
    memcpy(input + length, odd_line, odd_length);
    length += odd_length;
    memcpy(input + length, "\n\n" PARAGRAPH_3 "\n", strlen(PARAGRAPH_3) + 3);
    length += strlen(PARAGRAPH_3) + 3;
    write_bytes(in_work("odd.txt"), input, length);

    run_result r = RUN("odd.txt");
    assert_status(&r, 0);
    ck_assert_msg(contains_bytes(r.out, r.out_length, odd_line, odd_length),
                  "the kept line's bytes were not passed through: %s", r.out);
    free_result(&r);
}
END_TEST

START_TEST(several_files_are_concatenated_in_order)
{
    write_work_file("a.txt", PARAGRAPH_1 "\n");
    write_work_file("b.txt", PARAGRAPH_3 "\n");
    run_result a = RUN("a.txt"), b = RUN("b.txt"), both = RUN("a.txt", "b.txt");
    assert_status(&both, 0);
    ck_assert_uint_gt(a.out_length, 0);
    ck_assert_uint_eq(both.out_length, a.out_length + b.out_length);
    ck_assert_mem_eq(both.out, a.out, a.out_length);
    ck_assert_mem_eq(both.out + a.out_length, b.out, b.out_length);
    free_result(&a);
    free_result(&b);
    free_result(&both);
}
END_TEST

/* ---- Standard input and output --------------------------------------------- */

START_TEST(dash_reads_stdin)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_setup setup = {.stdin_path = in_work("good.txt")};
    run_result r = RUN_WITH(setup, "-");
    assert_status(&r, 0);
    ck_assert_contains(r.out, PARAGRAPH_1);
    free_result(&r);
}
END_TEST

START_TEST(no_file_reads_stdin)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_setup setup = {.stdin_path = in_work("good.txt")};
    run_result r = run_cli_with(&setup, (const char *[]){NULL});
    assert_status(&r, 0);
    ck_assert_contains(r.out, PARAGRAPH_1);
    free_result(&r);
}
END_TEST

START_TEST(dash_with_output_dir_writes_stdout)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_setup setup = {.stdin_path = in_work("good.txt")};
    run_result r = RUN_WITH(setup, "-o", "out", "-");
    assert_status(&r, 0);
    ck_assert_contains(r.out, PARAGRAPH_1);
    ck_assert(!work_file_exists("out/-"));
    free_result(&r);
}
END_TEST

START_TEST(full_stdout_is_an_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_setup setup = {.stdout_path = "/dev/full"};
    run_result r = RUN_WITH(setup, "good.txt");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "stdout: No space left on device");
    free_result(&r);
}
END_TEST

/* Enough text that the writer is still writing when the reader leaves. */
static void write_big_file(const char *name)
{
    FILE *file = fopen(in_work(name), "w");
    ck_assert_ptr_nonnull(file);
    for (int i = 0; i < 600; i++)
        fprintf(file, "Part %d. %s\n\n%s\n\n%s\n\n", i, PARAGRAPH_1, PARAGRAPH_2,
                PARAGRAPH_3);
    ck_assert_int_eq(fclose(file), 0);
}

START_TEST(closed_pipe_stops_quietly)
{
    write_big_file("big.txt");
    run_result r = run_shell("\"$0\" big.txt | head -c1 >/dev/null");
    ck_assert_str_eq(r.err, "");
    free_result(&r);
}
END_TEST

/* With SIGPIPE ignored by the parent, EPIPE ends the run, still quietly. */
START_TEST(closed_pipe_with_sigpipe_ignored_stops_quietly)
{
    write_big_file("big.txt");
    run_result r = run_shell(
        "trap '' PIPE; { \"$0\" big.txt; echo $? >status; } | head -c1 >/dev/null");
    ck_assert_str_eq(r.err, "");
    char *status = read_file(in_work("status"), NULL);
    ck_assert_ptr_nonnull(status);
    ck_assert_str_eq(status, "1\n");
    free(status);
    free_result(&r);
}
END_TEST

/* ---- Failing inputs: status 1, the others still written --------------------- */

static void assert_good_output_written(void)
{
    char *written = read_file(in_work("out/good.txt"), NULL);
    ck_assert_msg(written != NULL, "out/good.txt was not written");
    ck_assert_contains(written, PARAGRAPH_1);
    free(written);
}

START_TEST(missing_file_fails_alone)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "missing.txt", "good.txt");
    assert_status(&r, 1);
    ck_assert_str_eq(r.err, "clean-text: missing.txt: No such file or directory\n");
    assert_good_output_written();
    free_result(&r);
}
END_TEST

START_TEST(directory_input_fails_alone)
{
    write_work_file("good.txt", GOOD_TEXT);
    make_work_dir("folder");
    run_result r = RUN("-o", "out", "folder", "good.txt");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: folder: ");
    assert_good_output_written();
    free_result(&r);
}
END_TEST

START_TEST(unreadable_file_fails_alone)
{
    write_work_file("good.txt", GOOD_TEXT);
    const char *unreadable;
    if (geteuid() == 0) {
        /* root reads any file whatever its mode: a path through a regular
         * file cannot be opened even by root. */
        unreadable = "good.txt/inner.txt";
    } else {
        write_work_file("locked.txt", GOOD_TEXT);
        ck_assert_int_eq(chmod(in_work("locked.txt"), 0), 0);
        unreadable = "locked.txt";
    }
    run_result r = RUN("-o", "out", unreadable, "good.txt");
    assert_status(&r, 1);
    char expected[PATH_MAX];
    format_path(expected, "clean-text: %s: ", unreadable);
    ck_assert_contains(r.err, expected);
    assert_good_output_written();
    free_result(&r);
}
END_TEST

START_TEST(failed_input_keeps_existing_output)
{
    make_work_dir("out");
    write_work_file("out/missing.txt", "old\n");
    run_result r = RUN("-o", "out", "missing.txt");
    assert_status(&r, 1);
    char *kept = read_file(in_work("out/missing.txt"), NULL);
    ck_assert_str_eq(kept, "old\n");
    free(kept);
    free_result(&r);
}
END_TEST

START_TEST(strict_utf8_fails_the_invalid_file_only)
{
    write_work_file("good.txt", GOOD_TEXT);
    write_work_file("latin1.txt", "Caf\xe9 " PARAGRAPH_2 "\n");
    make_work_dir("out");
    write_work_file("out/latin1.txt", "old\n");
    run_result r = RUN("--strict-utf8", "-o", "out", "latin1.txt", "good.txt");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: latin1.txt: ");
    char *kept = read_file(in_work("out/latin1.txt"), NULL);
    ck_assert_str_eq(kept, "old\n");
    free(kept);
    assert_good_output_written();
    free_result(&r);
}
END_TEST

/* ---- Setup errors: status 2, nothing written ------------------------------- */

static void assert_setup_error(const run_result *r, const char *message_part)
{
    assert_status(r, 2);
    ck_assert_contains(r->err, message_part);
    ck_assert_msg(!work_file_exists("out"), "an output was created");
}

START_TEST(bad_option_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--no-such-option", "good.txt");
    assert_setup_error(&r, "clean-text: ");
    free_result(&r);
}
END_TEST

START_TEST(bad_explain_format_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--explain=xml", "good.txt");
    assert_setup_error(&r, "--explain");
    free_result(&r);
}
END_TEST

START_TEST(unknown_language_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--lang", "xx", "good.txt");
    assert_setup_error(&r, "xx");
    free_result(&r);
}
END_TEST

START_TEST(rule_syntax_error_names_file_and_line)
{
    write_work_file("good.txt", GOOD_TEXT);
    write_work_file("bad.rules", "broken-rule frobnicate some pattern\n");
    run_result r = RUN("-o", "out", "--rules", "bad.rules", "good.txt");
    assert_setup_error(&r, "bad.rules:1:");
    free_result(&r);
}
END_TEST

START_TEST(missing_rules_file_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--rules", "missing.rules", "good.txt");
    assert_setup_error(&r, "missing.rules");
    free_result(&r);
}
END_TEST

START_TEST(missing_stoplist_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--stoplist", "Klingon=missing.stop", "good.txt");
    assert_setup_error(&r, "missing.stop");
    free_result(&r);
}
END_TEST

START_TEST(stoplist_without_language_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    write_work_file("words.stop", "the\nand\n");
    run_result r = RUN("-o", "out", "--stoplist", "words.stop", "good.txt");
    assert_setup_error(&r, "--stoplist");
    free_result(&r);
}
END_TEST

START_TEST(unknown_disabled_rule_is_a_setup_error)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "--disable-rule", "no-such-rule", "good.txt");
    assert_setup_error(&r, "no-such-rule");
    free_result(&r);
}
END_TEST

/* ---- -o DIR -------------------------------------------------------------- */

START_TEST(output_paths_stay_inside_dir)
{
    make_work_dir("in");
    make_work_dir("in/deep");
    make_work_dir("sub");
    write_work_file("in/deep/x.txt", GOOD_TEXT);
    write_work_file("up.txt", GOOD_TEXT);
    char absolute[PATH_MAX];
    format_path(absolute, "%s", in_work("in/deep/x.txt"));

    run_setup setup = {.cwd = in_work("sub")};
    run_result r = RUN_WITH(setup, "-o", "out", absolute, "../up.txt", "./../in/./deep/x.txt");
    assert_status(&r, 0);

    char mapped[PATH_MAX];
    format_path(mapped, "sub/out%s", absolute); /* absolute starts with '/' */
    ck_assert_msg(work_file_exists(mapped), "%s missing", mapped);
    ck_assert(work_file_exists("sub/out/up.txt"));
    ck_assert(work_file_exists("sub/out/in/deep/x.txt"));
    char *written = read_file(in_work("sub/out/up.txt"), NULL);
    ck_assert_contains(written, PARAGRAPH_1);
    free(written);
    free_result(&r);
}
END_TEST

START_TEST(two_inputs_on_one_output_fail_the_second)
{
    write_work_file("good.txt", GOOD_TEXT);
    run_result r = RUN("-o", "out", "good.txt", "./good.txt");
    assert_status(&r, 1);
    ck_assert_contains(r.err, "clean-text: ./good.txt: ");
    assert_good_output_written();
    free_result(&r);
}
END_TEST

START_TEST(options_files_and_double_dash_mix)
{
    write_work_file("good.txt", GOOD_TEXT);
    write_work_file("-dash.txt", GOOD_TEXT);
    run_result r = RUN("good.txt", "-o", "out", "--", "-dash.txt");
    assert_status(&r, 0);
    assert_good_output_written();
    ck_assert(work_file_exists("out/-dash.txt"));
    free_result(&r);
}
END_TEST

/* ---- --explain, --version, --help ------------------------------------------ */

static size_t count_char(const char *s, char c)
{
    size_t count = 0;
    for (; *s != '\0'; s++)
        count += *s == c;
    return count;
}

START_TEST(explain_tsv_has_a_row_per_line)
{
    /* Five lines, one with a tab, no final newline to leave no doubt
     * about the count. */
    write_work_file("page.txt", PARAGRAPH_1 "\nHome | About | Contact\n\nname:\tvalue\n" PARAGRAPH_2);
    run_result r = RUN("--explain", "page.txt");
    assert_status(&r, 0);
    ck_assert_msg(strncmp(r.out, EXPLAIN_HEADER, strlen(EXPLAIN_HEADER)) == 0,
                  "no header row: %s", r.out);
    ck_assert_uint_eq(count_char(r.out, '\n'), 1 + 5);
    ck_assert_uint_eq(count_char(r.out, '\t'), 7 * (1 + 5));
    ck_assert_contains(r.out, "\n1\t0\tkeep\t");
    ck_assert_contains(r.out, "name:\\tvalue\n");
    free_result(&r);
}
END_TEST

START_TEST(explain_json_is_one_document)
{
    write_work_file("page.txt", PARAGRAPH_1 "\n\xff\n");
    run_result r = RUN("--explain=json", "page.txt");
    assert_status(&r, 0);
    ck_assert_int_eq(r.out[0], '{');
    ck_assert_contains(r.out, "\"file\":\"page.txt\"");
    ck_assert_contains(r.out, "\"lines\":[{\"line\":1,\"offset\":0,");
    ck_assert_contains(r.out, "\"text\":\"\\ufffd\"");
    free_result(&r);
}
END_TEST

START_TEST(version_names_both_versions)
{
    run_result r = RUN("--version");
    assert_status(&r, 0);
    ck_assert_msg(strncmp(r.out, "clean-text ", 11) == 0, "%s", r.out);
    ck_assert_contains(r.out, "(libclean ");
    free_result(&r);
}
END_TEST

START_TEST(help_goes_to_stdout)
{
    run_result r = RUN("--help");
    assert_status(&r, 0);
    ck_assert_contains(r.out, "Usage: clean-text");
    ck_assert_str_eq(r.err, "");
    free_result(&r);
}
END_TEST

Suite *cli_suite(void)
{
    Suite *suite = suite_create("cli");
    TCase *tc = tcase_create("clean-text");
    tcase_add_unchecked_fixture(tc, make_cli_base_dir, remove_base_dir);
    tcase_add_checked_fixture(tc, make_test_dirs, NULL);
    tcase_add_test(tc, good_file_is_cleaned);
    tcase_add_test(tc, empty_file_gives_empty_output);
    tcase_add_test(tc, invalid_utf8_and_nul_bytes_pass_through);
    tcase_add_test(tc, several_files_are_concatenated_in_order);
    tcase_add_test(tc, dash_reads_stdin);
    tcase_add_test(tc, no_file_reads_stdin);
    tcase_add_test(tc, dash_with_output_dir_writes_stdout);
    tcase_add_test(tc, full_stdout_is_an_error);
    tcase_add_test(tc, closed_pipe_stops_quietly);
    tcase_add_test(tc, closed_pipe_with_sigpipe_ignored_stops_quietly);
    tcase_add_test(tc, missing_file_fails_alone);
    tcase_add_test(tc, directory_input_fails_alone);
    tcase_add_test(tc, unreadable_file_fails_alone);
    tcase_add_test(tc, failed_input_keeps_existing_output);
    tcase_add_test(tc, strict_utf8_fails_the_invalid_file_only);
    tcase_add_test(tc, bad_option_is_a_setup_error);
    tcase_add_test(tc, bad_explain_format_is_a_setup_error);
    tcase_add_test(tc, unknown_language_is_a_setup_error);
    tcase_add_test(tc, rule_syntax_error_names_file_and_line);
    tcase_add_test(tc, missing_rules_file_is_a_setup_error);
    tcase_add_test(tc, missing_stoplist_is_a_setup_error);
    tcase_add_test(tc, stoplist_without_language_is_a_setup_error);
    tcase_add_test(tc, unknown_disabled_rule_is_a_setup_error);
    tcase_add_test(tc, output_paths_stay_inside_dir);
    tcase_add_test(tc, two_inputs_on_one_output_fail_the_second);
    tcase_add_test(tc, options_files_and_double_dash_mix);
    tcase_add_test(tc, explain_tsv_has_a_row_per_line);
    tcase_add_test(tc, explain_json_is_one_document);
    tcase_add_test(tc, version_names_both_versions);
    tcase_add_test(tc, help_goes_to_stdout);
    suite_add_tcase(suite, tc);
    return suite;
}
