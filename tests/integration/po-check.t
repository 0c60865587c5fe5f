#!/bin/bash
# po/check-clashes (part of `make po-check`): a msgid translated two ways in
# two po files is caught and named with each file's translation; the same
# translation twice, or two translations told apart by a context
# (pgettext), pass; and the project's own po/*.fr.po have no clash, nor
# a "(s)" plural.
. "$(dirname "$0")/lib.sh"
CHECK=$TESTS_DIR/../po/check-clashes

po() { # FILE then "ctxt|msgid|msgstr" entries
	local f=$1
	shift
	printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' >"$f"
	local e
	for e in "$@"; do
		IFS='|' read -r c i s <<<"$e"
		printf '\n' >>"$f"
		[ -n "$c" ] && printf 'msgctxt "%s"\n' "$c" >>"$f"
		printf 'msgid "%s"\nmsgstr "%s"\n' "$i" "$s" >>"$f"
	done
}

po "$T_TMP/a.fr.po" "|none|aucun" "|disk|disque"
po "$T_TMP/b.fr.po" "|none|aucune" "|disk|disque"
run "$CHECK" "$T_TMP/a.fr.po" "$T_TMP/b.fr.po"
is "$status" 1 "the same msgid translated two ways: refused"
like "$out" 'msgid "none"' "... naming the message"
like "$out" "a.fr.po.*" "... and the files"
like "$out" "aucun" "... with the first translation"
like "$out" "aucune" "... and the second"
unlike "$out" 'msgid "disk"' "a message translated the same way in both is not named"
like "$out" "1 message" "... one message counted"

po "$T_TMP/c.fr.po" "verification|none|aucune"
run "$CHECK" "$T_TMP/a.fr.po" "$T_TMP/c.fr.po"
is "$status" 0 "a context makes another message: no clash"

po "$T_TMP/d.fr.po" "|none|aucun"
run "$CHECK" "$T_TMP/a.fr.po" "$T_TMP/d.fr.po"
is "$status" 0 "the same translation twice: no clash"

run "$CHECK"
is "$status" 0 "the project's po/*.fr.po have no clash" "$out"

# A number meets a noun through ngettext: no "disque(s)", "report(s)"
# in any message, English or French.
hits=$(grep -n '[[:alpha:]](s)' "$TESTS_DIR"/../po/*.po)
ok "$([ -z "$hits" ] && echo 0 || echo 1)" "no '(s)' plural in the po files: ngettext" "$hits"
done_testing
