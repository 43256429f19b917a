// xl_sc_rtl -- the Verilated SystemC xl_mmu (`verilator --sc`) with its pins
// as sc_signals, the C harness's payload packing, and the memory port served
// by an SC_METHOD from an xl_memsim (tb/cosim/memsim.h).
//
// Shared by the xl_dut implementation of `make sim-sc` (dut_systemc.cpp) and
// by the pin-level TLM transactor of the cross-check (xl_rtl_tlm.h).
// Compile against one preset's Verilator output (it includes Vxl_mmu.h).
//
// Timing: the owner binds `clk` to a clock (an sc_clock).  The memory
// process runs at every rising edge: it first *observes* the cycle that
// ends (the DUT's outputs read at the edge are the settled pre-edge values,
// exactly what tb/cosim/cosim.c passes to xl_memsim_observe), then *drives*
// the next cycle (xl_memsim_drive); its writes reach the DUT one delta after
// the edge.  So the memory model makes the same random decisions, in the
// same order and with the same cycle numbers, as the C engine.
#ifndef XL_SC_RTL_H
#define XL_SC_RTL_H

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include <systemc>

#include "Vxl_mmu.h"
#include "verilated.h"

extern "C" {
#include "memsim.h"
#include "xl_dut.h"
#include "xl_mmu_ports.h"
}

namespace xlsc {

// ---- port values as 32-bit words, whatever C++ type Verilator chose -----
// (1 bit: bool; 2..32: uint32_t; 33..64: uint64_t; wider: sc_bv<N>).
inline void get_words(bool v, uint32_t* w, unsigned) { w[0] = v; }
inline void get_words(uint32_t v, uint32_t* w, unsigned) { w[0] = v; }
inline void get_words(uint64_t v, uint32_t* w, unsigned nw) {
    w[0] = static_cast<uint32_t>(v);
    if (nw > 1) w[1] = static_cast<uint32_t>(v >> 32);
}
inline void get_words(const sc_dt::sc_bv_base& v, uint32_t* w, unsigned nw) {
    for (int i = 0; i < v.size() && i < static_cast<int>(nw); i++) w[i] = v.get_word(i);
}
inline void set_words(bool& v, const uint32_t* w) { v = (w[0] & 1u) != 0; }
inline void set_words(uint32_t& v, const uint32_t* w) { v = w[0]; }
inline void set_words(uint64_t& v, const uint32_t* w) { v = w[0] | (static_cast<uint64_t>(w[1]) << 32); }
inline void set_words(sc_dt::sc_bv_base& v, const uint32_t* w) {
    for (int i = 0; i < v.size(); i++) v.set_word(i, w[i]);
    v.clean_tail();
}

// The value type of a Verilated port member (`sc_in<T>&` -> T).
template <class Port> using value_of = typename std::remove_reference_t<Port>::data_type;

// Signals written from outside the kernel (the C harness) and from
// processes (the memory process, transactor threads).
template <class T> using wire = sc_core::sc_signal<T, sc_core::SC_MANY_WRITERS>;

constexpr unsigned kWords = XL_PORT_WORDS;  // scratch words: enough for 1024-bit ports
inline uint64_t get_field(const uint32_t* w, unsigned lsb, unsigned width) { return xl_port_get(w, lsb, width); }

/** The RTL with its pins, clocked by `clk`, memory served by an xl_memsim. */
class rtl : public sc_core::sc_module {
  public:
    sc_core::sc_in<bool> clk{"clk"};

    // ---- pins (names as in rtl/xl_mmu.sv, without the _i/_o suffix)
    wire<bool> rst_n{"rst_n"};
    wire<bool> req_valid{"req_valid"}, req_ready{"req_ready"};
    wire<value_of<decltype(Vxl_mmu::req_i)>> req{"req"};
    wire<bool> rsp_valid{"rsp_valid"}, rsp_ready{"rsp_ready"};
    wire<value_of<decltype(Vxl_mmu::rsp_o)>> rsp{"rsp"};
    wire<bool> mem_req_valid{"mem_req_valid"}, mem_req_ready{"mem_req_ready"}, mem_req_we{"mem_req_we"};
    wire<value_of<decltype(Vxl_mmu::mem_req_addr_o)>> mem_req_addr{"mem_req_addr"};
    wire<value_of<decltype(Vxl_mmu::mem_req_wdata_o)>> mem_req_wdata{"mem_req_wdata"};
    wire<value_of<decltype(Vxl_mmu::mem_req_be_o)>> mem_req_be{"mem_req_be"};
    wire<bool> mem_req_uc{"mem_req_uc"};
    wire<bool> mem_rsp_valid{"mem_rsp_valid"}, mem_rsp_ready{"mem_rsp_ready"};
    wire<value_of<decltype(Vxl_mmu::mem_rsp_rdata_i)>> mem_rsp_rdata{"mem_rsp_rdata"};
    wire<bool> dbg_req_valid{"dbg_req_valid"}, dbg_req_ready{"dbg_req_ready"}, dbg_req_we{"dbg_req_we"};
    wire<value_of<decltype(Vxl_mmu::dbg_req_target_i)>> dbg_req_target{"dbg_req_target"};
    wire<value_of<decltype(Vxl_mmu::dbg_req_set_i)>> dbg_req_set{"dbg_req_set"};
    wire<value_of<decltype(Vxl_mmu::dbg_req_way_i)>> dbg_req_way{"dbg_req_way"};
    wire<value_of<decltype(Vxl_mmu::dbg_req_wdata_i)>> dbg_req_wdata{"dbg_req_wdata"};
    wire<bool> dbg_rsp_valid{"dbg_rsp_valid"};
    wire<value_of<decltype(Vxl_mmu::dbg_rsp_rdata_o)>> dbg_rsp_rdata{"dbg_rsp_rdata"};
    wire<value_of<decltype(Vxl_mmu::cfg_o)>> cfg{"cfg"};
    wire<bool> idle{"idle"};

