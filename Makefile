# emu: one non-recursive GNU Makefile. Each directory describes its own part
# in <dir>/build.mk; objects go under build/, mirroring the source tree.

BUILD := build
CACHE ?= $(if $(EMU_CACHE),$(EMU_CACHE),$(BUILD)/cache)
PYTHON := /usr/bin/python3
export EMU_CACHE := $(abspath $(CACHE))

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

# Fresh machine: install what is missing, then configure with defaults.
$(BUILD)/.deps-stamp: scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@scripts/install-deps.sh
	@touch $@

ifeq ($(filter clean distclean deps,$(MAKECMDGOALS)),)
$(BUILD)/config.mk: configure $(BUILD)/.deps-stamp
	./configure
-include $(BUILD)/config.mk
endif

CFLAGS += -I. -I$(BUILD) -MMD -MP

# Filled in by the build.mk fragments.
PROGS :=
UNIT_TESTS :=
CHECK_DEPS :=
BENCH_DEPS :=

include $(sort $(wildcard */build.mk */*/build.mk))

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.S $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

.PHONY: all check bench run install clean distclean deps
all: $(PROGS)

deps: $(BUILD)/.deps-stamp

# `make check` builds what the tests need and runs every suite; the last line
# it prints is "N passed, N failed[, N skipped]".
check: all $(UNIT_TESTS) $(CHECK_DEPS)
	$(PYTHON) tests/run.py --build $(BUILD) $(UNIT_TESTS)

bench: all $(BENCH_DEPS)
	bench/run

run: all
	scripts/run-default.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin

clean:
	rm -rf $(filter-out $(BUILD)/cache,$(wildcard $(BUILD)/*))

distclean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -path $(BUILD)/cache -prune -o -type f -name '*.d' -print 2>/dev/null)
