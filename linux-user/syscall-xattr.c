/*
 * Extended attributes: get/set/list/remove on paths (following links or not)
 * and file descriptors. Names and values are plain bytes everywhere.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/xattr.h>

#include "linux-user/syscall-common.h"

typedef enum XattrTarget { XA_PATH, XA_LPATH, XA_FD } XattrTarget;

/* Resolve the first argument; on success *gp owns the path (XA_FD: none). */
static int xattr_target(UserTask *t, XattrTarget kind, uint64_t arg, GuestPath *gp)
{
    gp->guest = NULL;
    return kind == XA_FD ? 0 : guest_path_get(t, arg, gp);
}

static int64_t do_getxattr(UserTask *t, const uint64_t *a, XattrTarget kind)
{
    uint32_t size = (uint32_t)a[3];
    char *name = guest_strdup(t, a[1]);
    void *val = size ? guest_buf(t, a[2], size, PAGE_WRITE) : NULL;
    GuestPath gp;
    int64_t r;

    if (!name || (size && !val) || xattr_target(t, kind, a[0], &gp)) {
        free(name);
        return -EFAULT;
    }
    r = host_ret(kind == XA_FD ? fgetxattr(sarg(a[0]), name, val, size)
                 : kind == XA_LPATH ? lgetxattr(gp.host, name, val, size)
                 : getxattr(gp.host, name, val, size));
    guest_path_free(&gp);
    free(name);
    return r;
}

static int64_t do_setxattr(UserTask *t, const uint64_t *a, XattrTarget kind)
{
    uint32_t size = (uint32_t)a[3];
    char *name = guest_strdup(t, a[1]);
    void *val = size ? guest_buf(t, a[2], size, PAGE_READ) : NULL;
    GuestPath gp;
    int64_t r;

    if (!name || (size && !val) || xattr_target(t, kind, a[0], &gp)) {
        free(name);
        return -EFAULT;
    }
    r = host_ret(kind == XA_FD ? fsetxattr(sarg(a[0]), name, val, size, sarg(a[4]))
                 : kind == XA_LPATH ? lsetxattr(gp.host, name, val, size, sarg(a[4]))
                 : setxattr(gp.host, name, val, size, sarg(a[4])));
    guest_path_free(&gp);
    free(name);
    return r;
}

static int64_t do_listxattr(UserTask *t, const uint64_t *a, XattrTarget kind)
{
    uint32_t size = (uint32_t)a[2];
    void *list = size ? guest_buf(t, a[1], size, PAGE_WRITE) : NULL;
    GuestPath gp;
    int64_t r;

    if ((size && !list) || xattr_target(t, kind, a[0], &gp)) {
        return -EFAULT;
    }
    r = host_ret(kind == XA_FD ? flistxattr(sarg(a[0]), list, size)
                 : kind == XA_LPATH ? llistxattr(gp.host, list, size)
                 : listxattr(gp.host, list, size));
    guest_path_free(&gp);
    return r;
}

static int64_t do_removexattr(UserTask *t, const uint64_t *a, XattrTarget kind)
{
    char *name = guest_strdup(t, a[1]);
    GuestPath gp;
    int64_t r;

    if (!name || xattr_target(t, kind, a[0], &gp)) {
        free(name);
        return -EFAULT;
    }
    r = host_ret(kind == XA_FD ? fremovexattr(sarg(a[0]), name)
                 : kind == XA_LPATH ? lremovexattr(gp.host, name)
                 : removexattr(gp.host, name));
    guest_path_free(&gp);
    free(name);
    return r;
}

int64_t sys_getxattr(UserTask *t, const uint64_t *a)
{
    return do_getxattr(t, a, XA_PATH);
}

int64_t sys_lgetxattr(UserTask *t, const uint64_t *a)
{
    return do_getxattr(t, a, XA_LPATH);
}

int64_t sys_fgetxattr(UserTask *t, const uint64_t *a)
{
    return do_getxattr(t, a, XA_FD);
}

int64_t sys_setxattr(UserTask *t, const uint64_t *a)
{
    return do_setxattr(t, a, XA_PATH);
}

int64_t sys_lsetxattr(UserTask *t, const uint64_t *a)
{
    return do_setxattr(t, a, XA_LPATH);
}

int64_t sys_fsetxattr(UserTask *t, const uint64_t *a)
{
    return do_setxattr(t, a, XA_FD);
}

int64_t sys_listxattr(UserTask *t, const uint64_t *a)
{
    return do_listxattr(t, a, XA_PATH);
}

int64_t sys_llistxattr(UserTask *t, const uint64_t *a)
{
    return do_listxattr(t, a, XA_LPATH);
}

int64_t sys_flistxattr(UserTask *t, const uint64_t *a)
{
    return do_listxattr(t, a, XA_FD);
}

int64_t sys_removexattr(UserTask *t, const uint64_t *a)
{
    return do_removexattr(t, a, XA_PATH);
}

int64_t sys_lremovexattr(UserTask *t, const uint64_t *a)
{
    return do_removexattr(t, a, XA_LPATH);
}

int64_t sys_fremovexattr(UserTask *t, const uint64_t *a)
{
    return do_removexattr(t, a, XA_FD);
}
