/* Per-line features: words, stopwords, capitals, digits, punctuation,
 * list bullets, URLs, and a hash of the words for spotting repeats. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <unicase.h>
#include <unictype.h>

#include "internal.h"

/* What a byte is to a line: an ASCII letter or digit (a word byte),
 * ASCII punctuation or a symbol (printable, not a word byte), of those a
 * '.', ':' or '@', around which web and e-mail addresses are looked
 * for, and a '[' or ']', where link markup may start; or a byte of 0x80
 * or more, part of a character that is decoded. */
enum { PUNCT_BYTE = 1, URL_BYTE = 2, WORD_BYTE = 4, HIGH_BYTE = 8, LINK_BYTE = 16 };
#define ALNUM(c) (((c) >= '0' && (c) <= '9') || (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z'))
#define URL_MARK(c) ((c) == '.' || (c) == ':' || (c) == '@')
#define PUNCT(c) (PUNCT_BYTE | (URL_MARK(c) ? URL_BYTE : (c) == '[' || (c) == ']' ? LINK_BYTE : 0))
#define BYTE_CLASS(c) ((c) >= 0x80 ? HIGH_BYTE : ALNUM(c) ? WORD_BYTE : (c) > ' ' && (c) < 0x7F ? PUNCT(c) : 0)
#define BYTE_CLASS4(c) BYTE_CLASS(c), BYTE_CLASS(c + 1), BYTE_CLASS(c + 2), BYTE_CLASS(c + 3)
#define BYTE_CLASS16(c) BYTE_CLASS4(c), BYTE_CLASS4(c + 4), BYTE_CLASS4(c + 8), BYTE_CLASS4(c + 12)
#define BYTE_CLASS64(c) BYTE_CLASS16(c), BYTE_CLASS16(c + 16), BYTE_CLASS16(c + 32), BYTE_CLASS16(c + 48)
static const uint8_t byte_class[256] = {BYTE_CLASS64(0), BYTE_CLASS64(64), BYTE_CLASS64(128), BYTE_CLASS64(192)};

static bool is_word_byte(uint8_t c)
{
    return byte_class[c] & WORD_BYTE;
}

/* SWAR over eight bytes (little-endian: the first is the lowest), a
 * high bit for each byte that passes a test. The tests hold for the
 * bytes before the first one of 0x80 or more: that byte and those after
 * it may carry into each other, never into the bytes before. */
static uint64_t bytes_in(uint64_t v, uint8_t lo, uint8_t hi)
{
    return (v + CL_EACH_BYTE(0x80 - lo)) & ~(v + CL_EACH_BYTE(0x7F - hi)) & CL_EACH_BYTE(0x80);
}

static uint64_t ascii_letters(uint64_t v)
{
    return bytes_in(v | CL_EACH_BYTE(0x20), 'a', 'z'); /* either case */
}

static uint64_t ascii_digits(uint64_t v)
{
    return bytes_in(v, '0', '9');
}

/* The number of leading ASCII letters and digits (and the high bit of
 * each byte that is a letter). */
static size_t ascii_alnum_run(uint64_t v, uint64_t *letters)
{
    *letters = ascii_letters(v);
    uint64_t stops = ~((*letters | ascii_digits(v)) & ~v) & CL_EACH_BYTE(0x80);
    return stops ? (size_t)__builtin_ctzll(stops) / 8 : 8;
}

/* The eight bytes at s + i (i < n; little-endian), zeros past n, near the
 * line's end (load8). */
static __attribute__((noinline)) uint64_t load8_end(const uint8_t *s, size_t n, size_t i)
{
    uint64_t v = 0;
    if (n >= 8) { /* the line's last eight bytes, shifted down */
        memcpy(&v, s + n - 8, 8);
        v >>= 8 * (i + 8 - n);
    } else {
        for (size_t k = i; k < n; k++)
            v |= (uint64_t)s[k] << (8 * (k - i));
    }
    return v;
}

/* The eight bytes at s + i (i < n; little-endian), zeros past n. */
static inline uint64_t load8(const uint8_t *s, size_t n, size_t i)
{
    uint64_t v;
    if (i + 8 > n)
        return load8_end(s, n, i);
    memcpy(&v, s + i, 8);
    return v;
}

/* Letters of the common scripts whose properties have not changed since
 * Unicode 3.2: the letters of Latin-1 (not × or ÷), the basic Cyrillic
 * letters (Ѐ..џ), the CJK ideographs of Unicode 1.1, the hiragana and
 * katakana letters with ー ヽ ヾ (not the marks, ・ or ゠) and the Hangul
 * syllables. All are letters (no mark, digit, punctuation or
 * symbol); only À..Þ and Ѐ..Я are upper case. */
static bool is_common_letter(uint32_t cp)
{
    if (cp < 0x800)
        return (cp >= 0x00C0 && cp <= 0x00FF && cp != 0x00D7 && cp != 0x00F7) || (cp >= 0x0400 && cp <= 0x045F);
    return (cp >= 0x4E00 && cp <= 0x9FA5) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FE);
}

static bool is_common_upper(uint32_t cp)
{
    return (cp >= 0x00C0 && cp <= 0x00DE) || (cp >= 0x0400 && cp <= 0x042F);
}

/* The lower case of a common letter: Ѐ..Џ 0x50 above, the other
 * upper-case ones 0x20 above. */
static uint32_t common_lower(uint32_t cp)
{
    return !is_common_upper(cp) ? cp : cp <= 0x040F && cp >= 0x0400 ? cp + 0x50 : cp + 0x20;
}

/* The common letter that the bytes v start with (UTF-8, little-endian,
 * zeros past the line's end), of two or three bytes: its length, and
 * its code point in *cp; or 0 if there is none. Read here without the
 * general decoder's checks: no common letter is a surrogate, nor
 * overlong in two bytes (below 0x80). */
