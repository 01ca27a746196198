/*
 * emu-<arch> main: parses a qemu-<arch>-style command line, reserves the guest
 * address space, creates the TB cache and the CPU, loads the program and runs
 * its first thread in the CPU loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/target.h"
#include "linux-user/user.h"

#define EMU_VERSION "0.1"

extern char **environ;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: emu-%s [options] program [arguments...]\n"
            "Linux user-mode emulation of %s programs.\n\n"
            "Options and environment variables:\n"
            "  -h, -help          print this help and exit\n"
            "  -L path            sysroot for the ELF interpreter and libraries (EMU_LD_PREFIX)\n"
            "  -s size            stack size in bytes, k/M/G suffixes (EMU_STACK_SIZE)\n"
            "  -cpu model         CPU model (-cpu help lists them) (EMU_CPU)\n"
            "  -E var=value       set a variable of the guest environment (EMU_SET_ENV)\n"
            "  -U var             remove a variable from the guest environment (EMU_UNSET_ENV)\n"
            "  -0 argv0           argv[0] of the program\n"
            "  -d item,...        enable logging of items (-d help lists them) (EMU_LOG)\n"
            "  -D logfile         write the log there instead of stderr (EMU_LOG_FILENAME)\n"
            "  -strace            log each system call and its result (EMU_STRACE)\n"
            "  -tb-size MB        translated code buffer in MB, 1-1024 (default %u)\n"
            "  -perfmap           name generated code for perf in /tmp/perf-<pid>.map (EMU_PERFMAP)\n"
            "  -g port            wait for gdb on TCP port (EMU_GDB)\n"
            "  -version           print the version and exit\n",
            target_abi.name, target_abi.name, TB_DEFAULT_CODE_SIZE >> 20);
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);

    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (end == s || *end || v < 65536 || v > (1ull << 30)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* The guest environment: the host's, edited by -E / -U in order. */
typedef struct EnvList {
    char **v;
    int n;
} EnvList;

static void env_unset(EnvList *e, const char *name)
{
    size_t len = strcspn(name, "=");
    int i;

    for (i = 0; i < e->n; i++) {
        if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=') {
            memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof(char *));
            e->n--;
            i--;
        }
    }
}

static void env_set(EnvList *e, const char *assign)
{
    env_unset(e, assign);
    e->v = realloc(e->v, (e->n + 2) * sizeof(char *));
    e->v[e->n++] = strdup(assign);
    e->v[e->n] = NULL;
}

static void env_apply_list(EnvList *e, const char *list, bool set)
{
    char *copy = strdup(list), *save = NULL, *tok;

    for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (set) {
            env_set(e, tok);
        } else {
            env_unset(e, tok);
        }
    }
    free(copy);
}

static void env_init(EnvList *e)
{
    int n = 0;

    while (environ[n]) {
        n++;
    }
    e->v = calloc(n + 1, sizeof(char *));
    for (e->n = 0; e->n < n; e->n++) {
        e->v[e->n] = strdup(environ[e->n]);
    }
}

static const char *need_arg(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "emu-%s: option %s needs an argument\n", target_abi.name, argv[i]);
        exit(1);
    }
    return argv[i + 1];
}

