#!/usr/bin/env bash
# The configuration-flow suites (mk/57-sweep.mk, docs/verification-plan.md
# section 8).
#
#   tests/sweep/run.sh flow    make sim CFG= on a configuration outside cfg/
#                              for every format (tests/sweep/cfg/<format>-alt.cfg,
#                              each differing from cfg/<format>.cfg in TLB and
#                              cache geometry, TLB replacement and ASID
#                              width); the formal derivation per format;
#                              labels and build directories; the parameter
#                              stamp rebuilds only on a geometry change; the
#                              replay commands of a CFG= mismatch; bad CFG= /
#                              PRESET= refused with FILE:LINE before anything
#                              is built, by every flow
#   tests/sweep/run.sh sweep   the generator's legality check, then one small
#                              random configuration per format through
#                              make sim CFG= (scripts/cfgsweep.py)
#   tests/sweep/run.sh known   every reproducer of a known defect
#                              (tests/sweep/known/*.cfg) must still fail, every
#                              one of a fixed defect (tests/sweep/fixed/*.cfg)
#                              must pass
#   tests/sweep/run.sh seed003 the seed-003 machines (tests/traces/seed003/*.cfg)
#                              with their own traces through the RTL
#
# Environment: MAKE (make), N (random transactions per run, 20000), SEED (1),
# SWEEP_SEED (1), SWEEP_SIZE (small).  Logs: build/test-cfg-flow/,
# build/sweep/.  The last line is `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
SUITE=${1:-}
MAKE=${MAKE:-make}
N=${N:-20000}
SEED=${SEED:-1}
MODEL=build/bin/xlate-model
OUT=build/test-cfg-flow
. tests/lib_suite.sh
# make with the knobs of the caller's command line neutralised
mk() { $MAKE --no-print-directory TRACE= WAVES= "$@"; }
# the value of KEY in `xlate-model config` of FILE
key() { "$MODEL" --preset "$1" config | awk -v k="$2" '$1 == k { print $3 }'; }
label_of() { mk -s cfg-label "$@" 2>/dev/null; }

case "$SUITE" in
flow | sweep | known | seed003) ;;
*)
    echo "usage: tests/sweep/run.sh flow|sweep|known|seed003"
    echo "0 passed, 1 failed"
    exit 1
    ;;
esac

# ---------------------------------------------------------------- sweep
if [ "$SUITE" = sweep ]; then
    seed=${SWEEP_SEED:-1}
    size=${SWEEP_SIZE:-small}
    mkdir -p build/sweep
    if python3 scripts/cfgsweep.py check --seed "$seed" --count 100 --model "$MODEL" > build/sweep/check.log 2>&1; then
        ok "$(grep '^ok ' build/sweep/check.log | sed 's/^ok *//')"
    else
        bad "the generator made an invalid configuration:"
        sed 's/^/    /' build/sweep/check.log
    fi
    out=build/sweep/test-seed$seed-$size
    mkdir -p "$out"
    python3 -u scripts/cfgsweep.py run --seed "$seed" --size "$size" --n "$N" --out "$out" --make "$MAKE" \
        --model "$MODEL" 2>&1 | tee "$out.log" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
    rc=${PIPESTATUS[0]}
    last=$(tail -n 1 "$out.log")
    if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        pass=$((pass + BASH_REMATCH[1]))
        fail=$((fail + BASH_REMATCH[2]))
        [ $rc = 0 ] || [ "${BASH_REMATCH[2]}" != 0 ] || bad "sweep: exit $rc"
    else
        bad "sweep: no result line (exit $rc)"
    fi
    finish
fi