static inline __attribute__((always_inline)) size_t common_letter(uint64_t v, uint32_t *cp)
{
    if ((v & 0xC0E0) == 0x80C0) {
        *cp = (uint32_t)(v & 0x1F) << 6 | (uint32_t)(v >> 8 & 0x3F);
        return is_common_letter(*cp) ? 2 : 0;
    }
    if ((v & 0xC0C0F0) == 0x8080E0) {
        *cp = (uint32_t)(v & 0x0F) << 12 | (uint32_t)(v >> 8 & 0x3F) << 6 | (uint32_t)(v >> 16 & 0x3F);
        return *cp >= 0x800 && is_common_letter(*cp) ? 3 : 0;
    }
    return 0;
}

/* What a character is to a word: a letter (or mark), a digit, or no part. */
typedef enum word_part { NOT_WORD, LETTER, DIGIT } word_part;

static word_part word_part_of(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') ? DIGIT : is_word_byte((uint8_t)cp) ? LETTER : NOT_WORD;
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
        return common_lower(cp);
    return uc_tolower(cp);
}

static bool is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (is_common_letter(cp))
        return is_common_upper(cp);
    return uc_is_upper(cp);
}

static uint32_t two_byte_utf8(uint32_t cp)
{
    return (0xC0 | cp >> 6) | (0x80 | (cp & 0x3F)) << 8;
}

/* The UTF-8 of a valid code point (decoded ones are) as the bytes of a
 * word (little-endian), and its length: the general u8_uctomb is a call
 * per character. */
static inline uint32_t utf8_of(uint32_t cp, size_t *n)
{
    if (cp < 0x80) {
        *n = 1;
        return cp;
    }
    if (cp < 0x800) {
        *n = 2;
        return two_byte_utf8(cp);
    }
    if (cp < 0x10000) {
        *n = 3;
        return (0xE0 | cp >> 12) | (0x80 | (cp >> 6 & 0x3F)) << 8 | (0x80 | (cp & 0x3F)) << 16;
    }
    *n = 4;
    return (0xF0 | cp >> 18) | (0x80 | (cp >> 12 & 0x3F)) << 8 | (0x80 | (cp >> 6 & 0x3F)) << 16 |
           (0x80 | (cp & 0x3F)) << 24;
}

/* A word of at bytes in lower (the iterator's buffer) with the n bytes
 * of a character (utf8) appended if they fit (the word is truncated to
 * fit, this character left out): its length. */
enum { WORD_BUFFER = sizeof ((cl_word_iter *)0)->lower };
static inline size_t put_char(char *lower, size_t at, uint32_t utf8, size_t n)
{
    if (at + n >= WORD_BUFFER)
        return at;
    if (at + 4 <= WORD_BUFFER) /* all four bytes: one store */
        memcpy(lower + at, &utf8, 4);
    else
        memcpy(lower + at, &utf8, n);
    return at + n;
}

static inline __attribute__((always_inline)) void append_lower(cl_word_iter *it, uint32_t cp)
{
    size_t n;
    uint32_t utf8 = utf8_of(to_lower(cp), &n);
    it->lower_len = put_char(it->lower, it->lower_len, utf8, n);
}

/* The word hash (eight bytes a step: words are short, and a byte-serial
 * hash such as FNV spends more time than the lookup it serves): its
 * start, each step, and its end. A step and the end are one-to-one on
 * 64-bit values (an odd multiplier, then a shift folded in), so a word
 * of one step is hashed one-to-one for each length. */
static uint64_t hash_start(size_t n)
{
    return 0x9E3779B97F4A7C15ULL ^ n;
}

static uint64_t hash_step(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

static uint64_t hash_end(uint64_t h)
{
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

/* The low k bytes (k <= 8) of a word. */
static uint64_t low_bytes(size_t k)
{
    return k == 8 ? ~0ULL : (1ULL << (8 * k)) - 1;
}

uint64_t cl_word_hash(const char *w, size_t n)
{
    uint64_t h = hash_start(n);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, w + i, 8);
        h = hash_step(h, v);
    }
    if (i < n)
        h = hash_step(h, load8((const uint8_t *)w, n, i)); /* zeros past n */
    return hash_end(h);
}

/* cl_word_hash of the iterator's word: its buffer is read eight bytes
 * at a time to the end, bytes past the word masked off. */
_Static_assert(WORD_BUFFER % 8 == 0, "word buffer read in eight-byte steps");
static inline __attribute__((always_inline)) uint64_t lower_hash(const cl_word_iter *it)
{
    size_t n = it->lower_len;
    uint64_t h = hash_start(n), v;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&v, it->lower + i, 8);
        h = hash_step(h, v);
    }
    if (i < n) {
        memcpy(&v, it->lower + i, 8);
        h = hash_step(h, v & low_bytes(n - i));
    }
    return hash_end(h);
}

uint64_t cl_topic_hash(const char *lower, size_t length, uint64_t hash, unsigned stem_chars)
{
    if (!stem_chars || length <= stem_chars)
        return hash;
    size_t k = 0, chars = 0;
    for (; k < length; k++) {
        chars += ((uint8_t)lower[k] & 0xC0) != 0x80;
        if (chars > stem_chars)
            break;
    }
    return k == length ? hash : cl_word_hash(lower, k);
}

/* Where link markup that is no text of the line ends, or 0: at the ']'
 * that closes a Markdown link's text, its target ("[text](target)",
 * "[text](target "title")"); at a '[', a reference number, as lynx
 * prints one before each link's text and a wiki after a sentence
 * ("[12]Home", "in 1578.[1]") or a list of notes ("[2] Source"):
 * attached to a word or first on the line, not a number in brackets
 * between spaces ("<Response [200]>"). */
