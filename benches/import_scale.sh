#!/usr/bin/env bash
# An upper court's import, measured (issue 24, item 4): records per second and peak memory
#   1. one court's month batch of about 5 000, 10 000 and 20 000 records (linear in the records?)
#   2. a year of month batches from twenty courts, in one `tingping import`
# Each lower court is a `tingping demo` database with its own code, exporting its months as json;
# the upper court (皖01) trusts their keys (`keys export` / `keys trust`) and imports. Not a
# test: nothing asserts a time.
#
#     bash benches/import_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${TMPDIR:-/tmp}/tingping-import-scale
rm -rf "$WORK"
mkdir -p "$WORK"
cargo build --release -q
TP=$PWD/target/release/tingping
MONTH=2026-10

# court CODE DIR HEARINGS: a lower court's demo database and its config
court() {
  mkdir -p "$2/conf"
  printf '[court]\nname = "第%s号基层法院"\ncode = "%s"\ngovernment = "合肥市人民政府"\n' "$1" "$1" > "$2/conf/default.toml"
  "$TP" --db "$2/tp.db" --config "$2/conf" demo --hearings "$3" >/dev/null
}
upper() {
  mkdir -p "$1/conf"
  printf '[court]\nname = "合肥市中级人民法院"\ncode = "皖01"\ngovernment = "合肥市人民政府"\n' > "$1/conf/default.toml"
}
trust() { # UPPER LOWER
  "$TP" --db "$2/tp.db" --config "$2/conf" keys export > "$2/key.json" 2>/dev/null
  "$TP" --db "$1/tp.db" --config "$1/conf" keys trust "$2/key.json" >/dev/null
}
# timed LABEL RECORDS CMD…: wall seconds and peak RSS of CMD, and records per second
timed() {
  local label=$1 records=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null
  read -r secs kb < "$WORK/time"
  python3 -c "import sys; s,kb,n=float(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]); print(f'{sys.argv[4]:<44} {n:>7} records  {s:6.2f} s  {n/max(s,1e-9):>8.0f} records/s  peak {kb/1024:6.0f} MB')" "$secs" "$kb" "$records" "$label"
}
records() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['counts']['records'])" "$1/manifest.json"; }

echo "one court's month batch ($MONTH), json:"
for hearings in 62500 125000 250000; do
  d=$WORK/one-$hearings
  court 皖0104 "$d" "$hearings"
  "$TP" --db "$d/tp.db" --config "$d/conf" export --period "$MONTH" --out "$d/out" --format json >/dev/null 2>&1
  folder=$(ls -d "$d"/out/tingping-*)
  u=$WORK/up-$hearings
  upper "$u"
  trust "$u" "$d"
  timed "import of a month batch ($hearings demo hearings)" "$(records "$folder")" \
    "$TP" --db "$u/tp.db" --config "$u/conf" import "$folder"
done

echo "a year from twenty courts:"
u=$WORK/up-year
upper "$u"
total=0
folders=()
for i in $(seq 1 20); do
  code=$(printf '皖01%02d' $((i + 20)))
  d=$WORK/court-$i
  court "$code" "$d" 12000
  trust "$u" "$d"
  for m in 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10; do
    "$TP" --db "$d/tp.db" --config "$d/conf" export --period "$m" --out "$d/out" --format json >/dev/null 2>&1
  done
  for f in "$d"/out/tingping-*; do
    folders+=("$f")
    total=$((total + $(records "$f")))
  done
done
timed "import of ${#folders[@]} month batches, twenty courts" "$total" \
  "$TP" --db "$u/tp.db" --config "$u/conf" import "${folders[@]}"
