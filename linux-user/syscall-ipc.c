/*
 * System V IPC through i386's ipc() multiplexer and the direct calls:
 * shared memory attached inside the guest address space, semaphores and
 * message queues, with the 32-bit ipc64_perm / shmid64_ds / semid64_ds /
 * msqid64_ds layouts (IPC_64) and 32-bit msgbuf.mtype.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include "linux-user/syscall-common.h"

#define TARGET_IPC_64 0x100
#define MAX_SHM_ATTACH 256

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* ipc64_perm of the 32-bit ABIs: 36 bytes. */
static void put_perm(uint8_t *b, const struct ipc_perm *p)
{
    uint32_t w[9] = { (uint32_t)p->__key, p->uid, p->gid, p->cuid, p->cgid,
                      p->mode & 0xffff, p->__seq & 0xffff, 0, 0 };

    memcpy(b, w, sizeof(w));
}

static void get_perm(const uint8_t *b, struct ipc_perm *p)
{
    uint32_t w[6];

    memcpy(w, b, sizeof(w));
    p->uid = w[1];
    p->gid = w[2];
    p->mode = w[5] & 0xffff;
}

static void put_time(uint8_t *b, int off, time_t t)
{
    uint32_t w[2] = { (uint32_t)t, (uint32_t)((uint64_t)t >> 32) };

    memcpy(b + off, w, 8);
}

static void put_u32(uint8_t *b, int off, uint32_t v)
{
    memcpy(b + off, &v, 4);
}

/* ---- shared memory ---- */

int64_t sys_shmget(UserTask *t, const uint64_t *a)
{
    return host_ret(shmget((key_t)sarg(a[0]), (uint32_t)a[1], sarg(a[2])));
}

