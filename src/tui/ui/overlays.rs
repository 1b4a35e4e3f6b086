//! Popups drawn over the screen: help, problems, open plan, plan details, item note, export,
//! school details, quit, damaged plan. Each is drawn where [`layout::dialog`] puts it and its
//! rows, which is where clicks are looked for too.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use tui_input::Input;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::text::{columns, fit, wrap, wrap_hanging};
use super::{Theme, scroll_limit};
use crate::library::Severity;
use crate::tui::app::curate_form::CurateForm;
use crate::tui::app::{
    App, EXPORT_ROWS, ExportForm, ExportRow, FORM_DAY, FORM_LABELS, FORM_TERM, FORM_YEAR,
    OpenDialog, OpenMode, Overlay, PlanForm, QuitChoice, QuitDialog, SCHOOL_LABELS, SchoolForm,
};
use crate::tui::keymap::{Keymap, Scope, key_label};
use crate::tui::layout::{self, DialogLayout};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (Some(overlay), Some(at)) = (&app.overlay, app.dialog_layout(area)) else {
        return;
    };
    match overlay {
        Overlay::Help { scroll } => help(frame, &at, *scroll, theme, &app.keymap),
        Overlay::Problems { selected } => problems(frame, &at, app, *selected, theme),
        Overlay::OpenPlan(dialog) => open_plan(frame, &at, dialog, theme),
        Overlay::PlanForm(form) => plan_form(frame, &at, app, form, theme),
        Overlay::Export(form) => export(frame, &at, form, theme),
        Overlay::Quit(dialog) => quit(frame, &at, app, dialog, theme),
        Overlay::PlanProblem(problem) => {
            framed(frame, &at, " This plan cannot be opened ", theme);
            let mut lines: Vec<Line> = problem
                .to_string()
                .lines()
                .map(|line| Line::styled(line.to_string(), theme.base))
                .collect();
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "The file has not been changed: fix it in an editor, or open another plan.",
                theme.dim,
            ));
            lines.push(Line::styled(
                "Enter: open another plan   Esc: close (then N starts a new plan)",
                theme.key,
            ));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), at.inner);
        }
        Overlay::School(form) => school(frame, &at, form, theme),
        Overlay::Curate(form) => curate(frame, &at, form, theme),
        Overlay::Activities { item, selected } => {
            activities(frame, &at, app, *item, *selected, theme)
        }
        Overlay::ItemNote { item, input } => {
            framed(
                frame,
                &at,
                &format!(" Note for item {} (Enter save, Esc cancel) ", item + 1),
                theme,
            );
            let Some(field) = at.field else { return };
            let width = usize::from(field.width);
            frame.render_widget(
                Paragraph::new(Line::styled(visible_text(input, width), theme.chip_on)),
                field,
            );
            frame.render_widget(
                Paragraph::new(Line::styled(
                    "Shown in the teacher plan. Leave empty to remove the note.",
                    theme.dim,
                )),
                at.below_rows(),
            );
            set_cursor(frame, field, input, 0, width);
        }
    }
}

/// The saved plans, one a row; a notice above them when the folder could not be read.
fn open_plan(frame: &mut Frame, at: &DialogLayout, dialog: &OpenDialog, theme: &Theme) {
    framed(
        frame,
        at,
        " Open a plan: Enter open · r rename · c copy · d delete · Esc close ",
        theme,
    );
    let width = usize::from(at.inner.width);
    // As many lines as `OpenDialog::notice_lines` says, so the rows land where layout put them.
    let mut notice = Vec::new();
    if let Some(error) = &dialog.error {
        notice.push(Line::styled(fit(error, width), theme.error));
    }
    let title = dialog.selected_file().map_or("", |f| f.title.as_str());
    match &dialog.mode {
        OpenMode::Choosing => {}
        OpenMode::Renaming(input) => {
            let label = "New title: ";
            let field = width.saturating_sub(label.len());
            notice.push(Line::from(vec![
                Span::styled(label, theme.key),
                Span::styled(visible_text(input, field), theme.chip_on),
            ]));
            let line = Rect {
                y: at.inner.y + notice.len() as u16 - 1,
                height: 1,
                ..at.inner
            };
            set_cursor(frame, line, input, label.len() as u16, field);
            notice.push(Line::styled(
                "Enter renames, Esc keeps the title",
                theme.dim,
            ));
        }
        OpenMode::ConfirmingDelete => {
            notice.push(Line::styled(
                fit(&format!("Delete \u{201c}{title}\u{201d}?"), width),
                theme.warning,
            ));
            notice.push(Line::styled(
                fit(
                    &format!(
                        "It goes into {} in the plans folder and can be moved back.",
                        crate::plan::DELETED_FOLDER
                    ),
                    width,
                ),
                theme.dim,
            ));
            notice.push(Line::styled(
                "d or Enter deletes it; any other key keeps it",
                theme.key,
            ));
        }
    }
    match &dialog.files {
        None => notice.push(Line::styled("Reading the plans folder…", theme.dim)),
        Some(files) if files.is_empty() => notice.push(Line::styled(
            "No saved plans yet. Add a module to the plan and it is saved automatically.",
            theme.dim,
        )),
        Some(_) => {}
    }
    frame.render_widget(Paragraph::new(notice), at.inner);
    let files = dialog.files.as_deref().unwrap_or_default();
    for row in &at.rows {
        let Some(file) = files.get(row.index) else {
            continue;
        };
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = format!(
            " {} ({}) · {name}",
            file.title,
            crate::words::count(file.items, "item")
        );
        let style = if row.index == dialog.selected {
            theme.selected
        } else {
            theme.base
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, usize::from(row.area.width)), style)),
            row.area,
        );
    }
}

