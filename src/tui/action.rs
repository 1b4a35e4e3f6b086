//! Everything that can happen to the app: user intents and the results of work done outside
//! `update`, plus the effects `update` asks the runner to carry out.

use std::path::PathBuf;

use tui_input::InputRequest;

use crate::config::{SchoolChange, SchoolSaved};
use crate::export::ExportOptions;
use crate::plan::{DiskStamp, Plan, PlanEdit, SaveReport, StoredPlan};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// Give the terminal back to the shell until the teacher resumes the planner (Ctrl-Z).
    Suspend,
    /// Show or hide the key help.
    ToggleHelp,
    /// Switch between browsing modules and the plan.
    SwitchView,
    ShowBrowse,
    ShowPlan,
    /// Move between the module list and the detail pane.
    SwitchFocus,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    StartSearch,
    ClearFilters,
    NextAgeBand,
    PreviousAgeBand,
    NextStrand,
    PreviousStrand,
    CycleSensitivity,
    AddToPlan,
    RemoveFromPlan,
    MoveItemUp,
    MoveItemDown,
    EditItemNote,
    /// Leave out or shorten the selected lesson's activities, in this plan only.
    EditActivities,
    /// Write the plan's lesson dates as a calendar file (.ics) in the exports folder.
    SaveCalendarFile,
    /// In the activities dialog: a minute less, or more, for the selected activity.
    Shorter,
    Longer,
    EditPlanDetails,
    NewPlan,
    OpenPlanDialog,
    /// Open the export dialog (handouts as PDF, HTML or Markdown).
    ExportDialog,
    /// Open the school details dialog (who parent letters come from).
    SchoolDialog,
    ShowProblems,
    CycleTheme,
    /// Save the plan now (it is also saved after every change); in the school details dialog,
    /// save the details.
    Save,
    /// Open the file the last export wrote, with the system's viewer.
    OpenExported,
    ShowCoverage,
    /// The Programme view: year groups by terms.
    ShowProgramme,
    /// In the Programme view: a new plan for the cell's year group and term.
    AddPlanToCell,
    /// In the Programme view: put the open plan in the cell.
    PutPlanInCell,
    /// In the Programme view: take the plan at the cursor out of the programme (its file stays).
    RemoveFromProgramme,
    /// The Coverage view: the cell to the left or right.
    CellLeft,
    CellRight,
    /// The Coverage view: one strand band by band, or the whole grid.
    ToggleProgression,
    /// Read the library folders again (`r`).
    ReloadLibrary,
    /// Open the selected module's file in the teacher's editor.
    EditModule,
    /// Record that the selected module is reviewed and approved.
    ApproveModule,
    /// Start a new module for the Coverage view's selected cell.
    NewModuleHere,
    /// A curator's change to the library was made, or why not.
    Curated(Result<Curated, String>),
    /// The library folders changed on disk: read them again.
    LibraryChanged,
    /// In the Open dialog: give the selected plan a new title.
    RenamePlanFile,
    /// In the Open dialog: copy the selected plan.
    DuplicatePlanFile,
    /// In the Open dialog: delete the selected plan (asked first; moved aside, not erased).
    DeletePlanFile,
    /// Take back the last plan edit.
    Undo,
    /// Make again the last edit taken back.
    Redo,
    /// Edit the focused text field.
    Edit(InputRequest),
    /// Text pasted in one go (bracketed paste), inserted into the focused field as one edit.
    Paste(String),
    /// Confirm the dialog or field (Enter).
    Submit,
    /// Close the dialog or stop searching (Esc).
    Cancel,
    /// Next/previous field in a form.
    NextField,
    PreviousField,
    /// Toggle or cycle the focused option in a form (Space).
    ToggleOption,
    /// A mouse click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    // Results of effects:
    PlanSaved(Result<SaveReport, String>),
    PlansListed(Result<Vec<PlanFile>, String>),
    /// The plan was written to a new file of the teacher's choosing, or why not.
    PlanSavedAs(Result<StoredPlan, String>),
    /// A plan was read, or the located problem that stops it being read.
    PlanOpened(Result<StoredPlan, Box<crate::library::Diagnostic>>),
    Exported(Result<PathBuf, String>),
    /// The export's file exists; the teacher is asked before it is replaced.
    ExportWouldReplace(PathBuf),
    /// The theme was written into the config file, or why not.
    ThemeSaved(Result<(), String>),
    /// A plan file was renamed, copied or deleted, or why not.
    PlanFileChanged(Result<PlanFileChange, String>),
    /// The library as read again.
    LibraryLoaded(Box<crate::library::Library>),
    /// The library as read again, with its search index built beside it off the UI thread: a
    /// large library's index takes longer than a keystroke may.
    LibraryIndexed(Box<crate::library::Library>, SearchIndex),
    /// How far the library's first read has got: module files read of those found, and the
    /// modules read since the last count, to browse meanwhile (with the framework they are
    /// read against, the first time it is known).
    LoadProgress {
        read: usize,
        found: usize,
        modules: Vec<crate::library::Module>,
        framework: Option<Box<crate::library::Framework>>,
    },
    /// The programme as read, or why it could not be.
    ProgrammeLoaded(Box<Result<super::app::programme::ProgrammeGrid, String>>),
    /// The programme after a change, or why the change was not made.
    ProgrammeChanged(Result<super::app::programme::ProgrammeChanged, String>),
    /// The system's viewer was started on a file, or why not.
    FileOpened(Result<(), String>),
    /// The editor opened on a library file has closed (or could not be started: why).
    Edited {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The export was cancelled before anything was written.
    ExportCancelled,
    /// The school details were written into the config file, or why not.
    SchoolSaved(Result<SchoolSaved, String>),
}

