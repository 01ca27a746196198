/*
 * File and directory system calls: open/openat and the *at() family, read and
 * write with their vectored and positional forms, links, permissions,
 * truncation, directory listing, fcntl and file-system statistics.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/dirent.h"
#include "linux-user/proc.h"
#include "linux-user/syscall-common.h"

static int64_t arg64(uint64_t lo, uint64_t hi)
{
    return (int64_t)((hi << 32) | (uint32_t)lo);
}

static int dirfd_arg(uint64_t v)
{
    return sarg(v);
}

int64_t sys_read(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_WRITE);

    if (!buf) {
        return -EFAULT;
    }
    return HOST_WRITES_GUEST(t, a[1], (uint32_t)a[2],
                             safe_syscall(t, SYS_read, sarg(a[0]), buf, (uint32_t)a[2]));
}

int64_t sys_write(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_READ);

    if (!buf) {
        return -EFAULT;
    }
    return safe_syscall(t, SYS_write, sarg(a[0]), buf, (uint32_t)a[2]);
}

int64_t sys_pread64(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_WRITE);

    if (!buf) {
        return -EFAULT;
    }
    return HOST_WRITES_GUEST(t, a[1], (uint32_t)a[2],
                             safe_syscall(t, SYS_pread64, sarg(a[0]), buf, (uint32_t)a[2],
                                          arg64(a[3], a[4])));
}

int64_t sys_pwrite64(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_READ);

    if (!buf) {
        return -EFAULT;
    }
    return safe_syscall(t, SYS_pwrite64, sarg(a[0]), buf, (uint32_t)a[2], arg64(a[3], a[4]));
}

static int64_t do_rw_vec(UserTask *t, const uint64_t *a, bool write, bool positional)
{
    int err = 0;
    struct iovec *iov = get_iovec32(t, a[1], sarg(a[2]), write ? PAGE_READ : PAGE_WRITE, &err);
    int64_t r;

    if (!iov) {
        return err;
    }
    if (positional) {
        off_t off = arg64(a[3], a[4]);
        /* preadv/pwritev take the offset as two longs (low, high). */
        r = safe_syscall(t, write ? SYS_pwritev : SYS_preadv, sarg(a[0]), iov, sarg(a[2]),
                         (long)off, 0L);
    } else {
        r = safe_syscall(t, write ? SYS_writev : SYS_readv, sarg(a[0]), iov, sarg(a[2]));
    }
    free(iov);
    return r;
}

int64_t sys_readv(UserTask *t, const uint64_t *a)
{
    return do_rw_vec(t, a, false, false);
}

int64_t sys_writev(UserTask *t, const uint64_t *a)
{
    return do_rw_vec(t, a, true, false);
}

int64_t sys_preadv(UserTask *t, const uint64_t *a)
{
    return do_rw_vec(t, a, false, true);
}

int64_t sys_pwritev(UserTask *t, const uint64_t *a)
{
    return do_rw_vec(t, a, true, true);
}

static int64_t do_openat(UserTask *t, int dirfd, uint64_t path, int flags, int mode)
{
    GuestPath gp;
    int64_t r;
    int fd;

    if (guest_path_get(t, path, &gp)) {
        return -EFAULT;
    }
    flags = target_open_flags_to_host(flags);
    if (proc_open(t, dirfd, gp.guest, flags, &fd)) {
        r = fd;
    } else {
        r = safe_syscall(t, SYS_openat, dirfd, gp.host, flags, mode);
    }
    guest_path_free(&gp);
    return r;
}

int64_t sys_open(UserTask *t, const uint64_t *a)
{
    return do_openat(t, AT_FDCWD, a[0], sarg(a[1]), sarg(a[2]));
}

int64_t sys_openat(UserTask *t, const uint64_t *a)
{
    return do_openat(t, dirfd_arg(a[0]), a[1], sarg(a[2]), sarg(a[3]));
}

int64_t sys_creat(UserTask *t, const uint64_t *a)
{
    return do_openat(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, sarg(a[1]));
}

int64_t sys_close(UserTask *t, const uint64_t *a)
{
    if (t->proc->dir_cookies) {
        dir_cookies_close(t->proc, sarg(a[0]));
    }
    return host_ret(close(sarg(a[0])));
}

