//! Hearings and who appeared: the list, a hearing, its defendants and appearances.

use super::*;

impl Court {
    /// A case's hearings, in the order they were entered.
    pub fn hearings_by_case(&self, case_number: &str) -> Result<Vec<Hearing>> {
        self.store.hearings_by_case(case_number)
    }

    pub fn add_defendant(&mut self, hearing_id: i64, agency_name: &str) -> Result<i64> {
        self.store.add_defendant(hearing_id, agency_name)
    }

    pub fn appearance(&self, id: i64) -> Result<Appearance> {
        self.store.appearance(id)
    }

    pub fn appearance_locked(&self, id: i64) -> Result<bool> {
        self.store.appearance_locked(id)
    }

    pub fn appearances(&self, hearing_id: i64) -> Result<Vec<Appearance>> {
        self.store.appearances(hearing_id)
    }

    pub fn hearing(&self, id: i64) -> Result<Hearing> {
        self.store.hearing(id)
    }

    pub fn hearing_locked(&self, id: i64) -> Result<bool> {
        self.store.hearing_locked(id)
    }

    pub fn insert_hearing(&mut self, h: &HearingInput, agencies: &[String]) -> Result<i64> {
        self.store.insert_hearing(h, agencies)
    }

    pub fn update_hearing(&mut self, id: i64, h: &HearingInput) -> Result<()> {
        self.store.update_hearing(id, h)
    }

    pub fn update_appearance(&mut self, a: &Appearance) -> Result<()> {
        self.store.update_appearance(a)
    }

    pub fn list_after(&self, cursor: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.store.list_after(cursor, limit)
    }

    pub fn list_at(&self, cursor: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.store.list_at(cursor, limit)
    }

    pub fn list_before(&self, c: &ListCursor, limit: usize) -> Result<Vec<ListRow>> {
        self.store.list_before(c, limit)
    }

    pub fn list_count(&self) -> Result<usize> {
        self.store.list_count()
    }

    pub fn list_first(&self, limit: usize) -> Result<Vec<ListRow>> {
        self.store.list_first(limit)
    }

    pub fn list_last(&self, limit: usize) -> Result<Vec<ListRow>> {
        self.store.list_last(limit)
    }

    pub fn list_rows_on_day(&self, date: &str) -> Result<usize> {
        self.store.list_rows_on_day(date)
    }

    pub fn recent_clerks(&self) -> Result<Vec<String>> {
        self.store.recent_clerks()
    }

    pub fn recent_judges(&self) -> Result<Vec<String>> {
        self.store.recent_judges()
    }

    pub fn for_each_appearance(
        &self,
        f: impl FnMut(ExportRow) -> std::io::Result<()>,
    ) -> Result<()> {
        self.store.for_each_appearance(f)
    }
}
