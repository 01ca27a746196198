/* A guest that dereferences a bad pointer dies by SIGSEGV, as natively. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    volatile int *volatile p = (int *)0x10;

    printf("before the fault\n");
    fflush(stdout);
    return *p;
}
