/* Per-line features: words, stopwords, capitals, digits, punctuation,
 * list bullets, URLs, and a hash of the words for spotting repeats. */
#include <string.h>
#include <unicase.h>
#include <unictype.h>

#include "internal.h"

/* ASCII letters and digits: the word characters below 0x80. */
static const bool ascii_alnum[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* SWAR over eight bytes (little-endian: the first is the lowest): the
 * number of leading ASCII letters and digits, and the high bit of each
 * byte that is an upper-case or a lower-case ASCII letter. */
#define EACH_BYTE(b) (0x0101010101010101ULL * (b))
static uint64_t bytes_in(uint64_t low7, uint8_t lo, uint8_t hi)
{
    /* For bytes below 0x80: the high bit set when lo <= byte <= hi. */
    return (low7 + EACH_BYTE(0x80 - lo)) & ~(low7 + EACH_BYTE(0x7F - hi)) & EACH_BYTE(0x80);
}

static size_t ascii_alnum_run(uint64_t v, uint64_t *upper, uint64_t *lower)
{
    uint64_t ascii = ~v & EACH_BYTE(0x80), low7 = v & EACH_BYTE(0x7F);
    *upper = bytes_in(low7, 'A', 'Z') & ascii;
    *lower = bytes_in(low7, 'a', 'z') & ascii;
    uint64_t alnum = *upper | *lower | (bytes_in(low7, '0', '9') & ascii);
    uint64_t stops = ~alnum & EACH_BYTE(0x80);
    return stops ? (size_t)__builtin_ctzll(stops) / 8 : 8;
}

static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Letters of the common non-Latin scripts whose properties have not
 * changed since Unicode 2.0: the CJK ideographs of Unicode 1.1, the Hangul
 * syllables and the basic Cyrillic alphabet. All are letters (no mark,
 * digit, punctuation or symbol); only А..Я is upper case, its lower case
 * 0x20 above. */
static bool is_common_letter(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FA5) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x0410 && cp <= 0x044F);
}

/* What a character is to a word: a letter (or mark), a digit, or no part. */
typedef enum word_part { NOT_WORD, LETTER, DIGIT } word_part;

static word_part word_part_of(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') ? DIGIT : ascii_alnum[cp] ? LETTER : NOT_WORD;
    if (is_common_letter(cp))
        return LETTER;
    /* One table lookup for L, M and Nd together. */
    uint32_t category = uc_general_category(cp).bitmask;
    return category & UC_CATEGORY_MASK_Nd                        ? DIGIT
           : category & (UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_M) ? LETTER
                                                                  : NOT_WORD;
}

static bool is_word_char(uint32_t cp)
{
    return word_part_of(cp) != NOT_WORD;
}

static bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

static uint32_t to_lower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (is_common_letter(cp))
        return cp >= 0x0410 && cp <= 0x042F ? cp + 0x20 : cp;
    return uc_tolower(cp);
}

static bool is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (is_common_letter(cp))
        return cp >= 0x0410 && cp <= 0x042F;
    return uc_is_upper(cp);
}

static void append_lower(cl_word_iter *it, uint32_t cp)
{
    /* UTF-8 of a valid code point (decoded ones are), written here: the
     * general u8_uctomb is a call per character. */
    uint32_t lc = to_lower(cp);
    uint8_t tmp[4];
    size_t n;
    if (lc < 0x80) {
        tmp[0] = (uint8_t)lc, n = 1;
    } else if (lc < 0x800) {
        tmp[0] = (uint8_t)(0xC0 | lc >> 6), tmp[1] = (uint8_t)(0x80 | (lc & 0x3F)), n = 2;
    } else if (lc < 0x10000) {
        tmp[0] = (uint8_t)(0xE0 | lc >> 12), tmp[1] = (uint8_t)(0x80 | (lc >> 6 & 0x3F));
        tmp[2] = (uint8_t)(0x80 | (lc & 0x3F)), n = 3;
    } else {
        tmp[0] = (uint8_t)(0xF0 | lc >> 18), tmp[1] = (uint8_t)(0x80 | (lc >> 12 & 0x3F));
        tmp[2] = (uint8_t)(0x80 | (lc >> 6 & 0x3F)), tmp[3] = (uint8_t)(0x80 | (lc & 0x3F)), n = 4;
    }
    if (it->lower_len + n < sizeof it->lower) {
        memcpy(it->lower + it->lower_len, tmp, n);
        it->lower_len += n;
    }
}