/// Title, group, age band, teacher, notes and lesson length, one a row, then what the age band
/// takes and why the details were not saved.
fn plan_form(frame: &mut Frame, at: &DialogLayout, app: &App, form: &PlanForm, theme: &Theme) {
    framed(
        frame,
        at,
        " Plan details (Tab next field, Enter save, Esc cancel) ",
        theme,
    );
    let label_width = 10;
    for row in &at.rows {
        let (Some(label), Some(input)) = (FORM_LABELS.get(row.index), form.fields.get(row.index))
        else {
            continue;
        };
        let focused = row.index == form.focused;
        let label = format!("{label:<label_width$}");
        labelled_field(frame, row.area, &label, input, focused, label_width, theme);
    }
    // What the focused field takes, with its choices where it has a list.
    let bands = app.library.framework.band_ids().join(", ");
    let help = match form.focused {
        FORM_YEAR => match app.year_system() {
            Some(system) => format!(
                "Year group ({}): Left/Right to choose, or type one ({}); it sets the age band",
                system.name,
                system.names().join(", ")
            ),
            None => "No year groups are known: leave it blank".to_string(),
        },
        3 => format!("Age band: one of {bands}, or blank"),
        6 => "How long one lesson is: the plan is laid into sessions that fit".to_string(),
        FORM_DAY => "The lesson's day each week: Left/Right to choose, or blank for none".into(),
        8 => "When it starts, on the 24-hour clock (10:45), or blank".into(),
        FORM_TERM => match &app.calendar {
            Some(calendar) => format!(
                "The term the lessons begin in: Left/Right to choose ({})",
                calendar.term_names().join(", ")
            ),
            None => "No school calendar yet (calendar.toml in the data folder): the term is \
                     kept, and lessons are dated once there is one"
                .into(),
        },
        _ => "Tab or Down for the next field".into(),
    };
    let mut lines = vec![Line::from(""), Line::styled(help, theme.dim)];
    if let Some(error) = &form.error {
        lines.push(Line::styled(error.clone(), theme.error));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        at.below_rows(),
    );
}

/// Quitting with unsaved changes: why they are unsaved, and the three ways on.
fn quit(frame: &mut Frame, at: &DialogLayout, app: &App, dialog: &QuitDialog, theme: &Theme) {
    framed(frame, at, " Quit? The plan has unsaved changes ", theme);
    let width = usize::from(at.inner.width);
    let message = wrap(vec![Line::styled(app.quit_message(), theme.base)], width);
    frame.render_widget(Paragraph::new(message), at.inner);
    for row in &at.rows {
        let choice = QuitChoice::ALL[row.index];
        let chosen = choice == dialog.choice;
        let marker = if chosen { "> " } else { "  " };
        let style = if chosen { theme.selected } else { theme.base };
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&format!("{marker}{}", choice.label()), width),
                style,
            )),
            row.area,
        );
    }
    if let Some(field) = at.field {
        let indent = 4;
        let field_width = usize::from(field.width).saturating_sub(indent);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" ".repeat(indent), theme.base),
                Span::styled(visible_text(&dialog.path, field_width), theme.chip_on),
            ])),
            field,
        );
        if dialog.choice == QuitChoice::SaveElsewhere {
            set_cursor(frame, field, &dialog.path, indent as u16, field_width);
        }
    }
    let mut lines = vec![Line::from("")];
    if dialog.saving {
        lines.push(Line::styled("Saving…", theme.dim));
    } else if let Some(error) = &dialog.error {
        lines.push(Line::styled(error.clone(), theme.error));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        at.below_rows(),
    );
}

