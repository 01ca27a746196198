/*
 * Memory system calls: brk, mmap (old and mmap2), munmap, mprotect, mremap,
 * madvise and friends, all on the guest address space of mmap.c.
 */
#include <errno.h>
#include <sys/mman.h>

#include "linux-user/syscall-common.h"

int64_t sys_brk(UserTask *t, const uint64_t *a)
{
    return guest_brk(t->proc, (uint32_t)a[0]);
}

int64_t sys_mmap2(UserTask *t, const uint64_t *a)
{
    return guest_mmap(t->proc, (uint32_t)a[0], (uint32_t)a[1], sarg(a[2]), sarg(a[3]),
                      sarg(a[4]), (uint64_t)(uint32_t)a[5] * GUEST_PAGE_SIZE);
}

/* The old mmap: one pointer to six words. */
int64_t sys_mmap(UserTask *t, const uint64_t *a)
{
    uint32_t v[6];

    if (copy_from_guest(t, v, a[0], sizeof(v))) {
        return -EFAULT;
    }
    return guest_mmap(t->proc, v[0], v[1], (int)v[2], (int)v[3], (int)v[4], v[5]);
}

int64_t sys_munmap(UserTask *t, const uint64_t *a)
{
    return guest_munmap(t->proc, (uint32_t)a[0], (uint32_t)a[1]);
}

int64_t sys_mprotect(UserTask *t, const uint64_t *a)
{
    return guest_mprotect(t->proc, (uint32_t)a[0], (uint32_t)a[1], sarg(a[2]));
}

int64_t sys_mremap(UserTask *t, const uint64_t *a)
{
    return guest_mremap(t->proc, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2], sarg(a[3]),
                        (uint32_t)a[4]);
}

static void *mapped_range(UserTask *t, uint64_t addr, uint64_t len)
{
    if ((addr & (GUEST_PAGE_SIZE - 1)) || !guest_access_ok(&t->proc->space, addr, len, 0)) {
        return NULL;
    }
    return g2h(&t->proc->space, addr);
}

int64_t sys_madvise(UserTask *t, const uint64_t *a)
{
    uint64_t len = ((uint32_t)a[1] + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    int advice = sarg(a[2]);
    void *h = mapped_range(t, (uint32_t)a[0], len);

    if (!h) {
        return (a[0] & (GUEST_PAGE_SIZE - 1)) ? -EINVAL : -ENOMEM;
    }
    switch (advice) {
    case MADV_DONTNEED:
        /* Private anonymous pages read back as zero afterwards: keep that. */
        return host_ret(madvise(h, len, MADV_DONTNEED));
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK: case MADV_MERGEABLE:
    case MADV_UNMERGEABLE: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP:
    case MADV_DODUMP: case MADV_COLD: case MADV_PAGEOUT:
        return host_ret(madvise(h, len, advice));
    default:
        return -EINVAL;
    }
}

int64_t sys_msync(UserTask *t, const uint64_t *a)
{
    void *h = mapped_range(t, (uint32_t)a[0], (uint32_t)a[1]);

    return h ? host_ret(msync(h, (uint32_t)a[1], sarg(a[2]))) : -ENOMEM;
}

int64_t sys_mlock(UserTask *t, const uint64_t *a)
{
    if (!guest_access_ok(&t->proc->space, (uint32_t)a[0], (uint32_t)a[1], 0)) {
        return -ENOMEM;
    }
    return host_ret(mlock(g2h(&t->proc->space, (uint32_t)a[0]), (uint32_t)a[1]));
}

int64_t sys_munlock(UserTask *t, const uint64_t *a)
{
    if (!guest_access_ok(&t->proc->space, (uint32_t)a[0], (uint32_t)a[1], 0)) {
        return -ENOMEM;
    }
    return host_ret(munlock(g2h(&t->proc->space, (uint32_t)a[0]), (uint32_t)a[1]));
}

int64_t sys_mincore(UserTask *t, const uint64_t *a)
{
    uint64_t len = ((uint32_t)a[1] + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    void *h = mapped_range(t, (uint32_t)a[0], len);
    void *vec = guest_buf(t, a[2], len / GUEST_PAGE_SIZE, PAGE_WRITE);

    if (!h) {
        return -ENOMEM;
    }
    if (!vec) {
        return -EFAULT;
    }
    return host_ret(mincore(h, len, vec));
}
