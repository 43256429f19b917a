// xl_ptw -- the page-table walker (cmodel/src/mmu.c xl_mmu_walk).
//
// One walk at a time.  Each level: bus check of the PTE address, one read
// through the cache's walker port, decode and legality checks
// (xl_pte_decode), permission fold; x86 with hardware A/D also writes A
// into each non-leaf entry it uses.  At the leaf: permission check
// (xl_perm_check, under the translation controls), then A/D: a fault or a
// read-modify-write through the cache.  RISC-V takes the choice from the
// ADUE control (Svadu), the other formats from AdPolicy (0 = hardware
// update, 1 = fault).  The controls, PKRU and EFLAGS.AC are latched with
// the request.  The result is held on done_* for the one cycle done_o is
// high.
//
// Timing: 2 cycles per level when the PTE hits in the cache (request, then
// response and decode), plus 2 per A/D write, plus 1 for the result.
module xl_ptw #(
  parameter int unsigned Format     = xl_pkg::FmtX86,
  parameter int unsigned VaBits     = 48,
  parameter int unsigned PaBits     = 52,
  parameter int unsigned PageBits   = 12,
  parameter int unsigned Levels     = 4,
  parameter logic [24:0] LevelBits  = {5'd0, 5'd9, 5'd9, 5'd9, 5'd9},
  parameter logic [4:0]  LeafLevels = 5'b00111,
  parameter int unsigned AsidBits   = 12,
  parameter int unsigned AdPolicy   = 0,           // 0 hardware update, 1 fault
  parameter logic [63:0] MemBytes   = 64'h1_0000_0000,
  parameter logic [2:0]  Ext        = 3'b000,       // xl_pkg::Ext* bits (RISC-V)
  localparam int unsigned VpnBits   = VaBits - PageBits,
  localparam int unsigned PpnBits   = PaBits - PageBits,
  localparam int unsigned AsidW     = (AsidBits > 0) ? AsidBits : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // walk request
  input  logic               req_valid_i,
  output logic               req_ready_o,
  input  logic [VpnBits-1:0] req_vpn_i,
  input  logic [2:0]         req_op_i,       // xl_pkg::OpLoad / OpStore / OpFetch
  input  logic               req_priv_u_i,
  input  logic               req_ac_i,       // x86 EFLAGS.AC
  input  logic [7:0]         req_ctl_i,      // translation controls (xl_pkg::Ctl* bits)
  input  logic [31:0]        req_pkru_i,     // x86 PKRU
  input  logic [PpnBits-1:0] req_root_i,
  input  logic [AsidW-1:0]   req_asid_i,
  // walk result (valid while done_o)
  output logic               done_o,
  output logic [3:0]         done_fault_o,
  output logic [2:0]         done_level_o,   // faulting level, or the leaf level
  output logic [2:0]         done_reads_o,   // page-table entries read
  output logic [VpnBits-1:0] done_vpn_o,     // the translation (aligned to its level)
  output logic [PpnBits-1:0] done_ppn_o,
  output logic [5:0]         done_perm_o,
  output logic [3:0]         done_attr_o,    // x86: the leaf's protection key; RISC-V: its PBMT
  output logic               done_napot_o,   // the leaf is a NAPOT (64 KiB) page
  output logic [AsidW-1:0]   done_asid_o,
  // cache walker port
  output logic               c_req_valid_o,
  input  logic               c_req_ready_i,
  output logic               c_req_we_o,
  output logic [PaBits-1:0]  c_req_pa_o,
  output logic [1:0]         c_req_size_o,
  output logic [63:0]        c_req_wdata_o,
  input  logic               c_rsp_valid_i,
  input  logic [63:0]        c_rsp_rdata_i,
  // status
  output logic               idle_o
);
  localparam bit IsX86 = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);
  localparam bit IsRv  = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                         (Format == xl_pkg::FmtSv32) || (Format == xl_pkg::FmtSv57);
  localparam bit IsToy = Format == xl_pkg::FmtToy;
  localparam logic [1:0] PteSize = (IsToy || Format == xl_pkg::FmtSv32) ? 2'd2 : 2'd3;   // log2 bytes
  localparam int unsigned LB0 = 32'(LevelBits[4:0]);
  localparam int unsigned LB1 = 32'(LevelBits[9:5]);
  localparam int unsigned LB2 = 32'(LevelBits[14:10]);
  localparam int unsigned LB3 = 32'(LevelBits[19:15]);
  localparam int unsigned LB4 = 32'(LevelBits[24:20]);
  localparam int unsigned LS1 = LB0;
  localparam int unsigned LS2 = LS1 + LB1;
  localparam int unsigned LS3 = LS2 + LB2;
  localparam int unsigned LS4 = LS3 + LB3;
  // Raw A and D bit positions of the format.
  localparam int unsigned RawA = IsX86 ? 5 : (IsRv ? 6 : 4);
  localparam int unsigned RawD = RawA + 1;
  localparam logic [VpnBits-1:0] VOne = 1;
  localparam logic [PpnBits-1:0] POne = 1;

  typedef enum logic [2:0] { StIdle, StRd, StWaitRd, StWr, StWaitWr, StDone } state_e;

  state_e              state_q, state_d;
  logic [VpnBits-1:0]  vpn_q, vpn_d;
  logic [2:0]          op_q, op_d;
  logic                priv_u_q, priv_u_d;
  logic                ac_q, ac_d;
  logic [7:0]          ctl_q, ctl_d;
  logic [31:0]         pkru_q, pkru_d;
  logic [3:0]          attr_q, attr_d;      // leaf protection key / PBMT
  logic                napot_q, napot_d;    // leaf is a NAPOT page
  logic [AsidW-1:0]    asid_q, asid_d;
  logic [2:0]          level_q, level_d;
  logic [PpnBits-1:0]  table_q, table_d;    // PPN of the table at level_q
  logic [5:0]          perm_q, perm_d;      // running effective permissions
  logic [2:0]          reads_q, reads_d;
  logic [63:0]         wdata_q, wdata_d;    // the A/D write
  logic [PaBits-1:0]   wpa_q, wpa_d;        // ... and its address (the PTE just read)
  logic                leaf_wr_q, leaf_wr_d; // the pending write is the leaf's
  logic [3:0]          fault_q, fault_d;
  logic [PpnBits-1:0]  ppn_q, ppn_d;        // leaf PPN (aligned)

  // ---------------------------------------------------------------- address of the PTE
  // table * page size + idx * PTE size, one bit wider than a PA: the toy
  // format's table (256 x 4 B) is larger than its 64 B page, so the index
  // is added, not ORed, and the sum can run past the PA space (bus fault).
  localparam int unsigned PteSumW = PaBits + 1;
  logic [VpnBits-1:0] idx;
  logic [PteSumW-1:0] pte_sum;
  logic [PaBits-1:0]  pte_pa;
  logic               pte_bus;
  always_comb begin
    unique case (level_q)
      3'd0:    idx = vpn_q & ((VOne << LB0) - VOne);
      3'd1:    idx = (vpn_q >> LS1) & ((VOne << LB1) - VOne);
      3'd2:    idx = (vpn_q >> LS2) & ((VOne << LB2) - VOne);
      3'd3:    idx = (vpn_q >> LS3) & ((VOne << LB3) - VOne);
      default: idx = (vpn_q >> LS4) & ((VOne << LB4) - VOne);
    endcase
    pte_sum = {1'b0, table_q, {PageBits{1'b0}}} + (PteSumW'(idx) << PteSize);
    pte_pa  = pte_sum[PaBits-1:0];
    pte_bus = 64'(pte_sum) >= MemBytes;
  end

  // ---------------------------------------------------------------- decode of the response
  logic [3:0]         dec_fault;
  logic               dec_leaf;
  logic [9:0]         dec_flags;
  logic [3:0]         dec_pkey;
  logic [1:0]         dec_pbmt;
  logic               dec_napot;
  logic [PpnBits-1:0] dec_ppn;

  xl_pte_decode #(
    .Format(Format), .PaBits(PaBits), .PageBits(PageBits), .LevelBits(LevelBits), .LeafLevels(LeafLevels),
    .Ext(Ext)
  ) u_decode (
    .raw_i(c_rsp_rdata_i), .level_i(level_q), .nxe_i(ctl_q[xl_pkg::CtlNxe]),
    .fault_o(dec_fault), .leaf_o(dec_leaf), .flags_o(dec_flags), .pkey_o(dec_pkey), .pbmt_o(dec_pbmt),
    .napot_o(dec_napot), .ppn_o(dec_ppn)
  );

  // Svade / Svadu: a missing A (or D on a store) faults instead of being set.
  logic ad_fault;
  assign ad_fault = IsRv ? !ctl_q[xl_pkg::CtlAdue] : (AdPolicy != 0);

  // Permission fold: x86 ANDs W and U and ORs NX over the levels; RISC-V
  // ORs G over the levels; the leaf brings the rest.
  logic [5:0] folded;
  always_comb begin
    folded = perm_q;
    if (IsX86) begin
      if (!dec_flags[xl_pkg::PfW])  folded[xl_pkg::PermW] = 1'b0;
      if (!dec_flags[xl_pkg::PfU])  folded[xl_pkg::PermU] = 1'b0;
      if (dec_flags[xl_pkg::PfNx])  folded[xl_pkg::PermX] = 1'b0;
      if (dec_leaf) begin
        folded[xl_pkg::PermG] = dec_flags[xl_pkg::PfG];
        folded[xl_pkg::PermD] = dec_flags[xl_pkg::PfD];
      end
    end else if (IsRv) begin
      if (dec_flags[xl_pkg::PfG]) folded[xl_pkg::PermG] = 1'b1;
      if (dec_leaf) begin
        folded[xl_pkg::PermR] = dec_flags[xl_pkg::PfR];
        folded[xl_pkg::PermW] = dec_flags[xl_pkg::PfW];
        folded[xl_pkg::PermX] = dec_flags[xl_pkg::PfX];
        folded[xl_pkg::PermU] = dec_flags[xl_pkg::PfU];
        folded[xl_pkg::PermD] = dec_flags[xl_pkg::PfD];
      end
    end else begin
      if (dec_leaf) begin
        folded[xl_pkg::PermR] = 1'b1;
        folded[xl_pkg::PermW] = dec_flags[xl_pkg::PfW];
        folded[xl_pkg::PermX] = dec_flags[xl_pkg::PfX];
        folded[xl_pkg::PermU] = dec_flags[xl_pkg::PfU];
        folded[xl_pkg::PermG] = dec_flags[xl_pkg::PfG];
        folded[xl_pkg::PermD] = dec_flags[xl_pkg::PfD];
      end
    end
