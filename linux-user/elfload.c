/*
 * ELF loader for user mode (System V ABI, ELF32 little-endian): maps the
 * program's PT_LOAD segments and its PT_INTERP (resolved inside the sysroot),
 * then builds the initial stack: argc, argv, envp and the auxiliary vector.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "linux-user/target.h"
#include "linux-user/user.h"

#define MAX_PHNUM 64
#define DEFAULT_STACK_SIZE (8ull << 20)

typedef struct LoadedElf {
    uint64_t bias, entry, phdr, phnum, lo, hi;
    uint64_t start_code, end_code, start_data, end_data;
    bool exec_stack;              /* PT_GNU_STACK asks for an executable stack */
    char interp[PATH_MAX];
} LoadedElf;

static int load_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *machine_name(int m)
{
    switch (m) {
    case EM_386: return "i386";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "ARM";
    case EM_AARCH64: return "AArch64";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC64";
    case EM_MIPS: return "MIPS";
    case EM_RISCV: return "RISC-V";
    default: return "another CPU";
    }
}

static int check_header(const Elf32_Ehdr *eh, const Elf64_Ehdr *e64, ssize_t n,
                        const char *path, char *err, size_t errlen)
{
    if (n < (ssize_t)EI_NIDENT || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0) {
        return load_error(err, errlen, "%s: not an ELF executable", path);
    }
    if (eh->e_ident[EI_CLASS] != target_abi.elf_class || n < (ssize_t)sizeof(*eh)) {
        int m = eh->e_ident[EI_CLASS] == ELFCLASS64 ? e64->e_machine : eh->e_machine;
        return load_error(err, errlen, "%s: ELF %d-bit for %s; emu-%s runs 32-bit %s programs",
                          path, eh->e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32,
                          machine_name(m), target_abi.name, target_abi.name);
    }
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        return load_error(err, errlen, "%s: big-endian ELF; emu-%s expects little-endian",
                          path, target_abi.name);
    }
    if (eh->e_machine != target_abi.elf_machine) {
        return load_error(err, errlen, "%s: ELF for %s; emu-%s runs %s programs", path,
                          machine_name(eh->e_machine), target_abi.name, target_abi.name);
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
        return load_error(err, errlen, "%s: not an executable ELF (type %d)", path,
                          eh->e_type);
    }
    if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > MAX_PHNUM) {
        return load_error(err, errlen, "%s: bad program headers", path);
    }
    return 0;
}

