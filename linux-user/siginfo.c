/*
 * The 32-bit Linux siginfo_t (include/uapi/asm-generic/siginfo.h): signo,
 * errno, code, then a union whose member depends on the signal and the code.
 */
#include <string.h>

#include "linux-user/signal-common.h"

static void put32(uint8_t *b, int off, uint32_t v)
{
    memcpy(b + off, &v, 4);
}

static uint32_t get32(const uint8_t *b, int off)
{
    uint32_t v;

    memcpy(&v, b + off, 4);
    return v;
}

static bool is_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

void siginfo_to_guest32(const PendingSignal *ps, uint8_t out[TARGET_SIGINFO_SIZE])
{
    memset(out, 0, TARGET_SIGINFO_SIZE);
    put32(out, 0, ps->signo);
    put32(out, 4, ps->errno_);
    put32(out, 8, ps->code);
    if (ps->code == SI_TIMER) {
        put32(out, 12, ps->timerid);
        put32(out, 16, ps->overrun);
        put32(out, 20, (uint32_t)ps->value);
    } else if (ps->code > 0 && ps->signo == SIGCHLD) {
        put32(out, 12, ps->pid);
        put32(out, 16, ps->uid);
        put32(out, 20, ps->status);
        put32(out, 24, (uint32_t)ps->utime);
        put32(out, 28, (uint32_t)ps->stime);
    } else if (ps->code > 0 && is_fault(ps->signo)) {
        put32(out, 12, (uint32_t)ps->addr);
    } else if (ps->code > 0 && ps->signo == SIGPOLL) {
        put32(out, 12, (uint32_t)ps->band);
        put32(out, 16, ps->fd);
    } else {
        put32(out, 12, ps->pid);
        put32(out, 16, ps->uid);
        put32(out, 20, (uint32_t)ps->value);
    }
}

void siginfo_from_guest32(PendingSignal *ps, const uint8_t in[TARGET_SIGINFO_SIZE])
{
    memset(ps, 0, sizeof(*ps));
    ps->trapno = -1;
    ps->signo = (int)get32(in, 0);
    ps->errno_ = (int)get32(in, 4);
    ps->code = (int)get32(in, 8);
    ps->pid = (int)get32(in, 12);
    ps->uid = (int)get32(in, 16);
    ps->value = get32(in, 20);
    ps->addr = get32(in, 12);
}

void siginfo_to_host(const PendingSignal *ps, siginfo_t *si)
{
    memset(si, 0, sizeof(*si));
    si->si_signo = ps->signo;
    si->si_errno = ps->errno_;
    si->si_code = ps->code;
    si->si_pid = ps->pid;
    si->si_uid = ps->uid;
    si->si_value.sival_int = (int)ps->value;
}
