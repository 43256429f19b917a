/**
 * @file trace.h
 * @brief The xlate trace language (docs/trace-format.md): parsing,
 * canonical formatting, and execution on the golden model.
 *
 * A trace is parsed completely (and validated against the running preset)
 * before anything executes, so a malformed line never leaves a machine
 * half-updated.  Every error is `file:line: message`.
 *
 * The same statements drive the co-simulation: the harness sends each
 * ::xl_txn to both the model and the RTL and applies each backdoor
 * statement to both sides.
 */
#ifndef XLATE_TRACE_H
#define XLATE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xlate/cache.h"
#include "xlate/config.h"
#include "xlate/mmu.h"
#include "xlate/tlb.h"
#include "xlate/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of an MMU transaction (what crosses the RTL request channel). */
typedef enum xl_txn_kind {
    XL_TXN_ACCESS = 0, /**< load / store / fetch */
    XL_TXN_INVAL = 1,  /**< invalidation */
    XL_TXN_ROOT = 2,   /**< set root page table and ASID */
    XL_TXN_CTL = 3,    /**< write translation controls (`ctl NAME=VALUE ...`) */
    XL_TXN_FENCE = 4   /**< an ordering fence with no state effect (Svinval SFENCE.W.INVAL, SFENCE.INVAL.IR) */
} xl_txn_kind;

/** Which fence an XL_TXN_FENCE is. */
typedef enum xl_fence {
    XL_FENCE_W_INVAL = 0, /**< SFENCE.W.INVAL: earlier stores before later SINVAL.VMA */
    XL_FENCE_INVAL_IR = 1 /**< SFENCE.INVAL.IR: earlier SINVAL.VMA before later implicit reads */
} xl_fence;

/** One MMU transaction. */
typedef struct xl_txn {
    xl_txn_kind kind;  /**< which of the fields below apply */
    xl_access access;  /**< XL_TXN_ACCESS */
    xl_isa_inval isa;  /**< XL_TXN_INVAL: the ISA row, XL_INV_RAW for `inval` (the parser sets XL_INV_RAW for other kinds) */
    xl_inval inval;    /**< XL_TXN_INVAL: the primitive (see xl_txn_resolve) */
    uint64_t root_ppn; /**< XL_TXN_ROOT */
    uint32_t asid;     /**< XL_TXN_ROOT: new ASID / PCID */
    bool flush;        /**< XL_TXN_ROOT: x86 MOV CR3 without bit 63 (no `noflush`) */
    unsigned ctl_mask; /**< XL_TXN_CTL: the XL_CTL_* controls written */
    xl_ctl ctl;        /**< XL_TXN_CTL: their new values */
    xl_fence fence;    /**< XL_TXN_FENCE: which one */
} xl_txn;

/** Bits of xl_expect.mask: which result fields an `expect` clause names. */
enum {
    XL_EXP_FAULT = 1u << 0,
    XL_EXP_LEVEL = 1u << 1,
    XL_EXP_PA = 1u << 2,
    XL_EXP_DATA = 1u << 3,
    XL_EXP_TLB = 1u << 4,
    XL_EXP_CACHE = 1u << 5,
    XL_EXP_WALK = 1u << 6,
    XL_EXP_MT = 1u << 7
};

/** An `expect` clause. */
typedef struct xl_expect {
    unsigned mask;   /**< XL_EXP_* fields to check; 0 = no clause */
    xl_result want;  /**< expected values of those fields */
} xl_expect;

/** Statement kinds. */
typedef enum xl_stmt_kind {
    XL_ST_TXN = 0,        /**< access, invalidation or root change (an xl_txn) */
    XL_ST_MEM = 1,        /**< `mem PA VALUE size=N` */
    XL_ST_PTE = 2,        /**< `pte TABLE_PA INDEX ppn=N flags=...` (stored as a mem write) */
    XL_ST_TLB_FILL = 3,   /**< `tlb_fill ...` */
    XL_ST_CACHE_FILL = 4, /**< `cache_fill ...` */
    XL_ST_REPL = 5,       /**< `repl tlb|super|cache [set=S] state=N` */
    XL_ST_FLUSH = 6,      /**< `flush`: write back every dirty line (model only) */
    XL_ST_DUMP = 7,       /**< `dump tlb|cache|mem ...` (model only) */
    XL_ST_PRESET = 8      /**< `preset NAME` (checked at parse time) */
} xl_stmt_kind;

/** What a `dump` prints. */
typedef enum xl_dump_kind {
    XL_DUMP_TLB = 0,   /**< every valid TLB entry */
    XL_DUMP_CACHE = 1, /**< every valid line (or one set) */
    XL_DUMP_MEM = 2    /**< a range of memory */
} xl_dump_kind;

