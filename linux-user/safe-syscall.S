/*
 * A host system call that a guest signal cannot slip past: if the signal
 * arrives after the pending flag was checked but before the kernel blocks,
 * the host handler (signal.c) sees the pc inside [safe_syscall_start,
 * safe_syscall_end) and moves it to safe_syscall_interrupted, so the call
 * returns -EINTR instead of sleeping with the guest handler unrun.
 *
 * long safe_syscall_base(volatile int *pending, long nr, long a1, ..., long a6)
 * (x86-64 SysV: pending rdi, nr rsi, a1 rdx, a2 rcx, a3 r8, a4 r9, a5 a6 on
 * the stack); returns the raw kernel result (-errno on failure).
 */
    .text
    .globl safe_syscall_base
    .globl safe_syscall_start
    .globl safe_syscall_end
    .globl safe_syscall_interrupted
    .type safe_syscall_base, @function
safe_syscall_base:
    .cfi_startproc
    mov %rsi, %rax          /* nr */
    mov %rdi, %r11          /* pending flag (r11 is clobbered by syscall: read it first) */
    mov %rdx, %rdi          /* a1 */
    mov %rcx, %rsi          /* a2 */
    mov %r8, %rdx           /* a3 */
    mov %r9, %r10           /* a4 */
    mov 8(%rsp), %r8        /* a5 */
    mov 16(%rsp), %r9       /* a6 */
safe_syscall_start:
    cmpl $0, (%r11)
    jne safe_syscall_interrupted
    syscall
safe_syscall_end:
    ret
safe_syscall_interrupted:
    mov $-4, %rax           /* -EINTR */
    ret
    .cfi_endproc
    .size safe_syscall_base, .-safe_syscall_base
    .section .note.GNU-stack, "", @progbits
