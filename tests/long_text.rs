//! Text far longer than anyone writes on purpose (a paste gone wrong, a held-down key): the
//! validator says so and the planner keeps it within bounds.

use std::path::{Path, PathBuf};

use lessonplan::library::{
    self, BUNDLED_PREFIX, Date, Diagnostic, Library, LibrarySource, LoadOptions, Severity,
};
use lessonplan::tui::action::Action;
use lessonplan::tui::app::{App, ExportRow, Overlay};
use lessonplan::tui::theme::ThemeName;
use ratatui::layout::Rect;
use tui_input::InputRequest;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The good fixture library with `from` replaced by `to` in its module.
fn library_with(from: &str, to: &str) -> Library {
    let dir = tempfile::tempdir().unwrap();
    for name in ["services.toml", "phone-rules-7-11.toml"] {
        let text = std::fs::read_to_string(fixture("good").join(name)).unwrap();
        assert!(
            name != "phone-rules-7-11.toml" || text.contains(from),
            "{from}"
        );
        std::fs::write(dir.path().join(name), text.replacen(from, to, 1)).unwrap();
    }
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 12,
            day: 2,
        },
        bundled_modules: false,
    };
    library::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.path().to_path_buf()),
        ],
        &options,
    )
}

fn about_length(library: &Library) -> Vec<&Diagnostic> {
    library
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("characters long"))
        .collect()
}

#[test]
fn a_title_over_200_characters_is_a_warning() {
    let title = "Phones ".repeat(36); // 252 characters
    let library = library_with("Our class phone agreement", &title);
    assert!(library.module("phone-rules-7-11").is_some());
    let found = about_length(&library);
    assert_eq!(found.len(), 1, "{:?}", library.diagnostics);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("`title` is 252 characters long"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].location.line, 2);
    // The caret marks where the value starts, not thousands of characters.
    assert_eq!(found[0].width, 1);
}

#[test]
fn a_title_over_2000_characters_is_an_error_and_the_module_is_not_loaded() {
    let title = "x".repeat(4_000);
    let library = library_with("Our class phone agreement", &title);
    assert!(library.module("phone-rules-7-11").is_none());
    let found = about_length(&library);
    assert_eq!(found.len(), 1, "{:?}", library.diagnostics);
    assert!(found[0].is_error());
    assert!(found[0].message.contains("`title` is 4000 characters long"));
    assert!(found[0].message.contains("2000"), "{}", found[0].message);
}

#[test]
fn other_one_line_fields_have_the_same_limits() {
    let long = "y".repeat(2_500);
    for (from, field) in [
        ("\"I can name a trusted adult to ask.\"", "`objectives`"),
        ("\"Pens\"", "`resources`"),
        ("\"balance\"", "`keywords`"),
        ("\"Agreement\"", "`term` in vocabulary entry 1"),
        (
            "\"Rules a group decides on together and promises to keep.\"",
            "`definition` in vocabulary entry 1",
        ),
        ("\"What do we already do?\"", "`title` in activity 1"),
    ] {
        let library = library_with(from, &format!("\"{long}\""));
        let found = about_length(&library);
        assert_eq!(found.len(), 1, "{field}: {:?}", library.diagnostics);
        assert!(found[0].is_error(), "{field}");
        assert!(found[0].message.contains(field), "{}", found[0].message);
        assert!(library.module("phone-rules-7-11").is_none(), "{field}");
    }
    let library = library_with("\"balance\"", &format!("\"{}\"", "z".repeat(300)));
    let found = about_length(&library);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(library.module("phone-rules-7-11").is_some());
}

#[test]
fn long_multi_line_text_is_not_limited() {
    let summary = "Pupils agree rules. ".repeat(500); // 10,000 characters
    let library = library_with(
        "Pupils agree simple rules for using phones and tablets at home, and explain why each rule helps.",
        &summary,
    );
    assert!(about_length(&library).is_empty());
    assert!(library.module("phone-rules-7-11").is_some());
}

fn planner() -> App {
    let library = Library::bundled(&LoadOptions::default());
    App::new(library, ThemeName::Dark, Rect::new(0, 0, 100, 30))
}