int64_t sys_lseek(UserTask *t, const uint64_t *a)
{
    off_t r = lseek(sarg(a[0]), sarg(a[2]) == SEEK_SET
                                    ? dir_cookies_to_host(t->proc, sarg(a[0]), sarg(a[1]))
                                    : sarg(a[1]), sarg(a[2]));

    if (r == -1) {
        return -errno;
    }
    return r > INT32_MAX ? -EOVERFLOW : r;
}

int64_t sys__llseek(UserTask *t, const uint64_t *a)
{
    off_t off = arg64(a[2], a[1]);
    off_t r = lseek(sarg(a[0]), sarg(a[4]) == SEEK_SET
                                    ? dir_cookies_to_host(t->proc, sarg(a[0]), off) : off,
                    sarg(a[4]));

    if (r == -1) {
        return -errno;
    }
    return put_guest_u64(t, a[3], (uint64_t)r) ? -EFAULT : 0;
}

int64_t sys_dup(UserTask *t, const uint64_t *a)
{
    return host_ret(dup(sarg(a[0])));
}

int64_t sys_dup2(UserTask *t, const uint64_t *a)
{
    dir_cookies_close(t->proc, sarg(a[1]));
    return host_ret(dup2(sarg(a[0]), sarg(a[1])));
}

int64_t sys_dup3(UserTask *t, const uint64_t *a)
{
    dir_cookies_close(t->proc, sarg(a[1]));
    return host_ret(dup3(sarg(a[0]), sarg(a[1]), target_open_flags_to_host(sarg(a[2]))));
}

/* struct flock of the 32-bit fcntl (not fcntl64's F_*LK64). */
static int get_flock32(UserTask *t, uint64_t addr, struct flock *fl)
{
    struct {
        int16_t type, whence;
        int32_t start, len, pid;
    } g;

    if (copy_from_guest(t, &g, addr, sizeof(g))) {
        return -EFAULT;
    }
    fl->l_type = g.type;
    fl->l_whence = g.whence;
    fl->l_start = g.start;
    fl->l_len = g.len;
    fl->l_pid = g.pid;
    return 0;
}

static int put_flock32(UserTask *t, uint64_t addr, const struct flock *fl)
{
    struct {
        int16_t type, whence;
        int32_t start, len, pid;
    } g = { fl->l_type, fl->l_whence, (int32_t)fl->l_start, (int32_t)fl->l_len, fl->l_pid };

    return copy_to_guest(t, addr, &g, sizeof(g));
}

/* Guest fcntl lock commands of the 32-bit ABIs. */
enum {
    TARGET_F_GETLK = 5, TARGET_F_SETLK = 6, TARGET_F_SETLKW = 7,
    TARGET_F_GETLK64 = 12, TARGET_F_SETLK64 = 13, TARGET_F_SETLKW64 = 14,
};

static int64_t do_lock(UserTask *t, int fd, int hcmd, uint64_t addr, bool is64)
{
    struct flock fl;
    int r = is64 ? target_get_flock64(t, addr, &fl) : get_flock32(t, addr, &fl);

    if (r) {
        return r;
    }
    r = (int)safe_syscall(t, SYS_fcntl, fd, hcmd, &fl);
    if (r < 0) {
        return r;
    }
    if (hcmd == F_GETLK || hcmd == F_OFD_GETLK) {
        if (!is64 && (fl.l_start > INT32_MAX || fl.l_len > INT32_MAX)) {
            return -EOVERFLOW;
        }
        r = is64 ? target_put_flock64(t, addr, &fl) : put_flock32(t, addr, &fl);
    }
    return r;
}

