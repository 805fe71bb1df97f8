//! What a key asks the app to do: the commands the screens and pop-ups return and `App` carries
//! out, with the data they carry. A leaf of the terminal app: it names the domain's and the
//! records' types, and nothing of the screens, so every screen can depend on it and `App` on them.

use crate::domain::model::Appearance;
use crate::records::HearingInput;

/// What a key asks the app to do.
#[derive(Clone, Debug)]
pub enum Cmd {
    Quit,
    OpenList,
    /// leaving a hearing: back where it was opened from (the dashboard's drill-in), else the list
    LeaveHearing,
    OpenHearing(i64),
    NewHearing,
    EditHearing(i64),
    SaveHearing {
        id: Option<i64>,
        input: HearingInput,
        defendants: Vec<String>,
    },
    /// a new hearing of a case that already had one that day: a second sitting, confirmed
    SaveHearingTwice {
        input: HearingInput,
        defendants: Vec<String>,
    },
    SearchAgencies(String),
    PickAgency(i64),
    AddDefendant(i64, String),
    /// a new agency's name added to the new hearing form's defendants, once asked about
    AddNewDefendant(String),
    /// removing a defendant agency: confirmed, with a reason when it has marks, or refused when settled
    AskRemoveDefendant(i64),
    /// the appearance and why (empty when it has no marks)
    RemoveDefendant(i64, String),
    /// deleting a hearing entered by mistake: confirmed, with a reason when it has marks
    AskDeleteHearing(i64),
    DeleteHearing(i64, String),
    EditAppearance(i64),
    /// who appeared, and the government the agency reports to
    SaveAppearance(Appearance, String),
    Score(i64),
    LiveStart(i64, Option<i64>),
    /// an evaluation finalized by the judge named, after asking (not the hearing's presiding judge)
    FinalizeAs(i64, String),
    /// live mode on a hearing whose day has not come, after asking
    LiveStartEarly(i64, Option<i64>),
    LiveMark(String),
    LiveUndo,
    LiveNote,
    LiveStage(crate::domain::live::Stage),
    /// the hearing's next defendant agency after this appearance, in live mode or the review:
    /// its appearance form first when who appeared is not entered
    NextAgency(i64),
    LiveEnd,
    OpenBatch,
    BatchPeriod(crate::domain::period::Period),
    /// the batch screen's period written as a draft (草稿) where exports go
    ExportDraft,
    SetMark {
        eval: i64,
        item: String,
        value: i64,
    },
    Prompt(PromptPurpose, String),
    Submit(PromptPurpose, String),
    Confirm(String, Box<Cmd>),
    /// a title and its choices, each with the command it runs
    Choose(String, Vec<(String, Cmd)>),
    ClearPerformance(i64),
    /// the judgment performance worklist
    OpenFollowups,
    /// the judicial suggestion worklist (this one selected)
    OpenSuggestions(Option<i64>),
    /// a judicial suggestion for an appearance's art 12 situation: whom it goes to, asked
    DraftSuggestion(i64),
    /// who drafts it, asked (the appearance, the kind of recipient)
    DraftSuggestionTo(i64, crate::domain::suggestion::RecipientKind),
    /// who sends a draft, asked
    AskSendSuggestion(i64),
    /// the reply to a sent suggestion
    SaveSuggestionReply {
        id: i64,
        on: chrono::NaiveDate,
        summary: String,
    },
    /// a suggestion written where the exports go
    PrintSuggestion(i64),
    /// discarding a draft, asked first
    AskDeleteSuggestion(i64),
    /// a justice bureau's spot checks of a month (None: the latest drawn, else last month)
    OpenSpotcheck(Option<crate::domain::period::Period>),
    /// a review saved: its scores, note and reviewer (a finalized one with the reason)
    SaveReview {
        court_code: String,
        uid: String,
        scores: std::collections::BTreeMap<String, i64>,
        note: String,
        reviewer: String,
        reason: Option<String>,
    },
    /// who finalizes a review, asked
    AskFinalizeReview(i64),
    DeleteSuggestion(i64),
    /// the outcomes a finalized evaluation's performance may be recorded as
    ChooseOutcome(i64),
    /// an appearance's judgment dates (None: unknown)
    SaveJudgmentDates {
        appearance: i64,
        effective: Option<chrono::NaiveDate>,
        deadline: Option<chrono::NaiveDate>,
    },
    /// the review screen of an appearance, in amendment mode
    StartAmend(i64),
    /// the changes amendment mode holds, to be saved with a reason and a judge's name
    AskAmend {
        appearance: i64,
        changes: Vec<Pending>,
    },
    /// save an amendment: every change at once, one reason, one judge
    Amend {
        appearance: i64,
        changes: Vec<Pending>,
        reason: String,
        by: String,
    },
    /// leave amendment mode, its changes dropped
    DropAmend,
    /// the audit history of a case (its canonical number)
    History(String),
    /// the evaluation sheet (评议表) of an appearance written where the exports go
    PrintSheet(i64),
    LoadDemo,
    ListMoved,
    /// the list's selection on today's hearings (the earliest not yet scored)
    Today,
    /// the agency directory
    OpenAgencies,
    /// the directory searched (by pinyin too); empty: every agency
    FilterAgencies(String),
    /// an agency of the directory edited (its id and name)
    SaveAgency {
        id: i64,
        name: String,
        /// the name as the form has it (another: the name is corrected, with a reason)
        new_name: String,
        edit: crate::records::AgencyEdit,
    },
    /// the picker of the agency that this one (by name) is merged into
    PickMergeTarget(String),
    /// a merge confirmed: `from` into `into`, for the reason given
    MergeAgencies {
        from: String,
        into: String,
        reason: String,
    },
    /// the reason for merging `from` into `into`, once both are known to be agencies
    AskMergeReason {
        from: String,
        into: String,
    },
    /// a schedule read and dry-run, imported as it was read
    ImportSchedule {
        schedule: Box<crate::domain::schedule::Schedule>,
        skip_invalid: bool,
        /// the file's folder, where the next import starts
        folder: Option<String>,
    },
    /// leave a scoring, live or appearance screen of this hearing: back where it was opened from
    Leave(i64),
    /// the dashboard of a month (None: this month), see app_dashboard.rs
    OpenDashboard(Option<crate::domain::period::Period>),
    /// the appearances behind a government's, agency's or court's figures on the dashboard
    Drill(crate::report::trend::Whose),
    /// a hearing listed by a drill-in (its court, its id)
    DashboardHearing(String, i64),
    /// the dashboard's months that changed since they were kept, read again (after a frame)
    RefreshDashboard,
    Help,
    Message(String),
    Error(String),
}

