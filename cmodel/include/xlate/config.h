/**
 * @file config.h
 * @brief xlate configuration: one preset drives both the C model and the RTL.
 *
 * A configuration is a plain-text file of `key = value` lines (see
 * docs/config.md).  Parsing and validation never abort: every failure is
 * returned as an ::xl_error whose text is `file:line: message`.
 */
#ifndef XLATE_CONFIG_H
#define XLATE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most page-table levels any format may use. */
#define XL_MAX_LEVELS 5
/** Largest cache line, in bytes. */
#define XL_MAX_LINE 128
/** Largest TLB / cache associativity. */
#define XL_MAX_WAYS 16
/** Length of an error message buffer. */
#define XL_ERR_LEN 512

/** Page-table format. */
typedef enum xl_format {
    XL_FMT_X86_64 = 0, /**< x86-64 4-level paging with PCID */
    XL_FMT_SV39 = 1,   /**< RISC-V Sv39 */
    XL_FMT_SV48 = 2,   /**< RISC-V Sv48 */
    XL_FMT_TOY = 3,    /**< 32-bit teaching format (docs/config.md) */
    XL_FMT_SV32 = 4,   /**< RISC-V Sv32 (RV32: 2 levels, 4-byte entries, 34-bit PA) */
    XL_FMT_SV57 = 5,   /**< RISC-V Sv57 (5 levels) */
    XL_FMT_LA57 = 6    /**< x86-64 5-level paging (CR4.LA57) with PCID */
} xl_format;

/** Number of xl_format values. */
#define XL_FMT_COUNT 7

/** The format is an x86 one (its entries and controls are x86's). */
static inline bool xl_fmt_x86(xl_format f)
{
    return f == XL_FMT_X86_64 || f == XL_FMT_LA57;
}

/** The format is a RISC-V one (Sv32, Sv39, Sv48, Sv57). */
static inline bool xl_fmt_rv(xl_format f)
{
    return f == XL_FMT_SV32 || f == XL_FMT_SV39 || f == XL_FMT_SV48 || f == XL_FMT_SV57;
}

/** The format is an RV64 one (8-byte entries with the N and PBMT bits). */
static inline bool xl_fmt_rv64(xl_format f)
{
    return f == XL_FMT_SV39 || f == XL_FMT_SV48 || f == XL_FMT_SV57;
}

/** RISC-V extensions of a preset (`ext` key): bits of xl_config.ext. */
enum {
    XL_EXT_SVNAPOT = 1u << 0, /**< NAPOT 64 KiB pages (PTE bit 63, N) */
    XL_EXT_SVPBMT = 1u << 1,  /**< page-based memory types (PTE bits 62:61: PMA, NC, IO) */
    XL_EXT_SVINVAL = 1u << 2  /**< fine-grained invalidation (SINVAL.VMA, SFENCE.W.INVAL, SFENCE.INVAL.IR) */
};

/** TLB replacement policy. */
typedef enum xl_repl {
    XL_REPL_PLRU = 0, /**< tree pseudo-LRU */
    XL_REPL_LRU = 1   /**< true LRU (age matrix), associativity <= 4 */
} xl_repl;

/** Accessed/dirty bit policy. */
typedef enum xl_ad_policy {
    XL_AD_HW = 0,   /**< the walker sets A and D with a read-modify-write */
    XL_AD_FAULT = 1 /**< a clear A (or D on a store) raises XL_FAULT_AD */
} xl_ad_policy;

/** What a misaligned data access is. */
typedef enum xl_misaligned_policy {
    XL_MISALIGNED_FAULT = 0, /**< it raises XL_FAULT_ALIGN */
    XL_MISALIGNED_ERROR = 1  /**< a trace containing one is rejected as bad input */
} xl_misaligned_policy;

/** An error: `file:line: message`, NUL-terminated. */
typedef struct xl_error {
    char msg[XL_ERR_LEN];
} xl_error;

/**
 * A validated configuration.  The fields up to `misaligned` come from the
 * file; the rest are derived by xl_config_validate().
 */
