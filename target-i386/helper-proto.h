/*
 * C prototypes and TCGHelperInfo declarations of every i386 helper, generated
 * from target-i386/helper.h.
 */
#ifndef TARGET_I386_HELPER_PROTO_H
#define TARGET_I386_HELPER_PROTO_H

#include "target-i386/cpu.h"

#define HELPER_GEN_PROTOTYPES
#include "tcg/helper-gen.h"
#include "target-i386/helper.h"
#undef HELPER_GEN_PROTOTYPES
#undef DEF_HELPER_0
#undef DEF_HELPER_1
#undef DEF_HELPER_2
#undef DEF_HELPER_3
#undef DEF_HELPER_4
#undef DEF_HELPER_5

#endif
