# bash completion for reco and its commands -*- shell-script -*-
#
# Installed as /usr/share/bash-completion/completions/reco, with a link for
# each command (reco-inventory, reco-wipe, ...) so that bash-completion loads
# it on demand for `reco ...` and for `reco-wipe ...` alike.
#
# Options and subcommands are read from the commands' own --help (once per
# shell and command), so a new option completes with no change here.  What
# follows an option is completed by _reco_value: to give a new option's
# value a completion (files, directories, a list of words), add its name to
# one of the cases there.  Positional arguments are in _reco_args.
#
# Tests: tests/integration/completion.t ($RECO_COMPLETION_SYSFS stands in
# for /sys there, to list the disks of a made-up machine).

declare -gA _reco_help_cache

# The --help text of "PROG [SUB]", cached; in English whatever the
# person's language (the words read here, "Commands:", "Methods:", "CODE:",
# are the English ones).
_reco_help()
{
    local key="$1 ${2-}"
    if [[ -z ${_reco_help_cache[$key]+set} ]]; then
        _reco_help_cache[$key]=$(LC_ALL=C.UTF-8 LANGUAGE=en "$1" ${2:+"$2"} --help 2>/dev/null)
    fi
    printf '%s\n' "${_reco_help_cache[$key]}"
}

# Long options a help text names (quoted words name other programs' options);
# "--progress=MODE" gives "--progress=".
_reco_help_options()
{
    _reco_help "$@" | sed -e "s/'[^']*'//g" -e 's/"[^"]*"//g' |
        grep -oE -- '(^|[][[:space:](|,])--[a-z][a-z0-9-]*=?' |
        sed -e 's/^[^-]*//' | sort -u
}

# The options of PROG, and of its subcommand SUB when that has a help of its
# own; else those its line in the program's "Commands:" list names (reco
# registry's "  stats [--from YYYY-MM] ... [--by ...]" and the lines of
# options under it), with --json and --help; else the program's.
_reco_options()
{
    local opts=""
    [[ -n ${2-} ]] && opts=$(_reco_help_options "$1" "$2")
    if [[ -z $opts && -n ${2-} ]]; then
        opts=$(_reco_help "$1" | awk -v sub1="$2" '
            /^Commands:/ { c = 1; next }
            c && /^$/ { c = 0 }
            c && /^  [a-z]/ { f = ($1 == sub1) }
            c && f && (/^  [a-z]/ || /^ +\[/) { print }' |
            grep -oE -- '(^|[][[:space:](|,])--[a-z][a-z0-9-]*=?' | sed -e 's/^[^-]*//' | sort -u)
        [[ -n $opts ]] && opts=$(printf '%s\n' $opts --json --help | sort -u)
    fi
    [[ -z $opts ]] && opts=$(_reco_help_options "$1")
    printf '%s\n' "$opts"
}

# Subcommands: "reco keys ca-init ..." usage lines, and the first word of the
# lines of a "Commands:" list (for reco itself: its commands).
_reco_subcommands()
{
    _reco_help "$1" | awk -v prog="${1#reco-}" '
        $1 == "Usage:" { $1 = "" } { sub(/^ +/, "") }
        $1 == "reco" && $2 == prog && $3 ~ /^[a-z][a-z-]*$/ { print $3 }
        /^Commands:/ { c = 1; next }
        c && /^$/ { c = 0 }
        c && /^[a-z][a-z-]*( |$)/ { print $1 }' | sort -u
}

# Second-level words of a registry-style list: "  user add NAME" -> add;
# "  user list | disable NAME" -> list, disable; "| user passwd NAME" ->
# passwd; "conflict list|accept R" too.  Bracketed options ("[--by
# month|programme]") are not alternatives.
_reco_subsubcommands()
{
    _reco_help "$1" | awk -v sub1="$2" '
        /^Commands:/ { c = 1; next }
        c && /^$/ { c = 0 }
        c && index($0, "  " sub1 " ") == 1 {
            l = substr($0, length(sub1) + 4)
            while (gsub(/\[[^][]*\]/, "", l)) {}
            n = split(l, alt, "|")
            for (k = 1; k <= n; k++) {
                m = split(alt[k], w, " ")
                j = (m >= 2 && w[1] == sub1) ? 2 : 1
                if (w[j] ~ /^[a-z][a-z-]*$/) print w[j]
            }
        }' | sort -u
}

# The words a help lists after "NAME:" up to the full stop ("CODE: faulty,
# beyond-repair, ... other.", "STATE: received, ... recycled.").
_reco_help_list()
{
    _reco_help "$1" | tr '\n' ' ' | grep -oE -- "(^|[[:space:]])$2: [a-z][a-z, -]*\." | head -n 1 |
        sed -e "s/^[[:space:]]*$2: //" -e 's/\.$//' | tr ', ' '\n\n' | sed '/^$/d'
}

# Does OPTION take a value in the help of PROG [SUB] ("--listen ADDR:PORT",
# "--lang fr|en", "--progress=MODE")?
_reco_takes_value()
{
    { [[ -n ${3-} ]] && _reco_help "$1" "$3"; _reco_help "$1"; } | sed -e "s/'[^']*'//g" |
        grep -qE -- "(^|[][[:space:](|,])$2( [A-Za-z<]|=)"
}

# The long option a short one stands for in PROG's help ("-s, --session").
_reco_long_of()
{
    _reco_help "$1" | grep -oE -- "(^|[[:space:]])$2, --[a-z][a-z0-9-]*" | head -n 1 | sed 's/.*, //'
}

# The parts reco diag --only takes, from its help: every comma-separated
# run of words in its --only entry ("--only LIST  only these parts:
# cpu,ram,...," and the lines that continue it, up to the next option), a
# line that ends with a comma joined to the next without a space.
_reco_parts()
{
    _reco_help reco-diag | awk '/^ +--only / { f = 1 } f && /^ +-/ && !/^ +--only / { f = 0 } /^[^ ]/ { f = 0 }
        f { sub(/^ +/, ""); printf "%s%s", $0, ($0 ~ /,$/ ? "" : " ") }' |
        grep -oE '[a-z]+(,[a-z]+)+' | tr ',' '\n' | sort -u
}

# Whole disks (not partitions, loop, ram, zram, dm, md, optical drives).
_reco_disks()
{
    local d name
    for d in "${RECO_COMPLETION_SYSFS:-/sys}"/block/*; do
        name=${d##*/}
        case $name in
            loop* | ram* | zram* | dm-* | md* | sr* | fd* | '*') continue ;;
        esac
        printf '/dev/%s\n' "$name"
    done
}

