/*
 * i386 signal frames (arch/x86/include/asm/sigframe.h, uapi/asm/sigcontext.h):
 * the old sigframe and the rt_sigframe with siginfo and ucontext, each with
 * struct sigcontext and the _fpstate (FSAVE image + FXSAVE image) after
 * them, and the sigreturn / rt_sigreturn that read them back.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"
#include "linux-user/target.h"
#include "target-i386/cpu.h"
#include "target-i386/fpu.h"
#include "linux-user/i386/syscall_nr.h"

/* struct sigcontext (32-bit): 22 words. */
enum {
    SC_GS, SC_FS, SC_ES, SC_DS, SC_EDI, SC_ESI, SC_EBP, SC_ESP, SC_EBX, SC_EDX, SC_ECX,
    SC_EAX, SC_TRAPNO, SC_ERR, SC_EIP, SC_CS, SC_EFLAGS, SC_ESP_AT_SIGNAL, SC_SS,
    SC_FPSTATE, SC_OLDMASK, SC_CR2, SC_WORDS,
};

#define FPSTATE_SIZE 624        /* struct _fpstate_32 */
#define FPSTATE_FXSR_OFFSET 112
#define FPSTATE_MAGIC_OFFSET 110
#define FPSTATE_FSAVE_ONLY 0xffff

/* Offsets in the frames. */
#define SIGFRAME_SC 8
#define SIGFRAME_EXTRAMASK (SIGFRAME_SC + SC_WORDS * 4 + FPSTATE_SIZE)
#define SIGFRAME_RETCODE (SIGFRAME_EXTRAMASK + 4)
#define SIGFRAME_SIZE (SIGFRAME_RETCODE + 8)
#define RT_INFO 16
#define RT_UC (RT_INFO + TARGET_SIGINFO_SIZE)
#define UC_STACK 8
#define UC_MCONTEXT 20
#define UC_SIGMASK (UC_MCONTEXT + SC_WORDS * 4)
#define RT_RETCODE (RT_UC + UC_SIGMASK + 8)
#define RT_FRAME_SIZE (RT_RETCODE + 8)

/* The eflags bits a sigreturn may set (FIX_EFLAGS). */
#define SIGRETURN_EFLAGS (CC_ARITH_MASK | TF_MASK | DF_MASK | RF_MASK | AC_MASK)

/*
 * A handler without SA_RESTORER returns to code the kernel provides (in the
 * vDSO): the retcode of the frame cannot run from a non-executable stack.
 * We map one read+exec guest page with both sequences the first time.
 */
#define SIGTRAMP_NONRT 0
#define SIGTRAMP_RT 16

