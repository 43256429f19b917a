# ---- co-simulation: make sim ---------------------------------------------
#
#   make sim [PRESET=x86_64] [SEED=1] [N=200000] [TRACE=file] [WAVES=1]
#            [LATENCY=1:20] [BACKPRESSURE=10]
#
# Builds the Verilated xl_mmu for PRESET (one build per preset, and one with
# FST tracing when WAVES=1), links it with the C harness and the golden
# model, runs every directed trace of the preset and then N random
# transactions.  Report: build/sim/<preset>/report.txt and junit.xml.

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

# $(call sim_bin,PRESET,VARIANT) -> path of the simulator binary
sim_bin = $(BUILD)/sim/$(1)/$(2)/xlate-sim

# The preset's RTL parameters, regenerated when the preset changes.
$(BUILD)/sim/%/params: cfg/%.cfg $(BUILD)/bin/xlate-model
	@mkdir -p $(@D)
	$(BUILD)/bin/xlate-model --preset $* params > $@.tmp && mv $@.tmp $@

define SIM_BUILD
$(call sim_bin,$(1),fast): $(BUILD)/sim/$(1)/params $(RTL_SRCS) rtl/lint.vlt tb/shim/dut_verilator.cpp $(COSIM_OBJS) $(LIBXLATE)
	@mkdir -p $(BUILD)/sim/$(1)/fast
	@rm -f $$@
	+$(VERILATOR) $(VL_FLAGS) $$$$(cat $(BUILD)/sim/$(1)/params) -Mdir $(BUILD)/sim/$(1)/fast/obj \
	    $(abspath $(RTL_SRCS) tb/shim/dut_verilator.cpp) $(abspath $(COSIM_OBJS) $(LIBXLATE)) -o ../xlate-sim > $(BUILD)/sim/$(1)/fast/build.log 2>&1 \
	    || { tail -40 $(BUILD)/sim/$(1)/fast/build.log; exit 1; }
$(call sim_bin,$(1),waves): $(BUILD)/sim/$(1)/params $(RTL_SRCS) rtl/lint.vlt tb/shim/dut_verilator.cpp $(COSIM_OBJS) $(LIBXLATE)
	@mkdir -p $(BUILD)/sim/$(1)/waves
	@rm -f $$@
	+$(VERILATOR) $(VL_FLAGS) --trace-fst $$$$(cat $(BUILD)/sim/$(1)/params) -Mdir $(BUILD)/sim/$(1)/waves/obj \
	    $(abspath $(RTL_SRCS) tb/shim/dut_verilator.cpp) $(abspath $(COSIM_OBJS) $(LIBXLATE)) -o ../xlate-sim > $(BUILD)/sim/$(1)/waves/build.log 2>&1 \
	    || { tail -40 $(BUILD)/sim/$(1)/waves/build.log; exit 1; }
endef
$(foreach p,$(PRESETS),$(eval $(call SIM_BUILD,$(p))))

SIM_VARIANT   = $(if $(WAVES),waves,fast)
SIM_TRACES    = $(if $(TRACE),$(TRACE),$(sort $(wildcard tests/traces/$(PRESET)/*.trace)))
SIM_OUT       = $(BUILD)/sim/$(PRESET)

.PHONY: sim sim-build
sim-build: $(call sim_bin,$(PRESET),$(SIM_VARIANT))

sim: sim-build
	@mkdir -p $(SIM_OUT)
	$(call sim_bin,$(PRESET),$(SIM_VARIANT)) --preset $(PRESET) --seed $(SEED) --n $(N) \
	    --latency $(LATENCY) --backpressure $(BACKPRESSURE) \
	    $(foreach t,$(SIM_TRACES),--trace $(t)) \
	    $(if $(WAVES),--waves $(SIM_OUT)/waves.fst) \
	    --report $(SIM_OUT)/report.txt --junit $(SIM_OUT)/junit.xml \
	    --fail-trace $(SIM_OUT)/fail-seed$(SEED).trace \
	    --make-vars "LATENCY=$(LATENCY) BACKPRESSURE=$(BACKPRESSURE)"
	$(if $(WAVES),@echo "waveform: $(SIM_OUT)/waves.fst")
