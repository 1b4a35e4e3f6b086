//! The app's state as plain data, and `update`, the one place it changes.
//!
//! `update` does no I/O: saving, listing and opening plans are returned as [`Effect`]s that the
//! runner carries out, reporting back with another [`Action`]. That keeps every behaviour testable
//! without a terminal.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;
use tui_input::{Input, InputRequest};

use super::action::{Action, Effect};
use super::keymap::Keymap;
use super::layout;
use super::theme::ThemeName;
use crate::library::year_groups::{self, YearSystem};
use crate::library::{FullModule, Library, Module, Sensitivity, TextChanged};
use crate::plan::{
    ActivityChange, DiskStamp, Plan, PlanDetails, PlanEdit, PlanError, SaveOutcome, SaveReport,
    StoredPlan,
};
use crate::search::{Filter, Hit, Searcher};
pub use export_form::{EXPORT_ROWS, ExportForm, ExportRow};
pub use history::{History, Step};
pub use open_dialog::{OpenDialog, OpenMode};
pub use school_form::{SAVE_ROW, SCHOOL_LABELS, SchoolForm};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Browse,
    Plan,
    /// Strands by age bands: what the library teaches whom.
    Coverage,
    /// Year groups by terms: the school's programme of plans.
    Programme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Problems {
        selected: usize,
    },
    OpenPlan(OpenDialog),
    PlanForm(Box<PlanForm>),
    ItemNote {
        item: usize,
        input: Input,
    },
    /// The selected lesson's activities, to leave out or shorten in this plan.
    Activities {
        item: usize,
        selected: usize,
    },
    Export(Box<ExportForm>),
    School(Box<SchoolForm>),
    /// Quitting with changes that could not be saved: save them elsewhere, quit anyway, or stay.
    Quit(Box<QuitDialog>),
    /// A plan file that cannot be read: the whole located error. The file is left as it is;
    /// Enter offers another plan.
    PlanProblem(Box<crate::library::Diagnostic>),
    /// Adapting, approving or starting a module.
    Curate(Box<curate_form::CurateForm>),
}

/// Asked on quit when the plan has changes not in any file.
#[derive(Debug, Clone)]
pub struct QuitDialog {
    pub choice: QuitChoice,
    /// Where "Save to another file" writes; relative names are taken from the fallback folder.
    pub path: Input,
    pub error: Option<String>,
    /// A save to `path` is running: the planner quits once it is written.
    pub saving: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitChoice {
    SaveElsewhere,
    QuitAnyway,
    Stay,
}

impl QuitChoice {
    pub const ALL: [QuitChoice; 3] = [
        QuitChoice::SaveElsewhere,
        QuitChoice::QuitAnyway,
        QuitChoice::Stay,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QuitChoice::SaveElsewhere => "Save the plan to this file, then quit:",
            QuitChoice::QuitAnyway => "Quit without saving (the changes are lost)",
            QuitChoice::Stay => "Stay in the planner",
        }
    }
}

/// The plan details form: title, group, age band, teacher, notes.
#[derive(Debug, Clone)]
pub struct PlanForm {
    pub fields: [Input; 10],
    pub focused: usize,
    pub error: Option<String>,
    /// The age band the plan had when the form opened: a year group sets the band unless the
    /// teacher typed another one.
    pub band_was: Option<String>,
}

const SAVED_SUFFIX: &str = " · saved";
const READING_LIBRARY: &str = "Reading the library…";

/// The most characters a planner text field (search, plan details, a note) holds: more is a paste
/// gone wrong, and would slow every keystroke and frame.
pub const MAX_FIELD_CHARS: usize = 2_000;
/// The most characters of a path to save handouts to.
pub const MAX_PATH_CHARS: usize = 4_096;

pub const FORM_LABELS: [&str; 10] = [
    "Title",
    "Group",
    "Year group",
    "Age band",
    "Teacher",
    "Notes",
    "Lesson min",
    "Lesson day",
    "Time",
    "First term",
];

/// The plan form's fields that are chosen from a list with Left and Right: the year group, the
/// lesson's day and the first term.
pub const FORM_YEAR: usize = 2;
pub const FORM_DAY: usize = 7;
pub const FORM_TERM: usize = 9;

pub use crate::plan::LESSON_MINUTES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub struct App {
    pub library: Library,
    pub view: View,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub filter: Filter,
    pub search: Input,
    pub searching: bool,
    /// The modules passing the filter, best first; indices into `library.modules`.
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub list_offset: usize,
    pub detail_scroll: u16,
    /// How far the Plan view's details pane is scrolled.
    pub plan_details_scroll: u16,
    pub plan: Plan,
    pub plan_path: Option<PathBuf>,
    /// The plan file as this app last read or wrote it, to notice changes made by anyone else.
    pub plan_stamp: Option<DiskStamp>,
    /// Edits since the last save, kept so that a save can make them again on the file's newer
    /// version if someone else changed it meanwhile.
    unsaved: Vec<PlanEdit>,
    /// What `u` undoes and Ctrl-R redoes.
    pub history: History,
    pub plan_selected: usize,
    pub plan_offset: usize,
    pub status: Option<Status>,
    pub theme: ThemeName,
    /// Where the export dialog suggests saving handouts.
    pub exports_dir: PathBuf,
    /// A folder the teacher can surely write to (their home), where a plan goes when its own
    /// folder cannot be written.
    pub fallback_dir: PathBuf,
    /// The region whose help services the export dialog starts with.
    pub region: String,
    /// The school system whose year groups plans name (the config's `year_groups`).
    pub year_groups: Option<String>,
    /// The school's calendar, which dates the sessions of a plan with a weekly slot.
    pub calendar: Option<crate::school_year::Calendar>,
    /// The config whose region is checked once the library is read (until then, unchecked).
    pub unchecked_region: Option<Box<crate::config::Config>>,
    /// The school's programme file, and the Programme view of it.
    pub programme_file: PathBuf,
    pub programme: programme::ProgrammeView,
    /// NO_COLOR is set: styles use bold, reverse and underline only.
    pub no_color: bool,
    /// An export is running in the background.
    pub exporting: bool,
    /// The file the last export wrote, for `O` to open.
    pub last_export: Option<PathBuf>,
    /// Who parent letters come from (the config's `[school]` table).
    pub school: crate::export::School,
    /// The config file, where the school details dialog saves.
    pub config_file: PathBuf,
    /// The config file's problems as last read, which are among the library's diagnostics;
    /// replaced by the file's new ones when the planner saves it.
    pub config_problems: Vec<crate::library::Diagnostic>,
    /// The date letters are dated.
    pub today: crate::library::Date,
    pub size: Rect,
    pub quit: bool,
    searcher: Arc<Searcher>,
    /// Why the library is being read again, for the message once it is.
    reload_reason: Option<Reload>,
    /// Reloads asked for and not yet back, and the problem count before the first of them: the
    /// status speaks once they are all in, so a watcher's reload never hides an edit's.
    reloads_pending: usize,
    /// Module files read of those found, while the library is first read.
    pub load_progress: Option<(usize, usize)>,
    problems_before_reload: Option<usize>,
    /// The key bindings, with the config file's changes.
    pub keymap: Keymap,
    pub coverage: coverage::CoverageView,
    /// The selected module in full, read when it is selected: the library holds only what is
    /// browsed, and the detail pane shows the rest.
    shown: Option<Shown>,
    /// Libraries and indexes replaced by a newer read, for the event loop to free elsewhere.
    replaced: Vec<Replaced>,
}

/// A library and its index that a newer read has replaced: held only to be freed.
pub struct Replaced {
    library: Library,
    _index: Arc<Searcher>,
}

impl Replaced {
    /// How many modules the replaced library held.
    pub fn modules(&self) -> usize {
        self.library.modules.len()
    }
}

/// A module as the library held it when its full text was read, and that text.
struct Shown {
    of: Module,
    /// The region it is printed for: the text is kept with its passages for that region chosen,
    /// so that a frame only lays it out.
    region: String,
    full: Result<FullModule, TextChanged>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reload {
    /// The planner's first read, begun as it opens.
    First,
    Asked,
    FilesChanged,
    /// The teacher edited this file.
    Edited(PathBuf),
    /// A curator's change, said in these words.
    Changed(String),
}

impl Reload {
    fn rank(&self) -> u8 {
        match self {
            Reload::FilesChanged => 0,
            Reload::Asked => 1,
            Reload::First => 3,
            Reload::Edited(_) | Reload::Changed(_) => 2,
        }
    }
}

impl App {
    pub fn new(library: Library, theme: ThemeName, size: Rect) -> App {
        let searcher = Arc::new(Searcher::new(&library.modules, &library.synonyms));
        let coverage = coverage::CoverageView::new(&library);
        let mut app = App {
            library,
            view: View::Browse,
            focus: Focus::List,
            overlay: None,
            filter: Filter::default(),
            search: Input::default(),
            searching: false,
            hits: Vec::new(),
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            plan_details_scroll: 0,
            plan: Plan::new("Untitled plan"),
            plan_path: None,
            plan_stamp: None,
            unsaved: Vec::new(),
            history: History::default(),
            plan_selected: 0,
            plan_offset: 0,
            status: None,
            theme,
            exports_dir: PathBuf::from("exports"),
            fallback_dir: PathBuf::from("."),
            region: "uk".to_string(),
            year_groups: None,
            calendar: None,
            unchecked_region: None,
            programme_file: PathBuf::from("programme.toml"),
            programme: programme::ProgrammeView::default(),
            no_color: false,
            exporting: false,
            last_export: None,
            school: crate::export::School::default(),
            config_file: PathBuf::from("config.toml"),
            config_problems: Vec::new(),
            today: crate::library::Date::today(),
            size,
            quit: false,
            searcher,
            reload_reason: None,
            reloads_pending: 0,
            load_progress: None,
            problems_before_reload: None,
            keymap: Keymap::default(),
            coverage,
            shown: None,
            replaced: Vec::new(),
        };
        app.refresh_hits();
        app.read_selected_in_full();
        app
    }

