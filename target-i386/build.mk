# target-i386/: the i386 front end (decoder, integer, x87, MMX/SSE translators,
# helpers, CPU models) as one archive; every target-i386/*.c goes in.
TARGET_I386_SRCS := $(wildcard target-i386/*.c)
TARGET_I386_OBJS := $(TARGET_I386_SRCS:%.c=$(BUILD)/%.o)
LIBTARGET_I386 := $(BUILD)/libtarget-i386.a

$(LIBTARGET_I386): $(TARGET_I386_OBJS)
	@rm -f $@
	ar rcs $@ $^
