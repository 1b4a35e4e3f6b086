//! `update` for every action, on a small fixture library and a fixed screen size.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;
use tui_input::InputRequest;

use super::*;
use crate::config::{SchoolChange, SchoolSaved};
use crate::export::{Format, Handout, Paper, School};
use crate::library::{Date, LibrarySource, LoadOptions, Severity, load};
use crate::plan::StoredPlan;
use crate::tui::action::PlanFile;

mod mouse;

pub(crate) fn fixture_library() -> Library {
    library_of_fixture("tui")
}

/// A planner on `full`'s sources whose first read has started and not yet come in: what it
/// has is what the read hands over.
pub(crate) fn reading(full: &Library, size: Rect) -> App {
    let mut app = App::new(
        Library::unloaded(&full.sources, &full.options),
        ThemeName::Dark,
        size,
    );
    app.start_loading();
    app
}

/// The bundled framework and services with the modules of `tests/fixtures/<name>`, on a fixed
/// day.
pub(crate) fn library_of_fixture(name: &str) -> Library {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let options = LoadOptions {
        today: Date {
            year: 2026,
            month: 11,
            day: 22,
        },
        bundled_modules: false,
    };
    load(
        &[LibrarySource::Bundled, LibrarySource::Folder(folder)],
        &options,
    )
}

fn app() -> App {
    App::new(fixture_library(), ThemeName::Dark, Rect::new(0, 0, 80, 24))
}

fn selected_id(app: &App) -> &str {
    &app.selected_module().unwrap().id
}

fn ids(plan: &Plan) -> Vec<&str> {
    plan.items.iter().map(|i| i.module.as_str()).collect()
}

fn plan_ids(app: &App) -> Vec<&str> {
    ids(&app.plan)
}

fn type_text(app: &mut App, text: &str) {
    for action in typing(text) {
        app.update(action);
    }
}

/// What the runner reports after writing the app's plan to `path`, which nobody else changed.
fn written(app: &App, path: &str) -> Action {
    Action::PlanSaved(Ok(SaveReport {
        stored: StoredPlan {
            path: path.into(),
            plan: app.plan.clone(),
            stamp: DiskStamp::new(app.plan.to_toml().as_bytes(), None),
        },
        outcome: SaveOutcome::Written,
    }))
}

/// The plan the last save effect carried.
fn saved_plan(effects: &[Effect]) -> &Plan {
    match effects {
        [Effect::SavePlan { plan, .. }] => plan,
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn starts_on_browse_with_every_module_listed_in_library_order() {
    let app = app();
    assert_eq!(app.view, View::Browse);
    assert_eq!(app.hits.len(), 5);
    assert_eq!(
        selected_id(&app),
        "trusted-adults-4-7",
        "sorted by age band first"
    );
}

#[test]
fn up_down_page_top_bottom_move_and_clamp() {
    let mut app = app();
    app.update(Action::Up);
    assert_eq!(app.selected, 0);
    app.update(Action::Down);
    assert_eq!(app.selected, 1);
    app.update(Action::Bottom);
    assert_eq!(app.selected, 4);
    app.update(Action::Down);
    assert_eq!(app.selected, 4);
    app.update(Action::Top);
    assert_eq!(app.selected, 0);
    app.update(Action::PageDown);
    assert_eq!(app.selected, 4);
    app.update(Action::PageUp);
    assert_eq!(app.selected, 0);
}

#[test]
fn the_list_scrolls_to_keep_the_selection_visible() {
    let mut app = app();
    app.update(Action::Resize {
        width: 80,
        height: 15,
    }); // 8 list rows
    let rows = layout::inner_rows(layout::areas(app.size).left);
    assert_eq!(rows, 9);
    app.update(Action::Resize {
        width: 80,
        height: 7,
    }); // too small, but must not break
    app.update(Action::Bottom);
    assert!(app.list_offset <= app.selected);
    assert!(app.selected < app.list_offset + app.list_rows());
}

#[test]
fn switch_focus_then_up_down_scroll_the_detail() {
    let mut app = app();
    app.update(Action::SwitchFocus);
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.detail_scroll, 2);
    assert_eq!(app.selected, 0, "the list selection does not move");
    app.update(Action::PageUp);
    assert_eq!(app.detail_scroll, 0);
    app.update(Action::SwitchFocus);
    assert_eq!(app.focus, Focus::List);
    app.update(Action::Down);
    assert_eq!(app.detail_scroll, 0, "a new module starts at its top");
}

#[test]
fn the_detail_pane_scrolls_to_its_last_screenful_and_no_further() {
    let mut app = app();
    app.update(Action::SwitchFocus);
    app.update(Action::Bottom);
    let limit = crate::tui::ui::detail_scroll_limit(&app);
    assert!(limit > 0 && limit < 200, "{limit}");
    assert_eq!(app.detail_scroll, limit, "G stops at the last screenful");
    app.update(Action::Up);
    assert_eq!(
        app.detail_scroll,
        limit - 1,
        "one line up from the end, at once"
    );
    for action in [Action::PageDown, Action::Down, Action::Bottom] {
        app.update(action);
        assert_eq!(app.detail_scroll, limit);
    }
    let pane = layout::areas(app.size).right;
    app.update(Action::ScrollDown {
        column: pane.x + 2,
        row: pane.y + 2,
    });
    assert_eq!(
        app.detail_scroll, limit,
        "nor does the mouse wheel go further"
    );
    // A taller window shows more of the module, so the end comes sooner.
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let taller = crate::tui::ui::detail_scroll_limit(&app);
    assert!(taller < limit);
    assert_eq!(
        app.detail_scroll, taller,
        "resizing stops the scroll at the new end"
    );
}

#[test]
fn the_plan_details_pane_takes_the_focus_and_scrolls_to_its_end() {
    let mut app = app_with_plan();
    app.update(Action::Resize {
        width: 80,
        height: 16,
    });
    app.update(Action::Top);
    app.update(Action::SwitchFocus);
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::Down);
    assert_eq!(app.plan_selected, 0, "j scrolls the details, not the items");
    assert_eq!(app.plan_details_scroll, 1);
    app.update(Action::Bottom);
    let limit = crate::tui::ui::plan_details_scroll_limit(&app);
    assert!(
        limit > 0,
        "at 80x16 the plan's details are taller than the pane"
    );
    assert_eq!(app.plan_details_scroll, limit);
    app.update(Action::PageDown);
    assert_eq!(app.plan_details_scroll, limit);
    app.update(Action::SwitchFocus);
    app.update(Action::Down);
    assert_eq!(app.plan_selected, 1, "back on the items, j moves down them");
    let areas = layout::areas(app.size);
    app.update(Action::Click {
        column: areas.right.x + 2,
        row: areas.right.y + 2,
    });
    assert_eq!(
        app.focus,
        Focus::Detail,
        "a click on the details focuses them"
    );
    app.update(Action::Click {
        column: areas.left.x + 2,
        row: areas.left.y + 1,
    });
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.plan_selected, 0);
}

#[test]
fn age_strand_and_sensitivity_filters_cycle_through_all() {
    let mut app = app();
    app.update(Action::NextAgeBand);
    assert_eq!(app.filter.age_band.as_deref(), Some("4-7"));
    assert_eq!(app.hits.len(), 1);
    app.update(Action::NextAgeBand);
    assert_eq!(app.filter.age_band.as_deref(), Some("7-11"));
    assert_eq!(app.hits.len(), 2);
    app.update(Action::PreviousAgeBand);
    app.update(Action::PreviousAgeBand);
    assert_eq!(app.filter.age_band, None);
    app.update(Action::PreviousAgeBand);
    assert_eq!(
        app.filter.age_band.as_deref(),
        Some("14-18"),
        "backwards wraps to the last band"
    );
    app.update(Action::NextAgeBand);
    assert_eq!(app.filter.age_band, None);

    app.update(Action::NextStrand);
    assert_eq!(
        app.filter.strand.as_deref(),
        Some("self-image-and-identity")
    );
    assert!(app.hits.is_empty());
    app.update(Action::NextStrand);
    assert_eq!(app.hits.len(), 2, "online-relationships");
    app.update(Action::PreviousStrand);
    app.update(Action::PreviousStrand);
    assert_eq!(app.filter.strand, None);

    app.update(Action::CycleSensitivity);
    assert_eq!(app.hits.len(), 2, "sensitive only");
    app.update(Action::CycleSensitivity);
    assert_eq!(app.hits.len(), 3, "standard only");
    app.update(Action::CycleSensitivity);
    assert_eq!(app.hits.len(), 5);
}

#[test]
fn filtering_keeps_the_selected_module_when_it_stays_visible() {
    let mut app = app();
    app.update(Action::Bottom);
    let id = selected_id(&app).to_string();
    app.update(Action::CycleSensitivity);
    assert_eq!(selected_id(&app), id);
}

#[test]
fn search_filters_as_you_type_and_esc_clears_it() {
    let mut app = app();
    app.update(Action::StartSearch);
    assert!(app.searching);
    type_text(&mut app, "pasword");
    assert_eq!(app.hits.len(), 1);
    assert_eq!(selected_id(&app), "passwords-7-11");
    assert!(!app.hits[0].title_matches.is_empty());
    app.update(Action::Edit(InputRequest::DeletePrevChar));
    assert_eq!(app.search.value(), "paswor");
    app.update(Action::Submit);
    assert!(!app.searching);
    assert_eq!(app.hits.len(), 1, "Enter keeps the search");
    app.update(Action::StartSearch);
    app.update(Action::Cancel);
    assert!(!app.searching);
    assert_eq!(app.hits.len(), 5);
}

#[test]
fn a_new_query_selects_its_best_hit_so_enter_adds_what_is_on_top() {
    let mut app = app();
    app.update(Action::Bottom);
    assert_eq!(selected_id(&app), "sextortion-14-18");
    app.update(Action::StartSearch);
    type_text(&mut app, "phone");
    assert!(
        app.hits.len() > 1,
        "the module selected before still matches"
    );
    assert_eq!(app.selected, 0);
    assert_eq!(selected_id(&app), "phone-rules-7-11");
    app.update(Action::Submit);
    let effects = app.update(Action::AddToPlan);
    assert_eq!(ids(saved_plan(&effects)), ["phone-rules-7-11"]);
}

