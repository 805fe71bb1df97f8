//! Importing a generated hearing schedule — 10 000 rows by default, as .csv and as .xlsx — into an
//! empty database (every row new), then the same file again (every row unchanged). Each run reads
//! the file (bounded), finds the columns, checks every cell and imports in one transaction, as
//! `tingping schedule import` does.
//!
//!     cargo bench --bench schedule_import              # 10 000 rows
//!     cargo bench --bench schedule_import -- 50000     # another size
//!
//! Prints seconds per step. Not a test: nothing here asserts a time.

use std::path::Path;
use std::time::Instant;
use tingping::domain::scope::Scope;
use tingping_store::Store;

const AGENCIES: &[&str] = &[
    "合肥市自然资源和规划局",
    "合肥市生态环境局",
    "蜀山区人民政府",
    "合肥市公安局",
    "合肥市市场监督管理局",
    "合肥市住房保障和房产管理局",
    "合肥市人力资源和社会保障局",
    "合肥市城乡建设局",
    "合肥市城市管理局",
    "合肥市交通运输局",
    "包河区人民政府",
    "长丰县人民政府",
];

fn row(i: usize) -> [String; 9] {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    [
        format!("（2026）皖0104行初{}号", i + 1),
        "不服行政处罚决定".to_string(),
        format!("2026年{month}月{day}日"),
        format!(
            "{}点{}",
            8 + i % 9,
            if i.is_multiple_of(2) { "半" } else { "" }
        ),
        format!("法官{}", i % 7),
        format!("书记员{}", i % 5),
        if i.is_multiple_of(3) {
            format!(
                "{}、{}",
                AGENCIES[i % AGENCIES.len()],
                AGENCIES[(i + 5) % AGENCIES.len()]
            )
        } else {
            AGENCIES[i % AGENCIES.len()].to_string()
        },
        format!("第{}法庭", 1 + i % 6),
        String::new(),
    ]
}

const HEAD: [&str; 9] = [
    "案号",
    "案由",
    "开庭日期",
    "开庭时间",
    "审判长",
    "书记员",
    "被告",
    "法庭",
    "备注",
];

fn write_csv(path: &Path, n: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(HEAD).unwrap();
    for i in 0..n {
        w.write_record(row(i)).unwrap();
    }
    w.flush().unwrap();
}

fn write_xlsx(path: &Path, n: usize) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .merge_range(
            0,
            0,
            0,
            8,
            "2026年开庭排期表",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    for (c, h) in HEAD.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for i in 0..n {
        let r = row(i);
        let at = (i + 2) as u32;
        for (c, v) in r.iter().enumerate() {
            if c == 2 {
                let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    2026,
                    (1 + (i / 28) % 12) as u8,
                    (1 + i % 28) as u8,
                )
                .unwrap();
                sheet.write_datetime_with_format(at, 2, &d, &date).unwrap();
            } else {
                sheet.write_string(at, c as u16, v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn import(db: &Path, file: &Path) -> (f64, usize) {
    let mut store = Store::open(db).unwrap();
    store.set_scope(Scope {
        court_code: "皖0104".into(),
        ..Scope::default()
    });
    let t = Instant::now();
    let rows = tingping::import::read_rows(file, None).unwrap();
    let read =
        tingping::domain::schedule::read(&rows, store.scope(), &tingping::i18n::WORDS).unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors.first());
    let out = store
        .import_schedule(&read.entries, "合肥市蜀山区人民法院", false)
        .unwrap();
    (t.elapsed().as_secs_f64(), out.len())
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = std::env::temp_dir().join("tingping-schedule-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("schedule.csv");
    let xlsx = dir.join("schedule.xlsx");
    write_csv(&csv, n);
    write_xlsx(&xlsx, n);
    println!(
        "{n} rows: csv {} KB, xlsx {} KB",
        std::fs::metadata(&csv).unwrap().len() / 1024,
        std::fs::metadata(&xlsx).unwrap().len() / 1024
    );
    for (label, file) in [("csv", &csv), ("xlsx", &xlsx)] {
        let db = dir.join(format!("{label}.db"));
        let (first, rows) = import(&db, file);
        let (again, _) = import(&db, file);
        println!(
            "{label}: {rows} rows new in {first:.2} s; the same file again (unchanged) in {again:.2} s"
        );
    }
}