static int64_t do_shmat(UserTask *t, int id, uint64_t addr, int flags)
{
    UserProcess *p = t->proc;
    GuestSpace *gs = &p->space;
    struct shmid_ds ds;
    uint64_t len;
    void *h;
    int i;

    if (shmctl(id, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    len = (ds.shm_segsz + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    if (addr & (GUEST_PAGE_SIZE - 1)) {
        if (!(flags & SHM_RND)) {
            return -EINVAL;
        }
        addr &= GUEST_PAGE_MASK;
    }
    pthread_mutex_lock(&gs->lock);
    if (!addr) {
        addr = guest_find_free(gs, len, gs->mmap_base);
    }
    if (!addr || !guest_range_valid(gs, addr, len)) {
        pthread_mutex_unlock(&gs->lock);
        return -ENOMEM;
    }
    h = shmat(id, g2h(gs, addr), (flags & SHM_RDONLY) | SHM_REMAP);
    if (h == (void *)-1) {
        int err = errno;
        pthread_mutex_unlock(&gs->lock);
        return -err;
    }
    guest_set_pages(gs, addr, len, PAGE_VALID | PAGE_READ |
                    (flags & SHM_RDONLY ? 0 : PAGE_WRITE) | (flags & SHM_EXEC ? PAGE_EXEC : 0));
    for (i = 0; i < MAX_SHM_ATTACH && p->shm[i].len; i++) {
        continue;
    }
    if (i < MAX_SHM_ATTACH) {
        p->shm[i].addr = addr;
        p->shm[i].len = len;
    }
    pthread_mutex_unlock(&gs->lock);
    tb_invalidate_range(p->tbc, addr, addr + len);
    return addr;
}

int64_t sys_shmat(UserTask *t, const uint64_t *a)
{
    return do_shmat(t, sarg(a[0]), (uint32_t)a[1], sarg(a[2]));
}

int64_t sys_shmdt(UserTask *t, const uint64_t *a)
{
    UserProcess *p = t->proc;
    GuestSpace *gs = &p->space;
    uint64_t addr = (uint32_t)a[0], len = 0;
    int i;

    pthread_mutex_lock(&gs->lock);
    for (i = 0; i < MAX_SHM_ATTACH; i++) {
        if (p->shm[i].len && p->shm[i].addr == addr) {
            len = p->shm[i].len;
            p->shm[i].len = 0;
            break;
        }
    }
    if (!len || shmdt(g2h(gs, addr)) < 0) {
        pthread_mutex_unlock(&gs->lock);
        return -EINVAL;
    }
    mmap(g2h(gs, addr), len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
         -1, 0);
    guest_set_pages(gs, addr, len, 0);
    pthread_mutex_unlock(&gs->lock);
    tb_invalidate_range(p->tbc, addr, addr + len);
    return 0;
}

/* shmid64_ds (32-bit): perm, segsz, atime, dtime, ctime (each lo/hi), cpid,
 * lpid, nattch, 2 unused: 84 bytes. */
int64_t sys_shmctl(UserTask *t, const uint64_t *a)
{
    int cmd = sarg(a[1]) & ~TARGET_IPC_64;
    struct shmid_ds ds;
    uint8_t b[84];
    int r;

    switch (cmd) {
    case IPC_RMID:
    case SHM_LOCK:
    case SHM_UNLOCK:
        return host_ret(shmctl(sarg(a[0]), cmd, NULL));
    case IPC_SET:
        if (copy_from_guest(t, b, a[2], sizeof(b))) {
            return -EFAULT;
        }
        memset(&ds, 0, sizeof(ds));
        get_perm(b, &ds.shm_perm);
        return host_ret(shmctl(sarg(a[0]), IPC_SET, &ds));
    case IPC_STAT:
    case SHM_STAT:
        r = shmctl(sarg(a[0]), cmd, &ds);
        if (r < 0) {
            return -errno;
        }
        memset(b, 0, sizeof(b));
        put_perm(b, &ds.shm_perm);
        put_u32(b, 36, (uint32_t)ds.shm_segsz);
        put_time(b, 40, ds.shm_atime);
        put_time(b, 48, ds.shm_dtime);
        put_time(b, 56, ds.shm_ctime);
        put_u32(b, 64, ds.shm_cpid);
        put_u32(b, 68, ds.shm_lpid);
        put_u32(b, 72, (uint32_t)ds.shm_nattch);
        return copy_to_guest(t, a[2], b, sizeof(b)) ? -EFAULT : r;
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "shmctl: command %d\n", cmd);
        return -EINVAL;
    }
}

/* ---- semaphores ---- */

int64_t sys_semget(UserTask *t, const uint64_t *a)
{
    return host_ret(semget((key_t)sarg(a[0]), sarg(a[1]), sarg(a[2])));
}

static int64_t do_semtimedop(UserTask *t, int id, uint64_t sops, uint32_t n,
                             const struct timespec *ts)
{
    struct sembuf *ops;
    int64_t r;

    if (n == 0 || n > 500) {
        return n ? -E2BIG : -EINVAL;
    }
    ops = calloc(n, sizeof(*ops));
    /* struct sembuf is {u16, s16, s16} everywhere. */
    if (!ops || copy_from_guest(t, ops, sops, n * sizeof(*ops))) {
        free(ops);
        return ops ? -EFAULT : -ENOMEM;
    }
    r = safe_syscall(t, SYS_semtimedop, id, ops, n, ts);
    free(ops);
    return r;
}

int64_t sys_semtimedop_time64(UserTask *t, const uint64_t *a)
{
    struct timespec ts;

    if (a[3] && get_timespec64(t, a[3], &ts)) {
        return -EFAULT;
    }
    return do_semtimedop(t, sarg(a[0]), a[1], (uint32_t)a[2], a[3] ? &ts : NULL);
}

/* semctl's fourth argument is the union semun value itself (32 bits). */
static int64_t do_semctl(UserTask *t, int id, int num, int cmd, uint32_t arg)
{
    struct semid_ds ds;
    union semun u;
    uint8_t b[64];
    int r, n;

    cmd &= ~TARGET_IPC_64;
    switch (cmd) {
    case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case IPC_RMID:
        return host_ret(semctl(id, num, cmd));
    case SETVAL:
        u.val = (int)arg;
        return host_ret(semctl(id, num, cmd, u));
    case IPC_STAT: case SEM_STAT: case IPC_SET:
    case GETALL: case SETALL:
        u.buf = &ds;
        r = semctl(id, 0, IPC_STAT, u);
        if (r < 0) {
            return -errno;
        }
        if (cmd == GETALL || cmd == SETALL) {
            unsigned short *vals;
            n = (int)ds.sem_nsems;
            vals = calloc(n ? n : 1, sizeof(*vals));
            if (cmd == SETALL && copy_from_guest(t, vals, arg, n * 2)) {
                free(vals);
                return -EFAULT;
            }
            u.array = vals;
            r = semctl(id, 0, cmd, u);
            if (r >= 0 && cmd == GETALL && copy_to_guest(t, arg, vals, n * 2)) {
                r = -EFAULT;
                errno = EFAULT;
            }
            free(vals);
            return r < 0 ? -errno : r;
        }
        if (cmd == IPC_SET) {
            if (copy_from_guest(t, b, arg, sizeof(b))) {
                return -EFAULT;
            }
            get_perm(b, &ds.sem_perm);
            u.buf = &ds;
            return host_ret(semctl(id, 0, IPC_SET, u));
        }
        if (cmd == SEM_STAT) {
            u.buf = &ds;
            r = semctl(id, num, SEM_STAT, u);
            if (r < 0) {
                return -errno;
            }
        }
        memset(b, 0, sizeof(b));
        put_perm(b, &ds.sem_perm);
        put_time(b, 36, ds.sem_otime);
        put_time(b, 44, ds.sem_ctime);
        put_u32(b, 52, (uint32_t)ds.sem_nsems);
        return copy_to_guest(t, arg, b, sizeof(b)) ? -EFAULT : r;
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "semctl: command %d\n", cmd);
        return -EINVAL;
    }
}

int64_t sys_semctl(UserTask *t, const uint64_t *a)
{
    return do_semctl(t, sarg(a[0]), sarg(a[1]), sarg(a[2]), (uint32_t)a[3]);
}

/* ---- message queues ---- */

int64_t sys_msgget(UserTask *t, const uint64_t *a)
{
    return host_ret(msgget((key_t)sarg(a[0]), sarg(a[1])));
}

/* The guest msgbuf: a 32-bit mtype, then the text. */
static int64_t do_msgsnd(UserTask *t, int id, uint64_t msgp, uint32_t size, int flags)
{
    uint32_t type;
    long *buf;
    int64_t r;

    if (size > 65536) {
        return -EINVAL;
    }
    buf = malloc(sizeof(long) + size);
    if (!buf) {
        return -ENOMEM;
    }
    if (get_guest_u32(t, msgp, &type) || copy_from_guest(t, buf + 1, msgp + 4, size)) {
        free(buf);
        return -EFAULT;
    }
    buf[0] = (int32_t)type;
    r = safe_syscall(t, SYS_msgsnd, id, buf, size, flags);
    free(buf);
    return r;
}

static int64_t do_msgrcv(UserTask *t, int id, uint64_t msgp, uint32_t size, long type,
                         int flags)
{
    long *buf;
    ssize_t r;

    if (size > 65536) {
        return -EINVAL;
    }
    buf = malloc(sizeof(long) + size);
    if (!buf) {
        return -ENOMEM;
    }
    r = safe_syscall(t, SYS_msgrcv, id, buf, size, type, flags);
    if (r >= 0 && (put_guest_u32(t, msgp, (uint32_t)buf[0]) ||
                   copy_to_guest(t, msgp + 4, buf + 1, r))) {
        r = -EFAULT;
    }
    free(buf);
    return r;
}

int64_t sys_msgsnd(UserTask *t, const uint64_t *a)
{
    return do_msgsnd(t, sarg(a[0]), a[1], (uint32_t)a[2], sarg(a[3]));
}

int64_t sys_msgrcv(UserTask *t, const uint64_t *a)
{
    return do_msgrcv(t, sarg(a[0]), a[1], (uint32_t)a[2], sarg(a[3]), sarg(a[4]));
}

/* msqid64_ds (32-bit): perm, stime, rtime, ctime (lo/hi), cbytes, qnum,
 * qbytes, lspid, lrpid, 2 unused: 88 bytes. */
int64_t sys_msgctl(UserTask *t, const uint64_t *a)
{
    int cmd = sarg(a[1]) & ~TARGET_IPC_64;
    struct msqid_ds ds;
    uint8_t b[88];
    int r;

    switch (cmd) {
    case IPC_RMID:
        return host_ret(msgctl(sarg(a[0]), cmd, NULL));
    case IPC_SET:
        if (copy_from_guest(t, b, a[2], sizeof(b)) || msgctl(sarg(a[0]), IPC_STAT, &ds) < 0) {
            return -EFAULT;
        }
        get_perm(b, &ds.msg_perm);
        memcpy(&ds.msg_qbytes, b + 68, 4);
        ds.msg_qbytes = (uint32_t)ds.msg_qbytes;
        return host_ret(msgctl(sarg(a[0]), IPC_SET, &ds));
    case IPC_STAT:
    case MSG_STAT:
        r = msgctl(sarg(a[0]), cmd, &ds);
        if (r < 0) {
            return -errno;
        }
        memset(b, 0, sizeof(b));
        put_perm(b, &ds.msg_perm);
        put_time(b, 36, ds.msg_stime);
        put_time(b, 44, ds.msg_rtime);
        put_time(b, 52, ds.msg_ctime);
        put_u32(b, 60, (uint32_t)ds.__msg_cbytes);
        put_u32(b, 64, (uint32_t)ds.msg_qnum);
        put_u32(b, 68, (uint32_t)ds.msg_qbytes);
        put_u32(b, 72, ds.msg_lspid);
        put_u32(b, 76, ds.msg_lrpid);
        return copy_to_guest(t, a[2], b, sizeof(b)) ? -EFAULT : r;
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "msgctl: command %d\n", cmd);
        return -EINVAL;
    }
}

