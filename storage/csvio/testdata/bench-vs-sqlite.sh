#!/bin/sh
# Whole-process figures for `convene import csv` and `export csv` on the
# shared generator's 20,000-session plan (10,000 people, 60,000
# participations, 20,000 actions), side by side with sqlite3's own .import
# of the same files into bare tables (no checks at all), and the peak memory
# of each command. Needs hyperfine, sqlite3 and GNU time.
#
#   sh storage/csvio/testdata/bench-vs-sqlite.sh     (from the repository root)
set -eu
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fyne, linked into convene, complains on stderr about a C locale.
export LANG=en_GB.UTF-8 LC_ALL=

go build -o "$work/convene" ./cmd/convene
# plangen.File makes the plan once and keeps it; this benchmark asks for it.
go test ./storage/csvio -run '^$' -bench 'ExportCSV/sessions=20000/forums' -benchtime 1x >/dev/null
plan=$(ls -t "${TMPDIR:-/tmp}"/convene-plangen-*/sessions-20000.convene | head -1)
c="$work/convene"
kinds="forums people sessions actions"
for k in $kinds; do
	"$c" export csv "$k" --with-contacts --db "$plan" -o "$work/$k.csv"
done
ls -l "$work"/*.csv

# One script per side, so both pay for the same shell and four processes.
: >"$work/convene.sh"
: >"$work/sqlite-each.sh"
for k in $kinds; do
	echo "\"$c\" import csv $k \"$work/$k.csv\" --db \"$work/plan.convene\" >/dev/null" >>"$work/convene.sh"
	echo "sqlite3 \"$work/bare.db\" \".import --csv $work/$k.csv $k\"" >>"$work/sqlite-each.sh"
done
echo "sqlite3 \"$work/bare.db\" $(for k in $kinds; do printf '".import --csv %s %s" ' "$work/$k.csv" "$k"; done)" >"$work/sqlite-once.sh"

echo "== import of all four files into an empty plan"
hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf '$work'/plan.convene* '$work/bare.db'" \
	-n "convene import csv (4 processes)" "sh '$work/convene.sh'" \
	-n "sqlite3 .import (4 processes)" "sh '$work/sqlite-each.sh'" \
	-n "sqlite3 .import (1 process)" "sh '$work/sqlite-once.sh'"

echo "== import of each file, into a plan holding the kinds before it"
rm -rf "$work"/plan.convene* "$work/bare.db"
for k in $kinds; do
	cp "$work/plan.convene" "$work/before-$k.convene" 2>/dev/null || true # no plan before the first
	"$c" import csv "$k" "$work/$k.csv" --db "$work/plan.convene" >/dev/null
done
cp "$work/plan.convene" "$work/full.convene"
for k in $kinds; do
	if [ -f "$work/before-$k.convene" ]; then prep="cp '$work/before-$k.convene' '$work/one.convene'"; else prep="rm -rf '$work'/one.convene*"; fi
	hyperfine --warmup 1 --runs "$runs" --prepare "$prep; rm -f '$work/one.db'" \
		-n "convene import csv $k" "'$c' import csv $k '$work/$k.csv' --db '$work/one.convene'" \
		-n "sqlite3 .import $k" "sqlite3 '$work/one.db' '.import --csv $work/$k.csv $k'"
	eval "$prep"
	/usr/bin/time -f "peak memory of convene import csv $k: %M KiB" "$c" import csv "$k" "$work/$k.csv" --db "$work/one.convene" >/dev/null
done

echo "== re-import of all four files into the plan they came from (nothing changes)"
hyperfine --warmup 1 --runs "$runs" -n "convene import csv, unchanged" \
	"sh -c 'for k in $kinds; do \"$c\" import csv \$k \"$work/\$k.csv\" --db \"$work/full.convene\" >/dev/null; done'"

echo "== export of each kind"
for k in $kinds; do
	hyperfine --warmup 1 --runs "$runs" -n "convene export csv $k" \
		"'$c' export csv $k --with-contacts --db '$plan' -o '$work/out.csv'"
	/usr/bin/time -f "peak memory of convene export csv $k: %M KiB" "$c" export csv "$k" --with-contacts --db "$plan" -o "$work/out.csv"
done