/* Map one PT_LOAD segment of fd at bias; zero its bss. */
static int map_segment(UserProcess *p, int fd, const Elf32_Phdr *ph, uint64_t bias)
{
    GuestSpace *gs = &p->space;
    int prot = (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
               (ph->p_flags & PF_X ? PROT_EXEC : 0);
    uint64_t vaddr = bias + ph->p_vaddr;
    uint64_t start = vaddr & GUEST_PAGE_MASK;
    uint64_t file_end = vaddr + ph->p_filesz;
    uint64_t mem_end = vaddr + ph->p_memsz;
    uint64_t file_map_end = (file_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    uint64_t mem_map_end = (mem_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    int64_t r;

    if (ph->p_filesz) {
        r = guest_mmap(p, start, file_map_end - start, prot | PROT_WRITE,
                       MAP_PRIVATE | MAP_FIXED, fd, ph->p_offset & ~(uint64_t)0xfff);
        if (r < 0) {
            return (int)r;
        }
        if (mem_end > file_end && (file_end & (GUEST_PAGE_SIZE - 1))) {
            memset(g2h(gs, file_end), 0, file_map_end - file_end);
        }
        r = guest_mprotect(p, start, file_map_end - start, prot);
        if (r < 0) {
            return (int)r;
        }
    } else {
        file_map_end = start;
    }
    if (mem_map_end > file_map_end) {
        r = guest_mmap(p, file_map_end, mem_map_end - file_map_end, prot,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r < 0) {
            return (int)r;
        }
    }
    return 0;
}

static int load_elf(UserProcess *p, const char *path, bool is_interp, LoadedElf *le,
                    char *err, size_t errlen)
{
    union {
        Elf32_Ehdr e32;
        Elf64_Ehdr e64;
    } hdr;
    Elf32_Ehdr eh;
    Elf32_Phdr ph[MAX_PHNUM];
    uint64_t lo = UINT64_MAX, hi = 0, align = GUEST_PAGE_SIZE;
    bool has_gnu_stack = false;
    int64_t maddr;
    ssize_t n;
    int fd, i, r;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return load_error(err, errlen, "%s: %s", path, strerror(errno));
    }
    memset(&hdr, 0, sizeof(hdr));
    n = pread(fd, &hdr, sizeof(hdr), 0);
    if (n < 0) {
        r = load_error(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    eh = hdr.e32;
    if (check_header(&hdr.e32, &hdr.e64, n, path, err, errlen) < 0) {
        r = -1;
        goto out;
    }
    n = pread(fd, ph, eh.e_phnum * sizeof(Elf32_Phdr), eh.e_phoff);
    if (n != (ssize_t)(eh.e_phnum * sizeof(Elf32_Phdr))) {
        r = load_error(err, errlen, "%s: truncated program headers", path);
        goto out;
    }
    memset(le, 0, sizeof(*le));
    le->start_code = UINT64_MAX;
    le->start_data = UINT64_MAX;
    for (i = 0; i < eh.e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD) {
            if (ph[i].p_filesz > ph[i].p_memsz ||
                (ph[i].p_vaddr & 0xfff) != (ph[i].p_offset & 0xfff)) {
                r = load_error(err, errlen, "%s: bad PT_LOAD segment", path);
                goto out;
            }
            lo = ph[i].p_vaddr < lo ? ph[i].p_vaddr : lo;
            if ((uint64_t)ph[i].p_vaddr + ph[i].p_memsz > hi) {
                hi = (uint64_t)ph[i].p_vaddr + ph[i].p_memsz;
            }
            if (ph[i].p_align > align && ph[i].p_align <= (1u << 22)) {
                align = ph[i].p_align;
            }
        } else if (ph[i].p_type == PT_INTERP && !is_interp) {
            if (ph[i].p_filesz == 0 || ph[i].p_filesz >= sizeof(le->interp) ||
                pread(fd, le->interp, ph[i].p_filesz, ph[i].p_offset) !=
                    (ssize_t)ph[i].p_filesz) {
                r = load_error(err, errlen, "%s: bad PT_INTERP", path);
                goto out;
            }
            le->interp[ph[i].p_filesz] = 0;
        } else if (ph[i].p_type == PT_GNU_STACK) {
            has_gnu_stack = true;
            le->exec_stack = (ph[i].p_flags & PF_X) != 0;
        }
    }
    /* The kernel (x86-64, 32-bit task) decides from the program alone. */
    if (!is_interp && !has_gnu_stack) {
        p->space.read_implies_exec = true;
    }
    if (hi == 0 || hi > GUEST_SPACE_SIZE) {
        r = load_error(err, errlen, "%s: no loadable segment in the 32-bit space", path);
        goto out;
    }
    lo &= GUEST_PAGE_MASK;
    if (eh.e_type == ET_DYN) {
        uint64_t base, span = ((hi - lo) + align - 1) & ~(align - 1);

        if (is_interp) {
            base = guest_find_free(&p->space, span + align, p->space.mmap_base);
        } else {
            base = target_abi.elf_et_dyn_base;
        }
        base = (base + align - 1) & ~(align - 1);
        if (!base) {
            r = load_error(err, errlen, "%s: no room in the guest address space", path);
            goto out;
        }
        le->bias = base - lo;
    }
    /* Reserve the whole image so nothing lands between its segments. */
    maddr = guest_mmap(p, le->bias + lo, hi - lo, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (maddr < 0) {
        r = (int)maddr;
        r = load_error(err, errlen, "%s: cannot map at %#llx: %s", path,
                       (unsigned long long)(le->bias + lo), strerror(-r));
        goto out;
    }
    for (i = 0; i < eh.e_phnum; i++) {
        uint64_t a;

        if (ph[i].p_type == PT_PHDR) {
            le->phdr = le->bias + ph[i].p_vaddr;
        }
        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        r = map_segment(p, fd, &ph[i], le->bias);
        if (r < 0) {
            r = load_error(err, errlen, "%s: cannot map segment: %s", path, strerror(-r));
            goto out;
        }
        a = le->bias + ph[i].p_vaddr;
        if (!le->phdr && eh.e_phoff >= ph[i].p_offset &&
            eh.e_phoff < ph[i].p_offset + ph[i].p_filesz) {
            le->phdr = a + (eh.e_phoff - ph[i].p_offset);
        }
        if (ph[i].p_flags & PF_X) {
            le->start_code = a < le->start_code ? a : le->start_code;
            le->end_code = a + ph[i].p_filesz > le->end_code ? a + ph[i].p_filesz : le->end_code;
        } else {
            le->start_data = a < le->start_data ? a : le->start_data;
            le->end_data = a + ph[i].p_filesz > le->end_data ? a + ph[i].p_filesz : le->end_data;
        }
    }
    le->entry = le->bias + eh.e_entry;
    le->phnum = eh.e_phnum;
    le->lo = le->bias + lo;
    le->hi = le->bias + hi;
    r = 0;
out:
    close(fd);
    return r;
}

/* The stack under construction: strings are pushed down from the top. */
typedef struct StackBuilder {
    GuestSpace *gs;
    uint64_t sp;
} StackBuilder;

static uint64_t push_bytes(StackBuilder *sb, const void *data, size_t len)
{
    sb->sp -= len;
    memcpy(g2h(sb->gs, sb->sp), data, len);
    return sb->sp;
}

static uint64_t push_string(StackBuilder *sb, const char *s)
{
    return push_bytes(sb, s, strlen(s) + 1);
}

static int count_strings(char **v)
{
    int n = 0;

    while (v && v[n]) {
        n++;
    }
    return n;
}

static void put_word(GuestSpace *gs, uint64_t *cursor, uint32_t v)
{
    memcpy(g2h(gs, *cursor), &v, 4);
    *cursor += 4;
}

static int build_stack(UserProcess *p, const LoadedElf *prog, const LoadedElf *interp,
                       char **argv, char **envp, uint32_t hwcap, const char *execfn,
                       uint64_t *sp_out, char *err, size_t errlen)
{
    GuestSpace *gs = &p->space;
    ImageInfo *ii = &p->image;
    uint64_t size = p->cfg->stack_size ? p->cfg->stack_size : DEFAULT_STACK_SIZE;
    int argc = count_strings(argv), envc = count_strings(envp);
    uint64_t *argp, *envpp, execfn_addr, platform_addr, random_addr, bottom, cursor;
    uint8_t rnd[16];
    StackBuilder sb;
    int64_t r;
    int i, nwords;

    size = (size + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    bottom = gs->stack_top - size;
    r = guest_mmap(p, bottom, size, PROT_READ | PROT_WRITE | (prog->exec_stack ? PROT_EXEC : 0),
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0) {
        return load_error(err, errlen, "cannot map the stack: %s", strerror((int)-r));
    }
    ii->stack_limit = bottom;
    sb.gs = gs;
    sb.sp = gs->stack_top - 4;     /* a zero word marks the end */
    argp = calloc(argc + 1, sizeof(*argp));
    envpp = calloc(envc + 1, sizeof(*envpp));
    if (!argp || !envpp) {
        free(argp);
        free(envpp);
        return load_error(err, errlen, "out of memory");
    }
    execfn_addr = push_string(&sb, execfn);
    ii->env_end = sb.sp;
    for (i = envc - 1; i >= 0; i--) {
        envpp[i] = push_string(&sb, envp[i]);
    }
    ii->env_start = sb.sp;
    ii->arg_end = sb.sp;
    for (i = argc - 1; i >= 0; i--) {
        argp[i] = push_string(&sb, argv[i]);
    }
    ii->arg_start = sb.sp;
    platform_addr = push_string(&sb, target_abi.platform);
    if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
        memset(rnd, 0x5a, sizeof(rnd));
    }
    sb.sp &= ~(uint64_t)15;
    random_addr = push_bytes(&sb, rnd, sizeof(rnd));

    /* argc, argv[], NULL, envp[], NULL, auxv pairs: 2 words each. */
    nwords = 1 + argc + 1 + envc + 1 + 2 * 20;
    sb.sp = (sb.sp - nwords * 4) & ~(uint64_t)15;
    if (sb.sp < bottom + GUEST_PAGE_SIZE) {
        free(argp);
        free(envpp);
        return load_error(err, errlen, "arguments and environment do not fit on the stack");
    }
    cursor = sb.sp;
    put_word(gs, &cursor, argc);
    for (i = 0; i < argc; i++) {
        put_word(gs, &cursor, (uint32_t)argp[i]);
    }
    put_word(gs, &cursor, 0);
    for (i = 0; i < envc; i++) {
        put_word(gs, &cursor, (uint32_t)envpp[i]);
    }
    put_word(gs, &cursor, 0);
    free(argp);
    free(envpp);

    ii->auxv = cursor;
    {
        const uint32_t aux[][2] = {
            { AT_PHDR, (uint32_t)prog->phdr },
            { AT_PHENT, sizeof(Elf32_Phdr) },
            { AT_PHNUM, (uint32_t)prog->phnum },
            { AT_PAGESZ, GUEST_PAGE_SIZE },
            { AT_BASE, interp ? (uint32_t)interp->bias : 0 },
            { AT_FLAGS, 0 },
            { AT_ENTRY, (uint32_t)prog->entry },
            { AT_UID, getuid() },
            { AT_EUID, geteuid() },
            { AT_GID, getgid() },
            { AT_EGID, getegid() },
            { AT_SECURE, 0 },
            { AT_HWCAP, hwcap },
            { AT_HWCAP2, 0 },
            { AT_CLKTCK, (uint32_t)sysconf(_SC_CLK_TCK) },
            { AT_RANDOM, (uint32_t)random_addr },
            { AT_EXECFN, (uint32_t)execfn_addr },
            { AT_PLATFORM, (uint32_t)platform_addr },
            { AT_MINSIGSTKSZ, 2048 },
            { AT_NULL, 0 },
        };
        for (i = 0; i < (int)(sizeof(aux) / sizeof(aux[0])); i++) {
            put_word(gs, &cursor, aux[i][0]);
            put_word(gs, &cursor, aux[i][1]);
        }
    }
    ii->auxv_len = cursor - ii->auxv;
    ii->start_stack = sb.sp;
    *sp_out = sb.sp;
    return 0;
}

int elf_load_program(UserProcess *p, const char *path, char **argv, char **envp,
                     uint32_t hwcap, uint64_t *entry_out, uint64_t *sp_out,
                     char *err, size_t errlen)
{
    ImageInfo *ii = &p->image;
    LoadedElf prog, interp;
    bool has_interp;
    uint64_t brk;

    if (!realpath(path, ii->exe_path)) {
        return load_error(err, errlen, "%s: %s", path, strerror(errno));
    }
    p->space.stack_top = target_abi.stack_top;
    p->space.mmap_base = target_abi.mmap_base;
    if (load_elf(p, ii->exe_path, false, &prog, err, errlen) < 0) {
        /* Report the path the user gave, not the resolved one. */
        const char *colon = strstr(err, ": ");
        if (colon) {
            char tmp[512];
            snprintf(tmp, sizeof(tmp), "%s%s", path, colon);
            snprintf(err, errlen, "%s", tmp);
        }
        return -1;
    }
    has_interp = prog.interp[0] != 0;
    if (has_interp) {
        char buf[PATH_MAX];
        const char *ipath = user_path(p, prog.interp, buf, sizeof(buf));

        if (load_elf(p, ipath, true, &interp, err, errlen) < 0) {
            if (access(ipath, F_OK) != 0) {
                snprintf(err, errlen, "%s: interpreter %s not found%s", path, prog.interp,
                         p->cfg->sysroot ? " in the sysroot" : " (use -L sysroot)");
            }
            return -1;
        }
    }
    ii->load_bias = prog.bias;
    ii->entry = prog.entry;
    ii->phdr = prog.phdr;
    ii->phnum = prog.phnum;
    ii->phent = sizeof(Elf32_Phdr);
    ii->interp_base = has_interp ? interp.bias : 0;
    ii->interp_entry = has_interp ? interp.entry : 0;
    ii->start_code = prog.start_code;
    ii->end_code = prog.end_code;
    ii->start_data = prog.start_data;
    ii->end_data = prog.end_data;
    brk = (prog.hi + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    ii->start_brk = brk;
    p->space.brk_start = brk;
    p->space.brk_cur = brk;
    p->space.brk_mapped_end = brk;
    if (build_stack(p, &prog, has_interp ? &interp : NULL, argv, envp, hwcap, path, sp_out,
                    err, errlen) < 0) {
        return -1;
    }
    *entry_out = has_interp ? interp.entry : prog.entry;
    return 0;
}
