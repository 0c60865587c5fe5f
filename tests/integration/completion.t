#!/bin/bash
# Bash completion (contrib/completion/reco.bash) driven as bash does: the
# line is split into COMP_WORDS, the completion function fills COMPREPLY
# (with compgen), and the candidates are compared with what the commands'
# --help name, and with a made-up machine (disks in a fake /sys/block) and
# a directory of sessions and reports.  Every command, subcommand (and
# second-level word), and option a --help names must be offered: a new one
# the completion misses fails here (as man-pages.t does for the man pages).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/help-lib.sh"

TOP=$(cd "$TESTS_DIR/.." && pwd)
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
if [ ! -f "$BASH_COMPLETION" ]; then
	ok 1 "bash-completion is installed" "no $BASH_COMPLETION (contrib/install-deps)"
	done_testing
	exit
fi

# A made-up machine and working directory.
sys=$T_TMP/sys
mkdir -p "$sys/block"
for d in sda sdb nvme0n1 mmcblk0 loop0 ram0 zram0 sr0 dm-0 md127; do mkdir "$sys/block/$d"; done
work=$T_TMP/work
mkdir -p "$work/sessions/reco1-aa/20261128T1800Z" "$work/keys"
: >"$work/disk.img"
: >"$work/report.json"
: >"$work/certificate.pdf"
: >"$work/keys/station.pem"
: >"$work/keys/station.csr"

# complete LINE: prints the candidates for the end of LINE, sorted, one per line.
complete() {
	RECO_COMPLETION_SYSFS=$sys bash --norc --noprofile -c '
		cd "$1" || exit 3
		. "$2" && . "$3" || exit 3
		line=$4
		read -r -a COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		_reco
		printf "%s\n" "${COMPREPLY[@]}"' complete "$work" "$BASH_COMPLETION" \
		"$TOP/contrib/completion/reco.bash" "$1" >"$T_TMP/cands" 2>"$T_TMP/cerr"
	local rc=$?
	[ -s "$T_TMP/cerr" ] && sed 's/^/# stderr: /' "$T_TMP/cerr"
	sort -u "$T_TMP/cands" | sed '/^$/d'
	return $rc
}

# has LINE WORD... / hasnt LINE WORD...: the candidates include / exclude them.
has() {
	local line=$1 got missing="" w
	shift
	got=$(complete "$line")
	for w in "$@"; do # an option with a value may be offered as --opt=
		grep -qxF -e "$w" -e "$w=" <<<"$got" || missing="$missing $w"
	done
	ok "$([ -z "$missing" ] && echo 0 || echo 1)" "'$line' offers $*" "missing:$missing
candidates: $(echo $got)"
}
hasnt() {
	local line=$1 got extra="" w
	shift
	got=$(complete "$line")
	for w in "$@"; do grep -qxF -- "$w" <<<"$got" && extra="$extra $w"; done
	ok "$([ -z "$extra" ] && echo 0 || echo 1)" "'$line' does not offer $*" "offered:$extra"
}
only() { # LINE WORD...: exactly these
	local line=$1 got want
	shift
	got=$(complete "$line" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort -u | sed '/^$/d' | tr '\n' ' ')
	is "$got" "$want" "'$line' offers exactly: ${want:-nothing}"
}

