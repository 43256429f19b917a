# Co-simulation test suites (tests/sim/run.sh, docs/verification-plan.md section 6).
#
#   make test-stim            the random stimulus on the model alone (no RTL build)
#   make test-sim             N=20000 random transactions + directed traces, every preset
#   make test-sim-selfcheck   --inject-bug must be caught; replay traces load; preset mismatch refused
#   make test-sim-traces      directed traces on the RTL against their own `expect` clauses
#   make sim-mutants          (not in `make test`) how soon the stream exposes bugs planted in the model
#
# Knobs: SIM_TEST_N (20000), SIM_TEST_SEED (1).  Logs: build/sim-test/<suite>/.

SIM_TEST_N    ?= 20000
SIM_TEST_SEED ?= 1
SIM_TEST_DIR  := $(BUILD)/sim-test
STIM_CHECK    := $(SIM_TEST_DIR)/stim-check
RTL_EXPECT    := $(SIM_TEST_DIR)/rtl-expect
SIM_TEST_BINS := $(foreach p,$(PRESETS),$(call sim_bin,$(p),fast))
SIM_TEST_CFLAGS := $(CSTD) $(CPPFLAGS) -Itb/include -Itb/cosim -O2 -g

# stim-check links the generator and the report with the model only.
$(STIM_CHECK): tests/sim/stim_check.c tb/cosim/stim.c tb/cosim/report.c $(COSIM_HDRS) $(LIBXLATE)
	@mkdir -p $(@D)
	$(CC) $(SIM_TEST_CFLAGS) tests/sim/stim_check.c tb/cosim/stim.c tb/cosim/report.c $(LIBXLATE) -o $@

$(RTL_EXPECT): tests/sim/rtl_expect.c $(XLATE_HDRS) $(LIBXLATE)
	@mkdir -p $(@D)
	$(CC) $(SIM_TEST_CFLAGS) tests/sim/rtl_expect.c $(LIBXLATE) -o $@

.PHONY: test-stim test-sim test-sim-selfcheck test-sim-traces
TEST_SUITES += test-stim test-sim test-sim-selfcheck test-sim-traces
TEST_BUILD += $(STIM_CHECK) $(SIM_TEST_BINS) $(RTL_EXPECT)

test-stim: $(STIM_CHECK)
	PRESETS="$(PRESETS)" bash tests/sim/run.sh stim

test-sim: $(SIM_TEST_BINS)
	PRESETS="$(PRESETS)" SIM_N=$(SIM_TEST_N) SIM_SEED=$(SIM_TEST_SEED) bash tests/sim/run.sh sim

test-sim-selfcheck: $(SIM_TEST_BINS) $(XLATE_MODEL)
	PRESETS="$(PRESETS)" SIM_SEED=$(SIM_TEST_SEED) bash tests/sim/run.sh selfcheck

test-sim-traces: $(SIM_TEST_BINS) $(RTL_EXPECT)
	PRESETS="$(PRESETS)" bash tests/sim/run.sh traces

# Stimulus quality (not part of `make test`, a few minutes): plant bugs in a
# copy of the model and report how soon the random stream exposes each one
# (docs/verification-plan.md section 2.3).  Knobs: MUTANT_N (200000), SEED.
MUTANT_N ?= 200000

.PHONY: sim-mutants
sim-mutants:
	python3 tests/sim/mutants.py --n $(MUTANT_N) --seed $(SEED) --presets "$(PRESETS)"
