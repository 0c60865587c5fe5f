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

