# xlate -- top-level build.  Every output goes under build/.
#
#   make deps       install the Debian toolchain (apt-get)
#   make test       everything CI runs (well under 15 minutes)
#   make sim        co-simulation: PRESET= | CFG=file SEED= N= TRACE= WAVES=1 LATENCY= BACKPRESSURE=
#   make sim-sc     the same with the Verilated SystemC RTL
#   make lint       Verilator -Wall, every preset (or the PRESET= / CFG= given)
#   make synth      yosys 0.23, every preset (or the one given); cells per block in build/synth/cells.md
#   make formal     properties with yosys-smtbmc + z3 (DEPTH=N, or DEEP=1 for the deeper bounds;
#                   CFG= / PRESET=: builds derived from that configuration)
#   make sweep      random configurations through make sim CFG= (SWEEP_COUNT= SWEEP_N= SWEEP_SEED=)
#   make bench      model and co-simulation throughput
#   make regress    long runs (1M transactions per preset, full-size block benches, formal DEEP=1, sweep)
#   make clean      remove build/
#
# PRESET=name is any cfg/name.cfg; CFG=path/to/file.cfg any file (mk/05-config.mk).
# See README.md for the rest (block testbenches, the TLM example, cfg-info).

SHELL       := /bin/bash
.DEFAULT_GOAL := test
.DELETE_ON_ERROR:

CC          ?= cc
BUILD       := build
PRESET      ?= x86_64
# Every cfg/*.cfg is a preset; CFG=any/file.cfg selects any other (mk/05-config.mk).
ALL_CFGS    := $(sort $(patsubst cfg/%.cfg,%,$(wildcard cfg/*.cfg)))
PRESETS     := $(filter x86_64,$(ALL_CFGS)) $(filter-out x86_64,$(ALL_CFGS))
JOBS        ?= 2

CFG_DIR     := $(CURDIR)/cfg
CSTD        := -std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes
CPPFLAGS    := -Icmodel/include -DXL_CFG_DIR='"$(CFG_DIR)"' -D_POSIX_C_SOURCE=200809L
OPT_FLAGS   := -O2 -g
SAN_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

MODEL_SRCS  := $(wildcard cmodel/src/*.c)
MODEL_HDRS  := $(wildcard cmodel/include/xlate/*.h cmodel/src/*.h)
MODEL_OBJS  := $(patsubst cmodel/src/%.c,$(BUILD)/obj/model/%.o,$(MODEL_SRCS))
MODEL_SOBJS := $(patsubst cmodel/src/%.c,$(BUILD)/obj-san/model/%.o,$(MODEL_SRCS))
LIBXLATE    := $(BUILD)/lib/libxlate.a
LIBXLATE_SAN:= $(BUILD)/lib/libxlate-san.a

# Fragments in mk/ add their suites to TEST_SUITES (run by `make test`, in
# order) and their benchmarks to BENCHES.  Each suite prints a final line
# `N passed, N failed`.
TEST_SUITES :=
TEST_BUILD  :=
BENCHES     :=

.PHONY: all deps model test clean bench help
all: model

help:
	@sed -n '2,18p' Makefile

deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	    build-essential make verilator libsystemc-dev libcmocka-dev yosys z3 zlib1g-dev pkg-config python3 \
	    qemu-system-misc qemu-system-x86 gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf

# ---- golden model ------------------------------------------------------
$(BUILD)/obj/model/%.o: cmodel/src/%.c $(MODEL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(OPT_FLAGS) -c $< -o $@

$(BUILD)/obj-san/model/%.o: cmodel/src/%.c $(MODEL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(SAN_FLAGS) -c $< -o $@

$(LIBXLATE): $(MODEL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(LIBXLATE_SAN): $(MODEL_SOBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

model: $(LIBXLATE)

clean:
	rm -rf $(BUILD)

-include $(sort $(wildcard mk/*.mk))

# `make test` first builds what the suites need (TEST_BUILD, added to by the
# fragments: Verilated models, testbenches, tools), JOBS at a time, then runs
# the suites one after another (`make test-run`), so that their output and
# their timing-free checks are never interleaved.
.PHONY: test-build test-run
test:
	@$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target test-build
	@$(MAKE) --no-print-directory test-run

test-build: $(TEST_BUILD)

test-run: $(TEST_SUITES)
	@echo "make test: all suites passed"

bench: $(BENCHES)
