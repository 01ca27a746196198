/*
 * Process system calls: identities, process groups and sessions, uname,
 * prctl, kill, resource limits and usage, wait, scheduling, getrandom,
 * sysinfo. User and group changes use the raw per-thread calls, as the
 * guest's C library expects of the kernel.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"

int64_t sys_exit_group(UserTask *t, const uint64_t *a)
{
    user_exit_group(t, sarg(a[0]) & 0xff);
}

int64_t sys_getpid(UserTask *t, const uint64_t *a)
{
    return getpid();
}

int64_t sys_getppid(UserTask *t, const uint64_t *a)
{
    return getppid();
}

int64_t sys_gettid(UserTask *t, const uint64_t *a)
{
    return gettid();
}

int64_t sys_getuid32(UserTask *t, const uint64_t *a)
{
    return getuid();
}

int64_t sys_geteuid32(UserTask *t, const uint64_t *a)
{
    return geteuid();
}

int64_t sys_getgid32(UserTask *t, const uint64_t *a)
{
    return getgid();
}

int64_t sys_getegid32(UserTask *t, const uint64_t *a)
{
    return getegid();
}

static uint32_t low16id(uint32_t id)
{
    return id > 0xffff ? 65534 : id;
}

int64_t sys_getuid(UserTask *t, const uint64_t *a)
{
    return low16id(getuid());
}

int64_t sys_geteuid(UserTask *t, const uint64_t *a)
{
    return low16id(geteuid());
}

int64_t sys_getgid(UserTask *t, const uint64_t *a)
{
    return low16id(getgid());
}

int64_t sys_getegid(UserTask *t, const uint64_t *a)
{
    return low16id(getegid());
}

int64_t sys_setuid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setuid, (uid_t)a[0]));
}

int64_t sys_setgid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setgid, (gid_t)a[0]));
}

int64_t sys_setreuid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]));
}

int64_t sys_setregid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1]));
}

int64_t sys_setresuid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}

int64_t sys_setresgid32(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}

static int64_t getres_common(UserTask *t, const uint64_t *a, bool uid)
{
    uint32_t r[3];
    int i;

    if (uid) {
        uid_t x[3];
        getresuid(&x[0], &x[1], &x[2]);
        for (i = 0; i < 3; i++) {
            r[i] = x[i];
        }
    } else {
        gid_t x[3];
        getresgid(&x[0], &x[1], &x[2]);
        for (i = 0; i < 3; i++) {
            r[i] = x[i];
        }
    }
    for (i = 0; i < 3; i++) {
        if (put_guest_u32(t, a[i], r[i])) {
            return -EFAULT;
        }
    }
    return 0;
}

int64_t sys_getresuid32(UserTask *t, const uint64_t *a)
{
    return getres_common(t, a, true);
}

int64_t sys_getresgid32(UserTask *t, const uint64_t *a)
{
    return getres_common(t, a, false);
}

int64_t sys_getgroups32(UserTask *t, const uint64_t *a)
{
    int n = sarg(a[0]);
    void *buf = n > 0 ? guest_buf(t, a[1], (uint64_t)n * 4, PAGE_WRITE) : NULL;

    if (n < 0) {
        return -EINVAL;
    }
    if (n > 0 && !buf) {
        return -EFAULT;
    }
    return host_ret(getgroups(n, buf));
}

int64_t sys_setgroups32(UserTask *t, const uint64_t *a)
{
    int n = sarg(a[0]);
    void *buf = n > 0 ? guest_buf(t, a[1], (uint64_t)n * 4, PAGE_READ) : NULL;

    if (n < 0 || n > 65536) {
        return -EINVAL;
    }
    if (n > 0 && !buf) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_setgroups, n, buf));
}

int64_t sys_setpgid(UserTask *t, const uint64_t *a)
{
    return host_ret(setpgid(sarg(a[0]), sarg(a[1])));
}

int64_t sys_getpgid(UserTask *t, const uint64_t *a)
{
    return host_ret(getpgid(sarg(a[0])));
}

int64_t sys_getpgrp(UserTask *t, const uint64_t *a)
{
    return getpgrp();
}

int64_t sys_setsid(UserTask *t, const uint64_t *a)
{
    return host_ret(setsid());
}

int64_t sys_getsid(UserTask *t, const uint64_t *a)
{
    return host_ret(getsid(sarg(a[0])));
}

int64_t sys_uname(UserTask *t, const uint64_t *a)
{
    struct utsname u;

    if (uname(&u) < 0) {
        return -errno;
    }
    snprintf(u.machine, sizeof(u.machine), "%s", target_abi.uname_machine);
    return copy_to_guest(t, a[0], &u, sizeof(u)) ? -EFAULT : 0;
}

int64_t sys_sethostname(UserTask *t, const uint64_t *a)
{
    char buf[65];
    uint32_t len = (uint32_t)a[1];

    if (len > 64) {
        return -EINVAL;
    }
    if (copy_from_guest(t, buf, a[0], len)) {
        return -EFAULT;
    }
    return host_ret(sethostname(buf, len));
}

int64_t sys_prctl(UserTask *t, const uint64_t *a)
{
    int option = sarg(a[0]);
    char name[16];
    int v;

    switch (option) {
    case PR_SET_NAME:
        if (copy_from_guest(t, name, a[1], 1)) {
            return -EFAULT;
        }
        {
            char *s = guest_strdup(t, a[1]);
            if (!s) {
                return -EFAULT;
            }
            snprintf(name, sizeof(name), "%s", s);
            free(s);
        }
        return host_ret(prctl(PR_SET_NAME, name));
    case PR_GET_NAME:
        if (prctl(PR_GET_NAME, name) < 0) {
            return -errno;
        }
        return copy_to_guest(t, a[1], name, sizeof(name)) ? -EFAULT : 0;
    case PR_GET_PDEATHSIG:
        if (prctl(PR_GET_PDEATHSIG, &v) < 0) {
            return -errno;
        }
        return put_guest_u32(t, a[1], v) ? -EFAULT : 0;
    case PR_SET_PDEATHSIG: case PR_GET_DUMPABLE: case PR_SET_DUMPABLE:
    case PR_GET_NO_NEW_PRIVS: case PR_SET_NO_NEW_PRIVS: case PR_SET_CHILD_SUBREAPER:
    case PR_CAPBSET_READ: case PR_GET_SECCOMP: case PR_GET_KEEPCAPS: case PR_SET_KEEPCAPS:
    case PR_GET_TIMERSLACK: case PR_SET_TIMERSLACK:
        return host_ret(prctl(option, (unsigned long)(uint32_t)a[1],
                              (unsigned long)(uint32_t)a[2], (unsigned long)(uint32_t)a[3],
                              (unsigned long)(uint32_t)a[4]));
    case PR_GET_CHILD_SUBREAPER:
        if (prctl(option, &v) < 0) {
            return -errno;
        }
        return put_guest_u32(t, a[1], v) ? -EFAULT : 0;
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "prctl: unsupported option %d\n", option);
        return -EINVAL;
    }
}

int64_t sys_kill(UserTask *t, const uint64_t *a)
{
    return host_ret(kill(sarg(a[0]), sarg(a[1])));
}

int64_t sys_tkill(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_tkill, sarg(a[0]), sarg(a[1])));
}

int64_t sys_tgkill(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_tgkill, sarg(a[0]), sarg(a[1]), sarg(a[2])));
}

static uint32_t rlim_to_guest(rlim_t v, uint32_t max)
{
    return v == RLIM_INFINITY || v > max ? (v == RLIM_INFINITY ? 0xffffffffu : max) : (uint32_t)v;
}

int64_t sys_ugetrlimit(UserTask *t, const uint64_t *a)
{
    struct rlimit rl;
    uint32_t v[2];

    if (getrlimit(sarg(a[0]), &rl) < 0) {
        return -errno;
    }
    v[0] = rlim_to_guest(rl.rlim_cur, 0xfffffffe);
    v[1] = rlim_to_guest(rl.rlim_max, 0xfffffffe);
    return copy_to_guest(t, a[1], v, sizeof(v)) ? -EFAULT : 0;
}

int64_t sys_getrlimit(UserTask *t, const uint64_t *a)
{
    struct rlimit rl;
    uint32_t v[2];

    if (getrlimit(sarg(a[0]), &rl) < 0) {
        return -errno;
    }
    /* The old call reports infinity as 0x7fffffff. */
    v[0] = rl.rlim_cur > 0x7fffffff ? 0x7fffffff : (uint32_t)rl.rlim_cur;
    v[1] = rl.rlim_max > 0x7fffffff ? 0x7fffffff : (uint32_t)rl.rlim_max;
    return copy_to_guest(t, a[1], v, sizeof(v)) ? -EFAULT : 0;
}

