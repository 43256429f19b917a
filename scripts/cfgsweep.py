#!/usr/bin/env python3
"""cfgsweep.py -- random legal xlate configurations, and the sweep that runs them.

    scripts/cfgsweep.py gen  --seed S --count K --out DIR [--size small|full]
                             [--formats F,...] [--model M]
    scripts/cfgsweep.py run  --seed S --count K --n N --out DIR [--size small|full]
                             [--formats F,...] [--model M] [--make MAKE] [--keep-obj]
    scripts/cfgsweep.py check --seed S --count K [--size small|full] [--model M]
    scripts/cfgsweep.py formats

gen    writes DIR/<name>.cfg for entries 0..K-1 and validates each one with
       `xlate-model check-config`; a file that does not validate is a bug of
       this generator: it stops with the model's FILE:LINE: message (exit 1).
run    gen, then for every entry `make sim-build CFG=FILE` and `make sim
       CFG=FILE N=N SEED=S` (directed traces as `make sim CFG=` chooses them,
       then N random transactions); one line per entry (geometry,
       transactions, mismatches, coverage, build and run seconds), a summary,
       and the plain last line `N passed, N failed`.  Logs: DIR/<name>.log.
check  generate K entries per format and size class in memory and validate
       them all (no build): the generator's own legality test.
formats the format table.

Entry i uses format i mod F (F the formats swept, in table order), so K >= F
gives every format at least one entry; an entry depends only on (seed, i,
size), never on K.  The formats swept are those some cfg/*.cfg uses (a preset
added in cfg/ joins the sweep; one whose format has no row in FORMATS stops
the sweep with an error), or --formats.

Size classes: `small` (make test: small TLB, small cache, narrow lines, so
each Verilator build takes seconds) and `full` (make regress: anything
legal, the cache datapath capped at 1 KiB of ways x line and the TLB at 64
sets, to bound build time).  Python 3 standard library only.
"""

import argparse
import math
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------- the format table
# One row per page-table format.  A new format is one more row:
#   page_bits    base page offset bits: a fixed number, or (lo, hi) if free
#   levels       page-table levels: a fixed number, or (lo, hi)
#   level_bits   index bits per level: a fixed number, or (lo, hi) if free
#   pa_max       widest physical address (the model's limit for the format);
#                "page+24" = page_bits + 24, capped at 56 (toy's 24-bit PPN)
#   asid_max     widest ASID / PCID
#   pte_bytes    size of one page-table entry
#   leaf_above   levels above 0 that may hold a leaf: "all" (every level
#                below the root... and the root: 1..levels-1) or a tuple
#   ext          the RISC-V extensions the format may list in `ext` (each
#                drawn with probability 0.6; svnapot only with tlb_super >= 1)
# A format is swept when a cfg/*.cfg uses it.
FORMATS = {
    "x86_64": dict(page_bits=12, levels=4, level_bits=9, pa_max=52, asid_max=12, pte_bytes=8,
                   leaf_above=(1, 2), ext=()),
    "sv39":   dict(page_bits=12, levels=3, level_bits=9, pa_max=56, asid_max=16, pte_bytes=8,
                   leaf_above="all", ext=("svnapot", "svpbmt", "svinval")),
    "sv48":   dict(page_bits=12, levels=4, level_bits=9, pa_max=56, asid_max=16, pte_bytes=8,
                   leaf_above="all", ext=("svnapot", "svpbmt", "svinval")),
    "toy":    dict(page_bits=(3, 12), levels=(1, 4), level_bits=(1, 10), pa_max="page+24",
                   asid_max=16, pte_bytes=4, leaf_above="all", ext=()),
    "sv32":   dict(page_bits=12, levels=2, level_bits=10, pa_max=34, asid_max=9, pte_bytes=4,
                   leaf_above="all", ext=("svinval",)),
    "sv57":   dict(page_bits=12, levels=5, level_bits=9, pa_max=56, asid_max=16, pte_bytes=8,
                   leaf_above="all", ext=("svnapot", "svpbmt", "svinval")),
    "la57":   dict(page_bits=12, levels=5, level_bits=9, pa_max=52, asid_max=12, pte_bytes=8,
                   leaf_above=(1, 2), ext=()),
}

