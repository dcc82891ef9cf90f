/*
 * clean-text: the command-line front end of libclean.
 *
 * It parses arguments, reads inputs, writes results and reports errors;
 * every cleaning decision is the library's. The cleaner is built once,
 * before any input is touched, so a bad option, rule file or stoplist
 * stops the run (status 2) without reading or writing anything.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <clean.h>

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    EXIT_INPUT_FAILED = 1, /* an input or its output failed; others went on */
    EXIT_USAGE = 2         /* bad option, rules or stoplist; nothing touched */
};

/* A first read buffer for inputs whose size fstat cannot tell (pipes). */
#define UNKNOWN_SIZE_CAPACITY ((size_t)64 * 1024)

/* Name of the temp file an output is written to before its rename. */
#define TEMP_FILE_TEMPLATE ".clean-text-XXXXXX"

static const char usage_text[] =
    "Usage: " PROGRAM_NAME " [OPTIONS] [FILE...]\n"
    "Keep the main content of raw page text dumps: headlines, paragraphs,\n"
    "subheadings and lists, in input order, byte for byte but for the\n"
    "links' addresses (see --links).\n"
    "With no FILE, or when FILE is -, read standard input.\n"
    "\n"
    "  -o, --output=DIR          write each result to DIR under the input's\n"
    "                            path (standard input still goes to standard\n"
    "                            output); without -o results go to standard\n"
    "                            output in input order\n"
    "      --explain[=FORMAT]    print a verdict per input line instead of the\n"
    "                            text; FORMAT is tsv (the default) or json\n"
    "      --lang=CODE           page language: auto (the default), an ISO 639-1\n"
    "                            code or a stoplist name\n"
    "      --rules=FILE          add the rules in FILE (repeatable)\n"
    "      --disable-rule=NAME   turn off the rule NAME (repeatable)\n"
    "      --stoplist=LANG=FILE  add the stopwords in FILE to LANG (repeatable)\n"
    "      --strict-utf8         the same as --invalid=error\n"
    "      --invalid=MODE        bytes that are not UTF-8: pass (the default:\n"
    "                            output as they are), replace (by U+FFFD),\n"
    "                            drop-line (leave out their lines) or error\n"
    "                            (the file fails)\n"
    "      --from-encoding=NAME  read inputs as NAME (ISO-8859-1, windows-1252,\n"
    "                            Shift_JIS, ...; see iconv -l), output UTF-8;\n"
    "                            auto: guess it for inputs that are not UTF-8\n"
    "      --links=MODE          links in kept lines: text (the default: a\n"
    "                            Markdown link \"[text](address)\" as its text,\n"
    "                            html-to-text's \"text [address]\" and lynx's\n"
    "                            \"[12]text\" as text) or keep (as they are)\n"
    "      --files0-from=F       read the input names from F, each ended by a\n"
    "                            NUL byte (find -print0); F - is stdin\n"
    "  -j, --jobs=N              clean N inputs or records at a time, on N\n"
    "                            threads; the output keeps the input order\n"
    "      --jsonl               read and write JSON Lines: clean the text\n"
    "                            field of each record, keep every other byte\n"
    "      --field=NAME          the field that --jsonl cleans (default text)\n"
    "      --warc                read and write WARC records (.warc.wet, plain\n"
    "                            or gzipped): clean each conversion record\n"
    "      --progress            show progress on stderr (the default when\n"
    "                            stderr is a terminal and stdout is not)\n"
    "      --stats               print totals on stderr at the end\n"
    "      --fsync               with -o, sync each output and its folder\n"
    "  -h, --help                print this help and exit\n"
    "      --version             print the versions and exit\n"
    "\n"
    "Exit status: 0 when every input was cleaned, 1 when an input could not\n"
    "be read or its output written (the other inputs are still processed),\n"
    "or a record was passed through unchanged (--jsonl, --warc), 2 for a bad\n"
    "option, language, rule file or stoplist.\n";

/* ---- Command line --------------------------------------------------- */

typedef enum { EXPLAIN_NONE, EXPLAIN_TSV, EXPLAIN_JSON } explain_format;

/* What the inputs hold: one page each, or streams of records. */
typedef enum { RECORDS_NONE, RECORDS_JSONL, RECORDS_WARC } record_format;

/* -j takes at most this many threads: more than any machine here has
 * cores, few enough that a typo does not start thousands. */
#define MAX_THREADS 256

/* The options that configure the library, kept in command-line order:
 * a later rule replaces an earlier one of the same name. */
typedef enum { SETTING_RULES, SETTING_STOPLIST, SETTING_DISABLE_RULE } setting_kind;

typedef struct {
    setting_kind kind;
    const char *value; /* points into argv */
} setting;

