#!/usr/bin/env bash
# Bad-input corpus on the sanitizer build of xlate-model.
# Usage: tests/run_bad.sh [path/to/xlate-model]
#
# Every file in tests/bad/trace (*.trace, run with `run`) and tests/bad/cfg
# (*.cfg, run with `check-config`), and every binary fixture generated below,
# starts with a comment line
#     # bad: LINE: FRAGMENT
# and must give: exit status exactly 2, a first stderr line starting with
# `FILE:LINE: ` and containing FRAGMENT, nothing on stdout (nothing ran), and
# no sanitizer report.  Usage errors and a robustness sweep (mutated copies of
# the directed traces) follow.  The last line is `N passed, N failed`.
set -euo pipefail

cd "$(dirname "$0")/.."
TOOL=${1:-build/bin-san/xlate-model}
OUT=build/test-bad
rm -rf "$OUT"
mkdir -p "$OUT/gen" "$OUT/log" "$OUT/fuzz"

. tests/lib_tool.sh

# ---- binary fixtures (made here so that the repository holds only text) ----
G=$OUT/gen
printf '# bad: 3: unexpected byte 0x00\npreset toy\nload 0x0\0 size=1\n' >"$G/nul.trace"
printf '# bad: 2: unexpected byte 0x00\n\0\nload 0x0 size=1\n' >"$G/nul_first.trace"
printf '# bad: 4: unexpected byte 0x00\npreset toy\nload 0x0 size=1\n# a comment \0 hides nothing\n' >"$G/nul_comment.trace"
printf '# bad: 3: unexpected byte 0xff\npreset toy\nload 0x0 size=1 \377\n' >"$G/byte_ff.trace"
printf '# bad: 3: unexpected byte 0x07\npreset toy\nload\a 0x0 size=1\n' >"$G/bell.trace"
printf '# bad: 3: unexpected byte 0x1b\npreset toy\n\033[31mload 0x0\n' >"$G/escape.trace"
printf '# bad: 3: unexpected byte 0xc3\npreset toy\nload 0x0 size=1 # caf\303\251\n' >"$G/utf8.trace"
printf '# bad: 3: unexpected byte 0x7f\npreset toy\nload 0x0 size=1\177\n' >"$G/del.trace"
printf '# bad: 3: unexpected byte 0x0c\npreset toy\nload 0x0\fsize=1\n' >"$G/formfeed.trace"
# binary garbage (an ELF-like header) after a valid line
printf '# bad: 3: unexpected byte 0x7f\npreset toy\n\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\n' >"$G/elf.trace"
printf '# bad: 3: unexpected byte 0x00\nname = x\n\0\n' >"$G/nul.cfg"
printf '# bad: 2: unexpected byte 0xfe\nname = \376\n' >"$G/byte_fe.cfg"
{
    printf '# bad: 3: line longer than 1024 characters\npreset x86_64\nload 0x'
    head -c 2000 /dev/zero | tr '\0' '0'
    printf '\n'
} >"$G/long_number.trace"
{
    printf '# bad: 2: line longer than 1024 characters\nname = '
    head -c 1100 /dev/zero | tr '\0' 'a'
    printf '\n'
} >"$G/long.cfg"
# a trace that is one huge line without a newline
{
    printf '# bad: 2: line longer than 1024 characters\n'
    head -c 100000 /dev/zero | tr '\0' 'x'
} >"$G/huge_unterminated.trace"

# ---- the corpus -------------------------------------------------------------
check_file() {
    local f=$1 hdr want_line frag log first
    hdr=$(head -n 1 "$f" | tr -d '\0')
    if [[ ! $hdr =~ ^#\ bad:\ ([0-9]+):\ (.*)$ ]]; then
        bad "$f: first line is not '# bad: LINE: FRAGMENT'"
        return
    fi
    want_line=${BASH_REMATCH[1]}
    frag=${BASH_REMATCH[2]}
    log=$OUT/log/$(echo "$f" | tr '/' '_')
    case $f in
    *.cfg) run_tool "$log.out" "$log.err" check-config "$f" ;;
    *) run_tool "$log.out" "$log.err" run "$f" ;;
    esac
    first=$(head -n 1 "$log.err")
    if [ "$rc" -ne 2 ]; then
        bad "$f: exit $rc, want 2"
    elif ! clean "$log.err"; then
        bad "$f: sanitizer report"
    elif [[ $first != "$f:$want_line: "* ]]; then
        bad "$f: stderr does not start with '$f:$want_line: '"
    elif [[ $first != *"$frag"* ]]; then
        bad "$f: message lacks '$frag'"
    elif [ -s "$log.out" ]; then
        bad "$f: printed on stdout (something ran)"
    else
        ok
        return
    fi
    sed 's/^/    /' "$log.err" | head -n 5
}

