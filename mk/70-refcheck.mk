# ---- refcheck: the golden model against QEMU 7.2 ---------------------------
#
#   make refcheck [REFCHECK_N=100000] [REFCHECK_SEED=1]
#                   at least REFCHECK_N random accesses, split over x86-64
#                   4-level and LA57 (qemu-system-x86_64 -cpu max), Sv39,
#                   Sv48 and Sv57 (qemu-system-riscv64 virt, Svnapot, Svpbmt
#                   and Svinval on in two runs of three) and Sv32
#                   (qemu-system-riscv32 virt) in runs of REFCHECK_RUN_SIZE,
#                   REFCHECK_JOBS QEMUs at a time; report in
#                   build/refcheck/run/report.txt
#   make test-refcheck
#                   a small run that must pass, plus the model with SUM
#                   ignored (a sed-edited copy of cmodel/src under
#                   build/refcheck/mutant) that must disagree with QEMU
#   make refcheck-mutants [REFCHECK_MUTANTS_N=4000]
#                   every model mutant of tb/refcheck/mutants.txt against
#                   QEMU: each must be killed, or survive if marked
#                   equivalent (a few minutes; not part of make test)
#
# Sources: tb/refcheck/ (host tool), tb/refcheck/guest/ (the bare-metal
# programs QEMU runs).  docs/refcheck.md describes all of it.

REFCHECK_N        ?= 100000
REFCHECK_SEED     ?= 1
REFCHECK_RUN_SIZE ?= 5000
REFCHECK_JOBS     ?= 2
REFCHECK_TEST_N   ?= 6000
REFCHECK_MUT_N    ?= 3000
REFCHECK_MUTANTS_N ?= 4000

QEMU_X86          ?= qemu-system-x86_64
QEMU_RV           ?= qemu-system-riscv64
QEMU_RV32         ?= qemu-system-riscv32
RV_CC             ?= riscv64-unknown-elf-gcc
X86_CC            ?= gcc
X86_LD            ?= ld
X86_OBJCOPY       ?= objcopy