typedef struct {
    const char *output_dir; /* NULL: every result goes to stdout */
    explain_format explain;
    const char *language; /* NULL: the library's default */
    clean_invalid_utf8 invalid; /* --invalid; --strict-utf8 sets error */
    const char *encoding;       /* NULL: input is UTF-8 */
    clean_links links;
    const char *files0_from; /* NULL: the operands name the inputs */
    unsigned threads;
    record_format records;
    const char *field; /* --jsonl's text field */
    bool progress;
    bool stats;
    bool durable; /* --fsync */
    setting *settings;
    size_t setting_count;
    char **inputs; /* the operands, argv's tail after getopt permuted it */
    size_t input_count;
} cli_config;

typedef enum { PARSE_RUN, PARSE_DONE, PARSE_FAILED } parse_outcome;

enum {
    OPT_EXPLAIN = 256,
    OPT_LANG,
    OPT_RULES,
    OPT_DISABLE_RULE,
    OPT_STOPLIST,
    OPT_STRICT_UTF8,
    OPT_INVALID,
    OPT_FROM_ENCODING,
    OPT_LINKS,
    OPT_FILES0_FROM,
    OPT_JSONL,
    OPT_FIELD,
    OPT_WARC,
    OPT_PROGRESS,
    OPT_STATS,
    OPT_FSYNC,
    OPT_VERSION
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"explain", optional_argument, NULL, OPT_EXPLAIN},
    {"lang", required_argument, NULL, OPT_LANG},
    {"rules", required_argument, NULL, OPT_RULES},
    {"disable-rule", required_argument, NULL, OPT_DISABLE_RULE},
    {"stoplist", required_argument, NULL, OPT_STOPLIST},
    {"strict-utf8", no_argument, NULL, OPT_STRICT_UTF8},
    {"invalid", required_argument, NULL, OPT_INVALID},
    {"from-encoding", required_argument, NULL, OPT_FROM_ENCODING},
    {"links", required_argument, NULL, OPT_LINKS},
    {"files0-from", required_argument, NULL, OPT_FILES0_FROM},
    {"jobs", required_argument, NULL, 'j'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"field", required_argument, NULL, OPT_FIELD},
    {"warc", no_argument, NULL, OPT_WARC},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"stats", no_argument, NULL, OPT_STATS},
    {"fsync", no_argument, NULL, OPT_FSYNC},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

static bool parse_explain_format(const char *value, explain_format *format)
{
    if (value == NULL || strcmp(value, "tsv") == 0)
        *format = EXPLAIN_TSV;
    else if (strcmp(value, "json") == 0)
        *format = EXPLAIN_JSON;
    else
        return false;
    return true;
}

/* The index of value in names, into *index; false if it is none of them. */
static bool parse_choice(const char *value, const char *const *names, size_t count, size_t *index)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(value, names[i]) == 0) {
            *index = i;
            return true;
        }
    }
    return false;
}

static bool parse_invalid_mode(const char *value, clean_invalid_utf8 *mode)
{
    static const char *const names[] = {"pass", "replace", "drop-line", "error"};
    static const clean_invalid_utf8 modes[] = {CLEAN_INVALID_PASS, CLEAN_INVALID_REPLACE,
                                               CLEAN_INVALID_DROP_LINE, CLEAN_INVALID_ERROR};
    size_t i;
    if (!parse_choice(value, names, sizeof names / sizeof names[0], &i))
        return false;
    *mode = modes[i];
    return true;
}

static bool parse_links_mode(const char *value, clean_links *mode)
{
    static const char *const names[] = {"text", "keep"};
    static const clean_links modes[] = {CLEAN_LINKS_TEXT, CLEAN_LINKS_KEEP};
    size_t i;
    if (!parse_choice(value, names, sizeof names / sizeof names[0], &i))
        return false;
    *mode = modes[i];
    return true;
}

/* LANG=FILE, both parts non-empty; split later, when it is applied. */
static bool is_stoplist_argument(const char *value)
{
    const char *equals = strchr(value, '=');
    return equals != NULL && equals != value && equals[1] != '\0';
}

/* The CLI's own version, then the one of the library actually loaded. */
static void print_version(void)
{
    printf("%s %s (libclean %s)\n", PROGRAM_NAME, CLEAN_VERSION_STRING,
           clean_version());
}

/* 1 to MAX_THREADS, in decimal. */
static bool parse_threads(const char *value, unsigned *threads)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || *value == '-' || n < 1 ||
        n > MAX_THREADS)
        return false;
    *threads = (unsigned)n;
    return true;
}

/* --jsonl and --warc exclude each other: the records are one or the other. */
static bool set_record_format(cli_config *config, record_format records)
{
    if (config->records != RECORDS_NONE && config->records != records) {
        report_problem("--jsonl and --warc cannot be combined");
        return false;
    }
    config->records = records;
    return true;
}

