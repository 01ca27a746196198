/*
 * Signal services shared by the common signal code, the signal system calls
 * and each architecture's frame builder: dispositions, masks and the 32-bit
 * guest siginfo layout (the same on i386, ARM and PowerPC).
 */
#ifndef LINUX_USER_SIGNAL_COMMON_H
#define LINUX_USER_SIGNAL_COMMON_H

#include <signal.h>
#include <stdint.h>

#include "linux-user/user.h"

#define TARGET_SIG_DFL 0ull
#define TARGET_SIG_IGN 1ull
#define TARGET_SIGINFO_SIZE 128
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000    /* the kernel's flag; glibc keeps it private */
#endif
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)  /* sigaltstack flag; older libc headers lack it */
#endif

/* Set the guest mask of t and mirror it on the host thread. */
void task_set_blocked(UserTask *t, uint64_t mask);
/* Mirror the guest disposition of sig on the host. */
void signal_apply_host(UserProcess *p, int sig);
void pending_from_host(PendingSignal *ps, const siginfo_t *si);
/* SA_* flags of the handler a deliverable pending signal runs, or -1. */
int signal_pending_handler_flags(UserTask *t);

/* Whether sp is inside the task's alternate signal stack. */
bool task_on_altstack(const UserTask *t, uint64_t sp);

/* 32-bit guest siginfo_t <-> PendingSignal. */
void siginfo_to_guest32(const PendingSignal *ps, uint8_t out[TARGET_SIGINFO_SIZE]);
void siginfo_from_guest32(PendingSignal *ps, const uint8_t in[TARGET_SIGINFO_SIZE]);
/* PendingSignal -> host siginfo_t (for rt_sigqueueinfo). */
void siginfo_to_host(const PendingSignal *ps, siginfo_t *si);

#endif
