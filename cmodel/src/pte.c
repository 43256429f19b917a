/* Page-table entry formats: pure encode / decode / permission checks (pte.h). */
#include "xlate/pte.h"

#include <stdio.h>
#include <string.h>

#include "xlate/util.h"

/* ---- raw bit positions ---------------------------------------------- */
/* x86-64 */
#define X86_P 0
#define X86_RW 1
#define X86_US 2
#define X86_PWT 3
#define X86_PCD 4
#define X86_A 5
#define X86_D 6
#define X86_PS 7
#define X86_G 8
#define X86_ADDR 12
#define X86_PKEY 59
#define X86_NX 63
/* RISC-V Sv39 / Sv48 */
#define RV_V 0
#define RV_R 1
#define RV_W 2
#define RV_X 3
#define RV_U 4
#define RV_G 5
#define RV_A 6
#define RV_D 7
#define RV_PPN 10
#define RV_PPN_BITS 44
#define RV32_PPN_BITS 22
#define RV_PBMT 61
#define RV_N 63
/* toy (32-bit entries) */
#define TOY_V 0
#define TOY_W 1
#define TOY_U 2
#define TOY_X 3
#define TOY_A 4
#define TOY_D 5
#define TOY_G 6
#define TOY_L 7
#define TOY_PPN 8
#define TOY_PPN_BITS 24

#define BIT(raw, n) (((raw) >> (n)) & 1u)

static bool is_rv(const xl_config *cfg)
{
    return xl_fmt_rv(cfg->format);
}

static const xl_ctl *ctl_or_reset(const xl_config *cfg, const xl_ctl *ctl, xl_ctl *tmp)
{
    if (ctl)
        return ctl;
    *tmp = xl_ctl_reset(cfg);
    return tmp;
}

xl_ctl xl_ctl_reset(const xl_config *cfg)
{
    xl_ctl c;
    c.pkru = 0;
    c.flags = 0;
    if (is_rv(cfg))
        c.flags = cfg->ad_policy == XL_AD_HW ? XL_CTL_ADUE : 0;
    else if (xl_fmt_x86(cfg->format))
        c.flags = XL_CTL_WP | XL_CTL_SMEP | XL_CTL_NXE;
    return c;
}

unsigned xl_ctl_supported(const xl_config *cfg)
{
    if (is_rv(cfg))
        return XL_CTL_SUM | XL_CTL_MXR | XL_CTL_ADUE;
    if (xl_fmt_x86(cfg->format))
        return XL_CTL_WP | XL_CTL_SMEP | XL_CTL_SMAP | XL_CTL_NXE | XL_CTL_PKE | XL_CTL_PKRU;
    return 0;
}

bool xl_ad_fault(const xl_config *cfg, const xl_ctl *ctl)
{
    if (is_rv(cfg)) {
        xl_ctl tmp;
        return !(ctl_or_reset(cfg, ctl, &tmp)->flags & XL_CTL_ADUE);
    }
    return cfg->ad_policy == XL_AD_FAULT;
}

unsigned xl_pte_flags_supported(const xl_config *cfg)
{
    switch (cfg->format) {
    case XL_FMT_X86_64:
    case XL_FMT_LA57:
        return XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_G | XL_PF_A | XL_PF_D | XL_PF_NX | XL_PF_PS | XL_PF_PWT |
               XL_PF_PCD;
    case XL_FMT_SV32:
    case XL_FMT_SV39:
    case XL_FMT_SV48:
    case XL_FMT_SV57:
        return XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_X | XL_PF_U | XL_PF_G | XL_PF_A | XL_PF_D |
               ((cfg->ext & XL_EXT_SVNAPOT) ? XL_PF_N : 0);
    case XL_FMT_TOY:
        return XL_PF_P | XL_PF_W | XL_PF_X | XL_PF_U | XL_PF_G | XL_PF_A | XL_PF_D | XL_PF_PS;
    }
    return 0;
}