/* The options of the batch and stream interfaces (see apply_option). */
static bool apply_batch_option(cli_config *config, int option, const char *value)
{
    switch (option) {
    case 'j':
        if (!parse_threads(value, &config->threads)) {
            report("-j", "expected a number of threads from 1 to 256");
            return false;
        }
        return true;
    case OPT_FILES0_FROM:
        config->files0_from = value;
        return true;
    case OPT_JSONL:
        return set_record_format(config, RECORDS_JSONL);
    case OPT_WARC:
        return set_record_format(config, RECORDS_WARC);
    case OPT_FIELD:
        config->field = value;
        return true;
    case OPT_PROGRESS:
        config->progress = true;
        return true;
    case OPT_STATS:
        config->stats = true;
        return true;
    case OPT_FSYNC:
        config->durable = true;
        return true;
    default: /* '?' or ':': getopt_long has printed the message */
        return false;
    }
}

/* Options that parse alone but not together; false after reporting. */
static bool check_option_combinations(const cli_config *config, bool field_given)
{
    const char *problem = NULL;
    if (config->files0_from != NULL && config->input_count > 0)
        problem = "file operands cannot be combined with --files0-from";
    else if (config->records != RECORDS_NONE && config->output_dir != NULL)
        problem = "--jsonl and --warc write to standard output: -o cannot be used";
    else if (config->records != RECORDS_NONE && config->explain != EXPLAIN_NONE)
        problem = "--explain cannot be combined with --jsonl or --warc";
    else if (field_given && config->records != RECORDS_JSONL)
        problem = "--field is an option of --jsonl";
    if (problem != NULL)
        report_problem(problem);
    return problem == NULL;
}

static void add_setting(cli_config *config, setting_kind kind, const char *value)
{
    config->settings[config->setting_count++] = (setting){kind, value};
}

/* Handle one option; false when its value is bad (already reported). */
static bool apply_option(cli_config *config, int option, const char *value)
{
    switch (option) {
    case 'o':
        if (*value == '\0') {
            report("-o", "the output directory name is empty");
            return false;
        }
        config->output_dir = value;
        return true;
    case OPT_EXPLAIN:
        if (!parse_explain_format(value, &config->explain)) {
            report("--explain", "the format must be tsv or json");
            return false;
        }
        return true;
    case OPT_LANG:
        config->language = value;
        return true;
    case OPT_RULES:
        add_setting(config, SETTING_RULES, value);
        return true;
    case OPT_DISABLE_RULE:
        add_setting(config, SETTING_DISABLE_RULE, value);
        return true;
    case OPT_STOPLIST:
        if (!is_stoplist_argument(value)) {
            report("--stoplist", "expected LANG=FILE");
            return false;
        }
        add_setting(config, SETTING_STOPLIST, value);
        return true;
    case OPT_STRICT_UTF8:
        config->invalid = CLEAN_INVALID_ERROR;
        return true;
    case OPT_INVALID:
        if (!parse_invalid_mode(value, &config->invalid)) {
            report("--invalid", "the mode must be pass, replace, drop-line or error");
            return false;
        }
        return true;
    case OPT_FROM_ENCODING:
        config->encoding = value;
        return true;
    case OPT_LINKS:
        if (!parse_links_mode(value, &config->links)) {
            report("--links", "the mode must be text or keep");
            return false;
        }
        return true;
    default:
        return apply_batch_option(config, option, value);
    }
}

static parse_outcome parse_command_line(int argc, char **argv, cli_config *config)
{
    *config = (cli_config){.threads = 1, .field = "text"};
    /* Each option adds at most one setting. */
    config->settings = malloc((size_t)argc * sizeof *config->settings);
    if (config->settings == NULL) {
        report_problem(strerror(ENOMEM));
        return PARSE_FAILED;
    }
    /* getopt_long names the program by argv[0] in its messages; a path such
     * as build/clean-text would break the "clean-text: ..." form. */
    argv[0] = PROGRAM_NAME;
    int option;
    bool field_given = false;
    while ((option = getopt_long(argc, argv, "o:hj:", long_options, NULL)) != -1) {
        if (option == 'h') {
            fputs(usage_text, stdout);
            return PARSE_DONE;
        }
        if (option == OPT_VERSION) {
            print_version();
            return PARSE_DONE;
        }
        if (!apply_option(config, option, optarg))
            return PARSE_FAILED;
        field_given |= option == OPT_FIELD;
    }
    config->inputs = argv + optind;
    config->input_count = (size_t)(argc - optind);
    return check_option_combinations(config, field_given) ? PARSE_RUN : PARSE_FAILED;
}

/* ---- Building the cleaner ------------------------------------------- */

/* The library leaves a detailed message (file, line, problem) in the
 * options; the fixed message of the code, about subject when there is
 * one, is the fallback. */
static void report_options_error(const clean_options *opts, const char *subject,
                                 clean_error code)
{
    const char *detail = clean_options_error(opts);
    if (*detail != '\0')
        report_problem(detail);
    else if (subject != NULL)
        report(subject, clean_error_string(code));
    else
        report_problem(clean_error_string(code));
}