/* Parse options up to the program name; returns the index of the program. */
static int parse_args(UserConfig *cfg, int argc, char **argv, EnvList *env)
{
    const char *s;
    int i;

    if ((s = getenv("EMU_LD_PREFIX"))) {
        cfg->sysroot = s;
    }
    if ((s = getenv("EMU_STACK_SIZE")) && parse_size(s, &cfg->stack_size) < 0) {
        fprintf(stderr, "emu-%s: bad EMU_STACK_SIZE %s\n", target_abi.name, s);
        exit(1);
    }
    cfg->cpu_model = getenv("EMU_CPU");
    cfg->log_items = getenv("EMU_LOG");
    cfg->log_file = getenv("EMU_LOG_FILENAME");
    cfg->strace = getenv("EMU_STRACE") != NULL;
    if ((s = getenv("EMU_SET_ENV"))) {
        env_apply_list(env, s, true);
    }
    if ((s = getenv("EMU_UNSET_ENV"))) {
        env_apply_list(env, s, false);
    }
    cfg->perfmap = getenv("EMU_PERFMAP") != NULL;
    if ((s = getenv("EMU_GDB"))) {
        cfg->gdb_port = atoi(s);
    }
    for (i = 1; i < argc; i++) {
        const char *o = argv[i];

        if (o[0] != '-') {
            break;
        }
        if (!strcmp(o, "--")) {
            i++;
            break;
        }
        if (o[1] == '-' && o[2]) {
            o++;    /* --opt is -opt */
        }
        if (!strcmp(o, "-h") || !strcmp(o, "-help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(o, "-version")) {
            printf("emu-%s version %s\n", target_abi.name, EMU_VERSION);
            exit(0);
        } else if (!strcmp(o, "-L")) {
            cfg->sysroot = need_arg(argc, argv, i++);
        } else if (!strcmp(o, "-s")) {
            if (parse_size(need_arg(argc, argv, i), &cfg->stack_size) < 0) {
                fprintf(stderr, "emu-%s: bad stack size %s\n", target_abi.name, argv[i + 1]);
                exit(1);
            }
            i++;
        } else if (!strcmp(o, "-cpu")) {
            cfg->cpu_model = need_arg(argc, argv, i++);
        } else if (!strcmp(o, "-E")) {
            env_apply_list(env, need_arg(argc, argv, i++), true);
        } else if (!strcmp(o, "-U")) {
            env_apply_list(env, need_arg(argc, argv, i++), false);
        } else if (!strcmp(o, "-0")) {
            cfg->argv0 = need_arg(argc, argv, i++);
        } else if (!strcmp(o, "-d")) {
            cfg->log_items = need_arg(argc, argv, i++);
        } else if (!strcmp(o, "-D")) {
            cfg->log_file = need_arg(argc, argv, i++);
        } else if (!strcmp(o, "-tb-size")) {
            const char *v = need_arg(argc, argv, i++);
            char *end;
            unsigned long mb = strtoul(v, &end, 10);

            if (end == v || *end || mb < 1 || mb > 1024) {
                fprintf(stderr, "emu-%s: bad -tb-size %s (MB, 1 to 1024)\n", target_abi.name, v);
                exit(1);
            }
            cfg->tb_size_mb = mb;
            cfg->tb_size_arg = v;
        } else if (!strcmp(o, "-strace")) {
            cfg->strace = true;
        } else if (!strcmp(o, "-perfmap")) {
            cfg->perfmap = true;
        } else if (!strcmp(o, "-g")) {
            cfg->gdb_port = atoi(need_arg(argc, argv, i++));
        } else {
            fprintf(stderr, "emu-%s: unknown option %s (try -help)\n", target_abi.name, o);
            exit(1);
        }
    }
    return i;
}

static void perfmap_path(char *path, size_t n)
{
    snprintf(path, n, "/tmp/perf-%d.map", (int)getpid());
}

static FILE *perfmap_open(void)
{
    char path[64];
    FILE *f;

    perfmap_path(path, sizeof(path));
    f = fopen(path, "we");
    if (!f) {
        fprintf(stderr, "emu-%s: -perfmap: %s: %s\n", target_abi.name, path, strerror(errno));
    }
    return f;
}

void user_perfmap_fork_child(UserProcess *p)
{
    char path[64];
    int fd;

    /* The stream was flushed before the fork; point it at this pid's file
     * (if that cannot be made, the lines go on into the parent's). */
    perfmap_path(path, sizeof(path));
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dup2(fd, fileno(p->perfmap));
        close(fd);
    }
}

