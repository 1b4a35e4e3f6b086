//! Whole screens rendered into a test backend: insta snapshots (reviewed by eye) plus checks that
//! no size or state makes drawing panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;
use unicode_segmentation::UnicodeSegmentation;

use super::text::columns;
use crate::tui::layout;

use crate::tui::action::{Action, PlanFile};
use crate::tui::app::tests::{fixture_library, reading};
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
    coverage: |w, h| {
        let mut app = app(w, h);
        app.update(Action::ShowCoverage);
        app.update(Action::Down);
        app.update(Action::CellRight);
        app.update(Action::Submit);
        app
    };
    coverage_progression: |w, h| {
        let mut app = app(w, h);
        app.update(Action::ShowCoverage);
        app.update(Action::Down);
        app.update(Action::ToggleProgression);
        app.update(Action::CellRight);
        app.update(Action::Submit);
        app.update(Action::ShowCoverage);
        app
    };
    programme: |w, h| with_programme(w, h);
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
            PlanFile { path: "/plans/year-5.toml".into(), title: "Year 5: staying safe online".into(), items: 4, readable: true },
            PlanFile { path: "/plans/year-9.toml".into(), title: "Year 9 sextortion".into(), items: 1, readable: true },
        ])));
        app
    };
}

#[test]
fn problems_overlay_lists_located_diagnostics() {
    let library = crate::tui::app::tests::library_of_fixture("broken");
    let mut app = App::new(library, ThemeName::Dark, Rect::new(0, 0, 120, 40));
    app.update(Action::ShowProblems);
    app.update(Action::Down);
    let screen = render(&app).backend().to_string();
    assert!(screen.contains("! 33 problems"), "{screen}");
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
fn modules_read_so_far_name_their_strands_as_the_framework_does() {
    let full = fixture_library();
    let mut app = reading(&full, Rect::new(0, 0, 120, 40));
    let module = &full.modules[0];
    let strand = full
        .framework
        .strand(&module.strands[0])
        .expect("a known strand");
    assert_ne!(strand.label, strand.id);
    // The framework is read before any module is, and comes with the first of them.
    app.update(Action::LoadProgress {
        read: 1,
        found: 5000,
        modules: vec![module.clone()],
        framework: Some(Box::new(full.framework.clone())),
    });
    let shown = visible_rows(&render(&app)).join("\n");
    assert!(shown.contains(&strand.label), "{shown}");
    assert!(!shown.contains(&strand.id), "{shown}");
}

#[test]
fn the_module_list_counts_the_modules_read_while_the_library_is_read() {
    let full = fixture_library();
    let mut app = reading(&full, Rect::new(0, 0, 100, 30));
    let screen = |app: &App| visible_rows(&render(app)).join("\n");
    assert!(screen(&app).contains("Reading the library…"));
    app.update(Action::LoadProgress {
        read: 1200,
        found: 5000,
        modules: Vec::new(),
        framework: None,
    });
    let shown = screen(&app);
    // In the list, however it wraps, and in the view line.
    assert!(
        shown.contains("Reading the library… 1,200 of 5,000"),
        "{shown}"
    );
    assert!(shown.contains("(24%)"), "{shown}");
    assert!(shown.contains("reading 1,200 of 5,000 modules"), "{shown}");
    // Modules read so far are listed, and said to be so far.
    app.update(Action::LoadProgress {
        read: 2,
        found: 5000,
        modules: full.modules[..2].to_vec(),
        framework: None,
    });
    let shown = screen(&app);
    assert!(shown.contains("Modules (2 of 2 read so far)"), "{shown}");
    assert!(shown.contains(&full.modules[0].title[..12]), "{shown}");
    assert!(!shown.contains("Reading the library… 2 of"), "{shown}");
    // A search typed meanwhile is said to wait for the read.
    app.update(Action::StartSearch);
    for c in "pass".chars() {
        app.update(Action::Edit(tui_input::InputRequest::InsertChar(c)));
    }
    let shown = screen(&app);
    assert!(shown.contains("the search runs once it is read"), "{shown}");
    app.update(Action::Submit);
    app.update(Action::LibraryLoaded(Box::new(full)));
    let shown = screen(&app);
    assert!(!shown.contains("Reading the library…"), "{shown}");
    assert!(shown.contains("Modules ("), "{shown}");
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
    for progression in [false, true] {
        let mut coverage = app(1, 1);
        coverage.update(Action::ShowCoverage);
        coverage.update(Action::Bottom);
        if progression {
            coverage.update(Action::ToggleProgression);
        }
        states.push(coverage);
    }
    states.push(with_programme(1, 1));
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

/// Each screen row as a terminal shows it: a cell covered by the wide character before it is
/// not shown.
fn visible_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut covered = 0;
            for x in 0..buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                if covered == 0 {
                    row.push_str(symbol);
                }
                covered = covered.max(columns(symbol)).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// What shows at a column of a visible row.
fn at_column(row: &str, column: usize) -> Option<&str> {
    let mut x = 0;
    for grapheme in row.graphemes(true) {
        if x == column {
            return Some(grapheme);
        }
        x += columns(grapheme);
    }
    None
}

fn retitle(app: &mut App, id: &str, title: &str) {
    let module = app.library.modules.iter_mut().find(|m| m.id == id).unwrap();
    module.title = title.to_string();
}

#[test]
fn list_rows_with_wide_characters_and_accents_keep_their_columns() {
    let mut app = app(80, 24);
    retitle(
        &mut app,
        "trusted-adults-4-7",
        "📱 网络安全 who can help me online",
    );
    retitle(&mut app, "phone-rules-7-11", "Cafe\u{301} phone rules");
    retitle(
        &mut app,
        "passwords-7-11",
        "网络安全网络安全网络安全网络安全",
    );
    let rows = visible_rows(&render(&app));
    let list = layout::areas(app.size).left;
    for row in &rows[3..8] {
        assert_eq!(columns(row), 80, "{row:?}");
        assert_eq!(
            at_column(row, usize::from(list.right() - 1)),
            Some("│"),
            "{row:?}"
        );
        assert!(row.contains("45m│"), "the duration column is cut: {row:?}");
    }
    assert!(
        rows[3].contains("▶ [S] 📱 网络安全 who …   4-7  45m"),
        "{}",
        rows[3]
    );
    assert!(rows[4].contains("Cafe\u{301} phone rules"), "{}", rows[4]);

    // The plan's rows too.
    let mut app = with_plan(80, 24);
    retitle(
        &mut app,
        "trusted-adults-4-7",
        "网络安全网络安全网络安全网络安全",
    );
    let rows = visible_rows(&render(&app));
    assert!(
        rows[3].contains("[S] 网络安全网络安全网…!✎ 45m│"),
        "{}",
        rows[3]
    );
}

#[test]
fn a_note_in_wide_characters_wraps_without_losing_a_letter() {
    let mut app = with_plan(100, 40);
    let note = "Ask who 📱 belongs to; 网络安全 means online safety; 网络安全网络安全网络安全网络安全网络安全";
    app.plan.items[0].notes = Some(note.into());
    let rows = visible_rows(&render(&app));
    let right = layout::areas(app.size).right;
    let pane: String = rows[usize::from(right.y + 1)..usize::from(right.bottom() - 1)]
        .iter()
        .map(|row| {
            let inside: String = row
                .graphemes(true)
                .scan(0, |x, g| {
                    let at = *x;
                    *x += columns(g);
                    Some((at, g))
                })
                .filter(|(at, _)| {
                    *at > usize::from(right.x) && *at < usize::from(right.right() - 1)
                })
                .map(|(_, g)| g)
                .collect();
            inside
        })
        .collect();
    let squeezed: String = pane.split_whitespace().collect();
    let wanted: String = format!("Note: {note}").split_whitespace().collect();
    assert!(squeezed.contains(&wanted), "{pane}");
}

#[test]
fn a_dialog_over_wide_characters_keeps_its_border() {
    let mut app = with_plan(120, 24);
    // Wide characters from column 11 on: one straddles the note dialog's left edge (column 28).
    retitle(
        &mut app,
        "passwords-7-11",
        "a网络安全网络安全网络安全网络安全网络安全",
    );
    for _ in 0..10 {
        app.plan.add("passwords-7-11");
    }
    app.update(Action::EditItemNote);
    for action in typing("网络安全 📱 note") {
        app.update(action);
    }
    let terminal = render(&app);
    let rows = visible_rows(&terminal);
    let dialog = layout::dialog(&layout::Dialog::ItemNote, Rect::new(0, 0, 120, 24)).frame;
    for y in dialog.top()..dialog.bottom() {
        let row = &rows[usize::from(y)];
        let (left, right) = (usize::from(dialog.x), usize::from(dialog.right() - 1));
        let corner = |top: &str, bottom: &str, side: &str| {
            if y == dialog.top() {
                top.to_string()
            } else if y == dialog.bottom() - 1 {
                bottom.to_string()
            } else {
                side.to_string()
            }
        };
        assert_eq!(
            at_column(row, left),
            Some(corner("┌", "└", "│").as_str()),
            "{row}"
        );
        assert_eq!(
            at_column(row, right),
            Some(corner("┐", "┘", "│").as_str()),
            "{row}"
        );
    }
    let field = &rows[usize::from(dialog.y + 1)];
    assert!(
        field.contains("│Brief the DSL first网络安全 📱 note "),
        "{field}"
    );
}

#[test]
fn a_field_of_wide_characters_scrolls_to_show_the_cursor() {
    let mut app = with_plan(80, 24);
    app.update(Action::EditItemNote);
    app.update(Action::Edit(tui_input::InputRequest::DeleteLine));
    for action in typing(&format!("{}END", "网络安全📱".repeat(20))) {
        app.update(action);
    }
    let mut terminal = render(&app);
    let rows = visible_rows(&terminal);
    let dialog = layout::dialog(&layout::Dialog::ItemNote, Rect::new(0, 0, 80, 24)).frame;
    let field = &rows[usize::from(dialog.y + 1)];
    assert!(field.contains("END"), "{field}");
    let end = field.find("END").unwrap() + 3;
    let cursor = terminal.get_cursor_position().unwrap();
    assert_eq!(usize::from(cursor.x), columns(&field[..end]), "{field}");
    assert!(usize::from(cursor.x) < usize::from(dialog.right() - 1));
    assert_eq!(at_column(field, usize::from(dialog.right() - 1)), Some("│"));
}

/// The rows inside a bordered pane, as shown.
fn pane_rows(terminal: &Terminal<TestBackend>, pane: Rect) -> Vec<String> {
    visible_rows(terminal)[usize::from(pane.y + 1)..usize::from(pane.bottom() - 1)]
        .iter()
        .map(|row| {
            row.graphemes(true)
                .skip(usize::from(pane.x + 1))
                .take(usize::from(pane.width - 2))
                .collect()
        })
        .collect()
}

#[test]
fn the_end_of_the_module_fills_the_pane_instead_of_blank_space() {
    let mut app = app(80, 24);
    app.update(Action::SwitchFocus);
    app.update(Action::Bottom);
    let pane = layout::areas(app.size).right;
    let shown = pane_rows(&render(&app), pane);
    assert!(
        !shown.last().unwrap().trim().is_empty(),
        "the module's last line is at the pane's bottom: {shown:#?}"
    );
    let blank = shown.iter().filter(|row| row.trim().is_empty()).count();
    assert!(blank < 5, "a pane of text, not of blank space: {shown:#?}");
    app.update(Action::Down);
    assert_eq!(pane_rows(&render(&app), pane), shown, "and stays there");
}

#[test]
fn the_plan_details_scroll_to_the_selected_items_note() {
    // Two sensitive items and a missing one: at 80x24 the item's note is below the pane.
    let mut app = with_plan(80, 24);
    app.plan.items[1].module = "sextortion-14-18".into();
    let pane = layout::areas(app.size).right;
    let note = "Note: Brief the DSL first";
    let shown = pane_rows(&render(&app), pane);
    assert!(!shown.iter().any(|row| row.contains(note)), "{shown:#?}");
    app.update(Action::SwitchFocus);
    app.update(Action::Bottom);
    let terminal = render(&app);
    let shown = pane_rows(&terminal, pane);
    assert!(shown.last().unwrap().contains(note), "{shown:#?}");
    let rows = visible_rows(&terminal);
    assert!(
        rows[usize::from(pane.y)].contains("Details and checks"),
        "{}",
        rows[2]
    );
}

#[test]
fn the_help_screen_ends_at_its_last_line() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    app.update(Action::Bottom);
    let help = layout::dialog(&layout::Dialog::Help, app.size).frame;
    let shown = pane_rows(&render(&app), help);
    assert!(
        shown.last().unwrap().contains("click a tab to switch"),
        "{shown:#?}"
    );
}

/// The hint bar as drawn at each width, one line per width.
fn hint_bars(setup: fn(u16, u16) -> App) -> String {
    [60, 80, 100, 120]
        .iter()
        .map(|&width| {
            let app = setup(width, 24);
            let row = &visible_rows(&render(&app))[22];
            format!("{width:>3}: {}", row.trim_end())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_hint_bar_keeps_the_most_important_hints_whole() {
    insta::assert_snapshot!("hint_bar_browse", hint_bars(app));
    insta::assert_snapshot!("hint_bar_plan", hint_bars(with_plan));
    for setup in [app as fn(u16, u16) -> App, with_plan] {
        let app = setup(80, 24);
        let row = &visible_rows(&render(&app))[22];
        for wanted in ["? help", "q quit", "p print", "← pane"] {
            assert!(row.contains(wanted), "{wanted} at 80 columns: {row}");
        }
    }
}

#[test]
fn no_hint_is_ever_cut() {
    for setup in [app as fn(u16, u16) -> App, with_plan] {
        for width in 60..=140 {
            let app = setup(width, 24);
            let every: Vec<String> = app
                .keymap
                .hints(crate::tui::keymap::context(&app))
                .iter()
                .map(|h| format!("{} {}", h.key, h.label))
                .collect();
            let row = visible_rows(&render(&app))[22].clone();
            for shown in row.split("  ").map(str::trim).filter(|s| !s.is_empty()) {
                assert!(
                    every.iter().any(|h| h == shown),
                    "{width}: {shown:?} in {row:?}"
                );
            }
        }
    }
}

#[test]
fn the_help_screen_wraps_to_a_narrow_window() {
    let mut app = app(60, 20);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!("help_60x20", render(&app).backend());
    app.update(Action::Bottom);
    insta::assert_snapshot!("help_60x20_end", render(&app).backend());
}

#[test]
fn the_plan_details_title_is_shortened_not_cut() {
    let app = with_plan(60, 20);
    let rows = visible_rows(&render(&app));
    assert!(rows[2].contains("┌ Details (e to edit) ─"), "{}", rows[2]);
    let app = with_plan(80, 24);
    let rows = visible_rows(&render(&app));
    assert!(
        rows[2].contains("┌ Details and checks (e to edit) ─"),
        "{}",
        rows[2]
    );
}

/// The text drawn in `area`, its lines joined by spaces, with runs of spaces squeezed to none:
/// what a row says, however it wrapped.
fn squeezed_text(terminal: &Terminal<TestBackend>, area: Rect) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            text.push_str(buffer[(x, y)].symbol());
        }
    }
    text.split_whitespace().collect()
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Each dialog's rows say what they stand for exactly where layout puts them, so a click there
/// picks what is drawn under it; at the smallest screen, a usual one and a large one.
#[test]
fn every_dialog_draws_its_rows_where_layout_puts_them() {
    use crate::tui::app::{EXPORT_ROWS, ExportForm, FORM_LABELS, QuitChoice, SCHOOL_LABELS};
    for (width, height) in [(60, 15), (80, 24), (120, 40)] {
        let check = |app: &App, what: &dyn Fn(usize) -> String| {
            let terminal = render(app);
            let at = app.dialog_layout(app.size).unwrap();
            assert!(!at.rows.is_empty(), "{width}x{height}: {:?}", app.overlay);
            for row in &at.rows {
                let shown = squeezed_text(&terminal, row.area);
                let wanted = squeezed(&what(row.index));
                assert!(
                    shown.starts_with(&wanted) || wanted.starts_with(shown.trim_end_matches('…')),
                    "{width}x{height}, row {}: drawn {shown:?}, meant {wanted:?}",
                    row.index
                );
            }
            (terminal, at)
        };

        let mut app = with_plan(width, height);
        app.update(Action::ExportDialog);
        check(&app, &|i| {
            let pointer = if i == 0 { "▶" } else { "" };
            format!("{pointer}{}", ExportForm::label(EXPORT_ROWS[i]))
        });

        app.update(Action::Cancel);
        app.update(Action::EditPlanDetails);
        check(&app, &|i| FORM_LABELS[i].to_string());

        app.update(Action::Cancel);
        app.update(Action::SchoolDialog);
        for _ in 0..10 {
            app.update(Action::NextField);
        }
        let focused = 10;
        check(&app, &|i| {
            let pointer = if i == focused { "▶" } else { "" };
            match SCHOOL_LABELS.get(i) {
                Some(label) => format!("{pointer}{label}"),
                None => format!("{pointer}[ Save ]"),
            }
        });

        app.update(Action::Cancel);
        app.update(Action::PlanSaved(Err("Permission denied".into())));
        app.plan.title = "A title long enough to wrap the quit dialog's first line".into();
        app.update(Action::Quit);
        let (terminal, at) = check(&app, &|i| {
            let marker = if i == 0 { ">" } else { "" };
            format!("{marker}{}", QuitChoice::ALL[i].label())
        });
        let field = squeezed_text(&terminal, at.field.unwrap());
        assert!(
            field.ends_with(".toml"),
            "the file name is on its line: {field}"
        );

        let mut app = super::tests::app(width, height);
        app.update(Action::OpenPlanDialog);
        let files: Vec<PlanFile> = (0..20)
            .map(|i| PlanFile {
                path: format!("/plans/{i}.toml").into(),
                title: format!("Plan {i}"),
                items: 2,
                readable: true,
            })
            .collect();
        app.update(Action::PlansListed(Ok(files)));
        for _ in 0..15 {
            app.update(Action::Down);
        }
        check(&app, &|i| format!("Plan {i} (2 items)"));
    }
}

#[test]
fn each_problem_is_drawn_on_the_lines_layout_gives_it_however_it_wraps() {
    let library = crate::tui::app::tests::library_of_fixture("broken");
    for (width, height) in [(60, 15), (80, 24), (120, 40)] {
        let mut app = App::new(
            library.clone(),
            ThemeName::Dark,
            Rect::new(0, 0, width, height),
        );
        app.update(Action::ShowProblems);
        for _ in 0..12 {
            app.update(Action::Down);
        }
        let terminal = render(&app);
        let at = app.dialog_layout(app.size).unwrap();
        assert!(
            at.scroll > 0,
            "{width}x{height}: the 13th problem needs scrolling to"
        );
        for row in &at.rows {
            let shown = squeezed_text(&terminal, row.area);
            let wanted =
                squeezed(&layout::problem_lines(&app.library.diagnostics[row.index]).join(" "));
            // The first and last rows may be cut by the dialog's edges.
            let whole = row.index != at.rows[0].index && row.index != at.rows.last().unwrap().index;
            let agrees = if whole {
                shown == wanted
            } else {
                wanted.contains(&shown)
            };
            assert!(
                agrees,
                "{width}x{height}, problem {}: drawn {shown:?}, meant {wanted:?}",
                row.index
            );
        }
    }
}

#[test]
fn the_plan_details_say_the_sessions_and_what_the_selected_lesson_changes() {
    let mut app = with_plan(100, 40);
    app.plan.lesson_minutes = Some(30);
    let first = app.plan.items[0].module.clone();
    let module = app.library.module(&first).unwrap().clone();
    app.plan.items[0].leave_out = vec![1];
    let theme = crate::tui::theme::Theme::new(crate::tui::theme::ThemeName::Dark, false);
    let text: Vec<String> = super::plan::details_text(&app, app.dated_plan().as_ref(), 98, &theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let text = text.join("\n");
    assert!(text.contains("sessions of 30 min"), "{text}");
    assert!(
        text.contains(&format!(
            "Activity 1, left out: {}",
            module.activities[0].title
        )),
        "{text}"
    );
    assert!(text.contains("  Taught in session"), "{text}");
}

#[test]
fn a_dated_plan_says_when_each_lesson_is_taught_and_whether_the_dsl_is_briefed() {
    let mut app = with_plan(100, 40);
    app.calendar =
        crate::school_year::Calendar::from_toml(crate::tui::app::tests::AUTUMN, "calendar.toml").0;
    app.plan.lesson_minutes = Some(60);
    let mut schedule = crate::school_year::Schedule::new(crate::school_year::Weekday::Tuesday);
    schedule.time = crate::school_year::ClockTime::parse("10:45");
    schedule.term = Some("Autumn 2".into());
    app.plan.schedule = Some(schedule);
    let theme = crate::tui::theme::Theme::new(crate::tui::theme::ThemeName::Dark, false);
    let details = |app: &App| -> String {
        super::plan::details_text(app, app.dated_plan().as_ref(), 98, &theme)
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let text = details(&app);
    assert!(
        text.contains("Weekly   Tuesdays at 10:45 (60 min)"),
        "{text}"
    );
    // One lesson a slot from 3 November, past the INSET day on the 10th.
    assert!(text.contains("Dated Tue 3 Nov to "), "{text}");
    assert!(text.contains("Taught in session 1: Tue 3 Nov"), "{text}");
    // Each lesson's first date is in the list.
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("Tue 3 Nov"), "{screen}");
    assert!(screen.contains("Tue 17 Nov"), "{screen}");

    // Without the calendar, the details say why there are no dates.
    app.calendar = None;
    assert!(
        details(&app).contains("Not dated: no school calendar"),
        "{}",
        details(&app)
    );
}

/// The Programme view on a small programme: Year 5 taught in two terms, one plan unreadable,
/// the cursor on Year 5's second plan of Autumn 1.
fn with_programme(width: u16, height: u16) -> App {
    use crate::tui::app::programme::{CellPlan, ProgrammeGrid, YearRow};
    let mut app = app(width, height);
    let plan = |title: Option<&str>, lessons, minutes, sensitive| CellPlan {
        name: "y5.toml".into(),
        path: "/plans/y5.toml".into(),
        title: title.map(String::from),
        lessons,
        minutes,
        sensitive,
        strands: ["online-relationships".to_string()].into_iter().collect(),
    };
    let year = |name: &str, band: &str, cells| YearRow {
        name: name.into(),
        band: band.into(),
        cells,
    };
    app.programme.grid = Some(Ok(ProgrammeGrid {
        title: "Online safety 2026-27".into(),
        file: "/data/programme.toml".into(),
        exists: true,
        terms: vec!["Autumn 1".into(), "Autumn 2".into(), "Spring 1".into()],
        years: vec![
            year("Reception", "4-7", vec![vec![], vec![], vec![]]),
            year(
                "Year 5",
                "7-11",
                vec![
                    vec![
                        plan(Some("Year 5 Autumn 1"), 3, 145, 1),
                        plan(Some("Staying safe in games"), 2, 95, 0),
                    ],
                    vec![],
                    vec![plan(None, 0, 0, 0)],
                ],
            ),
            year("Year 9", "11-14", vec![vec![], vec![], vec![]]),
        ],
        problems: Vec::new(),
    }));
    app.view = crate::tui::app::View::Programme;
    app.update(Action::Down);
    app.update(Action::Down);
    app
}

/// The detail pane's text for the selected module, as plain lines.
fn detail_lines(app: &App) -> Vec<String> {
    let theme = super::Theme::new(app.theme, app.no_color);
    super::browse::detail_text(app, 200, &theme)
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[test]
fn the_detail_pane_reads_the_rest_of_a_module_and_says_when_its_file_has_changed() {
    let mut app = app(120, 40);
    let module = app.selected_module().unwrap().clone();
    let full = module.in_full().unwrap();
    let shown = detail_lines(&app).join("\n");
    let (first, description) = full.activities_described().next().unwrap();
    assert!(shown.contains(&first.title), "{shown}");
    let first_words: String = description
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains(&first_words), "{first_words:?} in {shown}");
    assert!(shown.contains("Student handout"), "{shown}");

    // The file is saved again: the pane keeps what the library holds, says why the rest is not
    // shown, and never shows the old text as if it were the file's.
    let selected = app.hits[app.selected].index;
    let crate::library::TextSource::File(stamp) = &mut app.library.modules[selected].source else {
        panic!("the fixture is a folder");
    };
    stamp.len += 1;
    app.update(Action::Down);
    app.update(Action::Up);
    let shown = detail_lines(&app).join("\n");
    assert!(shown.contains(&module.title), "{shown}");
    assert!(shown.contains(&module.objectives[0]), "{shown}");
    assert!(
        shown.contains("has changed since the library was read"),
        "{shown}"
    );
    assert!(!shown.contains(&first_words), "{shown}");
    assert!(!shown.contains("Student handout"), "{shown}");
}