_reco_words() # completes $cur from the words given
{
    local IFS=$'\n'
    COMPREPLY+=($(compgen -W "$*" -- "$cur"))
}

# The value after option $1 of program $2; returns 1 when $1 takes none.
_reco_value()
{
    local opt=$1 prog=$2 sub=${3-}
    case $opt in
        --session | --root | --data | --data-dir)
            _filedir -d ;;
        --out)
            case $prog:$sub in
                reco-keys:ca-init | reco-keys:station-init | reco-registry:deliver) _filedir -d ;;
                *) _filedir ;;
            esac ;;
        --ca)
            [[ $prog == reco-keys ]] && _filedir -d || _filedir pem ;;
        --cert | --crl)
            _filedir pem ;;
        --output | -o | --dmi-dump | --smart-json | --key | --sig | --pdf | --cmdline | --db | --wifi-conf | --checkpoint)
            _filedir ;;
        --method)
            _reco_words "$(_reco_help reco-wipe | awk '/^Methods:/ { m = 1; next } m && /^$/ { m = 0 } m { print $1 }')" ;;
        --verify)
            _reco_words full sample sample= none
            [[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null ;;
        --expect)
            _reco_words zero one fixed: random:
            compopt -o nospace 2>/dev/null ;;
        --label) _reco_words gpt ;;
        --only)
            local pre=""
            [[ $cur == *,* ]] && pre=${cur%,*},
            local IFS=$'\n'
            COMPREPLY=($(compgen -P "$pre" -W "$(_reco_parts)" -- "${cur##*,}"))
            compopt -o nospace 2>/dev/null ;;
        --progress)
            [[ $prog == reco-wipe ]] && _reco_words json || _reco_words human json none ;;
        --lang) _reco_words fr en ;;
        --keymap) _reco_words fr be de gb us ;;
        --kind) _reco_words certificate repair-cafe ;;
        --cosmetic | --grade) _reco_words A B C D ;;
        --disk) _reco_words "$(_reco_disks)" ;;
        --serial) _reco_words "$(compgen -G '/dev/tty[SU]*')" ;;
        --keyboard) _reco_words "$(compgen -G '/dev/tty[0-9]*')" ;;
        --role) _reco_words admin coordinator volunteer viewer ;;
        --state)
            if [[ $sub == allocations ]]; then
                _reco_words allocated delivered returned cancelled
            else
                _reco_words "$(_reco_help_list "$prog" STATE)"
            fi ;;
        --reason) _reco_words "$(_reco_help_list "$prog" CODE)" ;;
        --by) _reco_words month programme referrer ;;
        *)
            _reco_takes_value "$prog" "$opt" "$sub" || return 1 ;;
    esac
    return 0
}

