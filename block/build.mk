# block/: the block layer (build/libblock.a) and the emu-img tool.
# util/build.mk is included after us, so name libutil.a directly.
BLOCK_TOOL_SRCS := block/emu-img.c $(wildcard block/img-*.c)
BLOCK_SRCS := $(filter-out $(BLOCK_TOOL_SRCS),$(wildcard block/*.c))
BLOCK_OBJS := $(BLOCK_SRCS:%.c=$(BUILD)/%.o)
LIBBLOCK := $(BUILD)/libblock.a
BLOCK_LIBS := $(if $(filter yes,$(CONFIG_AIO)),$(LIBS_AIO)) \
              $(if $(filter yes,$(CONFIG_URING)),$(LIBS_URING))

$(LIBBLOCK): $(BLOCK_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/emu-img: $(BLOCK_TOOL_SRCS:%.c=$(BUILD)/%.o) $(LIBBLOCK) $(BUILD)/libutil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BLOCK_LIBS) $(LIBS)

PROGS += $(BUILD)/emu-img
