#!/bin/bash
# Man pages (man/*.scd, built by `make` into build/man/ with scdoc) against
# the programs: every option a command's --help shows (and the --help of
# each of its subcommands) must be an entry of its page, written in bold as
# scdoc does (*--option*); every option the code accepts (the option tables
# of tools/<command>/) must be in its --help; every subcommand the help
# lists (and reco registry's second-level words: user passwd, conflict
# accept...) must be in bold in the page; reco diag's --only parts in its
# page's --only entry; reco menu's kernel command-line keys in its page and
# its reco.conf keys in reco.conf(5); every command has a page with the
# sections the README promises; `man --warnings` and `lexgrog` have nothing
# to say.
#
# To add an option to a man page: an entry under OPTIONS (or the section of
# its subcommand) in man/reco-<command>.<section>.scd:
#     *--new-option* _VALUE_
#     <TAB>What it does (default ...).
# A subcommand: an entry *name* _ARGS_ under COMMANDS.  A part of --only:
# *name* in the --only entry of man/reco-diag.8.scd.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/help-lib.sh"

TOP=$(cd "$TESTS_DIR/.." && pwd)
MANSRC=$TOP/man
MANOUT=$RECO_BUILD/man

bold_word() { # WORD FILE: WORD is a whole word inside a *bold* span of FILE
	W=$1 perl -ne 'BEGIN { $w = $ENV{W} } while (/\*([^*]+)\*/g) { my $b = $1; if ($b =~ /(?<![a-z-])\Q$w\E(?![a-z-])/) { $f = 1 } }
		END { exit($f ? 0 : 1) }' "$2"
}

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
	# options the code accepts but the help does not show (the man page is
	# checked against the help, so they would be in neither)
	dir=$TOP/tools/${prog#reco-}
	code_opts=$(cat "$dir"/*.c 2>/dev/null | grep -oE '\{ "[a-z][a-z0-9-]*", *(no|required|optional)_argument' |
		sed -E 's/\{ "([^"]*)".*/--\1/' | sort -u)
	hidden=""
	for o in $code_opts; do # --help and --version: every command has them (reco's usage names them in quotes)
		case $o in --help | --version) continue ;; esac
		grep -qxF -- "$o" "$T_TMP/opts" || hidden="$hidden $o"
	done
	ok "$([ -z "$hidden" ] && echo 0 || echo 1)" "$prog: every option of tools/${prog#reco-}/ is in its --help" \
		"$(for o in $hidden; do echo "$prog accepts $o but its --help does not say so: add it to usage() (and the man page)"; done)"
	# subcommands (reco's: its commands), and reco registry's second-level words
	missing=""
	for sub in $(help_subcommands <"$T_TMP/help"); do
		bold_word "$sub" "$src" || missing="$missing $sub"
		[ "$prog" = reco ] && continue
		for w in $(help_subsubcommands "$sub" <"$T_TMP/help"); do
			bold_word "$w" "$src" || missing="$missing $sub:$w"
		done
	done
	ok "$([ -z "$missing" ] && echo 0 || echo 1)" "$prog: every subcommand of --help is in ${src#"$TOP"/}" \
		"$(for w in $missing; do echo "$prog: subcommand '${w/:/ }' is in '$prog --help' but not in bold in ${src#"$TOP"/}: add an entry under COMMANDS"; done)"
	# the exit codes: those the help's "Exit status:" list names, no more, no fewer
	hcodes=$(sed -n '/^Exit status/,/^$/p' "$T_TMP/help" | sed -n 's/^  \([0-9]\{1,3\}\)  .*/\1/p' | sort -nu | tr '\n' ' ')
	pcodes=$(awk '/^# EXIT STATUS/ { f = 1; next } /^# / { f = 0 } f && /^\*[0-9]+\*/ { gsub(/\*/, ""); print $1 }' "$src" |
		sort -nu | tr '\n' ' ')
	is "$pcodes" "$hcodes" "$prog: the EXIT STATUS of ${src#"$TOP"/} has the codes of its --help"
	nopts=$(sort -u "$T_TMP/opts" | wc -l)
	ok "$([ "$nopts" -ge 1 ] && echo 0 || echo 1)" "$prog: options found in its help ($nopts)"
	sections=""
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
		grep -qx "# $s" "$src" || sections="$sections, $s"
	done
	is "${sections#, }" "" "$prog: page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, FILES, EXAMPLES, SEE ALSO"
done

# reco diag --only: every part its help lists is in the page's --only entry.
run reco diag --help
parts=$(printf '%s\n' "$out" | help_only_parts)
ok "$([ "$(printf '%s\n' "$parts" | wc -w)" -ge 9 ]; echo $?)" "reco diag --help lists the parts of --only: $(echo $parts)"
awk '/^\*--only\*/ { f = 1; print; next } f && /^\*/ { f = 0 } f' "$MANSRC/reco-diag.8.scd" >"$T_TMP/only-entry"
missing=""
for p in $parts; do grep -qF "*$p*" "$T_TMP/only-entry" || missing="$missing $p"; done
is "${missing# }" "" "reco-diag.8.scd: every part of --only is in its --only entry (*part*)"

# reco menu: its kernel command-line keys in its page, its reco.conf keys in reco.conf(5).
run reco menu --help
keys=$(printf '%s\n' "$out" | help_cmdline_keys)
ok "$([ "$(printf '%s\n' "$keys" | wc -w)" -ge 10 ]; echo $?)" "reco menu --help names its kernel options: $(echo $keys)"
missing=""
for k in $keys; do grep -qF "*$k=" "$MANSRC/reco-menu.8.scd" || missing="$missing $k"; done
is "${missing# }" "" "reco-menu.8.scd: every reco.KEY= of the help is under KERNEL COMMAND LINE"
keys=$(printf '%s\n' "$out" | help_conf_keys)
ok "$([ "$(printf '%s\n' "$keys" | wc -w)" -ge 5 ]; echo $?)" "reco menu --help names the reco.conf keys: $(echo $keys)"
missing=""
for k in $keys; do grep -qF "*$k*" "$MANSRC/reco.conf.5.scd" || missing="$missing $k"; done
is "${missing# }" "" "reco.conf.5.scd: every reco.conf key of reco menu --help is there"

# The test itself catches a missing option: a page without --remove-hpa.
sed '/remove-hpa/d' "$MANSRC/reco-wipe.8.scd" >"$T_TMP/reco-wipe.8.scd"
grep -qF -- '*--remove-hpa' "$T_TMP/reco-wipe.8.scd"
ok "$([ $? = 1 ] && echo 0 || echo 1)" "a page without an option of the help is caught (grep finds no *--remove-hpa)"
# ... and a missing subcommand: a registry page without user passwd.
sed 's/passwd/password/g' "$MANSRC/reco-registry.8.scd" >"$T_TMP/reco-registry.8.scd"
bold_word passwd "$T_TMP/reco-registry.8.scd"
ok "$([ $? = 1 ] && echo 0 || echo 1)" "a page without a subcommand is caught (no *... passwd* in bold)"
bold_word passwd "$MANSRC/reco-registry.8.scd"
ok $? "... which the real page has"

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
