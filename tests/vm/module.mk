# tests/vm/module.mk — the QEMU VM scenarios (tests/vm/README in the top
# README, section "VM tests").  `make vm-check` alone; `make check` runs it.
.PHONY: vm-check vm-initramfs
# Module files are read before the top-level `all` rule: keep it the default.
.DEFAULT_GOAL := all
vm-initramfs: all
	tests/vm/build-initramfs --build $(BUILD)

vm-check: all
	tests/vm/run-all --build $(abspath $(BUILD))

CHECKS += vm-check

# Test-only: the function parts' measurements printed as JSON in the guest
# (tests/vm/fn-probe.c), until reco diag --only runs them (issue 15 first).
# (prerequisites are expanded here, before the Makefile defines TOOL_ARCHIVES)
$(BUILD)/vm/fn-probe: tests/vm/fn-probe.c $(TOOLS:%=$(LIBDIR)/lib%.a) $(LIBDIR)/libreco.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -Wl,--start-group $(TOOL_ARCHIVES) $(LIBRECO) -Wl,--end-group $(LIBS)
