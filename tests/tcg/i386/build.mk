# i386 oracle tests: guest programs built as 32-bit static host binaries, run
# natively and under emu-i386 by test_oracle.py; randtest is the random
# differential tester (see README).

I386_TEST_CC := gcc -m32 -static -O2 -Wall -fno-pie -no-pie
I386_TEST_DIR := $(BUILD)/tests/tcg/i386
I386_TEST_SRCS := $(wildcard tests/tcg/i386/test-*.c)
I386_TEST_BINS := $(patsubst tests/tcg/i386/%.c,$(I386_TEST_DIR)/%,$(I386_TEST_SRCS))

# Only the SIMD programs may name xmm/mm registers (and let gcc use them).
$(I386_TEST_DIR)/test-sse $(I386_TEST_DIR)/test-simd $(I386_TEST_DIR)/test-sse-state: I386_TEST_ISA := -msse2

$(I386_TEST_DIR)/test-%: tests/tcg/i386/test-%.c tests/tcg/i386/common.h
	@mkdir -p $(dir $@)
	$(I386_TEST_CC) $(I386_TEST_ISA) -o $@ $< -lpthread -lm

$(I386_TEST_DIR)/randtest: tests/tcg/i386/randtest.c tests/tcg/i386/randtest-gen.c \
		tests/tcg/i386/randtest.h
	@mkdir -p $(dir $@)
	$(I386_TEST_CC) -o $@ tests/tcg/i386/randtest.c tests/tcg/i386/randtest-gen.c -lm

CHECK_DEPS += $(I386_TEST_BINS) $(I386_TEST_DIR)/randtest
