/* Per-line features: words, stopwords, capitals, digits, punctuation,
 * list bullets, URLs, and a hash of the words for spotting repeats. */
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "internal.h"

static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

static bool is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return uc_is_general_category(cp, UC_CATEGORY_L) || uc_is_general_category(cp, UC_CATEGORY_M) ||
           uc_is_general_category(cp, UC_CATEGORY_Nd);
}

static bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

static uint32_t to_lower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return uc_tolower(cp);
}

static bool is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return uc_is_upper(cp);
}

static bool is_digit(uint32_t cp)
{
    return cp < 0x80 ? (cp >= '0' && cp <= '9') : uc_is_general_category(cp, UC_CATEGORY_Nd);
}

static void append_lower(cl_word_iter *it, uint32_t cp)
{
    uint8_t tmp[6];
    int n = u8_uctomb(tmp, to_lower(cp), sizeof tmp);
    if (n > 0 && it->lower_len + (size_t)n < sizeof it->lower) {
        memcpy(it->lower + it->lower_len, tmp, (size_t)n);
        it->lower_len += (size_t)n;
    }
}

void cl_words_init(cl_word_iter *it, const char *s, size_t n)
{
    memset(it, 0, sizeof *it);
    it->s = (const uint8_t *)s;
    it->n = n;
}

bool cl_words_next(cl_word_iter *it)
{
    uint32_t cp = 0;
    int len = 0;
    while (it->pos < it->n) {
        len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
        if (is_word_char(cp))
            break;
        it->pos += (size_t)len;
    }
    if (it->pos >= it->n)
        return false;
    it->lower_len = 0;
    it->capitalised = is_upper(cp);
    it->cjk = is_cjk(cp);
    it->has_letter = false;
    it->all_digits = true;
    if (it->cjk) {
        append_lower(it, cp);
        it->pos += (size_t)len;
        it->has_letter = true;
        it->all_digits = false;
        it->lower[it->lower_len] = '\0';
        return true;
    }
    while (it->pos < it->n) {
        len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
        if (is_apostrophe(cp) && it->lower_len > 0) {
            /* Inside a word only when a letter follows ("don't"). */
            uint32_t next;
            size_t after = it->pos + (size_t)len;
            if (after >= it->n)
                break;
            cl_decode(it->s + after, it->n - after, &next);
            if (!is_word_char(next) || is_cjk(next))
                break;
            cp = '\'';
        } else if (!is_word_char(cp) || is_cjk(cp)) {
            break;
        }
        if (!is_digit(cp) && cp != '\'') {
            it->all_digits = false;
            it->has_letter = true;
        }
        append_lower(it, cp);
        it->pos += (size_t)len;
    }
    it->lower[it->lower_len] = '\0';
    return true;
}

static uint64_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Characters that close a sentence, seen after trailing quotes and
 * brackets are skipped. */
bool cl_is_sentence_end(uint32_t cp)
{
    switch (cp) {
    case '.': case '!': case '?': case ':': case ';':
    case 0x2026: /* … */
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: /* 。！？． */
    case 0x061F: case 0x06D4: case 0x0964: /* Arabic ?, Urdu full stop, danda */
        return true;
    default:
        return false;
    }
}

static bool is_closing(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
           cp == 0x00BB || cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == 0x201C;
}

/* The line's last character that is not a closing quote or bracket
 * (looking back over at most a few of those), or 0. */
uint32_t cl_final_mark(const char *line, size_t n)
{
    const uint8_t *s = (const uint8_t *)line;
    size_t end = n;
    for (int guard = 0; end > 0 && guard < 4; guard++) {
        size_t start = end - 1;
        while (start > 0 && (s[start] & 0xC0) == 0x80 && end - start < 4)
            start--;
        uint32_t cp;
        cl_decode(s + start, end - start, &cp);
        if (!is_closing(cp))
            return cp;
        end = start;
    }
    return 0;
}

bool cl_starts_with_bullet(const char *line, size_t n)
{
    const uint8_t *s = (const uint8_t *)line;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n)
        return false;
    uint32_t cp;
    int len = cl_decode(s + i, n - i, &cp);
    size_t after = i + (size_t)len;
    bool space_after = after < n && (s[after] == ' ' || s[after] == '\t');
    if ((cp == '-' || cp == '*' || cp == '+' || cp == 0x2022 || cp == 0x25CF || cp == 0x25AA ||
         cp == 0x2013 || cp == 0x00B7 || cp == 0x25E6 || cp == 0x2023) && space_after)
        return true;
    /* "1." "2)" "a)" numbered items */
    size_t j = i;
    while (j < n && j - i < 3 && s[j] >= '0' && s[j] <= '9')
        j++;
    return j > i && j + 1 < n && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ';
}

static bool has_url(const char *s, size_t n)
{
    static const char *const marks[] = {"http://", "https://", "www.", ".com/", ".html"};
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        size_t ml = strlen(marks[k]);
        for (size_t i = 0; i + ml <= n; i++) {
            if (s[i] == marks[k][0] && memcmp(s + i, marks[k], ml) == 0)
                return true;
        }
    }
    /* an e-mail address: x@y.z with no spaces around the @ */
    const char *at = memchr(s, '@', n);
    return at && at > s && at + 1 < s + n && at[-1] != ' ' && at[1] != ' ' &&
           memchr(at, '.', (size_t)(s + n - at)) != NULL;
}

void cl_line_features(const char *line, size_t length, const cl_stopindex *ix, long lang,
                      cl_features *f)
{
    memset(f, 0, sizeof *f);
    const uint8_t *s = (const uint8_t *)line;
    for (size_t i = 0; i < length;) {
        uint32_t cp;
        i += (size_t)cl_decode(s + i, length - i, &cp);
        f->chars++;
        if (cp < 0x80 ? (cp > ' ' && cp < 0x7F && !is_word_char(cp))
                      : (uc_is_general_category(cp, UC_CATEGORY_P) ||
                         uc_is_general_category(cp, UC_CATEGORY_S)))
            f->punct++;
    }
    cl_word_iter it;
    cl_words_init(&it, line, length);
    uint64_t h = 0xcbf29ce484222325ULL;
    uint32_t plain_words = 0;
    bool in_lead = true;
    while (cl_words_next(&it)) {
        h = hash_bytes(h, it.lower, it.lower_len + 1);
        if (it.cjk) {
            f->cjk_chars++;
            continue;
        }
        plain_words++;
        if (it.all_digits)
            f->digit_words++;
        if (it.has_letter)
            f->alpha_words++;
        if (it.capitalised)
            f->capitalised++;
        /* Leading title-cased words; short lower-case ones ("of", "a")
         * neither count nor end the run, as in a headline. */
        if (in_lead && (it.capitalised || it.all_digits))
            f->lead_capitalised++;
        else if (!it.capitalised && it.lower_len > 3)
            in_lead = false;
        if (lang >= 0 && cl_stopindex_has(ix, it.lower, it.lower_len, (size_t)lang))
            f->stopwords++;
    }
    f->words = plain_words + (f->cjk_chars + 1) / 2;
    f->hash = h;
    f->stop_density = (lang >= 0 && plain_words > 0) ? (float)f->stopwords / (float)plain_words : -1.0f;
    uint32_t mark = cl_final_mark(line, length);
    /* A trailing colon announces what follows (a list), it does not close. */
    f->ends_colon = mark == ':' || mark == 0xFF1A;
    f->ends_sentence = cl_is_sentence_end(mark) && !f->ends_colon;
    f->bullet = cl_starts_with_bullet(line, length);
    f->url = has_url(line, length);
}
