# tests/block/: emu-io, the block-layer test driver used by the pytest files,
# and the libFuzzer harness (built only when clang is available).
$(BUILD)/tests/block/emu-io: $(BUILD)/tests/block/emu-io.o $(BUILD)/libblock.a $(BUILD)/libutil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BLOCK_LIBS) $(LIBS)

CHECK_DEPS += $(BUILD)/tests/block/emu-io $(BUILD)/emu-img

# Fuzzer: the block layer rebuilt with clang, coverage and AddressSanitizer.
FUZZ_CC := clang
FUZZ_CFLAGS = $(filter-out -O2 -g,$(CFLAGS)) -O1 -g -fsanitize=fuzzer-no-link,address
FUZZ_SRCS := $(BLOCK_SRCS) util/main-loop.c util/thread-pool.c tests/block/fuzz-qcow2.c

$(BUILD)/fuzz/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(BUILD)/tests/block/fuzz-qcow2: $(FUZZ_SRCS:%.c=$(BUILD)/fuzz/%.o)
	$(FUZZ_CC) -fsanitize=fuzzer,address -o $@ $^ $(BLOCK_LIBS) $(LIBS)

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
CHECK_DEPS += $(BUILD)/tests/block/fuzz-qcow2
endif

# GTest: qcow2 request tracking (a transfer in flight vs. reuse of its cluster).
$(BUILD)/tests/block/test-qcow2-inflight: $(BUILD)/tests/block/test-qcow2-inflight.o \
		$(BUILD)/libblock.a $(BUILD)/libutil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BLOCK_LIBS) $(LIBS)
UNIT_TESTS += $(BUILD)/tests/block/test-qcow2-inflight
