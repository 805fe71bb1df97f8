//! The 考核 scorecard of a justice bureau (皖司发〔2022〕9号 §15): per agency, the courts' figures
//! from the batches imported (出庭率, 正职出庭率, 出声率, 化解率, art 12 situations — each counted by
//! the registry's own builder), the bureau's video spot checks and the public's satisfaction,
//! and a composite by the configured weights.

use crate::domain::bureau::{self, AgencyLine, Difference, Part, Rating, Scorecard, Weights};
use crate::domain::indicators::{Builder, Rate};
use crate::domain::period::Period;
use crate::i18n::prelude::*;
use crate::store::{Store, StoreError};
use std::collections::BTreeMap;

fn part(r: Rate) -> Part {
    Part {
        num: r.num as f64,
        den: r.den as f64,
    }
}

/// The scorecard of `period` for the agencies of `governments` (all when empty).
pub fn scorecard(
    store: &Store,
    org: &str,
    period: &Period,
    governments: &[String],
    weights: &Weights,
    margin: i64,
) -> Result<Scorecard, StoreError> {
    let records = store.imported_between(period.from, period.to, governments)?;
    // each agency's records through the registry's builder: the same rules as the notice's
    let mut builders: BTreeMap<String, (String, Builder, Vec<String>)> = BTreeMap::new();
    for i in &records {
        let (_, b, ids) = builders
            .entry(i.record.agency.clone())
            .or_insert_with(|| (i.record.government.clone(), Builder::default(), Vec::new()));
        b.add(&i.record);
        ids.push(format!("{}:{}", i.court_code, i.record.id));
    }
    // a case settled or withdrawn is settled for each of its agencies (the notice's rule)
    let settled: std::collections::HashSet<&str> = records
        .iter()
        .filter(|i| i.record.eval.as_ref().is_some_and(|e| e.settled))
        .map(|i| i.record.case_number.as_str())
        .collect();
    let mut lines: BTreeMap<String, AgencyLine> = builders
        .into_iter()
        .map(|(agency, (government, mut b, ids))| {
            b.settle(|case| settled.contains(case));
            let ind = b.finish();
            let line = AgencyLine {
                agency: agency.clone(),
                government,
                appearances: ind.appearances,
                appearance: part(ind.heads_appeared),
                principal: part(ind.principal_appeared),
                spoke: part(ind.heads_spoke),
                resolution: part(ind.cases_settled),
                art12: ind.art12,
                reviews: 0,
                spot_check: Part::default(),
                satisfied: 0,
                basic: 0,
                dissatisfied: 0,
                satisfaction: Part::default(),
                composite: None,
                records: ids,
                review_ids: Vec::new(),
                response_ids: Vec::new(),
            };
            (agency, line)
        })
        .collect();
    // each appearance's agency as the courts report it now (a correction may have changed it
    // since a review or a response was kept)
    let agency_of: std::collections::HashMap<(&str, &str), &str> = records
        .iter()
        .map(|i| {
            (
                (i.court_code.as_str(), i.record.id.as_str()),
                i.record.agency.as_str(),
            )
        })
        .collect();
    // the bureau's finalized reviews, and where they differ from the court's evaluation
    let mut differences = Vec::new();
    for (review, _) in store.final_reviews(period.from, period.to)? {
        let agency = agency_of
            .get(&(review.court_code.as_str(), review.uid.as_str()))
            .copied()
            .unwrap_or(review.agency.as_str());
        let Some(line) = lines.get_mut(agency) else {
            continue;
        };
        line.reviews += 1;
        line.review_ids.push(review.id);
        line.spot_check.num += review.total() as f64;
        line.spot_check.den += 100.0;
        if let Some(court) = records
            .iter()
            .find(|i| i.court_code == review.court_code && i.record.id == review.uid)
            .and_then(|i| i.record.eval.as_ref())
            .and_then(|e| e.total_tenths)
            && bureau::differs(court, review.total(), margin)
        {
            differences.push(Difference {
                court_code: review.court_code.clone(),
                case_number: review.case_number.clone(),
                agency: agency.to_string(),
                court_total: court as f64 / 10.0,
                bureau_total: review.total(),
            });
        }
    }
    for a in store.satisfaction_between(period.from, period.to)? {
        let agency = agency_of
            .get(&(a.court_code.as_str(), a.uid.as_str()))
            .copied()
            .unwrap_or(a.agency.as_str());
        let (id, rating) = (a.id, a.rating);
        let Some(line) = lines.get_mut(agency) else {
            continue;
        };
        line.response_ids.push(id);
        match rating {
            Rating::Satisfied => line.satisfied += 1,
            Rating::Basic => line.basic += 1,
            Rating::Dissatisfied => line.dissatisfied += 1,
        }
        line.satisfaction.den += 1.0;
        line.satisfaction.num += match rating {
            Rating::Satisfied => 1.0,
            Rating::Basic => 0.5,
            Rating::Dissatisfied => 0.0,
        };
    }
    let mut card = Scorecard {
        period: period.id.clone(),
        org: org.to_string(),
        lines: lines
            .into_values()
            .map(|mut l| {
                l.composite = bureau::composite(&l.inputs(), weights);
                l
            })
            .collect(),
        weights: weights.clone(),
        margin,
        differences,
    };
    card.rank();
    Ok(card)
}

/// The scorecard as the command line prints it: a header, one tab-separated line per agency,
/// the formula, and each difference from the courts' evaluations.
pub fn table_lines(card: &Scorecard) -> Vec<String> {
    use tingping_export::scorecard as x;
    let mut out = vec![x::headers().join("\t")];
    out.extend(x::rows(card).into_iter().map(|r| r.join("\t")));
    out.push(x::formula(&card.weights));
    for d in &card.differences {
        out.push(crate::i18n::tf(
            "scorecard.difference",
            &[
                ("case", &d.case_number),
                ("agency", &d.agency),
                ("court", &d.court_total),
                ("bureau", &d.bureau_total),
                ("margin", &card.margin),
            ],
        ));
    }
    out
}

/// Writes the workbook and the notice into `dir` (`kaohe-PERIOD.xlsx`, `tongbao-kaohe-PERIOD.docx`;
/// the notice number `n`, 0 for a draft), each into a new file moved into place, readable by
/// the bureau only (or its group). Returns their paths.
pub fn write(
    dir: &std::path::Path,
    card: &Scorecard,
    period: &Period,
    tpl: &crate::domain::notice::Template,
    n: i64,
    shared_group: bool,
) -> Result<Vec<std::path::PathBuf>, super::ExportError> {
    use chrono::Datelike;
    let words = ("scorecard.err.io", "scorecard.err.link");
    let xlsx = super::stage::write_document(
        dir,
        &format!("kaohe-{}.xlsx", period.id),
        shared_group,
        words,
        |f| tingping_export::scorecard::write_xlsx(f, card),
    )?;
    let today = chrono::Local::now().date_naive();
    let doc = tingping_export::scorecard::compose_notice(
        tpl,
        card,
        &period.title().text(),
        today.year(),
        n,
        &tingping_export::suggestion::chinese_day(today),
    );
    let docx = super::stage::write_document(
        dir,
        &format!("tongbao-kaohe-{}.docx", period.id),
        shared_group,
        words,
        |f| tingping_export::gongwen::write_to(f, &doc),
    )?;
    Ok(vec![xlsx, docx])
}
