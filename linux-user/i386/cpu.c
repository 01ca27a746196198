/*
 * The i386 side of linux-user: ELF identity and address-space layout, the CPU
 * (creation, thread copies, TLS through set_thread_area descriptors, the LDT
 * of modify_ldt), the guest state in host registers (the x87 unit) for host
 * signal handlers, and the i386 layouts of stat64 and flock64
 * (arch/x86/include/uapi/asm/stat.h).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "linux-user/syscall-common.h"
#include "linux-user/target.h"
#include "target-i386/cpu.h"
#include "target-i386/fpu.h"

const TargetABI target_abi = {
    .name = "i386",
    .uname_machine = "i686",
    .platform = "i686",
    .elf_machine = EM_386,
    .elf_class = ELFCLASS32,
    .elf_et_dyn_base = 0x56555000,
    .stack_top = 0xfffdd000,
    .mmap_base = 0xf7fd0000,
    .fetch_fault_excp = EXCP0E_PAGE,
};

static CPUX86State *env_of(CPUState *cpu)
{
    return cpu->env;
}

CPUState *target_cpu_create(const char *model, char **err)
{
    X86CPU *cpu = x86_cpu_new(model, err);

    return cpu ? &cpu->parent : NULL;
}

void target_cpu_list(FILE *f)
{
    x86_cpu_list(f);
}

void target_cpu_start(CPUState *cpu, uint64_t entry, uint64_t sp)
{
    CPUX86State *env = env_of(cpu);

    /* The ELF ABI: all registers zero (edx = no rtld_fini), esp at argc. */
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_ESP] = (uint32_t)sp;
    env->eip = (uint32_t)entry;
}

CPUState *target_cpu_clone(CPUState *parent, char **err)
{
    X86CPU *cpu = x86_cpu_new(NULL, err);

    if (!cpu) {
        return NULL;
    }
    /* The new thread's x87 state starts as the parent's, from env. */
    x86_fpu_sync(env_of(parent));
    memcpy(&cpu->env, env_of(parent), sizeof(cpu->env));
    return &cpu->parent;
}

void target_cpu_free(CPUState *cpu)
{
    x86_cpu_free((X86CPU *)cpu);
}

void target_cpu_child_return(CPUState *cpu, uint64_t newsp)
{
    CPUX86State *env = env_of(cpu);

    env->regs[R_EAX] = 0;
    if (newsp) {
        env->regs[R_ESP] = (uint32_t)newsp;
    }
}

uint32_t target_hwcap(CPUState *cpu)
{
    return x86_cpu_hwcap(env_of(cpu));
}

uint64_t target_get_pc(CPUState *cpu)
{
    return env_of(cpu)->eip;
}

uint64_t target_get_sp(CPUState *cpu)
{
    return env_of(cpu)->regs[R_ESP];
}

/* struct user_desc flag bits (asm/ldt.h). */
enum {
    UD_SEG_32BIT = 1 << 0,
    UD_CONTENTS_SHIFT = 1,
    UD_READ_EXEC_ONLY = 1 << 3,
    UD_LIMIT_IN_PAGES = 1 << 4,
    UD_SEG_NOT_PRESENT = 1 << 5,
    UD_USEABLE = 1 << 6,
};

static uint64_t desc_from_user(uint32_t base, uint32_t limit, uint32_t fl)
{
    uint32_t lo, hi;

    /* The "empty" descriptor of the ABI clears the entry. */
    if (base == 0 && limit == 0 && (fl & 0x7f) == (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT)) {
        return 0;
    }
    lo = ((base & 0xffff) << 16) | (limit & 0xffff);
    hi = (base & 0xff000000) | ((base >> 16) & 0xff) | (limit & 0xf0000) |
         ((!(fl & UD_READ_EXEC_ONLY)) << 9) | (((fl >> UD_CONTENTS_SHIFT) & 3) << 10) |
         ((!(fl & UD_SEG_NOT_PRESENT)) << 15) | ((fl & UD_SEG_32BIT ? 1u : 0) << 22) |
         ((fl & UD_LIMIT_IN_PAGES ? 1u : 0) << 23) | ((fl & UD_USEABLE ? 1u : 0) << 20) |
         0x7000;
    return (uint64_t)hi << 32 | lo;
}

