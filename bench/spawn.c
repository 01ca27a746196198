/*
 * bench/spawn: a host-side driver that starts a command COUNT times in a row
 * (posix_spawn, so its own cost is a vfork) and checks each run succeeded and
 * printed the same thing. Used for the process start-up benchmark.
 */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SPAWN_OUT_MAX 4096

/* Run argv once with stdout captured into out; return its length or -1. */
static int spawn_once(char **argv, char *out, size_t cap)
{
    posix_spawn_file_actions_t actions;
    int fds[2], status, err;
    size_t len = 0;
    ssize_t got;
    pid_t pid;

    if (pipe(fds) < 0) {
        perror("spawn: pipe");
        return -1;
    }
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    /* A program being relinked by a concurrent build: retry for up to 30 s. */
    for (int tries = 0; (err == EACCES || err == ETXTBSY || err == ENOENT) && tries < 10;
         tries++) {
        sleep(3);
        err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    }
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (err) {
        fprintf(stderr, "spawn: %s: %s\n", argv[0], strerror(err));
        close(fds[0]);
        return -1;
    }
    while ((got = read(fds[0], out + len, cap - len)) > 0 ||
           (got < 0 && errno == EINTR)) {
        len += got > 0 ? (size_t)got : 0;
        if (len == cap) {
            fprintf(stderr, "spawn: %s printed more than %zu bytes\n", argv[0], cap);
            break;
        }
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("spawn: waitpid");
            return -1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "spawn: %s failed (status 0x%x)\n", argv[0], status);
        return -1;
    }
    return len == cap ? -1 : (int)len;
}

int main(int argc, char **argv)
{
    char *first, *out, *end;
    long count;
    int first_len = -1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s COUNT PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    count = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || count <= 0) {
        fprintf(stderr, "spawn: COUNT must be a positive number, not '%s'\n", argv[1]);
        return 2;
    }
    first = malloc(SPAWN_OUT_MAX);
    out = malloc(SPAWN_OUT_MAX);
    if (!first || !out) {
        fprintf(stderr, "spawn: out of memory\n");
        return 1;
    }
    for (long i = 0; i < count; i++) {
        int len = spawn_once(argv + 2, i ? out : first, SPAWN_OUT_MAX);
        if (len < 0) {
            return 1;
        }
        if (i == 0) {
            first_len = len;
        } else if (len != first_len || memcmp(out, first, len) != 0) {
            fprintf(stderr, "spawn: run %ld printed something else than run 0\n", i);
            return 1;
        }
    }
    fwrite(first, 1, first_len, stdout);
    printf("spawn: %ld runs, identical output\n", count);
    free(out);
    free(first);
    return 0;
}
