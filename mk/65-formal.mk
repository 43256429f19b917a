# Formal verification with yosys 0.23 + yosys-smtbmc + z3 (no SymbiYosys):
# properties of the TLB, cache, walker and top, described in
# formal/props.txt and docs/formal.md, run by formal/fv.py.
#
#   make formal [DEPTH=N | DEEP=1]
#                           every property (BMC, k-induction) and every
#                           cover; DEPTH=N replaces each BMC / cover depth;
#                           DEEP=1 uses each property's deep= depth from
#                           props.txt (measured to finish; make regress)
#   make formal-bugs        each injected bug (XL_BUG_* defines, only ever set
#                           here) must make a property fail; counterexample
#                           VCDs under build/formal/bugs/
#   make test-formal        both, at the default depths (part of `make test`)
#   make test-formal-spec   a malformed props.txt is refused with FILE:LINE
#   make formal CFG=file.cfg | PRESET=name [DEPTH=N | DEEP=1]
#                           the builds of props.txt re-derived from that
#                           configuration (same format, levels, leaf levels,
#                           TLB replacement, A/D policy, ASID presence) at a
#                           formal-sized geometry, with the same properties
#                           and covers; the derivation is printed first
#                           (formal/fv.py derive_builds); outputs under
#                           build/formal/cfg-<label>/.  Without CFG= or
#                           PRESET= on the command line, props.txt as is.
#
# FORMAL_JOBS solver runs in parallel (default $(JOBS)); FORMAL_ONLY=REGEX
# restricts to matching property / build / bug names.  A table is printed
# (property, block, method, result, time); the last line is
# `N passed, N failed`.  Any yosys warning is an error.

FORMAL_JOBS ?= $(JOBS)
FORMAL_ONLY ?=
FORMAL_FV   := python3 formal/fv.py --jobs $(FORMAL_JOBS) $(if $(FORMAL_ONLY),--only '$(FORMAL_ONLY)')

.PHONY: formal formal-bugs test-formal test-formal-spec
FORMAL_DEPTH = $(if $(DEPTH),--depth $(DEPTH),$(if $(DEEP),--deep))
ifeq ($(CFG_GIVEN),yes)
formal: $(SEL_PARAMS) $(XLATE_MODEL)
	@$(FORMAL_FV) --props --cfg $(call cfg_arg,$(SEL)) --model $(XLATE_MODEL) --tag cfg-$(SEL) $(FORMAL_DEPTH)
else
formal:
	@$(FORMAL_FV) --props $(FORMAL_DEPTH)
endif

formal-bugs:
	@$(FORMAL_FV) --bugs

test-formal:
	@$(FORMAL_FV) --props --bugs

test-formal-spec:
	@BUILD=$(BUILD) bash tests/formal/bad_spec.sh

TEST_SUITES += test-formal-spec test-formal
