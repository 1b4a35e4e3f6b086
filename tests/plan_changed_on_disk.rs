//! The planner and the plan file it has open: when someone changes the file behind the planner's
//! back (the CLI, an editor, a colleague), the planner's next save keeps their change and makes its
//! own edit on top, or, where its edit no longer fits, keeps the file and says so. Plain data: the
//! app's `update` and the runner's `perform`, no terminal.

use std::path::{Path, PathBuf};

use lessonplan::library::{Date, Library, LibrarySource, LoadOptions, load};
use lessonplan::plan::Plan;
use lessonplan::tui::action::{Action, Effect};
use lessonplan::tui::app::{App, StatusKind, View, typing};
use lessonplan::tui::perform;
use lessonplan::tui::theme::ThemeName;
use ratatui::layout::Rect;
use tui_input::InputRequest;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui")
}

fn fixture_library() -> Library {
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 11,
            day: 22,
        },
        bundled_modules: false,
    };
    load(
        &[LibrarySource::Bundled, LibrarySource::Folder(fixtures())],
        &options,
    )
}

/// The planner as the runner drives it: every effect carried out, every reply fed back.
struct Planner {
    app: App,
    plans_dir: PathBuf,
}

impl Planner {
    fn new(plans_dir: &Path) -> Planner {
        let app = App::new(fixture_library(), ThemeName::Dark, Rect::new(0, 0, 120, 40));
        Planner {
            app,
            plans_dir: plans_dir.to_path_buf(),
        }
    }

    fn act(&mut self, action: Action) {
        let mut pending = self.app.update(action);
        while let Some(effect) = pending.pop() {
            let reply = perform(effect, &self.plans_dir, &self.app.library);
            pending.extend(self.app.update(reply));
        }
    }

    fn open(&mut self, path: &Path) {
        self.act_on_effect(Effect::OpenPlan(path.to_path_buf()));
        assert_eq!(self.app.plan_path.as_deref(), Some(path), "opened");
    }

    fn act_on_effect(&mut self, effect: Effect) {
        let reply = perform(effect, &self.plans_dir, &self.app.library);
        let more = self.app.update(reply);
        assert!(more.is_empty());
    }

    /// Adds a module from Browse, as the teacher would with Enter.
    fn add(&mut self, module: &str) {
        self.app.view = View::Browse;
        self.app.selected = self
            .app
            .hits
            .iter()
            .position(|hit| self.app.library.modules[hit.index].id == module)
            .unwrap();
        self.act(Action::AddToPlan);
    }

    /// Selects a plan item (0-based) in the plan view.
    fn select(&mut self, item: usize) {
        self.app.view = View::Plan;
        self.app.plan_selected = item;
    }

    fn status(&self) -> (StatusKind, String) {
        let status = self.app.status.clone().expect("a status line");
        (status.kind, status.text)
    }
}

fn modules(plan: &Plan) -> Vec<&str> {
    plan.items.iter().map(|i| i.module.as_str()).collect()
}

fn notes(plan: &Plan) -> Vec<Option<&str>> {
    plan.items.iter().map(|i| i.notes.as_deref()).collect()
}

fn saved_plan(items: &[&str], path: &Path) {
    let mut plan = Plan::new("Y5");
    for item in items {
        plan.add(*item);
    }
    plan.save(path).unwrap();
}

/// A change made behind the planner's back, by the same read-modify-write the CLI does.
fn change_outside(path: &Path, change: impl FnOnce(&mut Plan)) {
    Plan::edit_file(path, |plan| {
        change(plan);
        Ok(())
    })
    .unwrap();
}

#[test]
fn cli_additions_and_notes_survive_the_planners_next_edit() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);

    let cli = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_lessonplan"))
            .env("LESSONPLAN_CONFIG_DIR", home.path().join("config"))
            .env("LESSONPLAN_DATA_DIR", home.path().join("data"))
            .env_remove("LESSONPLAN_LIBRARY")
            .arg("-L")
            .arg(fixtures())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    let f = path.to_str().unwrap();
    cli(&["plan", "add", f, "phone-rules-7-11"]);
    cli(&["plan", "note", f, "1", "Recap last week first"]);

    planner.add("trusted-adults-4-7");

    let on_disk = Plan::load(&path).unwrap();
    assert_eq!(
        modules(&on_disk),
        ["passwords-7-11", "phone-rules-7-11", "trusted-adults-4-7"]
    );
    assert_eq!(notes(&on_disk), [Some("Recap last week first"), None, None]);
    assert_eq!(
        planner.app.plan, on_disk,
        "the planner shows what was saved"
    );
    let (kind, text) = planner.status();
    assert_eq!(kind, StatusKind::Info);
    assert!(text.contains("changed outside the planner"), "{text}");
}

