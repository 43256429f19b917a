# ---- long runs and co-simulation benchmarks ---------------------------------
#
#   make regress     every preset at N=1 000 000 (two seeds), the block
#                    testbenches at full size, formal at each property's
#                    deep= bound (REGRESS_DEPTH=N: every bound N), the
#                    configuration sweep (make sweep: SWEEP_COUNT=24 random
#                    configurations at SWEEP_N=200000) and the known
#                    defects' reproducers (make sweep-known), the seed-003
#                    machines through the RTL (make sim-seed003)
#   make bench-sim   co-simulation throughput (part of `make bench`): the
#                    default random stream and a pure TLB-hit/cache-hit stream

REGRESS_N     ?= 1000000
REGRESS_SEEDS ?= 2 3

.PHONY: regress bench-sim
regress:
	@pass=0; fail=0; \
	for p in $(PRESETS); do for s in $(REGRESS_SEEDS); do \
	  if $(MAKE) --no-print-directory sim PRESET=$$p SEED=$$s N=$(REGRESS_N) > $(BUILD)/regress-$$p-$$s.log 2>&1; then \
	    pass=$$((pass+1)); echo "regress sim $$p seed $$s: $$(grep -E '^throughput' $(BUILD)/regress-$$p-$$s.log)"; \
	  else fail=$$((fail+1)); echo "regress sim $$p seed $$s: FAILED (see $(BUILD)/regress-$$p-$$s.log)"; fi; \
	done; done; \
	for t in tb-tlb tb-cache tb-ptw; do \
	  if $(MAKE) --no-print-directory $$t N=100000 > $(BUILD)/regress-$$t.log 2>&1; then pass=$$((pass+1)); echo "regress $$t: ok"; \
	  else fail=$$((fail+1)); echo "regress $$t: FAILED (see $(BUILD)/regress-$$t.log)"; fi; \
	done; \
	if $(MAKE) --no-print-directory formal $(if $(REGRESS_DEPTH),DEPTH=$(REGRESS_DEPTH),DEEP=1) > $(BUILD)/regress-formal.log 2>&1; then pass=$$((pass+1)); echo "regress formal: ok"; \
	else fail=$$((fail+1)); echo "regress formal: FAILED (see $(BUILD)/regress-formal.log)"; fi; \
	for t in sweep sweep-known sim-seed003; do \
	  if $(MAKE) --no-print-directory $$t > $(BUILD)/regress-$$t.log 2>&1; then pass=$$((pass+1)); \
	    echo "regress $$t: ok ($$(grep -E '^(sweep: [0-9]+ entries|[0-9]+ passed)' $(BUILD)/regress-$$t.log | paste -sd ';' -))"; \
	  else fail=$$((fail+1)); echo "regress $$t: FAILED (see $(BUILD)/regress-$$t.log)"; fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

BENCH_SIM_N ?= 200000
bench-sim: $(call sim_bin,x86_64,fast)
	@mkdir -p $(BUILD)/bench
	@python3 bench/hit_stream.py $(BENCH_SIM_N) > $(BUILD)/bench/hit_stream.trace
	@echo "bench-sim hit-stream (x86_64, $(BENCH_SIM_N) TLB-hit/cache-hit accesses, no back-pressure):"
	@$(call sim_bin,x86_64,fast) --preset x86_64 --n 0 --trace $(BUILD)/bench/hit_stream.trace \
	    --backpressure 0 --latency 1 | grep -E '^(mismatches|throughput)'
	@echo "bench-sim random (x86_64, the default make sim stream, seed 1, N=$(BENCH_SIM_N)):"
	@$(call sim_bin,x86_64,fast) --preset x86_64 --n $(BENCH_SIM_N) | grep -E '^(mismatches|throughput)'

BENCHES += bench-sim
