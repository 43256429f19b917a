# Shared by tests/run_bad.sh and tests/run_traces.sh (sourced, not run):
# pass/fail counters, helpers, and the sanitizer set-up for the sanitizer
# build of xlate-model in $TOOL.

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
# True if a log holds no sanitizer report.
clean() { ! grep -qE 'Sanitizer|runtime error:' "$1"; }
# Run the tool; sets $rc without tripping `set -e`.
run_tool() {
    local out=$1 err=$2
    shift 2
    rc=0
    "$TOOL" "$@" >"$out" 2>"$err" || rc=$?
}

if [ ! -x "$TOOL" ]; then
    echo "no tool at $TOOL (run make first)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Leaks are checked where LeakSanitizer works (it needs ptrace, which some
# containers forbid); every sanitizer report is fatal.
if [ -z "${ASAN_OPTIONS:-}" ]; then
    if ASAN_OPTIONS=detect_leaks=1 "$TOOL" --help 2>&1 >/dev/null | grep -q 'LeakSanitizer has encountered a fatal error'; then
        export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
    else
        export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    fi
fi
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
