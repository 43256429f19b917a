# ---- RTL quality gates: make lint, make synth ------------------------------
#
# lint:  Verilator -Wall on the whole design for every preset, with only the
#        waivers in rtl/lint.vlt.
# synth: yosys 0.23 for every preset: no warnings, no latches; a table of
#        cells per block in build/synth/cells.md.

LINT_PRESETS  ?= $(PRESETS)
SYNTH_PRESETS ?= $(PRESETS)

.PHONY: lint synth test-lint
lint: $(BUILD)/bin/xlate-model
	@pass=0; fail=0; \
	for p in $(LINT_PRESETS); do \
	  if $(VERILATOR) --lint-only -Wall rtl/lint.vlt $(RTL_SRCS) --top-module xl_mmu \
	       $$($(BUILD)/bin/xlate-model --preset $$p params) > $(BUILD)/lint-$$p.log 2>&1; then \
	    echo "lint $$p: clean"; pass=$$((pass+1)); \
	  else echo "lint $$p: FAILED"; head -20 $(BUILD)/lint-$$p.log; fail=$$((fail+1)); fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

test-lint: lint

synth: $(BUILD)/bin/xlate-model
	@pass=0; fail=0; rm -f $(BUILD)/synth/cells.md; mkdir -p $(BUILD)/synth; \
	for p in $(SYNTH_PRESETS); do \
	  if scripts/synth.sh $$p $(BUILD)/synth/$$p; then \
	    pass=$$((pass+1)); { echo "### $$p"; echo; cat $(BUILD)/synth/$$p/cells.md; echo; } >> $(BUILD)/synth/cells.md; \
	  else fail=$$((fail+1)); fi; \
	done; \
	echo "cells per block: $(BUILD)/synth/cells.md"; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

TEST_SUITES += test-lint
