#!/usr/bin/env python3
"""fv.py -- run xlate's formal properties with yosys 0.23 + yosys-smtbmc (z3).

No SymbiYosys: each build is one yosys run that writes an RTLIL model
(build/formal/<build>/base.il); each check selects its assertions (or
covers) by label from that model, writes an SMT-LIB2 file and runs
yosys-smtbmc on it.  What to run is described in formal/props.txt.

    formal/fv.py [--depth N | --deep] [--jobs J] [--only REGEX] [--props] [--bugs]

--props runs the properties and covers, --bugs the injected-bug check
(each XL_BUG_* define must make some property fail); with neither, both.
--depth N replaces every BMC and cover depth of the properties (not the
bugs'); --deep uses each property's and cover's `deep=` depth from
props.txt (the deepest measured to finish within the solver timeout),
its `bmc=` depth where it has none.  The output is a table and the plain closing line
`N passed, N failed`; the exit status is 0 only if nothing failed.

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
    covs = select(all_l, pats)
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
    a = ap.parse_args()
    if not a.props and not a.bugs:
        a.props = a.bugs = True
    if a.depth and a.deep:
        die("--depth and --deep exclude each other")
    builds, props, covers, bugs = parse_spec(a.spec)
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
