/*
 * Logging in the QEMU style: `-d item,item` picks categories, `-D file` the
 * destination. The Log is owned by whoever parses the command line and is
 * passed down (no global): the TB cache, the CPU loop and devices hold a
 * pointer to it.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1u << 0,       /* guest code of each translated block */
    LOG_OP = 1u << 1,           /* IR before optimisation */
    LOG_OP_OPT = 1u << 2,       /* IR after optimisation */
    LOG_OUT_ASM = 1u << 3,      /* generated host code */
    LOG_EXEC = 1u << 4,         /* each block executed */
    LOG_NOCHAIN = 1u << 5,      /* do not chain blocks */
    LOG_CPU = 1u << 6,          /* registers before each block */
    LOG_INT = 1u << 7,          /* interrupts and exceptions */
    LOG_UNIMP = 1u << 8,        /* unimplemented features the guest used */
    LOG_GUEST_ERROR = 1u << 9,  /* guest misuse of a device or call */
    LOG_STRACE = 1u << 10,      /* user mode: each system call */
    LOG_PAGE = 1u << 11,        /* user mode: memory mappings */
    LOG_COSIM = 1u << 12,       /* run each block compiled and interpreted */
};

typedef struct Log {
    unsigned mask;
    FILE *file;                 /* NULL means stderr */
} Log;

/* Parse a -d list into *mask; "help" prints the items. -1 on an unknown item. */
int log_parse_items(const char *list, unsigned *mask, FILE *err);
/* Open -D file (NULL = stderr); -errno on failure. */
int log_set_file(Log *log, const char *path);
void log_close(Log *log);

static inline bool log_enabled(const Log *log, unsigned mask)
{
    return log && (log->mask & mask);
}

FILE *log_stream(const Log *log);
void log_printf(const Log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print only if one of mask's categories is on. */
void log_mask(const Log *log, unsigned mask, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
