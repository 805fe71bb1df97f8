//! `tingping schedule import` and `tingping agencies`, run as a user would, on the files people
//! make: titles above the header, merged cells, blank rows, serial dates, full-width digits, GBK,
//! a BOM, extra and missing columns, repeated rows, huge files and cells, control characters.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
#[allow(unused_imports)]
use tingping::i18n::prelude::*;
use tingping_store::Store;

fn tp(db: &Path) -> Command {
    let mut c = Command::cargo_bin("tingping").unwrap();
    c.env_remove("TINGPING_DB")
        .args(["--db", db.to_str().unwrap(), "--operator", "书记员甲"]);
    c
}

const HEAD: &str = "案号,案由,开庭日期,开庭时间,审判长,书记员,被告,法庭";

/// A schedule as a clerk exports it: a title row, the header with an extra column, a blank row,
/// dates and times in several forms, full-width digits, several agencies in one cell.
fn schedule_csv() -> String {
    [
        "2026年11月行政案件开庭排期表,,,,,,,,",
        "序号,案号,案由,开庭日期,开庭时间,审判长,书记员,被告,法庭,备注",
        "1,(2026)皖0104行初１０１号,不服行政处罚,2026/11/3,9点半,王法官,李书记,\"合肥市公安局、蜀山区人民政府\",第三法庭,",
        ",,,,,,,,,",
        "2,（2026）皖0104行初102号,不服征收决定,46330,14:00,赵法官,李书记,合肥市自然资源和规划局,第一法庭,加急",
        "3,（2026） 皖0104 行初 103 号,信息公开,2026年11月5日,9点,王法官,周书记,合肥市生态环境局；合肥市公安局,第三法庭,",
    ]
    .join("\n")
        + "\n"
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn stdout(c: &mut Command) -> (bool, String, String) {
    let out = c.output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn hearings(db: &Path) -> usize {
    let s = Store::open(db).unwrap();
    let mut n = 0;
    for case in [
        "（2026）皖0104行初101号",
        "（2026）皖0104行初102号",
        "（2026）皖0104行初103号",
    ] {
        n += s.hearings_by_case(case).unwrap().len();
    }
    n
}

#[test]
fn a_schedule_with_a_bom_a_title_and_blank_rows_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let file = write(
        dir.path(),
        "排期.csv",
        [b"\xEF\xBB\xBF".as_slice(), schedule_csv().as_bytes()].concat(),
    );
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("新增 3 件，更新 0 件，未变 0 件，未导入 0 行"),
        "{out}"
    );
    let s = Store::open(&db).unwrap();
    let h = s
        .hearings_by_case("（2026）皖0104行初101号")
        .unwrap()
        .remove(0);
    assert_eq!(
        (
            h.date.to_string().as_str(),
            h.start_time.as_str(),
            h.judge.as_str(),
            h.court.as_str()
        ),
        ("2026-11-03", "09:30", "王法官", "合肥市蜀山区人民法院")
    );
    let names: Vec<String> = s
        .appearances(h.id)
        .unwrap()
        .into_iter()
        .map(|a| a.agency_name)
        .collect();
    assert_eq!(names, vec!["合肥市公安局", "蜀山区人民政府"]);
    // the serial number 46330 is 2026-11-04
    assert_eq!(
        s.hearings_by_case("（2026）皖0104行初102号").unwrap()[0]
            .date
            .to_string(),
        "2026-11-04"
    );
    drop(s);
    // the same schedule again changes nothing
    let (ok, out, _) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(ok);
    assert!(
        out.contains("新增 0 件，更新 0 件，未变 3 件，未导入 0 行"),
        "{out}"
    );
    assert_eq!(hearings(&db), 3);
    // a new judge for one row: updated, said so with its row
    let changed = schedule_csv().replace("9点半,王法官", "9点半,孙法官");
    let file2 = write(dir.path(), "排期2.csv", changed);
    let (ok, out, _) = stdout(tp(&db).args(["schedule", "import", file2.to_str().unwrap()]));
    assert!(ok);
    assert!(out.contains("第3行 第2列（案号）：已更新：审判长"), "{out}");
    assert!(out.contains("新增 0 件，更新 1 件，未变 2 件"), "{out}");
    tp(&db).arg("verify").assert().success();
}

#[test]
fn a_gbk_schedule_reads_as_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let text = schedule_csv();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let file = write(dir.path(), "gbk.csv", gbk);
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("新增 3 件"), "{out}");
    let s = Store::open(&db).unwrap();
    assert_eq!(
        s.hearings_by_case("（2026）皖0104行初103号").unwrap()[0].cause,
        "信息公开"
    );
}

