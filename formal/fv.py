#!/usr/bin/env python3
"""fv.py -- run xlate's formal properties with yosys 0.23 + yosys-smtbmc (z3).

No SymbiYosys: each build is one yosys run that writes an RTLIL model
(build/formal/<build>/base.il); each check selects its assertions (or
covers) by label from that model, writes an SMT-LIB2 file and runs
yosys-smtbmc on it.  What to run is described in formal/props.txt.

    formal/fv.py [--depth N | --deep] [--jobs J] [--only REGEX] [--props] [--bugs]
    formal/fv.py --cfg FILE.cfg [--model XLATE_MODEL] [--plan] [--depth N | --deep] ...

--props runs the properties and covers, --bugs the injected-bug check
(each XL_BUG_* define must make some property fail); with neither, both.
--depth N replaces every BMC and cover depth of the properties (not the
bugs'); --deep uses each property's and cover's `deep=` depth from
props.txt (the deepest measured to finish within the solver timeout),
its `bmc=` depth where it has none.  The output is a table and the plain closing line
`N passed, N failed`; the exit status is 0 only if nothing failed.

--cfg FILE derives the builds from a configuration instead (make formal
CFG=FILE or PRESET=NAME): each block's build of props.txt (tlb, ptw_x86,
perm_x86, cache, mmu) is re-parameterised with the configuration's format,
levels, leaf levels, TLB replacement, A/D policy and ASID presence, at a
formal-sized geometry (derive_builds() says what is kept and what is scaled
down; the output repeats it), and runs with the same properties, depths and
covers; the injected bugs stay with props.txt.  --plan prints the
derivation and runs nothing.  Those builds live under build/formal/cfg-<label>/.

Every yosys warning is an error.  Logs, models and counterexample / cover
traces (VCD) are kept under build/formal/.
"""

import argparse
import concurrent.futures
import fnmatch
import os
import re
import shlex
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smt2_defs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "formal")
SPEC = os.path.join(ROOT, "formal", "props.txt")
TIMEOUT = int(os.environ.get("FV_TIMEOUT", "900"))  # seconds per solver run