/// A saved plan offered by the Open dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    pub path: PathBuf,
    pub title: String,
    pub items: usize,
    /// False for a file that is not a readable plan (listed so nothing is hidden).
    pub readable: bool,
}

/// What happened to a plan file in the plans folder.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanFileChange {
    Retitled {
        from: PathBuf,
        stored: StoredPlan,
    },
    Duplicated {
        stored: StoredPlan,
    },
    /// Moved aside to `to`, from where it can be moved back.
    Deleted {
        from: PathBuf,
        to: PathBuf,
    },
}

/// Work with the outside world that `update` asks for; the runner does it and reports back.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save atomically; `path: None` means choose a new file name in the plans folder. `known`
    /// is the file as the app last read or wrote it and `edits` the app's changes since, so that
    /// a file changed meanwhile gets the edits made on it instead of being overwritten.
    SavePlan {
        path: Option<PathBuf>,
        plan: Plan,
        known: Option<DiskStamp>,
        edits: Vec<PlanEdit>,
    },
    /// Save the plan to a new file (never over an existing one), which becomes its file.
    SavePlanAs {
        path: PathBuf,
        plan: Plan,
    },
    ListPlans,
    OpenPlan(PathBuf),
    /// Write handouts for the plan; an existing file is only replaced when `replace` is set.
    /// Runs in the background: the planner keeps drawing and Esc cancels it.
    Export {
        plan: Plan,
        options: Box<ExportOptions>,
        path: PathBuf,
        replace: bool,
    },
    /// Give a plan file a new title (and a name from it, where its name came from the old one).
    RetitlePlanFile {
        path: PathBuf,
        title: String,
    },
    DuplicatePlanFile(PathBuf),
    /// Move a plan file into the plans folder's deleted folder.
    DeletePlanFile(PathBuf),
    /// Remember the theme in the config file; replies with `ThemeSaved`.
    SaveTheme {
        path: PathBuf,
        theme: &'static str,
    },
    /// Read the library's sources again; replies with `LibraryLoaded`.
    LoadLibrary,
    /// Write the plan's dated sessions as an iCalendar file; replies with `Exported`.
    WriteCalendarFile {
        plan: Plan,
        /// Names the plan in the events' ids, so a file written again updates them.
        plan_id: String,
        calendar: Box<crate::school_year::Calendar>,
        path: PathBuf,
    },
    /// Read the programme and its plans; replies with `ProgrammeLoaded`.
    LoadProgramme {
        file: PathBuf,
        calendar: Box<crate::school_year::Calendar>,
        system: Option<Box<crate::library::year_groups::YearSystem>>,
    },
    /// Change the programme file and read it again; replies with `ProgrammeChanged`.
    ChangeProgramme {
        file: PathBuf,
        calendar: Box<crate::school_year::Calendar>,
        system: Option<Box<crate::library::year_groups::YearSystem>>,
        change: super::app::programme::ProgrammeChange,
    },
    /// Open a file with the system's viewer (xdg-open, open, start), in the background.
    OpenFile(PathBuf),
    /// Copy the bundled module `id` into the library folder `into`; replies with `Curated`.
    Adapt {
        id: String,
        into: PathBuf,
    },
    /// Record an approval in a module's file; replies with `Curated`.
    Approve {
        file: PathBuf,
        by: String,
        on: crate::library::Date,
    },
    /// Write a new draft module into the library folder `into`; replies with `Curated`.
    NewModule {
        band: String,
        strand: String,
        title: String,
        into: PathBuf,
    },
    /// Hand the terminal to the teacher's editor on `path` (at `line`) until it closes; replies
    /// with `Edited`.
    EditFile {
        path: PathBuf,
        line: Option<usize>,
    },
    /// Stop the running export before it writes anything.
    CancelExport,
    /// Set these keys of the config file's `[school]` table, leaving the rest of the file as it
    /// is.
    SaveSchool {
        path: PathBuf,
        changes: Vec<SchoolChange>,
    },
}

/// What a curator's change did: a sentence for the status bar, and the file to open in the
/// editor, if any (otherwise the library is read again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curated {
    pub message: String,
    pub edit: Option<PathBuf>,
}

/// A search index sent with the library it was built from.
#[derive(Clone)]
pub struct SearchIndex(pub std::sync::Arc<crate::search::Searcher>);

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchIndex")
    }
}

/// Two indexes are the same when they are one index: built twice, they are still two builds.
impl PartialEq for SearchIndex {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}
