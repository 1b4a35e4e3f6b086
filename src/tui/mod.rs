//! The full-screen planner. State and `update` live in `app`, drawing in `ui`; this file owns the
//! terminal and carries out the effects `update` asks for.

pub mod action;
pub mod app;
pub mod editor;
pub mod keymap;
pub mod layout;
mod programme_files;
pub mod theme;
mod tty;
pub mod ui;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, Terminal};

use crate::export;
use crate::library::Library;
use crate::plan::{self, Plan, SaveOutcome, SaveReport, StoredPlan};
use action::{Action, Effect, PlanFile};
use app::App;
use theme::ThemeName;

/// What the planner is set up with: its folders and the school's preferences.
pub struct Settings {
    pub plans_dir: PathBuf,
    pub exports_dir: PathBuf,
    pub theme: ThemeName,
    /// The region whose help services handouts list, e.g. `uk`.
    pub region: String,
    /// The school system whose year groups plans name.
    pub year_groups: Option<String>,
    /// The school's calendar, when it has one that can be read.
    pub calendar: Option<crate::school_year::Calendar>,
    /// The school's programme file (there or not yet).
    pub programme_file: PathBuf,
    /// The config, whose region is checked once the library has been read.
    pub config: crate::config::Config,
    /// Who parent letters come from.
    pub school: export::School,
    /// The config file, where the school details dialog saves them.
    pub config_file: PathBuf,
    /// The config file's problems, which are among the library's diagnostics.
    pub config_problems: Vec<crate::library::Diagnostic>,
    /// The date letters are dated.
    pub today: crate::library::Date,
    /// The plan to open (`lessonplan PLAN`) instead of the most recent one.
    pub open_plan: Option<PathBuf>,
    /// The key bindings, with the config file's changes.
    pub keymap: keymap::Keymap,
}

/// Runs the planner until the user quits. The terminal is given back as it was on every exit
/// path: quitting, errors, panics, and SIGTERM, SIGHUP or SIGINT (after which the process ends
/// as the signal would have ended it).
pub fn run(library: Library, settings: Settings) -> io::Result<()> {
    let signals = tty::EndingSignals::watch()?;
    tty::give_back_on_panic();
    tty::end_when_the_terminal_goes();
    let started = tty::take().and_then(|()| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let size = terminal.size()?;
        let mut app = App::new(
            library,
            settings.theme,
            Rect::new(0, 0, size.width, size.height),
        );
        app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        app.exports_dir = settings.exports_dir;
        if let Some(home) = directories::UserDirs::new() {
            app.fallback_dir = home.home_dir().to_path_buf();
        }
        app.region = settings.region;
        app.year_groups = settings.year_groups;
        app.calendar = settings.calendar;
        app.programme_file = settings.programme_file;
        app.school = settings.school;
        app.config_file = settings.config_file;
        app.config_problems = settings.config_problems;
        app.today = settings.today;
        app.keymap = settings.keymap;
        match settings.open_plan {
            Some(path) => {
                let opened = perform(Effect::OpenPlan(path), &settings.plans_dir, &app.library);
                app.update(opened);
            }
            None => reopen_latest_plan(&mut app, &settings.plans_dir),
        }
        app.unchecked_region = Some(Box::new(settings.config));
        let first = app.start_loading();
        let ended = event_loop(
            &mut terminal,
            &mut app,
            &settings.plans_dir,
            &signals,
            first,
        );
        Ok((ended, app))
    });
    let (result, app) = match started {
        Ok((ended, app)) => (ended, Some(app)),
        Err(error) => (Err(error), None),
    };
    tty::give_back();
    // Freeing a large library one string at a time takes a while (a second at 50,000 modules),
    // and the process ends next: the system takes its memory back at once. Nothing is lost, as
    // every save is made when it is asked for.
    std::mem::forget(app);
    signals.end_if_caught();
    result
}

/// Frees a library the planner no longer shows off the UI thread: a large one, freed one string
/// at a time, would hold up the keys and frames (half a second at 50,000 modules).
fn let_go(replaced: Vec<app::Replaced>) {
    if !replaced.is_empty() {
        std::thread::spawn(move || drop(replaced));
    }
}

