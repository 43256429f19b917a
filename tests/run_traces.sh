#!/usr/bin/env bash
# Directed traces (tests/traces/**/*.trace) on the sanitizer build of
# xlate-model, plus checks that the expectations bite and that the canonical
# output parses back.  Usage: tests/run_traces.sh [path/to/xlate-model]
#
# Tests:
#   run        every trace runs with exit 0 and no sanitizer report
#   mutant     textbook.trace with one expected value changed must exit 1 with
#              `FILE:LINE: expect: ...` naming the changed line
#   swap       every invalidation trace must fail (exit 1) when its
#              invalidation is replaced by a row with a different primitive,
#              and pass when replaced by its own primitive written raw
#   replay     the canonical REQUEST of every transaction, and every dump line,
#              parses back; replayed requests format identically
#   cli        multi-file numbering, config round trip
# The last line is `N passed, N failed`; the exit status is non-zero if any
# test failed.
set -euo pipefail

cd "$(dirname "$0")/.."
TOOL=${1:-build/bin-san/xlate-model}
OUT=build/test-traces
rm -rf "$OUT"
mkdir -p "$OUT/run" "$OUT/mutants" "$OUT/replay" "$OUT/cli"

. tests/lib_tool.sh

# Log name for a trace path.
logname() {
    local n=${1#tests/traces/}
    echo "${n//\//_}"
}

mapfile -t TRACES < <(find tests/traces -name '*.trace' | LC_ALL=C sort)

# ---- run every trace ------------------------------------------------------
for t in "${TRACES[@]}"; do
    l=$OUT/run/$(logname "$t")
    run_tool "$l.out" "$l.err" run "$t"
    if [ "$rc" -eq 0 ] && clean "$l.err" && [ ! -s "$l.err" ]; then
        ok
    else
        bad "run $t (exit $rc)"
        sed 's/^/    /' "$l.err" | head -n 20
    fi
done

# ---- mutants of the textbook trace must fail with FILE:LINE: expect: ------
TB=tests/traces/toy/textbook.trace
# name | pattern on the line to change | sed substitution | field named in the message
MUTANTS=(
    "data|^load 0x03d4 |s/data=0x36/data=0x37/|data: expected 0x37, got 0x36"
    "pa|^load 0x027c |s/pa=0x5fc/pa=0x5fd/|pa: expected 0x5fd, got 0x5fc"
    "tlb|^load 0x03d7 |s/tlb=hit/tlb=miss/|tlb: expected miss, got hit"
    "cache|^load 0x0020 .*cache=miss|s/cache=miss/cache=hit/|cache: expected hit, got miss"
    "walk|^load 0x03a9 |s/walk=1/walk=2/|walk: expected 2, got 1"
    "fault|^load 0x0b8f .*level=0 pa=0|s/fault=not_present/fault=none/|fault: expected none, got not_present"
    "level|^load 0x0b8f .*level=0 pa=0|s/level=0/level=-/|level: expected -, got 0"
)
for m in "${MUTANTS[@]}"; do
    IFS='|' read -r name pat subst msg <<<"$m"
    mt=$OUT/mutants/textbook_$name.trace
    line=$(grep -nE "$pat" "$TB" | head -n 1 | cut -d: -f1)
    if [ -z "$line" ]; then
        bad "mutant $name: pattern '$pat' not found in $TB"
        continue
    fi
    sed "${line}${subst}" "$TB" >"$mt"
    if cmp -s "$TB" "$mt"; then
        bad "mutant $name: substitution changed nothing"
        continue
    fi
    run_tool "$mt.out" "$mt.err" run "$mt"
    if [ "$rc" -eq 1 ] && grep -qF "$mt:$line: expect: $msg" "$mt.err" && clean "$mt.err"; then
        ok
    else
        bad "mutant $name: want exit 1 and '$mt:$line: expect: $msg' (exit $rc)"
        sed 's/^/    /' "$mt.err" | head -n 10
    fi
done

# ---- invalidation traces must tell the rows apart ---------------------------
# row -> match_va match_asid keep_global, and the raw primitive for va=0x400000 asid=1
declare -A PRIM=(
    [invlpg]="110" [invpcid0]="111" [invpcid1]="011" [invpcid2]="000" [invpcid3]="001"
    [mov_cr3]="011" [sfence_all]="000" [sfence_va]="100" [sfence_asid]="011" [sfence_va_asid]="111"
)
raw_inval() {
    local p=$1 s="inval"
    [ "${p:0:1}" = 1 ] && s+=" va=0x400000"
    [ "${p:1:1}" = 1 ] && s+=" asid=1"
    [ "${p:2:1}" = 1 ] && s+=" keep_global"
    echo "$s"
}
for t in "${TRACES[@]}"; do
    base=$(basename "$t" .trace)
    [[ $base == inval_* ]] || continue
    row=${base#inval_}
    mine=${PRIM[$row]:-}
    if [ -z "$mine" ]; then
        bad "swap $t: unknown row '$row'"
        continue
    fi
    line=$(grep -n '^# ---- the invalidation' "$t" | head -n 1 | cut -d: -f1)
    if [ -z "$line" ]; then
        bad "swap $t: no '# ---- the invalidation' marker"
        continue
    fi
    line=$((line + 1))
    for other in 000 001 011 100 110 111; do
        mt=$OUT/mutants/$(logname "$t" | sed 's/\.trace$//')_as_$other.trace
        # A replaced MOV CR3 keeps its root change, without the flush.
        awk -v n="$line" -v s="$(raw_inval "$other")" \
            'NR == n { if ($1 == "root") print $0 " noflush"; print s; next } { print }' "$t" >"$mt"
        run_tool "$mt.out" "$mt.err" run "$mt"
        if [ "$other" = "$mine" ]; then
            # Control: the row's own primitive, written raw, must pass.
            if [ "$rc" -eq 0 ] && clean "$mt.err"; then
                ok
            else
                bad "swap $t: its own primitive '$(raw_inval "$other")' fails (exit $rc)"
            fi
        elif [ "$rc" -eq 1 ] && grep -qE "^$mt:[0-9]+: expect: " "$mt.err" && clean "$mt.err"; then
            ok
        else
            bad "swap $t: replacing the invalidation by '$(raw_inval "$other")' was not detected (exit $rc)"
        fi
    done
done

# ---- canonical output parses back -------------------------------------------
for t in "${TRACES[@]}"; do
    l=$OUT/run/$(logname "$t")
    r=$OUT/replay/$(logname "$t")
    preset=$(awk '$1 == "preset" { print $2; exit }' "$t")
    args=()
    if [ -n "$preset" ]; then
        if [[ $preset == *.cfg || $preset == */* ]] && [[ $preset != /* ]]; then
            preset=$(dirname "$t")/$preset
        fi
        args=(--preset "$preset")
    fi
    # Dump lines (statements) and the REQUEST part of each `#N REQUEST -> RESULT`.
    sed -nE -e 's/^#[0-9]+ (.*) -> .*$/\1/p' -e t -e '/^[a-z]/p' "$l.out" >"$r"
    sed -nE 's/^#[0-9]+ (.*) -> .*$/\1/p' "$l.out" >"$r.want"
    run_tool "$r.out" "$r.err" "${args[@]}" run "$r"
    sed -nE 's/^#[0-9]+ (.*) -> .*$/\1/p' "$r.out" >"$r.got"
    if [ "$rc" -eq 0 ] && clean "$r.err" && [ -s "$r.want" ] && cmp -s "$r.want" "$r.got"; then
        ok
    else
        bad "replay $t (exit $rc)"
        sed 's/^/    /' "$r.err" | head -n 5
        diff "$r.want" "$r.got" | head -n 5 | sed 's/^/    /' || true
    fi
done

# ---- CLI ------------------------------------------------------------------
# Two files on one machine: numbering continues across files.
c=$OUT/cli
printf 'preset toy\nload 0x0020 size=1 expect tlb=hit pa=0xa20\n' >"$c/second.trace"
run_tool "$c/two.out" "$c/two.err" run "$TB" "$c/second.trace"
n_tb=$(grep -c '^#[0-9]' "$OUT/run/$(logname "$TB").out")
if [ "$rc" -eq 0 ] && grep -q "^#$n_tb load 0x20 size=1 priv=s -> .*tlb=hit" "$c/two.out"; then
    ok
else
    bad "cli: two files (exit $rc; want '#$n_tb load 0x20 ...' with tlb=hit)"
fi
# --quiet prints nothing on stdout.
run_tool "$c/quiet.out" "$c/quiet.err" --quiet run "$TB"
if [ "$rc" -eq 0 ] && [ ! -s "$c/quiet.out" ]; then ok; else bad "cli: --quiet (exit $rc)"; fi
# `config` output is a valid configuration that formats identically again.
for p in x86_64 sv39 sv48 toy; do
    run_tool "$c/$p.cfg" "$c/$p.err" --preset "$p" config
    rc1=$rc
    run_tool "$c/$p.again" "$c/$p.err2" --preset "$c/$p.cfg" config
    if [ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && cmp -s "$c/$p.cfg" "$c/$p.again"; then
        ok
    else
        bad "cli: config round trip for $p"
    fi
done
# check-config accepts every shipped preset and the seed presets.
for f in cfg/*.cfg tests/traces/seed003/*.cfg tests/bad/presets/*.cfg; do
    run_tool "$c/cc.out" "$c/cc.err" check-config "$f"
    if [ "$rc" -eq 0 ]; then ok; else bad "cli: check-config $f (exit $rc)"; fi
done
# --help exits 0.
run_tool "$c/help.out" "$c/help.err" --help
if [ "$rc" -eq 0 ] && grep -q '^usage: xlate-model' "$c/help.out"; then ok; else bad "cli: --help"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