# ---------------------------------------------------------------- known
if [ "$SUITE" = known ]; then
    mkdir -p $OUT
    for f in tests/sweep/known/*.cfg; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .cfg)
        log=$OUT/known-$name.log
        mk sim CFG="$f" N="$N" SEED="$SEED" > "$log" 2>&1
        rc=$?
        if [ $rc != 0 ] && grep -q '^MISMATCH' "$log"; then
            ok "known defect $name still reproduces: $(grep -m1 -A1 '^MISMATCH' "$log" | tail -n 1 | sed 's/^ *//')"
        else
            bad "known defect $name no longer reproduces (exit $rc): fixed? remove it from KNOWN_ISSUES in scripts/cfgsweep.py and delete $f"
            tail -3 "$log" | sed 's/^/    /'
        fi
    done
    # fixed defects: their reproducers must pass now
    for f in tests/sweep/fixed/*.cfg; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .cfg)
        log=$OUT/fixed-$name.log
        mk sim CFG="$f" N="$N" SEED="$SEED" > "$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && grep -q '^mismatches: 0$' "$log"; then
            ok "fixed defect $name stays fixed: 0 mismatches"
        else
            bad "fixed defect $name reproduces again (exit $rc)"
            grep -m1 -A3 '^MISMATCH' "$log" | sed 's/^/    /'
        fi
    done
    finish
fi

# ---------------------------------------------------------------- seed003
# the seed-003 machines (toy configurations beside their worked examples)
# with their own traces: TRACE= through the RTL
if [ "$SUITE" = seed003 ]; then
    mkdir -p $OUT
    for t in tests/traces/seed003/*.trace; do
        [ -e "$t" ] || continue
        c=$(sed -n 's/^preset[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$t" | head -n 1)
        c=$(dirname "$t")/$c
        log=$OUT/seed003-$(basename "$t" .trace).log
        mk sim CFG="$c" TRACE="$t" N=0 > "$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && grep -q '^mismatches: 0$' "$log" && grep -q "^  PASS $t " "$log"; then
            ok "make sim CFG=$c TRACE=$t: $(grep -m1 "^  PASS $t" "$log" | awk '{print $3, $4}') through the RTL, 0 mismatches"
        else
            bad "make sim CFG=$c TRACE=$t (exit $rc):"
            tail -4 "$log" | sed 's/^/    /'
        fi
    done
    finish
fi

# ---------------------------------------------------------------- flow
rm -rf $OUT
mkdir -p $OUT/cfg $OUT/a $OUT/b

# 1. a configuration outside cfg/ for every format, through make sim CFG=
#    (copies under build/, so that the stamp test below may edit one)
formats=$(for f in cfg/*.cfg; do key "$f" format; done | sort -u)
for fmt in $formats; do
    src=tests/sweep/cfg/$fmt-alt.cfg
    if [ ! -f "$src" ]; then
        bad "format $fmt (used by cfg/) has no $src"
        continue
    fi
    alt=$OUT/cfg/$fmt-alt.cfg
    cp "$src" "$alt"
    # it must really be another machine than the format's preset
    base=cfg/$fmt.cfg
    [ -f "$base" ] || base=$(grep -l "^format *= *$fmt\b" cfg/*.cfg | head -n 1)
    same=""
    for k in tlb_sets:tlb_ways:tlb_super cache_sets:cache_ways:cache_line tlb_repl asid_bits; do
        a="" b=""
        for kk in ${k//:/ }; do
            a+="$(key "$alt" "$kk") "
            b+="$(key "$base" "$kk") "
        done
        [ "$a" = "$b" ] && same+=" ${k//:/,}"
    done
    if [ -n "$same" ]; then
        bad "$src repeats $base in:$same (it must differ in TLB and cache geometry, replacement and ASID width)"
        continue
    fi
    label=$(label_of CFG="$alt")
    log=$OUT/sim-$fmt.log
    mk sim CFG="$alt" N="$N" SEED="$SEED" > "$log" 2>&1
    rc=$?
    last=$(tail -n 1 "$log")
    rep=build/sim/$label/report.txt
    if [ $rc = 0 ] && [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]] && grep -q '^mismatches: 0$' "$log" &&
        [ -f "$rep" ] && [ "$rep" -nt "$alt" ] && grep -q "^== xlate co-simulation: preset $fmt-alt ($fmt)" "$log"; then
        ok "make sim CFG=$alt (TLB $(key "$alt" tlb_sets)x$(key "$alt" tlb_ways)+$(key "$alt" tlb_super) $(key "$alt" tlb_repl), L1D $(key "$alt" cache_sets)x$(key "$alt" cache_ways)x$(key "$alt" cache_line) B, ASID $(key "$alt" asid_bits)): $last, mismatches 0, $(grep -m1 '^functional coverage' "$log" | sed 's/ (docs[^)]*)//'); directed traces $(grep -m1 '^directed traces' "$log" | sed -e 's/^directed traces: //' -e 's/ fit this geometry.*//'); report in build/sim/$label/"
    else
        bad "make sim CFG=$alt (exit $rc, label '$label'):"
        grep -A6 '^MISMATCH' "$log" | head -12 | sed 's/^/    /'
        tail -4 "$log" | sed 's/^/    /'
    fi
