/*
 * The system call dispatcher: the architecture's table names the handler of
 * each number; -strace prints each call and its result as qemu does; an
 * unknown number returns -ENOSYS and is logged under -d unimp.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/syscall-common.h"
#include "linux-user/target.h"

/*
 * Argument kinds in SyscallDef.fmt: d signed int, u unsigned, x hex,
 * p pointer, s string, o octal; a missing char ends the list.
 */
static void strace_arg(UserTask *t, FILE *f, char kind, uint64_t v)
{
    char *s;

    switch (kind) {
    case 'd':
        fprintf(f, "%d", sarg(v));
        break;
    case 'u':
        fprintf(f, "%u", (unsigned)v);
        break;
    case 'o':
        fprintf(f, "0%o", (unsigned)v);
        break;
    case 's':
        s = v ? guest_strdup(t, v) : NULL;
        if (s) {
            fprintf(f, "\"%.64s\"%s", s, strlen(s) > 64 ? "..." : "");
            free(s);
        } else {
            fprintf(f, "0x%llx", (unsigned long long)v);
        }
        break;
    default:
        fprintf(f, "0x%llx", (unsigned long long)v);
        break;
    }
}

static void strace_enter(UserTask *t, const SyscallDef *d, const uint64_t *a)
{
    FILE *f = log_stream(&t->proc->log);
    const char *fmt = d->fmt ? d->fmt : "xxxxxx";
    int i;

    fprintf(f, "%d %s(", t->tid, d->name);
    for (i = 0; fmt[i] && i < 6; i++) {
        if (i) {
            fputc(',', f);
        }
        strace_arg(t, f, fmt[i], a[i]);
    }
    fputc(')', f);
    if (d->flags & SYSF_NORETURN_LOG) {
        fputc('\n', f);
    }
    fflush(f);
}

static void strace_result(UserTask *t, int64_t ret)
{
    FILE *f = log_stream(&t->proc->log);

    if (ret == SYSCALL_NO_RESULT) {
        fprintf(f, "\n");
    } else if (ret < 0 && ret >= -4095) {
        fprintf(f, " = -1 errno=%d (%s)\n", (int)-ret, strerror((int)-ret));
    } else {
        fprintf(f, " = %lld\n", (long long)(int32_t)ret);
    }
    fflush(f);
}

int64_t do_syscall(UserTask *t, int num, const uint64_t *args)
{
    const SyscallDef *d = target_syscall_lookup(num);
    bool trace = log_enabled(&t->proc->log, LOG_STRACE);
    int64_t ret;

    if (!d || !d->fn) {
        log_mask(&t->proc->log, LOG_UNIMP | LOG_STRACE, "%d unimplemented syscall %d%s%s\n",
                 t->tid, num, d ? " " : "", d ? d->name : "");
        return -ENOSYS;
    }
    if (trace) {
        strace_enter(t, d, args);
    }
    ret = d->fn(t, args);
    if (trace && !(d->flags & SYSF_NORETURN_LOG)) {
        strace_result(t, ret);
    }
    return ret;
}
