#!/bin/sh
# tests/package/service-guest.sh — runs inside the systemd guest of
# tests/package/service.t, as reco-svc-test.service after
# reco-registry.service, and prints its results on the serial console:
#   RECO-SVC: ok - NAME | RECO-SVC: not ok - NAME # DETAIL
#   RECO-SVC-SECURITY: N.N      (systemd-analyze security's overall level)
#   RECO-SVC-DONE
# then powers the machine off.  The host put /root/envelope.json (a signed
# report as POST /api/reports takes it) and /var/lib/reco-registry/ca.pem.
exec >/dev/ttyS0 2>&1
U=http://127.0.0.1:8080
n_fail=0
say() { echo "RECO-SVC: $*"; }
check() { # NAME CMD...: ok when CMD exits 0
	name=$1
	shift
	if out=$("$@" 2>&1); then say "ok - $name"; else
		say "not ok - $name # $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-300)"
		n_fail=$((n_fail + 1))
	fi
}
main_pid() { systemctl show -p MainPID --value reco-registry; }
wait_listening() { # it answers on its address (60 s at most)
	for _ in $(seq 120); do
		curl -s -o /dev/null "$U/login" && return 0
		sleep 0.5
	done
	return 1
}

check "reco-registry.service starts at boot" wait_listening
check "it is active" systemctl is-active --quiet reco-registry
pid=$(main_pid)
check "it runs as the user reco-registry" sh -c "[ \"\$(stat -c %U /proc/$pid)\" = reco-registry ]"
check "with no capability (CapEff 0)" grep -Eq '^CapEff:[[:space:]]+0+$' "/proc/$pid/status"
check "with no_new_privs" grep -Eq '^NoNewPrivs:[[:space:]]+1$' "/proc/$pid/status"
check "under a seccomp filter" grep -Eq '^Seccomp:[[:space:]]+2$' "/proc/$pid/status"
check "its messages are in the journal" sh -c 'journalctl -u reco-registry --no-pager -o cat | grep -q "listening on http://127.0.0.1:8080/"'

level=$(systemd-analyze security reco-registry.service 2>/dev/null |
	sed -n 's/.*Overall exposure level for reco-registry.service: \([0-9.]*\).*/\1/p')
echo "RECO-SVC-SECURITY: ${level:-none}"
check "systemd-analyze security: ${level:-none}, at most 2.0" awk -v l="${level:-99}" 'BEGIN { exit !(l <= 2.0) }'

# It serves, imports and writes its database.
check "GET /login answers 200" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' $U/login)\" = 200 ]"
check "POST /api/reports stores a signed report (201)" sh -c \
	"[ \"\$(curl -s -o /tmp/up.out -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @/root/envelope.json $U/api/reports)\" = 201 ]"
check "the database is written in /var/lib/reco-registry, 0600, the service's" sh -c \
	'[ "$(stat -c "%U %a" /var/lib/reco-registry/registry.db)" = "reco-registry 600" ]'
check "the CLI, as the service's user, sees the imported machine" sh -c \
	'runuser -u reco-registry -- reco registry devices | grep -q PC-SVC-1'
# The README's first commands: an admin account, then a login.
check "runuser -u reco-registry -- reco registry user add admin" sh -c \
	'echo svc-admin-password | runuser -u reco-registry -- reco registry user add admin --role coordinator'
login() {
	rm -f /tmp/jar
	tok=$(curl -s -c /tmp/jar "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	[ "$(curl -s -c /tmp/jar -b /tmp/jar -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$tok" \
		--data-urlencode user=admin --data-urlencode password=svc-admin-password "$U/login")" = 303 ] &&
		curl -s -b /tmp/jar "$U/devices" | grep -q PC-SVC-1
}
check "the admin logs in and sees the machine" login

# The sandbox, as the service sees its mounts: the last mount on / is
# read-only (ProtectSystem=strict), the one on its state directory is not,
# and something is mounted over /home (ProtectHome).
mount_opts() { awk -v m="$1" '$5 == m { o = $6 } END { print o }' "/proc/$pid/mountinfo"; }
root_ro() { mount_opts / | grep -Eq '(^|,)ro(,|$)'; }
state_rw() { mount_opts /var/lib/reco-registry | grep -Eq '(^|,)rw(,|$)'; }
home_hidden() { [ -n "$(mount_opts /home)" ]; }
check "ProtectSystem=strict: / is read-only for the service" root_ro
check "... but /var/lib/reco-registry is writable" state_rw
check "ProtectHome: /home is hidden from it" home_hidden

# Restart on failure, clean stop on SIGTERM.
kill -9 "$pid"
restarted() {
	for _ in $(seq 60); do
		p=$(main_pid)
		[ "$p" != 0 ] && [ "$p" != "$pid" ] && curl -s -o /dev/null "$U/login" && return 0
		sleep 0.5
	done
	return 1
}
check "killed (SIGKILL), it is restarted (Restart=on-failure)" restarted
check "... NRestarts=1" sh -c '[ "$(systemctl show -p NRestarts --value reco-registry)" = 1 ]'
check "the database survived" sh -c 'runuser -u reco-registry -- reco registry devices | grep -q PC-SVC-1'
check "systemctl stop (SIGTERM)" systemctl stop reco-registry
prop() { systemctl show -p "$1" --value reco-registry; }
exited_0() { [ "$(prop ExecMainCode) $(prop ExecMainStatus) $(prop Result)" = "1 0 success" ]; }
check "... it exited by itself with status 0 (ExecMainCode=1, ExecMainStatus=0, Result=success)" exited_0
# the journal since the restart: deactivated, no failure, no seccomp kill
since_restart() { journalctl -u reco-registry --no-pager -o cat | awk '/Starting reco-registry/ { t = "" } { t = t $0 "\n" } END { printf "%s", t }'; }
clean_stop() { since_restart | grep -q "Deactivated successfully" && ! since_restart | grep -Eiq "failed|core-dump|SIGSYS"; }
check "... the journal says it stopped cleanly, with no failure since the restart" clean_stop

if [ "$n_fail" != 0 ]; then
	systemctl show -p ExecMainCode,ExecMainStatus,Result,NRestarts reco-registry | sed 's/^/RECO-SVC-LOG: /'
	journalctl -u reco-registry --no-pager -o short-monotonic | tail -n 40 | sed 's/^/RECO-SVC-LOG: /'
	sed 's/^/RECO-SVC-LOG: upload: /' /tmp/up.out 2>/dev/null
	echo
fi
echo "RECO-SVC-DONE failures=$n_fail"
systemctl poweroff --no-block