static unsigned x86_flags(uint64_t raw)
{
    unsigned f = 0;
    f |= BIT(raw, X86_P) ? XL_PF_P : 0;
    f |= BIT(raw, X86_RW) ? XL_PF_W : 0;
    f |= BIT(raw, X86_US) ? XL_PF_U : 0;
    f |= BIT(raw, X86_PWT) ? XL_PF_PWT : 0;
    f |= BIT(raw, X86_PCD) ? XL_PF_PCD : 0;
    f |= BIT(raw, X86_A) ? XL_PF_A : 0;
    f |= BIT(raw, X86_D) ? XL_PF_D : 0;
    f |= BIT(raw, X86_PS) ? XL_PF_PS : 0;
    f |= BIT(raw, X86_G) ? XL_PF_G : 0;
    f |= BIT(raw, X86_NX) ? XL_PF_NX : 0;
    return f;
}

static unsigned rv_flags(uint64_t raw)
{
    unsigned f = 0;
    f |= BIT(raw, RV_V) ? XL_PF_P : 0;
    f |= BIT(raw, RV_R) ? XL_PF_R : 0;
    f |= BIT(raw, RV_W) ? XL_PF_W : 0;
    f |= BIT(raw, RV_X) ? XL_PF_X : 0;
    f |= BIT(raw, RV_U) ? XL_PF_U : 0;
    f |= BIT(raw, RV_G) ? XL_PF_G : 0;
    f |= BIT(raw, RV_A) ? XL_PF_A : 0;
    f |= BIT(raw, RV_D) ? XL_PF_D : 0;
    f |= BIT(raw, RV_N) ? XL_PF_N : 0; /* always 0 in a 4-byte Sv32 entry */
    return f;
}

static unsigned toy_flags(uint64_t raw)
{
    unsigned f = 0;
    f |= BIT(raw, TOY_V) ? XL_PF_P : 0;
    f |= BIT(raw, TOY_W) ? XL_PF_W : 0;
    f |= BIT(raw, TOY_U) ? XL_PF_U : 0;
    f |= BIT(raw, TOY_X) ? XL_PF_X : 0;
    f |= BIT(raw, TOY_A) ? XL_PF_A : 0;
    f |= BIT(raw, TOY_D) ? XL_PF_D : 0;
    f |= BIT(raw, TOY_G) ? XL_PF_G : 0;
    f |= BIT(raw, TOY_L) ? XL_PF_PS : 0;
    return f;
}

#define RSV(w) (out->why = (w), XL_FAULT_RESERVED)

static xl_fault decode_x86(const xl_config *cfg, const xl_ctl *ctl, uint64_t raw, unsigned level, xl_pte *out)
{
    unsigned shift = cfg->level_shift[level];
    out->flags = x86_flags(raw);
    out->ppn = (raw >> X86_ADDR) & xl_mask(cfg->ppn_bits);
    out->leaf = level == 0 || (out->flags & XL_PF_PS);
    out->attr.pkey = (unsigned)(raw >> X86_PKEY) & 0xfu;
    if (!(out->flags & XL_PF_P))
        return XL_FAULT_NOT_PRESENT;
    /* Address bits at and above MAXPHYADDR (bits 51:pa_bits) are reserved. */
    if ((raw >> cfg->pa_bits) & xl_mask(52 - cfg->pa_bits))
        return RSV(XL_RSV_PA);
    /* With IA32_EFER.NXE = 0, bit 63 (XD) is reserved at every level (SDM 4.5.4). */
    if ((out->flags & XL_PF_NX) && !(ctl->flags & XL_CTL_NXE))
        return RSV(XL_RSV_XD);
    if (level == 0)
        return XL_FAULT_NONE; /* bit 7 is PAT in a 4 KiB PTE */
    if (!(out->flags & XL_PF_PS))
        return XL_FAULT_NONE;
    /* PS set: reserved in a PML4E / PML5E (never in leaf_levels), or where the preset has no such page size. */
    if (!(cfg->leaf_mask & (1u << level)))
        return RSV(XL_RSV_LEAF_LEVEL);
    /* Bits 12+shift-1 .. 13 are reserved in a large-page entry; bit 12 is PAT. */
    if ((raw >> 13) & xl_mask(shift - 1))
        return RSV(XL_RSV_LARGE_BITS);
    out->ppn &= ~xl_mask(shift);
    return XL_FAULT_NONE;
}

