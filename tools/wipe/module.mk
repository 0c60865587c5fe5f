TOOLS += wipe
PKGS  += blkid libparted libcrypto
