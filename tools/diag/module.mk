TOOLS += diag
PKGS  += jansson
# the function parts: nl80211 (libnl-genl), ALSA; wpa_supplicant's control
# interface comes as a static library without a pkg-config file
PKGS  += libnl-genl-3.0 alsa
# the guided tests: input devices (libevdev), the screen through KMS (libdrm),
# the text face (ncursesw, as reco menu)
PKGS  += libevdev libdrm ncursesw
EXTRA_LIBS += -lwpa_client
# main.c takes the device id from the inventory when no session is given;
# disks.c asks reco wipe's safety check which disk is the boot medium.
diag_DEPS := inventory wipe

# Benchmark: reco diag's RAM profiles against memtester and the machine's own
# memory bandwidth, and the CPU workers' per-thread rate (contrib/bench/diag.sh).
# (rules in a module.mk come before the Makefile's own: keep `all` the default)
.DEFAULT_GOAL := all
BENCHES += bench-diag
.PHONY: bench-diag
bench-diag: all
	RECO_BUILD=$(abspath $(BUILD)) contrib/bench/diag.sh
