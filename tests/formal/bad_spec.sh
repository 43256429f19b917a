#!/usr/bin/env bash
# formal/fv.py must reject a malformed property list with FILE:LINE and
# exit 2, and accept the real one.  Ends with `N passed, N failed`.
set -u
cd "$(dirname "$0")/../.."
out=${BUILD:-build}/test-formal-spec
mkdir -p "$out"
pass=0 fail=0
good='build name=b block=tlb top=f_tlb src=formal/tlb/f_tlb.sv rtl=xl_pkg'

check() {  # check NAME LINE-NUMBER CONTENT...
    local name=$1 line=$2; shift 2
    local f="$out/$name.txt"
    printf '%s\n' "$@" > "$f"
    local msg rc
    msg=$(python3 formal/fv.py --spec "$f" --check-spec 2>&1 >/dev/null); rc=$?
    if [ "$rc" -eq 2 ] && grep -q "$f:$line: " <<<"$msg"; then
        pass=$((pass + 1)); echo "ok   $name: $msg"
    else
        fail=$((fail + 1)); echo "FAIL $name: exit $rc, expected exit 2 and '$f:$line: ...', got: $msg"
    fi
}

check unknown_kind    2 "$good" 'proof name=p build=b bmc=3'
check unknown_key     2 "$good" 'prop name=p build=b bmc=3 depht=9'
check missing_bmc     2 "$good" 'prop name=p build=b'
check bad_number      2 "$good" 'prop name=p build=b bmc=ten'
check zero_depth      2 "$good" 'cover build=b bmc=0'
check bad_deep        2 "$good" 'prop name=p build=b bmc=3 deep=-1'
check unknown_build   2 "$good" 'prop name=p build=nosuch bmc=3'
check not_key_value   1 'build name=b block=tlb top f_tlb'
check open_quote      2 "$good" 'prop name="p build=b bmc=3'
check truncated_build 1 'build name=b block=tlb'
printf '%s\n' "$good" > "$out/garbage.txt"; printf '\x00\xff\xfe garbage\n' >> "$out/garbage.txt"
msg=$(python3 formal/fv.py --spec "$out/garbage.txt" --check-spec 2>&1 >/dev/null); rc=$?
if [ "$rc" -eq 2 ] && grep -q "$out/garbage.txt:2: " <<<"$msg"; then pass=$((pass + 1)); echo "ok   binary_garbage: $msg"
else fail=$((fail + 1)); echo "FAIL binary_garbage: exit $rc: $msg"; fi
msg=$(python3 formal/fv.py --spec "$out/no-such-file.txt" --check-spec 2>&1 >/dev/null); rc=$?
if [ "$rc" -eq 2 ] && grep -q "no-such-file.txt: " <<<"$msg"; then pass=$((pass + 1)); echo "ok   missing_file: $msg"
else fail=$((fail + 1)); echo "FAIL missing_file: exit $rc: $msg"; fi
msg=$(python3 formal/fv.py --depth 5 --deep --check-spec 2>&1 >/dev/null); rc=$?
if [ "$rc" -eq 2 ]; then pass=$((pass + 1)); echo "ok   depth_and_deep: $msg"
else fail=$((fail + 1)); echo "FAIL depth_and_deep: exit $rc"; fi
if msg=$(python3 formal/fv.py --check-spec 2>&1); then pass=$((pass + 1)); echo "ok   formal/props.txt: $msg"
else fail=$((fail + 1)); echo "FAIL formal/props.txt: $msg"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
