/* Prints argv[0] and the environment (for -0, -E, -U), or uname's machine. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

extern char **environ;

int main(int argc, char **argv)
{
    char **e;

    if (argc > 1 && !strcmp(argv[1], "uname")) {
        struct utsname u;
        uname(&u);
        printf("machine=%s\n", u.machine);
        return 0;
    }
    printf("argv0=%s\n", argv[0]);
    for (e = environ; *e; e++) {
        printf("%s\n", *e);
    }
    return 0;
}
