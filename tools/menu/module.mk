TOOLS += menu
PKGS  += ncursesw
