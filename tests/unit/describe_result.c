/* A clean_result as one string: see describe_result.h. */
#include "describe_result.h"

#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *describe_result(const clean_result *r)
{
    size_t cap = 4096 + clean_result_text_length(r) + clean_result_line_count(r) * 512, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)snprintf(s + n, cap - n, "[%s]\n", clean_result_language(r));
    memcpy(s + n, clean_result_text(r), clean_result_text_length(r));
    n += clean_result_text_length(r);
    for (size_t i = 0; i < clean_result_line_count(r); i++) {
        size_t offset, length;
        int kept;
        clean_class cls;
        double score;
        const char *reason, *features;
        ck_assert_int_eq(clean_result_line(r, i, &offset, &length, &kept, &cls, &score, &reason, &features),
                         CLEAN_OK);
        n += (size_t)snprintf(s + n, cap - n, "%zu %zu %d %d %.6f %s %s\n", offset, length, kept, (int)cls, score,
                              reason, features);
    }
    s[n] = '\0';
    return s;
}
