/* Options: what the caller asks for, checked as it is set, so a mistake is
 * reported with its file and line before any page is cleaned. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

clean_error cl_options_fail(clean_options *opts, clean_error code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(opts->error, sizeof opts->error, fmt, ap);
    va_end(ap);
    return code;
}

static clean_error succeed(clean_options *opts)
{
    opts->error[0] = '\0';
    return CLEAN_OK;
}

clean_options *clean_options_new(void)
{
    return clean_options_new_with_allocator(NULL, NULL);
}

clean_options *clean_options_new_with_allocator(clean_allocator fn, void *ctx)
{
    const cl_mem m = fn ? (cl_mem){fn, ctx} : cl_default_mem;
    clean_options *opts = cl_calloc(&m, 1, sizeof *opts);
    if (!opts)
        return NULL;
    opts->mem = m;
    opts->language = cl_strndup(&m, "auto", 4);
    if (!opts->language || !cl_builtin_languages(&m, &opts->languages, &opts->language_count)) {
        clean_options_free(opts);
        return NULL;
    }
    return opts;
}

static void free_sources(const cl_mem *m, cl_source *src, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        cl_free(m, src[i].name);
        cl_free(m, src[i].language);
        cl_free(m, src[i].text);
    }
    cl_free(m, src);
}

void clean_options_free(clean_options *opts)
{
    if (!opts)
        return;
    const cl_mem *m = &opts->mem;
    cl_free(m, opts->language);
    cl_free(m, opts->encoding);
    free_sources(m, opts->rules, opts->rule_count);
    free_sources(m, opts->stoplists, opts->stoplist_count);
    for (size_t i = 0; i < opts->disabled_count; i++)
        cl_free(m, opts->disabled[i]);
    cl_free(m, opts->disabled);
    cl_languages_free(m, opts->languages, opts->language_count);
    cl_free(m, opts);
}

const char *clean_options_error(const clean_options *opts)
{
    return opts ? opts->error : "";
}

/* A language added by a user stoplist, by its name. */
static bool is_added_language(const clean_options *opts, const char *name)
{
    for (size_t i = 0; i < opts->stoplist_count; i++) {
        if (strcasecmp(opts->stoplists[i].language, name) == 0)
            return true;
    }
    return false;
}

static clean_error unknown_language(clean_options *opts, const char *name)
{
    char known[400];
    size_t k = 0;
    known[0] = '\0';
    for (size_t i = 0; i < opts->language_count && k + 8 < sizeof known; i++) {
        if (opts->languages[i].code)
            k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", k ? " " : "", opts->languages[i].code);
    }
    return cl_options_fail(opts, CLEAN_ERROR_UNKNOWN_LANGUAGE,
                           "unknown language '%s': use auto, a stoplist name (German) or one of: %s", name,
                           known);
}

clean_error clean_options_set_language(clean_options *opts, const char *language)
{
    if (!opts || !language)
        return CLEAN_ERROR_NULL_ARGUMENT;
    if (strcasecmp(language, "auto") != 0 &&
        cl_language_find(opts->languages, opts->language_count, language) < 0 &&
        !is_added_language(opts, language))
        return unknown_language(opts, language);
    char *copy = cl_strndup(&opts->mem, language, strlen(language));
    if (!copy)
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    cl_free(&opts->mem, opts->language);
    opts->language = copy;
    return succeed(opts);
}

static clean_error add_source(clean_options *opts, cl_source **list, size_t *count, size_t *cap,
                              const char *name, const char *language, const char *text, size_t length)
{
    const cl_mem *m = &opts->mem;
    if (!cl_grow(m, (void **)list, cap, *count + 1, sizeof **list))
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    cl_source s = {cl_strndup(m, name, strlen(name)), language ? cl_strndup(m, language, strlen(language)) : NULL,
                   cl_strndup(m, text ? text : "", length), length};
    if (!s.name || !s.text || (language && !s.language)) {
        cl_free(m, s.name);
        cl_free(m, s.language);
        cl_free(m, s.text);
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    }
    (*list)[(*count)++] = s;
    return succeed(opts);
}

clean_error clean_options_add_rules(clean_options *opts, const char *source, const char *text, size_t length)
{
    if (!opts || !source || (!text && length))
        return CLEAN_ERROR_NULL_ARGUMENT;
    /* Parse now so a mistake is reported at once, with its line. */
    cl_rule_def *defs = NULL;
    size_t count = 0, cap = 0;
    clean_error e = cl_rules_parse(&opts->mem, source, text ? text : "", length, &defs, &count, &cap,
                                   opts->error, sizeof opts->error);
    cl_rule_defs_free(&opts->mem, defs, count);
    cl_free(&opts->mem, defs);
    if (e != CLEAN_OK)
        return e;
    return add_source(opts, &opts->rules, &opts->rule_count, &opts->rule_cap, source, NULL, text, length);
}

