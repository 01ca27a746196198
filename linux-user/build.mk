# linux-user/: Linux user-mode emulation. The common objects (linux-user/*.c)
# are compiled once; each emu-<arch> links them with its linux-user/<arch>/
# objects, its target archive and the TCG/exec archive.
LINUX_USER_SRCS := $(wildcard linux-user/*.c linux-user/*.S)
LINUX_USER_OBJS := $(patsubst %.S,$(BUILD)/%.o,$(LINUX_USER_SRCS:%.c=$(BUILD)/%.o))
LINUX_USER_I386_SRCS := $(wildcard linux-user/i386/*.c)
LINUX_USER_I386_OBJS := $(LINUX_USER_I386_SRCS:%.c=$(BUILD)/%.o)

# The archives are named literally: their fragments are read after this one.
EMU_I386_LIBS := $(BUILD)/libtarget-i386.a $(BUILD)/libtcg.a $(BUILD)/libutil.a

PROGS += $(BUILD)/emu-i386

# Linked statically when the static libraries are installed: every guest
# process start (and each guest execve) otherwise pays for the dynamic
# loader, ~80,000 relocations of capstone's tables and their copy-on-write
# faults, some 20% of a short program's CPU time.
LU_STATIC_PROBE := $(foreach l,glib-2.0 pcre2-8 z $(LIBS_CAPSTONE:-l%=%),\
    $(shell $(CC) -print-file-name=lib$(l).a))
LU_LDSTATIC := $(if $(filter-out /%,$(LU_STATIC_PROBE)),,-static)
LU_LIBS := $(LIBS_CAPSTONE) $(LIBS) $(if $(LU_LDSTATIC),-lpcre2-8)

$(BUILD)/emu-i386: $(LINUX_USER_OBJS) $(LINUX_USER_I386_OBJS) $(EMU_I386_LIBS)
	$(CC) $(LU_LDSTATIC) $(LDFLAGS) -o $@ $(LINUX_USER_OBJS) $(LINUX_USER_I386_OBJS) \
	    -Wl,--start-group $(EMU_I386_LIBS) -Wl,--end-group $(LU_LIBS)