int64_t sys_fcntl64(UserTask *t, const uint64_t *a)
{
    int fd = sarg(a[0]), cmd = sarg(a[1]);
    long arg = sarg(a[2]);
    int r;

    switch (cmd) {
    case TARGET_F_GETLK:
        return do_lock(t, fd, F_GETLK, a[2], false);
    case TARGET_F_SETLK:
        return do_lock(t, fd, F_SETLK, a[2], false);
    case TARGET_F_SETLKW:
        return do_lock(t, fd, F_SETLKW, a[2], false);
    case TARGET_F_GETLK64:
        return do_lock(t, fd, F_GETLK, a[2], true);
    case TARGET_F_SETLK64:
        return do_lock(t, fd, F_SETLK, a[2], true);
    case TARGET_F_SETLKW64:
        return do_lock(t, fd, F_SETLKW, a[2], true);
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        return do_lock(t, fd, cmd, a[2], true);
    case F_GETFL:
        r = fcntl(fd, F_GETFL);
        return r == -1 ? -errno : target_open_flags_from_host(r);
    case F_SETFL:
        return host_ret(fcntl(fd, F_SETFL, target_open_flags_to_host((int)arg)));
    case F_GETOWN_EX:
    case F_SETOWN_EX: {
        struct f_owner_ex ex;
        if (copy_from_guest(t, &ex, a[2], sizeof(ex)) && cmd == F_SETOWN_EX) {
            return -EFAULT;
        }
        if (fcntl(fd, cmd, &ex) == -1) {
            return -errno;
        }
        return cmd == F_GETOWN_EX && copy_to_guest(t, a[2], &ex, sizeof(ex)) ? -EFAULT : 0;
    }
    case F_DUPFD: case F_GETFD: case F_SETFD: case F_SETOWN: case F_GETOWN:
    case F_SETSIG: case F_GETSIG: case F_SETLEASE: case F_GETLEASE: case F_NOTIFY:
    case F_DUPFD_CLOEXEC: case F_SETPIPE_SZ: case F_GETPIPE_SZ: case F_ADD_SEALS:
    case F_GET_SEALS:
        return host_ret(fcntl(fd, cmd, arg));
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "fcntl: unknown command %d\n", cmd);
        return -EINVAL;
    }
}

static int64_t path_call1(UserTask *t, uint64_t path, int (*fn)(const char *))
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, path, &gp)) {
        return -EFAULT;
    }
    r = host_ret(fn(gp.host));
    guest_path_free(&gp);
    return r;
}

int64_t sys_chdir(UserTask *t, const uint64_t *a)
{
    return path_call1(t, a[0], chdir);
}

int64_t sys_rmdir(UserTask *t, const uint64_t *a)
{
    return path_call1(t, a[0], rmdir);
}

int64_t sys_unlink(UserTask *t, const uint64_t *a)
{
    return path_call1(t, a[0], unlink);
}

int64_t sys_fchdir(UserTask *t, const uint64_t *a)
{
    return host_ret(fchdir(sarg(a[0])));
}

int64_t sys_getcwd(UserTask *t, const uint64_t *a)
{
    char buf[4096];
    size_t len;

    if (!getcwd(buf, sizeof(buf))) {
        return -errno;
    }
    len = strlen(buf) + 1;
    if (len > (uint32_t)a[1]) {
        return -ERANGE;
    }
    return copy_to_guest(t, a[0], buf, len) ? -EFAULT : (int64_t)len;
}

int64_t sys_mkdirat(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(mkdirat(dirfd_arg(a[0]), gp.host, sarg(a[2])));
    guest_path_free(&gp);
    return r;
}

int64_t sys_mkdir(UserTask *t, const uint64_t *a)
{
    uint64_t b[3] = { (uint32_t)AT_FDCWD, a[0], a[1] };

    return sys_mkdirat(t, b);
}

int64_t sys_mknodat(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(mknodat(dirfd_arg(a[0]), gp.host, sarg(a[2]), (dev_t)(uint32_t)a[3]));
    guest_path_free(&gp);
    return r;
}

int64_t sys_mknod(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { (uint32_t)AT_FDCWD, a[0], a[1], a[2] };

    return sys_mknodat(t, b);
}

int64_t sys_unlinkat(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(unlinkat(dirfd_arg(a[0]), gp.host, sarg(a[2])));
    guest_path_free(&gp);
    return r;
}

int64_t sys_faccessat2(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_faccessat2, dirfd_arg(a[0]), gp.host, sarg(a[2]), sarg(a[3])));
    guest_path_free(&gp);
    return r;
}

int64_t sys_faccessat(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { a[0], a[1], a[2], 0 };

    return sys_faccessat2(t, b);
}

int64_t sys_access(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { (uint32_t)AT_FDCWD, a[0], a[1], 0 };

    return sys_faccessat2(t, b);
}