typedef struct xl_config {
    char name[32];                        /**< preset name */
    xl_format format;                     /**< page-table format */
    unsigned va_bits;                     /**< virtual address bits */
    unsigned pa_bits;                     /**< physical address bits */
    unsigned page_bits;                   /**< base page offset bits */
    unsigned levels;                      /**< page-table levels (1..5) */
    unsigned level_bits[XL_MAX_LEVELS];   /**< index bits; [0] = leaf level */
    unsigned leaf_mask;                   /**< bit L set: level L may hold a leaf */
    unsigned asid_bits;                   /**< ASID / PCID width (0..16) */
    unsigned tlb_sets;                    /**< base-page TLB sets */
    unsigned tlb_ways;                    /**< base-page TLB ways */
    unsigned tlb_super;                   /**< fully associative superpage entries */
    xl_repl tlb_repl;                     /**< TLB replacement */
    unsigned cache_sets;                  /**< L1D sets */
    unsigned cache_ways;                  /**< L1D ways */
    unsigned cache_line;                  /**< L1D line size in bytes */
    xl_ad_policy ad_policy;               /**< A/D handling */
    uint64_t mem_bytes;                   /**< physical memory size */
    xl_misaligned_policy misaligned;      /**< misaligned access handling */
    unsigned ext;                         /**< XL_EXT_* extensions (RISC-V; 0 = none) */

    /* ---- derived by xl_config_validate() ---- */
    unsigned pte_bytes;                   /**< 8, or 4 for the toy and Sv32 formats */
    unsigned vpn_bits;                    /**< va_bits - page_bits */
    unsigned ppn_bits;                    /**< pa_bits - page_bits */
    unsigned level_shift[XL_MAX_LEVELS];  /**< VPN bit where level L's index starts */
    unsigned tlb_set_bits;                /**< log2(tlb_sets) */
    unsigned line_bits;                   /**< log2(cache_line) */
    unsigned cache_set_bits;              /**< log2(cache_sets) */
    unsigned max_access;                  /**< largest access: min(8, cache_line) */
} xl_config;

/**
 * Parse configuration text.
 * @param text   NUL-terminated file contents.
 * @param fname  file name used in error messages.
 * @param cfg    receives the validated configuration.
 * @param err    receives `fname:line: message` on failure (may be NULL).
 * @return 0 on success, -1 on a syntax or validation error.
 */
int xl_config_parse(const char *text, const char *fname, xl_config *cfg, xl_error *err);

/**
 * Read and parse a configuration file.
 * @return 0 on success, -1 on error (unreadable file, syntax, validation).
 */
int xl_config_load_file(const char *path, xl_config *cfg, xl_error *err);

/**
 * Load a preset by name or path.  A name containing '/' or ending in
 * ".cfg" is a path; any other name is looked up as `NAME.cfg` in the
 * directory given by the XLATE_CFG_DIR environment variable, else in
 * `cfg_dir` (may be NULL), else in "./cfg".
 * @return 0 on success, -1 on error.
 */
int xl_config_load_preset(const char *name, const char *cfg_dir, xl_config *cfg, xl_error *err);

/**
 * Validate a filled-in configuration and compute its derived fields.
 * Errors are reported against `fname` with line 0 unless the parser
 * recorded key lines (xl_config_parse does).
 * @return 0 if valid, -1 otherwise.
 */
int xl_config_validate(xl_config *cfg, const char *fname, xl_error *err);

/** Name of a format ("x86_64", "sv39", "sv48", "toy", "sv32", "sv57", "la57"). */
const char *xl_format_name(xl_format f);

/**
 * Write the configuration in the file syntax, all keys, to `buf`.
 * @return number of characters written (excluding NUL), truncated at `len`.
 */
int xl_config_format(const xl_config *cfg, char *buf, unsigned len);

/** How xl_config_rtl_params() spells the RTL parameters. */
typedef enum xl_param_style {
    XL_PARAMS_VERILATOR = 0, /**< `-GName=value ...` */
    XL_PARAMS_YOSYS = 1      /**< `-set Name value ...` (for yosys `chparam`) */
} xl_param_style;

/**
 * Format the RTL parameters of a configuration (rtl/xl_mmu.sv: Format,
 * VaBits, PaBits, PageBits, Levels, LevelBits, LeafLevels, AsidBits,
 * TlbSets, TlbWays, TlbSuper, TlbRepl, CacheSets, CacheWays, CacheLine,
 * AdPolicy, MemBytes, Ext) on one line.
 * @return number of characters written (snprintf semantics).
 */
int xl_config_rtl_params(const xl_config *cfg, xl_param_style style, char *buf, unsigned len);

/**
 * The packed LevelBits parameter: 5 bits per level, level 0 in bits 4..0.
 */
uint32_t xl_config_level_bits_packed(const xl_config *cfg);

/** Size in bytes of a page whose leaf sits at `level` (0 = base page). */
uint64_t xl_config_page_size(const xl_config *cfg, unsigned level);

#ifdef __cplusplus
}
#endif
#endif
