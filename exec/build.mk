# exec/: TB cache, CPU loop, chaining, SMC invalidation, guest memory
# accessors. Its objects go into build/libtcg.a with tcg/'s (see tcg/build.mk).
EXEC_SRCS := $(wildcard exec/*.c)
EXEC_OBJS := $(EXEC_SRCS:%.c=$(BUILD)/%.o)
