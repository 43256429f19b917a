# ---- co-simulation: make sim ---------------------------------------------
#
#   make sim [PRESET=x86_64 | CFG=path/file.cfg] [SEED=1] [N=200000] [TRACE=file]
#            [WAVES=1] [LATENCY=1:20] [BACKPRESSURE=10]
#
# Builds the Verilated xl_mmu for the configuration (mk/05-config.mk: one
# build per configuration label, and one with FST tracing when WAVES=1),
# links it with the C harness and the golden model, runs the directed
# traces and then N random transactions.  Report:
# build/sim/<label>/report.txt and junit.xml.
#
# Directed traces: TRACE= if given; else every tests/traces/<label>/*.trace
# (PRESET=name, as always); else (CFG=, or a preset without a directory of
# its own) those of tests/traces/<format>/ that parse against the
# configuration, their `preset` line made a comment (scripts/cfg-traces.sh
# prints which ran and which were skipped).

VERILATOR    ?= verilator
SEED         ?= 1
N            ?= 200000
LATENCY      ?= 1:20
BACKPRESSURE ?= 10
WAVES        ?=
TRACE        ?=

RTL_PKG      := rtl/xl_pkg.sv
RTL_SRCS     := $(RTL_PKG) rtl/xl_sram.sv rtl/xl_regfile.sv rtl/xl_repl.sv rtl/xl_pte_decode.sv rtl/xl_perm_check.sv \
                rtl/xl_tlb.sv rtl/xl_ptw.sv rtl/xl_cache.sv rtl/xl_mmu.sv
COSIM_SRCS   := $(wildcard tb/cosim/*.c)
COSIM_HDRS   := $(wildcard tb/cosim/*.h) tb/include/xl_dut.h $(wildcard cmodel/include/xlate/*.h)
COSIM_OBJS   := $(patsubst tb/cosim/%.c,$(BUILD)/obj/cosim/%.o,$(COSIM_SRCS))
COSIM_CFLAGS := $(CSTD) $(CPPFLAGS) -Itb/include -Itb/cosim -O2 -g

# Verilator: optimised C++, random initial values for unreset registers.
VL_FLAGS     := --cc --exe --build -j 2 -Wall --assert --x-assign fast --x-initial unique \
                --top-module xl_mmu -Wno-fatal rtl/lint.vlt \
                -CFLAGS "-O2 -I$(CURDIR)/tb/include -I$(CURDIR)/cmodel/include" \
                -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"

$(BUILD)/obj/cosim/%.o: tb/cosim/%.c $(COSIM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(COSIM_CFLAGS) -c $< -o $@

# $(call sim_bin,LABEL,VARIANT) -> path of the simulator binary
sim_bin = $(BUILD)/sim/$(1)/$(2)/xlate-sim

# With a configuration given on the command line, the shared objects wait
# for it to validate (nothing is built for a file that does not).
ifeq ($(CFG_GIVEN),yes)
$(COSIM_OBJS): | $(SEL_PARAMS)
endif

# $(call SIM_BUILD,LABEL,VARIANT,EXTRA_VERILATOR_FLAGS)
define SIM_BUILD
$(call sim_bin,$(1),$(2)): $(call cfg_params,$(1)) $(RTL_SRCS) rtl/lint.vlt tb/shim/dut_verilator.cpp $(COSIM_OBJS) $(LIBXLATE)
	@mkdir -p $(BUILD)/sim/$(1)/$(2)
	@rm -f $$@
	+$(VERILATOR) $(VL_FLAGS) $(3) $$$$(cat $(call cfg_params,$(1))) -Mdir $(BUILD)/sim/$(1)/$(2)/obj \
	    $(abspath $(RTL_SRCS) tb/shim/dut_verilator.cpp) $(abspath $(COSIM_OBJS) $(LIBXLATE)) -o ../xlate-sim > $(BUILD)/sim/$(1)/$(2)/build.log 2>&1 \
	    || { tail -40 $(BUILD)/sim/$(1)/$(2)/build.log; exit 1; }
endef
$(foreach c,$(CONFIGS),$(eval $(call SIM_BUILD,$(c),fast,)))
$(foreach c,$(CONFIGS),$(eval $(call SIM_BUILD,$(c),waves,--trace-fst)))

SIM_VARIANT   = $(if $(WAVES),waves,fast)
SIM_OUT       = $(BUILD)/sim/$(SEL)
# Whether the directed traces are chosen by scripts/cfg-traces.sh (CFG=, or
# a preset without its own tests/traces/<name>/) rather than taken from
# tests/traces/<name>/.
SIM_BY_FILE   = $(if $(wildcard tests/traces/$(SEL)/*.trace),,yes)
# $(call sim_traces,OUTDIR): shell words computing the --trace arguments
sim_traces    = $(if $(TRACE),$(foreach t,$(TRACE),--trace $(t)),$(if $(SIM_BY_FILE),$$($(CFG_TRACES) $(XLATE_MODEL) $(call cfg_arg,$(SEL)) $(1)),$(foreach t,$(sort $(wildcard tests/traces/$(SEL)/*.trace)),--trace $(t))))

.PHONY: sim sim-build
sim-build: $(call sim_bin,$(SEL),$(SIM_VARIANT))

sim: sim-build $(XLATE_MODEL)
	@mkdir -p $(SIM_OUT)
	@echo "make sim: configuration $(SEL) ($(call cfg_file,$(SEL))), seed $(SEED), N=$(N)"
	@traces="$(call sim_traces,$(SIM_OUT))" || exit 2; \
	set -x; $(call sim_bin,$(SEL),$(SIM_VARIANT)) --preset $(call cfg_arg,$(SEL)) --seed $(SEED) --n $(N) \
	    --latency $(LATENCY) --backpressure $(BACKPRESSURE) $$traces \
	    $(if $(WAVES),--waves $(SIM_OUT)/waves.fst) \
	    --report $(SIM_OUT)/report.txt --junit $(SIM_OUT)/junit.xml \
	    --fail-trace $(SIM_OUT)/fail-seed$(SEED).trace \
	    --make-vars "LATENCY=$(LATENCY) BACKPRESSURE=$(BACKPRESSURE)"
	$(if $(WAVES),@echo "waveform: $(SIM_OUT)/waves.fst")
