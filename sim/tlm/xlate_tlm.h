/**
 * @file xlate_tlm.h
 * @brief The xlate golden model (cmodel/) as a TLM-2.0 loosely-timed
 * component: CPU-side accesses in on a target socket, the model's line
 * fills and write-backs out on an initiator socket.  docs/systemc.md is the
 * user's guide; this header is the reference.
 *
 *   CPU ──b_transport──► tsock ┌───────────┐ isock ──b_transport──► memory
 *   (VA, read/write,           │ xlate_tlm │ (line reads = fills,
 *    xlate_access_ext)         │  xl_mmu   │  line writes = write-backs,
 *   control: IGNORE +          └───────────┘  xlate_mem_ext)
 *    xlate_control_ext
 *
 * Target socket (`tsock`), one transaction per access:
 *   - address = virtual address; TLM_READ_COMMAND = load (or fetch, with
 *     xlate_access_ext::fetch), TLM_WRITE_COMMAND = store;
 *   - data length 1, 2, 4 or 8 (at most the preset's max_access), streaming
 *     width >= length, no byte enables; data little-endian;
 *   - xlate_access_ext (optional) carries privilege and fetch in, and every
 *     result out.  Without it the access is a supervisor load / store;
 *   - TLM_IGNORE_COMMAND with an xlate_control_ext is an invalidation or a
 *     root (CR3 / satp) change, executed in order with the accesses;
 *   - response status: see xlate_tlm_status();
 *   - the delay is incremented by the latency model (xlate_tlm_timing), and
 *     the module never calls wait() itself (the memory target may).
 *
 * Initiator socket (`isock`, may stay unbound): the model's own sparse
 * memory is the backing store and stays authoritative; every line the
 * model's L1D reads from or writes back to it is also sent here, in the
 * model's order, as one TLM transaction of one cache line (address =
 * line-aligned PA, length = cache_line, no byte enables), carrying an
 * xlate_mem_ext.  Reads return data that the module compares with the
 * model's (check_fill_data, on by default); write-backs carry the line.
 *
 * The transfers come from the model's cache-traffic observer
 * (xl_cache_observe in cmodel/include/xlate/cache.h), set for the duration
 * of each access.  Each access's transfers are checked against the model's
 * own counters (PTE misses, data miss, dirty evictions).
 */
#ifndef XLATE_TLM_H
#define XLATE_TLM_H

#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "xlate/mmu.h"
#include "xlate/trace.h"

/**
 * Per-access attributes (in) and results (out), attached by the initiator
 * to a READ / WRITE transaction on the target socket.
 */
struct xlate_access_ext : tlm::tlm_extension<xlate_access_ext> {
    // ---- in (set by the initiator) ----
    bool user = false;   ///< privilege: true = user (U-mode / CPL 3), false = supervisor
    bool fetch = false;  ///< a READ is an instruction fetch (needs execute permission)
    bool ac = false;     ///< x86 EFLAGS.AC (with CR4.SMAP: lifts SMAP for this supervisor data access)

    // ---- out (set by the target; the checked observables of docs/architecture.md) ----
    bool done = false;            ///< the target executed the access and filled what follows
    xl_fault fault = XL_FAULT_NONE;  ///< fault cause (XL_FAULT_NONE on success)
    int level = XL_LEVEL_NONE;    ///< page-table level that faulted, or XL_LEVEL_NONE
    uint64_t pa = 0;              ///< physical address (0 on a fault)
    uint64_t data = 0;            ///< load / fetch data, zero-extended (0 for stores and faults)
    bool tlb_hit = false;         ///< translated by the TLB without a walk
    bool cache_hit = false;       ///< the data access hit in the L1D (false on a fault)
    unsigned walk_reads = 0;      ///< page-table entries read
    unsigned mt = 0;              ///< Svpbmt memory type of the translation (0 pma, 1 nc, 2 io)
    // ---- out: context and details ----
    uint32_t asid = 0;            ///< ASID / PCID the access ran under
    uint64_t root_ppn = 0;        ///< root page table it walked
    int page_level = -1;          ///< level of the translation used (0 = base page), -1 if none
    unsigned ad_writes = 0;       ///< A/D read-modify-writes
    unsigned mem_reads = 0;       ///< line fills sent on the initiator socket
    unsigned mem_writes = 0;      ///< write-backs sent on the initiator socket
    unsigned mem_uncached = 0;    ///< uncached (Svpbmt NC / IO) transfers sent: the access's own bytes
    bool mem_error = false;       ///< a memory-socket transaction did not return TLM_OK_RESPONSE

