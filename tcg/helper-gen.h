/*
 * Turns a target's helper table (target-<arch>/helper.h, lines of
 * DEF_HELPER_<n>(name, flags, ret, arg types...)) into C.
 *
 *   #define HELPER_GEN_PROTOTYPES + include: prototypes of helper_<name>() and
 *       extern declarations of their TCGHelperInfo helper_<name>_info;
 *   #define HELPER_GEN_INFO + include (in one .c file): the info definitions.
 *
 * Types: void, i32 (uint32_t), s32 (int32_t), i64 (uint64_t), s64, ptr
 * (void *), env (CPUArchState *, which the target typedefs). The front end
 * emits a call with tcg_gen_callN(s, &helper_<name>_info, ret, n, args).
 */
#include "tcg/tcg.h"

#define dh_ctype_void void
#define dh_ctype_i32 uint32_t
#define dh_ctype_s32 int32_t
#define dh_ctype_i64 uint64_t
#define dh_ctype_s64 int64_t
#define dh_ctype_ptr void *
#define dh_ctype_env CPUArchState *

#define dh_code_void TCG_HTYPE_VOID
#define dh_code_i32 TCG_HTYPE_I32
#define dh_code_s32 TCG_HTYPE_I32
#define dh_code_i64 TCG_HTYPE_I64
#define dh_code_s64 TCG_HTYPE_I64
#define dh_code_ptr TCG_HTYPE_PTR
#define dh_code_env TCG_HTYPE_PTR

#define dh_mask(t, n) ((unsigned)dh_code_##t << (3 * (n)))

#if defined(HELPER_GEN_PROTOTYPES)

#define DEF_HELPER_0(name, flags, ret) \
    dh_ctype_##ret helper_##name(void); extern const TCGHelperInfo helper_##name##_info;
#define DEF_HELPER_1(name, flags, ret, t1) \
    dh_ctype_##ret helper_##name(dh_ctype_##t1); \
    extern const TCGHelperInfo helper_##name##_info;
#define DEF_HELPER_2(name, flags, ret, t1, t2) \
    dh_ctype_##ret helper_##name(dh_ctype_##t1, dh_ctype_##t2); \
    extern const TCGHelperInfo helper_##name##_info;
#define DEF_HELPER_3(name, flags, ret, t1, t2, t3) \
    dh_ctype_##ret helper_##name(dh_ctype_##t1, dh_ctype_##t2, dh_ctype_##t3); \
    extern const TCGHelperInfo helper_##name##_info;
#define DEF_HELPER_4(name, flags, ret, t1, t2, t3, t4) \
    dh_ctype_##ret helper_##name(dh_ctype_##t1, dh_ctype_##t2, dh_ctype_##t3, \
                                 dh_ctype_##t4); \
    extern const TCGHelperInfo helper_##name##_info;
#define DEF_HELPER_5(name, flags, ret, t1, t2, t3, t4, t5) \
    dh_ctype_##ret helper_##name(dh_ctype_##t1, dh_ctype_##t2, dh_ctype_##t3, \
                                 dh_ctype_##t4, dh_ctype_##t5); \
    extern const TCGHelperInfo helper_##name##_info;

#elif defined(HELPER_GEN_INFO)

#define DH_INFO(name, flags, mask) \
    const TCGHelperInfo helper_##name##_info = { (void *)helper_##name, #name, flags, mask };
#define DEF_HELPER_0(name, flags, ret) DH_INFO(name, flags, dh_mask(ret, 0))
#define DEF_HELPER_1(name, flags, ret, t1) \
    DH_INFO(name, flags, dh_mask(ret, 0) | dh_mask(t1, 1))
#define DEF_HELPER_2(name, flags, ret, t1, t2) \
    DH_INFO(name, flags, dh_mask(ret, 0) | dh_mask(t1, 1) | dh_mask(t2, 2))
#define DEF_HELPER_3(name, flags, ret, t1, t2, t3) \
    DH_INFO(name, flags, dh_mask(ret, 0) | dh_mask(t1, 1) | dh_mask(t2, 2) | dh_mask(t3, 3))
#define DEF_HELPER_4(name, flags, ret, t1, t2, t3, t4) \
    DH_INFO(name, flags, dh_mask(ret, 0) | dh_mask(t1, 1) | dh_mask(t2, 2) | \
            dh_mask(t3, 3) | dh_mask(t4, 4))
#define DEF_HELPER_5(name, flags, ret, t1, t2, t3, t4, t5) \
    DH_INFO(name, flags, dh_mask(ret, 0) | dh_mask(t1, 1) | dh_mask(t2, 2) | \
            dh_mask(t3, 3) | dh_mask(t4, 4) | dh_mask(t5, 5))

#else
#error "define HELPER_GEN_PROTOTYPES or HELPER_GEN_INFO before including tcg/helper-gen.h"
#endif
