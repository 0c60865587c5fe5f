TOOLS += keys
PKGS  += libcrypto
