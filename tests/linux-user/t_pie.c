/* A static PIE: the loader picks the address, relocations must be applied
 * (a table of pointers to strings), and the auxiliary vector describes the
 * image. Built with -static-pie (see build.mk). */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static const char *const words[] = { "relocated", "pointers", "work" };

int main(void)
{
    const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM), i, loads = 0;

    printf("%s %s %s\n", words[0], words[1], words[2]);
    for (i = 0; i < n; i++) {
        loads += ph[i].p_type == PT_LOAD;
    }
    printf("phent %lu phnum>0 %d loads>0 %d pagesz %lu\n", getauxval(AT_PHENT), n > 0,
           loads > 0, getauxval(AT_PAGESZ));
    printf("entry inside image %d random %d execfn %s\n",
           getauxval(AT_ENTRY) > (unsigned long)ph - 65536, getauxval(AT_RANDOM) != 0,
           strrchr((const char *)getauxval(AT_EXECFN), '/') + 1);
    return 0;
}
