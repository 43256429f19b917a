#!/usr/bin/env bash
# The co-simulation test suites of `make test` (mk/55-simtest.mk).
#
#   tests/sim/run.sh stim       the random stimulus on the model alone
#                               (build/sim-test/stim-check): every generated
#                               statement parses back, determinism, the prefix
#                               property, speed; every preset plus the
#                               seed-003 configurations
#   tests/sim/run.sh sim        a short random run (N=20000 by default) plus
#                               the preset's directed traces through the RTL,
#                               on every preset: exit 0, no mismatch
#   tests/sim/run.sh selfcheck  the scoreboard bites: --inject-bug K must exit
#                               1 with a MISMATCH report naming a transaction
#                               at or after K and a replay trace that loads
#                               (and passes) in xlate-model and in the RTL; the
#                               RTL of one preset must refuse another preset
#   tests/sim/run.sh traces     directed traces through the RTL, each result
#                               checked against the trace's own `expect`
#                               clauses (build/sim-test/rtl-expect), the
#                               seed-004 textbook example among them; a mutated
#                               expectation must be caught
#
# Environment: PRESETS (default: every cfg/*.cfg), SIM_N (20000),
# SIM_SEED (1), SELF_K (5000).  Logs: build/sim-test/<suite>/.
# The last line is `N passed, N failed`; exit status 0 only if none failed.
set -uo pipefail

