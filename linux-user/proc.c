/*
 * Emulated /proc entries: /proc/self/exe (and /proc/<pid>/exe) point at the
 * guest program; maps, auxv and cmdline describe the guest; /proc/cpuinfo
 * describes the emulated CPU. Contents are generated into a memfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/proc.h"
#include "linux-user/target.h"

/* "self" or our own pid: the rest of the path after /proc/<x>/, else NULL. */
static const char *self_entry(const char *path)
{
    char pid[32];
    size_t n;

    if (strncmp(path, "/proc/", 6)) {
        return NULL;
    }
    path += 6;
    if (!strncmp(path, "self/", 5)) {
        return path + 5;
    }
    if (!strncmp(path, "thread-self/", 12)) {
        return path + 12;
    }
    n = (size_t)snprintf(pid, sizeof(pid), "%d/", getpid());
    return strncmp(path, pid, n) ? NULL : path + n;
}

ssize_t proc_readlink(UserTask *t, const char *path, char *buf, size_t len)
{
    const char *e = self_entry(path);
    const char *exe = t->proc->image.exe_path;
    size_t n;

    if (!e || strcmp(e, "exe")) {
        return -ENOENT;
    }
    n = strlen(exe);
    n = n > len ? len : n;
    memcpy(buf, exe, n);
    return (ssize_t)n;
}

static void write_maps(UserTask *t, FILE *out)
{
    GuestSpace *gs = &t->proc->space;
    FILE *in = fopen("/proc/self/maps", "r");
    char line[4096];

    if (!in) {
        return;
    }
    while (fgets(line, sizeof(line), in)) {
        unsigned long lo, hi, off, inode;
        char perms[8], dev[16], name[4096] = "";
        uint64_t a, start;

        if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %4095[^\n]", &lo, &hi, perms, &off, dev,
                   &inode, name) < 6) {
            continue;
        }
        if (lo < gs->guest_base || hi > gs->guest_base + GUEST_SPACE_SIZE) {
            continue;
        }
        /* Split the host region by guest page flags; skip the reservation. */
        for (a = lo - gs->guest_base; a < hi - gs->guest_base;) {
            int f = guest_page_flags(gs, a);
            const char *label = name + strspn(name, " ");

            start = a;
            while (a < hi - gs->guest_base && guest_page_flags(gs, a) == f) {
                a += GUEST_PAGE_SIZE;
            }
            if (!(f & PAGE_VALID)) {
                continue;
            }
            if (start >= gs->brk_start && a <= gs->brk_mapped_end && !*label) {
                label = "[heap]";
            } else if (a == gs->stack_top && !*label) {
                label = "[stack]";
            }
            fprintf(out, "%08llx-%08llx %c%c%c%c %08lx %s %lu %s%s\n", (unsigned long long)start,
                    (unsigned long long)a, f & PAGE_READ ? 'r' : '-', f & PAGE_WRITE ? 'w' : '-',
                    f & PAGE_EXEC ? 'x' : '-', perms[3], *label == '/' || !inode ?
                    off + (unsigned long)(start - (lo - gs->guest_base)) : off, dev, inode,
                    *label ? "                          " : "", label);
        }
    }
    fclose(in);
}

static void write_auxv(UserTask *t, FILE *out)
{
    const ImageInfo *ii = &t->proc->image;
    void *h = guest_buf(t, ii->auxv, ii->auxv_len, PAGE_READ);

    if (h) {
        fwrite(h, 1, ii->auxv_len, out);
    }
}

static void write_cmdline(UserTask *t, FILE *out)
{
    const ImageInfo *ii = &t->proc->image;
    void *h = guest_buf(t, ii->arg_start, ii->arg_end - ii->arg_start, PAGE_READ);

    if (h) {
        fwrite(h, 1, ii->arg_end - ii->arg_start, out);
    }
}

static void write_cpuinfo(UserTask *t, FILE *out)
{
    target_write_cpuinfo(t->cpu, out);
}

static const struct {
    const char *name;             /* after /proc/self/, or a full path */
    bool per_process;
    void (*fill)(UserTask *t, FILE *out);
} proc_files[] = {
    { "maps", true, write_maps },            /* the guest's mappings */
    { "auxv", true, write_auxv },            /* the guest's auxiliary vector */
    { "cmdline", true, write_cmdline },      /* the guest's argv */
    { "/proc/cpuinfo", false, write_cpuinfo },   /* the emulated CPU */
};

bool proc_open(UserTask *t, int dirfd, const char *path, int flags, int *fd)
{
    const char *e = self_entry(path);
    char *data = NULL;
    size_t len = 0, i;
    FILE *f;
    int mfd;

    if (e && !strcmp(e, "exe")) {
        *fd = openat(AT_FDCWD, t->proc->image.exe_path, flags);
        *fd = *fd < 0 ? -errno : *fd;
        return true;
    }
    for (i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]); i++) {
        if (proc_files[i].per_process ? (e && !strcmp(e, proc_files[i].name))
                                      : !strcmp(path, proc_files[i].name)) {
            break;
        }
    }
    if (i == sizeof(proc_files) / sizeof(proc_files[0])) {
        return false;
    }
    if ((flags & O_ACCMODE) != O_RDONLY) {
        *fd = -EACCES;
        return true;
    }
    f = open_memstream(&data, &len);
    if (!f) {
        *fd = -ENOMEM;
        return true;
    }
    proc_files[i].fill(t, f);
    fclose(f);
    mfd = memfd_create("emu-proc", flags & O_CLOEXEC ? MFD_CLOEXEC : 0);
    if (mfd < 0 || write(mfd, data, len) != (ssize_t)len || lseek(mfd, 0, SEEK_SET) < 0) {
        *fd = mfd < 0 ? -errno : -EIO;
        if (mfd >= 0) {
            close(mfd);
        }
    } else {
        *fd = mfd;
    }
    free(data);
    return true;
}