done

# 1b. make formal CFG= derives its builds for each of them (the plan only:
#     the proofs take minutes; docs/config.md, "Formal")
for fmt in $formats; do
    alt=$OUT/cfg/$fmt-alt.cfg
    [ -f "$alt" ] || continue
    log=$OUT/formal-plan-$fmt.log
    python3 formal/fv.py --cfg "$alt" --model "$MODEL" --plan > "$log" 2>&1
    rc=$?
    nb=$(grep -cE '^  cfg-[^ ]+/(tlb|ptw|perm|cache|mmu) ' "$log")
    if [ $rc = 0 ] && [ "$nb" = 5 ] && grep -q "kept format $fmt" "$log"; then
        ok "make formal CFG=$alt: 5 builds derived ($(grep -o "^  cfg-[^ ]*/tlb .*kept [^;]*" "$log" | sed 's/.*kept //'))"
    else
        bad "formal/fv.py --cfg $alt --plan: exit $rc, $nb builds"
        head -5 "$log" | sed 's/^/    /'
    fi
done

# 2. labels: a preset keeps its name, equal basenames get different builds,
#    PRESET=path is CFG=path
cp tests/sweep/cfg/toy-alt.cfg $OUT/a/same.cfg
cp tests/sweep/cfg/toy-alt.cfg $OUT/b/same.cfg
la=$(label_of CFG=$OUT/a/same.cfg)
lb=$(label_of CFG=$OUT/b/same.cfg)
lp=$(label_of PRESET="$PWD/$OUT/a/same.cfg")
ls=$(label_of CFG=cfg/sv39.cfg)
if [[ $la == same-* ]] && [[ $lb == same-* ]] && [ "$la" != "$lb" ] && [ "$lp" = "$la" ] && [ "$ls" = sv39 ]; then
    ok "labels: $OUT/a/same.cfg -> $la, $OUT/b/same.cfg -> $lb, PRESET=<its absolute path> -> $lp, CFG=cfg/sv39.cfg -> $ls"
else
    bad "labels: a '$la' b '$lb' PRESET=path '$lp' cfg/sv39.cfg '$ls'"
fi

# 3. the RTL-parameter stamp, on the toy copy built above: new text with the
#    same geometry rebuilds nothing; a geometry change rewrites the stamp and
#    puts the simulator out of date
alt=$OUT/cfg/toy-alt.cfg
label=$(label_of CFG=$alt)
stamp=build/cfg/$label/params
bin=build/sim/$label/fast/xlate-sim
if [ -f "$bin" ] && [ -f "$stamp" ]; then
    t_bin=$(stat -c %Y "$bin")
    t_stamp=$(stat -c %Y "$stamp")
    cp -p "$stamp" $OUT/stamp.saved
    cp "$alt" $OUT/alt.saved
    sleep 1
    printf '# a comment: the geometry is the same\n' >> "$alt"
    sed -i 's/^ad_policy .*/ad_policy   = fault     # rewritten, same value/' "$alt"
    out1=$(mk sim-build CFG="$alt" 2>&1)
    same1=$([ "$(stat -c %Y "$bin")" = "$t_bin" ] && [ "$(stat -c %Y "$stamp")" = "$t_stamp" ] && echo yes)
    sed -i 's/^tlb_ways .*/tlb_ways    = 1/' "$alt"
    mk cfg-check CFG="$alt" > $OUT/stamp.log 2>&1
    mk -q sim-build CFG="$alt" > /dev/null 2>&1
    q=$?
    changed=$(grep -q -- '-GTlbWays=1' "$stamp" && [ "$(stat -c %Y "$stamp")" != "$t_stamp" ] && echo yes)
    # put the text and the stamp back: nothing to rebuild for the next run
    cp $OUT/alt.saved "$alt"
    cp -p $OUT/stamp.saved "$stamp"
    out2=$(mk sim-build CFG="$alt" 2>&1)
    same2=$([ "$(stat -c %Y "$bin")" = "$t_bin" ] && echo yes)
    if [ "$same1" = yes ] && ! grep -q verilator <<<"$out1" && [ "$changed" = yes ] && [ $q = 1 ] &&
        [ "$same2" = yes ] && ! grep -q verilator <<<"$out2"; then
        ok "stamp: a comment and a rewritten line leave $stamp and the simulator alone; tlb_ways 2 -> 1 rewrites the stamp and puts $bin out of date"
    else
        bad "stamp: same text: stamp/binary kept '$same1'; tlb_ways change: stamp rewritten '$changed', make -q exit $q (want 1); restored: kept '$same2'"
        printf '%s\n%s\n' "$out1" "$out2" | head -6 | sed 's/^/    /'
    fi