    /// The year groups plans name here: the configured system, else the region's.
    /// Asks for the plan's lesson dates as a calendar file, beside its handouts; or says what
    /// the plan or the school still lacks for dates.
    fn save_calendar_file(&mut self) -> Vec<Effect> {
        let Some(calendar) = self.calendar.clone() else {
            self.error(
                "No school calendar: add calendar.toml to the data folder to date the lessons",
            );
            return Vec::new();
        };
        if let Err(problem) = crate::export::ics::ready(&self.plan) {
            let said = match problem {
                crate::export::ics::IcsProblem::NoSchedule => {
                    "Give the plan a lesson day first (e, Lesson day)".to_string()
                }
                crate::export::ics::IcsProblem::NoLessonLength => {
                    "Give the plan a lesson length first (e, Lesson min)".to_string()
                }
                other => other.to_string(),
            };
            self.error(said);
            return Vec::new();
        }
        let stem = crate::plan::file_stem_for(&self.plan.title);
        // The file's name gives the events their ids, as the command line's export does.
        let plan_id = self
            .plan_path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| stem.clone(), |s| s.to_string_lossy().into_owned());
        let path = self.exports_dir.join(format!("{stem}-lessons.ics"));
        self.exporting = true;
        vec![Effect::WriteCalendarFile {
            plan: self.plan.clone(),
            plan_id,
            calendar: Box::new(calendar),
            path,
        }]
    }

    /// The activities dialog: choose an activity, leave it out or put it back, take a minute off
    /// or give one back. Each change is an edit of its own, saved and undoable.
    fn update_activities(&mut self, item: usize, selected: usize, action: Action) -> Vec<Effect> {
        let module = self
            .plan
            .items
            .get(item)
            .and_then(|planned| self.library.module(&planned.module))
            .cloned();
        let Some(module) = module else {
            return Vec::new();
        };
        let count = module.activities.len();
        let keep_open = |app: &mut App, selected: usize| {
            app.overlay = Some(Overlay::Activities {
                item,
                selected: selected.min(count.saturating_sub(1)),
            });
        };
        let number = selected + 1;
        let kept = self.plan.items[item].activity_minutes(&module, number);
        let full = module.activities.get(selected).map_or(0, |a| a.minutes);
        let change = match action {
            Action::Up => {
                keep_open(self, selected.saturating_sub(1));
                return Vec::new();
            }
            Action::Down => {
                keep_open(self, selected + 1);
                return Vec::new();
            }
            Action::Top => {
                keep_open(self, 0);
                return Vec::new();
            }
            Action::Bottom => {
                keep_open(self, count);
                return Vec::new();
            }
            Action::Cancel | Action::Submit => return Vec::new(),
            Action::ToggleOption => match kept {
                Some(_) => ActivityChange::LeaveOut,
                None => ActivityChange::Restore,
            },
            Action::Shorter => match kept {
                Some(minutes) if minutes > 1 => ActivityChange::Minutes(minutes - 1),
                _ => {
                    keep_open(self, selected);
                    return Vec::new();
                }
            },
            Action::Longer => match kept {
                Some(minutes) if minutes < full => ActivityChange::Minutes(minutes + 1),
                None => ActivityChange::Minutes(1),
                Some(_) => {
                    keep_open(self, selected);
                    return Vec::new();
                }
            },
            _ => {
                keep_open(self, selected);
                return Vec::new();
            }
        };
        keep_open(self, selected);
        let mut changed = self.plan.clone();
        if changed
            .change_activity(item, &module, number, change)
            .is_err()
        {
            return Vec::new();
        }
        let edit = self
            .plan
            .item_ref(item)
            .map(|item_ref| PlanEdit::SetActivities {
                item: item_ref,
                leave_out: changed.items[item].leave_out.clone(),
                shorten: changed.items[item].shorten.clone(),
            });
        match edit.and_then(|edit| self.edit_plan(edit)) {
            Ok(()) => vec![self.save_effect()],
            Err(_) => Vec::new(),
        }
    }

    /// The plan's sessions with their dates, when it has a weekly slot and the school a calendar.
    pub fn dated_plan(&self) -> Option<crate::school_year::DatedPlan> {
        let calendar = self.calendar.as_ref()?;
        crate::school_year::date_plan(&self.plan, &self.library, calendar).ok()
    }

    pub fn year_system(&self) -> Option<&YearSystem> {
        self.library
            .year_system(self.year_groups.as_deref(), Some(&self.region))
    }

    pub fn selected_module(&self) -> Option<&Module> {
        self.hits
            .get(self.selected)
            .map(|hit| &self.library.modules[hit.index])
    }

    pub fn problem_count(&self) -> usize {
        self.library
            .diagnostics
            .iter()
            .filter(|d| d.severity != crate::library::Severity::Note)
            .count()
    }

    fn list_rows(&self) -> usize {
        layout::inner_rows(layout::areas(self.size).left).max(1)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.apply(action);
        self.read_selected_in_full();
        effects
    }

    /// The selected module in full as the school's region prints it, once it has been read (see
    /// [`App::update`]).
    pub fn shown_text(&self, module: &Module) -> Option<&Result<FullModule, TextChanged>> {
        self.shown
            .as_ref()
            .filter(|shown| shown.of == *module && shown.region == self.region)
            .map(|shown| &shown.full)
    }

    /// Reads the selected module's full text when the selection, the module or the region has
    /// changed: one small file for each module looked at, so the detail pane shows it on the next
    /// frame.
    fn read_selected_in_full(&mut self) {
        let Some(module) = self.selected_module() else {
            self.shown = None;
            return;
        };
        if self.shown_text(module).is_some() {
            return;
        }
        self.shown = Some(Shown {
            of: module.clone(),
            region: self.region.clone(),
            full: module.in_full().map(|full| full.for_region(&self.region)),
        });
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.keep_visible();
                return Vec::new();
            }
            Action::PlanSaved(result) => {
                match result {
                    Ok(report) => self.saved(report),
                    Err(error) => self.error(format!(
                        "Could not save the plan: {error}. Your changes are kept here; {}.",
                        self.keymap.press(&Action::Save, "try again")
                    )),
                }
                return Vec::new();
            }
            Action::LibraryLoaded(library) => {
                self.library_loaded(*library, None);
                return Vec::new();
            }
            Action::LibraryIndexed(library, index) => {
                self.library_loaded(*library, Some(index.0));
                return Vec::new();
            }
            Action::LoadProgress {
                read,
                found,
                modules,
                framework,
            } => {
                // A count that arrives after the library has come in says nothing new.
                self.load_progress = self.is_loading().then_some((read, found));
                if self.is_loading() {
                    if let Some(framework) = framework {
                        self.library.framework = *framework;
                    }
                    if !modules.is_empty() {
                        self.browse_read(modules);
                    }
                }
                return Vec::new();
            }
            Action::ProgrammeLoaded(grid) => {
                self.programme.grid = Some(*grid);
                self.programme.clamp();
                return Vec::new();
            }
            Action::ProgrammeChanged(result) => return self.programme_changed(result),
            // Files changed under a dialog: reload now, the dialog stays as it is.
            Action::LibraryChanged => return self.reload(Reload::FilesChanged),
            Action::Curated(result) => return self.curated(result),
            // The editor may have been opened from the problems list, which stays open.
            Action::Edited { path, result } => {
                return match result {
                    Ok(()) => self.reload(Reload::Edited(path)),
                    Err(error) => {
                        self.error(error);
                        Vec::new()
                    }
                };
            }

