/*
 * Time system calls, in both the 32-bit time_t forms and the *_time64 forms
 * of the 32-bit ABIs: clocks, sleeps, interval timers, POSIX timers, timerfd.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/syscall-common.h"

static int get_ts(UserTask *t, uint64_t addr, struct timespec *ts, bool t64)
{
    return t64 ? get_timespec64(t, addr, ts) : get_timespec32(t, addr, ts);
}

static int put_ts(UserTask *t, uint64_t addr, const struct timespec *ts, bool t64)
{
    return t64 ? put_timespec64(t, addr, ts) : put_timespec32(t, addr, ts);
}

int64_t sys_time(UserTask *t, const uint64_t *a)
{
    time_t now = time(NULL);

    if (a[0] && put_guest_u32(t, a[0], (uint32_t)now)) {
        return -EFAULT;
    }
    return (int32_t)now;
}

int64_t sys_gettimeofday(UserTask *t, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;

    if (gettimeofday(&tv, &tz) < 0) {
        return -errno;
    }
    if (a[0] && put_timeval32(t, a[0], &tv)) {
        return -EFAULT;
    }
    if (a[1] && copy_to_guest(t, a[1], &tz, sizeof(tz))) {
        return -EFAULT;
    }
    return 0;
}

static int64_t clock_gettime_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct timespec ts;

    if (clock_gettime(sarg(a[0]), &ts) < 0) {
        return -errno;
    }
    return put_ts(t, a[1], &ts, t64) ? -EFAULT : 0;
}

int64_t sys_clock_gettime(UserTask *t, const uint64_t *a)
{
    return clock_gettime_common(t, a, false);
}

int64_t sys_clock_gettime64(UserTask *t, const uint64_t *a)
{
    return clock_gettime_common(t, a, true);
}

static int64_t clock_getres_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct timespec ts;

    if (clock_getres(sarg(a[0]), &ts) < 0) {
        return -errno;
    }
    return a[1] && put_ts(t, a[1], &ts, t64) ? -EFAULT : 0;
}

int64_t sys_clock_getres(UserTask *t, const uint64_t *a)
{
    return clock_getres_common(t, a, false);
}

int64_t sys_clock_getres_time64(UserTask *t, const uint64_t *a)
{
    return clock_getres_common(t, a, true);
}

static int64_t clock_nanosleep_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct timespec req, rem;
    int r;

    if (get_ts(t, a[2], &req, t64)) {
        return -EFAULT;
    }
    r = (int)safe_syscall(t, SYS_clock_nanosleep, sarg(a[0]), sarg(a[1]), &req, &rem);
    if (r == -EINTR && a[3] && !(sarg(a[1]) & TIMER_ABSTIME)) {
        put_ts(t, a[3], &rem, t64);
    }
    return r;
}

int64_t sys_clock_nanosleep(UserTask *t, const uint64_t *a)
{
    return clock_nanosleep_common(t, a, false);
}

int64_t sys_clock_nanosleep_time64(UserTask *t, const uint64_t *a)
{
    return clock_nanosleep_common(t, a, true);
}

int64_t sys_nanosleep(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { CLOCK_REALTIME, 0, a[0], a[1] };

    return clock_nanosleep_common(t, b, false);
}

int64_t sys_alarm(UserTask *t, const uint64_t *a)
{
    return alarm((unsigned)a[0]);
}

/* struct itimerval of the 32-bit ABIs: two timeval32. */
static int get_itimerval32(UserTask *t, uint64_t addr, struct itimerval *it)
{
    return get_timeval32(t, addr, &it->it_interval) || get_timeval32(t, addr + 8, &it->it_value)
               ? -EFAULT : 0;
}

static int put_itimerval32(UserTask *t, uint64_t addr, const struct itimerval *it)
{
    return put_timeval32(t, addr, &it->it_interval) || put_timeval32(t, addr + 8, &it->it_value)
               ? -EFAULT : 0;
}

int64_t sys_setitimer(UserTask *t, const uint64_t *a)
{
    struct itimerval nv, ov;

    if (a[1] && get_itimerval32(t, a[1], &nv)) {
        return -EFAULT;
    }
    if (!a[1]) {
        memset(&nv, 0, sizeof(nv));
    }
    if (setitimer(sarg(a[0]), &nv, &ov) < 0) {
        return -errno;
    }
    return a[2] && put_itimerval32(t, a[2], &ov) ? -EFAULT : 0;
}

int64_t sys_getitimer(UserTask *t, const uint64_t *a)
{
    struct itimerval v;

    if (getitimer(sarg(a[0]), &v) < 0) {
        return -errno;
    }
    return put_itimerval32(t, a[1], &v) ? -EFAULT : 0;
}