/// Sets its flag when dropped: on return or while unwinding from a panic alike.
struct SetOnDrop(Arc<AtomicBool>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// How often the progress line counts the modules read while the library is read.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// How often the library folders are checked for changed files.
const LIBRARY_CHECK_EVERY: Duration = Duration::from_secs(2);

/// Work running off the UI thread, so the planner keeps drawing and answering keys meanwhile.
struct Background {
    replies: mpsc::Receiver<Action>,
    sender: mpsc::Sender<Action>,
    /// Set to stop the running export before it writes.
    export_cancel: Option<Arc<AtomicBool>>,
    /// The library folders' fingerprint as last read, shared by the watcher and reloads.
    library_loaded: Arc<std::sync::Mutex<u64>>,
}

impl Background {
    fn new() -> Background {
        let (sender, replies) = mpsc::channel();
        Background {
            replies,
            sender,
            export_cancel: None,
            library_loaded: Arc::new(std::sync::Mutex::new(0)),
        }
    }

    fn start_export(&mut self, effect: Effect, library: Library) {
        let cancel = Arc::new(AtomicBool::new(false));
        self.export_cancel = Some(Arc::clone(&cancel));
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            let _ = sender.send(export_in_background(effect, &library, &cancel));
        });
    }

    /// Reads the library again off the UI thread: a big school library takes a moment.
    fn start_reload(&self, library: &Library) {
        let (sources, options) = (library.sources.clone(), library.options.clone());
        let sender = self.sender.clone();
        let loaded = Arc::clone(&self.library_loaded);
        // The first read lists modules as they are read; a library read again stays as it was
        // until the new one is in.
        let progress = Arc::new(if library.modules.is_empty() {
            crate::library::LoadProgress::keeping_read()
        } else {
            crate::library::LoadProgress::default()
        });
        let finished = Arc::new(AtomicBool::new(false));
        {
            // Counts for the progress line, a few times a second while the read lasts.
            let (progress, finished, sender) =
                (Arc::clone(&progress), Arc::clone(&finished), sender.clone());
            std::thread::spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    std::thread::sleep(PROGRESS_EVERY);
                    let (read, found) = progress.counts();
                    if found == 0 || finished.load(Ordering::Relaxed) {
                        continue;
                    }
                    let update = Action::LoadProgress {
                        read,
                        found,
                        modules: progress.take_read(),
                        framework: progress.take_framework().map(Box::new),
                    };
                    if sender.send(update).is_err() {
                        return;
                    }
                }
            });
        }
        std::thread::spawn(move || {
            // The count stops when the read ends, however it ends.
            let stop_counting = SetOnDrop(finished);
            // Taken before reading, so that a file changed during the read is noticed after.
            *loaded.lock().unwrap_or_else(|e| e.into_inner()) =
                crate::library::fingerprint(&sources);
            let library = crate::library::load_counting(&sources, &options, &progress);
            drop(stop_counting);
            let index = crate::search::Searcher::new(&library.modules, &library.synonyms);
            let index = crate::tui::action::SearchIndex(Arc::new(index));
            let _ = sender.send(Action::LibraryIndexed(Box::new(library), index));
        });
    }

    /// Checks the library folders every couple of seconds and says when their files change, so a
    /// fixed module shows up (and its problem goes) without restarting.
    fn watch_library(&self, sources: Vec<crate::library::LibrarySource>) {
        if !sources
            .iter()
            .any(|s| matches!(s, crate::library::LibrarySource::Folder(_)))
        {
            return;
        }
        let sender = self.sender.clone();
        let loaded = Arc::clone(&self.library_loaded);
        *loaded.lock().unwrap_or_else(|e| e.into_inner()) = crate::library::fingerprint(&sources);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(LIBRARY_CHECK_EVERY);
                let now = crate::library::fingerprint(&sources);
                let mut last = loaded.lock().unwrap_or_else(|e| e.into_inner());
                // A change the planner has already read (after `r` or an edit) is not news.
                if now != *last {
                    *last = now;
                    drop(last);
                    // The planner has quit when nobody is listening any more.
                    if sender.send(Action::LibraryChanged).is_err() {
                        return;
                    }
                }
            }
        });
    }

    fn cancel_export(&mut self) {
        if let Some(cancel) = self.export_cancel.take() {
            cancel.store(true, Ordering::SeqCst);
        }
    }
}

