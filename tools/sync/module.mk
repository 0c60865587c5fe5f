TOOLS += sync
PKGS  += libcurl
