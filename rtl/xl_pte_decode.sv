// xl_pte_decode -- decode one page-table entry read at a given level and
// apply the format's legality checks (cmodel/src/pte.c xl_pte_decode).
// Purely combinational.
//
// fault_o is FaultNone, FaultNotPresent, FaultReserved or FaultMisaligned.
// flags_o uses the format-neutral XL_PF_* bit numbers (xl_pkg::Pf*).
// x86 (x86_64, la57): with nxe_i low (IA32_EFER.NXE = 0) bit 63 is
// reserved; pkey_o is the protection key, bits 62:59.  RISC-V RV64 (sv39,
// sv48, sv57): with Svpbmt (Ext) pbmt_o is bits 62:61 (3 reserved, non-zero
// in a pointer reserved), with Svnapot napot_o is bit 63 on a level-0 leaf
// whose ppn[3:0] is 1000 (ppn_o then aligned to 64 KiB; N elsewhere, or
// another encoding, reserved); without them those bits are reserved like
// 60:54.  Sv32 entries are 4 bytes with a 22-bit PPN.
module xl_pte_decode #(
  parameter int unsigned Format     = xl_pkg::FmtX86,
  parameter int unsigned PaBits     = 52,
  parameter int unsigned PageBits   = 12,
  parameter logic [24:0] LevelBits  = {5'd0, 5'd9, 5'd9, 5'd9, 5'd9},  // 5 bits per level, level 0 lowest
  parameter logic [4:0]  LeafLevels = 5'b00111,
  parameter logic [2:0]  Ext        = 3'b000,   // xl_pkg::Ext* bits
  localparam int unsigned PpnBits   = PaBits - PageBits
) (
  input  logic [63:0]        raw_i,
  input  logic [2:0]         level_i,
  input  logic               nxe_i,
  output logic [3:0]         fault_o,
  output logic               leaf_o,
  output logic [9:0]         flags_o,
  output logic [3:0]         pkey_o,
  output logic [1:0]         pbmt_o,
  output logic               napot_o,
  output logic [PpnBits-1:0] ppn_o
);
  localparam bit IsX86  = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);
  localparam bit IsRv64 = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                          (Format == xl_pkg::FmtSv57);
  localparam bit IsSv32 = Format == xl_pkg::FmtSv32;
  localparam bit Napot  = IsRv64 && Ext[xl_pkg::ExtSvnapot];
  localparam bit Pbmt   = IsRv64 && Ext[xl_pkg::ExtSvpbmt];
  localparam int unsigned LS1 = 32'(LevelBits[4:0]);
  localparam int unsigned LS2 = LS1 + 32'(LevelBits[9:5]);
  localparam int unsigned LS3 = LS2 + 32'(LevelBits[14:10]);
  localparam int unsigned LS4 = LS3 + 32'(LevelBits[19:15]);
  // A NAPOT leaf's PPN with ppn[3:0] cleared (written without a cast: yosys
  // 0.23 reads `~N'(x)` as `(~N)'(x)`).
  localparam logic [PpnBits-1:0] NapotPpnMask = {PpnBits{1'b1}} << 4;

  // Mask of the low PPN bits a leaf at `level` must leave clear.
  logic [63:0] lvl_mask;
  logic        leaf_ok;  // the preset allows a leaf at this level
  always_comb begin
    lvl_mask = '0;
    unique case (level_i)
      3'd1:    lvl_mask = (64'd1 << LS1) - 64'd1;
      3'd2:    lvl_mask = (64'd1 << LS2) - 64'd1;
      3'd3:    lvl_mask = (64'd1 << LS3) - 64'd1;
      3'd4:    lvl_mask = (64'd1 << LS4) - 64'd1;
      default: lvl_mask = '0;
    endcase
    leaf_ok = (level_i <= 3'd4) ? LeafLevels[level_i] : 1'b0;
  end
  logic unused_lvl_mask;
  assign unused_lvl_mask = ^lvl_mask;

  if (IsX86) begin : g_x86
    logic [63:0] ppn_field;
    logic        ps;
    logic        unused_x86;
    assign unused_x86 = ^{ppn_field[63:PpnBits], raw_i[58:52], raw_i[11:9], raw_i[4:3]};
    always_comb begin
      flags_o = '0;
      flags_o[xl_pkg::PfP]  = raw_i[0];
      flags_o[xl_pkg::PfW]  = raw_i[1];
      flags_o[xl_pkg::PfU]  = raw_i[2];
      flags_o[xl_pkg::PfA]  = raw_i[5];
      flags_o[xl_pkg::PfD]  = raw_i[6];
      flags_o[xl_pkg::PfPs] = raw_i[7];
      flags_o[xl_pkg::PfG]  = raw_i[8];
      flags_o[xl_pkg::PfNx] = raw_i[63];
      pkey_o    = raw_i[62:59];
      pbmt_o    = '0;
      napot_o   = 1'b0;
      ps        = raw_i[7];
      ppn_field = {12'd0, raw_i[63:12]};
      leaf_o    = (level_i == 3'd0) || ps;
      fault_o   = xl_pkg::FaultNone;
      if (!raw_i[0]) begin
        fault_o = xl_pkg::FaultNotPresent;
      end else if ((raw_i[51:0] >> PaBits) != '0) begin
        fault_o = xl_pkg::FaultReserved;     // address bits at or above MAXPHYADDR
      end else if (raw_i[63] && !nxe_i) begin
        fault_o = xl_pkg::FaultReserved;     // XD with EFER.NXE = 0
      end else if (level_i != 3'd0 && ps) begin
        if (!leaf_ok) begin
          fault_o = xl_pkg::FaultReserved;   // PS in a PML4E / PML5E, or an unsupported size
        end else if (((raw_i >> 13) & (lvl_mask >> 1)) != '0) begin
          fault_o = xl_pkg::FaultReserved;   // large-page bits 12+shift-1 .. 13
        end
      end
      ppn_o = ppn_field[PpnBits-1:0];
      if (level_i != 3'd0 && ps) begin
        ppn_o = ppn_field[PpnBits-1:0] & ~lvl_mask[PpnBits-1:0];  // bit 12 is PAT
      end
    end
  end else if (IsRv64 || IsSv32) begin : g_rv
    logic [43:0] ppn44;
    logic        n_bit;
    logic [1:0]  pbmt;
    logic        napot_bad, ptr_pbmt_bad;
    logic        unused_rv;
    assign unused_rv = ^{raw_i[9:8], nxe_i};
    always_comb begin
      flags_o = '0;
      flags_o[xl_pkg::PfP] = raw_i[0];
      flags_o[xl_pkg::PfR] = raw_i[1];
      flags_o[xl_pkg::PfW] = raw_i[2];
      flags_o[xl_pkg::PfX] = raw_i[3];
      flags_o[xl_pkg::PfU] = raw_i[4];
      flags_o[xl_pkg::PfG] = raw_i[5];
      flags_o[xl_pkg::PfA] = raw_i[6];
      flags_o[xl_pkg::PfD] = raw_i[7];
      pkey_o  = '0;
      ppn44   = IsSv32 ? {22'd0, raw_i[31:10]} : raw_i[53:10];
      n_bit   = IsRv64 && raw_i[63];
      pbmt    = IsRv64 ? raw_i[62:61] : 2'd0;
      pbmt_o  = pbmt;
      napot_o = 1'b0;
      ppn_o   = ppn44[PpnBits-1:0];
      leaf_o  = raw_i[1] || raw_i[3];
      fault_o = xl_pkg::FaultNone;
      napot_bad    = level_i != 3'd0 || ppn44[3:0] != 4'b1000;
      ptr_pbmt_bad = pbmt != 2'd0;
`ifdef XL_BUG_PTW_NAPOT
      napot_bad    = ppn44[3:0] != 4'b1000;  // injected bug (make formal-bugs only): NAPOT at any level
`endif
`ifdef XL_BUG_PTW_PBMT
      ptr_pbmt_bad = 1'b0;  // injected bug (make formal-bugs only): PBMT in a pointer accepted
`endif
      if (!raw_i[0]) begin
        fault_o = xl_pkg::FaultNotPresent;
      end else if (IsRv64 && (raw_i[60:54] != '0 || (n_bit && !Napot) || (pbmt != 2'd0 && !Pbmt))) begin
        fault_o = xl_pkg::FaultReserved;     // reserved bits; N / PBMT without the extension
      end else if (pbmt == 2'd3) begin
        fault_o = xl_pkg::FaultReserved;     // PBMT = 3
      end else if (raw_i[2] && !raw_i[1]) begin
        fault_o = xl_pkg::FaultReserved;     // W without R
      end else if ((ppn44 >> PpnBits) != '0) begin
        fault_o = xl_pkg::FaultReserved;
      end else if (leaf_o) begin
        if (!leaf_ok) begin
          fault_o = xl_pkg::FaultReserved;
        end else if (n_bit) begin
          if (napot_bad) begin
            fault_o = xl_pkg::FaultReserved; // NAPOT: only 64 KiB at level 0
          end else begin
            napot_o = 1'b1;
            ppn_o   = ppn44[PpnBits-1:0] & NapotPpnMask;
          end
        end else if ((ppn44 & lvl_mask[43:0]) != '0) begin
          fault_o = xl_pkg::FaultMisaligned;
        end
      end else if (level_i == 3'd0) begin
        fault_o = xl_pkg::FaultReserved;     // pointer at the last level
      end else if (raw_i[6] || raw_i[7] || raw_i[4]) begin
        fault_o = xl_pkg::FaultReserved;     // non-leaf with A, D or U
      end else if (n_bit || ptr_pbmt_bad) begin
        fault_o = xl_pkg::FaultReserved;     // N or PBMT in a pointer
      end
    end
    if (IsSv32) begin : g_sv32
      logic unused_hi;
      assign unused_hi = ^raw_i[63:32];
    end
  end else begin : g_toy
    logic [23:0] ppn24;
    logic        l_bit;
    always_comb begin
      flags_o = '0;
      flags_o[xl_pkg::PfP]  = raw_i[0];
      flags_o[xl_pkg::PfW]  = raw_i[1];
      flags_o[xl_pkg::PfU]  = raw_i[2];
      flags_o[xl_pkg::PfX]  = raw_i[3];
      flags_o[xl_pkg::PfA]  = raw_i[4];
      flags_o[xl_pkg::PfD]  = raw_i[5];
      flags_o[xl_pkg::PfG]  = raw_i[6];
      flags_o[xl_pkg::PfPs] = raw_i[7];
      pkey_o  = '0;
      pbmt_o  = '0;
      napot_o = 1'b0;
      l_bit   = raw_i[7];
      ppn24   = raw_i[31:8];
      ppn_o   = ppn24[PpnBits-1:0];
      leaf_o  = (level_i == 3'd0) || l_bit;
      fault_o = xl_pkg::FaultNone;
      if (!raw_i[0]) begin
        fault_o = xl_pkg::FaultNotPresent;
      end else if ((ppn24 >> PpnBits) != '0) begin
        fault_o = xl_pkg::FaultReserved;
      end else if (level_i == 3'd0) begin
        if (l_bit) fault_o = xl_pkg::FaultReserved;
      end else if (l_bit) begin
        if (!leaf_ok) begin
          fault_o = xl_pkg::FaultReserved;
        end else if ((ppn24 & lvl_mask[23:0]) != '0) begin
          fault_o = xl_pkg::FaultMisaligned;
        end
      end
    end
    logic unused_raw;
    assign unused_raw = ^{raw_i[63:32], nxe_i};
  end
endmodule
