# Shared by the suite runners tests/sim/run.sh, tests/sweep/run.sh and
# tests/systemc/run.sh (sourced, not run): the pass / fail counters, one
# line per check (`ok   ...` / `FAIL ...`), and the final `N passed, N
# failed` line with the exit status.

pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok   $*"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $*"
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit $?
}