static clean_error add_stoplist(clean_options *opts, const char *argument)
{
    const char *equals = strchr(argument, '=');
    size_t language_length = (size_t)(equals - argument);
    char *language = malloc(language_length + 1);
    if (language == NULL)
        return CLEAN_ERROR_OUT_OF_MEMORY;
    memcpy(language, argument, language_length);
    language[language_length] = '\0';
    clean_error code = clean_options_add_stoplist_file(opts, language, equals + 1);
    free(language);
    return code;
}

static clean_error apply_setting(clean_options *opts, const setting *s)
{
    switch (s->kind) {
    case SETTING_RULES:
        return clean_options_add_rules_file(opts, s->value);
    case SETTING_STOPLIST:
        return add_stoplist(opts, s->value);
    case SETTING_DISABLE_RULE:
        return clean_options_disable_rule(opts, s->value);
    }
    return CLEAN_ERROR_NULL_ARGUMENT; /* unreachable: every kind is handled */
}

/* Rules and stoplists go first: a language known only from a stoplist
 * given on the command line must exist before --lang can name it. */
static bool configure_options(clean_options *opts, const cli_config *config)
{
    for (size_t i = 0; i < config->setting_count; i++) {
        clean_error code = apply_setting(opts, &config->settings[i]);
        if (code != CLEAN_OK) {
            report_options_error(opts, config->settings[i].value, code);
            return false;
        }
    }
    if (config->language != NULL) {
        clean_error code = clean_options_set_language(opts, config->language);
        if (code != CLEAN_OK) {
            report_options_error(opts, config->language, code);
            return false;
        }
    }
    clean_error code = clean_options_set_invalid_utf8(opts, config->invalid);
    if (code != CLEAN_OK) {
        report_options_error(opts, "--invalid", code);
        return false;
    }
    code = clean_options_set_encoding(opts, config->encoding);
    if (code != CLEAN_OK) {
        report_options_error(opts, config->encoding, code);
        return false;
    }
    code = clean_options_set_links(opts, config->links);
    if (code != CLEAN_OK) {
        report_options_error(opts, "--links", code);
        return false;
    }
    /* Unattended over whatever a crawl brought: a PNG or a gzip is
     * reported and skipped, not cleaned into garbage. */
    code = clean_options_set_skip_binary(opts, 1);
    if (code != CLEAN_OK) {
        report_options_error(opts, NULL, code);
        return false;
    }
    return true;
}

static clean_cleaner *build_cleaner(const cli_config *config)
{
    clean_options *opts = clean_options_new();
    if (opts == NULL) {
        report_problem(clean_error_string(CLEAN_ERROR_OUT_OF_MEMORY));
        return NULL;
    }
    clean_cleaner *cleaner = NULL;
    if (configure_options(opts, config)) {
        clean_error code = clean_cleaner_new(opts, &cleaner);
        if (code != CLEAN_OK)
            report_options_error(opts, NULL, code);
    }
    clean_options_free(opts);
    return cleaner;
}

/* ---- Reading inputs ------------------------------------------------- */

typedef struct {
    char *bytes;
    size_t length;
} byte_buffer;

/* Twice the room, or NULL (the old buffer freed) when that cannot be had. */
static char *grow_buffer(char *bytes, size_t *capacity)
{
    char *grown = *capacity <= SIZE_MAX / 2 ? realloc(bytes, *capacity * 2) : NULL;
    if (grown == NULL)
        free(bytes);
    else
        *capacity *= 2;
    return grown;
}

/* Read fd to its end. size_hint + 1 bytes let a regular file be read
 * without a second allocation and still see its end; a file that grows
 * meanwhile, or a pipe, doubles the buffer. False with errno set. */
static bool read_to_end(int fd, size_t size_hint, byte_buffer *out)
{
    size_t capacity = size_hint > 0 ? size_hint + 1 : UNKNOWN_SIZE_CAPACITY;
    char *bytes = malloc(capacity);
    size_t length = 0;
    while (bytes != NULL) {
        if (length == capacity) {
            bytes = grow_buffer(bytes, &capacity);
            continue;
        }
        ssize_t got = read(fd, bytes + length, capacity - length);
        if (got > 0) {
            length += (size_t)got;
        } else if (got == 0) {
            *out = (byte_buffer){bytes, length};
            return true;
        } else if (errno != EINTR) {
            int error = errno;
            free(bytes);
            errno = error;
            return false;
        }
    }
    errno = ENOMEM;
    return false;
}

static bool read_fd(int fd, byte_buffer *out)
{
    struct stat info;
    if (fstat(fd, &info) != 0)
        return false;
    if (S_ISDIR(info.st_mode)) {
        errno = EISDIR;
        return false;
    }
    size_t size_hint = S_ISREG(info.st_mode) ? (size_t)info.st_size : 0;
    return read_to_end(fd, size_hint, out);
}

/* The whole input, any bytes; false with errno set. */
static bool read_input(const char *name, byte_buffer *out)
{
    if (is_stdin_name(name))
        return read_fd(STDIN_FILENO, out);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = read_fd(fd, out);
    int error = errno;
    close(fd);
    errno = error;
    return ok;
}

