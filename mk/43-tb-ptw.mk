# ---- block testbench of the page-table walker: make tb-ptw, make test-tb-ptw
#
#   make tb-ptw [N=100000] [SEED=1] [PRESET=p | CFG=file.cfg] [LATENCY=1:6] [BACKPRESSURE=25]
#       the Verilated xl_ptw against the model's walker (xl_mmu_walk), N
#       random walks per preset (every preset, or the configuration given
#       as PRESET= / CFG=), cache port served by a model cache with random
#       latency and back-pressure; prints the fault table per preset.
#   make test-tb-ptw
#       the suite run by `make test`: a few seconds per preset, plus a
#       mutant of xl_ptw.sv that the testbench must catch.
#   make tb-ptw-build
#       the simulators only (build/tb/ptw/<label>/ptw-sim).
#   make tb-ptw-waves PRESET=p|CFG=f [SEED=1] [N=1000] [LATENCY=..] [BACKPRESSURE=..]
#       one run of a tracing build: build/tb/ptw/<label>/waves/waves.fst.
#   make tb-ptw-mutants [N=100000]
#       mutation check of the testbench (tb/ptw/mutants.sh): two dozen
#       one-edit mutants of copies of xl_ptw / xl_pte_decode / xl_perm_check,
#       one Verilator build each (about 10 s), every one must be caught.
#
# Sources: tb/ptw/ptw_tb.c (C11 harness), tb/ptw/ptw_shim.cpp (extern "C"
# shim), tb/ptw/ptw_dut.h.  Verilator runs with -j 1 (shared machine).