cd "$(dirname "$0")/../.."
SUITE=${1:-}
PRESETS=${PRESETS:-$(for f in cfg/*.cfg; do basename "$f" .cfg; done | tr '\n' ' ')}
SIM_N=${SIM_N:-20000}
SIM_SEED=${SIM_SEED:-1}
SELF_K=${SELF_K:-5000}
TOOLS=build/sim-test
OUT=$TOOLS/$SUITE
MODEL=build/bin/xlate-model

. tests/lib_suite.sh
sim_bin() { echo "build/sim/$1/fast/xlate-sim"; }

case "$SUITE" in
stim | sim | selfcheck | traces) ;;
*)
    echo "usage: tests/sim/run.sh stim|sim|selfcheck|traces"
    echo "0 passed, 1 failed"
    exit 1
    ;;
esac
rm -rf "$OUT"
mkdir -p "$OUT"

# ---------------------------------------------------------------- stim
if [ "$SUITE" = stim ]; then
    for p in $PRESETS tests/traces/seed003/lru2.cfg tests/traces/seed003/twolevel.cfg; do
        name=$(basename "$p" .cfg)
        for seed in 1 7; do
            log=$OUT/$name-seed$seed.log
            "$TOOLS/stim-check" --preset "$p" --seed "$seed" --n 30000 >"$log" 2>&1
            rc=$?
            if [ $rc = 0 ] && grep -qE '^[0-9]+ passed, 0 failed$' "$log"; then
                ok "stim $name seed $seed: $(grep -m1 '^stim-check' "$log" | sed 's/^stim-check [^:]*: //')"
            else
                bad "stim $name seed $seed (exit $rc):"
                sed 's/^/    /' "$log" | tail -20
            fi
        done
    done
    # the coverage table of docs/verification-plan.md 4.10 is report.c's
    if python3 tests/sim/bins_table.py --check docs/verification-plan.md "$TOOLS/stim-check" $PRESETS \
        >"$OUT/bins-table.log" 2>&1; then
        ok "$(cat "$OUT/bins-table.log")"
    else
        bad "coverage table:"
        sed 's/^/    /' "$OUT/bins-table.log"
    fi
    finish
fi

# ---------------------------------------------------------------- sim
if [ "$SUITE" = sim ]; then
    for p in $PRESETS; do
        bin=$(sim_bin "$p")
        log=$OUT/$p.log
        traces=()
        for t in tests/traces/"$p"/*.trace; do
            [ -e "$t" ] && traces+=(--trace "$t")
        done
        "$bin" --preset "$p" --seed "$SIM_SEED" --n "$SIM_N" "${traces[@]}" \
            --report "$OUT/$p-report.txt" --junit "$OUT/$p-junit.xml" \
            --fail-trace "$OUT/$p-fail.trace" >"$log" 2>&1
        rc=$?
        last=$(tail -n 1 "$log")
        if [ $rc = 0 ] && [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]] && ! grep -q MISMATCH "$log"; then
            ok "sim $p N=$SIM_N seed $SIM_SEED: $last; $(grep -m1 '^functional coverage' "$log" | sed 's/ (docs[^)]*)//')"
        else
            bad "sim $p N=$SIM_N seed $SIM_SEED (exit $rc):"
            grep -A12 MISMATCH "$log" | sed 's/^/    /' | head -30
            tail -3 "$log" | sed 's/^/    /'
        fi
    done
    finish
fi

# ---------------------------------------------------------------- selfcheck
if [ "$SUITE" = selfcheck ]; then
    for p in $PRESETS; do
        bin=$(sim_bin "$p")
        log=$OUT/$p.log
        replay=$OUT/$p-replay.trace
        "$bin" --preset "$p" --seed "$SIM_SEED" --n $((SELF_K + 2000)) --inject-bug "$SELF_K" \
            --fail-trace "$replay" --junit "$OUT/$p-junit.xml" >"$log" 2>&1
        rc=$?
        idx=$(sed -n 's/^  transaction #\([0-9]*\).*/\1/p' "$log" | head -n 1)
        if [ $rc = 1 ] && grep -q '^MISMATCH in random' "$log" && [ -n "$idx" ] && [ "$idx" -ge "$SELF_K" ] &&
            grep -q '^  request : ' "$log" && grep -q '<failure' "$OUT/$p-junit.xml"; then
            ok "selfcheck $p: --inject-bug $SELF_K caught at transaction #$idx ($(sed -n 's/^  transaction #[0-9]*: //p' "$log" | head -n 1))"
        else
            bad "selfcheck $p: --inject-bug $SELF_K gave exit $rc, transaction '${idx:-none}'"
            tail -20 "$log" | sed 's/^/    /'
            continue
        fi
        # the replay trace: transactions 0..idx, loads and passes on the model and on the RTL
        ntx=$(grep -cE '^(load|store|fetch|inval|root|ctl|sfence_w_inval|sfence_inval_ir)( |$)' "$replay" || true)
        "$MODEL" --preset "$p" --quiet run "$replay" >"$OUT/$p-replay-model.log" 2>&1
        rc=$?
        if [ "$ntx" = $((idx + 1)) ] && [ $rc = 0 ]; then
            ok "selfcheck $p: replay trace holds transactions 0..$idx and passes on xlate-model"
        else
            bad "selfcheck $p: replay trace has $ntx transactions (want $((idx + 1))); xlate-model exit $rc"
            tail -5 "$OUT/$p-replay-model.log" | sed 's/^/    /'
        fi
        if "$bin" --preset "$p" --n 0 --trace "$replay" --quiet >"$OUT/$p-replay-rtl.log" 2>&1; then
            ok "selfcheck $p: replay trace passes on the RTL (the bug was in the expectation)"
        else
            bad "selfcheck $p: replay trace fails on the RTL"
            tail -15 "$OUT/$p-replay-rtl.log" | sed 's/^/    /'
        fi
    done
    # an RTL built for one preset refuses to run another
    set -- $PRESETS
    if [ $# -ge 2 ]; then
        "$(sim_bin "$1")" --preset "$2" --n 10 >"$OUT/refuse.log" 2>&1
        rc=$?
        if [ $rc = 2 ] && grep -q 'refusing to run' "$OUT/refuse.log"; then
            ok "selfcheck: the $1 RTL refuses preset $2"
        else
            bad "selfcheck: the $1 RTL ran preset $2 (exit $rc)"
            sed 's/^/    /' "$OUT/refuse.log" | head -5
        fi
    fi
    finish
fi

# ---------------------------------------------------------------- traces
for p in $PRESETS; do
    bin=$(sim_bin "$p")
    for t in tests/traces/"$p"/*.trace; do
        [ -e "$t" ] || continue
        grep -q 'expect' "$t" || continue
        name=$(basename "$t" .trace)
        res=$OUT/$p-$name.results
        "$bin" --preset "$p" --n 0 --trace "$t" --results "$res" --quiet >"$OUT/$p-$name.log" 2>&1
        rc=$?
        if [ $rc != 0 ]; then
            bad "traces $t: the RTL run failed (exit $rc)"
            grep -A8 MISMATCH "$OUT/$p-$name.log" | sed 's/^/    /'
            continue
        fi
        if "$TOOLS/rtl-expect" --preset "$p" "$t" "$res" >"$OUT/$p-$name.check" 2>&1; then
            ok "traces $(tail -n 1 "$OUT/$p-$name.check")"
        else
            bad "traces $t: RTL results break the trace's expectations"
            sed 's/^/    /' "$OUT/$p-$name.check" | head -10
        fi
    done
done
# the check bites: one expected byte of the textbook example changed
case " $PRESETS " in
*" toy "*)
    t=tests/traces/toy/textbook.trace
    m=$OUT/textbook-mutant.trace
    line=$(grep -n 'expect.*data=0x36 ' "$t" | head -n 1 | cut -d: -f1)
    if [ -n "$line" ]; then
        sed "${line}s/data=0x36 /data=0x37 /" "$t" >"$m"
        "$TOOLS/rtl-expect" --preset toy "$m" "$OUT/toy-textbook.results" >"$OUT/mutant.check" 2>&1
        rc=$?
        if [ $rc = 1 ] && grep -q "^$m:$line: RTL: data: expected 0x37, got 0x36" "$OUT/mutant.check"; then
            ok "traces: a wrong expectation in the textbook example is caught at $m:$line"
        else
            bad "traces: the mutated textbook expectation was not caught (exit $rc)"
            sed 's/^/    /' "$OUT/mutant.check" | head -5
        fi
    else
        bad "traces: textbook.trace has no 'data=0x36' expectation to mutate"
    fi
    ;;
esac
finish
