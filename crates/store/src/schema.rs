//! Schema versions. Each entry moves the database from version i to i+1; `PRAGMA user_version`
//! records where a file stands. Never edit a released step: add a new one.

pub const APPLICATION_ID: i32 = 0x5450_4E47; // "TPNG"

pub const MIGRATIONS: &[&str] = &[
    // 1: the records
    r#"
    CREATE TABLE rubric_versions (
        hash TEXT PRIMARY KEY,
        content TEXT NOT NULL,
        first_seen TEXT NOT NULL
    );
    CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        level TEXT NOT NULL DEFAULT 'county',
        region TEXT NOT NULL DEFAULT '',
        government TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE hearings (
        id INTEGER PRIMARY KEY,
        case_number TEXT NOT NULL,
        cause TEXT NOT NULL,
        act_kind TEXT NOT NULL,
        court TEXT NOT NULL,
        judge TEXT NOT NULL,
        clerk TEXT NOT NULL,
        date TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL DEFAULT '',
        sitting INTEGER NOT NULL DEFAULT 1,
        online INTEGER NOT NULL DEFAULT 0,
        key_category TEXT NOT NULL DEFAULT 'none',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX hearings_by_date ON hearings(date DESC, start_time DESC, id DESC);
    CREATE INDEX hearings_by_case ON hearings(case_number);
    CREATE TABLE appearances (
        id INTEGER PRIMARY KEY,
        hearing_id INTEGER NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        notified INTEGER NOT NULL DEFAULT 1,
        person TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT 'principal',
        absence_reason TEXT NOT NULL DEFAULT 'not_given',
        reason_accepted INTEGER NOT NULL DEFAULT 0,
        absent_after_postponement INTEGER NOT NULL DEFAULT 0,
        UNIQUE (hearing_id, agency_id)
    );
    CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY,
        appearance_id INTEGER NOT NULL UNIQUE REFERENCES appearances(id) ON DELETE CASCADE,
        rubric_hash TEXT NOT NULL REFERENCES rubric_versions(hash),
        status TEXT NOT NULL DEFAULT 'draft',
        comment TEXT NOT NULL DEFAULT '',
        finalized_by TEXT NOT NULL DEFAULT '',
        finalized_at TEXT NOT NULL DEFAULT '',
        total_tenths INTEGER,
        grade TEXT,
        flags TEXT NOT NULL DEFAULT '',
        dims TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE marks (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, item_id)
    ) WITHOUT ROWID;
    "#,
    // 2: an evidence note per marked item, live mode (event log, live clock and stage per hearing),
    //    and the screen to return to after a crash
    r#"
    ALTER TABLE marks ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE hearings ADD COLUMN live_started_ms INTEGER;
    ALTER TABLE hearings ADD COLUMN stage TEXT NOT NULL DEFAULT '';
    CREATE TABLE events (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        elapsed_ms INTEGER NOT NULL,
        at TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        item_id TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        value INTEGER NOT NULL DEFAULT 0,
        prev INTEGER NOT NULL DEFAULT 0,
        target_seq INTEGER,
        PRIMARY KEY (evaluation_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE app_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 3: month-end batches: what each claimed (an appearance at most once), the files written, and
    //    batches imported from the courts below
    r#"
    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        court TEXT NOT NULL,
        court_code TEXT NOT NULL,
        created_at TEXT NOT NULL,
        folder TEXT NOT NULL DEFAULT '',
        appearances INTEGER NOT NULL DEFAULT 0,
        evaluations INTEGER NOT NULL DEFAULT 0,
        late INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE batch_items (
        batch_id TEXT NOT NULL REFERENCES batches(id),
        appearance_id INTEGER NOT NULL UNIQUE REFERENCES appearances(id),
        late INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (batch_id, appearance_id)
    ) WITHOUT ROWID;
    CREATE TABLE batch_files (
        batch_id TEXT NOT NULL REFERENCES batches(id),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (batch_id, name)
    ) WITHOUT ROWID;
    CREATE TABLE imported_batches (
        court_code TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        court TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        created_at TEXT NOT NULL,
        content_sha TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (court_code, batch_id)
    );
    CREATE TABLE imported_records (
        court_code TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hearing_date TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (court_code, batch_id, seq),
        FOREIGN KEY (court_code, batch_id) REFERENCES imported_batches(court_code, batch_id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX imported_by_date ON imported_records(hearing_date);
    "#,
    // 4: judgment performance outcomes recorded after an evaluation was finalized (with the score
    //    they lead to), and the batch that reported each one
    r#"
    CREATE TABLE performance_outcomes (
        evaluation_id INTEGER PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
        option TEXT NOT NULL,
        value INTEGER NOT NULL,
        recorded_on TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        total_tenths INTEGER,
        grade TEXT,
        flags TEXT NOT NULL DEFAULT '',
        dims TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX performance_by_day ON performance_outcomes(recorded_on);
    CREATE TABLE batch_outcomes (
        batch_id TEXT NOT NULL REFERENCES batches(id),
        evaluation_id INTEGER NOT NULL UNIQUE REFERENCES evaluations(id),
        late INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (batch_id, evaluation_id)
    ) WITHOUT ROWID;
    ALTER TABLE batches ADD COLUMN outcomes INTEGER NOT NULL DEFAULT 0;
    "#,
    // 5: who and what the numbers are about: each hearing's case type and court code (from its case
    //    number, filled in by `backfill` for existing rows), a stable unique id per appearance made
    //    when it is created, how many of a month's appearances were still drafts at its batch, a report's topic
    //    filter, and each notice's number within its year (发文字号)
    r#"
    ALTER TABLE hearings ADD COLUMN case_type TEXT NOT NULL DEFAULT '';
    ALTER TABLE hearings ADD COLUMN court_code TEXT NOT NULL DEFAULT '';
    CREATE INDEX hearings_by_scope ON hearings(court_code, case_type, date);
    ALTER TABLE appearances ADD COLUMN uid TEXT NOT NULL DEFAULT '';
    UPDATE appearances SET uid = lower(hex(randomblob(16))) WHERE uid = '';
    CREATE UNIQUE INDEX appearances_by_uid ON appearances(uid);
    CREATE TRIGGER appearances_uid AFTER INSERT ON appearances WHEN NEW.uid = ''
    BEGIN
        UPDATE appearances SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
    END;
    ALTER TABLE batches ADD COLUMN drafts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE batches ADD COLUMN filter TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN doc_number INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE batches ADD COLUMN han_first INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE imported_records ADD COLUMN uid TEXT NOT NULL DEFAULT '';
    CREATE INDEX imported_by_uid ON imported_records(uid) WHERE uid <> '';
    UPDATE batches SET doc_number = (SELECT count(*) FROM batches b
        WHERE substr(b.created_at, 1, 4) = substr(batches.created_at, 1, 4)
          AND (b.created_at, b.id) <= (batches.created_at, batches.id));
    "#,
    // 6: accountability: the audit log (append-only, each entry chained to the previous by
    //    SHA-256, each naming the state of the record it changed), amendments after finalizing
    //    and the batch that reported each as a correction, what each batch stated about each
    //    appearance and each indicator (to tell what a later correction makes wrong), the chain head
    //    each batch carries, the corrections applied from the courts below, a judgment's effective
    //    date and performance deadline per appearance
    r#"
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        case_number TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL DEFAULT '',
        old TEXT NOT NULL DEFAULT '',
        new TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        by_name TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT '',
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_by_entity ON audit_log(entity, entity_id, seq);
    CREATE INDEX audit_by_case ON audit_log(case_number, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TABLE amendments (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        hearing_id INTEGER NOT NULL REFERENCES hearings(id),
        appearance_id INTEGER REFERENCES appearances(id),
        target TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        reason TEXT NOT NULL,
        by_name TEXT NOT NULL,
        operator TEXT NOT NULL,
        at TEXT NOT NULL,
        audit_seq INTEGER NOT NULL,
        reported_in TEXT NOT NULL DEFAULT '',
        corrected_in TEXT
    );
    CREATE INDEX amendments_by_hearing ON amendments(hearing_id);
    CREATE INDEX amendments_by_appearance ON amendments(appearance_id);
    CREATE INDEX amendments_to_correct ON amendments(corrected_in) WHERE corrected_in IS NULL;
    ALTER TABLE batch_items ADD COLUMN stated TEXT NOT NULL DEFAULT '';
    CREATE INDEX batch_items_restated ON batch_items(appearance_id) WHERE stated <> '';
    ALTER TABLE batches ADD COLUMN stated TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN chain_head TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN corrections INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE batches ADD COLUMN restated TEXT NOT NULL DEFAULT '';
    CREATE TABLE imported_corrections (
        court_code TEXT NOT NULL,
        uid TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        record_uid TEXT NOT NULL,
        hearing_date TEXT NOT NULL DEFAULT '',
        record TEXT NOT NULL DEFAULT '',
        made_at TEXT NOT NULL DEFAULT '',
        applied_at TEXT NOT NULL,
        PRIMARY KEY (court_code, uid)
    );
    ALTER TABLE appearances ADD COLUMN judgment_effective TEXT NOT NULL DEFAULT '';
    ALTER TABLE appearances ADD COLUMN performance_deadline TEXT NOT NULL DEFAULT '';
    "#,
    // 7: the agency directory: short names (简称), each naming one agency; appearances found by
    //    agency (use counts for pickers, merges); the courtroom a schedule names (法庭/地点)
    r#"
    CREATE TABLE agency_aliases (
        alias TEXT PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE
    );
    CREATE INDEX agency_aliases_by_agency ON agency_aliases(agency_id);
    CREATE INDEX appearances_by_agency ON appearances(agency_id);
    ALTER TABLE hearings ADD COLUMN room TEXT NOT NULL DEFAULT '';
    "#,
    // 8: at scale (a million evaluations): two things kept by triggers in the transaction of the
    //    change that moves them, so nothing reads the whole history to find them —
    //    - `list_rows`: how many rows the hearings list has (one per appearance, one per hearing
    //      without any), exact, read in O(1) when the list opens;
    //    - `unclaimed`: the appearances no batch has claimed (what a new month's batch claims and
    //      its statistics read: the month's own and the few left from before, not every
    //      appearance ever).
    //    Self-contained (IF NOT EXISTS, contents recomputed here): it may run under another number.
    r#"
    CREATE TABLE IF NOT EXISTS list_rows (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
    INSERT OR REPLACE INTO list_rows(id, n) SELECT 1,
        (SELECT count(*) FROM appearances)
        + (SELECT count(*) FROM hearings h WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.hearing_id = h.id));
    CREATE TRIGGER IF NOT EXISTS list_rows_hearing_added AFTER INSERT ON hearings
    BEGIN UPDATE list_rows SET n = n + 1 WHERE id = 1; END;
    -- before: a hearing's appearances (deleted after it, by the cascade) are still there to see
    CREATE TRIGGER IF NOT EXISTS list_rows_hearing_deleted BEFORE DELETE ON hearings
    WHEN NOT EXISTS (SELECT 1 FROM appearances WHERE hearing_id = OLD.id)
    BEGIN UPDATE list_rows SET n = n - 1 WHERE id = 1; END;
    -- a hearing's first appearance takes the place of its row without one
    CREATE TRIGGER IF NOT EXISTS list_rows_appearance_added AFTER INSERT ON appearances
    WHEN EXISTS (SELECT 1 FROM appearances WHERE hearing_id = NEW.hearing_id AND id <> NEW.id)
    BEGIN UPDATE list_rows SET n = n + 1 WHERE id = 1; END;
    -- its last one leaves a row without one, unless the hearing goes too
    CREATE TRIGGER IF NOT EXISTS list_rows_appearance_deleted AFTER DELETE ON appearances
    WHEN EXISTS (SELECT 1 FROM appearances WHERE hearing_id = OLD.hearing_id)
      OR NOT EXISTS (SELECT 1 FROM hearings WHERE id = OLD.hearing_id)
    BEGIN UPDATE list_rows SET n = n - 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS list_rows_appearance_moved AFTER UPDATE OF hearing_id ON appearances
    WHEN OLD.hearing_id <> NEW.hearing_id
    BEGIN UPDATE list_rows SET n = n
        + EXISTS (SELECT 1 FROM appearances WHERE hearing_id = NEW.hearing_id AND id <> NEW.id)
        - (EXISTS (SELECT 1 FROM appearances WHERE hearing_id = OLD.hearing_id)
           OR NOT EXISTS (SELECT 1 FROM hearings WHERE id = OLD.hearing_id))
      WHERE id = 1; END;
    CREATE TABLE IF NOT EXISTS unclaimed (appearance_id INTEGER PRIMARY KEY);
    DELETE FROM unclaimed;
    INSERT INTO unclaimed(appearance_id) SELECT a.id FROM appearances a
        WHERE NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.appearance_id = a.id);
    CREATE TRIGGER IF NOT EXISTS unclaimed_appearance_added AFTER INSERT ON appearances
    BEGIN INSERT OR IGNORE INTO unclaimed(appearance_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM batch_items WHERE appearance_id = NEW.id); END;
    CREATE TRIGGER IF NOT EXISTS unclaimed_appearance_deleted AFTER DELETE ON appearances
    BEGIN DELETE FROM unclaimed WHERE appearance_id = OLD.id; END;
    CREATE TRIGGER IF NOT EXISTS unclaimed_claimed AFTER INSERT ON batch_items
    BEGIN DELETE FROM unclaimed WHERE appearance_id = NEW.appearance_id; END;
    CREATE TRIGGER IF NOT EXISTS unclaimed_released AFTER DELETE ON batch_items
    BEGIN INSERT OR IGNORE INTO unclaimed(appearance_id) SELECT OLD.appearance_id
        WHERE EXISTS (SELECT 1 FROM appearances WHERE id = OLD.appearance_id)
          AND NOT EXISTS (SELECT 1 FROM batch_items WHERE appearance_id = OLD.appearance_id); END;
    CREATE TRIGGER IF NOT EXISTS unclaimed_reclaimed AFTER UPDATE OF appearance_id ON batch_items
    BEGIN
        DELETE FROM unclaimed WHERE appearance_id = NEW.appearance_id;
        INSERT OR IGNORE INTO unclaimed(appearance_id) SELECT OLD.appearance_id
        WHERE EXISTS (SELECT 1 FROM appearances WHERE id = OLD.appearance_id)
          AND NOT EXISTS (SELECT 1 FROM batch_items WHERE appearance_id = OLD.appearance_id);
    END;
    "#,
    // 9: an index of the live-mode undos by the event each reverts (an undo looked through every
    //    event of its evaluation, thousands in a long hearing)
    r#"
    CREATE INDEX IF NOT EXISTS events_undone ON events(evaluation_id, target_seq) WHERE kind = 'undo';
    "#,
    // 10: the appearances a month's batch found unfinished at hearings held in its month (drafts,
    //     not scored): its hearings count as held (开庭件次) and its notice states them, the same at
    //     every re-export, though they are reported later (补报). Their hearing and government are
    //     kept as they were: an unfinished appearance may still be removed or its hearing moved
    r#"
    CREATE TABLE IF NOT EXISTS batch_pending (
        batch_id TEXT NOT NULL REFERENCES batches(id),
        appearance_id INTEGER NOT NULL,
        hearing_id INTEGER NOT NULL,
        government TEXT NOT NULL,
        PRIMARY KEY (batch_id, appearance_id)
    ) WITHOUT ROWID;
    "#,
    // 11: the log follows the agency directory (name, level, region, government, short names):
    //     each agency's state as it is now is where its entries start (the backfill)
    "SELECT 1",
    // 12: which appearance each imported record is (its case, hearing day and agency: see
    //     `RecordJson::appearance`), so an appearance is counted once whatever id it carries
    r#"
    ALTER TABLE imported_records ADD COLUMN appearance TEXT NOT NULL DEFAULT '';
    CREATE INDEX imported_by_appearance ON imported_records(court_code, appearance) WHERE appearance <> '';
    "#,
    // 13: signed batches: the keys of the courts below this court trusts (a revoked key stays,
    //     dated), and of each imported batch the audit chain head its manifest carried and the key
    //     that signed it ('' for a batch imported unsigned)
    r#"
    CREATE TABLE trusted_keys (
        court_code TEXT PRIMARY KEY,
        court TEXT NOT NULL,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        trusted_at TEXT NOT NULL,
        revoked_at TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE imported_batches ADD COLUMN chain_head TEXT NOT NULL DEFAULT '';
    ALTER TABLE imported_batches ADD COLUMN signed_by TEXT NOT NULL DEFAULT '';
    "#,
    // 14: the log follows each evaluation's live events (the evidence a batch carries), through
    //     their running digest: computed for every evaluation with events, whose state as it is
    //     now is logged, where its entries go on from (the backfill)
    "ALTER TABLE evaluations ADD COLUMN events_digest TEXT NOT NULL DEFAULT ''",
    // 15: judicial suggestions (司法建议书, 法释〔2020〕3号 第十二条第二款) and the appearances each is
    //     about; an agency's 上一级行政机关, to address them to (the log follows it: an agency
    //     without one keeps the state logged before)
    r#"
    ALTER TABLE agencies ADD COLUMN superior TEXT NOT NULL DEFAULT '';
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        recipient_kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        cc TEXT NOT NULL DEFAULT '',
        facts TEXT NOT NULL DEFAULT '',
        problem TEXT NOT NULL DEFAULT '',
        cause TEXT NOT NULL DEFAULT '',
        suggestion TEXT NOT NULL DEFAULT '',
        drafted_by TEXT NOT NULL,
        drafted_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft',
        year INTEGER NOT NULL DEFAULT 0,
        seq INTEGER NOT NULL DEFAULT 0,
        number TEXT NOT NULL DEFAULT '',
        sent_on TEXT NOT NULL DEFAULT '',
        sent_by TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL DEFAULT '',
        replied_on TEXT NOT NULL DEFAULT '',
        reply TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX suggestions_numbered ON suggestions(year, seq) WHERE seq > 0;
    CREATE TABLE suggestion_appearances (
        suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        appearance_id INTEGER NOT NULL REFERENCES appearances(id),
        PRIMARY KEY (suggestion_id, appearance_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX suggestions_of_appearance ON suggestion_appearances(appearance_id);
    "#,
    // 16: a justice bureau's work on the courts' imported records: its random draws of hearing
    //     videos to review (each drawn appearance by court and stable id), its reviews on its own
    //     rubric, and the public's satisfaction responses matched to appearances
    r#"
    CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        size INTEGER NOT NULL,
        per_agency INTEGER NOT NULL DEFAULT 0,
        seed INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        drawn_at TEXT NOT NULL
    );
    CREATE TABLE sample_items (
        sample_id INTEGER NOT NULL REFERENCES samples(id),
        seq INTEGER NOT NULL,
        court_code TEXT NOT NULL,
        uid TEXT NOT NULL,
        PRIMARY KEY (sample_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        court_code TEXT NOT NULL,
        uid TEXT NOT NULL,
        case_number TEXT NOT NULL,
        agency TEXT NOT NULL,
        rubric_hash TEXT NOT NULL,
        scores TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        finalized_at TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (court_code, uid)
    );
    CREATE TABLE satisfaction (
        id INTEGER PRIMARY KEY,
        court_code TEXT NOT NULL,
        uid TEXT NOT NULL,
        case_number TEXT NOT NULL,
        agency TEXT NOT NULL,
        hearing_date TEXT NOT NULL,
        rating TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        row INTEGER NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX satisfaction_by_agency ON satisfaction(agency, hearing_date);
    CREATE INDEX IF NOT EXISTS imported_by_appearance_alone ON imported_records(appearance) WHERE appearance <> '';
    "#,
    // 17: the appearances with a performance deadline (the dashboard counts those passed, over
    //     every year: a quarter of the appearances at a million, found without reading the rest)
    "CREATE INDEX IF NOT EXISTS appearances_with_deadline ON appearances(hearing_id) WHERE performance_deadline <> ''",
];

/// Work a step needs beyond its SQL, run in the same transaction right after it.
pub fn backfill(conn: &rusqlite::Connection, version: i64) -> rusqlite::Result<()> {
    if version == 12 {
        // in pages by the key (a million imported records are not held at once)
        let mut page = conn.prepare(
            "SELECT court_code, batch_id, seq, record FROM imported_records
             WHERE (court_code, batch_id, seq) > (?1, ?2, ?3)
             ORDER BY court_code, batch_id, seq LIMIT 5000",
        )?;
        let mut st = conn.prepare(
            "UPDATE imported_records SET appearance = ?4 WHERE court_code = ?1 AND batch_id = ?2 AND seq = ?3",
        )?;
        let mut after = (String::new(), String::new(), i64::MIN);
        loop {
            let rows: Vec<(String, String, i64, String)> = page
                .query_map(rusqlite::params![after.0, after.1, after.2], |r| {
                    Ok((
                        r.get("court_code")?,
                        r.get("batch_id")?,
                        r.get("seq")?,
                        r.get("record")?,
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let Some(last) = rows.last() else { break };
            after = (last.0.clone(), last.1.clone(), last.2);
            for (court_code, batch_id, seq, record) in rows {
                let appearance = crate::domain::interchange::appearance_of(&record);
                st.execute(rusqlite::params![court_code, batch_id, seq, appearance])?;
            }
        }
    }
    if version == 14 {
        super::audit::log_existing_events(conn)?;
    }
    if version == 11 {
        super::audit::log_existing_agencies(conn)?;
    }
    if version == 6 {
        // what the records are now is where the log starts
        super::audit::log_existing(conn)?;
    }
    if version == 5 {
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT id, case_number FROM hearings")?
            .query_map([], |r| Ok((r.get("id")?, r.get("case_number")?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st =
            conn.prepare("UPDATE hearings SET case_type = ?2, court_code = ?3 WHERE id = ?1")?;
        for (id, case_number) in rows {
            let (case_type, court_code) = case_parts(&case_number);
            st.execute(rusqlite::params![id, case_type, court_code])?;
        }
    }
    Ok(())
}

/// A case number's type code and court code ("" for a number that does not parse).
pub fn case_parts(case_number: &str) -> (&'static str, String) {
    match crate::domain::case_number::parse(case_number) {
        Ok(c) => (c.type_code, c.court),
        Err(_) => ("", String::new()),
    }
}

pub const LATEST: i64 = MIGRATIONS.len() as i64;
