/* A clean_result as one string, for the suites that compare two results
 * whole (check_input.c, check_oom.c). */
#ifndef DESCRIBE_RESULT_H
#define DESCRIBE_RESULT_H

#include <clean.h>

/* Everything the result says about the page: its language, the text and
 * each line's offset, length, verdict, score, reason and features. The
 * caller frees it. */
char *describe_result(const clean_result *result);

#endif /* DESCRIBE_RESULT_H */
