# The top Makefile reads */build.mk and */*/build.mk only: pull in the
# per-guest fragments one level further down (tests/tcg/<arch>/build.mk).
include $(sort $(wildcard tests/tcg/*/build.mk))
