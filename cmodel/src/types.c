/* Names of faults, ops and invalidation rows; the ISA -> primitive table (types.h). */
#include "xlate/types.h"

#include <string.h>

static const char *const fault_names[XL_FAULT_COUNT] = {
    "none", "align", "canonical", "bus", "not_present", "reserved", "misaligned",
    "user", "super", "read", "write", "exec", "ad", "pkey",
};

const char *xl_fault_name(xl_fault f)
{
    return (unsigned)f < XL_FAULT_COUNT ? fault_names[f] : "?";
}

int xl_fault_parse(const char *name, xl_fault *out)
{
    for (unsigned i = 0; i < XL_FAULT_COUNT; i++)
        if (strcmp(name, fault_names[i]) == 0) {
            *out = (xl_fault)i;
            return 0;
        }
    return -1;
}

const char *xl_ctl_name(unsigned bit)
{
    static const char *const names[XL_CTL_COUNT] = {"sum", "mxr", "adue", "wp", "smep", "smap", "nxe", "pke", "pkru"};
    for (unsigned i = 0; i < XL_CTL_COUNT; i++)
        if (bit == 1u << i)
            return names[i];
    return "?";
}

xl_ctl xl_ctl_apply(xl_ctl cur, unsigned mask, xl_ctl set)
{
    xl_ctl r;
    unsigned m = mask & XL_CTL_FLAGS;
    r.flags = (cur.flags & ~m) | (set.flags & m);
    r.pkru = (mask & XL_CTL_PKRU) ? set.pkru : cur.pkru;
    return r;
}

const char *xl_op_name(xl_op op)
{
    switch (op) {
    case XL_OP_LOAD: return "load";
    case XL_OP_STORE: return "store";
    case XL_OP_FETCH: return "fetch";
    }
    return "?";
}

const char *xl_isa_inval_name(xl_isa_inval kind)
{
    static const char *const names[XL_INV_COUNT] = {
        "invlpg", "invpcid0", "invpcid1", "invpcid2", "invpcid3", "mov_cr3",
        "sfence_all", "sfence_va", "sfence_asid", "sfence_va_asid", "inval",
        "sinval_all", "sinval_va", "sinval_asid", "sinval_va_asid",
    };
    return (unsigned)kind < XL_INV_COUNT ? names[kind] : "?";
}

xl_inval xl_inval_from_isa(xl_isa_inval kind, uint64_t va, uint32_t asid)
{
    /* One row per ISA operation: {match_va, match_asid, keep_global}. */
    static const bool rows[XL_INV_COUNT][3] = {
        [XL_INV_INVLPG] = {true, true, false},
        [XL_INV_INVPCID_ADDR] = {true, true, true},
        [XL_INV_INVPCID_CTX] = {false, true, true},
        [XL_INV_INVPCID_ALL] = {false, false, false},
        [XL_INV_INVPCID_NONGLOBAL] = {false, false, true},
        [XL_INV_MOV_CR3] = {false, true, true},
        [XL_INV_SFENCE_ALL] = {false, false, false},
        [XL_INV_SFENCE_VA] = {true, false, false},
        [XL_INV_SFENCE_ASID] = {false, true, true},
        [XL_INV_SFENCE_VA_ASID] = {true, true, true},
        [XL_INV_RAW] = {false, false, false},
        /* SINVAL.VMA has SFENCE.VMA's selection (Svinval) */
        [XL_INV_SINVAL_ALL] = {false, false, false},
        [XL_INV_SINVAL_VA] = {true, false, false},
        [XL_INV_SINVAL_ASID] = {false, true, true},
        [XL_INV_SINVAL_VA_ASID] = {true, true, true},
    };
    xl_inval s;
    unsigned k = (unsigned)kind < XL_INV_COUNT ? (unsigned)kind : XL_INV_RAW;
    s.match_va = rows[k][0];
    s.match_asid = rows[k][1];
    s.keep_global = rows[k][2];
    s.va = s.match_va ? va : 0;
    s.asid = s.match_asid ? asid : 0;
    return s;
}
