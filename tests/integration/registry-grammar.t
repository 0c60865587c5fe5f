#!/bin/bash
# reco registry's command grammar: every command described in --help (in
# both languages, no English in the French one's descriptions), a wrong
# role is a usage error, no database is created behind the person's back
# (`init` or --db), accounts are listed, re-keyed with `user passwd`, and
# an existing account is never silently replaced.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/registry-lib.sh"
FR="env LANG=fr_FR.UTF-8 LANGUAGE="
unset RECO_REGISTRY_DB

run reco registry --help
is "$status" 0 "--help"
missing=""
for c in init import devices show set-state ready allocations audit checkpoint backup conflict \
	beneficiary allocate diag-override deliver attestation return recycle stats export purge user pubkey serve; do
	# a command's synopsis (a line or three), then the indented line that says what it does
	desc=$(printf '%s\n' "$out" | grep -m1 -A3 -E "^  $c( |$)" | grep -m1 -E '^        [a-zA-Z(]')
	[ -n "$desc" ] || missing="$missing $c"
done
is "$missing" "" "every command has its description in --help"
like "$out" "user add NAME --role ROLE" "user add"
like "$out" "user passwd NAME" "user passwd"
run $FR reco registry --help
descs=$(printf '%s\n' "$out" | grep -E '^        [a-zA-Z(]')
unlike "$descs" "\b(the|and|of|with|every|signed|history|allocate|ready|list)\b" "the French help's descriptions hold no English"
like "$out" "Commandes :" "the French help"

# no database: say where it would be, ask for --db or init, create nothing
export RECO_DATA=$T_TMP/nodata
run reco registry devices
is "$status" 2 "no database: a usage error"
like "$err" "$T_TMP/nodata/registry/registry.db" "... naming where it would be created"
like "$err" "--db" "... asking for --db"
like "$err" "reco registry init" "... or init"
ok "$([ ! -e "$T_TMP/nodata" ]; echo $?)" "... and creating nothing"
run $FR reco registry devices
like "$err" "aucune base" "... in French too"
run reco registry init
is "$status" 0 "init creates it"
like "$out" "$T_TMP/nodata/registry/registry.db" "... and says where"
ok "$([ -s "$T_TMP/nodata/registry/registry.db" ]; echo $?)" "... the file is there"
run reco registry devices
is "$status" 0 "then the commands find it without --db"
run reco registry init
is "$status" 0 "init again"
like "$out" "already" "... says it was there"
RECO_REGISTRY_DB=$T_TMP/env.db run reco registry devices
is "$status" 0 "RECO_REGISTRY_DB counts as configured (created on first use)"
run reco registry --db "$T_TMP/explicit.db" devices
is "$status" 0 "--db creates what it names"

# accounts
R="reco registry"
run $R user add ann --role boss <<<"password-123"
is "$status" 2 "an unknown role is a usage error"
like "$err" "admin, coordinator, volunteer, viewer" "... listing the roles"
run $R user add ann --role coordinator <<<"password-123"
is "$status" 0 "user add"
run $R user add ann --role admin <<<"other-pass-456"
is "$status" 1 "adding an existing account is refused"
like "$err" "ann: the account exists" "... saying so"
like "$err" "user passwd" "... and how to change its password"
run $R --json user list
like "$out" '"role": "coordinator"' "the account kept its role"
run $R user passwd ann <<<"new-pass-789"
is "$status" 0 "user passwd"
run $R user passwd nobody <<<"new-pass-789"
is "$status" 1 "passwd of an unknown account"
like "$err" "nobody: no such account" "... named"
run $R user passwd ann <<<"short"
is "$status" 1 "a short password refused"
run $R user list
like "$out" "ann +coordinator +active" "user list"
run $FR $R user list
like "$out" "ann +coordinateur +actif" "user list in French"
run $R user passwd
is "$status" 2 "passwd without a name"
done_testing