/* ipc(call, first, second, third, ptr, fifth): the i386 multiplexer. */
int64_t sys_ipc(UserTask *t, const uint64_t *a)
{
    uint32_t call = (uint32_t)a[0] & 0xffff, version = (uint32_t)a[0] >> 16;
    int first = sarg(a[1]), second = sarg(a[2]), third = sarg(a[3]);
    uint64_t ptr = (uint32_t)a[4];
    uint32_t v[2];
    int64_t r;

    switch (call) {
    case 1: /* SEMOP */
        return do_semtimedop(t, first, ptr, (uint32_t)second, NULL);
    case 2: /* SEMGET */
        return host_ret(semget(first, second, third));
    case 3: /* SEMCTL: ptr points at the semun value */
        if (get_guest_u32(t, ptr, &v[0])) {
            return -EFAULT;
        }
        return do_semctl(t, first, second, third, v[0]);
    case 4: { /* SEMTIMEDOP, 32-bit timespec in fifth */
        struct timespec ts;
        if (a[5] && get_timespec32(t, (uint32_t)a[5], &ts)) {
            return -EFAULT;
        }
        return do_semtimedop(t, first, ptr, (uint32_t)second, a[5] ? &ts : NULL);
    }
    case 11: /* MSGSND */
        return do_msgsnd(t, first, ptr, (uint32_t)second, third);
    case 12: /* MSGRCV: version 0 passes {msgp, msgtyp} at ptr */
        if (version == 0) {
            if (copy_from_guest(t, v, ptr, sizeof(v))) {
                return -EFAULT;
            }
            return do_msgrcv(t, first, v[0], (uint32_t)second, (int32_t)v[1], third);
        }
        return do_msgrcv(t, first, ptr, (uint32_t)second, sarg(a[5]), third);
    case 13: /* MSGGET */
        return host_ret(msgget(first, second));
    case 14: { /* MSGCTL */
        uint64_t b[3] = { a[1], a[2], ptr };
        return sys_msgctl(t, b);
    }
    case 21: /* SHMAT: the address goes to *third */
        r = do_shmat(t, first, ptr, second);
        if (r >= 0 && put_guest_u32(t, (uint32_t)a[3], (uint32_t)r)) {
            return -EFAULT;
        }
        return r < 0 ? r : 0;
    case 22: { /* SHMDT */
        uint64_t b[1] = { ptr };
        return sys_shmdt(t, b);
    }
    case 23: /* SHMGET */
        return host_ret(shmget(first, (uint32_t)second, third));
    case 24: { /* SHMCTL */
        uint64_t b[3] = { a[1], a[2], ptr };
        return sys_shmctl(t, b);
    }
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "ipc: call %u\n", call);
        return -ENOSYS;
    }
}
