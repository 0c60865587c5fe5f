#!/bin/bash
# Captured and hand-made machine trees (tests/fixtures/machines/*) give
# exactly their golden JSON: `reco inventory --json --no-smart --root DIR`
# equals DIR/expected.json once tool.version is dropped.
#
# After a deliberate change of the output, regenerate and review the diff:
#   RECO_GOLDEN_UPDATE=1 prove tests/integration/inventory-golden.t
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/inventory-lib.sh"

for dir in "$FIXTURES"/machines/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -f "$dir/expected.json" ] || [ -n "${RECO_GOLDEN_UPDATE:-}" ] || continue
	run reco inventory --json --no-smart --root "$dir"
	is "$status" 0 "$name: exit status"
	is "$err" "" "$name: nothing on stderr"
	printf '%s\n' "$out" >"$T_TMP/got.json"
	if ! inv_normalise "$T_TMP/got.json" "$T_TMP/got.norm"; then
		ok 1 "$name: output is JSON"
		continue
	fi
	if [ -n "${RECO_GOLDEN_UPDATE:-}" ]; then
		cp "$T_TMP/got.norm" "$dir/expected.json"
		ok 0 "$name: expected.json updated"
		continue
	fi
	inv_normalise "$dir/expected.json" "$T_TMP/want.norm"
	if cmp -s "$T_TMP/got.norm" "$T_TMP/want.norm"; then
		ok 0 "$name: equals expected.json"
	else
		ok 1 "$name: equals expected.json" "$(diff -u "$T_TMP/want.norm" "$T_TMP/got.norm" | head -60)
after a deliberate change: RECO_GOLDEN_UPDATE=1 prove tests/integration/inventory-golden.t"
	fi
done

# The hand-made laptop: the values the tree was built to exercise.
L=$FIXTURES/machines/laptop-handmade
run reco inventory --json --no-smart --root "$L"
printf '%s\n' "$out" >"$T_TMP/laptop.json"
get() { perl -MJSON::PP -e 'local $/; open my $f,"<",$ARGV[0]; my $d=JSON::PP->new->decode(<$f>);
	my $v=$d; for my $k (split /\./, $ARGV[1]) { $v = ref $v eq "ARRAY" ? $v->[$k] : $v->{$k}; }
	print defined $v ? (ref $v ? JSON::PP->new->canonical->encode($v) : $v) : "<absent>"' "$T_TMP/laptop.json" "$1"; }
is "$(get battery.0.wear_permille)" 550 "laptop: BAT0 wear 55.0 %"
is "$(get battery.0.cycle_count)" "<absent>" "laptop: cycle_count 0 reported as unknown"
is "$(get battery.0.energy_full_mwh)" 22275 "laptop: energy µWh -> mWh"
is "$(get battery.1.charge_full_mah)" 3600 "laptop: charge µAh -> mAh"
is "$(get battery.1.energy_full_design_mwh)" 45600 "laptop: mWh computed from charge and voltage_min_design"
is "$(get battery.2.name)" "<absent>" "laptop: a mouse battery (scope Device) is not listed"
is "$(get ac_adapters.0.online)" true "laptop: AC adapter online"
is "$(get storage.0.transport)" nvme "laptop: NVMe transport"
is "$(get storage.1.transport)" sata "laptop: SATA transport"
is "$(get storage.1.serial)" S3Z9NB0K654321A "laptop: serial from VPD page 0x80"
is "$(get storage.0.partitions.0.fs_type)" vfat "laptop: filesystem from udev data"
is "$(get storage.2.name)" sr0 "laptop: DVD drive listed"
is "$(get storage.2.optical)" true "laptop: DVD drive marked optical"
is "$(get storage.3.name)" "<absent>" "laptop: loop device and hidden NVMe path not listed"
is "$(get network.2.kind)" wireless "laptop: wireless interface"
is "$(get gpu.0.device)" "UHD Graphics 620" "laptop: GPU name from pci.ids"
is "$(get gpu.0.driver)" i915 "laptop: GPU driver"
is "$(get memory.early_memtest_bad_bytes)" 4096 "laptop: EarlyMemtestBad"
is "$(get id_sources)" '["mac"]' "laptop: id from the wired MAC only"
# the id is SHA-256 over "mac=<built-in NIC>\n", not the USB dongle
want="reco1-$(printf 'mac=54:e1:ad:11:22:33\n' | sha256sum | cut -c1-20)"
is "$(get id)" "$want" "laptop: id = reco1- + SHA-256(mac=<PCI NIC>) (USB dongle ignored)"

run reco inventory --no-smart --root "$L"
is "$status" 0 "laptop: human summary exit status"
like "$out" "Battery: +BAT0 5B10W13975 — wear 55.0 %" "laptop: human summary shows battery wear"
like "$out" "/dev/nvme0n1 +238.5 GiB +SAMSUNG" "laptop: human summary shows the NVMe disk"
# in French: sizes and numbers in French, no English word
LANG=fr_FR.UTF-8 run reco inventory --no-smart --root "$L"
like "$out" "/dev/nvme0n1 +238,5 Gio +SAMSUNG" "laptop (fr): sizes in French units, decimal comma"
like "$out" "Mémoire : +7,6 Gio" "laptop (fr): the RAM"
like "$out" "a trouvé 4.{1,3}096 octets défectueux" "laptop (fr): a count with a French thousands separator"
words=$(printf '%s\n' "$out" | python3 "$TESTS_DIR/integration/english-words.py")
ok $? "laptop (fr): no English word in the summary" "$words"
LANG=fr_FR.UTF-8 run reco inventory --no-smart --root "$L"
like "$out" "Batterie :.*usure 55,0 %" "laptop: French summary"
done_testing
