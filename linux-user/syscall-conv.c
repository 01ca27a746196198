/*
 * Conversions of the structures whose layout is shared by the 32-bit ABIs:
 * timespec (32- and 64-bit time), timeval, iovec, rusage; and guest paths.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "linux-user/syscall-common.h"

int guest_path_get(UserTask *t, uint64_t addr, GuestPath *gp)
{
    gp->guest = guest_strdup(t, addr);
    if (!gp->guest) {
        return -EFAULT;
    }
    gp->host = user_path(t->proc, gp->guest, gp->buf, sizeof(gp->buf));
    return 0;
}

void guest_path_free(GuestPath *gp)
{
    free(gp->guest);
    gp->guest = NULL;
}

int get_timespec32(UserTask *t, uint64_t addr, struct timespec *ts)
{
    int32_t v[2];

    if (copy_from_guest(t, v, addr, sizeof(v))) {
        return -EFAULT;
    }
    ts->tv_sec = v[0];
    ts->tv_nsec = v[1];
    return 0;
}

int put_timespec32(UserTask *t, uint64_t addr, const struct timespec *ts)
{
    int32_t v[2] = { (int32_t)ts->tv_sec, (int32_t)ts->tv_nsec };

    return copy_to_guest(t, addr, v, sizeof(v));
}

int get_timespec64(UserTask *t, uint64_t addr, struct timespec *ts)
{
    int64_t v[2];

    if (copy_from_guest(t, v, addr, sizeof(v))) {
        return -EFAULT;
    }
    ts->tv_sec = v[0];
    ts->tv_nsec = (int32_t)v[1];    /* 32-bit ABIs ignore the upper half */
    return 0;
}

int put_timespec64(UserTask *t, uint64_t addr, const struct timespec *ts)
{
    int64_t v[2] = { ts->tv_sec, ts->tv_nsec };

    return copy_to_guest(t, addr, v, sizeof(v));
}

int get_timeval32(UserTask *t, uint64_t addr, struct timeval *tv)
{
    int32_t v[2];

    if (copy_from_guest(t, v, addr, sizeof(v))) {
        return -EFAULT;
    }
    tv->tv_sec = v[0];
    tv->tv_usec = v[1];
    return 0;
}

int put_timeval32(UserTask *t, uint64_t addr, const struct timeval *tv)
{
    int32_t v[2] = { (int32_t)tv->tv_sec, (int32_t)tv->tv_usec };

    return copy_to_guest(t, addr, v, sizeof(v));
}

int put_rusage32(UserTask *t, uint64_t addr, const struct rusage *ru)
{
    int32_t v[18];
    const long *rest = &ru->ru_maxrss;
    int i;

    v[0] = (int32_t)ru->ru_utime.tv_sec;
    v[1] = (int32_t)ru->ru_utime.tv_usec;
    v[2] = (int32_t)ru->ru_stime.tv_sec;
    v[3] = (int32_t)ru->ru_stime.tv_usec;
    for (i = 0; i < 14; i++) {
        v[4 + i] = (int32_t)rest[i];
    }
    return copy_to_guest(t, addr, v, sizeof(v));
}

struct iovec *get_iovec32(UserTask *t, uint64_t addr, int count, int prot, int *err)
{
    struct iovec *iov;
    uint32_t *g;
    int i;

    if (count < 0 || count > 1024) {
        *err = -EINVAL;
        return NULL;
    }
    iov = calloc(count ? count : 1, sizeof(*iov));
    g = calloc(count ? count * 2 : 2, sizeof(uint32_t));
    if (!iov || !g) {
        free(iov);
        free(g);
        *err = -ENOMEM;
        return NULL;
    }
    if (copy_from_guest(t, g, addr, count * 8)) {
        free(iov);
        free(g);
        *err = -EFAULT;
        return NULL;
    }
    for (i = 0; i < count; i++) {
        uint64_t base = g[2 * i], len = g[2 * i + 1];

        if (len > INT32_MAX) {
            free(iov);
            free(g);
            *err = -EINVAL;
            return NULL;
        }
        iov[i].iov_len = len;
        iov[i].iov_base = len ? guest_buf(t, base, len, prot) : NULL;
        if (len && !iov[i].iov_base) {
            /* The kernel stops at the first bad buffer; so do we. */
            if (i == 0) {
                free(iov);
                free(g);
                *err = -EFAULT;
                return NULL;
            }
            iov[i].iov_len = 0;
        }
    }
    free(g);
    return iov;
}
