/* Headers that decide the lines under them, before context: a post
 * header heads the comments of an article but is only itself on a
 * thread page (the page's kind decides); a link-list header drops the
 * list under it, a box header (about the author) after some prose the
 * box's first paragraph, but between a thread's posts only itself. */
#include <string.h>

#include "score.h"

#define BLOCK_ITEM_WORDS 20    /* a block runs over lines up to this long */
#define BLOCK_SENTENCE_WORDS 5 /* a sentence this long ends a block */
#define TEASER_WORDS 30        /* a teaser's sentence under its title in a link list */
#define TITLE_MIN_WORDS 4      /* of a story's title */
#define TEASER_MIN_PAIRS 3     /* titles, each over its teaser, that make a list of them */
#define BOX_MAX_LINES 3        /* lines under a box header that may hold its paragraph */
#define BLOCK_MENU_ITEMS 12    /* lines a header above all prose may head */
#define BOX_AFTER_WORDS 30     /* prose words before a box header: it is not the page's own heading */
#define THREAD_MIN_POSTS 2     /* post headers that can make a page a thread */
#define THREAD_MAX_FIRST_POST_WORDS 250 /* prose above a count of replies that make a thread */
#define THREAD_MAX_OPENING_WORDS 150 /* prose above the first post header that is a question, not an article */
#define THREAD_MIN_REPLIES 4   /* runs of prose under the count */
#define REPLY_STAMP_WORDS 6    /* a reply's time or vote count: a short line with a number */
#define HEADERLESS_REPLY_WORDS 60 /* mean words of a reply on a thread no post header marks */
#define REPLY_CHROME_LINES 8   /* chrome lines of the first reply that the others may repeat */
#define OPENING_CHROME_LINES 12 /* lines above a first post that may hold its poster's card */
#define OPENING_CHROME_MIN 3   /* lines of that card that the replies' cards repeat */
#define COMMENTS_AFTER_WORDS BOX_AFTER_WORDS /* prose words before a count of comments that heads them */

/* Do THREAD_MIN_REPLIES replies follow the post that starts at position
 * from (or that the lines from there lead to)? With short_post, a post
 * of THREAD_MAX_FIRST_POST_WORDS is an article, not a thread's question. */
static bool replies_follow(const cl_page *pg, const cl_pos *idx, size_t n, size_t from, bool short_post, double max_reply_words)
{
    double post_words = 0, reply_words = 0;
    /* Replies follow one another with the same chrome between them: a
     * line the page repeats or a rule drops ("Upvote", "Reply"), one of
     * those after the first reply, and a stamp or a count ("7 hours
     * ago", "84"). A footer's paragraphs or a list of teasers with "Read
     * more" under each have no such chrome. */
    size_t replies = 0, chrome_count = 0, gaps = 0, chrome_gap = SIZE_MAX;
    uint64_t chrome[REPLY_CHROME_LINES];
    bool prose_before = false, in_gap = false, chrome_seen = false, stamp_seen = false, gap_marked = false;
    for (size_t q = from; q < n && replies < THREAD_MIN_REPLIES; q++) {
        const cl_line *L = &pg->lines[idx[q]];
        bool prose_line = L->cls == CLEAN_CLASS_GOOD && !cl_rule_dropped(L);
        if (prose_line) {
            replies += in_gap && chrome_seen && stamp_seen;
            gaps += in_gap && gap_marked;
            gap_marked = false;
            if (gaps > 0)
                reply_words += L->f.words;
            /* The post under the meta line is short: an article is none. */
            if (short_post && gaps == 0 && (post_words += L->f.words) >= THREAD_MAX_FIRST_POST_WORDS)
                return false;
            prose_before = true, in_gap = chrome_seen = stamp_seen = false;
            continue;
        }
        if (!prose_before)
            continue;
        in_gap = true;
        bool chrome_line = L->repeated || cl_rule_dropped(L);
        bool stamp = L->f.digit_words > 0 && L->f.words <= REPLY_STAMP_WORDS;
        /* A short line of a post (a greeting, an item) is no gap between
         * posts: one holds chrome or a stamp. */
        gap_marked = gap_marked || chrome_line || stamp;
        if (chrome_line) {
            for (size_t k = 0; k < chrome_count && !chrome_seen; k++)
                chrome_seen = chrome[k] == L->f.hash;
            /* The chrome is the first gap's that has any: the post above
             * may hold a list or a label ("System:") of its own. Its last
             * lines are kept, the poster's card over the first reply,
             * not the page links above it. */
            chrome_gap = chrome_gap == SIZE_MAX ? gaps : chrome_gap;
            if (gaps == chrome_gap) {
                if (chrome_count == REPLY_CHROME_LINES)
                    memmove(chrome, chrome + 1, --chrome_count * sizeof *chrome);
                chrome[chrome_count++] = L->f.hash, chrome_seen = true;
            }
        }
        stamp_seen = stamp_seen || stamp;
    }
    return replies >= THREAD_MIN_REPLIES && (max_reply_words == 0 || reply_words <= max_reply_words * replies);
}

