/*
 * Processes and threads: clone (a guest thread is a host thread with its own
 * CPU; a new process is a host fork), fork/vfork, thread exit with
 * CLONE_CHILD_CLEARTID and robust futex lists, set_tid_address and futex.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"

#define HOST_THREAD_STACK (1u << 20)
#define ROBUST_LIST_LIMIT 2048

void task_register(UserTask *t)
{
    UserProcess *p = t->proc;

    pthread_mutex_lock(&p->lock);
    t->next = p->tasks;
    p->tasks = t;
    p->ntasks++;
    pthread_mutex_unlock(&p->lock);
}

void task_unregister(UserTask *t)
{
    UserProcess *p = t->proc;
    UserTask **pp;

    pthread_mutex_lock(&p->lock);
    for (pp = &p->tasks; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            p->ntasks--;
            break;
        }
    }
    pthread_mutex_unlock(&p->lock);
}

static int host_futex_wake(UserTask *t, uint64_t uaddr, int n)
{
    return (int)syscall(SYS_futex, g2h(&t->proc->space, uaddr), FUTEX_WAKE, n, NULL, NULL, 0);
}

/* The kernel's exit-time walk of the guest's robust futex list. */
static void robust_list_release(UserTask *t)
{
    uint32_t head[3], entry, pending;
    int32_t offset;
    int n = 0;

    if (!t->robust_list || copy_from_guest(t, head, t->robust_list, sizeof(head))) {
        return;
    }
    offset = (int32_t)head[1];
    pending = head[2];
    entry = head[0];
    while (entry != (uint32_t)t->robust_list && n++ < ROBUST_LIST_LIMIT) {
        uint32_t next, fa = (entry & ~1u) + offset;
        uint32_t *word;

        if (get_guest_u32(t, entry & ~1u, &next)) {
            break;
        }
        if (fa != pending && (word = guest_buf(t, fa, 4, PAGE_READ | PAGE_WRITE))) {
            uint32_t v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
            if ((v & FUTEX_TID_MASK) == (uint32_t)t->tid &&
                __atomic_compare_exchange_n(word, &v, (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED,
                                            false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) &&
                (v & FUTEX_WAITERS)) {
                host_futex_wake(t, fa, 1);
            }
        }
        entry = next;
    }
}

/* The end of one guest thread (exit, or the last thread's exit_group). */
_Noreturn static void thread_exit(UserTask *t, int status)
{
    UserProcess *p = t->proc;
    bool last;

    pthread_mutex_lock(&p->lock);
    last = p->ntasks == 1;
    pthread_mutex_unlock(&p->lock);
    if (last) {
        user_exit_group(t, status);
    }
    robust_list_release(t);
    if (t->clear_child_tid && guest_access_ok(&p->space, t->clear_child_tid, 4, PAGE_WRITE)) {
        uint32_t *w = g2h(&p->space, t->clear_child_tid);
        __atomic_store_n(w, 0, __ATOMIC_SEQ_CST);
        host_futex_wake(t, t->clear_child_tid, 1);
    }
    task_unregister(t);
    user_set_current_task(NULL);
    cpu_exec_detach(t->cpu);
    target_cpu_free(t->cpu);
    free(t);
    pthread_exit(NULL);
}

int64_t sys_exit(UserTask *t, const uint64_t *a)
{
    thread_exit(t, sarg(a[0]) & 0xff);
}

int64_t sys_set_tid_address(UserTask *t, const uint64_t *a)
{
    t->clear_child_tid = (uint32_t)a[0];
    return t->tid;
}

int64_t sys_set_robust_list(UserTask *t, const uint64_t *a)
{
    if ((uint32_t)a[1] != 12) {
        return -EINVAL;
    }
    t->robust_list = (uint32_t)a[0];
    t->robust_list_len = (uint32_t)a[1];
    return 0;
}

int64_t sys_get_robust_list(UserTask *t, const uint64_t *a)
{
    if (sarg(a[0]) != 0 && sarg(a[0]) != t->tid) {
        return -EPERM;
    }
    if (put_guest_u32(t, a[1], (uint32_t)t->robust_list) || put_guest_u32(t, a[2], 12)) {
        return -EFAULT;
    }
    return 0;
}

/* The clone arguments, in the order of the generic (not i386) clone. */
typedef struct CloneArgs {
    uint64_t flags, newsp, ptid, tls, ctid;
} CloneArgs;

typedef struct ThreadStart {
    UserTask *task;
    const CloneArgs *ca;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool ready;
    pid_t tid;
    uint64_t parent_blocked;
} ThreadStart;

static void *thread_main(void *opaque)
{
    ThreadStart *ts = opaque;
    UserTask *t = ts->task;
    uint64_t blocked = ts->parent_blocked;
    const CloneArgs *ca = ts->ca;

    t->tid = gettid();
    user_set_current_task(t);
    if (ca->flags & CLONE_PARENT_SETTID) {
        put_guest_u32(t, ca->ptid, t->tid);
    }
    if (ca->flags & CLONE_CHILD_SETTID) {
        put_guest_u32(t, ca->ctid, t->tid);
    }
    if (ca->flags & CLONE_CHILD_CLEARTID) {
        t->clear_child_tid = ca->ctid;
    }
    task_register(t);
    pthread_mutex_lock(&ts->lock);
    ts->tid = t->tid;
    ts->ready = true;
    pthread_cond_signal(&ts->cond);
    pthread_mutex_unlock(&ts->lock);
    /* ts belongs to the parent from here on. */
    task_set_blocked(t, blocked);
    target_cpu_loop(t);
}

static int64_t clone_thread(UserTask *t, const CloneArgs *ca)
{
    UserProcess *p = t->proc;
    UserTask *child = calloc(1, sizeof(*child));
    ThreadStart ts = { .task = child, .ca = ca };
    uint64_t all = ~0ull, saved;
    pthread_attr_t attr;
    pthread_t th;
    char *err = NULL;
    int r;

    if (!child) {
        return -ENOMEM;
    }
    child->cpu = target_cpu_clone(t->cpu, &err);
    if (!child->cpu) {
        free(child);
        free(err);
        return -ENOMEM;
    }
    if (cpu_init_exec(child->cpu, p->tbc) < 0) {
        target_cpu_free(child->cpu);
        free(child);
        return -ENOMEM;
    }
    child->cpu->opaque = child;
    child->proc = p;
    target_cpu_child_return(child->cpu, ca->newsp);
    if (ca->flags & CLONE_SETTLS) {
        child->tid = 0;
        if (target_cpu_set_tls(child, ca->tls) < 0) {
            cpu_exec_detach(child->cpu);
            target_cpu_free(child->cpu);
            free(child);
            return -EINVAL;
        }
    }
    pthread_mutex_init(&ts.lock, NULL);
    pthread_cond_init(&ts.cond, NULL);
    ts.parent_blocked = t->blocked;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, HOST_THREAD_STACK);
    /* The new thread starts with every signal blocked until it is a task. */
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &saved, 8);
    r = pthread_create(&th, &attr, thread_main, &ts);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved, NULL, 8);
    pthread_attr_destroy(&attr);
    if (r != 0) {
        cpu_exec_detach(child->cpu);
        target_cpu_free(child->cpu);
        free(child);
        return -r;
    }
    pthread_mutex_lock(&ts.lock);
    while (!ts.ready) {
        pthread_cond_wait(&ts.cond, &ts.lock);
    }
    pthread_mutex_unlock(&ts.lock);
    /* child may be gone already: it can run and exit before we get here. */
    return ts.tid;
}