/* set_thread_area on env: the user_desc at addr (entry -1 = pick a free one). */
static int64_t set_thread_area(UserTask *t, CPUX86State *env, uint64_t addr)
{
    uint32_t ud[4];
    int idx, seg;

    if (copy_from_guest(t, ud, addr, sizeof(ud))) {
        return -EFAULT;
    }
    idx = (int32_t)ud[0];
    if (idx == -1) {
        for (idx = X86_TLS_FIRST_ENTRY; idx < X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES; idx++) {
            if (env->user_gdt[idx] == 0) {
                break;
            }
        }
        if (idx == X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
            return -ESRCH;
        }
        if (put_guest_u32(t, addr, idx)) {
            return -EFAULT;
        }
    }
    if (idx < X86_TLS_FIRST_ENTRY || idx >= X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
        return -EINVAL;
    }
    env->user_gdt[idx] = desc_from_user(ud[1], ud[2], ud[3]);
    /* Segment registers holding this selector see the new descriptor. */
    for (seg = R_ES; seg <= R_GS; seg++) {
        if ((env->segs[seg].selector >> 3) == (uint32_t)idx && (env->segs[seg].selector & 4) == 0) {
            x86_cpu_load_seg(env, seg, env->segs[seg].selector);
        }
    }
    return 0;
}

int target_cpu_set_tls(UserTask *t, uint64_t tls)
{
    return (int)set_thread_area(t, env_of(t->cpu), tls);
}

int64_t sys_set_thread_area(UserTask *t, const uint64_t *a)
{
    return set_thread_area(t, env_of(t->cpu), (uint32_t)a[0]);
}

int64_t sys_get_thread_area(UserTask *t, const uint64_t *a)
{
    CPUX86State *env = env_of(t->cpu);
    uint32_t ud[4], lo, hi;
    uint64_t d;
    uint32_t idx;

    if (get_guest_u32(t, a[0], &idx)) {
        return -EFAULT;
    }
    if (idx < X86_TLS_FIRST_ENTRY || idx >= X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
        return -EINVAL;
    }
    d = env->user_gdt[idx];
    lo = (uint32_t)d;
    hi = (uint32_t)(d >> 32);
    ud[0] = idx;
    ud[1] = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
    ud[2] = (lo & 0xffff) | (hi & 0xf0000);
    ud[3] = ((hi >> 22) & 1) | (((hi >> 10) & 3) << UD_CONTENTS_SHIFT) |
            ((!((hi >> 9) & 1)) << 3) | (((hi >> 23) & 1) << 4) | ((!((hi >> 15) & 1)) << 5) |
            (((hi >> 20) & 1) << 6);
    if (d == 0) {
        ud[3] = UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT;
    }
    return copy_to_guest(t, a[0], ud, sizeof(ud)) ? -EFAULT : 0;
}

/*
 * modify_ldt: the LDT belongs to the process (every thread's copy is
 * written). func 0 reads it (bytecount bytes, zero-filled past the entries;
 * 0 if there has never been one), 2 reads the kernel's default LDT (zeros),
 * 1 and 0x11 write one user_desc (1: the old ABI, no "useable" bit).
 */
#define LDT_READ_MAX (X86_USER_LDT_ENTRIES * 8u)
#define LDT_DEFAULT_SIZE 128u       /* the x86-64 kernel's default LDT read */

