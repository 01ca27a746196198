# tests/unit/: GTest programs, one per module, run by `make check` (UNIT_TESTS).

# --- target-i386 x87/SSE ----------------------------------------------------
# test-x86-fpu: x87/MMX/SSE helpers against the host CPU; the x87 state moved
# into the host unit and back.
TEST_X86_FPU_OBJS := $(addprefix $(BUILD)/target-i386/,fpu_native.o fpu_helper.o sse_helper.o \
                      fpu_op.o fpu_live.o)
$(BUILD)/tests/unit/test-x86-fpu: $(BUILD)/tests/unit/test-x86-fpu.o $(TEST_X86_FPU_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)
UNIT_TESTS += $(BUILD)/tests/unit/test-x86-fpu
# --- end target-i386 x87/SSE ------------------------------------------------

# --- tcg/ floating-point ops ------------------------------------------------
# test-tcg-fp: every fp kind compiled vs interpreted, values/flags from the SDM.
$(BUILD)/tests/unit/test-tcg-fp: $(BUILD)/tests/unit/test-tcg-fp.o \
		$(BUILD)/tests/unit/tcg-harness.o $(BUILD)/libtcg.a $(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-tcg-fp
# test-tcg-x87: the host x87 ops compiled vs interpreted vs run directly.
$(BUILD)/tests/unit/test-tcg-x87: $(BUILD)/tests/unit/test-tcg-x87.o \
		$(BUILD)/tests/unit/tcg-harness.o $(BUILD)/libtcg.a $(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-tcg-x87
# --- end tcg/ floating-point ops --------------------------------------------

# --- target-i386 integer ----------------------------------------------------
# test-x86-int: flag/integer helpers against values recorded on the host CPU,
# CPU models, CPUID and user segment loads.
$(BUILD)/tests/unit/test-x86-int: $(BUILD)/tests/unit/test-x86-int.o $(BUILD)/libtarget-i386.a \
		$(BUILD)/libtcg.a $(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-x86-int
# --- end target-i386 integer ------------------------------------------------

# --- tcg/ and exec/ ---------------------------------------------------------
# test-tcg-exec: the CPU loop, chaining, SMC, precise exceptions, flushes and
# threads, driven through a toy guest (toy-target.c).
TEST_TCG_LIBS := $(BUILD)/libtcg.a $(BUILD)/libutil.a
$(BUILD)/tests/unit/test-tcg-exec: $(BUILD)/tests/unit/test-tcg-exec.o \
		$(BUILD)/tests/unit/toy-target.o $(TEST_TCG_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-tcg-exec
# test-tcg-random: random IR blocks, compiled vs interpreted (100,000 blocks).
$(BUILD)/tests/unit/test-tcg-random: $(BUILD)/tests/unit/test-tcg-random.o \
		$(BUILD)/tests/unit/tcg-harness.o $(TEST_TCG_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-tcg-random
# test-tcg-ops: every op against expected values, through backend and interpreter.
$(BUILD)/tests/unit/test-tcg-ops: $(BUILD)/tests/unit/test-tcg-ops.o \
		$(BUILD)/tests/unit/tcg-harness.o $(TEST_TCG_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
UNIT_TESTS += $(BUILD)/tests/unit/test-tcg-ops
# --- end tcg/ and exec/ -----------------------------------------------------

# --- util/ main loop and thread pool, block/ coroutines ---------------------
$(BUILD)/tests/unit/test-main-loop: $(BUILD)/tests/unit/test-main-loop.o $(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
UNIT_TESTS += $(BUILD)/tests/unit/test-main-loop
$(BUILD)/tests/unit/test-thread-pool: $(BUILD)/tests/unit/test-thread-pool.o $(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
UNIT_TESTS += $(BUILD)/tests/unit/test-thread-pool
$(BUILD)/tests/unit/test-coroutine: $(BUILD)/tests/unit/test-coroutine.o $(BUILD)/libblock.a \
		$(BUILD)/libutil.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
UNIT_TESTS += $(BUILD)/tests/unit/test-coroutine
# --- end util/ and block/ ---------------------------------------------------
