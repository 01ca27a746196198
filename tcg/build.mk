# tcg/: the IR, its interpreter, optimiser, liveness, register allocator and
# the x86-64 backend. With exec/ it forms build/libtcg.a ($(LIBTCG)); link
# programs with $(LIBTCG) $(LIBUTIL) $(LIBS_CAPSTONE) (exec/build.mk is read
# first, so EXEC_OBJS is known here).
TCG_SRCS := $(wildcard tcg/*.c tcg/x86_64/*.c)
TCG_OBJS := $(TCG_SRCS:%.c=$(BUILD)/%.o)
LIBTCG := $(BUILD)/libtcg.a

$(LIBTCG): $(TCG_OBJS) $(EXEC_OBJS)
	@rm -f $@
	ar rcs $@ $^
