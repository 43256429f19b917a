# Read after Verilator's generated makefile (make -f Vxl_mmu.mk -f this):
# archives the Verilated model and the Verilator runtime objects it needs
# (verilated.o, verilated_threads.o, and the FST writer in a tracing build)
# into one library, so that several SystemC programs link one verilation.
libxl_mmu_sc.a: $(VK_OBJS) $(VK_GLOBAL_OBJS)
	rm -f $@ && $(AR) rcs $@ $^