uint64_t cl_word_hash(const char *w, size_t n)
{
    /* Eight bytes a step (words are short; a byte-serial hash such as
     * FNV spends more time than the lookup it serves). */
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, w + i, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < n) {
        uint64_t v = 0;
        for (size_t k = 0; i + k < n; k++)
            v |= (uint64_t)(uint8_t)w[i + k] << (8 * k);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

void cl_words_init(cl_word_iter *it, const char *s, size_t n)
{
    /* Every field but the word buffer, which only holds an empty word:
     * this runs once per line, and per stoplist word. */
    it->s = (const uint8_t *)s;
    it->n = n;
    it->pos = 0;
    it->lower[0] = '\0';
    it->lower_len = 0;
    it->cjk = it->capitalised = it->has_letter = it->all_digits = false;
}

bool cl_words_next(cl_word_iter *it)
{
    uint32_t cp = 0;
    int len = 0;
    while (it->pos < it->n) {
        uint8_t c = it->s[it->pos];
        if (c < 0x80) { /* ASCII: what cl_decode and is_word_char would say */
            size_t pos = it->pos;
            while (!ascii_alnum[c] && ++pos < it->n && (c = it->s[pos]) < 0x80)
                ;
            it->pos = pos;
            if (pos >= it->n || c >= 0x80)
                continue;
            cp = c;
            len = 1;
            break;
        }
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
        it->hash = cl_word_hash(it->lower, it->lower_len);
        return true;
    }
    while (it->pos < it->n) {
        uint8_t c = it->s[it->pos];
        if (c < 0x80 && ascii_alnum[c]) {
            /* The common case, as below: a run of ASCII letters and
             * digits, lower-cased (in locals: the char stores may alias
             * the iterator's fields). */
            const uint8_t *s = it->s;
            size_t pos = it->pos, n = it->n, ll = it->lower_len;
            bool letter = false;
            /* Eight bytes a step while they are letters and digits. */
            while (pos + 8 <= n && ll + 8 < sizeof it->lower) {
                uint64_t v, upper, lower;
                memcpy(&v, s + pos, 8);
                size_t run = ascii_alnum_run(v, &upper, &lower);
                uint64_t folded = v | upper >> 2; /* 'A'..'Z' + 32 */
                memcpy(it->lower + ll, &folded, 8);
                uint64_t in_run = run == 8 ? ~0ULL : (1ULL << (8 * run)) - 1;
                letter |= ((upper | lower) & in_run) != 0;
                ll += run;
                pos += run;
                if (run < 8)
                    break;
            }
            c = pos < n ? s[pos] : 0;
            while (c < 0x80 && ascii_alnum[c]) {
                letter |= c > '9';
                if (ll + 1 < sizeof it->lower)
                    it->lower[ll++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                if (++pos >= n)
                    break;
                c = s[pos];
            }
            it->pos = pos;
            it->lower_len = ll;
            if (letter) {
                it->all_digits = false;
                it->has_letter = true;
            }
            continue;
        }
        if (c < 0x80 && c != '\'')
            break; /* ASCII white space or punctuation */
        len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
        word_part part = NOT_WORD;
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
        } else if ((part = word_part_of(cp)) == NOT_WORD || is_cjk(cp)) {
            break;
        }
        if (part == LETTER) {
            it->all_digits = false;
            it->has_letter = true;
        }
        append_lower(it, cp);
        it->pos += (size_t)len;
    }
    it->lower[it->lower_len] = '\0';
    it->hash = cl_word_hash(it->lower, it->lower_len);
    return true;
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

/* Does a web address start at s[i] ("http://", "www.", ".html")? */
static bool url_mark_at(const char *s, size_t n, size_t i)
{
    static const char *const marks[] = {"http://", "https://", "www.", ".com/", ".html"};
    static const size_t lengths[] = {7, 8, 4, 5, 5};
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        if (s[i] == marks[k][0] && n - i >= lengths[k] && memcmp(s + i, marks[k], lengths[k]) == 0)
            return true;
    }
    return false;
}

/* An e-mail address: x@y.z with no spaces around the @. */
static bool has_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    return at && at > s && at + 1 < s + n && at[-1] != ' ' && at[1] != ' ' &&
           memchr(at, '.', (size_t)(s + n - at)) != NULL;
}

void cl_features_set_stopwords(cl_features *f, uint32_t stopwords, long lang)
{
    /* The words looked up: all but the CJK characters, which words
     * counts as half a word each. */
    uint32_t plain_words = f->words - (f->cjk_chars + 1) / 2;
    f->stopwords = stopwords;
    f->stop_density = (lang >= 0 && plain_words > 0) ? (float)stopwords / (float)plain_words : -1.0f;
}

void cl_line_features(const char *line, size_t length, const cl_stopindex *ix, long lang, cl_guess *guess,
                      cl_features *f)
{
    memset(f, 0, sizeof *f);
    const uint8_t *s = (const uint8_t *)line;
    /* Characters, punctuation and web addresses in one pass; counted in
     * locals, which the byte loads cannot alias. */
    uint32_t chars = 0, punct = 0;
    bool url = false;
    for (size_t i = 0; i < length;) {
        uint8_t c = s[i];
        chars++;
        if (c < 0x80) {
            punct += c > ' ' && c < 0x7F && !ascii_alnum[c];
            if ((c == 'h' || c == 'w' || c == '.') && !url)
                url = url_mark_at(line, length, i);
            i++;
            continue;
        }
        uint32_t cp;
        i += (size_t)cl_decode(s + i, length - i, &cp);
        punct += !is_common_letter(cp) && uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_P | UC_CATEGORY_MASK_S);
    }
    f->chars = chars;
    f->punct = punct;
    cl_word_iter it;
    cl_words_init(&it, line, length);
    uint64_t h = 0xcbf29ce484222325ULL;
    uint32_t plain_words = 0, stopwords = 0;
    bool in_lead = true;
    while (cl_words_next(&it)) {
        h = (h ^ it.hash) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 32;
        if (guess)
            cl_guess_word(guess, &it);
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
            f->lead_capitalised += f->lead_capitalised < UINT16_MAX;
        else if (!it.capitalised && it.lower_len > 3)
            in_lead = false;
        if (lang >= 0 && cl_stopindex_has(ix, it.lower, it.lower_len, it.hash, (size_t)lang))
            stopwords++;
    }
    f->words = plain_words + (f->cjk_chars + 1) / 2;
    f->hash = h;
    cl_features_set_stopwords(f, stopwords, lang);
    uint32_t mark = cl_final_mark(line, length);
    /* A trailing colon announces what follows (a list), it does not close. */
    f->ends_colon = mark == ':' || mark == 0xFF1A;
    f->ends_sentence = cl_is_sentence_end(mark) && !f->ends_colon;
    f->bullet = cl_starts_with_bullet(line, length);
    f->url = url || has_email(line, length);
}
