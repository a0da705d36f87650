#!/usr/bin/env bash
# Prints a SHA-256 of every output `cat`, `inspect`, `normalize`, `analyze` and `annotate` write on the
# samples and on a generated benchmark folder, for a refactoring's "no behaviour change" check:
#   .ci/output-digest.sh BIN > before.txt   (on the old commit)
#   .ci/output-digest.sh BIN > after.txt && diff before.txt after.txt
# Exit statuses and stderr are digested too. BIN defaults to .build/release/goalsheet.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-.build/release/goalsheet}")
WORK=/tmp/goalsheet-output-digest; rm -rf "$WORK"; mkdir -p "$WORK"
COMPANY=(--company samples/nexbridge_company_okr.xlsx --company samples/nexbridge_kpi_tree.xlsx)
BENCH=Benchmarks/data/departments_bench_digest
[ -d "$BENCH/departments" ] || python3 Benchmarks/gen_departments.py "$BENCH" 40 50 >/dev/null

run() { # name, command...
    local name=$1; shift
    "$@" >"$WORK/$name.stdout" 2>"$WORK/$name.stderr"
    echo $? >"$WORK/$name.status"
}
for f in samples/*.xlsx samples/*.csv; do
    b=$(basename "$f")
    for fmt in csv tsv json; do run "cat-$fmt-$b" "$BIN" cat --format "$fmt" "$f"; done
    run "inspect-$b" "$BIN" inspect "$f"
done
run normalize "$BIN" normalize "${COMPANY[@]}" samples --out "$WORK/normalize"
run analyze "$BIN" analyze "${COMPANY[@]}" samples --as-of 2025-12-31 --out "$WORK/analyze"
run analyze-en "$BIN" analyze "${COMPANY[@]}" samples --as-of 2025-12-31 --lang en --out "$WORK/analyze-en"
run analyze-json "$BIN" analyze "${COMPANY[@]}" samples --as-of 2025-12-31 --format json --out "$WORK/analyze-json"
for f in samples/*.xlsx samples/*.csv; do
    b=$(basename "$f")
    run "annotate-$b" "$BIN" annotate "${COMPANY[@]}" "$f" --as-of 2025-12-31 --out "$WORK/annotate-$b.xlsx"
done
run bench-analyze "$BIN" analyze --company "$BENCH/nexbridge_company_okr.xlsx" --company "$BENCH/nexbridge_kpi_tree.xlsx" \
    "$BENCH/departments" --as-of 2025-12-31 --out "$WORK/bench-analyze"
run bad-company "$BIN" analyze --company "$WORK/missing.xlsx" samples --out "$WORK/bad"
run bad-file "$BIN" cat "$WORK/missing.xlsx"
cd "$WORK" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$WORK#WORK#g"
