//! Popups drawn over the screen: help, problems, open plan, plan details, item note, export,
//! school details.

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
use crate::tui::app::{
    App, EXPORT_ROWS, ExportForm, ExportRow, FORM_LABELS, OpenMode, Overlay, QuitChoice,
    QuitDialog, SAVE_ROW, SCHOOL_LABELS, SchoolForm,
};
use crate::tui::keymap::{BINDINGS, Scope, key_label};
use crate::tui::layout::{self, popup};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(overlay) = &app.overlay else { return };
    match overlay {
        Overlay::Help { scroll } => help(frame, area, *scroll, theme),
        Overlay::Problems { selected } => problems(frame, area, app, *selected, theme),
        Overlay::OpenPlan(dialog) => {
            let rect = popup(area, 70, 16);
            let inner = framed(
                frame,
                rect,
                " Open a plan: Enter open · r rename · c copy · d delete · Esc close ",
                theme,
            );
            let mut lines = Vec::new();
            if let Some(error) = &dialog.error {
                lines.push(Line::styled(error.clone(), theme.error));
            }
            let title = dialog.selected_file().map_or("", |f| f.title.as_str());
            match &dialog.mode {
                OpenMode::Choosing => {}
                OpenMode::Renaming(input) => {
                    let label = "New title: ";
                    let field = usize::from(inner.width).saturating_sub(label.len());
                    lines.push(Line::from(vec![
                        Span::styled(label, theme.key),
                        Span::styled(visible_text(input, field), theme.chip_on),
                    ]));
                    set_cursor(
                        frame,
                        inner,
                        input,
                        label.len() as u16,
                        lines.len() as u16 - 1,
                        field,
                    );
                    lines.push(Line::styled(
                        "Enter renames, Esc keeps the title",
                        theme.dim,
                    ));
                }
                OpenMode::ConfirmingDelete => {
                    let width = usize::from(inner.width);
                    lines.push(Line::styled(
                        fit(&format!("Delete \u{201c}{title}\u{201d}?"), width),
                        theme.warning,
                    ));
                    lines.push(Line::styled(
                        fit(
                            &format!(
                                "It goes into {} in the plans folder and can be moved back.",
                                crate::plan::DELETED_FOLDER
                            ),
                            width,
                        ),
                        theme.dim,
                    ));
                    lines.push(Line::styled(
                        "d or Enter deletes it; any other key keeps it",
                        theme.key,
                    ));
                }
            }
            match &dialog.files {
                None => lines.push(Line::styled("Reading the plans folder…", theme.dim)),
                Some(files) if files.is_empty() => lines.push(Line::styled(
                    "No saved plans yet. Add a module to the plan and it is saved automatically.",
                    theme.dim,
                )),
                Some(files) => {
                    let rows = usize::from(inner.height).saturating_sub(lines.len()).max(1);
                    let offset = dialog.selected.saturating_sub(rows - 1);
                    for (index, file) in files.iter().enumerate().skip(offset).take(rows) {
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
                        let style = if index == dialog.selected {
                            theme.selected
                        } else {
                            theme.base
                        };
                        lines.push(Line::styled(fit(&text, usize::from(inner.width)), style));
                    }
                }
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::PlanForm(form) => {
            let rect = popup(area, 64, 12);
            let inner = framed(
                frame,
                rect,
                " Plan details (Tab next field, Enter save, Esc cancel) ",
                theme,
            );
            let bands = app.library.framework.band_ids().join(", ");
            let mut lines = Vec::new();
            let label_width = 10;
            let field_width = usize::from(inner.width).saturating_sub(label_width + 1);
            for (index, (label, input)) in FORM_LABELS.iter().zip(&form.fields).enumerate() {
                let focused = index == form.focused;
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{label:<label_width$}"),
                        if focused { theme.key } else { theme.dim },
                    ),
                    Span::styled(" ", theme.base),
                    Span::styled(
                        visible_text(input, field_width),
                        if focused { theme.chip_on } else { theme.base },
                    ),
                ]));
                if focused {
                    set_cursor(
                        frame,
                        inner,
                        input,
                        (label_width + 1) as u16,
                        lines.len() as u16 - 1,
                        field_width,
                    );
                }
            }
            lines.push(Line::from(""));
            lines.push(Line::styled(
                format!("Age band: one of {bands}, or blank"),
                theme.dim,
            ));
            if let Some(error) = &form.error {
                lines.push(Line::styled(error.clone(), theme.error));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Overlay::Export(form) => export(frame, area, form, theme),
        Overlay::Quit(dialog) => quit(frame, area, app, dialog, theme),
        Overlay::PlanProblem(problem) => {
            let rect = popup(area, 76, 14);
            let inner = framed(frame, rect, " This plan cannot be opened ", theme);
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
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Overlay::School(form) => school(frame, area, form, theme),
        Overlay::ItemNote { item, input } => {
            let rect = popup(area, 64, 6);
            let inner = framed(
                frame,
                rect,
                &format!(" Note for item {} (Enter save, Esc cancel) ", item + 1),
                theme,
            );
            let width = usize::from(inner.width);
            let lines = vec![
                Line::styled(visible_text(input, width), theme.chip_on),
                Line::styled(
                    "Shown in the teacher plan. Leave empty to remove the note.",
                    theme.dim,
                ),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
            set_cursor(frame, inner, input, 0, 0, width);
        }
    }
}

/// Quitting with unsaved changes: why they are unsaved, and the three ways on.
fn quit(frame: &mut Frame, area: Rect, app: &App, dialog: &QuitDialog, theme: &Theme) {
    let rect = popup(area, 72, 10);
    let inner = framed(frame, rect, " Quit? The plan has unsaved changes ", theme);
    let width = usize::from(inner.width);
    let changes = app.unsaved_changes();
    let mut lines = vec![
        Line::styled(
            format!(
                "{changes} change{} to \u{201c}{}\u{201d} could not be saved to its file.",
                if changes == 1 { "" } else { "s" },
                app.plan.title
            ),
            theme.base,
        ),
        Line::from(""),
    ];
    let mut cursor_row = None;
    for choice in QuitChoice::ALL {
        let chosen = choice == dialog.choice;
        let marker = if chosen { "> " } else { "  " };
        let style = if chosen { theme.selected } else { theme.base };
        lines.push(Line::styled(
            fit(&format!("{marker}{}", choice.label()), width),
            style,
        ));
        if choice == QuitChoice::SaveElsewhere {
            cursor_row = Some(lines.len() as u16);
            let field = width.saturating_sub(4);
            lines.push(Line::from(vec![
                Span::styled("    ", theme.base),
                Span::styled(visible_text(&dialog.path, field), theme.chip_on),
            ]));
        }
    }
    lines.push(Line::from(""));
    if dialog.saving {
        lines.push(Line::styled("Saving…", theme.dim));
    } else if let Some(error) = &dialog.error {
        lines.push(Line::styled(error.clone(), theme.error));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let (Some(row), QuitChoice::SaveElsewhere) = (cursor_row, dialog.choice) {
        set_cursor(frame, inner, &dialog.path, 4, row, width.saturating_sub(4));
    }
}

/// Clears `rect` and draws a dialog's border and title there; returns the room inside.
fn framed(frame: &mut Frame, rect: Rect, title: &str, theme: &Theme) -> Rect {
    let block = bordered(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    uncover_left_edge(frame.buffer_mut(), rect);
    frame.render_widget(block, rect);
    inner
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

fn set_cursor(frame: &mut Frame, inner: Rect, input: &Input, dx: u16, dy: u16, width: usize) {
    let scroll = input.visual_scroll(width.max(1));
    let x = inner.x + dx + (input.visual_cursor().saturating_sub(scroll)) as u16;
    let y = inner.y + dy;
    if x < inner.x + inner.width && y < inner.y + inner.height {
        frame.set_cursor_position((x, y));
    }
}

fn help(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let inner = framed(
        frame,
        layout::help(area),
        " Keys (Esc to close, ↑↓ to scroll) ",
        theme,
    );
    let lines = help_text(inner.width, theme);
    let scroll = scroll.min(scroll_limit(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// Every key and mark with what it does, wrapped to `width` columns with the descriptions in a
/// column of their own: what the help screen scrolls through.
pub fn help_text(width: u16, theme: &Theme) -> Vec<Line<'static>> {
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
    for scope in [Scope::Browse, Scope::Plan, Scope::Main, Scope::Dialog] {
        lines.push(Line::styled(scope.title(), theme.heading));
        for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = binding.keys.iter().map(key_label).collect();
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
            "Mouse: click a row to select it, scroll to move, click a tab to switch.",
            theme.dim,
        ),
    ];
    lines.extend(wrap(notes.to_vec(), width));
    lines
}

fn problems(frame: &mut Frame, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let rect = popup(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let title = format!(
        " Problems in the library files ({}) · Esc to close ",
        app.library.diagnostics.len()
    );
    let inner = framed(frame, rect, &title, theme);
    if app.library.diagnostics.is_empty() {
        frame.render_widget(
            Paragraph::new("No problems: every file loaded cleanly.").style(theme.base),
            inner,
        );
        return;
    }
    let mut lines = Vec::new();
    let mut selected_line = 0;
    for (index, d) in app.library.diagnostics.iter().enumerate() {
        let style = match d.severity {
            Severity::Error => theme.error,
            Severity::Warning => theme.warning,
            Severity::Note => theme.dim,
        };
        if index == selected {
            selected_line = lines.len();
        }
        let headline = Line::styled(
            d.headline(),
            if index == selected {
                theme.selected
            } else {
                style
            },
        );
        lines.push(headline);
        if let Some(hint) = &d.hint {
            for hint_line in hint.lines() {
                lines.push(Line::styled(format!("    help: {hint_line}"), theme.base));
            }
        }
    }
    let rows = usize::from(inner.height).max(1);
    let scroll = selected_line.saturating_sub(rows / 2);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        inner,
    );
}

fn export(frame: &mut Frame, area: Rect, form: &ExportForm, theme: &Theme) {
    let rect = popup(area, 72, 19);
    let inner = framed(
        frame,
        rect,
        " Export handouts (Enter export, Esc cancel) ",
        theme,
    );
    let label_width = 22;
    let field_width = usize::from(inner.width).saturating_sub(label_width + 1);
    let mut lines = Vec::new();
    for (index, row) in EXPORT_ROWS.iter().enumerate() {
        let focused = index == form.focused;
        // The focus is marked with a pointer as well as colour, for NO_COLOR and monochrome.
        let pointer = if focused { "▶ " } else { "  " };
        let value = match row {
            ExportRow::Path => visible_text(&form.path, field_width),
            ExportRow::Handout(_)
            | ExportRow::LargePrint
            | ExportRow::SessionPerPage
            | ExportRow::ReplySlip
            | ExportRow::SkipMissing
            | ExportRow::School => fit(&form.value(*row), field_width),
            _ => format!("‹ {} ›", form.value(*row)),
        };
        lines.push(Line::from(vec![
            Span::styled(
                fit(
                    &format!("{pointer}{}", ExportForm::label(*row)),
                    label_width,
                ),
                if focused { theme.key } else { theme.dim },
            ),
            Span::styled(" ", theme.base),
            Span::styled(value, if focused { theme.chip_on } else { theme.base }),
        ]));
        if focused && *row == ExportRow::Path {
            set_cursor(
                frame,
                inner,
                &form.path,
                (label_width + 1) as u16,
                lines.len() as u16 - 1,
                field_width,
            );
        }
    }
    lines.push(Line::from(""));
    let note = if form.options.format == crate::export::Format::Markdown {
        "Markdown ignores paper and large print: set them in your word processor."
    } else {
        "Pupils see services for their age; the letter lists services for parents."
    };
    lines.push(Line::styled(note, theme.dim));
    if let Some(error) = &form.error {
        lines.push(Line::styled(error.clone(), theme.error));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn school(frame: &mut Frame, area: Rect, form: &SchoolForm, theme: &Theme) {
    let rect = popup(area, 76, 18);
    let inner = framed(
        frame,
        rect,
        " School details (Enter next, Ctrl-S save, Esc cancel) ",
        theme,
    );
    let label_width = 16;
    let field_width = usize::from(inner.width).saturating_sub(label_width + 1);
    let mut lines = Vec::new();
    for (index, (label, input)) in SCHOOL_LABELS.iter().zip(&form.fields).enumerate() {
        let focused = index == form.focused;
        // The focus is marked with a pointer as well as colour, for NO_COLOR and monochrome.
        let pointer = if focused { "▶ " } else { "  " };
        lines.push(Line::from(vec![
            Span::styled(
                fit(&format!("{pointer}{label}"), label_width),
                if focused { theme.key } else { theme.dim },
            ),
            Span::styled(" ", theme.base),
            Span::styled(
                visible_text(input, field_width),
                if focused { theme.chip_on } else { theme.base },
            ),
        ]));
    }
    let on_save = form.focused == SAVE_ROW;
    lines.push(Line::from(vec![
        Span::styled(
            if on_save { "▶ " } else { "  " },
            if on_save { theme.key } else { theme.dim },
        ),
        Span::styled(
            "[ Save ]",
            if on_save { theme.selected } else { theme.base },
        ),
    ]));
    // Why a save failed comes first, where the eye is; then what the focused field is for.
    match &form.error {
        Some(error) => lines.push(Line::styled(error.clone(), theme.error)),
        None => lines.push(Line::from("")),
    }
    lines.push(Line::styled(form.note(), theme.dim));
    lines.push(Line::styled(
        format!("Saves into {}", form.path.display()),
        theme.dim,
    ));
    // On a short screen the rows scroll so that the focused one stays in view.
    let rows = usize::from(inner.height).max(1);
    let scroll = form.focused.saturating_sub(rows - 1);
    if let Some(input) = form.fields.get(form.focused) {
        set_cursor(
            frame,
            inner,
            input,
            (label_width + 1) as u16,
            u16::try_from(form.focused - scroll).unwrap_or(u16::MAX),
            field_width,
        );
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        inner,
    );
}
