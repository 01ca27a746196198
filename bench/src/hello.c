/*
 * Process start-up: the smallest useful static program. Run many times in a
 * row by bench/spawn, it measures loading, libc initialisation and exit.
 */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
