TOOLS += wipe
PKGS  += blkid libcrypto libnvme
# libparted: headers only; label.c opens the library with dlopen()

# make bench: reco wipe against dd and nwipe (contrib/bench/wipe.sh)
BENCHES += bench-wipe
.PHONY: bench-wipe
bench-wipe: all
	contrib/bench/wipe.sh