__attribute__((noinline)) static size_t link_markup_end(const uint8_t *s, size_t n, size_t i)
{
    size_t j = i + 1;
    if (s[i] == '[') {
        while (j < n && j - i <= 4 && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j == i + 1 || j >= n || s[j] != ']')
            return 0;
        size_t before = i;
        while (before > 0 && (s[before - 1] == ' ' || s[before - 1] == '\t'))
            before--;
        bool after_word = i > 0 && s[i - 1] > ' ';
        bool before_word = j + 1 < n && (s[j + 1] >= 0x80 || is_word_byte(s[j + 1]));
        return after_word || before_word || before == 0 ? j + 1 : 0;
    }
    if (j + 1 >= n || s[j] != '(')
        return 0;
    for (j++; j < n && s[j] != ')' && s[j] > ' '; j++)
        ;
    if (j + 1 < n && s[j] == ' ' && s[j + 1] == '"') {
        const uint8_t *quote = memchr(s + j + 2, '"', n - j - 2);
        j = quote ? (size_t)(quote - s) + 1 : n;
    }
    return j < n && s[j] == ')' ? j + 1 : 0;
}

size_t cl_link_text(const char *line, size_t n, char *out)
{
    const uint8_t *s = (const uint8_t *)line;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t past = s[i] == '[' || s[i] == ']' ? link_markup_end(s, n, i) : 0;
        if (!past || s[i] == ']')
            out[k++] = line[i]; /* a link's text keeps its brackets */
        i = past ? past : i + 1;
    }
    return k;
}

/* An e-mail address at the line's first '@', at: x@y.z with no spaces
 * around the @. */
static bool email_at(const char *s, size_t n, const char *at)
{
    return at > s && at + 1 < s + n && at[-1] != ' ' && at[1] != ' ' && memchr(at, '.', (size_t)(s + n - at)) != NULL;
}

static bool has_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    return at && email_at(s, n, at);
}

/* Is the '.' or ':' at s[i] part of a web address ("http://",
 * "https://", "www.", ".com/", ".html"), or the '@' there the line's
 * first and one of an e-mail address? */
static bool url_mark_around(const char *s, size_t n, size_t i)
{
    if (s[i] == '@')
        return !memchr(s, '@', i) && email_at(s, n, s + i);
    if (s[i] == ':')
        return n - i >= 3 && memcmp(s + i, "://", 3) == 0 &&
               ((i >= 4 && memcmp(s + i - 4, "http", 4) == 0) || (i >= 5 && memcmp(s + i - 5, "https", 5) == 0));
    return (i >= 3 && memcmp(s + i - 3, "www", 3) == 0) ||
           (n - i >= 5 && (memcmp(s + i, ".com/", 5) == 0 || memcmp(s + i, ".html", 5) == 0));
}

/* Whether url_mark_around may hold at s[i], by the byte after the mark
 * ("://", ".com/", ".html") or before it ("www."): most marks end a
 * sentence or an abbreviation, and need no call. */
static inline bool may_be_url_mark(const uint8_t *s, size_t n, size_t i)
{
    uint8_t after = i + 1 < n ? s[i + 1] : 0;
    return s[i] == '@' || (s[i] == ':' ? after == '/' : after == 'c' || after == 'h' || (i > 0 && s[i - 1] == 'w'));
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
    it->unspaced = it->capitalised = it->has_letter = it->all_digits = false;
    it->continuation = 0;
    it->punct = 0;
    it->url = false;
    it->links = 0;
}

/* Move past ASCII that is not a letter or digit: counting the
 * punctuation, looking for web and e-mail addresses at '.', ':' and
 * '@'. */
static inline __attribute__((always_inline)) void skip_ascii(cl_word_iter *it)
{
    const uint8_t *s = it->s;
    size_t pos = it->pos, n = it->n;
    if (pos + 1 < n && s[pos] == ' ' && (byte_class[s[pos + 1]] & (WORD_BYTE | HIGH_BYTE))) {
        it->pos = pos + 1; /* most often: a space, then a word */
        return;
    }
    if (pos + 2 < n && s[pos + 1] == ' ' && (byte_class[s[pos + 2]] & (WORD_BYTE | HIGH_BYTE))) {
        /* Next most often: a comma or a full stop (in no address), a
         * space, then a word. */
        uint8_t mark = byte_class[s[pos]];
        if (mark == PUNCT_BYTE || (mark == (PUNCT_BYTE | URL_BYTE) && (it->url || !may_be_url_mark(s, n, pos)))) {
            it->punct++;
            it->pos = pos + 2;
            return;
        }
    }
    uint32_t punct = 0;
    uint8_t class;
    while (pos < n && !((class = byte_class[s[pos]]) & (WORD_BYTE | HIGH_BYTE))) {
        punct += class & PUNCT_BYTE;
        if ((class & URL_BYTE) && !it->url && may_be_url_mark(s, n, pos))
            it->url = url_mark_around((const char *)s, n, pos);
        /* A link's target or reference number is where its text
         * leads, not words of the line, nor an address it shows. */
        if (__builtin_expect(class & LINK_BYTE, 0)) {
            size_t past = link_markup_end(s, n, pos);
            if (past) {
                it->links++;
                pos = past;
                continue;
            }
        }
        pos++;
    }
    it->pos = pos;
    it->punct += punct;
}

/* SWAR over four characters of two bytes in 16-bit lanes (little-endian:
 * the lead byte the lower): the 0x8000 bit of each lane whose code point
 * (at most 0x7FF: no carry leaves a lane) is in lo..hi. */
#define EACH_LANE(x) ((uint64_t)(x) * 0x0001000100010001ULL)
static uint64_t lanes_in(uint64_t cp, uint32_t lo, uint32_t hi)
{
    return (cp + EACH_LANE(0x8000 - lo)) & ~(cp + EACH_LANE(0x7FFF - hi)) & EACH_LANE(0x8000);
}

/* The number k of basic Cyrillic letters (U+0400..U+045F, common
 * letters) that the eight bytes v start with, and in the first 2k bytes
 * of *lower their lower case (common_lower), as two bytes each. */