int64_t sys_setrlimit(UserTask *t, const uint64_t *a)
{
    struct rlimit rl;
    uint32_t v[2];

    if (copy_from_guest(t, v, a[1], sizeof(v))) {
        return -EFAULT;
    }
    rl.rlim_cur = v[0] == 0xffffffffu ? RLIM_INFINITY : v[0];
    rl.rlim_max = v[1] == 0xffffffffu ? RLIM_INFINITY : v[1];
    return host_ret(setrlimit(sarg(a[0]), &rl));
}

int64_t sys_prlimit64(UserTask *t, const uint64_t *a)
{
    struct rlimit nv, ov;
    int r;

    /* struct rlimit64 is two u64 everywhere. */
    if (a[2] && copy_from_guest(t, &nv, a[2], sizeof(nv))) {
        return -EFAULT;
    }
    r = prlimit(sarg(a[0]), sarg(a[1]), a[2] ? &nv : NULL, &ov);
    if (r < 0) {
        return -errno;
    }
    return a[3] && copy_to_guest(t, a[3], &ov, sizeof(ov)) ? -EFAULT : 0;
}

int64_t sys_getrusage(UserTask *t, const uint64_t *a)
{
    struct rusage ru;

    if (getrusage(sarg(a[0]), &ru) < 0) {
        return -errno;
    }
    return put_rusage32(t, a[1], &ru) ? -EFAULT : 0;
}