/* ---- Writing a result ----------------------------------------------- */

typedef struct {
    const char *name;  /* as given on the command line, "-" for stdin */
    const char *bytes; /* the input, for the text column of --explain */
    const clean_result *result;
} cleaned_page;

/* TSV: tabs, control bytes and backslashes escaped so that a row stays
 * one line with a fixed number of columns; other bytes pass as they are. */
static void put_tsv_field(FILE *out, const char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\\')
            fputs("\\\\", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            putc(c, out);
    }
}

static void put_tsv_string(FILE *out, const char *s)
{
    put_tsv_field(out, s, strlen(s));
}

static void write_explain_tsv(FILE *out, const cleaned_page *page)
{
    fputs("line\toffset\tlabel\tclass\tscore\treason\tfeatures\ttext\n", out);
    size_t count = clean_result_line_count(page->result);
    for (size_t i = 0; i < count; i++) {
        size_t offset = 0, length = 0;
        int kept = 0;
        clean_class cls = CLEAN_CLASS_BLANK;
        double score = 0;
        const char *reason = "", *features = "";
        clean_result_line(page->result, i, &offset, &length, &kept, &cls, &score,
                          &reason, &features);
        fprintf(out, "%zu\t%zu\t%s\t%s\t%.3f\t", i + 1, offset, kept ? "keep" : "drop",
                clean_class_name(cls), score);
        put_tsv_string(out, reason);
        putc('\t', out);
        put_tsv_string(out, features);
        putc('\t', out);
        put_tsv_field(out, page->bytes + offset, length);
        putc('\n', out);
    }
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), 0 if there is none. */
static size_t utf8_sequence_length(const unsigned char *p, size_t available)
{
    unsigned char lead = p[0];
    size_t length;
    unsigned char second_min = 0x80, second_max = 0xbf;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0)
            second_min = 0xa0; /* overlong below U+0800 */
        if (lead == 0xed)
            second_max = 0x9f; /* surrogates */
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0)
            second_min = 0x90; /* overlong below U+10000 */
        if (lead == 0xf4)
            second_max = 0x8f; /* past U+10FFFF */
    } else
        return 0;
    if (available < length || p[1] < second_min || p[1] > second_max)
        return 0;
    for (size_t i = 2; i < length; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return length;
}

/* A JSON string; each byte that starts no valid UTF-8 sequence becomes
 * U+FFFD, so the document is valid whatever the input held. */
static void put_json_string(FILE *out, const char *bytes, size_t length)
{
    const unsigned char *p = (const unsigned char *)bytes;
    putc('"', out);
    for (size_t i = 0; i < length;) {
        unsigned char c = p[i];
        size_t sequence = utf8_sequence_length(p + i, length - i);
        if (sequence == 0) {
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fwrite(p + i, 1, sequence, out);
        i += sequence;
    }
    putc('"', out);
}

static void put_json_cstring(FILE *out, const char *s)
{
    put_json_string(out, s, strlen(s));
}

/* JSON has no NaN or infinity. */
static void put_json_score(FILE *out, double score)
{
    if (isfinite(score))
        fprintf(out, "%.3f", score);
    else
        fputs("null", out);
}

static void write_json_line(FILE *out, const cleaned_page *page, size_t index)
{
    size_t offset = 0, length = 0;
    int kept = 0;
    clean_class cls = CLEAN_CLASS_BLANK;
    double score = 0;
    const char *reason = "", *features = "";
    clean_result_line(page->result, index, &offset, &length, &kept, &cls, &score,
                      &reason, &features);
    fprintf(out, "{\"line\":%zu,\"offset\":%zu,\"length\":%zu,\"kept\":%s,\"class\":",
            index + 1, offset, length, kept ? "true" : "false");
    put_json_cstring(out, clean_class_name(cls));
    fputs(",\"score\":", out);
    put_json_score(out, score);
    fputs(",\"reason\":", out);
    put_json_cstring(out, reason);
    fputs(",\"features\":", out);
    put_json_cstring(out, features);
    fputs(",\"text\":", out);
    put_json_string(out, page->bytes + offset, length);
    putc('}', out);
}

/* One document per input, on one line, so that several inputs on stdout
 * form JSON Lines. */
static void write_explain_json(FILE *out, const cleaned_page *page)
{
    fputs("{\"file\":", out);
    put_json_cstring(out, page->name);
    fputs(",\"language\":", out);
    put_json_cstring(out, clean_result_language(page->result));
    fputs(",\"lines\":[", out);
    size_t count = clean_result_line_count(page->result);
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            putc(',', out);
        write_json_line(out, page, i);
    }
    fputs("]}\n", out);
}

/* Errors show in ferror(out), checked by the caller when it flushes. */
static void write_page(FILE *out, explain_format explain, const cleaned_page *page)
{
    switch (explain) {
    case EXPLAIN_NONE:
        fwrite(clean_result_text(page->result), 1,
               clean_result_text_length(page->result), out);
        break;
    case EXPLAIN_TSV:
        write_explain_tsv(out, page);
        break;
    case EXPLAIN_JSON:
        write_explain_json(out, page);
        break;
    }
}