/*
 * vfork: the parent waits until the child execs or exits. The child gets its
 * own copy of memory (a host fork), and the parent waits for the end of a
 * close-on-exec pipe that only the child holds, kept at a high descriptor
 * out of the guest's way.
 */
#define VFORK_FD_MIN 1000

static int vfork_pipe(int fds[2])
{
    int raw[2], i;

    if (pipe2(raw, O_CLOEXEC) < 0) {
        return -errno;
    }
    for (i = 0; i < 2; i++) {
        fds[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, VFORK_FD_MIN);
        close(raw[i]);
    }
    if (fds[0] < 0 || fds[1] < 0) {
        close(fds[0]);
        close(fds[1]);
        return -EMFILE;
    }
    return 0;
}

static void vfork_wait(int fd)
{
    char c;

    while (read(fd, &c, 1) < 0 && errno == EINTR) {
        continue;
    }
    close(fd);
}

static int64_t clone_process(UserTask *t, const CloneArgs *ca)
{
    UserProcess *p = t->proc;
    int vfd[2] = { -1, -1 };
    pid_t pid;

    if ((ca->flags & CLONE_VFORK) && vfork_pipe(vfd) < 0) {
        vfd[0] = vfd[1] = -1;      /* run it as a plain fork */
    }
    fork_share_before_fork(t);
    /* No other thread may hold a lock the child needs: take them all. */
    pthread_mutex_lock(&p->lock);
    pthread_mutex_lock(&p->space.lock);
    tb_fork_prepare(p->tbc);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        tb_fork_child(p->tbc, t->cpu);
        fork_share_child(p);
        if (p->perfmap) {
            user_perfmap_fork_child(p);
        }
    } else {
        tb_fork_parent(p->tbc);
    }
    pthread_mutex_unlock(&p->space.lock);
    pthread_mutex_unlock(&p->lock);
    if (pid < 0) {
        int err = errno;
        close(vfd[0]);
        close(vfd[1]);
        return -err;
    }
    if (pid > 0) {
        if (ca->flags & CLONE_PARENT_SETTID) {
            put_guest_u32(t, ca->ptid, pid);
        }
        if (vfd[0] >= 0) {
            close(vfd[1]);
            vfork_wait(vfd[0]);
        }
        return pid;
    }
    /* The child: this thread is the only task left. */
    if (vfd[0] >= 0) {
        close(vfd[0]);
    }
    t->tid = gettid();
    t->next = NULL;
    p->tasks = t;
    p->ntasks = 1;
    if (ca->flags & CLONE_PARENT_SETTID) {
        put_guest_u32(t, ca->ptid, t->tid);
    }
    if (ca->flags & CLONE_CHILD_SETTID) {
        put_guest_u32(t, ca->ctid, t->tid);
    }
    if (ca->flags & CLONE_CHILD_CLEARTID) {
        t->clear_child_tid = ca->ctid;
    }
    if (ca->flags & CLONE_SETTLS) {
        target_cpu_set_tls(t, ca->tls);
    }
    target_cpu_child_return(t->cpu, ca->newsp);
    return SYSCALL_NO_RESULT;
}

