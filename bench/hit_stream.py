#!/usr/bin/env python3
"""Write a trace of N TLB-hit / cache-hit accesses on the x86_64 preset
(8 pages, mapped and warmed by the first accesses) for `make bench-sim`."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
rnd = random.Random(1)
out = ["preset x86_64", "root ppn=0x100 asid=1",
       "pte 0x100000 0 ppn=0x101 flags=p,w,u,a",
       "pte 0x101000 0 ppn=0x102 flags=p,w,u,a",
       "pte 0x102000 2 ppn=0x103 flags=p,w,u,a"]
for i in range(8):
    out.append(f"pte 0x103000 {i} ppn={0x200 + i:#x} flags=p,w,u,a,d")
for _ in range(n):
    va = 0x400000 + rnd.randrange(8) * 4096 + rnd.randrange(512) * 8
    if rnd.random() < 0.3:
        out.append(f"store {va:#x} {rnd.getrandbits(64):#x} size=8")
    else:
        out.append(f"load {va:#x} size=8")
sys.stdout.write("\n".join(out) + "\n")
