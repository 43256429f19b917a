/* The memory behind the RTL's memory port (memsim.h). */
#include "memsim.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int xl_memsim_init(xl_memsim *m, unsigned line, const xl_memsim_opts *o, uint64_t seed)
{
    memset(m, 0, sizeof *m);
    m->line = line;
    m->o = *o;
    if (m->o.lat_max < m->o.lat_min)
        m->o.lat_max = m->o.lat_min;
    if (m->o.bp_pct > 90)
        m->o.bp_pct = 90;
    xl_rng_seed(&m->rng, seed, 0x6d656d);
    return xl_mem_init(&m->mem);
}

void xl_memsim_free(xl_memsim *m)
{
    xl_mem_free(&m->mem);
}

void xl_memsim_drive(xl_memsim *m, uint64_t cycle, xl_dut_in *in)
{
    bool stall = m->o.bp_pct && xl_rng_pct(&m->rng, m->o.bp_pct);
    m->req_ready = m->count < XL_MEMSIM_QUEUE && !stall;
    m->rsp_valid = false;
    if (m->count > 0 && m->q[m->head].due <= cycle) {
        if (m->o.bp_pct && xl_rng_pct(&m->rng, m->o.bp_pct)) {
            m->rsp_stalls++;
        } else {
            m->rsp_valid = true;
            memcpy(in->mem_rsp_rdata, m->q[m->head].data, m->line);
        }
    }
    in->mem_req_ready = m->req_ready;
    in->mem_rsp_valid = m->rsp_valid;
}

int xl_memsim_observe(xl_memsim *m, uint64_t cycle, const xl_dut_out *out, char *why, unsigned len)
{
    if (m->rsp_valid && out->mem_rsp_ready) {
        m->head = (m->head + 1) % XL_MEMSIM_QUEUE;
        m->count--;
    }
    if (out->mem_req_valid && !m->req_ready)
        m->req_stalls++;
    if (out->mem_req_valid && m->req_ready) {
        uint64_t a = out->mem_req_addr;
        if (a % m->line) {
            snprintf(why, len, "memory request at 0x%" PRIx64 " is not line-aligned", a);
            return -1;
        }
        if (out->mem_req_we) {
            /* a write-back writes the whole line; an uncached store its byte enables */
            for (unsigned i = 0; i < m->line; i++) {
                if (!out->mem_req_be[i] && !out->mem_req_uc) {
                    snprintf(why, len, "write-back at 0x%" PRIx64 " without every byte enable (byte %u off)", a, i);
                    return -1;
                }
                if (out->mem_req_be[i] && xl_mem_write(&m->mem, a + i, &out->mem_req_wdata[i], 1) != 0) {
                    snprintf(why, len, "host out of memory");
                    return -1;
                }
            }
            m->writes++;
            m->uc_writes += out->mem_req_uc;
        } else {
            unsigned slot = (m->head + m->count) % XL_MEMSIM_QUEUE;
            unsigned lat = m->o.lat_min;
            if (m->o.lat_max > m->o.lat_min)
                lat += (unsigned)xl_rng_below(&m->rng, m->o.lat_max - m->o.lat_min + 1);
            xl_mem_read(&m->mem, a, m->q[slot].data, m->line);
            m->q[slot].due = cycle + lat;
            m->count++;
            m->reads++;
            m->uc_reads += out->mem_req_uc;
        }
    }
    return 0;
}

bool xl_memsim_idle(const xl_memsim *m)
{
    return m->count == 0;
}