#[test]
fn wrong_rows_refuse_the_file_unless_skipped_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let text = [
        HEAD,
        "（2026）皖0104行初1号,案由,2026-11-31,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104行初2号,案由,2026-11-03,9点99,王,李,合肥市公安局,一庭",
        "（2026）皖0104行初3号,案由,2026-11-03,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104行初3号,案由,2026-11-03,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104行初4号,案由,2026-11-04,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104行初4号,案由,2026-11-04,10:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104行审5号,案由,2026-11-03,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0111行初6号,案由,2026-11-03,9:30,王,李,合肥市公安局,一庭",
        "（2026）皖0104民初7号,案由,2026-11-03,9:30,王,李,合肥市公安局,一庭",
    ]
    .join("\n");
    let file = write(dir.path(), "s.csv", text);
    let f = file.to_str().unwrap();
    // by default: every wrong cell named, nothing imported, an error exit
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", f]));
    assert!(!ok);
    assert!(
        out.contains("第2行 第3列（开庭日期）：日期“2026-11-31”无法识别"),
        "{out}"
    );
    assert!(
        out.contains("第3行 第4列（开庭时间）：时间“9点99”无法识别"),
        "{out}"
    );
    assert!(
        out.contains("第7行 第1列（案号）：与第6行是同一案号同日"),
        "{out}"
    );
    assert!(!out.contains("第10行"), "{out}");
    assert!(err.contains("3 处有误，未导入任何内容"), "{err}");
    assert_eq!(Store::open(&db).unwrap().list_count().unwrap(), 0);
    // a dry run reports the same and what the good rows would do, and writes nothing
    let (ok, out, _) = stdout(tp(&db).args(["schedule", "import", f, "--dry-run"]));
    assert!(!ok);
    assert!(out.contains("（试运行，未写入）新增 2 件"), "{out}");
    // the agencies it would make are named before anything is made
    assert!(out.contains("个机关名录中没有的被告机关"), "{out}");
    assert_eq!(Store::open(&db).unwrap().list_count().unwrap(), 0);
    assert!(
        Store::open(&db)
            .unwrap()
            .directory(chrono::Local::now().date_naive())
            .unwrap()
            .is_empty()
    );
    // --skip-invalid: the good rows in, the wrong ones and the ones not counted listed
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", f, "--skip-invalid"]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("第5行 第1列（案号）：与第4行重复"), "{out}");
    assert!(
        out.contains("第8行 第1列（案号）：不导入：") && out.contains("行审"),
        "{out}"
    );
    assert!(
        out.contains("第9行 第1列（案号）：不导入：") && out.contains("皖0111"),
        "{out}"
    );
    assert!(
        out.contains("第10行 第1列（案号）：不导入：") && out.contains("民初"),
        "{out}"
    );
    assert!(
        out.contains("新增 2 件，更新 0 件，未变 0 件，未导入 7 行"),
        "{out}"
    );
    // the same in English
    let (_, out, _) = stdout(tp(&db).args(["--lang", "en", "schedule", "import", f, "--dry-run"]));
    assert!(
        out.contains("row 2, column 3 (开庭日期): the date \"2026-11-31\" is not recognised"),
        "{out}"
    );
    assert!(
        out.contains("0 new, 0 updated, 2 unchanged, 7 refused"),
        "{out}"
    );
}

#[test]
fn missing_columns_are_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let file = write(
        dir.path(),
        "s.csv",
        "案号,开庭日期,被告\n（2026）皖0104行初1号,2026-11-03,合肥市公安局\n",
    );
    let (ok, _, err) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(!ok);
    assert!(
        err.contains("s.csv")
            && err.contains("第1行的表头缺少列：案由、开庭时间、审判长、书记员、法庭"),
        "{err}"
    );
    let file = write(dir.path(), "t.csv", "甲,乙\n1,2\n");
    let (ok, _, err) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(!ok && err.contains("找不到表头"), "{err}");
    assert_eq!(Store::open(&db).unwrap().list_count().unwrap(), 0);
}

