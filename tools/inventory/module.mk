TOOLS += inventory
PKGS  += blkid libpci libcrypto

# make bench: reco inventory beside lshw -json and dmidecode (contrib/bench/inventory.sh)
BENCHES += bench-inventory
.PHONY: bench-inventory
bench-inventory: all
	contrib/bench/inventory.sh
