# tests/block/: emu-io, the block-layer test driver used by the pytest files,
# and the libFuzzer harness (built only when clang is available).
$(BUILD)/tests/block/emu-io: $(BUILD)/tests/block/emu-io.o $(BUILD)/libblock.a $(BUILD)/libutil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BLOCK_LIBS) $(LIBS)

CHECK_DEPS += $(BUILD)/tests/block/emu-io $(BUILD)/emu-img
