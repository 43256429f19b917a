/*
 * refcheck: entry encodings of the formats under test, written from the
 * architecture manuals (Intel SDM vol. 3A 4.5, RISC-V privileged spec 4.4
 * and 4.5), independently of the model's own encoder (cmodel/src/pte.c).
 */
#include "fmt.h"

#include <string.h>

#include "image.h"

/* ---- x86-64 4-level and 5-level (SDM vol. 3A table 4-14 .. 4-20) -------- */
static uint64_t x86_encode(const rc_fmt *f, const rc_ent *e, unsigned level, unsigned pa_bits)
{
    (void)f;
    uint64_t r = 0;
    bool large = e->leaf && level > 0;
    r |= e->present ? 1ull << 0 : 0;
    r |= e->w ? 1ull << 1 : 0;
    r |= e->u ? 1ull << 2 : 0;
    r |= e->pwt ? 1ull << 3 : 0;
    r |= e->pcd ? 1ull << 4 : 0;
    r |= e->a ? 1ull << 5 : 0;
    r |= e->d ? 1ull << 6 : 0;
    r |= large ? 1ull << 7 : 0;
    r |= e->g ? 1ull << 8 : 0;
    r |= e->nx ? 1ull << 63 : 0;
    r |= (e->ppn << 12) & 0x000ffffffffff000ull;
    if (e->leaf)
        r |= e->pat ? (large ? 1ull << 12 : 1ull << 7) : 0;
    /* ignored: bits 11:9 and 58:52 everywhere; 62:59 are the key in a leaf
       (ignored unless CR4.PKE) and ignored in a pointer; bit 6 of a pointer */
    r |= e->noise & 0x07f0000000000e00ull;
    if (e->leaf)
        r |= (uint64_t)(e->pkey & 15u) << 59;
    else
        r |= e->noise & 0x7800000000000040ull;
    switch (e->bad) {
    case RC_BAD_ADDR_HI:
        r |= 1ull << (pa_bits + e->bad_bit % (52 - pa_bits));
        break;
    case RC_BAD_PS_ROOT:
        r |= 1ull << 7;
        break;
    case RC_BAD_LARGE_LOW:
        r |= 1ull << (13 + e->bad_bit % (9 * level - 1));
        break;
    default:
        break;
    }
    if (!e->present) /* a not-present entry: everything but P is free */
        r = (e->noise & ~1ull);
    return r;
}

static bool x86_bad_ok(const rc_fmt *f, rc_bad b, bool leaf, unsigned level, unsigned pa_bits, unsigned ext)
{
    (void)f;
    (void)ext;
    switch (b) {
    case RC_BAD_ADDR_HI:
        return pa_bits < 52;
    case RC_BAD_PS_ROOT: /* a PML4E or (LA57) a PML5E */
        return !leaf && level >= 3;
    case RC_BAD_LARGE_LOW:
        return leaf && level > 0;
    default:
        return false;
    }
}

/* ---- RISC-V Sv39 / Sv48 / Sv57 (privileged spec 4.4.1, 4.5.1, 4.6.1;
 *      Svnapot chapter 5: N = bit 63; Svpbmt chapter 6: PBMT = bits 62:61) */
