/*
 * Linux user-mode emulation: the process (shared by all guest threads) and the
 * task (one guest thread on one host thread), and the services the common
 * linux-user files offer each other. Guest addresses are uint64_t here.
 */
#ifndef LINUX_USER_USER_H
#define LINUX_USER_USER_H

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "exec/cpu.h"
#include "exec/tb.h"
#include "util/log.h"

#define GUEST_PAGE_SIZE 4096u
#define GUEST_PAGE_MASK (~(uint64_t)(GUEST_PAGE_SIZE - 1))
#define GUEST_SPACE_SIZE (1ull << 32)
/* Inaccessible host range on each side of guest memory (mmap.c). */
#define GUEST_GUARD_SIZE (2ull << 30)
#define GUEST_PAGES (GUEST_SPACE_SIZE / GUEST_PAGE_SIZE)
#define TARGET_NSIG 64

/* Page flags of the guest address space (one byte per guest page). */
enum {
    PAGE_READ = 1,
    PAGE_WRITE = 2,
    PAGE_EXEC = 4,
    PAGE_VALID = 8,
};

/* The command line, parsed. */
typedef struct UserConfig {
    const char *sysroot;          /* -L / EMU_LD_PREFIX, or NULL */
    const char *argv0;            /* -0 */
    const char *cpu_model;        /* -cpu */
    const char *log_items;        /* -d, passed on to exec'ed guests */
    const char *log_file;         /* -D */
    uint64_t stack_size;          /* -s */
    unsigned tb_size_mb;          /* -tb-size, 0 = default */
    const char *tb_size_arg;      /* -tb-size as given, passed on to exec'ed guests */
    int gdb_port;                 /* -g, 0 = none */
    bool strace;
    bool perfmap;                 /* -perfmap, passed on to exec'ed guests */
    const char *self_exe;         /* absolute path of this emulator, for execve */
    char **env;                   /* guest environment (NULL-terminated) */
    const char *prog;             /* program path as given */
    char **args;                  /* guest argv (argv[0] already replaced by -0) */
    int nargs;
} UserConfig;

/* The guest address space: guest address a is host guest_base + a. */
typedef struct GuestSpace {
    uintptr_t guest_base;
    uint8_t *pages;               /* PAGE_* per guest page */
    pthread_mutex_t lock;
    uint64_t brk_start, brk_cur, brk_mapped_end;
    uint64_t mmap_base;           /* top-down search starts below this */
    uint64_t stack_top;
    /* The program has no PT_GNU_STACK: as the kernel's READ_IMPLIES_EXEC
     * personality, every readable page is executable too. */
    bool read_implies_exec;
} GuestSpace;

/* A guest signal handler as the guest registered it (ABI-neutral form). */
typedef struct UserSigAction {
    uint64_t handler;             /* TARGET_SIG_DFL (0), TARGET_SIG_IGN (1) or address */
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;                /* signal n is bit n - 1 */
} UserSigAction;

/* What the ELF loader found; the auxiliary vector and /proc need it. */
typedef struct ImageInfo {
    uint64_t load_bias, entry, phdr, phnum, phent;
    uint64_t interp_base, interp_entry;
    uint64_t start_code, end_code, start_data, end_data, start_brk;
    uint64_t stack_limit, start_stack;
    uint64_t auxv, auxv_len;      /* guest address and bytes of the auxv */
    uint64_t arg_start, arg_end, env_start, env_end;
    char exe_path[4096];          /* absolute host path of the guest program */
} ImageInfo;

typedef struct UserTask UserTask;

/* State shared by every thread of the guest process. */
typedef struct UserProcess {
    UserConfig *cfg;
    Log log;
    FILE *perfmap;                /* -perfmap: /tmp/perf-<pid>.map, or NULL */
    TBContext *tbc;
    GuestSpace space;
    ImageInfo image;
    pthread_mutex_t lock;         /* sigactions and the task list */
    UserSigAction sigact[TARGET_NSIG + 1];
    UserTask *tasks;              /* linked through UserTask.next */
    struct DirCookies *dir_cookies;   /* dirent.c */
    struct {
        uint64_t addr, len;       /* len 0 = free slot */
    } shm[256];                   /* System V shared memory attachments */
    int ntasks;
    uint64_t sigtramp;            /* signal return code (no SA_RESTORER), 0 = not mapped */
    bool has_ldt;                 /* i386: modify_ldt has written an LDT */
    struct ForkShare *fork_share; /* fork-share.c: children's blocks, or NULL */
} UserProcess;

/* A signal waiting for delivery with its guest siginfo (host layout fields). */
typedef struct PendingSignal {
    int signo, code, errno_;
    int pid, uid, status;
    long utime, stime;
    uint64_t addr;                /* si_addr for faults */
    uint64_t value;               /* sigval */
    int timerid, overrun;
    int band, fd;
    int trapno;                   /* CPU exception of a fault (sigcontext), or -1 */
    uint32_t err;                 /* its error code (page faults: bit 1 = write) */
} PendingSignal;

/* One guest thread, run by one host thread. */
struct UserTask {
    UserProcess *proc;
    CPUState *cpu;
    UserTask *next;
    pid_t tid;
    uint64_t clear_child_tid;     /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint64_t robust_list, robust_list_len;
    uint64_t blocked;             /* guest signal mask, bit n-1 = signal n */
    volatile uint64_t pending;    /* signals waiting (bit n-1) */
    volatile int signal_flag;     /* set with pending: blocking calls return EINTR */
    PendingSignal info[TARGET_NSIG + 1];
    volatile int sync_signal;     /* a fault to deliver now (0 = none) */
    PendingSignal sync_info;
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;
    bool in_sigsuspend;
    uint64_t saved_mask;          /* mask to restore after sigsuspend's handler */
    bool restore_saved_mask;
};