/* A short post and a count of its replies ("48 comments") over a run of
 * replies, each with its chrome (a Reddit or Lemmy thread, a Q&A) is a
 * thread, where an article's count heads its comments; so is one whose
 * count stands in the meta line above the post, as Hacker News and
 * Lobsters print it ("63 points | 21 comments"). The position of the
 * count, or SIZE_MAX. */
static size_t replies_under_count(const cl_page *pg, const cl_pos *idx, size_t n)
{
    double prose = 0;
    size_t p = 0, count_above = SIZE_MAX;
    for (; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (cl_rule_is(L, CL_ACTION_COMMENTS)) {
            if (prose >= COMMENTS_AFTER_WORDS)
                break;
            if (count_above == SIZE_MAX && L->f.digit_words > 0)
                count_above = p;
        }
        if (cl_rule_is(L, CL_ACTION_POST) || (cl_is_header(L) && prose > 0)) {
            p = n;
            break;
        }
        if (cl_is_prose(L))
            prose += L->f.words;
    }
    if (p >= n)
        p = count_above;
    if (p == SIZE_MAX || (p != count_above && prose >= THREAD_MAX_FIRST_POST_WORDS))
        return SIZE_MAX;
    return replies_follow(pg, idx, n, p + 1, p == count_above, 0) ? p : SIZE_MAX;
}

/* The page's lines that count comments: their words, and the prose
 * words above each. */
#define COMMENT_COUNTS_MAX 32
typedef struct comment_counts {
    size_t n;
    uint64_t hash[COMMENT_COUNTS_MAX];
    double prose_before[COMMENT_COUNTS_MAX];
    bool numbered[COMMENT_COUNTS_MAX]; /* "Komentari (34)", not "Comments" */
} comment_counts;

/* Does count i stand again elsewhere with a post's prose between (a
 * button under each answer)? Of a number of comments printed twice, one
 * by the byline that jumps to them and one over them, the last heads
 * them; a number printed under each answer differs from one to the next. */
static bool is_button(const comment_counts *cc, size_t i)
{
    size_t above = 0;
    for (size_t j = 0; j < cc->n; j++) {
        double between = cc->prose_before[j] - cc->prose_before[i];
        if (j == i || cc->hash[j] != cc->hash[i])
            continue;
        if (between >= COMMENTS_AFTER_WORDS ||
            (-between >= COMMENTS_AFTER_WORDS && (!cc->numbered[i] || ++above == 2)))
            return true;
    }
    return false;
}

/* Do OPENING_CHROME_MIN different short lines the page repeats, of the
 * OPENING_CHROME_LINES above position p, stand twice more below it? A
 * board prints its poster's card over every post, the first too. */
static bool opening_under_post_chrome(const cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first,
                                      const cl_pos *copies, size_t p)
{
    uint64_t found[OPENING_CHROME_MIN];
    size_t count = 0;
    size_t from = p > OPENING_CHROME_LINES ? p - OPENING_CHROME_LINES : 0;
    for (size_t q = from; q < p && count < OPENING_CHROME_MIN; q++) {
        const cl_line *L = &pg->lines[idx[q]];
        bool known = false;
        for (size_t k = 0; k < count; k++)
            known |= found[k] == L->f.hash;
        /* Itself and two more copies at least: most lines a page repeats
         * (a menu's, in its footer too) are read no further. */
        if (!L->repeated || L->f.words > REPLY_STAMP_WORDS || copies[first[q]] < 3 || known)
            continue;
        size_t again = 0;
        for (size_t r = p; r < n && again < 2; r++)
            again += pg->lines[idx[r]].f.hash == L->f.hash;
        if (again == 2)
            found[count++] = L->f.hash;
    }
    return count == OPENING_CHROME_MIN;
}

