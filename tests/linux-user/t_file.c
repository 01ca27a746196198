/* Files and directories: open/read/write variants, stat family, getdents,
 * fcntl locks, links, permissions, truncation, times. Output is compared with
 * the native run. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    char dir[] = "/tmp/emu-lu-XXXXXX", buf[256], lbuf[256];
    struct stat st;
    struct statx stx;
    struct iovec iov[2];
    struct flock fl;
    struct timespec ts[2];
    char *names[16];
    int n = 0, fd, fd2, i;
    DIR *d;
    struct dirent *de;

    if (!mkdtemp(dir) || chdir(dir) < 0) {
        perror("setup");
        return 1;
    }
    fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    printf("open %d write %zd\n", fd >= 0, write(fd, "hello world\n", 12));
    printf("pwrite %zd\n", pwrite(fd, "HELLO", 5, 0));
    memset(buf, 0, sizeof(buf));
    printf("pread %zd '%s'\n", pread(fd, buf, 5, 6), buf);
    iov[0].iov_base = "ab";
    iov[0].iov_len = 2;
    iov[1].iov_base = "cd\n";
    iov[1].iov_len = 3;
    printf("lseek %ld writev %zd\n", (long)lseek(fd, 0, SEEK_END), writev(fd, iov, 2));
    printf("lseek64 %lld\n", (long long)lseek64(fd, 0, SEEK_SET));
    memset(buf, 0, sizeof(buf));
    iov[0].iov_base = buf;
    iov[0].iov_len = 4;
    iov[1].iov_base = buf + 10;
    iov[1].iov_len = 100;
    printf("readv %zd '%s' '%s'\n", readv(fd, iov, 2), buf, buf + 10);
    fstat(fd, &st);
    printf("fstat size %lld mode %o nlink %d\n", (long long)st.st_size, st.st_mode & 07777,
           (int)st.st_nlink);
    printf("statx %d size %llu mode %o\n", statx(AT_FDCWD, "a.txt", 0, STATX_ALL, &stx),
           (unsigned long long)stx.stx_size, stx.stx_mode & 07777);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 2;
    fl.l_len = 5;
    printf("setlk %d\n", fcntl(fd, F_SETLK, &fl));
    fl.l_type = F_RDLCK;
    printf("getlk %d type %d\n", fcntl(fd, F_GETLK, &fl), fl.l_type == F_UNLCK);
    printf("getfl %o getfd %d\n", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND),
           fcntl(fd, F_GETFD));
    fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    printf("dupfd %d cloexec %d\n", fd2 >= 10, fcntl(fd2, F_GETFD));
    close(fd2);
    printf("dup2 %d\n", dup2(fd, 20));
    close(20);
    printf("ftruncate %d\n", ftruncate(fd, 3));
    stat("a.txt", &st);
    printf("stat size %lld\n", (long long)st.st_size);
    close(fd);
    printf("link %d symlink %d\n", link("a.txt", "b.txt"), symlink("a.txt", "c.lnk"));
    memset(lbuf, 0, sizeof(lbuf));
    printf("readlink %zd '%s'\n", readlink("c.lnk", lbuf, sizeof(lbuf)), lbuf);
    lstat("c.lnk", &st);
    printf("lstat islnk %d\n", S_ISLNK(st.st_mode));
    stat("a.txt", &st);
    printf("nlink %d\n", (int)st.st_nlink);
    printf("chmod %d\n", chmod("a.txt", 0600));
    stat("b.txt", &st);
    printf("mode %o\n", st.st_mode & 07777);
    printf("access %d %d\n", access("a.txt", R_OK), access("nope", F_OK) < 0 && errno == ENOENT);
    printf("mkdir %d rename %d\n", mkdir("sub", 0755), rename("b.txt", "sub/b.txt"));
    printf("truncate %d\n", truncate("sub/b.txt", 100));
    stat("sub/b.txt", &st);
    printf("size %lld\n", (long long)st.st_size);
    ts[0].tv_sec = 1000000000;
    ts[0].tv_nsec = 5;
    ts[1].tv_sec = 1234567890;
    ts[1].tv_nsec = 123456789;
    printf("utimensat %d\n", utimensat(AT_FDCWD, "a.txt", ts, 0));
    stat("a.txt", &st);
    printf("mtime %lld.%09ld atime %lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
           (long long)st.st_atim.tv_sec);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    printf("openat %d\n", (fd2 = openat(fd, "sub/b.txt", O_RDONLY)) >= 0);
    close(fd2);
    printf("fstatat %d\n", fstatat(fd, "c.lnk", &st, AT_SYMLINK_NOFOLLOW));
    printf("unlinkat %d\n", unlinkat(fd, "c.lnk", 0));
    close(fd);
    d = opendir(".");
    while ((de = readdir(d)) && n < 16) {
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp);
    for (i = 0; i < n; i++) {
        printf("entry %s\n", names[i]);
    }
    printf("getcwd %d\n", getcwd(buf, sizeof(buf)) && !strcmp(buf, dir));
    {
        struct statfs sf;
        printf("statfs %d %d\n", statfs(".", &sf), sf.f_bsize > 0);
    }
    printf("errors %d %d %d\n", open("nope", O_RDONLY) < 0 && errno == ENOENT,
           rmdir("a.txt") < 0 && errno == ENOTDIR, read(-1, buf, 1) < 0 && errno == EBADF);
    unlink("a.txt");
    unlink("sub/b.txt");
    rmdir("sub");
    chdir("/");
    printf("rmdir %d\n", rmdir(dir));
    return 0;
}
