# tmux-lib.sh — a real terminal program driven in tmux on an 80x25 screen,
# for the tests of reco menu and reco diag's guided tests: one tmux server
# (socket) per run so that a dying server is never reused (new_server), the
# session $SESSION, keys typed (keys), the screen read (screen, wait_for;
# each settled screen also appended to $SCREEN_LOG when it is set).
# Source after lib.sh; a test without tmux skips itself here.
if ! command -v tmux >/dev/null; then
	skip "tmux not installed"
	done_testing
	exit
fi
TMUX_SOCK=$T_TMP/tmux-0.sock
SOCKS=0
SESSION=${SESSION:-reco}
tm() { tmux -S "$TMUX_SOCK" "$@"; }
new_server() {
	tm kill-server 2>/dev/null
	SOCKS=$((SOCKS + 1))
	TMUX_SOCK=$T_TMP/tmux-$SOCKS.sock
}
tmux_cleanup() {
	local s
	for s in "$T_TMP"/tmux-*.sock; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; done
	rm -rf "$T_TMP"
}
trap tmux_cleanup EXIT

screen() { tm capture-pane -p -t "$SESSION"; }

# wait_for REGEX [SECONDS]: until the screen matches (the screen is in $SCREEN)
wait_for() {
	local i=0 max=$(( ${2:-10} * 10 ))
	while [ $i -lt $max ]; do
		SCREEN=$(screen)
		if printf '%s' "$SCREEN" | grep -Eq -- "$1"; then
			# the screen may be half painted: read it again once settled
			sleep 0.2
			SCREEN=$(screen)
			# a test may keep every settled screen (to read them again at the end)
			[ -n "${SCREEN_LOG:-}" ] && printf '%s\n' "$SCREEN" >>"$SCREEN_LOG"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

keys() { tm send-keys -t "$SESSION" "$@"; }