# Positional arguments of program $1 (subcommand $2, when it has some).
_reco_args()
{
    local prog=$1 sub=${2-}
    case $prog:$sub in
        reco-wipe:*)
            _reco_words "$(_reco_disks)"
            [[ $cur == /dev/* ]] || _filedir ;;
        reco-report:seal) _filedir -d ;;
        reco-report:verify | reco-report:render) _filedir json ;;
        reco-keys:certify) _filedir csr ;;
        reco-keys:revoke | reco-keys:show) _filedir pem ;;
        reco-registry:import) _filedir ;;
    esac
}

# Completion of one command; words[0] is the command (reco-X, or "reco X"
# seen through _reco).
_reco_command()
{
    local prog=$1 first=$2 # words[first] is the first argument of prog
    local sub="" i w subs
    subs=$(_reco_subcommands "$prog")
    # the subcommand: the first word that is one of them (options may come
    # before it, as with `reco registry --db X import`)
    for ((i = first; i < cword; i++)); do
        w=${words[i]}
        if [[ $w != -* ]] && grep -qxF -- "$w" <<<"$subs"; then
            sub=$w
            break
        fi
    done

    local opt=$prev long
    if [[ $opt == -[a-zA-Z] ]]; then # "-s" of "-s, --session"; a lone "-o FILE" stays -o
        long=$(_reco_long_of "$prog" "$opt")
        [[ -n $long ]] && opt=$long
    fi
    if [[ $opt == -* ]] && _reco_value "$opt" "$prog" "$sub"; then
        return
    fi
    if [[ $cur == -* ]]; then
        _reco_words "$(_reco_options "$prog" "$sub")"
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi
    if [[ -n $subs && -z $sub ]]; then
        _reco_words "$subs"
        return
    fi
    if [[ -n $sub && $prog == reco-registry && ${words[cword - 1]} == "$sub" ]]; then
        local subsub
        subsub=$(_reco_subsubcommands "$prog" "$sub")
        if [[ -n $subsub ]]; then
            _reco_words "$subsub"
            return
        fi
    fi
    _reco_args "$prog" "$sub"
}

_reco()
{
    local cur prev words cword split
    _init_completion -s -n : || return
    _reco_main
    __ltrim_colon_completions "$cur"
}

_reco_main()
{
    local cmd=${words[0]##*/}
    if [[ $cmd != reco ]]; then
        [[ $split == true ]] && prev=${prev%%=*}
        _reco_command "$cmd" 1
        return
    fi
    # reco [--help|--version] COMMAND ... | reco help COMMAND
    local i c=""
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} != -* ]] && { c=${words[i]}; break; }
    done
    if [[ -z $c ]]; then
        if [[ $cur == -* ]]; then
            _reco_words --help --version
        else
            _reco_words "$(_reco_subcommands reco)" help
        fi
        return
    fi
    if [[ $c == help ]]; then
        ((cword == i + 1)) && _reco_words "$(_reco_subcommands reco)"
        return
    fi
    _reco_command "reco-$c" $((i + 1))
}

complete -F _reco reco reco-inventory reco-diag reco-wipe reco-report reco-keys \
    reco-registry reco-menu reco-sync

# ex: filetype=sh