static inline __attribute__((always_inline)) size_t cyrillic_run(uint64_t v, uint64_t *lower)
{
    uint64_t form = (v & EACH_LANE(0xC0E0)) ^ EACH_LANE(0x80C0); /* zero: a lead byte of two, a continuation */
    uint64_t bad_form = ((form & EACH_LANE(0x7FFF)) + EACH_LANE(0x7FFF)) | form;
    uint64_t cp = (v & EACH_LANE(0x1F)) << 6 | (v >> 8 & EACH_LANE(0x3F));
    uint64_t stops = (bad_form | ~lanes_in(cp, 0x0400, 0x045F)) & EACH_LANE(0x8000);
    uint64_t upper = lanes_in(cp, 0x0400, 0x042F);
    *lower = v; /* most often */
    if (upper) { /* U+0400..U+040F are 0x50 below their lower case, U+0410..U+042F 0x20 */
        uint64_t lc = cp + (upper >> 15) * 0x20 + (lanes_in(cp, 0x0400, 0x040F) >> 15) * 0x30;
        *lower = (lc >> 6 & EACH_LANE(0x1F)) | (lc & EACH_LANE(0x3F)) << 8 | EACH_LANE(0x80C0);
    }
    return stops ? (size_t)__builtin_ctzll(stops) / 16 : 4;
}

/* A run of common letters that are not unspaced (common_letter) at
 * it->pos, lower-cased: whether there is one. In locals, as the ASCII
 * run in word_rest. */
static inline __attribute__((always_inline)) bool common_run(cl_word_iter *it)
{
    const uint8_t *s = it->s;
    size_t pos = it->pos, n = it->n, ll = it->lower_len, continuation = it->continuation;
    while (pos < n) {
        uint64_t v = load8(s, n, pos), folded;
        size_t k;
        /* Cyrillic (a lead byte of U+0400..U+047F) four letters a step, while they fit. */
        if ((v & 0xFE) == 0xD0 && ll + 8 < WORD_BUFFER && (k = cyrillic_run(v, &folded)) > 0) {
            memcpy(it->lower + ll, &folded, 8); /* all k fit */
            ll += 2 * k;
            pos += 2 * k;
            continuation += k;
            if (k < 4)
                break; /* most often the word's end */
            continue;
        }
        uint32_t cp, utf8;
        size_t len = common_letter(v, &cp);
        if (len == 2) /* lower case of two bytes as well */
            utf8 = two_byte_utf8(common_lower(cp));
        else if (len == 3 && !cl_is_unspaced(cp)) /* no case */
            utf8 = (uint32_t)v & 0xFFFFFF;
        else
            break;
        ll = put_char(it->lower, ll, utf8, len);
        pos += len;
        continuation += len - 1;
    }
    if (pos == it->pos)
        return false;
    it->pos = pos;
    it->lower_len = ll;
    it->continuation = continuation;
    it->all_digits = false;
    it->has_letter = true;
    return true;
}

/* Is there an apostrophe (' or ’) at it->pos, inside a word that an
 * ASCII letter or digit goes on with ("don't", "it’s")? */
static bool apostrophe_in_word(const cl_word_iter *it)
{
    const uint8_t *s = it->s + it->pos;
    size_t left = it->n - it->pos;
    size_t len = s[0] == '\'' ? 1 : left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x99 ? 3 : 0;
    return len && it->lower_len > 0 && left > len && is_word_byte(s[len]);
}

/* The rest of the word at it->pos, of which it->lower holds the first
 * it->lower_len bytes and the flags say what they are: read to its end,
 * its copy NUL-terminated and hashed. Returns true. */
