#!/usr/bin/env python3
"""How quickly does the random stream of `make sim` expose a bug?

Plants one RTL-style bug at a time in a copy of the golden model
(cmodel/src), runs the stream (tests/sim/stim_run.c) through the real and
the mutated model, and prints the first transaction whose result differs
('-': never, 'end state': only the final TLB/cache state differs).  A '-'
on a preset where the bug can matter is a hole in the stimulus
(docs/verification-plan.md section 2.3).

    python3 tests/sim/mutants.py [--n N] [--seed S] [--presets "x86_64 toy"] [--only SUBSTRING]

Run from the repository root (`make sim-mutants`).  Work files go to
build/sim-mutants/.
"""
import argparse
import os
import shutil
import subprocess
import sys

# (description, file in cmodel/src, text, replacement): each text must occur exactly once.
MUTANTS = [
    ("inval ignores keep_global", "tlb.c",
     "if (sel->keep_global && g)", "if (0 && sel->keep_global && g)"),
    ("inval by ASID misses global entries", "tlb.c",
     "if (sel->match_asid && !(e->asid == sel->asid || g))", "if (sel->match_asid && !(e->asid == sel->asid))"),
    ("inval by VA compares the exact VPN", "tlb.c",
     "if ((vpn ^ e->vpn) >> c->level_shift[e->level])", "if (vpn != e->vpn)"),
    ("refill keeps overlapping entries", "tlb.c",
     "if (row[w].valid && overlaps(c, &row[w], &e))", "if (0 && row[w].valid && overlaps(c, &row[w], &e))"),
    ("TLB lookup ignores G", "tlb.c",
     "return (e->perm & XL_PERM_G) || e->asid == asid;", "return e->asid == asid;"),
    ("refill does not prefer invalid ways", "tlb.c",
     "        if (!row[w].valid && victim == ways)\n            victim = w;",
     "        if (0 && !row[w].valid && victim == ways)\n            victim = w;"),
    ("refill does not touch PLRU", "tlb.c",
     "    *repl = xl_repl_touch_inl(c->tlb_repl, ways, *repl, victim);", "    (void)0;"),
    ("RISC-V pointer A/D/U not reserved", "pte.c",
     "if (out->flags & (XL_PF_A | XL_PF_D | XL_PF_U))", "if (0)"),
    ("x86 NX from the leaf only", "pte.c",
     "        if (flags & XL_PF_NX)\n", "        if (leaf && (flags & XL_PF_NX))\n"),
    ("x86 W from the leaf only", "pte.c",
     "        if (!(flags & XL_PF_W))\n            acc &= ~(unsigned)XL_PERM_W;\n        if (!(flags & XL_PF_U))",
     "        if (leaf && !(flags & XL_PF_W))\n            acc &= ~(unsigned)XL_PERM_W;\n        if (!(flags & XL_PF_U))"),
    ("x86 U from the leaf only", "pte.c",
     "        if (!(flags & XL_PF_U))\n            acc &= ~(unsigned)XL_PERM_U;\n        if (flags & XL_PF_NX)",
     "        if (leaf && !(flags & XL_PF_U))\n            acc &= ~(unsigned)XL_PERM_U;\n        if (flags & XL_PF_NX)"),
    ("RISC-V G from the leaf only", "pte.c",
     "        if (flags & XL_PF_G)\n            acc |= XL_PERM_G;", "        if (leaf && (flags & XL_PF_G))\n            acc |= XL_PERM_G;"),
    ("x86 large-page bit 13 not reserved", "pte.c",
     "if ((raw >> 13) & xl_mask(shift - 1))", "if ((raw >> 14) & xl_mask(shift - 2))"),
    ("x86 PS in a PML4E accepted", "pte.c",
     "if (level == 3 || !(cfg->leaf_mask & (1u << level)))", "if (!(cfg->leaf_mask & (1u << level)))"),
    ("RISC-V misaligned check one bit short", "pte.c",
     "        if (ppn & xl_mask(shift))\n            return XL_FAULT_MISALIGNED;\n        return XL_FAULT_NONE;\n    }\n    if (level == 0)",
     "        if (ppn & xl_mask(shift - 1))\n            return XL_FAULT_MISALIGNED;\n        return XL_FAULT_NONE;\n    }\n    if (level == 0)"),
    ("toy L at level 0 accepted", "pte.c",
     "return (out->flags & XL_PF_PS) ? XL_FAULT_RESERVED : XL_FAULT_NONE;", "return XL_FAULT_NONE;"),
    ("SMEP on loads and stores too", "pte.c",
     "(cfg->format == XL_FMT_X86_64 && op == XL_OP_FETCH)", "(cfg->format == XL_FMT_X86_64)"),
    ("canonical check one bit too wide", "pte.c",
     "return xl_sext(va, cfg->va_bits) == va;", "return xl_sext(va, cfg->va_bits + 1) == va;"),
    ("x86 non-leaf A never set", "mmu.c",
     "if (c->format == XL_FMT_X86_64 && c->ad_policy == XL_AD_HW && !(p.flags & XL_PF_A))", "if (0)"),
    ("a store uses an entry with D clear", "mmu.c",
     "if (a->op == XL_OP_STORE && !(e->perm & XL_PERM_D))", "if (0)"),
    ("A/D write sets D on loads too", "mmu.c",
     "raw | xl_pte_ad_bits(c, need_d)", "raw | xl_pte_ad_bits(c, true)"),
    ("PTE address bound > instead of >=", "mmu.c",
     "if (pte_pa >= c->mem_bytes)", "if (pte_pa > c->mem_bytes)"),
    ("data address bound > instead of >=", "mmu.c",
     "    if (pa >= c->mem_bytes) {", "    if (pa > c->mem_bytes) {"),
    ("MOV CR3 flush removes globals", "mmu.c",
     "xl_inval s = xl_inval_from_isa(XL_INV_MOV_CR3, 0, m->asid);",
     "xl_inval s = xl_inval_from_isa(XL_INV_MOV_CR3, 0, m->asid);\n        s.keep_global = false;"),
    ("permission fault on a TLB hit reported as a miss", "mmu.c",
     "            r->tlb_hit = true;\n            info->page_level = e->level;",
     "            r->tlb_hit = false;\n            info->page_level = e->level;"),
    ("superpage offset one level short", "mmu.c",
     "uint64_t off_mask = xl_mask(c->page_bits + c->level_shift[entry.level]);",
     "uint64_t off_mask = xl_mask(c->page_bits + (entry.level ? c->level_shift[entry.level - 1] : 0));"),
    ("cache victim ignores invalid ways", "cache.c",
     "            if (!c->valid[base + w]) {", "            if (0 && !c->valid[base + w]) {"),
    ("cache writes back clean victims, drops dirty", "cache.c",
     "            if (c->dirty[i]) {\n                /* A write", "            if (!c->dirty[i]) {\n                /* A write"),
]

