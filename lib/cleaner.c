/* The cleaner: options compiled once (rules, stoplists, languages), then
 * the cleaning pipeline run per page. Also the version and error calls. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "internal.h"

const char *clean_version(void)
{
    return CLEAN_VERSION_STRING;
}

int clean_version_number(void)
{
    return CLEAN_VERSION_NUMBER;
}

const char *clean_error_string(clean_error code)
{
    switch (code) {
    case CLEAN_OK: return "success";
    case CLEAN_ERROR_NULL_ARGUMENT: return "a required argument is NULL";
    case CLEAN_ERROR_OUT_OF_MEMORY: return "out of memory";
    case CLEAN_ERROR_INVALID_UTF8: return "input is not valid UTF-8";
    case CLEAN_ERROR_RULE_SYNTAX: return "malformed rule";
    case CLEAN_ERROR_UNKNOWN_LANGUAGE: return "unknown language";
    case CLEAN_ERROR_BAD_STOPLIST: return "stoplist is empty or unreadable";
    case CLEAN_ERROR_UNKNOWN_RULE: return "no rule of that name";
    case CLEAN_ERROR_OUT_OF_RANGE: return "value out of range";
    case CLEAN_ERROR_IO: return "file cannot be read";
    case CLEAN_ERROR_INDEX: return "line index out of range";
    case CLEAN_ERROR_BINARY: return "binary file";
    case CLEAN_ERROR_UNKNOWN_ENCODING: return "unknown encoding";
    case CLEAN_ERROR_TOO_LARGE: return "page too large (4,294,967,295 or more non-blank lines)";
    }
    return "unknown error";
}

/* Built-in languages, then the new ones user stoplists name. */
static clean_error build_languages(clean_cleaner *c, clean_options *opts)
{
    const cl_mem *m = &c->mem;
    size_t n = opts->language_count + opts->stoplist_count;
    c->languages = cl_calloc(m, n ? n : 1, sizeof *c->languages);
    if (!c->languages)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    for (size_t i = 0; i < opts->language_count; i++) {
        const cl_language *l = &opts->languages[i];
        c->languages[i].name = cl_strndup(m, l->name, strlen(l->name));
        c->languages[i].code = l->code ? cl_strndup(m, l->code, strlen(l->code)) : NULL;
        c->languages[i].stem_chars = l->stem_chars;
        c->language_count++;
        if (!c->languages[i].name || (l->code && !c->languages[i].code))
            return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    for (size_t i = 0; i < opts->stoplist_count; i++) {
        const char *name = opts->stoplists[i].language;
        if (cl_language_find(c->languages, c->language_count, name) >= 0)
            continue;
        cl_language *l = &c->languages[c->language_count++];
        if (!(l->name = cl_strndup(m, name, strlen(name))))
            return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    return CLEAN_OK;
}

static clean_error build_stopwords(clean_cleaner *c, const clean_options *opts)
{
    size_t n = cl_embedded_stoplists_count + opts->stoplist_count;
    cl_stopsource *src = cl_calloc(&c->mem, n ? n : 1, sizeof *src);
    if (!src)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    for (size_t i = 0; i < cl_embedded_stoplists_count; i++)
        src[i] = (cl_stopsource){i, (const char *)cl_embedded_stoplists[i].data, cl_embedded_stoplists[i].length};
    for (size_t i = 0; i < opts->stoplist_count; i++) {
        const cl_source *s = &opts->stoplists[i];
        long lang = cl_language_find(c->languages, c->language_count, s->language);
        src[cl_embedded_stoplists_count + i] = (cl_stopsource){(size_t)lang, s->text, s->length};
    }
    c->stopwords = cl_stopindex_new(&c->mem, c->language_count, src, n);
    cl_free(&c->mem, src);
    for (size_t i = 0; c->stopwords && i < c->language_count; i++)
        cl_stopindex_set_stem(c->stopwords, i, c->languages[i].stem_chars);
    return c->stopwords ? CLEAN_OK : CLEAN_ERROR_OUT_OF_MEMORY;
}

/* Built-in rule files, then the user's (a same-named rule replaces the
 * earlier one), less the disabled ones. */
static clean_error build_rules(clean_cleaner *c, clean_options *opts)
{
    const cl_mem *m = &c->mem;
    cl_rule_def *defs = NULL;
    size_t count = 0, cap = 0;
    clean_error e = CLEAN_OK;
    for (size_t i = 0; e == CLEAN_OK && i < cl_embedded_rules_count; i++) {
        char source[128];
        snprintf(source, sizeof source, "builtin:%s.rules", cl_embedded_rules[i].name);
        e = cl_rules_parse(m, source, (const char *)cl_embedded_rules[i].data, cl_embedded_rules[i].length, &defs,
                           &count, &cap, opts->error, sizeof opts->error);
    }
    for (size_t i = 0; e == CLEAN_OK && i < opts->rule_count; i++)
        e = cl_rules_parse(m, opts->rules[i].name, opts->rules[i].text, opts->rules[i].length, &defs, &count, &cap,
                           opts->error, sizeof opts->error);
    for (size_t d = 0; e == CLEAN_OK && d < opts->disabled_count; d++) {
        size_t k;
        for (k = 0; k < count && strcmp(defs[k].name, opts->disabled[d]) != 0; k++)
            ;
        if (k == count) {
            e = cl_options_fail(opts, CLEAN_ERROR_UNKNOWN_RULE, "cannot disable '%s': no rule has that name",
                                opts->disabled[d]);
            break;
        }
        cl_rule_defs_free(m, &defs[k], 1);
        memmove(&defs[k], &defs[k + 1], (count - k - 1) * sizeof *defs);
        count--;
    }
    if (e != CLEAN_OK) {
        cl_rule_defs_free(m, defs, count);
        cl_free(m, defs);
        return e;
    }
    return cl_ruleset_new(m, defs, count, &c->rules, opts->error, sizeof opts->error);
}

clean_error clean_cleaner_new(clean_options *opts, clean_cleaner **out)
{
    if (!out)
        return opts ? cl_options_fail(opts, CLEAN_ERROR_NULL_ARGUMENT, "out is NULL") : CLEAN_ERROR_NULL_ARGUMENT;
    *out = NULL;
    if (!opts)
        return CLEAN_ERROR_NULL_ARGUMENT;
    clean_cleaner *c = cl_calloc(&opts->mem, 1, sizeof *c);
    if (!c)
        return cl_options_fail(opts, CLEAN_ERROR_OUT_OF_MEMORY, "out of memory");
    c->mem = opts->mem;
    c->invalid = opts->invalid;
    c->skip_binary = opts->skip_binary;
    c->links = opts->links;
    c->language = -1;
    opts->error[0] = '\0';
    clean_error e = CLEAN_OK;
    if (opts->encoding && strcasecmp(opts->encoding, "auto") == 0)
        c->detect_encoding = true;
    else if (opts->encoding && !(c->encoding = cl_strndup(&c->mem, opts->encoding, strlen(opts->encoding))))
        e = CLEAN_ERROR_OUT_OF_MEMORY;
    if (e == CLEAN_OK)
        e = build_languages(c, opts);
    if (e == CLEAN_OK)
        e = build_stopwords(c, opts);
    if (e == CLEAN_OK)
        e = build_rules(c, opts);
    if (e == CLEAN_OK && strcasecmp(opts->language, "auto") != 0) {
        c->language = cl_language_find(c->languages, c->language_count, opts->language);
        if (c->language < 0)
            e = cl_options_fail(opts, CLEAN_ERROR_UNKNOWN_LANGUAGE, "unknown language '%s'", opts->language);
    }
    if (e != CLEAN_OK) {
        if (!opts->error[0])
            cl_options_fail(opts, e, "%s", clean_error_string(e));
        clean_cleaner_free(c);
        return e;
    }
    *out = c;
    return CLEAN_OK;
}

void clean_cleaner_free(clean_cleaner *c)
{
    if (!c)
        return;
    cl_mem m = c->mem;
    cl_languages_free(&m, c->languages, c->language_count);
    cl_stopindex_free(&m, c->stopwords);
    cl_ruleset_free(c->rules);
    cl_free(&m, c->encoding);
    cl_free(&m, c);
}

/* Set the page's lines from the spans; in a hard-wrapped dump a
 * paragraph's first line is scored with the text of the whole paragraph
 * and its later lines are marked continued, as are Markdown's frames. */
static clean_error join_wrapped_lines(const cl_mem *m, cl_page *page, const cl_span *spans)
{
    bool *joins = cl_calloc(m, page->count ? page->count : 1, sizeof *joins);
    if (!joins)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    cl_find_wraps(page->text, spans, page->count, joins);
    cl_find_fragments(page->text, spans, page->count, joins);
    cl_unjoin_div_fences(page->text, spans, page->count, joins);
    size_t head = 0;
    for (size_t i = 0; i < page->count; i++) {
        cl_line *l = &page->lines[i];
        *l = (cl_line){.span = spans[i], .text_length = spans[i].length};
        /* A paragraph's text_length is 32 bits too: a longer one is cut. */
        size_t joined = spans[i].offset + spans[i].length - spans[head].offset;
        l->continued = i > 0 && joins[i - 1] && joined <= CL_SPAN_MAX;
        if (l->continued)
            page->lines[head].text_length = (uint32_t)joined;
        else
            head = i;
    }
    cl_free(m, joins);
    cl_find_markdown_frames(page);
    return CLEAN_OK;
}

/* A wrapped paragraph's later lines share its first line's decision. */
static void decide_continued_lines(cl_page *page)
{
    for (size_t i = 1; i < page->count; i++) {
        cl_line *l = &page->lines[i];
        if (!l->continued)
            continue;
        cl_span own = l->span;
        *l = page->lines[i - 1];
        l->span = own;
        l->text_length = own.length;
        l->continued = true;
    }
}

clean_error clean_clean(const clean_cleaner *c, const char *input, size_t length, unsigned flags, clean_result **out)
{
    if (!out)
        return CLEAN_ERROR_NULL_ARGUMENT;
    *out = NULL;
    if (!c || (!input && length))
        return CLEAN_ERROR_NULL_ARGUMENT;
    const cl_mem *m = &c->mem;
    cl_input in;
    clean_error e = cl_input_prepare(c, input, length, &in);
    if (e != CLEAN_OK)
        return e;
    cl_span *spans = NULL;
    size_t count = in.length ? cl_split_lines(m, in.text, in.length, &spans) : 0;
    if (count != (size_t)-1)
        count = cl_cut_run_together(m, in.text, &spans, count);
    if (count == (size_t)-1 || count >= CL_MAX_LINES) {
        cl_free(m, in.owned);
        cl_free(m, spans);
        return count == (size_t)-1 ? CLEAN_ERROR_OUT_OF_MEMORY : CLEAN_ERROR_TOO_LARGE;
    }
    cl_page page = {in.text, in.length, NULL, count, c->language, NULL, false, 0, SIZE_MAX, 0};
    /* Without a cache (out of memory) the scoring steps read lines again
     * for their content words. */
    page.word_cache = cl_word_cache_new(m, count);
    /* Each line is set whole from its span (join_wrapped_lines): not
     * cleared first, which on a large page is one more pass over memory. */
    size_t slots = count ? count : 1;
    page.lines = slots <= SIZE_MAX / sizeof *page.lines ? cl_alloc(m, slots * sizeof *page.lines) : NULL;
    cl_matcher *mt = cl_matcher_new(c->rules);
    /* The language, unless the options name it, is guessed from the
     * first words as the lines are featured. */
    cl_guess *guess = page.lang < 0 ? cl_guess_new(c) : NULL;
    e = (page.lines && mt && (guess || page.lang >= 0)) ? CLEAN_OK : CLEAN_ERROR_OUT_OF_MEMORY;
    if (e == CLEAN_OK)
        e = join_wrapped_lines(m, &page, spans);
    /* The lines hold their spans now: a huge page need not keep both. */
    cl_free(m, spans);
    spans = NULL;
    char *link_text = NULL;
    size_t link_room = 0;
    if (e == CLEAN_OK) {
        for (size_t i = 0; e == CLEAN_OK && i < count; i++) {
            cl_line *l = &page.lines[i];
            if (l->continued)
                continue;
            const char *s = page.text + l->span.offset;
            /* Content words are known once the language is. */
            uint64_t *room = guess ? NULL : cl_word_cache_room(page.word_cache);
            size_t words = cl_line_features(s, l->text_length, c->stopwords, page.lang, guess, room, &l->f);
            if (room)
                cl_word_cache_keep(page.word_cache, i, words);
            /* Rules read the line as its reader sees it, without its
             * links' targets and reference numbers ("[Related](/related)",
             * "[35]Comments"). */
            size_t length = l->text_length;
            if (l->f.link_markup) {
                if (!cl_grow(m, (void **)&link_text, &link_room, length, 1)) {
                    e = CLEAN_ERROR_OUT_OF_MEMORY;
                    break;
                }
                length = cl_link_text(s, length, link_text);
                s = link_text;
            }
            if (!cl_rules_match(c->rules, mt, s, length, l->f.words, &l->rule))
                e = CLEAN_ERROR_OUT_OF_MEMORY;
            if (guess && cl_guess_end_line(guess)) {
                page.lang = cl_guess_finish(guess, &page, i + 1);
                cl_guess_free(m, guess);
                guess = NULL;
            }
        }
        if (e == CLEAN_OK && guess)
            page.lang = cl_guess_finish(guess, &page, count);
        if (e == CLEAN_OK && !cl_score_page(m, &page, c->rules, c->stopwords))
            e = CLEAN_ERROR_OUT_OF_MEMORY;
        if (e == CLEAN_OK)
            decide_continued_lines(&page);
    }
    if (e == CLEAN_OK && c->invalid == CLEAN_INVALID_DROP_LINE)
        cl_input_drop_invalid_lines(&page);
    if (e == CLEAN_OK)
        e = cl_result_build(c, &page, &in, flags, out);
    else
        cl_free(m, in.owned);
    cl_free(m, link_text);
    cl_guess_free(m, guess);
    cl_word_cache_free(page.word_cache);
    cl_matcher_free(mt);
    cl_free(m, page.lines);
    cl_free(m, spans);
    return e;
}
