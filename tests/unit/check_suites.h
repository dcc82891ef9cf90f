/* The Check suites that check_main.c runs, one per area of libclean. */
#ifndef CHECK_SUITES_H
#define CHECK_SUITES_H

#include <check.h>

Suite *text_suite(void);
Suite *features_suite(void);
Suite *rules_suite(void);
Suite *prefilter_suite(void);
Suite *api_suite(void);
Suite *cli_suite(void);
Suite *stream_suite(void);
Suite *input_suite(void);
Suite *oom_suite(void);
Suite *score_suite(void);

#endif /* CHECK_SUITES_H */
