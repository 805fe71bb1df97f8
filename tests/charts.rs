//! The workbook's 图表 sheet read back as its reader's Excel reads it: the chart parts are there,
//! each series points at the cells of its table, and those cells hold the registry's figures.

use std::io::Read;
use std::path::{Path, PathBuf};
use tingping::domain::model::AppearCategory;
use tingping::domain::period::Period;
use tingping::domain::rubric::Rubric;
#[allow(unused_imports)]
use tingping::i18n::prelude::*;
use tingping::report::{self, Format, Options, docx::Template};
use tingping_store::{HearingInput, Store};

const ISSUER: report::Issuer = report::Issuer {
    name: "合肥市蜀山区人民法院",
    code: "皖0104",
    government: "蜀山区人民政府",
};

fn hearing(
    store: &mut Store,
    rubric: &Rubric,
    n: u32,
    date: &str,
    agency: &str,
    c: AppearCategory,
) {
    let input = HearingInput {
        case_number: format!("（2026）皖0104行初{n}号"),
        cause: "不服行政处罚决定".into(),
        court: ISSUER.name.into(),
        judge: "王审判".into(),
        clerk: "李书记".into(),
        date: date.into(),
        start_time: "09:30".into(),
        ..Default::default()
    };
    let h = store.insert_hearing(&input, &[agency.to_string()]).unwrap();
    let mut a = store.appearances(h).unwrap().remove(0);
    a.category = c;
    if c.scorable() {
        a.person = "张建国".into();
        a.title = "局长".into();
    }
    store.update_appearance(&a).unwrap();
    if c.scorable() {
        let e = store.evaluation_for(a.id, rubric).unwrap().id;
        store.finalize(e, "王审判").unwrap();
    }
}

fn export(store: &mut Store, rubric: &Rubric, period: &str, out: &Path) -> PathBuf {
    report::export(
        store,
        &ISSUER,
        rubric,
        &Template::default_template(),
        &Period::parse(period).unwrap(),
        Options {
            out: out.to_path_buf(),
            formats: vec![Format::Xlsx],
            progress: &mut |_| {},
            fail_after: None,
            today: chrono::NaiveDate::from_ymd_opt(2027, 1, 15),
            shared_group: false,
            draft: false,
            before_claim: None,
        },
        None,
    )
    .unwrap()
    .folder
    .join(format!("tongbao-{period}.xlsx"))
}

fn part(xlsx: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

/// The `<c:f>` ranges of a chart part, in order.
fn ranges(xml: &str) -> Vec<String> {
    xml.split("<c:f>")
        .skip(1)
        .map(|s| s.split("</c:f>").next().unwrap().to_string())
        .collect()
}

#[test]
fn a_months_workbook_charts_the_year_its_grades_and_its_governments() {
    tingping::i18n::set_lang(tingping::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("tp.db")).unwrap();
    store.set_scope(tingping::domain::scope::Scope {
        government: ISSUER.government.into(),
        ..Default::default()
    });
    let rubric = Rubric::default_rubric();
    use AppearCategory::*;
    hearing(
        &mut store,
        &rubric,
        1,
        "2026-10-09",
        "合肥市公安局",
        Principal,
    );
    hearing(
        &mut store,
        &rubric,
        2,
        "2026-10-21",
        "合肥市生态环境局",
        Principal,
    );
    hearing(
        &mut store,
        &rubric,
        3,
        "2026-11-03",
        "合肥市公安局",
        Principal,
    );
    hearing(&mut store, &rubric, 4, "2026-11-05", "合肥市公安局", Deputy);
    hearing(
        &mut store,
        &rubric,
        5,
        "2026-11-10",
        "蜀山区城市管理局",
        Nobody,
    );
    hearing(
        &mut store,
        &rubric,
        6,
        "2026-11-12",
        "蜀山区城市管理局",
        Staff,
    );
    let out = tempfile::tempdir().unwrap();
    export(&mut store, &rubric, "2026-10", out.path());
    let xlsx = export(&mut store, &rubric, "2026-11", out.path());

    // the parts: three charts in one drawing, on the sheet named 图表
    let workbook = part(&xlsx, "xl/workbook.xml").unwrap();
    assert!(workbook.contains("name=\"图表\""), "{workbook}");
    for n in 1..=3 {
        assert!(
            part(&xlsx, &format!("xl/charts/chart{n}.xml")).is_some(),
            "chart{n}"
        );
    }
    assert!(part(&xlsx, "xl/drawings/drawing1.xml").is_some());
    assert!(part(&xlsx, "xl/charts/chart4.xml").is_none());

    // the months: 2025-11 … 2026-11 in A4:A16, 出庭率 in B, 正职出庭率 in C (headers in row 3)
    let by_month = part(&xlsx, "xl/charts/chart1.xml").unwrap();
    assert!(by_month.contains("<c:barDir val=\"col\"/>"));
    assert_eq!(
        ranges(&by_month),
        [
            "图表!$B$3",
            "图表!$A$4:$A$16",
            "图表!$B$4:$B$16",
            "图表!$C$3",
            "图表!$A$4:$A$16",
            "图表!$C$4:$C$16",
        ]
    );
    // the grades (4 of the default rubric) from row 19, the governments from row 25
    assert_eq!(
        ranges(&part(&xlsx, "xl/charts/chart2.xml").unwrap()),
        ["图表!$B$18", "图表!$A$19:$A$22", "图表!$B$19:$B$22"]
    );
    let governments = part(&xlsx, "xl/charts/chart3.xml").unwrap();
    assert!(governments.contains("<c:barDir val=\"bar\"/>"));
    assert_eq!(
        ranges(&governments),
        ["图表!$B$24", "图表!$A$25", "图表!$B$25"]
    );

    // the cells those ranges name
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("图表").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(2, 1), Data::String("负责人出庭率".into()));
    assert_eq!(cell(3, 0), Data::String("2025-11".into()));
    assert_eq!(cell(15, 0), Data::String("2026-11".into()));
    // no notice before October: no figure, a gap in the chart
    assert_eq!(cell(3, 1), Data::Empty);
    // October as its notice stated it, November as this one states it (2/4, 1/4)
    assert_eq!(cell(14, 1), Data::Float(1.0));
    assert_eq!(cell(14, 2), Data::Float(1.0));
    assert_eq!(cell(15, 1), Data::Float(0.5));
    assert_eq!(cell(15, 2), Data::Float(0.25));
    // three evaluations graded in November
    let graded: f64 = (18..22)
        .map(|r| match cell(r, 1) {
            Data::Float(x) => x,
            other => panic!("{other:?}"),
        })
        .sum();
    assert_eq!(graded, 3.0);
    // one government (a one-cell range is written as the cell), its 出庭率 2/4
    assert_eq!(cell(24, 0), Data::String("蜀山区人民政府".into()));
    assert_eq!(cell(24, 1), Data::Float(0.5));
}
