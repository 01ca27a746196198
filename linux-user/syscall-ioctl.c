/*
 * ioctl: the terminal and file requests programs commonly use, each listed
 * with how its argument is passed. Layouts named here (termios, winsize, int)
 * are the same for i386 guests and the x86-64 host.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "linux-user/syscall-common.h"

typedef enum IoctlArg {
    IOCTL_NONE,                     /* no argument */
    IOCTL_VALUE,                    /* an integer passed by value */
    IOCTL_IN,                       /* pointer to size bytes read by the kernel */
    IOCTL_OUT,                      /* pointer to size bytes written by the kernel */
    IOCTL_INOUT,
} IoctlArg;

static const struct {
    unsigned long request;
    IoctlArg arg;
    unsigned size;
} ioctl_table[] = {
    { TCGETS, IOCTL_OUT, 36 },             /* struct termios */
    { TCSETS, IOCTL_IN, 36 },
    { TCSETSW, IOCTL_IN, 36 },
    { TCSETSF, IOCTL_IN, 36 },
    { TCSBRK, IOCTL_VALUE, 0 },
    { TCXONC, IOCTL_VALUE, 0 },
    { TCFLSH, IOCTL_VALUE, 0 },
    { TIOCEXCL, IOCTL_NONE, 0 },
    { TIOCNXCL, IOCTL_NONE, 0 },
    { TIOCSCTTY, IOCTL_VALUE, 0 },
    { TIOCGPGRP, IOCTL_OUT, 4 },
    { TIOCSPGRP, IOCTL_IN, 4 },
    { TIOCOUTQ, IOCTL_OUT, 4 },
    { TIOCSTI, IOCTL_IN, 1 },
    { TIOCGWINSZ, IOCTL_OUT, 8 },          /* struct winsize */
    { TIOCSWINSZ, IOCTL_IN, 8 },
    { TIOCMGET, IOCTL_OUT, 4 },
    { TIOCMSET, IOCTL_IN, 4 },
    { FIONREAD, IOCTL_OUT, 4 },
    { FIONBIO, IOCTL_IN, 4 },
    { TIOCNOTTY, IOCTL_NONE, 0 },
    { TIOCGSID, IOCTL_OUT, 4 },
    { TIOCGPTN, IOCTL_OUT, 4 },
    { TIOCSPTLCK, IOCTL_IN, 4 },
    { TIOCGPTPEER, IOCTL_VALUE, 0 },
    { FIONCLEX, IOCTL_NONE, 0 },
    { FIOCLEX, IOCTL_NONE, 0 },
    { FIOASYNC, IOCTL_IN, 4 },
    { 0x802c542a, IOCTL_OUT, 44 },            /* TCGETS2: struct termios2 */
    { 0x402c542b, IOCTL_IN, 44 },
    { 0x402c542c, IOCTL_IN, 44 },
    { 0x402c542d, IOCTL_IN, 44 },
    { TIOCGETD, IOCTL_OUT, 4 },
    { TIOCSETD, IOCTL_IN, 4 },
    { TIOCVHANGUP, IOCTL_NONE, 0 },
};

int64_t sys_ioctl(UserTask *t, const uint64_t *a)
{
    int fd = sarg(a[0]);
    unsigned long req = (uint32_t)a[1];
    size_t i;

    for (i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++) {
        void *p;
        int prot;

        if (ioctl_table[i].request != req) {
            continue;
        }
        switch (ioctl_table[i].arg) {
        case IOCTL_NONE:
            return host_ret(ioctl(fd, req));
        case IOCTL_VALUE:
            return host_ret(ioctl(fd, req, (unsigned long)(uint32_t)a[2]));
        default:
            prot = ioctl_table[i].arg == IOCTL_IN ? PAGE_READ
                   : ioctl_table[i].arg == IOCTL_OUT ? PAGE_WRITE : PAGE_READ | PAGE_WRITE;
            p = guest_buf(t, a[2], ioctl_table[i].size, prot);
            if (!p) {
                return -EFAULT;
            }
            return host_ret(ioctl(fd, req, p));
        }
    }
    log_mask(&t->proc->log, LOG_UNIMP, "ioctl: unsupported request %#lx on fd %d\n", req, fd);
    return -ENOTTY;
}
