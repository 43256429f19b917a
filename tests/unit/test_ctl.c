/*
 * Translation controls (docs/architecture.md section 4.1): reset values per
 * format, which controls each format has, applying a masked write, the
 * access-rights check for every control value against the rules written
 * out here, the SMEP 0 -> 1 flush, and the controls in the state compare.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"
#include "xlate/pte.h"

static void reset_values(void **state)
{
    (void)state;
    xl_config c;
    cfg_preset(&c, "x86_64");
    xl_ctl x = xl_ctl_reset(&c);
    assert_int_equal(x.flags, XL_CTL_WP | XL_CTL_SMEP | XL_CTL_NXE);
    assert_int_equal(x.pkru, 0);
    assert_int_equal(xl_ctl_supported(&c),
                     XL_CTL_WP | XL_CTL_SMEP | XL_CTL_SMAP | XL_CTL_NXE | XL_CTL_PKE | XL_CTL_PKRU);
    cfg_preset(&c, "sv39"); /* ad_policy = hw: ADUE = 1 */
    assert_int_equal(xl_ctl_reset(&c).flags, XL_CTL_ADUE);
    assert_int_equal(xl_ctl_supported(&c), XL_CTL_SUM | XL_CTL_MXR | XL_CTL_ADUE);
    assert_false(xl_ad_fault(&c, NULL));
    cfg_preset(&c, "sv48"); /* ad_policy = fault: ADUE = 0 */
    assert_int_equal(xl_ctl_reset(&c).flags, 0);
    assert_true(xl_ad_fault(&c, NULL));
    xl_ctl on = {XL_CTL_ADUE, 0};
    assert_false(xl_ad_fault(&c, &on));
    cfg_preset(&c, "toy");
    assert_int_equal(xl_ctl_supported(&c), 0);
    assert_int_equal(xl_ctl_reset(&c).flags, 0);
}

static void apply_masks(void **state)
{
    (void)state;
    xl_ctl cur = {XL_CTL_WP | XL_CTL_SMEP, 0x1234};
    xl_ctl set = {XL_CTL_SMAP | XL_CTL_PKE, 0xffff};
    xl_ctl r = xl_ctl_apply(cur, XL_CTL_SMAP | XL_CTL_WP, set);
    assert_int_equal(r.flags, XL_CTL_SMEP | XL_CTL_SMAP); /* WP cleared, SMAP set, PKE untouched */
    assert_int_equal(r.pkru, 0x1234);
    r = xl_ctl_apply(cur, XL_CTL_PKRU, set);
    assert_int_equal(r.flags, cur.flags);
    assert_int_equal(r.pkru, 0xffff);
    assert_string_equal(xl_ctl_name(XL_CTL_PKRU), "pkru");
    assert_string_equal(xl_ctl_name(XL_CTL_SUM), "sum");
    assert_string_equal(xl_ctl_name(3), "?");
}

/* The x86 rules of SDM vol. 3A 4.6.1 / 4.6.2, as a list of denials. */
static xl_fault x86_rule(unsigned ctl, uint32_t pkru, xl_op op, bool user, bool ac, unsigned perm, unsigned key)
{
    bool u = perm & XL_PERM_U, w = perm & XL_PERM_W, x = perm & XL_PERM_X;
    bool st = op == XL_OP_STORE, fe = op == XL_OP_FETCH;
    if (user && !u)
        return XL_FAULT_USER;
    if (!user && u && fe && (ctl & XL_CTL_SMEP))
        return XL_FAULT_SUPER;
    if (!user && u && !fe && (ctl & XL_CTL_SMAP) && !ac)
        return XL_FAULT_SUPER;
    if (st && !w && (user || (ctl & XL_CTL_WP)))
        return XL_FAULT_WRITE;
    if (fe && !x && (ctl & XL_CTL_NXE))
        return XL_FAULT_EXEC;
    bool kad = (pkru >> (2 * key)) & 1, kwd = (pkru >> (2 * key + 1)) & 1;
    if ((ctl & XL_CTL_PKE) && u && !fe && (kad || (st && kwd && (user || (ctl & XL_CTL_WP)))))
        return XL_FAULT_PKEY;
    return XL_FAULT_NONE;
}

/* RISC-V: 4.3.1 step 5 with sstatus SUM and MXR. */
static xl_fault rv_rule(unsigned ctl, xl_op op, bool user, unsigned perm)
{
    bool u = perm & XL_PERM_U;
    if (user && !u)
        return XL_FAULT_USER;
    if (!user && u && (op == XL_OP_FETCH || !(ctl & XL_CTL_SUM)))
        return XL_FAULT_SUPER;
    if (op == XL_OP_LOAD && !(perm & XL_PERM_R) && !((ctl & XL_CTL_MXR) && (perm & XL_PERM_X)))
        return XL_FAULT_READ;
    if (op == XL_OP_STORE && !(perm & XL_PERM_W))
        return XL_FAULT_WRITE;
    if (op == XL_OP_FETCH && !(perm & XL_PERM_X))
        return XL_FAULT_EXEC;
    return XL_FAULT_NONE;
}

/* Every control value, op, privilege, AC and R/W/X/U combination, two PKRU
 * values and two keys on x86; every SUM/MXR/ADUE, op, privilege and rights
 * combination on RISC-V. */
