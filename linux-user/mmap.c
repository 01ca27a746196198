/*
 * The guest address space: one reserved 4 GiB host range (guest address a is
 * host guest_base + a), a flag byte per guest page, and mmap, munmap,
 * mprotect, mremap and brk with the guest's semantics on top of it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/user.h"

#define MMAP_MIN_ADDR 0x10000ull
#define GUEST_HUGE_MIN (2ull << 20)

static uint64_t page_align_up(uint64_t v)
{
    return (v + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
}

/*
 * The 4 GiB with GUEST_GUARD_SIZE kept inaccessible on both sides: generated
 * code adds a displacement to a 32-bit base in 64 bits (tcg_liveness), and a
 * sum that wraps past either end of guest memory faults there.
 */
int guest_space_init(GuestSpace *gs, Log *log)
{
    size_t size = GUEST_GUARD_SIZE + GUEST_SPACE_SIZE + GUEST_GUARD_SIZE + GUEST_HUGE_MIN;
    void *res = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    /* 2 MiB aligned, so 2 MiB aligned guest ranges can be host huge pages. */
    void *base = (void *)(((uintptr_t)res + GUEST_GUARD_SIZE + GUEST_HUGE_MIN - 1) &
                          ~(uintptr_t)(GUEST_HUGE_MIN - 1));

    if (res == MAP_FAILED) {
        return -errno;
    }
    gs->guest_base = (uintptr_t)base;
    gs->pages = calloc(GUEST_PAGES, 1);
    if (!gs->pages) {
        munmap(res, size);
        return -ENOMEM;
    }
    pthread_mutex_init(&gs->lock, NULL);
    log_mask(log, LOG_PAGE, "guest space: 4 GiB at host %p\n", base);
    return 0;
}

bool guest_range_valid(const GuestSpace *gs, uint64_t addr, uint64_t len)
{
    return addr < GUEST_SPACE_SIZE && len <= GUEST_SPACE_SIZE - addr;
}

bool guest_access_ok(GuestSpace *gs, uint64_t addr, uint64_t len, int prot)
{
    uint64_t p, end;

    if (!guest_range_valid(gs, addr, len)) {
        return false;
    }
    if (len == 0) {
        return true;
    }
    end = (addr + len - 1) / GUEST_PAGE_SIZE;
    for (p = addr / GUEST_PAGE_SIZE; p <= end; p++) {
        int f = gs->pages[p];
        if (!(f & PAGE_VALID) || (f & prot) != prot) {
            return false;
        }
    }
    return true;
}

void guest_set_pages(GuestSpace *gs, uint64_t start, uint64_t len, int flags)
{
    uint64_t first = start / GUEST_PAGE_SIZE;
    uint64_t n = page_align_up(len) / GUEST_PAGE_SIZE;

    if (gs->read_implies_exec && (flags & PAGE_READ)) {
        flags |= PAGE_EXEC;
    }

    memset(gs->pages + first, flags, n);
}

int guest_page_flags(GuestSpace *gs, uint64_t addr)
{
    return addr < GUEST_SPACE_SIZE ? gs->pages[addr / GUEST_PAGE_SIZE] : 0;
}

int guest_page_prot(void *opaque, uint64_t addr)
{
    int f = guest_page_flags(opaque, addr);

    if (!(f & PAGE_VALID)) {
        return -1;
    }
    return (f & PAGE_READ ? PROT_READ : 0) | (f & PAGE_WRITE ? PROT_WRITE : 0) |
           (f & PAGE_EXEC ? PROT_READ | PROT_EXEC : 0);
}

static bool range_free(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    uint64_t p;

    if (!guest_range_valid(gs, addr, len) || addr < MMAP_MIN_ADDR) {
        return false;
    }
    for (p = addr / GUEST_PAGE_SIZE; p < (addr + len) / GUEST_PAGE_SIZE; p++) {
        if (gs->pages[p] & PAGE_VALID) {
            return false;
        }
    }
    return true;
}

static bool range_has_mapping(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    uint64_t p;

    for (p = addr / GUEST_PAGE_SIZE; p < (addr + len) / GUEST_PAGE_SIZE; p++) {
        if (gs->pages[p] & PAGE_VALID) {
            return true;
        }
    }
    return false;
}

/* Highest free run of len bytes ending at or below `below`; 0 if none. */
uint64_t guest_find_free(GuestSpace *gs, uint64_t len, uint64_t below)
{
    uint64_t npages = len / GUEST_PAGE_SIZE;
    uint64_t top = below / GUEST_PAGE_SIZE;
    uint64_t run = 0;
    uint64_t p;

    for (p = top; p-- > MMAP_MIN_ADDR / GUEST_PAGE_SIZE;) {
        if (gs->pages[p] & PAGE_VALID) {
            run = 0;
            continue;
        }
        if (++run == npages) {
            return p * GUEST_PAGE_SIZE;
        }
    }
    return 0;
}