/* RISC-V (privileged spec 4.3.1 steps 3-6, Svnapot, Svpbmt).  Sv32 entries
 * are 4 bytes (a 22-bit PPN, nothing above); RV64 ones have bits 63 (N),
 * 62:61 (PBMT) and 60:54 (reserved). */
static xl_fault decode_rv(const xl_config *cfg, uint64_t raw, unsigned level, xl_pte *out)
{
    unsigned shift = cfg->level_shift[level];
    bool rv64 = xl_fmt_rv64(cfg->format);
    uint64_t ppn = (raw >> RV_PPN) & xl_mask(rv64 ? RV_PPN_BITS : RV32_PPN_BITS);
    out->flags = rv_flags(raw);
    out->ppn = ppn & xl_mask(cfg->ppn_bits);
    out->leaf = (out->flags & (XL_PF_R | XL_PF_X)) != 0;
    out->attr.pkey = 0;
    out->attr.pbmt = rv64 ? (unsigned)(raw >> RV_PBMT) & 3u : 0;
    if (!(out->flags & XL_PF_P))
        return XL_FAULT_NOT_PRESENT;
    if (rv64) {
        if ((raw >> 54) & 0x7f) /* bits 60..54: reserved for future standard use */
            return RSV(XL_RSV_HIGH);
        if ((out->flags & XL_PF_N) && !(cfg->ext & XL_EXT_SVNAPOT))
            return RSV(XL_RSV_HIGH);
        if (out->attr.pbmt && !(cfg->ext & XL_EXT_SVPBMT))
            return RSV(XL_RSV_HIGH);
        if (out->attr.pbmt == 3)
            return RSV(XL_RSV_PBMT3);
    }
    if ((out->flags & XL_PF_W) && !(out->flags & XL_PF_R))
        return RSV(XL_RSV_WNR);
    if (ppn >> cfg->ppn_bits)
        return RSV(XL_RSV_PA);
    if (out->leaf) {
        if (!(cfg->leaf_mask & (1u << level)))
            return RSV(XL_RSV_LEAF_LEVEL);
        if (out->flags & XL_PF_N) {
            /* Svnapot: only the 64 KiB size exists, at level 0: ppn[3:0] = 1000 */
            if (level != 0)
                return RSV(XL_RSV_NAPOT_SUPER);
            if ((ppn & xl_mask(XL_NAPOT_BITS)) != (1u << (XL_NAPOT_BITS - 1)))
                return RSV(XL_RSV_NAPOT_ENC);
            out->ppn &= ~xl_mask(XL_NAPOT_BITS);
            return XL_FAULT_NONE;
        }
        if (ppn & xl_mask(shift))
            return XL_FAULT_MISALIGNED;
        return XL_FAULT_NONE;
    }
    if (level == 0)
        return RSV(XL_RSV_PTR_LEVEL0); /* pointer at the last level */
    if (out->flags & (XL_PF_A | XL_PF_D | XL_PF_U))
        return RSV(XL_RSV_PTR_FLAGS);
    if (out->flags & XL_PF_N)
        return RSV(XL_RSV_NAPOT_PTR);
    if (out->attr.pbmt)
        return RSV(XL_RSV_PBMT_PTR);
    return XL_FAULT_NONE;
}