# Open defects the sweep found: a predicate on a generated configuration and
# a committed reproducer.  The generator redraws a geometry that matches one
# (and says so) unless --include-known; `make sweep-known` runs every
# reproducer and expects it to fail still (when one passes, the defect is
# fixed: delete its entry here and move the reproducer to tests/sweep/fixed/).
KNOWN_ISSUES = [
    # none open.  Fixed: superpage-beyond-pa (a superpage larger than the
    # physical address space; the RTL truncated the PA to PaBits where the model
    # raises a bus fault): its reproducers are tests/sweep/fixed/*.cfg, which
    # `make sweep-known` runs and expects to pass.
]

# Limits every format shares (docs/config.md).
MAX_WAYS, MAX_LINE, MAX_TLB_SETS, MAX_CACHE_SETS, MAX_VA = 16, 128, 1024, 4096, 57

# Size classes: bounds on top of the legal ranges.
SIZES = {
    "small": dict(tlb_sets=4, tlb_ways=2, tlb_super=2, cache_sets=8, cache_ways=2, cache_line=16,
                  way_bytes=32),
    "full":  dict(tlb_sets=64, tlb_ways=16, tlb_super=16, cache_sets=MAX_CACHE_SETS, cache_ways=16,
                  cache_line=MAX_LINE, way_bytes=1024),
}


def die(msg, code=1):
    print("cfgsweep: " + msg, file=sys.stderr)
    sys.exit(code)


def rng_range(r, v):
    """A fixed number, or a uniform pick in (lo, hi)."""
    return r.randint(v[0], v[1]) if isinstance(v, tuple) else v


def pow2_upto(r, lo, hi, edge=0.3):
    """A power of two in [lo, hi]; the ends come up more often (edge)."""
    lo_e, hi_e = int(math.log2(lo)), int(math.log2(hi))
    if hi_e <= lo_e:
        return 1 << lo_e
    x = r.random()
    if x < edge / 2:
        return 1 << lo_e
    if x < edge:
        return 1 << hi_e
    return 1 << r.randint(lo_e, hi_e)


def gen_entry(fmt, seed, index, size, include_known=False):
    """Entry `index`: (configuration, [ids of the known issues it was redrawn for])."""
    redrawn = []
    for attempt in range(200):
        c = gen_one(fmt, seed, index, size, attempt)
        hit = [k["id"] for k in KNOWN_ISSUES if k["match"](c)]
        if include_known or not hit:
            return c, redrawn
        redrawn += hit
    die(f"entry {index} ({fmt}, {size}): 200 draws all hit a known issue ({', '.join(sorted(set(redrawn)))})")


