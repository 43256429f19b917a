#!/bin/bash
# make refcheck-mutants: build the model once per line of tb/refcheck/mutants.txt
# with that one sed applied (a copy under build/refcheck/mutants/NAME; cmodel/
# is never touched), run refcheck on the line's formats and check that a
# `killed` mutant disagrees with QEMU and an `equivalent` one does not.
# Usage: mutants.sh LIST HOST_OBJS_DIR OUT_DIR N SEED TOOLS...
set -u
list=$1 objs=$2 out=$3 n=$4 seed=$5
shift 5
cc=${CC:-cc}
flags="-std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Icmodel/include -D_POSIX_C_SOURCE=200809L -DXL_CFG_DIR=\"cfg\" -O2"
pass=0 fail=0
while IFS='|' read -r name file fmts expect expr; do
    case "$name" in ''|'#'*) continue;; esac
    expect=${expect%%:*}
    d=$out/$name
    rm -rf "$d"; mkdir -p "$d/src" "$d/obj"
    cp cmodel/src/*.c cmodel/src/*.h "$d/src/"
    sed -e "$expr" "cmodel/src/$file" > "$d/src/$file"
    if cmp -s "cmodel/src/$file" "$d/src/$file"; then
        echo "mutant $name: the sed no longer changes cmodel/src/$file"; fail=$((fail + 1)); continue
    fi
    ok=1
    for f in "$d"/src/*.c; do $cc $flags -c "$f" -o "$d/obj/$(basename "$f" .c).o" || ok=0; done
    [ $ok = 1 ] && ar rcs "$d/lib.a" "$d"/obj/*.o && $cc "$objs"/*.o "$d/lib.a" -o "$d/refcheck" || ok=0
    if [ $ok = 0 ]; then echo "mutant $name: does not build"; fail=$((fail + 1)); continue; fi
    rc=0
    "$d/refcheck" --n "$n" --seed "$seed" --formats "$fmts" --dir "$d/run" --label "$name" "$@" > "$d/log" 2>&1 || rc=$?
    nd=$(sed -n 's/^disagreements beyond the waivers: \([0-9]*\);.*/\1/p' "$d/log")
    if [ "$expect" = killed ] && [ $rc = 1 ] && [ "${nd:-0}" -gt 0 ]; then
        pass=$((pass + 1)); echo "mutant $name ($fmts): killed, $nd disagreements"
    elif [ "$expect" = equivalent ] && [ $rc = 0 ]; then
        pass=$((pass + 1)); echo "mutant $name ($fmts): survives, as expected (equivalent)"
    else
        fail=$((fail + 1)); echo "mutant $name ($fmts): expected $expect, got exit $rc with ${nd:-?} disagreements (log $d/log)"
    fi
done < "$list"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
