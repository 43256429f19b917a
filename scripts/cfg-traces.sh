#!/usr/bin/env bash
# The directed traces `make sim CFG=FILE` (and `make sim-sc CFG=FILE`) run
# (docs/config.md, "Writing your own preset"):
#
#   scripts/cfg-traces.sh MODEL CFGFILE OUTDIR
#
# Candidates: tests/traces/<format>/*.trace, <format> being the file's
# `format`.  Each is copied to OUTDIR/traces/ with its `preset` statements
# turned into comments (they name the format's preset; line numbers are
# kept), and it runs only if the copy parses against the configuration
# (`xlate-model --preset CFGFILE check`: every backdoor index, width, ASID
# and size must fit this geometry).  In the co-simulation a trace is a
# stimulus checked RTL against model; its `expect` clauses are not used.
#
# stdout: the `--trace FILE` arguments; stderr: one summary line (which ran,
# which were skipped and why).  Exit 2 if the configuration does not load.
set -uo pipefail
model=$1 cfg=$2 out=$3

fmt=$("$model" --preset "$cfg" config 2>/dev/null | awk '$1 == "format" { print $3 }')
if [ -z "$fmt" ]; then
    "$model" --preset "$cfg" config >/dev/null
    exit 2
fi
dir=tests/traces/$fmt
rm -rf "$out/traces"
mkdir -p "$out/traces"
ran=() skipped=()
for t in "$dir"/*.trace; do
    [ -e "$t" ] || continue
    name=$(basename "$t")
    copy=$out/traces/$name
    sed -E 's/^([[:space:]]*)preset([[:space:]].*)?$/\1# preset\2   (made a comment by make sim CFG=)/' "$t" > "$copy"
    if err=$("$model" --preset "$cfg" check "$copy" 2>&1); then
        ran+=("${name%.trace}")
        printf -- '--trace %s\n' "$copy"
    else
        # the first message, without the file name
        why=$(printf '%s\n' "$err" | head -n 1 | sed -E 's/^[^:]*:([0-9]+): /line \1: /')
        skipped+=("${name%.trace} ($why)")
        rm -f "$copy"
    fi
done
total=$(( ${#ran[@]} + ${#skipped[@]} ))
if [ "$total" = 0 ]; then
    echo "directed traces: none (no $dir/*.trace)" >&2
else
    msg="directed traces: ${#ran[@]} of $total from $dir/ fit this geometry"
    [ ${#ran[@]} -gt 0 ] && msg+=": ${ran[*]}"
    if [ ${#skipped[@]} -gt 0 ]; then
        msg+="; skipped: "
        sep=""
        for s in "${skipped[@]}"; do msg+="$sep$s"; sep=", "; done
    fi
    echo "$msg" >&2
fi
exit 0