#[test]
fn searching_then_enter_enter_adds_the_top_hit_of_the_bundled_library() {
    // The user test: "All about me" was selected, then `/`, `is it real`, Enter, Enter.
    let library = Library::bundled(&LoadOptions::default());
    let mut app = App::new(library, ThemeName::Dark, Rect::new(0, 0, 100, 30));
    while selected_id(&app) != "all-about-me-4-7" {
        app.update(Action::Down);
    }
    app.update(Action::StartSearch);
    type_text(&mut app, "is it real");
    app.update(Action::Submit);
    let effects = app.update(Action::AddToPlan);
    assert_eq!(ids(saved_plan(&effects)), ["is-it-real-ai-7-11"]);
}

#[test]
fn moving_the_search_cursor_or_emptying_the_query_keeps_the_selection() {
    let mut app = app();
    app.update(Action::StartSearch);
    type_text(&mut app, "phone");
    app.update(Action::Down);
    let chosen = selected_id(&app).to_string();
    app.update(Action::Edit(InputRequest::GoToStart));
    assert_eq!(selected_id(&app), chosen, "the query did not change");
    app.update(Action::Cancel);
    assert_eq!(app.hits.len(), 5);
    assert_eq!(selected_id(&app), chosen, "no query ranks nothing");
}

#[test]
fn q_while_searching_is_typed_not_quit() {
    let mut app = app();
    app.update(Action::StartSearch);
    type_text(&mut app, "q");
    assert!(!app.quit);
    assert_eq!(app.filter.text, "q");
}

#[test]
fn clear_filters_resets_everything() {
    let mut app = app();
    app.update(Action::NextAgeBand);
    app.update(Action::StartSearch);
    type_text(&mut app, "zzz");
    app.update(Action::Submit);
    assert!(app.hits.is_empty());
    app.update(Action::ClearFilters);
    assert_eq!(app.filter, Filter::default());
    assert_eq!(app.search.value(), "");
    assert_eq!(app.hits.len(), 5);
}

#[test]
fn add_to_plan_adds_the_selected_module_and_saves() {
    let mut app = app();
    app.update(Action::Down);
    let effects = app.update(Action::AddToPlan);
    assert_eq!(ids(saved_plan(&effects)), ["phone-rules-7-11"]);
    assert_eq!(plan_ids(&app), ["phone-rules-7-11"]);
    assert!(app.status.as_ref().unwrap().text.contains("1 item, 45 min"));
    // Enter in Browse adds too.
    let effects = app.update(Action::Submit);
    assert_eq!(saved_plan(&effects).items.len(), 2);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("already in the plan")
    );
}

#[test]
fn add_with_nothing_selected_explains_why() {
    let mut app = app();
    app.update(Action::StartSearch);
    type_text(&mut app, "no such thing");
    app.update(Action::Submit);
    assert!(app.update(Action::AddToPlan).is_empty());
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Error);
}

fn app_with_plan() -> App {
    let mut app = app();
    for _ in 0..3 {
        app.update(Action::AddToPlan);
        app.update(Action::Down);
    }
    app.update(Action::ShowPlan);
    app
}

#[test]
fn reorder_remove_and_clamp_in_the_plan() {
    let mut app = app_with_plan();
    assert_eq!(
        plan_ids(&app),
        ["trusted-adults-4-7", "phone-rules-7-11", "passwords-7-11"]
    );
    assert_eq!(app.plan_selected, 2);
    let effects = app.update(Action::MoveItemUp);
    assert_eq!(
        ids(saved_plan(&effects)),
        ["trusted-adults-4-7", "passwords-7-11", "phone-rules-7-11"]
    );
    assert_eq!(app.plan_selected, 1, "the selection follows the item");
    app.update(Action::Top);
    assert!(
        app.update(Action::MoveItemUp).is_empty(),
        "the first item cannot move up"
    );
    app.update(Action::MoveItemDown);
    assert_eq!(
        plan_ids(&app),
        ["passwords-7-11", "trusted-adults-4-7", "phone-rules-7-11"]
    );
    app.update(Action::Bottom);
    assert!(app.update(Action::MoveItemDown).is_empty());
    let effects = app.update(Action::RemoveFromPlan);
    assert_eq!(saved_plan(&effects).items.len(), 2);
    assert_eq!(app.plan_selected, 1, "clamped to the new last item");
    app.update(Action::RemoveFromPlan);
    app.update(Action::RemoveFromPlan);
    assert!(app.plan.items.is_empty());
    assert!(app.update(Action::RemoveFromPlan).is_empty());
}

#[test]
fn plan_edits_do_nothing_in_browse() {
    let mut app = app_with_plan();
    app.update(Action::ShowBrowse);
    assert!(app.update(Action::RemoveFromPlan).is_empty());
    assert!(app.update(Action::MoveItemUp).is_empty());
    app.update(Action::EditItemNote);
    assert!(app.overlay.is_none());
    assert_eq!(app.plan.items.len(), 3);
}

#[test]
fn item_notes_are_edited_in_a_dialog() {
    let mut app = app_with_plan();
    app.update(Action::Top);
    app.update(Action::EditItemNote);
    assert!(matches!(
        app.overlay,
        Some(Overlay::ItemNote { item: 0, .. })
    ));
    type_text(&mut app, "Brief DSL");
    let effects = app.update(Action::Submit);
    assert_eq!(
        saved_plan(&effects).items[0].notes.as_deref(),
        Some("Brief DSL")
    );
    assert!(app.overlay.is_none());
    // Cancel leaves the note as it was.
    app.update(Action::EditItemNote);
    type_text(&mut app, " and more");
    assert!(app.update(Action::Cancel).is_empty());
    assert_eq!(app.plan.items[0].notes.as_deref(), Some("Brief DSL"));
}

#[test]
fn plan_details_form_validates_and_saves() {
    let mut app = app();
    app.update(Action::EditPlanDetails);
    app.update(Action::Edit(InputRequest::DeleteLine));
    assert!(app.update(Action::Submit).is_empty());
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!()
    };
    assert_eq!(form.error.as_deref(), Some("Give the plan a title"));
    type_text(&mut app, "Year 5");
    app.update(Action::NextField);
    type_text(&mut app, "5B");
    app.update(Action::NextField); // the year group stays blank
    app.update(Action::NextField);
    type_text(&mut app, "7-12");
    assert!(
        app.update(Action::Submit).is_empty(),
        "an unknown band is refused"
    );
    app.update(Action::Edit(InputRequest::DeletePrevChar));
    type_text(&mut app, "1");
    app.update(Action::PreviousField);
    app.update(Action::PreviousField);
    app.update(Action::PreviousField);
    app.update(Action::PreviousField); // wraps to the first term
    app.update(Action::PreviousField);
    app.update(Action::PreviousField);
    app.update(Action::PreviousField); // back to the lesson length
    type_text(&mut app, "an hour");
    app.update(Action::Submit);
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!()
    };
    assert_eq!(
        form.error.as_deref(),
        Some("Lesson length is minutes, from 5 to 480 (or blank)")
    );
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "60 min");
    app.update(Action::PreviousField);
    type_text(&mut app, "Autumn term");
    let effects = app.update(Action::Submit);
    let plan = saved_plan(&effects);
    assert_eq!(plan.title, "Year 5");
    assert_eq!(plan.group.as_deref(), Some("5B"));
    assert_eq!(plan.age_band.as_deref(), Some("7-11"));
    assert_eq!(plan.teacher, None);
    assert_eq!(plan.notes.as_deref(), Some("Autumn term"));
    assert_eq!(plan.lesson_minutes, Some(60));
    assert!(app.overlay.is_none());
    assert_eq!(
        app.filter.age_band.as_deref(),
        Some("7-11"),
        "browsing follows the plan's new age band"
    );
}

#[test]
fn a_year_group_typed_in_the_plan_details_sets_the_age_band_and_browsing() {
    let mut app = app();
    let focus_year = |app: &mut App| {
        app.update(Action::EditPlanDetails);
        app.update(Action::NextField);
        app.update(Action::NextField);
    };
    focus_year(&mut app);
    type_text(&mut app, "y5");
    let effects = app.update(Action::Submit);
    let plan = saved_plan(&effects);
    assert_eq!(plan.year_group.as_deref(), Some("Year 5"));
    assert_eq!(plan.age_band.as_deref(), Some("7-11"));
    assert_eq!(app.filter.age_band.as_deref(), Some("7-11"));

    // Another year group moves the band shown with it.
    focus_year(&mut app);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "Year 8");
    let effects = app.update(Action::Submit);
    let plan = saved_plan(&effects);
    assert_eq!(plan.age_band.as_deref(), Some("11-14"));
    assert_eq!(app.filter.age_band.as_deref(), Some("11-14"));

    // A band typed against the year group is refused, and an unknown year lists the choices.
    focus_year(&mut app);
    app.update(Action::NextField);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "4-7");
    assert!(app.update(Action::Submit).is_empty());
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!()
    };
    let error = form.error.clone().unwrap();
    assert!(
        error.starts_with("Year 8 is taught from ages 11-14, not 4-7"),
        "{error}"
    );
    app.update(Action::PreviousField);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "Year 15");
    assert!(app.update(Action::Submit).is_empty());
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!()
    };
    let error = form.error.clone().unwrap();
    assert_eq!(
        error,
        "`Year 15` is not a year group in England and Wales: use one listed above"
    );
}

#[test]
fn an_opened_plan_sets_browsing_to_its_age_band_and_c_shows_all() {
    let mut app = app();
    let mut plan = Plan::new("Reception");
    plan.age_band = Some("4-7".into());
    app.update(Action::PlanOpened(Ok(StoredPlan {
        path: "/p/reception.toml".into(),
        stamp: DiskStamp::new(plan.to_toml().as_bytes(), None),
        plan,
    })));
    assert_eq!(app.filter.age_band.as_deref(), Some("4-7"));
    assert!(
        app.hits
            .iter()
            .all(|h| app.library.modules[h.index].age_band == "4-7")
    );
    app.update(Action::ShowBrowse);
    app.update(Action::ClearFilters);
    assert_eq!(app.hits.len(), app.library.modules.len());
}

#[test]
fn adding_past_the_lesson_length_says_so() {
    let mut app = app();
    app.plan.lesson_minutes = Some(60);
    app.update(Action::AddToPlan);
    app.update(Action::Down);
    let status = &app.status.as_ref().unwrap().text;
    assert!(status.ends_with(": 1 item, 45 of 60 min"), "{status}");
    app.update(Action::AddToPlan);
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.ends_with(": 2 items, 90 min in 2 sessions of 60 min"),
        "{status}"
    );
}

