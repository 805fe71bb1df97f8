//! The domain's kinds as SQLite reads and writes them: by their id. A stored value no kind knows
//! is an error naming the value and the kind — never quietly read as some default.

use crate::domain::live::{EventKind, Stage};
use crate::domain::model::{
    AbsenceReason, ActKind, AgencyLevel, AppearCategory, EvalStatus, KeyCategory,
};
use crate::domain::period::PeriodKind;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A stored id no kind of the domain knows.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} “{value}” in the database")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// A kind of the domain as the database keeps it: by its id (the core knows no SQL, so the store
/// says how its kinds are stored).
pub trait StoredKind: Sized {
    const NAME: &'static str;
    fn stored_id(&self) -> &'static str;
    fn from_stored(s: &str) -> Option<Self>;
}

macro_rules! stored_kind {
    ($($t:ident),* $(,)?) => {$(
        impl StoredKind for $t {
            const NAME: &'static str = stringify!($t);
            fn stored_id(&self) -> &'static str {
                self.id()
            }
            fn from_stored(s: &str) -> Option<Self> {
                $t::from_id(s)
            }
        }
    )*};
}

stored_kind!(
    ActKind,
    KeyCategory,
    AppearCategory,
    AbsenceReason,
    EvalStatus,
    AgencyLevel,
    EventKind,
    PeriodKind
);

/// A kind in a statement's parameters or a row's column: its id, and an unknown stored id an error
/// naming the value and the kind — never quietly read as some default.
pub struct Kind<T>(pub T);

impl<T: StoredKind> ToSql for Kind<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.stored_id()))
    }
}

impl<T: StoredKind> FromSql for Kind<T> {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        T::from_stored(s).map(Kind).ok_or_else(|| {
            FromSqlError::Other(Box::new(UnknownValue {
                kind: T::NAME,
                value: s.to_string(),
            }))
        })
    }
}

/// A row's kinds, read by their ids, and its dates.
pub trait RowKinds {
    /// A `YYYY-MM-DD` column as a date: anything else is an error, never 1970-01-01.
    fn date<I: rusqlite::RowIndex>(&self, idx: I) -> rusqlite::Result<chrono::NaiveDate>;
    fn kind<T: StoredKind, I: rusqlite::RowIndex>(&self, idx: I) -> rusqlite::Result<T>;
    fn kind_opt<T: StoredKind, I: rusqlite::RowIndex>(&self, idx: I)
    -> rusqlite::Result<Option<T>>;
}

impl RowKinds for rusqlite::Row<'_> {
    fn date<I: rusqlite::RowIndex>(&self, idx: I) -> rusqlite::Result<chrono::NaiveDate> {
        let i = idx.idx(self.as_ref())?;
        let s: String = self.get(i)?;
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| unreadable(i, "date", s))
    }
    fn kind<T: StoredKind, I: rusqlite::RowIndex>(&self, idx: I) -> rusqlite::Result<T> {
        self.get::<_, Kind<T>>(idx).map(|k| k.0)
    }
    fn kind_opt<T: StoredKind, I: rusqlite::RowIndex>(
        &self,
        idx: I,
    ) -> rusqlite::Result<Option<T>> {
        Ok(self.get::<_, Option<Kind<T>>>(idx)?.map(|k| k.0))
    }
}

/// A stored value (in column `i` of its row) that does not read as the `kind` it should be: an
/// error naming the value and the kind.
pub(crate) fn unreadable(i: usize, kind: &'static str, value: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        Box::new(UnknownValue { kind, value }),
    )
}

/// A row's stored texts that hold another value: JSON, a number kept as text. One that does not
/// read as what it holds is an error naming it — never an empty value, never 0.
pub(crate) trait RowValues {
    /// A column of JSON as `T`; `kind` names what it holds.
    fn json<T: serde::de::DeserializeOwned, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<T>;
    /// A column of JSON as `T`, none when it is "" or NULL (nothing kept).
    fn json_opt<T: serde::de::DeserializeOwned, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<Option<T>>;
    /// A column of text (NULL: none) that is `T` written out (a number kept as text).
    fn parsed_opt<T: std::str::FromStr, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<Option<T>>;
}