#[test]
fn huge_files_huge_cells_controls_and_odd_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let run = |file: &Path| stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    // a file past the limit is refused before it is read (a sparse file: nothing is written)
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(tingping::import::FILE_MAX + 1)
        .unwrap();
    let (ok, _, err) = run(&big);
    assert!(
        !ok && err.contains("big.csv") && err.contains("字节"),
        "{err}"
    );
    // a cell past the limit: named, nothing imported
    let long = format!(
        "{HEAD}\n（2026）皖0104行初1号,{},2026-11-03,9:30,王,李,合肥市公安局,一庭\n",
        "很".repeat(tingping::domain::sheet::CELL_MAX + 1)
    );
    let (ok, out, _) = run(&write(dir.path(), "long.csv", long));
    assert!(
        !ok && out.contains("第2行 第2列（案由）：内容过长"),
        "{out}"
    );
    // a control character (an escape sequence): refused, never cleaned away silently
    let evil = format!(
        "{HEAD}\n（2026）皖0104行初1号,案由,2026-11-03,9:30,王\u{1b}[2J,李,合肥市公安局,一庭\n"
    );
    let (ok, out, _) = run(&write(dir.path(), "evil.csv", evil));
    assert!(
        !ok && out.contains("第2行 第5列（审判长）：含控制字符 U+001B"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
    // a line break inside a cell separates agencies
    let lines = format!(
        "{HEAD}\n（2026）皖0104行初1号,案由,2026-11-03,9:30,王,李,\"合肥市公安局\n合肥市民政局\",一庭\n"
    );
    let (ok, out, _) = run(&write(dir.path(), "lines.csv", lines));
    assert!(ok, "{out}");
    // neither a symlink nor a file of another kind is read
    #[cfg(unix)]
    {
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(dir.path().join("lines.csv"), &link).unwrap();
        let (ok, _, err) = run(&link);
        assert!(!ok && err.contains("不是普通文件"), "{err}");
    }
    let (ok, _, err) = run(&write(dir.path(), "s.xls", "x"));
    assert!(!ok && err.contains(".xlsx"), "{err}");
    let (ok, _, err) = run(&write(dir.path(), "bad.xlsx", "not a zip"));
    assert!(!ok && err.contains("不是有效的 .xlsx"), "{err}");
    let s = Store::open(&db).unwrap();
    assert_eq!(s.list_count().unwrap(), 2);
}

/// An xlsx as a court makes it: a merged title over the header, real date cells, serial numbers
/// typed as numbers, a time as a fraction of a day, a blank row, a second sheet.
fn schedule_xlsx(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.set_name("十一月").unwrap();
    s.merge_range(
        0,
        0,
        0,
        8,
        "蜀山区人民法院 2026年11月 行政案件开庭排期",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in [
        "案号",
        "案由",
        "日期",
        "时间",
        "承办法官",
        "书记员",
        "被告机关",
        "地点",
        "重点案件类型",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let time = Format::new().set_num_format("hh:mm");
    s.write_string(2, 0, "（2026）皖0104行初201号").unwrap();
    s.write_string(2, 1, "不服行政处罚").unwrap();
    s.write_datetime_with_format(2, 2, ExcelDateTime::from_ymd(2026, 11, 3).unwrap(), &date)
        .unwrap();
    s.write_datetime_with_format(2, 3, ExcelDateTime::from_hms(9, 30, 0).unwrap(), &time)
        .unwrap();
    s.write_string(2, 4, "王法官").unwrap();
    s.write_string(2, 5, "李书记").unwrap();
    s.write_string(2, 6, "合肥市生态环境局").unwrap();
    s.write_string(2, 7, "第三法庭").unwrap();
    s.write_string(2, 8, "生态环境和资源保护").unwrap();
    // row 4 blank; row 5: the date a serial number typed as a number
    s.write_string(4, 0, "(2026)皖0104行初202号").unwrap();
    s.write_string(4, 1, "不服征收决定").unwrap();
    s.write_number(4, 2, 46331).unwrap();
    s.write_string(4, 3, "14点").unwrap();
    s.write_string(4, 4, "赵法官").unwrap();
    s.write_string(4, 6, "蜀山区人民政府").unwrap();
    let other = book.add_worksheet();
    other.set_name("十二月").unwrap();
    for (c, h) in [
        "案号",
        "案由",
        "开庭日期",
        "开庭时间",
        "审判长",
        "书记员",
        "被告",
        "法庭",
    ]
    .iter()
    .enumerate()
    {
        other.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        "（2026）皖0104行初301号",
        "案由",
        "2026-12-01",
        "9:00",
        "王",
        "李",
        "合肥市公安局",
        "一庭",
    ]
    .iter()
    .enumerate()
    {
        other.write_string(1, c as u16, *v).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn an_xlsx_with_a_merged_title_and_date_cells_and_a_named_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let file = dir.path().join("排期.xlsx");
    schedule_xlsx(&file);
    let f = file.to_str().unwrap();
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", f]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("新增 2 件"), "{out}");
    let s = Store::open(&db).unwrap();
    let h = s
        .hearings_by_case("（2026）皖0104行初201号")
        .unwrap()
        .remove(0);
    assert_eq!(
        (h.date.to_string().as_str(), h.start_time.as_str()),
        ("2026-11-03", "09:30")
    );
    assert_eq!(
        h.key_category,
        tingping::domain::model::KeyCategory::Environment
    );
    let h = s
        .hearings_by_case("（2026）皖0104行初202号")
        .unwrap()
        .remove(0);
    assert_eq!(
        (
            h.date.to_string().as_str(),
            h.start_time.as_str(),
            h.clerk.as_str()
        ),
        ("2026-11-05", "14:00", "")
    );
    drop(s);
    let (ok, out, _) = stdout(tp(&db).args(["schedule", "import", f, "--sheet", "十二月"]));
    assert!(ok && out.contains("新增 1 件"), "{out}");
    let (ok, _, err) = stdout(tp(&db).args(["schedule", "import", f, "--sheet", "一月"]));
    assert!(
        !ok && err.contains("没有名为“一月”的工作表（有：十一月、十二月）"),
        "{err}"
    );
}

#[test]
fn the_agency_directory_imports_lists_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let directory = write(
        dir.path(),
        "名录.csv",
        "机关名称,简称,层级,地区,所属政府\n\
         合肥市自然资源和规划局,市资规局、合肥资规局,市,合肥市,合肥市人民政府\n\
         合肥市国土资源局,,市级,合肥市,合肥市人民政府\n\
         蜀山区人民政府,蜀山区政府,县,蜀山区,\n",
    );
    let (ok, out, err) = stdout(tp(&db).args(["agencies", "import", directory.to_str().unwrap()]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("新增 3 个机关，更新 0 个，未变 0 个"), "{out}");
    // a schedule naming agencies by their short names finds them
    let sched = write(
        dir.path(),
        "s.csv",
        format!(
            "{HEAD}\n（2026）皖0104行初1号,案由,2026-11-03,9:30,王,李,市资规局,一庭\n\
             （2026）皖0104行初2号,案由,2026-11-04,9:30,王,李,合肥市国土资源局,一庭\n"
        ),
    );
    tp(&db)
        .args(["schedule", "import", sched.to_str().unwrap()])
        .assert()
        .success();
    let (ok, out, _) = stdout(tp(&db).args(["agencies", "--json"]));
    assert!(ok);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let zg = rows
        .iter()
        .find(|r| r["name"] == "合肥市自然资源和规划局")
        .unwrap();
    assert_eq!(zg["aliases"], serde_json::json!(["合肥资规局", "市资规局"]));
    assert_eq!(
        (zg["level"].as_str(), zg["uses"].as_i64()),
        (Some("city"), Some(1))
    );
    // a wrong directory row: named, nothing changed
    let bad = write(
        dir.path(),
        "bad.csv",
        "名称,简称,层级\n合肥市公安局,市资规局,部\n",
    );
    let (ok, out, _) = stdout(tp(&db).args(["agencies", "import", bad.to_str().unwrap()]));
    assert!(!ok);
    assert!(
        out.contains("第2行 第3列（层级）：层级“部”无法识别"),
        "{out}"
    );
    // a merge: refused without a reason; then made, logged, verified
    tp(&db)
        .args([
            "agencies",
            "merge",
            "合肥市国土资源局",
            "合肥市自然资源和规划局",
            "--reason",
            "",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("理由"));
    let (ok, out, err) = stdout(tp(&db).args([
        "agencies",
        "merge",
        "合肥市国土资源局",
        "市资规局",
        "--reason",
        "2019年机构改革",
    ]));
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("已将“合肥市国土资源局”并入“合肥市自然资源和规划局”：移动出庭记录 1 条"),
        "{out}"
    );
    let (_, out, _) = stdout(tp(&db).args(["history", "(2026)皖0104行初2号"]));
    assert!(
        out.contains("合肥市国土资源局 → 合肥市自然资源和规划局") && out.contains("2019年机构改革"),
        "{out}"
    );
    tp(&db).arg("verify").assert().success();
    let (_, out, _) = stdout(tp(&db).args(["agencies"]));
    assert!(
        out.lines().count() == 3 && out.contains("合肥市国土资源局、合肥资规局、市资规局"),
        "{out}"
    );
}

/// A zip entry's uncompressed size, as its local header and the central directory say it,
/// rewritten to `said` (what a zip bomb does: its part claims a few bytes and inflates to many).
fn claim_size(zip: &mut [u8], name: &str, said: u32) {
    let name = name.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let sig = &zip[i..i + 4];
        if sig == b"PK\x03\x04" {
            let n = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if zip.get(i + 30..i + 30 + n) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&said.to_le_bytes());
                patched += 1;
            }
        } else if sig == b"PK\x01\x02" {
            let n = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if zip.get(i + 46..i + 46 + n) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&said.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    assert_eq!(patched, 2, "the entry's two headers");
}

/// A sheet that says it unpacks to 5 000 bytes and inflates to megabytes is stopped as it
/// inflates, not read whole: refused as too large, the database untouched.
#[test]
fn an_xlsx_whose_parts_lie_about_their_size_is_not_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let path = dir.path().join("bomb.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "案号").unwrap();
    // (one cell of 30 000 characters a row, 100 rows: 3 MB that compress to almost nothing)
    let filler = "庭".repeat(30_000);
    for r in 1..=100 {
        s.write_string(r, 0, &filler).unwrap();
    }
    let mut bytes = book.save_to_buffer().unwrap();
    claim_size(&mut bytes, "xl/worksheets/sheet1.xml", 5_000);
    std::fs::write(&path, &bytes).unwrap();
    let (ok, _, err) =
        stdout(tp(&db).args(["schedule", "import", path.to_str().unwrap(), "--dry-run"]));
    assert!(!ok);
    assert!(err.contains("解压后超过"), "{err}");
    assert_eq!(hearings(&db), 0);
}

/// A schedule whose hearing date and judge are merged over the day's two hearings (as courts lay
/// them out), and whose cause is a formula.
fn merged_xlsx(path: &Path, formula_result: bool) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in [
        "案号",
        "案由",
        "日期",
        "时间",
        "承办法官",
        "被告机关",
        "书记员",
        "法庭",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    s.merge_range(1, 2, 2, 2, "", &date).unwrap();
    s.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2026, 11, 3).unwrap(), &date)
        .unwrap();
    s.merge_range(1, 4, 2, 4, "王法官", &Format::new()).unwrap();
    for (r, case, time, agency) in [
        (1, "（2026）皖0104行初401号", "09:00", "合肥市生态环境局"),
        (2, "（2026）皖0104行初402号", "14:30", "合肥市公安局"),
    ] {
        s.write_string(r, 0, case).unwrap();
        s.write_string(r, 3, time).unwrap();
        s.write_string(r, 5, agency).unwrap();
        s.write_string(r, 6, "李书记").unwrap();
        s.write_string(r, 7, "第三法庭").unwrap();
    }
    s.write_string(1, 1, "不服行政处罚").unwrap();
    let f = Formula::new("=B2").set_result("不服行政处罚");
    s.write_formula(2, 1, f).unwrap();
    book.save(path).unwrap();
    if !formula_result {
        // as a program that writes formulas without computing them leaves it: no <v> after <f>
        let bytes = std::fs::read(path).unwrap();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(text).unwrap();
                let at = xml.find("</f>").unwrap() + 4;
                let end = xml[at..].find("</c>").unwrap() + at;
                text = format!("{}{}", &xml[..at], &xml[end..]).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, &text).unwrap();
        }
        out.finish().unwrap();
    }
}