/* Two paths: renameat2, linkat, symlinkat share this. */
static int64_t two_paths(UserTask *t, uint64_t p1, uint64_t p2, bool resolve_first,
                         GuestPath *g1, GuestPath *g2)
{
    if (guest_path_get(t, p1, g1)) {
        return -EFAULT;
    }
    if (!resolve_first) {
        g1->host = g1->guest;
    }
    if (guest_path_get(t, p2, g2)) {
        guest_path_free(g1);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_renameat2(UserTask *t, const uint64_t *a)
{
    GuestPath g1, g2;
    int64_t r = two_paths(t, a[1], a[3], true, &g1, &g2);

    if (r) {
        return r;
    }
    r = host_ret(renameat2(dirfd_arg(a[0]), g1.host, dirfd_arg(a[2]), g2.host,
                           (unsigned)a[4]));
    guest_path_free(&g1);
    guest_path_free(&g2);
    return r;
}

int64_t sys_renameat(UserTask *t, const uint64_t *a)
{
    uint64_t b[5] = { a[0], a[1], a[2], a[3], 0 };

    return sys_renameat2(t, b);
}

int64_t sys_rename(UserTask *t, const uint64_t *a)
{
    uint64_t b[5] = { (uint32_t)AT_FDCWD, a[0], (uint32_t)AT_FDCWD, a[1], 0 };

    return sys_renameat2(t, b);
}

int64_t sys_linkat(UserTask *t, const uint64_t *a)
{
    GuestPath g1, g2;
    int64_t r = two_paths(t, a[1], a[3], true, &g1, &g2);

    if (r) {
        return r;
    }
    r = host_ret(linkat(dirfd_arg(a[0]), g1.host, dirfd_arg(a[2]), g2.host, sarg(a[4])));
    guest_path_free(&g1);
    guest_path_free(&g2);
    return r;
}

int64_t sys_link(UserTask *t, const uint64_t *a)
{
    uint64_t b[5] = { (uint32_t)AT_FDCWD, a[0], (uint32_t)AT_FDCWD, a[1], 0 };

    return sys_linkat(t, b);
}

int64_t sys_symlinkat(UserTask *t, const uint64_t *a)
{
    GuestPath g1, g2;
    int64_t r = two_paths(t, a[0], a[2], false, &g1, &g2);

    if (r) {
        return r;
    }
    r = host_ret(symlinkat(g1.host, dirfd_arg(a[1]), g2.host));
    guest_path_free(&g1);
    guest_path_free(&g2);
    return r;
}

int64_t sys_symlink(UserTask *t, const uint64_t *a)
{
    uint64_t b[3] = { a[0], (uint32_t)AT_FDCWD, a[1] };

    return sys_symlinkat(t, b);
}

int64_t sys_readlinkat(UserTask *t, const uint64_t *a)
{
    char buf[4096];
    uint32_t len = (uint32_t)a[3];
    GuestPath gp;
    ssize_t n;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    n = proc_readlink(t, gp.guest, buf, sizeof(buf));
    if (n == -ENOENT) {
        n = readlinkat(dirfd_arg(a[0]), gp.host, buf, sizeof(buf));
        n = n < 0 ? -errno : n;
    }
    guest_path_free(&gp);
    if (n < 0) {
        return n;
    }
    if ((int32_t)len <= 0) {
        return -EINVAL;
    }
    if ((size_t)n > len) {
        n = len;
    }
    return copy_to_guest(t, a[2], buf, n) ? -EFAULT : n;
}

int64_t sys_readlink(UserTask *t, const uint64_t *a)
{
    uint64_t b[4] = { (uint32_t)AT_FDCWD, a[0], a[1], a[2] };

    return sys_readlinkat(t, b);
}

int64_t sys_fchmodat(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_fchmodat, dirfd_arg(a[0]), gp.host, (mode_t)a[2]));
    guest_path_free(&gp);
    return r;
}

int64_t sys_chmod(UserTask *t, const uint64_t *a)
{
    uint64_t b[3] = { (uint32_t)AT_FDCWD, a[0], a[1] };

    return sys_fchmodat(t, b);
}

