/* Results: the cleaned text and, on request, each line's decision. */
#include <string.h>

#include "internal.h"

typedef struct line_detail {
    size_t offset, length;
    double score;
    clean_class cls;
    bool kept;
    size_t reason, features; /* offsets in the string pool */
} line_detail;

struct clean_result {
    cl_mem mem;
    cl_buf text;
    const char *language;
    line_detail *lines;
    size_t line_count;
    cl_buf strings;
    char *input; /* the rewritten input the offsets refer to, or NULL */
    size_t input_length;
};

/* related: the input line number of the line the reason refers to, or 0. */
static bool append_reason(const cl_mem *m, cl_buf *b, const cl_line *l, size_t related)
{
    bool ok = cl_buf_append(m, b, l->reason, strlen(l->reason));
    if (ok && l->reason_rule)
        ok = cl_buf_printf(m, b, ":%s", l->reason_rule);
    if (ok && related)
        ok = cl_buf_printf(m, b, ":%zu", related);
    return ok && cl_buf_append(m, b, "", 1);
}

static bool append_features(const cl_mem *m, cl_buf *b, const cl_line *l)
{
    const cl_features *f = &l->f;
    return cl_buf_printf(m, b,
                         "words=%u stop=%.2f end=%d caps=%u/%u digits=%u punct=%u/%u bullet=%d url=%d region=%d joined=%d",
                         f->words, f->stop_density, f->ends_sentence, f->capitalised, f->alpha_words,
                         f->digit_words, f->punct, f->chars, f->bullet, f->url, l->in_region, l->continued) &&
           cl_buf_append(m, b, "", 1);
}

/* One entry per input line: the page holds only the non-blank ones, so
 * the input is read again for the blank lines between them. */
static bool build_details(clean_result *r, const cl_page *pg)
{
    const cl_mem *m = &r->mem;
    size_t total = pg->count, offset, trimmed;
    cl_line_iter it;
    cl_lines_init(&it, pg->text, pg->length);
    while (cl_lines_next(&it, &offset, &trimmed))
        total += trimmed == 0;
    size_t *line_number = cl_alloc(m, (pg->count ? pg->count : 1) * sizeof *line_number);
    r->lines = cl_calloc(m, total ? total : 1, sizeof *r->lines);
    if (!line_number || !r->lines) {
        cl_free(m, line_number);
        return false;
    }
    /* Number the page's lines first: a reason may name a later line. */
    size_t n = 0, p = 0;
    cl_lines_init(&it, pg->text, pg->length);
    while (cl_lines_next(&it, &offset, &trimmed)) {
        if (trimmed == 0)
            n++;
        while (trimmed > 0 && p < pg->count && pg->lines[p].span.offset < offset + trimmed)
            line_number[p++] = ++n;
    }
    bool ok = true;
    n = p = 0;
    cl_lines_init(&it, pg->text, pg->length);
    while (ok && cl_lines_next(&it, &offset, &trimmed)) {
        if (trimmed == 0) {
            r->lines[n++] = (line_detail){offset, 0, 0.0, CLEAN_CLASS_BLANK, false, r->strings.length,
                                          r->strings.length + 6};
            ok = cl_buf_append(m, &r->strings, "blank\0", 7);
            continue;
        }
        for (; ok && p < pg->count && pg->lines[p].span.offset < offset + trimmed; p++) {
            const cl_line *l = &pg->lines[p];
            line_detail *d = &r->lines[n++];
            *d = (line_detail){l->span.offset, l->span.length, l->score, l->cls, l->kept, r->strings.length, 0};
            ok = append_reason(m, &r->strings, l, l->related ? line_number[l->related - 1] : 0);
            d->features = r->strings.length;
            ok = ok && append_features(m, &r->strings, l);
        }
    }
    r->line_count = n;
    cl_free(m, line_number);
    return ok;
}

/* Kept lines in order, one blank line where blank lines separated them,
 * into out unless it is NULL; returns their length, which rendering the
 * links as text (cl_render_links) only shortens. A line left with no
 * text ("[](/)") is left out. */