/** One parsed line. */
typedef struct xl_stmt {
    xl_stmt_kind kind;     /**< statement kind */
    unsigned line;         /**< 1-based line number in the trace file */
    xl_txn txn;            /**< XL_ST_TXN */
    xl_expect expect;      /**< XL_ST_TXN accesses: the `expect` clause */
    uint64_t pa;           /**< XL_ST_MEM / XL_ST_PTE: address; XL_ST_DUMP mem: start */
    uint64_t value;        /**< XL_ST_MEM / XL_ST_PTE: value; XL_ST_DUMP mem: length */
    unsigned size;         /**< XL_ST_MEM / XL_ST_PTE: bytes */
    xl_tlb_loc loc;        /**< XL_ST_TLB_FILL: where; XL_ST_REPL: array and set */
    xl_tlb_entry entry;    /**< XL_ST_TLB_FILL: the entry */
    unsigned set, way;     /**< XL_ST_CACHE_FILL (and XL_ST_REPL cache / XL_ST_DUMP cache set) */
    bool all_sets;         /**< XL_ST_DUMP cache: no set given */
    bool repl_cache;       /**< XL_ST_REPL: the cache rather than the TLB */
    uint32_t state;        /**< XL_ST_REPL: replacement state bits */
    xl_cache_line line_data; /**< XL_ST_CACHE_FILL: the line */
    xl_dump_kind dump;     /**< XL_ST_DUMP */
} xl_stmt;

/** A parsed trace. */
typedef struct xl_trace {
    char fname[256];   /**< file name used in messages */
    xl_stmt *stmts;    /**< statements in file order */
    size_t n;          /**< number of statements */
    size_t cap;        /**< allocated statements */
} xl_trace;

/**
 * Parse trace text against a configuration.
 * @param text   NUL-terminated contents (an embedded NUL is an error only
 *               when reading files: use xl_trace_parse_file).
 * @param fname  name for messages.
 * @param cfg    the running preset: `preset` lines must name it, and sizes,
 *               sets, ways, flags and widths are checked against it.
 * @param tr     receives the statements (free with xl_trace_free).
 * @param err    receives the first error as `fname:line: message`.
 * @return 0, or -1 on the first malformed line (tr is left empty).
 */
int xl_trace_parse_text(const char *text, const char *fname, const xl_config *cfg, xl_trace *tr, xl_error *err);

/** Read and parse a trace file (see xl_trace_parse_text). @return 0 or -1. */
int xl_trace_parse_file(const char *path, const xl_config *cfg, xl_trace *tr, xl_error *err);

/** Release a parsed trace (safe on a zeroed or failed one). */
void xl_trace_free(xl_trace *tr);

/**
 * Find the preset a trace asks for: the argument of its first `preset`
 * line, if that line comes before any other statement.
 * @param name  receives the name (or a path, resolved against the trace's
 *              directory when it ends in ".cfg").
 * @return 1 if found, 0 if the trace names no preset, -1 on a read error.
 */
int xl_trace_peek_preset(const char *path, char *name, size_t len, xl_error *err);

/**
 * xl_trace_peek_preset(), also giving the 1-based line of the `preset`
 * statement in `*line` (0 when none is found), so that a preset that fails
 * to load can be reported as `file:line: ...`.
 */
int xl_trace_peek_preset_at(const char *path, char *name, size_t len, unsigned *line, xl_error *err);

/**
 * Fill in the parts of a transaction that depend on machine state: INVLPG
 * uses the current PCID.  Returns the transaction to send to model and RTL.
 */
xl_txn xl_txn_resolve(const xl_txn *t, uint32_t current_asid);

/**
 * Format a (resolved) transaction as a canonical trace line, without a
 * newline, e.g. `load 0x3d4 size=1 priv=s`, `store 0x40 0xff size=1 priv=u`,
 * `inval va=0x1000 asid=0x3 keep_global`, `root ppn=0x12 asid=0x1 noflush`,
 * `ctl sum=1 mxr=0`; an x86 access with EFLAGS.AC set ends in ` ac=1`.
 * Parsing the line back gives the same transaction.
 * @return characters written (snprintf semantics).
 */
int xl_txn_format(const xl_txn *t, char *buf, size_t len);

/**
 * Execute a resolved transaction on the model.
 * @param r     receives the result (for non-access transactions: no fault,
 *              everything else zero).
 * @param info  receives access details (may be NULL).
 */
void xl_txn_execute(xl_mmu *m, const xl_txn *t, xl_result *r, xl_info *info);

/**
 * Apply a backdoor statement (mem, pte, tlb_fill, cache_fill, repl, flush)
 * to the model.  Other kinds are ignored.
 * @return 0, or -1 with a message (host out of memory).
 */
int xl_stmt_apply(xl_mmu *m, const xl_stmt *s, xl_error *err);

/**
 * Check a result against an expectation.
 * @param why  receives e.g. `pa: expected 0x354, got 0x355` for the first
 *             mismatching field (may be NULL).
 * @return 0 if every named field matches, 1 otherwise.
 */
int xl_expect_check(const xl_expect *e, const xl_result *r, char *why, size_t len);

/**
 * Format an expectation clause (`expect fault=none pa=0x354 ...`) naming
 * every field of `r`, so that a replayed trace checks the full result.
 */
int xl_expect_format_full(const xl_result *r, char *buf, size_t len);

/** Output sinks for xl_trace_run. */
typedef struct xl_run_opts {
    FILE *out;            /**< canonical result lines and dumps (may be NULL) */
    FILE *err;            /**< expectation failures (may be NULL) */
    uint64_t first_index; /**< index of the first transaction (for `#N`) */
} xl_run_opts;

/**
 * Run a parsed trace on the model: backdoor statements are applied, each
 * transaction executed and printed as `#N REQUEST -> RESULT`, each
 * expectation checked (a failure is reported as `file:line: expect: ...`).
 * @return the number of failed expectations, or -1 on a host error.
 */
long xl_trace_run(xl_mmu *m, const xl_trace *tr, const xl_run_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
