// xl_rtl_tlm -- the Verilated SystemC RTL behind the same TLM-2.0 target
// interface as xlate_tlm (sim/tlm/xlate_tlm.h): a pin-level transactor.
//
// b_transport synchronises to its annotated delay (wait), presents the
// request on req_valid/req_i, waits for the handshake at a rising edge, then
// for the response, and fills xlate_access_ext / xlate_control_ext and the
// response status exactly as xlate_tlm does (xlate_tlm_status).  The time
// spent is real simulated time (the delay comes back zero).  Requests are
// serialised (one in flight).  The memory port is served from an xl_memsim
// (random latency and back-pressure, tb/cosim/memsim.h), whose contents the
// backdoor writes.  Compile against one preset's Verilator output.
#ifndef XL_RTL_TLM_H
#define XL_RTL_TLM_H

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "xl_sc_rtl.h"
#include "xlate_tlm.h"

class xl_rtl_tlm : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<xl_rtl_tlm> tsock;

    /**
     * @param cfg     the preset the RTL was built for (checked against cfg_o)
     * @param mem     memory latency / back-pressure knobs
     * @param seed    seed of the memory model's random decisions
     * @param period  clock period
     */
    SC_HAS_PROCESS(xl_rtl_tlm);
    xl_rtl_tlm(sc_core::sc_module_name name, const xl_config& cfg, const xl_memsim_opts& mem, uint64_t seed,
               sc_core::sc_time period = sc_core::sc_time(10, sc_core::SC_NS));
    ~xl_rtl_tlm() override;

    /** Write the RTL side's memory directly (the L1D is bypassed). @return false if out of host memory. */
    bool backdoor_write(uint64_t pa, const void* data, size_t len);

    /** Cycles of the last transaction, from request presented to response accepted. */
    uint64_t last_cycles() const { return last_cycles_; }
    /** Rising edges so far. */
    uint64_t cycles() const { return rtl_.edges(); }
    /** A memory protocol error seen by the memory process ("" if none). */
    const char* memory_error() const { return err_; }
    /** False if the RTL's parameters differ from the preset (message in `why`). */
    bool config_matches(char* why, unsigned len) const;

  private:
    xl_config cfg_;
    sc_core::sc_clock clk_;
    xlsc::rtl rtl_;
    xl_memsim ms_;
    char err_[200] = "";
    sc_core::sc_event reset_done_;
    bool in_reset_ = true;
    sc_core::sc_mutex busy_;
    uint32_t asid_ = 0;  // current ASID, for INVLPG
    uint64_t last_cycles_ = 0;

    void reset_thread();
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
    bool run(const xl_dut_req& q, xl_dut_rsp& r);
};

#endif
