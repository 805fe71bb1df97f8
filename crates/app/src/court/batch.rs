//! The month-end batch (通报批次): what it would count, batches made and imported.

use super::*;

impl Court {
    /// The month the next batch is for: the month after the latest month's batch, or with none
    /// yet the earliest month with appearances (None: not a month before this one).
    pub fn next_batch_month(&self, today: NaiveDate) -> Result<Option<Period>> {
        let first = Period::month_of(today).from;
        self.store.next_batch_month(first)
    }

    /// What the batch screen shows of a period: what exporting it would claim and leave out, and
    /// its indicators as its batch (or its candidates, or a report) would state them. At a
    /// million evaluations with no history claimed this reads for seconds: the terminal app
    /// asks for it on a thread of its own.
    pub fn batch_figures(
        &self,
        court: &str,
        period: &Period,
    ) -> Result<(Preview, tingping_core::domain::indicators::Report)> {
        let preview = self.store.preview(period)?;
        let source = crate::report::source_for(&self.store, period)?;
        // (a report's days read in halves over two threads: `report::reports`)
        let report = crate::report::reports(&self.store, court, &[source])?.remove(0);
        Ok((preview, report))
    }

    pub fn batch(&self, id: &str) -> Result<Option<BatchMeta>> {
        self.store.batch(id)
    }

    pub fn batches(&self) -> Result<Vec<BatchMeta>> {
        self.store.batches()
    }

    pub fn imported_batches(&self) -> Result<Vec<(String, String, String, String)>> {
        self.store.imported_batches()
    }

    pub fn preview(&self, p: &Period) -> Result<Preview> {
        self.store.preview(p)
    }

    pub fn reader(&self, source: Source, court: &str, with_imports: bool) -> Reader<'_> {
        self.store.reader(source, court, with_imports)
    }
}
