# tests/integration/diag-lib.sh — helpers for diag.t.
#
# json_get FILE a.0.b   sets $jv to the value at that path (dots separate
#                       keys, numbers index arrays), "" when absent.
json_get() {
	local filter="" seg
	local IFS=.
	for seg in $2; do
		case $seg in
		*[!0-9]*) filter="$filter.\"$seg\"" ;;
		*) filter="$filter[$seg]" ;;
		esac
	done
	jv=$(jq -r "${filter} // empty" "$1" 2>/dev/null)
}
