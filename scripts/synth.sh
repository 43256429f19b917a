#!/usr/bin/env bash
# Synthesise xl_mmu for one preset with yosys 0.23 and write a table of
# cells per block.  Fails on any yosys warning, on any latch, and on any
# `check` problem.  The cache's tag, data and PLRU arrays stay $mem_v2
# cells (SRAM macros, counted separately); the TLB's register files are
# mapped to flip-flops and counted in the TLB.
#
#   scripts/synth.sh PRESET|FILE.cfg OUTDIR [LABEL]
#
# LABEL names the configuration in messages and in the table (default:
# PRESET, or the file name without .cfg).
set -euo pipefail
preset=$1
out=$2
label=${3:-$(basename "$preset" .cfg)}
mkdir -p "$out"
params=$(build/bin/xlate-model --preset "$preset" params yosys)
srcs="rtl/xl_pkg.sv rtl/xl_sram.sv rtl/xl_regfile.sv rtl/xl_repl.sv rtl/xl_pte_decode.sv rtl/xl_perm_check.sv rtl/xl_tlb.sv rtl/xl_ptw.sv rtl/xl_cache.sv rtl/xl_mmu.sv"
cat > "$out/synth.ys" <<YS
read_verilog -sv $srcs
chparam $params xl_mmu
synth -top xl_mmu -run begin:fine
setattr -mod -set keep_hierarchy 1 \$paramod*xl_tlb* \$paramod*xl_ptw* \$paramod*xl_cache* \$paramod*xl_sram*
flatten
memory_map \$paramod*xl_tlb*
opt -full
techmap
opt -fast
abc -fast
opt_clean
select -assert-none t:\$dlatch t:\$adlatch t:\$_DLATCH_* t:\$_DLATCHSR_*
tee -o $out/stat.txt stat
check -assert
YS
if ! yosys -q -l "$out/yosys.log" -s "$out/synth.ys" >/dev/null 2>&1; then
    echo "synth $label: yosys failed (see $out/yosys.log):"
    grep -iE "error|assert" "$out/yosys.log" | head -5
    exit 1
fi
if grep -q "Warning" "$out/yosys.log"; then
    echo "synth $label: yosys warnings (treated as errors):"
    grep "Warning" "$out/yosys.log" | head -10
    exit 1
fi
# SRAM bits from the preset: tag + data arrays.
cfgtxt=$(build/bin/xlate-model --preset "$preset" config)
key() { echo "$cfgtxt" | awk -v k="$1" '$1 == k { print $3 }'; }
sets=$(key cache_sets); ways=$(key cache_ways); line=$(key cache_line); pa=$(key pa_bits)
lb=0; while [ $((1 << lb)) -lt "$line" ]; do lb=$((lb + 1)); done
sb=0; while [ $((1 << sb)) -lt "$sets" ]; do sb=$((sb + 1)); done
sram_bits=$(( sets * ways * (line * 8 + pa - lb - sb) ))

# One row per block: the top's own logic, the TLB, walker and cache (each
# with the small modules inside it), and the SRAM macros (count and bits).
awk -v preset="$label" -v sbits="$sram_bits" '
  function base(m) { sub(/^\$paramod\$[0-9a-f]*\\/, "", m); sub(/^\$paramod\\/, "", m); sub(/\\.*$/, "", m); return m }
  /^=== design hierarchy ===/ { hier = 1; next }
  /^=== / { hier = 0; mod = $2; next }
  hier && NF == 2 && $2 ~ /^[0-9]+$/ { inst[$1] = $2; next }
  !hier && /Number of cells:/ { cells[mod] = $4; next }
  !hier && /\$_(S)?DFF/ { ff[mod] += $2; next }
  END {
    printf "| block | cells | flip-flops | SRAM macros (bits) |\n|---|---:|---:|---:|\n"
    for (m in cells) {
      b = base(m); n = (m in inst) ? inst[m] : 1
      if (b == "xl_sram") { sram += n; continue }
      c[b] += n * cells[m]; f[b] += n * ff[m]
      if (b == "xl_cache" || b == "xl_tlb" || b == "xl_ptw" || b == "xl_mmu") seen[b] = 1
    }
    split("xl_mmu xl_tlb xl_ptw xl_cache", order, " ")
    for (i = 1; i <= 4; i++) { b = order[i]; label = (b == "xl_mmu") ? "xl_mmu (top, without blocks)" : b
      printf "| %s | %d | %d | |\n", label, c[b], f[b]; tc += c[b]; tf += f[b] }
    printf "| SRAM macros (tag + data arrays) | | | %d (%d bits) |\n", sram, sbits
    printf "| **total (%s)** | %d | %d | %d (%d bits) |\n", preset, tc, tf, sram, sbits
  }' "$out/stat.txt" > "$out/cells.md"
echo "synth $label: clean (no warnings, no latches); cells per block in $out/cells.md"