else
    bad "stamp: $bin or $stamp missing after make sim CFG=$alt"
fi

# 4. the replay commands a mismatch prints work for a CFG= run: corrupt one
#    expectation (--inject-bug), then run both printed commands (without
#    WAVES=1, which would build the tracing simulator) through make
alt=$OUT/cfg/x86_64-alt.cfg
label=$(label_of CFG=$alt)
bin=build/sim/$label/fast/xlate-sim
log=$OUT/replay.log
"$bin" --preset "$PWD/$alt" --seed "$SEED" --n 4000 --inject-bug 3000 --fail-trace build/sim/$label/fail-seed$SEED.trace \
    --make-vars "LATENCY=1:20 BACKPRESSURE=10" > "$log" 2>&1
rc=$?
mapfile -t cmds < <(sed -n 's/^    \(make sim .*\)$/\1/p' "$log")
if [ $rc = 1 ] && [ ${#cmds[@]} = 2 ]; then
    good=0
    for c in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        mk ${c#make } WAVES= > $OUT/replay-run.log 2>&1 && grep -q '^mismatches: 0$' $OUT/replay-run.log &&
            grep -q "^make sim: configuration $label " $OUT/replay-run.log && good=$((good + 1))
    done
    if [ $good = 2 ]; then
        ok "replay: both commands printed for the mismatch of a CFG= run work (${cmds[0]%% TRACE=*} ...): same build $label, 0 mismatches (the bug was in the expectation)"
    else
        bad "replay: $good of 2 printed commands ran on $label without mismatches: ${cmds[*]}"
        tail -3 $OUT/replay-run.log | sed 's/^/    /'
    fi
else
    bad "replay: --inject-bug gave exit $rc and ${#cmds[@]} replay commands"
    tail -5 "$log" | sed 's/^/    /'
fi

# 5. refused before anything is built, by every flow
flows="sim sim-sc lint synth formal tb-tlb tb-cache tb-ptw"
for f in tests/sweep/bad/*.cfg; do
    want=$(sed -n 's/^# expect: //p' "$f" | head -n 1) # LINE: message
    label=$(label_of CFG="$f")
    problems=""
    for flow in $flows; do
        log=$OUT/bad-$(basename "$f" .cfg)-$flow.log
        mk "$flow" CFG="$f" > "$log" 2>&1
        rc=$?
        built=""
        for d in build/sim/$label build/sim-sc/$label build/synth/$label build/tb/tlb/$label build/tb/cache/$label \
            build/tb/ptw/$label build/formal/cfg-$label build/cfg/$label/params; do
            [ -e "$d" ] && built+=" $d"
        done
        if [ $rc = 0 ] || ! grep -qF "$f:$want" "$log" || [ -n "$built" ]; then
            problems+=" [make $flow: exit $rc, message: $(grep -m1 -F "$f" "$log"), built:${built:- nothing}]"
        fi
    done
    if [ -z "$want" ]; then
        bad "$f has no '# expect: LINE: message' line"
    elif [ -z "$problems" ]; then
        ok "CFG=$f refused by every flow ($flows), nothing built: $f:$want"
    else
        bad "CFG=$f:$problems"
    fi
done
check_refused() { # DESCRIPTION EXPECTED-TEXT make-args...
    local what=$1 want=$2
    shift 2
    local log=$OUT/refused-$((pass + fail)).log
    mk "$@" > "$log" 2>&1
    local rc=$?
    if [ $rc != 0 ] && grep -qF "$want" "$log"; then
        ok "$what refused: $(grep -m1 -F "$want" "$log")"
    else
        bad "$what: exit $rc, wanted '$want':"
        head -5 "$log" | sed 's/^/    /'
    fi
}
check_refused "make sim PRESET=nosuch" "PRESET=nosuch: no configuration file cfg/nosuch.cfg" sim PRESET=nosuch
check_refused "make sim CFG=<missing file>" "$OUT/missing.cfg: cannot open: No such file or directory" sim CFG=$OUT/missing.cfg
check_refused "make lint CFG=<a directory>" "$OUT/a: is a directory" lint CFG=$OUT/a
finish
