//! A judicial suggestion from the records to the reply, its document's text worked out by hand.

use super::*;
use crate::domain::model::AppearCategory;
use crate::domain::suggestion::Status;
use crate::report::sheet::tests::docx_text;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two hearings where 合肥市蜀山区自然资源局 sent nobody and only a lawyer, and one where its head
/// appeared: (court, the absences, the head's appearance).
fn court(dir: &Path) -> (Court, Vec<i64>, i64) {
    let mut s = Store::open(&dir.join("tp.db")).unwrap();
    s.set_operator("书记员甲").unwrap();
    let mut ids = Vec::new();
    for (case, date, category) in [
        (
            "（2026）皖0104行初101号",
            "2026-11-03",
            AppearCategory::Nobody,
        ),
        (
            "（2026）皖0104行初102号",
            "2026-11-05",
            AppearCategory::LawyerOnly,
        ),
        (
            "（2026）皖0104行初103号",
            "2026-11-06",
            AppearCategory::Principal,
        ),
    ] {
        let h = s
            .insert_hearing(
                &crate::list_tests::input(case, date, "09:30"),
                &["合肥市蜀山区自然资源局".into()],
            )
            .unwrap();
        let mut a = s.appearances(h).unwrap().remove(0);
        a.category = category;
        s.update_appearance(&a).unwrap();
        ids.push(a.id);
    }
    let head = ids.pop().unwrap();
    (Court::from(s), ids, head)
}

#[test]
fn a_suggestion_drafted_sent_and_replied_reads_every_fact_and_is_counted_in_its_period() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let (mut c, absences, head) = court(dir.path());
    let tpl = Template::default_template();
    let rules = SuggestionRules {
        tpl: &tpl,
        court: "合肥市蜀山区人民法院",
        supervisory: "合肥市蜀山区监察委员会",
        reply_days: 60,
        shared_group: false,
    };
    let today = day("2026-12-08");
    // the month's candidates: the two absences, not the head who appeared
    let found = c
        .suggestion_candidates(
            day("2026-11-01"),
            day("2026-11-30"),
            Some("合肥市蜀山区自然资源局"),
        )
        .unwrap();
    let ids: Vec<i64> = found.iter().map(|f| f.concerned.appearance_id).collect();
    assert_eq!(ids, absences);
    assert!(c.situations(head).unwrap().is_empty());

    // neither a 上一级行政机关 nor a government entered: refused, saying how to enter one
    let agency = c.store.appearance(absences[0]).unwrap().agency_id;
    let e = c
        .draft_suggestion(
            &absences,
            RecipientKind::Superior,
            None,
            "王审判",
            day("2026-11-10"),
            &rules,
        )
        .unwrap_err();
    let e = crate::i18n::Render::text(&tingping_core::msg::Told::told(&e));
    assert!(
        e.contains("tingping agencies superior") && e.contains("合肥市蜀山区自然资源局"),
        "{e}"
    );
    assert!(c.suggestions(today).unwrap().is_empty());
    // the 监察机关 is the configured one
    let to = c
        .suggestion_recipient(agency, RecipientKind::Supervisory, None, &rules)
        .unwrap();
    assert_eq!(to, "合肥市蜀山区监察委员会");
    assert_eq!(
        c.set_agency_superior("合肥市蜀山区自然资源局", "合肥市自然资源和规划局")
            .unwrap(),
        "合肥市蜀山区自然资源局"
    );
    let id = c
        .draft_suggestion(
            &absences,
            RecipientKind::Superior,
            None,
            "王审判",
            day("2026-11-10"),
            &rules,
        )
        .unwrap();
    let s = c.suggestion(id).unwrap();
    assert_eq!(s.recipient, "合肥市自然资源和规划局");
    assert_eq!(s.cc, ["合肥市蜀山区自然资源局", "合肥市中级人民法院"]);
    assert_eq!(
        s.texts.facts,
        "1. 2026年11月3日，本院开庭审理（2026）皖0104行初101号一案，合肥市蜀山区自然资源局存在《规定》第十二条第一款所列情形：\
         无正当理由不出庭或理由不成立（第十二条第一款第（一）项）；负责人和工作人员均未出庭（第十二条第一款第（三）项）。\n\
         2. 2026年11月5日，本院开庭审理（2026）皖0104行初102号一案，合肥市蜀山区自然资源局存在《规定》第十二条第一款所列情形：\
         无正当理由不出庭或理由不成立（第十二条第一款第（一）项）；负责人和工作人员均未出庭（第十二条第一款第（三）项）。"
    );

    // the draft's document: marked, its number blank, the reply counted from receipt
    let draft = docx_text(&c.print_suggestion(id, dir.path(), &rules).unwrap());
    for want in [
        "合肥市蜀山区人民法院|",
        "蜀法建〔2026〕\u{3000}\u{3000}号|",
        "司法建议书（草稿）|",
        "合肥市自然资源和规划局：|",
        "本院在审理（2026）皖0104行初101号、（2026）皖0104行初102号行政诉讼案件过程中，发现合肥市蜀山区自然资源局",
        "一、基本情况|",
        "二、存在的问题|",
        "三、原因分析|",
        "四、司法建议|",
        "二是对上述情形进行核查，督促合肥市蜀山区自然资源局及有关人员认真整改。|",
        "请自收到本建议书之日起60日内将采纳本建议及整改落实情况书面回复本院。|",
        "2026年11月10日|",
    ] {
        assert!(draft.contains(want), "{want} in {draft}");
    }

    // sent by a judge: numbered, the deadline 60 days on
    let number = c
        .send_suggestion(id, day("2026-11-12"), None, "王审判", today, &rules)
        .unwrap();
    assert_eq!(number, "蜀法建〔2026〕1号");
    let sent_path = c.print_suggestion(id, dir.path(), &rules).unwrap();
    assert!(sent_path.ends_with("sifajianyi-1.docx"), "{sent_path:?}");
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&sent_path).unwrap().permissions()
        ) & 0o777,
        0o600
    );
    let sent = docx_text(&sent_path);
    for want in [
        "蜀法建〔2026〕1号|",
        "司法建议书|",
        "请于2027年1月11日前将采纳本建议及整改落实情况书面回复本院。|",
        "2026年11月12日|",
        "合肥市蜀山区自然资源局，合肥市中级人民法院。|",
    ] {
        assert!(sent.contains(want), "{want} in {sent}");
    }
    assert!(!sent.contains("草稿"), "{sent}");

    // the reply, then the period's counts: sent in November, replied in December
    c.record_suggestion_reply(
        id,
        day("2026-12-01"),
        "已约谈该局负责人，建立出庭应诉台账。",
        today,
    )
    .unwrap();
    assert_eq!(c.suggestion(id).unwrap().status, Status::Replied);
    let month = |m: &str| {
        let p = crate::domain::period::Period::parse(m).unwrap();
        crate::report::reports(
            &c.store,
            "合肥市蜀山区人民法院",
            &[crate::store::batch::Source::Report(p)],
        )
        .unwrap()
        .remove(0)
    };
    let q4 = month("2026-Q4");
    assert_eq!(
        (q4.total.suggestions_sent, q4.total.suggestions_replied),
        (1, 1)
    );
    let gov = c.store.agency(agency).unwrap().government;
    assert_eq!(q4.by_government[&gov].suggestions_sent, 1);
    let q3 = month("2026-Q3");
    assert_eq!(
        (q3.total.suggestions_sent, q3.total.suggestions_replied),
        (0, 0)
    );
    assert!(matches!(
        c.store.verify().unwrap(),
        crate::store::audit::Verified::Ok { .. }
    ));
}
