/*
 * The TCGHelperInfo records of all i386 helpers (integer, x87, SSE), generated
 * once from target-i386/helper.h.
 */
#include "target-i386/helper-proto.h"

#define HELPER_GEN_INFO
#include "tcg/helper-gen.h"
#include "target-i386/helper.h"
