//! The evaluation sheet's text, worked out by hand from what the test records.

use super::*;
use crate::domain::model::*;
use crate::domain::rubric::Rubric;
use crate::store::Moment;

/// The text of a .docx's body, its runs joined.
pub(crate) fn docx_text(path: &Path) -> String {
    let mut zip = zip4::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut text = String::new();
    for part in xml.split("<w:t").skip(1) {
        if let (Some(start), Some(end)) = (part.find('>'), part.find("</w:t>"))
            && start < end
        {
            text.push_str(&part[start + 1..end]);
            text.push('|');
        }
    }
    text
}

fn at(ms: i64) -> Moment {
    Moment {
        elapsed_ms: ms,
        at: "2026-11-10T09:35:00+08:00".into(),
    }
}

/// A hearing whose head was scored live, then finalized, amended and, later, performed; beside
/// it a draft and an absence.
fn court(dir: &Path) -> (Store, i64, i64, i64) {
    let mut s = Store::open(&dir.join("tp.db")).unwrap();
    let rubric = Rubric::default_rubric();
    let h = s
        .insert_hearing(
            &crate::list_tests::input("（2026）皖0104行初7号", "2026-11-10", "09:30"),
            &[
                "合肥市城乡建设局".into(),
                "合肥市自然资源和规划局".into(),
                "合肥市生态环境局".into(),
            ],
        )
        .unwrap();
    let all = s.appearances(h).unwrap();
    let mut head = all[0].clone();
    head.person = "张三".into();
    head.title = "局长".into();
    head.category = AppearCategory::Principal;
    s.update_appearance(&head).unwrap();
    let e = s.evaluation_for(head.id, &rubric).unwrap().id;
    s.start_live(h, 1_800_000_000_000).unwrap();
    s.record_stage(e, crate::domain::live::Stage::Investigation, &at(60_000))
        .unwrap();
    s.record_mark(e, "phone", &at(125_000)).unwrap();
    s.record_note(e, "负责人当庭表示愿意协调", &at(1_930_000))
        .unwrap();
    s.set_mark(e, "pretrial_coordination", 9).unwrap();
    s.set_mark(e, "in_court_stance", 8).unwrap();
    s.set_mark(e, "resolution_view", 1).unwrap();
    s.set_comment(e, "发言充分，态度积极。").unwrap();
    s.finalize(e, "王审判").unwrap();
    s.amend(
        head.id,
        &[("title".into(), "代局长".into())],
        "职务记录有误",
        "王审判",
    )
    .unwrap();
    s.record_performance(
        e,
        "on_time",
        "李书记",
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    )
    .unwrap();
    // a deputy scored, not finalized
    let mut deputy = all[1].clone();
    deputy.person = "李四".into();
    deputy.category = AppearCategory::Deputy;
    s.update_appearance(&deputy).unwrap();
    let d = s.evaluation_for(deputy.id, &rubric).unwrap().id;
    s.set_mark(d, "phone", 1).unwrap();
    // nobody came for the third
    let mut absent = all[2].clone();
    absent.category = AppearCategory::Nobody;
    s.update_appearance(&absent).unwrap();
    (s, head.id, deputy.id, absent.id)
}

#[test]
fn a_sheet_reads_every_fact_of_a_live_scored_amended_performed_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let (s, head, _, _) = court(dir.path());
    let sheets = sheets(&s, "合肥市蜀山区人民法院", &[head]).unwrap();
    let path = write(dir.path(), "one", &sheets, false).unwrap();
    let text = docx_text(&path);
    for want in [
        "合肥市蜀山区人民法院|行政机关负责人出庭应诉评议表|",
        "案号|（2026）皖0104行初7号|案由|不服行政处罚决定|",
        "开庭日期|2026-11-10 09:30|",
        "审判长|王审判|书记员|李书记|",
        "被告机关|合肥市城乡建设局|",
        "出庭人姓名|张三|职务|代局长|出庭人类别|正职（主要负责人）|已通知出庭|是|",
        // the live press with its elapsed time and stage, and the deduction it made
        "使用手机|1次|−3|00:02:05 法庭调查 使用手机 ×1|",
        "庭前协调|9分|+9|",
        // a note on no item
        "庭审笔记|",
        "00:32:10 法庭调查 负责人当庭表示愿意协调|",
        "点评|发言充分，态度积极。|",
        "判决履行情况|按期履行（2026-12-01由李书记记录）|",
        "修订记录|职务：局长 → 代局长（理由：职务记录有误；王审判确认，",
        "定稿|王审判，",
        "审判长：＿＿＿＿＿＿　　书记员：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿|",
    ] {
        assert!(text.contains(want), "{want}\nin\n{text}");
    }
    assert!(!text.contains("（草稿）"), "{text}");
    // readable by its owner only: it names people
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&path).unwrap().permissions())
            & 0o777,
        0o600
    );
}

#[test]
fn a_draft_is_marked_and_an_absence_has_its_situation_without_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (s, head, deputy, absent) = court(dir.path());
    let sheets = sheets(&s, "合肥市蜀山区人民法院", &[head, deputy, absent]).unwrap();
    assert_eq!(sheets.len(), 3);
    assert_eq!(sheets[1].mark, "（草稿）");
    assert!(
        sheets[1]
            .closing
            .iter()
            .any(|(l, v)| l == "定稿" && v == "未定稿")
    );
    let absence = &sheets[2];
    assert!(absence.dimensions.is_empty() && absence.marks_heading.is_empty());
    assert!(
        absence.closing.iter().any(|(l, v)| l == "应予通报情形"
            && v == "无正当理由不出庭或理由不成立（第十二条第一款第（一）项）；\
                     负责人和工作人员均未出庭（第十二条第一款第（三）项）"),
        "{:?}",
        absence.closing
    );
    // one document, each sheet from a new page
    let path = write(dir.path(), "month", &sheets, false).unwrap();
    let mut zip = zip4::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert_eq!(xml.matches("w:pageBreakBefore").count(), 2);
    assert_eq!(
        docx_text(&path)
            .matches("行政机关负责人出庭应诉评议表")
            .count(),
        3
    );
}

#[test]
fn someone_not_scored_yet_is_said_and_a_link_in_the_way_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _, _, _) = court(dir.path());
    let h = s
        .insert_hearing(
            &crate::list_tests::input("（2026）皖0104行初8号", "2026-11-12", "14:30"),
            &["合肥市城乡建设局".into()],
        )
        .unwrap();
    let mut a = s.appearances(h).unwrap()[0].clone();
    a.person = "王五".into();
    a.category = AppearCategory::Deputy;
    s.update_appearance(&a).unwrap();
    let sheets = sheets(&s, "合肥市蜀山区人民法院", &[a.id]).unwrap();
    assert_eq!(sheets[0].mark, "（未评议）");
    // a file of someone else's where the sheet goes, through a link: left as it was
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "不得改动").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, out.join("s.docx")).unwrap();
    let path = write(&out, "s", &sheets, false).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "不得改动");
    assert!(
        !std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(docx_text(&path).contains("（未评议）"));
    // a folder that is a link is refused, as for an export
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&out, dir.path().join("linked")).unwrap();
        assert!(write(&dir.path().join("linked"), "s", &sheets, false).is_err());
    }
}