    /** Copy of the result part as the model's result struct. */
    xl_result result() const;

    tlm::tlm_extension_base* clone() const override { return new xlate_access_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        *this = static_cast<const xlate_access_ext&>(e);
    }
};

/**
 * A control operation, carried by a TLM_IGNORE_COMMAND transaction (address
 * and data unused) so that it executes in order with the accesses.
 */
struct xlate_control_ext : tlm::tlm_extension<xlate_control_ext> {
    enum kind_t {
        INVAL = 0,      ///< the invalidation primitive `sel` (DESIGN.md section 2)
        ISA_INVAL = 1,  ///< an ISA invalidation row: `isa`, `va`, `asid` (INVLPG: current PCID)
        SET_ROOT = 2,   ///< root PPN and ASID (x86 MOV CR3 / RISC-V satp); `flush` = x86 bit 63 clear
        SET_CTL = 3,    ///< write translation controls: those in `ctl_mask` take their values from `ctl`
        FENCE = 4       ///< a Svinval fence `fence` (SFENCE.W.INVAL / SFENCE.INVAL.IR): changes nothing
    };
    // ---- in ----
    kind_t kind = INVAL;
    xl_inval sel{};                     ///< INVAL
    xl_isa_inval isa = XL_INV_SFENCE_ALL;  ///< ISA_INVAL
    uint64_t va = 0;                    ///< ISA_INVAL address operand
    uint32_t asid = 0;                  ///< ISA_INVAL ASID / PCID operand; SET_ROOT new ASID
    uint64_t root_ppn = 0;              ///< SET_ROOT
    bool flush = false;                 ///< SET_ROOT: apply the x86 MOV CR3 invalidation row
    unsigned ctl_mask = 0;              ///< SET_CTL: XL_CTL_* controls written
    xl_ctl ctl{};                       ///< SET_CTL: their values
    xl_fence fence = XL_FENCE_W_INVAL;  ///< FENCE: which one (needs a preset with ext svinval)
    // ---- out ----
    bool done = false;                  ///< executed
    unsigned removed = 0;               ///< TLB entries removed

    static xlate_control_ext inval(const xl_inval& s);
    static xlate_control_ext isa_inval(xl_isa_inval k, uint64_t va = 0, uint32_t asid = 0);
    static xlate_control_ext set_root(uint64_t root_ppn, uint32_t asid, bool flush);
    static xlate_control_ext set_ctl(unsigned mask, const xl_ctl& ctl);
    static xlate_control_ext make_fence(xl_fence f);

    tlm::tlm_extension_base* clone() const override { return new xlate_control_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        *this = static_cast<const xlate_control_ext&>(e);
    }
};

/** Attached to every transaction on the initiator (memory) socket. */
struct xlate_mem_ext : tlm::tlm_extension<xlate_mem_ext> {
    enum cause_t {
        PTE_FILL = 0,   ///< line read for a page-table entry read by the walker
        DATA_FILL = 1,  ///< line read for the data access
        WRITE_BACK = 2, ///< dirty victim written back (precedes the fill that evicted it)
        UNCACHED = 3    ///< a Svpbmt NC / IO data access, bypassing the L1D (the access's own bytes)
    };
    cause_t cause = DATA_FILL;
    uint64_t va = 0;       ///< virtual address of the CPU-side access that caused it
    unsigned seq = 0;      ///< position in that access's memory traffic (0, 1, ...)

