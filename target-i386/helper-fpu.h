/*
 * Helper table of the x87, MMX and SSE instructions (see tcg/helper-gen.h);
 * included at the end of target-i386/helper.h.
 */
