#!/usr/bin/env python3
"""Write tests/traces/{x86_64,sv39}/inval_<row>.trace: one directed trace per
row of the invalidation table (docs/architecture.md section 5) per preset.

The expected outcome of every probe is derived here from the primitive's
definition, independently of the C model:

    remove E  iff  (!match_va || E covers va) &&
                   (!match_asid || E.asid == asid || E.global) &&
                   !(keep_global && E.global)

The generated files are committed; rerun this script (from anywhere) after
changing it and review the diff.  Nothing in `make` runs it.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Row: (name, match_va, match_asid, keep_global, description)
ROWS = [
    ("invlpg", True, True, False, "x86 INVLPG va (current PCID; global entries for va go too)"),
    ("invpcid0", True, True, True, "x86 INVPCID type 0 (address, PCID)"),
    ("invpcid1", False, True, True, "x86 INVPCID type 1 (single context)"),
    ("invpcid2", False, False, False, "x86 INVPCID type 2 (all, including global)"),
    ("invpcid3", False, False, True, "x86 INVPCID type 3 (all but global)"),
    ("mov_cr3", False, True, True, "x86 MOV CR3 with PCID, bit 63 clear (new PCID)"),
    ("sfence_all", False, False, False, "RISC-V SFENCE.VMA x0, x0"),
    ("sfence_va", True, False, False, "RISC-V SFENCE.VMA va, x0"),
    ("sfence_asid", False, True, True, "RISC-V SFENCE.VMA x0, asid"),
    ("sfence_va_asid", True, True, True, "RISC-V SFENCE.VMA va, asid"),
]

V = 0x400000    # the invalidated address
VG = 0x401000   # inside the 2 MiB superpage that covers V
W = 0x802000    # other address, ASID 1
Y = 0x803000    # other address, global
W2 = 0x804000   # other address, ASID 2
ASID = 1        # current ASID and the ASID operand of every row

# The six TLB entries the warm-up installs: name -> (va, asid, global, level, what)
ENTRIES = {
    "E1": (V, 1, False, 0, "4 KiB page at V, ASID 1, non-global"),
    "E2": (V, 2, False, 0, "4 KiB page at V, ASID 2, non-global"),
    "E3": (V & ~0x1FFFFF, 1, True, 1, "2 MiB superpage covering V, global"),
    "E4": (W, 1, False, 0, "4 KiB page at another address, ASID 1, non-global"),
    "E5": (Y, 1, True, 0, "4 KiB page at another address, global"),
    "E6": (W2, 2, False, 0, "4 KiB page at another address, ASID 2, non-global"),
}


def covers(entry, va):
    base, _, _, level, _ = ENTRIES[entry]
    size = 0x1000 << (9 * level)
    return base <= va < base + size


def removed(entry, mv, ma, kg):
    _, asid, glob, _, _ = ENTRIES[entry]
    return ((not mv or covers(entry, V)) and (not ma or asid == ASID or glob)
            and not (kg and glob))


class Fmt:
    def __init__(self, name):
        self.name = name
        x86 = name == "x86_64"
        self.x86 = x86
        self.walk4k = 4 if x86 else 3
        self.walk2m = 3 if x86 else 2
        # table PAs: R1 / R2 / R3 roots and their lower tables
        self.nonleaf = "p,w,a" if x86 else "v"
        self.leaf = "p,w,a,d" if x86 else "v,r,w,a,d"
        self.gleaf = "p,w,a,d,g" if x86 else "v,r,w,a,d,g"
        self.gsuper = "p,w,a,d,ps,g" if x86 else "v,r,w,a,d,g"

    def root(self, which, asid, flush=False):
        # x86: the root is the PML4 at 0x{which}0000; sv39 has no PML4, its
        # root is the level-2 table one page above.
        ppn = which * 0x10 + (0 if self.x86 else 1)
        if self.x86 and not flush:
            return f"root ppn=0x{ppn:x} asid={asid} noflush"
        return f"root ppn=0x{ppn:x} asid={asid}"

    def tables(self):
        """Page tables for roots R1 (ASID 1), R2 (ASID 2) and R3 (global superpage)."""
        out = []
        for r, base in ((1, 0x10000), (2, 0x20000), (3, 0x30000)):
            top = base
            if self.x86:
                out.append(f"pte 0x{base:x} 0 ppn=0x{(base >> 12) + 1:x} flags={self.nonleaf}"
                           f"    # R{r}: PML4[0] -> PDPT")
                top = base + 0x1000
                lvl2 = "PDPT[0] -> PD"
            else:
                top = base + 0x1000
                lvl2 = "root[0] -> level-1 table"
            pd = top + 0x1000
            out.append(f"pte 0x{top:x} 0 ppn=0x{pd >> 12:x} flags={self.nonleaf}    # R{r}: {lvl2}")
            if r == 3:
                out.append(f"pte 0x{pd:x} 2 ppn=0x600 flags={self.gsuper}    "
                           f"# R3: 0x400000..0x5fffff -> 2 MiB global page at PA 0x600000")
                continue
            pt_a, pt_b = pd + 0x1000, pd + 0x2000
            out.append(f"pte 0x{pd:x} 2 ppn=0x{pt_a >> 12:x} flags={self.nonleaf}    # R{r}: 0x400000..0x5fffff")
            out.append(f"pte 0x{pd:x} 4 ppn=0x{pt_b >> 12:x} flags={self.nonleaf}    # R{r}: 0x800000..0x9fffff")
            hi = 0x100 * r
            out.append(f"pte 0x{pt_a:x} 0 ppn=0x{hi:x} flags={self.leaf}    # R{r}: V  0x400000 -> 0x{hi:x}000")
            out.append(f"pte 0x{pt_a:x} 1 ppn=0x{hi + 1:x} flags={self.leaf}    # R{r}: VG 0x401000 -> 0x{hi + 1:x}000")
            if r == 1:
                out.append(f"pte 0x{pt_b:x} 2 ppn=0x102 flags={self.leaf}    # R1: W  0x802000 -> 0x102000")
                out.append(f"pte 0x{pt_b:x} 3 ppn=0x103 flags={self.gleaf}    # R1: Y  0x803000 -> 0x103000, global")
            else:
                out.append(f"pte 0x{pt_b:x} 4 ppn=0x204 flags={self.leaf}    # R2: W2 0x804000 -> 0x204000")
        return out


def inval_stmt(fmt, row):
    name, mv, ma, kg, _ = row
    va, asid = f"0x{V:x}", ASID
    if fmt.x86:
        native = {
            "invlpg": f"invlpg {va}",
            "invpcid0": f"invpcid 0 pcid={asid} va={va}",
            "invpcid1": f"invpcid 1 pcid={asid}",
            "invpcid2": "invpcid 2",
            "invpcid3": "invpcid 3",
            "mov_cr3": fmt.root(1, asid, flush=True),
        }
    else:
        native = {
            "sfence_all": "sfence",
            "sfence_va": f"sfence va={va}",
            "sfence_asid": f"sfence asid={asid}",
            "sfence_va_asid": f"sfence va={va} asid={asid}",
        }
    if name in native:
        return native[name], True
    raw = "inval"
    if mv:
        raw += f" va={va}"
    if ma:
        raw += f" asid={asid}"
    if kg:
        raw += " keep_global"
    return raw, False


def gen(fmt, row):
    name, mv, ma, kg, desc = row
    gone = {e: removed(e, mv, ma, kg) for e in ENTRIES}
    stmt, native = inval_stmt(fmt, row)
    w4, w2 = fmt.walk4k, fmt.walk2m
    L = []
    a = L.append
    a(f"# {desc}: match_va={'yes' if mv else 'no'} match_asid={'yes' if ma else 'no'} "
      f"keep_global={'yes' if kg else 'no'}")
    a(f"# on preset {fmt.name}, written {'with the ISA verb' if native else 'with the raw primitive'}: {stmt}")
    a("# Generated by tests/traces/gen_inval.py; expectations follow from the")
    a("# primitive's definition (docs/architecture.md section 5).")
    a("#")
    a("# Warm-up installs six TLB entries, then the invalidation runs in ASID 1")
    a(f"# with va = 0x{V:x}, asid = {ASID}:")
    for e, (_, _, _, _, what) in ENTRIES.items():
        a(f"#   {e}: {what:55s} -> {'REMOVED' if gone[e] else 'stays'}")
    a(f"preset {fmt.name}")
    a("")
    a("# ---- page tables: R1 for ASID 1, R2 for ASID 2, R3 maps the global superpage")
    L.extend(fmt.tables())
    a("")
    a("# ---- warm-up: each access misses once and installs its entry")
    a(fmt.root(1, 1) + "    # ASID 1, tables R1")
    a(f"load 0x{V:x} expect fault=none pa=0x100000 tlb=miss walk={w4}     # E1")
    a(f"load 0x{W:x} expect fault=none pa=0x102000 tlb=miss walk={w4}     # E4")
    a(f"load 0x{Y:x} expect fault=none pa=0x103000 tlb=miss walk={w4}     # E5 (global)")
    a(fmt.root(2, 2) + "    # ASID 2, tables R2")
    a(f"load 0x{V:x} expect fault=none pa=0x200000 tlb=miss walk={w4}     # E2: E1 is ASID 1 only")
    a(f"load 0x{W2:x} expect fault=none pa=0x204000 tlb=miss walk={w4}     # E6")
    a(f"load 0x{Y:x} expect fault=none pa=0x103000 tlb=hit walk=0      # global E5 matches ASID 2 too")
    a(fmt.root(3, 1) + "    # ASID 1 on tables R3: 0x400000..0x5fffff is one global 2 MiB page")
    a(f"load 0x{VG:x} expect fault=none pa=0x601000 tlb=miss walk={w2}     # E3 (superpage array)")
    a(fmt.root(1, 1) + "    # back to R1")
    a("# ---- every entry is resident (the base array is searched before the superpage array)")
    a(f"load 0x{V:x} expect fault=none pa=0x100000 tlb=hit walk=0     # E1 wins over E3")
    a(f"load 0x{VG:x} expect fault=none pa=0x601000 tlb=hit walk=0     # E3 (R1 would give 0x101000)")
    a(f"load 0x{W:x} expect fault=none pa=0x102000 tlb=hit walk=0     # E4")
    a(f"load 0x{Y:x} expect fault=none pa=0x103000 tlb=hit walk=0     # E5")
    a(fmt.root(2, 2))
    a(f"load 0x{V:x} expect fault=none pa=0x200000 tlb=hit walk=0     # E2")
    a(f"load 0x{W2:x} expect fault=none pa=0x204000 tlb=hit walk=0     # E6")
    if name == "mov_cr3" and fmt.x86:
        a("# Stay in ASID 2: MOV CR3 switches to PCID 1 and flushes the *new* PCID's")
        a("# non-global entries (E1, E4), not the old PCID's (E2, E6).")
    else:
        a(fmt.root(1, 1))
    if name == "mov_cr3" and not fmt.x86:
        a("# A RISC-V satp write flushes nothing, even without noflush:")
        a(fmt.root(1, 1))
        a(f"load 0x{W:x} expect fault=none pa=0x102000 tlb=hit walk=0     # E4 still there")
    a("")
    a("# ---- the invalidation")
    a(stmt)
    a("")
    a("# ---- probes, current ASID 1 (ordered so that no probe's refill hides a later one)")

    def probe(va, hit_pa, miss_pa, present, why, walk=w4):
        if present:
            return f"load 0x{va:x} expect fault=none pa=0x{hit_pa:x} tlb=hit walk=0    # {why}"
        return f"load 0x{va:x} expect fault=none pa=0x{miss_pa:x} tlb=miss walk={walk}    # {why}"

    a(probe(VG, 0x601000, 0x101000, not gone["E3"],
            "E3 " + ("stays" if not gone["E3"] else "gone: R1's 4 KiB page is walked")))
    a(probe(V, 0x600000, 0x100000, not gone["E3"],
            "E1 is gone in every row; " + ("E3 still covers V" if not gone["E3"] else "so is E3: walk")))
    a(probe(W, 0x102000, 0x102000, not gone["E4"], "E4 " + ("stays" if not gone["E4"] else "gone")))
    a(probe(Y, 0x103000, 0x103000, not gone["E5"], "E5 " + ("stays" if not gone["E5"] else "gone")))
    a(fmt.root(2, 2))
    if not gone["E2"]:
        a(probe(V, 0x200000, 0x200000, True, "E2 stays (base array before superpages)"))
    elif not gone["E3"]:
        a(probe(V, 0x600000, 0x200000, True, "E2 gone; the global superpage E3 answers for ASID 2"))
    else:
        a(probe(V, 0x200000, 0x200000, False, "E2 and E3 gone: R2 is walked"))
    a(probe(W2, 0x204000, 0x204000, not gone["E6"], "E6 " + ("stays" if not gone["E6"] else "gone")))
    if name == "invlpg" and fmt.x86:
        a("")
        a("# ---- INVLPG takes the PCID current when it executes (xl_txn_resolve): now ASID 2.")
        a("# It removes ASID 2's entry for V (E2) but not the ASID 1 entry for V that the")
        a("# probe above re-installed, nor entries for other addresses.")
        a(f"invlpg 0x{V:x}")
        a(f"load 0x{W2:x} expect fault=none pa=0x204000 tlb=hit walk=0    # E6 stays (other address)")
        a(f"load 0x{V:x} expect fault=none pa=0x200000 tlb=miss walk={w4}    # E2 gone")
        a(fmt.root(1, 1))
        a(f"load 0x{V:x} expect fault=none pa=0x100000 tlb=hit walk=0    # ASID 1's entry for V stays")
    a("dump tlb")
    return "\n".join(L) + "\n"


def main():
    for fname in ("x86_64", "sv39"):
        fmt = Fmt(fname)
        d = os.path.join(HERE, fname)
        os.makedirs(d, exist_ok=True)
        for row in ROWS:
            text = gen(fmt, row)
            with open(os.path.join(d, f"inval_{row[0]}.trace"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
