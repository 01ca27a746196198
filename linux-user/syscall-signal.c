/*
 * Signal system calls: sigaction (rt and old), sigprocmask, sigpending,
 * sigsuspend, sigtimedwait, sigqueueinfo, sigaltstack, signalfd, pause and
 * the two sigreturns. The 32-bit struct sigaction {handler, flags, restorer,
 * mask} and stack_t {sp, flags, size} are shared by i386, ARM and PowerPC.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"

#define TARGET_MINSIGSTKSZ 2048

static int64_t do_sigaction(UserTask *t, int sig, const UserSigAction *nact,
                            UserSigAction *oact)
{
    UserProcess *p = t->proc;

    if (sig < 1 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    if (nact && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    pthread_mutex_lock(&p->lock);
    if (oact) {
        *oact = p->sigact[sig];
    }
    if (nact) {
        p->sigact[sig] = *nact;
        p->sigact[sig].mask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
        signal_apply_host(p, sig);
    }
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int64_t sys_rt_sigaction(UserTask *t, const uint64_t *a)
{
    UserSigAction nact, oact;
    uint32_t g[5];
    int64_t r;

    if ((uint32_t)a[3] != 8) {
        return -EINVAL;
    }
    if (a[1]) {
        if (copy_from_guest(t, g, a[1], 20)) {
            return -EFAULT;
        }
        nact.handler = g[0];
        nact.flags = g[1];
        nact.restorer = g[2];
        nact.mask = g[3] | (uint64_t)g[4] << 32;
    }
    r = do_sigaction(t, sarg(a[0]), a[1] ? &nact : NULL, &oact);
    if (r == 0 && a[2]) {
        g[0] = (uint32_t)oact.handler;
        g[1] = (uint32_t)oact.flags;
        g[2] = (uint32_t)oact.restorer;
        g[3] = (uint32_t)oact.mask;
        g[4] = (uint32_t)(oact.mask >> 32);
        if (copy_to_guest(t, a[2], g, 20)) {
            return -EFAULT;
        }
    }
    return r;
}

/* The old sigaction: {handler, mask (32 bits), flags, restorer}. */
int64_t sys_sigaction(UserTask *t, const uint64_t *a)
{
    UserSigAction nact, oact;
    uint32_t g[4];
    int64_t r;

    if (a[1]) {
        if (copy_from_guest(t, g, a[1], 16)) {
            return -EFAULT;
        }
        nact.handler = g[0];
        nact.mask = g[1];
        nact.flags = g[2];
        nact.restorer = g[3];
    }
    r = do_sigaction(t, sarg(a[0]), a[1] ? &nact : NULL, &oact);
    if (r == 0 && a[2]) {
        g[0] = (uint32_t)oact.handler;
        g[1] = (uint32_t)oact.mask;
        g[2] = (uint32_t)oact.flags;
        g[3] = (uint32_t)oact.restorer;
        if (copy_to_guest(t, a[2], g, 16)) {
            return -EFAULT;
        }
    }
    return r;
}

static int64_t do_sigprocmask(UserTask *t, int how, const uint64_t *set, uint64_t *old)
{
    uint64_t m = t->blocked;

    if (old) {
        *old = m;
    }
    if (!set) {
        return 0;
    }
    switch (how) {
    case SIG_BLOCK:
        m |= *set;
        break;
    case SIG_UNBLOCK:
        m &= ~*set;
        break;
    case SIG_SETMASK:
        m = *set;
        break;
    default:
        return -EINVAL;
    }
    task_set_blocked(t, m);
    return 0;
}