#[test]
fn ctrl_c_quits_from_any_dialog_or_form_when_everything_is_saved() {
    let opens = [
        Action::EditPlanDetails,
        Action::ToggleHelp,
        Action::ShowProblems,
        Action::OpenPlanDialog,
        Action::SchoolDialog,
    ];
    for open in opens {
        let mut app = app();
        app.update(open.clone());
        assert!(app.overlay.is_some(), "{open:?}");
        app.update(Action::Quit);
        assert!(app.quit, "Ctrl-C in {open:?} quits");
    }
    let mut app = app_with_plan();
    app.update(written(&app, "plan.toml"));
    app.update(Action::EditItemNote);
    app.update(Action::Quit);
    assert!(
        app.quit,
        "Ctrl-C in the note dialog quits: the plan is saved"
    );
}

/// An app whose last save failed: its changes are in no file.
fn app_with_unsaved_changes() -> App {
    let mut app = app_with_plan();
    app.update(Action::PlanSaved(Err(
        "Permission denied (os error 13)".into()
    )));
    app.fallback_dir = PathBuf::from("/home/teacher");
    app
}

#[test]
fn quitting_with_unsaved_changes_asks_and_never_exits_by_reflex() {
    for quit_from in [
        None,
        Some(Action::ToggleHelp),
        Some(Action::EditPlanDetails),
    ] {
        let mut app = app_with_unsaved_changes();
        if let Some(open) = quit_from {
            app.update(open);
        }
        app.update(Action::Quit);
        assert!(!app.quit);
        let Some(Overlay::Quit(dialog)) = &app.overlay else {
            panic!("{:?}", app.overlay)
        };
        assert_eq!(dialog.choice, QuitChoice::SaveElsewhere);
        assert_eq!(dialog.path.value(), "/home/teacher/untitled-plan.toml");
        // Esc and Ctrl-C again both stay, with the plan as it was.
        app.update(Action::Quit);
        assert!(!app.quit && app.overlay.is_none());
        app.update(Action::Quit);
        app.update(Action::Cancel);
        assert!(!app.quit && app.overlay.is_none());
        assert_eq!(app.plan.items.len(), 3);
    }
    // Choosing "quit without saving" is the one way out that drops the changes.
    let mut app = app_with_unsaved_changes();
    app.update(Action::Quit);
    app.update(Action::Down);
    app.update(Action::Submit);
    assert!(app.quit);
    // "Stay" stays.
    let mut app = app_with_unsaved_changes();
    app.update(Action::Quit);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Submit);
    assert!(!app.quit && app.overlay.is_none());
}

#[test]
fn saving_elsewhere_on_quit_writes_there_then_quits_or_says_why_not() {
    let mut app = app_with_unsaved_changes();
    app.update(Action::Quit);
    for _ in 0.."untitled-plan.toml".len() {
        app.update(Action::Edit(InputRequest::DeletePrevChar));
    }
    type_text(&mut app, "year5.toml");
    let effects = app.update(Action::Submit);
    let [Effect::SavePlanAs { path, plan }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &PathBuf::from("/home/teacher/year5.toml"));
    assert_eq!(plan.items.len(), 3);
    assert!(app.update(Action::Submit).is_empty(), "one save at a time");
    // The folder is not writable either: the dialog stays, saying so.
    app.update(Action::PlanSavedAs(Err(
        "/home/teacher/year5.toml: Permission denied".into(),
    )));
    assert!(!app.quit);
    let Some(Overlay::Quit(dialog)) = &app.overlay else {
        panic!()
    };
    assert!(
        dialog
            .error
            .as_deref()
            .unwrap()
            .contains("Permission denied")
    );
    // A typed "~/" is the home folder; once written, the plan lives there and the planner quits.
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "~/plans/y5.toml");
    let effects = app.update(Action::Submit);
    let [Effect::SavePlanAs { path, plan }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &PathBuf::from("/home/teacher/plans/y5.toml"));
    let stored = StoredPlan {
        path: path.clone(),
        plan: plan.clone(),
        stamp: DiskStamp::new(plan.to_toml().as_bytes(), None),
    };
    app.update(Action::PlanSavedAs(Ok(stored)));
    assert!(app.quit);
    assert_eq!(
        app.plan_path,
        Some(PathBuf::from("/home/teacher/plans/y5.toml"))
    );
    assert_eq!(app.unsaved_changes(), 0);
}

#[test]
fn new_plan_starts_empty_unsaved_and_asks_for_details() {
    let mut app = app_with_plan();
    app.plan_path = Some(PathBuf::from("/plans/old.toml"));
    app.update(Action::NewPlan);
    assert!(app.plan.items.is_empty());
    assert_eq!(app.plan_path, None);
    assert!(matches!(app.overlay, Some(Overlay::PlanForm(_))));
}

#[test]
fn saves_report_where_and_failures_keep_the_plan() {
    let mut app = app_with_plan();
    let effects = app.update(Action::Save);
    assert!(matches!(
        &effects[..],
        [Effect::SavePlan { path: None, .. }]
    ));
    app.status = None;
    app.update(written(&app, "/plans/year-5.toml"));
    assert_eq!(app.plan_path, Some(PathBuf::from("/plans/year-5.toml")));
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "Saved /plans/year-5.toml"
    );
    app.update(written(&app, "/plans/year-5.toml"));
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "Saved /plans/year-5.toml",
        "saving again says it once"
    );
    let effects = app.update(Action::MoveItemUp);
    assert!(
        matches!(&effects[..], [Effect::SavePlan { path: Some(_), .. }]),
        "later saves go to the same file"
    );
    app.update(Action::RemoveFromPlan);
    app.update(written(&app, "/plans/year-5.toml"));
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.starts_with("Removed") && text.ends_with(" · saved"),
        "{text}"
    );
    app.update(Action::PlanSaved(Err("disk full".into())));
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("disk full") && status.text.contains("kept"));
    assert_eq!(app.plan.items.len(), 2);
}

#[test]
fn open_lists_plans_and_opens_the_chosen_one() {
    let mut app = app();
    let effects = app.update(Action::OpenPlanDialog);
    assert_eq!(effects, [Effect::ListPlans]);
    let files = vec![
        PlanFile {
            path: "/p/a.toml".into(),
            title: "A".into(),
            items: 1,
            readable: true,
        },
        PlanFile {
            path: "/p/b.toml".into(),
            title: "B".into(),
            items: 2,
            readable: true,
        },
    ];
    app.update(Action::PlansListed(Ok(files)));
    app.update(Action::Down);
    app.update(Action::Down);
    let effects = app.update(Action::Submit);
    assert_eq!(effects, [Effect::OpenPlan("/p/b.toml".into())]);
    let problem = crate::library::Diagnostic::whole_file(
        "/p/b.toml",
        Severity::Error,
        crate::library::Code::TomlSyntax,
        "broken",
    );
    app.update(Action::PlanOpened(Err(Box::new(problem))));
    assert!(
        matches!(&app.overlay, Some(Overlay::PlanProblem(p)) if p.message == "broken"),
        "the whole problem is shown"
    );
    assert!(app.status.as_ref().unwrap().text.contains("/p/b.toml"));
    assert_eq!(
        app.update(Action::Submit),
        [Effect::ListPlans],
        "Enter: another plan"
    );
    let mut plan = Plan::new("B");
    plan.add("missing-module");
    app.update(Action::PlanOpened(Ok(StoredPlan {
        path: "/p/b.toml".into(),
        stamp: DiskStamp::new(plan.to_toml().as_bytes(), None),
        plan,
    })));
    assert!(app.overlay.is_none());
    assert_eq!(app.view, View::Plan);
    assert_eq!(
        plan_ids(&app),
        ["missing-module"],
        "items for missing modules are kept"
    );
    assert!(matches!(
        app.plan.warnings(&app.library)[0],
        crate::plan::PlanWarning::MissingModule { .. }
    ));
}

#[test]
fn help_and_problems_overlays_scroll_and_close() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    app.update(Action::Down);
    app.update(Action::PageDown);
    let page = crate::tui::ui::help_rows(app.size);
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll }) if scroll == 1 + page));
    app.update(Action::ToggleHelp);
    assert!(app.overlay.is_none());
    app.update(Action::ToggleHelp);
    app.update(Action::Bottom);
    let limit = crate::tui::ui::help_scroll_limit(&app);
    assert!(limit > 0 && limit < 100, "{limit}");
    for action in [
        Action::Down,
        Action::PageDown,
        Action::ScrollDown { column: 5, row: 5 },
    ] {
        app.update(action);
        assert!(matches!(app.overlay, Some(Overlay::Help { scroll }) if scroll == limit));
    }
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let taller = crate::tui::ui::help_scroll_limit(&app);
    assert!(taller < limit);
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll }) if scroll == taller));
    app.update(Action::Top);
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 0 })));
    app.update(Action::Cancel);
    app.update(Action::ShowProblems);
    app.update(Action::Down);
    assert!(
        matches!(app.overlay, Some(Overlay::Problems { selected: 0 })),
        "no problems: nothing to move to"
    );
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn switch_view_and_theme() {
    let mut app = app();
    app.update(Action::SwitchView);
    assert_eq!(app.view, View::Plan);
    app.update(Action::SwitchView);
    assert_eq!(app.view, View::Coverage);
    app.update(Action::SwitchView);
    assert_eq!(app.view, View::Programme);
    app.update(Action::SwitchView);
    assert_eq!(app.view, View::Browse);
    app.update(Action::CycleTheme);
    assert_eq!(app.theme, ThemeName::Light);
    app.update(Action::CycleTheme);
    app.update(Action::CycleTheme);
    assert_eq!(app.theme, ThemeName::Dark);
}

#[test]
fn clicks_select_rows_switch_tabs_and_open_problems() {
    let mut app = app();
    let areas = layout::areas(app.size);
    app.update(Action::Click {
        column: areas.left.x + 3,
        row: areas.left.y + 3,
    });
    assert_eq!(app.selected, 2);
    app.update(Action::Click {
        column: areas.left.x + 3,
        row: areas.left.y + 20,
    });
    assert_eq!(
        app.selected, 2,
        "a click below the last row changes nothing"
    );
    app.update(Action::Click {
        column: areas.right.x + 5,
        row: areas.right.y + 5,
    });
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::Click { column: 25, row: 0 }); // " 2 Plan " tab
    assert_eq!(app.view, View::Plan);
    app.update(Action::Click {
        column: 79,
        row: 23,
    });
    assert!(matches!(app.overlay, Some(Overlay::Problems { .. })));
}