static xl_fault decode_toy(const xl_config *cfg, uint64_t raw, unsigned level, xl_pte *out)
{
    unsigned shift = cfg->level_shift[level];
    uint64_t ppn = (raw >> TOY_PPN) & xl_mask(TOY_PPN_BITS);
    out->attr.pkey = 0;
    out->attr.pbmt = 0;
    out->flags = toy_flags(raw);
    out->ppn = ppn & xl_mask(cfg->ppn_bits);
    out->leaf = level == 0 || (out->flags & XL_PF_PS);
    if (!(out->flags & XL_PF_P))
        return XL_FAULT_NOT_PRESENT;
    if (ppn >> cfg->ppn_bits)
        return RSV(XL_RSV_PA);
    if (level == 0)
        return (out->flags & XL_PF_PS) ? RSV(XL_RSV_TOY_L0) : XL_FAULT_NONE;
    if (!out->leaf)
        return XL_FAULT_NONE;
    if (!(cfg->leaf_mask & (1u << level)))
        return RSV(XL_RSV_LEAF_LEVEL);
    if (ppn & xl_mask(shift))
        return XL_FAULT_MISALIGNED;
    return XL_FAULT_NONE;
}

#undef RSV

const char *xl_rsv_name(xl_rsv r)
{
    static const char *const names[XL_RSV_COUNT] = {
        "none", "pa", "xd", "leaf_level", "large_bits", "high", "w_without_r", "ptr_flags", "ptr_level0",
        "pbmt3", "pbmt_ptr", "napot_ptr", "napot_super", "napot_enc", "toy_l0",
    };
    return (unsigned)r < XL_RSV_COUNT ? names[r] : "?";
}

xl_fault xl_pte_decode(const xl_config *cfg, const xl_ctl *ctl, uint64_t raw, unsigned level, xl_pte *out)
{
    xl_ctl tmp;
    out->why = XL_RSV_NONE;
    out->attr.pbmt = 0;
    if (xl_fmt_x86(cfg->format))
        return decode_x86(cfg, ctl_or_reset(cfg, ctl, &tmp), raw, level, out);
    if (is_rv(cfg))
        return decode_rv(cfg, raw, level, out);
    return decode_toy(cfg, raw, level, out);
}