int64_t sys_rt_sigprocmask(UserTask *t, const uint64_t *a)
{
    uint64_t set, old;
    int64_t r;

    if ((uint32_t)a[3] != 8) {
        return -EINVAL;
    }
    if (a[1] && get_guest_u64(t, a[1], &set)) {
        return -EFAULT;
    }
    r = do_sigprocmask(t, sarg(a[0]), a[1] ? &set : NULL, &old);
    if (r == 0 && a[2] && put_guest_u64(t, a[2], old)) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_sigprocmask(UserTask *t, const uint64_t *a)
{
    uint64_t set, old;
    uint32_t v;
    int64_t r;

    if (a[1]) {
        if (get_guest_u32(t, a[1], &v)) {
            return -EFAULT;
        }
        set = v;
        if (sarg(a[0]) == SIG_SETMASK) {
            set |= t->blocked & 0xffffffff00000000ull;
        }
    }
    r = do_sigprocmask(t, sarg(a[0]), a[1] ? &set : NULL, &old);
    if (r == 0 && a[2] && put_guest_u32(t, a[2], (uint32_t)old)) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_rt_sigpending(UserTask *t, const uint64_t *a)
{
    uint64_t host = 0;

    if ((uint32_t)a[1] != 8) {
        return -EINVAL;
    }
    if (syscall(SYS_rt_sigpending, &host, 8) < 0) {
        return -errno;
    }
    host = (host & t->blocked) | (t->pending & t->blocked);
    return put_guest_u64(t, a[0], host) ? -EFAULT : 0;
}

/* Wait with mask in force; the handler runs with it, then the mask returns. */
static int64_t suspend_with(UserTask *t, uint64_t mask)
{
    uint64_t host;

    t->saved_mask = t->blocked;
    t->restore_saved_mask = true;
    t->blocked = mask & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    host = t->blocked & ~((1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)) |
                          (1ull << (SIGILL - 1)) | (1ull << (SIGFPE - 1)) |
                          (1ull << (SIGTRAP - 1)));
    while (!signal_has_deliverable(t)) {
        safe_syscall(t, SYS_rt_sigsuspend, &host, 8);
    }
    return -EINTR;
}

int64_t sys_rt_sigsuspend(UserTask *t, const uint64_t *a)
{
    uint64_t mask;

    if ((uint32_t)a[1] != 8) {
        return -EINVAL;
    }
    if (get_guest_u64(t, a[0], &mask)) {
        return -EFAULT;
    }
    return suspend_with(t, mask);
}

int64_t sys_sigsuspend(UserTask *t, const uint64_t *a)
{
    /* i386 passes the old 32-bit mask by value in the third argument. */
    return suspend_with(t, (uint32_t)a[2] | (t->blocked & 0xffffffff00000000ull));
}

int64_t sys_pause(UserTask *t, const uint64_t *a)
{
    return suspend_with(t, t->blocked);
}

static int64_t sigtimedwait_common(UserTask *t, const uint64_t *a, bool t64)
{
    uint64_t set;
    struct timespec ts;
    siginfo_t si;
    PendingSignal ps;
    uint8_t gsi[TARGET_SIGINFO_SIZE];
    long r;
    int sig;

    if ((uint32_t)a[3] != 8) {
        return -EINVAL;
    }
    if (get_guest_u64(t, a[0], &set)) {
        return -EFAULT;
    }
    if (a[2] && (t64 ? get_timespec64(t, a[2], &ts) : get_timespec32(t, a[2], &ts))) {
        return -EFAULT;
    }
    /* A signal our handler already took from the host comes first. */
    if (t->pending & set) {
        sig = __builtin_ctzll(t->pending & set) + 1;
        ps = t->info[sig];
        __atomic_and_fetch(&t->pending, ~(1ull << (sig - 1)), __ATOMIC_SEQ_CST);
    } else {
        r = safe_syscall(t, SYS_rt_sigtimedwait, &set, &si, a[2] ? &ts : NULL, 8);
        if (r < 0) {
            return r;
        }
        pending_from_host(&ps, &si);
        sig = (int)r;
    }
    if (a[1]) {
        siginfo_to_guest32(&ps, gsi);
        if (copy_to_guest(t, a[1], gsi, sizeof(gsi))) {
            return -EFAULT;
        }
    }
    return sig;
}

int64_t sys_rt_sigtimedwait(UserTask *t, const uint64_t *a)
{
    return sigtimedwait_common(t, a, false);
}

int64_t sys_rt_sigtimedwait_time64(UserTask *t, const uint64_t *a)
{
    return sigtimedwait_common(t, a, true);
}

int64_t sys_rt_sigqueueinfo(UserTask *t, const uint64_t *a)
{
    uint8_t gsi[TARGET_SIGINFO_SIZE];
    PendingSignal ps;
    siginfo_t si;

    if (copy_from_guest(t, gsi, a[2], sizeof(gsi))) {
        return -EFAULT;
    }
    siginfo_from_guest32(&ps, gsi);
    siginfo_to_host(&ps, &si);
    return host_ret(syscall(SYS_rt_sigqueueinfo, sarg(a[0]), sarg(a[1]), &si));
}

int64_t sys_rt_tgsigqueueinfo(UserTask *t, const uint64_t *a)
{
    uint8_t gsi[TARGET_SIGINFO_SIZE];
    PendingSignal ps;
    siginfo_t si;

    if (copy_from_guest(t, gsi, a[3], sizeof(gsi))) {
        return -EFAULT;
    }
    siginfo_from_guest32(&ps, gsi);
    siginfo_to_host(&ps, &si);
    return host_ret(syscall(SYS_rt_tgsigqueueinfo, sarg(a[0]), sarg(a[1]), sarg(a[2]), &si));
}

bool task_on_altstack(const UserTask *t, uint64_t sp)
{
    return t->altstack_size && sp - t->altstack_sp < t->altstack_size;
}

int64_t sys_sigaltstack(UserTask *t, const uint64_t *a)
{
    uint64_t sp = target_get_sp(t->cpu);
    uint32_t g[3];

    if (a[1]) {
        g[0] = (uint32_t)t->altstack_sp;
        g[1] = t->altstack_size ? (task_on_altstack(t, sp) ? SS_ONSTACK : 0) : SS_DISABLE;
        g[2] = (uint32_t)t->altstack_size;
        if (copy_to_guest(t, a[1], g, sizeof(g))) {
            return -EFAULT;
        }
    }
    if (a[0]) {
        if (copy_from_guest(t, g, a[0], sizeof(g))) {
            return -EFAULT;
        }
        if (task_on_altstack(t, sp)) {
            return -EPERM;
        }
        if (g[1] & ~(SS_DISABLE | SS_ONSTACK | SS_AUTODISARM)) {
            return -EINVAL;
        }
        if (g[1] & SS_DISABLE) {
            t->altstack_sp = 0;
            t->altstack_size = 0;
        } else {
            if (g[2] < TARGET_MINSIGSTKSZ) {
                return -ENOMEM;
            }
            t->altstack_sp = g[0];
            t->altstack_size = g[2];
        }
        t->altstack_flags = g[1] & SS_AUTODISARM;
    }
    return 0;
}

int64_t sys_signalfd4(UserTask *t, const uint64_t *a)
{
    uint64_t mask;

    if ((uint32_t)a[2] != 8) {
        return -EINVAL;
    }
    if (get_guest_u64(t, a[1], &mask)) {
        return -EFAULT;
    }
    /* struct signalfd_siginfo has one layout everywhere: reads pass through. */
    return host_ret(syscall(SYS_signalfd4, sarg(a[0]), &mask, 8,
                            target_open_flags_to_host(sarg(a[3]))));
}

int64_t sys_signalfd(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { a[0], a[1], a[2], 0 };

    return sys_signalfd4(t, b);
}

int64_t sys_sigreturn(UserTask *t, const uint64_t *a)
{
    return target_sigreturn(t);
}

int64_t sys_rt_sigreturn(UserTask *t, const uint64_t *a)
{
    return target_rt_sigreturn(t);
}
