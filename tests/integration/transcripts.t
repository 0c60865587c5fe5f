#!/bin/bash
# The grammar of every command but the registry (registry-grammar.t), pinned
# as transcripts: for each command its --help, a usage error and an error
# under --json, in English and in French, stdout, stderr and exit status
# compared with tests/integration/transcripts/<command>.<lang>.txt; the
# French ones are read for English words (english-words.py).
#
# After a deliberate change of the output, regenerate and review the diff:
#   RECO_TRANSCRIPT_UPDATE=1 prove tests/integration/transcripts.t
. "$(dirname "$0")/lib.sh"
EXPECTED=$TESTS_DIR/integration/transcripts
export RECO_DATA=$T_TMP/data RECO_KEYS=$T_TMP/keys HOME=$T_TMP/home TZ=Europe/Paris
unset RECO_SESSION RECO_REGISTRY RECO_OPERATOR
mkdir -p "$T_TMP/data" "$T_TMP/home"
echo "not a report" >"$T_TMP/bad.json"

# case COMMAND... : one transcript entry (the command as typed, then what it
# printed on each stream and its exit status); paths under $T_TMP read <tmp>.
case_() {
	"$@" >"$T_TMP/o" 2>"$T_TMP/e" </dev/null
	local st=$?
	{
		printf '$ %s\n' "$*"
		printf -- '--- stdout\n'
		cat "$T_TMP/o"
		printf -- '--- stderr\n'
		cat "$T_TMP/e"
		printf -- '--- exit %d\n\n' "$st"
	} | sed -e "s#$T_TMP#<tmp>#g" -e "s#$RECO_BUILD/bin/##g" >>"$T_TMP/got"
}

cases() { # COMMAND: the cases of one command
	case $1 in
	reco)
		case_ reco --help
		case_ reco frobnicate
		case_ reco --json ;;
	inventory)
		case_ reco inventory --help
		case_ reco inventory --bogus
		case_ reco inventory --json --no-smart --root "$T_TMP/missing" ;;
	diag)
		case_ reco diag --help
		case_ reco diag --only gpu
		case_ reco diag --json --only disk --smart-json "$T_TMP/missing.json" ;;
	wipe)
		case_ reco wipe --help
		case_ reco wipe --method foo "$T_TMP/disk.img"
		case_ reco wipe --json --yes "$T_TMP/missing.img" ;;
	report)
		case_ reco report --help
		case_ reco report frobnicate "$T_TMP/bad.json"
		case_ reco report verify "$T_TMP/missing.json" --ca "$T_TMP/ca.pem" --json ;;
	keys)
		case_ reco keys --help
		case_ reco keys frobnicate
		case_ reco keys show "$T_TMP/missing.pem" --json ;;
	sync)
		case_ reco sync --help
		case_ reco sync --timeout soon
		case_ reco sync --json --data "$T_TMP/missing" ;;
	menu)
		case_ reco menu --help
		case_ reco menu --lang de
		case_ reco menu --json ;;
	esac
}

for cmd in reco inventory diag wipe report keys sync menu; do
	for lang in en fr; do
		: >"$T_TMP/got"
		case $lang in
		en) export LANG=C.UTF-8 ;;
		fr) export LANG=fr_FR.UTF-8 ;;
		esac
		cases "$cmd"
		want=$EXPECTED/$cmd.$lang.txt
		if [ -n "${RECO_TRANSCRIPT_UPDATE:-}" ]; then
			cp "$T_TMP/got" "$want"
			ok 0 "$cmd ($lang): $want updated"
		elif cmp -s "$T_TMP/got" "$want"; then
			ok 0 "$cmd ($lang): the transcript"
		else
			ok 1 "$cmd ($lang): the transcript" "$(diff -u "$want" "$T_TMP/got" | head -80)
after a deliberate change: RECO_TRANSCRIPT_UPDATE=1 prove tests/integration/transcripts.t"
		fi
		if [ $lang = fr ]; then # what a French-speaking person reads: no English word
			words=$(python3 "$TESTS_DIR/integration/english-words.py" "$T_TMP/got")
			ok $? "$cmd (fr): no English word" "$words"
		fi
	done
done
export LANG=C.UTF-8
done_testing