#[test]
fn mouse_wheel_moves_the_list_or_scrolls_the_detail() {
    let mut app = app();
    let areas = layout::areas(app.size);
    app.update(Action::ScrollDown {
        column: areas.left.x + 2,
        row: areas.left.y + 2,
    });
    assert_eq!(app.selected, 1);
    app.update(Action::ScrollDown {
        column: areas.right.x + 2,
        row: areas.right.y + 2,
    });
    assert_eq!(app.detail_scroll, 3);
    assert_eq!(app.focus, Focus::List, "scrolling does not steal focus");
    app.update(Action::ScrollUp {
        column: areas.left.x + 2,
        row: areas.left.y + 2,
    });
    assert_eq!(app.selected, 0);
}

#[test]
fn no_action_panics_on_an_empty_library_or_a_tiny_screen() {
    let all = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::AddToPlan,
        Action::RemoveFromPlan,
        Action::MoveItemUp,
        Action::MoveItemDown,
        Action::EditItemNote,
        Action::SwitchFocus,
        Action::NextAgeBand,
        Action::NextStrand,
        Action::CycleSensitivity,
        Action::StartSearch,
        Action::Submit,
        Action::Cancel,
        Action::SwitchView,
        Action::Click { column: 0, row: 0 },
        Action::ScrollDown { column: 0, row: 0 },
        Action::ExportDialog,
        Action::Edit(InputRequest::InsertChar(' ')),
        Action::Exported(Err("x".into())),
        Action::ExportWouldReplace(PathBuf::from("x")),
        Action::SchoolDialog,
        Action::Save,
        Action::SchoolSaved(Err("x".into())),
    ];
    for size in [(1, 1), (0, 0), (80, 24)] {
        let mut app = App::new(
            Library::default(),
            ThemeName::Dark,
            Rect::new(0, 0, size.0, size.1),
        );
        for _ in 0..2 {
            for action in all.iter().cloned() {
                app.update(action);
            }
        }
        assert!(app.plan.items.is_empty());
    }
}

fn export_form(app: &App) -> &ExportForm {
    match &app.overlay {
        Some(Overlay::Export(form)) => form,
        other => panic!("expected the export dialog, got {other:?}"),
    }
}

fn press_space(app: &mut App) {
    app.update(Action::Edit(InputRequest::InsertChar(' ')));
}

#[test]
fn export_needs_a_plan_with_modules() {
    let mut app = app();
    assert!(app.update(Action::ExportDialog).is_empty());
    assert!(app.overlay.is_none());
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("empty"), "{}", status.text);
}

#[test]
fn export_dialog_starts_with_every_handout_as_pdf_for_the_school_region() {
    let mut app = app_with_plan();
    app.exports_dir = PathBuf::from("/exports");
    app.region = "ie".into();
    app.update(Action::ExportDialog);
    let form = export_form(&app);
    assert_eq!(form.options.handouts, Handout::ALL.to_vec());
    assert_eq!(form.options.format, Format::Pdf);
    assert_eq!(form.options.region, "ie");
    assert!(form.regions.contains(&"uk".to_string()));
    assert!(
        form.path.value().starts_with("/exports/"),
        "{}",
        form.path.value()
    );
    assert!(form.path.value().ends_with(".pdf"), "{}", form.path.value());
}

#[test]
fn an_unknown_school_region_is_shown_and_refused_never_swapped_for_another() {
    let mut app = app_with_plan();
    app.region = "atlantis".into();
    app.update(Action::ExportDialog);
    let form = export_form(&app);
    assert_eq!(form.options.region, "atlantis");
    assert!(form.value(ExportRow::Region).contains("unknown"));
    let refused = form.request(Path::new("/home/teacher")).unwrap_err();
    assert!(
        refused.contains("atlantis") && refused.contains("uk"),
        "{refused}"
    );
    // Choosing moves to a region that has services.
    let mut form = form.clone();
    form.focused = EXPORT_ROWS
        .iter()
        .position(|r| *r == ExportRow::Region)
        .unwrap();
    form.edit(InputRequest::InsertChar(' '));
    assert!(form.regions.contains(&form.options.region));
    assert!(form.request(Path::new("/home/teacher")).is_ok());
}

#[test]
fn the_school_region_matches_in_any_case() {
    let mut app = app_with_plan();
    app.region = "IE".into();
    app.update(Action::ExportDialog);
    assert_eq!(export_form(&app).options.region, "ie");
}

#[test]
fn export_options_change_with_space_and_arrows_and_the_name_follows() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    // Untick the teacher plan, the resource sheets and the parent letter: only the student
    // handout is left.
    press_space(&mut app);
    app.update(Action::Down);
    assert_eq!(
        export_form(&app).focused_row(),
        ExportRow::Handout(Handout::Resources)
    );
    press_space(&mut app);
    app.update(Action::Down);
    app.update(Action::Down);
    press_space(&mut app);
    assert_eq!(export_form(&app).options.handouts, vec![Handout::Student]);
    // Ticking again puts it back in printed order.
    for _ in 0..3 {
        app.update(Action::Up);
    }
    press_space(&mut app);
    assert_eq!(
        export_form(&app).options.handouts,
        vec![Handout::Teacher, Handout::Student]
    );
    // Format: → goes forward, ← back.
    for _ in 0..4 {
        app.update(Action::Down);
    }
    app.update(Action::Edit(InputRequest::GoToNextChar));
    assert_eq!(export_form(&app).options.format, Format::Html);
    assert!(export_form(&app).path.value().ends_with(".html"));
    app.update(Action::Edit(InputRequest::GoToPrevChar));
    app.update(Action::Edit(InputRequest::GoToPrevChar));
    assert_eq!(export_form(&app).options.format, Format::Markdown);
    // Region cycles through the regions that have services.
    app.update(Action::Down);
    let before = export_form(&app).options.region.clone();
    press_space(&mut app);
    let after = export_form(&app).options.region.clone();
    assert_ne!(before, after);
    assert!(export_form(&app).regions.contains(&after));
    // Paper and large print.
    app.update(Action::Down);
    press_space(&mut app);
    assert_eq!(export_form(&app).options.paper, Paper::Letter);
    app.update(Action::NextField);
    press_space(&mut app);
    assert!(export_form(&app).options.large_print);
    // Letters typed on an option do nothing.
    app.update(Action::Edit(InputRequest::InsertChar('z')));
    assert!(export_form(&app).options.large_print);
    assert!(!export_form(&app).path.value().contains('z'));
}

#[test]
fn a_typed_path_is_kept_when_options_change() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    app.update(Action::PreviousField); // wraps round to the path
    assert_eq!(export_form(&app).focused_row(), ExportRow::Path);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "/tmp/mine.pdf");
    app.update(Action::NextField); // wraps to the teacher plan
    press_space(&mut app);
    assert_eq!(export_form(&app).path.value(), "/tmp/mine.pdf");
}

#[test]
fn export_asks_the_runner_and_reports_where_the_file_went() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    let effects = app.update(Action::Submit);
    let [
        Effect::Export {
            plan,
            options,
            path,
            replace,
        },
    ] = effects.as_slice()
    else {
        panic!("expected one export, got {effects:?}")
    };
    assert_eq!(plan, &app.plan);
    assert_eq!(options.handouts, Handout::ALL.to_vec());
    assert!(!replace, "never replace a file without asking");
    let path = path.clone();
    assert!(
        matches!(app.overlay, Some(Overlay::Export(_))),
        "stays open until done"
    );
    app.update(Action::Exported(Ok(path.clone())));
    assert!(app.overlay.is_none());
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Info);
    assert!(status.text.contains(&path.display().to_string()));
    assert!(status.text.ends_with("O opens it"), "{}", status.text);
    assert_eq!(app.update(Action::OpenExported), [Effect::OpenFile(path)]);
}

/// The export dialog with its path field emptied and `typed` typed into it.
fn export_to(app: &mut App, typed: &str) -> Vec<Effect> {
    app.exports_dir = "/data/exports".into();
    app.fallback_dir = "/home/teacher".into();
    app.update(Action::ExportDialog);
    let path_row = EXPORT_ROWS
        .iter()
        .position(|r| *r == ExportRow::Path)
        .unwrap();
    for _ in 0..path_row {
        app.update(Action::Down);
    }
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(app, typed);
    app.update(Action::Submit)
}

#[test]
fn a_typed_export_name_lands_in_the_exports_folder_not_the_launch_folder() {
    for (typed, expected) in [
        ("pupils.pdf", "/data/exports/pupils.pdf"),
        ("term 1/pupils.pdf", "/data/exports/term 1/pupils.pdf"),
        ("~/Desktop/pupils.pdf", "/home/teacher/Desktop/pupils.pdf"),
        ("/tmp/pupils.pdf", "/tmp/pupils.pdf"),
    ] {
        let mut app = app_with_plan();
        let effects = export_to(&mut app, typed);
        let [Effect::Export { path, .. }] = effects.as_slice() else {
            panic!("{typed}: {effects:?}")
        };
        assert_eq!(path, &PathBuf::from(expected), "{typed}");
    }
}

#[test]
fn an_export_name_naming_another_format_is_refused() {
    let mut app = app_with_plan();
    assert!(export_to(&mut app, "pupils.html").is_empty());
    let error = export_form(&app).error.clone().unwrap();
    assert_eq!(
        error,
        "The name ends .html but the format is PDF: change the format or the name"
    );
    assert!(
        !export_to(&mut app_with_plan(), "pupils.PDF").is_empty(),
        "any case"
    );
}

#[test]
fn open_without_an_export_says_how_to_make_one() {
    let mut app = app();
    assert!(app.update(Action::OpenExported).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("press p"));
}

