# ---- configurations: which machine a flow builds ---------------------------
#
# Every flow (sim, sim-sc, lint, synth, formal, tb-tlb, tb-cache, tb-ptw)
# runs on configurations, each known by a label:
#
#   PRESET=name        cfg/name.cfg; label `name` (default: x86_64)
#   CFG=path/f.cfg     any file, any name; label `f-HHHHHHHH`, HHHHHHHH the
#                      first 8 hex digits of the md5 of the file's real path,
#                      so two files with the same basename never share a build
#                      (a file inside cfg/ keeps its preset name)
#   PRESET=path/f.cfg  the same as CFG=path/f.cfg (a replay command prints it)
#
# CFG wins over PRESET.  PRESETS is every cfg/*.cfg (a preset added there is
# part of every flow).  Without CFG= or PRESET= on the command line, lint,
# synth and the block testbenches run on their preset lists and formal on
# formal/props.txt; with one, on that configuration only.
#
# Per configuration L:
#   build/cfg/L/params   `xlate-model --preset FILE params` (the RTL's -G
#                        options), after `xlate-model check-config FILE`;
#                        rewritten only when its text changes, so a Verilator
#                        build reruns exactly when the geometry changes
#   build/cfg/L/source   the file the label stands for
# A missing file or an unknown preset stops make while it reads the
# makefiles; a file that does not validate stops it at build/cfg/L/params,
# with check-config's FILE:LINE: message, before any flow builds anything.
#
#   make cfg-info [CFG=f | PRESET=p]   label, file, build directories, params
#   make cfg-label [CFG=f | PRESET=p]  the label only (the file is not validated)

CFG          ?=
comma        := ,
XL_MODEL_BIN := $(BUILD)/bin/xlate-model

# Given on the command line (or in the environment), not a default.
cfg_given     = $(filter command line environment environment override override,$(origin $(1)))

# Characters a configuration path may hold (anything else would break make
# rules or shell quoting): refuse the path rather than mangle it.
CFG_PATH_CHARS := a b c d e f g h i j k l m n o p q r s t u v w x y z \
                  A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
                  0 1 2 3 4 5 6 7 8 9 _ - . / + , @