int64_t sys_fchmod(UserTask *t, const uint64_t *a)
{
    return host_ret(fchmod(sarg(a[0]), (mode_t)a[1]));
}

int64_t sys_fchownat(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(fchownat(dirfd_arg(a[0]), gp.host, (uid_t)a[2], (gid_t)a[3], sarg(a[4])));
    guest_path_free(&gp);
    return r;
}

int64_t sys_chown32(UserTask *t, const uint64_t *a)
{
    uint64_t b[5] = { (uint32_t)AT_FDCWD, a[0], a[1], a[2], 0 };

    return sys_fchownat(t, b);
}

int64_t sys_lchown32(UserTask *t, const uint64_t *a)
{
    uint64_t b[5] = { (uint32_t)AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW };

    return sys_fchownat(t, b);
}

int64_t sys_fchown32(UserTask *t, const uint64_t *a)
{
    return host_ret(fchown(sarg(a[0]), (uid_t)a[1], (gid_t)a[2]));
}

int64_t sys_umask(UserTask *t, const uint64_t *a)
{
    return umask((mode_t)a[0]);
}

int64_t sys_truncate64(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[0], &gp)) {
        return -EFAULT;
    }
    r = host_ret(truncate(gp.host, arg64(a[1], a[2])));
    guest_path_free(&gp);
    return r;
}

int64_t sys_truncate(UserTask *t, const uint64_t *a)
{
    uint64_t b[3] = { a[0], a[1], (uint64_t)(sarg(a[1]) < 0 ? 0xffffffff : 0) };

    return sys_truncate64(t, b);
}

int64_t sys_ftruncate64(UserTask *t, const uint64_t *a)
{
    return host_ret(ftruncate(sarg(a[0]), arg64(a[1], a[2])));
}

int64_t sys_ftruncate(UserTask *t, const uint64_t *a)
{
    return host_ret(ftruncate(sarg(a[0]), sarg(a[1])));
}

int64_t sys_fsync(UserTask *t, const uint64_t *a)
{
    return host_ret(fsync(sarg(a[0])));
}

int64_t sys_fdatasync(UserTask *t, const uint64_t *a)
{
    return host_ret(fdatasync(sarg(a[0])));
}

int64_t sys_sync(UserTask *t, const uint64_t *a)
{
    sync();
    return 0;
}

int64_t sys_syncfs(UserTask *t, const uint64_t *a)
{
    return host_ret(syncfs(sarg(a[0])));
}

int64_t sys_flock(UserTask *t, const uint64_t *a)
{
    return safe_syscall(t, SYS_flock, sarg(a[0]), sarg(a[1]));
}

int64_t sys_fadvise64_64(UserTask *t, const uint64_t *a)
{
    return -posix_fadvise(sarg(a[0]), arg64(a[1], a[2]), arg64(a[3], a[4]), sarg(a[5]));
}

int64_t sys_fadvise64(UserTask *t, const uint64_t *a)
{
    return -posix_fadvise(sarg(a[0]), arg64(a[1], a[2]), (uint32_t)a[3], sarg(a[4]));
}

int64_t sys_fallocate(UserTask *t, const uint64_t *a)
{
    return host_ret(fallocate(sarg(a[0]), sarg(a[1]), arg64(a[2], a[3]), arg64(a[4], a[5])));
}

int64_t sys_getdents64(UserTask *t, const uint64_t *a)
{
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_WRITE);

    if (!buf) {
        return -EFAULT;
    }
    /* struct linux_dirent64 has one layout on every architecture. */
    int64_t r = HOST_WRITES_GUEST(t, a[1], (uint32_t)a[2],
                                  host_ret(syscall(SYS_getdents64, sarg(a[0]), buf,
                                                   (uint32_t)a[2])));
    if (r > 0) {
        dir_cookies_translate(t->proc, sarg(a[0]), buf, r);
    }
    return r;
}