/* Give [addr, addr+len) back to the reservation (inaccessible). */
static int reserve_again(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    void *r = mmap(g2h(gs, addr), len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    return r == MAP_FAILED ? -errno : 0;
}

static int host_prot(int prot)
{
    int hp = prot & (PROT_READ | PROT_WRITE);

    if (prot & PROT_EXEC) {
        hp |= PROT_READ;    /* the translator reads guest code */
    }
    return hp;
}

static int page_flags_of(int prot)
{
    return PAGE_VALID | (prot & PROT_READ ? PAGE_READ : 0) | (prot & PROT_WRITE ? PAGE_WRITE : 0) |
           (prot & PROT_EXEC ? PAGE_EXEC : 0);
}

int64_t guest_mmap(UserProcess *p, uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, uint64_t offset)
{
    GuestSpace *gs = &p->space;
    int hflags = flags & ~(MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_GROWSDOWN | MAP_32BIT);
    bool replaced = false;
    void *r;

    if (len == 0 || (offset & (GUEST_PAGE_SIZE - 1))) {
        return -EINVAL;
    }
    if (!(flags & (MAP_SHARED | MAP_PRIVATE | MAP_SHARED_VALIDATE))) {
        return -EINVAL;
    }
    len = page_align_up(len);
    if (len == 0 || len > GUEST_SPACE_SIZE) {
        return -ENOMEM;
    }
    pthread_mutex_lock(&gs->lock);
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if ((addr & (GUEST_PAGE_SIZE - 1)) || !guest_range_valid(gs, addr, len)) {
            pthread_mutex_unlock(&gs->lock);
            return -EINVAL;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
            range_has_mapping(gs, addr, len)) {
            pthread_mutex_unlock(&gs->lock);
            return -EEXIST;
        }
        replaced = range_has_mapping(gs, addr, len);
    } else {
        addr &= GUEST_PAGE_MASK;
        if (!addr || !range_free(gs, addr, len)) {
            addr = guest_find_free(gs, len, gs->mmap_base);
            if (!addr) {
                addr = guest_find_free(gs, len, GUEST_SPACE_SIZE);
            }
            if (!addr) {
                pthread_mutex_unlock(&gs->lock);
                return -ENOMEM;
            }
        }
    }
    r = mmap(g2h(gs, addr), len, host_prot(prot), hflags | MAP_FIXED, fd, offset);
    if (r == MAP_FAILED) {
        int err = errno;
        pthread_mutex_unlock(&gs->lock);
        return -err;
    }
    if ((flags & MAP_ANONYMOUS) && (flags & MAP_PRIVATE) && len >= GUEST_HUGE_MIN) {
        /* Big anonymous memory (malloc's large blocks, arenas): 2 MiB host
         * pages where the kernel allows, far fewer TLB misses (THP in
         * madvise mode; guest_base is 2 MiB aligned). */
        madvise(r, len, MADV_HUGEPAGE);
    }
    guest_set_pages(gs, addr, len, page_flags_of(prot));
    pthread_mutex_unlock(&gs->lock);
    if (replaced) {
        tb_invalidate_range(p->tbc, addr, addr + len);
    }
    log_mask(&p->log, LOG_PAGE, "mmap %#llx-%#llx prot %d flags %#x fd %d\n",
             (unsigned long long)addr, (unsigned long long)(addr + len), prot, flags, fd);
    return addr;
}

int64_t guest_munmap(UserProcess *p, uint64_t addr, uint64_t len)
{
    GuestSpace *gs = &p->space;
    int r;

    if ((addr & (GUEST_PAGE_SIZE - 1)) || len == 0) {
        return -EINVAL;
    }
    len = page_align_up(len);
    if (!guest_range_valid(gs, addr, len)) {
        return -EINVAL;
    }
    pthread_mutex_lock(&gs->lock);
    r = reserve_again(gs, addr, len);
    if (r == 0) {
        guest_set_pages(gs, addr, len, 0);
    }
    pthread_mutex_unlock(&gs->lock);
    tb_invalidate_range(p->tbc, addr, addr + len);
    log_mask(&p->log, LOG_PAGE, "munmap %#llx-%#llx\n", (unsigned long long)addr,
             (unsigned long long)(addr + len));
    return r;
}