static __attribute__((noinline)) bool word_rest(cl_word_iter *it)
{
    while (it->pos < it->n) {
        uint32_t cp;
        int len;
        uint8_t c = it->s[it->pos];
        if (is_word_byte(c)) {
            /* A run of ASCII letters and digits, lower-cased (in locals:
             * the char stores may alias the iterator's fields). */
            const uint8_t *s = it->s;
            size_t pos = it->pos, n = it->n, ll = it->lower_len;
            bool letter = false;
            /* Eight bytes a step while they are letters and digits
             * (zeros past the line's end are not), and fit. */
            while (pos < n && ll + 8 < sizeof it->lower) {
                uint64_t v = load8(s, n, pos), letters;
                size_t run = ascii_alnum_run(v, &letters);
                uint64_t folded = v | letters >> 2; /* 'A'..'Z' + 32 */
                memcpy(it->lower + ll, &folded, 8);
                uint64_t in_run = low_bytes(run);
                letter |= (letters & in_run) != 0;
                ll += run;
                pos += run;
                if (run < 8)
                    break;
            }
            c = pos < n ? s[pos] : 0;
            while (is_word_byte(c)) { /* the buffer near full */
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
        if (apostrophe_in_word(it)) {
            /* The common case of the decodes below, without them. */
            it->punct++;
            it->lower_len = put_char(it->lower, it->lower_len, '\'', 1);
            it->continuation += c == '\'' ? 0 : 2;
            it->pos += c == '\'' ? 1 : 3;
            continue;
        }
        if (c < 0x80 && c != '\'')
            break; /* ASCII white space or punctuation */
        if (common_run(it))
            continue;
        len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
        word_part part = NOT_WORD;
        if (is_apostrophe(cp) && it->lower_len > 0) {
            /* Inside a word only when a letter follows ("don't"). */
            uint32_t next;
            size_t after = it->pos + (size_t)len;
            if (after >= it->n)
                break;
            cl_decode(it->s + after, it->n - after, &next);
            if (!is_word_char(next) || cl_is_unspaced(next))
                break;
            cp = '\'';
            it->punct++;
        } else if ((part = word_part_of(cp)) == NOT_WORD || cl_is_unspaced(cp)) {
            break;
        }
        if (part == LETTER) {
            it->all_digits = false;
            it->has_letter = true;
        }
        append_lower(it, cp);
        it->pos += (size_t)len;
        it->continuation += (size_t)len - 1;
    }
    it->lower[it->lower_len] = '\0';
    it->hash = lower_hash(it);
    return true;
}

/* Whether the bytes v (UTF-8, little-endian) start with a character of
 * U+2010..U+2027 or U+2030..U+205E (dashes, quotes, the ellipsis, ‰ ′ ‹
 * ›...): punctuation, no part of a word. */
static bool general_punctuation(uint64_t v)
{
    uint32_t lead = (uint32_t)v & 0xFFFF, last = (uint32_t)(v >> 16) & 0xFF;
    if (lead == 0x80E2)
        return (last >= 0x90 && last <= 0xA7) || (last >= 0xB0 && last <= 0xBF);
    return lead == 0x81E2 && last >= 0x80 && last <= 0x9E;
}

typedef struct line_tail line_tail;
static inline bool next_word(cl_word_iter *it, const line_tail *tail);

/* Of U+0080..U+00BF (0xC2 and 0x80 + k), bit k: the letters (ª µ º:
 * L), and the punctuation and symbols (P, S), as the tables read them
 * (both sets unchanged since Unicode 4.0 made the soft hyphen Cf). */
#define LATIN1_LETTERS 0x0420040000000000ULL
#define LATIN1_PUNCT 0x89D3DBFE00000000ULL

/* Whether the bytes v (UTF-8, little-endian) start with a character of
 * U+0080..U+00BF that is no letter: a control, a space or a sign. */
static bool latin1_sign(uint64_t v)
{
    return (v & 0xC0FF) == 0x80C2 && !(LATIN1_LETTERS >> (v >> 8 & 0x3F) & 1);
}

/* The next word, of any kind (next_word, with the line's tail or NULL),
 * at a byte of 0x80 or more: ASCII that is not a letter or digit
 * skipped. */
static __attribute__((noinline)) bool any_word(cl_word_iter *it, const line_tail *tail)
{
    uint32_t cp;
    int len;
    for (;; skip_ascii(it)) {
        if (it->pos >= it->n)
            return false;
        if (it->s[it->pos] < 0x80) /* a letter or digit, after other characters ("“Quote”", "– and") */
            return next_word(it, tail);
        uint64_t v = load8(it->s, it->n, it->pos);
        len = (int)common_letter(v, &cp);
        if (len)
            break;
        if (general_punctuation(v)) { /* the common case below, without a decode and lookups */
            it->continuation += 2;
            it->punct++;
            it->pos += 3;
            continue;
        }
        if (latin1_sign(v)) { /* the next most common: a no-break space, « », ©, ° */
            it->continuation++;
            it->punct += LATIN1_PUNCT >> (v >> 8 & 0x3F) & 1;
            it->pos += 2;
            continue;
        }
        len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
        if (is_word_char(cp))
            break;
        it->continuation += (size_t)len - 1;
        it->punct += uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_P | UC_CATEGORY_MASK_S);
        it->pos += (size_t)len;
    }
    it->lower_len = 0;
    it->capitalised = is_upper(cp);
    it->unspaced = cl_is_unspaced(cp);
    it->has_letter = false;
    it->all_digits = true;
    if (it->unspaced) {
        for (;;) {
            append_lower(it, cp);
            it->pos += (size_t)len;
            it->continuation += (size_t)len - 1;
            /* Marks follow the letters of the alphabets, below Han and kana. */
            if (cp >= 0x3040 || it->pos >= it->n || it->s[it->pos] < 0x80)
                break;
            len = cl_decode(it->s + it->pos, it->n - it->pos, &cp);
            if (!cl_is_unspaced(cp) || !uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_M))
                break;
        }
        it->has_letter = true;
        it->all_digits = false;
        it->lower[it->lower_len] = '\0';
        it->hash = lower_hash(it);
        return true;
    }
    return word_rest(it);
}

/* Does the word go on at it->pos, past ASCII letters and digits? */
static bool goes_on(const cl_word_iter *it)
{
    return it->pos < it->n && (it->s[it->pos] >= 0x80 || it->s[it->pos] == '\'');
}

/* The rest of a word whose first eight bytes are ASCII letters and
 * digits, read on eight bytes a step while they are (and fit the
 * buffer): most such words end at ASCII that is not an apostrophe, and
 * are done here. Others go on in word_rest. */
static inline __attribute__((always_inline)) bool long_ascii_word(cl_word_iter *it, uint64_t first)
{
    const uint8_t *s = it->s;
    size_t n = it->n, pos = it->pos, ll = it->lower_len, run = 8;
    uint64_t word = first;
    bool letter = false;
    while (run == 8 && pos < n && ll + 8 < sizeof it->lower) {
        uint64_t v = load8(s, n, pos), letters;
        run = ascii_alnum_run(v, &letters);
        word = (v | letters >> 2) & low_bytes(run); /* 'A'..'Z' + 32, zeros after */
        memcpy(it->lower + ll, &word, 8);
        letter |= (letters & low_bytes(run)) != 0;
        ll += run;
        pos += run;
    }
    it->lower_len = ll;
    it->pos = pos;
    if (letter) {
        it->all_digits = false;
        it->has_letter = true;
    }
    if (run == 8 || goes_on(it))
        return word_rest(it);
    if (ll >= 16) {
        it->hash = lower_hash(it);
        return true;
    }
    /* Most are one or two steps, whose bytes are still at hand. */
    uint64_t h = hash_step(hash_start(ll), first);
    it->hash = hash_end(ll > 8 ? hash_step(h, word) : h);
    return true;
}

/* A word at it->pos that starts with an ASCII letter or digit, the
 * eight bytes there v (zeros past the line's end), read eight bytes a
 * step: near the line's end, and everywhere without SSE2. The common
 * case is read here in one step, without the general loop's overhead:
 * fewer than eight letters and digits up to ASCII that is not an
 * apostrophe (or the line's end). Others go on in long_ascii_word or
 * word_rest. */
static inline __attribute__((always_inline)) bool ascii_word(cl_word_iter *it, uint64_t v)
{
    uint64_t letters;
    size_t run = ascii_alnum_run(v, &letters);
    uint64_t word = (v | letters >> 2) & low_bytes(run); /* 'A'..'Z' + 32, zeros after */
    memcpy(it->lower, &word, 8);
    it->lower_len = run;
    it->pos += run;
    it->unspaced = false;
    it->capitalised = letters & ~(v << 2) & 0x80; /* a letter without 0x20: upper case */
    it->has_letter = (letters & low_bytes(run)) != 0;
    it->all_digits = !it->has_letter;
    if (run == 8)
        return long_ascii_word(it, word);
    uint8_t stop = (uint8_t)(v >> (8 * run));
    if (stop >= 0x80 || stop == '\'')
        return word_rest(it);
    it->hash = hash_end(hash_step(hash_start(run), word));
    return true;
}