`ifdef XL_BUG_PTW_USER
    folded[xl_pkg::PermU] = 1'b1;  // injected bug (make formal-bugs only): every page is a user page
`endif
  end

  logic [3:0] perm_fault;
  xl_perm_check #(.Format(Format)) u_perm (
    .op_i(op_q), .priv_u_i(priv_u_q), .ac_i(ac_q), .perm_i(folded), .pkey_i(dec_pkey), .ctl_i(ctl_q),
    .pkru_i(pkru_q), .fault_o(perm_fault)
  );

  // Masks of the low VPN / PPN bits a leaf at level_q covers.
  logic [VpnBits-1:0] lvl_vmask;
  logic [PpnBits-1:0] lvl_pmask;
  always_comb begin
    unique case (level_q)
      3'd1:    begin lvl_vmask = (VOne << LS1) - VOne; lvl_pmask = (POne << LS1) - POne; end
      3'd2:    begin lvl_vmask = (VOne << LS2) - VOne; lvl_pmask = (POne << LS2) - POne; end
      3'd3:    begin lvl_vmask = (VOne << LS3) - VOne; lvl_pmask = (POne << LS3) - POne; end
      3'd4:    begin lvl_vmask = (VOne << LS4) - VOne; lvl_pmask = (POne << LS4) - POne; end
      default: begin lvl_vmask = '0; lvl_pmask = '0; end
    endcase
  end

  // ---------------------------------------------------------------- control
  always_comb begin
    logic need_a, need_d;
    state_d   = state_q;
    vpn_d     = vpn_q;
    op_d      = op_q;
    priv_u_d  = priv_u_q;
    ac_d      = ac_q;
    ctl_d     = ctl_q;
    pkru_d    = pkru_q;
    attr_d    = attr_q;
    napot_d   = napot_q;
    asid_d    = asid_q;
    level_d   = level_q;
    table_d   = table_q;
    perm_d    = perm_q;
    reads_d   = reads_q;
    wdata_d   = wdata_q;
    wpa_d     = wpa_q;
    leaf_wr_d = leaf_wr_q;
    fault_d   = fault_q;
    ppn_d     = ppn_q;
    need_a    = !dec_flags[xl_pkg::PfA];
    need_d    = op_q == xl_pkg::OpStore && !dec_flags[xl_pkg::PfD];

    unique case (state_q)
      StIdle: begin
        if (req_valid_i) begin
          vpn_d    = req_vpn_i;
          op_d     = req_op_i;
          priv_u_d = req_priv_u_i;
          ac_d     = req_ac_i;
          ctl_d    = req_ctl_i;
          pkru_d   = req_pkru_i;
          asid_d   = req_asid_i;
          level_d  = 3'(Levels - 1);
          table_d  = req_root_i;
          perm_d   = IsX86 ? 6'b001111 : 6'b000000;   // R W X U allowed on x86
          reads_d  = '0;
          napot_d  = 1'b0;
          fault_d  = xl_pkg::FaultNone;
          state_d  = StRd;
        end
      end
      StRd: begin
        if (pte_bus) begin
          fault_d = xl_pkg::FaultBus;
          state_d = StDone;
        end else if (c_req_ready_i) begin
          state_d = StWaitRd;
        end
      end
      StWaitRd: begin
        if (c_rsp_valid_i) begin
          reads_d = reads_q + 3'd1;
          perm_d  = folded;
          wpa_d   = pte_pa;
          if (dec_fault != xl_pkg::FaultNone) begin
            fault_d = dec_fault;
            state_d = StDone;
