//! Drawing: a pure function of the app state. No file I/O and no searching happen here.

mod browse;
mod coverage;
pub use browse::marker as browse_marker;
pub use coverage::{progression_lines, progression_start};
mod overlays;
mod plan;
mod programme;
pub mod text;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::{App, StatusKind, View};
use super::keymap;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app.theme, app.no_color);
    frame.render_widget(Block::new().style(theme.base), area);
    if layout::is_too_small(area) {
        draw_too_small(frame, area, app, &theme);
        return;
    }
    let areas = layout::areas(area);
    draw_header(frame, areas.header, app, &theme);
    match app.view {
        View::Browse => {
            browse::draw_filters(frame, areas.filters, app, &theme);
            browse::draw_list(frame, areas.left, app, &theme);
            browse::draw_detail(frame, areas.right, app, &theme);
        }
        View::Plan => {
            plan::draw_summary(frame, areas.filters, app, &theme);
            // Dated once for both panes.
            let dated = app.dated_plan();
            plan::draw_items(frame, areas.left, app, dated.as_ref(), &theme);
            plan::draw_details(frame, areas.right, app, dated.as_ref(), &theme);
        }
        View::Coverage => coverage::draw(frame, &areas, app, &theme),
        View::Programme => programme::draw(frame, &areas, app, &theme),
    }
    draw_hints(frame, areas.hints, app, &theme);
    draw_status(frame, areas.status, app, &theme);
    overlays::draw(frame, area, app, &theme);
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let message = format!(
        "Terminal too small ({}x{}). lessonplan needs at least {MIN_WIDTH}x{MIN_HEIGHT}: make the window bigger, or {}.",
        area.width,
        area.height,
        app.keymap.press(&super::action::Action::Quit, "quit")
    );
    let paragraph = Paragraph::new(message)
        .style(theme.warning)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(paragraph, inner);
}

/// How far the Browse detail pane scrolls: until the module's last line is at the pane's bottom.
pub fn detail_scroll_limit(app: &App) -> u16 {
    let pane = layout::inside_border(layout::areas(app.size).right);
    let lines = browse::detail_text(app, pane.width, &Theme::new(app.theme, app.no_color));
    scroll_limit(lines.len(), pane.height)
}

/// How far the Plan view's details pane scrolls.
pub fn plan_details_scroll_limit(app: &App) -> u16 {
    let pane = layout::inside_border(layout::areas(app.size).right);
    let theme = Theme::new(app.theme, app.no_color);
    let lines = plan::details_text(app, app.dated_plan().as_ref(), pane.width, &theme);
    scroll_limit(lines.len(), pane.height)
}

/// How far the help screen scrolls.
pub fn help_scroll_limit(app: &App) -> u16 {
    let inner = help_inner(app.size);
    let lines = overlays::help_text(
        inner.width,
        &Theme::new(app.theme, app.no_color),
        &app.keymap,
    );
    scroll_limit(lines.len(), inner.height)
}

/// The rows of text the help screen shows at once.
pub fn help_rows(size: Rect) -> u16 {
    help_inner(size).height
}

fn help_inner(size: Rect) -> Rect {
    layout::dialog(&layout::Dialog::Help, size).inner
}

/// The scroll that puts the last of `lines` on the last of `rows`: no further is worth showing.
fn scroll_limit(lines: usize, rows: u16) -> u16 {
    u16::try_from(lines.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![Span::styled(layout::APP_NAME, theme.heading)];
    for (label, view) in layout::TABS {
        let style = if app.view == view {
            theme.tab_active
        } else {
            theme.dim
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let tabs = Line::from(spans);
    let room = usize::from(area.width).saturating_sub(tabs.width() + 1);
    frame.render_widget(Paragraph::new(tabs), area);
    // The count gives way to the tabs in a narrow window: shorter, or not at all.
    let (shown, all) = (app.hits.len(), app.library.modules.len());
    let counts = match app.load_progress.filter(|_| app.is_loading()) {
        // Every view says how far the first read has got.
        Some((read, found)) if found > 0 => [
            format!(
                "reading {} of {} modules ",
                crate::words::thousands(read),
                crate::words::thousands(found)
            ),
            format!("{}% read ", read * 100 / found),
        ],
        _ => {
            let (shown, all) = (crate::words::thousands(shown), crate::words::thousands(all));
            [
                format!("{shown} of {all} modules "),
                format!("{shown}/{all} "),
            ]
        }
    };
    let Some(count) = counts.into_iter().find(|c| text::columns(c) <= room) else {
        return;
    };
    frame.render_widget(
        Paragraph::new(count)
            .style(theme.dim)
            .alignment(Alignment::Right),
        area,
    );
}

fn draw_hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = Vec::new();
    for hint in hints_that_fit(app.keymap.hints(keymap::context(app)), area.width) {
        spans.push(Span::styled(format!(" {}", hint.key), theme.key));
        spans.push(Span::styled(format!(" {} ", hint.label), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hints that fit in `width` columns, each whole, in their order. The most important are
/// kept: once a hint does not fit, no less important one is shown either, so none shows while a
/// more important one is hidden.
fn hints_that_fit(hints: Vec<keymap::Hint>, width: u16) -> Vec<keymap::Hint> {
    let mut by_priority: Vec<usize> = (0..hints.len()).collect();
    by_priority.sort_by_key(|&i| hints[i].priority);
    let mut keep = vec![false; hints.len()];
    let mut room = usize::from(width);
    let mut left_out = None;
    for i in by_priority {
        let hint = &hints[i];
        if left_out.is_some_and(|priority| hint.priority > priority) {
            break;
        }
        // As drawn: " key" and " label ".
        let columns = text::columns(&hint.key) + text::columns(hint.label) + 3;
        if columns <= room {
            room -= columns;
            keep[i] = true;
        } else {
            left_out = Some(hint.priority);
        }
    }
    hints
        .into_iter()
        .zip(keep)
        .filter_map(|(hint, kept)| kept.then_some(hint))
        .collect()
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (text, style) = match &app.status {
        Some(status) => (
            status.text.clone(),
            match status.kind {
                StatusKind::Info => theme.base,
                StatusKind::Error => theme.error,
            },
        ),
        None => (
            format!(
                "Plan \u{201c}{}\u{201d}: {}, {} min{}",
                app.plan.title,
                crate::words::count(app.plan.items.len(), "item"),
                app.plan.total_minutes(&app.library),
                if app.plan_path.is_some() {
                    ", saved"
                } else {
                    ""
                }
            ),
            theme.dim,
        ),
    };
    let badge = layout::problems_badge(app.problem_count());
    let badge_style = if app.problem_count() > 0 {
        theme.warning
    } else {
        theme.dim
    };
    let text_width = usize::from(area.width).saturating_sub(text::columns(&badge) + 1);
    let line = Line::from(vec![
        Span::styled(text::fit(&format!(" {text}"), text_width), style),
        Span::raw(" "),
        Span::styled(badge, badge_style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// A bordered pane, highlighted when it has the keyboard.
fn pane(title: String, focused: bool, theme: &Theme) -> Block<'static> {
    Block::bordered()
        .title(Span::styled(
            title,
            if focused {
                theme.border_focused
            } else {
                theme.border
            },
        ))
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
}

#[cfg(test)]
mod tests;