static int64_t ldt_read(UserTask *t, uint64_t addr, uint32_t count, bool dflt)
{
    CPUX86State *env = env_of(t->cpu);
    uint8_t *buf;
    int64_t r;

    if (dflt) {
        count = count < LDT_DEFAULT_SIZE ? count : LDT_DEFAULT_SIZE;
    } else if (!t->proc->has_ldt) {
        return 0;
    }
    count = count < LDT_READ_MAX ? count : LDT_READ_MAX;
    buf = calloc(1, count ? count : 1);
    if (!buf) {
        return -ENOMEM;
    }
    if (!dflt) {
        memcpy(buf, env->user_ldt, count);
    }
    r = copy_to_guest(t, addr, buf, count) ? -EFAULT : count;
    free(buf);
    return r;
}

static int64_t ldt_write(UserTask *t, uint64_t addr, uint32_t count, bool oldmode)
{
    UserProcess *p = t->proc;
    uint32_t ud[4], fl, idx;
    uint64_t d;
    int seg;

    if (count != sizeof(ud)) {
        return -EINVAL;
    }
    if (copy_from_guest(t, ud, addr, sizeof(ud))) {
        return -EFAULT;
    }
    idx = ud[0];
    fl = ud[3];
    if (idx >= X86_USER_LDT_ENTRIES) {
        return -EINVAL;
    }
    if (((fl >> UD_CONTENTS_SHIFT) & 3) == 3 && (oldmode || !(fl & UD_SEG_NOT_PRESENT))) {
        return -EINVAL;
    }
    if (oldmode) {
        fl &= ~UD_USEABLE;
    }
    if (oldmode && ud[1] == 0 && ud[2] == 0) {
        d = 0;
    } else {
        d = desc_from_user(ud[1], ud[2], fl);
        if (d) {
            d |= 1ull << 40;        /* accessed, as the kernel writes it */
        }
    }
    pthread_mutex_lock(&p->lock);
    for (UserTask *o = p->tasks; o; o = o->next) {
        env_of(o->cpu)->user_ldt[idx] = d;
    }
    p->has_ldt = true;
    pthread_mutex_unlock(&p->lock);
    /* This thread's segment registers holding the selector see it now. */
    for (seg = R_ES; seg <= R_GS; seg++) {
        uint32_t sel = env_of(t->cpu)->segs[seg].selector;

        if ((sel >> 3) == idx && (sel & 4)) {
            x86_cpu_load_seg(env_of(t->cpu), seg, sel);
        }
    }
    return 0;
}

int64_t sys_modify_ldt(UserTask *t, const uint64_t *a)
{
    switch ((int32_t)a[0]) {
    case 0:
        return ldt_read(t, (uint32_t)a[1], (uint32_t)a[2], false);
    case 2:
        return ldt_read(t, (uint32_t)a[1], (uint32_t)a[2], true);
    case 1:
        return ldt_write(t, (uint32_t)a[1], (uint32_t)a[2], true);
    case 0x11:
        return ldt_write(t, (uint32_t)a[1], (uint32_t)a[2], false);
    default:
        return -ENOSYS;
    }
}

void target_write_cpuinfo(CPUState *cpu, FILE *f)
{
    static const char *const edx_flags[32] = {
        "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
        "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
        "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
    };
    static const char *const ecx_flags[32] = {
        "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
        "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1",
        "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL,
        "avx", "f16c", "rdrand", "hypervisor",
    };
    CPUX86State *env = env_of(cpu);
    char vendor[13];
    int i;

    memcpy(vendor, env->cpuid_vendor, 12);
    vendor[12] = 0;
    fprintf(f, "processor\t: 0\nvendor_id\t: %s\n", vendor);
    fprintf(f, "cpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
            ((env->cpuid_version >> 8) & 0xf) + ((env->cpuid_version >> 20) & 0xff),
            ((env->cpuid_version >> 4) & 0xf) | ((env->cpuid_version >> 12) & 0xf0),
            env->cpuid_model_id, env->cpuid_version & 0xf);
    fprintf(f, "fpu\t\t: %s\nflags\t\t:", env->cpuid_features & 1 ? "yes" : "no");
    for (i = 0; i < 32; i++) {
        if ((env->cpuid_features >> i & 1) && edx_flags[i]) {
            fprintf(f, " %s", edx_flags[i]);
        }
    }
    for (i = 0; i < 32; i++) {
        if ((env->cpuid_ext_features >> i & 1) && ecx_flags[i]) {
            fprintf(f, " %s", ecx_flags[i]);
        }
    }
    fprintf(f, "\nbogomips\t: 1000.00\n\n");
}

