#!/bin/bash
# The date of the sources that reco report embeds (RECO_BUILD_EPOCH in
# tools/report/module.mk; it refuses to seal with a clock before it) is
# never 0, wherever the build runs: $SOURCE_DATE_EPOCH when set (as
# dpkg-buildpackage sets it), else the last commit in a git checkout, else
# the date of debian/changelog's top entry (a source package or tarball,
# outside git).  An epoch of 0 would let a computer whose CMOS battery is
# flat seal its report in 2010 without a word.
. "$(dirname "$0")/../integration/lib.sh"
TOP=$(cd "$TESTS_DIR/.." && pwd)

epoch() { # DIR [VAR=VALUE...]: the Makefile's RECO_BUILD_EPOCH in DIR
	local d=$1
	shift
	(cd "$d" && env "$@" make --no-print-directory -s \
		--eval 'print-build-epoch: ; @echo $(RECO_BUILD_EPOCH)' print-build-epoch 2>&1 | tail -n 1)
}

changelog_date=$(date -d "$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Date)" +%s)
commit_date=$(git -C "$TOP" log -1 --format=%ct 2>/dev/null || true)

# a copy of the tracked files outside any git checkout
src=$T_TMP/src
mkdir -p "$src"
(cd "$TOP" && git ls-files -z --cached | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	cpio -0 -pdm --quiet "$src")
ok "$([ -f "$src/Makefile" ] && ! git -C "$src" rev-parse 2>/dev/null; echo $?)" "a copy of the sources outside git"

e=$(epoch "$src" SOURCE_DATE_EPOCH=)
is "$e" "$changelog_date" "outside git, without SOURCE_DATE_EPOCH: the date of debian/changelog's top entry"
e=$(epoch "$src" SOURCE_DATE_EPOCH=1700000000)
is "$e" 1700000000 "SOURCE_DATE_EPOCH, when set, is the sources' date"
if [ -n "$commit_date" ]; then
	e=$(epoch "$TOP" SOURCE_DATE_EPOCH=)
	is "$e" "$commit_date" "in the git checkout: the last commit's date"
else
	skip "not a git checkout"
fi
# no git, a changelog without a date, no SOURCE_DATE_EPOCH: the build stops
# rather than embed 0
sed -i 's/^\( -- .*>  \).*/\1not-a-date/' "$src/debian/changelog"
e=$(epoch "$src" SOURCE_DATE_EPOCH=)
like "$e" "no date for the sources" "no git, no date in debian/changelog, no SOURCE_DATE_EPOCH: make stops, naming why"

done_testing
