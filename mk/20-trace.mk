# Trace language runner (cmodel/tools/xlate_model.c) and its test suites.
#
#   build/bin/xlate-model       optimised, linked with libxlate
#   build/bin-san/xlate-model   ASan + UBSan, linked with libxlate-san
#   make test-traces            directed traces in tests/traces (sanitizer build)
#   make test-bad-input         bad-input corpus in tests/bad (sanitizer build)

XLATE_MODEL     := $(BUILD)/bin/xlate-model
XLATE_MODEL_SAN := $(BUILD)/bin-san/xlate-model
XLATE_HDRS      := $(wildcard cmodel/include/xlate/*.h)

$(BUILD)/obj/trace-tool/xlate_model.o: cmodel/tools/xlate_model.c $(XLATE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(OPT_FLAGS) -c $< -o $@

$(BUILD)/obj-san/trace-tool/xlate_model.o: cmodel/tools/xlate_model.c $(XLATE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(SAN_FLAGS) -c $< -o $@

$(XLATE_MODEL): $(BUILD)/obj/trace-tool/xlate_model.o $(LIBXLATE)
	@mkdir -p $(@D)
	$(CC) $(OPT_FLAGS) $^ -o $@

$(XLATE_MODEL_SAN): $(BUILD)/obj-san/trace-tool/xlate_model.o $(LIBXLATE_SAN)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) $^ -o $@

.PHONY: xlate-model test-traces test-bad-input
all: $(XLATE_MODEL)
xlate-model: $(XLATE_MODEL) $(XLATE_MODEL_SAN)

TEST_SUITES += test-traces test-bad-input
TEST_BUILD += $(XLATE_MODEL) $(XLATE_MODEL_SAN)

test-traces: $(XLATE_MODEL_SAN)
	bash tests/run_traces.sh $(XLATE_MODEL_SAN)

test-bad-input: $(XLATE_MODEL_SAN)
	bash tests/run_bad.sh $(XLATE_MODEL_SAN)
