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
