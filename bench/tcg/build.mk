# bench/tcg/: measurements of the execution core. `make bench`
# builds it; run build/bench/tcg-bench [blocks].
$(BUILD)/bench/tcg-bench: $(BUILD)/bench/tcg/tcg-bench.o $(BUILD)/tests/unit/toy-target.o \
		$(BUILD)/libtcg.a $(BUILD)/libutil.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_CAPSTONE)
BENCH_DEPS += $(BUILD)/bench/tcg-bench