int64_t guest_mprotect(UserProcess *p, uint64_t addr, uint64_t len, int prot)
{
    GuestSpace *gs = &p->space;
    uint64_t pg;

    if (addr & (GUEST_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    len = page_align_up(len);
    if (!guest_range_valid(gs, addr, len)) {
        return -ENOMEM;
    }
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) {
        return -EINVAL;
    }
    /* On the stack, PROT_GROWSDOWN extends the change down to its bottom
     * (glibc makes the stack executable that way for execstack libraries). */
    if ((prot & PROT_GROWSDOWN) && addr >= p->image.stack_limit && addr < gs->stack_top) {
        len += addr - p->image.stack_limit;
        addr = p->image.stack_limit;
    }
    prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
    pthread_mutex_lock(&gs->lock);
    for (pg = addr; pg < addr + len; pg += GUEST_PAGE_SIZE) {
        if (!(gs->pages[pg / GUEST_PAGE_SIZE] & PAGE_VALID)) {
            pthread_mutex_unlock(&gs->lock);
            return -ENOMEM;
        }
    }
    /* Drop translations first: exec/ may hold these pages write-protected. */
    tb_invalidate_range(p->tbc, addr, addr + len);
    if (mprotect(g2h(gs, addr), len, host_prot(prot)) != 0) {
        int err = errno;
        pthread_mutex_unlock(&gs->lock);
        return -err;
    }
    guest_set_pages(gs, addr, len, page_flags_of(prot));
    pthread_mutex_unlock(&gs->lock);
    return 0;
}

/* Move the host mapping at from (old_len) to to, grown to new_len. */
static int move_mapping(GuestSpace *gs, uint64_t from, uint64_t old_len, uint64_t new_len,
                        uint64_t to)
{
    void *r = mremap(g2h(gs, from), old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED,
                     g2h(gs, to));
    if (r == MAP_FAILED) {
        return -errno;
    }
    return reserve_again(gs, from, old_len);
}

int64_t guest_mremap(UserProcess *p, uint64_t old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, uint64_t new_addr)
{
    GuestSpace *gs = &p->space;
    uint64_t target;
    int pflags, r;

    if ((old_addr & (GUEST_PAGE_SIZE - 1)) || new_len == 0 ||
        (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))) {
        return -EINVAL;
    }
    old_len = page_align_up(old_len);
    new_len = page_align_up(new_len);
    if (!guest_range_valid(gs, old_addr, old_len) || !guest_range_valid(gs, old_addr, 1)) {
        return -EFAULT;
    }
    if (old_len == 0 || !guest_access_ok(gs, old_addr, old_len, 0)) {
        return -EFAULT;
    }
    if (new_len <= old_len && !(flags & MREMAP_FIXED)) {
        if (new_len < old_len) {
            guest_munmap(p, old_addr + new_len, old_len - new_len);
        }
        return old_addr;
    }
    pthread_mutex_lock(&gs->lock);
    pflags = gs->pages[old_addr / GUEST_PAGE_SIZE];
    if (flags & MREMAP_FIXED) {
        if (!(flags & MREMAP_MAYMOVE) || (new_addr & (GUEST_PAGE_SIZE - 1)) ||
            !guest_range_valid(gs, new_addr, new_len)) {
            pthread_mutex_unlock(&gs->lock);
            return -EINVAL;
        }
        target = new_addr;
    } else if (range_free(gs, old_addr + old_len, new_len - old_len)) {
        target = old_addr;
    } else if (flags & MREMAP_MAYMOVE) {
        target = guest_find_free(gs, new_len, gs->mmap_base);
        if (!target) {
            pthread_mutex_unlock(&gs->lock);
            return -ENOMEM;
        }
    } else {
        pthread_mutex_unlock(&gs->lock);
        return -ENOMEM;
    }
    if (target == old_addr) {
        /* Grow in place: move to a free area grown, then back over the
         * reservation that followed the old mapping. */
        uint64_t tmp = guest_find_free(gs, new_len, gs->mmap_base);
        r = tmp ? move_mapping(gs, old_addr, old_len, new_len, tmp) : -ENOMEM;
        if (r == 0) {
            r = move_mapping(gs, tmp, new_len, new_len, old_addr);
        }
    } else {
        r = move_mapping(gs, old_addr, old_len, new_len, target);
        if (r == 0) {
            guest_set_pages(gs, old_addr, old_len, 0);
        }
    }
    if (r == 0) {
        guest_set_pages(gs, target, new_len, pflags);
    }
    pthread_mutex_unlock(&gs->lock);
    tb_invalidate_range(p->tbc, old_addr, old_addr + old_len);
    if (r == 0 && target != old_addr) {
        tb_invalidate_range(p->tbc, target, target + new_len);
    }
    return r ? r : (int64_t)target;
}

