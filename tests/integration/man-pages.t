#!/bin/bash
# Man pages (man/*.scd, built by `make` into build/man/ with scdoc) against
# the programs: every option a command's --help shows (and the --help of
# each of its subcommands) must be an entry of its page, written in bold as
# scdoc does (*--option*); every command has a page with the sections the
# README promises; `man --warnings` and `lexgrog` have nothing to say.
#
# To add an option to a man page: an entry under OPTIONS (or the section of
# its subcommand) in man/reco-<command>.<section>.scd:
#     *--new-option* _VALUE_
#     <TAB>What it does (default ...).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/help-lib.sh"

TOP=$(cd "$TESTS_DIR/.." && pwd)
MANSRC=$TOP/man
MANOUT=$RECO_BUILD/man

page_of() { # program -> its scdoc source
	local f
	for f in "$MANSRC/$1".[0-9].scd; do [ -f "$f" ] && { echo "$f"; return; }; done
}

programs="reco"
for b in "$RECO_BUILD"/bin/reco-*; do programs="$programs ${b##*/}"; done

for prog in $programs; do
	src=$(page_of "$prog")
	if [ -z "$src" ]; then
		ok 1 "$prog: has a man page" "no man/$prog.<section>.scd: write one (see man/reco-sync.8.scd)"
		continue
	fi
	ok 0 "$prog: has a man page (${src#"$TOP"/})"
	run "$prog" --help
	is "$status" 0 "$prog --help: exit status"
	printf '%s\n' "$out" >"$T_TMP/help"
	help_options <"$T_TMP/help" >"$T_TMP/opts"
	if [ "$prog" != reco ]; then
		for sub in $(help_subcommands <"$T_TMP/help"); do
			run "$prog" "$sub" --help
			if [ "$status" != 0 ]; then
				ok 1 "$prog $sub --help: exit status 0" "got $status: $err"
				continue
			fi
			printf '%s\n' "$out" | help_options >>"$T_TMP/opts"
		done
	fi
	missing=""
	for o in $(sort -u "$T_TMP/opts"); do
		grep -qF -- "*$o" "$src" || missing="$missing $o"
	done
	ok "$([ -z "$missing" ] && echo 0 || echo 1)" "$prog: every option of --help is in ${src#"$TOP"/}" \
		"$(for o in $missing; do echo "$prog: option $o is in '$prog --help' but not in ${src#"$TOP"/}: add an entry *$o* (see the header of tests/integration/man-pages.t)"; done)"
	nopts=$(sort -u "$T_TMP/opts" | wc -l)
	ok "$([ "$nopts" -ge 1 ] && echo 0 || echo 1)" "$prog: options found in its help ($nopts)"
	sections=""
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
		grep -qx "# $s" "$src" || sections="$sections, $s"
	done
	is "${sections#, }" "" "$prog: page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, FILES, EXAMPLES, SEE ALSO"
done

# The test itself catches a missing option: a page without --remove-hpa.
sed '/remove-hpa/d' "$MANSRC/reco-wipe.8.scd" >"$T_TMP/reco-wipe.8.scd"
grep -qF -- '*--remove-hpa' "$T_TMP/reco-wipe.8.scd"
ok "$([ $? = 1 ] && echo 0 || echo 1)" "a page without an option of the help is caught (grep finds no *--remove-hpa)"

# Built pages: one per source, no warning from man (groff), lexgrog reads NAME.
for src in "$MANSRC"/*.scd; do
	name=$(basename "$src" .scd)
	page=$MANOUT/$name
	if [ ! -f "$page" ]; then
		ok 1 "$name: built" "no $page: run make"
		continue
	fi
	run env MANWIDTH=80 man --warnings -l "$page"
	is "$status:$err" "0:" "$name: man --warnings -l says nothing"
	like "$out" "^${name%.*}\\(" "$name: renders with its title"
	run lexgrog "$page"
	is "$status" 0 "$name: lexgrog parses it"
	like "$out" "\"${name%.*} - " "$name: lexgrog finds the NAME line"
done

# ... and a broken page makes them complain.
printf '.TH X 1\n.SH NAME\n.BOGUS\n\\fBunclosed\n' >"$T_TMP/broken.1"
run man --warnings -l "$T_TMP/broken.1"
like "$err" "warning" "man --warnings complains about a broken page"
printf '.TH X 1\n.SH DESCRIPTION\nno name section\n' >"$T_TMP/noname.1"
run lexgrog "$T_TMP/noname.1"
ok "$([ "$status" != 0 ] && echo 0 || echo 1)" "lexgrog fails on a page without NAME (status $status)"

done_testing
