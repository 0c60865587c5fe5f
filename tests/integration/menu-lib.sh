# menu-lib.sh — helpers for the menu tests: a fake `reco` first on PATH
# (tests/fixtures/menu/fake-reco; `reco menu` and `reco sync` go to the real
# programs), a data directory and a kernel command line file per test.
# Source after lib.sh.
export RECO_REAL_BIN=$RECO_BUILD/bin
FAKE_BIN=$T_TMP/fakebin
mkdir -p "$FAKE_BIN"
ln -sf "$FIXTURES/menu/fake-reco" "$FAKE_BIN/reco"
export PATH="$FAKE_BIN:$PATH"
export FAKE_LOG=$T_TMP/fake.log
unset RECO_SESSION RECO_REGISTRY RECO_OPERATOR
export RECO_CLOCK_FILE=$T_TMP/clock # never /run/reco/clock of this machine

# fresh_data NAME → sets $DATA (empty data directory), $CMDLINE (file), clears the log
fresh_data() {
	DATA=$T_TMP/$1/data
	CMDLINE=$T_TMP/$1/cmdline
	rm -rf "${DATA:?}"
	mkdir -p "$DATA"
	: >"$CMDLINE"
	: >"$FAKE_LOG"
	export RECO_DATA=$DATA
}

# the single session directory of $DATA
session_dir() {
	local d
	for d in "$DATA"/sessions/*/*/; do
		printf '%s' "${d%/}"
		return
	done
}

# journal DIR NAME PATH SERIAL [PHASE] [OFFSET]: a reco-wipe-journal/1 of
# disk PATH in session DIR (the size of the fixture's disk of that serial)
journal() {
	local size=256060514304
	case "$4" in WD-*) size=500107862016 ;; esac
	printf 'reco-wipe-journal/1\npath=%s\nserial=%s\nsize=%s\nmethod=random\nnpasses=1\npass=0\nphase=%s\noffset=%s\n' \
		"$3" "$4" "$size" "${5:-write}" "${6:-1048576}" >"$1/wipe-$2.journal"
}
