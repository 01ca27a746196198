# util/: main loop, logging, options and other host services shared by all
# programs. Every util/*.c goes into build/libutil.a.
UTIL_SRCS := $(wildcard util/*.c)
UTIL_OBJS := $(UTIL_SRCS:%.c=$(BUILD)/%.o)
LIBUTIL := $(BUILD)/libutil.a

$(LIBUTIL): $(UTIL_OBJS)
	@rm -f $@
	ar rcs $@ $^