#[test]
fn a_running_export_shows_progress_ignores_a_second_enter_and_esc_cancels_it() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    assert_eq!(app.update(Action::Submit).len(), 1);
    assert!(app.exporting);
    assert!(app.status.as_ref().unwrap().text.contains("Esc cancels"));
    assert!(
        app.update(Action::Submit).is_empty(),
        "one export at a time"
    );
    assert_eq!(app.update(Action::Cancel), vec![Effect::CancelExport]);
    assert!(!app.exporting);
    assert!(
        matches!(app.overlay, Some(Overlay::Export(_))),
        "the dialog stays, with the teacher's choices"
    );
    assert!(app.status.as_ref().unwrap().text.contains("cancelled"));
    app.update(Action::ExportCancelled);
    // Esc once more, with nothing running, closes the dialog.
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn an_existing_file_is_replaced_only_after_a_second_enter() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    app.update(Action::Submit);
    app.update(Action::ExportWouldReplace(PathBuf::from("/x/plan.pdf")));
    let form = export_form(&app);
    assert!(form.error.as_ref().unwrap().contains("/x/plan.pdf"));
    let effects = app.update(Action::Submit);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Export { replace: true, .. }]
    ));
    // Changing anything asks again.
    app.update(Action::ExportWouldReplace(PathBuf::from("/x/plan.pdf")));
    press_space(&mut app);
    let effects = app.update(Action::Submit);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Export { replace: false, .. }]
    ));
}

#[test]
fn export_failures_stay_in_the_dialog_and_nothing_is_chosen_is_refused() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    app.update(Action::Exported(Err(
        "Cannot write /nope: permission denied".into(),
    )));
    assert!(export_form(&app).error.as_ref().unwrap().contains("/nope"));
    for _ in Handout::ALL {
        press_space(&mut app);
        app.update(Action::Down);
    }
    assert!(app.update(Action::Submit).is_empty());
    assert!(
        export_form(&app)
            .error
            .as_ref()
            .unwrap()
            .contains("at least one")
    );
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
}

fn school_form(app: &App) -> &SchoolForm {
    match &app.overlay {
        Some(Overlay::School(form)) => form,
        other => panic!("expected the school details dialog, got {other:?}"),
    }
}

fn hillside() -> School {
    School {
        name: Some("Hillside".into()),
        address: Some("1 Hill Road\nTownsville".into()),
        phone: Some("01234 567890".into()),
        logo: Some(PathBuf::from("/cfg/crest.png")),
        ..School::default()
    }
}

fn app_with_school() -> App {
    let mut app = app_with_plan();
    app.school = hillside();
    app.config_file = PathBuf::from("/cfg/config.toml");
    app
}

fn change(key: &'static str, value: Option<&str>) -> SchoolChange {
    SchoolChange {
        key,
        value: value.map(String::from),
    }
}

/// What the runner reports after saving `school` into the app's config file.
fn school_written(app: &App, school: School) -> Action {
    Action::SchoolSaved(Ok(SchoolSaved {
        path: app.config_file.clone(),
        school,
        problems: Vec::new(),
    }))
}

#[test]
fn the_school_dialog_opens_with_the_schools_details_and_esc_saves_nothing() {
    let mut app = app_with_school();
    assert!(app.update(Action::SchoolDialog).is_empty());
    let form = school_form(&app);
    let values: Vec<&str> = form.fields.iter().map(|f| f.value()).collect();
    assert_eq!(
        values[..3],
        ["Hillside", "1 Hill Road, Townsville", "01234 567890"]
    );
    assert_eq!(values[9], "/cfg/crest.png");
    assert_eq!(form.path, PathBuf::from("/cfg/config.toml"));
    type_text(&mut app, " Primary");
    assert_eq!(school_form(&app).fields[0].value(), "Hillside Primary");
    assert!(app.update(Action::Cancel).is_empty(), "Esc saves nothing");
    assert!(app.overlay.is_none());
    assert_eq!(app.school, hillside(), "the details are as they were");
}

#[test]
fn enter_moves_down_the_fields_and_saves_on_the_save_row() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    type_text(&mut app, " Primary School");
    // Enter on a field moves to the next one; it saves nothing yet.
    assert!(app.update(Action::Submit).is_empty());
    assert_eq!(school_form(&app).focused, 1);
    app.update(Action::Down);
    app.update(Action::Edit(InputRequest::DeleteLine)); // the phone number, cleared
    for _ in 0..3 {
        app.update(Action::Submit);
    }
    type_text(&mut app, "Mr Khan"); // the DSL's name
    while school_form(&app).focused != SAVE_ROW {
        assert!(app.update(Action::Submit).is_empty());
    }
    let effects = app.update(Action::Submit);
    assert_eq!(
        effects,
        [Effect::SaveSchool {
            path: PathBuf::from("/cfg/config.toml"),
            // Only what changed: the address, shown on one line, is left as it was written.
            changes: vec![
                change("name", Some("Hillside Primary School")),
                change("phone", None),
                change("dsl_name", Some("Mr Khan")),
            ],
        }]
    );
    assert!(
        matches!(app.overlay, Some(Overlay::School(_))),
        "stays open until the save is done"
    );
}

#[test]
fn ctrl_s_saves_from_any_field_and_the_next_export_uses_the_new_details() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "Hillside Academy");
    let effects = app.update(Action::Save);
    assert!(
        matches!(effects.as_slice(), [Effect::SaveSchool { changes, .. }] if changes == &[change("name", Some("Hillside Academy"))]),
        "{effects:?}"
    );
    let saved = School {
        name: Some("Hillside Academy".into()),
        ..hillside()
    };
    app.update(school_written(&app, saved.clone()));
    assert!(app.overlay.is_none());
    assert_eq!(app.school, saved);
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Info);
    assert_eq!(status.text, "School details saved to /cfg/config.toml");
    app.update(Action::ExportDialog);
    assert_eq!(export_form(&app).options.school, saved);
}

#[test]
fn a_failed_save_keeps_the_dialog_and_what_was_typed() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    type_text(&mut app, "!");
    app.update(Action::Save);
    let error = "/cfg/config.toml:3:9: error: invalid string. Nothing was saved";
    app.update(Action::SchoolSaved(Err(error.into())));
    let form = school_form(&app);
    assert_eq!(form.error.as_deref(), Some(error));
    assert_eq!(form.fields[0].value(), "Hillside!");
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("config.toml:3:9"), "{}", status.text);
    assert_eq!(
        app.school,
        hillside(),
        "the planner keeps the details it had"
    );
    // Typing again clears the error.
    type_text(&mut app, "!");
    assert_eq!(school_form(&app).error, None);
}

#[test]
fn saving_nothing_changed_writes_nothing() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    assert!(app.update(Action::Save).is_empty());
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("unchanged"));
}

#[test]
fn school_fields_take_pastes_as_one_line_and_stop_at_their_limit() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    app.update(Action::Down);
    app.update(Action::Edit(InputRequest::DeleteLine));
    app.update(Action::Paste("2 Vale Road\nTownsville".into()));
    assert_eq!(
        school_form(&app).fields[1].value(),
        "2 Vale Road Townsville"
    );
    app.update(Action::Paste("x".repeat(MAX_FIELD_CHARS)));
    assert_eq!(
        school_form(&app).fields[1].value().chars().count(),
        MAX_FIELD_CHARS
    );
    assert!(app.status.as_ref().unwrap().text.contains("cut to 2000"));
    type_text(&mut app, "y");
    assert_eq!(
        school_form(&app).fields[1].value().chars().count(),
        MAX_FIELD_CHARS,
        "a full field takes no more"
    );
    // Typing on the Save row changes nothing.
    app.update(Action::PreviousField);
    app.update(Action::PreviousField);
    assert_eq!(school_form(&app).focused, SAVE_ROW);
    type_text(&mut app, "zz");
    assert!(
        school_form(&app)
            .fields
            .iter()
            .all(|f| !f.value().contains('z'))
    );
}

#[test]
fn the_export_dialog_opens_the_school_details_and_gets_them_back() {
    let mut app = app_with_school();
    app.update(Action::ExportDialog);
    while export_form(&app).focused_row() != ExportRow::School {
        app.update(Action::Down);
    }
    assert!(
        export_form(&app)
            .value(ExportRow::School)
            .starts_with("Hillside")
    );
    press_space(&mut app);
    assert!(school_form(&app).export.is_some());
    // Esc goes back to the export dialog, as it was.
    app.update(Action::Cancel);
    assert_eq!(export_form(&app).focused_row(), ExportRow::School);
    press_space(&mut app);
    type_text(&mut app, " Primary");
    assert_eq!(app.update(Action::Save).len(), 1);
    let saved = School {
        name: Some("Hillside Primary".into()),
        ..hillside()
    };
    app.update(school_written(&app, saved.clone()));
    let form = export_form(&app);
    assert_eq!(
        form.options.school, saved,
        "this export uses the new details"
    );
    assert_eq!(form.focused_row(), ExportRow::School);
    assert!(app.status.as_ref().unwrap().text.contains("saved to"));
}

#[test]
fn saving_the_school_details_brings_the_config_files_problems_up_to_date() {
    let mut app = app_with_school();
    let located = |message: &str| {
        crate::library::Diagnostic::whole_file(
            "/cfg/config.toml",
            Severity::Error,
            crate::library::Code::UnusableLogo,
            message,
        )
    };
    let fixed = located("the school logo cannot be used: there is no file at /cfg/nope.png");
    app.library.diagnostics.push(fixed.clone());
    app.config_problems = vec![fixed.clone()];
    let before = app.problem_count();
    app.update(Action::SchoolDialog);
    type_text(&mut app, "!");
    app.update(Action::Save);
    let still = located("config file ignored: invalid type");
    app.update(Action::SchoolSaved(Ok(SchoolSaved {
        path: app.config_file.clone(),
        school: School::default(),
        problems: vec![still.clone()],
    })));
    assert!(
        !app.library.diagnostics.contains(&fixed),
        "the fixed one goes"
    );
    assert!(app.library.diagnostics.contains(&still));
    assert_eq!(app.problem_count(), before);
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error, "saved, but not all is well");
    assert!(
        status
            .text
            .starts_with("School details saved to /cfg/config.toml, but")
    );
    assert!(
        status.text.contains("config file ignored"),
        "{}",
        status.text
    );
}

