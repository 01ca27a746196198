/*
 * Pipes and waiting for file descriptors: pipe/pipe2, poll/ppoll,
 * select/pselect6 (fd_set bitmaps are byte-identical on little-endian 32-bit
 * guests), epoll (struct epoll_event from the architecture) and eventfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"

int64_t sys_pipe2(UserTask *t, const uint64_t *a)
{
    int fds[2];

    if (pipe2(fds, target_open_flags_to_host(sarg(a[1]))) < 0) {
        return -errno;
    }
    if (copy_to_guest(t, a[0], fds, sizeof(fds))) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_pipe(UserTask *t, const uint64_t *a)
{
    uint64_t b[2] = { a[0], 0 };

    return sys_pipe2(t, b);
}

/* A guest sigmask for the duration of one host call (ppoll, pselect, epoll_pwait):
 * the host gets it atomically; a signal taken meanwhile is delivered with it. */
static uint64_t *temp_mask_begin(UserTask *t, uint64_t mask, uint64_t *host)
{
    t->saved_mask = t->blocked;
    t->restore_saved_mask = true;
    t->blocked = mask;
    *host = mask & ~((1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)) | (1ull << (SIGILL - 1)) |
                     (1ull << (SIGFPE - 1)) | (1ull << (SIGTRAP - 1)));
    return host;
}

static void temp_mask_end(UserTask *t, int64_t r)
{
    if (r != -EINTR || !signal_has_deliverable(t)) {
        t->blocked = t->saved_mask;
        t->restore_saved_mask = false;
    }
}

static int64_t ppoll_common(UserTask *t, uint64_t fds, uint32_t nfds, const struct timespec *ts,
                            const uint64_t *mask)
{
    void *buf = guest_buf(t, fds, (uint64_t)nfds * sizeof(struct pollfd), PAGE_READ | PAGE_WRITE);
    uint64_t host;
    int64_t r;

    if (nfds > 65536) {
        return -EINVAL;
    }
    if (!buf && nfds) {
        return -EFAULT;
    }
    if (mask) {
        r = safe_syscall(t, SYS_ppoll, buf, nfds, ts, temp_mask_begin(t, *mask, &host), 8);
        temp_mask_end(t, r);
        return r;
    }
    return safe_syscall(t, SYS_ppoll, buf, nfds, ts, NULL, 8);
}

int64_t sys_poll(UserTask *t, const uint64_t *a)
{
    int ms = sarg(a[2]);
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    return ppoll_common(t, a[0], (uint32_t)a[1], ms < 0 ? NULL : &ts, NULL);
}

static int64_t ppoll_time(UserTask *t, const uint64_t *a, bool t64)
{
    struct timespec ts;
    uint64_t mask;
    int64_t r;

    if (a[2] && (t64 ? get_timespec64(t, a[2], &ts) : get_timespec32(t, a[2], &ts))) {
        return -EFAULT;
    }
    if (a[3]) {
        if ((uint32_t)a[4] != 8) {
            return -EINVAL;
        }
        if (get_guest_u64(t, a[3], &mask)) {
            return -EFAULT;
        }
    }
    r = ppoll_common(t, a[0], (uint32_t)a[1], a[2] ? &ts : NULL, a[3] ? &mask : NULL);
    if (a[2] && r != -EFAULT) {
        if (t64 ? put_timespec64(t, a[2], &ts) : put_timespec32(t, a[2], &ts)) {
            return -EFAULT;
        }
    }
    return r;
}

int64_t sys_ppoll(UserTask *t, const uint64_t *a)
{
    return ppoll_time(t, a, false);
}

int64_t sys_ppoll_time64(UserTask *t, const uint64_t *a)
{
    return ppoll_time(t, a, true);
}

/* fd_set bitmaps: guest words are 32 bits, host 64; bytes are the same. */
typedef struct FdSets {
    uint64_t *set[3];
    size_t guest_bytes;
} FdSets;

static int fdsets_get(UserTask *t, FdSets *fs, int nfds, const uint64_t addr[3])
{
    size_t host_bytes = ((size_t)(nfds + 63) / 64) * 8;
    int i;

    fs->guest_bytes = ((size_t)(nfds + 31) / 32) * 4;
    for (i = 0; i < 3; i++) {
        fs->set[i] = NULL;
        if (!addr[i]) {
            continue;
        }
        fs->set[i] = calloc(1, host_bytes ? host_bytes : 8);
        if (!fs->set[i] || copy_from_guest(t, fs->set[i], addr[i], fs->guest_bytes)) {
            return -EFAULT;
        }
    }
    return 0;
}