    tlm::tlm_extension_base* clone() const override { return new xlate_mem_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override { *this = static_cast<const xlate_mem_ext&>(e); }
};

/**
 * The latency model (all counts in cycles of `clock`).  An access costs
 *
 *     access
 *   + walk          if it walked (TLB miss, or a store re-walking for D)
 *   + pte_read      x page-table entries read
 *   + ad_write      x A/D read-modify-writes
 *   + line_fill     x lines filled (page-table or data)
 *   + write_back    x dirty lines written back
 *   + walk_bus      if the walk stopped at a PTE address beyond memory
 *   + the delays the memory target annotated on the line reads (fills
 *     block), and on the write-backs unless posted_writebacks
 *
 * so a TLB hit that hits the L1D costs `access`; a fault found before the
 * walk (align, canonical, permission on a TLB hit) costs `access` too.
 * Invalidations and root changes cost `control`, plus `sweep_per_set` x
 * tlb_sets when they select entries without an address (the RTL then visits
 * every TLB set: invalidations without match_va, x86 root changes that
 * flush).  Malformed requests cost nothing.  The defaults are rtl/xl_mmu.sv's request-to-response latencies
 * when its memory port never stalls (fitted by tests/systemc/xcheck.cpp,
 * docs/systemc.md section 5): with clock = the RTL's clock and a memory
 * target that annotates the RTL memory's read latency, the model's delay is
 * the RTL's to the cycle for every access that completes.
 */
struct xlate_tlm_timing {
    sc_core::sc_time clock{1, sc_core::SC_NS};  ///< MMU clock period
    unsigned access = 2;       ///< request to response of a TLB hit + L1D hit
    unsigned walk = 2;         ///< walker start, TLB refill and replay
    unsigned pte_read = 2;     ///< per page-table entry read through the L1D
    unsigned ad_write = 2;     ///< per A/D update
    unsigned line_fill = 3;    ///< per line fill, besides the memory's own delay
    unsigned write_back = 2;   ///< per dirty victim sent to memory
    unsigned uncached = 2;     ///< per uncached (Svpbmt NC / IO) access, besides a load's memory delay
    unsigned walk_bus = 1;     ///< the range check that ends a walk with a bus fault
    unsigned control = 2;      ///< invalidation or root change
    unsigned sweep_per_set = 1;  ///< per TLB set visited by an invalidation without an address
    bool posted_writebacks = true;  ///< the memory's delay on writes (write-backs, uncached stores) is not added (the RTL posts writes)
};

/** The response status a fault cause maps to (docs/systemc.md). */
tlm::tlm_response_status xlate_tlm_status(xl_fault f);

/** The golden model as a TLM-2.0 component. */
class xlate_tlm : public sc_core::sc_module {
  public:
    /** CPU side: accesses (VA) and control operations. */
    tlm_utils::simple_target_socket<xlate_tlm> tsock;
    /** Memory side: line fills and write-backs (PA).  May stay unbound. */
    tlm_utils::simple_initiator_socket_optional<xlate_tlm> isock;

    /** Build for a validated configuration (copied). */
    xlate_tlm(sc_core::sc_module_name name, const xl_config& cfg, const xlate_tlm_timing& t = xlate_tlm_timing());
    /**
     * Build for a preset: a name (looked up in $XLATE_CFG_DIR, else the
     * cfg/ directory of the build) or a path to a .cfg file.  Errors are
     * reported with SC_REPORT_FATAL.
     */
    xlate_tlm(sc_core::sc_module_name name, const std::string& preset, const xlate_tlm_timing& t = xlate_tlm_timing());
    ~xlate_tlm() override;
    xlate_tlm(const xlate_tlm&) = delete;
    xlate_tlm& operator=(const xlate_tlm&) = delete;

    // ---- control API (direct calls, zero time; the same as a control transaction)
    /** The invalidation primitive. @return TLB entries removed. */
    unsigned inval(const xl_inval& sel);
    /** An ISA invalidation row (INVLPG uses the current PCID). @return entries removed. */
    unsigned isa_inval(xl_isa_inval kind, uint64_t va = 0, uint32_t asid = 0);
    /** Root page table and ASID; `flush` applies the x86 MOV CR3 row. @return entries removed. */
    unsigned set_root(uint64_t root_ppn, uint32_t asid, bool flush);

    // ---- backdoor (zero time, no memory-socket traffic)
    /**
     * Write physical memory directly, as the trace language's `mem` / `pte`
     * statements do: the L1D is bypassed (a dirty cached copy of the line
     * would overwrite the bytes when written back).  @return false if out
     * of host memory.
     */
    bool backdoor_write(uint64_t pa, const void* data, size_t len);
    /** Read physical memory directly (the L1D is bypassed). */
    void backdoor_read(uint64_t pa, void* data, size_t len);

    // ---- inspection
    /** The golden model itself (state, statistics, xl_mmu_compare ...). */
    xl_mmu& model() { return m_; }
    const xl_config& config() const { return m_.cfg; }
    xlate_tlm_timing& timing() { return t_; }

    /** Compare the data of each line fill with the model's (default on). */
    void check_fill_data(bool on) { check_fill_ = on; }

    /** Totals over the module's life. */
    struct counters {
        uint64_t accesses = 0, controls = 0, malformed = 0;
        uint64_t mem_reads = 0, mem_writes = 0, mem_errors = 0, fill_data_mismatches = 0;
    };
    const counters& stats() const { return n_; }

  private:
    xl_mmu m_;
    xlate_tlm_timing t_;
    bool check_fill_ = true;
    counters n_;

    void init(const xl_config& cfg);
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
    void do_access(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
    void do_control(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
};

#endif
