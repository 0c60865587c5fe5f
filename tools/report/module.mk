TOOLS += report
# the diagnostic texts are rendered from diag.json codes by reco diag's tables
report_DEPS := diag
PKGS  += libcrypto cairo pangocairo libqrencode

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
