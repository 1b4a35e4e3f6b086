//! Clicks and the wheel in dialogs, at the places layout says the dialog's rows are drawn.

use super::*;

/// Where the open dialog is, as drawing and clicks both see it.
fn dialog(app: &App) -> layout::DialogLayout {
    app.dialog_layout(app.size).expect("a dialog is open")
}

/// Clicks the middle of row `index` of the open dialog.
fn click_row(app: &mut App, index: usize) -> Vec<Effect> {
    let area = dialog(app)
        .row(index)
        .unwrap_or_else(|| panic!("row {index} is not in sight"));
    app.update(Action::Click {
        column: area.x + area.width / 2,
        row: area.y + area.height / 2,
    })
}

/// Clicks the screen just above the open dialog.
fn click_outside(app: &mut App) -> Vec<Effect> {
    let frame = dialog(app).frame;
    assert!(frame.y > 0, "the dialog leaves room above it");
    app.update(Action::Click {
        column: frame.x + 2,
        row: frame.y - 1,
    })
}

fn wheel_down(app: &mut App) -> Vec<Effect> {
    let inner = dialog(app).inner;
    app.update(Action::ScrollDown {
        column: inner.x + 1,
        row: inner.y + 1,
    })
}

fn open_dialog(app: &App) -> &OpenDialog {
    match &app.overlay {
        Some(Overlay::OpenPlan(dialog)) => dialog,
        other => panic!("expected the Open dialog, got {other:?}"),
    }
}

fn plan_files(count: usize) -> Vec<PlanFile> {
    (0..count)
        .map(|i| PlanFile {
            path: format!("/p/{i}.toml").into(),
            title: format!("Plan {i}"),
            items: 1,
            readable: true,
        })
        .collect()
}

#[test]
fn a_click_picks_a_plan_and_a_second_click_opens_it() {
    let mut app = app();
    app.update(Action::OpenPlanDialog);
    app.update(Action::PlansListed(Ok(plan_files(3))));
    assert!(
        click_row(&mut app, 2).is_empty(),
        "the first click only picks"
    );
    assert_eq!(open_dialog(&app).selected, 2);
    assert_eq!(
        click_row(&mut app, 2),
        [Effect::OpenPlan("/p/2.toml".into())]
    );
    // A click on a line of the dialog with no plan on it does nothing.
    let below = dialog(&app).below_rows();
    app.update(Action::Click {
        column: below.x + 1,
        row: below.y + 1,
    });
    assert_eq!(open_dialog(&app).selected, 2);
}

#[test]
fn the_open_list_follows_the_wheel_and_clicks_land_on_the_scrolled_rows() {
    let mut app = app();
    app.update(Action::OpenPlanDialog);
    app.update(Action::PlansListed(Ok(plan_files(30))));
    for _ in 0..20 {
        wheel_down(&mut app);
    }
    assert_eq!(open_dialog(&app).selected, 20);
    let layout = dialog(&app);
    assert!(
        layout.scroll > 0,
        "the list scrolled to keep plan 20 in view"
    );
    let top = layout.rows[0];
    assert_eq!(top.index, usize::from(layout.scroll));
    app.update(Action::Click {
        column: top.area.x + 1,
        row: top.area.y,
    });
    assert_eq!(open_dialog(&app).selected, top.index);
    app.update(Action::ScrollUp {
        column: top.area.x + 1,
        row: top.area.y,
    });
    assert_eq!(open_dialog(&app).selected, top.index - 1);
}

#[test]
fn a_click_outside_closes_what_only_shows_and_never_reaches_the_screen_behind() {
    let problem = crate::library::Diagnostic::whole_file(
        "/p/b.toml",
        Severity::Error,
        crate::library::Code::TomlSyntax,
        "broken",
    );
    let opens = [
        Action::ToggleHelp,
        Action::ShowProblems,
        Action::OpenPlanDialog,
        Action::PlanOpened(Err(Box::new(problem))),
    ];
    for open in opens {
        let mut app = app();
        app.update(Action::Down);
        app.update(open);
        let shown = format!("{:?}", app.overlay);
        // Inside, away from any row, the dialog stays.
        let inner = dialog(&app).inner;
        app.update(Action::Click {
            column: inner.right() - 1,
            row: inner.bottom() - 1,
        });
        assert!(app.overlay.is_some(), "a click inside keeps {shown}");
        // On the Plan tab behind it: the dialog closes, and the tab stays as it was.
        let plan_tab = 25;
        assert!(!dialog(&app).contains(plan_tab, 0));
        app.update(Action::Click {
            column: plan_tab,
            row: 0,
        });
        assert!(app.overlay.is_none(), "a click outside closes {shown}");
        assert_eq!(app.view, View::Browse, "the click did not switch tabs");
        assert_eq!(app.selected, 1);
    }
}