static int fdsets_put(UserTask *t, FdSets *fs, const uint64_t addr[3])
{
    int i, r = 0;

    for (i = 0; i < 3; i++) {
        if (fs->set[i] && copy_to_guest(t, addr[i], fs->set[i], fs->guest_bytes)) {
            r = -EFAULT;
        }
    }
    return r;
}

static void fdsets_free(FdSets *fs)
{
    int i;

    for (i = 0; i < 3; i++) {
        free(fs->set[i]);
    }
}

static int64_t do_select(UserTask *t, int nfds, const uint64_t addr[3], struct timespec *ts,
                         const uint64_t *mask)
{
    FdSets fs;
    uint64_t host;
    struct {
        const uint64_t *ss;
        size_t len;
    } sig = { NULL, 8 };
    int64_t r;

    if (nfds < 0 || nfds > 65536) {
        return -EINVAL;
    }
    r = fdsets_get(t, &fs, nfds, addr);
    if (r == 0) {
        if (mask) {
            sig.ss = temp_mask_begin(t, *mask, &host);
        }
        r = safe_syscall(t, SYS_pselect6, nfds, fs.set[0], fs.set[1], fs.set[2], ts,
                         mask ? &sig : NULL);
        if (mask) {
            temp_mask_end(t, r);
        }
        if (r >= 0 && fdsets_put(t, &fs, addr)) {
            r = -EFAULT;
        }
    }
    fdsets_free(&fs);
    return r;
}

static int64_t select_tv(UserTask *t, int nfds, const uint64_t addr[3], uint64_t tvaddr)
{
    struct timeval tv;
    struct timespec ts;
    int64_t r;

    if (tvaddr) {
        if (get_timeval32(t, tvaddr, &tv)) {
            return -EFAULT;
        }
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000) {
            return -EINVAL;
        }
        ts.tv_sec = tv.tv_sec;
        ts.tv_nsec = tv.tv_usec * 1000;
    }
    r = do_select(t, nfds, addr, tvaddr ? &ts : NULL, NULL);
    if (tvaddr) {
        tv.tv_sec = ts.tv_sec;
        tv.tv_usec = ts.tv_nsec / 1000;
        put_timeval32(t, tvaddr, &tv);
    }
    return r;
}

int64_t sys__newselect(UserTask *t, const uint64_t *a)
{
    uint64_t addr[3] = { a[1], a[2], a[3] };

    return select_tv(t, sarg(a[0]), addr, a[4]);
}

/* i386's old select: one pointer to the five arguments. */
int64_t sys_select(UserTask *t, const uint64_t *a)
{
    uint32_t v[5];
    uint64_t addr[3];

    if (copy_from_guest(t, v, a[0], sizeof(v))) {
        return -EFAULT;
    }
    addr[0] = v[1];
    addr[1] = v[2];
    addr[2] = v[3];
    return select_tv(t, (int)v[0], addr, v[4]);
}

static int64_t pselect_common(UserTask *t, const uint64_t *a, bool t64)
{
    uint64_t addr[3] = { a[1], a[2], a[3] };
    struct timespec ts;
    uint64_t mask;
    uint32_t sig[2] = { 0, 0 };
    int64_t r;

    if (a[4] && (t64 ? get_timespec64(t, a[4], &ts) : get_timespec32(t, a[4], &ts))) {
        return -EFAULT;
    }
    if (a[5] && copy_from_guest(t, sig, a[5], sizeof(sig))) {
        return -EFAULT;
    }
    if (sig[0]) {
        if (sig[1] != 8) {
            return -EINVAL;
        }
        if (get_guest_u64(t, sig[0], &mask)) {
            return -EFAULT;
        }
    }
    r = do_select(t, sarg(a[0]), addr, a[4] ? &ts : NULL, sig[0] ? &mask : NULL);
    if (a[4] && r != -EFAULT) {
        if (t64 ? put_timespec64(t, a[4], &ts) : put_timespec32(t, a[4], &ts)) {
            return -EFAULT;
        }
    }
    return r;
}

