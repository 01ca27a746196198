/*
 * execve: a guest program (an ELF of this architecture, or a #! script whose
 * interpreter is one) runs under this emulator again with the same options;
 * anything else is handed to the host kernel.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/proc.h"
#include "linux-user/syscall-common.h"

#define MAX_EXEC_ARGS 65536

static void free_strv(char **v)
{
    int i;

    for (i = 0; v && v[i]; i++) {
        free(v[i]);
    }
    free(v);
}

/* A NULL-terminated guest array of string pointers, copied. */
static char **get_strv(UserTask *t, uint64_t addr, int *err)
{
    char **v = NULL;
    int n = 0;

    for (;;) {
        uint32_t p;
        char **nv;

        if (addr == 0) {
            break;
        }
        if (n >= MAX_EXEC_ARGS) {
            *err = -E2BIG;
            free_strv(v);
            return NULL;
        }
        if (get_guest_u32(t, addr + 4 * (uint64_t)n, &p)) {
            *err = -EFAULT;
            free_strv(v);
            return NULL;
        }
        nv = realloc(v, (n + 2) * sizeof(char *));
        if (!nv) {
            *err = -ENOMEM;
            free_strv(v);
            return NULL;
        }
        v = nv;
        v[n] = NULL;
        if (!p) {
            break;
        }
        v[n] = guest_strdup(t, p);
        if (!v[n]) {
            *err = -EFAULT;
            free_strv(v);
            return NULL;
        }
        v[++n] = NULL;
    }
    if (!v) {
        v = calloc(1, sizeof(char *));
    }
    return v;
}

typedef enum ExecKind { EXEC_HOST, EXEC_GUEST_ELF, EXEC_SCRIPT } ExecKind;

static ExecKind exec_kind(const char *path, char *interp, size_t ilen, char *iarg, size_t alen)
{
    char buf[256];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        return EXEC_HOST;      /* let the host report the error */
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n >= (ssize_t)sizeof(Elf32_Ehdr) && !memcmp(buf, ELFMAG, SELFMAG)) {
        const Elf32_Ehdr *eh = (const void *)buf;
        if (eh->e_ident[EI_CLASS] == target_abi.elf_class &&
            eh->e_machine == target_abi.elf_machine) {
            return EXEC_GUEST_ELF;
        }
        return EXEC_HOST;
    }
    if (n > 2 && buf[0] == '#' && buf[1] == '!') {
        char *p = buf + 2, *end, *arg;

        buf[n] = 0;
        end = strchr(p, '\n');
        if (!end) {
            return EXEC_HOST;
        }
        *end = 0;
        p += strspn(p, " \t");
        arg = p + strcspn(p, " \t");
        if (*arg) {
            *arg++ = 0;
            arg += strspn(arg, " \t");
            while (*arg && strchr(" \t", arg[strlen(arg) - 1])) {
                arg[strlen(arg) - 1] = 0;
            }
        }
        snprintf(interp, ilen, "%s", p);
        snprintf(iarg, alen, "%s", arg);
        return *interp ? EXEC_SCRIPT : EXEC_HOST;
    }
    return EXEC_HOST;
}

/* argv for running guest program `prog` (host path) as argv0 under emu. */
static char **emu_argv(UserTask *t, const char *prog, char *const *args)
{
    const UserConfig *cfg = t->proc->cfg;
    int n = 0, i = 0, j;
    char **v;

    while (args[n]) {
        n++;
    }
    v = calloc(n + 16, sizeof(char *));
    v[i++] = (char *)cfg->self_exe;
    if (cfg->sysroot) {
        v[i++] = "-L";
        v[i++] = (char *)cfg->sysroot;
    }
    if (cfg->cpu_model) {
        v[i++] = "-cpu";
        v[i++] = (char *)cfg->cpu_model;
    }
    if (cfg->log_items) {
        v[i++] = "-d";
        v[i++] = (char *)cfg->log_items;
    }
    if (cfg->strace) {
        v[i++] = "-strace";
    }
    if (cfg->perfmap) {
        v[i++] = "-perfmap";
    }
    if (cfg->tb_size_arg) {
        v[i++] = "-tb-size";
        v[i++] = (char *)cfg->tb_size_arg;
    }
    if (n > 0) {
        v[i++] = "-0";
        v[i++] = args[0];
    }
    v[i++] = (char *)prog;
    for (j = 1; j < n; j++) {
        v[i++] = args[j];
    }
    v[i] = NULL;
    return v;
}

static int64_t do_execve(UserTask *t, int dirfd, uint64_t path_addr, uint64_t argv_addr,
                  uint64_t envp_addr, int flags)
{
    char interp[256], iarg[256], ibuf[4096];
    char **argv, **envp, **nargv = NULL;
    GuestPath gp;
    int err = 0;
    int64_t r;

    if (guest_path_get(t, path_addr, &gp)) {
        return -EFAULT;
    }
    /* /proc/self/exe is the guest program, not the emulator. */
    if (proc_readlink(t, gp.guest, gp.buf, sizeof(gp.buf) - 1) > 0) {
        gp.buf[proc_readlink(t, gp.guest, gp.buf, sizeof(gp.buf) - 1)] = 0;
        gp.host = gp.buf;
    }
    argv = get_strv(t, argv_addr, &err);
    envp = argv ? get_strv(t, envp_addr, &err) : NULL;
    if (!argv || !envp) {
        free_strv(argv);
        guest_path_free(&gp);
        return err;
    }
    if (dirfd != AT_FDCWD && gp.guest[0] != '/') {
        r = host_ret(syscall(SYS_execveat, dirfd, gp.host, argv, envp, flags));
        goto out;
    }
    if (access(gp.host, X_OK) != 0) {
        r = -errno;
        goto out;
    }
    switch (exec_kind(gp.host, interp, sizeof(interp), iarg, sizeof(iarg))) {
    case EXEC_GUEST_ELF:
        nargv = emu_argv(t, gp.host, argv);
        break;
    case EXEC_SCRIPT: {
        const char *ihost = user_path(t->proc, interp, ibuf, sizeof(ibuf));
        char dummy1[8], dummy2[8];
        char **sargv;
        int n = 0, i = 0, j;

        if (exec_kind(ihost, dummy1, sizeof(dummy1), dummy2, sizeof(dummy2)) !=
            EXEC_GUEST_ELF) {
            break;     /* a host interpreter: the host kernel runs the script */
        }
        while (argv[n]) {
            n++;
        }
        sargv = calloc(n + 4, sizeof(char *));
        sargv[i++] = interp;
        if (*iarg) {
            sargv[i++] = iarg;
        }
        sargv[i++] = gp.guest;
        for (j = 1; j < n; j++) {
            sargv[i++] = argv[j];
        }
        nargv = emu_argv(t, ihost, sargv);
        free(sargv);
        break;
    }
    case EXEC_HOST:
        break;
    }
    fflush(NULL);
    if (nargv && t->proc->cfg->self_exe) {
        r = host_ret(execve(t->proc->cfg->self_exe, nargv, envp));
    } else {
        r = host_ret(execve(gp.host, argv, envp));
    }
out:
    free(nargv);
    free_strv(argv);
    free_strv(envp);
    guest_path_free(&gp);
    return r;
}

int64_t sys_execve(UserTask *t, const uint64_t *a)
{
    return do_execve(t, AT_FDCWD, a[0], a[1], a[2], 0);
}

int64_t sys_execveat(UserTask *t, const uint64_t *a)
{
    return do_execve(t, sarg(a[0]), a[1], a[2], a[3], sarg(a[4]));
}