/// How long waiting for a key lasts before the loop looks for a signal or a background result.
const WAKE_EVERY: Duration = Duration::from_millis(100);

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    plans_dir: &Path,
    signals: &tty::EndingSignals,
    mut first: Vec<Effect>,
) -> io::Result<()> {
    let mut background = Background::new();
    background.watch_library(app.library.sources.clone());
    // Lets the end-to-end tests check that a panic gives the terminal back: with this set, the
    // first key panics. Only debug builds (which the tests run) read it.
    #[cfg(debug_assertions)]
    let panic_on_key = std::env::var_os("LESSONPLAN_TEST_PANIC").is_some();
    let mut redraw = true;
    while !app.quit && signals.caught().is_none() {
        if redraw {
            terminal.draw(|frame| ui::draw(frame, app))?;
        }
        let_go(app.take_replaced());
        redraw = false;
        let mut pending = std::mem::take(&mut first);
        while let Ok(reply) = background.replies.try_recv() {
            redraw = true;
            if matches!(
                reply,
                Action::Exported(_) | Action::ExportCancelled | Action::ExportWouldReplace(_)
            ) {
                background.export_cancel = None;
            }
            pending.extend(app.update(reply));
        }
        // A reply is drawn before waiting for keys.
        if !redraw && event::poll(WAKE_EVERY)? {
            let event = event::read()?;
            #[cfg(debug_assertions)]
            if panic_on_key && matches!(event, Event::Key(_)) {
                panic!("LESSONPLAN_TEST_PANIC is set: panicking at the first key, as asked");
            }
            let mut action = to_action(event, app);
            // Keys typed faster than a search and a frame take are searched once, as one piece
            // of typing; whatever came after them is taken next.
            let mut after = None;
            if app.searching
                && let Some(Action::Edit(tui_input::InputRequest::InsertChar(first))) = action
            {
                let (typed, next) = typed_burst(first, app)?;
                if typed.chars().count() > 1 {
                    action = Some(Action::Paste(typed));
                }
                after = next;
            }
            if let Some(next) = after {
                pending.extend(app.update_all(action.take()));
                redraw = true;
                action = to_action(next, app);
            }
            match action {
                Some(Action::Suspend) => {
                    tty::suspend()?;
                    // The screen is the shell's now: draw all of it, at its size now.
                    terminal.clear()?;
                    let size = terminal.size()?;
                    pending.extend(app.update(Action::Resize {
                        width: size.width,
                        height: size.height,
                    }));
                    redraw = true;
                }
                Some(action) => {
                    pending.extend(app.update(action));
                    redraw = true;
                }
                None => {}
            }
        }
        // Effects may report back with actions that ask for more effects.
        while let Some(effect) = pending.pop() {
            match effect {
                Effect::Export { .. } => background.start_export(effect, app.library.clone()),
                Effect::CancelExport => background.cancel_export(),
                Effect::LoadLibrary => background.start_reload(&app.library),
                Effect::EditFile { path, line } => {
                    let result = edit_in_terminal(&path, line);
                    // The editor had the whole screen: draw all of it again, at its size now.
                    terminal.clear()?;
                    let size = terminal.size()?;
                    pending.extend(app.update(Action::Resize {
                        width: size.width,
                        height: size.height,
                    }));
                    pending.extend(app.update(Action::Edited { path, result }));
                    redraw = true;
                }
                effect => {
                    let reply = perform(effect, plans_dir, &app.library);
                    pending.extend(app.update(reply));
                }
            }
        }
    }
    background.cancel_export();
    Ok(())
}

/// Runs the teacher's editor on `path` with the terminal given to it, and takes the terminal
/// back once it closes, whatever happened.
fn edit_in_terminal(path: &Path, line: Option<usize>) -> Result<(), String> {
    let editor = editor::chosen(|name| std::env::var(name).ok());
    tty::give_back();
    let status = editor::command(&editor, path, line).status();
    let taken = tty::take();
    // However the editor ended (vim's :cq too), the file may have changed: it is read again.
    let result = match status {
        Ok(_) => Ok(()),
        Err(error) => Err(format!(
            "Could not start the editor `{editor}`: {error}. Set VISUAL or EDITOR to the editor you use"
        )),
    };
    taken.map_err(|e| format!("The terminal could not be taken back: {e}"))?;
    result
}

/// An export as the background thread runs it: nothing is written once `cancel` is set.
fn export_in_background(effect: Effect, library: &Library, cancel: &AtomicBool) -> Action {
    let Effect::Export {
        plan,
        options,
        path,
        replace,
    } = effect
    else {
        return Action::ExportCancelled;
    };
    if !replace && path.exists() {
        return Action::ExportWouldReplace(path);
    }
    let bytes = match export::render(&plan, library, &options) {
        Ok(bytes) => bytes,
        Err(error) => return Action::Exported(Err(error.to_string())),
    };
    if cancel.load(Ordering::SeqCst) {
        return Action::ExportCancelled;
    }
    Action::Exported(
        export::save(&bytes, &path)
            .map(|()| path)
            .map_err(|e| e.to_string()),
    )
}

/// The plan's dated sessions as an iCalendar file at `path`, or what stopped it.
fn write_calendar_file(
    plan: &Plan,
    plan_id: &str,
    calendar: &crate::school_year::Calendar,
    path: &Path,
    library: &Library,
) -> Result<PathBuf, String> {
    let dated =
        export::ics::plan_events(plan, library, calendar, plan_id).map_err(|e| e.to_string())?;
    if dated.events.is_empty() {
        return Err(
            "No lesson has a date yet: check the plan's first term against the calendar".into(),
        );
    }
    let name = export::ics::calendar_name(plan, plan_id);
    export::save(export::ics::write(&dated.events, name).as_bytes(), path)
        .map(|()| path.to_path_buf())
        .map_err(|e| e.to_string())
}

