/*
 * Helpers shared by the system call files: argument decoding for the 32-bit
 * ABIs (i386, ARM, PowerPC), and the structure conversions whose 32-bit
 * layout is the same on all of them (timespec, timeval, iovec, rusage).
 */
#ifndef LINUX_USER_SYSCALL_COMMON_H
#define LINUX_USER_SYSCALL_COMMON_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

#include "linux-user/target.h"
#include "linux-user/user.h"

/* do_syscall result meaning "leave the guest's registers alone" (sigreturn). */
#define SYSCALL_NO_RESULT INT64_MIN

/* A signed 32-bit argument (int, long, off_t of the 32-bit ABIs). */
static inline int sarg(uint64_t v)
{
    return (int32_t)v;
}

/* The host path for a guest path argument: copied, then sysroot-resolved. */
typedef struct GuestPath {
    char *guest;                  /* malloc'ed guest string */
    const char *host;             /* what to hand the host */
    char buf[4096];
} GuestPath;
/* 0 or -EFAULT; release with guest_path_free. */
int guest_path_get(UserTask *t, uint64_t addr, GuestPath *gp);
void guest_path_free(GuestPath *gp);

int get_timespec32(UserTask *t, uint64_t addr, struct timespec *ts);
int put_timespec32(UserTask *t, uint64_t addr, const struct timespec *ts);
int get_timespec64(UserTask *t, uint64_t addr, struct timespec *ts);
int put_timespec64(UserTask *t, uint64_t addr, const struct timespec *ts);
int get_timeval32(UserTask *t, uint64_t addr, struct timeval *tv);
int put_timeval32(UserTask *t, uint64_t addr, const struct timeval *tv);
int put_rusage32(UserTask *t, uint64_t addr, const struct rusage *ru);
/* A host iovec array for count guest iovec32s; NULL and *err on failure. */
struct iovec *get_iovec32(UserTask *t, uint64_t addr, int count, int prot, int *err);

/* Host calls (returning -errno) that write into guest memory: guest_buf
 * dropped the translated code there, but another thread may have run (and
 * write-protected) it again since; retry once after such an EFAULT. */
#define HOST_WRITES_GUEST(t, addr, len, call)                                    \
    ({ long r_ = (call);                                                         \
       if (r_ == -EFAULT && guest_unprotect_range(t, addr, len)) {               \
           r_ = (call);                                                          \
       }                                                                         \
       r_; })

#endif
