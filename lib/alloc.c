/* Allocation: one realloc-like function so a caller could supply its own. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *system_alloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

const cl_mem cl_default_mem = {system_alloc, NULL};

void *cl_alloc(const cl_mem *m, size_t size)
{
    return m->fn(m->ctx, NULL, size ? size : 1);
}

void *cl_calloc(const cl_mem *m, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t total = count * size;
    void *p = cl_alloc(m, total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *cl_realloc(const cl_mem *m, void *ptr, size_t size)
{
    return m->fn(m->ctx, ptr, size ? size : 1);
}

void cl_free(const cl_mem *m, void *ptr)
{
    if (ptr)
        m->fn(m->ctx, ptr, 0);
}

char *cl_strndup(const cl_mem *m, const char *s, size_t n)
{
    char *p = cl_alloc(m, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

bool cl_grow(const cl_mem *m, void **array, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem_size)
            return false;
        n *= 2;
    }
    void *p = cl_realloc(m, *array, n * elem_size);
    if (!p)
        return false;
    *array = p;
    *cap = n;
    return true;
}

bool cl_buf_append(const cl_mem *m, cl_buf *b, const void *bytes, size_t n)
{
    if (n > SIZE_MAX - b->length - 1)
        return false;
    if (!cl_grow(m, (void **)&b->data, &b->capacity, b->length + n + 1, 1))
        return false;
    if (n)
        memcpy(b->data + b->length, bytes, n);
    b->length += n;
    b->data[b->length] = '\0';
    return true;
}

bool cl_buf_printf(const cl_mem *m, cl_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return cl_buf_append(m, b, small, (size_t)n);
    if (!cl_grow(m, (void **)&b->data, &b->capacity, b->length + (size_t)n + 1, 1))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->length, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->length += (size_t)n;
    return true;
}
