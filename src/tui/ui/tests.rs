//! Whole screens rendered into a test backend: insta snapshots (reviewed by eye) plus checks that
//! no size or state makes drawing panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;

use crate::tui::action::{Action, PlanFile};
use crate::tui::app::tests::fixture_library;
use crate::tui::app::{App, typing};
use crate::tui::theme::ThemeName;

fn app(width: u16, height: u16) -> App {
    App::new(
        fixture_library(),
        ThemeName::Dark,
        Rect::new(0, 0, width, height),
    )
}

fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|frame| super::draw(frame, app)).unwrap();
    terminal
}

fn with_plan(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    for _ in 0..3 {
        app.update(Action::AddToPlan);
        app.update(Action::Down);
    }
    app.plan.add("retired-module");
    app.update(Action::ShowPlan);
    app.update(Action::Top);
    app.plan.items[0].notes = Some("Brief the DSL first".into());
    app.plan.age_band = Some("7-11".into());
    app.status = None;
    app
}

macro_rules! screens {
    ($($name:ident: $setup:expr;)*) => {
        $(
            #[test]
            fn $name() {
                for (width, height) in [(80, 24), (120, 40)] {
                    let setup: fn(u16, u16) -> App = $setup;
                    let app = setup(width, height);
                    insta::assert_snapshot!(format!("{}_{width}x{height}", stringify!($name)), render(&app).backend());
                }
            }
        )*
    };
}

screens! {
    browse: |w, h| app(w, h);
    browse_searching: |w, h| {
        let mut app = app(w, h);
        app.update(Action::StartSearch);
        for action in typing("pass") { app.update(action); }
        app
    };
    browse_filtered_to_nothing: |w, h| {
        let mut app = app(w, h);
        app.update(Action::NextStrand);
        app
    };
    plan: |w, h| with_plan(w, h);
    plan_empty: |w, h| {
        let mut app = app(w, h);
        app.update(Action::ShowPlan);
        app
    };
    help: |w, h| {
        let mut app = app(w, h);
        app.update(Action::ToggleHelp);
        app
    };
    plan_form: |w, h| {
        let mut app = with_plan(w, h);
        app.update(Action::EditPlanDetails);
        app
    };
    item_note: |w, h| {
        let mut app = with_plan(w, h);
        app.update(Action::EditItemNote);
        app
    };
    export_dialog: |w, h| {
        let mut app = with_plan(w, h);
        app.exports_dir = "/exports".into();
        app.update(Action::ExportDialog);
        app.update(Action::Down);
        app.update(Action::Edit(tui_input::InputRequest::InsertChar(' ')));
        app
    };
    school_dialog: |w, h| {
        let mut app = with_plan(w, h);
        app.school = crate::export::School {
            name: Some("Hillside Primary School".into()),
            address: Some("1 Hill Road\nTownsville\nTS1 2AB".into()),
            dsl_name: Some("Mr Khan".into()),
            sign_off_role: Some("Headteacher".into()),
            ..crate::export::School::default()
        };
        app.config_file = "/home/teacher/.config/lessonplan/config.toml".into();
        app.update(Action::SchoolDialog);
        app.update(Action::Down);
        app
    };
    quit_with_unsaved_changes: |w, h| {
        let mut app = with_plan(w, h);
        app.update(Action::PlanSaved(Err("Permission denied (os error 13)".into())));
        app.fallback_dir = "/home/teacher".into();
        app.update(Action::Quit);
        app
    };
    damaged_plan: |w, h| {
        let mut app = app(w, h);
        let text = "title = \"Year 5\"\nitems = [\n";
        let problem = crate::plan::Plan::from_toml(text, "/home/teacher/plans/year-5.toml").unwrap_err();
        app.update(Action::PlanOpened(Err(problem)));
        app
    };
    plan_over_its_lesson: |w, h| {
        let mut app = with_plan(w, h);
        app.plan.lesson_minutes = Some(60);
        app
    };
    browse_marks_what_is_in_the_plan: |w, h| {
        let mut app = with_plan(w, h);
        app.update(Action::ShowBrowse);
        app
    };
    open_dialog: |w, h| {
        let mut app = app(w, h);
        app.update(Action::OpenPlanDialog);
        app.update(Action::PlansListed(Ok(vec![
            PlanFile { path: "/plans/year-5.toml".into(), title: "Year 5: staying safe online".into(), items: 4 },
            PlanFile { path: "/plans/year-9.toml".into(), title: "Year 9 sextortion".into(), items: 1 },
        ])));
        app
    };
}

#[test]
fn problems_overlay_lists_located_diagnostics() {
    let broken = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let options = crate::library::LoadOptions {
        today: crate::library::Date {
            year: 2026,
            month: 11,
            day: 22,
        },
        bundled_modules: false,
    };
    let library = crate::library::load(
        &[
            crate::library::LibrarySource::Bundled,
            crate::library::LibrarySource::Folder(broken),
        ],
        &options,
    );
    let mut app = App::new(library, ThemeName::Dark, Rect::new(0, 0, 120, 40));
    app.update(Action::ShowProblems);
    app.update(Action::Down);
    let screen = render(&app).backend().to_string();
    assert!(screen.contains("! 23 problems"), "{screen}");
    assert!(
        screen.contains("bad-values.toml:7:15: error: unknown sensitivity `secret`"),
        "{screen}"
    );
    assert!(
        screen.contains("help: use `standard` or `sensitive`"),
        "{screen}"
    );
}

#[test]
fn too_small_screen() {
    let app = app(40, 10);
    insta::assert_snapshot!("too_small_40x10", render(&app).backend());
}

#[test]
fn drawing_never_panics_at_any_size() {
    let mut states = vec![app(1, 1), with_plan(1, 1)];
    let mut help = app(1, 1);
    help.update(Action::ToggleHelp);
    states.push(help);
    let mut form = with_plan(1, 1);
    form.update(Action::EditPlanDetails);
    states.push(form);
    let mut export = with_plan(1, 1);
    export.update(Action::ExportDialog);
    export.update(Action::Exported(Err("a long error message ".repeat(9))));
    states.push(export);
    let mut school = with_plan(1, 1);
    school.update(Action::SchoolDialog);
    for action in typing(&"a long school name ".repeat(20)) {
        school.update(action);
    }
    school.update(Action::Bottom);
    school.update(Action::Up);
    school.update(Action::SchoolSaved(Err("a long error message ".repeat(9))));
    states.push(school);
    for mut app in states {
        for width in (0..=130).step_by(7) {
            for height in (0..=45).step_by(4) {
                app.update(Action::Resize { width, height });
                render(&app);
            }
        }
    }
}

#[test]
fn no_color_uses_no_colours() {
    let mut app = with_plan(80, 24);
    app.no_color = true;
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(matches!(cell.fg, Color::Reset), "{cell:?}");
        assert!(matches!(cell.bg, Color::Reset), "{cell:?}");
    }
    // The selected row is still marked, by a symbol and by reverse video.
    let screen = terminal.backend().to_string();
    assert!(screen.contains("▶ 1. [S]"), "{screen}");
}

#[test]
fn every_theme_draws_sensitive_markers_as_text() {
    for theme in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        let mut app = app(80, 24);
        app.theme = theme;
        let screen = render(&app).backend().to_string();
        assert!(
            screen.contains("[S] Who can help me?"),
            "{theme:?}: {screen}"
        );
    }
}
