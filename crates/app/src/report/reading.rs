//! Reading a period's indicators: what a reader yields counted, and several periods at once over
//! two threads, each report's days in halves merged as one pass.

use super::{Report, Split};
use crate::domain::period::Period;
use crate::store::Store;
use crate::store::batch::{Reader, Source};

/// Computes the report of everything `reader` yields (reading only what the indicators count).
pub fn indicators(reader: &Reader) -> Result<Report, crate::store::StoreError> {
    let mut report = split_of(reader)?.finish();
    report.add_suggestions(&reader.suggestion_tally()?);
    Ok(report)
}

/// The reports of `sources`, read over two threads — this one, and one with a connection of its
/// own — each report's days cut in two so that each thread reads about half; the halves merged
/// (`Split::merge`: the same figures as one pass). A report and its comparison periods, or the
/// dashboard's months, in about half the time of reading them one after another.
pub fn reports(
    store: &Store,
    court: &str,
    sources: &[Source],
) -> Result<Vec<Report>, crate::store::StoreError> {
    // (each part: the place of its source, and what it reads)
    let (mut mine, mut theirs) = (Vec::<(usize, Source)>::new(), Vec::<(usize, Source)>::new());
    for (i, source) in sources.iter().enumerate() {
        match source {
            Source::Report(p) if p.to > p.from => {
                let mid = p.from + (p.to - p.from) / 2;
                let half = |from, to| {
                    Source::Report(Period {
                        from,
                        to,
                        ..p.clone()
                    })
                };
                mine.push((i, half(p.from, mid)));
                theirs.push((i, half(mid + chrono::Days::new(1), p.to)));
            }
            other if mine.len() <= theirs.len() => mine.push((i, other.clone())),
            other => theirs.push((i, other.clone())),
        }
    }
    let read = |store: &Store, parts: Vec<(usize, Source)>| {
        parts
            .into_iter()
            .map(|(i, s)| Ok((i, split_of(&store.reader(s, court, true))?)))
            .collect::<Result<Vec<(usize, Split)>, crate::store::StoreError>>()
    };
    let reading = store.reading();
    store.map(true);
    let (mine, theirs) = std::thread::scope(|scope| {
        let other = (!theirs.is_empty()).then(|| scope.spawn(|| read(&reading.open()?, theirs)));
        let mine = read(store, std::mem::take(&mut mine));
        let theirs = match other {
            Some(t) => t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            None => Ok(Vec::new()),
        };
        (mine, theirs)
    });
    store.map(false);
    let mut splits: Vec<Split> = sources.iter().map(|_| Split::default()).collect();
    for (i, split) in mine?.into_iter().chain(theirs?) {
        splits[i].merge(split);
    }
    // (the judicial suggestions of each period: a handful of rows, not the records)
    splits
        .into_iter()
        .zip(sources)
        .map(|(split, source)| {
            let mut report = split.finish();
            report.add_suggestions(
                &store
                    .reader(source.clone(), court, true)
                    .suggestion_tally()?,
            );
            Ok(report)
        })
        .collect()
}

/// What `reader` yields, counted and not finished (to be merged).
fn split_of(reader: &Reader) -> Result<Split, crate::store::StoreError> {
    let mut split = Split::default();
    let mut pending = Split::default();
    reader.for_each_counted(
        |p| pending.add_pending(p),
        |r| -> Result<(), crate::store::StoreError> {
            split.add(r);
            Ok(())
        },
    )?;
    split.merge(pending);
    Ok(split)
}