    Vxl_mmu top;

    SC_HAS_PROCESS(rtl);
    explicit rtl(sc_core::sc_module_name nm) : sc_core::sc_module(nm), top("xl_mmu") {
        top.clk_i(clk);
        top.rst_ni(rst_n);
        top.req_valid_i(req_valid);
        top.req_ready_o(req_ready);
        top.req_i(req);
        top.rsp_valid_o(rsp_valid);
        top.rsp_ready_i(rsp_ready);
        top.rsp_o(rsp);
        top.mem_req_valid_o(mem_req_valid);
        top.mem_req_ready_i(mem_req_ready);
        top.mem_req_we_o(mem_req_we);
        top.mem_req_addr_o(mem_req_addr);
        top.mem_req_wdata_o(mem_req_wdata);
        top.mem_req_be_o(mem_req_be);
        top.mem_req_uc_o(mem_req_uc);
        top.mem_rsp_valid_i(mem_rsp_valid);
        top.mem_rsp_ready_o(mem_rsp_ready);
        top.mem_rsp_rdata_i(mem_rsp_rdata);
        top.dbg_req_valid_i(dbg_req_valid);
        top.dbg_req_ready_o(dbg_req_ready);
        top.dbg_req_we_i(dbg_req_we);
        top.dbg_req_target_i(dbg_req_target);
        top.dbg_req_set_i(dbg_req_set);
        top.dbg_req_way_i(dbg_req_way);
        top.dbg_req_wdata_i(dbg_req_wdata);
        top.dbg_rsp_valid_o(dbg_rsp_valid);
        top.dbg_rsp_rdata_o(dbg_rsp_rdata);
        top.cfg_o(cfg);
        top.idle_o(idle);
        SC_METHOD(on_posedge);
        sensitive << clk.pos();
        dont_initialize();
    }

    /** Rising edges seen so far. */
    uint64_t edges() const { return edges_; }

    /** Cache line bytes and debug width, from cfg_o (valid once the model has evaluated). */
    void read_cfg(uint32_t w[8]) const {
        std::memset(w, 0, 8 * sizeof w[0]);
        get_words(cfg.read(), w, 8);
    }
    unsigned line_bytes() const {
        uint32_t w[8];
        read_cfg(w);
        return xl_port_line_bytes(w);
    }

    // ---- the request / response channels
    void put_req(const xl_dut_req& r) {
        if (have_req_ && std::memcmp(&r, &last_req_, sizeof r) == 0) return;  // unchanged: nothing to pack
        have_req_ = true;
        std::memcpy(&last_req_, &r, sizeof r);  // padding too, for the memcmp
        uint32_t w[kWords] = {0};
        xl_port_pack_req(&r, w);
        set_words(req_buf_, w);
        req.write(req_buf_);
    }
    void get_rsp(xl_dut_rsp& r) const {
        uint32_t w[kWords] = {0};
        get_words(rsp.read(), w, kWords);
        xl_port_unpack_rsp(w, &r);
    }

    /**
     * Apply one cycle's inputs from the C harness's struct (request, response
     * ready, debug port; the memory inputs only when no memory is attached).
     */
    void put_inputs(const xl_dut_in& in) {
        uint32_t w[kWords];
        req_valid.write(in.req_valid);
        if (in.req_valid) put_req(in.req);
        rsp_ready.write(in.rsp_ready);
        if (!ms_) {
            mem_req_ready.write(in.mem_req_ready);
            mem_rsp_valid.write(in.mem_rsp_valid);
            if (in.mem_rsp_valid) put_line(in.mem_rsp_rdata);
        }
        dbg_req_valid.write(in.dbg_req_valid);
        dbg_req_we.write(in.dbg_req_we);
        dbg_req_target.write(in.dbg_req_target);
        dbg_req_set.write(in.dbg_req_set);
        dbg_req_way.write(in.dbg_req_way);
        if (in.dbg_req_valid) {
            std::memset(w, 0, sizeof w);
            std::memcpy(w, in.dbg_req_wdata, sizeof in.dbg_req_wdata);
            set_words(dbg_buf_, w);
            dbg_req_wdata.write(dbg_buf_);
        }
    }