int xl_pte_encode(const xl_config *cfg, unsigned flags, uint64_t ppn, const xl_pte_attr *attr, uint64_t *raw,
                  xl_error *err)
{
    unsigned bad = flags & ~xl_pte_flags_supported(cfg);
    unsigned pkey = attr ? attr->pkey : 0, pbmt = attr ? attr->pbmt : 0;
    uint64_t r = 0;
    if (bad) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "flag bits 0x%x are not part of the %s format", bad,
                     xl_format_name(cfg->format));
        return -1;
    }
    if (pkey && !xl_fmt_x86(cfg->format)) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "pkey= (a protection key) is not part of the %s format",
                     xl_format_name(cfg->format));
        return -1;
    }
    if (pkey > 15) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "pkey %u does not fit the 4-bit protection-key field", pkey);
        return -1;
    }
    if (pbmt && !(cfg->ext & XL_EXT_SVPBMT)) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "pbmt= (a Svpbmt memory type) needs a preset with ext = svpbmt");
        return -1;
    }
    if (pbmt > 3) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "pbmt %u does not fit the 2-bit PBMT field", pbmt);
        return -1;
    }
    switch (cfg->format) {
    case XL_FMT_X86_64:
    case XL_FMT_LA57:
        if (ppn >> 40) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "ppn 0x%llx does not fit the 40-bit x86-64 address field",
                         (unsigned long long)ppn);
            return -1;
        }
        r = ppn << X86_ADDR;
        r |= (flags & XL_PF_P) ? 1ull << X86_P : 0;
        r |= (flags & XL_PF_W) ? 1ull << X86_RW : 0;
        r |= (flags & XL_PF_U) ? 1ull << X86_US : 0;
        r |= (flags & XL_PF_PWT) ? 1ull << X86_PWT : 0;
        r |= (flags & XL_PF_PCD) ? 1ull << X86_PCD : 0;
        r |= (flags & XL_PF_A) ? 1ull << X86_A : 0;
        r |= (flags & XL_PF_D) ? 1ull << X86_D : 0;
        r |= (flags & XL_PF_PS) ? 1ull << X86_PS : 0;
        r |= (flags & XL_PF_G) ? 1ull << X86_G : 0;
        r |= (flags & XL_PF_NX) ? 1ull << X86_NX : 0;
        r |= (uint64_t)pkey << X86_PKEY;
        break;
    case XL_FMT_SV32:
    case XL_FMT_SV39:
    case XL_FMT_SV48:
    case XL_FMT_SV57: {
        unsigned w = xl_fmt_rv64(cfg->format) ? RV_PPN_BITS : RV32_PPN_BITS;
        if (ppn >> w) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "ppn 0x%llx does not fit the %u-bit %s PPN field",
                         (unsigned long long)ppn, w, xl_format_name(cfg->format));
            return -1;
        }
        r = ppn << RV_PPN;
        r |= (flags & XL_PF_P) ? 1ull << RV_V : 0;
        r |= (flags & XL_PF_R) ? 1ull << RV_R : 0;
        r |= (flags & XL_PF_W) ? 1ull << RV_W : 0;
        r |= (flags & XL_PF_X) ? 1ull << RV_X : 0;
        r |= (flags & XL_PF_U) ? 1ull << RV_U : 0;
        r |= (flags & XL_PF_G) ? 1ull << RV_G : 0;
        r |= (flags & XL_PF_A) ? 1ull << RV_A : 0;
        r |= (flags & XL_PF_D) ? 1ull << RV_D : 0;
        r |= (flags & XL_PF_N) ? 1ull << RV_N : 0;
        r |= (uint64_t)pbmt << RV_PBMT;
        break;
    }
    case XL_FMT_TOY:
        if (ppn >> TOY_PPN_BITS) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "ppn 0x%llx does not fit the 24-bit toy PPN field",
                         (unsigned long long)ppn);
            return -1;
        }
        r = ppn << TOY_PPN;
        r |= (flags & XL_PF_P) ? 1ull << TOY_V : 0;
        r |= (flags & XL_PF_W) ? 1ull << TOY_W : 0;
        r |= (flags & XL_PF_U) ? 1ull << TOY_U : 0;
        r |= (flags & XL_PF_X) ? 1ull << TOY_X : 0;
        r |= (flags & XL_PF_A) ? 1ull << TOY_A : 0;
        r |= (flags & XL_PF_D) ? 1ull << TOY_D : 0;
        r |= (flags & XL_PF_G) ? 1ull << TOY_G : 0;
        r |= (flags & XL_PF_PS) ? 1ull << TOY_L : 0;
        break;
    }
    *raw = r;
    return 0;
}

int xl_pte_parse_flags(const xl_config *cfg, const char *list, unsigned *flags, xl_error *err)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"p", XL_PF_P}, {"v", XL_PF_P}, {"r", XL_PF_R}, {"w", XL_PF_W}, {"x", XL_PF_X},
        {"u", XL_PF_U}, {"g", XL_PF_G}, {"a", XL_PF_A}, {"d", XL_PF_D}, {"nx", XL_PF_NX},
        {"ps", XL_PF_PS}, {"l", XL_PF_PS}, {"pwt", XL_PF_PWT}, {"pcd", XL_PF_PCD}, {"n", XL_PF_N},
    };
    unsigned f = 0;
    const char *p = list;
    if (*p == '\0') {
        *flags = 0;
        return 0;
    }
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && strncmp(names[i].name, p, n) == 0)
                bit = names[i].bit;
        /* The toy format spells its leaf bit 'l'; x86 spells it 'ps'. */
        if (bit == XL_PF_PS && ((cfg->format == XL_FMT_TOY) != (n == 1)))
            bit = 0;
        if (bit == XL_PF_N && xl_fmt_rv64(cfg->format) && !(cfg->ext & XL_EXT_SVNAPOT)) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "flag 'n' (Svnapot) needs a preset with ext = svnapot");
            return -1;
        }
        if (bit == 0 || !(bit & xl_pte_flags_supported(cfg))) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "flag '%.*s' is not part of the %s format", (int)(n > 16 ? 16 : n),
                         p, xl_format_name(cfg->format));
            return -1;
        }
        f |= bit;
        if (e == NULL)
            break;
        p = e + 1;
    }
    *flags = f;
    return 0;
}

