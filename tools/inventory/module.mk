TOOLS += inventory
PKGS  += blkid libpci
