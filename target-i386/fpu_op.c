/*
 * Which x87 register forms exist (D8..DF with ModRM C0..FF), shared by the
 * translator and the unit tests.
 */
#include <stdbool.h>

#include "target-i386/fpu-op.h"

/*
 * Register forms that are #UD on the CPU (checked on the host by executing
 * every D8..DF C0..FF encoding); everything else, including the
 * undocumented aliases (fstp1, fxch4, fcom2, ffreep...), is valid.
 */
bool x87_reg_form_valid(int b, int modrm)
{
    switch (b) {
    case 0xd9:
        return !((modrm >= 0xd1 && modrm <= 0xd7) || modrm == 0xe2 || modrm == 0xe3 ||
                 modrm == 0xe6 || modrm == 0xe7 || modrm == 0xef);
    case 0xda:
        return modrm < 0xe0 || modrm == 0xe9;
    case 0xdb:
        return !((modrm >= 0xe5 && modrm <= 0xe7) || modrm >= 0xf8);
    case 0xdd:
        return modrm < 0xf0;
    case 0xde:
        return !(modrm == 0xd8 || (modrm >= 0xda && modrm <= 0xdf));
    case 0xdf:
        return !((modrm >= 0xe1 && modrm <= 0xe7) || modrm >= 0xf8);
    default:
        return true;
    }
}