/* ---- Output files under -o DIR ---------------------------------------- */

/* DIR joined with the input path made relative: "/", "." and ".." parts
 * are dropped, so that every output lands inside DIR. */
static char *output_path_for(const char *dir, const char *input)
{
    size_t dir_length = strlen(dir);
    while (dir_length > 0 && dir[dir_length - 1] == '/')
        dir_length--; /* "out/" + "x" must not give "out//x" */
    char *path = malloc(dir_length + strlen(input) + 2);
    if (path == NULL)
        return NULL;
    memcpy(path, dir, dir_length);
    size_t length = dir_length;
    for (const char *part = input; *part != '\0';) {
        size_t part_length = strcspn(part, "/");
        bool skipped = part_length == 0 || (part_length == 1 && part[0] == '.') ||
                       (part_length == 2 && part[0] == '.' && part[1] == '.');
        if (!skipped) {
            path[length++] = '/';
            memcpy(path + length, part, part_length);
            length += part_length;
        }
        part += part_length;
        part += *part == '/';
    }
    path[length] = '\0';
    return path;
}

/* mkdir -p of the folders above path; an existing one is fine (a file in
 * the way shows up when the output is created). False with errno set. */
static bool make_parent_dirs(char *path)
{
    for (char *slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        bool made = mkdir(path, 0777) == 0 || errno == EEXIST;
        *slash = '/';
        if (!made)
            return false;
    }
    return true;
}

/* ---- Interruption ------------------------------------------------------ */

/* SIGINT or SIGTERM while an output is written: the handler removes the
 * temp file itself (unlink is async-signal-safe), then lets the signal
 * take its default course, so that the shell sees 130 or 143 and a
 * calling script stops as for any interrupted program. Outputs already
 * renamed are whole and stay. Temp files are made and renamed on the main
 * thread, which Linux picks for a signal sent to the process. */
static char pending_temp[PATH_MAX];
static volatile sig_atomic_t temp_pending;

static void on_interrupt(int signo)
{
    if (temp_pending)
        unlink(pending_temp);
    signal(signo, SIG_DFL);
    raise(signo);
}

/* A signal the parent ignores (nohup, a background job's SIGINT) stays
 * ignored. */
static void catch_interrupts(void)
{
    static const int signals[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        struct sigaction action = {0};
        action.sa_handler = on_interrupt;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, NULL);
    }
}

/* mkstemp on a name the handler already knows: whatever moment a signal
 * comes, the handler unlinks the file or a name that does not exist yet.
 * temp gets the name made. */
static int create_temp_file(char *temp)
{
    size_t size = strlen(temp) + 1;
    if (size > sizeof pending_temp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(pending_temp, temp, size);
    temp_pending = 1;
    int fd = mkstemp(pending_temp);
    if (fd < 0)
        temp_pending = 0;
    memcpy(temp, pending_temp, size);
    return fd;
}

/* Called once the temp file is renamed or unlinked: from then on its name
 * is someone else's to use. */
static void forget_temp_file(void)
{
    temp_pending = 0;
}

/* The temp file sits in the output's own folder, so that rename() is
 * atomic: readers see the old output or the whole new one. */
static char *temp_path_beside(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t folder_length = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    char *temp = malloc(folder_length + sizeof TEMP_FILE_TEMPLATE);
    if (temp == NULL)
        return NULL;
    memcpy(temp, path, folder_length);
    memcpy(temp + folder_length, TEMP_FILE_TEMPLATE, sizeof TEMP_FILE_TEMPLATE);
    return temp;
}

/* Fill the temp file and close it, synced to disk when durable; false
 * with errno set. */
static bool write_temp_file(int fd, mode_t mode, explain_format explain, bool durable,
                            const cleaned_page *page)
{
    /* mkstemp makes 0600; an output should get the usual 0666 & ~umask. */
    if (fchmod(fd, mode) != 0) {
        int error = errno;
        close(fd);
        errno = error;
        return false;
    }
    FILE *out = fdopen(fd, "w");
    if (out == NULL) {
        int error = errno;
        close(fd);
        errno = error;
        return false;
    }
    write_page(out, explain, page);
    bool ok = fflush(out) == 0 && !ferror(out) && (!durable || fsync(fd) == 0);
    int error = errno;
    if (fclose(out) != 0 && ok) {
        ok = false;
        error = errno;
    }
    errno = error;
    return ok;
}

/* Write the whole output beside its final name, then rename it over: a
 * failed run never leaves a truncated or half-written output. durable
 * (--fsync): the data is on disk before the rename, and the rename is
 * after it. */
static bool write_output_file(char *path, mode_t mode, explain_format explain, bool durable,
                              const cleaned_page *page)
{
    char *temp = NULL;
    int fd = -1;
    bool ok = make_parent_dirs(path) && (temp = temp_path_beside(path)) != NULL &&
              (fd = create_temp_file(temp)) >= 0 &&
              write_temp_file(fd, mode, explain, durable, page) && rename(temp, path) == 0;
    if (ok && durable && !sync_parent_dir(path)) {
        report(path, strerror(errno));
        ok = false;
    } else if (!ok) {
        int error = errno;
        if (fd >= 0)
            unlink(temp);
        report(path, strerror(error));
    }
    forget_temp_file();
    free(temp);
    return ok;
}

/* ---- Outputs already written ------------------------------------------ */

/* Output paths written in this run, so that a second input landing on the
 * same output is refused instead of silently replacing the first. Open
 * addressing sized for every input up front, since a find | xargs batch
 * may bring thousands of them. */
typedef struct {
    char **slots;
    size_t capacity; /* a power of two, at least twice the count */
    size_t count;
} path_set;

static bool path_set_init(path_set *set, size_t max_entries)
{
    size_t capacity = 8;
    while (capacity < 2 * max_entries)
        capacity *= 2;
    set->slots = calloc(capacity, sizeof *set->slots);
    set->capacity = capacity;
    set->count = 0;
    return set->slots != NULL;
}

static void path_set_free(path_set *set)
{
    for (size_t i = 0; i < set->capacity; i++)
        free(set->slots[i]);
    free(set->slots);
}

/* The slot holding path, or the empty slot where it would go. */
static char **path_set_slot(const path_set *set, const char *path)
{
    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++)
        hash = (hash ^ *p) * 1099511628211u;
    for (size_t i = (size_t)hash & (set->capacity - 1);; i = (i + 1) & (set->capacity - 1))
        if (set->slots[i] == NULL || strcmp(set->slots[i], path) == 0)
            return &set->slots[i];
}

