# tests/linux-user/: guest programs for emu-i386, built as static i386
# executables (the host runs them natively as the oracle). -idirafter finds
# the kernel's asm/ headers, which the multilib setup lacks for -m32.
LU_TEST_SRCS := $(wildcard tests/linux-user/t_*.c)
LU_TEST_PROGS := $(LU_TEST_SRCS:tests/linux-user/%.c=$(BUILD)/tests/linux-user/%)
LU_TEST_CFLAGS := -m32 -static -O2 -Wall -pthread -idirafter /usr/include/x86_64-linux-gnu

$(BUILD)/tests/linux-user/%: tests/linux-user/%.c
	@mkdir -p $(dir $@)
	gcc $(LU_TEST_CFLAGS) -o $@ $< -lm

# t_pie is a static position-independent executable.
$(BUILD)/tests/linux-user/t_pie: tests/linux-user/t_pie.c
	@mkdir -p $(dir $@)
	gcc $(filter-out -static,$(LU_TEST_CFLAGS)) -static-pie -fPIE -o $@ $<

CHECK_DEPS += $(LU_TEST_PROGS)

# t_execstack asks for an executable stack (PT_GNU_STACK RWX).
$(BUILD)/tests/linux-user/t_execstack: tests/linux-user/t_execstack.c
	@mkdir -p $(dir $@)
	gcc $(LU_TEST_CFLAGS) -Wl,-z,execstack -o $@ $<
