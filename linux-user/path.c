/*
 * Guest paths and the sysroot (-L): an absolute guest path names the file
 * inside the sysroot when it exists there, else the host's own file (so the
 * guest finds its libraries in the sysroot and its data anywhere).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "linux-user/user.h"

static bool host_only(const char *path)
{
    static const char *const prefixes[] = { "/proc/", "/dev/", "/sys/", "/tmp/" };
    size_t i;

    if (!strcmp(path, "/") || !strcmp(path, "/proc") || !strcmp(path, "/dev") ||
        !strcmp(path, "/tmp")) {
        return true;
    }
    for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        if (!strncmp(path, prefixes[i], strlen(prefixes[i]))) {
            return true;
        }
    }
    return false;
}

const char *user_path(const UserProcess *p, const char *path, char *buf, size_t len)
{
    const char *root = p->cfg->sysroot;
    struct stat st;

    if (!root || !path || path[0] != '/' || host_only(path)) {
        return path;
    }
    if ((size_t)snprintf(buf, len, "%s%s", root, path) >= len) {
        return path;
    }
    return lstat(buf, &st) == 0 ? buf : path;
}
