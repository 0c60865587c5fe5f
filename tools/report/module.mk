TOOLS += report
# the diagnostic texts are rendered from diag.json codes by reco diag's tables
report_DEPS := diag
PKGS  += libcrypto cairo pangocairo libqrencode
# a clock before the sources' date cannot be right (clock.c refuses to seal).
# The sources' date: $SOURCE_DATE_EPOCH (dpkg-buildpackage sets it from
# debian/changelog, contrib/build-debs from the last commit), else the last
# commit, else the date of debian/changelog's top entry (a tarball without
# git): never 0, which would let any clock pass.
RECO_BUILD_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null),$(shell \
	date -d "$$(sed -n 's/^ -- .*>  //p' debian/changelog | head -n 1)" +%s 2>/dev/null))
ifeq ($(RECO_BUILD_EPOCH),)
$(error no date for the sources: set SOURCE_DATE_EPOCH, or build from git or with debian/changelog)
endif
$(OBJ)/tools/report/clock.o: ALL_CFLAGS += -DRECO_BUILD_EPOCH=$(RECO_BUILD_EPOCH)LL

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