#[test]
fn merged_cells_hold_their_value_in_each_row_and_a_formula_without_a_result_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tp.db");
    let file = dir.path().join("merged.xlsx");
    merged_xlsx(&file, true);
    let (ok, out, err) = stdout(tp(&db).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(ok && out.contains("新增 2 件"), "{out}{err}");
    let s = Store::open(&db).unwrap();
    for case in ["（2026）皖0104行初401号", "（2026）皖0104行初402号"] {
        let h = s.hearings_by_case(case).unwrap().remove(0);
        assert_eq!(
            (h.date.to_string(), h.judge.as_str(), h.cause.as_str()),
            ("2026-11-03".to_string(), "王法官", "不服行政处罚"),
            "{case}"
        );
    }
    // the same file as a program that does not compute formulas writes it: refused, naming the
    // cell and what to do, and nothing imported
    let db2 = dir.path().join("tp2.db");
    let file = dir.path().join("uncomputed.xlsx");
    merged_xlsx(&file, false);
    let (ok, out, err) = stdout(tp(&db2).args(["schedule", "import", file.to_str().unwrap()]));
    assert!(!ok, "{out}");
    assert!(
        err.contains("第3行 第2列是公式") && err.contains("保存"),
        "{err}"
    );
    assert!(!err.contains("必填"), "{err}");
}