/// The characters typed straight after `first` while searching, read while more are waiting;
/// and the event that ended the run, if one did.
fn typed_burst(first: char, app: &App) -> io::Result<(String, Option<Event>)> {
    let mut typed = String::from(first);
    while event::poll(Duration::ZERO)? {
        let next = event::read()?;
        match to_action(next.clone(), app) {
            Some(Action::Edit(tui_input::InputRequest::InsertChar(c))) => typed.push(c),
            _ => return Ok((typed, Some(next))),
        }
    }
    Ok((typed, None))
}

fn to_action(event: Event, app: &App) -> Option<Action> {
    match event {
        // Only presses count: some terminals also report releases and repeats.
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            app.keymap.action_for(key, keymap::context(app))
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Carries out one effect and says how it went.
pub fn perform(effect: Effect, plans_dir: &Path, library: &Library) -> Action {
    match effect {
        Effect::SavePlan {
            path,
            plan,
            known,
            edits,
        } => Action::PlanSaved(match path {
            Some(path) => plan
                .save_over(&path, known.as_ref(), &edits)
                .map(|report| renamed_for_title(report, &edits))
                .map_err(|e| e.to_string()),
            None => {
                let path = plan::unused_path(plans_dir, &plan::file_name_for(&plan.title));
                plan.save_new(&path)
                    .map(|stored| SaveReport {
                        stored,
                        outcome: SaveOutcome::Written,
                    })
                    .map_err(|e| e.to_string())
            }
        }),
        Effect::SavePlanAs { path, plan } => {
            Action::PlanSavedAs(plan.save_new(&path).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => {
                    format!("{} already exists; choose another name", path.display())
                }
                _ => format!("{}: {e}", path.display()),
            }))
        }
        Effect::ListPlans => Action::PlansListed(list_plans(plans_dir)),
        Effect::RetitlePlanFile { path, title } => Action::PlanFileChanged(
            plan::retitle(&path, &title)
                .map(|stored| action::PlanFileChange::Retitled {
                    from: path.clone(),
                    stored,
                })
                .map_err(|error| match error {
                    plan::EditFileError::Unreadable(problem) => problem.headline(),
                    plan::EditFileError::Refused(error) => error.to_string(),
                    plan::EditFileError::Write(error) => {
                        format!("Cannot rename {}: {error}", path.display())
                    }
                }),
        ),
        Effect::DuplicatePlanFile(path) => Action::PlanFileChanged(
            plan::duplicate(&path)
                .map(|stored| action::PlanFileChange::Duplicated { stored })
                .map_err(|problem| problem.headline()),
        ),
        Effect::DeletePlanFile(path) => Action::PlanFileChanged(
            plan::delete(&path)
                .map(|to| action::PlanFileChange::Deleted {
                    from: path.clone(),
                    to,
                })
                .map_err(|e| format!("Cannot delete {}: {e}", path.display())),
        ),
        Effect::LoadLibrary => Action::LibraryLoaded(Box::new(library.reload())),
        Effect::WriteCalendarFile {
            plan,
            plan_id,
            calendar,
            path,
        } => Action::Exported(write_calendar_file(
            &plan, &plan_id, &calendar, &path, library,
        )),
        Effect::LoadProgramme {
            file,
            calendar,
            system,
        } => Action::ProgrammeLoaded(Box::new(programme_files::load(
            &file,
            &calendar,
            system.as_deref(),
            plans_dir,
            library,
        ))),
        Effect::ChangeProgramme {
            file,
            calendar,
            system,
            change,
        } => Action::ProgrammeChanged(programme_files::change(
            &file,
            &calendar,
            system.as_deref(),
            change,
            plans_dir,
            library,
        )),
        Effect::SaveTheme { path, theme } => {
            Action::ThemeSaved(crate::config::save_theme(&path, theme).map_err(|e| e.to_string()))
        }
        Effect::OpenFile(path) => Action::FileOpened(open_with_system_viewer(&path)),
        Effect::Adapt { id, into } => Action::Curated(adapt(library, &id, &into)),
        Effect::Approve { file, by, on } => Action::Curated(approve(library, &file, by, on)),
        Effect::NewModule {
            band,
            strand,
            title,
            into,
        } => Action::Curated(new_module(library, &band, &strand, &title, &into)),
        // The event loop runs the editor, which needs the terminal; here there is none.
        Effect::EditFile { path, .. } => Action::Edited {
            path,
            result: Err("No terminal to run an editor in".into()),
        },
        Effect::OpenPlan(path) => Action::PlanOpened(StoredPlan::load(&path)),
        effect @ Effect::Export { .. } => {
            export_in_background(effect, library, &AtomicBool::new(false))
        }
        // Nothing runs in the background here, so there is nothing to stop.
        Effect::CancelExport => Action::ExportCancelled,
        Effect::SaveSchool { path, changes } => Action::SchoolSaved(
            crate::config::save_school(&path, &changes).map_err(|e| e.to_string()),
        ),
    }
}

