/* Data files embedded into the library at build time (generated builtin_data.c). */
#ifndef CLEAN_BUILTIN_H
#define CLEAN_BUILTIN_H
#include <stddef.h>
typedef struct cl_embedded_file {
    const char *name;            /* file name without folder and extension: "general", "English" */
    const unsigned char *data;   /* the file's bytes, followed by a NUL not counted in length */
    size_t length;
} cl_embedded_file;
extern const cl_embedded_file cl_embedded_rules[];      /* data/rules/<name>.rules, sorted by name */
extern const size_t cl_embedded_rules_count;
extern const cl_embedded_file cl_embedded_stoplists[];  /* data/stoplists/<name>.txt, sorted by name */
extern const size_t cl_embedded_stoplists_count;
extern const cl_embedded_file cl_embedded_languages;   /* data/stoplists/languages.tsv */
#endif