static void rights_every_value(void **state)
{
    (void)state;
    xl_config x, r;
    unsigned n = 0;
    cfg_preset(&x, "x86_64");
    cfg_preset(&r, "sv39");
    for (unsigned ctl = 0; ctl < 256; ctl++)
        for (unsigned op = 0; op < 3; op++)
            for (unsigned pv = 0; pv < 2; pv++)
                for (unsigned perm = 0; perm < 16; perm++) {
                    xl_ctl c = {ctl & 0xf8u, 0};
                    for (unsigned ac = 0; ac < 2; ac++)
                        for (unsigned k = 0; k < 4; k++) {
                            uint32_t pkru = (k & 1) ? 0x0c000000u : 0x08000000u; /* key 13: AD+WD, WD */
                            unsigned key = (k & 2) ? 13 : 12;
                            c.pkru = pkru;
                            xl_fault got = xl_perm_check(&x, &c, (xl_op)op, pv ? XL_PRIV_U : XL_PRIV_S, ac, perm, key);
                            assert_int_equal(got, x86_rule(c.flags, pkru, (xl_op)op, pv, ac, perm, key));
                            n++;
                        }
                    if (ctl < 8) {
                        xl_ctl cr = {ctl, 0};
                        xl_fault got = xl_perm_check(&r, &cr, (xl_op)op, pv ? XL_PRIV_U : XL_PRIV_S, false, perm, 0);
                        assert_int_equal(got, rv_rule(ctl, (xl_op)op, pv, perm));
                        n++;
                    }
                }
    assert_true(n > 190000);
}

/* SDM 4.10.4.1: setting CR4.SMEP flushes the current PCID (and, in xlate,
 * the global entries); clearing it, or writing it unchanged, flushes nothing. */
static void smep_flush(void **state)
{
    fx *f = *state;
    xl_tlb_loc loc;
    xl_tlb_entry mine = tlb_ent(0, 0x400, 0x100, 1, XL_PERM_R);
    xl_tlb_entry other = tlb_ent(0, 0x401, 0x101, 2, XL_PERM_R);
    xl_tlb_entry glob = tlb_ent(0, 0x402, 0x102, 3, XL_PERM_R | XL_PERM_G);
    xl_mmu_set_root(f->m, FX_ROOT, 1, false);
    assert_true(xl_tlb_refill(&f->m->tlb, &mine, &loc));
    assert_true(xl_tlb_refill(&f->m->tlb, &other, &loc));
    assert_true(xl_tlb_refill(&f->m->tlb, &glob, &loc));
    xl_ctl off = {0, 0}, on = {XL_CTL_SMEP, 0};
    assert_int_equal(xl_mmu_set_ctl(f->m, XL_CTL_SMEP, &on), 0); /* 1 -> 1 */
    assert_int_equal(xl_mmu_set_ctl(f->m, XL_CTL_SMEP, &off), 0); /* 1 -> 0 */
    assert_int_equal(tlb_valid_count(f->m), 3);
    assert_int_equal(xl_mmu_set_ctl(f->m, XL_CTL_SMEP, &on), 2); /* 0 -> 1 */
    assert_false(tlb_has(f->m, &mine));
    assert_false(tlb_has(f->m, &glob));
    assert_true(tlb_has(f->m, &other));
    /* a control the format lacks is ignored by the machine */
    xl_ctl sum = {XL_CTL_SUM, 0};
    xl_mmu_set_ctl(f->m, XL_CTL_SUM, &sum);
    assert_false(f->m->ctl.flags & XL_CTL_SUM);
}

/* The controls are machine state: the end-of-run compare sees them. */
static void compare_sees_controls(void **state)
{
    fx *f = *state;
    xl_mmu *a = mmu_new(&f->cfg), *b = mmu_new(&f->cfg);
    char what[256];
    assert_int_equal(xl_mmu_compare(a, b, what, sizeof what), 0);
    xl_ctl v = {0, 0x10};
    xl_mmu_set_ctl(b, XL_CTL_PKRU, &v);
    assert_int_equal(xl_mmu_compare(a, b, what, sizeof what), 1);
    assert_non_null(strstr(what, "controls"));
    mmu_del(a);
    mmu_del(b);
}

/* The walk applies the controls too: SUM on sv39 through a real page table. */
static void walk_uses_controls(void **state)
{
    fx *f = *state;
    const uint64_t va = 0x400000;
    pt_map(&f->p, va, 0, XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D, 0x200);
    assert_fault(LOAD_S(f->m, va, 8), XL_FAULT_SUPER, 0, 3);
    xl_ctl sum = {XL_CTL_SUM, 0};
    xl_mmu_set_ctl(f->m, XL_CTL_SUM, &sum);
    assert_ok(LOAD_S(f->m, va, 8), 0x200000, 3);
    assert_fault(FETCH_S(f->m, va), XL_FAULT_SUPER, 0, 0); /* on the cached entry */
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(reset_values, fx_setup_none),
        T(apply_masks, fx_setup_none),
        T(rights_every_value, fx_setup_none),
        T(smep_flush, fx_setup_x86),
        T(compare_sees_controls, fx_setup_x86),
        T(walk_uses_controls, fx_setup_sv39),
    };
    return RUN_TESTS(tests);
}