/// What a line typed into a prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    Comment,
    Note(String),
    Finalize,
    /// a note in live mode, at the moment its key was pressed
    LiveNote(crate::records::Moment),
    /// the folder to export into
    ExportFolder,
    /// who records a judgment performance outcome: the evaluation, the option id and its label
    Performance {
        eval: i64,
        option: String,
        outcome: String,
    },
    /// the performance deadline, asked for before an outcome that says it passed (逾期履行,
    /// 经强制执行, 拒不履行) when none is entered; then who records it (`by` offered)
    PerformanceDeadline {
        eval: i64,
        option: String,
        outcome: String,
        by: String,
    },
    /// a text field of the appearance, in amendment mode (kept until the amendment is saved)
    AmendText(crate::domain::amend::AppearanceField),
    /// why a hearing with marks is deleted (its id, and its case number and date)
    DeleteHearing(i64, String),
    /// why a defendant agency with marks is removed (the appearance, and the agency)
    RemoveDefendant(i64, String),
    /// the schedule file to import
    ScheduleFile,
    /// the judge who drafts a judicial suggestion (the appearance, whom it goes to)
    SuggestionDrafter(i64, crate::domain::suggestion::RecipientKind),
    /// the judge who sends a drafted judicial suggestion
    SuggestionSender(i64),
    /// the reviewer who finalizes a video review
    ReviewFinalizer(i64),
    /// why one agency of the directory is merged into another (both by name)
    MergeReason {
        from: String,
        into: String,
    },
    /// why an agency's name is corrected (its id, the name it had, the name it gets)
    RenameReason {
        id: i64,
        from: String,
        to: String,
    },
}

/// A change waiting to be saved: the field and value `Store::amend` takes, and how it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub field: String,
    pub value: String,
    /// "label：old → new"
    pub shown: String,
}
