// xl_pkg -- encodings shared by every xlate block and by the C harness.
//
// Only constants live here: yosys 0.23 cannot elaborate package functions,
// and every width that depends on a preset is a module parameter.  The
// values match cmodel/include/xlate/types.h and pte.h.
package xl_pkg;

  // ---- request opcodes (xl_mmu request channel) ----
  localparam logic [2:0] OpLoad  = 3'd0;
  localparam logic [2:0] OpStore = 3'd1;
  localparam logic [2:0] OpFetch = 3'd2;
  localparam logic [2:0] OpInval = 3'd3;
  localparam logic [2:0] OpRoot  = 3'd4;
  localparam logic [2:0] OpCtl   = 3'd5;   // write translation controls
  localparam logic [2:0] OpFence = 3'd6;   // an ordering fence with nothing to do (Svinval)

  // ---- fault causes (xl_fault) ----
  localparam logic [3:0] FaultNone       = 4'd0;
  localparam logic [3:0] FaultAlign      = 4'd1;
  localparam logic [3:0] FaultCanonical  = 4'd2;
  localparam logic [3:0] FaultBus        = 4'd3;
  localparam logic [3:0] FaultNotPresent = 4'd4;
  localparam logic [3:0] FaultReserved   = 4'd5;
  localparam logic [3:0] FaultMisaligned = 4'd6;
  localparam logic [3:0] FaultUser       = 4'd7;
  localparam logic [3:0] FaultSuper      = 4'd8;
  localparam logic [3:0] FaultRead       = 4'd9;
  localparam logic [3:0] FaultWrite      = 4'd10;
  localparam logic [3:0] FaultExec       = 4'd11;
  localparam logic [3:0] FaultAd         = 4'd12;
  localparam logic [3:0] FaultPkey       = 4'd13;

  // Level value meaning "no page-table level".
  localparam logic [2:0] LevelNone = 3'd7;

  // ---- page-table formats (xl_format) ----
  localparam int unsigned FmtX86  = 0;
  localparam int unsigned FmtSv39 = 1;
  localparam int unsigned FmtSv48 = 2;
  localparam int unsigned FmtToy  = 3;
  localparam int unsigned FmtSv32 = 4;
  localparam int unsigned FmtSv57 = 5;
  localparam int unsigned FmtLa57 = 6;

  // ---- RISC-V extensions (xl_config.ext, parameter Ext) ----
  localparam int unsigned ExtSvnapot = 0;
  localparam int unsigned ExtSvpbmt  = 1;
  localparam int unsigned ExtSvinval = 2;

  // ---- Svpbmt memory types (the response's mt) ----
  localparam logic [1:0] MtPma = 2'd0;
  localparam logic [1:0] MtNc  = 2'd1;
  localparam logic [1:0] MtIo  = 2'd2;

  // ---- effective permission bits (XL_PERM_*), 6 bits ----
  localparam int unsigned PermR = 0;
  localparam int unsigned PermW = 1;
  localparam int unsigned PermX = 2;
  localparam int unsigned PermU = 3;
  localparam int unsigned PermG = 4;
  localparam int unsigned PermD = 5;

  // ---- format-neutral PTE flag bits (XL_PF_*), 10 bits used ----
  localparam int unsigned PfP  = 0;
  localparam int unsigned PfR  = 1;
  localparam int unsigned PfW  = 2;
  localparam int unsigned PfX  = 3;
  localparam int unsigned PfU  = 4;
  localparam int unsigned PfG  = 5;
  localparam int unsigned PfA  = 6;
  localparam int unsigned PfD  = 7;
  localparam int unsigned PfNx = 8;
  localparam int unsigned PfPs = 9;

  // ---- translation controls (XL_CTL_*): bit positions in ctl_mask / ctl_val ----
  localparam int unsigned CtlSum  = 0;   // RISC-V sstatus.SUM
  localparam int unsigned CtlMxr  = 1;   // RISC-V sstatus.MXR
  localparam int unsigned CtlAdue = 2;   // RISC-V menvcfg.ADUE (Svadu)
  localparam int unsigned CtlWp   = 3;   // x86 CR0.WP
  localparam int unsigned CtlSmep = 4;   // x86 CR4.SMEP
  localparam int unsigned CtlSmap = 5;   // x86 CR4.SMAP
  localparam int unsigned CtlNxe  = 6;   // x86 IA32_EFER.NXE
  localparam int unsigned CtlPke  = 7;   // x86 CR4.PKE
  localparam int unsigned CtlPkru = 8;   // ctl_mask only: PKRU <= wdata[31:0]

  // ---- debug port targets ----
  localparam logic [2:0] DbgTlb      = 3'd0;  // base TLB entry (set, way)
  localparam logic [2:0] DbgSuper    = 3'd1;  // superpage entry (way)
  localparam logic [2:0] DbgTlbRepl  = 3'd2;  // base TLB replacement state (set)
  localparam logic [2:0] DbgSupRepl  = 3'd3;  // superpage replacement state
  localparam logic [2:0] DbgCacheTag = 3'd4;  // {valid, dirty, tag} (set, way)
  localparam logic [2:0] DbgCacheDat = 3'd5;  // line data (set, way)
  localparam logic [2:0] DbgCacheRep = 3'd6;  // cache PLRU state (set)
  localparam logic [2:0] DbgRegs     = 3'd7;  // {pkru, ctl, asid, root_ppn}

  // ---- the MMU request (fixed widths; unused high bits must be zero) ----
  typedef struct packed {
    logic [2:0]  op;           // OpLoad .. OpCtl
    logic        priv_u;       // 1 = user
    logic [1:0]  size_log2;    // access size: 1 << size_log2 bytes
    logic        ac;           // access: x86 EFLAGS.AC (lifts SMAP for a supervisor data access)
    logic [63:0] va;           // access / invalidation address
    logic [63:0] wdata;        // store data (low bytes); OpCtl: PKRU in [31:0]
    logic [43:0] ppn;          // OpRoot: root page-table PPN
    logic [15:0] asid;         // OpRoot: new ASID; OpInval: ASID selector
    logic        match_va;     // OpInval selectors (DESIGN.md section 2)
    logic        match_asid;
    logic        keep_global;
    logic        flush;        // OpRoot: apply the x86 MOV CR3 invalidation
    logic [8:0]  ctl_mask;     // OpCtl: the controls written (Ctl* bits)
    logic [7:0]  ctl_val;      // OpCtl: their values
  } mmu_req_t;

  // ---- the MMU response ----
  typedef struct packed {
    logic [3:0]  fault;        // FaultNone .. FaultPkey
    logic [2:0]  level;        // faulting level, LevelNone if none
    logic [63:0] pa;           // physical address (0 on a fault)
    logic [63:0] rdata;        // load / fetch data, zero-extended
    logic        tlb_hit;      // translated by the TLB without a walk
    logic        cache_hit;    // the data access hit in the L1D
    logic [2:0]  walk_reads;   // page-table entries read
    logic [1:0]  mt;           // Svpbmt memory type of the translation (MtPma when none)
  } mmu_rsp_t;

endpackage
