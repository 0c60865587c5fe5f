# tests/integration/help-lib.sh — what a command's --help names, for the
# tests that hold other sources to it (man-pages.t, completion.t).

# The options a help text on stdin names: --long words and -x short ones,
# outside quotes ('smartctl --json -x' names another program's options).
help_options() {
	perl -ne 's/\x27[^\x27]*\x27//g; s/"[^"]*"//g;
		while (/(?:^|[\s\[(|,])(--[a-z][a-z0-9-]*)/g) { print "$1\n" }
		while (/(?:^|[\s\[(|])(-[a-zA-Z])(?=[,\s\]|]|$)/g) { print "$1\n" }' | sort -u
}

# Subcommands a help text on stdin shows: "reco keys ca-init ..." in the
# usage lines and the first word of each line of a "Commands:" list.
help_subcommands() {
	perl -ne 'if (/^(?:Usage:)?\s+reco [a-z]+ ([a-z][a-z-]*)\b/) { print "$1\n" }
		if (/^Commands:/) { $c = 1; next } if ($c && /^\s*$/) { $c = 0 }
		if ($c && /^  ([a-z][a-z-]*)\b/) { print "$1\n" }' | sort -u
}

# Second-level words of the "Commands:" lines that start with $1 and one
# space (reco registry's "  user add NAME ... | user passwd NAME", "  conflict
# list | accept REPORT | reject REPORT"): add, passwd; list, accept, reject.
# Bracketed options ("[--by month|programme]") are not alternatives.
help_subsubcommands() {
	S=$1 perl -ne 'BEGIN { $s = $ENV{S} } if (/^Commands:/) { $c = 1; next } if ($c && /^\s*$/) { $c = 0 }
		next unless $c && /^  \Q$s\E (\S.*)$/; my $l = $1; 1 while $l =~ s/\[[^\[\]]*\]//g;
		for my $alt (split /\|/, $l) { $alt =~ s/^\s+//; $alt =~ s/^\Q$s\E\s+//;
			print "$1\n" if $alt =~ /^([a-z][a-z-]*)(\s|$)/ }' | sort -u
}

# The parts a --only entry lists ("--only LIST  only these parts: cpu,ram,
# ..." and its continuation lines, a line ending with a comma joined to the
# next without a space): every word of a comma-separated run.
help_only_parts() {
	perl -ne 'if (/^\s+--only /) { $f = 1 } elsif (/^\s+-/ || /^\S/ || /^\s*$/) { $f = 0 }
		$t .= $_ if $f; END { $t =~ s/,\s*\n\s*/,/g; $t =~ s/\s+/ /g;
			print "$_\n" for map { split /,/ } ($t =~ /\b([a-z]+(?:,[a-z]+)+)/g) }' | sort -u
}

# The kernel command-line keys a help names: "reco.auto=..." -> reco.auto.
help_cmdline_keys() {
	grep -oE '(^|[[:space:]])reco\.[a-z]+=' | sed -e 's/^[[:space:]]*//' -e 's/=$//' | sort -u
}

# The reco.conf keys a help names ("reco.conf in the data directory:
# language, keymap, ...", up to the full stop).
help_conf_keys() {
	perl -0ne 'print "$_\n" for (/reco\.conf in the data directory:\s*([^.]*)\./ ? split(/[,\s]+/, $1) : ())' |
		sed '/^$/d' | sort -u
}

# The options the "Commands:" lines of subcommand $1 name ("  stats
# [--from YYYY-MM] ... [--by ...]" and its continuation lines that start
# with "[" or "-"), for the subcommands whose own --help only points back
# to the program's (reco registry's).
help_sub_options() {
	S=$1 perl -ne 'BEGIN { $s = $ENV{S} } if (/^Commands:/) { $c = 1; next } if ($c && /^\s*$/) { $c = 0 }
		next unless $c; if (/^  (\S+)/) { $f = ($1 eq $s) } elsif (!/^\s+[\[-]/) { next }
		next unless $f; s/\x27[^\x27]*\x27//g; while (/(?:^|[\s\[(|,])(--[a-z][a-z0-9-]*)/g) { print "$1\n" }' | sort -u
}
