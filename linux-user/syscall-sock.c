/*
 * Sockets: the direct calls and i386's socketcall multiplexer. Socket
 * addresses have one layout everywhere and pass through; msghdr, iovec and
 * control messages are converted between the 32-bit guest and the host, as
 * are the timeval socket options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "linux-user/syscall-common.h"

#define SOCKADDR_MAX 4096
#define CMSG32_ALIGN(n) (((n) + 3) & ~(size_t)3)
#define CMSG32_HDR 12
#define CMSG_MAX (64u << 10)     /* more control data than the kernel takes */
#define SO_RCVTIMEO_32 20
#define SO_SNDTIMEO_32 21

static void *sockaddr_in(UserTask *t, uint64_t addr, uint32_t len, int64_t *err)
{
    void *p;

    if (!addr) {
        return NULL;
    }
    if (len > SOCKADDR_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    p = guest_buf(t, addr, len, PAGE_READ);
    if (!p) {
        *err = -EFAULT;
    }
    return p;
}

int64_t sys_socket(UserTask *t, const uint64_t *a)
{
    return host_ret(socket(sarg(a[0]), sarg(a[1]), sarg(a[2])));
}

int64_t sys_socketpair(UserTask *t, const uint64_t *a)
{
    int sv[2];

    if (socketpair(sarg(a[0]), sarg(a[1]), sarg(a[2]), sv) < 0) {
        return -errno;
    }
    if (copy_to_guest(t, a[3], sv, sizeof(sv))) {
        close(sv[0]);
        close(sv[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_bind(UserTask *t, const uint64_t *a)
{
    int64_t err = 0;
    void *sa = sockaddr_in(t, a[1], (uint32_t)a[2], &err);

    return err ? err : host_ret(bind(sarg(a[0]), sa, (uint32_t)a[2]));
}

int64_t sys_connect(UserTask *t, const uint64_t *a)
{
    int64_t err = 0;
    void *sa = sockaddr_in(t, a[1], (uint32_t)a[2], &err);

    return err ? err : safe_syscall(t, SYS_connect, sarg(a[0]), sa, (uint32_t)a[2]);
}

int64_t sys_listen(UserTask *t, const uint64_t *a)
{
    return host_ret(listen(sarg(a[0]), sarg(a[1])));
}

/* Calls returning an address: addr and a u32 length in guest memory. */
typedef long (*AddrCall)(UserTask *t, int fd, struct sockaddr *sa, socklen_t *len, int flags);

static int64_t addr_out_call(UserTask *t, int fd, uint64_t addr, uint64_t lenp, int flags,
                             AddrCall fn)
{
    uint8_t buf[SOCKADDR_MAX];
    uint32_t glen = 0;
    socklen_t len = sizeof(buf);
    int64_t r;

    if (addr) {
        if (get_guest_u32(t, lenp, &glen)) {
            return -EFAULT;
        }
        if ((int32_t)glen < 0) {
            return -EINVAL;
        }
    }
    r = fn(t, fd, addr ? (struct sockaddr *)buf : NULL, addr ? &len : NULL, flags);
    if (r < 0) {
        return r;
    }
    if (addr) {
        if (copy_to_guest(t, addr, buf, len < glen ? len : glen) || put_guest_u32(t, lenp, len)) {
            return -EFAULT;
        }
    }
    return r;
}

static long call_accept4(UserTask *t, int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
    return safe_syscall(t, SYS_accept4, fd, sa, len, flags);
}

static long call_getsockname(UserTask *t, int fd, struct sockaddr *sa, socklen_t *len,
                             int flags)
{
    return host_ret(getsockname(fd, sa, len));
}

static long call_getpeername(UserTask *t, int fd, struct sockaddr *sa, socklen_t *len,
                             int flags)
{
    return host_ret(getpeername(fd, sa, len));
}

int64_t sys_accept4(UserTask *t, const uint64_t *a)
{
    return addr_out_call(t, sarg(a[0]), a[1], a[2], sarg(a[3]), call_accept4);
}

int64_t sys_accept(UserTask *t, const uint64_t *a)
{
    return addr_out_call(t, sarg(a[0]), a[1], a[2], 0, call_accept4);
}

int64_t sys_getsockname(UserTask *t, const uint64_t *a)
{
    return addr_out_call(t, sarg(a[0]), a[1], a[2], 0, call_getsockname);
}

int64_t sys_getpeername(UserTask *t, const uint64_t *a)
{
    return addr_out_call(t, sarg(a[0]), a[1], a[2], 0, call_getpeername);
}

int64_t sys_sendto(UserTask *t, const uint64_t *a)
{
    int64_t err = 0;
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_READ);
    void *sa = sockaddr_in(t, a[4], (uint32_t)a[5], &err);

    if (!buf) {
        return -EFAULT;
    }
    if (err) {
        return err;
    }
    return safe_syscall(t, SYS_sendto, sarg(a[0]), buf, (uint32_t)a[2], sarg(a[3]), sa,
                        a[4] ? (uint32_t)a[5] : 0);
}

int64_t sys_send(UserTask *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };

    return sys_sendto(t, b);
}

int64_t sys_recvfrom(UserTask *t, const uint64_t *a)
{
    uint8_t sa[SOCKADDR_MAX];
    socklen_t salen = sizeof(sa);
    uint32_t glen = 0;
    void *buf = guest_buf(t, a[1], (uint32_t)a[2], PAGE_WRITE);
    ssize_t r;

    if (!buf) {
        return -EFAULT;
    }
    if (a[4] && get_guest_u32(t, a[5], &glen)) {
        return -EFAULT;
    }
    r = safe_syscall(t, SYS_recvfrom, sarg(a[0]), buf, (uint32_t)a[2], sarg(a[3]),
                     a[4] ? (void *)sa : NULL, a[4] ? &salen : NULL);
    if (r < 0) {
        return r;
    }
    if (a[4] && (copy_to_guest(t, a[4], sa, salen < glen ? salen : glen) ||
                 put_guest_u32(t, a[5], salen))) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_recv(UserTask *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };

    return sys_recvfrom(t, b);
}

int64_t sys_shutdown(UserTask *t, const uint64_t *a)
{
    return host_ret(shutdown(sarg(a[0]), sarg(a[1])));
}

static bool is_timeo(int level, int name)
{
    return level == SOL_SOCKET && (name == SO_RCVTIMEO_32 || name == SO_SNDTIMEO_32);
}

int64_t sys_setsockopt(UserTask *t, const uint64_t *a)
{
    int level = sarg(a[1]), name = sarg(a[2]);
    uint32_t len = (uint32_t)a[4];
    void *val;

    if (is_timeo(level, name)) {
        struct timeval tv;
        if (len < 8) {
            return -EINVAL;
        }
        if (get_timeval32(t, a[3], &tv)) {
            return -EFAULT;
        }
        return host_ret(setsockopt(sarg(a[0]), level, name, &tv, sizeof(tv)));
    }
    if (len > 65536) {
        return -EINVAL;
    }
    val = len ? guest_buf(t, a[3], len, PAGE_READ) : NULL;
    if (len && !val) {
        return -EFAULT;
    }
    return host_ret(setsockopt(sarg(a[0]), level, name, val, len));
}

int64_t sys_getsockopt(UserTask *t, const uint64_t *a)
{
    int level = sarg(a[1]), name = sarg(a[2]);
    uint32_t glen;
    uint8_t buf[1024];
    socklen_t len = sizeof(buf);

    if (get_guest_u32(t, a[4], &glen)) {
        return -EFAULT;
    }
    if ((int32_t)glen < 0) {
        return -EINVAL;
    }
    if (getsockopt(sarg(a[0]), level, name, buf, &len) < 0) {
        return -errno;
    }
    if (is_timeo(level, name)) {
        struct timeval tv;
        memcpy(&tv, buf, sizeof(tv));
        if (glen < 8) {
            return -EINVAL;
        }
        len = 8;
        if (put_timeval32(t, a[3], &tv)) {
            return -EFAULT;
        }
    } else {
        if (len > glen) {
            len = glen;
        }
        if (copy_to_guest(t, a[3], buf, len)) {
            return -EFAULT;
        }
    }
    return put_guest_u32(t, a[4], len) ? -EFAULT : 0;
}

/* Guest control messages -> host (sendmsg). */
static int cmsg_to_host(UserTask *t, uint64_t gaddr, uint32_t glen, struct msghdr *m)
{
    uint8_t *g = malloc(glen ? glen : 1);
    size_t off = 0, hsize = 0;
    uint8_t *h;

    if (!g || copy_from_guest(t, g, gaddr, glen)) {
        free(g);
        return -EFAULT;
    }
    h = calloc(1, glen * 2 + 64);
    while (off + CMSG32_HDR <= glen) {
        uint32_t len;
        int32_t level, type;
        struct cmsghdr *c = (struct cmsghdr *)(h + hsize);
        size_t dlen;

        memcpy(&len, g + off, 4);
        memcpy(&level, g + off + 4, 4);
        memcpy(&type, g + off + 8, 4);
        if (len < CMSG32_HDR || off + len > glen) {
            break;
        }
        dlen = len - CMSG32_HDR;
        c->cmsg_len = CMSG_LEN(dlen);
        c->cmsg_level = level;
        c->cmsg_type = type;
        memcpy(CMSG_DATA(c), g + off + CMSG32_HDR, dlen);
        hsize += CMSG_SPACE(dlen);
        off += CMSG32_ALIGN(len);
    }
    free(g);
    m->msg_control = h;
    m->msg_controllen = hsize;
    return 0;
}

/* Host control messages -> guest (recvmsg); sets MSG_CTRUNC when short. */
static int cmsg_to_guest(UserTask *t, struct msghdr *m, uint64_t gaddr, uint32_t glen,
                         uint32_t *used)
{
    struct cmsghdr *c;
    size_t off = 0;

    for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        size_t dlen = c->cmsg_len - CMSG_LEN(0);
        uint8_t data[64];
        const void *src = CMSG_DATA(c);
        uint32_t hdr[3];

        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP_OLD &&
            dlen == sizeof(struct timeval)) {
            struct timeval tv;
            int32_t v[2];
            memcpy(&tv, CMSG_DATA(c), sizeof(tv));
            v[0] = (int32_t)tv.tv_sec;
            v[1] = (int32_t)tv.tv_usec;
            memcpy(data, v, 8);
            src = data;
            dlen = 8;
        }
        if (off + CMSG32_HDR + dlen > glen) {
            m->msg_flags |= MSG_CTRUNC;
            break;
        }
        hdr[0] = (uint32_t)(CMSG32_HDR + dlen);
        hdr[1] = (uint32_t)c->cmsg_level;
        hdr[2] = (uint32_t)c->cmsg_type;
        if (copy_to_guest(t, gaddr + off, hdr, sizeof(hdr)) ||
            copy_to_guest(t, gaddr + off + CMSG32_HDR, src, dlen)) {
            return -EFAULT;
        }
        off += CMSG32_ALIGN(CMSG32_HDR + dlen);
    }
    *used = (uint32_t)(off > glen ? glen : off);
    return 0;
}

/* struct msghdr (32-bit): name, namelen, iov, iovlen, control, controllen, flags. */
static int64_t do_msg(UserTask *t, int fd, uint64_t maddr, int flags, bool send)
{
    uint32_t g[7];
    struct msghdr m;
    uint8_t name[SOCKADDR_MAX];
    int err = 0;
    int64_t r;

    if (copy_from_guest(t, g, maddr, sizeof(g))) {
        return -EFAULT;
    }
    memset(&m, 0, sizeof(m));
    if (g[0]) {
        if (g[1] > SOCKADDR_MAX) {
            return -EINVAL;
        }
        if (send && copy_from_guest(t, name, g[0], g[1])) {
            return -EFAULT;
        }
        m.msg_name = name;
        m.msg_namelen = send ? g[1] : sizeof(name);
    }
    m.msg_iov = get_iovec32(t, g[2], (int)g[3], send ? PAGE_READ : PAGE_WRITE, &err);
    if (!m.msg_iov) {
        return err;
    }
    m.msg_iovlen = g[3];
    if (g[5] > CMSG_MAX) {
        if (send) {
            free(m.msg_iov);
            return -ENOBUFS;
        }
        g[5] = CMSG_MAX;
    }
    if (g[4] && g[5]) {
        if (send) {
            if (cmsg_to_host(t, g[4], g[5], &m)) {
                free(m.msg_iov);
                return -EFAULT;
            }
        } else {
            m.msg_controllen = g[5] * 2 + 64;
            m.msg_control = calloc(1, m.msg_controllen);
        }
    }
    r = safe_syscall(t, send ? SYS_sendmsg : SYS_recvmsg, fd, &m, flags);
    if (r >= 0 && !send) {
        uint32_t used = 0;
        if (g[4] && g[5] && cmsg_to_guest(t, &m, g[4], g[5], &used)) {
            r = -EFAULT;
        }
        g[5] = used;
        if (g[0]) {
            copy_to_guest(t, g[0], name, m.msg_namelen < g[1] ? m.msg_namelen : g[1]);
            g[1] = m.msg_namelen;
        }
        g[6] = (uint32_t)m.msg_flags;
        if (copy_to_guest(t, maddr, g, sizeof(g))) {
            r = -EFAULT;
        }
    }
    free(m.msg_iov);
    free(m.msg_control);
    return r;
}

int64_t sys_sendmsg(UserTask *t, const uint64_t *a)
{
    return do_msg(t, sarg(a[0]), a[1], sarg(a[2]), true);
}

int64_t sys_recvmsg(UserTask *t, const uint64_t *a)
{
    return do_msg(t, sarg(a[0]), a[1], sarg(a[2]), false);
}

/* struct mmsghdr (32-bit): msghdr then msg_len: 32 bytes. */
static int64_t do_mmsg(UserTask *t, const uint64_t *a, bool send)
{
    uint32_t n = (uint32_t)a[2], i;
    int flags = sarg(a[3]) & ~MSG_WAITFORONE;
    int64_t r = 0;

    if (n > 1024) {
        n = 1024;
    }
    for (i = 0; i < n; i++) {
        r = do_msg(t, sarg(a[0]), a[1] + 32 * (uint64_t)i, flags, send);
        if (r < 0) {
            break;
        }
        if (put_guest_u32(t, a[1] + 32 * (uint64_t)i + 28, (uint32_t)r)) {
            return -EFAULT;
        }
        if (!send && (sarg(a[3]) & MSG_WAITFORONE)) {
            flags |= MSG_DONTWAIT;     /* after the first message, do not wait */
        }
    }
    return i > 0 ? (int64_t)i : r;
}

int64_t sys_sendmmsg(UserTask *t, const uint64_t *a)
{
    return do_mmsg(t, a, true);
}

int64_t sys_recvmmsg(UserTask *t, const uint64_t *a)
{
    return do_mmsg(t, a, false);
}

/* socketcall(call, args): the arguments are words in guest memory. */
int64_t sys_socketcall(UserTask *t, const uint64_t *a)
{
    static const struct {
        SyscallFn fn;
        int nargs;
    } calls[] = {
        [1] = { sys_socket, 3 },      [2] = { sys_bind, 3 },        [3] = { sys_connect, 3 },
        [4] = { sys_listen, 2 },      [5] = { sys_accept, 3 },      [6] = { sys_getsockname, 3 },
        [7] = { sys_getpeername, 3 }, [8] = { sys_socketpair, 4 },  [9] = { sys_send, 4 },
        [10] = { sys_recv, 4 },       [11] = { sys_sendto, 6 },     [12] = { sys_recvfrom, 6 },
        [13] = { sys_shutdown, 2 },   [14] = { sys_setsockopt, 5 }, [15] = { sys_getsockopt, 5 },
        [16] = { sys_sendmsg, 3 },    [17] = { sys_recvmsg, 3 },    [18] = { sys_accept4, 4 },
        [19] = { sys_recvmmsg, 5 },   [20] = { sys_sendmmsg, 4 },
    };
    uint32_t call = (uint32_t)a[0], v[6] = { 0 };
    uint64_t args[6];
    int i;

    if (call == 0 || call >= sizeof(calls) / sizeof(calls[0]) || !calls[call].fn) {
        return -EINVAL;
    }
    if (copy_from_guest(t, v, a[1], calls[call].nargs * 4)) {
        return -EFAULT;
    }
    for (i = 0; i < 6; i++) {
        args[i] = v[i];
    }
    return calls[call].fn(t, args);
}