static int64_t do_clone(UserTask *t, const CloneArgs *ca)
{
    const uint64_t thread_flags = CLONE_VM | CLONE_THREAD;

    if ((ca->flags & CLONE_THREAD) && !(ca->flags & CLONE_SIGHAND)) {
        return -EINVAL;
    }
    if ((ca->flags & CLONE_SIGHAND) && !(ca->flags & CLONE_VM)) {
        return -EINVAL;
    }
    if ((ca->flags & thread_flags) == thread_flags) {
        return clone_thread(t, ca);
    }
    if (ca->flags & CLONE_VM && !(ca->flags & CLONE_VFORK)) {
        log_mask(&t->proc->log, LOG_UNIMP, "clone: CLONE_VM without CLONE_THREAD (%#llx)\n",
                 (unsigned long long)ca->flags);
        return -EINVAL;
    }
    /* A new process; vfork becomes fork (the parent does not wait). */
    return clone_process(t, ca);
}

/* i386 (CLONE_BACKWARDS): flags, newsp, parent_tid, tls, child_tid. */
int64_t sys_clone(UserTask *t, const uint64_t *a)
{
    CloneArgs ca = { (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[3],
                     (uint32_t)a[4] };

    return do_clone(t, &ca);
}

int64_t sys_fork(UserTask *t, const uint64_t *a)
{
    CloneArgs ca = { SIGCHLD, 0, 0, 0, 0 };

    return do_clone(t, &ca);
}

int64_t sys_vfork(UserTask *t, const uint64_t *a)
{
    CloneArgs ca = { CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0 };

    return do_clone(t, &ca);
}

static int64_t futex_common(UserTask *t, const uint64_t *a, bool t64)
{
    uint64_t uaddr = (uint32_t)a[0], uaddr2 = (uint32_t)a[4];
    int op = sarg(a[1]), cmd = op & FUTEX_CMD_MASK;
    uint32_t val = (uint32_t)a[2], val3 = (uint32_t)a[5];
    struct timespec ts, *tsp = NULL;
    void *h1, *h2 = NULL;
    uintptr_t arg4;

    if ((uaddr & 3) || !(h1 = guest_buf(t, uaddr, 4, PAGE_READ))) {
        return (uaddr & 3) ? -EINVAL : -EFAULT;
    }
    switch (cmd) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        if (a[3]) {
            if (t64 ? get_timespec64(t, a[3], &ts) : get_timespec32(t, a[3], &ts)) {
                return -EFAULT;
            }
            tsp = &ts;
        }
        arg4 = (uintptr_t)tsp;
        break;
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: case FUTEX_WAKE_OP: case FUTEX_CMP_REQUEUE_PI:
        arg4 = (uint32_t)a[3];
        break;
    case FUTEX_WAKE: case FUTEX_WAKE_BITSET: case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
        arg4 = 0;
        break;
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "futex: unsupported op %d\n", op);
        return -ENOSYS;
    }
    if (cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
        cmd == FUTEX_CMP_REQUEUE_PI || cmd == FUTEX_WAIT_REQUEUE_PI) {
        if ((uaddr2 & 3) || !(h2 = guest_buf(t, uaddr2, 4, PAGE_READ))) {
            return (uaddr2 & 3) ? -EINVAL : -EFAULT;
        }
    }
    return safe_syscall(t, SYS_futex, h1, op, val, arg4, h2, val3);
}

int64_t sys_futex(UserTask *t, const uint64_t *a)
{
    return futex_common(t, a, false);
}

int64_t sys_futex_time64(UserTask *t, const uint64_t *a)
{
    return futex_common(t, a, true);
}
