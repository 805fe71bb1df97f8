//! The month-end batch (通报批次): what it would count, batches made and imported.

use super::*;

impl Court {
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