#[test]
fn every_kind_of_planner_edit_is_made_again_on_the_changed_file() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    let items = ["passwords-7-11", "phone-rules-7-11", "fake-news-11-14"];
    let outside_addition = |plan: &mut Plan| {
        plan.add("sextortion-14-18");
    };

    // Remove the first item.
    saved_plan(&items, &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    change_outside(&path, outside_addition);
    planner.select(0);
    planner.act(Action::RemoveFromPlan);
    assert_eq!(
        modules(&Plan::load(&path).unwrap()),
        ["phone-rules-7-11", "fake-news-11-14", "sextortion-14-18"]
    );

    // Move the second item up.
    saved_plan(&items, &path);
    planner.open(&path);
    change_outside(&path, outside_addition);
    planner.select(1);
    planner.act(Action::MoveItemUp);
    assert_eq!(
        modules(&Plan::load(&path).unwrap()),
        [
            "phone-rules-7-11",
            "passwords-7-11",
            "fake-news-11-14",
            "sextortion-14-18"
        ]
    );

    // Note the third item.
    saved_plan(&items, &path);
    planner.open(&path);
    change_outside(&path, |plan| {
        plan.insert(0, "trusted-adults-4-7").unwrap();
    });
    planner.select(2);
    planner.act(Action::EditItemNote);
    for action in typing("Bring the printed quiz") {
        planner.act(action);
    }
    planner.act(Action::Submit);
    let on_disk = Plan::load(&path).unwrap();
    assert_eq!(
        modules(&on_disk),
        [
            "trusted-adults-4-7",
            "passwords-7-11",
            "phone-rules-7-11",
            "fake-news-11-14"
        ]
    );
    assert_eq!(
        notes(&on_disk),
        [None, None, None, Some("Bring the printed quiz")],
        "the note lands on the item the teacher chose, wherever it now is"
    );

    // Change the title while someone else set the teacher.
    saved_plan(&items, &path);
    planner.open(&path);
    change_outside(&path, |plan| plan.teacher = Some("Ms Outside".into()));
    planner.act(Action::EditPlanDetails);
    planner.act(Action::Edit(InputRequest::GoToEnd));
    for action in typing(" (revised)") {
        planner.act(action);
    }
    planner.act(Action::Submit);
    // The file was named after the old title, so it follows the new one.
    let renamed = path.with_file_name("y5-revised.toml");
    assert_eq!(planner.app.plan_path.as_ref(), Some(&renamed));
    assert!(!path.exists());
    let on_disk = Plan::load(&renamed).unwrap();
    assert_eq!(on_disk.title, "Y5 (revised)");
    assert_eq!(on_disk.teacher.as_deref(), Some("Ms Outside"));
    assert_eq!(planner.app.plan, on_disk);
}

#[test]
fn an_edit_that_no_longer_fits_keeps_the_file_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11", "phone-rules-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    // Someone notes item 1; the planner, not knowing, removes item 1 as it was.
    change_outside(&path, |plan| {
        plan.set_item_notes(0, "Keep this one: parents asked")
            .unwrap()
    });
    let before = std::fs::read_to_string(&path).unwrap();
    planner.select(0);
    planner.act(Action::RemoveFromPlan);

    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "nothing overwritten"
    );
    let (kind, text) = planner.status();
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("changed outside the planner"), "{text}");
    assert_eq!(
        planner.app.plan,
        Plan::load(&path).unwrap(),
        "the planner shows the file as it now is"
    );

    // The planner carries on from the file's version.
    planner.add("trusted-adults-4-7");
    let on_disk = Plan::load(&path).unwrap();
    assert_eq!(
        modules(&on_disk),
        ["passwords-7-11", "phone-rules-7-11", "trusted-adults-4-7"]
    );
    assert_eq!(notes(&on_disk)[0], Some("Keep this one: parents asked"));
}

#[test]
fn a_plan_broken_on_disk_is_never_overwritten() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    // Half-way through a hand edit in a text editor.
    std::fs::write(&path, "title = \"Y5\"\n[[items]]\nmodule = ").unwrap();
    planner.add("phone-rules-7-11");

    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "title = \"Y5\"\n[[items]]\nmodule = "
    );
    let (kind, text) = planner.status();
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("y5.toml"), "{text}");
    assert_eq!(
        modules(&planner.app.plan),
        ["passwords-7-11", "phone-rules-7-11"],
        "the planner keeps its edit"
    );

    // The editor saves a good plan; the planner's kept edit is made on it at the next save.
    saved_plan(&["passwords-7-11", "fake-news-11-14"], &path);
    planner.act(Action::Save);
    assert_eq!(
        modules(&Plan::load(&path).unwrap()),
        ["passwords-7-11", "fake-news-11-14", "phone-rules-7-11"]
    );
}

#[test]
fn saving_after_an_outside_change_with_no_edit_shows_the_file_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    change_outside(&path, |plan| {
        plan.add("fake-news-11-14");
    });
    let before = std::fs::read_to_string(&path).unwrap();
    planner.act(Action::Save);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    assert_eq!(
        modules(&planner.app.plan),
        ["passwords-7-11", "fake-news-11-14"]
    );
}

#[test]
fn a_plan_deleted_behind_the_planners_back_is_written_again() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    std::fs::remove_file(&path).unwrap();
    planner.add("phone-rules-7-11");
    assert_eq!(
        modules(&Plan::load(&path).unwrap()),
        ["passwords-7-11", "phone-rules-7-11"]
    );
}

#[test]
fn edits_with_no_outside_change_save_quietly() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("y5.toml");
    saved_plan(&["passwords-7-11"], &path);
    let mut planner = Planner::new(home.path());
    planner.open(&path);
    for module in ["phone-rules-7-11", "fake-news-11-14"] {
        planner.add(module);
        let (kind, text) = planner.status();
        assert_eq!(kind, StatusKind::Info);
        assert!(text.ends_with(" · saved"), "{text}");
        assert_eq!(planner.app.plan, Plan::load(&path).unwrap());
    }
}
