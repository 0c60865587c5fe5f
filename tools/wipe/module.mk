TOOLS += wipe
PKGS  += blkid libparted libcrypto libnvme

# make bench: reco wipe against dd and nwipe (contrib/bench/wipe.sh)
BENCHES += bench-wipe
.PHONY: bench-wipe
bench-wipe: all
	contrib/bench/wipe.sh