#[test]
fn every_plan_edit_undoes_and_redoes_and_each_saves() {
    let mut app = app_with_plan();
    let start = app.plan.clone();
    app.update(Action::Top);
    app.update(Action::EditItemNote);
    type_text(&mut app, "Brief DSL");
    app.update(Action::Submit);
    app.update(Action::MoveItemDown);
    app.update(Action::EditPlanDetails);
    type_text(&mut app, " (autumn)");
    app.update(Action::Submit);
    app.update(Action::Top);
    app.update(Action::RemoveFromPlan);
    let edited = app.plan.clone();
    assert_eq!(plan_ids(&app), ["trusted-adults-4-7", "passwords-7-11"]);

    // A removal is undone, not confirmed: the item comes back where it was, note and all.
    let effects = app.update(Action::Undo);
    assert_eq!(
        ids(saved_plan(&effects)),
        ["phone-rules-7-11", "trusted-adults-4-7", "passwords-7-11"],
        "an undo is saved like any edit"
    );
    assert_eq!(app.plan.items[1].notes.as_deref(), Some("Brief DSL"));
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.starts_with("Undid removing \u{201c}")
            && status.contains("u undoes more, Ctrl-R redoes"),
        "{status}"
    );
    // Undo everything, in reverse order, back to the plan as it was.
    for _ in 0..3 {
        assert!(!app.update(Action::Undo).is_empty());
    }
    assert_eq!(app.plan, start);
    // Undo goes on through the three additions, to the empty plan, and stops there.
    for _ in 0..3 {
        app.update(Action::Undo);
    }
    assert!(app.plan.items.is_empty());
    assert!(app.update(Action::Undo).is_empty());
    assert_eq!(app.status.as_ref().unwrap().text, "Nothing to undo");
    for _ in 0..3 {
        app.update(Action::Redo);
    }
    assert_eq!(app.plan, start);
    // Redo everything back to the edited plan.
    for _ in 0..4 {
        assert!(!app.update(Action::Redo).is_empty());
    }
    assert_eq!(app.plan, edited);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Redid removing")
    );
    assert!(app.update(Action::Redo).is_empty());
}

#[test]
fn a_new_edit_after_undo_cannot_be_redone_over() {
    let mut app = app_with_plan();
    app.update(Action::RemoveFromPlan);
    app.update(Action::Undo);
    app.update(Action::MoveItemUp);
    assert!(app.update(Action::Redo).is_empty());
    assert_eq!(app.status.as_ref().unwrap().text, "Nothing to redo");
    assert_eq!(app.plan.items.len(), 3);
}

#[test]
fn undo_works_in_browse_and_forgets_another_plans_edits() {
    let mut app = app();
    app.update(Action::AddToPlan);
    assert_eq!(app.plan.items.len(), 1);
    app.update(Action::Undo);
    assert!(
        app.plan.items.is_empty(),
        "adding in Browse is undone in Browse"
    );
    app.update(Action::Redo);
    app.update(Action::NewPlan);
    app.update(Action::Cancel);
    assert!(
        app.update(Action::Undo).is_empty(),
        "a new plan has nothing to undo"
    );
}

#[test]
fn undo_of_an_item_someone_else_removed_is_refused_not_guessed() {
    let mut app = app_with_plan();
    app.update(Action::Top);
    app.update(Action::EditItemNote);
    type_text(&mut app, "mine");
    app.update(Action::Submit);
    // The file now has the item gone (another program removed it); the save took that version.
    let mut theirs = app.plan.clone();
    theirs.items.remove(0);
    let reply = Action::PlanSaved(Ok(SaveReport {
        stored: StoredPlan {
            path: "plan.toml".into(),
            plan: theirs.clone(),
            stamp: DiskStamp::new(theirs.to_toml().as_bytes(), None),
        },
        outcome: SaveOutcome::Reloaded,
    }));
    app.update(reply);
    assert!(app.update(Action::Undo).is_empty());
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(
        status.text.starts_with("Cannot undo the note on"),
        "{}",
        status.text
    );
    assert_eq!(app.plan, theirs, "nothing else was changed instead");
}

#[test]
fn a_reloaded_library_keeps_the_selection_and_says_how_the_problems_moved() {
    let mut app = app();
    app.update(Action::Down);
    let looking_at = selected_id(&app).to_string();
    assert_eq!(app.update(Action::ReloadLibrary), [Effect::LoadLibrary]);
    let mut fixed = app.library.clone();
    let before = app.problem_count();
    fixed
        .diagnostics
        .push(crate::library::Diagnostic::whole_file(
            "new.toml",
            Severity::Error,
            crate::library::Code::TomlSyntax,
            "broken",
        ));
    // The module list is read in a new order: the selection follows the module.
    fixed.modules.reverse();
    app.update(Action::LibraryLoaded(Box::new(fixed)));
    assert_eq!(selected_id(&app), looking_at);
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error, "a new problem is news");
    assert_eq!(before, 0);
    assert_eq!(
        status.text,
        "Library reloaded: 5 modules, 1 problem (was 0) · ! shows them"
    );
    // Changes on disk reload from under a dialog too, and the dialog stays.
    app.update(Action::ToggleHelp);
    assert_eq!(app.update(Action::LibraryChanged), [Effect::LoadLibrary]);
    let library = app.library.clone();
    app.update(Action::LibraryLoaded(Box::new(library)));
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Library files changed: reloaded")
    );
}

#[test]
fn messages_name_the_keys_the_config_file_chose() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\nundo = \"z\"\nredo = \"Z\"\nsave = \"F2\"\nprint = \"P\"\n",
    )
    .unwrap();
    let (config, _) = crate::config::Config::load(&file);
    let mut app = app();
    app.keymap = crate::tui::keymap::Keymap::configured(&config.key_settings);
    assert!(app.keymap.problems.is_empty(), "{:?}", app.keymap.problems);
    app.update(Action::AddToPlan);
    app.update(Action::Down);
    app.update(Action::AddToPlan);
    app.update(Action::ShowPlan);
    app.update(Action::RemoveFromPlan);
    let text = app.status.clone().unwrap().text;
    assert!(text.ends_with("from the plan (z undoes)"), "{text}");
    app.update(Action::Undo);
    let text = app.status.clone().unwrap().text;
    assert!(text.contains("(z undoes more, Z redoes)"), "{text}");
    app.update(Action::PlanSaved(Err("disk full".into())));
    let text = app.status.clone().unwrap().text;
    assert!(text.ends_with("press F2 to try again."), "{text}");
    app.update(Action::OpenExported);
    let text = app.status.clone().unwrap().text;
    assert!(text.ends_with("press P to print the handouts"), "{text}");
}

#[test]
fn e_edits_a_school_module_and_the_library_is_read_again_after() {
    let mut app = app();
    let effects = app.update(Action::EditModule);
    let module = app.selected_module().unwrap().clone();
    assert!(!module.file.starts_with(crate::library::BUNDLED_PREFIX));
    assert_eq!(
        effects,
        [Effect::EditFile {
            path: PathBuf::from(&module.file),
            line: None
        }]
    );
    let effects = app.update(Action::Edited {
        path: PathBuf::from(&module.file),
        result: Ok(()),
    });
    assert_eq!(effects, [Effect::LoadLibrary]);
    app.update(Action::LibraryLoaded(Box::new(fixture_library())));
    let text = app.status.clone().unwrap().text;
    assert!(
        text.starts_with(&format!(
            "Edited {}, reloaded: ",
            Path::new(&module.file)
                .file_name()
                .unwrap()
                .to_string_lossy()
        )),
        "{text}"
    );
    // An editor that cannot start is said, and nothing is read again.
    let effects = app.update(Action::Edited {
        path: PathBuf::from(&module.file),
        result: Err("Could not start the editor `nope`".into()),
    });
    assert!(effects.is_empty());
    assert_eq!(app.status.clone().unwrap().kind, StatusKind::Error);
}

#[test]
fn enter_on_a_problem_opens_its_file_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "id = \"broken-7-11\"\ntitle = 5\n").unwrap();
    let library = load(
        &[
            LibrarySource::Bundled,
            LibrarySource::Folder(dir.path().into()),
        ],
        &LoadOptions {
            bundled_modules: false,
            ..LoadOptions::default()
        },
    );
    let mut app = App::new(library, ThemeName::Dark, Rect::new(0, 0, 80, 24));
    app.update(Action::ShowProblems);
    let problem = app.library.diagnostics[0].clone();
    assert!(problem.file.ends_with("broken.toml"), "{problem:?}");
    let effects = app.update(Action::Submit);
    assert_eq!(
        effects,
        [Effect::EditFile {
            path: PathBuf::from(&problem.file),
            line: Some(problem.location.line)
        }]
    );
    assert!(
        matches!(app.overlay, Some(Overlay::Problems { .. })),
        "the list stays open"
    );
}

#[test]
fn overlapping_reloads_speak_once_with_the_edit_as_the_reason() {
    let mut app = app();
    app.library
        .diagnostics
        .push(crate::library::Diagnostic::whole_file(
            "one.toml",
            Severity::Error,
            crate::library::diagnostic::Code::TomlSyntax,
            "broken",
        ));
    app.info("before");
    assert_eq!(app.update(Action::LibraryChanged), [Effect::LoadLibrary]);
    let edited = PathBuf::from("/school/lib/one.toml");
    assert_eq!(
        app.update(Action::Edited {
            path: edited,
            result: Ok(())
        }),
        [Effect::LoadLibrary]
    );
    let mut fewer = fixture_library();
    fewer.diagnostics.clear();
    app.update(Action::LibraryLoaded(Box::new(fewer.clone())));
    assert_eq!(
        app.status.clone().unwrap().text,
        "before",
        "one read is still out"
    );
    app.update(Action::LibraryLoaded(Box::new(fewer)));
    let text = app.status.clone().unwrap().text;
    assert!(
        text.starts_with("Edited one.toml, reloaded: ") && text.contains("0 problems (was 1)"),
        "{text}"
    );
}

