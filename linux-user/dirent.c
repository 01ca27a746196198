/*
 * Directory offsets for 32-bit guests. A 64-bit host process gets 64-bit
 * directory hash cookies in d_off (ext4, overlayfs), which a 32-bit C library
 * rejects with EOVERFLOW; a 32-bit process on a 64-bit kernel gets 32-bit
 * ones. We hand the guest small cookies instead and map them back on lseek.
 */
#include <stdlib.h>
#include <string.h>

#include "linux-user/dirent.h"

#define COOKIE_BASE 0x70000000u
#define COOKIE_MAX 0x0fffffffu

typedef struct DirCookies {
    int fd;
    uint32_t n, cap;
    int64_t *off;
    struct DirCookies *next;
} DirCookies;

static DirCookies *find(UserProcess *p, int fd, bool create)
{
    DirCookies *d;

    for (d = p->dir_cookies; d; d = d->next) {
        if (d->fd == fd) {
            return d;
        }
    }
    if (!create) {
        return NULL;
    }
    d = calloc(1, sizeof(*d));
    if (d) {
        d->fd = fd;
        d->next = p->dir_cookies;
        p->dir_cookies = d;
    }
    return d;
}

void dir_cookies_translate(UserProcess *p, int fd, uint8_t *buf, size_t len)
{
    DirCookies *d = NULL;
    size_t pos = 0;

    pthread_mutex_lock(&p->lock);
    while (pos + 19 <= len) {
        uint16_t reclen;
        int64_t off;

        memcpy(&reclen, buf + pos + 16, 2);
        memcpy(&off, buf + pos + 8, 8);
        if (reclen == 0) {
            break;
        }
        if (off > INT32_MAX || off < 0) {
            if (!d && !(d = find(p, fd, true))) {
                break;
            }
            if (d->n == d->cap) {
                uint32_t cap = d->cap ? d->cap * 2 : 64;
                int64_t *n = cap <= COOKIE_MAX ? realloc(d->off, cap * sizeof(*n)) : NULL;
                if (!n) {
                    break;
                }
                d->off = n;
                d->cap = cap;
            }
            d->off[d->n] = off;
            off = COOKIE_BASE + d->n++;
            memcpy(buf + pos + 8, &off, 8);
        }
        pos += reclen;
    }
    pthread_mutex_unlock(&p->lock);
}

int64_t dir_cookies_to_host(UserProcess *p, int fd, int64_t off)
{
    DirCookies *d;

    if (off < COOKIE_BASE || off > (int64_t)COOKIE_BASE + COOKIE_MAX) {
        return off;
    }
    pthread_mutex_lock(&p->lock);
    d = find(p, fd, false);
    if (d && off - COOKIE_BASE < d->n) {
        off = d->off[off - COOKIE_BASE];
    }
    pthread_mutex_unlock(&p->lock);
    return off;
}

void dir_cookies_close(UserProcess *p, int fd)
{
    DirCookies **pp, *d;

    pthread_mutex_lock(&p->lock);
    for (pp = &p->dir_cookies; (d = *pp); pp = &d->next) {
        if (d->fd == fd) {
            *pp = d->next;
            free(d->off);
            free(d);
            break;
        }
    }
    pthread_mutex_unlock(&p->lock);
}
