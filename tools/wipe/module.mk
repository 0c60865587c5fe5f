TOOLS += wipe
PKGS  += blkid libcrypto libnvme
# libparted: headers only; label.c opens the library with dlopen()

# make bench: reco wipe against dd and nwipe (contrib/bench/wipe.sh).
# Module files are read before the top-level `all` rule: without this, the
# first rule below would become what a plain `make` builds.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := all
endif
BENCHES += bench-wipe
.PHONY: bench-wipe
bench-wipe: all
	contrib/bench/wipe.sh