def die(msg):
    print("fv: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- spec
KEYS = {
    "build": {"name", "block", "top", "src", "rtl", "params"},
    "prop": {"name", "build", "bmc", "deep", "ind", "with"},
    "cover": {"build", "bmc", "deep", "select"},
    "bug": {"name", "build", "bmc", "props"},
}

REQUIRED = {
    "build": ("name", "block", "top", "src", "rtl"),
    "prop": ("name", "build", "bmc"),
    "cover": ("build", "bmc"),
    "bug": ("name", "build", "bmc"),
}


def parse_spec(path):
    """Lines `kind key=value ...`; '#' starts a comment."""
    builds, props, covers, bugs = {}, [], [], []
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        die(f"{path}: {e.strerror}")
    for n, bline in enumerate(raw.split(b"\n"), 1):
        try:
            line = bline.decode("ascii")
        except UnicodeDecodeError:
            die(f"{path}:{n}: not ASCII text")
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            words = shlex.split(line)
        except ValueError as e:
            die(f"{path}:{n}: {e}")
        kind, kv = words[0], {}
        for w in words[1:]:
            if "=" not in w:
                die(f"{path}:{n}: expected key=value, got '{w}'")
            k, v = w.split("=", 1)
            kv[k] = v
        allowed = KEYS.get(kind)
        if allowed is None:
            die(f"{path}:{n}: unknown line kind '{kind}'")
        for k in kv:
            if k not in allowed:
                die(f"{path}:{n}: unknown key '{k}' for '{kind}'")
        for k in REQUIRED[kind]:
            if k not in kv:
                die(f"{path}:{n}: '{kind}' needs {k}=")
        for k in ("deep", "bmc", "ind"):
            if k in kv and not (kv[k].isdigit() and int(kv[k]) >= 1):
                die(f"{path}:{n}: {k}= needs a number of at least 1, got '{kv[k]}'")
        kv["_line"] = n
        if kind == "build":
            builds[kv["name"]] = kv
        elif kind == "prop":
            props.append(kv)
        elif kind == "cover":
            covers.append(kv)
        else:
            bugs.append(kv)
    for item in props + covers + bugs:
        if item.get("build") not in builds:
            die(f"{path}:{item['_line']}: unknown build '{item.get('build')}'")
    return builds, props, covers, bugs


def probes_of(wrapper):
    """`// probe: NAME = PATH` lines of a wrapper."""
    out = []
    with open(os.path.join(ROOT, wrapper)) as f:
        for line in f:
            m = re.match(r"\s*//\s*probe:\s*(\S+)\s*=\s*(\S+)\s*$", line)
            if m:
                out.append((m.group(1), m.group(2)))
    return out


# ---------------------------------------------------------------- yosys
def run_yosys(script_path, log_path):
    """Run a yosys script; any warning is an error.  Returns an error text or None."""
    r = subprocess.run(["yosys", "-q", "-l", log_path, "-s", script_path],
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    with open(log_path, errors="replace") as f:
        log = f.read()
    warn = [l for l in log.splitlines() if "Warning" in l]
    if r.returncode != 0:
        err = [l for l in log.splitlines() if "ERROR" in l] or log.splitlines()[-3:]
        return "yosys failed: " + " | ".join(err[:3])
    if warn:
        return "yosys warning (an error here): " + " | ".join(warn[:3])
    return None


def build_model(b, define, tag):
    """One yosys run: RTL + wrapper -> flattened, probed, formal-prepared RTLIL."""
    d = os.path.join(OUT, tag)
    os.makedirs(d, exist_ok=True)
    srcs = ["rtl/%s.sv" % r for r in b["rtl"].split(",")] + [b["src"]]
    defs = "-D FORMAL" + (f" -D {define}" if define else "")
    lines = [f"read_verilog -formal -sv {defs} " + " ".join(srcs)]
    sets = [kv.split(":", 1) for kv in b.get("params", "").split(",") if kv]
    if sets:
        # one chparam for all of them (each chparam derives a new module)
        lines.append("chparam " + " ".join(f"-set {k} {v}" for k, v in sets) + f" {b['top']}")
    lines += [f"hierarchy -check -top {b['top']}", "proc", "flatten"]
    if b.get("params"):
        lines.append(f"rename -top {b['top']}")   # chparam renamed it $paramod...
    for name, path in probes_of(b["src"]):
        lines.append(f"connect -nounset -set {name} {path}")
    lines += [f"prep -top {b['top']}", "memory_nordff"]
    if b.get("mapmem") == "1":
        # small memories as flops: z3 handles these far better than arrays
        lines += ["memory_map", "opt -keepdc -fast"]
    lines += ["async2sync", "chformal -assume -early",
              "opt_clean", "setundef -anyseq", "opt -keepdc -fast", "check -assert",
              "hierarchy -simcheck", f"tee -q -o {d}/labels.txt select -list t:$assert t:$cover",
              f"write_rtlil {d}/base.il"]
    script = "\n".join(lines) + "\n"
    ys = os.path.join(d, "base.ys")
    il = os.path.join(d, "base.il")
    inputs = [os.path.join(ROOT, s) for s in srcs] + [os.path.abspath(__file__)]
    fresh = (os.path.exists(il) and os.path.exists(ys) and open(ys).read() == script and
             all(os.path.getmtime(il) >= os.path.getmtime(p) for p in inputs))
    if fresh:
        return None
    with open(ys, "w") as f:
        f.write(script)
    if os.path.exists(il):
        os.remove(il)
    err = run_yosys(ys, os.path.join(d, "base.log"))
    if err:
        return err
    return None


def labels(tag):
    """Assert and cover labels of a built model."""
    out = []
    with open(os.path.join(OUT, tag, "labels.txt")) as f:
        for line in f:
            line = line.strip()
            if "/" in line:
                out.append(line.split("/", 1)[1].lstrip("\\"))
    return out


def job_model(tag, job, keep_asserts, covers):
    """An SMT2 model with only the asserts matching keep_asserts (and, if
    covers, only the covers)."""
    d = os.path.join(OUT, tag, job)
    os.makedirs(d, exist_ok=True)
    keep = " ".join(f"c:{p}" for p in keep_asserts)
    nk = len(keep_asserts)
    lines = [f"read_rtlil {OUT}/{tag}/base.il"]
    if nk:
        lines.append("chformal -remove t:$assert " + keep + " %u" * (nk - 1) + " %d")
    else:
        lines.append("chformal -assert -remove")
    if not covers:
        lines.append("chformal -cover -remove")
    elif covers is not True:
        # only the selected covers
        lines.append("chformal -remove t:$cover " + " ".join(f"c:{c}" for c in covers) +
                     " %u" * (len(covers) - 1) + " %d")
    lines += ["opt_clean", "dffunmap", f"write_smt2 -wires {d}/model.smt2"]
    ys = os.path.join(d, "model.ys")
    with open(ys, "w") as f:
        f.write("\n".join(lines) + "\n")
    err = run_yosys(ys, os.path.join(d, "model.log"))
    if not err:
        # z3 4.8 cannot load yosys' cell macros quickly: see smt2_defs.py.
        path = os.path.join(d, "model.smt2")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(smt2_defs.rewrite(text))
    return d, err


def smtbmc(d, mode, depth, vcd):
    """Run yosys-smtbmc; returns (status, detail, seconds, log lines)."""
    args = ["yosys-smtbmc", "--noprogress", "-s", "z3", "--presat", "-t", str(depth)]
    if mode == "ind":
        args.insert(1, "-i")
    elif mode == "cover":
        args.insert(1, "-c")
    if vcd:
        args += ["--dump-vcd", vcd]
    args.append(os.path.join(d, "model.smt2"))
    t0 = time.time()
    # Its own process group, so that a timeout also stops the z3 it started.
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        rc = -1
    dt = time.time() - t0
    with open(os.path.join(d, f"{mode}.log"), "w") as f:
        f.write(" ".join(args) + "\n" + out)
    lines = out.splitlines()
    if rc == -1:
        return "timeout", f"no answer in {TIMEOUT} s", dt, lines
    if any("Assumptions are unsatisfiable" in l for l in lines):
        return "vacuous", "assumptions unsatisfiable", dt, lines
    if rc == 0 and any("Status: PASSED" in l for l in lines):
        return "pass", "", dt, lines
    failed = [re.sub(r".*Assert failed in \S+ ", "", l) for l in lines if "Assert failed in" in l]
    detail = ", ".join(sorted(set(x.strip().strip("()") for x in failed)))
    steps = [re.search(r"step (\d+)", l) for l in lines if "Checking assertions in step" in l]
    if failed and steps and steps[-1]:
        detail += f" at step {steps[-1].group(1)}"
    return "fail", detail, dt, lines


def select(all_labels, patterns):
    return [l for l in all_labels if any(fnmatch.fnmatchcase(l, p) for p in patterns)]


# ---------------------------------------------------------------- checks
def run_prop(p, depth_override):
    """One property: BMC to its depth, then (if ind=) k-induction on the
    property together with its helper invariants (with=)."""
    tag = p["build"]
    name = p["name"]
    mine = [name, name + "__*"]
    helpers = [h for h in p.get("with", "").split(",") if h]
    all_l = labels(tag)
    base = select(all_l, mine)
    if not base:
        return [(name, p, "BMC", "FAIL", f"no assertion labelled {name}", 0.0)]
    depth = depth_override or int(p["bmc"])
    rows = []
    k = int(p["ind"]) if "ind" in p else 0
    if k:
        # base case and step on the property plus its helpers
        sel = base + [l for l in select(all_l, helpers) if l not in base]
        depth = max(depth, k)
    else:
        sel = base
    d, err = job_model(tag, name, sel, False)
    if err:
        return [(name, p, "build", "FAIL", err, 0.0)]
    st, detail, dt, _ = smtbmc(d, "bmc", depth, os.path.join(d, "cex.vcd"))
    bmc_txt = f"BMC depth {depth}"
    if st != "pass":
        if st == "fail":
            detail += f"; trace {os.path.relpath(os.path.join(d, 'cex.vcd'), ROOT)}"
        return [(name, p, bmc_txt, "FAIL", f"{st}: {detail}", dt)]
    if not k:
        return [(name, p, bmc_txt, "pass", "bounded", dt)]
    st2, detail2, dt2, _ = smtbmc(d, "ind", k, os.path.join(d, "cti.vcd"))
    meth = f"k-induction k={k} (+BMC {depth})"
    if st2 == "pass":
        return [(name, p, meth, "proved", "unbounded", dt + dt2)]
    return [(name, p, meth, "FAIL", f"induction {st2}: {detail2}; CTI trace "
             f"{os.path.relpath(os.path.join(d, 'cti.vcd'), ROOT)}", dt + dt2)]


def run_cover(c, depth_override):
    tag = c["build"]
    pats = c.get("select", "cov_*").split(",")
    all_l = labels(tag)
    covs = [cv for cv in select(all_l, pats) if cv not in c.get("_exclude", ())]
    depth = depth_override or int(c["bmc"])
    job = "covers"
    if not covs:
        return [("covers", c, "build", "FAIL", f"no cover matches {pats}", 0.0)]
    d, err = job_model(tag, job, [], covs)
    if err:
        return [("covers", c, "build", "FAIL", err, 0.0)]
    st, detail, dt, lines = smtbmc(d, "cover", depth, os.path.join(d, "cover%.vcd"))
    reached = {}
    for l in lines:
        m = re.search(r"Reached cover statement at (\S+) in step (\d+)", l)
        if m:
            reached[m.group(1).lstrip("\\")] = int(m.group(2))
    rows = []
    for cv in covs:
        if cv in reached:
            rows.append((cv, c, f"cover (depth {depth})", "reached", f"step {reached[cv]}", dt))
        else:
            why = "unreached" if st in ("fail", "pass") else f"{st}: {detail}"
            rows.append((cv, c, f"cover (depth {depth})", "FAIL", why, dt))
    return rows


def run_bug_check(bug, builds):
    define = bug["name"]
    tag = f"bugs/{define}"
    err = build_model(builds[bug["build"]], define, tag)
    if err:
        return [(define, bug, "build", "FAIL", err, 0.0)]
    pats = bug.get("props", "*").split(",")
    # The properties themselves, not the helper invariants.
    sel = [l for l in select(labels(tag), pats) if not l.startswith(("cov_", "inv_"))]
    d, err = job_model(tag, "all", sel, False)
    if err:
        return [(define, bug, "build", "FAIL", err, 0.0)]
    vcd = os.path.join(d, "cex.vcd")
    depth = int(bug["bmc"])
    st, detail, dt, _ = smtbmc(d, "bmc", depth, vcd)
    meth = f"BMC depth {depth}"
    if st == "fail" and os.path.exists(vcd):
        return [(define, bug, meth, "caught", f"{detail}; trace {os.path.relpath(vcd, ROOT)}", dt)]
    return [(define, bug, meth, "FAIL", f"not caught ({st} {detail})", dt)]


# ---------------------------------------------------------------- derived builds (--cfg)
# The build of props.txt each block's derived build starts from: its wrapper,
# RTL files and properties (with their depths) are reused as they are.
DERIVE_FROM = (("tlb", "tlb"), ("ptw", "ptw_x86"), ("perm", "perm_x86"), ("cache", "cache"),
               ("mmu", "mmu"))


def model_query(model, cfg, *args):
    r = subprocess.run([model, "--preset", cfg] + list(args), cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        die((r.stderr.strip() or f"{model} failed") + " (formal --cfg)")
    return r.stdout


def load_config(model, cfg):
    """(keys of `xlate-model config`, RTL parameters of `params yosys`) of a file."""
    keys = {}
    for line in model_query(model, cfg, "config").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            keys[k.strip()] = v.strip()
    words = model_query(model, cfg, "params", "yosys").split()
    rtl = {words[i + 1]: words[i + 2] for i in range(0, len(words) - 2, 3) if words[i] == "-set"}
    return keys, rtl


def pack_levels(bits):
    """LevelBits: 5-bit fields, level 0 in bits 4..0."""
    return sum(b << (5 * i) for i, b in enumerate(bits))


def derive_builds(keys, rtl):
    """Formal-sized builds of one configuration: {block: (params, kept, scaled)}.

    Kept from the configuration (exactly): format, levels, leaf levels, TLB
    replacement policy, A/D policy, whether there are ASIDs, whether the TLB
    has a superpage array, whether the cache is direct-mapped, whether memory
    fills the physical address space (no bus faults).  Scaled down: index bits
    per level (2, or 2 + 1 + 1 ... in the TLB and top), VA / PA widths, ASID
    width, TLB sets / ways / superpage entries (at most 2), cache sets and
    ways (at most 2) and line (4 or 8 bytes), memory size; the toy format's
    page size (16 bytes in the walker and top, 4 in the TLB).
    """
    fmt = keys["format"]
    toy = fmt == "toy"
    levels = int(keys["levels"])
    leaf = int(rtl["LeafLevels"])
    leaf_txt = keys["leaf_levels"]
    asid = int(keys["asid_bits"])
    tsets, tways, tsup = int(keys["tlb_sets"]), int(keys["tlb_ways"]), int(keys["tlb_super"])
    csets, cways, cline = int(keys["cache_sets"]), int(keys["cache_ways"]), int(keys["cache_line"])
    full_pa = int(keys["mem_bytes"], 0) == 1 << int(keys["pa_bits"])
    page = int(keys["page_bits"])
    lv = f"{levels} level{'s' if levels > 1 else ''}"
    nobus = ", memory fills the PA space (no bus faults)" if full_pa else ""
    kept = (f"format {fmt}, {lv}, leaf levels {leaf_txt}, tlb_repl {keys['tlb_repl']}, "
            f"ad_policy {keys['ad_policy']}, ASIDs {'yes' if asid else 'no'}{nobus}")
    out = {}

    # TLB: refills carry a leaf level, so the instance has levels up to the
    # highest leaf level (1 level without a superpage array).  Always 2 sets
    # x 2 ways (+ 2 superpage entries if there are any): f_tlb's covers need
    # two ways and two superpage entries, and yosys 0.23's write_smt2 fails
    # on a 1-set TLB or cache (an assertion in smt2.cc).
    # Svnapot (RV64 with ext svnapot): a 16-page NAPOT page must fit in one
    # level-0 table, so level 0 keeps 5 index bits (as props.txt's tlb and
    # ptw_sv39ext); without it the TLB wrapper never refills a NAPOT page.
    ext = int(rtl.get("Ext", "0"))
    napot = fmt in RV64_FORMATS and bool(ext & 1)
    leaf_max = max(l for l in range(5) if leaf >> l & 1)
    tl = leaf_max + 1 if tsup else 1
    lb = [5 if napot and tsup else 2] + [1] * (tl - 1)
    vpn = sum(lb)
    p = dict(Levels=tl, LevelBits=pack_levels(lb), PageBits=2, VaBits=2 + vpn, PaBits=2 + vpn + 1,
             AsidBits=min(asid, 2), TlbSets=2, TlbWays=2, TlbSuper=2 if tsup else 0,
             TlbRepl=int(rtl["TlbRepl"]), Napot=1 if napot and tsup else 0)
    out["tlb"] = (p, f"{tl} level{'s' if tl > 1 else ''} (up to the highest leaf level), "
                     f"tlb_repl {keys['tlb_repl']}, ASIDs {'yes' if asid else 'no'}, "
                     f"superpage array {'yes' if tsup else 'no'}, Svnapot {'yes' if napot else 'no'}",
                  f"TLB {tsets}x{tways}+{tsup} -> {p['TlbSets']}x{p['TlbWays']}+{p['TlbSuper']}, "
                  f"VPN {int(keys['va_bits']) - page} -> {vpn} bits, ASID {asid} -> {p['AsidBits']} bits")

    # Walker: the format's PTE layout and every walk rule; 2 index bits per level.
    pg = 4 if toy else page
    pa = 8 if toy else 16
    mem = (1 << pa) if full_pa else 12 << pg
    wlb = [5 if napot else 2] + [2] * (levels - 1)
    if napot:
        pa = 18
        mem = (1 << pa) if full_pa else 12 << pg
    p = dict(Format=int(rtl["Format"]), Levels=levels, LevelBits=pack_levels(wlb), PageBits=pg,
             VaBits=pg + sum(wlb), PaBits=pa, LeafLevels=leaf, AsidBits=1 if asid else 0,
             AdPolicy=int(rtl["AdPolicy"]), MemBytes=mem, Ext=ext)
    ext_txt = f", ext {keys.get('ext', '-') or '-'}" if fmt in RV64_FORMATS else ""
    out["ptw"] = (p, f"format {fmt}, {lv}, leaf levels {leaf_txt}, ad_policy {keys['ad_policy']}{ext_txt}{nobus}",
                  f"VA {keys['va_bits']} -> {p['VaBits']} bits "
                  f"({'5 index bits at level 0, 2 above' if napot else '2 index bits per level'}), PA {keys['pa_bits']} -> "
                  f"{pa} bits, memory {int(keys['mem_bytes'], 0):#x} -> {mem:#x}"
                  + (f", page 2^{page} -> 2^{pg}" if pg != page else ""))

    # Access rights: exhaustive for the format (one step covers every input).
    out["perm"] = (dict(Format=int(rtl["Format"])), f"format {fmt}", "nothing (every input in one step)")

    # Cache: tree PLRU (any number of ways), 2 sets (see the TLB), 4-byte
    # lines, 5-bit PA.
    p = dict(PaBits=5, PageBits=3, CacheSets=2, CacheWays=min(cways, 2), CacheLine=4)
    out["cache"] = (p, "direct-mapped" if cways == 1 else "set-associative (tree PLRU)",
                    f"L1D {csets}x{cways}x{cline} B -> {p['CacheSets']}x{p['CacheWays']}x4 B, PA 5 bits")

    # Top: everything together.
    lb = [2] + [1] * (levels - 1)
    pg = 4 if toy else page
    pa = 8 if toy else 16
    mem = (1 << pa) if full_pa else 12 << pg
    p = dict(Format=int(rtl["Format"]), Levels=levels, LevelBits=pack_levels(lb), PageBits=pg,
             VaBits=pg + sum(lb), PaBits=pa, LeafLevels=leaf, AsidBits=1 if asid else 0,
             TlbSets=2, TlbWays=min(tways, 2), TlbSuper=min(tsup, 1), TlbRepl=int(rtl["TlbRepl"]),
             CacheSets=2, CacheWays=min(cways, 2), CacheLine=8, AdPolicy=int(rtl["AdPolicy"]),
             MemBytes=mem)
    # The top runs without the RVA23 extensions, as props.txt's (docs/formal.md, "Not done").
    out["mmu"] = (p, kept + (", extensions off at the top" if ext and fmt in RV64_FORMATS else ""),
                  f"VA {keys['va_bits']} -> {p['VaBits']}, PA {keys['pa_bits']} -> {pa} bits, ASID {asid} -> "
                  f"{p['AsidBits']}, TLB {tsets}x{tways}+{tsup} -> {p['TlbSets']}x{p['TlbWays']}+{p['TlbSuper']}, "
                  f"L1D {csets}x{cways}x{cline} B -> {p['CacheSets']}x{p['CacheWays']}x8 B, memory -> {mem:#x}"
                  + (f", page 2^{page} -> 2^{pg}" if pg != page else ""))
    # Covers a feature the configuration lacks cannot reach (each checked:
    # unreached at its depth without the feature), left out with the reason.
    nc = {}
    for block, cover, needs in NEEDS_FEATURE:
        present = {"superpage array": tsup > 0, "superpage leaves": leaf > 1, "bus faults": not full_pa,
                   "svnapot TLB": napot and tsup > 0,
                   # f_ptw's MaxAcc: only Levels accesses with ad_policy = fault outside RISC-V
                   "walk longer than its PTE reads": keys["ad_policy"] == "hw" or fmt in RISCV_FORMATS}[needs]
        if not present:
            nc.setdefault(block, []).append((cover, needs))
    out["_no_cover"] = nc
    out["_min_reads"] = levels - leaf_max
    return out


# The shortest walk of a template build (f_mmu's default: 2 levels, leaves
# at both), and what one more page-table read costs the top's covers.
TEMPLATE_MIN_READS = {"mmu": 1}
CYCLES_PER_READ = 4


# (block, cover, the feature it needs): covers of props.txt that a derived
# build without that feature cannot reach.
NEEDS_FEATURE = (
    ("tlb", "cov_tlb_inval_keeps_global__super", "superpage array"),
    ("tlb", "cov_tlb_inval_removes__by_va", "superpage array"),
    ("tlb", "cov_tlb_isolation__super_hit", "superpage array"),
    ("tlb", "cov_tlb_repl_no_evict__overlap", "superpage array"),
    ("tlb", "cov_tlb_napot__hit", "svnapot TLB"),
    ("tlb", "cov_tlb_napot__inval", "svnapot TLB"),
    ("tlb", "cov_tlb_napot__overlap", "svnapot TLB"),
    ("ptw", "cov_ptw_perm__superpage", "superpage leaves"),
    ("ptw", "cov_ptw_fault_stop__bus", "bus faults"),
    ("ptw", "cov_ptw_done_bound__slow_cache", "walk longer than its PTE reads"),
)
RISCV_FORMATS = ("sv32", "sv39", "sv48", "sv57")
RV64_FORMATS = ("sv39", "sv48", "sv57")


def derived_spec(builds, props, covers, cfg, model, tag):
    """Builds, properties and covers for --cfg, from props.txt's."""
    keys, rtl = load_config(model, cfg)
    der = derive_builds(keys, rtl)
    nb, np_, nc, plan = {}, [], [], []
    for block, base in DERIVE_FROM:
        if base not in builds:
            die(f"{SPEC}: --cfg needs the build '{base}' (the {block} template)")
        params, kept, scaled = der[block]
        name = f"{tag}/{block}"
        b = {k: v for k, v in builds[base].items() if k not in ("params", "name")}
        b["name"] = name
        b["params"] = ",".join(f"{k}:{v}" for k, v in params.items())
        if block == "mmu":
            # memories as flip-flops: with Format = x86_64, yosys 0.23's
            # write_smt2 stops on a "logic loop" through the TLB register
            # files' memories (rtl/xl_mmu.sv:274 rsp_fire), which memory_map
            # removes (a sound transformation)
            b["mapmem"] = "1"
            scaled += "; memories mapped to flip-flops"
        nb[name] = b
        for p in props:
            if p["build"] == base:
                np_.append(dict(p, build=name))
        skip = der["_no_cover"].get(block, [])
        # The top's covers need a complete walk: a configuration whose
        # shortest walk to a leaf reads more entries than the template's
        # gets CYCLES_PER_READ more cycles per extra read (measured: x86-64,
        # 2 reads, reaches cov_mmu_order__walk_ok at step 14 of 16).
        extra = 0
        if block in TEMPLATE_MIN_READS:
            extra = CYCLES_PER_READ * max(0, der["_min_reads"] - TEMPLATE_MIN_READS[block])
        for c in covers:
            if c["build"] == base:
                d = dict(c, build=name, _exclude=[cv for cv, _ in skip])
                if extra:
                    d["bmc"] = str(int(c["bmc"]) + extra)
                    if "deep" in c:
                        d["deep"] = str(int(c["deep"]) + extra)
                nc.append(d)
        if extra:
            scaled += (f"; covers {extra} cycles deeper (its shortest walk reads {der['_min_reads']} "
                       f"entries, {TEMPLATE_MIN_READS[block]} in props.txt's build)")
        if skip:
            scaled += "; covers left out (the configuration has no " + \
                " and no ".join(sorted({why for _, why in skip})) + "): " + " ".join(cv for cv, _ in skip)
        plan.append((name, b["top"], kept, scaled, " ".join(f"{k}={v}" for k, v in params.items())))
    head = (f"formal for {cfg} ({keys.get('name', '?')}, format {keys['format']}): the builds of "
            f"{os.path.relpath(SPEC, ROOT)} re-parameterised for this configuration")
    return nb, np_, nc, head, plan


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depth", type=int, default=0, help="BMC / cover depth for every property")
    ap.add_argument("--deep", action="store_true", help="each property's deep= depth (make regress)")
    ap.add_argument("--spec", default=SPEC, help="the property list (default formal/props.txt)")
    ap.add_argument("--check-spec", action="store_true", help="only parse the property list")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="", help="regex on property / build / bug names")
    ap.add_argument("--props", action="store_true")
    ap.add_argument("--bugs", action="store_true")
    ap.add_argument("--cfg", default="", help="derive the builds from this configuration file")
    ap.add_argument("--model", default=os.path.join(ROOT, "build", "bin", "xlate-model"),
                    help="xlate-model, for --cfg")
    ap.add_argument("--tag", default="", help="directory under build/formal/ for --cfg (default cfg-<file name>)")
    ap.add_argument("--plan", action="store_true", help="with --cfg: print the derived builds, run nothing")
    a = ap.parse_args()
    if not a.props and not a.bugs:
        a.props = a.bugs = True
    if a.depth and a.deep:
        die("--depth and --deep exclude each other")
    builds, props, covers, bugs = parse_spec(a.spec)
    if a.plan and not a.cfg:
        die("--plan needs --cfg")
    if a.cfg:
        if a.bugs and not a.props:
            die("--bugs runs the injected bugs of props.txt; it does not take --cfg")
        a.props, a.bugs = True, False
        tag = a.tag or "cfg-" + os.path.splitext(os.path.basename(a.cfg))[0]
        builds, props, covers, head, plan = derived_spec(builds, props, covers, a.cfg, a.model, tag)
        print(head)
        wid = max(len(p[0]) for p in plan)
        for name, top, kept, scaled, params in plan:
            print(f"  {name.ljust(wid)}  {top}: kept {kept}; formal size: {scaled}")
            print(f"  {''.ljust(wid)}  {params}")
        if a.plan:
            return 0
    if a.check_spec:
        print(f"{a.spec}: {len(builds)} builds, {len(props)} properties, {len(covers)} cover sets, {len(bugs)} bugs")
        return 0
    only = re.compile(a.only) if a.only else None

    def wanted(item, name):
        return not only or only.search(name) or only.search(item["build"])

    props = [p for p in props if wanted(p, p["name"])] if a.props else []
    covers = [c for c in covers if wanted(c, "covers")] if a.props else []
    bugs = [b for b in bugs if wanted(b, b["name"])] if a.bugs else []

    os.makedirs(OUT, exist_ok=True)
    t_start = time.time()
    rows = []
    # Builds used by the selected properties and covers.
    used = sorted({x["build"] for x in props + covers})
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        errs = dict(zip(used, ex.map(lambda t: build_model(builds[t], None, t), used)))
        for t, e in errs.items():
            if e:
                rows.append((f"build {t}", {"build": t}, "yosys", "FAIL", e, 0.0))
        props = [p for p in props if not errs.get(p["build"])]
        covers = [c for c in covers if not errs.get(c["build"])]
        def depth_of(item):
            if a.depth:
                return a.depth
            return int(item.get("deep", item["bmc"])) if a.deep else 0

        futs = [ex.submit(run_prop, p, depth_of(p)) for p in props]
        futs += [ex.submit(run_cover, c, depth_of(c)) for c in covers]
        futs += [ex.submit(run_bug_check, b, builds) for b in bugs]
        for f in futs:
            rows += f.result()

    # The table.
    head = ("property", "block (build)", "method", "result", "time", "notes")
    table = [head] + [(r[0], r[1]["build"] if r[1]["build"] == builds[r[1]["build"]]["block"]
                       else f"{builds[r[1]['build']]['block']} ({r[1]['build']})", r[2], r[3], f"{r[5]:.1f}s", r[4]) for r in rows]
    wid = [max(len(str(t[i])) for t in table) for i in range(5)]
    for t in table:
        print("  ".join(str(t[i]).ljust(wid[i]) for i in range(5)) + "  " + t[5])
    npass = sum(1 for r in rows if r[3] in ("pass", "proved", "reached", "caught"))
    nfail = len(rows) - npass
    print(f"formal: {len(rows)} checks in {time.time() - t_start:.0f} s; logs and traces under "
          f"{os.path.relpath(OUT, ROOT)}/")
    print(f"{npass} passed, {nfail} failed")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
