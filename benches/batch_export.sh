#!/usr/bin/env bash
# Month-end batch at scale: a database of about one million evaluations made by `tingping demo`,
# the stats of one month, and the export of a period holding ~100 000 evaluations to each format,
# compared with sqlite3 -csv (CSV) and openpyxl write-only (xlsx) writing the same rows.
#
#     bash benches/batch_export.sh [HEARINGS]      # default 950000 hearings ≈ 1 000 000 evaluations
#
# Needs sqlite3 and python3 with openpyxl (installed here when missing). Prints seconds and peak
# memory (max RSS). Not a test: nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
HEARINGS=${1:-950000}
WORK=${TMPDIR:-/tmp}/tingping-batch-bench
mkdir -p "$WORK"
DB=$WORK/tp-$HEARINGS.db
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
python3 -c 'import openpyxl' 2>/dev/null || pip install -q openpyxl
cargo build --release -q
TP=target/release/tingping

secs() { python3 -c "import time; print(f'{time.time():.3f}')"; }
# run CMD...: prints "wall_s maxrss_MB"
measure() {
  local t0 t1 rss
  t0=$(secs)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >"$WORK/out" 2>"$WORK/err"
  t1=$(secs)
  rss=$(tail -1 "$WORK/rss")
  python3 -c "print(f'{$t1-$t0:.2f} s, peak {int($rss)/1024:.0f} MB')"
}

if [ ! -f "$DB.ready" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "demo --hearings $HEARINGS: $(measure $TP --db "$DB" demo --hearings "$HEARINGS")"
  # the history before the measured period goes out in one earlier batch
  rm -rf "$WORK/history"
  echo "export history (csv only): $(measure $TP --db "$DB" export --period 2026-04 --out "$WORK/history" --format csv)"
  touch "$DB.ready"
fi
EVALS=$(sqlite3 "$DB" "select count(*) from evaluations")
echo "database: $(du -m "$DB" | cut -f1) MB, $EVALS evaluations"
echo "stats --period 2026-11: $(measure $TP --db "$DB" stats --period 2026-11 --json)"

OUT=$WORK/out-bench
rm -rf "$OUT"
ID=2026-10
# a rerun starts from an unclaimed period
sqlite3 "$DB" "UPDATE evaluations SET status = 'final' WHERE status = 'reported' AND appearance_id IN (SELECT appearance_id FROM batch_items WHERE batch_id = '$ID');
  DELETE FROM batch_files WHERE batch_id = '$ID'; DELETE FROM batch_items WHERE batch_id = '$ID';
  DELETE FROM batch_outcomes WHERE batch_id = '$ID'; DELETE FROM batches WHERE id = '$ID';"
# the first export claims the period (all formats); re-exports of one format each are timed
echo "export --period 2026-10 (claims 2026-05-01..2026-10-31), all formats: $(measure $TP --db "$DB" export --period 2026-10 --out "$OUT")"
N=$(sqlite3 "$DB" "select evaluations from batches where id='$ID'")
echo "period holds $N evaluations"
for f in csv json xlsx docx; do
  echo "export --format $f: $(measure $TP --db "$DB" export --period 2026-10 --out "$OUT" --format $f)"
done

# the same rows as the CSV's, written by sqlite3 itself
cat > "$WORK/rows.sql" <<SQL
.headers on
.mode csv
.output $WORK/sqlite.csv
SELECT h.case_number, h.date, b2.court, g.name, g.government, h.key_category, a.person, a.title, a.category,
       json_extract(e.dims, '\$[0][1]'), json_extract(e.dims, '\$[1][1]'), json_extract(e.dims, '\$[2][1]'), json_extract(e.dims, '\$[3][1]'),
       e.total_tenths / 10.0, e.grade, e.flags, b.late, e.finalized_by, e.comment
FROM batch_items b JOIN batches b2 ON b2.id = b.batch_id JOIN appearances a ON a.id = b.appearance_id
JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id JOIN evaluations e ON e.appearance_id = a.id
WHERE b.batch_id = '$ID' AND a.category NOT IN ('lawyer_only', 'nobody')
ORDER BY h.date, h.start_time, h.id, a.id;
SQL
echo "sqlite3 -csv, same rows: $(measure sqlite3 "$DB" ".read $WORK/rows.sql")"
echo "  rows: tingping $(($(wc -l < "$OUT/tingping-0104-$ID/tongbao-$ID.csv") - 1)), sqlite3 $(($(wc -l < "$WORK/sqlite.csv") - 1))"

cat > "$WORK/openpyxl_rows.py" <<PY
import sqlite3, sys
from openpyxl import Workbook
con = sqlite3.connect("$DB")
sql = open("$WORK/rows.sql").read().split("SELECT", 1)[1].rsplit(";", 1)[0]
wb = Workbook(write_only=True)
ws = wb.create_sheet("评议明细")
ws.append(["案号", "开庭日期", "法院", "被告机关", "所属政府", "重点案件", "出庭人", "职务", "类别", "纪律", "发言", "化解", "履行", "总分", "等级", "情形", "补报", "定稿人", "点评"])
n = 0
for row in con.execute("SELECT" + sql):
    ws.append(list(row)); n += 1
wb.save("$WORK/openpyxl.xlsx")
print(n)
PY
echo "openpyxl write-only, same rows: $(measure python3 "$WORK/openpyxl_rows.py")"