CFLAGS = ["-std=c11", "-O2", "-w", "-Icmodel/include", "-Itb/cosim", "-Itb/include",
          "-D_POSIX_C_SOURCE=200809L", '-DXL_CFG_DIR="%s/cfg"' % os.getcwd()]


def build(src_dir, out):
    """Compile the model in src_dir with the generator and the driver into `out`."""
    srcs = sorted(os.path.join(src_dir, f) for f in os.listdir(src_dir) if f.endswith(".c"))
    subprocess.check_call([os.environ.get("CC", "cc")] + CFLAGS + ["-I" + src_dir] + srcs +
                          ["tb/cosim/stim.c", "tests/sim/stim_run.c", "-o", out])


def first_difference(a, b):
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "end state" if x.startswith("state") else "#%d" % k
    return "-" if len(a) == len(b) else "#%d" % min(len(a), len(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", default="200000")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--presets", default="x86_64 sv39 sv48 toy")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    presets = args.presets.split()
    work = "build/sim-mutants"
    os.makedirs(work, exist_ok=True)
    build("cmodel/src", work + "/base")
    base = {p: subprocess.check_output([work + "/base", p, args.n, args.seed]).decode().splitlines()
            for p in presets}
    missed = 0
    for i, (name, fname, old, new) in enumerate(MUTANTS):
        if args.only and args.only not in name:
            continue
        d = "%s/m%02d" % (work, i)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree("cmodel/src", d)
        text = open(os.path.join(d, fname)).read()
        if text.count(old) != 1:
            print("%-48s cannot apply (the model changed): fix tests/sim/mutants.py" % name)
            missed += 1
            continue
        open(os.path.join(d, fname), "w").write(text.replace(old, new))
        build(d, d + "/run")
        res = []
        for p in presets:
            out = subprocess.check_output([d + "/run", p, args.n, args.seed]).decode().splitlines()
            res.append("%s: %s" % (p, first_difference(base[p], out)))
        if all(r.endswith(": -") for r in res):
            missed += 1
        print("%-48s %s" % (name, "  ".join(res)), flush=True)
    print("%d mutants, %d never detected on any preset (equivalent ones included)" % (len(MUTANTS), missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