static uint64_t rv_encode(const rc_fmt *f, const rc_ent *e, unsigned level, unsigned pa_bits)
{
    (void)pa_bits;
    uint64_t r = 0;
    bool rr = e->leaf && e->r, ww = e->leaf && e->w, xx = e->leaf && e->x;
    if (e->leaf && !rr && !ww && !xx)
        rr = true; /* a leaf needs R or X */
    if (e->bad == RC_BAD_RV_WNR) {
        rr = false;
        ww = true;
    }
    r |= e->present ? 1ull << 0 : 0;
    r |= rr ? 1ull << 1 : 0;
    r |= ww ? 1ull << 2 : 0;
    r |= xx ? 1ull << 3 : 0;
    r |= (e->leaf && e->u) ? 1ull << 4 : 0;
    r |= e->g ? 1ull << 5 : 0;
    r |= (e->leaf && e->a) ? 1ull << 6 : 0;
    r |= (e->leaf && e->d) ? 1ull << 7 : 0;
    r |= e->noise & 0x300ull; /* RSW */
    r |= (e->ppn & (f->pte_bytes == 4 ? 0x3fffffull : 0xfffffffffffull)) << 10;
    if (e->napot) /* a 64 KiB page: ppn[3:0] = 1000 names the size */
        r = (r & ~(0xfull << 10)) | (8ull << 10) | 1ull << 63;
    r |= (uint64_t)(e->pbmt & 3u) << 61;
    switch (e->bad) {
    case RC_BAD_RV_HIGH:
        r |= 1ull << (54 + e->bad_bit % 10);
        break;
    case RC_BAD_RV_PTR_ADU:
        r |= 1ull << (e->bad_bit % 3 == 0 ? 4 : e->bad_bit % 3 == 1 ? 6 : 7);
        break;
    case RC_BAD_RV_PTR_L0:
        r &= ~0xeull;
        break;
    case RC_BAD_MISALIGNED:
        r |= 1ull << (10 + e->bad_bit % (f->index_bits * level));
        break;
    case RC_BAD_NAPOT_ENC: { /* ppn[3:0] any of the 15 values but 1000 */
        unsigned v = e->bad_bit % 15;
        r = (r & ~(0xfull << 10)) | (uint64_t)(v >= 8 ? v + 1 : v) << 10 | 1ull << 63;
        break;
    }
    case RC_BAD_NAPOT_SUPER:
    case RC_BAD_NAPOT_PTR:
        r |= 1ull << 63;
        break;
    case RC_BAD_PBMT_PTR:
        r |= (uint64_t)(1 + e->bad_bit % 2) << 61;
        break;
    default:
        break;
    }
    if (!e->present)
        r = (e->noise & ~1ull);
    if (f->pte_bytes == 4) /* Sv32: PPN[21:0] in bits 31:10, nothing above */
        r &= 0xffffffffull;
    return r;
}

static bool rv_bad_ok(const rc_fmt *f, rc_bad b, bool leaf, unsigned level, unsigned pa_bits, unsigned ext)
{
    (void)pa_bits;
    switch (b) {
    case RC_BAD_RV_HIGH:
        if (f->pte_bytes == 4)
            return false; /* Sv32 entries have no bits above the PPN */
        /* with Svnapot or Svpbmt on, QEMU 7.2 masks the PPN and no longer
           checks bits 60:54 (docs/refcheck.md section 8): not generated */
        return (ext & (RC_EXT_SVNAPOT | RC_EXT_SVPBMT)) == 0;
    case RC_BAD_NAPOT_ENC:
        return (ext & RC_EXT_SVNAPOT) && leaf && level == 0;
    case RC_BAD_NAPOT_SUPER:
        return (ext & RC_EXT_SVNAPOT) && leaf && level > 0;
    case RC_BAD_NAPOT_PTR:
        return (ext & RC_EXT_SVNAPOT) && !leaf && level > 0;
    case RC_BAD_PBMT_PTR:
        return (ext & RC_EXT_SVPBMT) && !leaf && level > 0;
    case RC_BAD_RV_WNR:
        return leaf;
    case RC_BAD_RV_PTR_ADU:
        return !leaf && level > 0;
    case RC_BAD_RV_PTR_L0:
        return leaf && level == 0;
    case RC_BAD_MISALIGNED:
        return leaf && level > 0;
    default:
        return false;
    }
}

static const rc_fmt fmt_x86_64 = {
    .name = "x86_64",
    .isa = RC_ISA_X86_64,
    .levels = 4,
    .index_bits = 9,
    .pte_bytes = 8,
    .va_bits = 48,
    .leaf_mask = 0x7,
    .features = RC_FF_PTR_PERMS | RC_FF_NX | RC_FF_PKEY | RC_FF_CACHE_ATTR,
    .pa_bits_max = 52,
    .ncombos = 128,
    .satp_mode = 0,
    .ram_base = 0,
    .ram_end = RC_X86_RAM_END,
    .frames_base = RC_X86_FRAMES_PA,
    .image_pa = RC_X86_IMAGE_PA,
    .has_outside = false,
    .a_bit = 1ull << 5,
    .d_bit = 1ull << 6,
    .encode = x86_encode,
    .bad_ok = x86_bad_ok,
};

static const rc_fmt fmt_sv39 = {
    .name = "sv39",
    .isa = RC_ISA_SV39,
    .levels = 3,
    .index_bits = 9,
    .pte_bytes = 8,
    .va_bits = 39,
    .leaf_mask = 0x7,
    .features = RC_FF_LEAF_RWX,
    .pa_bits_max = 56,
    .ncombos = 16,
    .satp_mode = 8,
    .ram_base = RC_RV_RAM_BASE,
    .ram_end = RC_RV_RAM_END,
    .frames_base = RC_RV_FRAMES_PA,
    .image_pa = RC_RV_IMAGE_PA,
    .has_outside = true,
    .a_bit = 1ull << 6,
    .d_bit = 1ull << 7,
    .encode = rv_encode,
    .bad_ok = rv_bad_ok,
};