#[test]
fn teachers_see_approved_and_draft_modules_marked_and_never_retired_ones() {
    use crate::library::ReviewStatus;
    let mut library = fixture_library();
    library.modules[0].review.status = ReviewStatus::Retired;
    library.modules[1].review.status = ReviewStatus::Draft;
    let retired = library.modules[0].clone();
    let draft = library.modules[1].clone();
    let mut app = App::new(library, ThemeName::Dark, Rect::new(0, 0, 100, 30));
    let shown: Vec<&str> = app
        .hits
        .iter()
        .map(|h| app.library.modules[h.index].id.as_str())
        .collect();
    assert!(!shown.contains(&retired.id.as_str()), "{shown:?}");
    assert!(shown.contains(&draft.id.as_str()));
    let today = app.today;
    assert!(crate::tui::ui::browse_marker(&draft, today).contains('D'));
    assert!(crate::tui::ui::browse_marker(&retired, today).contains('X'));
    // Overdue: reviewed long ago.
    let mut old = draft.clone();
    old.review.status = ReviewStatus::Approved;
    old.last_reviewed = Date {
        year: 2020,
        month: 1,
        day: 1,
    };
    assert!(old.is_overdue(today));
    assert!(crate::tui::ui::browse_marker(&old, today).contains('R'));
    // A plan that still has the retired module says so.
    app.plan.add(retired.id.clone());
    let warnings = app.plan.warnings(&app.library);
    assert!(
        warnings
            .iter()
            .any(|w| w.to_string().contains("is retired: no longer taught")),
        "{warnings:?}"
    );
}

/// The fixture library with `folder` as the school's library folder, as the planner loads it.
fn school_app(folder: &Path) -> App {
    let library = load(
        &[LibrarySource::Bundled, LibrarySource::Folder(folder.into())],
        &LoadOptions {
            today: Date {
                year: 2026,
                month: 12,
                day: 2,
            },
            bundled_modules: true,
        },
    );
    App::new(library, ThemeName::Dark, Rect::new(0, 0, 100, 30))
}

#[test]
fn a_lead_adapts_creates_and_approves_modules_from_the_planner() {
    use crate::tui::action::Curated;
    let dir = tempfile::tempdir().unwrap();
    let mut app = school_app(dir.path());
    let today = app.today;
    // e on a bundled module offers to adapt it into the school's folder.
    app.update(Action::EditModule);
    let id = app.selected_module().unwrap().id.clone();
    let Some(Overlay::Curate(form)) = &app.overlay else {
        panic!("{:?}", app.overlay.is_some())
    };
    assert!(form.question().contains(&dir.path().display().to_string()));
    let effects = app.update(Action::Submit);
    assert_eq!(
        effects,
        [Effect::Adapt {
            id: id.clone(),
            into: dir.path().into()
        }]
    );
    let reply = crate::tui::perform(effects[0].clone(), dir.path(), &app.library);
    let Action::Curated(Ok(Curated {
        edit: Some(copy), ..
    })) = &reply
    else {
        panic!("{reply:?}")
    };
    assert!(copy.starts_with(dir.path()) && copy.is_file());
    let effects = app.update(reply.clone());
    assert!(app.overlay.is_none());
    assert_eq!(
        effects,
        [Effect::EditFile {
            path: copy.clone(),
            line: None
        }]
    );
    // Adapting again is refused, and the dialog stays with the reason.
    app.update(Action::EditModule);
    let again = app.update(Action::Submit);
    let reply = crate::tui::perform(again[0].clone(), dir.path(), &app.library);
    app.update(reply);
    let Some(Overlay::Curate(form)) = &app.overlay else {
        panic!()
    };
    assert!(
        form.error.as_deref().unwrap().contains("already a file"),
        "{:?}",
        form.error
    );
    app.update(Action::Cancel);

    // n in a Coverage cell starts a draft there, titled as typed.
    app.update(Action::ShowCoverage);
    app.update(Action::NewModuleHere);
    assert_eq!(app.update(Action::Submit), [], "a title is needed first");
    type_text(&mut app, "Feelings online");
    let effects = app.update(Action::Submit);
    let reply = crate::tui::perform(effects[0].clone(), dir.path(), &app.library);
    let Action::Curated(Ok(Curated {
        edit: Some(new),
        message,
    })) = &reply
    else {
        panic!("{reply:?}")
    };
    assert!(message.contains("feelings-online-4-7"), "{message}");
    let band = &app.library.framework.age_bands[0].id;
    assert!(new.starts_with(dir.path().join(band)));
    app.update(reply.clone());

    // Read again, the draft is there and marked; R approves it in its file.
    app.update(Action::LibraryLoaded(Box::new(app.library.reload())));
    app.update(Action::ShowBrowse);
    app.update(Action::ClearFilters);
    let row = app
        .hits
        .iter()
        .position(|h| app.library.modules[h.index].id == "feelings-online-4-7")
        .expect("the new draft is listed");
    app.selected = row;
    assert_eq!(
        app.selected_module().unwrap().status(),
        crate::library::ReviewStatus::Draft
    );
    app.update(Action::ApproveModule);
    type_text(&mut app, "Ms Rivera");
    let effects = app.update(Action::Submit);
    let [Effect::Approve { by, on, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!((by.as_str(), *on), ("Ms Rivera", today));
    let reply = crate::tui::perform(effects[0].clone(), dir.path(), &app.library);
    assert!(
        matches!(&reply, Action::Curated(Ok(Curated { edit: None, .. }))),
        "{reply:?}"
    );
    assert_eq!(app.update(reply), [Effect::LoadLibrary]);
    let reloaded = app.library.reload();
    let approved = reloaded.module("feelings-online-4-7").unwrap();
    assert_eq!(approved.status(), crate::library::ReviewStatus::Approved);
    assert_eq!(approved.review.reviewed_by.as_deref(), Some("Ms Rivera"));
}

#[test]
fn without_a_school_folder_the_planner_says_how_to_make_one() {
    let mut app = App::new(
        Library::bundled(&LoadOptions::default()),
        ThemeName::Dark,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Action::EditModule);
    assert!(app.overlay.is_none());
    let text = app.status.clone().unwrap().text;
    assert!(text.contains("lessonplan library init"), "{text}");
}

pub(crate) const AUTUMN: &str = r#"[[terms]]
name = "Autumn 1"
starts = 2026-09-03
ends = 2026-10-23

[[terms]]
name = "Autumn 2"
starts = 2026-11-02
ends = 2026-12-18

[[closures]]
name = "INSET day"
starts = 2026-11-10
"#;

#[test]
fn the_year_group_lesson_day_and_first_term_are_chosen_from_lists_and_date_the_sessions() {
    let mut app = app_with_plan();
    app.calendar = crate::school_year::Calendar::from_toml(AUTUMN, "calendar.toml").0;
    app.update(Action::EditPlanDetails);
    let left = || Action::Edit(InputRequest::GoToPrevChar);
    let right = || Action::Edit(InputRequest::GoToNextChar);
    let field = |app: &App, index: usize| match &app.overlay {
        Some(Overlay::PlanForm(form)) => form.fields[index].value().to_string(),
        _ => panic!("the form is open"),
    };
    // Year group: from blank, Right is the system's first year, Left from blank its last.
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(right());
    assert_eq!(field(&app, FORM_YEAR), "Reception");
    app.update(right());
    assert_eq!(field(&app, FORM_YEAR), "Year 1");
    app.update(left());
    app.update(left());
    assert_eq!(field(&app, FORM_YEAR), "", "past the first is blank");
    app.update(left());
    assert_eq!(field(&app, FORM_YEAR), "Year 13");
    // A typed year is where the list goes on from.
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "year 5");
    app.update(right());
    assert_eq!(field(&app, FORM_YEAR), "Year 6");
    app.update(left());
    // Lesson length, then the day and term from their lists; the time typed.
    for _ in FORM_YEAR..6 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "60");
    app.update(Action::NextField);
    app.update(right());
    app.update(right());
    assert_eq!(field(&app, FORM_DAY), "Tuesday");
    app.update(Action::NextField);
    type_text(&mut app, "10:45");
    app.update(Action::NextField);
    app.update(right());
    app.update(right());
    assert_eq!(field(&app, FORM_TERM), "Autumn 2");
    let effects = app.update(Action::Submit);
    let plan = saved_plan(&effects);
    assert_eq!(plan.year_group.as_deref(), Some("Year 5"));
    let schedule = plan.schedule.as_ref().expect("the plan has a weekly slot");
    assert_eq!(schedule.day, crate::school_year::Weekday::Tuesday);
    assert_eq!(schedule.time.unwrap().to_string(), "10:45");
    assert_eq!(schedule.term.as_deref(), Some("Autumn 2"));

    // A term the calendar lacks is refused, and the form stays open.
    app.update(Action::EditPlanDetails);
    for _ in 0..FORM_TERM {
        app.update(Action::NextField);
    }
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "Summer 3");
    assert!(app.update(Action::Submit).is_empty());
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!()
    };
    assert_eq!(
        form.error.as_deref(),
        Some("`Summer 3` is not a term of the school calendar")
    );
}

#[test]
fn a_lesson_s_activities_are_left_out_and_shortened_from_the_planner_and_undone() {
    let mut app = app_with_plan();
    app.plan_selected = 0;
    let module = app
        .library
        .module(&app.plan.items[0].module)
        .unwrap()
        .clone();
    let first = module.activities[0].minutes;
    let second = module.activities[1].minutes;
    app.update(Action::EditActivities);
    assert!(matches!(
        app.overlay,
        Some(Overlay::Activities {
            item: 0,
            selected: 0
        })
    ));
    // Leave the first out: saved at once, and the lesson is shorter by it.
    let effects = app.update(Action::ToggleOption);
    assert_eq!(saved_plan(&effects).items[0].leave_out, [1]);
    assert_eq!(
        app.plan.items[0].minutes(&module),
        module.duration_minutes - first
    );
    // Two minutes off the second, and one back.
    app.update(Action::Down);
    app.update(Action::Shorter);
    app.update(Action::Shorter);
    assert_eq!(
        app.plan.items[0].activity_minutes(&module, 2),
        Some(second - 2)
    );
    app.update(Action::Longer);
    assert_eq!(
        app.plan.items[0].shorten.get("2").copied(),
        Some(second - 1)
    );
    // Never more than the module gives it: back to full length is no change at all.
    app.update(Action::Longer);
    app.update(Action::Longer);
    assert!(app.plan.items[0].shorten.is_empty());
    // Put the first back, then undo it: left out again. The dialog closes with Esc.
    app.update(Action::Up);
    app.update(Action::ToggleOption);
    assert!(app.plan.items[0].leave_out.is_empty());
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
    app.update(Action::Undo);
    assert_eq!(app.plan.items[0].leave_out, [1]);
    // The module itself is untouched.
    assert_eq!(
        app.library.module(&module.id).unwrap().activities[0].minutes,
        first
    );
}

