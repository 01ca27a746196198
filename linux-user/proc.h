/*
 * /proc as the guest expects to see it: its own executable, memory map,
 * auxiliary vector, command line and CPU, instead of the emulator's.
 */
#ifndef LINUX_USER_PROC_H
#define LINUX_USER_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "linux-user/user.h"

/* If guest path names an emulated /proc file: open it into *fd (a file
 * descriptor or -errno) and return true. */
bool proc_open(UserTask *t, int dirfd, const char *path, int flags, int *fd);
/* readlink of an emulated /proc link, or -ENOENT when path is not one. */
ssize_t proc_readlink(UserTask *t, const char *path, char *buf, size_t len);

#endif
