/* Command line parsing: subcommand first, then options and operands in any order
 * ("--" ends options). GNU-style long options with '=' or a separate argument. */
#include "cli.h"

#include <string.h>

/* The sRGB profile Debian's icc-profiles-free installs (zlib licence); `make` installs the
 * package. A template with `pdfa: true` embeds it as its output intent. */
#define ICC_PROFILE_DEFAULT "/usr/share/color/icc/sRGB.icc"

static const char usage_text[] =
    "Usage: briefgen build   [--content DIR] [-o DIR] [--set KEY=VALUE]... [-M | --depfile FILE]\n"
    "                        [--check] [--explain] [--icc-profile FILE] [TEMPLATE...]\n"
    "       briefgen extract [--content DIR] [--json] [--explain] [SOURCE...]\n"
    "       briefgen check   [--icc-profile FILE] [TEMPLATE...]\n"
    "       briefgen --help | --version\n"
    "\n"
    "Turn the source texts in content/ into PDF briefing notes, one per template.\n"
    "\n"
    "Commands:\n"
    "  build     write out/TEMPLATE.pdf for each template (default: every templates/*.yaml\n"
    "            that does not start with '_')\n"
    "  extract   print the key points found in the sources\n"
    "  check     load every template and rules file and report every error\n"
    "\n"
    "Options:\n"
    "  --content DIR      source texts (default: content)\n"
    "  -o, --output DIR   where PDFs go (default: out)\n"
    "  --set KEY=VALUE    override a template variable (repeatable)\n"
    "  -M                 print make dependencies of each briefing on stdout\n"
    "  --depfile FILE     write make dependencies to FILE\n"
    "  --check            write nothing; exit 1 if an output is missing or stale\n"
    "  --json             extract: machine-readable points on stdout\n"
    "  --explain          extract: the rules that fired and the score of each point;\n"
    "                     build: the points dropped to fit max_pages or max_words\n"
    "  --icc-profile FILE\n"
    "                     build, check: the sRGB ICC profile of PDF/A output (templates\n"
    "                     with 'pdfa: true'; default: " ICC_PROFILE_DEFAULT ")\n"
    "  -h, --help         show this help and exit\n"
    "  --version          show the version and exit\n"
    "\n"
    "Exit status: 0 ok, 1 bad input or stale output, 2 usage error, 3 I/O or environment\n"
    "error, 70 internal error.\n"
    "Environment: SOURCE_DATE_EPOCH fixes the date for reproducible builds; NO_COLOR turns\n"
    "off coloured diagnostics.\n";

const char *bg_cli_usage(void)
{
    return usage_text;
}

static bg_status add_set(const char *arg, bg_arena *a, bg_diag *d, bg_vars *v)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        bg_diag_error(d, NULL, "--set expects KEY=VALUE, found '%s'", arg);
        return BG_EUSAGE;
    }
    bg_str *names = bg_arena_grow(a, v->names, v->n, v->n + 1, sizeof(bg_str));
    bg_str *values = bg_arena_grow(a, v->values, v->n, v->n + 1, sizeof(bg_str));
    if (!names || !values) {
        return BG_ENOMEM;
    }
    names[v->n] = (bg_str){arg, (size_t)(eq - arg)};
    values[v->n] = bg_str_from(eq + 1);
    v->names = names;
    v->values = values;
    v->n++;
    return BG_OK;
}

/* The value of an option: "--opt=value" or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bg_diag *d)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) == 0 && arg[len] == '=') {
        return arg + len + 1;
    }
    if (*i + 1 >= argc) {
        bg_diag_error(d, NULL, "option '%s' needs a value", name);
        return NULL;
    }
    (*i)++;
    return argv[*i];
}

static bool is_opt(const char *arg, const char *name)
{
    size_t len = strlen(name);
    return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

static bool allowed(bg_cmd cmd, const char *opt)
{
    static const struct {
        const char *opt;
        unsigned cmds; /* bit per command */
    } table[] = {
        {"--content", 1u << BG_CMD_BUILD | 1u << BG_CMD_EXTRACT},
        {"-o", 1u << BG_CMD_BUILD},
        {"--output", 1u << BG_CMD_BUILD},
        {"--set", 1u << BG_CMD_BUILD | 1u << BG_CMD_CHECK},
        {"-M", 1u << BG_CMD_BUILD},
        {"--depfile", 1u << BG_CMD_BUILD},
        {"--check", 1u << BG_CMD_BUILD},
        {"--json", 1u << BG_CMD_EXTRACT},
        {"--explain", 1u << BG_CMD_BUILD | 1u << BG_CMD_EXTRACT},
        {"--icc-profile", 1u << BG_CMD_BUILD | 1u << BG_CMD_CHECK},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (is_opt(opt, table[i].opt)) {
            return (table[i].cmds >> cmd) & 1u;
        }
    }
    return false;
}