            Action::PlanSavedAs(result) => {
                self.saved_as(result);
                return Vec::new();
            }
            Action::PlanFileChanged(result) => return self.plan_file_changed(result),
            Action::PlansListed(result) => {
                if let Some(Overlay::OpenPlan(dialog)) = &mut self.overlay {
                    match result {
                        Ok(files) => dialog.listed(files),
                        Err(error) => {
                            dialog.files = Some(Vec::new());
                            dialog.error = Some(error);
                        }
                    }
                }
                return Vec::new();
            }
            Action::PlanOpened(result) => {
                match result {
                    Ok(stored) => {
                        self.overlay = None;
                        self.info(format!("Opened {}", stored.path.display()));
                        self.plan = stored.plan;
                        self.plan_path = Some(stored.path);
                        self.plan_stamp = Some(stored.stamp);
                        self.unsaved.clear();
                        self.history.clear();
                        self.plan_selected = 0;
                        self.plan_offset = 0;
                        self.view = View::Plan;
                        self.follow_plan_band();
                    }
                    // The whole error, in a dialog: a status line would cut it off. The plan on
                    // screen stays, and the damaged file is not touched.
                    Err(problem) => {
                        self.error(format!(
                            "Cannot open {}: it has a problem (shown); the file is unchanged",
                            problem.file
                        ));
                        self.overlay = Some(Overlay::PlanProblem(problem));
                    }
                }
                return Vec::new();
            }
            Action::Exported(result) => {
                let cancelled = !std::mem::replace(&mut self.exporting, false);
                match (result, &mut self.overlay) {
                    (Ok(path), _) if cancelled => {
                        self.info(format!(
                            "The export had finished before it could be cancelled: {}",
                            path.display()
                        ));
                    }
                    (Ok(path), _) => {
                        self.overlay = None;
                        self.info(format!("Exported {} · O opens it", path.display()));
                        self.last_export = Some(path);
                    }
                    (Err(error), Some(Overlay::Export(form))) => form.error = Some(error),
                    (Err(error), _) => self.error(error),
                }
                return Vec::new();
            }
            Action::ExportCancelled => {
                self.exporting = false;
                return Vec::new();
            }
            Action::SchoolSaved(result) => {
                self.school_saved(result);
                return Vec::new();
            }
            Action::ExportWouldReplace(path) => {
                self.exporting = false;
                if let Some(Overlay::Export(form)) = &mut self.overlay {
                    form.confirm_replace = true;
                    form.error = Some(format!(
                        "{} already exists. Press Enter again to replace it, or change the name.",
                        path.display()
                    ));
                }
                return Vec::new();
            }
            _ => {}
        }
        if let Some(effects) = self.mouse_in_dialog(&action) {
            return effects;
        }
        if let Some(overlay) = self.overlay.take() {
            return self.update_overlay(overlay, action);
        }
        if self.searching {
            return self.update_search(action);
        }
        if self.view == View::Coverage
            && let Some(effects) = self.update_coverage(action.clone())
        {
            return effects;
        }
        if self.view == View::Programme
            && let Some(effects) = self.update_programme(action.clone())
        {
            return effects;
        }
        self.update_main(action)
    }

    /// Quits, unless the plan has changes that are in no file: then asks what to do with them.
    fn request_quit(&mut self) -> Vec<Effect> {
        if self.unsaved.is_empty() {
            self.quit = true;
            return if self.exporting {
                vec![Effect::CancelExport]
            } else {
                Vec::new()
            };
        }
        let name = crate::plan::file_name_for(&self.plan.title);
        let suggestion = self.fallback_dir.join(name).display().to_string();
        self.overlay = Some(Overlay::Quit(Box::new(QuitDialog {
            choice: QuitChoice::SaveElsewhere,
            path: Input::new(suggestion),
            error: None,
            saving: false,
        })));
        Vec::new()
    }

    /// An empty plan with no file yet: it gets one when it is first changed.
    fn start_new_plan(&mut self) {
        self.plan = Plan::new(crate::plan::NEW_PLAN_TITLE);
        self.plan_path = None;
        self.plan_stamp = None;
        self.unsaved.clear();
        self.history.clear();
        self.plan_selected = 0;
        self.plan_offset = 0;
    }

    /// How many changes are in no file yet (a save failed, or is still to come).
    pub fn unsaved_changes(&self) -> usize {
        self.unsaved.len()
    }

    /// What the quit dialog says first: how many changes are in no file.
    pub fn quit_message(&self) -> String {
        let changes = self.unsaved_changes();
        format!(
            "{changes} change{} to \u{201c}{}\u{201d} could not be saved to its file.",
            if changes == 1 { "" } else { "s" },
            self.plan.title
        )
    }

    fn update_quit_dialog(&mut self, mut dialog: Box<QuitDialog>, action: Action) -> Vec<Effect> {
        let position = QuitChoice::ALL
            .iter()
            .position(|c| *c == dialog.choice)
            .unwrap_or(0);
        match action {
            // Esc and Ctrl-C both mean "not like this": nothing is thrown away by a reflex.
            Action::Cancel | Action::Quit => return Vec::new(),
            Action::Up | Action::PreviousField => {
                dialog.choice = QuitChoice::ALL[position.saturating_sub(1)];
            }
            Action::Down | Action::NextField => {
                dialog.choice = QuitChoice::ALL[(position + 1).min(QuitChoice::ALL.len() - 1)];
            }
            Action::Edit(request) => {
                edit_within(&mut dialog.path, request, MAX_PATH_CHARS);
                dialog.choice = QuitChoice::SaveElsewhere;
                dialog.error = None;
            }
            Action::Paste(text) => {
                let cut = paste_into(&mut dialog.path, &text, MAX_PATH_CHARS);
                self.pasted(cut, MAX_PATH_CHARS);
                dialog.choice = QuitChoice::SaveElsewhere;
                dialog.error = None;
            }
            Action::Submit if dialog.saving => {}
            Action::Submit => match dialog.choice {
                QuitChoice::QuitAnyway => {
                    self.quit = true;
                    return Vec::new();
                }
                QuitChoice::Stay => return Vec::new(),
                QuitChoice::SaveElsewhere => {
                    let typed = dialog.path.value().trim();
                    if typed.is_empty() {
                        dialog.error = Some("Type where to save the plan".into());
                    } else {
                        let path = self
                            .fallback_dir
                            .join(expand_home(typed, &self.fallback_dir));
                        dialog.saving = true;
                        self.overlay = Some(Overlay::Quit(dialog));
                        return vec![Effect::SavePlanAs {
                            path,
                            plan: self.plan.clone(),
                        }];
                    }
                }
            },
            _ => {}
        }
        self.overlay = Some(Overlay::Quit(dialog));
        Vec::new()
    }

    /// Takes in how saving to a file of the teacher's choosing went: from then on the plan lives
    /// there, and the planner quits if it was asked to.
    fn saved_as(&mut self, result: Result<StoredPlan, String>) {
        let quitting = matches!(&self.overlay, Some(Overlay::Quit(d)) if d.saving);
        match result {
            Ok(stored) => {
                self.info(format!("Saved the plan to {}", stored.path.display()));
                self.plan_path = Some(stored.path);
                self.plan_stamp = Some(stored.stamp);
                self.unsaved.clear();
                if quitting {
                    self.overlay = None;
                    self.quit = true;
                }
            }
            Err(error) => {
                if let Some(Overlay::Quit(dialog)) = &mut self.overlay {
                    dialog.saving = false;
                    dialog.error = Some(format!("Not saved: {error}. Try another folder."));
                }
                self.error(format!("Could not save the plan: {error}"));
            }
        }
    }

    fn update_search(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Edit(request) => {
                edit_within(&mut self.search, request, MAX_FIELD_CHARS);
                self.take_query();
            }
            Action::Paste(text) => {
                let cut = paste_into(&mut self.search, &text, MAX_FIELD_CHARS);
                self.pasted(cut, MAX_FIELD_CHARS);
                self.take_query();
            }
            Action::Submit => self.searching = false,
            Action::Cancel => {
                self.searching = false;
                self.search.reset();
                self.take_query();
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                return self.update_main(action);
            }
            Action::Quit => return self.request_quit(),
            _ => {}
        }
        Vec::new()
    }

    fn update_main(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return self.request_quit(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::ShowProblems => self.overlay = Some(Overlay::Problems { selected: 0 }),
            Action::SwitchView => {
                self.view = match self.view {
                    View::Browse => View::Plan,
                    View::Plan => View::Coverage,
                    View::Coverage => View::Programme,
                    View::Programme => View::Browse,
                };
                if self.view == View::Programme {
                    return self.load_programme();
                }
            }
            Action::ShowBrowse => self.view = View::Browse,
            Action::ShowPlan => self.view = View::Plan,
            Action::ShowCoverage => self.view = View::Coverage,
            Action::ShowProgramme => {
                self.view = View::Programme;
                return self.load_programme();
            }
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                }
            }
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-(self.list_rows() as isize)),
            Action::PageDown => self.step(self.list_rows() as isize),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::StartSearch => {
                self.view = View::Browse;
                self.focus = Focus::List;
                self.searching = true;
            }
            Action::ClearFilters => {
                self.filter = Filter::default();
                self.search.reset();
                self.refresh_hits();
                self.info("Filters cleared");
            }
            Action::NextAgeBand | Action::PreviousAgeBand => {
                let ids: Vec<String> = self
                    .library
                    .framework
                    .age_bands
                    .iter()
                    .map(|b| b.id.clone())
                    .collect();
                self.filter.age_band = cycle(
                    &ids,
                    self.filter.age_band.as_ref(),
                    action == Action::NextAgeBand,
                );
                self.refresh_hits();
            }
            Action::NextStrand | Action::PreviousStrand => {
                let ids: Vec<String> = self
                    .library
                    .framework
                    .strands
                    .iter()
                    .map(|s| s.id.clone())
                    .collect();
                self.filter.strand = cycle(
                    &ids,
                    self.filter.strand.as_ref(),
                    action == Action::NextStrand,
                );
                self.refresh_hits();
            }
            Action::CycleSensitivity => {
                self.filter.sensitivity = match self.filter.sensitivity {
                    None => Some(Sensitivity::Sensitive),
                    Some(Sensitivity::Sensitive) => Some(Sensitivity::Standard),
                    Some(Sensitivity::Standard) => None,
                };
                self.refresh_hits();
            }
            Action::CycleTheme => {
                self.theme = self.theme.next();
                self.info(format!("Theme: {}", self.theme.label()));
                return vec![Effect::SaveTheme {
                    path: self.config_file.clone(),
                    theme: self.theme.id(),
                }];
            }
            // The theme works either way; only remembering it failed.
            Action::ThemeSaved(Err(error)) => {
                self.error(format!(
                    "Theme: {} (not remembered: {error})",
                    self.theme.label()
                ));
            }
            Action::AddToPlan => return self.add_selected(),
            Action::RemoveFromPlan => return self.remove_item(),
            Action::MoveItemUp => return self.move_item(-1),
            Action::MoveItemDown => return self.move_item(1),
            Action::EditItemNote
                if self.view == View::Plan && self.plan_selected < self.plan.items.len() =>
            {
                let note = self.plan.items[self.plan_selected]
                    .notes
                    .clone()
                    .unwrap_or_default();
                self.overlay = Some(Overlay::ItemNote {
                    item: self.plan_selected,
                    input: Input::new(note),
                });
            }
            Action::SaveCalendarFile if self.view == View::Plan => {
                return self.save_calendar_file();
            }
            Action::EditActivities if self.view == View::Plan => {
                let module = self
                    .plan
                    .items
                    .get(self.plan_selected)
                    .and_then(|item| self.library.module(&item.module));
                match module {
                    Some(m) if !m.activities.is_empty() => {
                        self.overlay = Some(Overlay::Activities {
                            item: self.plan_selected,
                            selected: 0,
                        });
                    }
                    Some(_) => self.error("This module lists no activities to change"),
                    None if self.plan.items.is_empty() => {}
                    None => {
                        self.error("This module is not in the library: its activities are unknown")
                    }
                }
            }
            Action::EditPlanDetails => {
                self.overlay = Some(Overlay::PlanForm(Box::new(PlanForm::from_plan(&self.plan))))
            }
            Action::NewPlan => {
                self.start_new_plan();
                self.view = View::Plan;
                self.info("New plan: give it a title, then add modules from Browse");
                self.overlay = Some(Overlay::PlanForm(Box::new(PlanForm::from_plan(&self.plan))));
            }
            Action::ExportDialog => {
                if self.plan.items.is_empty() {
                    self.error("The plan is empty: add modules from Browse before exporting");
                } else {
                    let regions = self.library.regions().into_iter().map(String::from);
                    let mut form = ExportForm::new(
                        &self.plan.title,
                        &self.exports_dir,
                        regions.collect(),
                        &self.region,
                    );
                    form.options.school = self.school.clone();
                    form.options.date = Some(self.today);
                    self.overlay = Some(Overlay::Export(Box::new(form)));
                }
            }
            Action::OpenPlanDialog => {
                self.overlay = Some(Overlay::OpenPlan(OpenDialog::default()));
                return vec![Effect::ListPlans];
            }
            Action::SchoolDialog => {
                let form = SchoolForm::new(&self.school, &self.config_file, None);
                self.overlay = Some(Overlay::School(Box::new(form)));
            }
            Action::Submit if self.view == View::Browse => return self.add_selected(),
            Action::Click { column, row } => return self.click(column, row),
            Action::ScrollUp { column, row } => self.scroll(column, row, -3),
            Action::ScrollDown { column, row } => self.scroll(column, row, 3),
            Action::Save => return vec![self.save_effect()],
            Action::ReloadLibrary => {
                self.info("Reloading the library…");
                return self.reload(Reload::Asked);
            }
            Action::OpenExported => match &self.last_export {
                Some(path) => return vec![Effect::OpenFile(path.clone())],
                None => self.error(format!(
                    "Nothing exported yet: {}",
                    self.keymap
                        .press(&Action::ExportDialog, "print the handouts")
                )),
            },
            Action::EditModule => return self.edit_selected_module(),
            Action::ApproveModule => self.offer_approve(),
            Action::NewModuleHere => self.offer_new_module(),
            Action::FileOpened(Err(error)) => self.error(error),
            Action::FileOpened(Ok(())) => {
                if let Some(path) = &self.last_export {
                    let text = format!("Opening {} in the system's viewer", path.display());
                    self.info(text);
                }
            }
            Action::Undo => return self.undo_or_redo(true),
            Action::Redo => return self.undo_or_redo(false),
            _ => {}
        }
        Vec::new()
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Vec<Effect> {
        // Esc on a running export stops the export and keeps the dialog, so nothing is lost.
        if action == Action::Cancel && self.exporting {
            self.exporting = false;
            self.overlay = Some(overlay);
            self.info("Export cancelled: nothing was written");
            return vec![Effect::CancelExport];
        }
        if let Overlay::Quit(dialog) = overlay {
            return self.update_quit_dialog(dialog, action);
        }
        if let Overlay::OpenPlan(dialog) = overlay {
            return self.update_open_dialog(dialog, action);
        }
        if let Overlay::Curate(form) = overlay {
            if action == Action::Cancel {
                return Vec::new();
            }
            if action == Action::Quit {
                return self.request_quit();
            }
            return self.update_curate_form(form, action);
        }
        // Every overlay closes on Esc, without saving; the school details go back to the export
        // dialog they were opened from. The rest depends on the overlay.
        if action == Action::Cancel {
            if let Overlay::School(form) = overlay {
                self.overlay = form.export.map(Overlay::Export);
            }
            return Vec::new();
        }
        // Ctrl-C quits from any dialog, as from the main screen (asking first if anything is
        // unsaved). A running export is stopped first; it would write after the planner had gone.
        if action == Action::Quit {
            let mut effects = Vec::new();
            if self.exporting {
                self.exporting = false;
                effects.push(Effect::CancelExport);
            }
            effects.extend(self.request_quit());
            return effects;
        }
        match overlay {
            Overlay::Quit(_) => unreachable!("handled above"),
            Overlay::PlanProblem(problem) => match action {
                Action::Submit => {
                    self.overlay = Some(Overlay::OpenPlan(OpenDialog::default()));
                    return vec![Effect::ListPlans];
                }
                _ => self.overlay = Some(Overlay::PlanProblem(problem)),
            },
            Overlay::Help { scroll } => {
                let page = super::ui::help_rows(self.size);
                let scroll = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll.saturating_add(1),
                    Action::ScrollUp { .. } => scroll.saturating_sub(3),
                    Action::ScrollDown { .. } => scroll.saturating_add(3),
                    Action::PageUp => scroll.saturating_sub(page),
                    Action::PageDown => scroll.saturating_add(page),
                    Action::Top => 0,
                    Action::Bottom => u16::MAX,
                    Action::ToggleHelp | Action::Submit => return Vec::new(),
                    _ => scroll,
                };
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.min(super::ui::help_scroll_limit(self)),
                });
            }
            Overlay::Problems { selected } => {
                let last = self.library.diagnostics.len().saturating_sub(1);
                let selected = match action {
                    Action::Up => selected.saturating_sub(1),
                    Action::Down => (selected + 1).min(last),
                    Action::PageUp => selected.saturating_sub(10),
                    Action::PageDown => (selected + 10).min(last),
                    Action::Top => 0,
                    Action::Bottom => last,
                    Action::ShowProblems => return Vec::new(),
                    Action::Submit => {
                        self.overlay = Some(Overlay::Problems { selected });
                        return self.edit_problem(selected);
                    }
                    _ => selected,
                };
                self.overlay = Some(Overlay::Problems { selected });
            }
            Overlay::OpenPlan(_) | Overlay::Curate(_) => unreachable!("handled above"),
            Overlay::PlanForm(mut form) => match action {
                // Left and Right choose in a list field rather than move its cursor.
                Action::Edit(
                    request @ (InputRequest::GoToPrevChar | InputRequest::GoToNextChar),
                ) if form.step_choice(
                    request == InputRequest::GoToNextChar,
                    self.year_system(),
                    self.calendar.as_ref(),
                ) =>
                {
                    self.overlay = Some(Overlay::PlanForm(form));
                }
                Action::Edit(request) => {
                    edit_within(&mut form.fields[form.focused], request, MAX_FIELD_CHARS);
                    form.error = None;
                    self.overlay = Some(Overlay::PlanForm(form));
                }
                Action::Paste(text) => {
                    let cut = paste_into(&mut form.fields[form.focused], &text, MAX_FIELD_CHARS);
                    self.pasted(cut, MAX_FIELD_CHARS);
                    form.error = None;
                    self.overlay = Some(Overlay::PlanForm(form));
                }
                Action::NextField | Action::Down => {
                    form.focused = (form.focused + 1) % form.fields.len();
                    self.overlay = Some(Overlay::PlanForm(form));
                }
                Action::PreviousField | Action::Up => {
                    form.focused = (form.focused + form.fields.len() - 1) % form.fields.len();
                    self.overlay = Some(Overlay::PlanForm(form));
                }
                Action::Submit => {
                    match form.details(&self.library, self.year_system(), self.calendar.as_ref()) {
                        Ok(mut after) => {
                            let before = self.plan.details();
                            // The form edits the slot's day, time and term, never the rest.
                            after.slot = before.slot.clone();
                            let band_changed = before.age_band != after.age_band;
                            if self
                                .edit_plan(PlanEdit::SetDetails { before, after })
                                .is_ok()
                            {
                                if band_changed {
                                    self.follow_plan_band();
                                }
                                self.info("Plan details saved");
                                return vec![self.save_effect()];
                            }
                        }
                        Err(error) => {
                            form.error = Some(error);
                            self.overlay = Some(Overlay::PlanForm(form));
                        }
                    }
                }
                _ => self.overlay = Some(Overlay::PlanForm(form)),
            },
            Overlay::ItemNote { item, mut input } => match action {
                Action::Edit(request) => {
                    edit_within(&mut input, request, MAX_FIELD_CHARS);
                    self.overlay = Some(Overlay::ItemNote { item, input });
                }
                Action::Paste(text) => {
                    let cut = paste_into(&mut input, &text, MAX_FIELD_CHARS);
                    self.pasted(cut, MAX_FIELD_CHARS);
                    self.overlay = Some(Overlay::ItemNote { item, input });
                }
                Action::Submit => {
                    let notes = input.value().to_string();
                    let edit = self
                        .plan
                        .item_ref(item)
                        .map(|item| PlanEdit::SetNote { item, notes });
                    if edit.and_then(|edit| self.edit_plan(edit)).is_ok() {
                        self.info(format!("Note saved for item {}", item + 1));
                        return vec![self.save_effect()];
                    }
                }
                _ => self.overlay = Some(Overlay::ItemNote { item, input }),
            },
            Overlay::Activities { item, selected } => {
                return self.update_activities(item, selected, action);
            }
            Overlay::School(form) => return self.update_school_form(form, action),
            Overlay::Export(mut form) => {
                let on_path = form.focused_row() == ExportRow::Path;
                match action {
                    // Space or → on "Letter from" opens the school details; Esc comes back here.
                    Action::Edit(InputRequest::InsertChar(' ') | InputRequest::GoToNextChar)
                    | Action::ToggleOption
                        if form.focused_row() == ExportRow::School && !self.exporting =>
                    {
                        let school = SchoolForm::new(&self.school, &self.config_file, Some(form));
                        self.overlay = Some(Overlay::School(Box::new(school)));
                        return Vec::new();
                    }
                    // A full path takes no more characters; the key does nothing.
                    Action::Edit(request)
                        if on_path && !fits(&form.path, request, MAX_PATH_CHARS) => {}
                    Action::Edit(request) => form.edit(request),
                    Action::Paste(text) if on_path => {
                        let cut = paste_into(&mut form.path, &text, MAX_PATH_CHARS);
                        self.pasted(cut, MAX_PATH_CHARS);
                        form.path_edited = true;
                        form.confirm_replace = false;
                        form.error = None;
                    }
                    Action::ToggleOption => form.edit(InputRequest::InsertChar(' ')),
                    Action::NextField | Action::Down => form.focus_next(true),
                    Action::PreviousField | Action::Up => form.focus_next(false),
                    // One export at a time: Enter again waits for the first.
                    Action::Submit if self.exporting => {}
                    Action::Submit => match form.request(&self.fallback_dir) {
                        Ok((mut options, path)) => {
                            options.calendar = self.calendar.clone();
                            let replace = form.confirm_replace;
                            self.overlay = Some(Overlay::Export(form));
                            self.exporting = true;
                            self.info(format!("Exporting {} … Esc cancels", path.display()));
                            return vec![Effect::Export {
                                plan: self.plan.clone(),
                                options: Box::new(options),
                                path,
                                replace,
                            }];
                        }
                        Err(error) => form.error = Some(error),
                    },
                    _ => {}
                }
                self.overlay = Some(Overlay::Export(form));
            }
        }
        Vec::new()
    }

    fn update_school_form(&mut self, mut form: Box<SchoolForm>, action: Action) -> Vec<Effect> {
        // The logo is a path, which may be longer than other fields.
        let limit = if form.is_logo() {
            MAX_PATH_CHARS
        } else {
            MAX_FIELD_CHARS
        };
        match action {
            Action::Edit(request) => {
                if let Some(field) = form.focused_field() {
                    edit_within(field, request, limit);
                    form.error = None;
                }
            }
            Action::Paste(text) => {
                if let Some(field) = form.focused_field() {
                    let cut = paste_into(field, &text, limit);
                    self.pasted(cut, limit);
                    form.error = None;
                }
            }
            Action::NextField | Action::Down => form.focus_next(true),
            Action::PreviousField | Action::Up => form.focus_next(false),
            Action::Submit if form.focused != SAVE_ROW => form.focus_next(true),
            Action::Submit | Action::Save => {
                let changes = form.changes();
                if changes.is_empty() {
                    self.overlay = form.export.map(Overlay::Export);
                    self.info("School details unchanged: nothing to save");
                    return Vec::new();
                }
                let path = form.path.clone();
                // The dialog stays open until the runner says how the save went.
                self.overlay = Some(Overlay::School(form));
                return vec![Effect::SaveSchool { path, changes }];
            }
            _ => {}
        }
        self.overlay = Some(Overlay::School(form));
        Vec::new()
    }

    /// Takes in how saving the school details went. Once saved, the details are the ones the
    /// next export uses, and the dialog closes (back to the export dialog if it came from there);
    /// if not, it stays open with the reason.
    fn school_saved(&mut self, result: Result<crate::config::SchoolSaved, String>) {
        match result {
            Ok(saved) => {
                self.school = saved.school;
                // The problems list shows the file as it is now, not as it was at start-up.
                // The keys are read at start-up only, so their problems stand as they were.
                let mut now = saved.problems;
                now.extend(self.keymap.problems.iter().cloned());
                let old = std::mem::replace(&mut self.config_problems, now);
                self.library.diagnostics.retain(|d| !old.contains(d));
                self.library
                    .diagnostics
                    .extend(self.config_problems.iter().cloned());
                if let Some(Overlay::School(form)) = &self.overlay {
                    let export = form.export.clone();
                    self.overlay = export.map(|mut export| {
                        export.options.school = self.school.clone();
                        Overlay::Export(export)
                    });
                }
                let done = format!("School details saved to {}", saved.path.display());
                match self.config_problems.iter().find(|d| d.is_error()) {
                    None => self.info(done),
                    Some(problem) => self.error(format!(
                        "{done}, but the config file has a problem: {}",
                        problem.headline()
                    )),
                }
            }
            Err(error) => {
                self.error(format!("School details not saved: {error}"));
                if let Some(Overlay::School(form)) = &mut self.overlay {
                    form.error = Some(error);
                }
            }
        }
    }

    /// Takes in the library as read again: the list, search and checks use it from now on, the
    /// module being looked at stays selected if it is still there, and the status says how the
    /// problem count moved, so a PSHE lead fixing a file sees the fix take.
    /// Asks for the library to be read again, for `reason`; the most telling reason asked for
    /// before the reads are back is the one the status gives.
    /// Reads the library again after a curator's change, whose message `done` the status gives
    /// with the new problem count.
    fn reload_after_change(&mut self) -> Vec<Effect> {
        let done = self
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        self.reload(Reload::Changed(done))
    }

    fn reload(&mut self, reason: Reload) -> Vec<Effect> {
        self.reloads_pending += 1;
        self.problems_before_reload
            .get_or_insert(self.problem_count());
        if self
            .reload_reason
            .as_ref()
            .is_none_or(|r| r.rank() <= reason.rank())
        {
            self.reload_reason = Some(reason);
        }
        vec![Effect::LoadLibrary]
    }

    /// Makes the action, if there is one.
    pub fn update_all(&mut self, action: Option<Action>) -> Vec<Effect> {
        action.map_or_else(Vec::new, |action| self.update(action))
    }

    /// Starts the first read of the library, which the planner draws and answers keys during:
    /// a large library takes seconds, and the screen comes up at once.
    pub fn start_loading(&mut self) -> Vec<Effect> {
        // What opening the plan said stays; the browse list says the library is being read.
        if self.status.is_none() {
            self.info(READING_LIBRARY);
        }
        self.reload(Reload::First)
    }

    /// Whether the library is still being read for the first time.
    pub fn is_loading(&self) -> bool {
        self.reloads_pending > 0 && matches!(self.reload_reason, Some(Reload::First))
    }

    /// The libraries and indexes replaced since the last call.
    pub fn take_replaced(&mut self) -> Vec<Replaced> {
        std::mem::take(&mut self.replaced)
    }

    fn library_loaded(&mut self, mut library: Library, index: Option<Arc<Searcher>>) {
        // A module picked from the part-read list stays selected; the top of that list is only
        // the first file read, so the full list starts at its own top.
        let picked = !(self.is_loading() && self.selected == 0);
        self.reloads_pending = self.reloads_pending.saturating_sub(1);
        self.load_progress = None;
        // The region is checked against the services the library has, once it has them.
        if let Some(config) = self.unchecked_region.take() {
            match config.checked_region(&library.regions()) {
                Ok(region) => self.region = region.unwrap_or_else(|| "uk".into()),
                Err(problem) => {
                    self.config_problems.push(*problem);
                    self.region = config.region.clone().unwrap_or_default();
                }
            }
        }
        let looking_at = self
            .selected_module()
            .filter(|_| picked)
            .map(|m| m.id.clone());
        library
            .diagnostics
            .extend(self.config_problems.iter().cloned());
        let index =
            index.unwrap_or_else(|| Arc::new(Searcher::new(&library.modules, &library.synonyms)));
        self.coverage.refresh(&library);
        self.replaced.push(Replaced {
            library: std::mem::replace(&mut self.library, library),
            _index: std::mem::replace(&mut self.searcher, index),
        });
        self.refresh_hits_and(Reselect::Module(looking_at));
        // Browsing starts at the open plan's band, which the library knows only now.
        if matches!(self.reload_reason, Some(Reload::First)) && self.reloads_pending == 0 {
            self.follow_plan_band();
        }
        if let Some(Overlay::Problems { selected }) = &mut self.overlay {
            *selected = (*selected).min(self.library.diagnostics.len().saturating_sub(1));
        }
        if self.reloads_pending > 0 {
            return;
        }
        let after = self.problem_count();
        let before = self.problems_before_reload.take().unwrap_or(after);
        // Before the first read there was nothing to compare with.
        let before = if matches!(self.reload_reason, Some(Reload::First)) {
            after
        } else {
            before
        };
        let problems = match after.cmp(&before) {
            std::cmp::Ordering::Equal => crate::words::count(after, "problem"),
            _ => format!("{} (was {before})", crate::words::count(after, "problem")),
        };
        let why = match self.reload_reason.take() {
            Some(Reload::First) => "Library read".to_string(),
            Some(Reload::FilesChanged) => "Library files changed: reloaded".to_string(),
            Some(Reload::Edited(path)) => format!(
                "Edited {}, reloaded",
                path.file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy()
            ),
            Some(Reload::Changed(message)) => message,
            _ => "Library reloaded".to_string(),
        };
        let show = match self.keymap.key_for(&Action::ShowProblems) {
            Some(key) if after > 0 => format!(" · {key} shows them"),
            _ => String::new(),
        };
        let text = format!(
            "{why}: {}, {problems}{show}",
            crate::words::count(self.library.modules.len(), "module"),
        );
        // What was said while the library was first read (a plan opened) stays said.
        let reading = self
            .status
            .as_ref()
            .is_some_and(|s| s.text == READING_LIBRARY);
        if why == "Library read" && !reading && after == 0 {
            return;
        }
        if after > before || (why == "Library read" && after > 0) {
            self.error(text);
        } else {
            self.info(text);
        }
    }

    /// Opens the selected module's file in the teacher's editor. A bundled module is part of the
    /// program, not a file to edit: the teacher is told how to adapt a copy instead.
    fn edit_selected_module(&mut self) -> Vec<Effect> {
        let Some(module) = self.selected_module() else {
            self.error("No module selected to edit");
            return Vec::new();
        };
        if module.file.starts_with(crate::library::BUNDLED_PREFIX) {
            let (id, title) = (module.id.clone(), module.title.clone());
            self.offer_adapt(id, title);
            return Vec::new();
        }
        vec![Effect::EditFile {
            path: PathBuf::from(&module.file),
            line: None,
        }]
    }

    /// Opens the file of the selected problem in the editor at its line, where it is a file.
    fn edit_problem(&mut self, selected: usize) -> Vec<Effect> {
        let Some(problem) = self.library.diagnostics.get(selected) else {
            return Vec::new();
        };
        if problem.file.starts_with(crate::library::BUNDLED_PREFIX)
            || !std::path::Path::new(&problem.file).is_file()
        {
            let text = format!("{} is not a file that can be edited here", problem.file);
            self.error(text);
            return Vec::new();
        }
        let line = (problem.location.line > 0).then_some(problem.location.line);
        vec![Effect::EditFile {
            path: PathBuf::from(&problem.file),
            line,
        }]
    }

    /// Tells the teacher when a paste was cut short to fit its field.
    fn pasted(&mut self, cut: bool, limit: usize) {
        if cut {
            self.info(format!(
                "Pasted text cut to {limit} characters, the most this field holds"
            ));
        }
    }

    fn save_effect(&self) -> Effect {
        Effect::SavePlan {
            path: self.plan_path.clone(),
            plan: self.plan.clone(),
            known: self.plan_stamp.clone(),
            edits: self.unsaved.clone(),
        }
    }

    /// Makes an edit, keeps it until it is saved, and remembers how to undo it.
    fn edit_plan(&mut self, edit: PlanEdit) -> Result<(), PlanError> {
        let what = self.describe(&edit);
        let reverse = self.plan.apply_undoable(&edit)?;
        self.unsaved.push(edit);
        self.history.record(Step { reverse, what });
        Ok(())
    }

    /// Undoes the last edit (or redoes the last undone one) and saves.
    fn undo_or_redo(&mut self, undo: bool) -> Vec<Effect> {
        let (taken, verb, none) = if undo {
            (self.history.take_undo(), "Undid", "Nothing to undo")
        } else {
            (self.history.take_redo(), "Redid", "Nothing to redo")
        };
        let Some(step) = taken else {
            self.info(none);
            return Vec::new();
        };
        match self.plan.apply_undoable(&step.reverse) {
            Ok(reverse) => {
                self.unsaved.push(step.reverse);
                let back = Step {
                    reverse,
                    what: step.what.clone(),
                };
                if undo {
                    self.history.undone(back);
                } else {
                    self.history.redone(back);
                }
                self.plan_selected = self
                    .plan_selected
                    .min(self.plan.items.len().saturating_sub(1));
                self.keep_visible();
                let undo_key = self.keymap.key_for(&Action::Undo);
                let redo_key = self.keymap.key_for(&Action::Redo);
                let more = [
                    undo_key
                        .filter(|_| self.history.can_undo())
                        .map(|k| format!("{k} undoes more")),
                    redo_key
                        .filter(|_| self.history.can_redo())
                        .map(|k| format!("{k} redoes")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                let more = if more.is_empty() {
                    String::new()
                } else {
                    format!(" ({more})")
                };
                self.info(format!("{verb} {}{more}", step.what));
                vec![self.save_effect()]
            }
            // Someone else's change took the item away: say so rather than undo something else.
            Err(error) => {
                self.error(format!(
                    "Cannot {} {}: {error}",
                    if undo { "undo" } else { "redo" },
                    step.what
                ));
                Vec::new()
            }
        }
    }

    /// What an edit does, as the status bar says it after undo: "adding “Passwords”".
    fn describe(&self, edit: &PlanEdit) -> String {
        let title = |module: &str| {
            let title = self
                .library
                .module(module)
                .map_or(module, |m| m.title.as_str());
            format!("\u{201c}{title}\u{201d}")
        };
        match edit {
            PlanEdit::Add { module }
            | PlanEdit::Insert {
                item: crate::plan::PlanItem { module, .. },
                ..
            } => {
                format!("adding {}", title(module))
            }
            PlanEdit::Remove { item } => format!("removing {}", title(&item.item.module)),
            PlanEdit::Move { item, .. } => format!("moving {}", title(&item.item.module)),
            PlanEdit::SetNote { item, .. } => {
                format!("the note on {}", title(&item.item.module))
            }
            PlanEdit::SetActivities { item, .. } => {
                format!("the activities of {}", title(&item.item.module))
            }
            PlanEdit::SetDetails { .. } => "the plan details".to_string(),
        }
    }

    /// Takes in how a save went. When someone else had changed the file, the plan shown becomes
    /// the file's version (with the teacher's edits made on it, if they still fitted).
    fn saved(&mut self, report: SaveReport) {
        let SaveReport { stored, outcome } = report;
        let name = stored.path.file_name().map_or_else(
            || stored.path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let edits = std::mem::take(&mut self.unsaved).len();
        let renamed = self
            .plan_path
            .as_ref()
            .is_some_and(|before| *before != stored.path);
        self.plan_path = Some(stored.path.clone());
        self.plan_stamp = Some(stored.stamp);
        match outcome {
            SaveOutcome::Written if renamed => {
                let said = self.status.as_ref().map(|s| s.text.clone());
                self.info(match said {
                    Some(text) if !text.starts_with("Saved ") => {
                        format!("{text} · saved as {name}")
                    }
                    _ => format!("Saved as {}", stored.path.display()),
                });
            }
            SaveOutcome::Written => match &mut self.status {
                // Keep saying what just changed; the save is a footnote to it. A status that
                // already says it was saved says so once.
                Some(status)
                    if status.kind == StatusKind::Info
                        && !status.text.ends_with(SAVED_SUFFIX)
                        && !status.text.starts_with("Saved ") =>
                {
                    status.text.push_str(SAVED_SUFFIX);
                }
                _ => self.info(format!("Saved {}", stored.path.display())),
            },
            SaveOutcome::Merged => {
                self.show_plan(stored.plan);
                self.info(format!(
                    "{name} was changed outside the planner: those changes are kept and yours is saved with them"
                ));
            }
            SaveOutcome::Reloaded => {
                self.show_plan(stored.plan);
                self.info(format!(
                    "{name} was changed outside the planner: showing it as it is now"
                ));
            }
            SaveOutcome::KeptFile { problem } => {
                self.show_plan(stored.plan);
                // What matters first: the file won, the teacher's change did not; then why.
                let yours = if edits == 1 {
                    "your last change no longer fits and was not saved".to_string()
                } else {
                    format!("your last {edits} changes no longer fit and were not saved")
                };
                self.error(format!(
                    "{name} changed outside the planner; {yours} ({problem})"
                ));
            }
        }
    }

    /// Shows a plan read from its file, keeping the cursor on a row that exists.
    fn show_plan(&mut self, plan: Plan) {
        self.plan = plan;
        self.plan_selected = self
            .plan_selected
            .min(self.plan.items.len().saturating_sub(1));
        self.keep_visible();
    }

    fn add_selected(&mut self) -> Vec<Effect> {
        let Some(module) = self.selected_module() else {
            self.error("No module selected: clear the filters to see modules");
            return Vec::new();
        };
        let (id, title) = (module.id.clone(), module.title.clone());
        let already = self.plan.items.iter().any(|item| item.module == id);
        if self.edit_plan(PlanEdit::Add { module: id }).is_err() {
            return Vec::new();
        }
        self.plan_selected = self.plan.items.len() - 1;
        let minutes = self.plan.total_minutes(&self.library);
        let note = if already {
            " (it was already in the plan)"
        } else {
            ""
        };
        self.info(format!(
            "Added \u{201c}{title}\u{201d}{note}: {}, {}",
            crate::words::count(self.plan.items.len(), "item"),
            match crate::plan::sessions::time_summary(&self.plan, &self.library) {
                Some((said, _)) => said,
                None => format!("{minutes} min"),
            }
        ));
        vec![self.save_effect()]
    }

    fn remove_item(&mut self) -> Vec<Effect> {
        if self.view != View::Plan {
            return Vec::new();
        }
        let Ok(item) = self.plan.item_ref(self.plan_selected) else {
            return Vec::new();
        };
        let module = item.item.module.clone();
        if self.edit_plan(PlanEdit::Remove { item }).is_err() {
            return Vec::new();
        }
        self.plan_selected = self
            .plan_selected
            .min(self.plan.items.len().saturating_sub(1));
        let title = self
            .library
            .module(&module)
            .map_or(module.as_str(), |m| m.title.as_str());
        let undo = match self.keymap.key_for(&Action::Undo) {
            Some(key) => format!(" ({key} undoes)"),
            None => String::new(),
        };
        self.info(format!(
            "Removed \u{201c}{title}\u{201d} from the plan{undo}"
        ));
        vec![self.save_effect()]
    }

    fn move_item(&mut self, delta: isize) -> Vec<Effect> {
        if self.view != View::Plan {
            return Vec::new();
        }
        let Some(target) = self.plan_selected.checked_add_signed(delta) else {
            return Vec::new();
        };
        let edit = self.plan.item_ref(self.plan_selected).and_then(|item| {
            let to = self.plan.item_ref(target)?;
            Ok(PlanEdit::Move { item, to })
        });
        if edit.and_then(|edit| self.edit_plan(edit)).is_err() {
            return Vec::new();
        }
        self.plan_selected = target;
        self.keep_visible();
        vec![self.save_effect()]
    }

    /// Moves the cursor of whatever has focus by `delta` rows, clamped.
    fn step(&mut self, delta: isize) {
        match (self.view, self.focus) {
            (View::Browse, Focus::List) => {
                let last = self.hits.len().saturating_sub(1);
                let next = self.selected.saturating_add_signed(delta).min(last);
                if next != self.selected {
                    self.selected = next;
                    self.detail_scroll = 0;
                }
            }
            // keep_visible stops both scrolls at their content's end.
            (View::Browse, Focus::Detail) => {
                self.detail_scroll = scrolled(self.detail_scroll, delta);
            }
            (View::Plan, Focus::Detail) => {
                self.plan_details_scroll = scrolled(self.plan_details_scroll, delta);
            }
            (View::Plan, Focus::List) => {
                let last = self.plan.items.len().saturating_sub(1);
                self.plan_selected = self.plan_selected.saturating_add_signed(delta).min(last);
            }
            // The Coverage and Programme views move their own cursors.
            (View::Coverage | View::Programme, _) => {}
        }
        self.keep_visible();
    }

    /// Browses the plan's age band, when it has one the library knows: the modules a teacher
    /// wants first. `a` or `c` shows the others.
    fn follow_plan_band(&mut self) {
        let band = self
            .plan
            .age_band
            .clone()
            .filter(|b| self.library.framework.age_band(b).is_some());
        if band.is_some() && band != self.filter.age_band {
            self.filter.age_band = band;
            self.refresh_hits();
        }
    }

    /// Scrolls list windows so the selected rows stay on screen, and panes and the help no
    /// further than their content's last screenful (which changes with the window's size).
    fn keep_visible(&mut self) {
        self.detail_scroll = self.detail_scroll.min(super::ui::detail_scroll_limit(self));
        self.plan_details_scroll = self
            .plan_details_scroll
            .min(super::ui::plan_details_scroll_limit(self));
        let help_limit = super::ui::help_scroll_limit(self);
        if let Some(Overlay::Help { scroll }) = &mut self.overlay {
            *scroll = (*scroll).min(help_limit);
        }
        let rows = self.list_rows();
        for (selected, offset) in [
            (self.selected, &mut self.list_offset),
            (self.plan_selected, &mut self.plan_offset),
        ] {
            if selected < *offset {
                *offset = selected;
            } else if selected >= *offset + rows {
                *offset = selected + 1 - rows;
            }
        }
    }

    /// Searches for what the search box holds, when that changed (not for a cursor move).
    fn take_query(&mut self) {
        let text = self.search.value();
        if self.filter.text == text {
            return;
        }
        self.filter.text = text.to_string();
        // A new query selects its best hit: keeping the row selected before would make Enter add
        // a module that is no longer the one the teacher sees at the top. An emptied query ranks
        // nothing, so the module being looked at stays selected.
        let reselect = if self.filter.text.trim().is_empty() {
            Reselect::SameModule
        } else {
            Reselect::BestHit
        };
        self.refresh_hits_and(reselect);
    }

    /// Filters again after a filter changed, keeping the selected module where it still passes.
    fn refresh_hits(&mut self) {
        self.refresh_hits_and(Reselect::SameModule);
    }

    /// Lists modules read so far while the library is first read: they join the end of the list,
    /// so what is selected and scrolled to stays put.
    fn browse_read(&mut self, modules: Vec<Module>) {
        let first = self.library.modules.len();
        self.library.add_read(modules);
        let added = crate::search::unranked(&self.library.modules[first..], &self.filter);
        self.hits
            .extend(added.into_iter().map(|hit| crate::search::Hit {
                index: first + hit.index,
                ..hit
            }));
    }

    fn refresh_hits_and(&mut self, reselect: Reselect) {
        let current = match reselect {
            Reselect::SameModule => self.selected_module().map(|m| m.id.clone()),
            Reselect::Module(id) => id,
            Reselect::BestHit => None,
        };
        self.hits = if self.is_loading() {
            crate::search::unranked(&self.library.modules, &self.filter)
        } else {
            self.searcher.run(&self.filter)
        };
        self.selected = current
            .and_then(|id| {
                self.hits
                    .iter()
                    .position(|h| self.library.modules[h.index].id == id)
            })
            .unwrap_or(0);
        self.list_offset = 0;
        self.detail_scroll = 0;
        self.keep_visible();
    }
}

/// Where the list cursor goes when the hits change.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reselect {
    /// The module selected before, if it still passes the filter (else the first hit).
    SameModule,
    /// This module, if it passes the filter (else the first hit): for a library read again,
    /// where the old position means nothing.
    Module(Option<String>),
    /// The first hit: the best match for a new query.
    BestHit,
}

/// A scroll moved by `delta` lines, within what a `u16` holds.
fn scrolled(scroll: u16, delta: isize) -> u16 {
    let moved = i64::from(scroll).saturating_add(delta as i64);
    u16::try_from(moved.clamp(0, i64::from(u16::MAX))).unwrap_or(0)
}

/// The next (or previous) value after `current` in `ids`, passing through "none" at the ends.
fn cycle(ids: &[String], current: Option<&String>, forward: bool) -> Option<String> {
    let position = current.and_then(|c| ids.iter().position(|id| id == c));
    let next = match (position, forward) {
        (None, true) => (!ids.is_empty()).then_some(0),
        (None, false) => ids.len().checked_sub(1),
        (Some(p), true) => (p + 1 < ids.len()).then_some(p + 1),
        (Some(p), false) => p.checked_sub(1),
    };
    next.map(|i| ids[i].clone())
}

impl PlanForm {
    pub fn from_plan(plan: &Plan) -> PlanForm {
        let text = |v: &Option<String>| Input::new(v.clone().unwrap_or_default());
        PlanForm {
            fields: [
                Input::new(plan.title.clone()),
                text(&plan.group),
                text(&plan.year_group),
                text(&plan.age_band),
                text(&plan.teacher),
                text(&plan.notes),
                Input::new(
                    plan.lesson_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                ),
                Input::new(
                    plan.schedule
                        .as_ref()
                        .map_or_else(String::new, |s| s.day.name().to_string()),
                ),
                Input::new(
                    plan.schedule
                        .as_ref()
                        .and_then(|s| s.time)
                        .map_or_else(String::new, |t| t.to_string()),
                ),
                Input::new(
                    plan.schedule
                        .as_ref()
                        .and_then(|s| s.term.clone())
                        .unwrap_or_default(),
                ),
            ],
            focused: 0,
            error: None,
            band_was: plan.age_band.clone(),
        }
    }

    /// The plan details the form holds, or what to fix. A year group is one of `system`'s,
    /// and sets the age band.
    fn details(
        &self,
        library: &Library,
        system: Option<&YearSystem>,
        calendar: Option<&crate::school_year::Calendar>,
    ) -> Result<PlanDetails, String> {
        let value = |i: usize| self.fields[i].value().trim().to_string();
        let optional = |i: usize| Some(value(i)).filter(|v| !v.is_empty());
        if value(0).is_empty() {
            return Err("Give the plan a title".to_string());
        }
        if let Some(band) = optional(3)
            && library.framework.age_band(&band).is_none()
        {
            return Err(format!(
                "Age band must be one of: {} (or blank)",
                library.framework.band_ids().join(", ")
            ));
        }
        let (year_group, age_band) = match optional(2) {
            None => (None, optional(3)),
            Some(typed) => {
                // The band shown came with the plan: the year group's own replaces it.
                let typed_band = optional(3).filter(|b| Some(b) != self.band_was.as_ref());
                let (year, band) = year_groups::settle(system, &typed, typed_band.as_deref())
                    .map_err(|problem| problem.short())?;
                (Some(year), Some(band))
            }
        };
        let lesson_minutes = match optional(6) {
            None => None,
            Some(typed) => match typed.trim_end_matches("min").trim().parse::<u32>() {
                Ok(minutes) if LESSON_MINUTES.contains(&minutes) => Some(minutes),
                _ => {
                    return Err(format!(
                        "Lesson length is minutes, from {} to {} (or blank)",
                        LESSON_MINUTES.start(),
                        LESSON_MINUTES.end()
                    ));
                }
            },
        };
        let lesson_day = match optional(FORM_DAY) {
            None => None,
            Some(typed) => Some(
                crate::school_year::Weekday::parse(&typed)
                    .ok_or_else(|| format!("Lesson day is a day of the week, not `{typed}`"))?,
            ),
        };
        let lesson_time = match optional(8) {
            None => None,
            Some(typed) => Some(crate::school_year::ClockTime::parse(&typed).ok_or_else(|| {
                format!("Time is on the 24-hour clock, such as 10:45, not `{typed}`")
            })?),
        };
        // A term is the calendar's, by its own name; without a calendar it is kept as typed.
        let first_term = match (optional(FORM_TERM), calendar) {
            (None, _) => None,
            (Some(typed), None) => Some(typed),
            (Some(typed), Some(calendar)) => match calendar.term(&typed) {
                Some((_, term)) => Some(term.name.clone()),
                None => return Err(format!("`{typed}` is not a term of the school calendar")),
            },
        };
        if lesson_day.is_none() && (lesson_time.is_some() || first_term.is_some()) {
            return Err("Give the lesson's day too, or clear the time and term".to_string());
        }
        Ok(PlanDetails {
            title: value(0),
            group: optional(1),
            year_group,
            age_band,
            teacher: optional(4),
            notes: optional(5),
            lesson_minutes,
            lesson_day,
            lesson_time,
            first_term,
            slot: None,
        })
    }

    /// Steps the focused list field (year group, day, term) to the next or previous choice:
    /// from blank to the first, and past the last back to blank. Whether the field is one.
    fn step_choice(
        &mut self,
        forward: bool,
        system: Option<&YearSystem>,
        calendar: Option<&crate::school_year::Calendar>,
    ) -> bool {
        let choices: Vec<String> = match self.focused {
            FORM_YEAR => system.map_or_else(Vec::new, |s| {
                s.names().into_iter().map(String::from).collect()
            }),
            FORM_DAY => crate::school_year::Weekday::ALL
                .iter()
                .take(5)
                .map(|d| d.name().to_string())
                .collect(),
            FORM_TERM => calendar.map_or_else(Vec::new, |c| {
                c.term_names().into_iter().map(String::from).collect()
            }),
            _ => return false,
        };
        if choices.is_empty() {
            return false;
        }
        let typed = self.fields[self.focused].value().trim().to_lowercase();
        let at = choices.iter().position(|c| c.to_lowercase() == typed);
        // Positions 0..n are the choices; n is blank.
        let blank = choices.len();
        let now = at.unwrap_or(blank);
        let next = if forward {
            (now + 1) % (blank + 1)
        } else {
            (now + blank) % (blank + 1)
        };
        let text = choices.get(next).cloned().unwrap_or_default();
        self.fields[self.focused] = Input::new(text);
        self.error = None;
        true
    }
}

/// A typed path with `~` standing for the home folder, as shells write it.
pub(crate) fn expand_home(typed: &str, home: &std::path::Path) -> PathBuf {
    match typed.strip_prefix('~') {
        Some("") => home.to_path_buf(),
        Some(rest) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(typed),
    }
}

/// Whether `request` keeps `input` within `limit` characters (only typing a character adds one).
fn fits(input: &Input, request: InputRequest, limit: usize) -> bool {
    !matches!(request, InputRequest::InsertChar(_)) || input.value().chars().count() < limit
}

/// Applies a typed edit unless it would take the field past `limit` characters.
fn edit_within(input: &mut Input, request: InputRequest, limit: usize) {
    if fits(input, request, limit) {
        input.handle(request);
    }
}

/// Inserts pasted text at the cursor as one edit. Every field is one line, so line breaks and
/// tabs become spaces and other control characters are dropped; what would take the field past
/// `limit` characters is left out. Returns whether anything was left out.
fn paste_into(input: &mut Input, text: &str, limit: usize) -> bool {
    let value = input.value();
    let cursor = input.cursor();
    let room = limit.saturating_sub(value.chars().count());
    let text = text.replace("\r\n", "\n");
    let mut characters = text.chars().filter_map(|c| match c {
        '\n' | '\r' | '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    });
    let pasted: String = characters.by_ref().take(room).collect();
    let cut = characters.next().is_some();
    let at = value
        .char_indices()
        .nth(cursor)
        .map_or(value.len(), |(at, _)| at);
    let joined = format!("{}{pasted}{}", &value[..at], &value[at..]);
    let cursor = cursor + pasted.chars().count();
    *input = Input::new(joined).with_cursor(cursor);
    cut
}

/// Turns typed text into edits, for tests.
pub fn typing(text: &str) -> impl Iterator<Item = Action> + '_ {
    text.chars()
        .map(|c| Action::Edit(InputRequest::InsertChar(c)))
}

pub mod coverage;
pub mod curate_form;
mod export_form;
mod history;
mod mouse;
mod open_dialog;
pub mod programme;
mod school_form;
#[cfg(test)]
pub(crate) mod tests;
