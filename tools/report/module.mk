TOOLS += report
PKGS  += libcrypto cairo pangocairo libqrencode