VERILATOR       ?= verilator
TBPTW_PRESETS   ?= $(PRESETS)
TBPTW_DIR       := $(BUILD)/tb/ptw
TBPTW_RTL       := rtl/xl_pkg.sv rtl/xl_pte_decode.sv rtl/xl_perm_check.sv rtl/xl_ptw.sv
TBPTW_PNAMES    := Format|VaBits|PaBits|PageBits|Levels|LevelBits|LeafLevels|AsidBits|AdPolicy|MemBytes|Ext
TBPTW_OBJ       := $(TBPTW_DIR)/obj/ptw_tb.o
TBPTW_DEPS      := tb/ptw/ptw_dut.h $(wildcard cmodel/include/xlate/*.h)
# walks per preset in `make test`, and the default of `make tb-ptw`
TBPTW_TEST_N    ?= 200000
TBPTW_FULL_N    ?= 1000000
# The mutant: pte_bus boundary `>=` turned into `>` (a table at exactly
# mem_bytes must fault).
TBPTW_MUT_FROM  := >= MemBytes
TBPTW_MUT_TO    := > MemBytes

# Command-line values only, so that other fragments' defaults (N, SEED,
# PRESET, LATENCY, BACKPRESSURE of `make sim`) are never borrowed.
tbptw_arg = $(if $(filter command line environment,$(origin $(1))),$($(1)),$(2))

TBPTW_VL_FLAGS  := --cc --exe --build -j 1 -Wall --assert --x-assign fast --x-initial unique \
                   --top-module xl_ptw -Wno-fatal \
                   -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"

$(TBPTW_OBJ): tb/ptw/ptw_tb.c $(TBPTW_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) -Itb/ptw -O2 -g -c $< -o $@

# $(1) = simulator directory, $(2) = configuration label, $(3) = RTL sources,
# $(4) = extra Verilator flags.  The parameters come from the configuration's
# stamp (mk/05-config.mk) and are rewritten only when they change.
define TBPTW_SIM
$(1)/params: $(call cfg_params,$(2))
	@mkdir -p $(1)
	tr ' ' '\n' < $$< | grep -E -- '^-G($(TBPTW_PNAMES))=' | tr '\n' ' ' > $$@.tmp
	if cmp -s $$@.tmp $$@ && [ -f $(1)/ptw_params.h ]; then rm -f $$@.tmp; else \
	    echo '#define XL_PTW_PARAMS "'"$$$$(cat $$@.tmp)"'"' > $(1)/ptw_params.h && mv $$@.tmp $$@; fi
$(1)/ptw-sim: $(1)/params $(3) rtl/lint.vlt tb/ptw/ptw_shim.cpp tb/ptw/ptw_dut.h $(TBPTW_OBJ) $(LIBXLATE)
	@rm -f $$@    # Verilator's makefile does not see the harness object change
	+$(VERILATOR) $(TBPTW_VL_FLAGS) $(4) $$$$(cat $(1)/params) -Mdir $(1)/obj \
	    -CFLAGS "-O2 -I$(CURDIR)/tb/ptw -I$(CURDIR)/$(1) -I$(CURDIR)/cmodel/include" \
	    $(abspath rtl/lint.vlt $(3) tb/ptw/ptw_shim.cpp $(TBPTW_OBJ) $(LIBXLATE)) -o ../ptw-sim \
	    > $(1)/build.log 2>&1 || { tail -40 $(1)/build.log; exit 1; }
endef
$(foreach c,$(CONFIGS),$(eval $(call TBPTW_SIM,$(TBPTW_DIR)/$(c),$(c),$(TBPTW_RTL),)))
$(foreach c,$(CONFIGS),$(eval $(call TBPTW_SIM,$(TBPTW_DIR)/$(c)/waves,$(c),$(TBPTW_RTL),--trace-fst)))

ifeq ($(CFG_GIVEN),yes)
$(TBPTW_OBJ): | $(SEL_PARAMS)
endif

# The mutant copy of the walker (never the real file) and its simulator.
TBPTW_MUT_RTL := $(filter-out rtl/xl_ptw.sv,$(TBPTW_RTL)) $(TBPTW_DIR)/mut-x86_64/xl_ptw.sv
$(TBPTW_DIR)/mut-x86_64/xl_ptw.sv: rtl/xl_ptw.sv
	@mkdir -p $(@D)
	sed "s/$(TBPTW_MUT_FROM)/$(TBPTW_MUT_TO)/" $< > $@.tmp
	@if cmp -s $< $@.tmp; then echo "tb-ptw: the mutation [$(TBPTW_MUT_FROM)] no longer applies"; rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@
$(eval $(call TBPTW_SIM,$(TBPTW_DIR)/mut-x86_64,x86_64,$(TBPTW_MUT_RTL),))

TBPTW_SIMS := $(foreach p,$(TBPTW_PRESETS),$(TBPTW_DIR)/$(p)/ptw-sim)

.PHONY: tb-ptw tb-ptw-build test-tb-ptw tb-ptw-mutants tb-ptw-waves
TEST_SUITES += test-tb-ptw
TEST_BUILD += $(TBPTW_SIMS) $(TBPTW_DIR)/mut-x86_64/ptw-sim

tb-ptw-build: $(TBPTW_SIMS) $(TBPTW_DIR)/mut-x86_64/ptw-sim

TBPTW_RUN_PRESETS = $(if $(CFG_GIVEN),$(SEL),$(TBPTW_PRESETS))
TBPTW_RUN_ARGS    = --seed $(call tbptw_arg,SEED,1) --latency $(call tbptw_arg,LATENCY,1:6) \
                    --backpressure $(call tbptw_arg,BACKPRESSURE,25)

tb-ptw: $(foreach c,$(TBPTW_RUN_PRESETS),$(TBPTW_DIR)/$(c)/ptw-sim)
	@pass=0; fail=0; \
	for pa in $(foreach c,$(TBPTW_RUN_PRESETS),$(c):$(call cfg_arg,$(c))); do \
	    p=$${pa%%:*}; arg=$${pa#*:}; \
	    echo "== tb-ptw $$p"; \
	    if $(TBPTW_DIR)/$$p/ptw-sim --preset $$arg --n $(call tbptw_arg,N,$(TBPTW_FULL_N)) $(TBPTW_RUN_ARGS) \
	        --require-coverage 2>&1 | tee $(TBPTW_DIR)/$$p/run.log; then :; fi; \
	    if tail -n 1 $(TBPTW_DIR)/$$p/run.log | grep -qx '1 passed, 0 failed'; then pass=$$((pass + 1)); \
	    else fail=$$((fail + 1)); fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

test-tb-ptw: $(TBPTW_SIMS) $(TBPTW_DIR)/mut-x86_64/ptw-sim
	@pass=0; fail=0; \
	for p in $(TBPTW_PRESETS); do \
	    log=$(TBPTW_DIR)/$$p/test.log; \
	    $(TBPTW_DIR)/$$p/ptw-sim --preset $$p --n $(TBPTW_TEST_N) --seed 1 --require-coverage > $$log 2>&1; rc=$$?; \
	    if [ $$rc = 0 ] && tail -n 1 $$log | grep -qx '1 passed, 0 failed'; then \
	        pass=$$((pass + 1)); echo "tb-ptw $$p: PASS ($$(grep -o '[0-9]* walks compared' $$log), $$(grep -o '[0-9.]* s$$' $$log))"; \
	    else fail=$$((fail + 1)); echo "tb-ptw $$p: FAIL (exit $$rc)"; cat $$log; fi; \
	done; \
	log=$(TBPTW_DIR)/mut-x86_64/test.log; \
	$(TBPTW_DIR)/mut-x86_64/ptw-sim --preset x86_64 --n $(TBPTW_TEST_N) --seed 1 --expect-mismatch > $$log 2>&1; rc=$$?; \
	if [ $$rc = 0 ] && grep -q '^MISMATCH' $$log; then \
	    pass=$$((pass + 1)); echo "tb-ptw mutant of xl_ptw.sv ($(TBPTW_MUT_FROM) -> $(TBPTW_MUT_TO)): caught: $$(grep -m1 '^MISMATCH' $$log)"; \
	else fail=$$((fail + 1)); echo "tb-ptw mutant of xl_ptw.sv ($(TBPTW_MUT_FROM) -> $(TBPTW_MUT_TO)): NOT caught (exit $$rc)"; cat $$log; fi; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

tb-ptw-mutants: $(TBPTW_OBJ) $(LIBXLATE) $(XLATE_MODEL)
	@tb/ptw/mutants.sh $(TBPTW_DIR)/mutants $(TBPTW_OBJ) $(LIBXLATE) $(XLATE_MODEL) $(call tbptw_arg,N,100000)

TBPTW_WAVES_PRESET = $(SEL)
tb-ptw-waves: $(TBPTW_DIR)/$(TBPTW_WAVES_PRESET)/waves/ptw-sim
	$< --preset $(call cfg_arg,$(SEL)) --n $(call tbptw_arg,N,1000) $(TBPTW_RUN_ARGS) \
	    --waves $(TBPTW_DIR)/$(TBPTW_WAVES_PRESET)/waves/waves.fst; \
	echo "waveform: $(TBPTW_DIR)/$(TBPTW_WAVES_PRESET)/waves/waves.fst"
