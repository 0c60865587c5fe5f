TOOLS += inventory
PKGS  += blkid libpci libcrypto
