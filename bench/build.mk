# bench/: the benchmark suite. Guest programs are static i386 binaries built
# with gcc -m32 into build/bench/i386/; bench/spawn is a host-side driver;
# Debian i386 packages (busybox, gzip, xz, python3) come from the cache's
# sysroot. `make bench` builds BENCH_DEPS, then runs bench/run.

BENCH_OUT := $(BUILD)/bench
BENCH_I386 := $(BENCH_OUT)/i386
BENCH_I386_CC := gcc -m32
# Debian's i386 userland: i686 code tuned for current CPUs, x87 floating point.
BENCH_I386_CFLAGS := -march=i686 -mtune=generic -O2 -static -Wall -Wextra -Ibench/src
BENCH_C_PROGS := hash interp sort memcpy ptrchase syscall hello
BENCH_I386_PROGS := $(BENCH_C_PROGS:%=$(BENCH_I386)/%) $(BENCH_I386)/x87 $(BENCH_I386)/sse2

$(BENCH_I386)/%: bench/src/%.c bench/src/bench.h
	@mkdir -p $(dir $@)
	$(BENCH_I386_CC) $(BENCH_I386_CFLAGS) -o $@ $<

# One numerics source, built for the x87 unit and for SSE2 (scalar + packed).
$(BENCH_I386)/x87: bench/src/fpnum.c bench/src/bench.h
	@mkdir -p $(dir $@)
	$(BENCH_I386_CC) $(BENCH_I386_CFLAGS) -mfpmath=387 -o $@ $< -lm

$(BENCH_I386)/sse2: bench/src/fpnum.c bench/src/bench.h
	@mkdir -p $(dir $@)
	$(BENCH_I386_CC) $(BENCH_I386_CFLAGS) -msse2 -mfpmath=sse -ftree-vectorize \
		-fvect-cost-model=dynamic -o $@ $< -lm

# Translation-heavy: generated C (4 x 1500 distinct functions, about 2.4 MB of
# i386 code), each function called once.
BENCH_TCH_PARTS := 0 1 2 3
BENCH_TCH_GEN := $(BENCH_OUT)/gen
BENCH_TCH_SRCS := $(BENCH_TCH_GEN)/tcheavy_main.c $(BENCH_TCH_PARTS:%=$(BENCH_TCH_GEN)/tcheavy_%.c)

$(BENCH_TCH_SRCS) &: bench/gen-tcheavy.py
	$(PYTHON) bench/gen-tcheavy.py $(BENCH_TCH_GEN) $(words $(BENCH_TCH_PARTS)) 1500

$(BENCH_TCH_GEN)/%.o: $(BENCH_TCH_GEN)/%.c
	$(BENCH_I386_CC) -march=i686 -mtune=generic -O1 -c -o $@ $<

$(BENCH_I386)/tcheavy: $(BENCH_TCH_SRCS:%.c=%.o)
	@mkdir -p $(dir $@)
	$(BENCH_I386_CC) -static -o $@ $^

# Host-side driver of the process start-up benchmark.
$(BENCH_OUT)/spawn: $(BUILD)/bench/spawn.o
	$(CC) $(LDFLAGS) -o $@ $^

# Inputs of the compression benchmarks (deterministic, text-like).
$(BENCH_OUT)/data-%m.txt: bench/gen-data.py
	@mkdir -p $(dir $@)
	$(PYTHON) bench/gen-data.py $@ $$(($* * 1024))

# The Debian i386 programs, unpacked into $(CACHE)/sysroot-i386.
BENCH_DEBS := libc6 busybox-static gzip xz-utils liblzma5 python3.11-minimal \
	libpython3.11-minimal libexpat1 zlib1g
$(BENCH_OUT)/sysroot-i386.stamp: scripts/fetch-debian.sh bench/build.mk
	@mkdir -p $(dir $@)
	scripts/fetch-debian.sh i386 $(BENCH_DEBS)
	@touch $@

BENCH_DEPS += $(BENCH_I386_PROGS) $(BENCH_I386)/tcheavy $(BENCH_OUT)/spawn \
	$(BENCH_OUT)/data-1m.txt $(BENCH_OUT)/data-4m.txt $(BENCH_OUT)/sysroot-i386.stamp
# `make bench BENCH_ARGS="-b int -n 5"` hands options to bench/run.
export BENCH_ARGS

# The smoke test (tests/bench/) checks every program's native checksum, so
# `make check` builds and fetches all of it (about 1.5 minutes on a fresh tree).
CHECK_DEPS += $(BENCH_DEPS)
