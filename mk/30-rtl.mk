# ---- RTL quality gates: make lint, make synth ------------------------------
#
# lint:  Verilator -Wall on the whole design for every preset (LINT_PRESETS),
#        or for the one configuration given as PRESET= / CFG=, with only the
#        waivers in rtl/lint.vlt.  Logs: build/lint-<label>.log.
# synth: yosys 0.23 for every preset (SYNTH_PRESETS), or the one given as
#        PRESET= / CFG=: no warnings, no latches; a table of cells per block
#        in build/synth/cells.md (one section per configuration; each
#        configuration's own in build/synth/<label>/cells.md).

LINT_PRESETS  ?= $(PRESETS)
SYNTH_PRESETS ?= $(PRESETS)
LINT_CONFIGS   = $(if $(CFG_GIVEN),$(SEL),$(LINT_PRESETS))
SYNTH_CONFIGS  = $(if $(CFG_GIVEN),$(SEL),$(SYNTH_PRESETS))

.PHONY: lint synth test-lint
# $(call LINT_RUN,LABELS)
define LINT_RUN
	@pass=0; fail=0; \
	for c in $(1); do \
	  if $(VERILATOR) --lint-only -Wall rtl/lint.vlt $(RTL_SRCS) --top-module xl_mmu \
	       $$(cat $(BUILD)/cfg/$$c/params) > $(BUILD)/lint-$$c.log 2>&1; then \
	    echo "lint $$c: clean"; pass=$$((pass+1)); \
	  else echo "lint $$c: FAILED"; head -20 $(BUILD)/lint-$$c.log; fail=$$((fail+1)); fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0
endef

lint: $(foreach c,$(LINT_CONFIGS),$(call cfg_params,$(c)))
	$(call LINT_RUN,$(LINT_CONFIGS))

test-lint: $(foreach c,$(LINT_PRESETS),$(call cfg_params,$(c)))
	$(call LINT_RUN,$(LINT_PRESETS))

synth: $(foreach c,$(SYNTH_CONFIGS),$(call cfg_params,$(c)))
	@pass=0; fail=0; rm -f $(BUILD)/synth/cells.md; mkdir -p $(BUILD)/synth; \
	$(foreach c,$(SYNTH_CONFIGS),\
	if scripts/synth.sh $(call cfg_arg,$(c)) $(BUILD)/synth/$(c) $(c); then \
	    pass=$$((pass+1)); { echo "### $(c)"; echo; cat $(BUILD)/synth/$(c)/cells.md; echo; } >> $(BUILD)/synth/cells.md; \
	else fail=$$((fail+1)); fi;) \
	echo "cells per block: $(BUILD)/synth/cells.md"; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

TEST_SUITES += test-lint
