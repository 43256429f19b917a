#!/usr/bin/env python3
"""bins_table.py -- the coverage-plan table of docs/verification-plan.md 4.10.

    tests/sim/bins_table.py STIM_CHECK PRESET...

Asks `stim-check --preset P --list-bins` for every preset's bins and their
reachability and prints the markdown table (bins that only differ in a
value, an access kind or a privilege share one row).  `--check DOC` compares
the table with the one between the markers in DOC instead and exits 1 if
they differ, so the document cannot drift from report.c.
"""
import re
import subprocess
import sys

BEGIN = "<!-- bins-table begin (tests/sim/bins_table.py) -->"
END = "<!-- bins-table end -->"


def group(name):
    m = re.match(r"^(inval\.[a-z0-9_]+)\.(removed|none)$", name)
    if m and not name.startswith("inval.prim."):
        return "`%s.removed`, `.none`" % m.group(1)
    if name.startswith("inval.prim."):
        return "`inval.prim.va{0,1}_asid{0,1}_kg{0,1}.{removed,none}` (16 bins)"
    m = re.match(r"^ctl\.([a-z]+?)(0|1|_zero|_set)\.(load|store|fetch)\.(s|u)$", name)
    if m:
        vals = "{_zero,_set}" if m.group(2) in ("_zero", "_set") else "{0,1}"
        return "`ctl.%s%s.{load,store,fetch}.{s,u}` (12 bins)" % (m.group(1), vals)
    m = re.match(r"^ctl\.smep_set\.(removed|none)$", name)
    if m:
        return "`ctl.smep_set.removed`, `.none`"
    if name.startswith("bp."):
        return "`bp.req_stall`, `bp.rsp_stall`, `bp.mem_req_stall`, `bp.mem_rsp_stall`"
    return "`%s`" % name


def table(stim, presets):
    rows, order = {}, []
    counts = []
    for p in presets:
        out = subprocess.run([stim, "--preset", p, "--list-bins"], check=True, capture_output=True,
                             text=True).stdout
        total = reach = 0
        for line in out.splitlines():
            name, r = line.split()
            total += 1
            reach += r == "yes"
            g = group(name)
            if g not in rows:
                rows[g] = {}
                order.append(g)
            prev = rows[g].get(p)
            rows[g][p] = r if prev in (None, r) else "partly"
        counts.append("%s %d / %d" % (p, total, reach))
    lines = ["Bins defined / reachable: " + ", ".join(counts) + ".", "",
             "| bin | " + " | ".join(presets) + " |", "|---|" + "---|" * len(presets)]
    for g in order:
        lines.append("| %s | %s |" % (g, " | ".join(rows[g].get(p, "-") for p in presets)))
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    doc = None
    if len(args) >= 2 and args[0] == "--check":
        doc = args[1]
        args = args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    t = table(args[0], args[1:])
    if doc is None:
        sys.stdout.write(t)
        return 0
    text = open(doc).read()
    if BEGIN not in text or END not in text:
        print("%s: no bins-table markers" % doc)
        return 1
    have = text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    if have != t:
        print("%s: the coverage table (section 4.10) differs from report.c; regenerate it with "
              "tests/sim/bins_table.py %s" % (doc, " ".join(args)))
        return 1
    print("%s: coverage table matches report.c for %s" % (doc, " ".join(args[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