mapfile -t FILES < <({
    find tests/bad/trace -name '*.trace'
    find tests/bad/cfg -name '*.cfg'
    find "$G" -type f
} | LC_ALL=C sort)
for f in "${FILES[@]}"; do
    check_file "$f"
done

# ---- a bad file after a good one: nothing runs, the bad file is named --------
run_tool "$OUT/log/two.out" "$OUT/log/two.err" run tests/traces/toy/textbook.trace tests/bad/trace/size3.trace
if [ "$rc" -eq 2 ] && [ ! -s "$OUT/log/two.out" ] && grep -q '^tests/bad/trace/size3.trace:3: ' "$OUT/log/two.err"; then
    ok
else
    bad "good file then bad file: want exit 2, empty stdout, error naming size3.trace:3 (exit $rc)"
fi
# --preset that the trace's own `preset` line contradicts
run_tool "$OUT/log/mismatch.out" "$OUT/log/mismatch.err" --preset sv39 run tests/traces/toy/textbook.trace
if [ "$rc" -eq 2 ] && grep -q "^tests/traces/toy/textbook.trace:[0-9]*: preset 'toy' does not match" "$OUT/log/mismatch.err"; then
    ok
else
    bad "--preset sv39 on a toy trace: want exit 2 and a preset mismatch (exit $rc)"
fi

# ---- usage errors: exit 2 and a message ----------------------------------------
USAGE=(
    ""
    "frobnicate"
    "run"
    "check"
    "--preset"
    "--frob run x.trace"
    "check-config"
    "check-config a.cfg b.cfg"
    "config extra"
    "--preset nosuch config"
    "--preset /nonexistent/p.cfg config"
    "run /nonexistent/file.trace"
    "check-config /nonexistent/file.cfg"
)
for u in "${USAGE[@]}"; do
    read -r -a args <<<"$u"
    run_tool "$OUT/log/usage.out" "$OUT/log/usage.err" "${args[@]}"
    if [ "$rc" -eq 2 ] && [ -s "$OUT/log/usage.err" ] && clean "$OUT/log/usage.err"; then
        ok
    else
        bad "usage '$u': exit $rc, want 2 with a message"
    fi
done

# ---- robustness: mutated copies of the directed traces ------------------------
# Each copy has one line cut short or one byte replaced.  Any outcome but a
# crash is fine: exit 0, 1 or 2 and no sanitizer report.  The copies are made
# first, then run $JOBS at a time (each run prints `crash: FILE (exit N)` if
# it crashed).
n=0
for t in tests/traces/toy/textbook.trace tests/traces/x86_64/inval_invpcid0.trace \
    tests/traces/sv39/inval_sfence_va.trace tests/traces/seed003/lru2.trace; do
    lines=$(wc -l <"$t")
    for i in $(seq 1 "$lines"); do
        for kind in cut byte; do
            n=$((n + 1))
            m=$OUT/fuzz/$n.trace
            case $kind in
            cut) awk -v n="$i" 'NR == n { print substr($0, 1, int(length($0) / 2)); next } { print }' "$t" >"$m" ;;
            byte) awk -v n="$i" 'NR == n { k = int(length($0) / 3) + 1; print substr($0, 1, k - 1) "=" substr($0, k + 1); next } { print }' "$t" >"$m" ;;
            esac
            # keep a relative `preset x.cfg` working
            sed -i "s|^preset \([a-z0-9_]*\.cfg\)|preset $(dirname "$t")/\1|" "$m"
        done
    done
done
fuzz_one() {
    local m=$1 rc=0
    "$TOOL" run "$m" >"$m.out" 2>"$m.err" || rc=$?
    if [ "$rc" -gt 2 ] || grep -qE 'Sanitizer|runtime error:' "$m.err"; then
        echo "    crash: $m (exit $rc)"
    fi
}
export -f fuzz_one
export TOOL
ls "$OUT"/fuzz/*.trace | xargs -P "${JOBS:-2}" -n 1 bash -c 'fuzz_one "$0"' >"$OUT/fuzz.log"
crashes=$(grep -c 'crash:' "$OUT/fuzz.log" || true)
ran=$(ls "$OUT"/fuzz/*.trace.err | wc -l)
sed -n '1,20p' "$OUT/fuzz.log"
if [ "$crashes" -eq 0 ] && [ "$n" -gt 0 ] && [ "$ran" -eq "$n" ]; then
    ok
else
    bad "robustness: $crashes of $n mutated traces crashed ($ran ran)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