static int64_t sendfile_common(UserTask *t, const uint64_t *a, bool off64)
{
    off_t off;
    ssize_t r;

    if (!a[2]) {
        return host_ret(sendfile(sarg(a[0]), sarg(a[1]), NULL, (uint32_t)a[3]));
    }
    if (off64) {
        uint64_t v;
        if (get_guest_u64(t, a[2], &v)) {
            return -EFAULT;
        }
        off = (off_t)v;
    } else {
        uint32_t v;
        if (get_guest_u32(t, a[2], &v)) {
            return -EFAULT;
        }
        off = (int32_t)v;
    }
    r = sendfile(sarg(a[0]), sarg(a[1]), &off, (uint32_t)a[3]);
    if (r < 0) {
        return -errno;
    }
    if (off64 ? put_guest_u64(t, a[2], off) : put_guest_u32(t, a[2], (uint32_t)off)) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_sendfile(UserTask *t, const uint64_t *a)
{
    return sendfile_common(t, a, false);
}

int64_t sys_sendfile64(UserTask *t, const uint64_t *a)
{
    return sendfile_common(t, a, true);
}

static int64_t utimens_common(UserTask *t, int dirfd, uint64_t path, uint64_t times,
                              int flags, bool time64)
{
    struct timespec ts[2];
    GuestPath gp = { 0 };
    int64_t r;
    int i;

    if (times) {
        for (i = 0; i < 2; i++) {
            uint64_t at = times + i * (time64 ? 16 : 8);
            if (time64 ? get_timespec64(t, at, &ts[i]) : get_timespec32(t, at, &ts[i])) {
                return -EFAULT;
            }
        }
    }
    if (path && guest_path_get(t, path, &gp)) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_utimensat, dirfd, path ? gp.host : NULL, times ? ts : NULL,
                         flags));
    guest_path_free(&gp);
    return r;
}

int64_t sys_utimensat(UserTask *t, const uint64_t *a)
{
    return utimens_common(t, dirfd_arg(a[0]), a[1], a[2], sarg(a[3]), false);
}

int64_t sys_utimensat_time64(UserTask *t, const uint64_t *a)
{
    return utimens_common(t, dirfd_arg(a[0]), a[1], a[2], sarg(a[3]), true);
}

static int64_t utimes_common(UserTask *t, int dirfd, uint64_t path, uint64_t times)
{
    struct timeval tv[2];
    GuestPath gp;
    int64_t r;

    if (times && (get_timeval32(t, times, &tv[0]) || get_timeval32(t, times + 8, &tv[1]))) {
        return -EFAULT;
    }
    if (guest_path_get(t, path, &gp)) {
        return -EFAULT;
    }
    r = host_ret(futimesat(dirfd, gp.host, times ? tv : NULL));
    guest_path_free(&gp);
    return r;
}

int64_t sys_utimes(UserTask *t, const uint64_t *a)
{
    return utimes_common(t, AT_FDCWD, a[0], a[1]);
}

int64_t sys_futimesat(UserTask *t, const uint64_t *a)
{
    return utimes_common(t, dirfd_arg(a[0]), a[1], a[2]);
}

int64_t sys_utime(UserTask *t, const uint64_t *a)
{
    struct timespec ts[2];
    uint32_t v[2];
    GuestPath gp;
    int64_t r;

    if (a[1]) {
        if (copy_from_guest(t, v, a[1], 8)) {
            return -EFAULT;
        }
        ts[0].tv_sec = (int32_t)v[0];
        ts[1].tv_sec = (int32_t)v[1];
        ts[0].tv_nsec = ts[1].tv_nsec = 0;
    }
    if (guest_path_get(t, a[0], &gp)) {
        return -EFAULT;
    }
    r = host_ret(utimensat(AT_FDCWD, gp.host, a[1] ? ts : NULL, 0));
    guest_path_free(&gp);
    return r;
}

/* struct statfs64 of the 32-bit ABIs: 84 bytes, 4-byte aligned. */
static int put_statfs64(UserTask *t, uint64_t addr, const struct statfs *s)
{
    uint8_t b[84];
    uint32_t w32[2] = { (uint32_t)s->f_type, (uint32_t)s->f_bsize };
    uint64_t w64[5] = { s->f_blocks, s->f_bfree, s->f_bavail, s->f_files, s->f_ffree };
    uint32_t tail[9] = { 0 };

    memcpy(tail, &s->f_fsid, 8);
    tail[2] = (uint32_t)s->f_namelen;
    tail[3] = (uint32_t)s->f_frsize;
    tail[4] = (uint32_t)s->f_flags;
    memcpy(b, w32, 8);
    memcpy(b + 8, w64, 40);
    memcpy(b + 48, tail, 36);
    return copy_to_guest(t, addr, b, sizeof(b));
}