/* struct stat64 of i386: 96 bytes, 4-byte aligned. */
int target_put_stat64(UserTask *t, uint64_t addr, const struct stat *st)
{
    uint8_t b[96];
    uint64_t dev = st->st_dev, rdev = st->st_rdev, ino = st->st_ino;
    int64_t size = st->st_size;
    uint64_t blocks = st->st_blocks;
    uint32_t w[] = { (uint32_t)st->st_ino, st->st_mode, (uint32_t)st->st_nlink, st->st_uid,
                     st->st_gid };
    uint32_t times[7] = { (uint32_t)st->st_blksize, 0, 0,
                          (uint32_t)st->st_atim.tv_sec, (uint32_t)st->st_atim.tv_nsec,
                          (uint32_t)st->st_mtim.tv_sec, (uint32_t)st->st_mtim.tv_nsec };
    uint32_t ct[2] = { (uint32_t)st->st_ctim.tv_sec, (uint32_t)st->st_ctim.tv_nsec };

    memset(b, 0, sizeof(b));
    memcpy(b + 0, &dev, 8);
    memcpy(b + 12, w, sizeof(w));
    memcpy(b + 32, &rdev, 8);
    memcpy(b + 44, &size, 8);
    memcpy(b + 52, &times[0], 4);
    memcpy(b + 56, &blocks, 8);
    memcpy(b + 64, &times[3], 16);
    memcpy(b + 80, ct, 8);
    memcpy(b + 88, &ino, 8);
    return copy_to_guest(t, addr, b, sizeof(b));
}

/* struct flock64 of i386: packed, 24 bytes. */
int target_get_flock64(UserTask *t, uint64_t addr, struct flock *fl)
{
    uint8_t b[24];
    int16_t type, whence;
    int64_t start, len;
    int32_t pid;

    if (copy_from_guest(t, b, addr, sizeof(b))) {
        return -EFAULT;
    }
    memcpy(&type, b, 2);
    memcpy(&whence, b + 2, 2);
    memcpy(&start, b + 4, 8);
    memcpy(&len, b + 12, 8);
    memcpy(&pid, b + 20, 4);
    fl->l_type = type;
    fl->l_whence = whence;
    fl->l_start = start;
    fl->l_len = len;
    fl->l_pid = pid;
    return 0;
}

int target_put_flock64(UserTask *t, uint64_t addr, const struct flock *fl)
{
    uint8_t b[24];
    int16_t type = fl->l_type, whence = fl->l_whence;
    int64_t start = fl->l_start, len = fl->l_len;
    int32_t pid = fl->l_pid;

    memcpy(b, &type, 2);
    memcpy(b + 2, &whence, 2);
    memcpy(b + 4, &start, 8);
    memcpy(b + 12, &len, 8);
    memcpy(b + 20, &pid, 4);
    return copy_to_guest(t, addr, b, sizeof(b));
}

/* struct epoll_event is packed on x86: 12 bytes, as on the host. */
size_t target_epoll_event_size(void)
{
    return 12;
}

/* i386 open flags are the x86-64 host's (O_LARGEFILE is 0100000 on both). */
int target_open_flags_to_host(int flags)
{
    return flags;
}

int target_open_flags_from_host(int flags)
{
    return flags;
}

void target_save_host_context(CPUState *cpu, const void *uc)
{
    const ucontext_t *u = uc;

    x86_fpu_capture(env_of(cpu), u->uc_mcontext.fpregs);
}

int target_host_fp_exception(int host_trapno)
{
    /* Host #MF (trap 16) comes from x87 code run as itself (translate-fpu.c). */
    return host_trapno == 16 ? EXCP10_COPR : -1;
}
