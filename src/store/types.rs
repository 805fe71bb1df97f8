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

macro_rules! sql_kind {
    ($($t:ident),* $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.id()))
            }
        }
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                $t::from_id(s).ok_or_else(|| {
                    FromSqlError::Other(Box::new(UnknownValue { kind: stringify!($t), value: s.to_string() }))
                })
            }
        }
    )*};
}

sql_kind!(
    ActKind,
    KeyCategory,
    AppearCategory,
    AbsenceReason,
    EvalStatus,
    AgencyLevel,
    EventKind,
    PeriodKind
);

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
    fn kinds_round_trip_and_an_unknown_one_is_an_error() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t(k TEXT)").unwrap();
        c.execute("INSERT INTO t VALUES (?1)", [AppearCategory::Deputy])
            .unwrap();
        let k: AppearCategory = c.query_row("SELECT k FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(k, AppearCategory::Deputy);
        c.execute("UPDATE t SET k = 'boss'", []).unwrap();
        let e = c
            .query_row("SELECT k FROM t", [], |r| r.get::<_, AppearCategory>(0))
            .unwrap_err();
        assert!(
            e.to_string().contains("unknown AppearCategory “boss”"),
            "{e}"
        );
        let none: Option<EvalStatus> = c.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
    }
}