#[test]
fn a_click_outside_a_form_keeps_what_was_typed() {
    let mut app = app_with_plan();
    app.update(Action::EditPlanDetails);
    type_text(&mut app, " for Year 5");
    click_outside(&mut app);
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!("the form stays open: {:?}", app.overlay)
    };
    assert_eq!(form.fields[0].value(), "Untitled plan for Year 5");

    app.update(Action::Cancel);
    app.update(Action::EditItemNote);
    type_text(&mut app, "bring laptops");
    click_outside(&mut app);
    assert!(
        matches!(&app.overlay, Some(Overlay::ItemNote { input, .. }) if input.value() == "bring laptops")
    );

    app.update(Action::Cancel);
    app.update(Action::ExportDialog);
    click_outside(&mut app);
    assert!(matches!(app.overlay, Some(Overlay::Export(_))));

    app.update(Action::Cancel);
    app.update(Action::SchoolDialog);
    type_text(&mut app, "Hillside");
    click_outside(&mut app);
    assert_eq!(school_form(&app).fields[0].value(), "Hillside");
}

#[test]
fn a_click_focuses_a_plan_details_field_and_typing_goes_there() {
    let mut app = app_with_plan();
    app.update(Action::EditPlanDetails);
    click_row(&mut app, 4);
    type_text(&mut app, "Ms Patel");
    let Some(Overlay::PlanForm(form)) = &app.overlay else {
        panic!("the form stays open")
    };
    assert_eq!(form.focused, 4);
    assert_eq!(FORM_LABELS[4], "Teacher");
    assert_eq!(form.fields[4].value(), "Ms Patel");
    assert_eq!(form.fields[0].value(), "Untitled plan");
}

#[test]
fn a_click_on_an_export_tick_or_choice_changes_it_as_space_does() {
    let mut app = app_with_plan();
    app.update(Action::ExportDialog);
    let large_print = EXPORT_ROWS
        .iter()
        .position(|r| *r == ExportRow::LargePrint)
        .unwrap();
    assert!(!export_form(&app).options.large_print);
    click_row(&mut app, large_print);
    assert_eq!(export_form(&app).focused, large_print);
    assert!(export_form(&app).options.large_print, "the click ticks it");
    click_row(&mut app, large_print);
    assert!(!export_form(&app).options.large_print, "and unticks it");

    let teacher = 0;
    click_row(&mut app, teacher);
    assert!(!export_form(&app).is_chosen(Handout::Teacher));

    let format = EXPORT_ROWS
        .iter()
        .position(|r| *r == ExportRow::Format)
        .unwrap();
    click_row(&mut app, format);
    assert_eq!(export_form(&app).options.format, Format::Html);
    let path = export_form(&app).path.value().to_string();
    assert!(
        path.ends_with(".html"),
        "the name follows the format: {path}"
    );

    // The file name is typed, not toggled: a click only focuses it.
    let save_to = EXPORT_ROWS.len() - 1;
    assert_eq!(EXPORT_ROWS[save_to], ExportRow::Path);
    click_row(&mut app, save_to);
    assert_eq!(export_form(&app).focused, save_to);
    assert_eq!(export_form(&app).path.value(), path);

    // "Letter from" opens the school details, as Space does.
    let school = EXPORT_ROWS
        .iter()
        .position(|r| *r == ExportRow::School)
        .unwrap();
    click_row(&mut app, school);
    assert!(matches!(app.overlay, Some(Overlay::School(_))));
    app.update(Action::Cancel);
    assert!(
        export_form(&app).options.format == Format::Html,
        "back in the export dialog as it was"
    );
}

#[test]
fn a_click_focuses_a_school_field_and_one_on_save_saves() {
    let mut app = app_with_school();
    app.update(Action::SchoolDialog);
    click_row(&mut app, 2);
    assert_eq!(school_form(&app).focused, 2);
    app.update(Action::Edit(InputRequest::DeleteLine));
    type_text(&mut app, "01234 000000");
    let effects = click_row(&mut app, SAVE_ROW);
    assert_eq!(
        effects,
        [Effect::SaveSchool {
            path: "/cfg/config.toml".into(),
            changes: vec![change("phone", Some("01234 000000"))],
        }]
    );
}

#[test]
fn a_school_field_scrolled_into_view_on_a_short_screen_takes_the_click() {
    let mut app = app_with_school();
    app.update(Action::Resize {
        width: 80,
        height: 15,
    });
    app.update(Action::SchoolDialog);
    app.update(Action::Bottom);
    for _ in 0..SAVE_ROW {
        app.update(Action::NextField);
    }
    assert_eq!(school_form(&app).focused, SAVE_ROW);
    let layout = dialog(&app);
    let last_field = SAVE_ROW - 1;
    let area = layout.row(last_field).expect("the logo row is in sight");
    app.update(Action::Click {
        column: area.x + 1,
        row: area.y,
    });
    assert_eq!(school_form(&app).focused, last_field);
}