cfg_strip      = $(if $(2),$(call cfg_strip,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,999,$(2))),$(1))
# Print a message on stderr (the error itself, without make's prefix).
cfg_fail       = $(shell printf '%s\n' '$(subst ','"'"',$(1))' >&2)$(error configuration refused)

CFG_DIR_REAL := $(realpath cfg)

ifneq ($(strip $(CFG)),)
  SEL_FILE := $(strip $(CFG))
  SEL_VAR  := CFG
else ifneq ($(or $(findstring /,$(PRESET)),$(filter %.cfg,$(PRESET))),)
  SEL_FILE := $(strip $(PRESET))
  SEL_VAR  := PRESET
endif

ifdef SEL_FILE
  ifneq ($(words $(SEL_FILE)),1)
    $(call cfg_fail,$(SEL_VAR)=$(SEL_FILE): a configuration path may not contain blanks)
  endif
  ifneq ($(call cfg_strip,$(SEL_FILE),$(CFG_PATH_CHARS)),)
    $(call cfg_fail,$(SEL_VAR)=$(SEL_FILE): unsupported characters '$(call cfg_strip,$(SEL_FILE),$(CFG_PATH_CHARS))' in the path (only letters and digits and _ - . / + $(comma) @))
  endif
  SEL_REAL := $(realpath $(SEL_FILE))
  ifeq ($(SEL_REAL),)
    $(call cfg_fail,$(SEL_FILE): cannot open: No such file or directory (given as $(SEL_VAR)=$(SEL_FILE)))
  endif
  ifneq ($(wildcard $(SEL_REAL)/.),)
    $(call cfg_fail,$(SEL_FILE): is a directory and not a configuration file (given as $(SEL_VAR)=$(SEL_FILE)))
  endif
  SEL_STEM := $(basename $(notdir $(SEL_REAL)))
  ifeq ($(dir $(SEL_REAL)),$(CFG_DIR_REAL)/)
    ifneq ($(suffix $(SEL_REAL)),.cfg)
      SEL := $(SEL_STEM)-$(shell printf '%s' '$(SEL_REAL)' | md5sum | cut -c1-8)
    else
      SEL := $(SEL_STEM)
    endif
  else
    SEL := $(SEL_STEM)-$(shell printf '%s' '$(SEL_REAL)' | md5sum | cut -c1-8)
  endif
  CFG_GIVEN := yes
else
  ifneq ($(filter-out $(PRESETS),$(PRESET)),)
    $(call cfg_fail,PRESET=$(PRESET): no configuration file cfg/$(PRESET).cfg (presets: $(PRESETS); any other file: CFG=path/to/file.cfg))
  endif
  ifneq ($(words $(PRESET)),1)
    $(call cfg_fail,PRESET='$(PRESET)': give one preset name)
  endif
  SEL       := $(PRESET)
  CFG_GIVEN := $(if $(call cfg_given,PRESET),yes)
endif

# Every configuration known to this make run: each preset, the selected one.
CONFIGS := $(PRESETS) $(filter-out $(PRESETS),$(SEL))

# $(call cfg_file,L): the configuration file of L
# $(call cfg_arg,L):  what the tools get as --preset: a preset's name, else
#                     the file's absolute path
# $(call cfg_params,L): L's RTL-parameter stamp
$(foreach p,$(PRESETS),$(eval cfg_file_$(p) := cfg/$(p).cfg)$(eval cfg_arg_$(p) := $(p)))
ifneq ($(filter-out $(PRESETS),$(SEL)),)
  cfg_file_$(SEL) := $(SEL_FILE)
  cfg_arg_$(SEL)  := $(SEL_REAL)
endif
cfg_file   = $(cfg_file_$(1))
cfg_arg    = $(cfg_arg_$(1))
cfg_dir    = $(BUILD)/cfg/$(1)
cfg_params = $(BUILD)/cfg/$(1)/params
SEL_PARAMS := $(call cfg_params,$(SEL))

# Replace $@ by $@.tmp only if they differ (nothing downstream rebuilds when
# the text is the same).
CFG_UPDATE = if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# $(call CFG_STAMP,LABEL,FILE)
define CFG_STAMP
$(call cfg_params,$(1)): $(2) $(XL_MODEL_BIN)
	@mkdir -p $$(@D)
	@if ! $(XL_MODEL_BIN) check-config $(2) > $$(@D)/check.log 2>&1; then \
	    cat $$(@D)/check.log >&2; \
	    echo "configuration $(2) does not validate: nothing built" >&2; exit 2; fi
	@printf '%s\n' '$(2)' > $$(@D)/source
	@$(XL_MODEL_BIN) --preset $(2) params > $$@.tmp
	@if cmp -s $$@.tmp $$@; then rm -f $$@.tmp; else \
	    echo "configuration $(1) ($(2)): RTL parameters $$$$(cat $$@.tmp)"; mv $$@.tmp $$@; fi
endef
$(foreach c,$(CONFIGS),$(eval $(call CFG_STAMP,$(c),$(call cfg_file,$(c)))))

# Directed traces for a configuration given by file (docs/config.md).
CFG_TRACES := scripts/cfg-traces.sh

.PHONY: cfg-info cfg-check cfg-label
cfg-check: $(SEL_PARAMS)

# The label alone, without validating the file.
cfg-label:
	@echo "$(SEL)"

cfg-info: $(SEL_PARAMS)
	@echo "label:      $(SEL)"
	@echo "file:       $(call cfg_file,$(SEL))"
	@echo "as --preset $(call cfg_arg,$(SEL))"
	@echo "params:     $$(cat $(SEL_PARAMS))"
	@echo "builds:     $(BUILD)/cfg/$(SEL)/ $(BUILD)/sim/$(SEL)/ $(BUILD)/sim-sc/$(SEL)/ $(BUILD)/synth/$(SEL)/ $(BUILD)/tb/{tlb,cache,ptw}/$(SEL)/ $(BUILD)/formal/cfg-$(SEL)/"