/* Room for one more path: the table stays at most half full as names come
 * from a --files0-from list of unknown length. */
static bool path_set_make_room(path_set *set)
{
    if (2 * (set->count + 1) <= set->capacity)
        return true;
    path_set bigger;
    if (!path_set_init(&bigger, set->count + 1))
        return false;
    for (size_t i = 0; i < set->capacity; i++)
        if (set->slots[i] != NULL)
            *path_set_slot(&bigger, set->slots[i]) = set->slots[i];
    bigger.count = set->count;
    free(set->slots);
    *set = bigger;
    return true;
}

/* ---- Processing the inputs --------------------------------------------- */

typedef struct {
    const cli_config *config;
    const clean_cleaner *cleaner;
    input_names *names;
    meter *meter;
    mode_t file_mode;
    path_set written_outputs;
    bool failed;        /* an input failed: exit status 1 */
    bool stdout_failed; /* reported once; no input after it is processed */
} run_context;

/* One input on its way through the pipeline (workers.c): read and cleaned
 * on a worker, written and reported on the main thread, in input order. */
typedef struct {
    char *name; /* a copy: the name list reuses its buffer */
    byte_buffer input;
    clean_result *result;
    int read_error; /* errno of a failed read; 0 when read */
    clean_error code;
    meter_counts counts;
} file_job;

static bool write_stdout_page(run_context *ctx, const cleaned_page *page)
{
    write_page(stdout, ctx->config->explain, page);
    ctx->stdout_failed = !flush_stdout();
    return !ctx->stdout_failed;
}

/* The page to DIR under its input's path, unless an earlier input of this
 * run already wrote there. */
static bool write_page_under_dir(run_context *ctx, const cleaned_page *page)
{
    char *out_path = output_path_for(ctx->config->output_dir, page->name);
    if (out_path == NULL || !path_set_make_room(&ctx->written_outputs)) {
        report(page->name, strerror(ENOMEM));
        free(out_path);
        return false;
    }
    char **slot = path_set_slot(&ctx->written_outputs, out_path);
    if (*slot != NULL) {
        fprintf(stderr, "%s: %s: %s was already written from an earlier input\n",
                PROGRAM_NAME, page->name, out_path);
        free(out_path);
        return false;
    }
    bool written = write_output_file(out_path, ctx->file_mode, ctx->config->explain,
                                     ctx->config->durable, page);
    if (written) {
        *slot = out_path; /* the set owns it from here on */
        ctx->written_outputs.count++;
    } else {
        free(out_path);
    }
    return written;
}

static bool write_file_result(run_context *ctx, const file_job *job)
{
    if (job->read_error != 0) {
        report(input_label(job->name), strerror(job->read_error));
        return false;
    }
    if (job->code == CLEAN_ERROR_BINARY) {
        report(input_label(job->name), "binary file, skipped");
        return false;
    }
    if (job->code != CLEAN_OK) {
        report(input_label(job->name), clean_error_string(job->code));
        return false;
    }
    /* Line offsets refer to the text the library rewrote, when it did
     * (--from-encoding, --invalid=replace). */
    const char *rewritten = clean_result_input(job->result, NULL);
    cleaned_page page = {job->name, rewritten != NULL ? rewritten : job->input.bytes,
                         job->result};
    /* Standard input has no path to map: its result goes to stdout. */
    if (ctx->config->output_dir == NULL || is_stdin_name(job->name))
        return write_stdout_page(ctx, &page);
    return write_page_under_dir(ctx, &page);
}