static clean_error read_file(clean_options *opts, const char *path, char **text, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cl_options_fail(opts, CLEAN_ERROR_IO, "%s: %s", path, strerror(errno));
    cl_buf b = {0};
    char chunk[65536];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = cl_buf_append(&opts->mem, &b, chunk, n);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (!ok || err) {
        cl_free(&opts->mem, b.data);
        return ok ? cl_options_fail(opts, CLEAN_ERROR_IO, "%s: %s", path, strerror(err ? err : EIO))
                  : cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    *text = b.data;
    *length = b.length;
    return CLEAN_OK;
}

clean_error clean_options_add_rules_file(clean_options *opts, const char *path)
{
    if (!opts || !path)
        return CLEAN_ERROR_NULL_ARGUMENT;
    char *text = NULL;
    size_t length = 0;
    clean_error e = read_file(opts, path, &text, &length);
    if (e == CLEAN_OK)
        e = clean_options_add_rules(opts, path, text, length);
    cl_free(&opts->mem, text);
    return e;
}

clean_error clean_options_disable_rule(clean_options *opts, const char *name)
{
    if (!opts || !name)
        return CLEAN_ERROR_NULL_ARGUMENT;
    const cl_mem *m = &opts->mem;
    char *copy = cl_strndup(m, name, strlen(name));
    if (!copy || !cl_grow(m, (void **)&opts->disabled, &opts->disabled_cap, opts->disabled_count + 1,
                          sizeof *opts->disabled)) {
        cl_free(m, copy);
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    }
    opts->disabled[opts->disabled_count++] = copy;
    return succeed(opts);
}

static bool is_language_name(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
            return false;
    }
    return true;
}

clean_error clean_options_add_stoplist(clean_options *opts, const char *language, const char *source,
                                       const char *text, size_t length)
{
    if (!opts || !language || !source || (!text && length))
        return CLEAN_ERROR_NULL_ARGUMENT;
    long known = cl_language_find(opts->languages, opts->language_count, language);
    if (known < 0 && !is_language_name(language))
        return cl_options_fail(opts, CLEAN_ERROR_UNKNOWN_LANGUAGE,
                               "%s: '%s' is neither a known language nor a new name (letters and '_')",
                               source, language);
    if (cl_stoplist_word_count(text ? text : "", length) == 0)
        return cl_options_fail(opts, CLEAN_ERROR_BAD_STOPLIST, "%s: stoplist has no words", source);
    const char *canonical = known >= 0 ? opts->languages[known].name : language;
    return add_source(opts, &opts->stoplists, &opts->stoplist_count, &opts->stoplist_cap, source, canonical,
                      text, length);
}

clean_error clean_options_add_stoplist_file(clean_options *opts, const char *language, const char *path)
{
    if (!opts || !language || !path)
        return CLEAN_ERROR_NULL_ARGUMENT;
    char *text = NULL;
    size_t length = 0;
    clean_error e = read_file(opts, path, &text, &length);
    if (e == CLEAN_ERROR_IO)
        e = CLEAN_ERROR_BAD_STOPLIST;
    if (e == CLEAN_OK)
        e = clean_options_add_stoplist(opts, language, path, text, length);
    cl_free(&opts->mem, text);
    return e;
}

clean_error clean_options_set_invalid_utf8(clean_options *opts, clean_invalid_utf8 mode)
{
    if (!opts)
        return CLEAN_ERROR_NULL_ARGUMENT;
    switch (mode) {
    case CLEAN_INVALID_PASS:
    case CLEAN_INVALID_REPLACE:
    case CLEAN_INVALID_DROP_LINE:
    case CLEAN_INVALID_ERROR:
        opts->invalid = mode;
        return succeed(opts);
    }
    return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_RANGE, "invalid UTF-8 mode %d: use pass, replace, drop-line or error",
                           (int)mode);
}

clean_error clean_options_set_strict_utf8(clean_options *opts, int strict)
{
    return clean_options_set_invalid_utf8(opts, strict ? CLEAN_INVALID_ERROR : CLEAN_INVALID_PASS);
}

clean_error clean_options_set_encoding(clean_options *opts, const char *encoding)
{
    if (!opts)
        return CLEAN_ERROR_NULL_ARGUMENT;
    /* UTF-8 input needs no conversion: the invalid-UTF-8 mode applies. */
    bool none = !encoding || strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0;
    if (!none && strcasecmp(encoding, "auto") != 0 && !cl_encoding_known(encoding))
        return cl_options_fail(opts, CLEAN_ERROR_UNKNOWN_ENCODING,
                               "unknown encoding '%s' (see iconv --list for the names known here)", encoding);
    char *copy = none ? NULL : cl_strndup(&opts->mem, encoding, strlen(encoding));
    if (!none && !copy)
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    cl_free(&opts->mem, opts->encoding);
    opts->encoding = copy;
    return succeed(opts);
}

clean_error clean_options_set_links(clean_options *opts, clean_links mode)
{
    if (!opts)
        return CLEAN_ERROR_NULL_ARGUMENT;
    switch (mode) {
    case CLEAN_LINKS_TEXT:
    case CLEAN_LINKS_KEEP:
        opts->links = mode;
        return succeed(opts);
    }
    return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_RANGE, "links mode %d: use text or keep", (int)mode);
}

clean_error clean_options_set_skip_binary(clean_options *opts, int skip)
{
    if (!opts)
        return CLEAN_ERROR_NULL_ARGUMENT;
    opts->skip_binary = skip != 0;
    return succeed(opts);
}