/// Runs the effects as the planner's runner does, feeding each reply back, until none is left.
fn run_effects(app: &mut App, effects: Vec<Effect>, plans_dir: &Path) {
    let mut pending = effects;
    while let Some(effect) = pending.pop() {
        let library = app.library.clone();
        let reply = crate::tui::perform(effect, plans_dir, &library);
        pending.extend(app.update(reply));
    }
}

#[test]
fn the_programme_view_makes_a_plan_for_a_cell_opens_it_and_takes_it_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let mut app = app();
    app.calendar = crate::school_year::Calendar::from_toml(AUTUMN, "calendar.toml").0;
    app.programme_file = dir.path().join("programme.toml");
    let effects = app.update(Action::ShowProgramme);
    run_effects(&mut app, effects, &plans);
    let grid = app.programme.ready().expect("an empty programme to fill");
    assert!(!grid.exists);
    assert_eq!(grid.terms, ["Autumn 1", "Autumn 2"]);
    let year_5 = grid.years.iter().position(|y| y.name == "Year 5").unwrap();
    assert_eq!(grid.years[year_5].band, "7-11");

    // To Year 5, Autumn 2, and a new plan there.
    for _ in 0..year_5 {
        app.update(Action::Down);
    }
    app.update(Action::CellRight);
    let effects = app.update(Action::AddPlanToCell);
    run_effects(&mut app, effects, &plans);
    assert_eq!(app.view, View::Plan, "the new plan is open");
    assert_eq!(app.plan.title, "Year 5 Autumn 2");
    assert_eq!(app.plan.year_group.as_deref(), Some("Year 5"));
    assert_eq!(app.plan.age_band.as_deref(), Some("7-11"));
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!("its details are asked for")
    };
    assert_eq!(form.focused, FORM_DAY);
    assert_eq!(form.fields[FORM_TERM].value(), "Autumn 2");
    let written = std::fs::read_to_string(&app.programme_file).unwrap();
    assert!(written.contains("year_group = \"Year 5\""), "{written}");
    assert!(written.contains("term = \"Autumn 2\""), "{written}");
    assert!(
        written.contains("plan = \"year-5-autumn-2.toml\""),
        "{written}"
    );
    app.update(Action::Cancel);

    // Back in the programme, the cell holds it; Enter opens it.
    let effects = app.update(Action::ShowProgramme);
    run_effects(&mut app, effects, &plans);
    let plan = app.programme.selected_plan().expect("the cursor is on it");
    assert_eq!(plan.title.as_deref(), Some("Year 5 Autumn 2"));
    let effects = app.update(Action::Submit);
    assert!(
        matches!(effects.as_slice(), [Effect::OpenPlan(path)] if path.ends_with("year-5-autumn-2.toml"))
    );
    assert_eq!(app.view, View::Plan);

    // A Year 5 plan cannot go in Year 6's row; taken out, its file stays.
    let effects = app.update(Action::ShowProgramme);
    run_effects(&mut app, effects, &plans);
    app.update(Action::Down);
    app.update(Action::PutPlanInCell);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("is for Year 5, not Year 6"),
        "{:?}",
        app.status
    );
    app.update(Action::Up);
    let effects = app.update(Action::RemoveFromProgramme);
    run_effects(&mut app, effects, &plans);
    assert!(app.programme.selected_plan().is_none());
    assert!(plans.join("year-5-autumn-2.toml").exists());
    let written = std::fs::read_to_string(&app.programme_file).unwrap();
    assert!(!written.contains("year-5-autumn-2"), "{written}");
}

#[test]
fn modules_read_so_far_are_browsed_while_the_rest_are_read() {
    let full = fixture_library();
    let mut app = reading(&full, Rect::new(0, 0, 100, 30));
    let (first, rest) = full.modules.split_at(3);
    app.update(Action::LoadProgress {
        read: 3,
        found: full.modules.len(),
        modules: first.to_vec(),
        framework: None,
    });
    let listed = |app: &App| -> Vec<String> {
        app.hits
            .iter()
            .map(|h| app.library.modules[h.index].id.clone())
            .collect()
    };
    let ids =
        |modules: &[Module]| -> Vec<String> { modules.iter().map(|m| m.id.clone()).collect() };
    assert_eq!(listed(&app), ids(first));
    // One can be looked at in full already.
    app.update(Action::Down);
    let looked_at = app.selected_module().unwrap().clone();
    assert_eq!(looked_at.id, first[1].id);
    assert!(matches!(app.shown_text(&looked_at), Some(Ok(_))));
    // More join the end of the list: the selection stays where it was.
    app.update(Action::LoadProgress {
        read: full.modules.len(),
        found: full.modules.len(),
        modules: rest.to_vec(),
        framework: None,
    });
    assert_eq!(listed(&app), ids(&full.modules));
    assert_eq!(app.selected_module().unwrap().id, looked_at.id);
    // The filters apply to what is read; words wait for the index.
    let band = first[0].age_band.clone();
    app.filter.age_band = Some(band.clone());
    app.refresh_hits();
    assert!(!app.hits.is_empty());
    assert!(
        app.hits
            .iter()
            .all(|h| app.library.modules[h.index].age_band == band)
    );
    app.filter.age_band = None;
    app.update(Action::StartSearch);
    type_text(&mut app, "pass");
    assert!(app.hits.is_empty(), "no unranked guess at a search");
    app.update(Action::Submit);
    // The library read takes over, searched.
    app.update(Action::LibraryLoaded(Box::new(full)));
    assert!(!app.is_loading());
    assert!(!app.hits.is_empty());
    assert!(app.hits.iter().all(|h| h.score > 0));
}

#[test]
fn a_module_picked_while_the_library_is_read_stays_picked_and_the_top_is_only_the_top() {
    let full = fixture_library();
    let read_first: Vec<Module> = full.modules.iter().rev().cloned().collect();
    for picked in [false, true] {
        let mut app = reading(&full, Rect::new(0, 0, 100, 30));
        app.update(Action::LoadProgress {
            read: read_first.len(),
            found: read_first.len(),
            modules: read_first.clone(),
            framework: None,
        });
        if picked {
            app.update(Action::Down);
        }
        let looked_at = app.selected_module().unwrap().id.clone();
        app.update(Action::LibraryLoaded(Box::new(full.clone())));
        let now = app.selected_module().unwrap().id.clone();
        if picked {
            assert_eq!(now, looked_at);
        } else {
            assert_eq!(now, app.library.modules[app.hits[0].index].id);
            assert_ne!(now, looked_at, "the first file read is not the list's top");
        }
    }
}

#[test]
fn the_planner_draws_before_the_library_is_read_and_fills_in_when_it_is() {
    let full = fixture_library();
    let empty = Library::unloaded(&full.sources, &full.options);
    let mut app = App::new(empty, ThemeName::Dark, Rect::new(0, 0, 100, 30));
    let mut plan = Plan::new("Year 5");
    plan.age_band = Some("7-11".into());
    app.plan = plan;
    let config = crate::config::Config {
        region: Some("atlantis".into()),
        ..crate::config::Config::default()
    };
    app.unchecked_region = Some(Box::new(config));
    let effects = app.start_loading();
    assert!(matches!(effects.as_slice(), [Effect::LoadLibrary]));
    assert!(app.is_loading());
    assert!(app.hits.is_empty());
    // The list counts the modules read while it waits.
    app.update(Action::LoadProgress {
        read: 1200,
        found: 5000,
        modules: Vec::new(),
        framework: None,
    });
    assert_eq!(app.load_progress, Some((1200, 5000)));
    // Keys work meanwhile: the search box takes typing.
    app.update(Action::StartSearch);
    type_text(&mut app, "pass");
    app.update(Action::Submit);
    app.update(Action::LibraryLoaded(Box::new(full)));
    assert!(!app.is_loading());
    // A count that comes in after the library is not shown.
    app.update(Action::LoadProgress {
        read: 4999,
        found: 5000,
        modules: Vec::new(),
        framework: None,
    });
    assert_eq!(app.load_progress, None);
    // The search typed while reading is run on the library read, at the plan's band.
    assert_eq!(app.search.value(), "pass");
    assert!(!app.hits.is_empty());
    assert_eq!(app.filter.age_band.as_deref(), Some("7-11"));
    // The region is checked once the library's services are known.
    assert!(
        app.library
            .diagnostics
            .iter()
            .any(|d| d.code == crate::library::Code::UnknownRegion),
        "{:?}",
        app.library.diagnostics
    );
}

#[test]
fn the_plan_s_lesson_dates_are_saved_as_a_calendar_file_or_it_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_plan();
    app.exports_dir = dir.path().to_path_buf();
    app.update(Action::SaveCalendarFile);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("No school calendar"),
        "{:?}",
        app.status
    );
    app.calendar = crate::school_year::Calendar::from_toml(AUTUMN, "calendar.toml").0;
    app.update(Action::SaveCalendarFile);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("lesson day first"),
        "{:?}",
        app.status
    );
    app.plan.lesson_minutes = Some(60);
    let mut schedule = crate::school_year::Schedule::new(crate::school_year::Weekday::Tuesday);
    schedule.time = crate::school_year::ClockTime::parse("10:45");
    app.plan.schedule = Some(schedule);
    let effects = app.update(Action::SaveCalendarFile);
    run_effects(&mut app, effects, dir.path());
    let written = dir.path().join("untitled-plan-lessons.ics");
    let text = std::fs::read_to_string(&written).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), app.plan.items.len());
    assert!(text.contains("DTSTART:20260908T104500"), "{text}");
    assert_eq!(app.last_export.as_deref(), Some(written.as_path()));
}

#[test]
fn a_library_replaced_by_a_newer_read_is_handed_over_to_be_freed() {
    let full = fixture_library();
    let count = full.modules.len();
    let mut app = reading(&full, Rect::new(0, 0, 100, 30));
    app.update(Action::LoadProgress {
        read: 3,
        found: count,
        modules: full.modules[..3].to_vec(),
        framework: None,
    });
    assert!(app.take_replaced().is_empty());
    app.update(Action::LibraryLoaded(Box::new(full)));
    // The part-read library goes to the event loop, which frees it off the UI thread; the
    // planner keeps the library as read.
    let replaced = app.take_replaced();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].modules(), 3);
    assert_eq!(app.library.modules.len(), count);
    assert!(app.take_replaced().is_empty(), "handed over once");
}