int64_t sys_wait4(UserTask *t, const uint64_t *a)
{
    struct rusage ru;
    int status;
    long r = safe_syscall(t, SYS_wait4, sarg(a[0]), &status, sarg(a[2]), a[3] ? &ru : NULL);

    if (r < 0) {
        return r;
    }
    if (r > 0 && a[1] && put_guest_u32(t, a[1], status)) {
        return -EFAULT;
    }
    if (a[3] && put_rusage32(t, a[3], &ru)) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_waitpid(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { a[0], a[1], a[2], 0 };

    return sys_wait4(t, b);
}

int64_t sys_waitid(UserTask *t, const uint64_t *a)
{
    siginfo_t si;
    struct rusage ru;
    PendingSignal ps;
    uint8_t gsi[TARGET_SIGINFO_SIZE];
    long r;

    memset(&si, 0, sizeof(si));
    r = safe_syscall(t, SYS_waitid, sarg(a[0]), sarg(a[1]), &si, sarg(a[3]), a[4] ? &ru : NULL);
    if (r < 0) {
        return r;
    }
    if (a[2]) {
        if (si.si_signo) {
            pending_from_host(&ps, &si);
            siginfo_to_guest32(&ps, gsi);
        } else {
            memset(gsi, 0, sizeof(gsi));
        }
        if (copy_to_guest(t, a[2], gsi, sizeof(gsi))) {
            return -EFAULT;
        }
    }
    if (a[4] && put_rusage32(t, a[4], &ru)) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_sched_yield(UserTask *t, const uint64_t *a)
{
    return host_ret(sched_yield());
}

int64_t sys_sched_getaffinity(UserTask *t, const uint64_t *a)
{
    uint32_t len = (uint32_t)a[1];
    void *buf = guest_buf(t, a[2], len, PAGE_WRITE);

    if (!buf) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_sched_getaffinity, sarg(a[0]), len, buf));
}

int64_t sys_sched_setaffinity(UserTask *t, const uint64_t *a)
{
    uint32_t len = (uint32_t)a[1];
    void *buf = guest_buf(t, a[2], len, PAGE_READ);

    if (!buf) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_sched_setaffinity, sarg(a[0]), len, buf));
}

int64_t sys_sched_getparam(UserTask *t, const uint64_t *a)
{
    struct sched_param sp;

    if (sched_getparam(sarg(a[0]), &sp) < 0) {
        return -errno;
    }
    return put_guest_u32(t, a[1], sp.sched_priority) ? -EFAULT : 0;
}

int64_t sys_sched_setparam(UserTask *t, const uint64_t *a)
{
    struct sched_param sp;
    uint32_t v;

    if (get_guest_u32(t, a[1], &v)) {
        return -EFAULT;
    }
    sp.sched_priority = (int)v;
    return host_ret(sched_setparam(sarg(a[0]), &sp));
}

int64_t sys_sched_getscheduler(UserTask *t, const uint64_t *a)
{
    return host_ret(sched_getscheduler(sarg(a[0])));
}

