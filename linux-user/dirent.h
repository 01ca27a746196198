/*
 * 32-bit directory cookies for getdents64 results (see dirent.c).
 */
#ifndef LINUX_USER_DIRENT_H
#define LINUX_USER_DIRENT_H

#include <stddef.h>
#include <stdint.h>

#include "linux-user/user.h"

/* Rewrite the 64-bit d_off values of a getdents64 buffer read from fd. */
void dir_cookies_translate(UserProcess *p, int fd, uint8_t *buf, size_t len);
/* The host offset for a guest lseek offset on fd. */
int64_t dir_cookies_to_host(UserProcess *p, int fd, int64_t off);
void dir_cookies_close(UserProcess *p, int fd);

#endif