/* struct statfs of the 32-bit ABIs: 16 words. */
static int put_statfs32(UserTask *t, uint64_t addr, const struct statfs *s)
{
    uint32_t w[16] = { (uint32_t)s->f_type, (uint32_t)s->f_bsize, (uint32_t)s->f_blocks,
                       (uint32_t)s->f_bfree, (uint32_t)s->f_bavail, (uint32_t)s->f_files,
                       (uint32_t)s->f_ffree };

    if ((s->f_blocks | s->f_bfree | s->f_bavail | s->f_files | s->f_ffree) >> 32) {
        return -EOVERFLOW;
    }
    memcpy(&w[7], &s->f_fsid, 8);
    w[9] = (uint32_t)s->f_namelen;
    w[10] = (uint32_t)s->f_frsize;
    w[11] = (uint32_t)s->f_flags;
    return copy_to_guest(t, addr, w, sizeof(w));
}

static int64_t statfs_common(UserTask *t, int fd, uint64_t path, uint64_t buf, bool is64)
{
    struct statfs s;
    int r;

    if (fd < 0) {
        GuestPath gp;
        if (guest_path_get(t, path, &gp)) {
            return -EFAULT;
        }
        r = statfs(gp.host, &s);
        guest_path_free(&gp);
    } else {
        r = fstatfs(fd, &s);
    }
    if (r < 0) {
        return -errno;
    }
    return is64 ? put_statfs64(t, buf, &s) : put_statfs32(t, buf, &s);
}

int64_t sys_statfs64(UserTask *t, const uint64_t *a)
{
    return (uint32_t)a[1] != 84 ? -EINVAL : statfs_common(t, -1, a[0], a[2], true);
}

int64_t sys_fstatfs64(UserTask *t, const uint64_t *a)
{
    return (uint32_t)a[1] != 84 ? -EINVAL : statfs_common(t, sarg(a[0]), 0, a[2], true);
}

int64_t sys_statfs(UserTask *t, const uint64_t *a)
{
    return statfs_common(t, -1, a[0], a[1], false);
}

int64_t sys_fstatfs(UserTask *t, const uint64_t *a)
{
    return sarg(a[0]) < 0 ? -EBADF : statfs_common(t, sarg(a[0]), 0, a[1], false);
}

int64_t sys_memfd_create(UserTask *t, const uint64_t *a)
{
    char *name = guest_strdup(t, a[0]);
    int64_t r;

    if (!name) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_memfd_create, name, (unsigned)a[1]));
    free(name);
    return r;
}

int64_t sys_inotify_init1(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_inotify_init1, target_open_flags_to_host(sarg(a[0]))));
}

int64_t sys_inotify_add_watch(UserTask *t, const uint64_t *a)
{
    GuestPath gp;
    int64_t r;

    if (guest_path_get(t, a[1], &gp)) {
        return -EFAULT;
    }
    r = host_ret(syscall(SYS_inotify_add_watch, sarg(a[0]), gp.host, (uint32_t)a[2]));
    guest_path_free(&gp);
    return r;
}

int64_t sys_inotify_rm_watch(UserTask *t, const uint64_t *a)
{
    return host_ret(syscall(SYS_inotify_rm_watch, sarg(a[0]), sarg(a[1])));
}

int64_t sys_copy_file_range(UserTask *t, const uint64_t *a)
{
    loff_t in, out;
    ssize_t r;

    if ((a[1] && get_guest_u64(t, a[1], (uint64_t *)&in)) ||
        (a[3] && get_guest_u64(t, a[3], (uint64_t *)&out))) {
        return -EFAULT;
    }
    r = copy_file_range(sarg(a[0]), a[1] ? &in : NULL, sarg(a[2]), a[3] ? &out : NULL,
                        (uint32_t)a[4], (unsigned)a[5]);
    if (r < 0) {
        return -errno;
    }
    if ((a[1] && put_guest_u64(t, a[1], in)) || (a[3] && put_guest_u64(t, a[3], out))) {
        return -EFAULT;
    }
    return r;
}