impl RowValues for rusqlite::Row<'_> {
    fn json<T: serde::de::DeserializeOwned, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<T> {
        let i = idx.idx(self.as_ref())?;
        let s: String = self.get(i)?;
        serde_json::from_str(&s).map_err(|_| unreadable(i, kind, s))
    }
    fn json_opt<T: serde::de::DeserializeOwned, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<Option<T>> {
        let i = idx.idx(self.as_ref())?;
        match self.get::<_, Option<String>>(i)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => serde_json::from_str(&s)
                .map(Some)
                .map_err(|_| unreadable(i, kind, s)),
        }
    }
    fn parsed_opt<T: std::str::FromStr, I: rusqlite::RowIndex>(
        &self,
        idx: I,
        kind: &'static str,
    ) -> rusqlite::Result<Option<T>> {
        let i = idx.idx(self.as_ref())?;
        match self.get::<_, Option<String>>(i)? {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| unreadable(i, kind, s)),
        }
    }
}

/// The positions of a statement's columns, found by their names once per statement (a loop over
/// many rows reads each row by them, not by looking every name up again):
/// `columns!(Cols { id, name })` makes `struct Cols { id: usize, name: usize }` and `Cols::of(&st)`.
macro_rules! columns {
    ($(#[$m:meta])* $cols:ident { $($f:ident),* $(,)? }) => {
        $(#[$m])*
        struct $cols {
            $($f: usize),*
        }
        impl $cols {
            fn of(st: &rusqlite::Statement) -> rusqlite::Result<$cols> {
                Ok($cols {
                    $($f: st.column_index(stringify!($f))?),*
                })
            }
        }
    };
}
pub(crate) use columns;

/// SQL text made once from the core's rules, shown where a statement needs it (`{ABSENCES}`).
pub struct Sql(pub std::sync::LazyLock<String>);

impl std::fmt::Display for Sql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The categories of an absence — nobody who can be scored appeared (only a lawyer, or nobody) —
/// as an SQL list made from the core's one rule, `AppearCategory::scorable`: `('lawyer_only',
/// 'nobody')`. Every statement about who can be scored or reported reads it from here.
pub static ABSENCES: Sql = Sql(std::sync::LazyLock::new(|| {
    let ids: Vec<String> = AppearCategory::ALL
        .iter()
        .filter(|c| !c.scorable())
        .map(|c| format!("'{}'", c.id()))
        .collect();
    format!("({})", ids.join(", "))
}));

/// A hearing's stage: "" before the first one.
pub struct StageColumn(pub Option<Stage>);

impl FromSql for StageColumn {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        if s.is_empty() {
            return Ok(StageColumn(None));
        }
        Stage::from_id(s)
            .map(|x| StageColumn(Some(x)))
            .ok_or_else(|| {
                FromSqlError::Other(Box::new(UnknownValue {
                    kind: "Stage",
                    value: s.to_string(),
                }))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_absences_are_the_categories_nobody_scorable_appeared_in() {
        assert_eq!(ABSENCES.to_string(), "('lawyer_only', 'nobody')");
    }

    #[test]
    fn kinds_round_trip_and_an_unknown_one_is_an_error() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t(k TEXT)").unwrap();
        c.execute("INSERT INTO t VALUES (?1)", [Kind(AppearCategory::Deputy)])
            .unwrap();
        let k: AppearCategory = c.query_row("SELECT k FROM t", [], |r| r.kind("k")).unwrap();
        assert_eq!(k, AppearCategory::Deputy);
        c.execute("UPDATE t SET k = 'boss'", []).unwrap();
        let e = c
            .query_row("SELECT k FROM t", [], |r| r.kind::<AppearCategory, _>("k"))
            .unwrap_err();
        assert!(
            e.to_string().contains("unknown AppearCategory “boss”"),
            "{e}"
        );
        let none: Option<EvalStatus> = c
            .query_row("SELECT NULL AS k", [], |r| r.kind_opt("k"))
            .unwrap();
        assert_eq!(none, None);
    }
}
