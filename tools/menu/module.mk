TOOLS += menu
PKGS  += ncursesw
# the diagnosis texts are rendered from diag.json codes by reco diag's tables
menu_DEPS := diag
