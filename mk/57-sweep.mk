# ---- configurations beyond the presets: the sweep and the CFG= flow tests ---
#
#   make sweep [SWEEP_COUNT=24] [SWEEP_N=200000] [SWEEP_SEED=1] [SWEEP_SIZE=full]
#              [SWEEP_FORMATS="sv39 toy"] [SWEEP_KNOWN=1]
#       SWEEP_COUNT random legal configurations (scripts/cfgsweep.py, entry i
#       of format i mod F, every format some cfg/*.cfg uses), each validated
#       by xlate-model check-config, built and run with
#       `make sim CFG=<entry> N=SWEEP_N SEED=SWEEP_SEED`; one line per entry
#       (geometry, transactions, mismatches, coverage, build and run time),
#       then `N passed, N failed`.  Entries and logs in
#       build/sweep/seed<S>-<size>/.  Geometries that hit a known defect
#       (KNOWN_ISSUES in the script) are redrawn and counted, unless
#       SWEEP_KNOWN=1.  Part of make regress.
#   make sweep-gen [same knobs]   only write and validate the entries
#   make sweep-known              the known defects' reproducers
#                                 (tests/sweep/known/) must still fail
#   make sim-seed003              the seed-003 machines with their own
#                                 traces through the RTL (make regress)
#   make test-sweep               (make test) the generator's legality check
#                                 (100 draws per format and size class) and
#                                 one small configuration per format,
#                                 SWEEP_TEST_N transactions each
#   make test-cfg-flow            (make test) make sim CFG= on a
#                                 configuration outside cfg/ for every format
#                                 (tests/sweep/cfg/), labels, the parameter
#                                 stamp, bad CFG= / PRESET= refused by every
#                                 flow with FILE:LINE and nothing built
#
# docs/verification-plan.md section 8 describes the sweep.

SWEEP_COUNT   ?= 24
SWEEP_N       ?= 200000
SWEEP_SEED    ?= 1
SWEEP_SIZE    ?= full
SWEEP_FORMATS ?=
SWEEP_KNOWN   ?=
SWEEP_TEST_N  ?= 20000
SWEEP_TEST_SEED ?= 1
SWEEP_DIR      = $(BUILD)/sweep/seed$(SWEEP_SEED)-$(SWEEP_SIZE)
SWEEP_ARGS     = --seed $(SWEEP_SEED) --count $(SWEEP_COUNT) --size $(SWEEP_SIZE) --out $(SWEEP_DIR) \
                 --model $(XLATE_MODEL) $(if $(SWEEP_FORMATS),--formats '$(SWEEP_FORMATS)') \
                 $(if $(SWEEP_KNOWN),--include-known)
# What the sweep and the flow tests need before they call make themselves.
SWEEP_DEPS     = $(XLATE_MODEL) $(COSIM_OBJS) $(LIBXLATE)

.PHONY: sweep sweep-gen sweep-known sim-seed003 test-sweep test-cfg-flow
TEST_SUITES += test-cfg-flow test-sweep
TEST_BUILD += $(SWEEP_DEPS)

sweep-gen: $(XLATE_MODEL)
	@python3 scripts/cfgsweep.py gen $(SWEEP_ARGS)

sweep: $(SWEEP_DEPS)
	+@python3 scripts/cfgsweep.py run $(SWEEP_ARGS) --n $(SWEEP_N) --make '$(MAKE)'

sweep-known: $(SWEEP_DEPS)
	+@MAKE='$(MAKE)' N=20000 SEED=1 bash tests/sweep/run.sh known

sim-seed003: $(SWEEP_DEPS)
	+@MAKE='$(MAKE)' bash tests/sweep/run.sh seed003

test-sweep: $(SWEEP_DEPS)
	+@MAKE='$(MAKE)' N=$(SWEEP_TEST_N) SWEEP_SEED=$(SWEEP_TEST_SEED) SWEEP_SIZE=small bash tests/sweep/run.sh sweep

test-cfg-flow: $(SWEEP_DEPS)
	+@MAKE='$(MAKE)' N=$(SWEEP_TEST_N) SEED=1 bash tests/sweep/run.sh flow
