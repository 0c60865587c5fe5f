#!/bin/bash
# contrib/capture-machine captures what reco inventory reads: the inventory
# of the capture equals the live one (sections that do not change between
# two reads), the tarball option works, an existing DIR is refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/inventory-lib.sh"
CAP=$TESTS_DIR/../contrib/capture-machine

run "$CAP" --help
is "$status" 0 "--help exits 0"
run "$CAP" --bogus
is "$status" 2 "unknown option: exit 2"

run "$CAP" -t "$T_TMP/cap"
is "$status" 0 "capture: exit 0"
ok "$([ -f "$T_TMP/cap/proc/cpuinfo" ] && [ -f "$T_TMP/cap/proc/meminfo" ]; echo $?)" "capture: /proc files copied"
ok "$([ -d "$T_TMP/cap/sys/block" ]; echo $?)" "capture: /sys/block copied"
ok "$([ -s "$T_TMP/cap.tar.gz" ]; echo $?)" "capture -t: tarball written"
bad=$(find "$T_TMP/cap" -type l -lname '/*' | head -n 3)
is "$bad" "" "capture: every symlink is relative"
run "$CAP" "$T_TMP/cap"
is "$status" 3 "capture into an existing directory: exit 3"

run reco inventory --json --no-smart
printf '%s\n' "$out" >"$T_TMP/live.json"
run reco inventory --json --no-smart --root "$T_TMP/cap"
is "$status" 0 "inventory of the capture: exit 0"
printf '%s\n' "$out" >"$T_TMP/cap.json"
# stable sections: everything but memory (free memory moves), notes
# (partition probing needs the real /dev nodes) and values that change
# from one second to the next on a laptop (battery level, link state)
stable() {
	perl -MJSON::PP -e 'local $/; open my $f,"<",$ARGV[0] or die; my $d=JSON::PP->new->decode(<$f>);
		delete @$d{qw(memory notes)};
		for my $disk (@{$d->{storage} || []}) { delete @$disk{qw(partitions partition_table partition_table_uuid fs_type label uuid)} }
		for my $b (@{$d->{battery} || []}) { delete @$b{qw(energy_now_mwh charge_now_mah capacity_percent status)} }
		for my $n (@{$d->{network} || []}) { delete @$n{qw(operstate speed_mbps)} }
		delete $d->{ac_adapters};
		print JSON::PP->new->canonical->pretty->encode($d)' "$1" >"$2"
}
stable "$T_TMP/live.json" "$T_TMP/live.s"
stable "$T_TMP/cap.json" "$T_TMP/cap.s"
if cmp -s "$T_TMP/live.s" "$T_TMP/cap.s"; then ok 0 "capture reproduces the live inventory"; else
	ok 1 "capture reproduces the live inventory" "$(diff -u "$T_TMP/live.s" "$T_TMP/cap.s" | head -40)"; fi
done_testing