uint64_t xl_pte_ad_bits(const xl_config *cfg, bool set_d)
{
    if (xl_fmt_x86(cfg->format))
        return (1ull << X86_A) | (set_d ? 1ull << X86_D : 0);
    if (is_rv(cfg))
        return (1ull << RV_A) | (set_d ? 1ull << RV_D : 0);
    return (1ull << TOY_A) | (set_d ? 1ull << TOY_D : 0);
}

unsigned xl_perm_init(const xl_config *cfg)
{
    return xl_fmt_x86(cfg->format) ? (XL_PERM_R | XL_PERM_W | XL_PERM_X | XL_PERM_U) : 0;
}

unsigned xl_perm_fold(const xl_config *cfg, unsigned acc, unsigned flags, bool leaf)
{
    switch (cfg->format) {
    case XL_FMT_X86_64:
    case XL_FMT_LA57:
        if (!(flags & XL_PF_W))
            acc &= ~(unsigned)XL_PERM_W;
        if (!(flags & XL_PF_U))
            acc &= ~(unsigned)XL_PERM_U;
        if (flags & XL_PF_NX)
            acc &= ~(unsigned)XL_PERM_X;
        if (leaf) {
            acc |= (flags & XL_PF_G) ? XL_PERM_G : 0;
            acc |= (flags & XL_PF_D) ? XL_PERM_D : 0;
        }
        return acc;
    case XL_FMT_SV32:
    case XL_FMT_SV39:
    case XL_FMT_SV48:
    case XL_FMT_SV57:
        if (flags & XL_PF_G)
            acc |= XL_PERM_G;
        if (leaf) {
            acc |= (flags & XL_PF_R) ? XL_PERM_R : 0;
            acc |= (flags & XL_PF_W) ? XL_PERM_W : 0;
            acc |= (flags & XL_PF_X) ? XL_PERM_X : 0;
            acc |= (flags & XL_PF_U) ? XL_PERM_U : 0;
            acc |= (flags & XL_PF_D) ? XL_PERM_D : 0;
        }
        return acc;
    case XL_FMT_TOY:
        if (leaf) {
            acc = XL_PERM_R;
            acc |= (flags & XL_PF_W) ? XL_PERM_W : 0;
            acc |= (flags & XL_PF_X) ? XL_PERM_X : 0;
            acc |= (flags & XL_PF_U) ? XL_PERM_U : 0;
            acc |= (flags & XL_PF_G) ? XL_PERM_G : 0;
            acc |= (flags & XL_PF_D) ? XL_PERM_D : 0;
        }
        return acc;
    }
    return acc;
}

/* x86-64 access rights (SDM vol. 3A 4.6): CR0.WP, CR4.SMEP / SMAP with
 * EFLAGS.AC, EFER.NXE, then protection keys (4.6.2). */