#[test]
fn a_paste_into_the_search_box_is_one_edit_on_one_line() {
    let mut app = planner();
    app.update(Action::StartSearch);
    app.update(Action::Paste("trusted\r\nadult".into()));
    assert!(app.searching, "a pasted line break does not end the search");
    assert_eq!(app.search.value(), "trusted adult");
    assert_eq!(app.filter.text, "trusted adult");
    assert_eq!(app.search.cursor(), "trusted adult".len());
    app.update(Action::Edit(InputRequest::GoToStart));
    app.update(Action::Paste("\t".into()));
    assert_eq!(app.search.value(), " trusted adult", "pasted at the cursor");
}

#[test]
fn a_huge_paste_into_the_search_box_is_cut_to_2000_characters_and_says_so() {
    let mut app = planner();
    app.update(Action::StartSearch);
    app.update(Action::Paste("é".repeat(30_000)));
    assert_eq!(app.search.value().chars().count(), 2_000);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("cut to 2000 characters")),
        "{:?}",
        app.status
    );
    // Typing cannot pass the limit either.
    app.update(Action::Edit(InputRequest::InsertChar('z')));
    assert_eq!(app.search.value().chars().count(), 2_000);
    assert!(!app.search.value().contains('z'));
    app.update(Action::Edit(InputRequest::DeletePrevChar));
    app.update(Action::Edit(InputRequest::InsertChar('z')));
    assert!(app.search.value().ends_with('z'));
}

#[test]
fn pastes_fill_the_plan_form_the_item_note_and_the_export_path_within_limits() {
    let mut app = planner();
    app.update(Action::EditPlanDetails);
    app.update(Action::Edit(InputRequest::DeleteLine));
    app.update(Action::Paste("Year 5\nautumn".into()));
    app.update(Action::Paste("x".repeat(5_000)));
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!("the plan form closed")
    };
    let title = form.fields[0].value();
    assert!(title.starts_with("Year 5 autumnx"), "{title}");
    assert_eq!(title.chars().count(), 2_000);
    app.update(Action::Submit);
    assert_eq!(app.plan.title.chars().count(), 2_000);

    let module = app.library.modules[0].id.clone();
    app.plan.add(module);
    app.update(Action::ShowPlan);
    app.update(Action::EditItemNote);
    app.update(Action::Paste("Brief the DSL\non Monday".into()));
    app.update(Action::Submit);
    assert_eq!(
        app.plan.items[0].notes.as_deref(),
        Some("Brief the DSL on Monday")
    );

    app.update(Action::ExportDialog);
    let Some(Overlay::Export(form)) = &mut app.overlay else {
        panic!("no export dialog")
    };
    form.focused = 0;
    app.update(Action::Paste("ignored on a tick box".into()));
    let Some(Overlay::Export(form)) = &mut app.overlay else {
        panic!("no export dialog")
    };
    assert!(!form.path.value().contains("ignored"));
    while form.focused_row() != ExportRow::Path {
        form.focus_next(true);
    }
    app.update(Action::Edit(InputRequest::DeleteLine));
    app.update(Action::Paste("/tmp/handouts.pdf".into()));
    let Some(Overlay::Export(form)) = &app.overlay else {
        panic!("no export dialog")
    };
    assert_eq!(form.path.value(), "/tmp/handouts.pdf");
    assert!(form.path_edited);
}

#[test]
fn a_paste_outside_a_text_field_changes_nothing() {
    let mut app = planner();
    let before = (app.selected, app.view, app.filter.text.clone());
    app.update(Action::Paste("q".into()));
    assert!(!app.quit);
    assert_eq!((app.selected, app.view, app.filter.text.clone()), before);
}

/// The long-fields fixture library (a services.toml and a framework.toml) with `from` replaced
/// by `to` in `file`.
fn library_with_in(file: &str, from: &str, to: &str) -> Library {
    let dir = tempfile::tempdir().unwrap();
    for name in ["services.toml", "framework.toml"] {
        let text = std::fs::read_to_string(fixture("long-fields").join(name)).unwrap();
        let text = if name == file {
            assert_eq!(text.matches(from).count(), 1, "{from}");
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 12,
            day: 2,
        },
        bundled_modules: false,
    };
    library::load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.path().to_path_buf()),
        ],
        &options,
    )
}

