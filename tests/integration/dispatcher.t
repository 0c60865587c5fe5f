#!/bin/bash
# The reco dispatcher: table of commands, help, version, unknown commands,
# exit codes, and French messages through gettext.
. "$(dirname "$0")/lib.sh"

run "$RECO" --version
is "$status" 0 "--version exits 0"
like "$out" "^reco [0-9]+\.[0-9]+\.[0-9]+$" "--version prints the version"
# one source for the version: the top entry of debian/changelog
want=$(dpkg-parsechangelog -l "$TESTS_DIR/../debian/changelog" -S Version 2>/dev/null ||
	sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$TESTS_DIR/../debian/changelog")
is "$out" "reco $want" "--version is debian/changelog's version"
for b in "$RECO_BUILD"/bin/reco-*; do
	run "$b" --version
	is "$out" "reco ${b##*/reco-} $want" "${b##*/} --version is debian/changelog's version"
done

run "$RECO" --help
is "$status" 0 "--help exits 0"
like "$out" "inventory" "--help lists inventory"
like "$out" "Exit status:" "--help documents exit codes"

run "$RECO" help
is "$status" 0 "reco help exits 0"

run "$RECO" frobnicate
is "$status" 2 "unknown command exits 2"
is "$err" "reco: 'frobnicate' is not a reco command. See 'reco help'.
Try 'reco --help' for more information." "unknown command: one clear message"

run "$RECO"
is "$status" 2 "no command exits 2"

run "$RECO" --bogus
is "$status" 2 "unknown option exits 2"

run "$RECO" inventory --help
is "$status" 0 "reco inventory --help runs reco-inventory"
like "$out" "Usage: reco inventory" "reco inventory --help shows its usage"

run "$RECO" help inventory
is "$status" 0 "reco help inventory"
like "$out" "Usage: reco inventory" "reco help inventory shows its usage"

run env RECO_EXEC_PATH=/nonexistent "$RECO" inventory
is "$status" 3 "a command whose program is missing exits 3"
like "$err" "reco-inventory not found" "missing program is named"

run env LANG=fr_FR.UTF-8 "$RECO" frobnicate
is "$status" 2 "French: unknown command exits 2"
like "$err" "n'est pas une commande de reco" "LANG=fr_FR.UTF-8 gives French messages"

run env LANG=fr_FR.UTF-8 "$RECO" --help
like "$out" "Utilisation" "French --help"

done_testing
