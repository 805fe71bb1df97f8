//! The workbook's 图表 sheet: three small tables (出庭率 and 正职出庭率 by month, the grades, 出庭率
//! per government) and a native Excel chart over each, so the office can paste them into slides.
//! Every figure is a registry indicator (`Indicators::values`), as on the other sheets.

use super::columns;
use crate::domain::indicators::{Indicators, Report, Value};
use crate::domain::period::Period;
use crate::domain::rubric::Rubric;
use crate::domain::trend;
use crate::i18n::prelude::*;
use crate::i18n::t;
use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartLegendPosition, ChartType, Format, Worksheet, XlsxError,
};

/// The rates of one month: 出庭率 and 正职出庭率 (None: no figures, or nothing to divide by).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthRates {
    pub month: String,
    pub rates: [Option<Value>; 2],
}

impl MonthRates {
    /// A month's rates from its indicators.
    pub fn of(month: &str, ind: Option<&Indicators>, rubric: &Rubric) -> MonthRates {
        MonthRates {
            month: month.to_string(),
            rates: trend::RATES
                .map(|id| ind.and_then(|i| trend::value(i, id, rubric, crate::i18n::voice()))),
        }
    }

    /// A month's rates as an earlier notice stated them.
    pub fn stated(month: &str, values: Option<&[Value]>) -> MonthRates {
        MonthRates {
            month: month.to_string(),
            rates: trend::RATES
                .map(|id| values.and_then(|v| v.iter().find(|x| x.id == *id).cloned())),
        }
    }
}

/// The months a workbook's chart shows: a month's batch its own month (the 12 before it come
/// from what their notices stated); a report every month of its dates (the last 13 at most).
pub fn months_of(period: &Period) -> Vec<Period> {
    if period.kind.claims() {
        return vec![Period::month_of(period.from)];
    }
    let mut months = Vec::new();
    let mut m = Period::month_of(period.from);
    while m.from <= period.to {
        months.push(m.clone());
        m = m.shift(1);
    }
    let skip = months.len().saturating_sub(trend::MONTHS);
    months.split_off(skip)
}

/// Where the tables stand (0-based rows), so the charts' series point at their cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// the header row of each table: months, grades, governments
    pub months: u32,
    pub grades: u32,
    pub governments: u32,
}

impl Layout {
    pub fn new(months: usize, grades: usize) -> Layout {
        let m = 2;
        let g = m + months as u32 + 2;
        Layout {
            months: m,
            grades: g,
            governments: g + grades as u32 + 2,
        }
    }
}

/// Writes the sheet named `name` (its name is in the charts' ranges): the tables, then a chart
/// beside each.
pub fn sheet(
    ws: &mut Worksheet,
    name: &str,
    title: &str,
    months: &[MonthRates],
    report: &Report,
    rubric: &Rubric,
) -> Result<Layout, XlsxError> {
    let base = Format::new().set_font_name("宋体");
    let header = base.clone().set_bold();
    let percent = base.clone().set_num_format("0.0%");
    ws.write_string_with_format(
        0,
        0,
        columns::safe(title),
        &header.clone().set_font_size(14),
    )?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 16)?;
    let at = Layout::new(months.len(), rubric.grades.len());

    // 1. 出庭率 and 正职出庭率 by month
    ws.write_string_with_format(at.months, 0, t("col.month"), &header)?;
    ws.write_string_with_format(at.months, 1, t("col.heads_rate"), &header)?;
    ws.write_string_with_format(at.months, 2, t("col.principal_rate"), &header)?;
    for (i, m) in months.iter().enumerate() {
        let row = at.months + 1 + i as u32;
        ws.write_string(row, 0, &m.month)?;
        for (c, v) in m.rates.iter().enumerate() {
            // nothing to divide by: no cell, a gap in the chart
            if let Some(x) = v.as_ref().and_then(|v| v.value) {
                ws.write_number_with_format(row, 1 + c as u16, x, &percent)?;
            }
        }
    }
    let last = at.months + months.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    for c in 1..=2u16 {
        chart
            .add_series()
            .set_name((name, at.months, c))
            .set_categories((name, at.months + 1, 0, last, 0))
            .set_values((name, at.months + 1, c, last, c));
    }
    chart.title().set_name(t("chart.by_month"));
    chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    // the two series named below the bars (at the side they would take the months' room)
    chart.legend().set_position(ChartLegendPosition::Bottom);
    ws.insert_chart(at.months, 4, &chart)?;

    // 2. grades of the period's evaluations
    let ind = &report.total;
    ws.write_string_with_format(at.grades, 0, t("col.grade"), &header)?;
    ws.write_string_with_format(at.grades, 1, t("col.count"), &header)?;
    for (i, g) in rubric.grades.iter().enumerate() {
        let row = at.grades + 1 + i as u32;
        ws.write_string(row, 0, g.label())?;
        ws.write_number(row, 1, ind.grades.get(&g.id).copied().unwrap_or(0) as f64)?;
    }
    let last = at.grades + rubric.grades.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name((name, at.grades, 1))
        .set_categories((name, at.grades + 1, 0, last, 0))
        .set_values((name, at.grades + 1, 1, last, 1));
    chart.title().set_name(t("chart.grades"));
    chart.legend().set_hidden();
    ws.insert_chart(at.grades.max(at.months + 16), 4, &chart)?;

    // 3. 出庭率 per government
    ws.write_string_with_format(at.governments, 0, t("col.government"), &header)?;
    ws.write_string_with_format(at.governments, 1, t("col.heads_rate"), &header)?;
    ws.write_string_with_format(at.governments, 2, t("col.notified"), &header)?;
    for (i, (gov, g)) in report.by_government.iter().enumerate() {
        let row = at.governments + 1 + i as u32;
        ws.write_string(row, 0, columns::safe(gov))?;
        if let Some(x) = g.heads_appeared.value() {
            ws.write_number_with_format(row, 1, x, &percent)?;
        }
        ws.write_number(row, 2, g.heads_appeared.den as f64)?;
    }
    if !report.by_government.is_empty() {
        let last = at.governments + report.by_government.len() as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name((name, at.governments, 1))
            .set_categories((name, at.governments + 1, 0, last, 0))
            .set_values((name, at.governments + 1, 1, last, 1));
        chart.title().set_name(t("chart.governments"));
        chart.legend().set_hidden();
        chart.x_axis().set_min(0).set_max(1).set_num_format("0%");
        // the governments top down, as the table lists them (a bar chart draws them bottom up)
        chart.y_axis().set_reverse();
        ws.insert_chart(at.governments.max(at.months + 32), 4, &chart)?;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_charts_its_month_and_a_report_its_months() {
        let ids = |p: &str| -> Vec<String> {
            months_of(&Period::parse(p).unwrap())
                .into_iter()
                .map(|m| m.id)
                .collect()
        };
        assert_eq!(ids("2026-11"), ["2026-11"]);
        assert_eq!(ids("2026-Q4"), ["2026-10", "2026-11", "2026-12"]);
        assert_eq!(ids("2026").len(), 12);
        assert_eq!(
            Layout::new(13, 4),
            Layout {
                months: 2,
                grades: 17,
                governments: 23
            }
        );
    }
}