#ifdef __SSE2__
/* 0xFF in each byte from lo to hi (ASCII), 0 in the others: SSE2
 * compares signed bytes, those of 0x80 or more below any ASCII. */
static inline __m128i lanes_from_to(__m128i v, char lo, char hi)
{
    return _mm_andnot_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(hi)), _mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))));
}

/* Read sixteen bytes at in_run + 16 - k: k bytes of 0xFF, then zeros. */
static const uint8_t in_run[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* The Latin-1 letters in two bytes among sixteen (0xC3, then 0x80..0xBF
 * but 0x97 and 0xB7, × and ÷), the common letters of most Western
 * European words: the bits of both their bytes, in *seconds those of
 * their second bytes, in *upper the lanes of the second bytes of the
 * upper-case ones (À..Þ: 0x80..0x9E), 0x20 below their lower case. */
static inline __attribute__((always_inline)) unsigned latin_letters(__m128i v, unsigned *seconds, __m128i *upper)
{
    __m128i second = _mm_slli_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3)), 1);
    second = _mm_and_si128(second, _mm_cmpgt_epi8(_mm_set1_epi8((char)0xC0), v));
    second = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)0xB7)), second);
    *upper = _mm_and_si128(second, _mm_cmpgt_epi8(_mm_set1_epi8((char)0x9F), v));
    *seconds = (unsigned)_mm_movemask_epi8(second);
    return *seconds | *seconds >> 1;
}

static bool sixteen_latin_word(cl_word_iter *it, const uint8_t *s);

/* cl_word_hash of a word of run bytes (fewer than sixteen), zeros after. */
static inline uint64_t sixteen_hash(__m128i lower, size_t run)
{
    uint64_t h = hash_step(hash_start(run), (uint64_t)_mm_cvtsi128_si64(lower));
    if (run > 8)
        h = hash_step(h, (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(lower, lower)));
    return hash_end(h);
}

/* ascii_word for a word of fewer than sixteen ASCII letters and digits
 * at it->pos, sixteen bytes of the line there at s (zeros past its
 * end), which SSE2 classifies at once: whether it is one (then read,
 * else nothing changed). With latin, Latin-1 letters are read in it as
 * well, and it may start with one; without, a word that goes on in one
 * is read so (sixteen_latin_word). */
static inline __attribute__((always_inline)) bool sixteen_word(cl_word_iter *it, const uint8_t *s, bool latin)
{
    size_t pos = it->pos;
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i letters = lanes_from_to(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
    unsigned alnum = (unsigned)_mm_movemask_epi8(_mm_or_si128(letters, lanes_from_to(v, '0', '9')));
    unsigned seconds = 0;
    __m128i upper = _mm_setzero_si128();
    if (latin)
        alnum |= latin_letters(v, &seconds, &upper);
    size_t run = (size_t)__builtin_ctz(~alnum);
    if (run == 16 || (latin && run == 0))
        return false;
    __m128i lower = _mm_or_si128(v, _mm_and_si128(_mm_or_si128(letters, upper), _mm_set1_epi8(0x20))); /* + 32 */
    lower = _mm_and_si128(lower, _mm_loadu_si128((const __m128i *)(in_run + 16 - run)));
    _mm_storeu_si128((__m128i *)it->lower, lower);
    it->lower_len = run;
    it->pos = pos + run;
    it->unspaced = false;
    /* (A Latin-1 letter first: its second byte tells.) */
    it->capitalised = latin && s[0] >= 0x80 ? s[1] < 0x9F : (uint8_t)(s[0] - 'A') < 26;
    it->has_letter = (((unsigned)_mm_movemask_epi8(letters) | seconds) & ((1u << run) - 1)) != 0;
    it->all_digits = !it->has_letter;
    for (seconds &= (1u << run) - 1; seconds; seconds &= seconds - 1)
        it->continuation++;
    if (s[run] >= 0x80 || s[run] == '\'') {
        if (!latin && s[run] == 0xC3) { /* most often a Latin-1 letter: read again from the start */
            it->pos = pos;
            return sixteen_latin_word(it, s);
        }
        return word_rest(it);
    }
    it->hash = sixteen_hash(lower, run);
    return true;
}

static inline __attribute__((always_inline)) bool sixteen_ascii_word(cl_word_iter *it, const uint8_t *s)
{
    return sixteen_word(it, s, false);
}

/* Not inlined: in the ASCII reader the compiler would mark the Latin-1
 * letters of every word, not only of the few that hold one. */
static __attribute__((noinline)) bool sixteen_latin_word(cl_word_iter *it, const uint8_t *s)
{
    return sixteen_word(it, s, true);
}

/* 0xFF in each byte of v whose top four bits are those of top. */
static inline __m128i lanes_of_row(__m128i v, uint8_t top)
{
    return _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xF0)), _mm_set1_epi8((char)top));
}

/* A word that starts with basic Cyrillic letters (U+0400..U+045F,
 * common letters: 0xD0 and 0x80..0xBF, 0xD1 and 0x80..0x9F) at it->pos:
 * up to eight of them in sixteen bytes of the line there at s (zeros
 * past its end), which SSE2 reads at once as common_run reads four
 * letters, the rest of a longer word or one that goes on in other
 * letters in word_rest. Whether it is one (then read, else nothing
 * changed). */