static uint64_t sigtramp(UserTask *t)
{
    UserProcess *p = t->proc;
    /* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 at 0, then
     * movl $__NR_rt_sigreturn, %eax; int $0x80 at 16. */
    uint8_t code[SIGTRAMP_RT + 7] = { 0x58, 0xb8, TARGET_NR_sigreturn, 0, 0, 0, 0xcd, 0x80 };
    int64_t a;

    code[SIGTRAMP_RT] = 0xb8;
    code[SIGTRAMP_RT + 1] = TARGET_NR_rt_sigreturn;
    code[SIGTRAMP_RT + 5] = 0xcd;
    code[SIGTRAMP_RT + 6] = 0x80;
    pthread_mutex_lock(&p->lock);
    if (!p->sigtramp) {
        a = guest_mmap(p, 0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (a > 0) {
            memcpy(g2h(&p->space, a), code, sizeof(code));
            guest_mprotect(p, a, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC);
            p->sigtramp = a;
        }
    }
    pthread_mutex_unlock(&p->lock);
    return p->sigtramp;
}

static void put_w(uint8_t *b, int off, uint32_t v)
{
    memcpy(b + off, &v, 4);
}

static uint32_t get_w(const uint8_t *b, int off)
{
    uint32_t v;

    memcpy(&v, b + off, 4);
    return v;
}

static void fill_sigcontext(UserTask *t, CPUX86State *env, uint8_t *sc, uint32_t fpstate,
                            uint32_t mask, const PendingSignal *info)
{
    uint32_t w[SC_WORDS] = { 0 };

    w[SC_GS] = env->segs[R_GS].selector;
    w[SC_FS] = env->segs[R_FS].selector;
    w[SC_ES] = env->segs[R_ES].selector;
    w[SC_DS] = env->segs[R_DS].selector;
    w[SC_EDI] = env->regs[R_EDI];
    w[SC_ESI] = env->regs[R_ESI];
    w[SC_EBP] = env->regs[R_EBP];
    w[SC_ESP] = env->regs[R_ESP];
    w[SC_EBX] = env->regs[R_EBX];
    w[SC_EDX] = env->regs[R_EDX];
    w[SC_ECX] = env->regs[R_ECX];
    w[SC_EAX] = env->regs[R_EAX];
    w[SC_TRAPNO] = info->trapno >= 0 ? (uint32_t)info->trapno : 0;
    w[SC_ERR] = info->trapno >= 0 ? info->err : 0;
    w[SC_EIP] = env->eip;
    w[SC_CS] = env->segs[R_CS].selector;
    w[SC_EFLAGS] = x86_cpu_get_eflags(env);
    w[SC_ESP_AT_SIGNAL] = env->regs[R_ESP];
    w[SC_SS] = env->segs[R_SS].selector;
    w[SC_FPSTATE] = fpstate;
    w[SC_OLDMASK] = mask;
    w[SC_CR2] = info->signo == SIGSEGV ? (uint32_t)info->addr : 0;
    memcpy(sc, w, sizeof(w));
}

static void fill_fpstate(CPUX86State *env, uint8_t *fp)
{
    memset(fp, 0, FPSTATE_SIZE);
    x86_fpu_fsave(env, fp);
    memcpy(fp + 108, &env->fpu.fsw, 2);     /* status */
    x86_fpu_fxsave(env, fp + FPSTATE_FXSR_OFFSET);
}

/* Where the frame goes: below the red zone-free stack or on the altstack. */
static uint64_t frame_base(UserTask *t, CPUX86State *env, const UserSigAction *ka,
                           size_t frame_size, uint64_t *fpstate)
{
    uint64_t sp = env->regs[R_ESP];

    if ((ka->flags & SA_ONSTACK) && t->altstack_size && !task_on_altstack(t, sp)) {
        sp = t->altstack_sp + t->altstack_size;
    }
    sp -= FPSTATE_SIZE;
    sp &= ~(uint64_t)63;
    *fpstate = sp;
    sp -= frame_size;
    /* At handler entry (esp + 4) is 16-byte aligned, as after a call. */
    sp = ((sp + 4) & ~(uint64_t)15) - 4;
    return sp;
}

static void enter_handler(UserTask *t, CPUX86State *env, const UserSigAction *ka, int signo,
                          uint64_t frame, uint32_t edx, uint32_t ecx)
{
    env->regs[R_ESP] = (uint32_t)frame;
    env->eip = (uint32_t)ka->handler;
    env->regs[R_EAX] = signo;
    env->regs[R_EDX] = edx;
    env->regs[R_ECX] = ecx;
    x86_cpu_load_seg(env, R_DS, X86_USER_DS);
    x86_cpu_load_seg(env, R_ES, X86_USER_DS);
    x86_cpu_load_seg(env, R_SS, X86_USER_DS);
    x86_cpu_load_seg(env, R_CS, X86_USER_CS);
    x86_cpu_set_eflags(env, 0, TF_MASK | DF_MASK | RF_MASK);
    x86_fpu_reset(env);
    if (t->altstack_flags & SS_AUTODISARM) {
        t->altstack_sp = 0;
        t->altstack_size = 0;
    }
}

int target_setup_frame(UserTask *t, int signo, const UserSigAction *ka,
                       const PendingSignal *info, uint64_t oldmask)
{
    CPUX86State *env = t->cpu->env;
    bool rt = (ka->flags & SA_SIGINFO) != 0;
    size_t size = rt ? RT_FRAME_SIZE : SIGFRAME_SIZE;
    uint8_t frame[SIGFRAME_SIZE > RT_FRAME_SIZE ? SIGFRAME_SIZE : RT_FRAME_SIZE];
    uint8_t fp[FPSTATE_SIZE];
    uint64_t fpaddr, base = frame_base(t, env, ka, size, &fpaddr);
    uint32_t retcode_addr;

    memset(frame, 0, sizeof(frame));
    fill_fpstate(env, fp);
    if (rt) {
        uint8_t *uc = frame + RT_UC;
        uint64_t mask = oldmask;

        retcode_addr = (uint32_t)(base + RT_RETCODE);
        put_w(frame, 4, signo);
        put_w(frame, 8, (uint32_t)(base + RT_INFO));
        put_w(frame, 12, (uint32_t)(base + RT_UC));
        siginfo_to_guest32(info, frame + RT_INFO);
        put_w(uc, UC_STACK, (uint32_t)t->altstack_sp);
        put_w(uc, UC_STACK + 4, t->altstack_size ? (task_on_altstack(t, env->regs[R_ESP])
                                                    ? SS_ONSTACK : 0) : SS_DISABLE);
        put_w(uc, UC_STACK + 8, (uint32_t)t->altstack_size);
        fill_sigcontext(t, env, uc + UC_MCONTEXT, (uint32_t)fpaddr, (uint32_t)oldmask, info);
        memcpy(uc + UC_SIGMASK, &mask, 8);
        /* movl $__NR_rt_sigreturn, %eax; int $0x80 */
        frame[RT_RETCODE] = 0xb8;
        put_w(frame, RT_RETCODE + 1, TARGET_NR_rt_sigreturn);
        frame[RT_RETCODE + 5] = 0xcd;
        frame[RT_RETCODE + 6] = 0x80;
    } else {
        retcode_addr = (uint32_t)(base + SIGFRAME_RETCODE);
        put_w(frame, 4, signo);
        fill_sigcontext(t, env, frame + SIGFRAME_SC, (uint32_t)fpaddr, (uint32_t)oldmask, info);
        put_w(frame, SIGFRAME_EXTRAMASK, (uint32_t)(oldmask >> 32));
        /* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
        frame[SIGFRAME_RETCODE] = 0x58;
        frame[SIGFRAME_RETCODE + 1] = 0xb8;
        put_w(frame, SIGFRAME_RETCODE + 2, TARGET_NR_sigreturn);
        frame[SIGFRAME_RETCODE + 6] = 0xcd;
        frame[SIGFRAME_RETCODE + 7] = 0x80;
    }
    if (ka->flags & SA_RESTORER) {
        retcode_addr = (uint32_t)ka->restorer;
    } else {
        uint64_t tramp = sigtramp(t);

        if (tramp) {
            retcode_addr = (uint32_t)(tramp + (rt ? SIGTRAMP_RT : SIGTRAMP_NONRT));
        }
    }
    put_w(frame, 0, retcode_addr);
    if (copy_to_guest(t, base, frame, size) || copy_to_guest(t, fpaddr, fp, sizeof(fp))) {
        return -EFAULT;
    }
    if (rt) {
        enter_handler(t, env, ka, signo, base, (uint32_t)(base + RT_INFO),
                      (uint32_t)(base + RT_UC));
    } else {
        enter_handler(t, env, ka, signo, base, 0, 0);
    }
    return 0;
}

static int restore_sigcontext(UserTask *t, CPUX86State *env, const uint8_t *sc)
{
    uint32_t fpaddr = get_w(sc, SC_FPSTATE * 4);
    int seg;
    static const int seg_word[] = { [R_GS] = SC_GS, [R_FS] = SC_FS, [R_ES] = SC_ES,
                                    [R_DS] = SC_DS };

    for (seg = R_ES; seg <= R_GS; seg++) {
        if (seg == R_CS || seg == R_SS) {
            continue;
        }
        if (x86_cpu_load_seg(env, seg, get_w(sc, seg_word[seg] * 4) & 0xffff) < 0) {
            return -EFAULT;
        }
    }
    env->regs[R_EDI] = get_w(sc, SC_EDI * 4);
    env->regs[R_ESI] = get_w(sc, SC_ESI * 4);
    env->regs[R_EBP] = get_w(sc, SC_EBP * 4);
    env->regs[R_ESP] = get_w(sc, SC_ESP * 4);
    env->regs[R_EBX] = get_w(sc, SC_EBX * 4);
    env->regs[R_EDX] = get_w(sc, SC_EDX * 4);
    env->regs[R_ECX] = get_w(sc, SC_ECX * 4);
    env->regs[R_EAX] = get_w(sc, SC_EAX * 4);
    env->eip = get_w(sc, SC_EIP * 4);
    x86_cpu_set_eflags(env, get_w(sc, SC_EFLAGS * 4), SIGRETURN_EFLAGS);
    if (fpaddr) {
        uint8_t fp[FPSTATE_SIZE];
        uint16_t magic;

        if (copy_from_guest(t, fp, fpaddr, sizeof(fp))) {
            return -EFAULT;
        }
        memcpy(&magic, fp + FPSTATE_MAGIC_OFFSET, 2);
        if (magic == FPSTATE_FSAVE_ONLY) {
            x86_fpu_frstor(env, fp);
        } else {
            x86_fpu_fxrstor(env, fp + FPSTATE_FXSR_OFFSET);
        }
    } else {
        x86_fpu_reset(env);
    }
    return 0;
}

int64_t target_sigreturn(UserTask *t)
{
    CPUX86State *env = t->cpu->env;
    uint64_t frame = (uint32_t)(env->regs[R_ESP] - 8);     /* after the restorer's popl */
    uint8_t buf[SIGFRAME_SIZE];
    uint64_t mask;

    if (copy_from_guest(t, buf, frame, sizeof(buf))) {
        user_die_by_signal(t, SIGSEGV);
    }
    mask = get_w(buf, SIGFRAME_SC + SC_OLDMASK * 4) |
           (uint64_t)get_w(buf, SIGFRAME_EXTRAMASK) << 32;
    task_set_blocked(t, mask);
    if (restore_sigcontext(t, env, buf + SIGFRAME_SC) < 0) {
        user_die_by_signal(t, SIGSEGV);
    }
    return SYSCALL_NO_RESULT;
}

int64_t target_rt_sigreturn(UserTask *t)
{
    CPUX86State *env = t->cpu->env;
    uint64_t frame = (uint32_t)(env->regs[R_ESP] - 4);     /* after the handler's ret */
    uint8_t buf[RT_FRAME_SIZE];
    const uint8_t *uc = buf + RT_UC;
    uint32_t ss_sp, ss_flags, ss_size;
    uint64_t mask;

    if (copy_from_guest(t, buf, frame, sizeof(buf))) {
        user_die_by_signal(t, SIGSEGV);
    }
    memcpy(&mask, uc + UC_SIGMASK, 8);
    task_set_blocked(t, mask);
    if (restore_sigcontext(t, env, uc + UC_MCONTEXT) < 0) {
        user_die_by_signal(t, SIGSEGV);
    }
    /* Restore the alternate stack the frame recorded (as sigaltstack would). */
    ss_sp = get_w(uc, UC_STACK);
    ss_flags = get_w(uc, UC_STACK + 4);
    ss_size = get_w(uc, UC_STACK + 8);
    if (!task_on_altstack(t, env->regs[R_ESP])) {
        if (ss_flags & SS_DISABLE) {
            t->altstack_sp = 0;
            t->altstack_size = 0;
        } else if (ss_size >= 2048) {
            t->altstack_sp = ss_sp;
            t->altstack_size = ss_size;
        }
    }
    return SYSCALL_NO_RESULT;
}
