# tests/integration/inventory-lib.sh — helpers for the inventory tests.

# inv_normalise IN OUT: pretty, sorted JSON of IN without tool.version, so
# that a golden file survives version bumps.  Perl's core JSON::PP only.
inv_normalise() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!";
		my $d = JSON::PP->new->decode(<$f>);
		delete $d->{tool}{version} if ref $d->{tool} eq "HASH";
		print JSON::PP->new->canonical->pretty->encode($d);
	' "$1" >"$2"
}
