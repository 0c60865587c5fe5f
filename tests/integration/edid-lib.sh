# tests/integration/edid-lib.sh — helpers for the EDID / displays tests.

# edid_blob FIXTURE OUT: the bytes of the first "(hex):" section of an
# edid-decode fixture (see tests/fixtures/edid/README.md), written to OUT.
# Pure bash + sed: hex lines up to the first other line, blank lines allowed.
edid_blob() {
	local hex
	hex=$(sed -n '/(hex):$/,$p' "$1" | sed '1d' |
		sed -n '/^[0-9a-f ]*$/!q; p' | tr -d ' \n')
	# \xHH escapes through printf; NUL bytes come out as they should
	printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" >"$2"
}

# drm_connector ROOT NAME STATUS ENABLED [BLOB]: a fake
# ROOT/sys/class/drm/NAME with edid (BLOB, or empty), status and enabled.
drm_connector() {
	local d="$1/sys/class/drm/$2"
	mkdir -p "$d"
	if [ -n "${5:-}" ]; then cp "$5" "$d/edid"; else : >"$d/edid"; fi
	echo "$3" >"$d/status"
	echo "$4" >"$d/enabled"
}