/* Post headers ("NAME says:") head the comments under an article, but on
 * a thread page (a forum, a Q&A) the posts are the content. A page is a
 * thread when it has several posts and, before the first, neither an
 * article's worth of prose (an opening post of a hundred-odd words is
 * common, an article with comments under it is longer, or has a count
 * of them) nor a section header such as "Comments" between a paragraph
 * of it and the posts (a header in the menu, above all prose or
 * followed by more, or the "Tags" under a thread's title, heads no
 * comments). Post headers then only drop themselves; on an
 * article page they act as block headers. So do the lines that announce
 * comments ("12 replies") below some prose; they head no post: a blog's
 * meta line above its article ("4 Kommentare") does not make it a
 * thread. */
void cl_resolve_post_headers(cl_page *pg, const cl_pos *idx, size_t n, const cl_pos *first, const cl_pos *copies)
{
    size_t posts = 0, counts = 0;
    double prose_before = 0;
    bool header_before = false;
    /* A count below the page's last paragraph is a teaser's, of another
     * thread or article ("41 Upvotes · 23 Kommentare"). */
    size_t last_prose = n;
    while (last_prose > 0 && !cl_is_prose(&pg->lines[idx[last_prose - 1]]))
        last_prose--;
    for (size_t p = 0; p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        counts += cl_rule_is(L, CL_ACTION_COMMENTS) && p < last_prose;
        if (cl_rule_is(L, CL_ACTION_POST) && posts++ == 0)
            pg->first_post = p;
        else if (posts == 0 && cl_is_header(L))
            header_before = header_before || prose_before >= COMMENTS_AFTER_WORDS;
        else if (posts == 0 && cl_is_prose(L))
            prose_before += L->f.words, header_before = false;
    }
    /* A count of comments says the prose above is an article's. */
    double opening_max = counts ? CL_END_AFTER_WORDS : THREAD_MAX_OPENING_WORDS;
    pg->thread = posts >= THREAD_MIN_POSTS && !header_before && prose_before < opening_max;
    if (!pg->thread && (counts || posts)) {
        size_t count_at = replies_under_count(pg, idx, n);
        if (count_at != SIZE_MAX)
            pg->thread = true, pg->first_post = count_at;
    }
    /* Posts that quote others ("NAME wrote:") and no count: a board
     * whose post headers no rule knows, if a short first post has
     * replies under it with the same chrome between them. With no post
     * header either, only if the replies are short: a list of teasers or
     * of reviews has longer ones. */
    if (!pg->thread && !counts) {
        size_t p = 0;
        while (p < n && !cl_is_prose(&pg->lines[idx[p]]))
            p++;
        /* A first post under the chrome that every reply has (the
         * poster's card: "Member", "Joined:", "Posts:") is a post,
         * however long. */
        bool under_chrome = opening_under_post_chrome(pg, idx, n, first, copies, p);
        if (p < n && replies_follow(pg, idx, n, p, !under_chrome, posts ? 0 : HEADERLESS_REPLY_WORDS))
            pg->thread = true, pg->first_post = p;
    }
    for (size_t p = n; pg->thread && p-- > pg->first_post;) {
        if (cl_rule_is(&pg->lines[idx[p]], CL_ACTION_POST)) {
            pg->last_post = p;
            break;
        }
    }
    /* Between the posts of a thread, a box header is a poster's badge
     * ("Author" beside the handle): it heads no box. */
    for (size_t p = pg->first_post; pg->thread && p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        if (cl_rule_is(L, CL_ACTION_BOX))
            L->action = CL_ACTION_DROP;
    }
    /* A count of comments heads them after some prose; above it, it is
     * the article's meta line and only goes itself, and so does one
     * that the page repeats with prose between, a button under each
     * answer ("Comments", "Kommentar"). */
    comment_counts cc = {.n = 0};
    double prose = 0;
    for (size_t p = 0; counts && p < n; p++) {
        const cl_line *L = &pg->lines[idx[p]];
        if (cl_rule_is(L, CL_ACTION_COMMENTS) && cc.n < COMMENT_COUNTS_MAX)
            cc.hash[cc.n] = L->f.hash, cc.numbered[cc.n] = L->f.digit_words > 0, cc.prose_before[cc.n++] = prose;
        else if (cl_is_prose(L))
            prose += L->f.words;
    }
    prose = 0;
    pg->comments_at = SIZE_MAX;
    for (size_t p = 0, c = 0; (posts || counts) && p < n; p++) {
        cl_line *L = &pg->lines[idx[p]];
        bool post = cl_rule_is(L, CL_ACTION_POST), count = !post && cl_rule_is(L, CL_ACTION_COMMENTS);
        if (post || count) {
            bool button = count && c < cc.n && is_button(&cc, c++);
            bool heads = !pg->thread && !button && (post || prose >= COMMENTS_AFTER_WORDS);
            L->action = heads ? CL_ACTION_BLOCK : CL_ACTION_DROP;
            if (heads && pg->comments_at == SIZE_MAX)
                pg->comments_at = p;
        } else if (cl_is_prose(L)) {
            prose += L->f.words;
        }
    }
}

