// A plain TLM-2.0 memory target for the example platform and the tests:
// sparse storage (4 KiB frames on first write, zero elsewhere), a size
// beyond which accesses fail with TLM_ADDRESS_ERROR_RESPONSE, fixed read /
// write latencies added to the annotated delay (loosely timed, no wait()),
// and debug transport for backdoor loading.
#ifndef XLATE_PLATFORM_MEMORY_H
#define XLATE_PLATFORM_MEMORY_H

#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

/** Sparse byte storage: 4 KiB frames allocated on first write, zero elsewhere. */
class xlate_sparse_image {
  public:
    void read(uint64_t a, uint8_t* d, size_t n) const {
        for (size_t i = 0; i < n; i++) {
            auto it = frames_.find((a + i) >> 12);
            d[i] = it == frames_.end() ? 0 : it->second[(a + i) & 0xfff];
        }
    }
    void write(uint64_t a, const uint8_t* d, size_t n) {
        for (size_t i = 0; i < n; i++) frames_.try_emplace((a + i) >> 12).first->second[(a + i) & 0xfff] = d[i];
    }

  private:
    std::unordered_map<uint64_t, std::array<uint8_t, 4096>> frames_;
};

class xlate_memory : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<xlate_memory> tsock;

    xlate_memory(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time read_latency,
                 sc_core::sc_time write_latency)
        : sc_core::sc_module(name), tsock("tsock"), size_(size), rlat_(read_latency), wlat_(write_latency) {
        tsock.register_b_transport(this, &xlate_memory::b_transport);
        tsock.register_transport_dbg(this, &xlate_memory::transport_dbg);
    }

    uint64_t reads = 0, writes = 0;  ///< transactions served

    /** Backdoor access to the contents. */
    void read(uint64_t a, uint8_t* d, size_t n) const { img_.read(a, d, n); }
    void write(uint64_t a, const uint8_t* d, size_t n) { img_.write(a, d, n); }

  private:
    uint64_t size_;
    sc_core::sc_time rlat_, wlat_;
    xlate_sparse_image img_;

    bool in_range(uint64_t a, unsigned n) const { return a < size_ && n <= size_ - a; }

    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
        uint64_t a = p.get_address();
        unsigned n = p.get_data_length();
        if (p.get_byte_enable_ptr() != nullptr) {
            p.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
            return;
        }
        if (!in_range(a, n) || p.get_streaming_width() < n) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (p.is_read()) {
            read(a, p.get_data_ptr(), n);
            delay += rlat_;
            reads++;
        } else if (p.is_write()) {
            write(a, p.get_data_ptr(), n);
            delay += wlat_;
            writes++;
        }
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload& p) {
        uint64_t a = p.get_address();
        unsigned n = p.get_data_length();
        if (!in_range(a, n)) return 0;
        if (p.is_read())
            read(a, p.get_data_ptr(), n);
        else if (p.is_write())
            write(a, p.get_data_ptr(), n);
        p.set_response_status(tlm::TLM_OK_RESPONSE);
        return n;
    }
};

#endif