static const rc_fmt fmt_sv48 = {
    .name = "sv48",
    .isa = RC_ISA_SV48,
    .levels = 4,
    .index_bits = 9,
    .pte_bytes = 8,
    .va_bits = 48,
    .leaf_mask = 0xf,
    .features = RC_FF_LEAF_RWX,
    .pa_bits_max = 56,
    .ncombos = 16,
    .satp_mode = 9,
    .ram_base = RC_RV_RAM_BASE,
    .ram_end = RC_RV_RAM_END,
    .frames_base = RC_RV_FRAMES_PA,
    .image_pa = RC_RV_IMAGE_PA,
    .has_outside = true,
    .a_bit = 1ull << 6,
    .d_bit = 1ull << 7,
    .encode = rv_encode,
    .bad_ok = rv_bad_ok,
};

static const rc_fmt fmt_la57 = {
    .name = "la57",
    .isa = RC_ISA_LA57,
    .levels = 5,
    .index_bits = 9,
    .pte_bytes = 8,
    .va_bits = 57,
    .leaf_mask = 0x7,
    .features = RC_FF_PTR_PERMS | RC_FF_NX | RC_FF_PKEY | RC_FF_CACHE_ATTR,
    .pa_bits_max = 52,
    .ncombos = 128,
    .satp_mode = 0,
    .ram_base = 0,
    .ram_end = RC_X86_RAM_END,
    .frames_base = RC_X86_FRAMES_PA,
    .image_pa = RC_X86_IMAGE_PA,
    .has_outside = false,
    .a_bit = 1ull << 5,
    .d_bit = 1ull << 6,
    .encode = x86_encode,
    .bad_ok = x86_bad_ok,
};

static const rc_fmt fmt_sv57 = {
    .name = "sv57",
    .isa = RC_ISA_SV57,
    .levels = 5,
    .index_bits = 9,
    .pte_bytes = 8,
    .va_bits = 57,
    .leaf_mask = 0x1f,
    .features = RC_FF_LEAF_RWX,
    .pa_bits_max = 56,
    .ncombos = 16,
    .satp_mode = 10,
    .ram_base = RC_RV_RAM_BASE,
    .ram_end = RC_RV_RAM_END,
    .frames_base = RC_RV_FRAMES_PA,
    .image_pa = RC_RV_IMAGE_PA,
    .has_outside = true,
    .a_bit = 1ull << 6,
    .d_bit = 1ull << 7,
    .encode = rv_encode,
    .bad_ok = rv_bad_ok,
};

static const rc_fmt fmt_sv32 = {
    .name = "sv32",
    .isa = RC_ISA_SV32,
    .levels = 2,
    .index_bits = 10,
    .pte_bytes = 4,
    .zext_va = true,
    .va_bits = 32,
    .leaf_mask = 0x3,
    .features = RC_FF_LEAF_RWX,
    .pa_bits_max = 34,
    .ncombos = 16,
    .satp_mode = 1,
    .ram_base = RC_RV_RAM_BASE,
    .ram_end = RC_RV_RAM_END,
    .frames_base = RC_RV_FRAMES_PA,
    .image_pa = RC_RV_IMAGE_PA,
    /* measured: on qemu-system-riscv32's virt machine, accesses to PAs in
       [4 GiB, 16 GiB) complete (stores read back): no 34-bit PA outside RAM
       is known to be unbacked there, so Sv32 runs never leave RAM */
    .has_outside = false,
    .a_bit = 1ull << 6,
    .d_bit = 1ull << 7,
    .encode = rv_encode,
    .bad_ok = rv_bad_ok,
};

const rc_fmt *const rc_fmts[] = {&fmt_x86_64, &fmt_la57, &fmt_sv39, &fmt_sv48, &fmt_sv57, &fmt_sv32, NULL};

const rc_fmt *rc_fmt_find(const char *name)
{
    for (unsigned i = 0; rc_fmts[i]; i++)
        if (strcmp(rc_fmts[i]->name, name) == 0)
            return rc_fmts[i];
    return NULL;
}
