#!/usr/bin/env bash
# The SystemC test suites of `make test` (mk/60-systemc.mk, docs/systemc.md).
#
#   tests/systemc/run.sh tlm      xlate_tlm's own tests (build/systemc/tlm-test)
#                                 and the example platform, every preset
#   tests/systemc/run.sh sim-sc   `make sim` and `make sim-sc` (same command
#                                 line: the preset's directed traces, then
#                                 SC_N random transactions) must write
#                                 identical result files, line for line, and
#                                 identical reports but for the wall-clock
#                                 figures; again with other memory knobs; the
#                                 scoreboard still bites through SystemC
#                                 (--inject-bug) and a preset mismatch is refused
#   tests/systemc/run.sh xcheck   one transaction list through xlate_tlm and
#                                 through the Verilated SystemC RTL behind the
#                                 same socket: every result equal; and with a
#                                 memory that never stalls, xlate_tlm's latency
#                                 equal to the RTL's for every access
#
# Environment: PRESETS (tlm: x86_64 sv39 sv48 toy), SC_PRESETS (x86_64 sv39),
# SC_N (20000), SC_SEED (1).  Logs: build/systemc/test/<suite>/.
# The last line is `N passed, N failed`; exit status 0 only if none failed.
set -uo pipefail

cd "$(dirname "$0")/../.."
SUITE=${1:-}
PRESETS=${PRESETS:-x86_64 sv39 sv48 toy}
SC_PRESETS=${SC_PRESETS:-x86_64 sv39}
SC_N=${SC_N:-20000}
SC_SEED=${SC_SEED:-1}
OUT=build/systemc/test/$SUITE
export SC_COPYRIGHT_MESSAGE=DISABLE  # SystemC's banner

. tests/lib_suite.sh
last_line_ok() { [[ $(tail -n 1 "$1") =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; }

case "$SUITE" in
tlm | sim-sc | xcheck) ;;
*)
    echo "usage: tests/systemc/run.sh tlm|sim-sc|xcheck"
    echo "0 passed, 1 failed"
    exit 1
    ;;
esac
rm -rf "$OUT"
mkdir -p "$OUT"

# ---------------------------------------------------------------- tlm
if [ "$SUITE" = tlm ]; then
    for p in $PRESETS; do
        log=$OUT/tlm-test-$p.log
        build/systemc/tlm-test "$p" "$SC_N" "$SC_SEED" >"$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && last_line_ok "$log"; then
            ok "xlate_tlm tests $p: $(tail -n 1 "$log")"
        else
            bad "xlate_tlm tests $p (exit $rc):"
            grep -E '^FAIL|Error|rror:' "$log" | head -10 | sed 's/^/    /'
            tail -n 2 "$log" | sed 's/^/    /'
        fi
        log=$OUT/example-$p.log
        build/systemc/xlate-tlm-example "$p" "$SC_N" "$SC_SEED" >"$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && last_line_ok "$log" && ! grep -q 'Warning' "$log"; then
            ok "example platform $p: $(grep -m1 '^random stream' "$log" | cut -d';' -f1)"
        else
            bad "example platform $p (exit $rc):"
            grep -E 'FAIL|Warning|Error' "$log" | head -10 | sed 's/^/    /'
        fi
    done
    finish
fi

# ---------------------------------------------------------------- sim-sc
# Reports compared without the wall-clock figures (per-run seconds, throughput).
strip_times() { sed -E -e 's/ +[0-9]+\.[0-9]+ s$//' -e '/^throughput:/d' "$1"; }