int64_t guest_brk(UserProcess *p, uint64_t new_brk)
{
    GuestSpace *gs = &p->space;
    uint64_t new_end;

    pthread_mutex_lock(&gs->lock);
    if (new_brk < gs->brk_start || new_brk >= GUEST_SPACE_SIZE) {
        pthread_mutex_unlock(&gs->lock);
        return gs->brk_cur;
    }
    new_end = page_align_up(new_brk);
    if (new_end > gs->brk_mapped_end) {
        uint64_t grow = new_end - gs->brk_mapped_end;
        void *r;

        if (!range_free(gs, gs->brk_mapped_end, grow)) {
            pthread_mutex_unlock(&gs->lock);
            return gs->brk_cur;
        }
        r = mmap(g2h(gs, gs->brk_mapped_end), grow, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r == MAP_FAILED) {
            pthread_mutex_unlock(&gs->lock);
            return gs->brk_cur;
        }
        guest_set_pages(gs, gs->brk_mapped_end, grow, PAGE_VALID | PAGE_READ | PAGE_WRITE);
        gs->brk_mapped_end = new_end;
    } else if (new_end < gs->brk_mapped_end) {
        uint64_t shrink = gs->brk_mapped_end - new_end;

        if (reserve_again(gs, new_end, shrink) == 0) {
            guest_set_pages(gs, new_end, shrink, 0);
            gs->brk_mapped_end = new_end;
        }
    }
    gs->brk_cur = new_brk;
    pthread_mutex_unlock(&gs->lock);
    return new_brk;
}

/* ---- copies between the host and the guest ---- */

int copy_from_guest(UserTask *t, void *dst, uint64_t src, size_t len)
{
    GuestSpace *gs = &t->proc->space;

    if (!guest_access_ok(gs, src, len, PAGE_READ)) {
        return -EFAULT;
    }
    memcpy(dst, g2h(gs, src), len);
    return 0;
}

int copy_to_guest(UserTask *t, uint64_t dst, const void *src, size_t len)
{
    GuestSpace *gs = &t->proc->space;

    if (!guest_access_ok(gs, dst, len, PAGE_WRITE)) {
        return -EFAULT;
    }
    memcpy(g2h(gs, dst), src, len);
    return 0;
}

void *guest_buf(UserTask *t, uint64_t addr, uint64_t len, int prot)
{
    GuestSpace *gs = &t->proc->space;

    if (!guest_access_ok(gs, addr, len, prot)) {
        return NULL;
    }
    /* The host kernel will write there: drop translated code, unprotect. */
    if ((prot & PAGE_WRITE) && len) {
        tb_invalidate_range(t->proc->tbc, addr, addr + len);
    }
    return g2h(gs, addr);
}

char *guest_strdup(UserTask *t, uint64_t addr)
{
    GuestSpace *gs = &t->proc->space;
    uint64_t a = addr;

    for (;;) {
        const char *h;
        uint64_t page_end;

        if (!guest_access_ok(gs, a, 1, PAGE_READ)) {
            return NULL;
        }
        page_end = (a | (GUEST_PAGE_SIZE - 1)) + 1;
        h = g2h(gs, a);
        if (memchr(h, 0, page_end - a)) {
            return strdup(g2h(gs, addr));
        }
        a = page_end;
    }
}

int get_guest_u32(UserTask *t, uint64_t addr, uint32_t *v)
{
    return copy_from_guest(t, v, addr, 4);
}

int put_guest_u32(UserTask *t, uint64_t addr, uint32_t v)
{
    return copy_to_guest(t, addr, &v, 4);
}

int get_guest_u64(UserTask *t, uint64_t addr, uint64_t *v)
{
    return copy_from_guest(t, v, addr, 8);
}

int put_guest_u64(UserTask *t, uint64_t addr, uint64_t v)
{
    return copy_to_guest(t, addr, &v, 8);
}

bool guest_unprotect_range(UserTask *t, uint64_t addr, uint64_t len)
{
    GuestSpace *gs = &t->proc->space;
    bool any = false;
    uint64_t pg;

    if (!guest_range_valid(gs, addr, len) || len == 0) {
        return false;
    }
    for (pg = addr & GUEST_PAGE_MASK; pg < addr + len; pg += GUEST_PAGE_SIZE) {
        if (guest_page_flags(gs, pg) & PAGE_WRITE) {
            any |= tb_handle_code_write_fault(t->proc->tbc, pg);
        }
    }
    return any;
}
