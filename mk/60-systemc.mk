# ---- SystemC: make sim-sc, the TLM-2.0 golden model, their tests ----------
#
#   make sim-sc [PRESET=x86_64 | CFG=file.cfg] [SEED=1] [N=200000] [TRACE=file] [WAVES=1]
#               [LATENCY=1:20] [BACKPRESSURE=10] [RESULTS=file]
#       `make sim` with the RTL as a Verilated SystemC module (verilator --sc)
#       clocked by an sc_clock and the memory model as an SC_METHOD; same
#       stimulus, model, scoreboard and report (tb/cosim/*.o), same results
#       for the same configuration/SEED/N, the same directed traces.
#       Report: build/sim-sc/<label>/report.txt (labels: mk/05-config.mk).
#       RESULTS=file writes every RTL result as a canonical line.
#   make sc-rtl-lib [PRESET=x86_64 | CFG=file.cfg] [WAVES=1]
#       the Verilated SystemC model alone, as a library for your own platform.
#   make tlm-example [PRESET=x86_64 | CFG=file.cfg]
#       the example platform of sim/platform/: traffic generator -> xlate_tlm
#       (the golden model as a TLM-2.0 component) -> memory target.
#   make test-sim-sc      make sim and make sim-sc agree line for line
#   make test-tlm         the TLM wrapper's own tests and the example platform
#   make test-sc-xcheck   one transaction list through xlate_tlm and through
#                         the Verilated SystemC RTL behind the same socket
#
# docs/systemc.md describes the components.  SC_PRESETS (x86_64 sv39) are
# the presets the RTL-based suites build; SC_TEST_N / SC_TEST_SEED size them.

SC_PRESETS    ?= x86_64 sv39
SC_TEST_N     ?= 20000
SC_TEST_SEED  ?= 1
RESULTS       ?=

SC_DIR        := $(BUILD)/sim-sc
SC_TLM_DIR    := $(BUILD)/systemc
SYSTEMC_INCLUDE ?= $(or $(shell pkg-config --variable=includedir systemc 2>/dev/null),/usr/include)
SYSTEMC_LIBDIR  ?= $(or $(shell pkg-config --variable=libdir systemc 2>/dev/null),/usr/lib/x86_64-linux-gnu)
SC_ENV         = SYSTEMC_INCLUDE=$(SYSTEMC_INCLUDE) SYSTEMC_LIBDIR=$(SYSTEMC_LIBDIR)
VL_ROOT        = $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)

SC_CXX        ?= g++
SC_CXXFLAGS    = -std=c++17 -Wall -Wextra -Werror -O2 -g $(if $(filter /usr/include,$(SYSTEMC_INCLUDE)),,-isystem $(SYSTEMC_INCLUDE))
SC_CPPFLAGS   := -Icmodel/include -Itb/include -Itb/cosim -Itb/sc -Isim/tlm -Isim/platform \
                 -DXL_CFG_DIR='"$(CFG_DIR)"'
SC_VL_INC      = -isystem $(VL_ROOT)/include -isystem $(VL_ROOT)/include/vltstd -faligned-new
SC_LIBS        = -L$(SYSTEMC_LIBDIR) -lsystemc -pthread
# xlate_tlm sees the model's line fills and write-backs by link-time
# interposition of the two memory-port functions (docs/systemc.md).
XLATE_TLM_LDFLAGS :=

# Verilator for SystemC: same checks and options as `make sim`, one job.
SC_VL_FLAGS   := --sc -Wall --assert --x-assign fast --x-initial unique --top-module xl_mmu -Wno-fatal rtl/lint.vlt
SC_VL_MAKE    := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2