/* A story's title in a link list: a headline's few words that end no
 * sentence (a reference's "See also" names members in one or two). */
static bool is_title(const cl_line *L)
{
    return L->f.words >= TITLE_MIN_WORDS && L->f.words <= BLOCK_ITEM_WORDS && !L->f.ends_sentence && !L->f.ends_colon &&
           !cl_is_header(L);
}

/* A teaser under its title: one short sentence. */
static bool is_teaser(const cl_line *L)
{
    return L->f.ends_sentence && L->f.words <= TEASER_WORDS && !cl_is_header(L);
}

/* The end of the run of titles each over its teaser that starts with the
 * teaser at b (its title above it), if TEASER_MIN_PAIRS pairs or more make
 * it, or b: a link list of other stories, "More from Court & Crime",
 * prints them so, where an article's paragraphs are longer and its
 * subheadings fewer. */
static size_t teasers_end(const cl_page *pg, const cl_pos *idx, size_t n, size_t b)
{
    if (b == 0 || !is_title(&pg->lines[idx[b - 1]]))
        return b;
    size_t q = b, pairs = 0;
    while (q < n && is_teaser(&pg->lines[idx[q]])) {
        pairs++, q++;
        if (q + 1 >= n || !is_title(&pg->lines[idx[q]]) || !is_teaser(&pg->lines[idx[q + 1]]))
            break;
        q++;
    }
    return pairs >= TEASER_MIN_PAIRS ? q : b;
}

/* A block header drops the list-like run under it; a box header (about
 * the author) that follows some prose also drops the box's first
 * paragraph, within BOX_MAX_LINES lines. A list of titles each over its
 * teaser goes whole. */
void cl_mark_blocks(cl_page *pg, const cl_pos *idx, size_t n)
{
    double prose_words = 0;
    for (size_t a = 0; a < n; a++) {
        cl_line *H = &pg->lines[idx[a]];
        if (!cl_is_header(H)) {
            if (cl_is_prose(H))
                prose_words += H->f.words;
            continue;
        }
        bool box = cl_rule_is(H, CL_ACTION_BOX) && prose_words >= BOX_AFTER_WORDS;
        /* Above all prose the header is a menu's item ("Trending"): what
         * it heads is a few lines of the menu, not the page's title and
         * buy box under them, which context decides. */
        size_t most = prose_words > 0 ? n : a + 1 + BLOCK_MENU_ITEMS;
        size_t b, teasers_to = 0;
        bool in_teasers = false; /* the block runs over titles and their teasers, to teasers_to */
        for (b = a + 1; b < n && b < most; b++) {
            cl_line *L = &pg->lines[idx[b]];
            if (cl_rule_is(L, CL_ACTION_KEEP) || cl_rule_is(L, CL_ACTION_TABLE) || cl_is_header(L))
                break;
            /* A list of bullets past a blank line, under items that had
             * none, is another list (a product's features under the
             * "You may also like" box). */
            if (L->span.blank_before && L->f.bullet && b > a + 1 && !pg->lines[idx[b - 1]].f.bullet)
                break;
            /* A list ends at the first sentence: link lists hold titles.
             * So does one announcing a list ("... im Überblick:"). */
            bool sentence = (L->f.ends_sentence || L->f.ends_colon) && L->f.words >= BLOCK_SENTENCE_WORDS &&
                            (L->cls == CLEAN_CLASS_GOOD || L->cls == CLEAN_CLASS_NEAR_GOOD);
            bool prose = sentence || (L->f.words > BLOCK_ITEM_WORDS && !L->f.bullet);
            if (box && b - a > BOX_MAX_LINES)
                box = false;
            if (prose && !box && !in_teasers) {
                teasers_to = teasers_end(pg, idx, n, b);
                if (teasers_to == b)
                    break;
                in_teasers = true;
            }
            if (in_teasers && b == teasers_to)
                break;
            L->cls = CLEAN_CLASS_BAD;
            L->reason = "block";
            L->block_item = true;
            L->reason_rule = H->reason_rule;
            cl_set_related(L, idx[a] + 1);
            if (prose && !in_teasers) {
                b++;
                break;
            }
        }
        a = b - 1;
    }
}