/* ---- guest memory (mmap.c) ---- */
int guest_space_init(GuestSpace *gs, Log *log);
static inline void *g2h(const GuestSpace *gs, uint64_t a)
{
    return (void *)(gs->guest_base + (uintptr_t)a);
}
static inline uint64_t h2g(const GuestSpace *gs, const void *p)
{
    return (uintptr_t)p - gs->guest_base;
}
bool guest_range_valid(const GuestSpace *gs, uint64_t addr, uint64_t len);
bool guest_access_ok(GuestSpace *gs, uint64_t addr, uint64_t len, int prot);
void guest_set_pages(GuestSpace *gs, uint64_t start, uint64_t len, int flags);
int guest_page_flags(GuestSpace *gs, uint64_t addr);
/* TBConfig.page_prot: PROT_READ/WRITE/EXEC of a guest page as the host must
 * keep them (executable implies readable: the translator reads code), or -1
 * if unmapped. */
int guest_page_prot(void *opaque, uint64_t addr);
int64_t guest_mmap(UserProcess *p, uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, uint64_t offset);
int64_t guest_munmap(UserProcess *p, uint64_t addr, uint64_t len);
int64_t guest_mprotect(UserProcess *p, uint64_t addr, uint64_t len, int prot);
int64_t guest_mremap(UserProcess *p, uint64_t old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, uint64_t new_addr);
int64_t guest_brk(UserProcess *p, uint64_t new_brk);
uint64_t guest_find_free(GuestSpace *gs, uint64_t len, uint64_t below);

/* Copies between host and guest memory; -EFAULT if the guest range is bad. */
int copy_from_guest(UserTask *t, void *dst, uint64_t src, size_t len);
int copy_to_guest(UserTask *t, uint64_t dst, const void *src, size_t len);
/* A host pointer for a guest buffer the host kernel will access (NULL: bad). */
void *guest_buf(UserTask *t, uint64_t addr, uint64_t len, int prot);
/* Guest C string copied into a fresh host buffer (free()), or NULL (EFAULT). */
char *guest_strdup(UserTask *t, uint64_t addr);
int get_guest_u32(UserTask *t, uint64_t addr, uint32_t *v);
int put_guest_u32(UserTask *t, uint64_t addr, uint32_t v);
int put_guest_u64(UserTask *t, uint64_t addr, uint64_t v);
int get_guest_u64(UserTask *t, uint64_t addr, uint64_t *v);
/* After EFAULT from a host call writing into guest memory: make code pages
 * writable again (they are write-protected for SMC detection); true = retry. */
bool guest_unprotect_range(UserTask *t, uint64_t addr, uint64_t len);

/* ---- the ELF loader and initial stack (elfload.c) ---- */
/* Map the program (and its PT_INTERP inside the sysroot), build the initial
 * stack; *entry_out and *sp_out are the first pc and stack pointer. */
int elf_load_program(UserProcess *p, const char *path, char **argv, char **envp,
                     uint32_t hwcap, uint64_t *entry_out, uint64_t *sp_out,
                     char *err, size_t errlen);

/* ---- paths (path.c) ---- */
/* The host path of guest path `path` (inside the sysroot when it exists there).
 * Writes into buf, returns buf or path itself. */
const char *user_path(const UserProcess *p, const char *path, char *buf, size_t len);

/* ---- syscalls (syscall.c) ---- */
int64_t do_syscall(UserTask *t, int num, const uint64_t *args);

/* ---- blocks translated by forked children (fork-share.c) ---- */
void fork_share_note(void *opaque, uint64_t pc, uint64_t cs_base, uint32_t flags,
                     uint32_t cflags, bool hot);
void fork_share_note_chain(void *opaque, TBContext *tbc, const TranslationBlock *from, int slot,
                           const TranslationBlock *to);
void fork_share_before_fork(UserTask *t);
void fork_share_child(UserProcess *p);

/* ---- signals (signal.c) ---- */
/* -perfmap in a forked child: go on in /tmp/perf-<its pid>.map. */
void user_perfmap_fork_child(UserProcess *p);

int signal_init(UserProcess *p);
void signal_init_thread(UserTask *t);
void signal_queue(UserTask *t, const PendingSignal *info);
/* Deliver pending signals that are not blocked (called by the CPU loop). */
void signal_process_pending(UserTask *t);
/* A guest fault: deliver signo now (kills the process if it cannot be). */
void signal_force_sync(UserTask *t, int signo, int code, uint64_t addr);
bool signal_has_deliverable(const UserTask *t);
void signal_default_action(UserTask *t, int signo);
_Noreturn void user_exit_group(UserTask *t, int status);
_Noreturn void user_die_by_signal(UserTask *t, int signo);

/* The current task of this host thread (for host signal handlers). */
UserTask *user_current_task(void);
void user_set_current_task(UserTask *t);

/* Per-thread startup and the task list (thread.c). */
void task_register(UserTask *t);
void task_unregister(UserTask *t);

/* A blocking host system call that returns -EINTR, instead of sleeping, when
 * a guest signal arrived since the last delivery (safe-syscall.S). */
long safe_syscall_base(volatile int *pending, long nr, ...);
#define safe_syscall(t, nr, ...) safe_syscall_base(&(t)->signal_flag, (nr), __VA_ARGS__)
extern char safe_syscall_start[], safe_syscall_end[], safe_syscall_interrupted[];

/* Negative errno from the host call's result (-1 and errno). */
static inline int64_t host_ret(long r)
{
    return r == -1 ? -(int64_t)errno : r;
}

#endif