# reco: its commands, help, its options.
cmds=$(reco --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
has "reco " $cmds help
only "reco wi" wipe
only "reco help re" registry report
only "reco --" --help --version

# Every long option of every command's --help, as `reco-X --` and `reco X --`.
for b in "$RECO_BUILD"/bin/reco-*; do
	prog=${b##*/}
	want=$("$prog" --help | help_options | grep -- '^--')
	has "$prog --" $want
	has "reco ${prog#reco-} --" $want
done

# Every subcommand of every command's --help, its second-level words (reco
# registry's "user add|passwd ..."), and every option of the subcommand's
# own --help (or of its lines in the program's "Commands:" list), as
# `reco X SUB --`: a new subcommand or option that the
# completion does not offer fails here.
for b in "$RECO_BUILD"/bin/reco-*; do
	prog=${b##*/} c=${b##*/reco-}
	subs=$("$prog" --help | help_subcommands)
	[ -z "$subs" ] && continue
	has "reco $c " $subs
	has "$prog " $subs
	for sub in $subs; do
		words=$("$prog" --help | help_subsubcommands "$sub")
		[ -n "$words" ] && has "reco $c $sub " $words
		want=$( { "$prog" "$sub" --help 2>/dev/null | help_options; "$prog" --help | help_sub_options "$sub"; } |
			grep -- '^--' | sort -u)
		[ -n "$want" ] && has "reco $c $sub --" $want
	done
done

# Every command is registered with bash (complete -F _reco), and its
# completion is installed under its name (Makefile's install target).
registered=$(bash --norc --noprofile -c '. "$1" && . "$2" && complete -p' complete "$BASH_COMPLETION" \
	"$TOP/contrib/completion/reco.bash" 2>/dev/null | awk '$0 ~ /-F _reco / { print $NF }')
missing=""
for p in reco $(cd "$RECO_BUILD/bin" && ls reco-*); do
	grep -qxF "$p" <<<"$registered" || missing="$missing $p"
done
is "${missing# }" "" "every command is registered with complete -F _reco (contrib/completion/reco.bash's last line)"

# In French (the live image's language) the helps say "Commandes :",
# "Méthodes :": the completion reads them in English all the same.
LANGUAGE=fr LANG=fr_FR.UTF-8 has "reco registry " import user serve
LANGUAGE=fr LANG=fr_FR.UTF-8 only "reco registry user " add disable enable list passwd remove
LANGUAGE=fr LANG=fr_FR.UTF-8 has "reco wipe --method " auto random zero
LANGUAGE=fr LANG=fr_FR.UTF-8 only "reco registry devices --state rec" received recycled
LANGUAGE=fr LANG=fr_FR.UTF-8 only "reco keys c" ca-init certify crl

# Subcommands.
only "reco report " render seal verify
only "reco keys c" ca-init certify crl
has "reco registry " import devices show audit beneficiary allocate deliver serve user pubkey
# every command of reco registry --help (init, allocations, attestation, accept-disk...)
has "reco registry " $(reco registry --help | help_subcommands)
has "reco registry " init allocations attestation accept-disk
only "reco registry user " add disable enable list passwd remove
# an option's alternatives are not subcommands ("stats [--by month|programme|referrer]")
only "reco registry stats " ""
only "reco registry stats --" --by --csv --from --help --json --output --to
only "reco registry user add alice --" --help --json --role
only "reco registry conflict " accept list reject
only "reco registry beneficiary " add delete-contact list
has "reco registry --db x.db " import serve
has "reco registry serve --" --listen --secure-cookies --lang

# Values of options.
has "reco wipe --method " auto random zero nvme-format ata-sanitize-crypto
only "reco-wipe -m nv" nvme-format nvme-format-crypto nvme-sanitize-block nvme-sanitize-crypto nvme-sanitize-overwrite
only "reco wipe --verify " full none sample sample=
only "reco wipe --label " gpt
only "reco diag --only cpu,r" cpu,ram
only "reco diag --only cpu,ram,wi" cpu,ram,wifi
only "reco diag --keymap " be de fr gb us
only "reco diag --only cpu,ram,b" cpu,ram,battery cpu,ram,bluetooth
only "reco diag --only " $(reco diag --help | help_only_parts)
only "reco diag --wifi-conf re" report.json
only "reco diag --progress=" human json none
only "reco diag --cosmetic " A B C D
only "reco report render x --lang " en fr
only "reco report render x --kind " certificate repair-cafe
only "reco registry serve --lang " en fr
only "reco registry user add alice --role " admin coordinator viewer volunteer
only "reco registry devices --state re" ready received recycled returned
only "reco registry allocations --state " allocated cancelled delivered returned
only "reco registry recycle PC-1 --reason " beyond-repair checked-by-hand faulty not-needed obsolete other parts unsuitable
only "reco registry accept-disk PC-1 S1 --reason f" faulty
only "reco registry stats --by " month programme referrer
only "reco registry attestation A1 -o re" report.json
only "reco registry audit --checkpoint re" report.json
only "reco registry deliver A1 --lang " en fr
only "reco wipe --expect-serial " ""
only "reco wipe /dev/sda --expect-diskseq " ""
only "reco menu --lang " en fr
only "reco sync --registry " ""

# Devices for wipe: whole disks only, and image files.
has "reco wipe " /dev/sda /dev/sdb /dev/nvme0n1 /dev/mmcblk0 disk.img
hasnt "reco wipe " /dev/loop0 /dev/ram0 /dev/zram0 /dev/sr0 /dev/dm-0 /dev/md127
only "reco-wipe --yes /dev/s" /dev/sda /dev/sdb
only "reco diag --disk /dev/n" /dev/nvme0n1

# Session directories, report and key files.
only "reco wipe --session " keys sessions
only "reco sync --session " keys sessions
only "reco inventory -s s" sessions
only "reco inventory --session sessions/reco1-aa/" sessions/reco1-aa/20261128T1800Z
only "reco report seal " keys sessions
has "reco report verify " report.json keys sessions
hasnt "reco report verify " certificate.pdf disk.img
only "reco report verify report.json --ca keys/" keys/station.pem
only "reco keys certify --ca ca keys/" keys/station.csr
only "reco keys show keys/" keys/station.pem
has "reco inventory --output=" report.json disk.img
has "reco registry import " sessions report.json

done_testing
