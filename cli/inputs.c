/* The inputs' names: the operands, or a NUL-separated list read as it
 * comes (--files0-from, as GNU du and wc have it), so that
 * `find ... -print0 | clean-text --files0-from=-` starts at the first name
 * and any byte but NUL may appear in a name, newlines included. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool input_names_open(input_names *names, const char *files0_from,
                      char *const *operands, size_t operand_count)
{
    static char *const stdin_only[] = {"-"};
    *names = (input_names){0};
    if (files0_from == NULL) {
        names->operands = operand_count > 0 ? operands : stdin_only;
        names->operand_count = operand_count > 0 ? operand_count : 1;
        return true;
    }
    names->list_name = files0_from;
    names->list = is_stdin_name(files0_from) ? stdin : fopen(files0_from, "re");
    if (names->list == NULL) {
        report(files0_from, strerror(errno));
        return false;
    }
    return true;
}

/* A list entry that names no file to read; false after reporting it. */
static bool check_list_entry(input_names *names, const char *name)
{
    const char *problem = NULL;
    if (*name == '\0')
        problem = "invalid zero-length file name";
    else if (is_stdin_name(name) && names->list == stdin)
        problem = "file name '-' not allowed when reading the list from stdin";
    if (problem == NULL)
        return true;
    fprintf(stderr, "%s: %s:%zu: %s\n", PROGRAM_NAME, input_label(names->list_name),
            names->list_entry, problem);
    return false;
}

static const char *next_list_entry(input_names *names, bool *failed)
{
    for (;;) {
        ssize_t got = getdelim(&names->entry, &names->entry_capacity, '\0', names->list);
        if (got < 0) {
            if (ferror(names->list)) {
                report(input_label(names->list_name), strerror(errno));
                *failed = true;
            }
            return NULL;
        }
        names->list_entry++;
        /* The last name may lack its NUL: getdelim stops at the end. */
        if (check_list_entry(names, names->entry))
            return names->entry;
        *failed = true;
    }
}

const char *input_names_next(input_names *names, bool *failed)
{
    if (names->list != NULL)
        return next_list_entry(names, failed);
    if (names->next_operand == names->operand_count)
        return NULL;
    return names->operands[names->next_operand++];
}

void input_names_close(input_names *names)
{
    if (names->list != NULL && names->list != stdin)
        fclose(names->list);
    free(names->entry);
    *names = (input_names){0};
}

uint64_t input_names_total_size(const input_names *names)
{
    if (names->list != NULL)
        return 0; /* read as it comes: the total is not known yet */
    uint64_t total = 0;
    for (size_t i = 0; i < names->operand_count; i++) {
        const char *name = names->operands[i];
        struct stat info;
        int status = is_stdin_name(name) ? fstat(STDIN_FILENO, &info) : stat(name, &info);
        if (status != 0 || !S_ISREG(info.st_mode))
            return 0;
        total += (uint64_t)info.st_size;
    }
    return total;
}