/// Copies the bundled module `id` into the school's folder, to be opened in the editor.
fn adapt(library: &Library, id: &str, into: &Path) -> Result<action::Curated, String> {
    let module = library
        .module(id)
        .filter(|m| m.file.starts_with(crate::library::BUNDLED_PREFIX))
        .ok_or_else(|| format!("`{id}` is no longer a bundled module here"))?;
    let path = crate::library::curation::adapt_into(module, into)?;
    Ok(action::Curated {
        message: format!(
            "Copied \u{201c}{}\u{201d} to {}",
            module.title,
            path.display()
        ),
        edit: Some(path),
    })
}

/// Records an approval in a module's file, for the library to be read again.
fn approve(
    library: &Library,
    file: &Path,
    by: String,
    on: crate::library::Date,
) -> Result<action::Curated, String> {
    use crate::library::curation::{ReviewChange, record_review_in_file};
    let shown = file.display().to_string();
    let interval = library
        .modules
        .iter()
        .find(|m| m.file == shown)
        .map_or(crate::library::review::DEFAULT_INTERVAL_MONTHS, |m| {
            m.review.interval_months
        });
    let next_review = on.plus_months(interval);
    let change = ReviewChange::Approve {
        by: by.clone(),
        on,
        next_review,
    };
    record_review_in_file(file, &change).map_err(|e| e.to_string())?;
    Ok(action::Curated {
        message: format!("Approved by {by} on {on}, next review {next_review}"),
        edit: None,
    })
}

/// Writes a new draft module for a band and strand, to be opened in the editor.
fn new_module(
    library: &Library,
    band: &str,
    strand: &str,
    title: &str,
    into: &Path,
) -> Result<action::Curated, String> {
    let framework = &library.framework;
    let (Some(band), Some(strand)) = (framework.age_band(band), framework.strand(strand)) else {
        return Err("that age band or strand is no longer in the framework".into());
    };
    let (id, path) = crate::library::curation::create_module(
        library,
        into,
        title,
        band,
        strand,
        library.options.today,
    )?;
    Ok(action::Curated {
        message: format!("Started the draft module `{id}` in {}", path.display()),
        edit: Some(path),
    })
}

/// A plan whose file name was made from its title follows a new title (`untitled-plan.toml`
/// becomes `year-5-online-safety.toml`); a name the teacher chose stays. If the rename cannot be
/// made, the plan is saved all the same under its old name.
fn renamed_for_title(mut report: SaveReport, edits: &[crate::plan::PlanEdit]) -> SaveReport {
    let first_title = edits.iter().find_map(|edit| match edit {
        crate::plan::PlanEdit::SetDetails { before, after } if before.title != after.title => {
            Some(before.title.clone())
        }
        _ => None,
    });
    if let Some(old) = first_title
        && let Ok(path) =
            plan::rename_for_title(&report.stored.path, &old, &report.stored.plan.title)
    {
        report.stored.path = path;
    }
    report
}

/// Starts the desktop's viewer on `path` without waiting for it. Its output would scribble over
/// the planner's screen, so it goes nowhere.
fn open_with_system_viewer(path: &Path) -> Result<(), String> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut start = std::process::Command::new("cmd");
        start.args(["/C", "start", ""]);
        start
    } else {
        std::process::Command::new("xdg-open")
    };
    let viewer = format!("{:?}", command.get_program());
    command
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        // Reaped on its own thread, so no finished viewer lingers as a zombie.
        .map(|mut child| {
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| {
            format!(
                "Could not start a viewer ({viewer}: {e}); the file is at {}",
                path.display()
            )
        })
}

/// Carries on where the teacher left off: the most recently saved plan. If it cannot be read,
/// the planner says why (in full) and starts on a new plan, leaving the file as it is.
fn reopen_latest_plan(app: &mut App, plans_dir: &Path) {
    let Ok(files) = list_plans(plans_dir) else {
        return;
    };
    let Some(latest) = files.into_iter().next() else {
        return;
    };
    let opened = perform(
        Effect::OpenPlan(latest.path),
        plans_dir,
        &Library::default(),
    );
    app.update(opened);
    app.view = app::View::Browse;
}

