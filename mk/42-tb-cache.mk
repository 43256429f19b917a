# Block testbench of the L1D: the Verilated rtl/xl_cache.sv against the
# model's cache (cmodel/src/cache.c), one simulator per preset (tb/cache/).
#
#   make test-tb-cache      every preset at TB_CACHE_QUICK accesses, plus
#                           mutated copies of xl_cache.sv that must be caught
#   make tb-cache [N=100000] [SEED=1] [TB_CACHE_PRESETS="x86_64 sv39 toy"]
#   make tb-cache PRESET=p | CFG=file.cfg   that configuration only
#
# Simulators: build/tb/cache/<label>/tb-cache (Verilator log: build.log,
# run log: run.log).  Each run ends with `1 passed, 0 failed` (or a MISMATCH
# report and `0 passed, 1 failed`); the suite prints the sum, one test per
# preset run and one per mutant.

VERILATOR        ?= verilator
TB_CACHE_PRESETS ?= x86_64 sv39 toy
TB_CACHE_QUICK   ?= 50000
TB_CACHE_SEED    ?= 1
TB_CACHE_DIR     := $(BUILD)/tb/cache
TB_CACHE_RTL     := rtl/xl_sram.sv rtl/xl_repl.sv rtl/xl_cache.sv
TB_CACHE_OBJ     := $(TB_CACHE_DIR)/obj/tb_cache.o
TB_CACHE_HDRS    := tb/cache/xlc_dut.h tb/cosim/rng.h $(wildcard cmodel/include/xlate/*.h)
TB_CACHE_DEPS    := rtl/lint.vlt tb/cache/xlc_shim.cpp tb/cache/xlc_dut.h $(TB_CACHE_OBJ) $(LIBXLATE)
# xl_cache's parameters among those `xlate-model --preset P params` prints
TB_CACHE_PARAMS  := PaBits|PageBits|CacheSets|CacheWays|CacheLine
TB_CACHE_VLFLAGS := --cc --exe --build -j 1 -Wall --assert --x-assign unique --x-initial unique \
                    --top-module xl_cache rtl/lint.vlt \
                    -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"

# Mutants the suite must catch (sed scripts on a copy of xl_cache.sv, built
# for one preset each; the real file is never touched):
#   dirty: a store hit no longer sets the line dirty (toy)
#   plru:  a hit no longer touches the PLRU state (x86_64 has 8 ways)
#   uncached: an uncached (Svpbmt NC / IO) access is served by the arrays
TB_CACHE_MUTANTS     := dirty plru uncached
TB_CACHE_MUT_dirty   := toy
TB_CACHE_SED_dirty   := s/wr_tag       = {1'b1, 1'b1, acc_tag};/wr_tag       = {1'b1, 1'b0, acc_tag};/
TB_CACHE_MUT_plru    := sv39
TB_CACHE_SED_plru    := s/wr_repl      = repl_t;/wr_repl      = repl_rd;/
TB_CACHE_MUT_uncached := toy
TB_CACHE_SED_uncached := s/uc_now    = !src_ptw_q \&\& core_uc_i;/uc_now    = 1'b0;/

$(TB_CACHE_OBJ): tb/cache/tb_cache.c $(TB_CACHE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) -Itb/cache -Itb/cosim -O2 -g -c $< -o $@

# A configuration's xl_cache parameters (one line of -G options), from its
# stamp (mk/05-config.mk); rewritten only when they change.
define TB_CACHE_PARAMS_RULE
$(TB_CACHE_DIR)/$(1)/params: $(call cfg_params,$(1))
	@mkdir -p $$(@D)
	tr ' ' '\n' < $$< | grep -E '^-G($(TB_CACHE_PARAMS))=' | tr '\n' ' ' \
	    | sed 's/ $$$$//' > $$@.tmp && $$(CFG_UPDATE)
endef
$(foreach c,$(CONFIGS),$(eval $(call TB_CACHE_PARAMS_RULE,$(c))))

ifeq ($(CFG_GIVEN),yes)
$(TB_CACHE_OBJ): | $(SEL_PARAMS)
endif

# $(call TB_CACHE_VERILATE,DIR,RTL files,extra flags): build DIR/tb-cache.
# The shim learns the parameters as -DXLC_<Name>=<value>.
# (The binary is removed first: Verilator's makefile does not relink when
# only the harness object or the model library changed.)
define TB_CACHE_VERILATE
	@rm -f $(1)/tb-cache
	+$(VERILATOR) $(TB_CACHE_VLFLAGS) $(3) $$(cat $(1)/params) \
	    -CFLAGS "-O2 -I$(CURDIR)/tb/cache $$(sed 's/-G/-DXLC_/g' $(1)/params)" -Mdir $(1)/obj \
	    $(abspath $(2) tb/cache/xlc_shim.cpp $(TB_CACHE_OBJ) $(LIBXLATE)) -o ../tb-cache > $(1)/build.log 2>&1 \
	    || { tail -40 $(1)/build.log; exit 1; }
endef

define TB_CACHE_BUILD
$(TB_CACHE_DIR)/$(1)/tb-cache: $(TB_CACHE_DIR)/$(1)/params $(TB_CACHE_RTL) $(TB_CACHE_DEPS)
	$$(call TB_CACHE_VERILATE,$(TB_CACHE_DIR)/$(1),$(TB_CACHE_RTL),)
endef
$(foreach c,$(CONFIGS),$(eval $(call TB_CACHE_BUILD,$(c))))

# A mutant: build/tb/cache/mutant-<name>/ holds the edited copy and its simulator.
define TB_CACHE_MUTANT
$(TB_CACHE_DIR)/mutant-$(1)/params: $(TB_CACHE_DIR)/$(TB_CACHE_MUT_$(1))/params
	@mkdir -p $$(@D)
	cp $$< $$@

$(TB_CACHE_DIR)/mutant-$(1)/xl_cache.sv: rtl/xl_cache.sv mk/42-tb-cache.mk
	@mkdir -p $$(@D)
	sed -e "$$(TB_CACHE_SED_$(1))" $$< > $$@.tmp
	@if cmp -s $$< $$@.tmp; then echo "tb-cache: mutant $(1) no longer applies to $$<"; rm -f $$@.tmp; exit 1; fi
	mv $$@.tmp $$@

$(TB_CACHE_DIR)/mutant-$(1)/tb-cache: $(TB_CACHE_DIR)/mutant-$(1)/params $(TB_CACHE_DIR)/mutant-$(1)/xl_cache.sv \
                                      rtl/xl_sram.sv rtl/xl_repl.sv $(TB_CACHE_DEPS)
	$$(call TB_CACHE_VERILATE,$(TB_CACHE_DIR)/mutant-$(1),rtl/xl_sram.sv rtl/xl_repl.sv $(TB_CACHE_DIR)/mutant-$(1)/xl_cache.sv,-Wno-fatal)
endef
$(foreach m,$(TB_CACHE_MUTANTS),$(eval $(call TB_CACHE_MUTANT,$(m))))

TB_CACHE_BINS     := $(foreach p,$(TB_CACHE_PRESETS),$(TB_CACHE_DIR)/$(p)/tb-cache)
TB_CACHE_MUT_BINS := $(foreach m,$(TB_CACHE_MUTANTS),$(TB_CACHE_DIR)/mutant-$(m)/tb-cache)

# $(call TB_CACHE_RUN,N,SEED,QUIET,MUTANTS,LABELS): run each configuration (and
# every mutant, which must end with exit 1 and a MISMATCH report), print the sum.
define TB_CACHE_RUN
	@pass=0; fail=0; \
	for pa in $(foreach c,$(5),$(c):$(call cfg_arg,$(c))); do \
	    p=$${pa%%:*}; arg=$${pa#*:}; log=$(TB_CACHE_DIR)/$$p/run.log; \
	    if $(TB_CACHE_DIR)/$$p/tb-cache --preset $$arg --seed $(2) --n $(1) > $$log 2>&1; then \
	        pass=$$((pass + 1)); \
	        if [ -n "$(3)" ]; then head -n 1 $$log; else sed '$$d' $$log; fi; \
	    else \
	        fail=$$((fail + 1)); echo "tb-cache $$p: FAILED"; cat $$log; \
	    fi; \
	done; \
	for mp in $(4); do \
	    m=$${mp%%:*}; p=$${mp#*:}; d=$(TB_CACHE_DIR)/mutant-$$m; log=$$d/run.log; rc=0; \
	    $$d/tb-cache --preset $$p --seed $(2) --n $(1) > $$log 2>&1 || rc=$$?; \
	    if [ $$rc = 1 ] && grep -q '^MISMATCH' $$log; then \
	        pass=$$((pass + 1)); echo "tb-cache mutant $$m ($$p): caught: $$(grep -m1 '^MISMATCH' $$log)"; \
	    else \
	        fail=$$((fail + 1)); echo "tb-cache mutant $$m ($$p): NOT caught (exit $$rc)"; tail -20 $$log; \
	    fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail = 0 ]
endef

.PHONY: test-tb-cache tb-cache tb-cache-build
TEST_SUITES += test-tb-cache
TEST_BUILD += $(TB_CACHE_BINS) $(TB_CACHE_MUT_BINS)

tb-cache-build: $(TB_CACHE_BINS) $(TB_CACHE_MUT_BINS)

test-tb-cache: $(TB_CACHE_BINS) $(TB_CACHE_MUT_BINS)
	$(call TB_CACHE_RUN,$(TB_CACHE_QUICK),$(TB_CACHE_SEED),quiet,$(foreach m,$(TB_CACHE_MUTANTS),$(m):$(TB_CACHE_MUT_$(m))),$(TB_CACHE_PRESETS))

# N and SEED are shared with `make sim`; here N defaults to 100000.
TB_CACHE_RUN_LIST = $(if $(CFG_GIVEN),$(SEL),$(TB_CACHE_PRESETS))
tb-cache: $(foreach c,$(TB_CACHE_RUN_LIST),$(TB_CACHE_DIR)/$(c)/tb-cache)
	$(call TB_CACHE_RUN,$(if $(filter command line,$(origin N)),$(N),100000),$(if $(filter command line,$(origin SEED)),$(SEED),1),,,$(TB_CACHE_RUN_LIST))
