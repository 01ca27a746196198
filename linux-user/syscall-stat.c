/*
 * stat64, lstat64, fstat64, fstatat64 (layout from the architecture) and statx
 * (one layout on every architecture, passed through).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/syscall-common.h"

static int64_t fstatat_common(UserTask *t, int dirfd, uint64_t path, uint64_t buf, int flags)
{
    struct stat st;
    GuestPath gp;
    int r;

    if (guest_path_get(t, path, &gp)) {
        return -EFAULT;
    }
    r = fstatat(dirfd, gp.host, &st, flags);
    guest_path_free(&gp);
    if (r < 0) {
        return -errno;
    }
    return target_put_stat64(t, buf, &st);
}

int64_t sys_stat64(UserTask *t, const uint64_t *a)
{
    return fstatat_common(t, AT_FDCWD, a[0], a[1], 0);
}

int64_t sys_lstat64(UserTask *t, const uint64_t *a)
{
    return fstatat_common(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

int64_t sys_fstatat64(UserTask *t, const uint64_t *a)
{
    return fstatat_common(t, sarg(a[0]), a[1], a[2], sarg(a[3]));
}

int64_t sys_fstat64(UserTask *t, const uint64_t *a)
{
    struct stat st;

    if (fstat(sarg(a[0]), &st) < 0) {
        return -errno;
    }
    return target_put_stat64(t, a[1], &st);
}

int64_t sys_statx(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[4], 256, PAGE_WRITE);
    GuestPath gp;
    int64_t r;

    if (!buf) {
        return -EFAULT;
    }
    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_statx, sarg(a[0]), gp.host, sarg(a[2]), (unsigned)a[3], buf));
    guest_path_free(&gp);
    return r;
}