static bool read_file_job(void *context, void *slot)
{
    run_context *ctx = context;
    file_job *job = slot;
    const char *name = input_names_next(ctx->names, &ctx->failed);
    if (name == NULL)
        return false;
    *job = (file_job){.name = strdup(name)};
    if (job->name == NULL) {
        report(input_label(name), strerror(ENOMEM));
        ctx->failed = true;
        return false;
    }
    return true;
}

static void clean_file_job(void *context, void *slot)
{
    const run_context *ctx = context;
    file_job *job = slot;
    if (!read_input(job->name, &job->input)) {
        job->read_error = errno;
        return;
    }
    unsigned flags = ctx->config->explain != EXPLAIN_NONE ? CLEAN_DETAILS : 0;
    job->code = clean_clean(ctx->cleaner, job->input.bytes, job->input.length, flags,
                            &job->result);
    job->counts.bytes_in = job->input.length;
    if (job->code == CLEAN_OK) {
        job->counts.documents = 1;
        if (ctx->meter->stats)
            meter_count_lines(job->input.bytes, job->input.length,
                              clean_result_text(job->result),
                              clean_result_text_length(job->result), &job->counts);
    }
}

static void release_file_job(void *slot)
{
    file_job *job = slot;
    clean_result_free(job->result);
    free(job->input.bytes);
    free(job->name);
    *job = (file_job){0};
}

static bool write_file_job(void *context, void *slot)
{
    run_context *ctx = context;
    file_job *job = slot;
    if (!ctx->stdout_failed) {
        if (write_file_result(ctx, job))
            job->counts.bytes_out = clean_result_text_length(job->result);
        else
            ctx->failed = true;
        meter_add(ctx->meter, &job->counts);
    }
    release_file_job(job);
    return !ctx->stdout_failed;
}

static mode_t default_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* One page per input: to stdout in input order, or to files under -o. */
static int process_files(const cli_config *config, const clean_cleaner *cleaner,
                         input_names *names, meter *m)
{
    /* A slot holds a whole file, which may be large. */
    static const pipeline steps = {sizeof(file_job), read_file_job, clean_file_job,
                                   write_file_job, release_file_job, 2};
    run_context ctx = {config, cleaner, names, m, default_file_mode(), {NULL, 0, 0},
                       false, false};
    if (!path_set_init(&ctx.written_outputs, 0)) {
        report_problem(strerror(ENOMEM));
        return EXIT_INPUT_FAILED;
    }
    if (!run_pipeline(&steps, &ctx, config->threads))
        ctx.failed = true;
    path_set_free(&ctx.written_outputs);
    return ctx.failed || ctx.stdout_failed ? EXIT_INPUT_FAILED : EXIT_SUCCESS;
}

/* Progress shows by itself where someone watches stderr, and not when
 * stdout is that terminal too: its lines would cut through the output. */
static bool wants_progress(const cli_config *config)
{
    return config->progress || (isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO));
}

static int process_inputs(const cli_config *config, const clean_cleaner *cleaner)
{
    input_names names;
    if (!input_names_open(&names, config->files0_from, config->inputs, config->input_count))
        return EXIT_INPUT_FAILED;
    bool progress = wants_progress(config);
    meter m;
    meter_start(&m, progress, config->stats,
                config->records == RECORDS_NONE ? "files" : "records",
                progress ? input_names_total_size(&names) : 0);
    stream_settings stream = {cleaner, &names, &m, config->threads, config->field};
    int status;
    if (config->records == RECORDS_JSONL)
        status = run_jsonl(&stream);
    else if (config->records == RECORDS_WARC)
        status = run_warc(&stream);
    else
        status = process_files(config, cleaner, &names, &m);
    meter_finish(&m);
    input_names_close(&names);
    return status;
}

int main(int argc, char **argv)
{
    cli_config config;
    parse_outcome outcome = parse_command_line(argc, argv, &config);
    int status = outcome == PARSE_FAILED ? EXIT_USAGE : EXIT_SUCCESS;
    if (outcome == PARSE_RUN) {
        /* Records and files are read in large blocks, not stdio's 4 KiB. */
        static char stdin_buffer[1 << 20];
        setvbuf(stdin, stdin_buffer, _IOFBF, sizeof stdin_buffer);
        catch_interrupts();
        clean_cleaner *cleaner = build_cleaner(&config);
        status = cleaner != NULL ? process_inputs(&config, cleaner) : EXIT_USAGE;
        clean_cleaner_free(cleaner);
    }
    free(config.settings);
    /* Inputs flushed their own output; --help and --version are checked here. */
    if (outcome == PARSE_DONE && !flush_stdout())
        status = EXIT_INPUT_FAILED;
    return status;
}
