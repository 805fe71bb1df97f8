//! The agency directory (机关名录): names, short names, levels, governments; merges.

use super::*;

impl Court {
    /// Whether `from` may be merged into `into`, asked before a reason is: a refusal names why.
    pub fn merge_check(&self, from: &str, into: &str) -> Result<()> {
        self.store.merge_check(from, into).map(|_| ())
    }

    /// Agencies whose name, short name or pinyin initials match what is typed, best first.
    pub fn search_agencies(&self, text: &str, limit: usize) -> Result<Vec<Agency>> {
        self.store.search_agencies(text, limit)
    }

    pub fn agency(&self, id: i64) -> Result<Agency> {
        self.store.agency(id)
    }

    /// The directory in pinyin order, each agency's appearances counted as held by `today`.
    pub fn directory(&self, today: NaiveDate) -> Result<Vec<DirectoryRow>> {
        self.store.directory(today)
    }

    pub fn edit_agency(&mut self, id: i64, e: &AgencyEdit) -> Result<usize> {
        self.store.edit_agency(id, e)
    }

    /// An agency's name corrected, the old one kept as a short name (see
    /// `Store::rename_agency`); how many appearances were logged with it.
    pub fn rename_agency(&mut self, id: i64, name: &str, reason: &str) -> Result<usize> {
        self.store.rename_agency(id, name, reason)
    }

    pub fn find_agency(&self, name: &str) -> Result<Option<Agency>> {
        self.store.find_agency(name)
    }

    pub fn import_directory(
        &mut self,
        entries: &[DirectoryEntry],
        dry_run: bool,
    ) -> Result<std::result::Result<Vec<DirOutcome>, Vec<RowError>>> {
        self.store.import_directory(entries, dry_run)
    }

    pub fn merge_agencies(&mut self, from: &str, into: &str, reason: &str) -> Result<Merged> {
        self.store.merge_agencies(from, into, reason)
    }

    pub fn people_of_agency(&self, agency_id: i64) -> Result<Vec<Person>> {
        self.store.people_of_agency(agency_id)
    }
}