static size_t put_text(const cl_page *pg, cl_links *links, char *out)
{
    size_t length = 0;
    bool any = false, blank_since = false;
    for (size_t i = 0; i < pg->count; i++) {
        const cl_line *l = &pg->lines[i];
        blank_since |= l->span.blank_before;
        if (!l->kept)
            continue;
        size_t gap = any && blank_since;
        const char *line = pg->text + l->span.offset;
        size_t n = l->span.length;
        if (out) {
            char *at = out + length + gap;
            if (links->render && !l->code && !l->fenced && memchr(line, '[', n)) {
                /* Only a page with links wants its list of addresses looked for. */
                if (!links->looked) {
                    links->references = cl_page_numbers_links(pg);
                    links->looked = true;
                }
                n = cl_render_links(line, n, links->references, at);
            } else {
                memcpy(at, line, n);
            }
            if (n == 0)
                continue;
            if (gap)
                out[length] = '\n';
            at[n] = '\n';
        }
        length += gap + n + 1;
        any = true;
        blank_since = false;
    }
    return length;
}

/* The text is measured first and copied once, not grown line by line. */
static bool build_text(clean_result *r, const clean_cleaner *c, const cl_page *pg)
{
    cl_links links = {c->links == CLEAN_LINKS_TEXT, false, false};
    size_t room = put_text(pg, &links, NULL);
    if (!cl_grow(&r->mem, (void **)&r->text.data, &r->text.capacity, room + 1, 1))
        return false;
    r->text.length = put_text(pg, &links, r->text.data);
    r->text.data[r->text.length] = '\0';
    return true;
}

clean_error cl_result_build(const clean_cleaner *c, const cl_page *pg, cl_input *input, unsigned flags,
                            clean_result **out)
{
    clean_result *r = cl_calloc(&c->mem, 1, sizeof *r);
    bool ok = r != NULL;
    if (ok) {
        r->mem = c->mem;
        r->language = pg->lang >= 0 ? c->languages[pg->lang].name : "";
        ok = build_text(r, c, pg) && (!(flags & CLEAN_DETAILS) || build_details(r, pg));
    }
    /* Only the details point into a rewritten input; the text is a copy. */
    if (ok && (flags & CLEAN_DETAILS) && input->owned) {
        r->input = input->owned;
        r->input_length = input->length;
    } else {
        cl_free(&c->mem, input->owned);
    }
    input->owned = NULL;
    if (!ok) {
        clean_result_free(r);
        return CLEAN_ERROR_OUT_OF_MEMORY;
    }
    *out = r;
    return CLEAN_OK;
}

void clean_result_free(clean_result *r)
{
    if (!r)
        return;
    cl_mem m = r->mem;
    cl_free(&m, r->text.data);
    cl_free(&m, r->strings.data);
    cl_free(&m, r->lines);
    cl_free(&m, r->input);
    cl_free(&m, r);
}

const char *clean_result_text(const clean_result *r)
{
    return r && r->text.data ? r->text.data : "";
}

size_t clean_result_text_length(const clean_result *r)
{
    return r ? r->text.length : 0;
}

const char *clean_result_language(const clean_result *r)
{
    return r ? r->language : "";
}

const char *clean_result_input(const clean_result *r, size_t *length)
{
    if (length)
        *length = r ? r->input_length : 0;
    return r ? r->input : NULL;
}

size_t clean_result_line_count(const clean_result *r)
{
    return r ? r->line_count : 0;
}

const char *clean_class_name(clean_class cls)
{
    switch (cls) {
    case CLEAN_CLASS_BLANK: return "blank";
    case CLEAN_CLASS_BAD: return "bad";
    case CLEAN_CLASS_SHORT: return "short";
    case CLEAN_CLASS_NEAR_GOOD: return "near-good";
    case CLEAN_CLASS_GOOD: return "good";
    }
    return "unknown";
}

clean_error clean_result_line(const clean_result *r, size_t index, size_t *offset, size_t *length, int *kept,
                              clean_class *cls, double *score, const char **reason, const char **features)
{
    if (!r)
        return CLEAN_ERROR_NULL_ARGUMENT;
    if (index >= r->line_count)
        return CLEAN_ERROR_INDEX;
    const line_detail *d = &r->lines[index];
    if (offset)
        *offset = d->offset;
    if (length)
        *length = d->length;
    if (kept)
        *kept = d->kept;
    if (cls)
        *cls = d->cls;
    if (score)
        *score = d->score;
    if (reason)
        *reason = r->strings.data + d->reason;
    if (features)
        *features = r->strings.data + d->features;
    return CLEAN_OK;
}
