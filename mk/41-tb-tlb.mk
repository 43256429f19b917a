# Block testbench of the TLB: the Verilated rtl/xl_tlb.sv against the
# model's TLB (cmodel/src/tlb.c), one simulator per preset (tb/tlb/).
#
#   make test-tb-tlb        every preset and variant at TB_TLB_QUICK
#                           operations, plus a mutated copy of xl_tlb.sv
#                           that must be caught
#   make tb-tlb [N=100000] [SEED=1] [PRESET=p | CFG=file.cfg]
#                           every preset and variant at N operations, with
#                           coverage counters; with PRESET= or CFG= that
#                           configuration only (build/tb/tlb/<label>/)
#
# Presets: TB_TLB_PRESETS (cfg/<name>.cfg).  Variants: TB_TLB_VARIANTS, a
# preset with some keys changed (TB_TLB_CFG_<variant>), written to
# build/tb/tlb/<variant>/preset.cfg and registered as configurations
# (mk/05-config.mk); they cover what no preset uses (true LRU, 512 GiB
# pages, one set, a 2-way PLRU, a single superpage entry).  The xl_tlb
# parameters of a configuration are filtered from its build/cfg/<label>/params.
# Builds land in build/tb/tlb/<name>/ (simulator: tb-tlb), logs next to
# them.  Each run prints `1 passed, 0 failed` (or a MISMATCH report); the
# suite ends with the sum, one test per run.

