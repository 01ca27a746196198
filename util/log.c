/*
 * Logging categories and destination (-d, -D), as QEMU spells them.
 */
#include <errno.h>
#include <string.h>

#include "util/log.h"

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code of each translated block" },
    { "op", LOG_OP, "show the IR of each block before optimisation" },
    { "op_opt", LOG_OP_OPT, "show the IR after optimisation" },
    { "out_asm", LOG_OUT_ASM, "show the generated host code" },
    { "exec", LOG_EXEC, "show each block as it is executed" },
    { "nochain", LOG_NOCHAIN, "do not chain blocks (with exec: see every one)" },
    { "cpu", LOG_CPU, "show the CPU registers before each block" },
    { "int", LOG_INT, "show interrupts and exceptions" },
    { "unimp", LOG_UNIMP, "log features the guest used that emu lacks" },
    { "guest_errors", LOG_GUEST_ERROR, "log invalid guest operations" },
    { "strace", LOG_STRACE, "user mode: log each system call" },
    { "page", LOG_PAGE, "user mode: log memory mappings" },
    { "cosim", LOG_COSIM, "run each block compiled and interpreted; report differences" },
};

int log_parse_items(const char *list, unsigned *mask, FILE *err)
{
    unsigned m = 0;
    const char *p = list;

    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i;

        if (len == 4 && !strncmp(p, "help", 4)) {
            fprintf(err, "Log items (comma separated):\n");
            for (i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
                fprintf(err, "%-13s %s\n", log_items[i].name, log_items[i].help);
            }
            return -1;
        }
        for (i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
            if (strlen(log_items[i].name) == len && !strncmp(p, log_items[i].name, len)) {
                m |= log_items[i].mask;
                break;
            }
        }
        if (i == sizeof(log_items) / sizeof(log_items[0])) {
            fprintf(err, "unknown log item '%.*s' (try -d help)\n", (int)len, p);
            return -1;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *mask = m;
    return 0;
}

int log_set_file(Log *log, const char *path)
{
    FILE *f;

    if (!path) {
        log->file = NULL;
        return 0;
    }
    f = fopen(path, "w");
    if (!f) {
        return -errno;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    log->file = f;
    return 0;
}

void log_close(Log *log)
{
    if (log->file) {
        fclose(log->file);
        log->file = NULL;
    }
}

FILE *log_stream(const Log *log)
{
    return log && log->file ? log->file : stderr;
}

void log_printf(const Log *log, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(log_stream(log), fmt, ap);
    va_end(ap);
}

void log_mask(const Log *log, unsigned mask, const char *fmt, ...)
{
    va_list ap;

    if (!log_enabled(log, mask)) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(log_stream(log), fmt, ap);
    va_end(ap);
}
