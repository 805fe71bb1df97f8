//! Who is at the keyboard, what the court counts, and what is kept for a crash: resume points, a form being typed.

use super::*;

impl Court {
    pub fn app_value(&self, key: &str) -> Result<Option<String>> {
        self.store.app_value(key)
    }

    pub fn set_app_value(&mut self, key: &str, value: &str) -> Result<()> {
        self.store.set_app_value(key, value)
    }

    pub fn form_draft(&self) -> Result<Option<FormDraft>> {
        self.store.form_draft()
    }

    pub fn set_form_draft(&mut self, draft: Option<&FormDraft>) -> Result<()> {
        self.store.set_form_draft(draft)
    }

    pub fn resume_point(&self) -> Result<Option<ResumePoint>> {
        let point = self.store.resume_point()?;
        self.resume.set(Some(point));
        Ok(point)
    }

    /// Where the app returns after a crash, written only when it changes: leaving a screen for
    /// the list (`Esc`) writes nothing when there was no point to clear, so it is never kept
    /// waiting while another connection holds the write lock (an export's claim).
    pub fn set_resume_point(&mut self, point: Option<ResumePoint>) -> Result<()> {
        if self.resume.get() == Some(point) {
            return Ok(());
        }
        self.store.set_resume_point(point)?;
        self.resume.set(Some(point));
        Ok(())
    }

    pub fn operator(&self) -> &str {
        self.store.operator()
    }

    pub fn set_operator(&mut self, name: &str) -> Result<()> {
        self.store.set_operator(name)
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn scope(&self) -> &tingping_core::domain::scope::Scope {
        self.store.scope()
    }

    pub fn set_scope(&mut self, scope: tingping_core::domain::scope::Scope) {
        self.store.set_scope(scope)
    }

    pub fn sharing(&self) -> Sharing {
        self.store.sharing()
    }

    pub fn is_empty(&self) -> Result<bool> {
        self.store.is_empty()
    }

    pub fn rubric(&self, hash: &str) -> Result<Rc<Rubric>> {
        self.store.rubric(hash)
    }

    pub fn remember_rubric(&self, rubric: &Rubric) -> Result<()> {
        self.store.remember_rubric(rubric)
    }
}
