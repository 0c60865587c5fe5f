TOOLS += report
# the diagnostic texts are rendered from diag.json codes by reco diag's tables
report_DEPS := diag
PKGS  += libcrypto cairo pangocairo libqrencode
# a clock before the sources' date cannot be right (clock.c refuses to seal)
RECO_BUILD_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
$(OBJ)/tools/report/clock.o: ALL_CFLAGS += -DRECO_BUILD_EPOCH=$(or $(RECO_BUILD_EPOCH),0)LL

# `make examples` regenerates the signed example reports in reports/examples/
# (committed; tests/integration/report-examples.t verifies them).
# module.mk files are read before the top-level `all:` rule, so a rule here
# would become make's default goal: keep `all` the default.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := all
endif
.PHONY: examples
examples: all
	RECO_BUILD=$(abspath $(BUILD)) reports/make-examples.sh

# `make bench`: reco report verify next to the openssl commands of reports/README.md.
BENCHES += bench-report
.PHONY: bench-report
bench-report: all
	RECO_BUILD=$(abspath $(BUILD)) contrib/bench/report.sh