int64_t sys_sched_setscheduler(UserTask *t, const uint64_t *a)
{
    struct sched_param sp;
    uint32_t v;

    if (get_guest_u32(t, a[2], &v)) {
        return -EFAULT;
    }
    sp.sched_priority = (int)v;
    return host_ret(sched_setscheduler(sarg(a[0]), sarg(a[1]), &sp));
}

int64_t sys_sched_get_priority_max(UserTask *t, const uint64_t *a)
{
    return host_ret(sched_get_priority_max(sarg(a[0])));
}

int64_t sys_sched_get_priority_min(UserTask *t, const uint64_t *a)
{
    return host_ret(sched_get_priority_min(sarg(a[0])));
}

int64_t sys_getpriority(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_getpriority, sarg(a[0]), sarg(a[1])));
}

int64_t sys_setpriority(UserTask *t, const uint64_t *a)
{
    return host_ret(setpriority(sarg(a[0]), sarg(a[1]), sarg(a[2])));
}

int64_t sys_personality(UserTask *t, const uint64_t *a)
{
    return host_ret(personality((unsigned long)(uint32_t)a[0]));
}

int64_t sys_getrandom(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[0], (uint32_t)a[1], PAGE_WRITE);

    if (!buf) {
        return -EFAULT;
    }
    return host_ret(getrandom(buf, (uint32_t)a[1], (unsigned)a[2]));
}

int64_t sys_getcpu(UserTask *t, const uint64_t *a)
{
    unsigned cpu, node;

    if (syscall(SYS_getcpu, &cpu, &node, NULL) < 0) {
        return -errno;
    }
    if ((a[0] && put_guest_u32(t, a[0], cpu)) || (a[1] && put_guest_u32(t, a[1], node))) {
        return -EFAULT;
    }
    return 0;
}

int64_t sys_sysinfo(UserTask *t, const uint64_t *a)
{
    struct sysinfo si;
    uint32_t v[16] = { 0 };
    uint64_t unit;
    int shift = 0;

    if (sysinfo(&si) < 0) {
        return -errno;
    }
    unit = si.mem_unit;
    /* Scale the memory figures into 32 bits as the compat kernel does. */
    while (((uint64_t)si.totalram * unit >> shift) > 0xffffffffull ||
           ((uint64_t)si.totalswap * unit >> shift) > 0xffffffffull) {
        shift++;
    }
    v[0] = (uint32_t)si.uptime;
    v[1] = (uint32_t)si.loads[0];
    v[2] = (uint32_t)si.loads[1];
    v[3] = (uint32_t)si.loads[2];
    v[4] = (uint32_t)(si.totalram * unit >> shift);
    v[5] = (uint32_t)(si.freeram * unit >> shift);
    v[6] = (uint32_t)(si.sharedram * unit >> shift);
    v[7] = (uint32_t)(si.bufferram * unit >> shift);
    v[8] = (uint32_t)(si.totalswap * unit >> shift);
    v[9] = (uint32_t)(si.freeswap * unit >> shift);
    v[10] = si.procs;
    v[11] = (uint32_t)(si.totalhigh * unit >> shift);
    v[12] = (uint32_t)(si.freehigh * unit >> shift);
    v[13] = 1u << shift;
    return copy_to_guest(t, a[0], v, 64) ? -EFAULT : 0;
}

int64_t sys_chroot(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[0], &gp)) {
        return -EFAULT;
    }
    r = host_ret(chroot(gp.host));
    guest_path_free(&gp);
    return r;
}

int64_t sys_capget(UserTask *t, const uint64_t *a)
{
    uint32_t hdr[2], data[6];
    long r;

    if (copy_from_guest(t, hdr, a[0], sizeof(hdr))) {
        return -EFAULT;
    }
    r = syscall(SYS_capget, hdr, a[1] ? data : NULL);
    copy_to_guest(t, a[0], hdr, sizeof(hdr));
    if (r < 0) {
        return -errno;
    }
    return a[1] && copy_to_guest(t, a[1], data, hdr[0] == 0x19980330 ? 12 : 24) ? -EFAULT : 0;
}

int64_t sys_capset(UserTask *t, const uint64_t *a)
{
    uint32_t hdr[2], data[6] = { 0 };

    if (copy_from_guest(t, hdr, a[0], sizeof(hdr)) ||
        copy_from_guest(t, data, a[1], hdr[0] == 0x19980330 ? 12 : 24)) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_capset, hdr, data));
}
