#!/usr/bin/env bash
# Mutation check of the walker testbench: for each mutant below, copy the
# RTL under OUT/<n>/, apply one sed edit to the copy (never to rtl/), build
# the Verilated xl_ptw for the mutant's preset and run the testbench, which
# must report a mismatch.  Prints one line per mutant and `N passed, N failed`
# (passed = caught).
#
#   tb/ptw/mutants.sh OUT HARNESS_OBJ LIBXLATE XLATE_MODEL [N] [ONLY]
#
# ONLY: run just the mutants whose numbers are listed (comma-separated).
set -uo pipefail
out=$1 obj=$2 lib=$3 model=$4 n=${5:-100000} only=${6:-}
root=$(pwd)

# preset @ file @ sed expression @ what it breaks
mutants=(
"x86_64@xl_ptw.sv@s/>= MemBytes/> MemBytes/@bus check: a table exactly at mem_bytes"
"toy@xl_ptw.sv@s/>= MemBytes/> MemBytes/@bus check at the end of toy memory"
"x86_64@xl_ptw.sv@s/if (!dec_flags\[xl_pkg::PfU\])  folded/if (1'b0) folded/@x86 U is ANDed over the levels"
"x86_64@xl_ptw.sv@s/if (dec_flags\[xl_pkg::PfNx\])  folded/if (dec_leaf \&\& dec_flags[xl_pkg::PfNx]) folded/@x86 NX is ORed over the levels"
"sv39@xl_ptw.sv@s/if (dec_flags\[xl_pkg::PfG\]) folded\[xl_pkg::PermG\] = 1'b1;/folded[xl_pkg::PermG] = dec_flags[xl_pkg::PfG];/@RISC-V G is ORed over the levels"
"x86_64@xl_ptw.sv@s/IsX86 && AdPolicy == 0 && need_a/IsX86 \&\& AdPolicy == 0/@x86 A write only when A is clear"
"x86_64@xl_ptw.sv@s/wdata_d   = c_rsp_rdata_i | (64'd1 << RawA);/wdata_d   = c_rsp_rdata_i | (64'd1 << RawD);/@x86 non-leaf write sets A"
"sv39@xl_ptw.sv@s/if (need_d) perm_d\[xl_pkg::PermD\] = 1'b1;//@D in the translation after a store sets it"
"sv39@xl_ptw.sv@s/need_d    = op_q == xl_pkg::OpStore/need_d    = op_q != xl_pkg::OpLoad/@only stores need D"
"sv48@xl_ptw.sv@s/need_d    = op_q == xl_pkg::OpStore/need_d    = op_q != xl_pkg::OpLoad/@only stores need D (ad fault)"
"x86_64@xl_ptw.sv@s/done_vpn_o    = vpn_q & ~lvl_vmask;/done_vpn_o    = vpn_q;/@VPN aligned to the leaf level"
"sv48@xl_ptw.sv@s/3'd3:    begin lvl_vmask = (VOne << LS3)/3'd3:    begin lvl_vmask = (VOne << LS2)/@512 GiB page VPN mask"
"x86_64@xl_ptw.sv@s/if (c_rsp_valid_i) begin/if (c_rsp_valid_i || c_req_ready_i) begin/@wait for the response"
"sv39@xl_ptw.sv@s/reads_d = reads_q + 3'd1;/reads_d = reads_q + {2'd0, !dec_leaf};/@count every PTE read"
"x86_64@xl_pte_decode.sv@s/((raw_i >> 13) & (lvl_mask >> 1))/((raw_i >> 13) \& (lvl_mask >> 2))/@top reserved bit of a large page"
"sv39@xl_pte_decode.sv@s/raw_i\[63:54\] != '0/raw_i[62:54] != '0/@RISC-V bit 63 (N) reserved"
"sv39@xl_pte_decode.sv@s/raw_i\[6\] || raw_i\[7\] || raw_i\[4\]/raw_i[6] || raw_i[4]/@RISC-V non-leaf D reserved"
"sv48@xl_pte_decode.sv@s/(ppn44 & lvl_mask\[43:0\])/(ppn44 \& (lvl_mask[43:0] >> 1))/@top bit of a misaligned superpage PPN"
"sv39@xl_pte_decode.sv@s/end else if (raw_i\[2\] && !raw_i\[1\]) begin/end else if (raw_i[2] \&\& !raw_i[1] \&\& !raw_i[3]) begin/@W without R is reserved even with X"
"toy@xl_pte_decode.sv@s/if (l_bit) fault_o = xl_pkg::FaultReserved;/if (1'b0) fault_o = xl_pkg::FaultReserved;/@toy L at level 0 reserved"
"toy@xl_pte_decode.sv@s/(ppn24 >> PpnBits) != '0/(ppn24 >> (PpnBits + 1)) != '0/@toy PPN above pa_bits"
"x86_64@xl_perm_check.sv@s/(IsX86 && op_i == xl_pkg::OpFetch)/(IsX86 \&\& op_i != xl_pkg::OpLoad)/@x86 SMEP only (no SMAP)"
"sv39@xl_perm_check.sv@s/if (priv_u_i && !user_page) begin/if (priv_u_i \&\& !user_page \&\& op_i != xl_pkg::OpFetch) begin/@user fetch of a supervisor page"
"toy@xl_perm_check.sv@s/fault_o = xl_pkg::FaultWrite;/fault_o = xl_pkg::FaultNone;/@toy write permission"
)