VERILATOR       ?= verilator
TB_TLB_PRESETS  ?= x86_64 sv39 toy
TB_TLB_VARIANTS ?= sv48-lru x86-tiny
TB_TLB_CFG_sv48-lru := sv48 tlb_sets=8 tlb_super=4 tlb_repl=lru
TB_TLB_CFG_x86-tiny := x86_64 tlb_sets=1 tlb_ways=2 tlb_super=1
TB_TLB_QUICK    ?= 100000
TB_TLB_SEED     ?= 1
TB_TLB_DIR      := $(BUILD)/tb/tlb
TB_TLB_RTL      := rtl/xl_pkg.sv rtl/xl_regfile.sv rtl/xl_repl.sv rtl/xl_tlb.sv
TB_TLB_OBJ      := $(TB_TLB_DIR)/obj/tb_tlb.o
TB_TLB_HDRS     := tb/tlb/tlb_dut.h tb/cosim/rng.h $(wildcard cmodel/include/xlate/*.h)
TB_TLB_SIM_DEP  := rtl/lint.vlt tb/tlb/tlb_shim.cpp tb/tlb/tlb_dut.h $(TB_TLB_OBJ) $(LIBXLATE)
TB_TLB_ALL      := $(TB_TLB_PRESETS) $(TB_TLB_VARIANTS)
# xl_tlb's parameters among those `xlate-model --preset P params` prints
TB_TLB_PARAMS   := VaBits|PaBits|PageBits|LevelBits|AsidBits|TlbSets|TlbWays|TlbSuper|TlbRepl
# Replace $@ by $@.tmp only if they differ, so that regenerating a file
# with the same text rebuilds nothing downstream.
TB_TLB_UPDATE   = if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
TB_TLB_VLFLAGS  := --cc --exe --build -j 1 -Wall --assert --x-assign unique --x-initial unique \
                   --top-module xl_tlb rtl/lint.vlt \
                   -CFLAGS "-O2 -I$(CURDIR)/tb/tlb" \
                   -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"

# The mutant the suite must catch: a walk_begin followed by an invalidation
# no longer arms the race guard, so the walk's refill is installed.
TB_TLB_MUT_PRESET := toy
TB_TLB_MUT_SED    := s/(pend_q || walk_begin_i)) stale_d/(walk_begin_i)) stale_d/
TB_TLB_MUT_DIR    := $(TB_TLB_DIR)/mutant/$(TB_TLB_MUT_PRESET)

$(TB_TLB_OBJ): tb/tlb/tb_tlb.c $(TB_TLB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) -Itb/tlb -Itb/cosim -O2 -g -c $< -o $@

# A variant's preset file: its base preset with the listed keys replaced.
$(TB_TLB_DIR)/%/preset.cfg: mk/41-tb-tlb.mk
	@mkdir -p $(@D)
	@test -n "$(TB_TLB_CFG_$*)" || { echo "tb-tlb: no TB_TLB_CFG_$* for variant $*"; exit 1; }
	sed -e 's/^name .*/name = $*/' $(foreach kv,$(wordlist 2,99,$(TB_TLB_CFG_$*)),\
	    -e 's/^$(word 1,$(subst =, ,$(kv))) .*/$(word 1,$(subst =, ,$(kv))) = $(word 2,$(subst =, ,$(kv)))/') \
	    cfg/$(word 1,$(TB_TLB_CFG_$*)).cfg > $@.tmp && $(TB_TLB_UPDATE)

# The variants are configurations too: their stamps build/cfg/<variant>/params.
$(foreach v,$(TB_TLB_VARIANTS),$(eval cfg_file_$(v) := $(TB_TLB_DIR)/$(v)/preset.cfg)$(eval cfg_arg_$(v) := $(TB_TLB_DIR)/$(v)/preset.cfg))
$(foreach v,$(TB_TLB_VARIANTS),$(eval $(call CFG_STAMP,$(v),$(TB_TLB_DIR)/$(v)/preset.cfg)))

# Which configurations have tb-tlb rules: every known one and the variants.
TB_TLB_CONFIGS := $(CONFIGS) $(filter-out $(CONFIGS),$(TB_TLB_VARIANTS))

# The xl_tlb parameters of a configuration, from its stamp.
define TB_TLB_PARAMS_RULE
$(TB_TLB_DIR)/$(1)/params: $(call cfg_params,$(1))
	@mkdir -p $$(@D)
	tr ' ' '\n' < $$< | grep -E '^-G($(TB_TLB_PARAMS))=' | tr '\n' ' ' | sed 's/ $$$$//' > $$@.tmp && $$(TB_TLB_UPDATE)
endef
$(foreach c,$(TB_TLB_CONFIGS),$(eval $(call TB_TLB_PARAMS_RULE,$(c))))

# The header telling the shim what it was built for.
$(TB_TLB_DIR)/%/tlb_build.h: $(TB_TLB_DIR)/%/params
	printf '#define XL_TLB_PRESET "%s"\n#define XL_TLB_PARAMS "%s"\n' '$(lastword $(subst /, ,$*))' \
	    "$$(cat $<)" > $@.tmp && $(TB_TLB_UPDATE)

# $(call TB_TLB_VERILATE,DIR,RTL files): build DIR/tb-tlb (log: DIR/build.log).
# Verilator's generated Makefile does not relink when only the harness
# object or the model library changed: remove the old binary first.
define TB_TLB_VERILATE
	rm -f $(1)/tb-tlb
	+$(VERILATOR) $(TB_TLB_VLFLAGS) -CFLAGS "-I$(CURDIR)/$(1)" $$(cat $(1)/params) -Mdir $(1)/obj \
	    $(abspath $(2) tb/tlb/tlb_shim.cpp $(TB_TLB_OBJ) $(LIBXLATE)) -o ../tb-tlb > $(1)/build.log 2>&1 \
	    || { tail -40 $(1)/build.log; exit 1; }
endef

define TB_TLB_BUILD
$(TB_TLB_DIR)/$(1)/tb-tlb: $(TB_TLB_DIR)/$(1)/params $(TB_TLB_DIR)/$(1)/tlb_build.h $(TB_TLB_RTL) $(TB_TLB_SIM_DEP)
	$$(call TB_TLB_VERILATE,$(TB_TLB_DIR)/$(1),$(TB_TLB_RTL))
endef
$(foreach c,$(TB_TLB_CONFIGS),$(eval $(call TB_TLB_BUILD,$(c))))

ifeq ($(CFG_GIVEN),yes)
$(TB_TLB_OBJ): | $(SEL_PARAMS)
endif

# The mutant: a sed-edited copy of xl_tlb.sv under build/, never the real file.
$(TB_TLB_MUT_DIR)/params: $(TB_TLB_DIR)/$(TB_TLB_MUT_PRESET)/params
	@mkdir -p $(@D)
	cp $< $@.tmp && $(TB_TLB_UPDATE)

$(TB_TLB_MUT_DIR)/xl_tlb.sv: rtl/xl_tlb.sv mk/41-tb-tlb.mk
	@mkdir -p $(@D)
	sed -e '$(TB_TLB_MUT_SED)' $< > $@.tmp
	@if cmp -s $< $@.tmp; then echo "tb-tlb: the mutation '$(TB_TLB_MUT_SED)' no longer applies to $<"; \
	    rm -f $@.tmp; exit 1; fi
	$(TB_TLB_UPDATE)

$(TB_TLB_MUT_DIR)/tb-tlb: $(TB_TLB_MUT_DIR)/params $(TB_TLB_MUT_DIR)/tlb_build.h $(TB_TLB_MUT_DIR)/xl_tlb.sv \
                          rtl/xl_pkg.sv rtl/xl_regfile.sv rtl/xl_repl.sv $(TB_TLB_SIM_DEP)
	$(call TB_TLB_VERILATE,$(TB_TLB_MUT_DIR),rtl/xl_pkg.sv rtl/xl_regfile.sv rtl/xl_repl.sv $(TB_TLB_MUT_DIR)/xl_tlb.sv)

TB_TLB_BINS := $(foreach p,$(TB_TLB_ALL),$(TB_TLB_DIR)/$(p)/tb-tlb)
# What `make tb-tlb` runs: the one configuration given, else every preset and variant.
TB_TLB_RUN_LIST = $(if $(CFG_GIVEN),$(SEL),$(TB_TLB_ALL))

# $(call TB_TLB_RUN,N,SEED,QUIET,EXTRA,LABELS): run each configuration (then
# the EXTRA shell commands, which may count into pass / fail), print the sum.
define TB_TLB_RUN
	@pass=0; fail=0; \
	for pa in $(foreach c,$(5),$(c):$(call cfg_arg,$(c))); do \
	    p=$${pa%%:*}; arg=$${pa#*:}; log=$(TB_TLB_DIR)/$$p/run.log; \
	    if $(TB_TLB_DIR)/$$p/tb-tlb --preset $$arg --seed $(2) --n $(1) > $$log 2>&1; then \
	        pass=$$((pass + 1)); \
	        if [ -n "$(3)" ]; then echo "tb-tlb $$p: $$(head -n 1 $$log)"; else sed '$$d' $$log; fi; \
	    else \
	        fail=$$((fail + 1)); echo "tb-tlb $$p: FAILED"; cat $$log; \
	    fi; \
	done; \
	$(if $(4),$(4);) \
	echo "$$pass passed, $$fail failed"; [ $$fail = 0 ]
endef

# The mutant run: it must end with exit 1 and a MISMATCH report.
TB_TLB_MUT_CHECK = log=$(TB_TLB_MUT_DIR)/run.log; rc=0; \
	$(TB_TLB_MUT_DIR)/tb-tlb --preset $(TB_TLB_MUT_PRESET) --seed $(TB_TLB_SEED) --n $(TB_TLB_QUICK) > $$log 2>&1 \
	    || rc=$$?; \
	if [ $$rc = 1 ] && grep -q '^MISMATCH' $$log; then \
	    pass=$$((pass + 1)); \
	    echo "tb-tlb mutant ($(TB_TLB_MUT_PRESET): $(TB_TLB_MUT_SED)) caught: $$(grep -m1 '^MISMATCH' $$log)"; \
	else \
	    fail=$$((fail + 1)); \
	    echo "tb-tlb mutant ($(TB_TLB_MUT_PRESET): $(TB_TLB_MUT_SED)) NOT caught (exit $$rc)"; tail -5 $$log; \
	fi

.PHONY: test-tb-tlb tb-tlb tb-tlb-build
TEST_SUITES += test-tb-tlb
TEST_BUILD += $(TB_TLB_BINS) $(TB_TLB_MUT_DIR)/tb-tlb

tb-tlb-build: $(TB_TLB_BINS)

test-tb-tlb: $(TB_TLB_BINS) $(TB_TLB_MUT_DIR)/tb-tlb
	$(call TB_TLB_RUN,$(TB_TLB_QUICK),$(TB_TLB_SEED),quiet,$(TB_TLB_MUT_CHECK),$(TB_TLB_ALL))

# N and SEED are shared with `make sim`; here N defaults to 100000.
tb-tlb: $(foreach c,$(TB_TLB_RUN_LIST),$(TB_TLB_DIR)/$(c)/tb-tlb)
	$(call TB_TLB_RUN,$(if $(filter command line,$(origin N)),$(N),100000),$(if $(filter command line,$(origin SEED)),$(SEED),1),,,$(TB_TLB_RUN_LIST))