/// One row of a form: its label in `label_width` columns, a space, then the field, with the
/// cursor in it when focused.
fn labelled_field(
    frame: &mut Frame,
    row: Rect,
    label: &str,
    input: &Input,
    focused: bool,
    label_width: usize,
    theme: &Theme,
) {
    let field_width = usize::from(row.width).saturating_sub(label_width + 1);
    let line = Line::from(vec![
        Span::styled(
            label.to_string(),
            if focused { theme.key } else { theme.dim },
        ),
        Span::styled(" ", theme.base),
        Span::styled(
            visible_text(input, field_width),
            if focused { theme.chip_on } else { theme.base },
        ),
    ]);
    frame.render_widget(Paragraph::new(line), row);
    if focused {
        set_cursor(frame, row, input, (label_width + 1) as u16, field_width);
    }
}

/// Clears the dialog's place and draws its border and title there.
fn framed(frame: &mut Frame, at: &DialogLayout, title: &str, theme: &Theme) {
    frame.render_widget(Clear, at.frame);
    uncover_left_edge(frame.buffer_mut(), at.frame);
    frame.render_widget(bordered(title, theme), at.frame);
}

/// Blanks a wide character just left of `rect`: the terminal would draw its second half over
/// the dialog's left border, hiding it.
fn uncover_left_edge(buffer: &mut Buffer, rect: Rect) {
    let Some(x) = rect.x.checked_sub(1) else {
        return;
    };
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buffer.cell_mut((x, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

fn bordered(title: &str, theme: &Theme) -> Block<'static> {
    Block::bordered()
        .title(Span::styled(title.to_string(), theme.border_focused))
        .border_style(theme.border_focused)
        .style(theme.base)
}

/// The part of a field's text that fits in `width` columns, scrolled so the cursor is visible.
fn visible_text(input: &Input, width: usize) -> String {
    // The scroll is in columns, and always ends between two graphemes.
    let scroll = input.visual_scroll(width.max(1));
    let mut skipped = 0;
    let mut used = 0;
    let mut shown = String::new();
    for grapheme in input.value().graphemes(true) {
        let columns = grapheme.width();
        if skipped < scroll {
            skipped += columns;
        } else if used + columns <= width {
            used += columns;
            shown.push_str(grapheme);
        } else {
            break;
        }
    }
    shown
}

/// Puts the cursor in a field drawn `dx` columns into the one-line `row`, `width` columns wide.
fn set_cursor(frame: &mut Frame, row: Rect, input: &Input, dx: u16, width: usize) {
    let scroll = input.visual_scroll(width.max(1));
    let x = row.x + dx + (input.visual_cursor().saturating_sub(scroll)) as u16;
    if x < row.right() && row.height > 0 {
        frame.set_cursor_position((x, row.y));
    }
}

fn help(frame: &mut Frame, at: &DialogLayout, scroll: u16, theme: &Theme, keymap: &Keymap) {
    framed(frame, at, " Keys (Esc to close, ↑↓ to scroll) ", theme);
    let lines = help_text(at.inner.width, theme, keymap);
    let scroll = scroll.min(scroll_limit(lines.len(), at.inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), at.inner);
}

/// Every key and mark with what it does, wrapped to `width` columns with the descriptions in a
/// column of their own: what the help screen scrolls through.
pub fn help_text(width: u16, theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
    /// Two spaces, then the keys padded to this many columns.
    const KEYS: usize = 16;
    let width = usize::from(width);
    let mut lines = Vec::new();
    let entry = |lines: &mut Vec<Line<'static>>, keys: &str, meaning: &'static str| {
        let padding = KEYS.saturating_sub(columns(keys)).max(1);
        let line = Line::from(vec![
            Span::styled(format!("  {keys}{}", " ".repeat(padding)), theme.key),
            Span::styled(meaning, theme.base),
        ]);
        lines.extend(wrap_hanging(line, width, 2 + KEYS));
    };
    for scope in [
        Scope::Browse,
        Scope::Plan,
        Scope::Coverage,
        Scope::Main,
        Scope::Dialog,
    ] {
        lines.push(Line::styled(scope.title(), theme.heading));
        for (binding, keys) in keymap.bindings().filter(|(b, _)| b.scope == scope) {
            let keys: Vec<String> = keys.iter().map(key_label).collect();
            entry(&mut lines, &keys.join(" "), binding.description);
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::styled("Marks", theme.heading));
    for (mark, meaning) in [
        (
            "[S]",
            "sensitive module: brief your Designated Safeguarding Lead first",
        ),
        (
            "[?]",
            "plan item whose module is not in the library (kept in the plan)",
        ),
        ("[D]", "draft module: not yet approved by your PSHE lead"),
        ("[R]", "module whose review is overdue"),
        (
            "[X]",
            "retired module (shown only when a plan still has it)",
        ),
        ("!", "plan item with a check to look at"),
        ("✎", "plan item with a note"),
        ("▶", "the selected row"),
    ] {
        entry(&mut lines, mark, meaning);
    }
    lines.push(Line::from(""));
    let notes = [
        Line::styled(
            "Search forgives typos (\u{201c}sextrotion\u{201d} finds sextortion) and knows the \
             words pupils use: catfish, selfie or nudes find the modules about them.",
            theme.base,
        ),
        Line::styled(
            "Mouse: click a row to select it (a second click opens a plan or does a choice), \
             a tick or a choice to change it, beside a list or this help to close it; the \
             wheel scrolls; click a tab to switch.",
            theme.dim,
        ),
    ];
    lines.extend(wrap(notes.to_vec(), width));
    lines
}

/// Every problem in the library files, the selected one in view; each wrapped to the dialog's
/// width as layout measured it, so a click on a line picks the problem drawn there.
fn problems(frame: &mut Frame, at: &DialogLayout, app: &App, selected: usize, theme: &Theme) {
    let title = format!(
        " Problems in the library files ({}) · Esc to close ",
        app.library.diagnostics.len()
    );
    framed(frame, at, &title, theme);
    if app.library.diagnostics.is_empty() {
        frame.render_widget(
            Paragraph::new("No problems: every file loaded cleanly.").style(theme.base),
            at.inner,
        );
        return;
    }
    let mut lines = Vec::new();
    for (index, problem) in app.library.diagnostics.iter().enumerate() {
        let headline = if index == selected {
            theme.selected
        } else {
            match problem.severity {
                Severity::Error => theme.error,
                Severity::Warning => theme.warning,
                Severity::Note => theme.dim,
            }
        };
        for (number, text) in layout::problem_lines(problem).into_iter().enumerate() {
            let style = if number == 0 { headline } else { theme.base };
            lines.push(Line::styled(text, style));
        }
    }
    let lines = wrap(lines, usize::from(at.inner.width));
    frame.render_widget(Paragraph::new(lines).scroll((at.scroll, 0)), at.inner);
}

/// One row per option, then a note on the format and why the export did not run.
fn export(frame: &mut Frame, at: &DialogLayout, form: &ExportForm, theme: &Theme) {
    framed(
        frame,
        at,
        " Export handouts (Enter export, Esc cancel) ",
        theme,
    );
    let label_width = 22;
    for row in &at.rows {
        let Some(&option) = EXPORT_ROWS.get(row.index) else {
            continue;
        };
        let field_width = usize::from(row.area.width).saturating_sub(label_width + 1);
        let focused = row.index == form.focused;
        // The focus is marked with a pointer as well as colour, for NO_COLOR and monochrome.
        let pointer = if focused { "▶ " } else { "  " };
        // Each option is one row, cut to fit, so that the rows stay where layout put them.
        let value = match option {
            ExportRow::Path => visible_text(&form.path, field_width),
            ExportRow::Handout(_)
            | ExportRow::LargePrint
            | ExportRow::SessionPerPage
            | ExportRow::ReplySlip
            | ExportRow::SkipMissing
            | ExportRow::School => fit(&form.value(option), field_width),
            _ => fit(&format!("‹ {} ›", form.value(option)), field_width),
        };
        let line = Line::from(vec![
            Span::styled(
                fit(
                    &format!("{pointer}{}", ExportForm::label(option)),
                    label_width,
                ),
                if focused { theme.key } else { theme.dim },
            ),
            Span::styled(" ", theme.base),
            Span::styled(value, if focused { theme.chip_on } else { theme.base }),
        ]);
        frame.render_widget(Paragraph::new(line), row.area);
        if focused && option == ExportRow::Path {
            let dx = (label_width + 1) as u16;
            set_cursor(frame, row.area, &form.path, dx, field_width);
        }
    }
    let note = if form.options.format == crate::export::Format::Markdown {
        "Markdown ignores paper and large print: set them in your word processor."
    } else {
        "Pupils see services for their age; the letter lists services for parents."
    };
    let mut lines = vec![Line::from(""), Line::styled(note, theme.dim)];
    if let Some(error) = &form.error {
        lines.push(Line::styled(error.clone(), theme.error));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        at.below_rows(),
    );
}

/// One row per detail and a Save row, then why a save failed, what the focused field is for,
/// and where the details are saved. The rows scroll as layout says, keeping the focus in view.
fn school(frame: &mut Frame, at: &DialogLayout, form: &SchoolForm, theme: &Theme) {
    framed(
        frame,
        at,
        " School details (Enter next, Ctrl-S save, Esc cancel) ",
        theme,
    );
    let label_width = 16;
    for row in &at.rows {
        let focused = row.index == form.focused;
        let pointer = Span::styled(
            if focused { "▶ " } else { "  " },
            if focused { theme.key } else { theme.dim },
        );
        let (Some(label), Some(input)) = (SCHOOL_LABELS.get(row.index), form.fields.get(row.index))
        else {
            let save = Span::styled(
                "[ Save ]",
                if focused { theme.selected } else { theme.base },
            );
            frame.render_widget(Paragraph::new(Line::from(vec![pointer, save])), row.area);
            continue;
        };
        // The focus is marked with a pointer as well as colour, for NO_COLOR and monochrome.
        let label = fit(&format!("{}{label}", pointer.content), label_width);
        labelled_field(frame, row.area, &label, input, focused, label_width, theme);
    }
    // Why a save failed comes first, where the eye is; then what the focused field is for.
    let mut lines = vec![match &form.error {
        Some(error) => Line::styled(error.clone(), theme.error),
        None => Line::from(""),
    }];
    lines.push(Line::styled(form.note(), theme.dim));
    lines.push(Line::styled(
        format!("Saves into {}", form.path.display()),
        theme.dim,
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        at.below_rows(),
    );
}

/// Adapting, approving or starting a module: what will happen, the field, and any error.
fn curate(frame: &mut Frame, at: &DialogLayout, form: &CurateForm, theme: &Theme) {
    framed(frame, at, form.title(), theme);
    frame.render_widget(
        Paragraph::new(Line::styled(form.question(), theme.base)).wrap(Wrap { trim: false }),
        at.inner,
    );
    let below = match at.field {
        Some(field) => {
            let width = usize::from(field.width);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    visible_text(&form.input, width),
                    theme.chip_on,
                )),
                field,
            );
            set_cursor(frame, field, &form.input, 0, width);
            at.below_rows()
        }
        // Without a field the status bar says what went wrong.
        None => return,
    };
    if let Some(error) = &form.error {
        frame.render_widget(
            Paragraph::new(Line::styled(error.clone(), theme.error)).wrap(Wrap { trim: false }),
            below,
        );
    }
}

/// A lesson's activities: what each keeps in this plan, the one chosen, and how to change it.
fn activities(
    frame: &mut Frame,
    at: &DialogLayout,
    app: &App,
    item: usize,
    selected: usize,
    theme: &Theme,
) {
    framed(
        frame,
        at,
        &format!(" Activities of item {} (this plan only) ", item + 1),
        theme,
    );
    let Some(planned) = app.plan.items.get(item) else {
        return;
    };
    let Some(module) = app.library.module(&planned.module) else {
        return;
    };
    let width = usize::from(at.inner.width);
    let total = planned.minutes(module);
    let whole: u32 = module.activities.iter().map(|a| a.minutes).sum();
    let about = if total == whole {
        format!("{}: {total} min, as the module has it", module.title)
    } else {
        format!("{}: {total} of {whole} min", module.title)
    };
    frame.render_widget(
        Paragraph::new(Line::styled(fit(&about, width), theme.heading)),
        Rect {
            height: 1,
            ..at.inner
        },
    );
    for row in &at.rows {
        let Some(activity) = module.activities.get(row.index) else {
            continue;
        };
        let number = row.index + 1;
        let kept = planned.activity_minutes(module, number);
        let chosen = row.index == selected;
        let (mark, minutes) = match kept {
            None => ("[ ]", "left out".to_string()),
            Some(m) if m < activity.minutes => ("[x]", format!("{m} of {} min", activity.minutes)),
            Some(m) => ("[x]", format!("{m} min")),
        };
        let left = format!("{} {mark} {number}. ", if chosen { "▶" } else { " " });
        let title_width = width.saturating_sub(columns(&left) + 16);
        let line = format!("{left}{}{minutes:>16}", fit(&activity.title, title_width),);
        let style = if chosen {
            theme.selected
        } else if kept.is_none() {
            theme.dim
        } else {
            theme.base
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&line, width), style)),
            row.area,
        );
    }
    let help = vec![
        Line::from(""),
        Line::styled(
            "Space leave out or put back · - and + a minute less or more · Esc close",
            theme.dim,
        ),
        Line::styled("The module itself is never changed; u undoes.", theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(help).wrap(Wrap { trim: false }),
        at.below_rows(),
    );
}