if [ "$SUITE" = sim-sc ]; then
    for p in $SC_PRESETS; do
        c_bin=build/sim/$p/fast/xlate-sim
        sc_bin=build/sim-sc/$p/fast/xlate-sim-sc
        traces=()
        for t in tests/traces/"$p"/*.trace; do
            [ -e "$t" ] && traces+=(--trace "$t")
        done
        # the command line of `make sim` / `make sim-sc` with the default knobs
        args=(--preset "$p" --seed "$SC_SEED" --n "$SC_N" --latency 1:20 --backpressure 10 "${traces[@]}")
        "$c_bin" "${args[@]}" --results "$OUT/$p-sim.results" --report "$OUT/$p-sim.report" >"$OUT/$p-sim.log" 2>&1
        rc1=$?
        "$sc_bin" "${args[@]}" --results "$OUT/$p-sim-sc.results" --report "$OUT/$p-sim-sc.report" \
            >"$OUT/$p-sim-sc.log" 2>&1
        rc2=$?
        n=$(wc -l <"$OUT/$p-sim.results" 2>/dev/null || echo 0)
        if [ $rc1 = 0 ] && [ $rc2 = 0 ] && [ "$n" -ge "$SC_N" ] && cmp -s "$OUT/$p-sim.results" "$OUT/$p-sim-sc.results"; then
            ok "sim-sc $p seed $SC_SEED, $((${#traces[@]} / 2)) traces + N=$SC_N: $n result lines identical to make sim"
        else
            bad "sim-sc $p: exit $rc1 / $rc2, results differ or missing:"
            diff "$OUT/$p-sim.results" "$OUT/$p-sim-sc.results" 2>&1 | head -6 | sed 's/^/    /'
            grep -A8 MISMATCH "$OUT/$p-sim-sc.log" | head -12 | sed 's/^/    /'
        fi
        if diff <(strip_times "$OUT/$p-sim.report") <(strip_times "$OUT/$p-sim-sc.report") >"$OUT/$p-report.diff"; then
            ok "sim-sc $p: report identical (cycles, stalls, statistics, coverage) but for wall-clock times"
        else
            bad "sim-sc $p: reports differ:"
            head -10 "$OUT/$p-report.diff" | sed 's/^/    /'
        fi
        # other memory knobs, random stream only
        args=(--preset "$p" --seed $((SC_SEED + 6)) --n $((SC_N / 2)) --latency 0:40 --backpressure 35)
        "$c_bin" "${args[@]}" --results "$OUT/$p-b-sim.results" --report "$OUT/$p-b-sim.report" >/dev/null 2>&1
        rc1=$?
        "$sc_bin" "${args[@]}" --results "$OUT/$p-b-sim-sc.results" --report "$OUT/$p-b-sim-sc.report" >/dev/null 2>&1
        rc2=$?
        if [ $rc1 = 0 ] && [ $rc2 = 0 ] && cmp -s "$OUT/$p-b-sim.results" "$OUT/$p-b-sim-sc.results" &&
            diff -q <(strip_times "$OUT/$p-b-sim.report") <(strip_times "$OUT/$p-b-sim-sc.report") >/dev/null; then
            ok "sim-sc $p seed $((SC_SEED + 6)) LATENCY=0:40 BACKPRESSURE=35: results and report identical to make sim"
        else
            bad "sim-sc $p with LATENCY=0:40 BACKPRESSURE=35: exit $rc1 / $rc2, results or reports differ"
        fi
        # the scoreboard bites through the SystemC DUT
        "$sc_bin" --preset "$p" --seed "$SC_SEED" --n 3000 --inject-bug 1000 \
            --fail-trace "$OUT/$p-fail.trace" >"$OUT/$p-inject.log" 2>&1
        rc=$?
        if [ $rc = 1 ] && grep -q '^MISMATCH in random' "$OUT/$p-inject.log"; then
            ok "sim-sc $p: --inject-bug 1000 caught ($(sed -n 's/^  transaction #\([0-9]*\).*/#\1/p' "$OUT/$p-inject.log" | head -n 1))"
        else
            bad "sim-sc $p: --inject-bug 1000 gave exit $rc"
        fi
    done
    set -- $SC_PRESETS
    if [ $# -ge 2 ]; then
        "build/sim-sc/$1/fast/xlate-sim-sc" --preset "$2" --n 10 >"$OUT/refuse.log" 2>&1
        rc=$?
        if [ $rc = 2 ] && grep -q 'refusing to run' "$OUT/refuse.log"; then
            ok "sim-sc: the $1 SystemC RTL refuses preset $2"
        else
            bad "sim-sc: the $1 SystemC RTL ran preset $2 (exit $rc)"
        fi
    fi
    finish
fi

# ---------------------------------------------------------------- xcheck
if [ "$SUITE" = xcheck ]; then
    for p in $SC_PRESETS; do
        bin=build/sim-sc/$p/fast/xcheck
        log=$OUT/$p.log
        "$bin" --preset "$p" --seed "$SC_SEED" --n "$SC_N" >"$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && last_line_ok "$log"; then
            ok "xcheck $p: $(grep -m1 '^xcheck' "$log" | sed 's/^xcheck [^:]*: //')"
        else
            bad "xcheck $p (exit $rc):"
            grep -A3 MISMATCH "$log" | head -12 | sed 's/^/    /'
            tail -n 2 "$log" | sed 's/^/    /'
        fi
        log=$OUT/$p-latency.log
        "$bin" --preset "$p" --seed $((SC_SEED + 1)) --n "$SC_N" --latency 10 --backpressure 0 --exact-latency \
            >"$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && last_line_ok "$log"; then
            ok "xcheck $p: xlate_tlm's latency equals the RTL's for every access (memory latency 10, no stalls)"
        else
            bad "xcheck $p: latency model (exit $rc):"
            grep -E 'differs|MISMATCH' "$log" | head -6 | sed 's/^/    /'
        fi
    done
    finish
fi
