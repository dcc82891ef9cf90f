/* Uses libclean through its public header only: cleans a small page held in
 * memory and checks that the long prose line survives and the menu does not
 * break anything. Exit status 0 on success. */
#include <stdio.h>
#include <string.h>

#include <clean.h>

static const char page[] =
    "Home | News | Sport | Weather | Contact\n"
    "\n"
    "The river had risen steadily through the night, and by the time the first "
    "light came over the hills the farmers who lived along its banks had already "
    "moved their animals to higher ground, carrying what they could and leaving "
    "the rest to the water, as their parents and grandparents had done before them "
    "whenever the spring rains were heavier than anyone in the valley expected.\n"
    "\n"
    "Copyright 2026 Example Media. All rights reserved.\n";

static const char prose[] = "The river had risen steadily through the night";

int main(void)
{
    if (clean_version_number() / 10000 != CLEAN_VERSION_MAJOR) {
        fprintf(stderr, "header %s but library %s\n", CLEAN_VERSION_STRING, clean_version());
        return 1;
    }

    clean_options *opts = clean_options_new();
    clean_cleaner *cleaner = NULL;
    clean_result *result = NULL;
    int status = 1;

    if (!opts) {
        fputs("clean_options_new failed\n", stderr);
        return 1;
    }
    clean_error err = clean_cleaner_new(opts, &cleaner);
    if (err != CLEAN_OK) {
        fprintf(stderr, "clean_cleaner_new: %s: %s\n", clean_error_string(err),
                clean_options_error(opts));
        goto done;
    }
    err = clean_clean(cleaner, page, sizeof page - 1, 0, &result);
    if (err != CLEAN_OK) {
        fprintf(stderr, "clean_clean: %s\n", clean_error_string(err));
        goto done;
    }
    const char *text = clean_result_text(result);
    size_t length = clean_result_text_length(result);
    if (length != strlen(text) || !strstr(text, prose)) {
        fprintf(stderr, "the prose line was not kept; output (%zu bytes):\n%s\n", length, text);
        goto done;
    }
    printf("libclean %s: kept %zu of %zu bytes, language \"%s\"\n", clean_version(),
           length, sizeof page - 1, clean_result_language(result));
    status = 0;

done:
    clean_result_free(result);
    clean_cleaner_free(cleaner);
    clean_options_free(opts);
    return status;
}