`ifdef XL_BUG_PTW_LEVEL
            level_d = level_q - 3'd1;  // injected bug (make formal-bugs only): the level below is reported
`endif
          end else if (!dec_leaf) begin
            table_d = dec_ppn;
            if (IsX86 && AdPolicy == 0 && need_a) begin
              wdata_d   = c_rsp_rdata_i | (64'd1 << RawA);
              leaf_wr_d = 1'b0;
              state_d   = StWr;
            end else begin
              level_d = level_q - 3'd1;
              state_d = StRd;
            end
          end else if (perm_fault != xl_pkg::FaultNone) begin
            fault_d = perm_fault;
            state_d = StDone;
          end else begin
            ppn_d   = dec_ppn & ~lvl_pmask;
            attr_d  = IsX86 ? dec_pkey : {2'b00, dec_pbmt};
            napot_d = dec_napot;
            if (need_a || need_d) begin
              if (ad_fault) begin
                fault_d = xl_pkg::FaultAd;
                state_d = StDone;
              end else begin
                wdata_d   = c_rsp_rdata_i | (64'd1 << RawA) | (need_d ? (64'd1 << RawD) : 64'd0);
                leaf_wr_d = 1'b1;
                if (need_d) perm_d[xl_pkg::PermD] = 1'b1;
                state_d   = StWr;
              end
            end else begin
              state_d = StDone;
            end
          end
        end
      end
      StWr: if (c_req_ready_i) state_d = StWaitWr;
      StWaitWr: begin
        if (c_rsp_valid_i) begin
          if (leaf_wr_q) begin
            state_d = StDone;
          end else begin
            level_d = level_q - 3'd1;
            state_d = StRd;
          end
        end
      end
      StDone: state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_comb begin
    req_ready_o   = state_q == StIdle;
    idle_o        = state_q == StIdle;
    c_req_valid_o = (state_q == StRd && !pte_bus) || state_q == StWr;
    c_req_we_o    = state_q == StWr;
    c_req_pa_o    = (state_q == StWr) ? wpa_q : pte_pa;
    c_req_size_o  = PteSize;
    c_req_wdata_o = wdata_q;
    done_o        = state_q == StDone;
    done_fault_o  = fault_q;
    done_level_o  = level_q;
    done_reads_o  = reads_q;
    done_vpn_o    = vpn_q & ~lvl_vmask & ~(napot_q ? VpnBits'(4'hf) : '0);
    done_ppn_o    = ppn_q;
    done_perm_o   = perm_q;
    done_attr_o   = attr_q;
    done_napot_o  = napot_q;
    done_asid_o   = asid_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      vpn_q     <= '0;
      op_q      <= '0;
      priv_u_q  <= 1'b0;
      ac_q      <= 1'b0;
      ctl_q     <= '0;
      pkru_q    <= '0;
      attr_q    <= '0;
      napot_q   <= 1'b0;
      asid_q    <= '0;
      level_q   <= '0;
      table_q   <= '0;
      perm_q    <= '0;
      reads_q   <= '0;
      wdata_q   <= '0;
      wpa_q     <= '0;
      leaf_wr_q <= 1'b0;
      fault_q   <= '0;
      ppn_q     <= '0;
    end else begin
      state_q   <= state_d;
      vpn_q     <= vpn_d;
      op_q      <= op_d;
      priv_u_q  <= priv_u_d;
      ac_q      <= ac_d;
      ctl_q     <= ctl_d;
      pkru_q    <= pkru_d;
      attr_q    <= attr_d;
      napot_q   <= napot_d;
      asid_q    <= asid_d;
      level_q   <= level_d;
      table_q   <= table_d;
      perm_q    <= perm_d;
      reads_q   <= reads_d;
      wdata_q   <= wdata_d;
      wpa_q     <= wpa_d;
      leaf_wr_q <= leaf_wr_d;
      fault_q   <= fault_d;
      ppn_q     <= ppn_d;
    end
  end
endmodule