#[test]
fn the_fixture_services_and_framework_load_without_problems() {
    let library = library_with_in("(no change)", "", "");
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    assert!(library.service("oakfield-wellbeing-team").is_some());
}

#[test]
fn one_line_service_fields_have_the_module_limits() {
    let long = "y".repeat(2_500);
    for (from, field) in [
        ("oakfield-wellbeing-team", "`id` in service 1"),
        ("Oakfield School wellbeing team", "`name` in service 1"),
        ("01632 960000", "`phone` in service 1"),
        ("OAKFIELD to 60000", "`text` in service 1"),
        ("wellbeing@oakfield.example", "`email` in service 1"),
        ("https://oakfield.example/wellbeing", "`url` in service 1"),
        ("Lunchtimes in term time", "`hours` in service 1"),
        ("https://oakfield.example/contact", "`source` in service 1"),
    ] {
        let library = library_with_in("services.toml", from, &long);
        let found = about_length(&library);
        assert_eq!(found.len(), 1, "{field}: {:?}", library.diagnostics);
        assert!(found[0].is_error(), "{field}");
        assert!(found[0].message.contains(field), "{}", found[0].message);
        assert!(found[0].message.contains("2000"), "{}", found[0].message);
        assert!(found[0].file.ends_with("services.toml"));
        assert!(
            library
                .services
                .iter()
                .all(|s| s.file.starts_with(BUNDLED_PREFIX)),
            "{field}: the service is not loaded"
        );
    }

    let library = library_with_in("services.toml", "Lunchtimes in term time", &"z".repeat(300));
    let found = about_length(&library);
    assert_eq!(found.len(), 1, "{:?}", library.diagnostics);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].location.line, 10);
    assert_eq!(found[0].width, 1);
    assert!(library.service("oakfield-wellbeing-team").is_some());
}

#[test]
fn framework_names_have_the_module_limits() {
    let long = "y".repeat(2_500);
    for (from, field) in [
        ("Oakfield School framework", "`name`"),
        ("\"7-11\"", "`id` in age band 1"),
        ("Ages 7 to 11", "`label` in age band 1"),
        ("\"health-wellbeing-and-lifestyle\"", "`id` in strand 1"),
        ("Health, well-being and lifestyle", "`label` in strand 1"),
    ] {
        let to = if from.starts_with('"') {
            format!("\"{long}\"")
        } else {
            long.clone()
        };
        let library = library_with_in("framework.toml", from, &to);
        let found = about_length(&library);
        assert_eq!(found.len(), 1, "{field}: {:?}", library.diagnostics);
        assert!(found[0].is_error(), "{field}");
        assert!(found[0].message.contains(field), "{}", found[0].message);
        assert!(found[0].file.ends_with("framework.toml"));
        let framework = &library.framework;
        assert!(
            framework
                .age_bands
                .iter()
                .all(|b| b.id.len() < 2_000 && b.label.len() < 2_000)
                && framework
                    .strands
                    .iter()
                    .all(|s| s.id.len() < 2_000 && s.label.len() < 2_000),
            "{field}: the framework is not loaded"
        );
    }

    let label = "Ages 7 to 11 ".repeat(20);
    let library = library_with_in("framework.toml", "Ages 7 to 11", label.trim());
    let found = about_length(&library);
    assert_eq!(found.len(), 1, "{:?}", library.diagnostics);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].location.line, 5);
}

#[test]
fn long_service_and_framework_descriptions_are_not_limited() {
    let long = "They listen. ".repeat(500);
    let library = library_with_in(
        "services.toml",
        "Drop in at the library office at lunchtime, or leave a note in the question box.",
        &long,
    );
    assert!(
        about_length(&library).is_empty(),
        "{:?}",
        library.diagnostics
    );
    assert!(library.service("oakfield-wellbeing-team").is_some());
    let library = library_with_in("framework.toml", "Years 3 to 6.", &long);
    assert!(
        about_length(&library).is_empty(),
        "{:?}",
        library.diagnostics
    );
}
