#!/usr/bin/env bash
# Issue 13's figures in one run, each beside its target: a database of about a million evaluations
# made by `tingping demo` (dated up to the end of the month before this one: October 2026; the
# history up to March in one batch, April–September in the September batch), then
#   - the hearings list: its first frame with rows and the End key (store API and screen);
#   - `stats --period 2026-10`, warm (the data's last month, not yet claimed by a batch);
#   - the September batch exported to csv, json and xlsx (each into a fresh folder: the file alone),
#     beside sqlite3 -csv and openpyxl (write-only) writing the same rows, in the same run;
#   - the peak memory of an export of every format;
#   - live mode, key → committed p99 beside a bare commit's p99 into the same file, at 1 000,
#     100 000 and 1 000 000 hearings (cargo bench --bench live_latency);
# and issue 24's table:
#   - `stats --period 2026-Q4 / 2026-H1 / 2026 --json` (a report with 环比 and 同比): the first
#     time (the compared periods' totals not kept yet) and again (kept), medians of 3;
#   - a month's preview (`stats --period <last month>`) on a copy made before any claim: a court's
#     first batch after taking over past years, every earlier record 补报;
#   - the dashboard the first time (nothing kept): its data, its first frame, keys meanwhile
#     (cargo bench --bench dashboard);
#   - `export --period 2026-H1 --format csv` beside sqlite3 -csv of the same rows, and `--format
#     xlsx` beside Python XlsxWriter (constant_memory) writing them, paired runs, best of 3.
#
#     bash benches/scale.sh [HEARINGS]      # default 950000 hearings ≈ 1 005 000 evaluations
#     ONLY=24 bash benches/scale.sh         # issue 24's table alone
#
# The database is made once and kept (about 2.4 GB in ${TMPDIR:-/tmp}/tingping-scale); a claim
# backs the database up first, and those backups are removed at once. Timings of the exports are
# the best of 3 rounds (the exporter and its reference one after the other in each round). Needs
# sqlite3 and python3 with openpyxl (installed here when missing). Not a test: nothing asserts a
# time; a figure that misses its target is marked MISS.
set -euo pipefail
cd "$(dirname "$0")/.."
HEARINGS=${1:-950000}
WORK=${TMPDIR:-/tmp}/tingping-scale
mkdir -p "$WORK"
DB=$WORK/tp-$HEARINGS.db
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
python3 -c 'import openpyxl' 2>/dev/null || pip install -q openpyxl
python3 -c 'import xlsxwriter' 2>/dev/null || pip install -q xlsxwriter
echo "building (release, -j1)…" >&2
cargo build --release -q -j1
BENCH=$(cargo bench --bench live_latency --no-run -j1 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
TP=target/release/tingping

if [ ! -f "$DB.ready" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "making the database: tingping demo --hearings $HEARINGS…" >&2
  "$TP" --db "$DB" demo --hearings "$HEARINGS" >/dev/null
  # a copy before any claim, for a first batch's preview (when there is room for it)
  if [ "$(df -Pk "$WORK" | awk 'NR==2 {print $4}')" -gt $((6 * 1024 * 1024)) ]; then
    cp "$DB" "$WORK/unclaimed-$HEARINGS.db"
  fi
  # the history before the measured months goes out in one earlier batch, then September's batch
  # claims April–September (each claim backs the database up first: removed, it is a copy)
  "$TP" --db "$DB" export --period 2026-03 --out "$WORK/claims" --format csv >/dev/null 2>&1
  rm -rf "$WORK/claims" "$WORK/backups"
  "$TP" --db "$DB" export --period 2026-09 --out "$WORK/claims" >/dev/null 2>&1
  rm -rf "$WORK/claims" "$WORK/backups"
  touch "$DB.ready"
fi

DASH=$(cargo bench --bench dashboard --no-run -j1 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)

WORK="$WORK" DB="$DB" TP="$TP" BENCH="$BENCH" DASH="$DASH" HEARINGS="$HEARINGS" ONLY="${ONLY:-}" python3 - <<'PY'
import os, re, shutil, subprocess, sys, time

WORK, DB, TP, BENCH = (os.environ[k] for k in ("WORK", "DB", "TP", "BENCH"))
RSS = os.path.join(WORK, "rss")
ID = "2026-09"


def run(cmd):
    """(wall seconds, peak RSS MB, stdout) of a command."""
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", RSS] + cmd, capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr}")
    rss = int(open(RSS).read().split()[-1]) / 1024
    return wall, rss, p.stdout


def sql(q):
    return subprocess.run(["sqlite3", DB, q], capture_output=True, text=True, check=True).stdout.strip()


def export(fmt):
    out = os.path.join(WORK, f"out-{fmt.replace(',', '-')}")
    shutil.rmtree(out, ignore_errors=True)
    r = run([TP, "--db", DB, "export", "--period", ID, "--out", out, "--format", fmt])
    return r, out


# the rows the CSV holds, as sqlite3 writes them itself
ROWS_SQL = f"""SELECT h.case_number, h.date, b2.court, g.name, g.government, h.key_category, a.person, a.title, a.category,
       json_extract(e.dims, '$[0][1]'), json_extract(e.dims, '$[1][1]'), json_extract(e.dims, '$[2][1]'), json_extract(e.dims, '$[3][1]'),
       e.total_tenths / 10.0, e.grade, e.flags, b.late, e.finalized_by, e.comment
FROM batch_items b JOIN batches b2 ON b2.id = b.batch_id JOIN appearances a ON a.id = b.appearance_id
JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id JOIN evaluations e ON e.appearance_id = a.id
WHERE b.batch_id = '{ID}' AND a.category NOT IN ('lawyer_only', 'nobody')
ORDER BY h.date, h.start_time, h.id, a.id"""
with open(os.path.join(WORK, "rows.sql"), "w") as f:
    f.write(f".headers on\n.mode csv\n.output {WORK}/sqlite.csv\n{ROWS_SQL};\n")
with open(os.path.join(WORK, "openpyxl_rows.py"), "w") as f:
    f.write(f'''import sqlite3
from openpyxl import Workbook
con = sqlite3.connect({DB!r})
wb = Workbook(write_only=True)
ws = wb.create_sheet("评议明细")
ws.append(["案号", "开庭日期", "法院", "被告机关", "所属政府", "重点案件", "出庭人", "职务", "类别", "纪律", "发言", "化解", "履行", "总分", "等级", "情形", "补报", "定稿人", "点评"])
for row in con.execute("""{ROWS_SQL}"""):
    ws.append(list(row))
wb.save({os.path.join(WORK, "openpyxl.xlsx")!r})
''')

rows = []  # (what, measured, target, ok)
print(f"machine: {os.cpu_count()} cores, {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}, "
      f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; load average at start {os.getloadavg()[0]:.2f}")
evals = int(sql("SELECT count(*) FROM evaluations"))
size = os.path.getsize(DB) / 1e9
batch = int(sql(f"SELECT coalesce((SELECT evaluations FROM batches WHERE id = '{ID}'), 0)"))
print(f"database: {os.environ['HEARINGS']} hearings, {evals} evaluations, {size:.2f} GB; batch {ID}: {batch} evaluations")

# issue 24's table, first (ONLY=24: alone)
import datetime
today = datetime.date.today()
last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


def median(xs):
    return sorted(xs)[len(xs) // 2]


def forget_kept():
    sql("DELETE FROM app_state WHERE key LIKE 'compared/%'")


for period, goal in [("2026-Q4", 0.2), ("2026-H1", 0.5), ("2026", 1.0)]:
    cmd = [TP, "--db", DB, "stats", "--period", period, "--json"]
    cold = []
    for _ in range(3):
        forget_kept()
        cold.append(run(cmd)[0])
    warm = [run(cmd)[0] for _ in range(3)]
    rows.append((f"stats --period {period} --json (with 环比/同比)", f"first {median(cold):.2f} s, kept {median(warm):.2f} s", f"≤ {goal} s", median(cold) <= goal))
unclaimed = os.path.join(WORK, f"unclaimed-{os.environ['HEARINGS']}.db")
if os.path.exists(unclaimed):
    t = median([run([TP, "--db", unclaimed, "stats", "--period", last_month, "--json"])[0] for _ in range(3)])
    rows.append((f"preview of {last_month} with nothing claimed before (stats, every earlier record 补报)", f"{t:.2f} s", "≤ 2 s", t <= 2))
out = subprocess.run([os.environ["DASH"], DB, last_month, today.isoformat()], capture_output=True, text=True, check=True).stdout
print(out, end="")
data = float(re.search(r"data, nothing kept: median ([\d.]+) ms", out)[1])
frame = float(re.search(r"first frame \(d → drawn, 80×24\), nothing changed: median ([\d.]+) ms", out)[1])
keys = re.search(r"keys while the first read runs \((\d+) ms of reading\): median ([\d.]+) ms, max ([\d.]+) ms", out)
rows.append(("dashboard, nothing kept: its 13 months' data", f"{data / 1000:.2f} s", "≤ 2 s", data <= 2000))
rows.append(("dashboard: first frame (d → drawn, 80×24)", f"{frame:.1f} ms", "≤ 100 ms", frame <= 100))
rows.append((f"dashboard: keys while its first read runs ({int(keys[1]) / 1000:.1f} s of reading in the TUI)", f"median {keys[2]} ms, max {keys[3]} ms", "within a frame", float(keys[3]) <= 100))
H1_SQL = f"""SELECT h.case_number, h.date, '合肥市蜀山区人民法院', g.name, g.government, h.key_category, a.person, a.title, a.category,
       json_extract(e.dims, '$[0][1]'), json_extract(e.dims, '$[1][1]'), json_extract(e.dims, '$[2][1]'), json_extract(e.dims, '$[3][1]'),
       e.total_tenths / 10.0, e.grade, e.flags, 0, e.finalized_by, e.comment
FROM appearances a JOIN hearings h ON h.id = a.hearing_id JOIN agencies g ON g.id = a.agency_id
LEFT JOIN evaluations e ON e.appearance_id = a.id
WHERE h.date BETWEEN '2026-01-01' AND '2026-06-30' AND a.category NOT IN ('lawyer_only', 'nobody') AND e.status IN ('final', 'reported')
ORDER BY h.date, h.start_time, h.id, a.id"""
with open(os.path.join(WORK, "h1.sql"), "w") as f:
    f.write(f".headers on\n.mode csv\n.output {WORK}/sqlite-h1.csv\n{H1_SQL};\n")
with open(os.path.join(WORK, "xlsxwriter_h1.py"), "w") as f:
    f.write(f'''import sqlite3, xlsxwriter
con = sqlite3.connect({DB!r})
wb = xlsxwriter.Workbook({os.path.join(WORK, "xlsxwriter-h1.xlsx")!r}, {{"constant_memory": True}})
ws = wb.add_worksheet("评议明细")
ws.write_row(0, 0, ["案号", "开庭日期", "法院", "被告机关", "所属政府", "重点案件", "出庭人", "职务", "类别", "纪律", "发言", "化解", "履行", "总分", "等级", "情形", "补报", "定稿人", "点评"])
for i, row in enumerate(con.execute("""{H1_SQL}"""), 1):
    ws.write_row(i, 0, row)
wb.close()
''')


def export_h1(fmt):
    out = os.path.join(WORK, f"out-h1-{fmt}")
    shutil.rmtree(out, ignore_errors=True)
    return run([TP, "--db", DB, "export", "--period", "2026-H1", "--out", out, "--format", fmt])[0]


pairs = {"csv": [], "xlsx": []}
for _ in range(3):
    pairs["csv"].append((export_h1("csv"), run(["sqlite3", DB, f".read {WORK}/h1.sql"])[0]))
    pairs["xlsx"].append((export_h1("xlsx"), run(["python3", os.path.join(WORK, "xlsxwriter_h1.py")])[0]))
ours, peer = min(p[0] for p in pairs["csv"]), min(p[1] for p in pairs["csv"])
rows.append(("export --period 2026-H1 --format csv vs sqlite3 -csv (best of 3 each)", f"{ours:.2f} s vs {peer:.2f} s = {ours / peer:.2f}×", "≤ 1.5×", ours / peer <= 1.5))
ours, peer = min(p[0] for p in pairs["xlsx"]), min(p[1] for p in pairs["xlsx"])
rows.append(("export --period 2026-H1 --format xlsx (main + extracts) vs XlsxWriter constant_memory (details once)", f"{ours:.2f} s vs {peer:.2f} s = {peer / ours:.1f}× faster", "≥ 5× faster", peer / ours >= 5))
if os.environ.get("ONLY") == "24":
    w = max(len(r[0]) for r in rows)
    m = max(len(r[1]) for r in rows)
    print(f"\n{'what':<{w}}  {'measured':<{m}}  {'target':<13} ")
    for what, measured, target, ok in rows:
        print(f"{what:<{w}}  {measured:<{m}}  {target:<13} {'ok' if ok else 'MISS'}")
    sys.exit(0)

# the list
out = subprocess.run([BENCH, "--list", DB], capture_output=True, text=True, check=True).stdout
print(out, end="")
first = float(re.search(r"first frame with rows ([\d.]+) ms", out)[1])
end = float(re.search(r"End ([\d.]+) ms", out)[1])
store_first = float(re.search(r"first 200 rows ([\d.]+) ms", out)[1])
store_last = float(re.search(r"last 200 rows ([\d.]+) ms", out)[1])
count = float(re.search(r"count ([\d.]+) ms", out)[1])
listed = re.search(r"list of (\d+) rows", out)[1]
rows.append((f"list of {listed} rows: first frame with rows (open store + app, draw 80×24)", f"{first:.1f} ms (count {count:.2f} ms, list_first(200) {store_first:.1f} ms)", "< 50 ms", first < 50))
rows.append(("list: End (key + draw)", f"{end:.1f} ms (list_last(200) {store_last:.1f} ms)", "< 50 ms", end < 50))

# statistics of one month, warm
run([TP, "--db", DB, "stats", "--period", "2026-10", "--json"])
stats = sorted(run([TP, "--db", DB, "stats", "--period", "2026-10", "--json"])[0] for _ in range(3))[1]
rows.append(("stats --period 2026-10 (warm, median of 3)", f"{stats:.2f} s", "< 0.5 s", stats < 0.5))

# exports beside their references, best of 3 rounds
best = {}
peak = 0.0
for _ in range(3):
    for what, go in [
        ("csv", lambda: export("csv")[0]),
        ("sqlite3", lambda: run(["sqlite3", DB, f".read {WORK}/rows.sql"])),
        ("json", lambda: export("json")[0]),
        ("xlsx", lambda: export("xlsx")[0]),
    ]:
        wall, rss, _ = go()
        best[what] = min(best.get(what, wall), wall)
        if what != "sqlite3":
            peak = max(peak, rss)
csv_rows = sum(1 for _ in open(os.path.join(WORK, "out-csv", f"tingping-0104-{ID}", f"tongbao-{ID}.csv"), encoding="utf-8-sig")) - 1
sqlite_rows = sum(1 for _ in open(os.path.join(WORK, "sqlite.csv"), encoding="utf-8")) - 1
openpyxl = run(["python3", os.path.join(WORK, "openpyxl_rows.py")])[0]
(all_wall, all_rss, _), _ = export("csv,json,xlsx,docx")
peak = max(peak, all_rss)
r = best["csv"] / best["sqlite3"]
rows.append((f"csv export ({csv_rows} rows) vs sqlite3 -csv ({sqlite_rows} rows)", f"{best['csv']:.2f} s vs {best['sqlite3']:.2f} s = {r:.2f}×", "≤ 1.5×", r <= 1.5))
r = openpyxl / best["xlsx"]
rows.append(("xlsx export (main + extracts) vs openpyxl write-only (details once)", f"{best['xlsx']:.2f} s vs {openpyxl:.2f} s = {r:.1f}× faster", "≥ 10× faster", r >= 10))
r = best["json"] / best["csv"]
rows.append(("json export vs csv export", f"{best['json']:.2f} s vs {best['csv']:.2f} s = {r:.2f}×", "≤ 1.5×", r <= 1.5))
rows.append(("export peak memory (max RSS; all formats: " + f"{all_wall:.1f} s)", f"{peak:.0f} MB", "< 200 MB", peak < 200))

# live mode: key → committed beside a bare commit into the same file
free = shutil.disk_usage(os.path.dirname(os.path.abspath(DB))).free / 2**30
sizes = ["1000", "100000"]
live_runs = [[BENCH] + sizes]
if free >= 4:
    live_runs[0].append("1000000")
else:
    # no room for a second database of a million: live mode on this one, in place
    print(f"({free:.1f} GiB free: live mode at a million on {DB} itself)")
    live_runs.append([BENCH, "--live", DB])
for cmd in live_runs:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    print(out, end="")
    for m in re.finditer(r"^(.*?) \(.*?key→committed median ([\d.]+) ms, p99 ([\d.]+) ms.*?bare commit median ([\d.]+) ms, p99 ([\d.]+) ms.*?bare commit ([\d.]+)$", out, re.M):
        label, p99, floor, ratio = m[1].strip(), float(m[3]), float(m[5]), float(m[6])
        rows.append((f"live p99 key→committed vs bare commit, {label}", f"{p99:.2f} ms vs {floor:.2f} ms = {ratio:.2f}×", "≤ 3×", ratio <= 3))

print(f"load average at the end {os.getloadavg()[0]:.2f}")
w = max(len(r[0]) for r in rows)
m = max(len(r[1]) for r in rows)
print()
print(f"{'what':<{w}}  {'measured':<{m}}  {'target':<13} ")
for what, measured, target, ok in rows:
    print(f"{what:<{w}}  {measured:<{m}}  {target:<13} {'ok' if ok else 'MISS'}")
PY
