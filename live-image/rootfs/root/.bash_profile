# reco live: tty1 shows the menu (again after it exits); other terminals get
# a shell.  Alt+F2 for a shell at any time.
[ -r /etc/profile.d/reco.sh ] && . /etc/profile.d/reco.sh
[ -r ~/.bashrc ] && . ~/.bashrc
if [ "$(tty)" = /dev/tty1 ] && ! grep -q 'reco\.auto=' /proc/cmdline; then
	if command -v reco-menu >/dev/null 2>&1; then
		printf 'reco: menu ready %s s after boot\n' "$(cut -d' ' -f1 /proc/uptime)" > /dev/kmsg 2>/dev/null
		[ -w /dev/ttyS0 ] && printf 'RECO-MENU-READY uptime=%s\n' "$(cut -d' ' -f1 /proc/uptime)" > /dev/ttyS0 2>/dev/null
		if [ "${RECO_MODE:-}" = repair-cafe ]; then exec reco menu --repair-cafe; else exec reco menu; fi
	fi
	echo "reco menu n'est pas installé sur cette image : voici un shell (reco --help)."
	[ -w /dev/ttyS0 ] && printf 'RECO-MENU-READY uptime=%s (shell)\n' "$(cut -d' ' -f1 /proc/uptime)" > /dev/ttyS0 2>/dev/null
fi