int64_t sys_times(UserTask *t, const uint64_t *a)
{
    struct tms tm;
    clock_t r = times(&tm);
    uint32_t v[4] = { (uint32_t)tm.tms_utime, (uint32_t)tm.tms_stime, (uint32_t)tm.tms_cutime,
                      (uint32_t)tm.tms_cstime };

    if (r == (clock_t)-1) {
        return -errno;
    }
    if (a[0] && copy_to_guest(t, a[0], v, sizeof(v))) {
        return -EFAULT;
    }
    return (int32_t)r;
}

/* struct itimerspec: two timespecs of the given width. */
static int get_itimerspec(UserTask *t, uint64_t addr, struct itimerspec *it, bool t64)
{
    int step = t64 ? 16 : 8;

    return get_ts(t, addr, &it->it_interval, t64) || get_ts(t, addr + step, &it->it_value, t64)
               ? -EFAULT : 0;
}

static int put_itimerspec(UserTask *t, uint64_t addr, const struct itimerspec *it, bool t64)
{
    int step = t64 ? 16 : 8;

    return put_ts(t, addr, &it->it_interval, t64) || put_ts(t, addr + step, &it->it_value, t64)
               ? -EFAULT : 0;
}

int64_t sys_timerfd_create(UserTask *t, const uint64_t *a)
{
    return host_ret(timerfd_create(sarg(a[0]), target_open_flags_to_host(sarg(a[1]))));
}

static int64_t timerfd_settime_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct itimerspec nv, ov;

    if (get_itimerspec(t, a[2], &nv, t64)) {
        return -EFAULT;
    }
    if (timerfd_settime(sarg(a[0]), sarg(a[1]), &nv, &ov) < 0) {
        return -errno;
    }
    return a[3] && put_itimerspec(t, a[3], &ov, t64) ? -EFAULT : 0;
}

int64_t sys_timerfd_settime(UserTask *t, const uint64_t *a)
{
    return timerfd_settime_common(t, a, false);
}

int64_t sys_timerfd_settime64(UserTask *t, const uint64_t *a)
{
    return timerfd_settime_common(t, a, true);
}

static int64_t timerfd_gettime_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct itimerspec v;

    if (timerfd_gettime(sarg(a[0]), &v) < 0) {
        return -errno;
    }
    return put_itimerspec(t, a[1], &v, t64) ? -EFAULT : 0;
}

int64_t sys_timerfd_gettime(UserTask *t, const uint64_t *a)
{
    return timerfd_gettime_common(t, a, false);
}

int64_t sys_timerfd_gettime64(UserTask *t, const uint64_t *a)
{
    return timerfd_gettime_common(t, a, true);
}

/* POSIX timers. The 32-bit struct sigevent: sigval, signo, notify, then the
 * thread id for SIGEV_THREAD_ID (64 bytes in all). */
int64_t sys_timer_create(UserTask *t, const uint64_t *a)
{
    struct sigevent sev;
    uint32_t g[4];
    timer_t id;
    long r;

    memset(&sev, 0, sizeof(sev));
    if (a[1]) {
        if (copy_from_guest(t, g, a[1], sizeof(g))) {
            return -EFAULT;
        }
        sev.sigev_value.sival_int = (int)g[0];
        sev.sigev_signo = (int)g[1];
        sev.sigev_notify = (int)g[2];
        sev._sigev_un._tid = (int)g[3];
    }
    r = syscall(SYS_timer_create, sarg(a[0]), a[1] ? &sev : NULL, &id);
    if (r < 0) {
        return -errno;
    }
    /* The kernel's timer ids are small ints. */
    if (put_guest_u32(t, a[2], (uint32_t)(uintptr_t)id)) {
        syscall(SYS_timer_delete, id);
        return -EFAULT;
    }
    return 0;
}

static int64_t timer_settime_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct itimerspec nv, ov;

    if (get_itimerspec(t, a[2], &nv, t64)) {
        return -EFAULT;
    }
    if (syscall(SYS_timer_settime, sarg(a[0]), sarg(a[1]), &nv, &ov) < 0) {
        return -errno;
    }
    return a[3] && put_itimerspec(t, a[3], &ov, t64) ? -EFAULT : 0;
}

int64_t sys_timer_settime(UserTask *t, const uint64_t *a)
{
    return timer_settime_common(t, a, false);
}

int64_t sys_timer_settime64(UserTask *t, const uint64_t *a)
{
    return timer_settime_common(t, a, true);
}

static int64_t timer_gettime_common(UserTask *t, const uint64_t *a, bool t64)
{
    struct itimerspec v;

    if (syscall(SYS_timer_gettime, sarg(a[0]), &v) < 0) {
        return -errno;
    }
    return put_itimerspec(t, a[1], &v, t64) ? -EFAULT : 0;
}

int64_t sys_timer_gettime(UserTask *t, const uint64_t *a)
{
    return timer_gettime_common(t, a, false);
}

int64_t sys_timer_gettime64(UserTask *t, const uint64_t *a)
{
    return timer_gettime_common(t, a, true);
}

int64_t sys_timer_getoverrun(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_timer_getoverrun, sarg(a[0])));
}

int64_t sys_timer_delete(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_timer_delete, sarg(a[0])));
}