    /** Sample every output (call with the cycle's values settled, before the edge). */
    void get_outputs(xl_dut_out& out) const {
        uint32_t w[kWords];
        out.req_ready = req_ready.read();
        out.rsp_valid = rsp_valid.read();
        if (out.rsp_valid) get_rsp(out.rsp);
        sample_mem(out);
        out.dbg_req_ready = dbg_req_ready.read();
        out.dbg_rsp_valid = dbg_rsp_valid.read();
        if (out.dbg_rsp_valid) {
            std::memset(w, 0, sizeof w);
            get_words(dbg_rsp_rdata.read(), w, kWords);
            std::memcpy(out.dbg_rsp_rdata, w, sizeof out.dbg_rsp_rdata);
        }
        out.idle = idle.read();
    }

    // ---- the memory port
    /**
     * Serve the memory port from `ms` from now on.  `cycle` is the number the
     * C engine would give the next cycle (xl_dut_cycles); the inputs of that
     * cycle are driven at once (they reach the DUT when simulation resumes).
     * A protocol error is written to `err` (first one only).
     */
    void attach_memory(xl_memsim* ms, uint64_t cycle, char* err, unsigned len) {
        ms_ = ms;
        mem_cycle_ = cycle;
        err_ = err;
        err_len_ = len;
        if (err_ && err_len_) err_[0] = '\0';
        drive_memory();
    }
    /** Stop serving the memory port (its inputs go idle). */
    void detach_memory() {
        ms_ = nullptr;
        mem_req_ready.write(false);
        mem_rsp_valid.write(false);
    }
    bool memory_attached() const { return ms_ != nullptr; }

  private:
    value_of<decltype(Vxl_mmu::req_i)> req_buf_;
    value_of<decltype(Vxl_mmu::mem_rsp_rdata_i)> line_buf_;
    value_of<decltype(Vxl_mmu::dbg_req_wdata_i)> dbg_buf_;
    xl_dut_req last_req_{};
    bool have_req_ = false;
    xl_memsim* ms_ = nullptr;
    uint64_t mem_cycle_ = 0;
    uint64_t edges_ = 0;
    char* err_ = nullptr;
    unsigned err_len_ = 0;
    xl_dut_in mem_in_{};  // scratch for xl_memsim_drive
    xl_dut_out mem_out_{};

    void put_line(const uint8_t* bytes) {
        uint32_t w[kWords] = {0};
        std::memcpy(w, bytes, line_bytes_cached());  // little-endian host
        set_words(line_buf_, w);
        mem_rsp_rdata.write(line_buf_);
    }
    unsigned line_bytes_cached() {
        if (!line_) line_ = line_bytes();
        return line_ ? line_ : 1;
    }
    unsigned line_ = 0;

    void sample_mem(xl_dut_out& out) const {
        out.mem_req_valid = mem_req_valid.read();
        out.mem_req_we = mem_req_we.read();
        out.mem_req_addr = static_cast<uint64_t>(mem_req_addr.read());
        out.mem_req_uc = mem_req_uc.read();
        out.mem_rsp_ready = mem_rsp_ready.read();
        if (out.mem_req_valid && out.mem_req_we) {
            uint32_t w[kWords] = {0};
            get_words(mem_req_wdata.read(), w, kWords);
            unsigned n = line_ ? line_ : line_bytes();
            std::memcpy(out.mem_req_wdata, w, n);
            uint32_t b[kWords] = {0};
            get_words(mem_req_be.read(), b, kWords);
            for (unsigned i = 0; i < n; i++) out.mem_req_be[i] = (b[i / 32] >> (i % 32)) & 1u;
        }
    }

    void drive_memory() {
        xl_memsim_drive(ms_, mem_cycle_, &mem_in_);
        mem_req_ready.write(mem_in_.mem_req_ready);
        mem_rsp_valid.write(mem_in_.mem_rsp_valid);
        if (mem_in_.mem_rsp_valid) put_line(mem_in_.mem_rsp_rdata);
    }

    // At the rising edge: the pre-edge outputs are what the signals hold.
    void on_posedge() {
        edges_++;
        if (!ms_) return;
        char why[200];
        sample_mem(mem_out_);
        if (xl_memsim_observe(ms_, mem_cycle_, &mem_out_, why, sizeof why) != 0 && err_ && err_len_ &&
            err_[0] == '\0') {
            std::snprintf(err_, err_len_, "%s", why);
        }
        mem_cycle_++;
        drive_memory();
    }
};

}  // namespace xlsc

#endif