SC_TLM_HDRS   := $(wildcard sim/tlm/*.h) $(wildcard cmodel/include/xlate/*.h)
SC_TLM_OBJ    := $(SC_TLM_DIR)/obj/xlate_tlm.o
SC_RTL_HDRS   := tb/sc/xl_sc_rtl.h $(COSIM_HDRS)

# $(call sc_dir,LABEL,VARIANT) -> build directory of one SystemC RTL build
sc_dir = $(SC_DIR)/$(1)/$(2)
sc_bin = $(SC_DIR)/$(1)/$(2)/xlate-sim-sc

$(SC_TLM_DIR)/obj/%.o: sim/tlm/%.cpp $(SC_TLM_HDRS)
	@mkdir -p $(@D)
	$(SC_CXX) $(SC_CXXFLAGS) $(SC_CPPFLAGS) -c $< -o $@

$(SC_TLM_DIR)/obj/platform/%.o: sim/platform/%.cpp $(SC_TLM_HDRS) $(wildcard sim/platform/*.h)
	@mkdir -p $(@D)
	$(SC_CXX) $(SC_CXXFLAGS) $(SC_CPPFLAGS) -c $< -o $@

# $(1) preset, $(2) variant (fast | waves), $(3) extra Verilator flags,
# $(4) extra defines for code including the model, $(5) extra libraries
define SC_RTL_BUILD
$(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a: $(call cfg_params,$(1)) $(RTL_SRCS) rtl/lint.vlt tb/sc/verilated-lib.mk
	@mkdir -p $(call sc_dir,$(1),$(2))/obj
	$$(SC_ENV) $(VERILATOR) $(SC_VL_FLAGS) $(3) $$$$(cat $(call cfg_params,$(1))) -Mdir $(call sc_dir,$(1),$(2))/obj \
	    $(abspath $(RTL_SRCS)) > $(call sc_dir,$(1),$(2))/build.log 2>&1 \
	    || { tail -40 $(call sc_dir,$(1),$(2))/build.log; exit 1; }
	$$(SC_ENV) $(MAKE) -j 1 -C $(call sc_dir,$(1),$(2))/obj -f Vxl_mmu.mk -f $(CURDIR)/tb/sc/verilated-lib.mk \
	    libxl_mmu_sc.a $(SC_VL_MAKE) >> $(call sc_dir,$(1),$(2))/build.log 2>&1 \
	    || { tail -40 $(call sc_dir,$(1),$(2))/build.log; exit 1; }
$(call sc_dir,$(1),$(2))/dut_systemc.o: tb/sc/dut_systemc.cpp $(SC_RTL_HDRS) $(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a
	$(SC_CXX) $$(SC_CXXFLAGS) $(SC_CPPFLAGS) $$(SC_VL_INC) -I$(call sc_dir,$(1),$(2))/obj -DVM_SC=1 $(4) -c $$< -o $$@
$(call sc_dir,$(1),$(2))/xl_rtl_tlm.o: tb/sc/xl_rtl_tlm.cpp tb/sc/xl_rtl_tlm.h $(SC_RTL_HDRS) $(SC_TLM_HDRS) $(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a
	$(SC_CXX) $$(SC_CXXFLAGS) $(SC_CPPFLAGS) $$(SC_VL_INC) -I$(call sc_dir,$(1),$(2))/obj -DVM_SC=1 $(4) -c $$< -o $$@
$(call sc_dir,$(1),$(2))/xcheck.o: tests/systemc/xcheck.cpp tb/sc/xl_rtl_tlm.h $(SC_RTL_HDRS) $(SC_TLM_HDRS) $(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a
	$(SC_CXX) $$(SC_CXXFLAGS) $(SC_CPPFLAGS) $$(SC_VL_INC) -I$(call sc_dir,$(1),$(2))/obj -DVM_SC=1 $(4) -c $$< -o $$@
$(call sc_bin,$(1),$(2)): $(call sc_dir,$(1),$(2))/dut_systemc.o $(COSIM_OBJS) $(LIBXLATE) $(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a
	$(SC_CXX) -o $$@ $$^ $$(SC_LIBS) $(5)
$(call sc_dir,$(1),$(2))/xcheck: $(call sc_dir,$(1),$(2))/xcheck.o $(call sc_dir,$(1),$(2))/xl_rtl_tlm.o $(SC_TLM_OBJ) \
        $(BUILD)/obj/cosim/stim.o $(BUILD)/obj/cosim/memsim.o $(LIBXLATE) $(call sc_dir,$(1),$(2))/obj/libxl_mmu_sc.a
	$(SC_CXX) -o $$@ $$^ $$(SC_LIBS) $(XLATE_TLM_LDFLAGS) $(5)
endef
$(foreach c,$(CONFIGS),$(eval $(call SC_RTL_BUILD,$(c),fast,,-DVM_TRACE=0,)))
$(foreach c,$(CONFIGS),$(eval $(call SC_RTL_BUILD,$(c),waves,--trace-fst,-DVM_TRACE=1 -DVM_TRACE_FST=1,-lz)))

# With a configuration given, the shared TLM objects wait for it to validate.
ifeq ($(CFG_GIVEN),yes)
$(SC_TLM_OBJ) $(SC_TLM_DIR)/obj/platform/platform_main.o: | $(SEL_PARAMS)
endif

# ---- make sim-sc ----
SC_VARIANT    = $(if $(WAVES),waves,fast)
SC_OUT        = $(SC_DIR)/$(SEL)

.PHONY: sim-sc sim-sc-build sc-rtl-lib tlm-example test-sim-sc test-tlm test-sc-xcheck
sim-sc-build: $(call sc_bin,$(SEL),$(SC_VARIANT))

# The Verilated SystemC model of the configuration as a library, for your own
# platform (docs/systemc.md section 6): build/sim-sc/<label>/fast/obj/libxl_mmu_sc.a,
# headers in the same directory.
sc-rtl-lib: $(call sc_dir,$(SEL),$(SC_VARIANT))/obj/libxl_mmu_sc.a
	@echo "library: $<"; echo "headers: $(dir $<)"

sim-sc: sim-sc-build $(XLATE_MODEL)
	@mkdir -p $(SC_OUT)
	@echo "make sim-sc: configuration $(SEL) ($(call cfg_file,$(SEL))), seed $(SEED), N=$(N)"
	@traces="$(call sim_traces,$(SC_OUT))" || exit 2; \
	set -x; $(call sc_bin,$(SEL),$(SC_VARIANT)) --preset $(call cfg_arg,$(SEL)) --seed $(SEED) --n $(N) \
	    --latency $(LATENCY) --backpressure $(BACKPRESSURE) $$traces \
	    $(if $(WAVES),--waves $(SC_OUT)/waves.fst) \
	    $(if $(RESULTS),--results $(RESULTS)) \
	    --report $(SC_OUT)/report.txt --junit $(SC_OUT)/junit.xml \
	    --fail-trace $(SC_OUT)/fail-seed$(SEED).trace \
	    --make-vars "LATENCY=$(LATENCY) BACKPRESSURE=$(BACKPRESSURE)"
	$(if $(WAVES),@echo "waveform: $(SC_OUT)/waves.fst")

# ---- the TLM model: example platform and tests (no Verilator needed) ----
TLM_EXAMPLE   := $(SC_TLM_DIR)/xlate-tlm-example
TLM_TEST      := $(SC_TLM_DIR)/tlm-test
TLM_EXAMPLE_N ?= 100000

$(TLM_EXAMPLE): $(SC_TLM_DIR)/obj/platform/platform_main.o $(SC_TLM_OBJ) $(LIBXLATE)
	$(SC_CXX) -o $@ $^ $(SC_LIBS) $(XLATE_TLM_LDFLAGS)

$(SC_TLM_DIR)/obj/tests/%.o: tests/systemc/%.cpp $(SC_TLM_HDRS) $(wildcard sim/platform/*.h)
	@mkdir -p $(@D)
	$(SC_CXX) $(SC_CXXFLAGS) $(SC_CPPFLAGS) -c $< -o $@

$(TLM_TEST): $(SC_TLM_DIR)/obj/tests/tlm_test.o $(SC_TLM_OBJ) $(BUILD)/obj/cosim/stim.o $(LIBXLATE)
	$(SC_CXX) -o $@ $^ $(SC_LIBS) $(XLATE_TLM_LDFLAGS)

tlm-example: $(TLM_EXAMPLE)
	SC_COPYRIGHT_MESSAGE=DISABLE $(TLM_EXAMPLE) $(call cfg_arg,$(SEL)) $(TLM_EXAMPLE_N) $(SEED)

# ---- test suites (tests/systemc/run.sh) ----
SC_XCHECK_BINS := $(foreach p,$(SC_PRESETS),$(call sc_dir,$(p),fast)/xcheck)
SC_SIM_BINS    := $(foreach p,$(SC_PRESETS),$(call sc_bin,$(p),fast) $(call sim_bin,$(p),fast))
TEST_SUITES += test-tlm test-sim-sc test-sc-xcheck
TEST_BUILD += $(TLM_EXAMPLE) $(TLM_TEST) $(SC_SIM_BINS) $(SC_XCHECK_BINS)

test-tlm: $(TLM_EXAMPLE) $(TLM_TEST)
	PRESETS="$(PRESETS)" bash tests/systemc/run.sh tlm

test-sim-sc: $(SC_SIM_BINS)
	SC_PRESETS="$(SC_PRESETS)" SC_N=$(SC_TEST_N) SC_SEED=$(SC_TEST_SEED) bash tests/systemc/run.sh sim-sc

test-sc-xcheck: $(SC_XCHECK_BINS)
	SC_PRESETS="$(SC_PRESETS)" SC_N=$(SC_TEST_N) SC_SEED=$(SC_TEST_SEED) bash tests/systemc/run.sh xcheck