int64_t sys_pselect6(UserTask *t, const uint64_t *a)
{
    return pselect_common(t, a, false);
}

int64_t sys_pselect6_time64(UserTask *t, const uint64_t *a)
{
    return pselect_common(t, a, true);
}

int64_t sys_epoll_create(UserTask *t, const uint64_t *a)
{
    return sarg(a[0]) <= 0 ? -EINVAL : host_ret(epoll_create1(0));
}

int64_t sys_epoll_create1(UserTask *t, const uint64_t *a)
{
    return host_ret(epoll_create1(target_open_flags_to_host(sarg(a[0]))));
}

/* Guest struct epoll_event: events (u32), then data (u64) at offset 4 or 8. */
static int get_epoll_event(UserTask *t, uint64_t addr, struct epoll_event *ev)
{
    uint8_t b[16];
    size_t size = target_epoll_event_size();

    if (copy_from_guest(t, b, addr, size)) {
        return -EFAULT;
    }
    memcpy(&ev->events, b, 4);
    memcpy(&ev->data.u64, b + size - 8, 8);
    return 0;
}

int64_t sys_epoll_ctl(UserTask *t, const uint64_t *a)
{
    struct epoll_event ev;

    if (a[3] && get_epoll_event(t, a[3], &ev)) {
        return -EFAULT;
    }
    return host_ret(epoll_ctl(sarg(a[0]), sarg(a[1]), sarg(a[2]), a[3] ? &ev : NULL));
}

static int64_t epoll_wait_common(UserTask *t, const uint64_t *a, const struct timespec *ts,
                                 bool use_ts)
{
    int max = sarg(a[2]), ms = sarg(a[3]);
    size_t gsize = target_epoll_event_size();
    struct epoll_event *ev;
    uint64_t mask, host;
    int64_t r;
    int i;

    if (max <= 0 || max > 65536) {
        return -EINVAL;
    }
    if (!guest_access_ok(&t->proc->space, a[1], (uint64_t)max * gsize, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (a[4]) {
        if ((uint32_t)a[5] != 8) {
            return -EINVAL;
        }
        if (get_guest_u64(t, a[4], &mask)) {
            return -EFAULT;
        }
    }
    ev = calloc(max, sizeof(*ev));
    if (!ev) {
        return -ENOMEM;
    }
    if (use_ts) {
        r = safe_syscall(t, SYS_epoll_pwait2, sarg(a[0]), ev, max, ts,
                         a[4] ? temp_mask_begin(t, mask, &host) : NULL, 8);
    } else {
        r = safe_syscall(t, SYS_epoll_pwait, sarg(a[0]), ev, max, ms,
                         a[4] ? temp_mask_begin(t, mask, &host) : NULL, 8);
    }
    if (a[4]) {
        temp_mask_end(t, r);
    }
    for (i = 0; i < r; i++) {
        uint8_t b[16] = { 0 };
        memcpy(b, &ev[i].events, 4);
        memcpy(b + gsize - 8, &ev[i].data.u64, 8);
        copy_to_guest(t, a[1] + i * gsize, b, gsize);
    }
    free(ev);
    return r;
}

int64_t sys_epoll_wait(UserTask *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };

    return epoll_wait_common(t, b, NULL, false);
}

int64_t sys_epoll_pwait(UserTask *t, const uint64_t *a)
{
    return epoll_wait_common(t, a, NULL, false);
}

int64_t sys_epoll_pwait2(UserTask *t, const uint64_t *a)
{
    struct timespec ts;

    if (a[3] && get_timespec64(t, a[3], &ts)) {
        return -EFAULT;
    }
    return epoll_wait_common(t, a, a[3] ? &ts : NULL, true);
}

int64_t sys_eventfd2(UserTask *t, const uint64_t *a)
{
    return host_ret(eventfd((unsigned)a[0], target_open_flags_to_host(sarg(a[1]))));
}

int64_t sys_eventfd(UserTask *t, const uint64_t *a)
{
    return host_ret(eventfd((unsigned)a[0], 0));
}

int64_t sys_close_range(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_close_range, (unsigned)a[0], (unsigned)a[1], (unsigned)a[2]));
}