static __attribute__((noinline)) bool sixteen_cyrillic_word(cl_word_iter *it, const uint8_t *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i d0 = _mm_slli_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0)), 1); /* at the second bytes */
    __m128i d1 = _mm_slli_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD1)), 1);
    __m128i second = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80));
    __m128i low_second = _mm_or_si128(lanes_of_row(v, 0x80), lanes_of_row(v, 0x90));
    __m128i letters = _mm_or_si128(_mm_and_si128(d0, second), _mm_and_si128(d1, low_second));
    /* The letters in pairs from the first byte on: bits 1, 3, 5... */
    unsigned pairs = ((unsigned)_mm_movemask_epi8(letters) >> 1) & 0x5555;
    size_t run = (size_t)__builtin_ctz(~pairs & 0x15555) & ~(size_t)1; /* bytes */
    if (run == 0)
        return false;
    /* Upper case, 0xD0 and 0x80..0xAF, to lower case: Ѐ..Џ (0x80..) to
     * 0xD1 and 0x90.., А..П (0x90..) to 0xD0 and 0xB0.., Р..Я (0xA0..)
     * to 0xD1 and 0x80.. (as common_lower). */
    __m128i row8 = _mm_and_si128(d0, lanes_of_row(v, 0x80)), row9 = _mm_and_si128(d0, lanes_of_row(v, 0x90));
    __m128i rowA = _mm_and_si128(d0, lanes_of_row(v, 0xA0));
    __m128i delta = _mm_or_si128(_mm_and_si128(row8, _mm_set1_epi8(0x10)), _mm_and_si128(row9, _mm_set1_epi8(0x20)));
    delta = _mm_or_si128(delta, _mm_and_si128(rowA, _mm_set1_epi8((char)0xE0))); /* - 0x20 */
    delta = _mm_or_si128(delta, _mm_and_si128(_mm_srli_si128(_mm_or_si128(row8, rowA), 1), _mm_set1_epi8(1)));
    __m128i lower = _mm_add_epi8(v, delta);
    lower = _mm_and_si128(lower, _mm_loadu_si128((const __m128i *)(in_run + 16 - run)));
    _mm_storeu_si128((__m128i *)it->lower, lower);
    it->lower_len = run;
    it->pos += run;
    it->continuation += run / 2;
    it->unspaced = false;
    it->capitalised = s[0] == 0xD0 && s[1] < 0xB0;
    it->has_letter = true;
    it->all_digits = false;
    if (run == 16 || s[run] >= 0x80 || s[run] == '\'' || is_word_byte(s[run]))
        return word_rest(it);
    it->hash = sixteen_hash(lower, run);
    return true;
}
#endif

/* The line's last sixteen bytes (all of a shorter line), from the
 * line's byte from on, and zeros after them: the words near the line's
 * end, and those of short lines, read sixteen bytes at a time as the
 * others are in the line itself. */
typedef struct line_tail {
    size_t from;
    uint8_t bytes[32];
} line_tail;

#ifdef __SSE2__
static inline void tail_init(line_tail *t, const uint8_t *s, size_t n)
{
    uint8_t *b = t->bytes;
    memset(b, 0, sizeof t->bytes);
    t->from = n >= 16 ? n - 16 : 0;
    if (n >= 16) {
        memcpy(b, s + n - 16, 16);
    } else if (n >= 8) { /* two eight-byte copies that overlap */
        memcpy(b, s, 8);
        memcpy(b + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(b, s, 4);
        memcpy(b + n - 4, s + n - 4, 4);
    } else {
        for (size_t k = 0; k < n; k++)
            b[k] = s[k];
    }
}
#endif

/* cl_words_next, inlined in the loop over a line's words; with the
 * line's tail, or NULL. */
static inline __attribute__((always_inline)) bool next_word(cl_word_iter *it, const line_tail *tail)
{
    /* The common case first: ASCII between the words, then a word that
     * starts with an ASCII letter or digit. */
    skip_ascii(it);
    size_t pos = it->pos;
    if (pos >= it->n)
        return false; /* the line's end, most often */
#ifdef __SSE2__
    /* Sixteen bytes at pos: in the line, or in its tail. */
    const uint8_t *sixteen = pos + 16 <= it->n ? it->s + pos : tail ? tail->bytes + (pos - tail->from) : NULL;
    if (it->s[pos] >= 0x80)
        return (sixteen && ((it->s[pos] == 0xC3 && sixteen_latin_word(it, sixteen)) ||
                            ((it->s[pos] & 0xFE) == 0xD0 && sixteen_cyrillic_word(it, sixteen)))) ||
               any_word(it, tail);
    if (sixteen && sixteen_ascii_word(it, sixteen))
        return true;
#else
    (void)tail;
    if (it->s[pos] >= 0x80)
        return any_word(it, tail);
#endif
    return ascii_word(it, load8(it->s, it->n, pos));
}

bool cl_words_next(cl_word_iter *it)
{
    return next_word(it, NULL);
}

/* Characters that close a sentence, seen after trailing quotes and
 * brackets are skipped. */
static inline bool is_sentence_end(uint32_t cp)
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

bool cl_is_sentence_end(uint32_t cp)
{
    return is_sentence_end(cp);
}

static inline bool is_closing(uint32_t cp)
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

/* cl_final_mark, of most lines their last byte: ASCII, no closing quote
 * or bracket. */
static inline uint32_t final_mark(const char *line, size_t n)
{
    uint8_t last = n ? (uint8_t)line[n - 1] : 0;
    return last < 0x80 && !is_closing(last) ? last : cl_final_mark(line, n);
}

bool cl_ends_like_paragraph(const char *line, size_t n)
{
    return (n > 0 && (line[n - 1] == ')' || line[n - 1] == ']')) || cl_is_sentence_end(cl_final_mark(line, n));
}

bool cl_is_lower_initial(uint32_t cp)
{
    /* Georgian's letters (Mkhedruli, U+10D0..U+10FF) are lower case to
     * Unicode, yet every sentence and title starts with one. */
    return cp < 0x80 ? cp - 'a' < 26 : uc_is_lower(cp) && !(cp >= 0x10D0 && cp <= 0x10FF);
}

bool cl_starts_lower(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n)
        return false;
    uint32_t cp;
    cl_decode((const uint8_t *)line + i, n - i, &cp);
    return cl_is_lower_initial(cp);
}