static xl_fault perm_x86(const xl_ctl *c, xl_op op, xl_priv priv, bool ac, unsigned perm, unsigned pkey)
{
    bool user_page = (perm & XL_PERM_U) != 0;
    bool store = op == XL_OP_STORE, fetch = op == XL_OP_FETCH;
    bool wp = (c->flags & XL_CTL_WP) != 0;
    if (priv == XL_PRIV_U) {
        if (!user_page)
            return XL_FAULT_USER;
    } else if (user_page) {
        if (fetch && (c->flags & XL_CTL_SMEP))
            return XL_FAULT_SUPER;
        if (!fetch && (c->flags & XL_CTL_SMAP) && !ac)
            return XL_FAULT_SUPER;
    }
    if (store && !(perm & XL_PERM_W) && (priv == XL_PRIV_U || wp))
        return XL_FAULT_WRITE;
    if (fetch && !(perm & XL_PERM_X) && (c->flags & XL_CTL_NXE))
        return XL_FAULT_EXEC;
    if ((c->flags & XL_CTL_PKE) && user_page && !fetch) {
        uint32_t ad = (c->pkru >> (2 * (pkey & 15))) & 1u, wd = (c->pkru >> (2 * (pkey & 15) + 1)) & 1u;
        if (ad || (store && wd && (priv == XL_PRIV_U || wp)))
            return XL_FAULT_PKEY;
    }
    return XL_FAULT_NONE;
}

/* RISC-V (privileged spec, Sv32 translation step 5 and sstatus): SUM lets
 * the supervisor load and store user pages, never fetch from them; MXR
 * makes executable pages readable. */
static xl_fault perm_rv(const xl_ctl *c, xl_op op, xl_priv priv, unsigned perm)
{
    bool user_page = (perm & XL_PERM_U) != 0;
    if (priv == XL_PRIV_U && !user_page)
        return XL_FAULT_USER;
    if (priv == XL_PRIV_S && user_page && (op == XL_OP_FETCH || !(c->flags & XL_CTL_SUM)))
        return XL_FAULT_SUPER;
    switch (op) {
    case XL_OP_LOAD:
        return ((perm & XL_PERM_R) || ((c->flags & XL_CTL_MXR) && (perm & XL_PERM_X))) ? XL_FAULT_NONE
                                                                                         : XL_FAULT_READ;
    case XL_OP_STORE:
        return (perm & XL_PERM_W) ? XL_FAULT_NONE : XL_FAULT_WRITE;
    case XL_OP_FETCH:
        return (perm & XL_PERM_X) ? XL_FAULT_NONE : XL_FAULT_EXEC;
    }
    return XL_FAULT_NONE;
}

/* toy: every present page is readable, the supervisor may use user pages. */
static xl_fault perm_toy(xl_op op, xl_priv priv, unsigned perm)
{
    if (priv == XL_PRIV_U && !(perm & XL_PERM_U))
        return XL_FAULT_USER;
    switch (op) {
    case XL_OP_LOAD:
        return (perm & XL_PERM_R) ? XL_FAULT_NONE : XL_FAULT_READ;
    case XL_OP_STORE:
        return (perm & XL_PERM_W) ? XL_FAULT_NONE : XL_FAULT_WRITE;
    case XL_OP_FETCH:
        return (perm & XL_PERM_X) ? XL_FAULT_NONE : XL_FAULT_EXEC;
    }
    return XL_FAULT_NONE;
}

xl_fault xl_perm_check(const xl_config *cfg, const xl_ctl *ctl, xl_op op, xl_priv priv, bool ac, unsigned perm,
                       unsigned pkey)
{
    xl_ctl tmp;
    const xl_ctl *c = ctl_or_reset(cfg, ctl, &tmp);
    if (xl_fmt_x86(cfg->format))
        return perm_x86(c, op, priv, ac, perm, pkey);
    if (is_rv(cfg))
        return perm_rv(c, op, priv, perm);
    return perm_toy(op, priv, perm);
}

bool xl_va_canonical(const xl_config *cfg, uint64_t va)
{
    if (cfg->format == XL_FMT_TOY || cfg->format == XL_FMT_SV32)
        return (va >> cfg->va_bits) == 0; /* the VA is va_bits wide: nothing above */
    return xl_sext(va, cfg->va_bits) == va;
}