static bg_status parse_cmd(const char *word, bg_diag *d, bg_cmd *cmd)
{
    static const char *const names[] = {"build", "extract", "check"};
    static const bg_cmd cmds[] = {BG_CMD_BUILD, BG_CMD_EXTRACT, BG_CMD_CHECK};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(word, names[i]) == 0) {
            *cmd = cmds[i];
            return BG_OK;
        }
    }
    const char *best = NULL;
    for (size_t i = 0; i < 3; i++) {
        if (bg_diag_distance(word, strlen(word), names[i], strlen(names[i]), 2) <= 2) {
            best = names[i];
        }
    }
    if (best) {
        bg_diag_error(d, NULL, "unknown command '%s' (did you mean '%s'?)", word, best);
    } else {
        bg_diag_error(d, NULL, "unknown command '%s'", word);
    }
    return BG_EUSAGE;
}

static bg_status parse_option(int argc, char **argv, int *i, bg_arena *a, bg_diag *d, bg_opts *o)
{
    const char *arg = argv[*i];
    if (!allowed(o->cmd, arg)) {
        bg_diag_error(d, NULL, "unknown option '%s' for '%s'", arg, argv[1]);
        return BG_EUSAGE;
    }
    const char *v = NULL;
    if (is_opt(arg, "--content")) {
        v = option_value(argc, argv, i, "--content", d);
        o->content_dir = v;
    } else if (is_opt(arg, "-o") || is_opt(arg, "--output")) {
        v = option_value(argc, argv, i, arg[1] == 'o' ? "-o" : "--output", d);
        o->out_dir = v;
    } else if (is_opt(arg, "--set")) {
        v = option_value(argc, argv, i, "--set", d);
        if (v) {
            return add_set(v, a, d, &o->set);
        }
    } else if (is_opt(arg, "--icc-profile")) {
        v = option_value(argc, argv, i, "--icc-profile", d);
        o->icc_profile = v;
    } else if (is_opt(arg, "--depfile")) {
        v = option_value(argc, argv, i, "--depfile", d);
        o->depfile = v;
    } else {
        v = arg;
        o->depfile = strcmp(arg, "-M") == 0 ? "-" : o->depfile;
        o->is_check = o->is_check || strcmp(arg, "--check") == 0;
        o->is_json = o->is_json || strcmp(arg, "--json") == 0;
        o->is_explain = o->is_explain || strcmp(arg, "--explain") == 0;
    }
    return v ? BG_OK : BG_EUSAGE;
}

bg_status bg_cli_parse(int argc, char **argv, bg_arena *a, bg_diag *d, bg_opts *out)
{
    bg_opts o = {.content_dir = "content",
                 .out_dir = "out",
                 .templates_dir = "templates",
                 .rules_dir = "templates/rules",
                 .fonts_dir = "fonts",
                 .icc_profile = ICC_PROFILE_DEFAULT};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            out->is_help = true;
            return BG_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            out->is_version = true;
            return BG_OK;
        }
    }
    if (argc < 2) {
        bg_diag_error(d, NULL, "no command given");
        return BG_EUSAGE;
    }
    bg_status st = parse_cmd(argv[1], d, &o.cmd);
    if (st != BG_OK) {
        return st;
    }
    const char **names = bg_arena_array(a, (size_t)argc, sizeof(char *));
    if (!names) {
        return BG_ENOMEM;
    }
    size_t n = 0;
    bool only_operands = false;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_operands && strcmp(arg, "--") == 0) {
            only_operands = true;
        } else if (!only_operands && arg[0] == '-' && arg[1] != '\0') {
            st = parse_option(argc, argv, &i, a, d, &o);
            if (st != BG_OK) {
                return st;
            }
        } else {
            names[n++] = arg;
        }
    }
    if (o.is_check && o.depfile) {
        bg_diag_error(d, NULL, "--check writes nothing; it cannot be combined with -M/--depfile");
        return BG_EUSAGE;
    }
    o.names = names;
    o.n_names = n;
    *out = o;
    return BG_OK;
}
