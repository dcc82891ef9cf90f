/* Runs every Check suite of the project in one runner; the exit status
 * is non-zero when any test failed. */
#include "check_suites.h"

#include <stdlib.h>

int main(void)
{
    SRunner *runner = srunner_create(text_suite());
    srunner_add_suite(runner, features_suite());
    srunner_add_suite(runner, rules_suite());
    srunner_add_suite(runner, prefilter_suite());
    srunner_add_suite(runner, api_suite());
    srunner_add_suite(runner, cli_suite());
    srunner_add_suite(runner, stream_suite());
    srunner_add_suite(runner, input_suite());
    srunner_add_suite(runner, oom_suite());
    srunner_add_suite(runner, score_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
