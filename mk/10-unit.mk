# Golden-model unit tests (cmocka) and the model benchmark.
#
#   make test-unit     build every tests/unit/test_*.c with ASan + UBSan
#                      against the sanitized model, run them all, print a
#                      line per program and one overall `N passed, N failed`
#   make bench-model   throughput of the optimised model (bench/bench_model.c)
#
# Each test program prints `N passed, N failed` on stdout (cmocka's own
# summary goes to stderr); logs land in build/unit/*.log.

UNIT_SRCS    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS    := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_HELPERS := $(BUILD)/obj-san/unit/helpers.o
UNIT_OBJS    := $(patsubst tests/unit/%.c,$(BUILD)/obj-san/unit/%.o,$(UNIT_SRCS))
UNIT_DEPS    := tests/unit/helpers.h $(wildcard cmodel/include/xlate/*.h)

# Keep the objects: they are intermediates of a pattern chain.
.SECONDARY: $(UNIT_OBJS) $(UNIT_HELPERS)

# ASan runs with its defaults (LeakSanitizer included: a leak fails the
# program).  Where LeakSanitizer cannot run (it needs ptrace), use
# `make test-unit UNIT_ASAN=detect_leaks=0`.
UNIT_ASAN    ?= detect_leaks=1
UNIT_ENV     := ASAN_OPTIONS=$(UNIT_ASAN) UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(BUILD)/obj-san/unit/%.o: tests/unit/%.c $(UNIT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(SAN_FLAGS) -c $< -o $@

$(BUILD)/unit/%: $(BUILD)/obj-san/unit/%.o $(UNIT_HELPERS) $(LIBXLATE_SAN)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) $< $(UNIT_HELPERS) $(LIBXLATE_SAN) -lcmocka -o $@

.PHONY: test-unit unit-build
TEST_SUITES += test-unit
TEST_BUILD += $(UNIT_BINS)

unit-build: $(UNIT_BINS)

test-unit: $(UNIT_BINS)
	@pass=0; fail=0; broken=0; \
	for t in $(UNIT_BINS); do \
	    log=$$t.log; \
	    $(UNIT_ENV) $$t > $$log 2>&1; rc=$$?; \
	    line=$$(grep -E '^[0-9]+ passed, [0-9]+ failed$$' $$log | tail -n 1); \
	    if [ -z "$$line" ]; then \
	        echo "$$(basename $$t): no result line (exit $$rc)"; cat $$log; \
	        broken=$$((broken + 1)); fail=$$((fail + 1)); continue; \
	    fi; \
	    p=$${line%% passed*}; f=$${line#*, }; f=$${f%% failed}; \
	    pass=$$((pass + p)); fail=$$((fail + f)); \
	    echo "$$(basename $$t): $$p tests passed, $$f failed"; \
	    if [ "$$f" != 0 ] || [ $$rc != 0 ]; then \
	        cat $$log; \
	        if [ "$$f" = 0 ]; then broken=$$((broken + 1)); fail=$$((fail + 1)); fi; \
	    fi; \
	done; \
	echo "$$pass passed, $$fail failed"; \
	[ $$fail = 0 ] && [ $$broken = 0 ]

# ---- benchmark -----------------------------------------------------------
BENCH_MODEL := $(BUILD)/bench/bench_model

$(BENCH_MODEL): bench/bench_model.c $(LIBXLATE) $(wildcard cmodel/include/xlate/*.h)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(OPT_FLAGS) $< $(LIBXLATE) -o $@

.PHONY: bench-model
BENCHES += bench-model

# When the tests are requested too (`make -j2 test-unit bench-model`), time
# the model only after they have finished, on an otherwise idle make.
bench-model: $(BENCH_MODEL) | $(filter test-unit,$(MAKECMDGOALS))
	$(BENCH_MODEL)