def gen_one(fmt, seed, index, size, attempt=0):
    """One legal configuration of format fmt as an ordered dict of key -> text."""
    row = FORMATS[fmt]
    lim = SIZES[size]
    r = random.Random(f"xlate-sweep:{seed}:{index}:{fmt}:{size}" + (f":{attempt}" if attempt else ""))
    page = rng_range(r, row["page_bits"])
    toyish = isinstance(row["page_bits"], tuple)
    if toyish:
        # free geometry (toy): a memory of 2^6..2^14 pages, tables that fit it
        page = r.choice([3, 4, 4, 5, 6, 6, 8, 10, 12]) if size == "full" else r.choice([4, 5, 6])
        levels = r.choice([1, 1, 2, 2, 3, 4]) if size == "full" else r.choice([1, 2, 2, 3])
        mem_pages_log = r.randint(6, 14) if size == "full" else r.randint(6, 10)
        pte = row["pte_bytes"]
        # a table takes 2^lb entries of pte bytes; keep each within 1/16 of
        # memory (the stimulus puts every space's tables in a zone of it)
        lb_max = max(1, mem_pages_log - 4 + page - int(math.log2(pte)))
        lb_lo, lb_hi = row["level_bits"]
        while True:
            lbits = [r.randint(lb_lo, min(lb_hi, lb_max)) for _ in range(levels)]
            # a VPN of at least 3 bits (user and kernel halves with room), VA <= 57
            if 3 <= sum(lbits) and page + sum(lbits) <= MAX_VA:
                break
        mem = 1 << (mem_pages_log + page)
        if r.random() < 0.2:
            mem = mem * 3 // 4                       # not a power of two
        pa_hi = min(page + 24, 56)
        pa_lo = max(page + 1, (mem - 1).bit_length())
    else:
        levels = row["levels"]
        lbits = [row["level_bits"]] * levels
        mem = r.choice([1 << 28, 1 << 30, 3 << 30, 1 << 32, 1 << 32, 1 << 33])
        pa_hi = row["pa_max"]
        pa_lo = max(page + 1, (mem - 1).bit_length())
    if pa_lo > pa_hi:
        pa_lo = pa_hi
    x = r.random()
    pa = pa_lo if x < 0.15 else pa_hi if x < 0.3 else r.randint(pa_lo, pa_hi)
    if mem > (1 << pa):
        mem = 1 << pa
    va = page + sum(lbits)

    above = list(range(1, levels)) if row["leaf_above"] == "all" else [l for l in row["leaf_above"] if l < levels]
    leaves = [0] + [l for l in above if r.random() < 0.6]
    asid_max = row["asid_max"]
    x = r.random()
    asid = 0 if x < 0.2 else asid_max if x < 0.4 else r.randint(1, asid_max)

    repl = r.choice(["plru", "lru"])
    wmax = 4 if repl == "lru" else MAX_WAYS
    vpn = va - page
    tlb_sets = pow2_upto(r, 1, min(lim["tlb_sets"], MAX_TLB_SETS, 1 << vpn))
    tlb_ways = pow2_upto(r, 1, min(lim["tlb_ways"], wmax))
    if len(leaves) > 1:
        tlb_super = pow2_upto(r, 1, min(lim["tlb_super"], wmax))
    else:
        tlb_super = 0 if r.random() < 0.7 else pow2_upto(r, 1, min(lim["tlb_super"], wmax))

    line_lo = max(4, row["pte_bytes"])
    line_hi = min(lim["cache_line"], MAX_LINE, 1 << page)
    line = pow2_upto(r, line_lo, max(line_lo, line_hi))
    sets_hi = min(lim["cache_sets"], MAX_CACHE_SETS, (1 << page) // line)
    csets = pow2_upto(r, 1, max(1, sets_hi))
    cways = pow2_upto(r, 1, max(1, min(lim["cache_ways"], MAX_WAYS, lim["way_bytes"] // line)))
    ad = r.choice(["hw", "fault"])
    mis = "error" if r.random() < 0.15 else "fault"

    cfg = {
        "format": fmt, "va_bits": va, "pa_bits": pa, "page_bits": page, "levels": levels,
        "level_bits": ",".join(str(b) for b in reversed(lbits)),      # root level first
        "leaf_levels": ",".join(str(l) for l in leaves), "asid_bits": asid,
        "tlb_sets": tlb_sets, "tlb_ways": tlb_ways, "tlb_super": tlb_super, "tlb_repl": repl,
        "cache_sets": csets, "cache_ways": cways, "cache_line": line,
        "ad_policy": ad, "mem_bytes": hex(mem), "misaligned": mis,
    }
    # drawn last, so that the other fields do not depend on it
    ext = [e for e in row["ext"] if r.random() < 0.6 and (e != "svnapot" or tlb_super >= 1)]
    if row["ext"]:
        cfg["ext"] = ",".join(ext) if ext else "none"
    return {k: str(v) for k, v in cfg.items()}


def summary(c):
    """A one-line description of a configuration."""
    return (f"{c['format']} VA {c['va_bits']} / PA {c['pa_bits']}, page 2^{c['page_bits']}, levels "
            f"{c['levels']} ({c['level_bits']}), leaves {c['leaf_levels']}, ASID {c['asid_bits']}, "
            f"TLB {c['tlb_sets']}x{c['tlb_ways']}+{c['tlb_super']} {c['tlb_repl']}, L1D "
            f"{c['cache_sets']}x{c['cache_ways']}x{c['cache_line']} B, A/D {c['ad_policy']}, "
            f"mem {int(c['mem_bytes'], 16):#x}, misaligned {c['misaligned']}"
            + (f", ext {c['ext']}" if "ext" in c else ""))


def entry_name(seed, i, fmt):
    name = f"sw{seed}-{i:02d}-{fmt}"
    return name[:31]


def write_cfg(path, name, c, seed, i, size):
    with open(path, "w") as f:
        f.write(f"# {name}: generated by scripts/cfgsweep.py (seed {seed}, entry {i}, size {size});\n")
        f.write(f"# regenerate: scripts/cfgsweep.py gen --seed {seed} --count {i + 1} --size {size} --out DIR\n")
        f.write(f"name        = {name}\n")
        for k, v in c.items():
            f.write(f"{k:<11} = {v}\n")


def validate(model, path):
    r = subprocess.run([model, "check-config", path], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout.strip()


def preset_formats():
    """Formats of the cfg/*.cfg presets, in the table's order (unknown ones: an error)."""
    used = []
    cdir = os.path.join(ROOT, "cfg")
    for fn in sorted(os.listdir(cdir)):
        if not fn.endswith(".cfg"):
            continue
        with open(os.path.join(cdir, fn)) as f:
            for line in f:
                m = re.match(r"\s*format\s*=\s*([A-Za-z0-9_]+)", line)
                if m:
                    if m.group(1) not in FORMATS:
                        die(f"cfg/{fn}: format '{m.group(1)}' has no row in the sweep's format table "
                            f"(scripts/cfgsweep.py FORMATS): add one")
                    used.append(m.group(1))
    return [f for f in FORMATS if f in used]


def formats_of(a):
    if a.formats:
        fl = [f for f in a.formats.replace(",", " ").split() if f]
        for f in fl:
            if f not in FORMATS:
                die(f"--formats: unknown format '{f}' (table: {', '.join(FORMATS)})")
        return fl
    return preset_formats()


def generate(a, fmts):
    """Write and validate the entries; returns [(name, path, cfg)]."""
    os.makedirs(a.out, exist_ok=True)
    out = []
    for i in range(a.count):
        fmt = fmts[i % len(fmts)]
        name = entry_name(a.seed, i, fmt)
        c, redrawn = gen_entry(fmt, a.seed, i, a.size, a.include_known)
        path = os.path.join(a.out, name + ".cfg")
        write_cfg(path, name, c, a.seed, i, a.size)
        ok, msg = validate(a.model, path)
        if not ok:
            die(f"generated an invalid configuration (a bug of the sweep's generator):\n  {msg}\n  {summary(c)}")
        out.append((name, path, c, redrawn))
    return out


def known_note(entries):
    """One line on the draws replaced because of known issues, or ''."""
    n = {}
    for e in entries:
        for k in e[3]:
            n[k] = n.get(k, 0) + 1
    if not n:
        return ""
    return ("known issues (scripts/cfgsweep.py KNOWN_ISSUES; make sweep-known): redrawn "
            + ", ".join(f"{v} draw{'s' if v > 1 else ''} hitting {k}" for k, v in sorted(n.items())))


def cmd_gen(a):
    entries = generate(a, formats_of(a))
    for name, path, c, _ in entries:
        print(f"{os.path.relpath(path, ROOT) if path.startswith(ROOT) else path}: {summary(c)}")
    note = known_note(entries)
    if note:
        print(note)
    return 0


def cmd_check(a):
    import tempfile
    fmts = formats_of(a)
    n = 0
    with tempfile.TemporaryDirectory() as d:
        for size in SIZES:
            for fmt in fmts:
                for i in range(a.count):
                    c, _ = gen_entry(fmt, a.seed, i, size, a.include_known)
                    path = os.path.join(d, f"c{n}.cfg")
                    write_cfg(path, "check", c, a.seed, i, size)
                    ok, msg = validate(a.model, path)
                    if not ok:
                        print(f"FAIL generator: seed {a.seed} entry {i} {fmt} {size}: {msg}\n    {summary(c)}")
                        print(f"0 passed, 1 failed")
                        return 1
                    n += 1
    print(f"ok   generator: {n} configurations ({a.count} per format and size class, formats "
          f"{' '.join(fmts)}) all pass xlate-model check-config")
    print("1 passed, 0 failed")
    return 0


def grab(pattern, text, default=None):
    m = re.search(pattern, text, re.M)
    return m.group(1) if m else default


def cmd_run(a):
    fmts = formats_of(a)
    t_all = time.time()
    entries = generate(a, fmts)
    make = a.make.split()
    npass = nfail = 0
    tx_total = mism_total = 0
    print(f"sweep: seed {a.seed}, {len(entries)} entries ({a.size}), formats {' '.join(fmts)}, "
          f"N={a.n} random transactions each; configurations and logs in {os.path.relpath(a.out, ROOT)}/")
    note = known_note(entries)
    if note:
        print("sweep: " + note)
    for k, (name, path, c, _) in enumerate(entries, 1):
        log = os.path.join(a.out, name + ".log")
        common = ["--no-print-directory", f"CFG={path}", "TRACE=", "WAVES="]
        with open(log, "w") as lf:
            lf.write(f"# {summary(c)}\n")
            lf.flush()
            t0 = time.time()
            rb = subprocess.run(make + ["sim-build"] + common, cwd=ROOT, stdout=lf, stderr=subprocess.STDOUT)
            tb = time.time() - t0
            rr = None
            if rb.returncode == 0:
                lf.write("# ---- make sim\n")
                lf.flush()
                t1 = time.time()
                rr = subprocess.run(make + ["sim"] + common + [f"N={a.n}", f"SEED={a.seed}"], cwd=ROOT,
                                    stdout=lf, stderr=subprocess.STDOUT)
                tr = time.time() - t1
        with open(log) as lf:
            text = lf.read()
        head = f"sweep {k}/{len(entries)} {name}"
        if rb.returncode != 0:
            nfail += 1
            print(f"FAIL {head}: the build failed (exit {rb.returncode}); {summary(c)}; log {log}")
            for l in text.splitlines()[-12:]:
                print("    " + l)
            continue
        mism = grab(r"^mismatches: (\d+)", text)
        last = grab(r"^(\d+ passed, \d+ failed)$", text.split("# ---- make sim", 1)[1] if "# ---- make sim" in text else "")
        txs = grab(r"^throughput: (\d+) transactions checked", text, "0")
        cov = grab(r"^functional coverage[^:]*: (.*)$", text, "?")
        traces = grab(r"^directed traces: (none|\d+ of \d+ from \S+)", text, "?")
        ok = rr.returncode == 0 and mism == "0" and last is not None and last.endswith(" 0 failed") \
            and "MISMATCH" not in text
        tx_total += int(txs)
        mism_total += int(mism) if mism and mism.isdigit() else 0
        line = (f"{head}: {summary(c)}\n     {txs} transactions, mismatches {mism}, coverage {cov}; "
                f"directed traces {traces}; build {tb:.0f} s, run {tr:.1f} s")
        if ok:
            npass += 1
            print("ok   " + line)
            if not a.keep_obj:
                # the Verilator objects are large and not needed to rerun the binary
                label_dir = grab(r"^make sim: configuration (\S+) ", text)
                if label_dir:
                    subprocess.run(["rm", "-rf", os.path.join(ROOT, "build", "sim", label_dir, "fast", "obj")])
        else:
            nfail += 1
            print(f"FAIL {line}\n     exit {rr.returncode}; log {log}")
            for l in [l for l in text.splitlines() if "MISMATCH" in l or "make sim PRESET=" in l][:6]:
                print("    " + l)
            for l in text.splitlines()[-6:]:
                print("    " + l)
    dt = time.time() - t_all
    print(f"sweep: {len(entries)} entries, {tx_total} transactions checked (directed and random), "
          f"{mism_total} mismatches, {dt:.0f} s")
    print(f"{npass} passed, {nfail} failed")
    return 0 if nfail == 0 else 1


def cmd_formats(a):
    used = preset_formats()
    for f, row in FORMATS.items():
        print(f"{f:8} {'swept' if f in used else 'not swept (no cfg/*.cfg uses it)':34} " +
              ", ".join(f"{k}={v}" for k, v in row.items()))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["gen", "run", "check", "formats"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=0, help="entries (default: one per format)")
    ap.add_argument("--n", type=int, default=20000, help="random transactions per entry (run)")
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--formats", default="")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "sweep"))
    ap.add_argument("--model", default=os.path.join(ROOT, "build", "bin", "xlate-model"))
    ap.add_argument("--make", default=os.environ.get("MAKE", "make"))
    ap.add_argument("--keep-obj", action="store_true", help="keep each entry's Verilator objects")
    ap.add_argument("--include-known", action="store_true",
                    help="keep geometries that hit a known issue (KNOWN_ISSUES) instead of redrawing them")
    a = ap.parse_args()
    if a.seed < 0:
        die("--seed must be at least 0", 2)
    if a.cmd != "formats" and not os.access(a.model, os.X_OK):
        die(f"{a.model}: no such program (make xlate-model)", 2)
    if a.count == 0 and a.cmd in ("gen", "run"):
        a.count = len(formats_of(a))
    if a.count == 0:
        a.count = 50
    a.out = os.path.abspath(a.out)
    return {"gen": cmd_gen, "run": cmd_run, "check": cmd_check, "formats": cmd_formats}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