#[test]
fn a_click_chooses_in_the_quit_dialog_and_a_second_carries_it_out() {
    let mut app = app_with_unsaved_changes();
    app.update(Action::Quit);
    let stay = 2;
    assert_eq!(QuitChoice::ALL[stay], QuitChoice::Stay);
    click_row(&mut app, stay);
    assert!(matches!(&app.overlay, Some(Overlay::Quit(d)) if d.choice == QuitChoice::Stay));
    click_row(&mut app, stay);
    assert!(app.overlay.is_none() && !app.quit, "stayed");

    app.update(Action::Quit);
    let anyway = 1;
    click_row(&mut app, anyway);
    assert!(
        !app.quit,
        "one click only chooses: nothing is lost by a slip"
    );
    // The file name is where typing goes: a click there chooses saving to it, and saves nothing.
    let field = dialog(&app).field.unwrap();
    let effects = app.update(Action::Click {
        column: field.x + 6,
        row: field.y,
    });
    assert!(effects.is_empty());
    assert!(
        matches!(&app.overlay, Some(Overlay::Quit(d)) if d.choice == QuitChoice::SaveElsewhere)
    );
    click_row(&mut app, anyway);
    click_row(&mut app, anyway);
    assert!(app.quit);
}

#[test]
fn the_quit_choices_move_down_under_a_long_plan_title() {
    let mut app = app_with_unsaved_changes();
    app.plan.title = "A plan with a title long enough to take two lines in the dialog".into();
    app.update(Action::Quit);
    let short = layout::dialog(&layout::Dialog::Quit { message: "short" }, app.size);
    let long = dialog(&app);
    assert_eq!(long.rows[0].area.y, short.rows[0].area.y + 1);
    let stay = 2;
    click_row(&mut app, stay);
    assert!(matches!(&app.overlay, Some(Overlay::Quit(d)) if d.choice == QuitChoice::Stay));
}

/// The app on the fixture library with broken files: many problems, some with hints.
fn app_with_problems() -> App {
    let library = super::library_of_fixture("broken");
    App::new(library, ThemeName::Dark, Rect::new(0, 0, 80, 24))
}

fn selected_problem(app: &App) -> usize {
    match app.overlay {
        Some(Overlay::Problems { selected }) => selected,
        ref other => panic!("expected the problems dialog, got {other:?}"),
    }
}

#[test]
fn a_click_on_any_line_of_a_problem_selects_it_and_the_wheel_moves_on() {
    let mut app = app_with_problems();
    app.update(Action::ShowProblems);
    let layout = dialog(&app);
    // At 80 columns some problems wrap onto more lines: a click on any of them picks it.
    let tall = layout
        .rows
        .iter()
        .find(|r| r.area.height > 1 && r.index > 0)
        .copied()
        .expect("a problem over two lines or more");
    app.update(Action::Click {
        column: tall.area.x + 1,
        row: tall.area.bottom() - 1,
    });
    assert_eq!(selected_problem(&app), tall.index);
    wheel_down(&mut app);
    assert_eq!(selected_problem(&app), tall.index + 1);
    // Selecting further down scrolls, and the rows move with it.
    for _ in 0..10 {
        wheel_down(&mut app);
    }
    let scrolled = dialog(&app);
    assert!(scrolled.scroll > 0);
    let top = scrolled.rows[0];
    app.update(Action::Click {
        column: top.area.x + 1,
        row: top.area.y,
    });
    assert_eq!(selected_problem(&app), top.index);
    // A second click on it (where it is drawn now) opens its file at its line, as Enter does.
    let now = dialog(&app);
    let row = now.rows.iter().find(|r| r.index == top.index).unwrap();
    let effects = app.update(Action::Click {
        column: row.area.x + 1,
        row: row.area.y,
    });
    let problem = &app.library.diagnostics[top.index];
    assert_eq!(
        effects,
        [Effect::EditFile {
            path: problem.file.clone().into(),
            line: Some(problem.location.line)
        }]
    );
}

#[test]
fn the_wheel_scrolls_the_help_wherever_the_pointer_is() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    app.update(Action::ScrollDown { column: 0, row: 0 });
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 3 })));
    assert_eq!(app.selected, 0, "the list behind does not move");
}

#[test]
fn clicks_do_nothing_on_a_screen_too_small_to_show_anything() {
    let mut app = app();
    app.update(Action::Resize {
        width: 40,
        height: 10,
    });
    app.update(Action::Click { column: 5, row: 6 });
    assert_eq!(app.selected, 0, "the list is not drawn");
    app.update(Action::ToggleHelp);
    app.update(Action::Click { column: 0, row: 0 });
    assert!(app.overlay.is_some(), "nothing is drawn to click on");
}