pass=0 fail=0 k=0
for m in "${mutants[@]}"; do
    k=$((k + 1))
    if [ -n "$only" ] && [[ ",$only," != *",$k,"* ]]; then continue; fi
    IFS='@' read -r preset file expr what <<<"$m"
    dir=$out/$k
    mkdir -p "$dir"
    srcs=()
    for f in xl_pkg.sv xl_pte_decode.sv xl_perm_check.sv xl_ptw.sv; do
        if [ "$f" = "$file" ]; then
            sed "$expr" "rtl/$f" > "$dir/$f"
            if cmp -s "rtl/$f" "$dir/$f"; then
                echo "mutant $k ($preset, $file: $what): the edit no longer applies"; fail=$((fail + 1)); continue 2
            fi
            srcs+=("$root/$dir/$f")
        else
            srcs+=("$root/rtl/$f")
        fi
    done
    params=$("$model" --preset "$preset" params | tr ' ' '\n' |
             grep -E -- '^-G(Format|VaBits|PaBits|PageBits|Levels|LevelBits|LeafLevels|AsidBits|AdPolicy|MemBytes)=' | tr '\n' ' ')
    echo "#define XL_PTW_PARAMS \"$params\"" > "$dir/ptw_params.h"
    rm -f "$dir/ptw-sim" # relink even when only the harness object changed
    # shellcheck disable=SC2086
    if ! verilator --cc --exe --build -j 1 -Wall --assert --x-assign fast --x-initial unique --top-module xl_ptw \
            -Wno-fatal -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2" $params -Mdir "$dir/obj" \
            -CFLAGS "-O2 -I$root/tb/ptw -I$root/$dir -I$root/cmodel/include" \
            "$root/rtl/lint.vlt" "${srcs[@]}" "$root/tb/ptw/ptw_shim.cpp" "$root/$obj" "$root/$lib" \
            -o ../ptw-sim > "$dir/build.log" 2>&1; then
        echo "mutant $k ($preset, $file: $what): build failed (see $dir/build.log)"; fail=$((fail + 1)); continue
    fi
    "$dir/ptw-sim" --preset "$preset" --n "$n" --seed 1 --expect-mismatch > "$dir/run.log" 2>&1
    rc=$?
    first=$(grep -m1 '^MISMATCH' "$dir/run.log")
    if [ $rc = 0 ] && [ -n "$first" ]; then
        echo "mutant $k ($preset, $file: $what): caught: ${first#MISMATCH }"; pass=$((pass + 1))
    else
        echo "mutant $k ($preset, $file: $what): NOT caught in $n walks"; fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
test $fail -eq 0