RC_DIR     := $(BUILD)/refcheck
RC_BIN     := $(RC_DIR)/refcheck
RC_SRCS    := $(addprefix tb/refcheck/,fmt.c gen.c model.c qemu.c compare.c refcheck.c)
RC_HDRS    := $(wildcard tb/refcheck/*.h) $(wildcard cmodel/include/xlate/*.h)
RC_OBJS    := $(patsubst tb/refcheck/%.c,$(RC_DIR)/obj/host/%.o,$(RC_SRCS))
RC_GUEST_RV  := $(RC_DIR)/guest-rv.elf
RC_GUEST_RV32 := $(RC_DIR)/guest-rv32.elf
RC_GUEST_X86 := $(RC_DIR)/guest-x86.elf
RC_TOOLS   = --qemu-x86 $(QEMU_X86) --qemu-rv $(QEMU_RV) --qemu-rv32 $(QEMU_RV32) --guest-x86 $(RC_GUEST_X86) \
             --guest-rv $(RC_GUEST_RV) --guest-rv32 $(RC_GUEST_RV32)

# The bare-metal programs: freestanding, no library.
RC_GUEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -fno-stack-protector \
                   -fno-asynchronous-unwind-tables
RC_RV_FLAGS     := $(RC_GUEST_CFLAGS) -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax \
                   -Wl,--no-warn-rwx-segments
RC_RV32_FLAGS   := $(RC_GUEST_CFLAGS) -march=rv32imac_zicsr_zifencei -mabi=ilp32 -mcmodel=medany -mno-relax \
                   -Wl,--no-warn-rwx-segments
RC_X86_FLAGS    := $(RC_GUEST_CFLAGS) -m64 -fno-pic -no-pie -mno-red-zone -mgeneral-regs-only -mcmodel=small \
                   -fcf-protection=none
RC_GUEST_COMMON := tb/refcheck/guest/common.c tb/refcheck/guest/arch.h tb/refcheck/image.h
RC_RV_SRCS      := tb/refcheck/guest/rv/start.S tb/refcheck/guest/rv/arch.c tb/refcheck/guest/common.c
RC_X86_OBJS     := $(addprefix $(RC_DIR)/obj/x86/,boot.o isr.o arch.o common.o)

# The planted bug: supervisor loads and stores to user pages no longer
# look at SUM (RISC-V), i.e. they are always allowed.
RC_MUT_SED  := s/(op == XL_OP_FETCH || !(c->flags & XL_CTL_SUM))/(op == XL_OP_FETCH)/
RC_MUT_DIR  := $(RC_DIR)/mutant
RC_MUT_SRCS := $(patsubst cmodel/src/%,$(RC_MUT_DIR)/src/%,$(wildcard cmodel/src/*.c cmodel/src/*.h))
RC_MUT_OBJS := $(patsubst cmodel/src/%.c,$(RC_MUT_DIR)/obj/%.o,$(wildcard cmodel/src/*.c))
RC_MUT_LIB  := $(RC_MUT_DIR)/libxlate-mutant.a
RC_MUT_BIN  := $(RC_MUT_DIR)/refcheck

.PHONY: refcheck test-refcheck refcheck-build refcheck-tools refcheck-mutants
TEST_SUITES += test-refcheck
TEST_BUILD += refcheck-build $(RC_MUT_BIN)

# ---- the host tool ----------------------------------------------------------
$(RC_DIR)/obj/host/%.o: tb/refcheck/%.c $(RC_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(OPT_FLAGS) -c $< -o $@

$(RC_BIN): $(RC_OBJS) $(LIBXLATE)
	$(CC) $(OPT_FLAGS) $^ -o $@

# ---- the guests ---------------------------------------------------------------
$(RC_GUEST_RV): $(RC_RV_SRCS) tb/refcheck/guest/rv/link.ld $(RC_GUEST_COMMON) | refcheck-tools
	@mkdir -p $(@D)
	$(RV_CC) $(RC_RV_FLAGS) -T tb/refcheck/guest/rv/link.ld $(RC_RV_SRCS) -o $@

# The same program for RV32 (Sv32 runs): the RISC-V gcc builds it with -mabi=ilp32.
$(RC_GUEST_RV32): $(RC_RV_SRCS) tb/refcheck/guest/rv/link.ld $(RC_GUEST_COMMON) | refcheck-tools
	@mkdir -p $(@D)
	$(RV_CC) $(RC_RV32_FLAGS) -T tb/refcheck/guest/rv/link.ld $(RC_RV_SRCS) -o $@

$(RC_DIR)/obj/x86/%.o: tb/refcheck/guest/x86/%.S | refcheck-tools
	@mkdir -p $(@D)
	$(X86_CC) $(RC_X86_FLAGS) -c $< -o $@

$(RC_DIR)/obj/x86/%.o: tb/refcheck/guest/x86/%.c $(RC_GUEST_COMMON) | refcheck-tools
	@mkdir -p $(@D)
	$(X86_CC) $(RC_X86_FLAGS) -c $< -o $@

$(RC_DIR)/obj/x86/common.o: $(RC_GUEST_COMMON) | refcheck-tools
	@mkdir -p $(@D)
	$(X86_CC) $(RC_X86_FLAGS) -c $< -o $@

# QEMU's multiboot loader takes 32-bit ELF files only: link for x86-64, then
# rewrite the container as elf32-i386 (the long-mode code is unchanged).
$(RC_GUEST_X86): $(RC_X86_OBJS) tb/refcheck/guest/x86/link.ld
	$(X86_LD) -m elf_x86_64 -nostdlib -T tb/refcheck/guest/x86/link.ld $(RC_X86_OBJS) -o $(RC_DIR)/guest-x86-64.elf
	$(X86_OBJCOPY) -O elf32-i386 $(RC_DIR)/guest-x86-64.elf $@

# Clear messages for what `make deps` installs.
refcheck-tools:
	@command -v $(RV_CC) > /dev/null || { echo "refcheck: $(RV_CC) not found (make deps installs gcc-riscv64-unknown-elf)"; exit 2; }
	@command -v $(X86_CC) > /dev/null || { echo "refcheck: $(X86_CC) not found"; exit 2; }
	@command -v $(QEMU_X86) > /dev/null || { echo "refcheck: QEMU not found: $(QEMU_X86) (make deps installs qemu-system-x86)"; exit 2; }
	@command -v $(QEMU_RV) > /dev/null || { echo "refcheck: QEMU not found: $(QEMU_RV) (make deps installs qemu-system-misc)"; exit 2; }
	@command -v $(QEMU_RV32) > /dev/null || { echo "refcheck: QEMU not found: $(QEMU_RV32) (make deps installs qemu-system-misc)"; exit 2; }

refcheck-build: $(RC_BIN) $(RC_GUEST_RV) $(RC_GUEST_RV32) $(RC_GUEST_X86)

# ---- make refcheck -------------------------------------------------------------
refcheck: refcheck-build
	@case "$(REFCHECK_N)" in ''|*[!0-9]*) echo "refcheck: REFCHECK_N must be a number of accesses (got '$(REFCHECK_N)')"; exit 2;; esac
	@case "$(REFCHECK_SEED)" in ''|*[!0-9]*) echo "refcheck: REFCHECK_SEED must be a non-negative number (got '$(REFCHECK_SEED)')"; exit 2;; esac
	$(RC_BIN) --n $(REFCHECK_N) --seed $(REFCHECK_SEED) --run-size $(REFCHECK_RUN_SIZE) --jobs $(REFCHECK_JOBS) \
	    --dir $(RC_DIR)/run $(RC_TOOLS)

# ---- the mutant -------------------------------------------------------------------
$(RC_MUT_DIR)/src/pte.c: cmodel/src/pte.c mk/70-refcheck.mk
	@mkdir -p $(@D)
	sed -e '$(RC_MUT_SED)' $< > $@.tmp
	@if cmp -s $< $@.tmp; then \
	    echo "test-refcheck: the mutation '$(RC_MUT_SED)' no longer applies to cmodel/src/pte.c:"; \
	    echo "  update RC_MUT_SED in mk/70-refcheck.mk so that SUM is ignored again"; rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@

$(RC_MUT_DIR)/src/%: cmodel/src/%
	@mkdir -p $(@D)
	cp $< $@

# Keep the copies: they are intermediates of a pattern chain.
.SECONDARY: $(RC_MUT_SRCS)

$(RC_MUT_DIR)/obj/%.o: $(RC_MUT_DIR)/src/%.c $(RC_MUT_SRCS) $(MODEL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(CPPFLAGS) $(OPT_FLAGS) -c $< -o $@

$(RC_MUT_LIB): $(RC_MUT_OBJS)
	rm -f $@ && ar rcs $@ $^

$(RC_MUT_BIN): $(RC_OBJS) $(RC_MUT_LIB)
	$(CC) $(OPT_FLAGS) $^ -o $@

# ---- make test-refcheck ------------------------------------------------------------
# 1. a small run on the real model must pass;
# 2. the mutant must be caught: exit status 1 with DISAGREEMENT lines;
# 3. the mutant's first reproducer trace must replay in xlate-model, and the
#    real model must reject the mutant's answer there (exit status 1).
test-refcheck: refcheck-build $(RC_MUT_BIN) $(XLATE_MODEL)
	@rm -rf $(RC_DIR)/test $(RC_DIR)/test-mutant
	@pass=0; fail=0; \
	log=$(RC_DIR)/test.log; rc=0; \
	$(RC_BIN) --n $(REFCHECK_TEST_N) --seed $(REFCHECK_SEED) --run-size $(REFCHECK_RUN_SIZE) --jobs $(REFCHECK_JOBS) \
	    --dir $(RC_DIR)/test --label test $(RC_TOOLS) > $$log 2>&1 || rc=$$?; \
	if [ $$rc = 0 ] && grep -q '^[0-9]* passed, 0 failed$$' $$log; then \
	    pass=$$((pass + 1)); echo "test-refcheck: model vs QEMU: $$(grep '^accesses compared' $$log)"; \
	    grep '^disagreements beyond' $$log | sed 's/^/test-refcheck:   /'; \
	else \
	    fail=$$((fail + 1)); echo "test-refcheck: model vs QEMU FAILED (exit $$rc), log $$log:"; grep -v '^     ' $$log | head -60; \
	fi; \
	mlog=$(RC_DIR)/test-mutant.log; rc=0; \
	$(RC_MUT_BIN) --n $(REFCHECK_MUT_N) --seed $(REFCHECK_SEED) --formats sv39,sv48 --run-size $(REFCHECK_RUN_SIZE) \
	    --jobs $(REFCHECK_JOBS) --dir $(RC_DIR)/test-mutant --label mutant $(RC_TOOLS) > $$mlog 2>&1 || rc=$$?; \
	nd=$$(grep -c 'DISAGREEMENT' $$mlog); \
	if [ $$rc = 1 ] && [ $$nd -gt 0 ]; then \
	    pass=$$((pass + 1)); echo "test-refcheck: mutant ($(RC_MUT_SED)) caught: $$(grep '^disagreements beyond' $$mlog)"; \
	    grep -m1 -A3 'DISAGREEMENT at access' $$mlog | sed 's/^/test-refcheck:   /'; \
	else \
	    fail=$$((fail + 1)); echo "test-refcheck: mutant ($(RC_MUT_SED)) NOT caught (exit $$rc, $$nd disagreement lines), log $$mlog"; \
	fi; \
	repro=$$(ls $(RC_DIR)/test-mutant/*/repro-*.trace 2>/dev/null | head -n 1); rc=0; \
	if [ -n "$$repro" ]; then $(XLATE_MODEL) --quiet run $$repro > $(RC_DIR)/test-repro.log 2>&1 || rc=$$?; fi; \
	if [ -n "$$repro" ] && [ $$rc = 1 ] && grep -q 'expect: fault' $(RC_DIR)/test-repro.log; then \
	    pass=$$((pass + 1)); echo "test-refcheck: reproducer $$repro replays; the real model rejects the mutant's answer"; \
	else \
	    fail=$$((fail + 1)); echo "test-refcheck: reproducer '$$repro' did not replay as expected (exit $$rc)"; cat $(RC_DIR)/test-repro.log 2>/dev/null | head; \
	fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail = 0 ]

# ---- make refcheck-mutants ----------------------------------------------------------
refcheck-mutants: refcheck-build
	@bash tb/refcheck/mutants.sh tb/refcheck/mutants.txt $(RC_DIR)/obj/host $(RC_DIR)/mutants \
	    $(REFCHECK_MUTANTS_N) $(REFCHECK_SEED) $(RC_TOOLS)