/// Saved plans, newest first. Unreadable files are listed by name so nothing is hidden.
fn list_plans(dir: &Path) -> Result<Vec<PlanFile>, String> {
    let listed =
        plan::list_plans(dir).map_err(|e| format!("Cannot read {}: {e}", dir.display()))?;
    Ok(listed
        .into_iter()
        .map(|listed| match listed.plan {
            Ok(plan) => PlanFile {
                title: plan.title,
                items: plan.items.len(),
                path: listed.path,
                readable: true,
            },
            Err(_) => PlanFile {
                title: "(cannot be read)".into(),
                items: 0,
                path: listed.path,
                readable: false,
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;

    #[test]
    fn a_bracketed_paste_arrives_as_one_action() {
        let app = App::new(Library::default(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
        let text = "line one\nline two".to_string();
        assert_eq!(
            to_action(Event::Paste(text.clone()), &app),
            Some(Action::Paste(text))
        );
    }

    #[test]
    fn effects_save_list_and_open_plans() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = Plan::new("Year 5");
        plan.add("a-module");
        let saved = perform(
            Effect::SavePlan {
                path: None,
                plan: plan.clone(),
                known: None,
                edits: Vec::new(),
            },
            dir.path(),
            &Library::default(),
        );
        let Action::PlanSaved(Ok(report)) = saved else {
            panic!("{saved:?}")
        };
        let path = report.stored.path.clone();
        assert_eq!(path, dir.path().join("year-5.toml"));
        std::fs::write(dir.path().join("broken.toml"), "title = ").unwrap();
        let Action::PlansListed(Ok(files)) =
            perform(Effect::ListPlans, dir.path(), &Library::default())
        else {
            panic!()
        };
        assert_eq!(files.len(), 2);
        assert!(files.iter().any(|f| f.title == "Year 5" && f.items == 1));
        assert!(files.iter().any(|f| f.title == "(cannot be read)"));
        let opened = perform(
            Effect::OpenPlan(path.clone()),
            dir.path(),
            &Library::default(),
        );
        assert_eq!(
            opened,
            Action::PlanOpened(Ok(report.stored)),
            "reading back gives the plan and the very stamp the save recorded"
        );
        let Action::PlanOpened(Err(problem)) = perform(
            Effect::OpenPlan(dir.path().join("broken.toml")),
            dir.path(),
            &Library::default(),
        ) else {
            panic!()
        };
        let message = problem.to_string();
        assert!(message.contains("broken.toml:1:"), "{message}");
    }

    #[test]
    fn the_newest_plan_reopens_at_start() {
        let dir = tempfile::tempdir().unwrap();
        for (name, age) in [("old", 500), ("new", 10)] {
            let path = dir.path().join(format!("{name}.toml"));
            Plan::new(name).save(&path).unwrap();
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
        let mut app = App::new(Library::default(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
        reopen_latest_plan(&mut app, dir.path());
        assert_eq!(app.plan.title, "new");
        assert_eq!(app.plan_path, Some(dir.path().join("new.toml")));
        assert_eq!(app.view, app::View::Browse);
    }

    #[test]
    fn a_new_title_renames_a_file_named_after_the_old_one_but_not_a_chosen_name() {
        let dir = tempfile::tempdir().unwrap();
        let library = app::tests::fixture_library();
        for (file, renamed) in [("untitled-plan.toml", true), ("our-plan.toml", false)] {
            let path = dir.path().join(file);
            Plan::new("Untitled plan").save(&path).unwrap();
            let mut app = App::new(library.clone(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
            let opened = perform(Effect::OpenPlan(path.clone()), dir.path(), &library);
            app.update(opened);
            app.update(Action::EditPlanDetails);
            app.update(Action::Edit(tui_input::InputRequest::DeleteLine));
            for action in app::typing("Year 5 online safety") {
                app.update(action);
            }
            let effects = app.update(Action::Submit);
            let saved = perform(effects[0].clone(), dir.path(), &library);
            app.update(saved);
            let expected = if renamed {
                dir.path().join("year-5-online-safety.toml")
            } else {
                path.clone()
            };
            assert_eq!(app.plan_path.as_ref(), Some(&expected), "{file}");
            assert_eq!(path.exists(), !renamed, "{file}");
            assert_eq!(Plan::load(&expected).unwrap().title, "Year 5 online safety");
            let status = &app.status.as_ref().unwrap().text;
            if renamed {
                assert_eq!(
                    status,
                    "Plan details saved · saved as year-5-online-safety.toml"
                );
            } else {
                assert_eq!(status, "Plan details saved · saved");
            }
            // The next save goes to the file as it is now named, with nothing lost.
            app.update(Action::ShowBrowse);
            let effects = app.update(Action::AddToPlan);
            let saved = perform(effects[0].clone(), dir.path(), &library);
            app.update(saved);
            assert_eq!(Plan::load(&expected).unwrap().items.len(), 1);
            std::fs::remove_file(&expected).unwrap();
        }
    }

    /// Runs effects the way the event loop does, until none are left.
    fn run_effects(app: &mut App, mut effects: Vec<Effect>, dir: &Path, library: &Library) {
        while let Some(effect) = effects.pop() {
            let reply = perform(effect, dir, library);
            effects.extend(app.update(reply));
        }
    }

    fn press(app: &mut App, action: Action, dir: &Path) {
        let effects = app.update(action);
        run_effects(app, effects, dir, &Library::default());
    }

    #[test]
    fn plans_are_renamed_copied_and_deleted_from_the_open_dialog() {
        let dir = tempfile::tempdir().unwrap();
        let mut year5 = Plan::new("Year 5");
        year5.add("passwords-7-11");
        year5.save(&dir.path().join("year-5.toml")).unwrap();
        let mut app = App::new(Library::default(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
        let opened = perform(
            Effect::OpenPlan(dir.path().join("year-5.toml")),
            dir.path(),
            &Library::default(),
        );
        app.update(opened);
        press(&mut app, Action::OpenPlanDialog, dir.path());

        // Rename: typing a new title renames the file that was named after the old one, and the
        // open plan follows it.
        press(&mut app, Action::RenamePlanFile, dir.path());
        assert_eq!(
            keymap::context(&app),
            keymap::Context::Form,
            "r then letters are typed"
        );
        press(
            &mut app,
            Action::Edit(tui_input::InputRequest::DeleteLine),
            dir.path(),
        );
        for action in app::typing("Year 5 spring") {
            press(&mut app, action, dir.path());
        }
        press(&mut app, Action::Submit, dir.path());
        let renamed = dir.path().join("year-5-spring.toml");
        assert_eq!(app.plan_path.as_ref(), Some(&renamed));
        assert_eq!(app.plan.title, "Year 5 spring");
        assert!(!dir.path().join("year-5.toml").exists());
        let Some(app::Overlay::OpenPlan(dialog)) = &app.overlay else {
            panic!()
        };
        assert_eq!(
            dialog.selected_file().unwrap().path,
            renamed,
            "the renamed plan stays selected"
        );

        // Copy: a new file beside it, selected.
        press(&mut app, Action::DuplicatePlanFile, dir.path());
        let copy = dir.path().join("year-5-spring-copy.toml");
        assert_eq!(Plan::load(&copy).unwrap().items, year5.items);
        let Some(app::Overlay::OpenPlan(dialog)) = &app.overlay else {
            panic!()
        };
        assert_eq!(dialog.selected_file().unwrap().path, copy);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .starts_with("Copied as \u{201c}Year 5 spring (copy)\u{201d}")
        );

        // Delete asks once; any other key keeps the plan.
        press(&mut app, Action::DeletePlanFile, dir.path());
        press(&mut app, Action::Down, dir.path());
        assert!(copy.exists(), "a key other than d or Enter keeps it");
        let Some(app::Overlay::OpenPlan(dialog)) = &app.overlay else {
            panic!()
        };
        assert_eq!(
            dialog.selected_file().unwrap().path,
            copy,
            "Down was not a move either"
        );
        press(&mut app, Action::Down, dir.path());
        // Deleting the open plan moves it aside and starts a new plan.
        press(&mut app, Action::DeletePlanFile, dir.path());
        press(&mut app, Action::Submit, dir.path());
        assert!(!renamed.exists());
        let kept = dir
            .path()
            .join(crate::plan::DELETED_FOLDER)
            .join("year-5-spring.toml");
        assert_eq!(Plan::load(&kept).unwrap().title, "Year 5 spring");
        assert_eq!(app.plan_path, None);
        assert!(app.plan.items.is_empty());
        let status = &app.status.as_ref().unwrap().text;
        assert!(
            status.contains("move it back from .deleted/year-5-spring.toml")
                && status.ends_with("A new plan is open"),
            "{status}"
        );
        let Some(app::Overlay::OpenPlan(dialog)) = &app.overlay else {
            panic!()
        };
        assert_eq!(
            dialog.files.as_ref().unwrap().len(),
            1,
            "only the copy is listed"
        );
        // Esc while renaming leaves the renaming, not the dialog.
        press(&mut app, Action::RenamePlanFile, dir.path());
        press(&mut app, Action::Cancel, dir.path());
        assert!(matches!(&app.overlay, Some(app::Overlay::OpenPlan(d)) if !d.is_typing()));
    }

    #[test]
    fn a_damaged_latest_plan_is_explained_in_full_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let damaged = dir.path().join("year-5.toml");
        let text = "title = \"Year 5\"\nitems = [\n";
        std::fs::write(&damaged, text).unwrap();
        let mut app = App::new(Library::default(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
        reopen_latest_plan(&mut app, dir.path());
        let Some(app::Overlay::PlanProblem(problem)) = &app.overlay else {
            panic!("{:?}", app.overlay.is_some())
        };
        let shown = problem.to_string();
        assert!(shown.contains("year-5.toml:2:10: error:"), "{shown}");
        assert!(
            shown.contains("= help:"),
            "the whole error, hint too: {shown}"
        );
        assert_eq!(app.plan_path, None, "the planner will not save over it");
        assert_eq!(std::fs::read_to_string(&damaged).unwrap(), text);
        // Enter offers the other plans.
        assert_eq!(app.update(Action::Submit), [Effect::ListPlans]);
        assert!(matches!(app.overlay, Some(app::Overlay::OpenPlan(_))));
    }

    #[test]
    fn exports_write_the_file_and_ask_before_replacing_one() {
        let dir = tempfile::tempdir().unwrap();
        let library = app::tests::fixture_library();
        let mut plan = Plan::new("Year 5");
        plan.add("passwords-7-11");
        let path = dir.path().join("exports/year-5.md");
        let export = |replace| Effect::Export {
            plan: plan.clone(),
            options: Box::new(export::ExportOptions {
                format: export::Format::Markdown,
                ..export::ExportOptions::default()
            }),
            path: path.clone(),
            replace,
        };
        let reply = perform(export(false), dir.path(), &library);
        assert_eq!(reply, Action::Exported(Ok(path.clone())));
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("# Teacher plan: Year 5")
        );
        std::fs::write(&path, "older copy").unwrap();
        let reply = perform(export(false), dir.path(), &library);
        assert_eq!(reply, Action::ExportWouldReplace(path.clone()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "older copy");
        perform(export(true), dir.path(), &library);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .starts_with("# Teacher plan")
        );
    }

    #[test]
    fn a_cancelled_export_writes_nothing_and_a_running_one_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let library = app::tests::fixture_library();
        let mut plan = Plan::new("Year 5");
        plan.add("passwords-7-11");
        let path = dir.path().join("year-5.pdf");
        let effect = Effect::Export {
            plan,
            options: Box::default(),
            path: path.clone(),
            replace: false,
        };
        let cancelled = AtomicBool::new(true);
        assert_eq!(
            export_in_background(effect.clone(), &library, &cancelled),
            Action::ExportCancelled
        );
        assert!(!path.exists(), "a cancelled export leaves no file");

        let mut background = Background::new();
        background.start_export(effect, library);
        assert!(
            background.export_cancel.is_some(),
            "the export runs on its own thread"
        );
        let reply = background
            .replies
            .recv_timeout(Duration::from_secs(60))
            .unwrap();
        assert_eq!(reply, Action::Exported(Ok(path.clone())));
        assert!(path.exists());
    }

    #[test]
    fn the_theme_chosen_is_remembered_in_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/config.toml");
        let mut app = App::new(Library::default(), ThemeName::Dark, Rect::new(0, 0, 80, 24));
        app.config_file = path.clone();
        let effects = app.update(Action::CycleTheme);
        let [effect] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        let reply = perform(effect.clone(), dir.path(), &Library::default());
        assert_eq!(reply, Action::ThemeSaved(Ok(())));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "theme = \"light\"\n"
        );
        // Set again, in a file with more in it: only the theme changes.
        let kept = "# our settings\nregion = \"ie\"\ntheme = \"light\" # chosen in the planner\n\n[school]\nname = \"Hillside\"\n";
        std::fs::write(&path, kept).unwrap();
        let effects = app.update(Action::CycleTheme);
        perform(effects[0].clone(), dir.path(), &Library::default());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            kept.replace("\"light\"", "\"high-contrast\"")
        );
        // A broken config is not overwritten, and the planner says the theme was not remembered.
        std::fs::write(&path, "theme = \"dark\n").unwrap();
        let effects = app.update(Action::CycleTheme);
        let reply = perform(effects[0].clone(), dir.path(), &Library::default());
        app.update(reply);
        let status = app.status.as_ref().unwrap();
        assert!(status.text.contains("not remembered: "), "{}", status.text);
        assert!(status.text.contains("config.toml:1:"), "{}", status.text);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theme = \"dark\n");
    }

    #[test]
    fn school_details_are_saved_into_the_config_file_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = \"light\"  # ours\n").unwrap();
        let save = |name: &str| Effect::SaveSchool {
            path: path.clone(),
            changes: vec![crate::config::SchoolChange {
                key: "name",
                value: Some(name.into()),
            }],
        };
        let Action::SchoolSaved(Ok(saved)) =
            perform(save("Hillside"), dir.path(), &Library::default())
        else {
            panic!("the save failed")
        };
        assert_eq!(saved.school.name.as_deref(), Some("Hillside"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "theme = \"light\"  # ours\n\n[school]\nname = \"Hillside\"\n"
        );
        std::fs::write(&path, "theme = \"light\n").unwrap();
        let reply = perform(save("Other"), dir.path(), &Library::default());
        let Action::SchoolSaved(Err(message)) = reply else {
            panic!("{reply:?}")
        };
        assert!(message.contains("config.toml:1:15: error:"), "{message}");
    }

    #[test]
    fn saving_into_an_unwritable_place_reports_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let reply = perform(
            Effect::SavePlan {
                path: None,
                plan: Plan::new("x"),
                known: None,
                edits: Vec::new(),
            },
            &blocker.join("plans"),
            &Library::default(),
        );
        assert!(matches!(reply, Action::PlanSaved(Err(_))), "{reply:?}");
    }
}
