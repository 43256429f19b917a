// xl_repl -- replacement policy of one set: tree pseudo-LRU, or true LRU
// (age matrix) for at most 4 ways.  Purely combinational.
//
// Encodings (cmodel/include/xlate/repl.h, docs/architecture.md section 7):
//  - PLRU: Ways-1 bits in heap order, node n in bit n-1, node 1 the root;
//    0 sends the victim search to the lower half.  Touching way w makes
//    every node on w's path point away from w.
//  - LRU: bit i*Ways+j set means way i was used after way j.  Touching w
//    sets row w and clears column w; the victim is the lowest way whose row
//    is clear.
module xl_repl #(
  parameter int unsigned Ways = 4,
  parameter int unsigned Lru  = 0,
  localparam int unsigned WayW   = (Ways > 1) ? $clog2(Ways) : 1,
  localparam int unsigned StateW = (Lru != 0) ? Ways * Ways : ((Ways > 1) ? Ways - 1 : 1)
) (
  input  logic [StateW-1:0] state_i,
  input  logic [WayW-1:0]   touch_way_i,
  output logic [StateW-1:0] touched_o,    // state after touching touch_way_i
  output logic [WayW-1:0]   victim_o      // the way the policy evicts next
);
  localparam int unsigned Depth = (Ways > 1) ? $clog2(Ways) : 1;

  if (Ways == 1) begin : g_one
    assign touched_o = state_i;
    assign victim_o  = '0;
    logic unused_in;
    assign unused_in = ^{state_i, touch_way_i};
  end else if (Lru != 0) begin : g_lru
    always_comb begin
      touched_o = state_i;
      for (int unsigned j = 0; j < Ways; j++) begin
        if (j[WayW-1:0] != touch_way_i) begin
          touched_o[32'(touch_way_i) * Ways + j] = 1'b1;
          touched_o[j * Ways + 32'(touch_way_i)] = 1'b0;
        end
      end
    end
    always_comb begin
      logic found;
      victim_o = '0;
      found = 1'b0;
      for (int unsigned i = 0; i < Ways; i++) begin
        logic clear;
        clear = 1'b1;
        for (int unsigned j = 0; j < Ways; j++) begin
          if (i != j && state_i[i * Ways + j]) clear = 1'b0;
        end
        if (clear && !found) begin
          victim_o = i[WayW-1:0];
          found = 1'b1;
        end
      end
    end
  end else begin : g_plru
    // Touch: for each tree depth d, the node on the path is
    // (way + Ways) >> (Depth - d), and its bit points away from the child.
    always_comb begin
      touched_o = state_i;
      for (int unsigned d = 0; d < Depth; d++) begin
        int unsigned node;
        node = (32'(touch_way_i) + Ways) >> (Depth - d);
        // The child taken below `node` is bit (Depth-d-1) of the way.
        touched_o[node - 1] = ~touch_way_i[Depth - d - 1];
      end
    end
    always_comb begin
      int unsigned node;
      node = 1;
      for (int unsigned d = 0; d < Depth; d++) begin
        node = 2 * node + 32'(state_i[node - 1]);
      end
      victim_o = WayW'(node - Ways);
    end
  end
endmodule