static void setup_log(UserProcess *p)
{
    UserConfig *cfg = p->cfg;
    int r;

    if (cfg->log_items && log_parse_items(cfg->log_items, &p->log.mask, stderr) < 0) {
        exit(1);
    }
    if (cfg->strace) {
        p->log.mask |= LOG_STRACE;
    }
    r = log_set_file(&p->log, cfg->log_file);
    if (r < 0) {
        fprintf(stderr, "emu-%s: %s: %s\n", target_abi.name, cfg->log_file, strerror(-r));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    char *self_exe = calloc(1, PATH_MAX), *prog_buf = malloc(PATH_MAX);
    const char *prog;
    UserConfig *cfg = calloc(1, sizeof(*cfg));
    UserProcess *p = calloc(1, sizeof(*p));
    UserTask *t = calloc(1, sizeof(*t));
    EnvList env = { 0 };
    TBConfig tbcfg = { 0 };
    char err[1024], *cpu_err = NULL;
    uint64_t entry, sp;
    ssize_t n;
    int optind_, r;

    env_init(&env);
    optind_ = parse_args(cfg, argc, argv, &env);
    if (cfg->cpu_model && !strcmp(cfg->cpu_model, "help")) {
        target_cpu_list(stdout);
        return 0;
    }
    if (optind_ >= argc) {
        usage(stderr);
        return 1;
    }
    if (cfg->gdb_port) {
        fprintf(stderr, "emu-%s: -g: the gdb stub is not available in this build\n",
                target_abi.name);
        return 1;
    }
    n = readlink("/proc/self/exe", self_exe, PATH_MAX - 1);
    if (n > 0) {
        self_exe[n] = 0;
        cfg->self_exe = self_exe;
    }
    cfg->prog = argv[optind_];
    cfg->args = &argv[optind_];
    cfg->nargs = argc - optind_;
    if (cfg->argv0) {
        cfg->args[0] = (char *)cfg->argv0;
    }
    cfg->env = env.v;
    p->cfg = cfg;
    pthread_mutex_init(&p->lock, NULL);
    setup_log(p);

    r = guest_space_init(&p->space, &p->log);
    if (r < 0) {
        fprintf(stderr, "emu-%s: cannot reserve the guest address space: %s\n",
                target_abi.name, strerror(-r));
        return 1;
    }
    t->cpu = target_cpu_create(cfg->cpu_model, &cpu_err);
    if (!t->cpu) {
        fprintf(stderr, "emu-%s: %s\n", target_abi.name, cpu_err ? cpu_err : "bad -cpu");
        return 1;
    }
    tbcfg.ops = t->cpu->ops;
    /* Mapped MAP_NORESERVE: a big default costs only what is filled. */
    tbcfg.code_size = cfg->tb_size_mb ? (size_t)cfg->tb_size_mb << 20 : TB_DEFAULT_CODE_SIZE;
    tbcfg.user_mode = true;
    tbcfg.guest_base = p->space.guest_base;
    tbcfg.guest_guard = true;         /* guest_space_init's guard ranges */
    tbcfg.log = &p->log;
    tbcfg.cosim = log_enabled(&p->log, LOG_COSIM);
    tbcfg.nochain = log_enabled(&p->log, LOG_NOCHAIN);
    if (cfg->perfmap) {
        p->perfmap = tbcfg.perfmap = perfmap_open();
    }
    tbcfg.page_prot = guest_page_prot;
    tbcfg.page_prot_opaque = &p->space;
    tbcfg.fetch_fault_excp = target_abi.fetch_fault_excp;
    tbcfg.translated = fork_share_note;
    tbcfg.translated_opaque = p;
    tbcfg.chained = fork_share_note_chain;
    p->tbc = tb_context_new(&tbcfg);
    if (!p->tbc) {
        fprintf(stderr, "emu-%s: cannot create the translation cache\n", target_abi.name);
        return 1;
    }
    if (cpu_init_exec(t->cpu, p->tbc) < 0) {
        fprintf(stderr, "emu-%s: cannot attach the CPU to the translation cache\n",
                target_abi.name);
        return 1;
    }
    t->proc = p;
    t->cpu->opaque = t;
    t->tid = gettid();

    /* An absolute program path names the sysroot's file when it has one,
     * as every guest path does. */
    prog = user_path(p, cfg->prog, prog_buf, PATH_MAX);
    if (elf_load_program(p, prog, cfg->args, cfg->env, target_hwcap(t->cpu), &entry, &sp,
                         err, sizeof(err)) < 0) {
        fprintf(stderr, "emu-%s: %s\n", target_abi.name, err);
        return 1;
    }
    r = signal_init(p);
    if (r < 0) {
        fprintf(stderr, "emu-%s: cannot install signal handlers: %s\n", target_abi.name,
                strerror(-r));
        return 1;
    }
    task_register(t);
    signal_init_thread(t);
    target_cpu_start(t->cpu, entry, sp);
    target_cpu_loop(t);
}
