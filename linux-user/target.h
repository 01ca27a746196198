/*
 * What each guest architecture's directory (linux-user/<arch>/) provides to
 * the common linux-user code: its ELF identity, the CPU, the system call
 * table, the structure layouts that differ between ABIs and signal frames.
 * Each emu-<arch> program links the common objects with exactly one of them.
 */
#ifndef LINUX_USER_TARGET_H
#define LINUX_USER_TARGET_H

#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "linux-user/user.h"

typedef struct TargetABI {
    const char *name;             /* "i386" */
    const char *uname_machine;    /* uname -m: "i686" */
    const char *platform;         /* AT_PLATFORM */
    int elf_machine;              /* EM_386 */
    int elf_class;                /* ELFCLASS32 */
    uint64_t elf_et_dyn_base;     /* where a PIE executable is loaded */
    uint64_t stack_top;           /* top of the initial stack */
    uint64_t mmap_base;           /* top-down mmap search starts below */
    int fetch_fault_excp;         /* CPU exception of a refused code fetch (i386: #PF) */
} TargetABI;

extern const TargetABI target_abi;

/* The CPU: create it (NULL + *err on failure), reset to the Linux user state,
 * set the entry registers, clone it for a new thread. */
CPUState *target_cpu_create(const char *model, char **err);
void target_cpu_list(FILE *f);
void target_cpu_start(CPUState *cpu, uint64_t entry, uint64_t sp);
CPUState *target_cpu_clone(CPUState *parent, char **err);
void target_cpu_free(CPUState *cpu);
/* The child of clone/fork: result 0, and the new stack if one was given. */
void target_cpu_child_return(CPUState *cpu, uint64_t newsp);
/* CLONE_SETTLS: install the TLS described at guest address tls. */
int target_cpu_set_tls(UserTask *t, uint64_t tls);
uint32_t target_hwcap(CPUState *cpu);
uint64_t target_get_pc(CPUState *cpu);
uint64_t target_get_sp(CPUState *cpu);
/* /proc/cpuinfo as the guest expects it on this CPU. */
void target_write_cpuinfo(CPUState *cpu, FILE *f);

/*
 * A host signal handler is about to leave generated code by longjmp: save
 * into the CPU whatever guest state lives in host registers, from the
 * context the kernel saved (uc: a ucontext_t; i386: the x87 unit).
 */
void target_save_host_context(CPUState *cpu, const void *uc);
/* The CPU exception of a host floating-point trap (trap number 16, #MF) in
 * generated code, or -1 if guest code cannot cause it. */
int target_host_fp_exception(int host_trapno);

/* Run the guest thread forever (returns only through exit). */
_Noreturn void target_cpu_loop(UserTask *t);

/* Signal frames. */
int target_setup_frame(UserTask *t, int signo, const UserSigAction *ka,
                       const PendingSignal *info, uint64_t oldmask);
int64_t target_sigreturn(UserTask *t);
int64_t target_rt_sigreturn(UserTask *t);

/* The system call table. */
typedef int64_t (*SyscallFn)(UserTask *t, const uint64_t *a);
typedef struct SyscallDef {
    const char *name;
    SyscallFn fn;
    const char *fmt;              /* strace argument kinds, one char each (see strace.c) */
    unsigned flags;
} SyscallDef;
enum {
    SYSF_NORESTART = 1,           /* EINTR goes to the guest even with SA_RESTART */
    SYSF_NORETURN_LOG = 2,        /* strace prints no result (exit, execve ok) */
};
const SyscallDef *target_syscall_lookup(int num);

/* Structure layouts that differ between ABIs. */
int target_put_stat64(UserTask *t, uint64_t addr, const struct stat *st);
int target_get_flock64(UserTask *t, uint64_t addr, struct flock *fl);
int target_put_flock64(UserTask *t, uint64_t addr, const struct flock *fl);
size_t target_epoll_event_size(void);
/* Translate open() flags between guest and host. */
int target_open_flags_to_host(int flags);
int target_open_flags_from_host(int flags);

#endif