/* The list marker of a line (cl_starts_with_bullet) at s[i], after its
 * indentation. */
static bool bullet_at(const uint8_t *s, size_t n, size_t i)
{
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

static inline bool starts_with_bullet(const char *line, size_t n)
{
    const uint8_t *s = (const uint8_t *)line;
    /* Most lines start with a letter, which no marker is. */
    if (n == 0 || (uint8_t)((s[0] | 0x20) - 'a') < 26)
        return false;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i < n && (uint8_t)((s[i] | 0x20) - 'a') >= 26 && bullet_at(s, n, i);
}

bool cl_starts_with_bullet(const char *line, size_t n)
{
    return starts_with_bullet(line, n);
}

unsigned cl_heading_level(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && line[i] == ' ')
        i++;
    size_t marks = 0;
    while (i + marks < n && line[i + marks] == '#')
        marks++;
    size_t text = i + marks + 1;
    /* "#hashtag" and a lone "#" are no headings. */
    if (marks == 0 || marks > 6 || text >= n || (line[text - 1] != ' ' && line[text - 1] != '\t'))
        return 0;
    return (unsigned)marks;
}

void cl_features_set_stopwords(cl_features *f, uint32_t stopwords, long lang)
{
    /* Unspaced characters count as half a word each, and so do those of
     * them a stoplist holds: a sentence of Chinese, a third of its
     * characters particles and pronouns, is as dense as one of English. */
    f->stopwords = stopwords;
    f->stop_density = (lang >= 0 && f->words > 0) ? (float)stopwords / (float)f->words : -1.0f;
}

/* The number of the line's content words, n so far, with the word (not
 * a stopword) kept if it is one and there is room. */
static size_t keep_content(uint64_t *content, size_t n, const cl_word_iter *it, unsigned stem)
{
    if (n < CL_LINE_WORDS && cl_may_be_content(it))
        content[n++] = cl_topic_hash(it->lower, it->lower_len, it->hash, stem);
    return n;
}

/* The words of a line (it) into f, and its content words into content:
 * inlined twice, for the lines read while the page's language is
 * guessed (guess set, no stoplist, no content words yet) and for the
 * others, each loop without the other's steps. */
static inline __attribute__((always_inline)) size_t line_words(cl_word_iter *it, const cl_stopindex *ix, long lang,
                                                              cl_guess *guess, uint64_t *content,
                                                              const line_tail *tail, cl_features *f)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    /* Counted in locals, without branches: the word's flags are read
     * from the iterator again after each call. */
    uint32_t plain_words = 0, stopwords = 0, digit_words = 0, capitalised = 0, lead_capitalised = 0;
    bool in_lead = true, after_number = false;
    size_t content_words = 0;
    unsigned stem = content ? cl_stopindex_stem(ix, lang) : 0;
    while (next_word(it, tail)) {
        h = (h ^ it->hash) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 32;
        if (guess)
            cl_guess_word(guess, it);
        if (it->unspaced) {
            /* A Chinese or Japanese stoplist holds such characters. */
            f->unspaced_chars++;
            if (lang >= 0 && cl_stopindex_has(ix, it->lower, it->lower_len, it->hash, (size_t)lang))
                stopwords++;
            else if (content)
                content_words = keep_content(content, content_words, it, stem);
            continue;
        }
        plain_words++;
        digit_words += it->all_digits;
        capitalised += it->capitalised;
        /* Leading title-cased words; short lower-case ones ("of", "a")
         * neither count nor end the run, as in a headline, and a number
         * counts once, however its digits are grouped ("6,7", "1 968"). */
        bool title = it->capitalised || it->all_digits;
        lead_capitalised += in_lead && title && !(it->all_digits && after_number);
        in_lead = in_lead && (title || it->lower_len <= 3);
        after_number = it->all_digits;
        if (lang >= 0 && cl_stopindex_has(ix, it->lower, it->lower_len, it->hash, (size_t)lang))
            stopwords++;
        else if (content)
            content_words = keep_content(content, content_words, it, stem);
    }
    f->words = plain_words + (f->unspaced_chars + 1) / 2;
    f->digit_words = digit_words;
    f->alpha_words = plain_words - digit_words; /* a word has a letter or is all digits */
    f->capitalised = capitalised;
    f->lead_capitalised = (uint16_t)(lead_capitalised < UINT16_MAX ? lead_capitalised : UINT16_MAX);
    f->hash = h;
    cl_features_set_stopwords(f, stopwords, lang);
    return content_words;
}

size_t cl_line_features(const char *line, size_t length, const cl_stopindex *ix, long lang, cl_guess *guess,
                        uint64_t *content, cl_features *f)
{
    memset(f, 0, sizeof *f);
    /* Characters, punctuation and web addresses are counted by the word
     * iterator on its way. */
    cl_word_iter it;
    cl_words_init(&it, line, length);
    const line_tail *t = NULL;
#ifdef __SSE2__
    line_tail tail;
    tail_init(&tail, (const uint8_t *)line, length);
    t = &tail;
#endif
    size_t content_words =
        guess ? line_words(&it, NULL, -1, guess, NULL, t, f) : line_words(&it, ix, lang, NULL, content, t, f);
    f->chars = (uint32_t)(length - it.continuation);
    f->punct = it.punct;
    uint32_t mark = final_mark(line, length);
    /* A trailing colon announces what follows (a list), it does not close. */
    f->ends_colon = mark == ':' || mark == 0xFF1A;
    f->ends_sentence = is_sentence_end(mark) && !f->ends_colon;
    f->ends_ask = mark == '?' || mark == '!' || mark == 0xFF1F || mark == 0xFF01;
    f->bullet = starts_with_bullet(line, length);
    f->heading = length && (line[0] == '#' || line[0] == ' ') ? (uint8_t)(cl_heading_level(line, length) & 7) : 0;
    /* The iterator passes every '@' but those of the links' markup. */
    f->url = it.url || (it.links && has_email(line, length));
    f->link_markup = it.links > 0;
    return content_words;
}
